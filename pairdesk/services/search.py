"""Finding participants: the folded search text kept beside each of them, and the WHERE
clause for what a user types in a search box (DESIGN.md "Search").

``search_text`` (first and last name, pseudonym, city and the names of the referents of
their schemes) is indexed by the FTS5 trigram table ``participant_fts``, kept in step by
triggers. ``sort_name`` holds the folded "last first" so that "Éric" sorts with "E".
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from sqlalchemy import ColumnElement, and_, column, select, text
from sqlalchemy.orm import Session

from pairdesk.domain.text import clean_line, fold, search_text, sort_name
from pairdesk.store.models import Participant, ParticipantScheme, Referent

#: Search terms shorter than this use LIKE; the trigram index needs three characters.
FTS_MIN_TERM = 3


def refresh_search_text(session: Session, participant_ids: Iterable[int]) -> None:
    """Recompute ``search_text`` and ``sort_name`` of these participants (same transaction).

    Other services call this after changing what the text is built from (a referent's name).
    """
    for participant_id in set(participant_ids):
        participant = session.get(Participant, participant_id)
        if participant is not None:
            refresh_participant_search(session, participant)


def search_columns(participant: Participant, referent_names: Iterable[str] = ()) -> tuple[str, str]:
    """``(search_text, sort_name)`` of a participant whose schemes have these referents."""
    return (
        search_text(
            participant.first_name,
            participant.last_name,
            participant.pseudonym,
            participant.city,
            *referent_names,
        ),
        sort_name(participant.last_name, participant.first_name),
    )


def refresh_participant_search(session: Session, participant: Participant) -> None:
    """Recompute one participant's ``search_text`` and ``sort_name`` (same transaction)."""
    session.flush()
    referent_names = session.scalars(
        select(Referent.name)
        .join(ParticipantScheme, ParticipantScheme.referent_id == Referent.id)
        .where(ParticipantScheme.participant_id == participant.id)
        .order_by(ParticipantScheme.id)
    ).all()
    new_text, new_sort = search_columns(participant, referent_names)
    if participant.search_text != new_text:
        participant.search_text = new_text
    if participant.sort_name != new_sort:
        participant.sort_name = new_sort


# -- the search box ----------------------------------------------------------------------


def _query_terms(query: str) -> list[str]:
    """Folded search terms: control characters and lone surrogates dropped."""
    cleaned = "".join(
        c for c in clean_line(query) if unicodedata.category(c) not in {"Cs", "Co", "Cn"}
    )
    return fold(cleaned).split()


def _fts_phrase(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def like_pattern(term: str) -> str:
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def search_condition(query: str) -> ColumnElement[bool] | None:
    """The WHERE clause for a search box text, or None when it holds no term."""
    terms = _query_terms(query)
    if not terms:
        return None
    conditions: list[ColumnElement[bool]] = []
    long_terms = [t for t in terms if len(t) >= FTS_MIN_TERM]
    if long_terms:
        fts = (
            text("SELECT rowid FROM participant_fts WHERE participant_fts MATCH :fts_query")
            .bindparams(fts_query=" ".join(_fts_phrase(t) for t in long_terms))
            .columns(column("rowid"))
        )
        conditions.append(Participant.id.in_(fts))
    for term in terms:
        if len(term) < FTS_MIN_TERM:
            conditions.append(Participant.search_text.like(like_pattern(term), escape="\\"))
    return and_(*conditions)

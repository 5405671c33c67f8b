"""Finding participants: the folded search text kept beside each of them, and the WHERE
clause for what a user types in a search box (DESIGN.md "Search").

``search_text`` (first and last name, pseudonym, city and the names of the referents of
their schemes) is indexed by the FTS5 trigram table ``participant_fts``, kept in step by
triggers, in a file vault; on a server, by a ``pg_trgm`` GIN index that answers ``LIKE``
on the same folded column (migration 0001), so both give the same participants. ``sort_name`` holds the folded "last first" so that "Éric" sorts with "E".
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Boolean, ColumnElement, and_, literal, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.expression import FunctionElement

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


class _TrigramMatch(FunctionElement[bool]):
    """Participants whose folded text holds every long term: FTS5's ``MATCH`` in a file
    vault; on PostgreSQL, ``LIKE`` per term, which the trigram GIN index answers. Its
    arguments are bound values (the FTS5 query, then one LIKE pattern per term), so the
    statement around it stays in SQLAlchemy's compiled cache."""

    type = Boolean()
    name = "trigram_match"
    inherit_cache = True


def _trigram_match(terms: list[str]) -> _TrigramMatch:
    fts_query = " ".join(_fts_phrase(t) for t in terms)
    return _TrigramMatch(literal(fts_query), *(literal(like_pattern(t)) for t in terms))


@compiles(_TrigramMatch)
def _match_fts5(element: _TrigramMatch, compiler: SQLCompiler, **kw: Any) -> str:
    fts_query = compiler.process(element.clauses.clauses[0], **kw)
    participant_id = compiler.process(Participant.__table__.c.id, **kw)
    return (
        f"{participant_id} IN "
        f"(SELECT rowid FROM participant_fts WHERE participant_fts MATCH {fts_query})"
    )


@compiles(_TrigramMatch, "postgresql")
def _match_trigram(element: _TrigramMatch, compiler: SQLCompiler, **kw: Any) -> str:
    search = compiler.process(Participant.__table__.c.search_text, **kw)
    patterns = [compiler.process(p, **kw) for p in element.clauses.clauses[1:]]
    return "(" + " AND ".join(f"{search} LIKE {pattern} ESCAPE '\\'" for pattern in patterns) + ")"


def _contains(term: str) -> ColumnElement[bool]:
    return Participant.search_text.like(like_pattern(term), escape="\\")


def search_condition(query: str) -> ColumnElement[bool] | None:
    """The WHERE clause for a search box text, or None when it holds no term."""
    terms = _query_terms(query)
    if not terms:
        return None
    conditions: list[ColumnElement[bool]] = []
    long_terms = [t for t in terms if len(t) >= FTS_MIN_TERM]
    if long_terms:
        conditions.append(_trigram_match(long_terms))
    for term in terms:
        if len(term) < FTS_MIN_TERM:
            conditions.append(_contains(term))
    return and_(*conditions)

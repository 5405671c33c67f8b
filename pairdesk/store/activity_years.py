"""The days each participant was active, a row per person and year, kept beside the records
at every write (``activity_year``, migration 0015; issue 12).

The year's indicators count the participants active in the period. Reading every record
that makes someone active (pathway events, self-assessments, mock interviews, offer shares,
attendances) took about 120 ms of a year's computation at 50,000 participants, for some
400,000 entries. Here each person's active days are kept as bits
(:mod:`pairdesk.domain.activity_days`), so that the period's participants are one row per
person and year, chosen by a condition on the row.

The rows are derived, never edited: whenever a flush writes one of those records, or a
workshop (its day, its cancellation) or a contract (deleting one deletes its pathway events
by a statement the ORM does not see), every row of the people concerned is computed again
from their records, in the same transaction (``after_flush``, on every session of every
engine). Writes that bypass the ORM call :func:`refresh_activity` themselves (the demo and
migration 0015 compute them all). A property test compares the rows with a full
recomputation after random writes (tests/services/test_activity_years.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

from sqlalchemy import ColumnElement, Connection, Select, delete, event, false, insert, select
from sqlalchemy.orm import Session, UOWTransaction, sessionmaker
from sqlalchemy.orm.attributes import get_history

from pairdesk.domain.activity_days import year_words
from pairdesk.domain.enums import Attendance
from pairdesk.store.models import (
    ActivityYearRow,
    Contract,
    MockInterview,
    OfferShare,
    PathwayEvent,
    Registration,
    SelfAssessment,
    Workshop,
)

__all__ = ["activity_values", "keep_activity", "refresh_activity"]

#: People computed per statement: few enough for a parameter list, many for a full rebuild.
_BATCH = 500
#: Rows inserted per statement in a full rebuild.
_INSERT_BATCH = 5_000

#: The dated records that make their participant active on their day.
_DATED = (
    (PathwayEvent, PathwayEvent.occurred_on),
    (SelfAssessment, SelfAssessment.assessed_on),
    (MockInterview, MockInterview.held_on),
    (OfferShare, OfferShare.shared_on),
)


def activity_values(participant_id: int, year: int, words: tuple[int, ...]) -> dict[str, Any]:
    """The columns of ``activity_year`` for one person's year."""
    return {"participant_id": participant_id, "year": year} | {
        f"w{index}": word for index, word in enumerate(words)
    }


def _active_days(people: list[int] | None) -> list[Select[int, dt.date]]:
    """What makes someone active on a day, each as ``(participant_id, day)``: attendance
    marked present at a workshop not cancelled (whether held yet or not: the indicators ask
    up to their day), and every dated record."""

    def of(column: Any) -> list[ColumnElement[bool]]:
        return [] if people is None else [column.in_(people)]

    present = (
        select(Registration.participant_id, Workshop.held_on)
        .join(Workshop, Workshop.id == Registration.workshop_id)
        .where(
            Registration.attendance == Attendance.PRESENT.value,
            Workshop.cancelled == false(),
            *of(Registration.participant_id),
        )
    )
    return [
        *(
            select(model.participant_id, on).where(*of(model.participant_id))
            for model, on in _DATED
        ),
        present,
    ]


def _rows(connection: Connection, people: list[int] | None) -> list[dict[str, Any]]:
    days: dict[int, list[dt.date]] = {}
    for query in _active_days(people):
        for pid, day in connection.execute(query):
            days.setdefault(pid, []).append(day)
    return [
        activity_values(pid, year, words)
        for pid, person_days in sorted(days.items())
        for year, words in sorted(year_words(person_days).items())
    ]


def _batches(ids: Iterable[int]) -> Iterator[list[int]]:
    iterator = iter(sorted(set(ids)))
    while batch := list(islice(iterator, _BATCH)):
        yield batch


_ROLES_KEY = "pairdesk.activity_years.server_roles"


def _on_server_with_roles(connection: Connection) -> bool:
    """Whether the rows are written by the server's ``refresh_activity``: on PostgreSQL with
    pairdesk's roles, the login that wrote may not read the person's other records, which
    the rows are computed from (``store.server_roles``). Asked once per connection."""
    if connection.dialect.name != "postgresql":
        return False
    if _ROLES_KEY not in connection.info:
        from pairdesk.store import server_roles

        connection.info[_ROLES_KEY] = server_roles.installed(connection)
    return bool(connection.info[_ROLES_KEY])


def refresh_activity(connection: Connection, participant_ids: Iterable[int] | None = None) -> int:
    """Compute again the rows of these participants (of everyone when ``None``, by the
    vault's owner) from their records; returns the number of rows written (of people, on a
    server with roles)."""
    if participant_ids is None:
        connection.execute(delete(ActivityYearRow))
        rows = _rows(connection, None)
        for first in range(0, len(rows), _INSERT_BATCH):
            connection.execute(insert(ActivityYearRow), rows[first : first + _INSERT_BATCH])
        return len(rows)
    if _on_server_with_roles(connection):
        from pairdesk.store import server_roles

        people = sorted(set(participant_ids))
        for pid in people:
            server_roles.refresh_activity(connection, pid)
        return len(people)
    written = 0
    for batch in _batches(participant_ids):
        connection.execute(delete(ActivityYearRow).where(ActivityYearRow.participant_id.in_(batch)))
        rows = _rows(connection, batch)
        if rows:
            connection.execute(insert(ActivityYearRow), rows)
            written += len(rows)
    return written


def _people_written(session: Session) -> set[int]:
    """The participants whose activity this flush may change: the people of the dated
    records, registrations and contracts it adds, changes or deletes (a changed
    ``participant_id`` counts for both people), and those registered at the workshops it
    changes (those of the workshops it deletes are read before it, :func:`_before_flush`)."""
    people: set[int] = set()
    workshop_ids: set[int] = set()
    tracked = (*(model for model, _on in _DATED), Registration, Contract)
    for instance in (*session.new, *session.dirty, *session.deleted):
        if isinstance(instance, tracked):
            history = get_history(instance, "participant_id")
            people.update(pid for pid in history.sum() if pid is not None)
        elif isinstance(instance, Workshop) and instance.id is not None:
            workshop_ids.add(instance.id)
    if workshop_ids:
        people.update(
            session.connection().scalars(
                select(Registration.participant_id).where(
                    Registration.workshop_id.in_(workshop_ids)
                )
            )
        )
    return people


#: ``session.info``'s key for the people registered at the workshops a flush deletes.
_DELETED_WORKSHOPS = "pairdesk.activity_years.deleted_workshops"


def _before_flush(session: Session, _flush: UOWTransaction, _instances: object) -> None:
    """Remember who was registered at the workshops this flush deletes: after it, the
    database's cascade has taken their registrations."""
    deleted = [w.id for w in session.deleted if isinstance(w, Workshop) and w.id is not None]
    if deleted:
        session.info.setdefault(_DELETED_WORKSHOPS, set()).update(
            session.connection().scalars(
                select(Registration.participant_id).where(Registration.workshop_id.in_(deleted))
            )
        )


def _after_flush(session: Session, _flush: UOWTransaction) -> None:
    people = _people_written(session) | session.info.pop(_DELETED_WORKSHOPS, set())
    if people:
        refresh_activity(session.connection(), people)


def keep_activity(sessions: sessionmaker[Session]) -> None:
    """Keep ``activity_year`` up to date in every session ``sessions`` makes (each engine's
    session factory calls this once)."""
    event.listen(sessions, "before_flush", _before_flush)
    event.listen(sessions, "after_flush", _after_flush)

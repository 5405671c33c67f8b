"""Each self-assessment's progress since its person's first one, kept beside the records at
every write (``assessment_progress``, migration 0014; issue 12).

The year's indicators compare each person's earliest self-assessment with their latest one
in the period. Pairing them at each computation meant two look-ups and a dozen ratings per
person: at 50,000 participants, more than half a second. Here each assessment carries its
change since the person's earliest and the date of their next one
(:func:`pairdesk.domain.indicators.assessment_progress`, the one rule), so that the period's
changes are one row per person, chosen by a condition on the row itself.

The rows are derived, never edited: whenever a flush writes a self-assessment or a rating,
every row of that person is computed again from their records, in the same transaction
(``after_flush``, on every session of every engine). Writes that bypass the ORM call
:func:`refresh_progress` themselves (the demo writes the rows it computes, migration 0014
computes them all). A property test compares the rows with a full recomputation after
random writes (tests/services/test_perf_paths.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

from sqlalchemy import Connection, delete, event, insert, select
from sqlalchemy.orm import Session, UOWTransaction, sessionmaker
from sqlalchemy.orm.attributes import get_history

from pairdesk.domain.enums import AssessmentDomain
from pairdesk.domain.indicators import AssessmentProgress, AssessmentRecord, assessment_progress
from pairdesk.store.models import AssessmentProgressRow, SelfAssessment, SelfAssessmentRating

#: People computed per statement: few enough for a parameter list, many for a full rebuild.
_BATCH = 500
_DOMAINS = tuple(domain.value for domain in AssessmentDomain)


def progress_values(row: AssessmentProgress) -> dict[str, Any]:
    """The columns of ``assessment_progress`` for one computed row."""
    values: dict[str, Any] = {
        "self_assessment_id": row.assessment_id,
        "participant_id": row.participant_id,
        "assessed_on": row.assessed_on,
        "next_on": row.next_on,
        "rated": row.rated,
        "total": row.total,
    }
    values.update({domain: row.deltas.get(domain) for domain in _DOMAINS})
    return values


def _batches(ids: Iterable[int]) -> Iterator[list[int]]:
    iterator = iter(sorted(set(ids)))
    while batch := list(islice(iterator, _BATCH)):
        yield batch


def refresh_progress(connection: Connection, participant_ids: Iterable[int] | None = None) -> int:
    """Compute again the rows of these participants (of everyone when ``None``) from their
    self-assessments and ratings; returns the number of rows written."""
    if participant_ids is None:
        connection.execute(delete(AssessmentProgressRow))
        participant_ids = connection.scalars(select(SelfAssessment.participant_id).distinct()).all()
    written = 0
    for batch in _batches(participant_ids):
        connection.execute(
            delete(AssessmentProgressRow).where(AssessmentProgressRow.participant_id.in_(batch))
        )
        records: dict[int, tuple[int, Any, dict[str, int]]] = {}
        for aid, pid, on, domain, rating in connection.execute(
            select(
                SelfAssessment.id,
                SelfAssessment.participant_id,
                SelfAssessment.assessed_on,
                SelfAssessmentRating.domain,
                SelfAssessmentRating.rating,
            )
            .outerjoin(
                SelfAssessmentRating, SelfAssessmentRating.self_assessment_id == SelfAssessment.id
            )
            .where(SelfAssessment.participant_id.in_(batch))
        ):
            ratings = records.setdefault(aid, (pid, on, {}))[2]
            if domain is not None:
                ratings[domain] = rating
        rows = [
            progress_values(row)
            for row in assessment_progress(
                AssessmentRecord(aid, pid, on, ratings)
                for aid, (pid, on, ratings) in records.items()
            )
        ]
        if rows:
            connection.execute(insert(AssessmentProgressRow), rows)
            written += len(rows)
    return written


def _people_written(session: Session) -> set[int]:
    """The participants whose self-assessments or ratings this flush adds, changes or
    deletes (a changed ``participant_id`` counts for both people)."""
    people: set[int] = set()
    assessment_ids: set[int] = set()
    for instance in (*session.new, *session.dirty, *session.deleted):
        if isinstance(instance, SelfAssessment):
            history = get_history(instance, "participant_id")
            people.update(pid for pid in history.sum() if pid is not None)
        elif isinstance(instance, SelfAssessmentRating):
            history = get_history(instance, "self_assessment_id")
            assessment_ids.update(aid for aid in history.sum() if aid is not None)
    if assessment_ids:
        people.update(
            session.connection().scalars(
                select(SelfAssessment.participant_id).where(SelfAssessment.id.in_(assessment_ids))
            )
        )
    return people


def _after_flush(session: Session, _flush: UOWTransaction) -> None:
    people = _people_written(session)
    if people:
        refresh_progress(session.connection(), people)


def keep_progress(sessions: sessionmaker[Session]) -> None:
    """Keep ``assessment_progress`` up to date in every session ``sessions`` makes (each
    engine's session factory calls this once)."""
    event.listen(sessions, "after_flush", _after_flush)

"""Shared indicators over a period: the database reduces each person's records to the
facts the rules ask of them, the domain counts.

The rules live in :mod:`pairdesk.domain.indicators` (see its docstrings and DESIGN.md).
Workshops, registrations, contracts, retention checks and employers are few and read as
plain records, to which the domain applies its rules; for what grows with the number of
people (memberships, activities, goals, self-assessments), SQL answers the same questions
as :func:`pairdesk.domain.indicators.facts_from_records` would on every row, from indexes
made for it (migration 0013), without sorting: at 50,000 participants, reading every row
and reducing it in Python took seconds (bench/README.md). A test compares both ways on
random vaults, on both engines. Reading aggregate figures holds no personal data and
changes nothing, so no audit line is written.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Select,
    and_,
    case,
    false,
    func,
    literal,
    or_,
    select,
)
from sqlalchemy.orm import InstrumentedAttribute, Session, aliased

from pairdesk.domain.enums import AssessmentDomain, Attendance
from pairdesk.domain.indicators import (
    RETENTION_INDICATOR_MONTHS,
    AssessmentChange,
    ContractRecord,
    EmployerRecord,
    IndicatorFacts,
    IndicatorReport,
    IndicatorValue,
    RegistrationRecord,
    RetentionCheckRecord,
    WorkshopRecord,
    report_from_facts,
    retention_scope_start,
)
from pairdesk.domain.validation import required_period
from pairdesk.services.context import ServiceContext
from pairdesk.store.models import (
    Contract,
    Employer,
    Goal,
    MockInterview,
    OfferShare,
    Participant,
    PathwayEvent,
    Registration,
    RetentionCheck,
    SelfAssessment,
    SelfAssessmentRating,
    Workshop,
)

__all__ = ["IndicatorReport", "IndicatorValue", "compute_indicators", "load_indicator_facts"]

#: the rating domains, in the order of ``assessment_changes_query``'s sums per domain
_DOMAINS = tuple(domain.value for domain in AssessmentDomain)


def compute_indicators(ctx: ServiceContext, start: dt.date, end: dt.date) -> IndicatorReport:
    """Every shared indicator for ``[start, end]``, both days included, as known on
    ``ctx.today()`` (a workshop dated after today is planned, not held).

    Raises ``InvalidInput`` when a date is missing, out of range, or ``end < start``."""
    start, end = required_period(start, end)
    with ctx.transaction() as session:
        facts = load_indicator_facts(session, start, end, today=ctx.today())
    return report_from_facts(facts, start, end, today=ctx.today())


def load_indicator_facts(
    session: Session, start: dt.date, end: dt.date, *, today: dt.date
) -> IndicatorFacts:
    """The facts of ``[start, end]`` as known on ``today``, read inside the caller's
    transaction: what :func:`pairdesk.domain.indicators.facts_from_records` gives from every
    record, asked of the database."""
    session.flush()  # the Core reads below bypass the ORM's autoflush
    connection = session.connection()
    new_members, members_at_end = _member_counts(connection, start, end)
    contracts, checks = _contracts_and_checks(connection, start, end)
    return IndicatorFacts(
        new_members=new_members,
        members_at_end=members_at_end,
        active={
            pid: bool(has_goal)
            for pid, has_goal in connection.execute(_active_with_goal(start, end, today))
        },
        workshops=[
            WorkshopRecord(wid, kind, held_on, bool(cancelled), reached)
            for wid, kind, held_on, cancelled, reached in connection.execute(
                select(
                    Workshop.id,
                    Workshop.kind,
                    Workshop.held_on,
                    Workshop.cancelled,
                    Workshop.employees_reached,
                ).where(Workshop.held_on.between(start, end))
            )
        ],
        registrations=[
            RegistrationRecord(wid, pid, attendance, satisfaction)
            for wid, pid, attendance, satisfaction in connection.execute(
                select(
                    Registration.workshop_id,
                    Registration.participant_id,
                    Registration.attendance,
                    Registration.satisfaction,
                )
                .join(Workshop, Workshop.id == Registration.workshop_id)
                .where(Workshop.held_on.between(start, end))
            )
        ],
        contracts=contracts,
        retention_checks=checks,
        assessment_changes=_assessment_changes(connection, start, end, today),
        employers=[
            EmployerRecord(eid, created_on)
            for eid, created_on in connection.execute(
                select(Employer.id, Employer.created_on).where(
                    Employer.created_on.between(start, end)
                )
            )
        ],
    )


def _count_where(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def _member_counts(connection: Connection, start: dt.date, end: dt.date) -> tuple[int, int]:
    """``new_member_count`` and ``members_at_end_count``, in one pass over the index of
    membership dates."""
    began, ended = Participant.membership_start, Participant.membership_end
    row = connection.execute(
        select(
            _count_where(began.between(start, end)),
            _count_where(and_(began <= end, or_(ended.is_(None), ended > end))),
        )
    ).one()
    return int(row[0]), int(row[1])


def _active_with_goal(start: dt.date, end: dt.date, today: dt.date) -> Select[int, bool]:
    """Each active participant (``active_participant_ids``: present at a workshop held in
    the period, or a pathway event, mock interview, offer share or self-assessment dated in
    the period and by ``today``) with whether a goal of theirs was open or reached during
    the period (``goal_open_during``). Every question is one look into an index by
    participant and date."""
    up_to = min(end, today)
    dated: tuple[tuple[InstrumentedAttribute[int], InstrumentedAttribute[dt.date]], ...] = (
        (PathwayEvent.participant_id, PathwayEvent.occurred_on),
        (SelfAssessment.participant_id, SelfAssessment.assessed_on),
        (MockInterview.participant_id, MockInterview.held_on),
        (OfferShare.participant_id, OfferShare.shared_on),
    )
    activity = [
        _any().where(pid == Participant.id, on.between(start, up_to)).exists() for pid, on in dated
    ]
    present = (
        _any()
        .where(
            Registration.participant_id == Participant.id,
            Registration.attendance == Attendance.PRESENT.value,
            Workshop.id == Registration.workshop_id,
            Workshop.held_on.between(start, up_to),
            Workshop.cancelled == false(),
        )
        .exists()
    )
    goal = (
        _any()
        .where(
            Goal.participant_id == Participant.id,
            Goal.opened_on <= end,
            or_(Goal.closed_on.is_(None), Goal.closed_on >= start),
        )
        .exists()
    )
    return select(Participant.id, goal).where(or_(*activity, present))


def _any() -> Select[int]:
    """``SELECT 1``, for an ``EXISTS`` that SQLite answers from an index alone (with
    ``SELECT *`` its plan read each row from the table as well)."""
    return select(literal(1))


def _contracts_and_checks(
    connection: Connection, start: dt.date, end: dt.date
) -> tuple[list[ContractRecord], list[RetentionCheckRecord]]:
    """The contracts started in the period, and those whose retention milestones may fall
    in it (``retention_scope_start``), with their retention checks."""
    started = Contract.started_on.between(retention_scope_start(start), end)
    contracts = [
        ContractRecord(cid, pid, kind, started_on, planned_end_on, ended_on, employer_id)
        for cid, pid, kind, started_on, planned_end_on, ended_on, employer_id in connection.execute(
            select(
                Contract.id,
                Contract.participant_id,
                Contract.contract_type,
                Contract.started_on,
                Contract.planned_end_on,
                Contract.ended_on,
                Contract.employer_id,
            ).where(started)
        )
    ]
    checks = [
        RetentionCheckRecord(cid, months, bool(employed))
        for cid, months, employed in connection.execute(
            select(RetentionCheck.contract_id, RetentionCheck.months, RetentionCheck.employed)
            .join(Contract, Contract.id == RetentionCheck.contract_id)
            .where(started, RetentionCheck.months.in_(RETENTION_INDICATOR_MONTHS))
        )
    ]
    return contracts, checks


def _assessment_changes(
    connection: Connection, start: dt.date, end: dt.date, today: dt.date
) -> list[AssessmentChange]:
    """``assessment_changes``, from :func:`assessment_changes_query`."""
    return [
        AssessmentChange(
            pid,
            {domain: d for domain, d in zip(_DOMAINS, deltas, strict=True) if d is not None},
            int(total),
            rated,
        )
        for pid, total, rated, *deltas in connection.execute(
            assessment_changes_query(start, end, today)
        )
    ]


def assessment_changes_query(
    start: dt.date, end: dt.date, today: dt.date
) -> Select[tuple[Any, ...]]:
    """The rows of ``assessment_changes``: each participant's earliest assessment and their
    latest one dated by ``end`` and ``today``, when that one is in the period and is
    another, with the deltas of the domains rated in both, summed per participant.

    Both assessments are one look each into the index by participant and date, from the
    participants in the order of their ids, so that the sums per participant need no sort.
    Measured at 50,000 participants (bench/README.md): the former pairing by window
    functions took about 200 ms, and its sum per participant, sorted in a temporary B-tree
    that SQLCipher's memory security locks page by page, 900 ms where plain SQLite took 450.
    Most of the time is now the join with the ratings, one index lookup per rating; summing
    there sends Python 32,000 rows instead of 194,000."""
    by_person = SelfAssessment.participant_id == Participant.id
    earliest_id = (
        select(SelfAssessment.id)
        .where(by_person)
        .order_by(SelfAssessment.assessed_on, SelfAssessment.id)
        .limit(1)
        .scalar_subquery()
    )
    latest_id = (
        select(case((SelfAssessment.assessed_on >= start, SelfAssessment.id)))
        .where(by_person, SelfAssessment.assessed_on <= min(end, today))
        .order_by(SelfAssessment.assessed_on.desc(), SelfAssessment.id.desc())
        .limit(1)
        .scalar_subquery()
    )  # NULL when the latest by ``end`` and ``today`` is before the period
    pairs = (
        select(
            Participant.id.label("participant_id"),
            earliest_id.label("earliest_id"),
            latest_id.label("latest_id"),
        )
        # Neither engine may fold the pairs into the join, which would evaluate each look-up
        # wherever its result is used: SQLite did so up to eight times a person. OFFSET 0
        # keeps SQLite from folding, so that it reads the pairs as it goes, in the order of
        # the ids, which the sums per participant then follow without a sort; PostgreSQL
        # keeps them apart when told so.
        .order_by(Participant.id)
        .offset(0)
        .cte("pairs")
        .prefix_with("MATERIALIZED", dialect="postgresql")
    )
    earliest, latest = aliased(SelfAssessmentRating), aliased(SelfAssessmentRating)
    delta = latest.rating - earliest.rating
    return (
        select(
            pairs.c.participant_id,
            func.sum(delta),
            func.count(),
            *(func.sum(case((earliest.domain == domain, delta))) for domain in _DOMAINS),
        )
        .join(earliest, earliest.self_assessment_id == pairs.c.earliest_id)
        .join(
            latest,
            and_(latest.self_assessment_id == pairs.c.latest_id, latest.domain == earliest.domain),
        )
        .where(pairs.c.latest_id != pairs.c.earliest_id)
        .group_by(pairs.c.participant_id)
        .order_by(pairs.c.participant_id)
    )

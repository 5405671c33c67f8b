"""Shared indicators over a period: the database reduces each person's records to the
facts the rules ask of them, the domain counts.

The rules live in :mod:`pairdesk.domain.indicators` (see its docstrings and DESIGN.md).
Workshops, registrations, job starts and retention checks are few and read as plain
records, to which the domain applies its rules. For what grows with the number of people
(memberships, active participants and their goals, contracts started, self-assessments),
SQL answers the same questions as :func:`pairdesk.domain.indicators.facts_from_records`
would on every row and hands back counts, or the few rows the domain still counts: passes
over indexes made for it (migrations 0013, 0014, 0017 and 0018), over summaries kept at
every write (each person's active days, ``pairdesk.store.activity_years``; each
self-assessment's progress, ``pairdesk.store.assessment_progress``; what the rules say of
each contract, ``pairdesk.store.contract_rules``), and look-ups by key, without sorting.
At 50,000 participants, reading every row and reducing it in Python took seconds, reading
the active participants' ids to match them in Python a hundred milliseconds
(bench/README.md). A test compares both ways on random vaults, on both engines. Reading
aggregate figures holds no personal data and changes nothing, so no audit line is
written.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    ColumnElement,
    CompoundSelect,
    Connection,
    Select,
    and_,
    case,
    exists,
    false,
    func,
    or_,
    select,
    union,
)
from sqlalchemy.orm import InstrumentedAttribute, Session

from pairdesk.domain.activity_days import YEAR_WORDS, period_masks
from pairdesk.domain.enums import AssessmentDomain
from pairdesk.domain.indicators import (
    RETENTION_INDICATOR_MONTHS,
    AssessmentTotals,
    ContractStarts,
    EmployerRecord,
    IndicatorFacts,
    IndicatorReport,
    IndicatorValue,
    JobStart,
    RegistrationRecord,
    RetentionCheckRecord,
    WorkshopRecord,
    active_start_counts,
    report_from_facts,
    retention_scope_end,
    retention_scope_start,
)
from pairdesk.domain.validation import required_period
from pairdesk.services.context import ServiceContext
from pairdesk.store.models import (
    ActivityYearRow,
    AssessmentProgressRow,
    Contract,
    Employer,
    Goal,
    Participant,
    Registration,
    RetentionCheck,
    Workshop,
)
from pairdesk.store.plain_reads import date_reader, read_plain_rows

__all__ = ["IndicatorReport", "IndicatorValue", "compute_indicators", "load_indicator_facts"]

#: the rating domains, in the order of ``assessment_totals_query``'s sums per domain
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
    job_starts, checks = _job_starts_and_checks(connection, start, end, today)
    active, active_with_goal = _active_counts(connection, start, end, today)
    return IndicatorFacts(
        new_members=new_members,
        members_at_end=members_at_end,
        active=active,
        active_with_goal=active_with_goal,
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
        starts=_contract_starts(connection, start, end, today),
        job_starts=job_starts,
        retention_checks=checks,
        assessment_totals=_assessment_totals(connection, start, end, today),
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


def _active_ids(start: dt.date, end: dt.date, today: dt.date) -> CompoundSelect[int] | None:
    """The active participants (``active_participant_ids``: present at a workshop held in
    the period, or a pathway event, mock interview, offer share or self-assessment dated in
    the period and by ``today``), each once, in the order of their ids; None when the period
    has not begun by ``today``.

    From each person's active days kept as bits (``store.activity_years``): for each
    calendar year the period meets, the rows of that year (one range of the table, in id
    order) with a day in the period's masks; the union merges the years as it goes."""
    masks = period_masks(start, min(end, today))
    if not masks:
        return None
    row = ActivityYearRow
    years = [
        select(row.participant_id).where(row.year == year, _shares_a_day(masks_of_year))
        for year, masks_of_year in masks.items()
    ]
    active = union(*years)
    return active.order_by(active.selected_columns[0])


def _shares_a_day(masks_of_year: tuple[int, ...]) -> ColumnElement[bool]:
    """Whether an ``activity_year`` row has a day in one year's masks of the period."""
    words = [ActivityYearRow.__table__.c[f"w{index}"] for index in range(YEAR_WORDS)]
    return or_(
        *(word.op("&")(mask) != 0 for word, mask in zip(words, masks_of_year, strict=True) if mask)
    )


def _is_active(
    participant_id: InstrumentedAttribute[int], start: dt.date, end: dt.date, today: dt.date
) -> ColumnElement[bool]:
    """Whether ``participant_id`` is one of :func:`_active_ids`: a look-up by key of their
    row for each year the period meets, the year with the most of its days first (most
    people are found there)."""
    row = ActivityYearRow
    masks = period_masks(start, min(end, today))
    years = [
        exists().where(
            row.year == year, row.participant_id == participant_id, _shares_a_day(masks[year])
        )
        for year in sorted(masks, key=lambda year: -sum(m.bit_count() for m in masks[year]))
    ]
    return or_(*years) if years else false()


def _active_counts(
    connection: Connection, start: dt.date, end: dt.date, today: dt.date
) -> tuple[int, int]:
    """``(active participants, those of them with a goal open or reached during the
    period)``, counted by SQL (:func:`_active_counts_query`) rather than tens of thousands
    of ids read and matched in Python."""
    query = _active_counts_query(start, end, today)
    if query is None:
        return 0, 0
    active, with_goal = connection.execute(query).one()
    return int(active), int(with_goal)


def _active_counts_query(start: dt.date, end: dt.date, today: dt.date) -> Select[int, int] | None:
    """:func:`_active_ids` counted, and those of them with a goal open or reached during the
    period (``goal_open_during``: opened by its end, not closed before its start), each
    looked up in the goals' index by participant and dates; None as ``_active_ids``."""
    active_ids = _active_ids(start, end, today)
    if active_ids is None:
        return None
    active = active_ids.subquery()
    goal_open = (
        select(Goal.participant_id)  # not ``*``: the index alone answers
        .where(
            Goal.participant_id == active.c.participant_id,
            Goal.opened_on <= end,
            or_(Goal.closed_on.is_(None), Goal.closed_on >= start),
        )
        .exists()
    )
    return select(func.count(), _count_where(goal_open)).select_from(active)


def _contract_starts(
    connection: Connection, start: dt.date, end: dt.date, today: dt.date
) -> ContractStarts:
    """``contract_starts`` of the contracts started in the period and by ``today``: those of
    active participants (:func:`_active_starts_query`) counted in Python (SQLite's
    ``count(DISTINCT)`` took longer than reading them); an employer counts for any contract
    started with it."""
    contract = Contract
    active_starts = read_plain_rows(connection, _active_starts_query(start, end, today))
    employers = connection.scalar(
        select(func.count(contract.employer_id.distinct())).where(
            contract.started_on.between(start, min(end, today))
        )
    )
    return ContractStarts(*active_start_counts(active_starts), employers=int(employers or 0))


def _active_starts_query(
    start: dt.date, end: dt.date, today: dt.date
) -> Select[int, str, bool, bool]:
    """The contracts started in the period and by ``today`` by active participants (each
    tested once, by key: :func:`_is_active`), with the rules' answers kept on them
    (``store.contract_rules``), as ``active_start_counts`` reads them."""
    contract = Contract
    return select(
        contract.participant_id,
        contract.contract_type,
        contract.employment_access,
        contract.durable_employment,
    ).where(
        contract.started_on.between(start, min(end, today)),
        _is_active(contract.participant_id, start, end, today),
    )


def _job_starts_and_checks(
    connection: Connection, start: dt.date, end: dt.date, today: dt.date
) -> tuple[list[JobStart], list[RetentionCheckRecord]]:
    """The job starts whose retention milestones may fall in the period and by ``today``
    (:func:`_job_starts_query`), with their retention checks."""
    # Thousands of contracts: dates parsed once, as the engine gives them.
    day = date_reader(connection)
    starts = [
        JobStart(
            cid,
            day(started_on),
            None if planned_end_on is None else day(planned_end_on),
            None if ended_on is None else day(ended_on),
        )
        for cid, started_on, planned_end_on, ended_on in read_plain_rows(
            connection, _job_starts_query(start, end, today)
        )
    ]
    # Every check at those milestones, kept for the contracts above: one pass over a short
    # table rather than a look-up for each contract and milestone.
    read = {job.contract_id for job in starts}
    checks = [
        RetentionCheckRecord(cid, months, bool(employed))
        for cid, months, employed in read_plain_rows(connection, _milestone_checks())
        if cid in read
    ]
    return starts, checks


def _job_starts_query(
    start: dt.date, end: dt.date, today: dt.date
) -> Select[int, dt.date, dt.date | None, dt.date | None]:
    """The job starts (``is_employment_access``, kept on each contract) started from
    ``retention_scope_start`` to ``retention_scope_end``: every one whose milestones may
    fall in the period by ``today``, from the index of contract dates."""
    contract = Contract
    return select(
        contract.id, contract.started_on, contract.planned_end_on, contract.ended_on
    ).where(
        contract.started_on.between(retention_scope_start(start), retention_scope_end(end, today)),
        contract.employment_access.is_(True),
    )


def _milestone_checks() -> Select[int, int, bool]:
    """Every retention check at a milestone the indicators count, from its index by
    milestone (migration 0018)."""
    check = RetentionCheck
    return select(check.contract_id, check.months, check.employed).where(
        check.months.in_(RETENTION_INDICATOR_MONTHS)
    )


def _assessment_totals(
    connection: Connection, start: dt.date, end: dt.date, today: dt.date
) -> AssessmentTotals:
    """``assessment_changes`` summed (``AssessmentTotals``), from each person's one row of
    ``assessment_progress`` that is their latest assessment by ``min(end, today)``, dated in
    the period, compared with their earliest on at least one domain: one pass over the
    assessments' summary, no pairing (``pairdesk.store.assessment_progress``)."""
    by_rated: dict[int, tuple[int, int]] = {}
    domains: dict[str, list[int]] = {domain: [0, 0] for domain in _DOMAINS}
    confidence_up = 0
    for rated, people, total, up, *sums in connection.execute(
        assessment_totals_query(start, end, today)
    ):
        by_rated[int(rated)] = (int(people), int(total))
        confidence_up += int(up)
        for domain, delta_sum, counted in zip(_DOMAINS, sums[::2], sums[1::2], strict=True):
            domains[domain][0] += int(delta_sum or 0)
            domains[domain][1] += int(counted)
    return AssessmentTotals(
        by_rated,
        {domain: (total, people) for domain, (total, people) in domains.items() if people},
        confidence_up,
    )


def assessment_totals_query(
    start: dt.date, end: dt.date, today: dt.date
) -> Select[*tuple[Any, ...]]:
    """Per number of domains rated in both assessments: the people, the sum of their
    totals, those whose confidence went up, and each domain's sum of deltas and people.

    The row of a person is the one ``counts_in_period`` keeps (domain.indicators): dated in
    ``[start, min(end, today)]``, their next assessment (if any) after that, so their latest
    by then, which counts when it is not their earliest and shares a rated domain with it
    (``rated > 0``)."""
    up_to = min(end, today)
    row = AssessmentProgressRow
    per_domain = [row.__table__.c[domain] for domain in _DOMAINS]
    return (
        select(
            row.rated,
            func.count(),
            func.sum(row.total),
            _count_where(row.confidence > 0),
            *(part for column in per_domain for part in (func.sum(column), func.count(column))),
        )
        .where(
            row.assessed_on.between(start, up_to),
            or_(row.next_on.is_(None), row.next_on > up_to),
            row.rated > 0,
        )
        .group_by(row.rated)
    )

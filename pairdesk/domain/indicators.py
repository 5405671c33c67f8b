"""The shared indicators (DESIGN.md, "Shared indicators: definitions"): pure maths.

Every function here works on plain records, never on the database, so each rule can be
tested on a handful of values. The service ``pairdesk.services.indicators`` loads the
records and calls :func:`compute_report`.

Rules common to all indicators:

* The period is ``[start, end]`` with both days included.
* A ratio is ``numerator / denominator`` between 0 and 1; when the denominator is 0 the
  value is ``None`` (``null`` in JSON), never 0.
* A count has ``value == numerator == count`` and ``denominator is None``.
* A mean has ``value == numerator / denominator`` where ``numerator`` is the sum and
  ``denominator`` the number of terms (``value`` is ``None`` when there are none).
* Month arithmetic (``add_months``) keeps the day of the month and falls back to the last
  day of a shorter month: 31 January + 1 month = 28 (or 29) February, 31 August + 6 months
  = 28 February.
* Contract end dates are inclusive (the last day worked), and every duration is tested by
  :func:`pairdesk.domain.dates.lasts_at_least`: a CDD from 01/11 to 30/04 lasts 6 months,
  one from 01/06 to 30/06 lasts 30 days.
* A workshop is held once its day has come and if it is not cancelled
  (:func:`pairdesk.domain.workshops.is_held`): the report needs ``today``, so planned
  workshops later in the period are not counted as held.
* Likewise nothing dated after ``today`` has happened yet (:func:`_happened`): an activity
  (a pathway event, a mock interview…) dated later in the period is not activity, a
  contract starting later (signed in advance) is not yet a job start, a self-assessment
  dated later is not yet the latest one, and a retention milestone after today is not yet
  in scope (nobody can say yet whether the person will still be employed then).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple, Protocol

from pairdesk.domain.dates import add_months, lasts_at_least
from pairdesk.domain.enums import (
    EMPLOYMENT_CONTRACTS,
    AssessmentDomain,
    Attendance,
    ContractType,
    GoalStatus,
    WorkshopKind,
)
from pairdesk.domain.workshops import is_held
from pairdesk.i18n import N_, _

# --------------------------------------------------------------------------- read objects


@dataclass(frozen=True, slots=True)
class IndicatorValue:
    """One indicator over one period, with what it was computed from."""

    id: str
    value: float | int | None
    numerator: float | int | None
    denominator: int | None
    definition: str
    label: str
    breakdown: dict[str, float | int | None] = field(default_factory=dict)

    def as_json(self) -> dict[str, object]:
        return {
            "value": self.value,
            "numerator": self.numerator,
            "denominator": self.denominator,
            "definition": self.definition,
            "label": self.label,
            "breakdown": dict(self.breakdown),
        }


@dataclass(frozen=True, slots=True)
class IndicatorReport:
    """All the shared indicators for ``[start, end]``, keyed by id in DESIGN.md order."""

    start: dt.date
    end: dt.date
    items: dict[str, IndicatorValue]

    def as_json(self) -> dict[str, dict[str, object]]:
        """``{id: {"value", "numerator", "denominator", "definition", "label", "breakdown"}}``."""
        return {key: item.as_json() for key, item in self.items.items()}


# --------------------------------------------------------------------------- input records


@dataclass(frozen=True, slots=True)
class MemberRecord:
    participant_id: int
    membership_start: dt.date
    membership_end: dt.date | None


@dataclass(frozen=True, slots=True)
class WorkshopRecord:
    workshop_id: int
    kind: str
    held_on: dt.date
    cancelled: bool
    #: An awareness session's (or a cross-training's) people reached, if counted.
    employees_reached: int | None = None


@dataclass(frozen=True, slots=True)
class RegistrationRecord:
    workshop_id: int
    participant_id: int
    attendance: str | None
    satisfaction: int | None


@dataclass(frozen=True, slots=True)
class ActivityRecord:
    """A dated activity other than workshop attendance: pathway event, mock interview,
    offer share or self-assessment."""

    participant_id: int
    on: dt.date


@dataclass(frozen=True, slots=True)
class GoalRecord:
    participant_id: int
    status: str
    opened_on: dt.date
    closed_on: dt.date | None


class ContractRecord(NamedTuple):
    """A contract as the indicators read it. A named tuple rather than a frozen dataclass:
    tens of thousands are made at each computation, and a tuple is made several times
    faster (bench/README.md)."""

    contract_id: int
    participant_id: int
    contract_type: str
    started_on: dt.date
    planned_end_on: dt.date | None
    ended_on: dt.date | None
    #: The employer directory entry, if linked.
    employer_id: int | None = None
    #: What :func:`is_employment_access` and :func:`is_durable_employment` say of it, as kept
    #: on the contract at every write (``store.contract_rules``); None: the rule decides here.
    employment_access: bool | None = None
    durable_employment: bool | None = None


class RetentionCheckRecord(NamedTuple):
    """A retention check as the indicators read it (a named tuple, as ``ContractRecord``)."""

    contract_id: int
    months: int
    employed: bool


class JobStart(NamedTuple):
    """A contract that counts as access to employment (:func:`is_employment_access`), with
    what the retention rules read of it (a named tuple, as ``ContractRecord``)."""

    contract_id: int
    started_on: dt.date
    planned_end_on: dt.date | None
    ended_on: dt.date | None

    @classmethod
    def of(cls, contract: ContractRecord) -> JobStart:
        return cls(
            contract.contract_id, contract.started_on, contract.planned_end_on, contract.ended_on
        )


@dataclass(frozen=True, slots=True)
class AssessmentRecord:
    """One self-assessment; ``ratings`` maps an ``AssessmentDomain`` value to its rating."""

    assessment_id: int
    participant_id: int
    assessed_on: dt.date
    ratings: Mapping[str, int]


@dataclass(frozen=True, slots=True)
class EmployerRecord:
    """An entry of the employer directory (issue 15), by the day it was entered."""

    employer_id: int
    created_on: dt.date


@dataclass(frozen=True, slots=True)
class IndicatorData:
    """Everything the indicators are computed from. The service may pre-filter rows by
    date to read less, but every rule is applied again here."""

    members: Sequence[MemberRecord] = ()
    workshops: Sequence[WorkshopRecord] = ()
    registrations: Sequence[RegistrationRecord] = ()
    activities: Sequence[ActivityRecord] = ()
    goals: Sequence[GoalRecord] = ()
    contracts: Sequence[ContractRecord] = ()
    retention_checks: Sequence[RetentionCheckRecord] = ()
    assessments: Sequence[AssessmentRecord] = ()
    employers: Sequence[EmployerRecord] = ()


class WorkshopsAndRegistrations(Protocol):
    """The workshops of the period and their registrations, which both
    :class:`IndicatorData` and :class:`IndicatorFacts` carry."""

    @property
    def workshops(self) -> Sequence[WorkshopRecord]: ...

    @property
    def registrations(self) -> Sequence[RegistrationRecord]: ...


# --------------------------------------------------------------------------- labels

INDICATOR_IDS: tuple[str, ...] = (
    "active_participants",
    "new_members",
    "members_at_end",
    "workshops_held",
    "attendance_rate",
    "satisfaction_mean",
    "with_goal_rate",
    "employment_access_rate",
    "esat_starts",
    "durable_employment_rate",
    "retention_rate_6m",
    "retention_rate_12m",
    "retention_rate_18m",
    "self_assessment_change",
    "confidence_regained_rate",
    "employers_with_placement",
    "new_employers",
    "awareness_sessions",
    "awareness_people_reached",
)

#: The employer indicators (issue 15), last in :data:`INDICATOR_IDS`.
EMPLOYER_INDICATOR_IDS: tuple[str, ...] = INDICATOR_IDS[-4:]

_LABELS: dict[str, str] = {
    "active_participants": N_("Active participants"),
    "new_members": N_("New members"),
    "members_at_end": N_("Members at the end of the period"),
    "workshops_held": N_("Workshops held"),
    "attendance_rate": N_("Attendance rate"),
    "satisfaction_mean": N_("Mean satisfaction"),
    "with_goal_rate": N_("Participants with a goal"),
    "employment_access_rate": N_("Access to employment"),
    "esat_starts": N_("ESAT starts"),
    "durable_employment_rate": N_("Durable employment"),
    "retention_rate_6m": N_("Job retention at 6 months"),
    "retention_rate_12m": N_("Job retention at 12 months"),
    "retention_rate_18m": N_("Job retention at 18 months"),
    "self_assessment_change": N_("Self-assessment change"),
    "confidence_regained_rate": N_("Confidence regained"),
    "employers_with_placement": N_("Employers with a placement"),
    "new_employers": N_("New employers in the directory"),
    "awareness_sessions": N_("Awareness sessions in companies"),
    "awareness_people_reached": N_("Employees reached by awareness sessions"),
}

_DEFINITIONS: dict[str, str] = {
    "active_participants": N_(
        "Participants with at least one recorded activity in the period, on or before today "
        "(attendance marked present, pathway event, mock interview, offer share, "
        "self-assessment)."
    ),
    "new_members": N_("Participants whose membership started in the period."),
    "members_at_end": N_(
        "Participants whose membership started on or before the last day of the period and "
        "had not ended by that day."
    ),
    "workshops_held": N_(
        "Workshops dated in the period, on or before today, and not cancelled, also broken "
        "down by kind."
    ),
    "attendance_rate": N_(
        "Present ÷ (present + absent) over the registrations of the workshops held; excused "
        "absences count in neither."
    ),
    "satisfaction_mean": N_(
        "Mean of the 1–5 satisfaction scores given at the workshops held in the period."
    ),
    "with_goal_rate": N_(
        "Active participants with at least one goal open or reached during the period ÷ "
        "active participants."
    ),
    "employment_access_rate": N_(
        "Active participants who started, in the period and on or before today, an "
        "employment contract of at least 30 days (first and last day included) or without "
        "end date (CDI, CDD, interim, contrat aidé, adapted company) ÷ active participants; "
        "ESAT work is reported apart."
    ),
    "esat_starts": N_(
        "ESAT contracts started in the period, on or before today, by active participants."
    ),
    "durable_employment_rate": N_(
        "Active participants who started, in the period and on or before today, a CDI, or a "
        "CDD, interim or adapted-company contract of at least 6 months (first and last day "
        "included, so 01/11 to 30/04 counts) or without end date ÷ active participants."
    ),
    "retention_rate_6m": N_(
        "Among job starts whose 6-month date falls in the period, on or before today, the "
        "share still employed on that date: the retention check at 6 months decides; "
        "without one, the contract not ended before that date."
    ),
    "retention_rate_12m": N_(
        "Among job starts whose 12-month date falls in the period, on or before today, the "
        "share still employed on that date: the retention check at 12 months decides; "
        "without one, the contract not ended before that date."
    ),
    "retention_rate_18m": N_(
        "Among job starts whose 18-month date falls in the period, on or before today, the "
        "share still employed on that date: the retention check at 18 months decides; "
        "without one, the contract not ended before that date."
    ),
    "self_assessment_change": N_(
        "For participants with two or more self-assessments, mean over domains of (latest in "
        "the period, on or before today, − earliest ever), then averaged over participants; "
        "also per domain."
    ),
    "confidence_regained_rate": N_(
        "Among participants with two or more self-assessments who rated their confidence "
        "in the earliest and in the latest of the period, the share whose confidence rating "
        "went up."
    ),
    "employers_with_placement": N_(
        "Employers of the directory where at least one contract (of any type) started in the "
        "period, on or before today, each employer counted once however many people it took "
        "on."
    ),
    "new_employers": N_("Employers entered in the employer directory during the period."),
    "awareness_sessions": N_(
        "Anti-stigma awareness sessions held in companies in the period (dated on or before "
        "today, not cancelled); cross-training with employment counsellors is counted in "
        "the workshops held."
    ),
    "awareness_people_reached": N_(
        "Sum of the employees reached recorded on those awareness sessions; a session "
        "without a number adds nothing."
    ),
}

ACCESS_MIN_DAYS = 30
DURABLE_MIN_MONTHS = 6
RETENTION_INDICATOR_MONTHS = (6, 12, 18)
_DURABLE_FIXED_TERM = frozenset(
    {ContractType.CDD.value, ContractType.INTERIM.value, ContractType.ENTREPRISE_ADAPTEE.value}
)
_EMPLOYMENT_VALUES = frozenset(t.value for t in EMPLOYMENT_CONTRACTS)
_ESAT = ContractType.ESAT.value  # an enum member's value is a slow lookup


# --------------------------------------------------------------------------- helpers


def _in(day: dt.date, start: dt.date, end: dt.date) -> bool:
    return start <= day <= end


def _happened(day: dt.date, start: dt.date, end: dt.date, today: dt.date) -> bool:
    """``day`` is in the period and has come: ``start <= day <= min(end, today)``."""
    return start <= day <= min(end, today)


def _ratio(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator else None


def _item(
    key: str,
    value: float | int | None,
    numerator: float | int | None,
    denominator: int | None,
    breakdown: dict[str, float | int | None] | None = None,
) -> IndicatorValue:
    return IndicatorValue(
        id=key,
        value=value,
        numerator=numerator,
        denominator=denominator,
        definition=_(_DEFINITIONS[key]),
        label=_(_LABELS[key]),
        breakdown=breakdown or {},
    )


def _count_item(
    key: str, count: int, breakdown: dict[str, float | int | None] | None = None
) -> IndicatorValue:
    return _item(key, count, count, None, breakdown)


def _ratio_item(key: str, numerator: int, denominator: int) -> IndicatorValue:
    return _item(key, _ratio(numerator, denominator), numerator, denominator)


# --------------------------------------------------------------------------- rules


def held_workshops(
    workshops: Iterable[WorkshopRecord], start: dt.date, end: dt.date, today: dt.date
) -> list[WorkshopRecord]:
    """Workshops dated in the period and held by ``today``
    (:func:`pairdesk.domain.workshops.is_held`: not cancelled, dated on or before today)."""
    return [
        w
        for w in workshops
        if _in(w.held_on, start, end) and is_held(w.held_on, w.cancelled, today)
    ]


def workshops_by_kind(held: Iterable[WorkshopRecord]) -> dict[str, float | int | None]:
    """Count per ``WorkshopKind`` value, every kind listed (0 included) in enum order; a kind
    unknown to this version is listed after them."""
    counts: dict[str, float | int | None] = {kind.value: 0 for kind in WorkshopKind}
    for workshop in held:
        previous = counts.get(workshop.kind) or 0
        counts[workshop.kind] = previous + 1
    return counts


def _held_registrations(
    data: WorkshopsAndRegistrations, start: dt.date, end: dt.date, today: dt.date
) -> list[RegistrationRecord]:
    held_ids = {w.workshop_id for w in held_workshops(data.workshops, start, end, today)}
    return [r for r in data.registrations if r.workshop_id in held_ids]


def active_participant_ids(
    data: IndicatorData, start: dt.date, end: dt.date, today: dt.date
) -> set[int]:
    """Participants with an activity in the period: attendance marked present at a workshop
    held (dated in the period, held by ``today``), or any dated activity record (pathway event,
    mock interview, offer share, self-assessment) in the period and on or before ``today``.
    Absent, excused or unmarked registrations are not activity."""
    active = {
        r.participant_id
        for r in _held_registrations(data, start, end, today)
        if r.attendance == Attendance.PRESENT.value
    }
    active.update(a.participant_id for a in data.activities if _happened(a.on, start, end, today))
    return active


def new_member_count(members: Iterable[MemberRecord], start: dt.date, end: dt.date) -> int:
    """Participants whose ``membership_start`` is in the period."""
    return sum(1 for m in members if _in(m.membership_start, start, end))


def members_at_end_count(members: Iterable[MemberRecord], end: dt.date) -> int:
    """Participants with ``membership_start <= end`` and no ``membership_end``, or one
    strictly after ``end`` (a membership ending on the last day has ended by then)."""
    return sum(
        1
        for m in members
        if m.membership_start <= end and (m.membership_end is None or m.membership_end > end)
    )


def attendance_counts(
    data: WorkshopsAndRegistrations, start: dt.date, end: dt.date, today: dt.date
) -> tuple[int, int]:
    """``(present, present + absent)`` over registrations of the workshops held; excused
    absences and registrations not yet marked count in neither."""
    present = absent = 0
    for registration in _held_registrations(data, start, end, today):
        if registration.attendance == Attendance.PRESENT.value:
            present += 1
        elif registration.attendance == Attendance.ABSENT.value:
            absent += 1
    return present, present + absent


def satisfaction_scores(
    data: WorkshopsAndRegistrations, start: dt.date, end: dt.date, today: dt.date
) -> list[int]:
    """Satisfaction scores from 1 to 5 given on registrations of the workshops held (whatever
    the attendance mark); missing or out-of-range scores are left out."""
    return [
        r.satisfaction
        for r in _held_registrations(data, start, end, today)
        if r.satisfaction is not None and 1 <= r.satisfaction <= 5
    ]


def goal_open_during(goal: GoalRecord, start: dt.date, end: dt.date) -> bool:
    """A goal is open or reached during the period when its open interval
    ``[opened_on, closed_on or forever]`` meets the period: ``opened_on <= end`` and
    (``closed_on`` is ``None`` or ``closed_on >= start``), and it is not a goal abandoned
    before the period (``status == abandoned`` and ``closed_on < start``). A goal abandoned
    during the period was open during it, so it counts; a goal reached or abandoned before
    the period does not."""
    if goal.opened_on > end:
        return False
    if goal.closed_on is not None and goal.closed_on < start:
        return False
    return not (
        goal.status == GoalStatus.ABANDONED.value
        and goal.closed_on is not None
        and goal.closed_on < start
    )


def is_employment_access(contract: ContractRecord) -> bool:
    """An employment contract (CDI, CDD, interim, contrat aidé, adapted company; never
    ESAT) with no planned end date or planned to last at least 30 days, first and last day
    included (:func:`lasts_at_least`: 01/06 → 30/06 counts, 01/06 → 29/06 does not). The
    planned end decides, not an early actual end."""
    if contract.contract_type not in _EMPLOYMENT_VALUES:
        return False
    if contract.planned_end_on is None:
        return True
    return lasts_at_least(contract.started_on, contract.planned_end_on, days=ACCESS_MIN_DAYS)


def is_durable_employment(contract: ContractRecord) -> bool:
    """A CDI, or a CDD, interim or adapted-company contract without planned end date or
    planned to last at least 6 months, first and last day included (:func:`lasts_at_least`:
    01/11/2026 → 30/04/2027 counts). Contrat aidé and ESAT are not durable employment, as
    DESIGN.md lists them."""
    if contract.contract_type == ContractType.CDI.value:
        return True
    if contract.contract_type not in _DURABLE_FIXED_TERM:
        return False
    if contract.planned_end_on is None:
        return True
    return lasts_at_least(contract.started_on, contract.planned_end_on, months=DURABLE_MIN_MONTHS)


def _access(contract: ContractRecord) -> bool:
    """:func:`is_employment_access`, as kept on the contract when it is."""
    kept = contract.employment_access
    return is_employment_access(contract) if kept is None else kept


def _durable(contract: ContractRecord) -> bool:
    """:func:`is_durable_employment`, as kept on the contract when it is."""
    kept = contract.durable_employment
    return is_durable_employment(contract) if kept is None else kept


@dataclass(frozen=True, slots=True)
class ContractStarts:
    """What the contracts started in the period, by ``today``, count (:func:`contract_starts`)."""

    #: Active participants who started a job (:func:`is_employment_access`)…
    access: int
    #: … a durable one (:func:`is_durable_employment`).
    durable: int
    #: ESAT contracts (not people) started by active participants.
    esat: int
    #: Distinct directory employers where a contract started, whoever the participant.
    employers: int


def contract_starts(
    contracts: Iterable[ContractRecord],
    active: set[int],
    start: dt.date,
    end: dt.date,
    today: dt.date,
) -> ContractStarts:
    """One pass over the contracts started in the period and by ``today``. Only active
    participants count for access, durable employment and ESAT
    (:func:`active_start_counts`); an employer counts for any contract started with it."""
    up_to = min(end, today)
    employers: set[int] = set()
    active_starts: list[tuple[int, str, bool, bool]] = []
    for c in contracts:
        if not start <= c.started_on <= up_to:
            continue
        if c.employer_id is not None:
            employers.add(c.employer_id)
        if c.participant_id in active:
            active_starts.append((c.participant_id, c.contract_type, _access(c), _durable(c)))
    return ContractStarts(*active_start_counts(active_starts), employers=len(employers))


def active_start_counts(
    starts: Iterable[tuple[int, str, object, object]],
) -> tuple[int, int, int]:
    """``(access, durable, esat)`` of :class:`ContractStarts`, from the contracts started in
    the period by active participants, each as ``(participant, contract type, whether it is
    access to employment, whether durable)``: people for the first two, contracts for
    ESAT."""
    access: set[int] = set()
    durable: set[int] = set()
    esat = 0
    for participant_id, contract_type, is_access, is_durable in starts:
        if contract_type == _ESAT:
            esat += 1
        if is_access:
            access.add(participant_id)
        if is_durable:
            durable.add(participant_id)
    return len(access), len(durable), esat


def retention_scope_start(start: dt.date) -> dt.date:
    """The earliest start of a contract whose retention milestones can fall on or after
    ``start``: adding a month moves a date by at most 31 days, so a contract started before
    ``start`` − 31 × 18 days reached its last milestone before the period. The service reads
    no older contract."""
    days = 31 * max(RETENTION_INDICATOR_MONTHS)
    return start - dt.timedelta(days=days) if start.toordinal() > days else dt.date.min


def retention_scope_end(end: dt.date, today: dt.date) -> dt.date:
    """The latest start of a contract whose first retention milestone can fall on or before
    ``min(end, today)``: adding a month moves a date by at least 28 days, so a contract
    started after that day − 28 × 6 days reaches no milestone by then. The service reads no
    later contract."""
    up_to = min(end, today)
    days = 28 * min(RETENTION_INDICATOR_MONTHS)
    return up_to - dt.timedelta(days=days) if up_to.toordinal() > days else dt.date.min


def retention_counts(
    contracts: Iterable[ContractRecord],
    checks: Iterable[RetentionCheckRecord],
    months: int,
    start: dt.date,
    end: dt.date,
    today: dt.date,
) -> tuple[int, int]:
    """``(still employed, job starts in scope)`` for the ``months`` milestone.

    Job starts are the contracts that count as access to employment
    (:func:`is_employment_access`), whenever they started and whoever the participant is
    (active or not). The milestone is ``started_on + months`` (month arithmetic); a job
    start is in scope when its milestone is in the period and on or before ``today`` (a
    milestone still to come says nothing yet). It was still employed on that
    date if a retention check exists for that contract and number of months (its
    ``employed`` answer decides), otherwise if the contract's effective end (``ended_on``,
    else ``planned_end_on``) is ``None`` or on or after the milestone."""
    answers = {(c.contract_id, c.months): c.employed for c in checks}
    return _retention_counts(job_starts(contracts), answers, months, start, end, today)


def job_starts(contracts: Iterable[ContractRecord]) -> list[JobStart]:
    """The contracts that count as access to employment, as the retention rules read them."""
    return [JobStart.of(c) for c in contracts if _access(c)]


def _retention_counts(
    job_starts: Iterable[JobStart],
    answers: Mapping[tuple[int, int], bool],
    months: int,
    start: dt.date,
    end: dt.date,
    today: dt.date,
) -> tuple[int, int]:
    """:func:`retention_counts` of the contracts that count as access to employment, with
    the checks' answers by (contract, months)."""
    # ``months`` months move a date by 28 × months to 31 × months days: most contracts are
    # out of reach without the month arithmetic (ordinals: no overflow near the calendar's ends).
    first_start = start.toordinal() - 31 * months
    last_start = min(end, today).toordinal() - 28 * months
    employed = in_scope = 0
    for contract in job_starts:
        if not first_start <= contract.started_on.toordinal() <= last_start:
            continue
        milestone = add_months(contract.started_on, months)
        if not _happened(milestone, start, end, today):
            continue
        in_scope += 1
        answer = answers.get((contract.contract_id, months))
        if answer is None:
            effective_end = contract.ended_on or contract.planned_end_on
            answer = effective_end is None or effective_end >= milestone
        if answer:
            employed += 1
    return employed, in_scope


@dataclass(frozen=True, slots=True)
class AssessmentChange:
    """One participant's change between their earliest and latest assessment, over the
    domains rated in both: latest − earliest per ``AssessmentDomain`` in ``deltas``; their
    ``total`` over ``rated`` domains, a domain this version does not know (written by a
    newer pairdesk) included."""

    participant_id: int
    deltas: Mapping[str, int]
    total: int
    rated: int

    @property
    def confidence(self) -> int | None:
        """The confidence delta, when both assessments rated it."""
        return self.deltas.get(_CONFIDENCE)


_KNOWN_DOMAINS = frozenset(domain.value for domain in AssessmentDomain)
_CONFIDENCE = AssessmentDomain.CONFIDENCE.value  # an enum member's value is a slow lookup


def assessment_changes(
    assessments: Iterable[AssessmentRecord], start: dt.date, end: dt.date, today: dt.date
) -> list[AssessmentChange]:
    """Per participant, compare the earliest self-assessment ever with the latest one dated
    on or before ``end`` and ``today`` (one dated later has not happened yet); assessments
    are ordered by (date, id). The participant counts when that latest one is dated in the
    period and is not the earliest itself (so they have two or more assessments), and the
    two share at least one rated domain. The delta per domain is latest − earliest, over
    the domains rated in both."""
    up_to = min(end, today)
    return [
        AssessmentChange(row.participant_id, row.deltas, row.total, row.rated)
        for row in assessment_progress(assessments)
        if counts_in_period(row, start, up_to)
    ]


@dataclass(frozen=True, slots=True)
class AssessmentProgress:
    """What one self-assessment says of its person's change, kept beside it at every write
    so that the indicators read one row per assessment instead of pairing them
    (:func:`assessment_progress`, kept by ``pairdesk.store.assessment_progress``).

    ``next_on`` is the date of the person's next assessment in (date, id) order (``None``
    for their latest); ``rated``, ``total`` and ``deltas`` compare this assessment with the
    person's earliest, as :class:`AssessmentChange` does (``rated`` is 0 for the earliest
    itself, and when the two share no rated domain)."""

    assessment_id: int
    participant_id: int
    assessed_on: dt.date
    next_on: dt.date | None
    rated: int
    total: int
    deltas: Mapping[str, int]


def assessment_progress(assessments: Iterable[AssessmentRecord]) -> list[AssessmentProgress]:
    """:class:`AssessmentProgress` of each assessment, from every assessment of the people
    concerned (a person's assessments all given, or none of them).

    With it, :func:`assessment_changes` of a period is a filter, one row per person
    (:func:`counts_in_period`)."""
    by_participant: dict[int, list[AssessmentRecord]] = {}
    for assessment in assessments:
        by_participant.setdefault(assessment.participant_id, []).append(assessment)
    rows: list[AssessmentProgress] = []
    for participant_id in sorted(by_participant):
        ordered = sorted(
            by_participant[participant_id], key=lambda a: (a.assessed_on, a.assessment_id)
        )
        earliest = ordered[0]
        for index, assessment in enumerate(ordered):
            common = (
                {
                    domain: rating - earliest.ratings[domain]
                    for domain, rating in assessment.ratings.items()
                    if domain in earliest.ratings
                }
                if index
                else {}
            )
            rows.append(
                AssessmentProgress(
                    assessment.assessment_id,
                    participant_id,
                    assessment.assessed_on,
                    ordered[index + 1].assessed_on if index + 1 < len(ordered) else None,
                    len(common),
                    sum(common.values()),
                    {d: delta for d, delta in common.items() if d in _KNOWN_DOMAINS},
                )
            )
    return rows


def counts_in_period(row: AssessmentProgress, start: dt.date, up_to: dt.date) -> bool:
    """Whether ``row`` is its person's change for a period from ``start`` to ``up_to``
    (``min(end, today)``): their latest assessment by ``up_to`` (no next one by then),
    dated in the period, compared with their earliest on at least one domain. The service
    asks the same of the stored rows in SQL (``services.indicators.assessment_totals_query``)."""
    return (
        start <= row.assessed_on <= up_to
        and (row.next_on is None or row.next_on > up_to)
        and row.rated > 0
    )


@dataclass(frozen=True, slots=True)
class AssessmentTotals:
    """:func:`assessment_changes` summed: what the report needs of them, whatever the
    number of people.

    ``by_rated`` maps a number of domains rated in both assessments to ``(people, sum of
    their totals)``: each person's mean change is ``total / rated``, so the sum of the means
    is exact from it. ``domains`` maps each ``AssessmentDomain`` value rated by someone in
    both to ``(sum of deltas, people)``; ``confidence_up`` counts the people whose
    confidence went up."""

    by_rated: Mapping[int, tuple[int, int]] = field(default_factory=dict)
    domains: Mapping[str, tuple[int, int]] = field(default_factory=dict)
    confidence_up: int = 0

    @classmethod
    def of(cls, changes: Iterable[AssessmentChange]) -> AssessmentTotals:
        by_rated: dict[int, list[int]] = {}
        domains: dict[str, list[int]] = {}
        confidence_up = 0
        for change in changes:
            counted = by_rated.setdefault(change.rated, [0, 0])
            counted[0] += 1
            counted[1] += change.total
            for domain, delta in change.deltas.items():
                summed = domains.setdefault(domain, [0, 0])
                summed[0] += delta
                summed[1] += 1
            if (change.confidence or 0) > 0:
                confidence_up += 1
        return cls(
            {rated: (people, total) for rated, (people, total) in by_rated.items()},
            {domain: (total, people) for domain, (total, people) in domains.items()},
            confidence_up,
        )

    @property
    def people(self) -> int:
        return sum(people for people, _total in self.by_rated.values())

    @property
    def sum_of_means(self) -> float:
        """Σ of each person's mean change, in the order of ``rated`` (one float sum for a
        given set of changes, however they were read)."""
        return float(
            sum(total / rated for rated, (_people, total) in sorted(self.by_rated.items()))
        )


def assessment_breakdown(totals: AssessmentTotals) -> dict[str, float | int | None]:
    """Mean delta per ``AssessmentDomain`` value over the participants rated in that domain
    in both assessments (``None`` when nobody was); every domain listed in enum order."""
    breakdown: dict[str, float | int | None] = {}
    for domain in AssessmentDomain:
        total, people = totals.domains.get(domain.value, (0, 0))
        breakdown[domain.value] = total / people if people else None
    return breakdown


def confidence_counts(totals: AssessmentTotals) -> tuple[int, int]:
    """``(went up, rated in both)`` for the confidence domain among those participants."""
    return totals.confidence_up, totals.domains.get(_CONFIDENCE, (0, 0))[1]


def new_employer_count(employers: Iterable[EmployerRecord], start: dt.date, end: dt.date) -> int:
    return sum(1 for e in employers if _in(e.created_on, start, end))


def awareness_counts(held: Iterable[WorkshopRecord]) -> tuple[int, int]:
    """``(sessions, people reached)`` over the held workshops of kind awareness."""
    sessions = [w for w in held if w.kind == WorkshopKind.AWARENESS.value]
    return len(sessions), sum(w.employees_reached or 0 for w in sessions)


# --------------------------------------------------------------------------- the report


@dataclass(frozen=True, slots=True)
class IndicatorFacts:
    """What the report is computed from once each person's records are reduced to what the
    rules ask of them, so that a vault of 50,000 participants hands over tens of thousands
    of values instead of a million rows.

    :func:`facts_from_records` reduces plain records here, in Python: it is the reference,
    used by :func:`compute_report` and the domain tests. The service
    ``pairdesk.services.indicators`` asks the database for the same facts, and a test
    compares the two on random vaults. Workshops, registrations, contracts, retention
    checks and employers are few: they stay records, and the rules below apply to them."""

    #: :func:`new_member_count`
    new_members: int = 0
    #: :func:`members_at_end_count`
    members_at_end: int = 0
    #: The active participants (:func:`active_participant_ids`), counted…
    active: int = 0
    #: … and those of them with a goal open or reached during the period
    #: (:func:`goal_open_during`).
    active_with_goal: int = 0
    workshops: Sequence[WorkshopRecord] = ()
    registrations: Sequence[RegistrationRecord] = ()
    #: :func:`contract_starts`: what the contracts started in the period count.
    starts: ContractStarts = ContractStarts(0, 0, 0, 0)
    #: The job starts whose retention milestones may fall in the period (:func:`job_starts`,
    #: at least those started from :func:`retention_scope_start` to
    #: :func:`retention_scope_end`).
    job_starts: Sequence[JobStart] = ()
    #: The checks at the milestones the indicators count (``RETENTION_INDICATOR_MONTHS``):
    #: a 1- or 3-month check answers none of them.
    retention_checks: Sequence[RetentionCheckRecord] = ()
    #: :func:`assessment_changes`, summed.
    assessment_totals: AssessmentTotals = field(default_factory=AssessmentTotals)
    employers: Sequence[EmployerRecord] = ()


def facts_from_records(
    data: IndicatorData, start: dt.date, end: dt.date, today: dt.date
) -> IndicatorFacts:
    """The facts of the period ``[start, end]`` as known on ``today``, from plain records."""
    active = active_participant_ids(data, start, end, today)
    with_goal = {g.participant_id for g in data.goals if goal_open_during(g, start, end)}
    return IndicatorFacts(
        new_members=new_member_count(data.members, start, end),
        members_at_end=members_at_end_count(data.members, end),
        active=len(active),
        active_with_goal=len(active & with_goal),
        workshops=data.workshops,
        registrations=data.registrations,
        starts=contract_starts(data.contracts, active, start, end, today),
        job_starts=job_starts(data.contracts),
        retention_checks=[
            c for c in data.retention_checks if c.months in RETENTION_INDICATOR_MONTHS
        ],
        assessment_totals=AssessmentTotals.of(
            assessment_changes(data.assessments, start, end, today)
        ),
        employers=data.employers,
    )


def compute_report(
    data: IndicatorData, start: dt.date, end: dt.date, *, today: dt.date
) -> IndicatorReport:
    """Every shared indicator for ``[start, end]`` (both days included), in DESIGN order,
    as known on ``today``, from plain records (:func:`report_from_facts`)."""
    return report_from_facts(facts_from_records(data, start, end, today), start, end, today=today)


def report_from_facts(
    facts: IndicatorFacts, start: dt.date, end: dt.date, *, today: dt.date
) -> IndicatorReport:
    """Every shared indicator for ``[start, end]`` (both days included), in DESIGN order,
    as known on ``today``: workshops dated after it are planned, not held.

    ``with_goal_rate``, ``employment_access_rate``, ``durable_employment_rate`` and
    ``esat_starts`` only count active participants: someone who started a job in the
    period but has no recorded activity in it is not in the numerator (nor the
    denominator). Retention and self-assessment change do not depend on activity."""
    items: dict[str, IndicatorValue] = {}
    n_active = facts.active
    items["active_participants"] = _count_item("active_participants", n_active)
    items["new_members"] = _count_item("new_members", facts.new_members)
    items["members_at_end"] = _count_item("members_at_end", facts.members_at_end)

    held = held_workshops(facts.workshops, start, end, today)
    items["workshops_held"] = _count_item("workshops_held", len(held), workshops_by_kind(held))

    present, marked = attendance_counts(facts, start, end, today)
    items["attendance_rate"] = _ratio_item("attendance_rate", present, marked)

    scores = satisfaction_scores(facts, start, end, today)
    items["satisfaction_mean"] = _item(
        "satisfaction_mean", sum(scores) / len(scores) if scores else None, sum(scores), len(scores)
    )

    items["with_goal_rate"] = _ratio_item("with_goal_rate", facts.active_with_goal, n_active)
    starts = facts.starts
    items["employment_access_rate"] = _ratio_item("employment_access_rate", starts.access, n_active)
    items["esat_starts"] = _count_item("esat_starts", starts.esat)
    items["durable_employment_rate"] = _ratio_item(
        "durable_employment_rate", starts.durable, n_active
    )

    answers = {(c.contract_id, c.months): c.employed for c in facts.retention_checks}
    for months in RETENTION_INDICATOR_MONTHS:
        key = f"retention_rate_{months}m"
        still, scope = _retention_counts(facts.job_starts, answers, months, start, end, today)
        items[key] = _ratio_item(key, still, scope)

    totals = facts.assessment_totals
    people, sum_of_means = totals.people, totals.sum_of_means
    items["self_assessment_change"] = _item(
        "self_assessment_change",
        sum_of_means / people if people else None,
        sum_of_means,
        people,
        assessment_breakdown(totals),
    )
    up, rated = confidence_counts(totals)
    items["confidence_regained_rate"] = _ratio_item("confidence_regained_rate", up, rated)

    items["employers_with_placement"] = _count_item("employers_with_placement", starts.employers)
    items["new_employers"] = _count_item(
        "new_employers", new_employer_count(facts.employers, start, end)
    )
    sessions, reached = awareness_counts(held)
    items["awareness_sessions"] = _count_item("awareness_sessions", sessions)
    items["awareness_people_reached"] = _count_item("awareness_people_reached", reached)

    assert tuple(items) == INDICATOR_IDS
    return IndicatorReport(start=start, end=end, items=items)


def breakdown_label(indicator_id: str, key: str) -> str:
    """The words for a part of an indicator's breakdown: a kind of workshop of
    ``workshops_held``, a domain of ``self_assessment_change``."""
    enum: type[WorkshopKind] | type[AssessmentDomain] | None = None
    if indicator_id == "workshops_held":
        enum = WorkshopKind
    elif indicator_id == "self_assessment_change":
        enum = AssessmentDomain
    if enum is not None:
        try:
            return enum(key).label
        except ValueError:
            pass
    return key


#: Indicators whose value is a mean (``numerator`` the sum, ``denominator`` the count).
MEAN_IDS = frozenset({"satisfaction_mean", "self_assessment_change"})


def is_ratio(item: IndicatorValue) -> bool:
    """A rate (shown as a percentage): a denominator, and not a mean."""
    return item.denominator is not None and item.id not in MEAN_IDS


def table_rows(
    items: Iterable[IndicatorValue],
) -> list[tuple[str, float | int | None, float | int | None, int | None, str]]:
    """Indicators as the rows of a table, as the export writes them: label, value,
    numerator, denominator and definition, each followed by the parts of its breakdown
    ("Workshops held: CV workshop")."""
    rows: list[tuple[str, float | int | None, float | int | None, int | None, str]] = []
    for item in items:
        rows.append((item.label, item.value, item.numerator, item.denominator, item.definition))
        rows.extend(
            (
                _("{indicator}: {part}").format(
                    indicator=item.label, part=breakdown_label(item.id, key)
                ),
                value,
                None,
                None,
                "",
            )
            for key, value in item.breakdown.items()
        )
    return rows


def indicator_label(key: str) -> str:
    """The translated label of an indicator id (the id itself when unknown to this version,
    as in a network export from a newer pairdesk)."""
    return _(_LABELS[key]) if key in _LABELS else key


def indicator_definition(key: str) -> str:
    """The translated definition of an indicator id ("" when unknown to this version)."""
    return _(_DEFINITIONS[key]) if key in _DEFINITIONS else ""

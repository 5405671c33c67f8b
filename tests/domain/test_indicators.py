"""The indicator rules on tiny hand-made inputs (no database)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pairdesk.domain.dates import add_months
from pairdesk.domain.indicators import (
    INDICATOR_IDS,
    ActivityRecord,
    AssessmentRecord,
    ContractRecord,
    GoalRecord,
    IndicatorData,
    IndicatorReport,
    MemberRecord,
    RegistrationRecord,
    RetentionCheckRecord,
    WorkshopRecord,
    active_participant_ids,
    assessment_changes,
    attendance_counts,
    compute_report,
    goal_open_during,
    is_durable_employment,
    is_employment_access,
    members_at_end_count,
    new_member_count,
    retention_counts,
    retention_scope_end,
    retention_scope_start,
    satisfaction_scores,
)

D = dt.date
START, END = D(2026, 1, 1), D(2026, 6, 30)
#: The day the figures are computed, after the period unless a test says otherwise.
TODAY = D(2026, 11, 25)


def workshop(wid: int, on: dt.date, *, cancelled: bool = False, kind: str = "cv") -> WorkshopRecord:
    return WorkshopRecord(wid, kind, on, cancelled)


def reg(
    wid: int, pid: int, attendance: str | None, satisfaction: int | None = None
) -> RegistrationRecord:
    return RegistrationRecord(wid, pid, attendance, satisfaction)


def contract(
    kind: str,
    started: dt.date,
    planned_end: dt.date | None = None,
    ended: dt.date | None = None,
    *,
    cid: int = 1,
    pid: int = 1,
) -> ContractRecord:
    return ContractRecord(cid, pid, kind, started, planned_end, ended)


# ------------------------------------------------------------------ month arithmetic


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (D(2026, 1, 31), 6, D(2026, 7, 31)),
        (D(2026, 1, 31), 1, D(2026, 2, 28)),
        (D(2028, 1, 31), 1, D(2028, 2, 29)),
        (D(2025, 8, 31), 6, D(2026, 2, 28)),
        (D(2025, 12, 15), 18, D(2027, 6, 15)),
        (D(2026, 3, 31), -1, D(2026, 2, 28)),
    ],
)
def testadd_months(day: dt.date, months: int, expected: dt.date) -> None:
    assert add_months(day, months) == expected


@given(st.dates(min_value=D(1950, 1, 1), max_value=D(2150, 12, 31)), st.integers(-240, 240))
def test_add_months_moves_whole_months_and_never_overshoots(day: dt.date, months: int) -> None:
    result = add_months(day, months)
    assert (result.year * 12 + result.month) - (day.year * 12 + day.month) == months
    assert result.day == day.day or (
        result.day < day.day and (result + dt.timedelta(days=1)).day == 1
    )


# ------------------------------------------------------------------ membership and activity


def test_period_bounds_are_inclusive_for_new_members_and_activity() -> None:
    members = [
        MemberRecord(1, D(2026, 1, 1), None),  # first day: new
        MemberRecord(2, D(2026, 6, 30), None),  # last day: new
        MemberRecord(3, D(2025, 12, 31), None),  # day before: not new
        MemberRecord(4, D(2026, 7, 1), None),  # day after: not new
    ]
    assert new_member_count(members, START, END) == 2
    data = IndicatorData(
        activities=[
            ActivityRecord(1, D(2026, 1, 1)),
            ActivityRecord(2, D(2026, 6, 30)),
            ActivityRecord(3, D(2025, 12, 31)),
            ActivityRecord(4, D(2026, 7, 1)),
        ]
    )
    assert active_participant_ids(data, START, END, TODAY) == {1, 2}


def test_members_at_end_needs_a_start_by_the_end_and_no_end_on_or_before_it() -> None:
    members = [
        MemberRecord(1, D(2025, 1, 1), None),  # counts
        MemberRecord(2, D(2026, 6, 30), None),  # started on the last day: counts
        MemberRecord(3, D(2026, 7, 1), None),  # starts after: no
        MemberRecord(4, D(2025, 1, 1), D(2026, 6, 30)),  # ended on the last day: no
        MemberRecord(5, D(2025, 1, 1), D(2026, 7, 1)),  # ends after: counts
        MemberRecord(6, D(2025, 1, 1), D(2026, 3, 1)),  # ended during: no
    ]
    assert members_at_end_count(members, END) == 3


def test_only_present_at_a_held_workshop_makes_someone_active() -> None:
    data = IndicatorData(
        workshops=[
            workshop(1, D(2026, 2, 1)),
            workshop(2, D(2026, 3, 1), cancelled=True),
            workshop(3, D(2025, 12, 1)),
        ],
        registrations=[
            reg(1, 10, "present"),
            reg(1, 11, "absent"),
            reg(1, 12, "excused"),
            reg(1, 13, None),
            reg(2, 14, "present"),  # cancelled workshop
            reg(3, 15, "present"),  # outside the period
        ],
    )
    assert active_participant_ids(data, START, END, TODAY) == {10}


# ------------------------------------------------------------------ attendance and satisfaction


def test_attendance_excludes_excused_unmarked_cancelled_and_outside() -> None:
    data = IndicatorData(
        workshops=[
            workshop(1, D(2026, 1, 1)),
            workshop(2, D(2026, 6, 30)),
            workshop(3, D(2026, 3, 1), cancelled=True),
            workshop(4, D(2026, 7, 1)),
        ],
        registrations=[
            reg(1, 1, "present", 5),
            reg(1, 2, "absent", None),
            reg(1, 3, "excused", None),
            reg(2, 1, "present", 3),
            reg(2, 2, None, None),
            reg(3, 1, "absent", 1),
            reg(4, 1, "absent", 1),
        ],
    )
    # present: (1,1) (2,1) = 2; absent: (1,2) = 1; denominator 2 + 1 = 3
    assert attendance_counts(data, START, END, TODAY) == (2, 3)
    assert satisfaction_scores(data, START, END, TODAY) == [5, 3]
    report = compute_report(data, START, END, today=TODAY)
    rate = report.items["attendance_rate"]
    assert (rate.numerator, rate.denominator) == (2, 3)
    assert rate.value == pytest.approx(2 / 3)
    mean = report.items["satisfaction_mean"]
    assert (mean.value, mean.numerator, mean.denominator) == (4.0, 8, 2)
    held = report.items["workshops_held"]
    assert (held.value, held.numerator, held.denominator) == (2, 2, None)
    assert held.breakdown == {
        "cv": 2,
        "interview": 0,
        "offer_sharing": 0,
        "information": 0,
        "awareness": 0,
        "cross_training": 0,
        "other": 0,
    }


def test_workshops_dated_after_today_are_planned_not_held() -> None:
    # Today is 10 March 2026, inside the period 2026-01-01 .. 2026-06-30.
    today = D(2026, 3, 10)
    data = IndicatorData(
        workshops=[
            workshop(1, D(2026, 3, 9)),  # yesterday: held
            workshop(2, D(2026, 3, 10), kind="interview"),  # today: held from its day on
            workshop(3, D(2026, 3, 11)),  # tomorrow: planned
            workshop(4, D(2026, 3, 9), cancelled=True),  # cancelled: never held
            workshop(5, D(2026, 6, 30), kind="information"),  # last day of the period: planned
        ],
        registrations=[
            reg(1, 1, "present", 4),
            reg(2, 2, "present", 5),
            reg(3, 3, "present", 1),  # marked ahead of its day (a date moved later): ignored
            reg(4, 5, "present", 2),  # cancelled: ignored
            reg(5, 4, "absent", None),  # planned: ignored
        ],
    )
    report = compute_report(data, START, END, today=today)
    # held: W1, W2 = 2 (cv 1, interview 1); W3 and W5 are after today, W4 is cancelled
    held = report.items["workshops_held"]
    assert (held.value, held.breakdown["cv"], held.breakdown["interview"]) == (2, 1, 1)
    assert held.breakdown["information"] == 0
    # present at held workshops: (W1, P1) and (W2, P2); nobody absent → 2 / 2
    assert attendance_counts(data, START, END, today) == (2, 2)
    # scores at held workshops: 4 and 5 → 9 / 2 = 4.5
    assert satisfaction_scores(data, START, END, today) == [4, 5]
    # P3's mark at the planned W3 is no activity yet
    assert active_participant_ids(data, START, END, today) == {1, 2}

    # Computed again on the last day of the period, W3 and W5 are held too: 4 workshops
    # (W4 still cancelled); present P1, P2, P3 = 3, absent P4 = 1 → 3 / 4
    late = compute_report(data, START, END, today=END)
    assert late.items["workshops_held"].value == 4
    assert (late.items["attendance_rate"].numerator, late.items["attendance_rate"].denominator) == (
        3,
        4,
    )


def test_satisfaction_ignores_out_of_range_scores() -> None:
    data = IndicatorData(
        workshops=[workshop(1, D(2026, 2, 1))],
        registrations=[reg(1, 1, "present", 0), reg(1, 2, "present", 6), reg(1, 3, "present", 2)],
    )
    assert satisfaction_scores(data, START, END, TODAY) == [2]


def test_zero_denominators_give_none_never_zero() -> None:
    report = compute_report(IndicatorData(), START, END, today=TODAY)
    assert tuple(report.items) == INDICATOR_IDS
    for key in (
        "attendance_rate",
        "satisfaction_mean",
        "with_goal_rate",
        "employment_access_rate",
        "durable_employment_rate",
        "retention_rate_6m",
        "retention_rate_12m",
        "retention_rate_18m",
        "self_assessment_change",
        "confidence_regained_rate",
    ):
        item = report.items[key]
        assert item.value is None, key
        assert item.denominator == 0, key
    for key in (
        "active_participants",
        "new_members",
        "members_at_end",
        "workshops_held",
        "esat_starts",
    ):
        item = report.items[key]
        assert (item.value, item.numerator, item.denominator) == (0, 0, None), key
    assert report.items["self_assessment_change"].breakdown == {
        "confidence": None,
        "job_search": None,
        "work_readiness": None,
        "stress": None,
        "social_support": None,
        "autonomy": None,
    }
    json.dumps(report.as_json())


# ------------------------------------------------------------------ goals


@pytest.mark.parametrize(
    ("status", "opened", "closed", "expected"),
    [
        ("open", D(2025, 1, 1), None, True),
        ("open", D(2026, 6, 30), None, True),  # opened on the last day
        ("open", D(2026, 7, 1), None, False),  # opened after
        ("reached", D(2025, 1, 1), D(2026, 1, 1), True),  # reached on the first day
        ("reached", D(2025, 1, 1), D(2025, 12, 31), False),  # reached before
        ("abandoned", D(2025, 1, 1), D(2026, 3, 1), True),  # abandoned during: was open
        ("abandoned", D(2025, 1, 1), D(2025, 12, 31), False),  # abandoned before
    ],
)
def test_goal_open_during(
    status: str, opened: dt.date, closed: dt.date | None, expected: bool
) -> None:
    assert goal_open_during(GoalRecord(1, status, opened, closed), START, END) is expected


def test_with_goal_rate_counts_only_active_participants() -> None:
    data = IndicatorData(
        activities=[ActivityRecord(1, D(2026, 2, 1)), ActivityRecord(2, D(2026, 2, 1))],
        goals=[
            GoalRecord(1, "open", D(2026, 1, 5), None),
            GoalRecord(1, "reached", D(2025, 1, 5), D(2026, 2, 1)),  # same person: once
            GoalRecord(3, "open", D(2026, 1, 5), None),  # not active
        ],
    )
    item = compute_report(data, START, END, today=TODAY).items["with_goal_rate"]
    assert (item.value, item.numerator, item.denominator) == (0.5, 1, 2)


# ------------------------------------------------------------------ employment


@pytest.mark.parametrize(
    ("kind", "started", "planned_end", "expected"),
    [
        ("cdi", D(2026, 1, 1), None, True),
        # End dates are the last day worked: 01/01 → 31/01 is 31 days, first and last included.
        ("cdd", D(2026, 1, 1), D(2026, 1, 31), True),
        # 01/01 → 30/01 is 30 days (30/01 + 1 day = 31/01 = 01/01 + 30 days): counts. Before
        # issue 10 the rule subtracted the dates (29) and left this contract out.
        ("cdd", D(2026, 1, 1), D(2026, 1, 30), True),
        ("cdd", D(2026, 1, 1), D(2026, 1, 29), False),  # 29 days
        ("cdd", D(2026, 6, 1), D(2026, 6, 30), True),  # the whole of June: 30 days
        ("cdd", D(2026, 6, 1), D(2026, 6, 29), False),  # 29 days
        ("interim", D(2026, 2, 1), D(2026, 3, 2), True),  # 28 + 2 = 30 days
        ("interim", D(2026, 2, 1), D(2026, 3, 1), False),  # 28 + 1 = 29 days
        ("interim", D(2028, 2, 1), D(2028, 3, 1), True),  # leap year: 29 + 1 = 30 days
        ("interim", D(2026, 1, 1), None, True),
        ("contrat_aide", D(2026, 1, 1), D(2026, 12, 31), True),
        ("entreprise_adaptee", D(2026, 1, 1), D(2026, 3, 1), True),
        ("esat", D(2026, 1, 1), None, False),
    ],
)
def test_employment_access(
    kind: str, started: dt.date, planned_end: dt.date | None, expected: bool
) -> None:
    assert is_employment_access(contract(kind, started, planned_end)) is expected


@pytest.mark.parametrize(
    ("kind", "started", "planned_end", "expected"),
    [
        ("cdi", D(2026, 1, 1), D(2026, 1, 10), True),  # a CDI is durable whatever is planned
        # Six months in French usage: 01/11/2026 → 30/04/2027, as 30/04 + 1 day = 01/05 =
        # 01/11 + 6 months. Before issue 10 the rule wanted an end on 01/05 or later.
        ("cdd", D(2026, 11, 1), D(2027, 4, 30), True),
        ("cdd", D(2026, 11, 1), D(2027, 4, 29), False),  # one day short
        # 31 Jan + 6 months = 31 Jul: the last day is 30 Jul (was False before issue 10).
        ("cdd", D(2026, 1, 31), D(2026, 7, 31), True),
        ("cdd", D(2026, 1, 31), D(2026, 7, 30), True),
        ("cdd", D(2026, 1, 31), D(2026, 7, 29), False),
        # Start on 31/08: + 6 months clamps to 28/02 (no 31 February), so a contract to
        # 27/02 lasts six months (27/02 + 1 = 28/02; was False before issue 10), 26/02 not.
        ("interim", D(2025, 8, 31), D(2026, 2, 28), True),
        ("interim", D(2025, 8, 31), D(2026, 2, 27), True),
        ("interim", D(2025, 8, 31), D(2026, 2, 26), False),
        # Same start in 2027: + 6 months = 29/02/2028 (leap year), so 28/02/2028 counts.
        ("cdd", D(2027, 8, 31), D(2028, 2, 28), True),
        ("cdd", D(2027, 8, 31), D(2028, 2, 27), False),
        # Start on 29/02/2028: + 6 months = 29/08/2028, so the last day may be 28/08.
        ("entreprise_adaptee", D(2028, 2, 29), D(2028, 8, 28), True),
        ("entreprise_adaptee", D(2028, 2, 29), D(2028, 8, 27), False),
        ("entreprise_adaptee", D(2026, 1, 1), None, True),
        ("cdd", D(2026, 1, 1), None, True),
        ("contrat_aide", D(2026, 1, 1), None, False),  # not in DESIGN's durable list
        ("esat", D(2026, 1, 1), None, False),
    ],
)
def test_durable_employment(
    kind: str, started: dt.date, planned_end: dt.date | None, expected: bool
) -> None:
    assert is_durable_employment(contract(kind, started, planned_end)) is expected


def test_employment_rates_and_esat_starts_count_active_people_once() -> None:
    data = IndicatorData(
        activities=[ActivityRecord(pid, D(2026, 3, 1)) for pid in (1, 2, 3, 4)],
        contracts=[
            contract("cdi", D(2026, 2, 1), cid=1, pid=1),
            contract("cdd", D(2026, 3, 1), D(2026, 12, 31), cid=2, pid=1),  # same person again
            contract("cdd", D(2026, 3, 1), D(2026, 3, 20), cid=3, pid=2),  # 20 days: too short
            # 30/06 → 15/09: 1 + 31 + 31 + 15 = 78 days, first and last included: access;
            # 15/09 + 1 day < 30/06 + 6 months = 30/12: not durable
            contract("interim", D(2026, 6, 30), D(2026, 9, 15), cid=4, pid=3),
            contract("cdi", D(2025, 12, 31), cid=5, pid=4),  # started before the period
            contract("cdi", D(2026, 2, 1), cid=6, pid=9),  # person 9 not active
            contract("esat", D(2026, 1, 1), cid=7, pid=2),
            contract("esat", D(2026, 4, 1), cid=8, pid=2),
            contract("esat", D(2026, 4, 1), cid=9, pid=9),  # not active
        ],
    )
    items = compute_report(data, START, END, today=TODAY).items
    # access: person 1 (cdi), person 3 (interim of 78 days) → 2 / 4 active
    assert (
        items["employment_access_rate"].numerator,
        items["employment_access_rate"].denominator,
    ) == (2, 4)
    assert items["employment_access_rate"].value == 0.5
    # durable: person 1 only → 1 / 4
    assert (items["durable_employment_rate"].value, items["durable_employment_rate"].numerator) == (
        0.25,
        1,
    )
    # ESAT: contracts 7 and 8 of active person 2
    assert (items["esat_starts"].value, items["esat_starts"].denominator) == (2, None)


def test_a_contract_starting_after_today_is_not_yet_a_job_start() -> None:
    """A contract signed in advance (it starts on 1 May; the report is made on 10 March,
    mid-period) is not a job start yet: not access to employment, not durable employment,
    not an ESAT start, no placement for its employer. On 1 May it is all of these."""
    today = D(2026, 3, 10)
    data = IndicatorData(
        activities=[ActivityRecord(pid, D(2026, 2, 1)) for pid in (1, 2, 3)],
        contracts=[
            ContractRecord(1, 1, "cdi", D(2026, 5, 1), None, None, employer_id=7),  # later
            ContractRecord(2, 2, "esat", D(2026, 5, 1), None, None, employer_id=8),  # later
            ContractRecord(3, 3, "cdi", D(2026, 3, 10), None, None, employer_id=9),  # today
        ],
    )
    report = compute_report(data, START, END, today=today)
    items = report.items
    assert _triple(report, "employment_access_rate")[1:] == (1, 3)
    assert items["durable_employment_rate"].numerator == 1
    assert items["esat_starts"].value == 0
    assert items["employers_with_placement"].value == 1  # employer 9
    on_may_first = compute_report(data, START, END, today=D(2026, 5, 1)).items
    assert on_may_first["employment_access_rate"].numerator == 2
    assert on_may_first["durable_employment_rate"].numerator == 2
    assert on_may_first["esat_starts"].value == 1
    assert on_may_first["employers_with_placement"].value == 3


# ------------------------------------------------------------------ retention


def test_retention_milestones_checks_and_effective_end() -> None:
    contracts = [
        # milestone 2026-01-01 (first day), no end: employed
        contract("cdi", D(2025, 7, 1), cid=1),
        # milestone 31 Jan + 6 months = 2026-07-31: out of the period
        contract("cdi", D(2026, 1, 31), cid=2),
        # milestone 2026-06-30 (last day); ended that very day: still employed then
        contract("cdd", D(2025, 12, 30), D(2027, 1, 1), D(2026, 6, 30), cid=3),
        # milestone 2026-03-01; ended the day before: not employed
        contract("cdd", D(2025, 9, 1), D(2026, 12, 31), D(2026, 2, 28), cid=4),
        # milestone 2026-04-01; planned end before, no actual end: not employed…
        contract("interim", D(2025, 10, 1), D(2026, 3, 1), cid=5),
        # milestone 2026-05-01; open-ended, but a check says not employed
        contract("cdi", D(2025, 11, 1), cid=6),
        # ESAT: never a job start
        contract("esat", D(2025, 10, 1), cid=7),
        # CDD of 21 days (01/10 → 21/10, both included): not a job start
        contract("cdd", D(2025, 10, 1), D(2025, 10, 21), cid=8),
        # 6-month CDD 01/07/2025 → 31/12/2025 (a job start): its milestone 2026-01-01 is the
        # day after its last day, so not employed then
        contract("cdd", D(2025, 7, 1), D(2025, 12, 31), cid=9),
    ]
    checks = [
        RetentionCheckRecord(5, 6, True),  # …but the check says employed: it decides
        RetentionCheckRecord(6, 6, False),
        RetentionCheckRecord(1, 12, False),  # another milestone: ignored for 6 months
    ]
    # in scope: 1, 3, 4, 5, 6, 9 = 6; employed: 1, 3, 5 = 3
    assert retention_counts(contracts, checks, 6, START, END, TODAY) == (3, 6)


def test_retention_milestones_a_month_from_the_period_s_edges() -> None:
    """The shortest and the longest month: ``retention_counts`` skips contracts by their
    start's distance from the period (28 to 31 days a month) before any month arithmetic."""
    contracts = [
        # 31/01/2026 + 1 month = 28/02/2026 (28 days later): the period's last day
        contract("cdi", D(2026, 1, 31), cid=1),
        # 01/01/2026 + 1 month = 01/02/2026 (31 days later): the period's first day
        contract("cdi", D(2026, 1, 1), cid=2),
        # 31/12/2025 + 1 month = 31/01/2026: the day before the period
        contract("cdi", D(2025, 12, 31), cid=3),
        # 01/02/2026 + 1 month = 01/03/2026: the day after
        contract("cdi", D(2026, 2, 1), cid=4),
    ]
    february = (D(2026, 2, 1), D(2026, 2, 28))
    assert retention_counts(contracts, [], 1, *february, D(2026, 3, 10)) == (2, 2)


def test_retention_milestones_after_today_are_not_yet_in_scope() -> None:
    # Today is 10 March 2026, inside the period 2026-01-01 .. 2026-06-30.
    today = D(2026, 3, 10)
    contracts = [
        # milestone 2026-03-09 (yesterday), open-ended: in scope, employed
        contract("cdi", D(2025, 9, 9), cid=1),
        # milestone 2026-03-10 (today), ended 2026-02-01: in scope, not employed
        contract("cdd", D(2025, 9, 10), D(2026, 8, 31), D(2026, 2, 1), cid=2),
        # milestone 2026-03-11 (tomorrow), open-ended: not yet known, out of scope
        contract("cdi", D(2025, 9, 11), cid=3),
        # milestone 2026-06-30 (last day of the period): out of scope, even with a check
        contract("cdi", D(2025, 12, 30), cid=4),
        # 31/08/2025 + 6 months = 28/02/2026: in scope, employed
        contract("interim", D(2025, 8, 31), D(2026, 8, 31), cid=5),
    ]
    checks = [RetentionCheckRecord(4, 6, True)]
    # in scope: 1, 2, 5 = 3; employed: 1, 5 = 2
    assert retention_counts(contracts, checks, 6, START, END, today) == (2, 3)
    item = compute_report(
        IndicatorData(contracts=contracts, retention_checks=checks), START, END, today=today
    ).items["retention_rate_6m"]
    assert (item.numerator, item.denominator) == (2, 3)
    # Computed on the last day of the period, 3 and 4 are in scope (both employed): 4 / 5
    assert retention_counts(contracts, checks, 6, START, END, END) == (4, 5)


def test_activities_dated_after_today_are_not_activity_yet() -> None:
    # Today is 10 March 2026, inside the period 2026-01-01 .. 2026-06-30.
    today = D(2026, 3, 10)
    data = IndicatorData(
        activities=[
            ActivityRecord(1, D(2026, 3, 9)),  # yesterday: counts
            ActivityRecord(2, D(2026, 3, 10)),  # today: counts
            ActivityRecord(3, D(2026, 3, 11)),  # tomorrow (a planned step): not yet
            ActivityRecord(4, D(2026, 6, 30)),  # last day of the period: not yet
        ],
        contracts=[
            contract("cdi", D(2026, 2, 1), cid=1, pid=1),
            contract("cdi", D(2026, 2, 1), cid=3, pid=3),
        ],
    )
    assert active_participant_ids(data, START, END, today) == {1, 2}
    items = compute_report(data, START, END, today=today).items
    assert items["active_participants"].value == 2
    # P3's job start does not count: P3 has no activity yet → 1 / 2
    access = items["employment_access_rate"]
    assert (access.numerator, access.denominator) == (1, 2)
    # On the last day of the period everyone is active: 2 job starts / 4
    late = compute_report(data, START, END, today=END).items["employment_access_rate"]
    assert (late.numerator, late.denominator) == (2, 4)


# ------------------------------------------------------------------ self-assessment


def assessment(aid: int, pid: int, on: dt.date, **ratings: int) -> AssessmentRecord:
    return AssessmentRecord(aid, pid, on, ratings)


def test_self_assessment_change_latest_in_period_minus_earliest_ever() -> None:
    assessments = [
        # person 1: earliest 2025, a later one after the period is ignored
        assessment(1, 1, D(2025, 5, 1), confidence=2, stress=3),
        assessment(2, 1, D(2026, 2, 1), confidence=3, stress=3),
        assessment(3, 1, D(2026, 6, 30), confidence=4, stress=2, autonomy=5),
        assessment(4, 1, D(2026, 8, 1), confidence=1, stress=1),
        # person 2: only one assessment
        assessment(5, 2, D(2026, 3, 1), confidence=5),
        # person 3: latest before the end is before the period
        assessment(6, 3, D(2025, 1, 1), confidence=1),
        assessment(7, 3, D(2025, 6, 1), confidence=4),
        # person 4: two in the period, same day: ordered by id; no confidence later
        assessment(8, 4, D(2026, 4, 1), confidence=3, job_search=1),
        assessment(9, 4, D(2026, 4, 1), job_search=4),
        # person 5: no common domain
        assessment(10, 5, D(2026, 1, 1), confidence=3),
        assessment(11, 5, D(2026, 2, 1), stress=3),
    ]
    changes = assessment_changes(assessments, START, END, TODAY)
    assert [c.participant_id for c in changes] == [1, 4]
    assert changes[0].deltas == {"confidence": 2, "stress": -1}
    assert changes[1].deltas == {"job_search": 3}
    item = compute_report(IndicatorData(assessments=assessments), START, END, today=TODAY).items
    # person 1: (2 + -1) / 2 = 0.5; person 4: 3 → sum 3.5 over 2 = 1.75
    change = item["self_assessment_change"]
    assert (change.value, change.numerator, change.denominator) == (1.75, 3.5, 2)
    assert change.breakdown["confidence"] == 2.0
    assert change.breakdown["stress"] == -1.0
    assert change.breakdown["job_search"] == 3.0
    assert change.breakdown["autonomy"] is None
    # confidence in both: only person 1 (2 → 4, up) → 1 / 1
    regained = item["confidence_regained_rate"]
    assert (regained.value, regained.numerator, regained.denominator) == (1.0, 1, 1)


def test_a_self_assessment_dated_after_today_is_not_yet_the_latest() -> None:
    """The latest self-assessment is the latest dated by the end of the period *and* by
    today: one planned for 1 May (confidence 9) says nothing yet on 10 March."""
    assessments = [
        assessment(1, 1, D(2025, 6, 1), confidence=2, stress=4),
        assessment(2, 1, D(2026, 2, 1), confidence=2, stress=3),  # the latest by today
        assessment(3, 1, D(2026, 5, 1), confidence=9, stress=1),  # after today
        # person 2: the only later one is after today, the earlier one is before the period
        assessment(4, 2, D(2025, 6, 1), confidence=1),
        assessment(5, 2, D(2026, 4, 1), confidence=5),
    ]
    today = D(2026, 3, 10)
    (change,) = assessment_changes(assessments, START, END, today)
    assert (change.participant_id, change.deltas) == (1, {"confidence": 0, "stress": -1})
    report = compute_report(IndicatorData(assessments=assessments), START, END, today=today)
    assert _triple(report, "self_assessment_change") == (-0.5, -0.5, 1)
    assert _triple(report, "confidence_regained_rate") == (0.0, 0, 1)
    # once 1 May has come: person 1 +7 and −3 → mean 2; person 2 +4 → (2 + 4) / 2
    later = compute_report(IndicatorData(assessments=assessments), START, END, today=END)
    assert _triple(later, "self_assessment_change") == (3.0, 6.0, 2)
    assert _triple(later, "confidence_regained_rate") == (1.0, 2, 2)


def test_a_domain_unknown_to_this_version_counts_in_the_mean_not_in_the_breakdown() -> None:
    # written by a newer pairdesk: "x" is rated in both assessments
    assessments = [
        assessment(1, 1, D(2025, 1, 1), confidence=2, x=1),
        assessment(2, 1, D(2026, 1, 1), confidence=3, x=5),
    ]
    (change,) = assessment_changes(assessments, START, END, TODAY)
    assert (change.deltas, change.total, change.rated) == ({"confidence": 1}, 5, 2)
    item = compute_report(IndicatorData(assessments=assessments), START, END, today=TODAY).items
    mean = item["self_assessment_change"]
    assert (mean.value, mean.numerator, mean.denominator) == (2.5, 2.5, 1)
    assert "x" not in mean.breakdown and mean.breakdown["confidence"] == 1.0


def test_confidence_unchanged_or_down_is_not_regained() -> None:
    assessments = [
        assessment(1, 1, D(2025, 1, 1), confidence=3),
        assessment(2, 1, D(2026, 1, 1), confidence=3),
        assessment(3, 2, D(2025, 1, 1), confidence=4),
        assessment(4, 2, D(2026, 1, 1), confidence=2),
    ]
    item = compute_report(IndicatorData(assessments=assessments), START, END, today=TODAY).items
    regained = item["confidence_regained_rate"]
    assert (regained.value, regained.numerator, regained.denominator) == (0.0, 0, 2)
    assert item["self_assessment_change"].value == -1.0


def test_labels_and_definitions_are_filled_and_json_has_exactly_the_ids() -> None:
    report = compute_report(IndicatorData(), START, END, today=TODAY)
    payload = report.as_json()
    assert list(payload) == list(INDICATOR_IDS)
    for key, entry in payload.items():
        assert set(entry) == {
            "value",
            "numerator",
            "denominator",
            "definition",
            "label",
            "breakdown",
        }
        assert isinstance(entry["definition"], str) and entry["definition"], key
        assert report.items[key].label


# ------------------------------------------------------------------ employers (issue 15)


def _triple(report: IndicatorReport, key: str) -> tuple[object, object, object]:
    item = report.items[key]
    return item.value, item.numerator, item.denominator


def test_employer_indicators_on_a_hand_computed_fixture() -> None:
    from pairdesk.domain.indicators import EMPLOYER_INDICATOR_IDS, EmployerRecord

    today = D(2026, 5, 15)
    data = IndicatorData(
        contracts=[
            ContractRecord(1, 1, "cdd", D(2026, 2, 1), None, None, employer_id=10),  # in
            ContractRecord(2, 2, "cdi", D(2026, 3, 1), None, None, employer_id=10),  # same
            ContractRecord(3, 3, "cdi", D(2025, 12, 31), None, None, employer_id=11),  # before
            ContractRecord(4, 4, "cdi", D(2026, 3, 1), None, None),  # not linked
            # last day of the period, but after today: not started yet
            ContractRecord(5, 5, "esat", D(2026, 6, 30), None, None, employer_id=12),
            ContractRecord(6, 6, "cdi", D(2026, 7, 1), None, None, employer_id=13),  # after
        ],
        employers=[
            EmployerRecord(10, D(2025, 6, 1)),  # before
            EmployerRecord(11, D(2026, 1, 1)),  # first day
            EmployerRecord(12, D(2026, 6, 30)),  # last day
            EmployerRecord(13, D(2026, 7, 1)),  # after
        ],
        workshops=[
            WorkshopRecord(1, "awareness", D(2026, 2, 10), False, 25),
            WorkshopRecord(2, "awareness", D(2026, 3, 10), False, None),  # no number: +0
            WorkshopRecord(3, "awareness", D(2026, 4, 1), True, 30),  # cancelled
            WorkshopRecord(4, "awareness", D(2026, 6, 1), False, 40),  # after today: planned
            WorkshopRecord(5, "cross_training", D(2026, 2, 20), False, 12),  # not awareness
            WorkshopRecord(6, "awareness", D(2025, 12, 15), False, 9),  # before the period
        ],
    )
    report = compute_report(data, START, END, today=today)
    # employer 10 (contracts 1 and 2, counted once) → 1; 11 started before, contract 4 has
    # no employer, 12's starts on 30/06, after today, 13 after the period
    assert _triple(report, "employers_with_placement") == (1, 1, None)
    # on the last day of the period, 12's has started (the last day included) → 2
    last_day = compute_report(data, START, END, today=END)
    assert _triple(last_day, "employers_with_placement") == (2, 2, None)
    # entered 01/01 (11) and 30/06 (12) → 2
    assert _triple(report, "new_employers") == (2, 2, None)
    # awareness W1 and W2 held → 2; reached 25 + 0 = 25
    assert _triple(report, "awareness_sessions") == (2, 2, None)
    assert _triple(report, "awareness_people_reached") == (25, 25, None)
    # the cross-training is in the workshops held, by kind
    assert report.items["workshops_held"].breakdown["cross_training"] == 1
    assert report.items["workshops_held"].breakdown["awareness"] == 2
    for key in EMPLOYER_INDICATOR_IDS:
        item = report.items[key]
        assert item.label and item.definition and item.label != key


def test_employer_indicators_of_an_empty_period_are_zero() -> None:
    from pairdesk.domain.indicators import EMPLOYER_INDICATOR_IDS

    report = compute_report(IndicatorData(), START, END, today=TODAY)
    assert EMPLOYER_INDICATOR_IDS == (
        "employers_with_placement",
        "new_employers",
        "awareness_sessions",
        "awareness_people_reached",
    )
    for key in EMPLOYER_INDICATOR_IDS:
        assert _triple(report, key) == (0, 0, None), key


def test_no_contract_before_the_retention_scope_reaches_a_milestone_in_the_period() -> None:
    """The service reads contracts from ``retention_scope_start``: one started the day
    before never reaches a milestone on or after the period's start, month ends and leap
    days included; one started on it may (so the bound is not far looser than needed)."""
    reached_on_the_bound = 0
    for offset in range(0, 4 * 366):
        start = D(2025, 1, 1) + dt.timedelta(days=offset)
        bound = retention_scope_start(start)
        for months in (6, 12, 18):
            assert add_months(bound - dt.timedelta(days=1), months) < start
        reached_on_the_bound += add_months(bound + dt.timedelta(days=27), 18) >= start
    assert reached_on_the_bound > 0
    assert retention_scope_start(dt.date.min + dt.timedelta(days=3)) == dt.date.min


def test_no_contract_after_the_retention_scope_end_reaches_a_milestone_by_then() -> None:
    """The service reads job starts up to ``retention_scope_end``: one started the day after
    reaches no milestone by the period's end (or today, if earlier), month ends and leap
    days included; one started on it may be close (so the bound is not far looser)."""
    closest = dt.timedelta.max
    for offset in range(0, 4 * 366):
        up_to = D(2025, 1, 1) + dt.timedelta(days=offset)
        bound = retention_scope_end(up_to, up_to + dt.timedelta(days=offset % 3))
        assert bound == retention_scope_end(up_to + dt.timedelta(days=5), up_to)  # today first
        for months in (6, 12, 18):
            assert add_months(bound + dt.timedelta(days=1), months) > up_to
        closest = min(closest, add_months(bound, 6) - up_to)
    assert closest <= dt.timedelta(days=20)
    assert retention_scope_end(dt.date.min + dt.timedelta(days=3), dt.date.max) == dt.date.min

"""The shared indicators over a small vault built by hand, each number worked out on paper.

Period: 2026-01-01 .. 2026-06-30, both days included.

Participants (membership start → end):
  P1  2024-03-01 → –            P7  2025-05-01 → 2026-07-15
  P2  2025-09-15 → –            P8  2026-07-01 → –          (joins after the period)
  P3  2026-01-01 → –            P9  2023-01-01 → 2025-12-31
  P4  2026-02-10 → 2026-05-31   P10 2025-10-01 → –
  P5  2026-06-30 → –            P11 2025-02-01 → –
  P6  2025-01-01 → 2026-06-30   P12 2026-03-03 → –

Workshops:
  W1 cv            2026-01-01            W4 offer_sharing 2026-06-30
  W2 interview     2026-02-15            W5 information   2025-12-20  (outside)
  W3 cv            2026-04-10 cancelled  W6 cv            2026-05-05

Registrations (attendance, satisfaction):
  W1: P1 present 5, P2 present 4, P3 absent, P4 excused
  W2: P1 present 3, P5 absent, P6 present (no score)
  W3: P7 present 1, P8 absent                      (cancelled: ignored)
  W4: P2 present 2, P10 excused, P11 not marked
  W5: P9 present 1, P12 absent                     (outside: ignored)
  W6: P3 present 4, P12 absent

Other activity: pathway event P4 2026-03-01 (in), P9 2025-12-31 (out); mock interview
P7 2026-06-30 (in); offer share P10 2026-01-01 (in), P11 2026-07-01 (out);
self-assessments (below) put P1, P2, P5, P6 in the period.

The figures are computed on the fixture's today, 2026-11-25, after the period, so every
workshop not cancelled is held; the tests at the end move today into the period.

Contract end dates are the last day worked (French usage): C20 (P2, 01/01 → 30/06, six
months) and C21 (P10, 01/06 → 30/06, 30 days) were added for issue 10: the old rules,
reading the end as exclusive, counted neither.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy.orm import Session

from pairdesk.domain.indicators import INDICATOR_IDS
from pairdesk.errors import InvalidInput
from pairdesk.services import documents, month_totals, workshops
from pairdesk.services.context import ServiceContext
from pairdesk.services.indicators import IndicatorReport, compute_indicators
from pairdesk.store.models import (
    Goal,
    JobOffer,
    MockInterview,
    OfferShare,
    PathwayEvent,
    Registration,
    RetentionCheck,
    SelfAssessment,
    SelfAssessmentRating,
)
from tests.factories import insert_contract, insert_participant, insert_workshop

pytestmark = pytest.mark.both_engines  # also on PostgreSQL (tests/pg.py)

D = dt.date
START, END = D(2026, 1, 1), D(2026, 6, 30)


def _register(
    session: Session,
    workshop: int,
    participant: int,
    attendance: str | None,
    satisfaction: int | None = None,
) -> None:
    session.add(
        Registration(
            workshop_id=workshop,
            participant_id=participant,
            attendance=attendance,
            satisfaction=satisfaction,
            registered_on=D(2025, 12, 1),
        )
    )


def _contract(
    session: Session,
    participant: int,
    kind: str,
    started: dt.date,
    planned_end: dt.date | None = None,
    ended: dt.date | None = None,
) -> int:
    return insert_contract(
        session, participant, started, kind, planned_end_on=planned_end, ended_on=ended
    )


def _assess(session: Session, participant: int, on: dt.date, **ratings: int) -> None:
    session.add(
        SelfAssessment(
            participant_id=participant,
            assessed_on=on,
            ratings=[SelfAssessmentRating(domain=d, rating=r) for d, r in ratings.items()],
        )
    )


def _build(ctx: ServiceContext) -> None:
    with ctx.transaction() as s:
        p1 = insert_participant(s, "Alix", "Test", membership_start=D(2024, 3, 1))
        p2 = insert_participant(s, "Bastien", "Test", membership_start=D(2025, 9, 15))
        p3 = insert_participant(s, "Capucine", "Test", membership_start=D(2026, 1, 1))
        p4 = insert_participant(
            s, "Dorian", "Test", membership_start=D(2026, 2, 10), membership_end=D(2026, 5, 31)
        )
        p5 = insert_participant(s, "Elouan", "Test", membership_start=D(2026, 6, 30))
        p6 = insert_participant(
            s, "Faustine", "Test", membership_start=D(2025, 1, 1), membership_end=D(2026, 6, 30)
        )
        p7 = insert_participant(
            s, "Gaspard", "Test", membership_start=D(2025, 5, 1), membership_end=D(2026, 7, 15)
        )
        p8 = insert_participant(s, "Hortense", "Test", membership_start=D(2026, 7, 1))
        p9 = insert_participant(
            s, "Isidore", "Test", membership_start=D(2023, 1, 1), membership_end=D(2025, 12, 31)
        )
        p10 = insert_participant(s, "Jeanne", "Test", membership_start=D(2025, 10, 1))
        p11 = insert_participant(s, "Kilian", "Test", membership_start=D(2025, 2, 1))
        p12 = insert_participant(s, "Léonie", "Test", membership_start=D(2026, 3, 3))

        w1 = insert_workshop(s, D(2026, 1, 1), "cv", ends_at=dt.time(16))
        w2 = insert_workshop(s, D(2026, 2, 15), "interview", ends_at=dt.time(16))
        w3 = insert_workshop(s, D(2026, 4, 10), "cv", ends_at=dt.time(16), cancelled=True)
        w4 = insert_workshop(s, D(2026, 6, 30), "offer_sharing", ends_at=dt.time(16))
        w5 = insert_workshop(s, D(2025, 12, 20), "information", ends_at=dt.time(16))
        w6 = insert_workshop(s, D(2026, 5, 5), "cv", ends_at=dt.time(16))
        for workshop, participant, attendance, satisfaction in [
            (w1, p1, "present", 5),
            (w1, p2, "present", 4),
            (w1, p3, "absent", None),
            (w1, p4, "excused", None),
            (w2, p1, "present", 3),
            (w2, p5, "absent", None),
            (w2, p6, "present", None),
            (w3, p7, "present", 1),
            (w3, p8, "absent", None),
            (w4, p2, "present", 2),
            (w4, p10, "excused", None),
            (w4, p11, None, None),
            (w5, p9, "present", 1),
            (w5, p12, "absent", None),
            (w6, p3, "present", 4),
            (w6, p12, "absent", None),
        ]:
            _register(s, workshop, participant, attendance, satisfaction)

        s.add(PathwayEvent(participant_id=p4, kind="meeting", occurred_on=D(2026, 3, 1)))
        s.add(PathwayEvent(participant_id=p9, kind="meeting", occurred_on=D(2025, 12, 31)))
        s.add(MockInterview(participant_id=p7, held_on=D(2026, 6, 30)))
        offer = JobOffer(title="Agent d'accueil", contract_type="cdd", created_on=D(2025, 12, 1))
        s.add(offer)
        s.flush()
        s.add(OfferShare(offer_id=offer.id, participant_id=p10, shared_on=D(2026, 1, 1)))
        s.add(OfferShare(offer_id=offer.id, participant_id=p11, shared_on=D(2026, 7, 1)))

        # Goals
        s.add(Goal(participant_id=p1, title="g", status="open", opened_on=D(2025, 6, 1)))
        s.add(
            Goal(
                participant_id=p2,
                title="g",
                status="reached",
                opened_on=D(2025, 1, 1),
                closed_on=D(2025, 12, 31),
            )
        )
        s.add(
            Goal(
                participant_id=p2,
                title="g",
                status="abandoned",
                opened_on=D(2026, 2, 1),
                closed_on=D(2026, 3, 1),
            )
        )
        s.add(Goal(participant_id=p3, title="g", status="open", opened_on=D(2026, 7, 1)))
        s.add(
            Goal(
                participant_id=p4,
                title="g",
                status="reached",
                opened_on=D(2025, 10, 1),
                closed_on=D(2026, 1, 1),
            )
        )
        s.add(
            Goal(
                participant_id=p5,
                title="g",
                status="abandoned",
                opened_on=D(2025, 1, 1),
                closed_on=D(2025, 11, 1),
            )
        )
        s.add(Goal(participant_id=p10, title="g", status="open", opened_on=D(2026, 6, 30)))
        s.add(Goal(participant_id=p11, title="g", status="open", opened_on=D(2026, 1, 1)))

        # Contracts started in the period
        _contract(s, p1, "cdi", D(2026, 3, 1))  # C1 access, durable
        _contract(s, p2, "cdd", D(2026, 2, 1), D(2026, 2, 20))  # C2 20 days: neither
        _contract(s, p3, "cdd", D(2026, 4, 1), D(2026, 12, 1))  # C3 8 months: access, durable
        _contract(s, p4, "interim", D(2026, 5, 1), D(2026, 7, 31))  # C4 92 days: access only
        _contract(s, p6, "esat", D(2026, 1, 15))  # C5 ESAT start
        _contract(s, p11, "cdi", D(2026, 2, 1))  # C6 P11 not active
        _contract(s, p7, "contrat_aide", D(2026, 6, 30), D(2027, 6, 29))  # C7 access only
        _contract(s, p12, "esat", D(2026, 3, 1))  # C9 ESAT, P12 not active
        # C20: six months in French usage (30/06 + 1 day = 01/07 = 01/01 + 6 months):
        # access and durable; 6-month date 2026-07-01 is after the period.
        _contract(s, p2, "cdd", D(2026, 1, 1), D(2026, 6, 30))
        # C21: the whole of June, 30 days first and last included: access, not durable;
        # 6-month date 2026-12-01 is after the period.
        _contract(s, p10, "interim", D(2026, 6, 1), D(2026, 6, 30))
        # Contracts for retention (started before the period)
        _contract(s, p5, "entreprise_adaptee", D(2025, 12, 31))  # C8 6m: 2026-06-30
        _contract(
            s, p10, "cdd", D(2025, 8, 1), D(2026, 7, 31), D(2026, 1, 15)
        )  # C10 6m: 2026-02-01
        c11 = _contract(s, p11, "cdi", D(2025, 9, 10))  # C11 6m: 2026-03-10
        c12 = _contract(s, p2, "interim", D(2025, 10, 1), D(2026, 1, 31))  # C12 6m: 2026-04-01
        _contract(s, p9, "cdi", D(2025, 1, 31))  # C13 12m: 2026-01-31
        _contract(s, p6, "cdd", D(2025, 3, 15), D(2026, 3, 14))  # C14 12m: 2026-03-15
        c15 = _contract(s, p1, "cdi", D(2024, 8, 31), None, D(2026, 2, 28))  # C15 18m: 2026-02-28
        _contract(s, p7, "esat", D(2024, 10, 1))  # C16 ESAT: never a job start
        _contract(s, p12, "cdd", D(2024, 11, 1), D(2024, 11, 20))  # C17 20 days: not a job start
        _contract(
            s, p3, "interim", D(2024, 12, 1), D(2026, 12, 1), D(2025, 6, 1)
        )  # C18 18m: 2026-06-01
        _contract(s, p10, "cdi", D(2025, 6, 30))  # C19 12m: 2026-06-30
        s.add(RetentionCheck(contract_id=c11, months=6, checked_on=D(2026, 3, 12), employed=False))
        s.add(RetentionCheck(contract_id=c12, months=6, checked_on=D(2026, 4, 2), employed=True))
        s.add(RetentionCheck(contract_id=c15, months=12, checked_on=D(2025, 9, 1), employed=False))

        # Self-assessments
        _assess(s, p1, D(2025, 6, 1), confidence=2, job_search=2, stress=3)
        _assess(s, p1, D(2026, 3, 15), confidence=4, job_search=3, stress=3)
        _assess(s, p1, D(2026, 8, 1), confidence=1)
        _assess(s, p2, D(2026, 1, 10), confidence=3, autonomy=2)
        _assess(s, p2, D(2026, 6, 30), confidence=2, autonomy=5, work_readiness=4)
        _assess(s, p3, D(2025, 3, 1), confidence=3)
        _assess(s, p3, D(2025, 11, 1), confidence=5)
        _assess(s, p5, D(2026, 5, 1), confidence=3)
        _assess(s, p6, D(2025, 2, 1), social_support=2)
        _assess(s, p6, D(2026, 4, 4), social_support=4)


@pytest.fixture
def report(ctx: ServiceContext) -> IndicatorReport:
    _build(ctx)
    return compute_indicators(ctx, START, END)


def _triple(report: IndicatorReport, key: str) -> tuple[object, object, object]:
    item = report.items[key]
    return item.value, item.numerator, item.denominator


def test_every_indicator_on_the_hand_built_vault(report: IndicatorReport) -> None:
    assert (report.start, report.end) == (START, END)
    assert tuple(report.items) == INDICATOR_IDS

    # Present at a held workshop: P1 (W1, W2), P2 (W1, W4), P6 (W2), P3 (W6).
    # P7 only present at the cancelled W3, P9 only at W5 outside: not from workshops.
    # Other activity in the period: P4 (event), P7 (mock interview on the last day),
    # P10 (offer share on the first day), P5 (self-assessment).
    # Not active: P8, P9 (event the day before), P11 (share the day after), P12 (absent only).
    # → P1 P2 P3 P4 P5 P6 P7 P10 = 8
    assert _triple(report, "active_participants") == (8, 8, None)

    # Started in the period: P3 (first day), P4, P5 (last day), P12 = 4
    assert _triple(report, "new_members") == (4, 4, None)

    # Started by 2026-06-30 and not ended by then: P1 P2 P3 P5 P7 (ends 07-15) P10 P11 P12 = 8
    # (P4 ended 05-31, P6 ended on the last day, P8 starts 07-01, P9 left in 2025)
    assert _triple(report, "members_at_end") == (8, 8, None)

    # W1 W2 W4 W6 (W3 cancelled, W5 outside) = 4: cv 2 (W1, W6), interview 1, offer_sharing 1
    assert _triple(report, "workshops_held") == (4, 4, None)
    assert report.items["workshops_held"].breakdown == {
        "cv": 2,
        "interview": 1,
        "offer_sharing": 1,
        "information": 0,
        "awareness": 0,
        "cross_training": 0,
        "other": 0,
    }

    # Held workshops: present W1 P1, W1 P2, W2 P1, W2 P6, W4 P2, W6 P3 = 6;
    # absent W1 P3, W2 P5, W6 P12 = 3; excused (P4, P10) and unmarked (P11) left out.
    # 6 / (6 + 3) = 0.666…
    assert _triple(report, "attendance_rate") == (pytest.approx(6 / 9), 6, 9)

    # Scores at held workshops: 5, 4, 3, 2, 4 → sum 18 over 5 = 3.6
    assert _triple(report, "satisfaction_mean") == (pytest.approx(3.6), 18, 5)

    # Goals open or reached during the period, among the 8 active:
    # P1 open since 2025; P2 abandoned during the period (its goal reached 2025-12-31 does
    # not count); P4 reached on the first day; P10 opened on the last day.
    # Not: P3 (opened after), P5 (abandoned before), P11 (not active). → 4 / 8 = 0.5
    assert _triple(report, "with_goal_rate") == (0.5, 4, 8)

    # Employment started in the period by active people, at least 30 days (first and last
    # day included) or open-ended: P1 CDI, P3 CDD 8 months, P4 interim 01/05 → 31/07
    # (31 + 30 + 31 = 92 days), P7 contrat aidé 1 year, P2 CDD C20 01/01 → 30/06 (181 days),
    # P10 interim C21 01/06 → 30/06 (30 days).
    # Not: P2's C2 01/02 → 20/02 (20 days; P2 counts once anyway), P6 ESAT, P11 (not
    # active), P5 EA started 2025-12-31. → 6 / 8 = 0.75
    # (Before issue 10: 4 / 8. C21 has 30/06 − 01/06 = 29 < 30 and C20 was not in the
    # fixture; with the old rule C20 alone would have made it 5 / 8.)
    assert _triple(report, "employment_access_rate") == (0.75, 6, 8)

    # ESAT starts in the period by active people: C5 (P6); C9 is P12, not active → 1
    assert _triple(report, "esat_starts") == (1, 1, None)

    # Durable: P1 CDI, P3 CDD ending 2026-12-01 (+ 1 day >= 2026-04-01 + 6 months =
    # 2026-10-01), P2 CDD C20 ending 2026-06-30 (+ 1 day = 2026-07-01 = 2026-01-01 + 6
    # months: six months exactly).
    # Not: P4 interim 07-31 + 1 day = 08-01 < 05-01 + 6 months = 11-01, P10 interim C21
    # (30 days), P7 contrat aidé (not in DESIGN's list). → 3 / 8 = 0.375
    # (Before issue 10 C20 was not durable, as 2026-06-30 < 2026-07-01: 2 / 8.)
    assert _triple(report, "durable_employment_rate") == (0.375, 3, 8)

    # 6-month dates in the period: C8 (2025-12-31 + 6 = 2026-06-30, open-ended: employed),
    # C10 (2026-02-01, ended 2026-01-15: not), C11 (2026-03-10, open-ended but check says
    # not employed), C12 (2026-04-01, planned end 01-31 but check says employed).
    # → 2 / 4
    assert _triple(report, "retention_rate_6m") == (0.5, 2, 4)

    # 12-month dates in the period: C13 (2026-01-31, open-ended: employed),
    # C14 (2026-03-15; a one-year CDD whose last day is 03-14: not employed on the 15th),
    # C19 (2026-06-30, open-ended: employed).
    # → 2 / 3
    assert _triple(report, "retention_rate_12m") == (pytest.approx(2 / 3), 2, 3)

    # 18-month dates in the period: C15 (2024-08-31 + 18 = 2026-02-28, ended that day:
    # employed; its 12-month check is for another date), C18 (2026-06-01, ended 2025: not).
    # C16 (ESAT) and C17 (19 days) are not job starts. → 1 / 2
    assert _triple(report, "retention_rate_18m") == (0.5, 1, 2)

    # Latest in period − earliest ever:
    # P1 (2026-03-15 vs 2025-06-01; the 2026-08-01 one is after): confidence +2,
    #    job_search +1, stress 0 → mean 1.0
    # P2 (2026-06-30 vs 2026-01-10): confidence −1, autonomy +3 → mean 1.0
    #    (work_readiness only in the latest: left out)
    # P6 (2026-04-04 vs 2025-02-01): social_support +2 → 2.0
    # P3 (none in the period) and P5 (a single one) are left out.
    # → (1.0 + 1.0 + 2.0) / 3 = 1.333…
    assert _triple(report, "self_assessment_change") == (
        pytest.approx(4 / 3),
        pytest.approx(4.0),
        3,
    )
    # Per domain: confidence (2 − 1) / 2 = 0.5, job_search 1, stress 0, autonomy 3,
    # social_support 2, work_readiness nobody
    assert report.items["self_assessment_change"].breakdown == {
        "confidence": pytest.approx(0.5),
        "job_search": pytest.approx(1.0),
        "work_readiness": None,
        "stress": pytest.approx(0.0),
        "social_support": pytest.approx(2.0),
        "autonomy": pytest.approx(3.0),
    }

    # Confidence rated in both: P1 (2 → 4, up), P2 (3 → 2, down) → 1 / 2
    assert _triple(report, "confidence_regained_rate") == (0.5, 1, 2)


def test_as_json_is_serialisable_with_exactly_the_ids(report: IndicatorReport) -> None:
    payload = report.as_json()
    assert list(payload) == list(INDICATOR_IDS)
    decoded = json.loads(json.dumps(payload))
    assert decoded["attendance_rate"]["numerator"] == 6
    assert decoded["attendance_rate"]["denominator"] == 9
    assert decoded["active_participants"]["denominator"] is None
    assert decoded["workshops_held"]["breakdown"]["cv"] == 2
    for key, entry in decoded.items():
        assert {"value", "numerator", "denominator", "definition", "label", "breakdown"} == set(
            entry
        ), key
        assert entry["definition"], key


def test_an_empty_period_gives_null_ratios(report: IndicatorReport, ctx: ServiceContext) -> None:
    empty = compute_indicators(ctx, D(2030, 1, 1), D(2030, 1, 31))
    # Nobody active, no workshop, no job start reaching a milestone in 2030-01.
    assert _triple(empty, "active_participants") == (0, 0, None)
    assert _triple(empty, "attendance_rate") == (None, 0, 0)
    assert _triple(empty, "with_goal_rate") == (None, 0, 0)
    assert _triple(empty, "retention_rate_6m") == (None, 0, 0)
    assert json.loads(json.dumps(empty.as_json()))["satisfaction_mean"]["value"] is None
    # Still, every member without an end is a member at the end: P1 P2 P3 P5 P8 P10 P11 P12
    assert _triple(empty, "members_at_end") == (8, 8, None)


def test_end_before_start_is_refused(ctx: ServiceContext) -> None:
    with pytest.raises(InvalidInput) as info:
        compute_indicators(ctx, D(2026, 6, 30), D(2026, 1, 1))
    assert info.value.field == "end"


# ------------------------------------------------------------------ held by today


def _on(ctx: ServiceContext, today: dt.date) -> ServiceContext:
    """The same vault and operator on another day."""
    return ServiceContext(ctx.vault, ctx.operator, lambda: today)


def test_workshops_after_today_are_not_held(ctx: ServiceContext) -> None:
    _build(ctx)
    # On 2026-05-05, W6's own day: W1 (01-01), W2 (02-15) and W6 (05-05) are held; W4
    # (06-30) is still planned and W3 cancelled. → 3: cv 2 (W1, W6), interview 1
    on_the_day = compute_indicators(_on(ctx, D(2026, 5, 5)), START, END)
    assert _triple(on_the_day, "workshops_held") == (3, 3, None)
    assert on_the_day.items["workshops_held"].breakdown["cv"] == 2
    assert on_the_day.items["workshops_held"].breakdown["offer_sharing"] == 0
    # present W1 P1, W1 P2, W2 P1, W2 P6, W6 P3 = 5; absent W1 P3, W2 P5, W6 P12 = 3 → 5 / 8
    # (W4's P2 present, P10 excused, P11 unmarked are left out)
    assert _triple(on_the_day, "attendance_rate") == (5 / 8, 5, 8)
    # scores 5, 4 (W1), 3 (W2), 4 (W6) → 16 / 4 = 4.0 (W4's 2 left out)
    assert _triple(on_the_day, "satisfaction_mean") == (4.0, 16, 4)

    # The day before, W6 is planned too: W1, W2 → 2 held; present 4 / marked 6;
    # scores 5, 4, 3 → 12 / 3 = 4.0
    day_before = compute_indicators(_on(ctx, D(2026, 5, 4)), START, END)
    assert _triple(day_before, "workshops_held") == (2, 2, None)
    assert _triple(day_before, "attendance_rate") == (4 / 6, 4, 6)
    assert _triple(day_before, "satisfaction_mean") == (4.0, 12, 3)


def test_indicator_report_months_and_window_agree_on_december_1(ctx: ServiceContext) -> None:
    """The 2026 report printed on 1 December counts November's workshops and the one of
    1 December, never the rest of December's planned ones."""
    today = D(2026, 12, 1)
    on_dec_1 = _on(ctx, today)
    planned = [
        (D(2026, 11, 30), "cv", False),  # held
        (D(2026, 11, 30), "cv", True),  # cancelled: never held
        (D(2026, 12, 1), "interview", False),  # today: held from its day on
        (D(2026, 12, 2), "cv", False),  # planned
        (D(2026, 12, 15), "information", False),  # planned
        (D(2026, 12, 31), "offer_sharing", False),  # planned, last day of the period
    ]
    ids = []
    for held_on, kind, cancelled in planned:
        detail = workshops.create_workshop(
            on_dec_1,
            workshops.WorkshopInput(
                kind=kind, title="", held_on=held_on, starts_at=dt.time(14), ends_at=dt.time(16)
            ),
        )
        if cancelled:
            workshops.cancel_workshop(on_dec_1, detail.id)
        ids.append(detail.id)

    # Indicator: 11-30 (cv) and 12-01 (interview) → 2
    year = compute_indicators(on_dec_1, D(2026, 1, 1), D(2026, 12, 31))
    assert _triple(year, "workshops_held") == (2, 2, None)
    assert year.items["workshops_held"].breakdown == {
        "cv": 1,
        "interview": 1,
        "offer_sharing": 0,
        "information": 0,
        "awareness": 0,
        "cross_training": 0,
        "other": 0,
    }

    # The activity report's monthly table: November 1, December 1, summing to the indicator
    report = documents.activity_report_data(on_dec_1, D(2026, 1, 1), D(2026, 12, 31))
    by_month = {line.month: line.workshops_held for line in report.months}
    assert (by_month[11], by_month[12]) == (1, 1)
    assert sum(by_month.values()) == report.indicators.items["workshops_held"].value == 2
    assert report.funder is not None and report.funder.activities_held == 2

    # The attendance view's monthly totals say the same
    totals = {m.month: m.workshops_held for m in month_totals.monthly_totals(on_dec_1, 2026)}
    assert (totals[11], totals[12]) == (1, 1)

    # The window's rows: held for the first and the third, planned for the rest
    rows = {r.id: r.held for r in workshops.list_workshops(on_dec_1, include_cancelled=True)}
    assert [rows[i] for i in ids] == [True, False, True, False, False, False]
    assert workshops.get_workshop(on_dec_1, ids[2]).held
    assert not workshops.get_workshop(on_dec_1, ids[3]).held

    # A month later every December workshop not cancelled is held: 5
    later = compute_indicators(_on(ctx, D(2027, 1, 1)), D(2026, 1, 1), D(2026, 12, 31))
    assert _triple(later, "workshops_held") == (5, 5, None)


def test_events_and_retention_milestones_after_today_do_not_count(ctx: ServiceContext) -> None:
    """Computed on 2026-12-01 over 2026-11-01 .. 2027-06-30: what is dated after today has
    not happened yet, even inside the period."""
    today = D(2026, 12, 1)
    with ctx.transaction() as s:
        p1 = insert_participant(s, "Alix", "Test", membership_start=D(2024, 1, 1))
        p2 = insert_participant(s, "Bastien", "Test", membership_start=D(2024, 1, 1))
        p3 = insert_participant(s, "Chloe", "Test", membership_start=D(2024, 1, 1))
        # P1 met today (counts), P2 met on 12-02 (tomorrow: planned), P3 in March 2027
        s.add(PathwayEvent(participant_id=p1, kind="meeting", occurred_on=today))
        s.add(PathwayEvent(participant_id=p2, kind="meeting", occurred_on=D(2026, 12, 2)))
        s.add(PathwayEvent(participant_id=p3, kind="meeting", occurred_on=D(2027, 3, 1)))
        # 6-month milestones: C1 2026-11-15 (passed, employed), C2 2026-12-01 (today; ended
        # before it), C3 2026-12-02 (tomorrow), C4 2027-02-28 (31/08/2026 + 6 months)
        _contract(s, p1, "cdi", D(2026, 5, 15))
        _contract(s, p2, "cdd", D(2026, 6, 1), D(2027, 5, 31), D(2026, 9, 30))
        _contract(s, p3, "cdi", D(2026, 6, 2))
        _contract(s, p3, "interim", D(2026, 8, 31), D(2027, 8, 30))
    report = compute_indicators(_on(ctx, today), D(2026, 11, 1), D(2027, 6, 30))
    # active: P1 only (P2's and P3's events are still to come)
    assert _triple(report, "active_participants") == (1, 1, None)
    # retention at 6 months: C1 and C2 in scope, C1 employed → 1 / 2 (C3, C4 not yet)
    assert _triple(report, "retention_rate_6m") == (0.5, 1, 2)

    # Once the period is over, everything in it has happened: P1, P2, P3 active;
    # C1, C3, C4 employed at their milestone, C2 not → 3 / 4
    later = compute_indicators(_on(ctx, D(2027, 7, 1)), D(2026, 11, 1), D(2027, 6, 30))
    assert _triple(later, "active_participants") == (3, 3, None)
    assert _triple(later, "retention_rate_6m") == (0.75, 3, 4)


def test_employer_indicators_read_from_the_vault(ctx: ServiceContext) -> None:
    """Issue 15, on a hand-built vault: the service loads what the domain counts."""
    from pairdesk.services import employer_relations
    from pairdesk.services.employers import EmployerInput, create_employer, link_contract
    from pairdesk.store.models import Employer

    bakery = create_employer(ctx, EmployerInput(name="Boulangerie Fictive")).id  # today
    garage = create_employer(ctx, EmployerInput(name="Garage Fictif")).id
    with ctx.transaction() as s:
        # the bakery entered on 2026-02-01 (in), the garage in 2025 (out)
        bakery_row = s.get(Employer, bakery)
        garage_row = s.get(Employer, garage)
        assert bakery_row is not None and garage_row is not None
        bakery_row.created_on = D(2026, 2, 1)
        garage_row.created_on = D(2025, 5, 1)
        p1 = insert_participant(s, "Alix", "Test", membership_start=D(2024, 3, 1))
        p2 = insert_participant(s, "Bastien", "Test", membership_start=D(2024, 3, 1))
        c1 = _contract(s, p1, "cdi", D(2026, 3, 1))
        c2 = _contract(s, p2, "cdd", D(2026, 4, 1), D(2026, 9, 30))
        c3 = _contract(s, p2, "cdd", D(2025, 11, 1), D(2025, 12, 31))
        w1 = insert_workshop(s, D(2026, 3, 12), "awareness")
        w2 = insert_workshop(s, D(2026, 5, 20), "awareness")
        w3 = insert_workshop(s, D(2026, 4, 2), "cross_training")
    for contract, employer in ((c1, bakery), (c2, bakery), (c3, garage)):
        link_contract(ctx, contract, employer)
    for workshop, reached, employer in ((w1, 18, garage), (w2, 7, None), (w3, 11, None)):
        employer_relations.set_awareness_details(
            ctx, workshop, employer_id=employer, employees_reached=reached
        )
    report = compute_indicators(_on(ctx, D(2026, 11, 25)), START, END)
    # the bakery took on two people in the period → 1 employer; the garage's was in 2025
    assert _triple(report, "employers_with_placement") == (1, 1, None)
    assert _triple(report, "new_employers") == (1, 1, None)  # the bakery
    # W1 and W2 held: 18 + 7 = 25 reached; W3 is a cross-training
    assert _triple(report, "awareness_sessions") == (2, 2, None)
    assert _triple(report, "awareness_people_reached") == (25, 25, None)
    assert report.as_json()["awareness_people_reached"]["definition"]


def test_the_assessment_change_follows_the_forms_saves_and_deletions(ctx: ServiceContext) -> None:
    """Through the services a form calls: a second assessment counts at once, a third on
    the same person replaces it as their latest, and deleting that one brings the second
    back (each save rewrites the person's progress rows, store.assessment_progress)."""
    from pairdesk.domain.enums import AssessmentDomain
    from pairdesk.services.assessments import delete_self_assessment, record_self_assessment
    from tests.factories import make_participant

    pid = make_participant(ctx).id
    confidence = AssessmentDomain.CONFIDENCE
    period = (dt.date(2026, 1, 1), dt.date(2026, 11, 25))

    def change() -> tuple[object, object, object]:
        item = compute_indicators(ctx, *period).items["self_assessment_change"]
        return item.value, item.numerator, item.denominator

    record_self_assessment(ctx, pid, dt.date(2026, 2, 2), {confidence: 3})
    assert change() == (None, 0.0, 0)
    record_self_assessment(ctx, pid, dt.date(2026, 5, 5), {confidence: 5})
    assert change() == (2.0, 2.0, 1)
    third = record_self_assessment(ctx, pid, dt.date(2026, 9, 9), {confidence: 2})
    assert change() == (-1.0, -1.0, 1)
    delete_self_assessment(ctx, third.id)
    assert change() == (2.0, 2.0, 1)

"""Attendance, satisfaction, check-in, monthly totals and attestations."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pairdesk.domain.enums import Attendance, ParticipantStatus, WorkshopKind
from pairdesk.errors import InvalidInput, UnknownId, UserError
from pairdesk.services.attendance import (
    AttendanceEntry,
    add_walk_in,
    attended_workshops,
    check_in,
    find_for_check_in,
    mark_all,
    mark_attendance,
    set_satisfaction,
)
from pairdesk.services.context import ServiceContext
from pairdesk.services.month_totals import monthly_totals
from pairdesk.services.workshops import (
    WorkshopInput,
    cancel_workshop,
    create_workshop,
    get_workshop,
    register,
)
from pairdesk.store.models import Participant
from tests.factories import insert_participant

pytestmark = pytest.mark.both_engines  # also on PostgreSQL (tests/pg.py)

# ctx acts on 2026-11-25.
PAST = dt.date(2026, 11, 20)


def last_contact(ctx: ServiceContext, participant_id: int) -> dt.date | None:
    with ctx.transaction() as session:
        person = session.get(Participant, participant_id)
        assert person is not None
        return person.last_contact_on


def workshop(
    ctx: ServiceContext,
    held_on: dt.date = PAST,
    kind: WorkshopKind = WorkshopKind.CV,
    starts: tuple[int, int] = (14, 0),
    ends: tuple[int, int] = (16, 30),
    title: str = "",
) -> int:
    return create_workshop(
        ctx,
        WorkshopInput(
            kind=kind,
            title=title,
            held_on=held_on,
            starts_at=dt.time(*starts),
            ends_at=dt.time(*ends),
            place="GEM",
            capacity=12,
            facilitator_ids=(),
            notes="",
        ),
    ).id


def test_marking_present_moves_last_contact_forward_only(ctx: ServiceContext) -> None:
    w = workshop(ctx)
    lea = insert_participant(ctx, "Léa", "Zimmer", last_contact_on=dt.date(2026, 10, 1))
    hugo = insert_participant(ctx, "Hugo", "Étienne", last_contact_on=dt.date(2026, 11, 24))
    register(ctx, w, lea)
    register(ctx, w, hugo)
    row = mark_attendance(ctx, w, lea, Attendance.PRESENT)
    assert row.attendance is Attendance.PRESENT
    mark_attendance(ctx, w, hugo, Attendance.PRESENT)
    assert last_contact(ctx, lea) == PAST
    assert last_contact(ctx, hugo) == dt.date(2026, 11, 24)
    assert mark_attendance(ctx, w, lea, None).attendance is None


def test_marking_absent_does_not_touch_last_contact(ctx: ServiceContext) -> None:
    w = workshop(ctx)
    lea = insert_participant(ctx, "Léa", "Zimmer")
    register(ctx, w, lea)
    mark_attendance(ctx, w, lea, Attendance.ABSENT)
    assert last_contact(ctx, lea) is None


def test_marking_someone_not_registered_is_refused(ctx: ServiceContext) -> None:
    w = workshop(ctx)
    lea = insert_participant(ctx, "Léa", "Zimmer")
    with pytest.raises(UnknownId, match="Léa Zimmer"):
        mark_attendance(ctx, w, lea, Attendance.PRESENT)


def test_future_and_cancelled_workshops_cannot_be_marked(ctx: ServiceContext) -> None:
    future = workshop(ctx, held_on=dt.date(2026, 11, 26))
    lea = insert_participant(ctx, "Léa", "Zimmer")
    register(ctx, future, lea)
    with pytest.raises(UserError, match="26/11/2026"):
        mark_attendance(ctx, future, lea, Attendance.PRESENT)
    past = workshop(ctx)
    register(ctx, past, lea)
    cancel_workshop(ctx, past)
    with pytest.raises(UserError):
        mark_attendance(ctx, past, lea, Attendance.PRESENT)
    with pytest.raises(UserError):
        check_in(ctx, past, lea)


def test_today_workshop_can_be_marked(ctx: ServiceContext) -> None:
    w = workshop(ctx, held_on=ctx.today())
    lea = insert_participant(ctx, "Léa", "Zimmer")
    assert check_in(ctx, w, lea).attendance is Attendance.PRESENT


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(score=st.integers(-3, 9))
def test_satisfaction_must_be_one_to_five(ctx: ServiceContext, score: int) -> None:
    w = workshop(ctx)
    lea = insert_participant(ctx, "Léa", "Zimmer")
    register(ctx, w, lea)
    if 1 <= score <= 5:
        assert set_satisfaction(ctx, w, lea, score).satisfaction == score
    else:
        with pytest.raises(InvalidInput) as caught:
            set_satisfaction(ctx, w, lea, score)
        assert caught.value.field == "satisfaction"
        assert get_workshop(ctx, w).registrations[0].satisfaction is None


def test_satisfaction_clear_and_refused_for_absent(ctx: ServiceContext) -> None:
    w = workshop(ctx)
    lea = insert_participant(ctx, "Léa", "Zimmer")
    register(ctx, w, lea)
    mark_attendance(ctx, w, lea, Attendance.PRESENT)
    assert set_satisfaction(ctx, w, lea, 4).satisfaction == 4
    assert set_satisfaction(ctx, w, lea, None).satisfaction is None
    set_satisfaction(ctx, w, lea, 5)
    # Marked away afterwards: the score goes with the presence.
    assert mark_attendance(ctx, w, lea, Attendance.EXCUSED).satisfaction is None
    with pytest.raises(InvalidInput):
        set_satisfaction(ctx, w, lea, 3)
    with pytest.raises(InvalidInput):
        set_satisfaction(ctx, w, lea, True)  # type: ignore[arg-type]


def test_check_in_of_a_walk_in(ctx: ServiceContext) -> None:
    w = workshop(ctx)
    registered = insert_participant(ctx, "Léa", "Zimmer")
    walker = insert_participant(ctx, "Inès", "Caron")
    register(ctx, w, registered)

    row = check_in(ctx, w, walker)
    assert (row.walk_in, row.attendance) == (True, Attendance.PRESENT)
    assert last_contact(ctx, walker) == PAST

    row = check_in(ctx, w, registered)
    assert (row.walk_in, row.attendance) == (False, Attendance.PRESENT)

    again = check_in(ctx, w, walker)  # checking in twice is harmless
    assert again.walk_in and again.attendance is Attendance.PRESENT
    detail = get_workshop(ctx, w)
    assert (detail.registered, detail.present) == (2, 2)


def test_add_walk_in_refuses_someone_already_registered(ctx: ServiceContext) -> None:
    w = workshop(ctx)
    lea = insert_participant(ctx, "Léa", "Zimmer")
    omar = insert_participant(ctx, "Omar", "Benali")
    register(ctx, w, lea)
    with pytest.raises(UserError, match="Léa Zimmer"):
        add_walk_in(ctx, w, lea)
    row = add_walk_in(ctx, w, omar)
    assert row.walk_in and row.attendance is Attendance.PRESENT


def test_mark_all_saves_a_whole_sheet(ctx: ServiceContext) -> None:
    w = workshop(ctx)
    lea = insert_participant(ctx, "Léa", "Zimmer")
    hugo = insert_participant(ctx, "Hugo", "Étienne")
    ines = insert_participant(ctx, "Inès", "Caron")
    register(ctx, w, lea)
    register(ctx, w, hugo)
    detail = mark_all(
        ctx,
        w,
        [
            AttendanceEntry(lea, Attendance.PRESENT, 4),
            AttendanceEntry(hugo, Attendance.ABSENT),
            AttendanceEntry(ines, Attendance.PRESENT, 5),
        ],
    )
    got = {
        r.participant_id: (r.attendance, r.satisfaction, r.walk_in) for r in detail.registrations
    }
    assert got == {
        lea: (Attendance.PRESENT, 4, False),
        hugo: (Attendance.ABSENT, None, False),
        ines: (Attendance.PRESENT, 5, True),
    }
    assert last_contact(ctx, ines) == PAST


def test_mark_all_refuses_bad_sheets(ctx: ServiceContext) -> None:
    w = workshop(ctx)
    lea = insert_participant(ctx, "Léa", "Zimmer")
    hugo = insert_participant(ctx, "Hugo", "Étienne")
    register(ctx, w, lea)
    with pytest.raises(InvalidInput):
        mark_all(ctx, w, [AttendanceEntry(lea, None), AttendanceEntry(lea, Attendance.PRESENT)])
    with pytest.raises(UnknownId):
        mark_all(ctx, w, [AttendanceEntry(hugo, Attendance.ABSENT)])
    with pytest.raises(InvalidInput):
        mark_all(ctx, w, [AttendanceEntry(lea, Attendance.ABSENT, 3)])


def test_mark_all_is_all_or_nothing(ctx: ServiceContext) -> None:
    w = workshop(ctx)
    lea = insert_participant(ctx, "Léa", "Zimmer")
    hugo = insert_participant(ctx, "Hugo", "Étienne")
    register(ctx, w, lea)
    register(ctx, w, hugo)
    with pytest.raises(InvalidInput):
        mark_all(ctx, w, [AttendanceEntry(lea, Attendance.PRESENT), AttendanceEntry(hugo, None, 9)])
    assert [r.attendance for r in get_workshop(ctx, w).registrations] == [None, None]


def test_monthly_totals_on_a_hand_made_month(ctx: ServiceContext) -> None:
    lea = insert_participant(ctx, "Léa", "Zimmer")
    hugo = insert_participant(ctx, "Hugo", "Étienne")
    ines = insert_participant(ctx, "Inès", "Caron")
    omar = insert_participant(ctx, "Omar", "Benali")

    # November: a CV workshop of 2.5 h (Léa present, Hugo absent, Inès excused, Omar not marked)
    cv = workshop(ctx, dt.date(2026, 11, 3), WorkshopKind.CV, (14, 0), (16, 30))
    for pid in (lea, hugo, ines, omar):
        register(ctx, cv, pid)
    mark_all(
        ctx,
        cv,
        [
            AttendanceEntry(lea, Attendance.PRESENT),
            AttendanceEntry(hugo, Attendance.ABSENT),
            AttendanceEntry(ines, Attendance.EXCUSED),
        ],
    )
    # ... an interview coaching of 1.5 h: Léa registered and present, Hugo walks in.
    coaching = workshop(ctx, dt.date(2026, 11, 10), WorkshopKind.INTERVIEW, (9, 30), (11, 0))
    register(ctx, coaching, lea)
    check_in(ctx, coaching, lea)
    check_in(ctx, coaching, hugo)
    # ... and a cancelled CV workshop that counts nowhere.
    cancelled = workshop(ctx, dt.date(2026, 11, 17))
    register(ctx, cancelled, lea)
    mark_attendance(ctx, cancelled, lea, Attendance.PRESENT)
    cancel_workshop(ctx, cancelled)
    # October: a 2 h information session, Omar present.
    info = workshop(ctx, dt.date(2026, 10, 30), WorkshopKind.INFORMATION, (10, 0), (12, 0))
    check_in(ctx, info, omar)
    # Another year does not leak in.
    check_in(ctx, workshop(ctx, dt.date(2025, 11, 3)), lea)

    months = monthly_totals(ctx, 2026)
    assert [m.month for m in months] == list(range(1, 13))
    november, october, december = months[10], months[9], months[11]
    # Held: 2 (CV 1, interview 1); registrations 4 + 2 = 6; present Léa, Léa, Hugo = 3;
    # hours 2.5 + 1.5 + 1.5 = 5.5; distinct present: Léa and Hugo.
    assert november.workshops_held == 2
    assert november.held_of(WorkshopKind.CV) == 1
    assert november.held_of(WorkshopKind.INTERVIEW) == 1
    assert november.held_of(WorkshopKind.OFFER_SHARING) == 0
    assert len(november.by_kind) == len(WorkshopKind)
    assert (november.registrations, november.present, november.absent, november.excused) == (
        6,
        3,
        1,
        1,
    )
    assert november.not_marked == 1
    assert november.distinct_present == 2
    assert november.presence_hours == pytest.approx(5.5)
    assert (october.workshops_held, october.held_of(WorkshopKind.INFORMATION)) == (1, 1)
    assert (october.registrations, october.present, october.presence_hours) == (1, 1, 2.0)
    assert (december.workshops_held, december.registrations, december.presence_hours) == (0, 0, 0)
    assert monthly_totals(ctx, 2025)[10].present == 1
    with pytest.raises(InvalidInput):
        monthly_totals(ctx, 1200)


def test_attended_workshops_for_an_attestation(ctx: ServiceContext) -> None:
    lea = insert_participant(ctx, "Léa", "Zimmer")
    first = workshop(ctx, dt.date(2026, 9, 8), WorkshopKind.CV, (14, 0), (16, 0), "CV d'automne")
    second = workshop(ctx, dt.date(2026, 10, 6), WorkshopKind.INTERVIEW, (9, 0), (12, 15))
    absent = workshop(ctx, dt.date(2026, 10, 13))
    cancelled = workshop(ctx, dt.date(2026, 10, 20))
    for w in (second, first):
        check_in(ctx, w, lea)
    register(ctx, absent, lea)
    mark_attendance(ctx, absent, lea, Attendance.ABSENT)
    check_in(ctx, cancelled, lea)
    cancel_workshop(ctx, cancelled)

    rows = attended_workshops(ctx, lea)
    assert [(r.workshop_id, r.title, r.hours) for r in rows] == [
        (first, "CV d'automne", 2.0),
        (second, WorkshopKind.INTERVIEW.label, 3.25),
    ]
    assert rows[1].kind is WorkshopKind.INTERVIEW
    only_october = attended_workshops(ctx, lea, dt.date(2026, 10, 1), dt.date(2026, 10, 31))
    assert [r.workshop_id for r in only_october] == [second]
    with pytest.raises(InvalidInput):
        attended_workshops(ctx, lea, dt.date(2026, 10, 31), dt.date(2026, 10, 1))
    with pytest.raises(UnknownId):
        attended_workshops(ctx, 999)


def test_find_for_check_in(ctx: ServiceContext) -> None:
    w = workshop(ctx)
    helene_registered = insert_participant(ctx, "Hélène", "Zimmer")
    helene_other = insert_participant(ctx, "Helene", "Abadie", pseudonym="Lénou")
    insert_participant(ctx, "Hélène", "Gone", status=ParticipantStatus.LEFT)
    insert_participant(ctx, "Hélène", "Anon", anonymised=True)
    bob = insert_participant(ctx, "Bob", "Łukasiewicz")
    register(ctx, w, helene_registered)

    found = find_for_check_in(ctx, w, "HELENE")
    assert [c.participant_id for c in found] == [helene_registered, helene_other]
    assert [c.registered for c in found] == [True, False]
    assert [c.participant_id for c in find_for_check_in(ctx, w, "")] == [helene_registered]
    assert [c.participant_id for c in find_for_check_in(ctx, w, "lukasie")] == [bob]
    assert [c.participant_id for c in find_for_check_in(ctx, w, "abadie hel")] == [helene_other]
    assert [c.participant_id for c in find_for_check_in(ctx, w, "lenou")] == [helene_other]
    assert find_for_check_in(ctx, w, "100%") == []

    check_in(ctx, w, bob)
    after = find_for_check_in(ctx, w, "lukasiewicz")
    assert after[0].registered and after[0].walk_in and after[0].attendance is Attendance.PRESENT


def test_find_for_check_in_stops_at_ten(ctx: ServiceContext) -> None:
    w = workshop(ctx)
    ids = [insert_participant(ctx, f"Camille{i:02d}", "Martin") for i in range(14)]
    register(ctx, w, ids[13])
    found = find_for_check_in(ctx, w, "camille")
    assert len(found) == 10
    assert found[0].participant_id == ids[13]
    assert [c.participant_id for c in found[1:]] == ids[:9]


def test_who_finds_whom_at_the_door(ctx: ServiceContext) -> None:
    """Registered people are found by everyone who takes attendance; the others only by a
    role that reads their files (a peer helper: the people they tutor) — the same on both
    engines, and what the server's row-level security gives each login."""
    from pairdesk.domain.enums import Role
    from pairdesk.services import tutoring
    from tests.factories import acting_as

    w = workshop(ctx)
    registered = insert_participant(ctx, "Camille", "Inscrite")
    tutee = insert_participant(ctx, "Camille", "Suivie")
    insert_participant(ctx, "Camille", "Autre")
    register(ctx, w, registered)
    volunteer = acting_as(ctx, "Vera", Role.VOLUNTEER)
    helper = acting_as(ctx, "Paul", Role.PEER_HELPER)
    tutoring.set_tutoring(ctx, tutee, helper.operator.id, started_on=PAST)

    def found(who: ServiceContext) -> list[int]:
        return [c.participant_id for c in find_for_check_in(who, w, "camille")]

    assert found(volunteer) == [registered]
    assert found(helper) == [registered, tutee]
    assert len(found(ctx)) == 3

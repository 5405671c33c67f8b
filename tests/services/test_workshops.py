"""Workshops and registrations."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from pairdesk.domain.enums import Attendance, WorkshopKind
from pairdesk.errors import InvalidInput, UnknownId, UserError
from pairdesk.services.context import ServiceContext
from pairdesk.services.workshops import (
    WorkshopInput,
    cancel_workshop,
    create_workshop,
    delete_workshop,
    get_workshop,
    list_workshops,
    register,
    register_many,
    restore_workshop,
    unregister,
    update_workshop,
    workshops_on,
)
from pairdesk.store.models import AuditEntry, Registration
from tests.factories import insert_member, insert_participant

pytestmark = pytest.mark.both_engines  # also on PostgreSQL (tests/pg.py)

DAY = dt.date(2026, 11, 20)


def form(**changes: object) -> WorkshopInput:
    values: dict[str, object] = {
        "kind": WorkshopKind.CV,
        "title": "",
        "held_on": DAY,
        "starts_at": dt.time(14, 0),
        "ends_at": dt.time(16, 30),
        "place": "Salle du GEM",
        "capacity": 8,
        "facilitator_ids": (),
        "notes": "",
    }
    values.update(changes)
    return WorkshopInput(**values)  # type: ignore[arg-type]


def test_create_defaults_title_to_kind_label_and_lists_facilitators(ctx: ServiceContext) -> None:
    zoe = insert_member(ctx, "Zoé", "Vasseur")
    adele = insert_member(ctx, "Adèle", "Bonnard")
    detail = create_workshop(ctx, form(facilitator_ids=(zoe, adele, zoe), title="  "))
    assert detail.title == WorkshopKind.CV.label
    assert [f.name for f in detail.facilitators] == ["Adèle Bonnard", "Zoé Vasseur"]
    assert detail.hours == 2.5
    assert detail.registrations == ()
    with ctx.transaction() as session:
        actions = session.scalars(select(AuditEntry.action).where(AuditEntry.entity == "workshop"))
        assert list(actions) == ["create"]


def test_update_changes_fields_and_facilitators(ctx: ServiceContext) -> None:
    zoe = insert_member(ctx, "Zoé", "Vasseur")
    created = create_workshop(ctx, form(facilitator_ids=(zoe,)))
    updated = update_workshop(
        ctx,
        created.id,
        form(kind="interview", title=" Entretiens blancs ", capacity=None, notes="Apporter un CV"),
    )
    assert updated.kind is WorkshopKind.INTERVIEW
    assert updated.title == "Entretiens blancs"
    assert updated.capacity is None
    assert updated.facilitators == ()
    assert get_workshop(ctx, created.id).notes == "Apporter un CV"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"ends_at": dt.time(14, 0)}, "ends_at"),
        ({"ends_at": dt.time(9, 0)}, "ends_at"),
        ({"capacity": 0}, "capacity"),
        ({"capacity": 501}, "capacity"),
        ({"kind": "picnic"}, "kind"),
        ({"held_on": None}, "held_on"),
        ({"starts_at": "14:00"}, "starts_at"),
    ],
)
def test_invalid_forms_are_refused(
    ctx: ServiceContext, changes: dict[str, object], field: str
) -> None:
    with pytest.raises(InvalidInput) as caught:
        create_workshop(ctx, form(**changes))
    assert caught.value.field == field
    assert list_workshops(ctx) == []


def test_unknown_facilitator_is_refused(ctx: ServiceContext) -> None:
    with pytest.raises(UnknownId):
        create_workshop(ctx, form(facilitator_ids=(999,)))


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(capacity=st.one_of(st.none(), st.integers(-5, 600)))
def test_capacity_bounds(ctx: ServiceContext, capacity: int | None) -> None:
    ok = capacity is None or 1 <= capacity <= 500
    if ok:
        assert create_workshop(ctx, form(capacity=capacity)).capacity == capacity
    else:
        with pytest.raises(InvalidInput):
            create_workshop(ctx, form(capacity=capacity))


def test_register_then_detail_lists_people_sorted(ctx: ServiceContext) -> None:
    workshop = create_workshop(ctx, form())
    lea = insert_participant(ctx, "Léa", "Zimmer", pseudonym="Lili")
    hugo = insert_participant(ctx, "Hugo", "Étienne")
    row = register(ctx, workshop.id, lea)
    assert (row.participant_id, row.first_name, row.pseudonym) == (lea, "Léa", "Lili")
    assert row.attendance is None and not row.walk_in and not row.over_capacity
    assert row.registered_on == dt.date(2026, 11, 25)
    register(ctx, workshop.id, hugo)
    detail = get_workshop(ctx, workshop.id)
    assert [r.last_name for r in detail.registrations] == ["Étienne", "Zimmer"]
    assert detail.registered == 2


def test_duplicate_registration_is_refused(ctx: ServiceContext) -> None:
    workshop = create_workshop(ctx, form())
    lea = insert_participant(ctx, "Léa", "Zimmer")
    register(ctx, workshop.id, lea)
    with pytest.raises(UserError, match="Léa Zimmer"):
        register(ctx, workshop.id, lea)
    assert get_workshop(ctx, workshop.id).registered == 1


def test_cancelled_workshop_refuses_registration_until_restored(ctx: ServiceContext) -> None:
    workshop = create_workshop(ctx, form())
    lea = insert_participant(ctx, "Léa", "Zimmer")
    cancel_workshop(ctx, workshop.id)
    assert get_workshop(ctx, workshop.id).cancelled
    with pytest.raises(UserError) as caught:
        register(ctx, workshop.id, lea)
    assert "annul" in caught.value.message.lower() or "cancel" in caught.value.message.lower()
    restore_workshop(ctx, workshop.id)
    assert register(ctx, workshop.id, lea).participant_id == lea


def test_over_capacity_is_flagged_not_refused(ctx: ServiceContext) -> None:
    workshop = create_workshop(ctx, form(capacity=2))
    ids = [insert_participant(ctx, f"P{i}", "Martin") for i in range(3)]
    flags = [register(ctx, workshop.id, pid).over_capacity for pid in ids]
    assert flags == [False, False, True]
    detail = get_workshop(ctx, workshop.id)
    assert detail.registered == 3 and detail.over_capacity


def test_register_many_is_all_or_nothing(ctx: ServiceContext) -> None:
    workshop = create_workshop(ctx, form())
    lea = insert_participant(ctx, "Léa", "Zimmer")
    with pytest.raises(UnknownId):
        register_many(ctx, workshop.id, [lea, 4242])
    assert get_workshop(ctx, workshop.id).registered == 0


def test_register_many_registers_each_person_once(ctx: ServiceContext) -> None:
    workshop = create_workshop(ctx, form())
    lea = insert_participant(ctx, "Léa", "Zimmer")
    hugo = insert_participant(ctx, "Hugo", "Étienne")
    rows = register_many(ctx, workshop.id, [lea, hugo, lea])
    assert [r.participant_id for r in rows] == [lea, hugo]
    assert get_workshop(ctx, workshop.id).registered == 2


def test_register_unknown_ids(ctx: ServiceContext) -> None:
    workshop = create_workshop(ctx, form())
    with pytest.raises(UnknownId):
        register(ctx, workshop.id, 777)
    with pytest.raises(UnknownId):
        register(ctx, 777, insert_participant(ctx, "Léa", "Zimmer"))


def test_unregister(ctx: ServiceContext) -> None:
    workshop = create_workshop(ctx, form())
    lea = insert_participant(ctx, "Léa", "Zimmer")
    register(ctx, workshop.id, lea)
    unregister(ctx, workshop.id, lea)
    assert get_workshop(ctx, workshop.id).registrations == ()
    with pytest.raises(UnknownId, match="Léa Zimmer"):
        unregister(ctx, workshop.id, lea)


def test_delete_only_when_nobody_attended(ctx: ServiceContext) -> None:
    empty = create_workshop(ctx, form())
    lea = insert_participant(ctx, "Léa", "Zimmer")
    register(ctx, empty.id, lea)
    delete_workshop(ctx, empty.id)
    with pytest.raises(UnknownId):
        get_workshop(ctx, empty.id)

    attended = create_workshop(ctx, form())
    register(ctx, attended.id, lea)
    with ctx.transaction() as session:
        reg = session.scalars(
            select(Registration).where(Registration.workshop_id == attended.id)
        ).one()
        reg.attendance = Attendance.PRESENT.value
    with pytest.raises(UserError) as caught:
        delete_workshop(ctx, attended.id)
    assert "annul" in caught.value.message.lower() or "cancel" in caught.value.message.lower()
    assert get_workshop(ctx, attended.id).present == 1


def test_list_filters_counts_and_search(ctx: ServiceContext) -> None:
    cv = create_workshop(ctx, form(title="Atelier CV — Hélène", held_on=dt.date(2026, 11, 3)))
    interview = create_workshop(
        ctx, form(kind=WorkshopKind.INTERVIEW, held_on=dt.date(2026, 11, 10), place="Médiathèque")
    )
    later = create_workshop(ctx, form(held_on=dt.date(2026, 12, 1), starts_at=dt.time(9, 0)))
    early_same_day = create_workshop(
        ctx, form(held_on=dt.date(2026, 12, 1), starts_at=dt.time(8, 0))
    )
    cancel_workshop(ctx, later.id)
    lea = insert_participant(ctx, "Léa", "Zimmer")
    hugo = insert_participant(ctx, "Hugo", "Étienne")
    register(ctx, cv.id, lea)
    register(ctx, cv.id, hugo)
    with ctx.transaction() as session:
        reg = session.scalars(
            select(Registration).where(
                Registration.workshop_id == cv.id, Registration.participant_id == hugo
            )
        ).one()
        reg.attendance = Attendance.PRESENT.value

    rows = list_workshops(ctx)
    assert [r.id for r in rows] == [cv.id, interview.id, early_same_day.id, later.id]
    first = rows[0]
    assert (first.registered, first.present) == (2, 1)
    assert (rows[1].registered, rows[1].present) == (0, 0)
    assert [r.id for r in list_workshops(ctx, include_cancelled=False)] == [
        cv.id,
        interview.id,
        early_same_day.id,
    ]
    november = list_workshops(ctx, start=dt.date(2026, 11, 1), end=dt.date(2026, 11, 30))
    assert [r.id for r in november] == [cv.id, interview.id]
    assert [r.id for r in list_workshops(ctx, kind=WorkshopKind.INTERVIEW)] == [interview.id]
    assert [r.id for r in list_workshops(ctx, search="helene")] == [cv.id]
    assert [r.id for r in list_workshops(ctx, search="MEDIATHEQUE")] == [interview.id]
    assert [r.id for r in workshops_on(ctx, dt.date(2026, 12, 1))] == [early_same_day.id, later.id]
    assert workshops_on(ctx, dt.date(2026, 12, 1))[1].cancelled

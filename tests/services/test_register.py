"""The attendance register through the service: people, days, closures, totals, rights."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from pairdesk.domain.enums import Role
from pairdesk.errors import InvalidInput, PermissionDenied
from pairdesk.services import register, register_totals, team
from pairdesk.services.context import ServiceContext
from pairdesk.services.register import RegisterKind, RegisterPersonInput
from pairdesk.store.models import AuditEntry
from tests.factories import acting_as, insert_participant

pytestmark = pytest.mark.both_engines  # also on PostgreSQL (tests/pg.py)

# conftest's today: Wednesday 25 November 2026.
MON, TUE, WED = dt.date(2026, 11, 23), dt.date(2026, 11, 24), dt.date(2026, 11, 25)


def _open_mon_to_wed(ctx: ServiceContext) -> None:
    profile = team.get_association(ctx)
    team.update_association(ctx, team.AssociationInput(name=profile.name, opening_days=(1, 2, 3)))


def test_a_day_at_the_door_and_its_totals(ctx: ServiceContext) -> None:
    _open_mon_to_wed(ctx)
    anna = register.add_person(
        ctx, RegisterPersonInput("Anna B.", RegisterKind.MEMBER, member_since=dt.date(2025, 3, 1))
    )
    visitor = register.add_person(ctx, RegisterPersonInput("Zoé", RegisterKind.VISITOR))
    pid = insert_participant(ctx, "Camille", "Fictif", membership_start=dt.date(2026, 1, 5))
    register.set_present(ctx, MON, ("register", anna.id), True)
    register.set_present(ctx, MON, ("register", visitor.id), True)
    sheet = register.set_present(ctx, MON, ("participant", pid), True)
    assert [p.name for p in sheet.present] == ["Anna B.", "Camille Fictif", "Zoé"]
    assert [p.member for p in sheet.present] == [True, True, False]
    sheet = register.set_anonymous_visitors(ctx, MON, 3)
    assert sheet.person_days == 6
    register.set_present(ctx, MON, ("register", anna.id), True)  # twice: once
    register.set_present(ctx, WED, ("register", anna.id), True)
    register.set_closure(ctx, TUE, "Grève")
    report = register_totals.register_totals(ctx, MON, WED)
    # Opening days: Mon, Wed (Tue closed). Person-days: Mon 3 + 3 anonymous, Wed 1 = 7.
    assert report.total.opening_days == 2
    assert report.total.person_days == 7
    assert report.total.member_days == 3  # Anna twice, Camille once
    assert report.total.non_member_days == 4  # Zoé + 3 anonymous
    assert report.total.distinct_people == 3
    assert report.total.average_per_opening_day == 3.5
    # Untick.
    sheet = register.set_present(ctx, WED, ("register", anna.id), False)
    assert sheet.present == ()
    with ctx.transaction() as session:
        details = session.scalars(select(AuditEntry.detail)).all()
    assert not any("Anna" in d or "Zoé" in d or "Camille" in d for d in details)


def test_search_offers_register_people_then_participants(ctx: ServiceContext) -> None:
    register.add_person(ctx, RegisterPersonInput("Hélène R.", RegisterKind.MEMBER))
    insert_participant(ctx, "Hélène", "Durand")
    found = register.find_people(ctx, MON, "helene")
    assert [(c.key[0], c.name) for c in found] == [
        ("register", "Hélène R."),
        ("participant", "Hélène Durand"),
    ]


def test_no_ticking_in_the_future_and_names_are_required(ctx: ServiceContext) -> None:
    anna = register.add_person(ctx, RegisterPersonInput("Anna"))
    with pytest.raises(InvalidInput):
        register.set_present(ctx, WED + dt.timedelta(days=1), ("register", anna.id), True)
    with pytest.raises(InvalidInput) as error:
        register.add_person(ctx, RegisterPersonInput("  "))
    assert error.value.field == "display_name"
    with pytest.raises(InvalidInput):
        register.set_anonymous_visitors(ctx, MON, -1)


def test_a_volunteer_ticks_in_but_does_not_set_closures(ctx: ServiceContext) -> None:
    volunteer = acting_as(ctx, "Val", Role.VOLUNTEER)
    person = register.add_person(volunteer, RegisterPersonInput("Anna"))
    register.set_present(volunteer, MON, ("register", person.id), True)
    with pytest.raises(PermissionDenied):
        register.set_closure(volunteer, TUE, "")


def test_register_members_at_year_end(ctx: ServiceContext) -> None:
    register.add_person(ctx, RegisterPersonInput("A", member_since=dt.date(2026, 2, 1)))
    register.add_person(
        ctx,
        RegisterPersonInput(
            "B", member_since=dt.date(2025, 2, 1), member_until=dt.date(2026, 6, 30)
        ),
    )
    register.add_person(ctx, RegisterPersonInput("C", RegisterKind.VISITOR))
    assert register_totals.register_members_at(ctx, dt.date(2026, 12, 31)) == 1
    assert (
        register_totals.register_new_members(ctx, dt.date(2026, 1, 1), dt.date(2026, 12, 31)) == 1
    )


def test_the_daily_sheet_prints_names_as_collective_documents_do(ctx: ServiceContext) -> None:
    import io

    from pypdf import PdfReader

    from pairdesk.reports.register_sheet import register_sheet_pdf

    anna = register.add_person(ctx, RegisterPersonInput("Anna B."))
    pid = insert_participant(ctx, "Camille", "Fictif", pseudonym="Cam")
    register.set_present(ctx, MON, ("register", anna.id), True)
    register.set_present(ctx, MON, ("participant", pid), True)
    register.set_anonymous_visitors(ctx, MON, 2)
    data = register.register_sheet_data(ctx, MON, blank_rows=3)
    # No consent to collective documents: the pseudonym, not the name.
    assert [row[0] for row in data.rows] == ["Anna B.", "Cam"]
    text = "\n".join(
        page.extract_text() for page in PdfReader(io.BytesIO(register_sheet_pdf(data))).pages
    )
    assert "Anna B." in text and "Cam" in text and "Camille" not in text
    assert "Visiteur·ses sans nom : 2" in text
    with ctx.transaction() as session:
        lines = session.scalars(
            select(AuditEntry.detail).where(AuditEntry.entity == "register_sheet")
        ).all()
    assert lines == ["2026-11-23"]

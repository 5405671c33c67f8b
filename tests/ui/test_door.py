"""At the door, by keyboard: a name on no list opens the inline offer; a new person is
added, consenting, and checked in, or a visitor counted; the field is ready again."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import func, select

from pairdesk.domain.enums import Attendance, ConsentPurpose, Role, WorkshopKind
from pairdesk.i18n import _
from pairdesk.services import consents, workshops
from pairdesk.services.context import ServiceContext
from pairdesk.services.workshops import WorkshopInput
from pairdesk.store.models import Participant
from pairdesk.ui import tasks
from pairdesk.ui.main_window import MainWindow
from pairdesk.ui.views.attendance.sheet import AttendanceSheet
from pairdesk.ui.views.attendance.view import AttendancePage
from tests.factories import acting_as, make_participant

TODAY = dt.date(2026, 11, 25)  # the conftest ctx's date


@pytest.fixture
def today_workshop(ctx: ServiceContext) -> int:
    known = make_participant(ctx, "Hélène", "Durand", membership_start=dt.date(2025, 9, 1)).id
    workshop_id = workshops.create_workshop(
        ctx,
        WorkshopInput(
            kind=WorkshopKind.CV,
            title="Atelier CV",
            held_on=TODAY,
            starts_at=dt.time(14),
            ends_at=dt.time(16),
        ),
    ).id
    workshops.register(ctx, workshop_id, known)
    return workshop_id


def sheet_of(qtbot, ctx: ServiceContext, workshop_id: int) -> AttendanceSheet:
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    window.show_page("attendance")
    page = window.page("attendance")
    assert isinstance(page, AttendancePage)
    sheet = page.sheet
    qtbot.waitUntil(lambda: sheet.workshop_id == workshop_id and sheet.detail is not None)
    return sheet


def idle() -> None:
    assert tasks.wait_for_idle(10)


def people_named(ctx: ServiceContext, last_name: str) -> list[int]:
    with ctx.transaction() as session:
        return list(
            session.scalars(select(Participant.id).where(Participant.last_name == last_name))
        )


def participant_count(ctx: ServiceContext) -> int:
    with ctx.transaction() as session:
        return session.scalar(select(func.count()).select_from(Participant)) or 0


def type_and_enter(qtbot, sheet: AttendanceSheet, text: str) -> None:
    sheet.check_in_field.setFocus()
    qtbot.keyClicks(sheet.check_in_field, text)
    qtbot.keyClick(sheet.check_in_field, Qt.Key.Key_Return)
    qtbot.waitUntil(sheet.newcomer.isVisible)


def test_unknown_name_added_as_a_new_person_by_keyboard(
    qtbot, ctx: ServiceContext, today_workshop: int
) -> None:
    sheet = sheet_of(qtbot, ctx, today_workshop)
    offer = sheet.newcomer
    assert not offer.isVisible()
    before = participant_count(ctx)

    type_and_enter(qtbot, sheet, "zoe nguyen")
    # Inline, prefilled, the agreement asked in one sentence and not ticked.
    assert offer.may_add and offer.add_part.isVisible() and not offer.role_note.isVisible()
    assert (offer.first_field.text(), offer.last_field.text()) == ("Zoe", "Nguyen")
    assert "Zoe Nguyen" in offer.consent_sentence.text()
    assert not offer.consent_box.isChecked()
    assert offer.consent_box.hasFocus()
    assert not offer.add_button.isEnabled()

    # Enter before ticking: nothing is created, the agreement keeps the focus.
    qtbot.keyClick(offer.consent_box, Qt.Key.Key_Return)
    idle()
    assert participant_count(ctx) == before and offer.isVisible()
    assert offer.consent_box.hasFocus()

    qtbot.keyClick(offer.consent_box, Qt.Key.Key_Space)
    assert offer.consent_box.isChecked() and offer.add_button.isEnabled()
    qtbot.keyClick(offer.consent_box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: sheet.check_in_field.text() == "")
    idle()

    [new_id] = people_named(ctx, "Nguyen")
    rows = {r.participant_id: r for r in workshops.get_workshop(ctx, today_workshop).registrations}
    assert rows[new_id].attendance is Attendance.PRESENT and rows[new_id].walk_in
    assert consents.has_consent(ctx, new_id, ConsentPurpose.KEEP_FILE)
    assert not offer.isVisible()
    assert sheet.check_in_field.hasFocus()  # the next name can be typed at once
    qtbot.waitUntil(lambda: sheet.registrations_model.row_of(new_id) is not None)

    # The next one, straight away: found now, checked in, no offer.
    qtbot.keyClicks(sheet.check_in_field, "helene")
    qtbot.keyClick(sheet.check_in_field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: sheet.check_in_field.text() == "")
    idle()
    assert not offer.isVisible()


def test_a_refused_name_is_shown_beside_its_field(
    qtbot, ctx: ServiceContext, today_workshop: int
) -> None:
    sheet = sheet_of(qtbot, ctx, today_workshop)
    offer = sheet.newcomer
    before = participant_count(ctx)
    type_and_enter(qtbot, sheet, "zoe")
    assert (offer.first_field.text(), offer.last_field.text()) == ("Zoe", "")
    offer.consent_box.setChecked(True)
    qtbot.keyClick(offer.consent_box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "last_name" in offer.errors.shown())
    assert participant_count(ctx) == before
    assert offer.isVisible() and offer.last_field.hasFocus()
    qtbot.keyClicks(offer.last_field, "Martin")
    qtbot.keyClick(offer.last_field, Qt.Key.Key_Return)  # Enter from a name field adds
    qtbot.waitUntil(lambda: sheet.check_in_field.text() == "")
    idle()
    assert len(people_named(ctx, "Martin")) == 1


def test_escape_and_typing_again_close_the_offer(
    qtbot, ctx: ServiceContext, today_workshop: int
) -> None:
    sheet = sheet_of(qtbot, ctx, today_workshop)
    type_and_enter(qtbot, sheet, "quelqu'un")
    qtbot.keyClick(sheet.newcomer.consent_box, Qt.Key.Key_Escape)
    assert not sheet.newcomer.isVisible()
    assert sheet.check_in_field.hasFocus() and sheet.check_in_field.text() == "quelqu'un"
    type_and_enter(qtbot, sheet, "x")
    qtbot.keyClicks(sheet.check_in_field, "y")
    assert not sheet.newcomer.isVisible()


def test_count_a_visitor_without_a_file(qtbot, ctx: ServiceContext, today_workshop: int) -> None:
    sheet = sheet_of(qtbot, ctx, today_workshop)
    before = participant_count(ctx)
    type_and_enter(qtbot, sheet, "un passant")
    sheet.newcomer.visitor_button.setFocus()
    qtbot.keyClick(sheet.newcomer.visitor_button, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: sheet.detail is not None and sheet.detail.visitors == 1)
    idle()
    assert participant_count(ctx) == before
    assert workshops.get_workshop(ctx, today_workshop).visitors == 1
    assert sheet.check_in_field.text() == "" and sheet.check_in_field.hasFocus()
    assert not sheet.newcomer.isVisible()
    assert "1" in sheet.count_label.text() and sheet.fewer_visitors_button.isVisible()
    sheet.fewer_visitors_button.click()
    qtbot.waitUntil(lambda: sheet.detail is not None and sheet.detail.visitors == 0)
    idle()
    assert not sheet.fewer_visitors_button.isVisible()


@pytest.mark.parametrize("role", [Role.VOLUNTEER, Role.PEER_HELPER])
def test_without_the_right_to_open_files_only_the_visitor_count_is_offered(
    qtbot, ctx: ServiceContext, today_workshop: int, role: Role
) -> None:
    acting = acting_as(ctx, "Sam", role)
    sheet = sheet_of(qtbot, acting, today_workshop)
    offer = sheet.newcomer
    before = participant_count(ctx)
    told: list[str] = []
    sheet.status_message.connect(told.append)
    type_and_enter(qtbot, sheet, "zoe nguyen")
    assert not offer.may_add
    # the status bar offers what the panel does (it said « ajoutez la personne »)
    assert told[-1] == _(
        "Nobody matches “{text}”: check the spelling, or count them below."
    ).format(text="zoe nguyen")
    assert not offer.add_part.isVisible() and not offer.add_button.isVisible()
    assert offer.role_note.isVisible() and offer.role_note.text()
    assert offer.visitor_button.hasFocus()
    qtbot.keyClick(offer.visitor_button, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: sheet.check_in_field.text() == "")
    idle()
    assert participant_count(ctx) == before
    assert workshops.get_workshop(ctx, today_workshop).visitors == 1

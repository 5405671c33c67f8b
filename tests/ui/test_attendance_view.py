"""The Attendance view, driven on the real main window; outcomes read through services."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from pairdesk import formatting
from pairdesk.domain.enums import Attendance, WorkshopKind
from pairdesk.services import attendance, workshops
from pairdesk.services.workshops import WorkshopInput
from pairdesk.ui import tasks
from pairdesk.ui.main_window import MainWindow
from pairdesk.ui.models.registrations_model import MonthColumn
from pairdesk.ui.views import attendance as attendance_view
from tests.factories import make_participant

TODAY = dt.date(2026, 11, 25)  # the conftest ctx's date (a Wednesday)
PEOPLE = [("Hélène", "Durand"), ("Karim", "Benali"), ("Paul", "Zimmer")]


@pytest.fixture
def people(ctx) -> dict[str, int]:
    ids = {}
    for first, last in PEOPLE:
        ids[first] = make_participant(ctx, first, last, membership_start=dt.date(2025, 9, 1)).id
    return ids


def plan(ctx, day: dt.date, kind: WorkshopKind, title: str) -> int:
    return workshops.create_workshop(
        ctx,
        WorkshopInput(
            kind=kind, title=title, held_on=day, starts_at=dt.time(14), ends_at=dt.time(16)
        ),
    ).id


@pytest.fixture
def today_workshop(ctx, people) -> int:
    plan(ctx, TODAY - dt.timedelta(days=1), WorkshopKind.CV, "Atelier CV de mardi")
    workshop_id = plan(ctx, TODAY, WorkshopKind.INTERVIEW, "Entretiens blancs")
    workshops.register_many(ctx, workshop_id, [people["Hélène"], people["Karim"]])
    return workshop_id


@pytest.fixture
def window(qtbot, ctx, today_workshop, monkeypatch):
    main = MainWindow(ctx)
    qtbot.addWidget(main)
    main.resize(1366, 768)
    main.show()
    yield main
    tasks.wait_for_idle()


def idle() -> None:
    assert tasks.wait_for_idle(10)


def open_page(qtbot, window: MainWindow):
    window.show_page("attendance")
    page = window.page("attendance")
    assert isinstance(page, attendance_view.view.AttendancePage)
    return page


def registrations(ctx, workshop_id: int) -> dict[int, workshops.RegistrationRow]:
    return {r.participant_id: r for r in workshops.get_workshop(ctx, workshop_id).registrations}


def test_keyboard_check_in_and_walk_in(qtbot, window, ctx, people, today_workshop) -> None:
    page = open_page(qtbot, window)
    sheet = page.sheet
    # This week is shown and today's workshop chosen by default.
    qtbot.waitUntil(lambda: sheet.workshop_id == today_workshop and sheet.detail is not None)
    assert page.workshops_model.rowCount() == 2
    assert sheet.registrations_model.rowCount() == 2

    sheet.check_in_field.setFocus()
    qtbot.keyClicks(sheet.check_in_field, "helene")
    qtbot.keyClick(sheet.check_in_field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: sheet.check_in_field.text() == "")
    idle()
    assert registrations(ctx, today_workshop)[people["Hélène"]].attendance is Attendance.PRESENT
    assert registrations(ctx, today_workshop)[people["Karim"]].attendance is None
    assert sheet.check_in_field.hasFocus()  # ready for the next person

    qtbot.keyClicks(sheet.check_in_field, "zimm")
    qtbot.waitUntil(lambda: sheet.candidates_model.rowCount() == 1)  # shown as you type
    qtbot.keyClick(sheet.check_in_field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: sheet.registrations_model.rowCount() == 3)
    idle()
    walk_in = registrations(ctx, today_workshop)[people["Paul"]]
    assert walk_in.walk_in and walk_in.attendance is Attendance.PRESENT
    assert sheet.check_in_field.hasFocus()

    qtbot.keyClicks(sheet.check_in_field, "nobody here")
    qtbot.keyClick(sheet.check_in_field, Qt.Key.Key_Return)
    idle()
    assert sheet.check_in_field.text() == "nobody here"  # kept, to correct the spelling
    assert len(registrations(ctx, today_workshop)) == 3

    # Karim sent word: excused; Hélène gives 5.
    assert sheet.select_participant(people["Karim"])
    sheet.excused_button.click()
    idle()
    assert sheet.select_participant(people["Hélène"])
    sheet.satisfaction_field.setValue(5)
    with qtbot.waitSignal(sheet.satisfaction_button.clicked, timeout=2000):
        qtbot.keyClick(sheet.satisfaction_field.lineEdit(), Qt.Key.Key_Return)  # as the button
    idle()
    rows = registrations(ctx, today_workshop)
    assert rows[people["Karim"]].attendance is Attendance.EXCUSED
    assert rows[people["Hélène"]].satisfaction == 5
    qtbot.waitUntil(
        lambda: (
            page.workshops_model.row_at(page.workshops_model.row_of(today_workshop)).present == 2
        )
    )


def test_enter_on_a_name_two_registered_people_share_asks_to_choose(
    qtbot, window, ctx, people, today_workshop
) -> None:
    """Two registered Chevalier and an unregistered one: Enter marks nobody and gives the
    list of people found the focus (the registered ones); Down and Enter mark the second.
    A name matching one registered person and others not registered marks that one."""
    agathe = make_participant(ctx, "Agathe", "Chevalier", membership_start=dt.date(2025, 9, 1))
    kwame = make_participant(ctx, "Kwame", "Chevalier", membership_start=dt.date(2025, 9, 1))
    make_participant(ctx, "Léa", "Chevalier", membership_start=dt.date(2025, 9, 1))
    workshops.register_many(ctx, today_workshop, [agathe.id, kwame.id])
    page = open_page(qtbot, window)
    sheet = page.sheet
    qtbot.waitUntil(lambda: sheet.workshop_id == today_workshop and sheet.detail is not None)
    sheet.check_in_field.setFocus()
    qtbot.keyClicks(sheet.check_in_field, "chevalier")
    qtbot.keyClick(sheet.check_in_field, Qt.Key.Key_Return)
    idle()
    qtbot.waitUntil(lambda: sheet.candidates_table.hasFocus(), timeout=5000)
    rows = registrations(ctx, today_workshop)
    assert rows[agathe.id].attendance is None and rows[kwame.id].attendance is None
    assert sheet.candidates_model.rowCount() == 2  # the registered ones
    qtbot.keyClick(sheet.candidates_table, Qt.Key.Key_Down)
    qtbot.keyClick(sheet.candidates_table, Qt.Key.Key_Return)
    idle()
    qtbot.waitUntil(
        lambda: (
            sum(
                r.attendance is Attendance.PRESENT
                for r in registrations(ctx, today_workshop).values()
            )
            == 1
        ),
        timeout=5000,
    )
    # Hélène Durand is the only registered "durand" though others may share the name
    make_participant(ctx, "Marc", "Durand", membership_start=dt.date(2025, 9, 1))
    sheet.check_in_field.setFocus()
    sheet.check_in_field.clear()
    qtbot.keyClicks(sheet.check_in_field, "durand")
    qtbot.keyClick(sheet.check_in_field, Qt.Key.Key_Return)
    idle()
    qtbot.waitUntil(
        lambda: (
            registrations(ctx, today_workshop)[people["Hélène"]].attendance is Attendance.PRESENT
        ),
        timeout=5000,
    )


def test_week_navigation_and_open_record(qtbot, window, ctx, today_workshop) -> None:
    page = open_page(qtbot, window)
    qtbot.waitUntil(lambda: page.sheet.workshop_id == today_workshop)
    later = plan(ctx, TODAY + dt.timedelta(days=14), WorkshopKind.OFFER_SHARING, "Offres")

    with qtbot.waitSignal(page.workshops_loaded):
        page.next_button.click()
    assert page.workshops_model.rowCount() == 0
    assert page.sheet.workshop_id is None
    with qtbot.waitSignal(page.workshops_loaded):
        page.next_button.click()
    assert [r.id for r in page.workshops_model.rows] == [later]
    assert not page.sheet.check_in_field.isEnabled()  # not held yet
    with qtbot.waitSignal(page.workshops_loaded):
        page.this_week_button.click()
    assert page.workshops_model.rowCount() == 2

    window.open_record("attendance", later)
    qtbot.waitUntil(lambda: page.sheet.workshop_id == later)
    assert page.day_field.date() == TODAY + dt.timedelta(days=14)


def test_monthly_totals_tab(qtbot, window, ctx, people, today_workshop, qtmodeltester) -> None:
    attendance.check_in(ctx, today_workshop, people["Hélène"])
    attendance.mark_attendance(ctx, today_workshop, people["Karim"], Attendance.ABSENT)
    page = open_page(qtbot, window)
    with qtbot.waitSignal(page.totals_loaded):
        page.tabs.setCurrentIndex(1)
    model = page.totals_model
    assert model.rowCount() == 12
    november = 10
    assert model.index(november, MonthColumn.MONTH).data() == formatting.month_name(2026, 11)
    assert model.index(november, MonthColumn.HELD).data() == formatting.number(2)
    assert model.index(november, MonthColumn.PRESENT).data() == formatting.number(1)
    assert model.index(november, MonthColumn.ABSENT).data() == formatting.number(1)
    assert model.index(november, MonthColumn.HOURS).data() == formatting.number(2.0, digits=2)
    assert model.index(0, MonthColumn.HELD).data() == formatting.number(0)
    qtmodeltester.check(model)

    with qtbot.waitSignal(page.totals_loaded):
        page.year_field.setValue(2025)
    assert model.index(november, MonthColumn.HELD).data() == formatting.number(0)

    page.tabs.setCurrentIndex(0)
    qtbot.waitUntil(lambda: page.sheet.registrations_model.rowCount() == 2)
    qtmodeltester.check(page.workshops_model)
    qtmodeltester.check(page.sheet.registrations_model)


def test_registering_someone_on_pause_says_why_nobody_is_listed(
    qtbot, window, ctx, today_workshop
) -> None:
    """« wisniewska », on pause, gave an empty list and no explanation (a tester)."""
    from pairdesk.domain.enums import ParticipantStatus
    from pairdesk.services import participants

    paused = make_participant(
        ctx, "Agnieszka", "Wiśniewska", membership_start=dt.date(2025, 9, 1)
    ).id
    participants.set_status(ctx, paused, ParticipantStatus.PAUSED)
    page = open_page(qtbot, window)
    sheet = page.sheet
    qtbot.waitUntil(lambda: sheet.workshop_id == today_workshop and sheet.detail is not None)
    with qtbot.waitSignal(sheet.status_message, timeout=5000) as told:
        sheet.register_field.setText("wisniewska")
        sheet.find_people()
    assert sheet.people_model.rowCount() == 0
    assert "1" in told.args[0] and "en pause" in told.args[0]


def test_clicking_the_first_person_after_changing_workshop_enables_the_marks(
    qtbot, window, ctx, people, today_workshop
) -> None:
    """Chosen with the mouse, the first person of a workshop just opened left the marking
    buttons grey (a tester's finding): they followed the current row only, which was
    already the first."""
    other = plan(ctx, TODAY - dt.timedelta(days=2), WorkshopKind.CV, "Atelier CV de lundi")
    workshops.register_many(ctx, other, [people["Paul"], people["Karim"]])
    page = open_page(qtbot, window)
    sheet = page.sheet
    qtbot.waitUntil(lambda: sheet.workshop_id == today_workshop and sheet.detail is not None)
    table = sheet.registrations_table
    for workshop_id in (other, today_workshop):
        page.workshops_table.selectRow(page.workshops_model.row_of(workshop_id))
        qtbot.waitUntil(lambda wid=workshop_id: sheet.detail is not None and sheet.detail.id == wid)
        idle()
        first = table.visualRect(sheet.registrations_model.index(0, 0)).center()
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=first)
        assert table.selectionModel().hasSelection()
        assert sheet.present_button.isEnabled() and sheet.absent_button.isEnabled()
        sheet.present_button.click()
        idle()
        first_person = sheet.registrations_model.row_at(0).participant_id
        assert registrations(ctx, workshop_id)[first_person].attendance is Attendance.PRESENT


def test_marking_someone_keeps_the_page_where_it_was(
    qtbot, window, ctx, people, today_workshop
) -> None:
    """On a small screen the page scrolled after « Noter présent·e »: reloading the list
    unselected the row an instant, the focused button was disabled, the focus fell to
    the next widget and the page followed it; the next click landed on another person
    (a tester's finding)."""
    from PySide6.QtWidgets import QScrollArea

    window.resize(1024, 600)
    page = open_page(qtbot, window)
    sheet = page.sheet
    qtbot.waitUntil(lambda: sheet.workshop_id == today_workshop and sheet.detail is not None)
    idle()
    (area,) = [
        a for a in page.findChildren(QScrollArea) if a.widget() and a.widget().isAncestorOf(sheet)
    ]
    bar = area.verticalScrollBar()
    assert bar.maximum() > 0, "the page scrolls at this size"
    bar.setValue(bar.maximum() // 2)
    before = bar.value()
    assert sheet.select_participant(people["Karim"])
    sheet.present_button.setFocus()
    sheet.present_button.click()
    idle()
    qtbot.waitUntil(
        lambda: registrations(ctx, today_workshop)[people["Karim"]].attendance is Attendance.PRESENT
    )
    assert bar.value() == before
    assert window.focusWidget() is sheet.present_button
    assert sheet._selected_participant() == people["Karim"]

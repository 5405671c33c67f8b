"""The register's day view on the real main window: tick in by keyboard, someone new,
visitors without a name, closure days, totals; outcomes read back through the service."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from pairdesk import formatting
from pairdesk.domain.enums import Role
from pairdesk.i18n import _, ngettext
from pairdesk.services import register, team
from pairdesk.services.context import ServiceContext
from pairdesk.services.register import RegisterKind, RegisterPersonInput
from pairdesk.ui import tasks
from pairdesk.ui.main_window import MainWindow
from pairdesk.ui.views.register.dialogs import ClosureDialog, NewRegisterPersonDialog
from pairdesk.ui.views.register.view import RegisterPage
from tests.factories import acting_as, insert_participant

TODAY = dt.date(2026, 11, 25)  # conftest's today, a Wednesday
MON = dt.date(2026, 11, 23)


def state(text: str, day: dt.date) -> str:
    return _(text).format(day=formatting.long_date(day))


def idle() -> None:
    assert tasks.wait_for_idle(10)


@pytest.fixture
def people(ctx: ServiceContext) -> dict[str, tuple[str, int]]:
    profile = team.get_association(ctx)
    team.update_association(ctx, team.AssociationInput(name=profile.name, opening_days=(1, 3)))
    anna = register.add_person(
        ctx, RegisterPersonInput("Anna Bleu", RegisterKind.MEMBER, dt.date(2025, 3, 1))
    )
    zoe = register.add_person(ctx, RegisterPersonInput("Zoe Vert", RegisterKind.VISITOR))
    pid = insert_participant(ctx, "Camille", "Fictif", membership_start=dt.date(2026, 1, 5))
    return {
        "anna": ("register", anna.id),
        "zoe": ("register", zoe.id),
        "camille": ("participant", pid),
    }


def open_page(qtbot, ctx: ServiceContext) -> tuple[MainWindow, RegisterPage]:
    main = MainWindow(ctx)
    qtbot.addWidget(main)
    main.resize(1366, 768)
    main.show()
    main.go_to_page("register")
    idle()
    page = main.page("register")
    assert isinstance(page, RegisterPage)
    qtbot.waitUntil(lambda: page.overview is not None, timeout=5000)
    return main, page


def test_ctrl_0_then_a_name_and_enter_ticks_in(qtbot, ctx, people) -> None:
    _main, page = open_page(qtbot, ctx)
    assert _main.focusWidget() is page.search_field
    assert page.state_label.text() == state("{day}: opening day", TODAY)
    qtbot.keyClicks(page.search_field, "anna")
    qtbot.keyClick(page.search_field, Qt.Key.Key_Return)
    idle()
    qtbot.waitUntil(lambda: page.present_model.rowCount() == 1, timeout=5000)
    assert page.search_field.text() == ""
    assert [p.key for p in register.get_day(ctx, TODAY).present] == [people["anna"]]
    # Enter again on the same name: she is already in, nobody else matches -> nothing added
    qtbot.keyClicks(page.search_field, "anna")
    qtbot.keyClick(page.search_field, Qt.Key.Key_Return)
    idle()
    assert len(register.get_day(ctx, TODAY).present) == 1
    # a participant, found by the search, chosen in the list with Down and Enter
    page.search_field.clear()
    qtbot.keyClicks(page.search_field, "camil")
    page.find_people()
    idle()
    qtbot.waitUntil(lambda: page.candidates_model.rowCount() == 1, timeout=5000)
    qtbot.keyClick(page.search_field, Qt.Key.Key_Down)
    assert _main.focusWidget() is page.candidates_table
    page._candidate_activated(page.candidates_model.index(0, 0))
    idle()
    qtbot.waitUntil(lambda: page.present_model.rowCount() == 2, timeout=5000)
    # Delete in the list takes a tick back
    page.present_table.setFocus()
    page.present_table.selectRow(0)  # Anna Bleu
    qtbot.keyClick(page.present_table, Qt.Key.Key_Delete)
    idle()
    qtbot.waitUntil(lambda: page.present_model.rowCount() == 1, timeout=5000)
    assert [p.key for p in register.get_day(ctx, TODAY).present] == [people["camille"]]


def test_enter_on_a_name_several_people_share_lets_the_person_at_the_door_choose(
    qtbot, ctx, people
) -> None:
    """Two people called Chevalier: Enter ticks in nobody, the list of people found takes
    the focus with the first selected; Down and Enter tick in the second. Once one of them
    is in, Enter on "chevalier" ticks in the other."""
    agathe = insert_participant(ctx, "Agathe", "Chevalier", membership_start=dt.date(2026, 1, 5))
    kwame = insert_participant(ctx, "Kwame", "Chevalier", membership_start=dt.date(2026, 1, 5))
    main, page = open_page(qtbot, ctx)
    messages: list[str] = []
    page.status_message.connect(messages.append)
    qtbot.keyClicks(page.search_field, "chevalier")
    qtbot.keyClick(page.search_field, Qt.Key.Key_Return)
    idle()
    qtbot.waitUntil(lambda: main.focusWidget() is page.candidates_table, timeout=5000)
    assert register.get_day(ctx, TODAY).present == ()
    assert page.candidates_model.rowCount() == 2
    assert page.candidates_table.selectionModel().selectedRows()[0].row() == 0
    assert "2" in messages[-1] and "chevalier" in messages[-1]
    qtbot.keyClick(page.candidates_table, Qt.Key.Key_Down)
    qtbot.keyClick(page.candidates_table, Qt.Key.Key_Return)
    idle()
    qtbot.waitUntil(lambda: page.present_model.rowCount() == 1, timeout=5000)
    chosen = register.get_day(ctx, TODAY).present[0].key
    assert chosen in {("participant", agathe), ("participant", kwame)}
    qtbot.keyClicks(page.search_field, "chevalier")
    qtbot.keyClick(page.search_field, Qt.Key.Key_Return)
    idle()
    qtbot.waitUntil(lambda: page.present_model.rowCount() == 2, timeout=5000)
    assert {p.key for p in register.get_day(ctx, TODAY).present} == {
        ("participant", agathe),
        ("participant", kwame),
    }


def test_visitors_without_a_name_and_the_totals(qtbot, ctx, people) -> None:
    register.set_present(ctx, MON, people["anna"], True)
    register.set_present(ctx, MON, people["zoe"], True)
    _main, page = open_page(qtbot, ctx)
    one_visitor = ngettext(
        "{count} visitor without a name", "{count} visitors without a name", 1
    ).format(count=1)
    page.visitor_button.click()
    idle()
    qtbot.waitUntil(lambda: register.get_day(ctx, TODAY).anonymous_visitors == 1, timeout=5000)
    page.visitor_button.click()
    idle()
    qtbot.waitUntil(lambda: register.get_day(ctx, TODAY).anonymous_visitors == 2, timeout=5000)
    page.fewer_button.click()
    idle()
    qtbot.waitUntil(lambda: register.get_day(ctx, TODAY).anonymous_visitors == 1, timeout=5000)
    idle()
    qtbot.waitUntil(lambda: page.visitors_label.text() == one_visitor)
    # Totals of November: Monday 2 named (1 member, 1 visitor), today 1 without a name.
    assert page.totals_model.rowCount() == 2
    month = page.totals_model.rows[0][1]
    assert (month.person_days, month.distinct_people, month.distinct_members) == (3, 2, 1)
    assert month.anonymous_visits == 1
    assert page.day_totals_label.text().endswith(": 1.")
    # the average per opening day as every mean: two decimals (« 13,5 » stood beside the
    # annual report's « 13,47 »)
    average = [
        column
        for column in range(page.totals_model.columnCount())
        if page.totals_model.headerData(column, Qt.Orientation.Horizontal)
        == _("Average per opening day")
    ]
    assert average, "the column"
    shown = page.totals_model.index(0, average[0]).data()
    assert shown == formatting.mean(month.average_per_opening_day)
    assert len(shown.rsplit(",", 1)[-1].rsplit(".", 1)[-1]) == 2


def test_someone_new_is_added_and_ticked_in(qtbot, ctx, people) -> None:
    _main, page = open_page(qtbot, ctx)
    page.search_field.setText("Nadia Roux")
    page.tick_in_first()
    idle()
    qtbot.waitUntil(lambda: _main.focusWidget() is page.new_person_button, timeout=5000)
    page.new_person_button.click()
    dialog = page.dialog
    assert isinstance(dialog, NewRegisterPersonDialog)
    assert dialog.name_field.text() == "Nadia Roux"
    dialog.kind_field.setCurrentIndex(dialog.kind_field.findData(RegisterKind.VISITOR.value))
    assert not dialog.since_field.isEnabled()
    dialog.submit()
    idle()
    qtbot.waitUntil(lambda: page.present_model.rowCount() == 1, timeout=5000)
    people_now = {p.display_name: p.kind for p in register.list_people(ctx)}
    assert people_now["Nadia Roux"] is RegisterKind.VISITOR
    assert [p.name for p in register.get_day(ctx, TODAY).present] == ["Nadia Roux"]


def test_a_coordinator_closes_and_reopens_the_day(qtbot, ctx, people) -> None:
    _main, page = open_page(qtbot, ctx)
    assert page.close_button.isVisibleTo(page) and not page.reopen_button.isVisibleTo(page)
    page.close_button.click()
    dialog = page.dialog
    assert isinstance(dialog, ClosureDialog)
    dialog.reason_field.setText("Formation")
    dialog.submit()
    idle()
    closed = _("{day}: closed ({reason})").format(
        day=formatting.long_date(TODAY), reason="Formation"
    )
    qtbot.waitUntil(lambda: page.state_label.text() == closed, timeout=5000)
    assert [c.reason for c in register.list_closures(ctx, TODAY, TODAY)] == ["Formation"]
    assert page.reopen_button.isVisibleTo(page)
    page.reopen_button.click()
    idle()
    opening = state("{day}: opening day", TODAY)
    qtbot.waitUntil(lambda: page.state_label.text() == opening, timeout=5000)
    assert register.list_closures(ctx, TODAY, TODAY) == []


def test_a_volunteer_ticks_in_but_cannot_close_a_day(qtbot, ctx, people) -> None:
    volunteer = acting_as(ctx, "Vic", Role.VOLUNTEER)
    _main, page = open_page(qtbot, volunteer)
    assert not page.close_button.isVisibleTo(page)
    assert page.search_field.isEnabled()


def test_a_day_after_today_cannot_be_ticked(qtbot, ctx, people) -> None:
    _main, page = open_page(qtbot, ctx)
    page.next_button.click()
    idle()
    qtbot.waitUntil(lambda: page.overview is not None and page.overview.sheet.day > TODAY)
    assert page.day == TODAY + dt.timedelta(days=1)
    assert not page.search_field.isEnabled()
    assert not page.visitor_button.isEnabled()
    thursday = TODAY + dt.timedelta(days=1)
    assert page.state_label.text() == state(
        "{day}: not a usual opening day (a day with people counts)", thursday
    )

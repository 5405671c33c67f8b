"""Ctrl+1…9 show a page and put the focus in its main list, a row selected, so that
Enter opens it (issue 11: the shortcut showed the page, the focus stayed elsewhere)."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QWidget

from pairdesk.domain.enums import WorkshopKind
from pairdesk.services import offers
from pairdesk.services.context import ServiceContext
from pairdesk.services.offers import OfferInput
from pairdesk.ui import tasks
from pairdesk.ui.main_window import PAGES, MainWindow
from pairdesk.ui.views.participants.page import ParticipantsPage
from tests.factories import make_member, make_participant, make_workshop

TODAY = dt.date(2026, 11, 25)  # the ctx fixture's today

#: page key → the attribute path of its main list (on the tab shown first)
MAIN_LISTS = {
    "today": "table",
    "participants": "list_view.table",
    "cv_workshops": "workshops_table",
    "interview_coaching": None,  # opens on the mock-interview form: its first field
    "job_offers": "catalogue.table",
    "attendance": "workshops_table",
    "indicators": "table",
    "team_settings": "members_tab.table",
    "employers": "directory.table",
    "register": "search_field",  # Ctrl+0: where a name is typed at the door
}


@pytest.fixture
def window(qtbot, ctx: ServiceContext):
    make_participant(ctx, "Hélène", "Durand", membership_start=dt.date(2025, 9, 1))
    make_participant(ctx, "Karim", "Benali", membership_start=dt.date(2025, 9, 1))
    make_workshop(ctx, TODAY + dt.timedelta(days=3))  # the CV page shows what is coming
    make_workshop(ctx, TODAY - dt.timedelta(days=2), WorkshopKind.INTERVIEW, "Coaching")
    offers.create_offer(ctx, OfferInput(title="Agent d'accueil", employer="Mairie"))
    make_member(ctx)
    main = MainWindow(ctx)
    qtbot.addWidget(main)
    main.resize(1366, 768)
    main.show()
    main.activateWindow()
    qtbot.waitExposed(main)
    tasks.wait_for_idle()
    yield main
    tasks.wait_for_idle()


def _resolve(page: QWidget, path: str) -> QWidget:
    target: object = page
    for name in path.split("."):
        target = getattr(target, name)
    assert isinstance(target, QWidget)
    return target


def test_every_page_has_an_entry_here() -> None:
    assert set(MAIN_LISTS) == {page.key for page in PAGES}
    assert len(PAGES) == 10


@pytest.mark.parametrize("number, key", list(enumerate(MAIN_LISTS, start=1)))
def test_ctrl_number_puts_the_focus_in_the_main_list(
    qtbot, window: MainWindow, number: int, key: str
) -> None:
    assert [page.key for page in PAGES][number - 1] == key
    # Start from another page, the focus in the sidebar.
    other = "indicators" if key != "indicators" else "participants"
    window.show_page(other)
    window.navigation.setFocus()
    tasks.wait_for_idle()

    qtbot.keyClick(
        window.navigation, Qt.Key(Qt.Key.Key_0 + number % 10), Qt.KeyboardModifier.ControlModifier
    )
    assert window.current_page_key() == key
    page = window.page(key)
    expected = page.main_list()  # type: ignore[attr-defined]
    assert expected is not None
    path = MAIN_LISTS[key]
    if path is None:  # the coaching page opens on its form
        assert expected is page.interview.picker.search_field  # type: ignore[attr-defined]
    else:
        assert expected is _resolve(page, path)
    assert window.focusWidget() is expected
    if isinstance(expected, QAbstractItemView):
        tasks.wait_for_idle()
        qtbot.waitUntil(lambda: expected.model().rowCount() > 0 or key == "today", timeout=5000)
        if expected.model().rowCount() > 0:
            qtbot.waitUntil(lambda: expected.currentIndex().isValid(), timeout=5000)
            assert expected.selectionModel().isRowSelected(expected.currentIndex().row())


def test_ctrl_2_then_enter_opens_the_first_participant(qtbot, window: MainWindow) -> None:
    page = window.participants_view
    assert isinstance(page, ParticipantsPage)
    window.show_page("today")
    window.navigation.setFocus()
    qtbot.keyClick(window.navigation, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    table = page.list_view.table
    assert window.focusWidget() is table
    qtbot.waitUntil(lambda: table.currentIndex().isValid(), timeout=5000)
    qtbot.keyClick(table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.file_view.data is not None, timeout=5000)
    assert page.currentWidget() is page.file_view
    assert page.file_view.data.detail.last_name == "Benali"  # first in the list's order


def test_ctrl_8_on_the_referents_tab_focuses_that_tab_s_list(qtbot, window: MainWindow) -> None:
    window.show_page("team_settings")
    team_page = window.page("team_settings")
    team_page.tabs.setCurrentWidget(team_page.referents_tab)  # type: ignore[attr-defined]
    window.navigation.setFocus()
    qtbot.keyClick(window.navigation, Qt.Key.Key_8, Qt.KeyboardModifier.ControlModifier)
    assert window.focusWidget() is team_page.referents_tab.table  # type: ignore[attr-defined]

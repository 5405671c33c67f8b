"""Each page of the main window is built on its first visit (issue 12): unlocking builds
the page shown, not all of them; Ctrl+1…9, opening a record, drafts and the saved page
still reach a page never shown."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QLabel, QWidget

from pairdesk.i18n import _
from pairdesk.services.context import ServiceContext
from pairdesk.ui import tasks
from pairdesk.ui.main_window import PAGES, MainWindow, window_settings
from tests.factories import make_participant


def built(window: MainWindow) -> set[str]:
    return set(window.built_pages())


@pytest.fixture
def window(qtbot, ctx: ServiceContext):
    make_participant(ctx, "Karim", "Benali", membership_start=dt.date(2025, 9, 1))
    settings = window_settings()
    settings.remove("main_window/page")  # the first start: the participants list
    settings.sync()
    main = MainWindow(ctx)
    qtbot.addWidget(main)
    main.show()
    tasks.wait_for_idle()
    yield main
    tasks.wait_for_idle()


def test_only_the_page_shown_is_built(window: MainWindow) -> None:
    assert built(window) == {"participants"}
    assert window.current_page_key() == "participants"
    assert window.stack.currentWidget() is window.participants_view
    assert window.stack.count() == window.navigation.count() == len(PAGES)


def test_a_page_is_built_on_its_first_visit_and_kept(qtbot, window: MainWindow) -> None:
    window.show_page("indicators")
    tasks.wait_for_idle()
    assert built(window) == {"participants", "indicators"}
    page = window.page("indicators")
    assert window.stack.currentWidget() is page
    assert window.stack.indexOf(page) == window.page_index("indicators")
    window.show_page("participants")
    window.show_page("indicators")
    assert window.page("indicators") is page  # built once
    # every index of the stack is still the navigation's row
    for index, entry in enumerate(PAGES):
        if entry.key in built(window):
            assert window.stack.indexOf(window.page(entry.key)) == index


def test_ctrl_number_builds_the_page_and_focuses_its_list(qtbot, window: MainWindow) -> None:
    number = window.page_index("today") + 1
    qtbot.keySequence(window, QKeySequence(f"Ctrl+{number}"))
    tasks.wait_for_idle()
    assert window.current_page_key() == "today"
    assert "today" in built(window)
    qtbot.waitUntil(lambda: window.page("today").table.hasFocus())


def test_a_page_never_built_has_no_draft(window: MainWindow) -> None:
    window.participants_view.search_field.setText("Karim")
    assert window.collect_drafts() == []
    assert built(window) == {"participants"}  # collecting builds nothing


def test_asking_for_a_page_builds_it_without_showing_it(window: MainWindow) -> None:
    page = window.page("team_settings")
    assert isinstance(page, QWidget)
    assert window.current_page_key() == "participants"
    assert window.stack.currentWidget() is window.participants_view
    assert page.accessibleName()


def test_the_page_shown_last_is_the_one_built_at_the_next_unlock(
    qtbot, ctx: ServiceContext, window: MainWindow
) -> None:
    window.show_page("attendance")
    tasks.wait_for_idle()
    window.save_settings()
    again = MainWindow(ctx)
    qtbot.addWidget(again)
    assert built(again) == {"attendance"}
    assert again.current_page_key() == "attendance"
    assert again.navigation.currentItem().data(Qt.ItemDataRole.UserRole) == "attendance"
    tasks.wait_for_idle()


def test_the_vault_gives_back_its_page_cache_once_a_page_is_at_rest(
    qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pairdesk.services import vaults

    released: list[object] = []
    real = vaults.release_memory

    def release(ctx: ServiceContext) -> None:
        released.append(ctx)
        real(ctx)

    monkeypatch.setattr(vaults, "release_memory", release)
    window._memory_timer.setInterval(10)
    window.show_page("today")
    qtbot.waitUntil(lambda: len(released) == 1, timeout=10_000)
    tasks.wait_for_idle()
    assert window.page("today").isVisible()  # the page still reads the vault afterwards
    window.page("today").refresh()
    tasks.wait_for_idle()


def test_every_page_shows_its_title(qtbot, window: MainWindow) -> None:
    """The employers' and the team's pages began with their tabs, the others with their
    name: every page now shows its name as its title, as in the list of pages."""
    for page in PAGES:
        window.show_page(page.key)
        titles = [
            label.text()
            for label in window.page(page.key).findChildren(QLabel, "pageTitle")
            if label.isVisible()
        ]
        assert titles == [_(page.label)], page.key


@pytest.mark.parametrize(
    ("room", "expected"), [((1024, 600), (1024, 600)), ((1920, 1040), (1280, 760))]
)
def test_the_first_window_fits_the_screen(qtbot, ctx, monkeypatch, room, expected) -> None:
    """Opened 1280×760 on a 1024×600 netbook, its right side and status bar were off the
    screen (a tester's finding): with no size saved, it takes the room there is."""
    from PySide6.QtCore import QRect

    from pairdesk.ui import main_window

    settings = window_settings()
    settings.remove("main_window/geometry")
    settings.sync()
    monkeypatch.setattr(main_window, "available_area", lambda _w: QRect(0, 0, *room))
    main = MainWindow(ctx)
    qtbot.addWidget(main)
    assert (main.width(), main.height()) == expected
    main.close()
    tasks.wait_for_idle()

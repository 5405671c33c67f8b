"""Tabs that do not fit wrap onto a second line (``widgets/tab_row.TabRow``) instead of
being cut at the tab bar's edges, and every tab of the participant file scrolls rather
than being cut or scrolled sideways (200 % text on 1366×768, issue 11)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QScrollArea, QTabWidget, QVBoxLayout, QWidget

from pairdesk import i18n
from pairdesk.services.context import ServiceContext
from pairdesk.ui import settings_dialog, tasks
from pairdesk.ui.main_window import MainWindow
from pairdesk.ui.widgets.tab_row import TabRow
from tests.factories import make_participant


@pytest.fixture
def large_text(qapp: QApplication) -> Iterator[None]:
    settings_dialog.apply_font_percent(qapp, 200)
    yield
    settings_dialog.apply_font_percent(qapp, 100)


def _tabs(qtbot, width: int) -> tuple[QWidget, QTabWidget, TabRow]:  # type: ignore[no-untyped-def]
    holder = QWidget()
    qtbot.addWidget(holder)
    tabs = QTabWidget(holder)
    for title in ("&Identity and contact", "Schemes and &referents", "&Consent", "T&utoring"):
        tabs.addTab(QLabel(title, tabs), title)
    row = TabRow(tabs, holder)
    layout = QVBoxLayout(holder)
    layout.addWidget(row)
    layout.addWidget(tabs, 1)
    holder.resize(width, 300)
    holder.show()
    qtbot.waitExposed(holder)
    return holder, tabs, row


def test_tabs_that_fit_keep_the_tab_bar(qtbot) -> None:
    _holder, tabs, row = _tabs(qtbot, 1200)
    assert not row.wrapped()
    assert tabs.tabBar().isVisible()


def test_tabs_too_wide_wrap_as_buttons_that_follow_the_tab_widget(qtbot) -> None:
    holder, tabs, row = _tabs(qtbot, 300)
    qtbot.waitUntil(row.wrapped)
    assert not tabs.tabBar().isVisible()
    buttons = row.buttons()
    assert [b.accessibleName() for b in buttons] == [
        "Identity and contact",
        "Schemes and referents",
        "Consent",
        "Tutoring",
    ]
    # on more than one line, every button whole
    qtbot.waitUntil(lambda: row.height() >= 2 * buttons[0].sizeHint().height())
    assert all(b.width() >= b.sizeHint().width() for b in buttons)
    qtbot.mouseClick(buttons[2], Qt.MouseButton.LeftButton)
    assert tabs.currentIndex() == 2
    tabs.setCurrentIndex(1)
    assert buttons[1].isChecked() and not buttons[2].isChecked()
    tabs.setTabEnabled(3, False)
    row.sync()
    assert not buttons[3].isEnabled()
    holder.resize(1200, 300)  # room again: the tab bar comes back
    qtbot.waitUntil(lambda: not row.wrapped())
    assert tabs.tabBar().isVisible()


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_file_at_200_percent_wraps_its_tabs_and_scrolls_each_tab(
    qtbot, ctx: ServiceContext, large_text, language
) -> None:
    i18n.install(language)
    pid = make_participant(ctx, "Maël", "Fictif").id
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    window.open_record("participants", pid)
    file_view = window.participants_view.file_view
    qtbot.waitUntil(lambda: file_view.data is not None and file_view.participant_id == pid)
    qtbot.waitUntil(file_view.tab_row.wrapped)
    for index in range(file_view.tabs.count()):
        file_view.tabs.setCurrentIndex(index)
        tasks.wait_for_idle()
        tab = file_view.tabs.widget(index)
        areas = tab.findChildren(QScrollArea)
        assert areas, f"tab {file_view.tabs.tabText(index)!r} does not scroll"
        area = areas[0]
        content = area.widget()
        needed = content.minimumSizeHint().width()
        # nothing makes the tab wider than the window: no sideways scrolling, no cut field
        assert needed <= area.viewport().width(), file_view.tabs.tabText(index)
    tasks.wait_for_idle()

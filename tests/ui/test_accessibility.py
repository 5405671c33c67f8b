"""Every interactive widget of every view has an accessible name a screen reader can say.

The name is what Qt's accessibility layer reports (``QAccessible``): an explicit
``setAccessibleName``, a button's text or the buddy label of a field all count, exactly as
for Orca or NVDA. Qt's own internal children (scroll bars, spin-box editors, calendar
parts, tab-bar arrows) are skipped: their parent carries the name.
"""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QCalendarWidget,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QScrollBar,
    QSlider,
    QTabBar,
    QTabWidget,
    QTextEdit,
    QWidget,
)

from pairdesk.services import coaching, demo
from pairdesk.ui import tasks
from pairdesk.ui.main_window import PAGES, MainWindow

INTERACTIVE = (
    QAbstractButton,
    QLineEdit,
    QTextEdit,
    QPlainTextEdit,
    QComboBox,
    QAbstractSpinBox,
    QAbstractItemView,
    QSlider,
)
# QLineEdit: its clear button (setClearButtonEnabled) is a nameless internal QToolButton.
INTERNAL_PARENTS = (
    QComboBox,
    QAbstractSpinBox,
    QCalendarWidget,
    QTabBar,
    QScrollBar,
    QHeaderView,
    QLineEdit,
)


def _is_internal(widget: QWidget) -> bool:
    if widget.objectName().startswith("qt_") or isinstance(widget, QScrollBar | QHeaderView):
        return True
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, INTERNAL_PARENTS):
            return True
        parent = parent.parentWidget()
    return False


def accessible_name(widget: QWidget) -> str:
    interface = QAccessible.queryAccessibleInterface(widget)
    return (interface.text(QAccessible.Text.Name) if interface is not None else "").strip()


def unnamed(root: QWidget) -> list[str]:
    missing = []
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, INTERACTIVE) or _is_internal(widget):
            continue
        if not accessible_name(widget):
            missing.append(
                f"{type(widget).__name__} {widget.objectName()!r} in {type(widget.parentWidget()).__name__}"
            )
    return missing


@pytest.fixture
def window(qtbot, ctx):
    coaching.ensure_question_bank(ctx)
    demo.generate_demo_data(ctx, participants=12, seed=2, today=dt.date(2026, 11, 25))
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    yield window
    tasks.wait_for_idle()


def test_every_interactive_widget_of_every_view_is_named(qtbot, window) -> None:
    problems: dict[str, list[str]] = {}
    for page in PAGES:
        window.show_page(page.key)
        tasks.wait_for_idle()
        qtbot.wait(50)
        widget = window.page(page.key)
        for tabs in widget.findChildren(QTabWidget):
            for index in range(tabs.count()):
                tabs.setCurrentIndex(index)
                tasks.wait_for_idle()
        missing = unnamed(widget)
        if missing:
            problems[page.key] = missing
    problems_window = unnamed(window.menuBar()) + unnamed(window.navigation)
    if problems_window:
        problems["window"] = problems_window
    assert problems == {}


def test_participant_file_widgets_are_named(qtbot, window) -> None:
    window.show_page("participants")
    page = window.participants_view
    qtbot.waitUntil(lambda: page.model.rowCount() > 0, timeout=5000)
    window.open_record("participants", page.model.participant_id(0))
    tasks.wait_for_idle()
    qtbot.wait(50)
    for tabs in page.findChildren(QTabWidget):
        for index in range(tabs.count()):
            tabs.setCurrentIndex(index)
            tasks.wait_for_idle()
    assert unnamed(page) == []

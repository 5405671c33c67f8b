"""The screen a widget is on, asked of the application (``pairdesk.ui.screens``)."""

from __future__ import annotations

import ast
import gc
from pathlib import Path

from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QDialog, QMessageBox

from pairdesk.ui.screens import screen_of

ROOT = Path(__file__).resolve().parents[2]


def _screen_wrappers() -> list[QScreen]:
    return [o for o in gc.get_objects() if type(o) is QScreen]


def test_screen_of_leaves_the_screen_tied_to_no_widget(qtbot) -> None:
    """PySide6 ties what ``widget.screen()`` returns to the widget's wrapper; freed with a
    question box's cycle, that wrapper deleted the application's QScreen (a crash in
    ``QScreen::virtualSiblings`` at the next window). ``screen_of`` returns the same screen
    and ties it to nothing."""
    dialog = QDialog()
    qtbot.addWidget(dialog)
    box = QMessageBox(dialog)
    box.setText("Le nouveau dispositif comporte des modifications pas encore enregistrées.")
    box.show()
    qtbot.waitExposed(box)
    found = screen_of(box)
    assert found is not None
    assert found.geometry().contains(box.mapToGlobal(box.rect().center()))
    del found
    gc.collect()
    for wrapper in _screen_wrappers():
        referrers = [r for r in gc.get_referrers(wrapper) if isinstance(r, QDialog)]
        assert referrers == [], "a widget holds the screen's wrapper"


def test_screen_of_a_widget_not_shown_yet_is_a_screen() -> None:
    """A dialog sizes itself before it is shown: its screen is the one under its future
    place, else the primary screen."""
    dialog = QDialog()
    try:
        assert screen_of(dialog) in QGuiApplication.screens()
    finally:
        dialog.deleteLater()


def test_no_module_asks_a_widget_or_window_for_its_screen() -> None:
    """Every screen pairdesk and its tests use comes from ``screen_of`` (``ui/screens.py``):
    the test suite's workers keep one QApplication for hundreds of tests."""
    found = []
    for path in sorted([*(ROOT / "pairdesk").rglob("*.py"), *(ROOT / "tests").rglob("*.py")]):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "screen"
                and not node.args
            ):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert found == []

"""Combo boxes and spin boxes leave the mouse wheel to the page they are on; a focused
button of a page is pressed with Return as with Space.

Scrolling a long form with the wheel must scroll the form, not change "Modalité du suivi"
or the RQTH status that happens to pass under the pointer. One event filter on the
application does it for every ``QComboBox`` and ``QAbstractSpinBox`` (spin boxes, date
edits) of every window:

- a wheel event over such a box without the focus is *ignored* (``event.ignore()``), not
  eaten, so Qt hands it to the parent and the scroll area scrolls the page;
- on a page that scrolls, the wheel never turns such a box, even with the focus: a
  facilitator who picks "Situation à l'entrée" with the mouse and goes on scrolling with
  the pointer still over it changed it to the next value without seeing it (found at
  200 % text, where forms scroll). Arrow keys still change it; a box on a page that does
  not scroll (a small dialog, a filter bar) turns once it has the focus, as before;
- those boxes take the focus on click or Tab only, not on a wheel turn (Qt's default
  ``WheelFocus`` would focus them on the first turn and let the second change the value).

``install_wheel_guard(app)`` is called once at start-up (``pairdesk.app``) and by the main
window, so tests building a ``MainWindow`` get the same behaviour; calling it again does
nothing.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QAbstractSpinBox,
    QComboBox,
    QDialog,
    QPushButton,
    QWidget,
)

_GUARDED = (QComboBox, QAbstractSpinBox, QPushButton)
_RETURN_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


def _calm_focus(widget: QWidget) -> None:
    if widget.focusPolicy() == Qt.FocusPolicy.WheelFocus:
        widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)


class WheelGuard(QObject):
    """The application-wide filter (see the module's docstring)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Every event of the application passes here: the class test first, as
        # ``event.type()`` builds a Python Enum each time (tens of thousands while a window
        # is built, issue 12).
        if not isinstance(watched, _GUARDED):
            return False
        kind = event.type()
        if isinstance(watched, QPushButton):
            if kind == QEvent.Type.KeyPress and _presses_with_return(watched, event):
                watched.animateClick()
                return True
            return False
        if kind == QEvent.Type.Polish:
            _calm_focus(watched)
        elif kind == QEvent.Type.Wheel:
            _calm_focus(watched)
            if not watched.hasFocus() or _on_scrolling_page(watched):
                event.ignore()  # the parent (the scroll area) gets it
                return True
        return False


def _presses_with_return(button: QPushButton, event: QEvent) -> bool:
    """Return or Enter on a focused button of a page: Qt presses only a dialog's buttons
    (``autoDefault``) with them, and Space elsewhere; a tester tabbed from the search to
    "Nouvelle personne accompagnée", pressed Return, and nothing happened."""
    if not isinstance(event, QKeyEvent) or event.key() not in _RETURN_KEYS:
        return False
    modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
    return (
        modifiers == Qt.KeyboardModifier.NoModifier
        and not isinstance(button.window(), QDialog)  # dialogs keep Qt's default button
        and not button.autoDefault()
        and button.isEnabled()
    )


def _on_scrolling_page(widget: QWidget) -> bool:
    """Whether ``widget`` is inside a scroll area that can scroll up or down."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractScrollArea) and parent.verticalScrollBar().maximum() > 0:
            return True
        parent = parent.parentWidget()
    return False


_guards: dict[int, WheelGuard] = {}


def install_wheel_guard(app: QCoreApplication | None) -> WheelGuard | None:
    """Install the filter on ``app`` once; returns it (None without an application)."""
    if app is None:
        return None
    guard = _guards.get(id(app))
    if guard is None:
        guard = WheelGuard(app)
        app.installEventFilter(guard)
        _guards[id(app)] = guard
    return guard

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
  ``WheelFocus`` would focus them on the first turn and let the second change the value);
- a box the person did not choose does not turn either, focus or not: a small dialog
  opens with the focus in its first field, often a drop-down ("Type de contrat", the
  retention check's milestone), and a tester's wheel changed CDI into Intérim without a
  click, saved as such. The wheel turns a box only once it was clicked, reached with Tab
  or its Alt+letter, or used with the keyboard (``_CHOSEN`` on the box, until it loses
  the focus to something else than a popup or another window).

``install_wheel_guard(app)`` is called once at start-up (``pairdesk.app``) and by the main
window, so tests building a ``MainWindow`` get the same behaviour; calling it again does
nothing.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QPushButton,
    QWidget,
)

_GUARDED = (QComboBox, QAbstractSpinBox, QPushButton)
_RETURN_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


#: the dynamic property saying the person chose this box (see the module's docstring)
_CHOSEN = "pairdesk_wheel_chosen"
_CHOOSING_REASONS = (
    Qt.FocusReason.MouseFocusReason,
    Qt.FocusReason.TabFocusReason,
    Qt.FocusReason.BacktabFocusReason,
    Qt.FocusReason.ShortcutFocusReason,
)
_TAB_REASONS = (Qt.FocusReason.TabFocusReason, Qt.FocusReason.BacktabFocusReason)
#: focus lost or regained with these leaves the choice as it was: a drop-down's own list,
#: another window in front for a while
_NEUTRAL_REASONS = (Qt.FocusReason.PopupFocusReason, Qt.FocusReason.ActiveWindowFocusReason)


def _calm_focus(widget: QWidget) -> None:
    if widget.focusPolicy() == Qt.FocusPolicy.WheelFocus:
        widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)


class WheelGuard(QObject):
    """The application-wide filter (see the module's docstring)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        #: the box that just took the focus "by Tab": a real Tab, or Qt giving a window
        #: that opens the focus in its first field (also called Tab), which ``focus_moved``
        #: tells apart
        self._tabbed_to: QWidget | None = None

    def focus_moved(self, old: QWidget | None, new: QWidget | None) -> None:
        """``QApplication.focusChanged``, emitted after the focus events: a Tab that came
        from no field of the same window is a window opening, not the person's choice."""
        tabbed, self._tabbed_to = self._tabbed_to, None
        if new is None or new is not tabbed:
            return
        if old is None or old.window() is not new.window():
            new.setProperty(_CHOSEN, False)

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
            chosen = bool(watched.property(_CHOSEN))
            if not watched.hasFocus() or not chosen or _on_scrolling_page(watched):
                event.ignore()  # the parent (the scroll area) gets it
                return True
        elif isinstance(event, QFocusEvent):
            reason = event.reason()
            if reason not in _NEUTRAL_REASONS:
                chosen = kind == QEvent.Type.FocusIn and reason in _CHOOSING_REASONS
                watched.setProperty(_CHOSEN, chosen)
                self._tabbed_to = watched if reason in _TAB_REASONS and chosen else None
        elif kind in (QEvent.Type.MouseButtonPress, QEvent.Type.KeyPress):
            watched.setProperty(_CHOSEN, True)  # clicked or used while already focused
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
        if isinstance(app, QApplication):
            app.focusChanged.connect(guard.focus_moved)
        _guards[id(app)] = guard
    return guard

"""The screen a widget is on, asked of the application, never of the widget.

PySide6 (6.10 and 6.11 here) ties the wrapper that ``QWidget.screen()`` returns to the
widget's wrapper, as if the screen were the widget's child. When such a widget's wrapper
was later freed by the garbage collector along with the screen's wrapper (a question box
in a reference cycle with its window fitter), the collector deleted the application's
``QScreen`` itself, which Qt still lists: the next widget asking for its screen crashed
in ``QScreen::virtualSiblings`` (found in the app at 200 % text after leaving a dialog
with unsaved changes, and in CI in the import wizard's constructor; in gdb,
``QScreen::~QScreen`` called from shiboken's deallocation during ``gc.collect``).
``QGuiApplication.screenAt`` and ``primaryScreen`` tie the screen to nothing: every
screen of pairdesk is found through :func:`screen_of`, and the room a dialog sizes itself
to through :func:`available_area` (``tests/ui/test_screens.py`` forbids ``.screen()`` in the
package and in the tests).
"""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QWidget


def screen_of(widget: QWidget) -> QScreen | None:
    """The screen under the middle of ``widget`` (its window's position when not shown
    yet), else the primary screen; None only without any screen."""
    window = widget.window()
    centre = window.mapToGlobal(window.rect().center())
    return QGuiApplication.screenAt(centre) or QGuiApplication.primaryScreen()


def available_area(widget: QWidget) -> QRect | None:
    """The room :func:`screen_of` leaves for windows (without panels and docks); None only
    without any screen. What every dialog sizing itself asks."""
    screen = screen_of(widget)
    return screen.availableGeometry() if screen is not None else None

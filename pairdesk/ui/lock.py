"""Lock after inactivity: an application-wide event filter restarts a timer on user input.

    watcher = InactivityWatcher(minutes=5, parent=window)
    watcher.timed_out.connect(window.lock_for_inactivity)

The delay is the vault setting ``security.lock_minutes`` (1 to 120, default 5), read with
``team.get_setting`` by ``read_lock_minutes`` on the database worker. Tests set a tiny
delay with ``watcher.set_interval_ms(…)``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QInputEvent, QInputMethodEvent, QKeyEvent
from PySide6.QtWidgets import QApplication

if TYPE_CHECKING:  # the unlock dialog shows before the core is imported (issue 12)
    from pairdesk.services.context import ServiceContext

LOCK_SETTING = "security.lock_minutes"
DEFAULT_LOCK_MINUTES = 5
MIN_LOCK_MINUTES = 1
MAX_LOCK_MINUTES = 120

#: Input a person makes: any of these restarts the countdown.
#: The classes of the events of ``_USER_INPUT`` (touch and tablet events are input events).
_INPUT_CLASSES = (QInputEvent, QInputMethodEvent)
_USER_INPUT = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.KeyRelease,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonRelease,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TouchUpdate,
        QEvent.Type.TabletPress,
        QEvent.Type.InputMethod,
        QEvent.Type.Shortcut,
    }
)


def lock_minutes(value: str | None) -> int:
    """The stored setting as minutes: a whole number from 1 to 120, else the default."""
    try:
        minutes = int(str(value).strip())
    except (TypeError, ValueError):
        return DEFAULT_LOCK_MINUTES
    if not MIN_LOCK_MINUTES <= minutes <= MAX_LOCK_MINUTES:
        return DEFAULT_LOCK_MINUTES
    return minutes


def read_lock_minutes(ctx: ServiceContext) -> int:
    """Read the delay from the vault (call on the database worker)."""
    from pairdesk.services import team

    return lock_minutes(team.get_setting(ctx, LOCK_SETTING, str(DEFAULT_LOCK_MINUTES)))


class InactivityWatcher(QObject):
    """Emits ``timed_out`` once no user input reached the application for the delay, and
    ``lock_asked`` for Ctrl+L pressed while a dialog is open (the window's own Ctrl+L does
    not reach past a modal dialog: a tester pressed it in « Nouvelle étape » and nothing
    happened)."""

    timed_out = Signal()
    lock_asked = Signal()

    def __init__(self, minutes: int = DEFAULT_LOCK_MINUTES, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self._expired)
        self.set_minutes(minutes)
        self._installed = False

    # -- control -----------------------------------------------------------------------
    def set_minutes(self, minutes: int) -> None:
        self.set_interval_ms(lock_minutes(str(minutes)) * 60_000)

    def set_interval_ms(self, milliseconds: int) -> None:
        self.timer.setInterval(max(1, int(milliseconds)))
        if self.timer.isActive():
            self.timer.start()

    @property
    def interval_ms(self) -> int:
        return int(self.timer.interval())

    def start(self) -> None:
        app = QApplication.instance()
        if app is not None and not self._installed:
            app.installEventFilter(self)
            self._installed = True
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()
        app = QApplication.instance()
        if app is not None and self._installed:
            app.removeEventFilter(self)
            self._installed = False

    def poke(self) -> None:
        """Count as activity (restart the countdown)."""
        if self._installed:
            self.timer.start()

    # -- Qt ----------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Every event of the application passes here: the class test first, as
        # ``event.type()`` builds a Python Enum each time.
        if isinstance(event, _INPUT_CLASSES) and (kind := event.type()) in _USER_INPUT:
            self.timer.start()
            if (
                kind == QEvent.Type.KeyPress
                and isinstance(event, QKeyEvent)
                and event.key() == Qt.Key.Key_L
                and event.modifiers() == Qt.KeyboardModifier.ControlModifier
                and QApplication.activeModalWidget() is not None
            ):
                self.lock_asked.emit()
                return True
        return False

    def _expired(self) -> None:
        if self._installed:
            self.timed_out.emit()

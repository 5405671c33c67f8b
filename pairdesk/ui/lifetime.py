"""Nothing scheduled by a widget outlives it.

A window that is locked, closed or replaced is *retired* before Qt deletes it: its timers
stop, and every callback that would reach it later — a search debounce, a ``singleShot``,
a result coming back from the database worker — is dropped. Between ``deleteLater()`` and
the real deletion Qt still processes events (``tasks.wait_for_idle`` does, while the vault
closes), so a widget can be alive for Qt and already gone for the person: that is the gap
this module closes, in one place.

    lifetime.retire(window)                     # lock, close: stop everything it scheduled
    lifetime.discard(dialog)                    # retire, hide and deleteLater
    lifetime.is_alive(widget)                   # False once deleted or inside a retired window
    lifetime.single_shot(widget, 0, widget.fit) # a singleShot that never outlives ``widget``
"""

from __future__ import annotations

from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QWidget

RETIRED_PROPERTY = "pairdeskRetired"


def retire(obj: QObject) -> None:
    """Mark ``obj`` and everything inside it as gone, and stop the timers it owns."""
    if not shiboken6.isValid(obj):
        return
    obj.setProperty(RETIRED_PROPERTY, True)
    for timer in obj.findChildren(QTimer):
        timer.stop()


def discard(widget: QWidget) -> None:
    """Retire, hide and delete ``widget`` (a window or dialog the person has left)."""
    if not shiboken6.isValid(widget):
        return
    retire(widget)
    widget.hide()
    widget.deleteLater()


def is_alive(obj: QObject | None) -> bool:
    """True while ``obj`` exists and no object above it has been retired.

    ``None`` (a task or callback with no owner) counts as alive.
    """
    current = obj
    while current is not None:
        if not shiboken6.isValid(current):
            return False
        if current.property(RETIRED_PROPERTY):
            return False
        current = current.parent()
    return True


def guarded(owner: QObject, callback: Callable[[], object]) -> Callable[[], None]:
    """``callback`` wrapped so that it does nothing once ``owner`` is gone."""

    def run() -> None:
        if is_alive(owner):
            callback()

    return run


def single_shot(owner: QObject, msec: int, callback: Callable[[], object]) -> None:
    """``QTimer.singleShot`` bound to ``owner``: dropped if it is deleted or retired first."""
    QTimer.singleShot(msec, owner, guarded(owner, callback))


__all__ = ["discard", "guarded", "is_alive", "retire", "single_shot"]

"""Python's cyclic garbage collector runs on the GUI thread only.

A collection may free Qt wrappers (a connection, a QObject) and Qt then takes its own
connection mutex before asking Python for the GIL. When that collection happens on the
database worker while the GUI thread holds the GIL and waits for the same mutex (building a
window), both wait for ever: seen in CI as a frozen ``MainWindow.show()``. qutebrowser and
Anki do the same: automatic collection off, the GUI thread collects on a timer with the
same generation thresholds Python uses.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 1000

_collector: GuiThreadCollector | None = None


class GuiThreadCollector(QObject):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._threshold = gc.get_threshold()
        self._timer = QTimer(self)
        self._timer.setInterval(INTERVAL_MS)
        self._timer.timeout.connect(self.collect_due)

    def start(self) -> None:
        gc.disable()
        self._timer.start()

    def collect_due(self) -> None:
        """Collect the generations whose counts passed their thresholds (as Python would)."""
        count0, count1, count2 = gc.get_count()
        if count0 > self._threshold[0]:
            gc.collect(0)
            if count1 > self._threshold[1]:
                gc.collect(1)
                if count2 > self._threshold[2]:
                    gc.collect(2)


def install(app: QObject) -> GuiThreadCollector:
    """Collect garbage on the GUI thread only, from now on (call once, on the GUI thread)."""
    global _collector
    if _collector is None:
        _collector = GuiThreadCollector(app)
        _collector.start()
    return _collector

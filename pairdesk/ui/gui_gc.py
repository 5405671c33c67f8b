"""Python's cyclic garbage collector runs on the GUI thread only.

A collection may free Qt wrappers (a connection, a QObject) and Qt then takes its own
connection mutex before asking Python for the GIL. When that collection happens on the
database worker while the GUI thread holds the GIL and waits for the same mutex (building a
window), both wait for ever: seen in CI as a frozen ``MainWindow.show()``. qutebrowser and
Anki do the same: automatic collection off, the GUI thread collects on a timer with the
same generation thresholds Python uses.

Once the start-up imports are done (``app.preload_core``, while the passphrase is typed),
:func:`freeze_long_lived` has the GUI thread collect once more and then *freeze* what is
left (``gc.freeze``, Python's own tool for long-lived start-up objects): the modules,
classes and tables of SQLAlchemy, ReportLab and the window stay for the whole process, and
a full collection walked them all each time, 75–130 ms on the GUI thread. Two such
collections fell between Unlock and the painted main window at 50,000 participants
(bench/README.md, "Start-up"). Frozen objects are never collected: the collection just
before the freeze frees what is garbage then, and what is alive then (modules, the unlock
dialog on screen) is alive for good or freed by Qt, not by the collector. (The UI tests once
froze after every test, and kept for good the wrappers of Qt objects deleted since: the
text-size style's stale-wrapper crash came more often, tests/ui/conftest.py. Here the freeze
happens once, before the main window exists; every window built later is collected as
before.)
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer, Signal

INTERVAL_MS = 1000

_collector: GuiThreadCollector | None = None


class GuiThreadCollector(QObject):
    #: emitted from any thread; the freeze runs on the collector's thread (the GUI's)
    freeze_requested = Signal()

    def __init__(self, parent: QObject | None = None, *, freezes: bool = False) -> None:
        super().__init__(parent)
        #: whether :func:`freeze_long_lived` is heard: in the app, not in the tests' process
        #: (their launchers preload too, and frozen fixtures would never be collected)
        self.freezes = freezes
        self._threshold = gc.get_threshold()
        self._timer = QTimer(self)
        self._timer.setInterval(INTERVAL_MS)
        self._timer.timeout.connect(self.collect_due)
        self.freeze_requested.connect(self.collect_and_freeze)
        self.frozen = False

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

    def collect_and_freeze(self) -> None:
        """A full collection, then what is left is kept out of every later one (once)."""
        if self.frozen:
            return
        self.frozen = True
        gc.collect()
        gc.freeze()


def freeze_long_lived() -> None:
    """Ask the GUI thread to collect and freeze what is alive now (see the module's
    docstring); safe from any thread. Nothing happens unless the collector was installed
    with ``freezes`` (``pairdesk.app.run_gui``)."""
    if _collector is not None and _collector.freezes:
        _collector.freeze_requested.emit()


def install(app: QObject, *, freezes: bool = False) -> GuiThreadCollector:
    """Collect garbage on the GUI thread only, from now on (call once, on the GUI thread);
    ``freezes``: hear :func:`freeze_long_lived` (the app)."""
    global _collector
    if _collector is None:
        _collector = GuiThreadCollector(app, freezes=freezes)
        _collector.start()
    return _collector

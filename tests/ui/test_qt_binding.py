"""The Qt binding keeps Python's reference counts right.

PySide6 6.12.0 under Python 3.11 took one reference from ``None`` at every call of a C++
method returning ``void`` (``setWindowTitle``, ``resize``, ``processEvents``…). ``None``
is not immortal before Python 3.12, so after enough calls its count reached zero and the
process aborted ("Fatal Python error: none_dealloc"), at random, often while exiting.
pyproject.toml keeps that version out; this test tells whoever lifts the bound whether the
new version is sound.
"""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

CALLS = 2_000


def test_calling_void_methods_leaves_the_count_of_none_alone(qtbot: QtBot) -> None:
    widget = QWidget()
    qtbot.addWidget(widget)
    before = sys.getrefcount(None)
    for index in range(CALLS):
        widget.setWindowTitle("x")
        widget.resize(100 + index % 7, 100)
    after = sys.getrefcount(None)
    # Other threads may hold or drop a few references meanwhile; a leak is one per call.
    assert before - after < CALLS // 10, (before, after)


def test_returning_a_bool_from_an_event_filter_leaves_the_bools_alone(qtbot: QtBot) -> None:
    from PySide6.QtCore import QEvent, QObject

    class Filter(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            return False

    widget = QWidget()
    qtbot.addWidget(widget)
    watcher = Filter()
    widget.installEventFilter(watcher)
    before = sys.getrefcount(False)
    for index in range(CALLS):
        widget.resize(100 + index % 7, 100)
        widget.setWindowTitle(str(index % 3))
    after = sys.getrefcount(False)
    assert abs(before - after) < CALLS // 10, (before, after)

"""ui/lifetime.py: what a widget scheduled never reaches it once it is retired or deleted."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel, QWidget

from pairdesk.ui import lifetime, tasks


def test_retire_stops_timers_and_marks_children_gone(qtbot) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    child = QLabel("x", window)
    timer = QTimer(child)
    fired: list[bool] = []
    timer.timeout.connect(lambda: fired.append(True))
    timer.start(10)
    assert lifetime.is_alive(child)
    lifetime.retire(window)
    assert not timer.isActive()
    assert not lifetime.is_alive(window)
    assert not lifetime.is_alive(child)
    qtbot.wait(50)
    assert fired == []
    assert lifetime.is_alive(None)


def test_single_shot_is_dropped_once_its_owner_is_retired_or_deleted(qtbot) -> None:
    kept, retired, deleted = QWidget(), QWidget(), QWidget()
    qtbot.addWidget(kept)
    qtbot.addWidget(retired)
    calls: list[str] = []
    lifetime.single_shot(kept, 0, lambda: calls.append("kept"))
    lifetime.single_shot(retired, 0, lambda: calls.append("retired"))
    lifetime.single_shot(deleted, 0, lambda: calls.append("deleted"))
    lifetime.retire(retired)
    shiboken6.delete(deleted)
    qtbot.waitUntil(lambda: calls == ["kept"], timeout=2000)
    qtbot.wait(20)
    assert calls == ["kept"]


def test_worker_result_for_a_discarded_window_is_dropped(qtbot) -> None:
    window = QWidget()
    label = QLabel(window)
    results: list[str] = []
    tasks.run_task(label, lambda: "done", on_done=lambda r: results.append(label.text() + r))
    lifetime.discard(window)
    assert tasks.wait_for_idle(5)
    assert results == []

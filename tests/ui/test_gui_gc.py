"""Garbage is collected on the GUI thread only (ui/gui_gc.py): a collection on the database
worker could free a Qt object there and deadlock with the GUI thread."""

from __future__ import annotations

import gc
import threading

from PySide6.QtWidgets import QApplication

from pairdesk.ui import gui_gc


class _Cycle:
    def __init__(self) -> None:
        self.me = self


def test_automatic_collection_is_off_and_the_gui_thread_collects(qapp: QApplication) -> None:
    collector = gui_gc.install(qapp)
    assert not gc.isenabled()
    collected_on: list[str] = []
    gc.callbacks.append(
        lambda phase, _info: (
            collected_on.append(threading.current_thread().name) if phase == "start" else None
        )
    )
    try:
        for _ in range(gc.get_threshold()[0] * 2):
            _Cycle()
        collector.collect_due()
    finally:
        gc.callbacks.pop()
    assert collected_on and set(collected_on) == {threading.main_thread().name}
    assert gc.get_count()[0] < gc.get_threshold()[0]

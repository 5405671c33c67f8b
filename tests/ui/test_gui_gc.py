"""Garbage is collected on the GUI thread only (ui/gui_gc.py): a collection on the database
worker could free a Qt object there and deadlock with the GUI thread."""

from __future__ import annotations

import gc
import threading

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

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


def test_the_freeze_after_the_start_up_imports_runs_on_the_gui_thread(
    qtbot: QtBot, qapp: QApplication
) -> None:
    """``freeze_long_lived`` from another thread (the preload's): the GUI thread collects
    the garbage of then, and what is alive is kept out of later collections."""
    import weakref

    collector = gui_gc.install(qapp)
    gui_gc.freeze_long_lived()
    qapp.processEvents()
    assert not collector.frozen  # the tests' collector does not hear it: the app's does
    collector.freezes = True
    garbage = _Cycle()
    gone = weakref.ref(garbage)
    del garbage
    collected_on: list[str] = []

    def watch(phase: str, _info: dict[str, int]) -> None:
        if phase == "start":
            collected_on.append(threading.current_thread().name)

    gc.callbacks.append(watch)
    try:
        asker = threading.Thread(target=gui_gc.freeze_long_lived, name="pairdesk-preload")
        asker.start()
        asker.join()
        assert not collector.frozen  # queued for the GUI thread, not run on the asker's
        qtbot.waitUntil(lambda: collector.frozen, timeout=5000)
        assert gone() is None
        assert collected_on and set(collected_on) == {threading.main_thread().name}
        assert gc.get_freeze_count() > 0
        collected_on.clear()
        collector.collect_and_freeze()  # once per process: a second call does nothing
        assert collected_on == []
    finally:
        gc.callbacks.remove(watch)
        gc.unfreeze()
        collector.frozen = False
        collector.freezes = False

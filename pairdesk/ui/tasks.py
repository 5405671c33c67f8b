"""Run service calls off the GUI thread and bring their result back to it.

There is ONE database worker (a single-thread executor, as Anki's ``taskman.py``): calls
run one after the other in the order they were asked for, so two user actions never race
on the vault. Results come back on the GUI thread through a queued Qt signal.

    run_task(self, lambda: participants.list_participants(ctx, flt), on_done=self.show_rows)

After ~200 ms the cursor turns busy (and ``busy_text`` goes to the window's status bar);
with ``progress=True`` the function receives ``progress(done, total) -> bool`` and, after
~1 s, a progress dialog with a Cancel button appears. Returning ``False`` from ``progress``
asks the work to stop: the function may then raise ``TaskCancelled`` (nothing is shown) or
return what it has.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QApplication, QMainWindow, QProgressDialog, QWidget

from pairdesk.diagnostics import log_bug
from pairdesk.errors import UserError
from pairdesk.i18n import _
from pairdesk.ui import lifetime

log = logging.getLogger(__name__)

BUSY_DELAY_MS = 200
PROGRESS_DELAY_MS = 1000

ProgressCallback = Callable[[int, int], bool]


class TaskCancelled(Exception):
    """Raised by a task function that stopped because the user pressed Cancel."""


class _Bridge(QObject):
    """Lives on the GUI thread; a signal emitted from the worker runs the slot there."""

    deliver = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.deliver.connect(self._run, Qt.ConnectionType.QueuedConnection)

    @Slot(object)
    def _run(self, callback: Callable[[], None]) -> None:
        callback()


_executor: ThreadPoolExecutor | None = None
_bridge: _Bridge | None = None
_running: set[Task] = set()
_lock = threading.Lock()


def _get_executor() -> ThreadPoolExecutor:
    global _executor
    if _executor is None:
        _executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="pairdesk-db")
    return _executor


def _get_bridge() -> _Bridge:
    global _bridge
    if _bridge is None or not shiboken6.isValid(_bridge):
        _bridge = _Bridge()
    return _bridge


class Task:
    """One call running on the database worker; ``cancel()`` asks it to stop."""

    def __init__(
        self,
        parent: QWidget | None,
        fn: Callable[..., Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None] | None,
        on_cancel: Callable[[], None] | None,
        busy_text: str | None,
        progress: bool,
    ) -> None:
        self.parent = parent
        self._fn = fn
        self._on_done = on_done
        self._on_error = on_error
        self._on_cancel = on_cancel
        self._busy_text = busy_text
        self._wants_progress = progress
        self._cancel_event = threading.Event()
        self._bridge = _get_bridge()
        self._done = False
        self._cursor_set = False
        self._dialog: QProgressDialog | None = None
        self._last_progress: tuple[int, int] = (0, 0)
        self._last_emit = 0.0
        self._busy_timer = QTimer()
        self._busy_timer.setSingleShot(True)
        self._busy_timer.timeout.connect(self._show_busy)
        self._progress_timer = QTimer()
        self._progress_timer.setSingleShot(True)
        self._progress_timer.timeout.connect(self._show_progress)

    # -- state -------------------------------------------------------------------------
    @property
    def done(self) -> bool:
        return self._done

    @property
    def cancelled(self) -> bool:
        return self._cancel_event.is_set()

    def cancel(self) -> None:
        self._cancel_event.set()

    # -- worker side -------------------------------------------------------------------
    def _report(self, done: int, total: int) -> bool:
        """The ``progress`` callback given to the function (called on the worker)."""
        self._last_progress = (done, total)
        now = time.monotonic()
        if now - self._last_emit >= 0.05 or done >= total:
            self._last_emit = now
            self._bridge.deliver.emit(self._update_dialog)
        return not self._cancel_event.is_set()

    def _work(self) -> None:
        try:
            result = self._fn(self._report) if self._wants_progress else self._fn()
        except BaseException as exc:  # delivered to the GUI thread, never lost
            self._bridge.deliver.emit(lambda error=exc: self._finish(error=error))
        else:
            self._bridge.deliver.emit(lambda: self._finish(result=result))

    # -- GUI side ----------------------------------------------------------------------
    def _start(self) -> None:
        self._busy_timer.start(BUSY_DELAY_MS)
        if self._wants_progress:
            self._progress_timer.start(PROGRESS_DELAY_MS)
        _get_executor().submit(self._work)

    def _parent_alive(self) -> bool:
        return lifetime.is_alive(self.parent)

    def _show_busy(self) -> None:
        if self._done:
            return
        QApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
        self._cursor_set = True
        window = self.parent.window() if self.parent is not None and self._parent_alive() else None
        if self._busy_text and isinstance(window, QMainWindow):
            window.statusBar().showMessage(self._busy_text)

    def _show_progress(self) -> None:
        if self._done:
            return
        parent = self.parent if self._parent_alive() else None
        dialog = QProgressDialog(self._busy_text or _("Working…"), _("Cancel"), 0, 0, parent)
        dialog.setWindowTitle(_("Please wait"))
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setAccessibleName(self._busy_text or _("Working…"))
        dialog.canceled.connect(self.cancel)
        self._dialog = dialog
        self._update_dialog()
        dialog.show()

    def _update_dialog(self) -> None:
        dialog = self._dialog
        if dialog is None or self._done or not shiboken6.isValid(dialog):
            return
        done, total = self._last_progress
        if total > 0:
            dialog.setMaximum(total)
            dialog.setValue(min(done, total))
        if self.cancelled:
            dialog.setLabelText(_("Stopping…"))

    def _cleanup(self) -> None:
        self._busy_timer.stop()
        self._progress_timer.stop()
        if self._cursor_set:
            QApplication.restoreOverrideCursor()
            self._cursor_set = False
        if self._dialog is not None and shiboken6.isValid(self._dialog):
            self._dialog.close()
            self._dialog.deleteLater()
        self._dialog = None
        if self._busy_text and self.parent is not None and self._parent_alive():
            window = self.parent.window()
            if (
                isinstance(window, QMainWindow)
                and window.statusBar().currentMessage() == self._busy_text
            ):
                window.statusBar().clearMessage()

    def _finish(self, *, result: Any = None, error: BaseException | None = None) -> None:
        try:
            self._deliver(result, error)
        finally:
            self._release()

    def _release(self) -> None:
        """Let go, here on the GUI thread, of every Qt object this task holds (its timers,
        its parent) and of its callbacks (closures over widgets). The database worker may
        hold the last reference to the task itself (the executor's work item, the lambda
        it emitted) and drop it after this ran: a Qt object freed then, on that thread,
        while the GUI thread builds a window, corrupted Qt's state — the rare segmentation
        faults of the UI tests, in a widget's constructor, with the worker idle."""
        self.parent = None
        self._fn = self._on_done = _ignore
        self._on_error = self._on_cancel = None
        del self._busy_timer, self._progress_timer

    def _deliver(self, result: Any, error: BaseException | None) -> None:
        self._done = True
        self._cleanup()
        with _lock:
            _running.discard(self)
        if not self._parent_alive():
            log.debug("task finished after its window was closed; result dropped")
            if error is not None and not isinstance(error, (TaskCancelled, UserError)):
                log_bug(error)  # a bug is never lost, even when nobody is left to see it
            return
        if isinstance(error, TaskCancelled):
            if self._on_cancel is not None:
                self._on_cancel()
            return
        if error is not None:
            if self._on_error is not None:
                self._on_error(error)
            else:
                from pairdesk.ui.errors import show_error

                show_error(self.parent, error)
            return
        self._on_done(result)


def _ignore(*_args: Any) -> None:
    """What a finished task's callbacks become (see ``Task._release``)."""


def run_task(
    parent: QWidget | None,
    fn: Callable[..., Any],
    *,
    on_done: Callable[[Any], None],
    on_error: Callable[[BaseException], None] | None = None,
    on_cancel: Callable[[], None] | None = None,
    busy_text: str | None = None,
    progress: bool = False,
) -> Task:
    """Run ``fn`` on the database worker; ``on_done(result)`` runs on the GUI thread.

    Errors go to ``on_error`` if given, otherwise to ``show_error`` (one polite dialog).
    With ``progress=True``, ``fn`` is called as ``fn(progress)``. Call from the GUI thread.
    """
    task = Task(parent, fn, on_done, on_error, on_cancel, busy_text, progress)
    with _lock:
        _running.add(task)
    task._start()
    return task


def busy() -> bool:
    with _lock:
        return bool(_running)


def wait_for_idle(timeout: float | None = 30.0) -> bool:
    """Process events until every task has run and delivered; False on timeout."""
    deadline = None if timeout is None else time.monotonic() + timeout
    while busy():
        QCoreApplication.processEvents()
        if deadline is not None and time.monotonic() > deadline:
            return False
        time.sleep(0.005)
    QCoreApplication.processEvents()
    return True


def shutdown() -> None:
    """Wait for the worker to finish (at exit)."""
    global _executor
    wait_for_idle(timeout=60.0)
    if _executor is not None:
        _executor.shutdown(wait=True)
        _executor = None

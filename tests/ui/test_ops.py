"""ui/ops.py: one typed way to act — success, error routing, guard, cancel, lifetime."""

from __future__ import annotations

import threading

import pytest
import shiboken6
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from pairdesk.errors import UserError
from pairdesk.ui import errors, lifetime, ops, tasks
from pairdesk.ui.ops import ErrorSink, Op, TaskCancelled


class Sink(QWidget):
    """A form that shows errors naming its field, and lets the others go further up."""

    def __init__(self, field: str = "email") -> None:
        super().__init__()
        self.field = field
        self.shown: list[str] = []

    def show_op_error(self, error: BaseException) -> bool:
        if isinstance(error, UserError) and error.field == self.field:
            self.shown.append(error.message)
            return True
        return False


@pytest.fixture
def dialogs(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(errors, "show_error", lambda parent, exc: shown.append(str(exc)))
    return shown


def _raise(message: str, field: str | None = None) -> int:
    raise UserError(message, field=field)


def test_success_delivers_on_the_gui_thread(qtbot) -> None:
    widget = QWidget()
    qtbot.addWidget(widget)
    gui = threading.get_ident()
    results: list[tuple[int, bool]] = []
    after: list[str] = []
    started = (
        Op(widget, lambda: 6 * 7)
        .success(lambda n: results.append((n, threading.get_ident() == gui)))
        .always(lambda: after.append("always"))
        .run()
    )
    assert started
    assert ops.wait_for_idle(5)
    assert results == [(42, True)]
    assert after == ["always"]
    assert not ops.pending(widget)


def test_error_goes_to_the_nearest_sink_that_takes_it(qtbot, dialogs) -> None:
    form = Sink("email")
    qtbot.addWidget(form)
    inner = QWidget(form)
    button = QLabel(inner)
    QVBoxLayout(form).addWidget(inner)
    assert isinstance(form, ErrorSink) and not isinstance(inner, ErrorSink)
    Op(button, lambda: _raise("adresse invalide", "email")).success(
        lambda _n: pytest.fail("no result")
    ).run()
    assert ops.wait_for_idle(5)
    assert form.shown == ["adresse invalide"]
    assert dialogs == []


def test_error_no_sink_takes_falls_back_to_show_error(qtbot, dialogs) -> None:
    outer = Sink("email")
    qtbot.addWidget(outer)
    form = Sink("phone")
    form.setParent(outer)
    Op(form, lambda: _raise("date impossible", "birth_date")).run()
    Op(QWidget(outer), lambda: _raise("refusé")).run()
    assert ops.wait_for_idle(5)
    assert form.shown == [] and outer.shown == []
    assert dialogs == ["date impossible", "refusé"]


def test_failure_callback_replaces_the_routing(qtbot, dialogs) -> None:
    form = Sink("email")
    qtbot.addWidget(form)
    seen: list[str] = []
    Op(form, lambda: _raise("x", "email")).failure(lambda exc: seen.append(str(exc))).run()
    assert ops.wait_for_idle(5)
    assert seen == ["x"] and form.shown == [] and dialogs == []


def test_route_error_is_the_default_routing(qtbot, dialogs) -> None:
    form = Sink("email")
    qtbot.addWidget(form)
    ops.route_error(form, UserError("a", field="email"))
    ops.route_error(form, UserError("b"))
    assert form.shown == ["a"] and dialogs == ["b"]


def test_same_parent_and_key_is_refused_while_the_first_runs(qtbot) -> None:
    widget, other = QWidget(), QWidget()
    qtbot.addWidget(widget)
    qtbot.addWidget(other)
    release = threading.Event()
    results: list[str] = []
    assert Op(widget, lambda: release.wait(5) and "first", key="save").success(results.append).run()
    assert not Op(widget, lambda: "second", key="save").success(results.append).run()
    # another key, another parent, or no key at all: not the same action
    assert Op(widget, lambda: "other key", key="print").success(results.append).run()
    assert Op(other, lambda: "other parent", key="save").success(results.append).run()
    assert Op(widget, lambda: "no key").success(results.append).run()
    assert ops.pending(widget)
    release.set()
    assert ops.wait_for_idle(5)
    assert results == ["first", "other key", "other parent", "no key"]
    # once delivered, the key is free again
    assert Op(widget, lambda: "again", key="save").success(results.append).run()
    assert ops.wait_for_idle(5)
    assert results[-1] == "again"


def test_an_op_runs_once(qtbot) -> None:
    op = Op(None, lambda: 1)
    assert op.run()
    with pytest.raises(RuntimeError):
        op.run()
    assert ops.wait_for_idle(5)


def test_cancel_goes_to_cancelled_never_to_an_error(qtbot, dialogs) -> None:
    widget = QWidget()
    qtbot.addWidget(widget)
    started = threading.Event()
    cancelled: list[bool] = []
    steps: list[int] = []

    def long_work(progress: ops.ProgressCallback) -> int:
        started.set()
        for i in range(10_000):
            if not progress(i, 10_000):
                steps.append(i)
                raise TaskCancelled
            threading.Event().wait(0.001)
        return -1

    op = (
        Op.with_progress(widget, long_work)
        .success(lambda _n: pytest.fail("no result"))
        .cancelled(lambda: cancelled.append(True))
        .busy("Comptage…")
    )
    assert op.run()
    assert started.wait(5)
    op.cancel()
    assert ops.wait_for_idle(10)
    assert cancelled == [True]
    assert steps and steps[0] < 10_000
    assert dialogs == []


def test_with_progress_passes_the_progress_callback(qtbot) -> None:
    results: list[int] = []

    def work(progress: ops.ProgressCallback) -> int:
        assert progress(1, 2) is True
        return 2

    Op.with_progress(None, work).success(results.append).run()
    assert ops.wait_for_idle(5)
    assert results == [2]


def test_drop_pending_drops_the_callbacks_but_the_work_completes(qtbot, dialogs) -> None:
    page = QWidget()
    qtbot.addWidget(page)
    child = QLabel(page)
    elsewhere = QWidget()
    qtbot.addWidget(elsewhere)
    release = threading.Event()
    committed: list[str] = []
    delivered: list[str] = []

    def commit() -> str:
        release.wait(5)
        committed.append("written")
        return "saved"

    cleaned: list[str] = []
    Op(child, commit, key="save").success(delivered.append).always(
        lambda: cleaned.append("button enabled")
    ).run()
    Op(page, lambda: _raise("too late")).success(delivered.append).run()
    Op(elsewhere, lambda: "kept").success(delivered.append).run()
    assert ops.drop_pending(page) == 2
    assert not ops.pending(page) and ops.pending(elsewhere)
    # the key is free again for the page once it comes back
    assert Op(child, lambda: "again", key="save").success(delivered.append).run()
    release.set()
    assert ops.wait_for_idle(5)
    assert committed == ["written"]
    assert delivered == ["kept", "again"]
    assert cleaned == ["button enabled"]  # the page still exists: its clean-up still runs
    assert dialogs == []


@pytest.mark.parametrize("how", ["retired", "deleted"])
def test_no_callback_reaches_a_retired_or_deleted_widget(qtbot, dialogs, how: str) -> None:
    window = QWidget()
    label = QLabel(window)
    release = threading.Event()
    reached: list[str] = []
    Op(label, lambda: release.wait(5) and "done").success(
        lambda r: reached.append(label.text() + r)
    ).always(lambda: reached.append("always")).run()
    Op(label, lambda: release.wait(5) and _raise("late")).failure(
        lambda exc: reached.append(label.text())
    ).run()
    if how == "retired":
        lifetime.retire(window)
    else:
        shiboken6.delete(window)
    release.set()
    assert ops.wait_for_idle(5)
    assert reached == [] and dialogs == []
    assert not ops.pending()
    if how == "retired":
        lifetime.discard(window)


def test_a_bug_dropped_with_its_widget_is_still_logged(qtbot, monkeypatch) -> None:
    logged: list[type[BaseException]] = []
    monkeypatch.setattr(tasks, "log_bug", lambda exc: logged.append(type(exc)))
    monkeypatch.setattr(ops, "log_bug", lambda exc: logged.append(type(exc)))
    window = QWidget()
    release = threading.Event()

    def broken() -> int:
        release.wait(5)
        raise ValueError("bug")

    Op(window, broken).run()
    lifetime.discard(window)
    release.set()
    assert ops.wait_for_idle(5)
    assert logged == [ValueError]


def test_a_bug_dropped_by_drop_pending_is_still_logged(qtbot, monkeypatch) -> None:
    logged: list[type[BaseException]] = []
    monkeypatch.setattr(ops, "log_bug", lambda exc: logged.append(type(exc)))
    page = QWidget()
    qtbot.addWidget(page)
    release = threading.Event()

    def broken() -> int:
        release.wait(5)
        raise ValueError("bug")

    Op(page, broken).run()
    Op(page, lambda: release.wait(5) and _raise("refused")).run()
    ops.drop_pending(page)
    release.set()
    assert ops.wait_for_idle(5)
    assert logged == [ValueError]


def test_a_finished_task_holds_no_qt_object_for_the_worker_to_free(qtbot) -> None:
    """The database worker may drop the last reference to a task after the GUI thread
    delivered it; a Qt object freed then, on the worker, corrupts Qt (rare segmentation
    faults in a widget's constructor). So a delivered task has let go, on the GUI thread,
    of its timers, its parent and its callbacks (closures over widgets)."""
    import gc
    import weakref

    from PySide6.QtCore import QObject

    parent = QWidget()
    qtbot.addWidget(parent)
    held = QObject()  # owned by Python: freed wherever its last reference goes
    seen: list[int] = []
    task = tasks.run_task(parent, lambda: 7, on_done=lambda r, h=held: seen.append(r))
    gone = weakref.ref(held)
    del held
    assert tasks.wait_for_idle(10)
    assert seen == [7]
    gc.collect()
    assert gone() is None  # the callback that held it was let go on this thread
    assert task.parent is None
    assert not hasattr(task, "_busy_timer") and not hasattr(task, "_progress_timer")

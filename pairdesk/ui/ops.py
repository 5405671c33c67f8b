"""One typed way for the window to run a use case: ``Op[T]``, after Anki's ``CollectionOp``.

Every call from a widget to a service goes through here; nothing else in ``pairdesk.ui``
touches the database worker (``ui/tasks.py``; a test checks it)::

    Op(self, lambda: offers.archive_offer(ctx, offer_id, True), key="archive")
        .success(self._archived)             # runs on the GUI thread with the result (a T)
        .busy(_("Archiving…"))               # status bar text once the cursor turns busy
        .run()                               # False if the same parent+key is still running

    Op.with_progress(self, lambda progress: imports.run(ctx, plan, progress))
        .success(self._imported).cancelled(self._stopped).run()

What every op gets, without writing it:

- **the one database worker**: calls run one after the other, never racing on the vault;
  after ~200 ms a busy cursor, with ``with_progress`` a progress dialog with Cancel after
  ~1 s (``fn`` receives ``progress(done, total) -> bool``; ``False`` asks it to stop, it
  may then raise ``TaskCancelled``, which goes to ``.cancelled()``, never to an error).
- **a re-entrancy guard**: with a ``key``, a second ``run()`` for the same parent and key
  while the first is pending is refused (``run()`` returns ``False``): a double click
  saves once.
- **errors routed** when no ``.failure()`` is given: from ``parent`` up through
  ``parentWidget()``, the first widget that is an :class:`ErrorSink` and returns ``True``
  from ``show_op_error(error)`` has shown it (a form: beside the field it names, or in its
  general error label); otherwise ``ui.errors.show_error`` (one polite dialog; a bug is
  logged without personal data). ``.failure()`` replaces that routing: use it only where a
  view really does something else, and say why beside it. :func:`route_error` is the
  default routing, for a ``.failure()`` that does something first and then routes.
- **lifetime**: no callback reaches a deleted or retired widget (``ui/lifetime.py``: lock,
  close), nor a page or dialog the person has left (:func:`drop_pending`, called by the
  main window on page change and lock). The work itself is never aborted: a commit already
  under way completes; only its callback is dropped.
- ``.always(callback)`` runs first after success, failure or cancel, while the parent
  exists: it restores the widget's own state (re-enable a button, clear a busy flag), so it
  runs even when :func:`drop_pending` dropped the result (a page left and shown again must
  not keep a greyed-out button); never for a deleted or retired widget.

Typing: ``T`` is inferred from ``fn`` (``Op(self, lambda: svc.get(ctx, 1))`` is an
``Op[ParticipantView]``), so mypy checks that the ``.success`` callback takes what the
service returns. ``Any`` would switch that check off silently; it is refused in two ways
that really hold: mypy checks this module with ``disallow_any_explicit`` (no ``Any`` inside
the machinery: pending ops are held by the non-generic ``_Pending``), and
``tests/ui/test_ops_rules.py`` reads every ``pairdesk.ui`` module and refuses ``Op[Any]``
(in any spelling), a ``.success(...)`` callback whose parameter is annotated ``Any``, and an
``fn`` whose return is annotated ``Any``. A service that returns ``Any`` would still slip
through mypy's inference; services are strictly typed (mypy strict on the package), so none
does.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Generic, Never, Protocol, TypeVar, runtime_checkable

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from pairdesk.diagnostics import log_bug
from pairdesk.errors import UserError
from pairdesk.ui import lifetime, tasks
from pairdesk.ui.tasks import ProgressCallback, TaskCancelled

log = logging.getLogger(__name__)

T = TypeVar("T")

__all__ = [
    "ErrorSink",
    "Op",
    "ProgressCallback",
    "Running",
    "TaskCancelled",
    "drop_pending",
    "pending",
    "route_error",
    "shutdown",
    "wait_for_idle",
]


@runtime_checkable
class ErrorSink(Protocol):
    """A widget that can show an op's error itself (a form: beside the field it names)."""

    def show_op_error(self, error: BaseException) -> bool:
        """Show ``error`` and return ``True``, or return ``False`` to let it go further up."""
        ...


def route_error(parent: QWidget | None, error: BaseException) -> None:
    """The default routing: the nearest :class:`ErrorSink` that accepts it, else a dialog."""
    widget: QWidget | None = parent
    while widget is not None:
        if isinstance(widget, ErrorSink) and widget.show_op_error(error):
            return
        widget = widget.parentWidget()
    from pairdesk.ui.errors import show_error

    show_error(parent, error)


class Running(Protocol):
    """What a widget keeps of an op it may stop later (any ``Op[T]`` is one)."""

    @property
    def done(self) -> bool: ...

    def cancel(self) -> None: ...


class _Pending:
    """One op between ``run()`` and its callback (what the guard and drop_pending see)."""

    def __init__(self, parent: QWidget | None, key: str | None) -> None:
        self.parent = parent
        self.key = key
        self.dropped = False
        self.task: tasks.Task | None = None


_pending: list[_Pending] = []


def _prune() -> None:
    """Forget ops the worker delivered without calling back (their window was gone)."""
    _pending[:] = [p for p in _pending if p.task is None or not p.task.done]


def _is_inside(obj: QObject | None, ancestor: QObject) -> bool:
    current = obj
    while current is not None:
        if current is ancestor:
            return True
        current = current.parent()
    return False


def drop_pending(widget: QObject) -> int:
    """Drop the callbacks of every pending op whose parent is ``widget`` or inside it.

    The work goes on to its end (a write commits); no result, error or cancel comes back
    to the widget (only its ``.always()`` clean-up, if it still exists), and its keys are
    free again. Returns how many ops were dropped.
    """
    _prune()
    dropped = 0
    for item in list(_pending):
        if item.parent is not None and _is_inside(item.parent, widget):
            item.dropped = True
            _pending.remove(item)
            dropped += 1
    return dropped


def pending(widget: QObject | None = None) -> bool:
    """True while an op (of ``widget`` or inside it, if given) waits for its result."""
    _prune()
    if widget is None:
        return bool(_pending)
    return any(p.parent is not None and _is_inside(p.parent, widget) for p in _pending)


def wait_for_idle(timeout: float | None = 30.0) -> bool:
    """Process events until the worker has run and delivered everything (tests, exit)."""
    return tasks.wait_for_idle(timeout)


def shutdown() -> None:
    """Let the worker finish what it was asked, then stop it (at exit)."""
    tasks.shutdown()


class Op(Generic[T]):
    """A call to a service from the window, its result delivered on the GUI thread."""

    def __init__(
        self, parent: QWidget | None, fn: Callable[[], T], *, key: str | None = None
    ) -> None:
        self._parent = parent
        self._key = key
        self._plain: Callable[[], T] | None = fn
        self._with_progress: Callable[[ProgressCallback], T] | None = None
        self._on_success: Callable[[T], None] | None = None
        self._on_failure: Callable[[BaseException], None] | None = None
        self._on_cancel: Callable[[], None] | None = None
        self._on_always: Callable[[], None] | None = None
        self._busy_text: str | None = None
        self._state: _Pending | None = None

    @classmethod
    def with_progress(
        cls,
        parent: QWidget | None,
        fn: Callable[[ProgressCallback], T],
        *,
        key: str | None = None,
    ) -> Op[T]:
        """An op whose ``fn(progress)`` reports ``progress(done, total)``; Cancel after ~1 s."""
        op: Op[T] = cls(parent, _unused, key=key)
        op._plain = None
        op._with_progress = fn
        return op

    # -- building ----------------------------------------------------------------------
    def success(self, callback: Callable[[T], None]) -> Op[T]:
        self._on_success = callback
        return self

    def failure(self, callback: Callable[[BaseException], None]) -> Op[T]:
        """Replace the default routing (field -> form -> dialog) for this op."""
        self._on_failure = callback
        return self

    def cancelled(self, callback: Callable[[], None]) -> Op[T]:
        self._on_cancel = callback
        return self

    def always(self, callback: Callable[[], None]) -> Op[T]:
        """Run before success, failure or cancel, and even when the result was dropped,
        while the parent exists (never for a deleted or retired widget)."""
        self._on_always = callback
        return self

    def busy(self, text: str) -> Op[T]:
        self._busy_text = text
        return self

    # -- running -----------------------------------------------------------------------
    @property
    def task(self) -> tasks.Task | None:
        """The running task (``task.cancel()`` asks a ``with_progress`` op to stop)."""
        return self._state.task if self._state is not None else None

    @property
    def done(self) -> bool:
        """True once the worker has delivered (or before ``run()``)."""
        task = self.task
        return task is None or task.done

    def cancel(self) -> None:
        """Ask a ``with_progress`` op to stop (its ``fn`` sees ``progress`` return False)."""
        if self._state is not None and self._state.task is not None:
            self._state.task.cancel()

    def run(self) -> bool:
        """Start the op; ``False`` (nothing started) when the same parent+key is pending."""
        _prune()
        if self._key is not None and any(
            p.key == self._key and p.parent is self._parent for p in _pending
        ):
            log.debug("op %r refused: the same one is still running", self._key)
            return False
        if self._state is not None:
            raise RuntimeError("an Op runs once; build a new one")
        state = _Pending(self._parent, self._key)
        self._state = state
        _pending.append(state)
        if self._with_progress is not None:
            state.task = tasks.run_task(
                self._parent,
                self._with_progress,
                on_done=self._delivered,
                on_error=self._failed,
                on_cancel=self._was_cancelled,
                busy_text=self._busy_text,
                progress=True,
            )
        else:
            state.task = tasks.run_task(
                self._parent,
                self._plain or _unused,
                on_done=self._delivered,
                on_error=self._failed,
                on_cancel=self._was_cancelled,
                busy_text=self._busy_text,
            )
        return True

    def _settle(self) -> bool:
        """Leave the pending list; True if the callbacks may run."""
        state = self._state
        if state is None:
            return False
        if state in _pending:
            _pending.remove(state)
        if not lifetime.is_alive(self._parent):
            log.debug("op %r finished after its widget was gone; callbacks dropped", self._key)
            return False
        if self._on_always is not None:
            self._on_always()  # the widget's own state (a button, a busy flag), even if dropped
        if state.dropped:
            log.debug("op %r finished after its page was left; result dropped", self._key)
            return False
        return True

    def _delivered(self, result: T) -> None:
        if self._settle() and self._on_success is not None:
            self._on_success(result)

    def _failed(self, error: BaseException) -> None:
        if not self._settle():
            if not isinstance(error, (TaskCancelled, UserError)):
                log_bug(error)  # a bug is never lost, even when nobody is left to see it
            return
        if self._on_failure is not None:
            self._on_failure(error)
        else:
            route_error(self._parent, error)

    def _was_cancelled(self) -> None:
        if self._settle() and self._on_cancel is not None:
            self._on_cancel()


def _unused() -> Never:
    raise AssertionError("an Op built by with_progress is called with its progress callback")

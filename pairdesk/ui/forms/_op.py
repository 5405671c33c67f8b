"""A stand-in for ``pairdesk.ui.ops.Op`` (helper "ops" is writing it on branch ``ops``):
the same interface, on ``tasks.run_task``. Deleted when ``ui/ops.py`` lands."""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from PySide6.QtWidgets import QWidget

from pairdesk.ui import tasks
from pairdesk.ui.errors import show_error

T = TypeVar("T")

_running: set[tuple[int, str]] = set()


class Op(Generic[T]):
    def __init__(self, parent: QWidget, fn: Callable[[], T], *, key: str | None = None) -> None:
        self._parent = parent
        self._fn = fn
        self._key = key
        self._success: Callable[[T], None] | None = None
        self._failure: Callable[[BaseException], None] | None = None
        self._busy: str | None = None

    def success(self, callback: Callable[[T], None]) -> Op[T]:
        self._success = callback
        return self

    def failure(self, callback: Callable[[BaseException], None]) -> Op[T]:
        self._failure = callback
        return self

    def busy(self, text: str) -> Op[T]:
        self._busy = text
        return self

    def run(self) -> bool:
        guard = (id(self._parent), self._key) if self._key is not None else None
        if guard is not None:
            if guard in _running:
                return False
            _running.add(guard)

        def release() -> None:
            if guard is not None:
                _running.discard(guard)

        def done(result: T) -> None:
            release()
            if self._success is not None:
                self._success(result)

        def failed(error: BaseException) -> None:
            release()
            if self._failure is not None:
                self._failure(error)
            else:
                show_error(self._parent, error)

        tasks.run_task(self._parent, self._fn, on_done=done, on_error=failed, busy_text=self._busy)
        return True

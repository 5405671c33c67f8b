"""A draft handed to a dialog whose record is still being read on the database worker
(the job offer, the workshop and its team): kept until the record is shown, then put
back over it; if the record cannot be read, the page hears why (gone, or later)."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from PySide6.QtWidgets import QWidget

from pairdesk.errors import UnknownId
from pairdesk.ui.forms.drafts import Restored, RestoreDone
from pairdesk.ui.forms.kit import Form
from pairdesk.ui.ops import route_error


def gone_or_later(error: BaseException) -> Restored:
    """A record a draft is about could not be read: gone (it no longer exists), or to be
    offered again at the next unlock (anything else)."""
    return Restored.GONE if isinstance(error, UnknownId) else Restored.LATER


def draft_record_failed(widget: QWidget, done: RestoreDone) -> Callable[[BaseException], None]:
    """The failure of reading the record a draft goes back over: ``done`` hears it is gone
    (the draft is reported and kept, not lost) or later; an error other than a record
    gone is shown too."""

    def failed(error: BaseException) -> None:
        done(gone_or_later(error))
        if not isinstance(error, UnknownId):
            route_error(widget, error)

    return failed


class WaitingDraft:
    """``hand(payload, done)`` from the page's ``restore_draft``; ``loaded()`` once the
    dialog shows its record; ``load_failed(error)`` when it could not be read."""

    def __init__(self, form: Form, *, loaded: bool = False) -> None:
        self.form = form
        self.is_loaded = loaded
        self._waiting: tuple[Mapping[str, object], RestoreDone] | None = None

    def hand(self, payload: Mapping[str, object], done: RestoreDone) -> None:
        self._waiting = (payload, done)
        if self.is_loaded:
            self._apply()

    def loaded(self) -> None:
        self.is_loaded = True
        self._apply()

    def load_failed(self, error: BaseException) -> bool:
        """Tell a draft waiting for the record that it is gone (kept, not lost) or must
        wait for the next unlock; False when no draft was waiting."""
        waiting, self._waiting = self._waiting, None
        if waiting is None:
            return False
        waiting[1](gone_or_later(error))
        return True

    def _apply(self) -> None:
        waiting, self._waiting = self._waiting, None
        if waiting is not None:
            payload, done = waiting
            self.form.restore_draft(payload)
            done(Restored.RESTORED)

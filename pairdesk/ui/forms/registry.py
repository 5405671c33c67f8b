"""Every live form of the window, so the lock can keep a draft of each.

The main window (its draft code) uses:

- ``live_forms()``: every ``Form`` whose owner still exists, oldest first;
- ``collect_drafts()``: ``(key, view, payload)`` of every dirty form with a ``draft_key``
  (``view`` is the form's ``draft_view``: a page's name, or ``"dialog"``);
- ``park_all()``: called when the lock starts, before open dialogs are closed: from then
  on a form no longer asks the unsaved-changes question (its draft is kept instead);
- ``reopen_dialog(parent, ctx, payload)``: after the unlock, re-open the dialog a
  ``"dialog"`` draft came from (its class registered itself by ``draft_kind``) with what
  was typed; False when the payload names no known dialog.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:  # the unlock dialog shows before the core is imported (issue 12)
    from pairdesk.services.context import ServiceContext


if TYPE_CHECKING:
    from pairdesk.ui.forms.kit import Form

DIALOG_VIEW = "dialog"

#: kind → builds the dialog under ``parent`` from the draft's context; returns its form.
Reopener = Callable[[QWidget, "ServiceContext", Mapping[str, object]], "Form | None"]

_forms: list[Form] = []
_reopeners: dict[str, Reopener] = {}


def register(form: Form) -> None:
    _prune()
    _forms.append(form)
    form.destroyed.connect(lambda *_args: _prune())


def _prune() -> None:
    _forms[:] = [form for form in _forms if shiboken6.isValid(form) and form.alive()]


def live_forms() -> list[Form]:
    _prune()
    return list(_forms)


def collect_drafts() -> list[tuple[str, str, dict[str, object]]]:
    found: list[tuple[str, str, dict[str, object]]] = []
    for form in live_forms():
        draft = form.form_draft()
        if draft is not None:
            found.append((draft.key, form.draft_view or DIALOG_VIEW, draft.stored_payload()))
    return found


def park_all() -> None:
    for form in live_forms():
        form.leaving = True


def register_reopener(kind: str, reopener: Reopener) -> None:
    _reopeners[kind] = reopener


def reopen_dialog(parent: QWidget, ctx: ServiceContext, payload: Mapping[str, object]) -> bool:
    kind = payload.get("dialog")
    reopener = _reopeners.get(kind) if isinstance(kind, str) else None
    if reopener is None:
        return False
    context = payload.get("context")
    form = reopener(parent, ctx, context if isinstance(context, Mapping) else {})
    if form is None:
        return False
    form.restore_draft(payload)
    return True

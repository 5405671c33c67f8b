"""How the forms of the window hand their drafts to the main window at the lock, and get
them back after the unlock. One path: ``collect(pages, current, window)``.

What a draft is (``FormDraft``, ``Restored``, the payload's keys) lives with the form kit
in ``pairdesk/ui/forms/drafts.py`` and is re-exported here. Where drafts come from:

* every form on the kit (``pairdesk/ui/forms``) with a ``draft_key``: ``Form.form_draft()``
  is the one source of its draft, found through ``forms.registry.live_forms()``; it goes
  back to the page its owner lives in (or, ``view="dialog"``, to a kit dialog re-opened by
  ``forms.registry.reopen_dialog``);
* a widget not (yet) on the kit that edits something is a ``DraftHolder``: it gives
  ``form_draft()`` itself (``read_fields``/``write_fields`` turn plain Qt field widgets
  into JSON-able values and back). A widget whose kit form has a ``draft_key`` is not
  asked again.

After the unlock the page gets the payload back through ``restore_draft(payload, done)``
(routing by the payload's ``FORM`` when it has several forms) and says how it went:

* ``Restored.RESTORED`` — the fields are back, as changes not saved; the stored draft goes;
* ``Restored.GONE`` — what the draft was about no longer exists (deleted meanwhile, or the
  vault restored from an older backup): the person is told plainly, shown the text, and the
  draft is kept unless they discard it — never dropped silently;
* ``Restored.LATER`` — the page cannot take it now (another form there has changes): the
  draft stays and is offered again at the next unlock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from enum import Enum
from typing import Any, Protocol, runtime_checkable

from PySide6.QtCore import QDate, Qt, QTime
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QDateEdit,
    QDialog,
    QDoubleSpinBox,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPlainTextEdit,
    QSpinBox,
    QTextEdit,
    QTimeEdit,
    QWidget,
)

from pairdesk.diagnostics import log_bug
from pairdesk.i18n import _
from pairdesk.ui.forms import registry
from pairdesk.ui.forms.drafts import (
    DESCRIPTION,
    FIELDS,
    FORM,
    FormDraft,
    Restored,
    RestoreDone,
    fields_of,
    readable_text,
    record_id,
)
from pairdesk.ui.forms.kit import form_of
from pairdesk.ui.widgets.questions import message_box

__all__ = [
    "DESCRIPTION",
    "FIELDS",
    "FORM",
    "DraftHolder",
    "FormDraft",
    "RestoreDone",
    "Restored",
    "ask_about_gone_draft",
    "collect",
    "fields_of",
    "holders_in",
    "read_fields",
    "readable_text",
    "record_id",
    "unique",
    "write_fields",
]

#: ``(key, view, stored payload)``: one draft as the main window stores it.
Found = tuple[str, str, dict[str, Any]]


@runtime_checkable
class DraftHolder(Protocol):
    """A widget editing something that a lock must not lose (not on the kit)."""

    def form_draft(self) -> FormDraft | None: ...


def _on_kit(widget: QWidget) -> bool:
    """The widget's own kit form keeps its draft (the registry finds it)."""
    form = form_of(widget)
    return form is not None and form.draft_key is not None


def holders_in(root: QWidget) -> list[DraftHolder]:
    """``root`` and every widget below it (dialogs parented there included) holding a
    form not on the kit."""
    widgets = [root, *root.findChildren(QWidget)]
    return [w for w in widgets if isinstance(w, DraftHolder) and not _on_kit(w)]


def _page_of(widget: QWidget, pages: Mapping[str, QWidget]) -> str | None:
    keys = {id(page): key for key, page in pages.items()}
    current: QWidget | None = widget
    while current is not None:
        key = keys.get(id(current))
        if key is not None:
            return key
        current = current.parentWidget()
    return None


def _belongs(widget: QWidget, window: QWidget) -> bool:
    """``widget`` lives in ``window`` (dialogs parented there included), or is an open
    window of its own (a dialog without a parent). A form of another main window — one
    left by an earlier lock and not deleted yet — is not this window's."""
    current: QWidget | None = widget
    while current is not None:
        if current is window:
            return True
        if current.parentWidget() is None:
            return isinstance(current, QDialog) and current.isVisible()
        current = current.parentWidget()
    return False


def collect(pages: Mapping[str, QWidget], current: str, window: QWidget) -> list[Found]:
    """Every form being edited in the window, the current page's first: the holders not
    on the kit, then every kit form with a draft; the first draft of each key wins. A
    form that fails is logged and left out: a form's fault never stops the lock."""
    found: list[Found] = []
    order = sorted(pages.items(), key=lambda item: item[0] != current)
    seen: set[int] = set()

    def add(draft: FormDraft | None, view: str) -> None:
        if draft is not None:
            found.append((draft.key, draft.view or view, draft.stored_payload()))

    roots: list[tuple[str, QWidget]] = [*order, (current, window)]
    for view, root in roots:
        for holder in holders_in(root):
            if id(holder) in seen:
                continue
            seen.add(id(holder))
            try:
                add(holder.form_draft(), view)
            except Exception as exc:
                log_bug(exc)
    mine = [form for form in registry.live_forms() if _belongs(form.owner, window)]
    forms = sorted(mine, key=lambda form: _page_of(form.owner, pages) != current)
    for form in forms:
        try:
            add(form.form_draft(), _page_of(form.owner, pages) or current)
        except Exception as exc:
            log_bug(exc)
    return unique(found)


# -- plain field widgets as JSON-able values ----------------------------------------------
def _json(value: object) -> object:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, Enum):
        return _json(value.value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return None


def _is_date_field(widget: QWidget) -> bool:
    """widgets/date_field.DateField: kept as typed (``text()`` / ``set_text()``)."""
    return callable(getattr(widget, "typed_date", None)) and callable(
        getattr(widget, "set_text", None)
    )


def read_field(widget: QWidget) -> object:
    """The value a person typed or chose in ``widget``, JSON-able (a date field keeps its
    text exactly as typed, even when it is not a valid date yet)."""
    if _is_date_field(widget):
        return str(widget.text())  # type: ignore[attr-defined]
    if isinstance(widget, QLineEdit):
        return widget.text()
    if isinstance(widget, QPlainTextEdit):
        return widget.toPlainText()
    if isinstance(widget, QTextEdit):
        return widget.toPlainText()
    if isinstance(widget, QComboBox):
        data = _json(widget.currentData())
        if widget.currentData() is not None and data is not None:
            return {"data": data}
        if widget.isEditable():
            return {"text": widget.currentText()}
        return {"index": widget.currentIndex()}
    if isinstance(widget, QDateEdit):
        return widget.date().toString(Qt.DateFormat.ISODate)
    if isinstance(widget, QTimeEdit):
        return widget.time().toString("HH:mm")
    if isinstance(widget, QSpinBox | QDoubleSpinBox):
        return widget.value()
    if isinstance(widget, QAbstractButton):
        return widget.isChecked()
    if isinstance(widget, QListWidget):  # ticked items, by their data (or text)
        ticked: list[object] = []
        for i in range(widget.count()):
            item = widget.item(i)
            if item.checkState() == Qt.CheckState.Checked:
                data = _json(item.data(Qt.ItemDataRole.UserRole))
                ticked.append(data if data is not None else item.text())
        return {"ticked": ticked}
    return None


def write_field(widget: QWidget, value: object) -> None:
    """Put back what ``read_field`` gave (a value of the wrong shape is left out)."""
    if _is_date_field(widget):
        if isinstance(value, str):
            widget.set_text(value)  # type: ignore[attr-defined]
    elif isinstance(widget, QLineEdit):
        if isinstance(value, str):
            widget.setText(value)
    elif isinstance(widget, QPlainTextEdit | QTextEdit):
        if isinstance(value, str):
            widget.setPlainText(value)
    elif isinstance(widget, QComboBox):
        if isinstance(value, dict):
            if "data" in value:
                index = widget.findData(value["data"])
                if index >= 0:
                    widget.setCurrentIndex(index)
            elif isinstance(value.get("text"), str) and widget.isEditable():
                widget.setCurrentText(value["text"])
            elif type(value.get("index")) is int and 0 <= value["index"] < widget.count():
                widget.setCurrentIndex(value["index"])
    elif isinstance(widget, QDateEdit):
        if isinstance(value, str):
            date = QDate.fromString(value, Qt.DateFormat.ISODate)
            if date.isValid():
                widget.setDate(date)
    elif isinstance(widget, QTimeEdit):
        if isinstance(value, str):
            time = QTime.fromString(value, "HH:mm")
            if time.isValid():
                widget.setTime(time)
    elif isinstance(widget, QSpinBox):
        if type(value) is int:
            widget.setValue(value)
    elif isinstance(widget, QDoubleSpinBox):
        if type(value) in (int, float):
            widget.setValue(float(value))  # type: ignore[arg-type]
    elif isinstance(widget, QAbstractButton):
        if isinstance(value, bool):
            widget.setChecked(value)
    elif isinstance(widget, QListWidget) and isinstance(value, dict):
        ticked = value.get("ticked")
        if isinstance(ticked, list):
            for i in range(widget.count()):
                item = widget.item(i)
                data = _json(item.data(Qt.ItemDataRole.UserRole))
                key = data if data is not None else item.text()
                item.setCheckState(
                    Qt.CheckState.Checked if key in ticked else Qt.CheckState.Unchecked
                )


def read_fields(fields: Mapping[str, QWidget]) -> dict[str, object]:
    return {name: read_field(widget) for name, widget in fields.items()}


def write_fields(fields: Mapping[str, QWidget], values: object) -> None:
    if not isinstance(values, Mapping):
        return
    for name, widget in fields.items():
        if name in values:
            write_field(widget, values[name])


def ask_about_gone_draft(parent: QWidget, payload: Mapping[str, Any]) -> bool:
    """Tell plainly that what a draft was about is gone; True keeps the draft."""
    box = message_box(
        parent,
        _("Your changes could not be put back"),
        _(
            "What you were editing when pairdesk locked no longer exists: it was deleted "
            "meanwhile, or the vault was restored from an older backup. What you had typed "
            "is shown under “Show Details”; it stays kept as a draft unless you discard it."
        ),
        icon=QMessageBox.Icon.Warning,
        details=readable_text(payload),
    )
    keep = box.addButton(_("&Keep the draft"), QMessageBox.ButtonRole.AcceptRole)
    box.addButton(_("&Discard it"), QMessageBox.ButtonRole.DestructiveRole)
    box.setDefaultButton(keep)
    box.exec()
    return box.clickedButton() is keep


def unique(
    drafts: Iterable[tuple[str, str, dict[str, Any]]],
) -> list[tuple[str, str, dict[str, Any]]]:
    """The first draft of each key (the one collected before dialogs were closed)."""
    seen: set[str] = set()
    kept: list[tuple[str, str, dict[str, Any]]] = []
    for key, view, payload in drafts:
        if key not in seen:
            seen.add(key)
            kept.append((key, view, payload))
    return kept

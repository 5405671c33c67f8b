"""Drafts of the forms being edited when pairdesk locks, on the window's side.

Every widget that edits something (a tab of a participant's file, the association
profile, the mock-interview form, an offer or workshop dialog…) is a ``DraftHolder``: at
the lock ``form_draft()`` gives what it holds as a ``FormDraft`` (None when unchanged),
which ``MainWindow`` keeps encrypted in the vault through ``pairdesk.services.drafts``.
After the unlock the page the holder lived in gets the payload back through
``restore_draft(payload, done)`` and says how it went:

* ``Restored.RESTORED`` — the fields are back, as changes not saved; the stored draft goes;
* ``Restored.GONE`` — what the draft was about no longer exists (deleted meanwhile, or the
  vault restored from an older backup): the person is told plainly, shown the text, and the
  draft is kept unless they discard it — never dropped silently;
* ``Restored.LATER`` — the page cannot take it now (another form there has changes): the
  draft stays and is offered again at the next unlock.

A payload is JSON-able: ``{"form": name, "fields": {...}, ids of the record}``; the
question asked after the unlock is stored with it (``DESCRIPTION``), written when the
person still saw the form. ``read_fields``/``write_fields`` turn plain Qt field widgets
into such values and back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any, Protocol, runtime_checkable

from PySide6.QtCore import QDate, Qt, QTime
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QDateEdit,
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

from pairdesk.i18n import _

#: Payload key of the question asked after the unlock.
DESCRIPTION = "description"
#: Payload key of the form's fields.
FIELDS = "fields"
#: Payload key naming which form of the page the draft belongs to.
FORM = "form"


class Restored(Enum):
    RESTORED = "restored"
    GONE = "gone"
    LATER = "later"


RestoreDone = Callable[[Restored], None]


@dataclass(frozen=True)
class FormDraft:
    """What one form holds: ``key`` names what is edited (``wellbeing:42``, ``offer:new``),
    ``payload`` is JSON-able, ``description`` the question asked after the unlock."""

    key: str
    payload: dict[str, Any]
    description: str

    def stored_payload(self) -> dict[str, Any]:
        return {**self.payload, DESCRIPTION: self.description}


@runtime_checkable
class DraftHolder(Protocol):
    """A widget editing something that a lock must not lose."""

    def form_draft(self) -> FormDraft | None: ...


def holders_in(root: QWidget) -> list[DraftHolder]:
    """``root`` and every widget below it (dialogs parented there included) holding a form."""
    widgets = [root, *root.findChildren(QWidget)]
    return [w for w in widgets if isinstance(w, DraftHolder)]


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


def fields_of(payload: Mapping[str, Any]) -> dict[str, Any]:
    values = payload.get(FIELDS)
    return values if isinstance(values, dict) else {}


def record_id(payload: Mapping[str, Any], name: str) -> int | None:
    """An id kept in a payload (None for "new" or when it is not a plain int)."""
    value = payload.get(name)
    return value if type(value) is int else None


def readable_text(payload: Mapping[str, Any]) -> str:
    """What a draft holds, as text a person can copy (one line per field typed)."""
    lines: list[str] = []

    def walk(value: object) -> None:
        if isinstance(value, str):
            if value.strip():
                lines.append(value.strip())
        elif isinstance(value, Mapping):
            for item in value.values():
                walk(item)

    for name in (FIELDS, "identity", "values"):  # "values": a kit form's draft
        walk(payload.get(name))
    return "\n".join(lines)


def ask_about_gone_draft(parent: QWidget, payload: Mapping[str, Any]) -> bool:
    """Tell plainly that what a draft was about is gone; True keeps the draft."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(_("Your changes could not be put back"))
    box.setText(
        _(
            "What you were editing when pairdesk locked no longer exists: it was deleted "
            "meanwhile, or the vault was restored from an older backup. What you had typed "
            "is shown under “Show Details”; it stays kept as a draft unless you discard it."
        )
    )
    box.setDetailedText(readable_text(payload))
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

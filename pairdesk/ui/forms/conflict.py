"""The one edit-conflict question of every form (issue 14): someone else saved the record
since this form read it (``EditConflict``); the person sees what they changed, and chooses.

``Form.show_op_error`` calls :func:`show_conflict`; tests replace :func:`ask_edit_conflict`
(``monkeypatch.setattr(conflict, "ask_edit_conflict", ...)``), so it is looked up on the
module at call time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from enum import Enum

from PySide6.QtWidgets import QComboBox, QDialog, QPushButton, QVBoxLayout, QWidget

from pairdesk.errors import EditConflict
from pairdesk.formatting import short_date
from pairdesk.i18n import _
from pairdesk.ui.widgets.dialog_parts import wrapped_label


class ConflictChoice(Enum):
    RELOAD = "reload"  # their version replaces what the form shows (my changes are lost)
    KEEP = "keep"  # nothing happens: the form keeps my changes, not saved
    OVERWRITE = "overwrite"  # mine is saved over theirs


def value_text(widget: QWidget | None, value: object) -> str:
    """A stored value as the person reads it: a list's wording, a French date, Yes/No."""
    if value is None or value == "":
        return _("(empty)")
    if isinstance(widget, QComboBox):
        index = widget.findData(value)
        if index >= 0:
            return widget.itemText(index)
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return short_date(value)
    text = str(value).strip().replace("\n", " ")
    return text if len(text) <= 80 else text[:79] + "…"


class ConflictQuestion(QDialog):
    """The question itself: the message, what is stored now, and one button per choice,
    stacked (each as wide as the dialog: at 200 % a row of three long buttons was cut)."""

    def __init__(
        self, parent: QWidget | None, what: str, lines: Iterable[str], *, can_overwrite: bool
    ) -> None:
        super().__init__(parent)
        title = _("Changed by someone else")
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.choice = ConflictChoice.KEEP
        layout = QVBoxLayout(self)
        message = _(
            "{what}: someone else saved changes since you opened this form. "
            "Your changes are not saved."
        ).format(what=what)
        self.message = wrapped_label(message, self)
        self.stored = wrapped_label(
            _("What is stored now:") + "\n" + "\n".join(f"• {line}" for line in lines), self
        )
        layout.addWidget(self.message)
        layout.addWidget(self.stored)
        self.buttons: dict[ConflictChoice, QPushButton] = {}
        worded = [
            (ConflictChoice.RELOAD, _("&Reload their version (my changes are lost)")),
            (ConflictChoice.KEEP, _("&Keep editing")),
        ]
        if can_overwrite:
            worded.append((ConflictChoice.OVERWRITE, _("&Overwrite with mine")))
        for choice, text in worded:
            button = QPushButton(text, self)
            button.setAccessibleName(text.replace("&", ""))
            button.clicked.connect(lambda _checked=False, c=choice: self._choose(c))
            layout.addWidget(button)
            self.buttons[choice] = button
        keep = self.buttons[ConflictChoice.KEEP]
        keep.setDefault(True)
        keep.setFocus()
        width = self.fontMetrics().averageCharWidth() * 60
        self.setMinimumWidth(width)

    def _choose(self, choice: ConflictChoice) -> None:
        self.choice = choice
        self.accept()


def ask_edit_conflict(
    parent: QWidget | None, what: str, lines: Iterable[str], *, can_overwrite: bool
) -> ConflictChoice:
    """Reload their version / Keep editing (/ Overwrite with mine); "Keep editing" is the
    default, and Escape: nothing is lost by a key pressed too fast."""
    question = ConflictQuestion(parent, what, lines, can_overwrite=can_overwrite)
    question.exec()  # Escape or the window's close button: rejected, KEEP
    choice = question.choice
    question.deleteLater()
    return choice


def conflict_lines(
    error: EditConflict,
    labels: Mapping[str, str],
    widgets: Mapping[str, QWidget],
    loaded: Mapping[str, object],
) -> list[str]:
    """ "Label: their value" for each field of the form whose stored value differs from
    what the form had loaded (what the other person changed), in the form's order; a
    sentence when they changed nothing this form shows."""
    lines = [
        _("{label}: {value}").format(
            label=label, value=value_text(widgets.get(name), error.changes[name])
        )
        for name, label in labels.items()
        if name in error.changes and (name not in loaded or loaded[name] != error.changes[name])
    ]
    return lines or [_("Other details of this record (nothing this form shows).")]


def show_conflict(
    parent: QWidget,
    error: EditConflict,
    what: str,
    lines: list[str],
    *,
    reload: Callable[[], None] | None,
    overwrite: Callable[[int], None] | None,
    keep: Callable[[], None],
) -> ConflictChoice:
    """Ask, then do what was chosen: ``reload()``, ``overwrite(version)`` or ``keep()``."""
    choice = ask_edit_conflict(parent, what, lines, can_overwrite=overwrite is not None)
    if choice is ConflictChoice.RELOAD and reload is not None:
        reload()
    elif choice is ConflictChoice.OVERWRITE and overwrite is not None and error.version:
        overwrite(error.version)
    else:
        keep()
    return choice

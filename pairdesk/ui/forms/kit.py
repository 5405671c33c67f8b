"""One form kit for every dialog and editable page: fields declared once.

    self.form = Form(self, layout, what=_("This team member"), draft_key="team.member.3")
    self.name_field = self.form.add("name", _("&Name:"), QLineEdit(self), required=True)
    self.birth_field = self.form.add("birth_date", _("&Born on:"), DateField(self, optional=True))
    ...
    self.form.save(lambda: team.update_member(ctx, id, data), self._saved)

``add`` puts the label (the widget's buddy, so its ``&`` mnemonic works), the widget, an
optional help sentence and the field's error label (wrapping, never cut) in one row. The
state every field has when declared is its "fresh" state: ``reset()`` (a "new" record)
puts every field back to it, clears the errors and scrolls to the top.

The form is *dirty* when what the fields show differs from what was last loaded or saved
(``set_values`` / ``mark_clean``); typing something then erasing it is clean again.
``confirm_leave()`` asks the one unsaved-changes question (Save / Discard / Stay).

Edit conflicts (issue 14): a form showing a record keeps the version it read
(``set_values(values, edit_version=…)``; the owner sends ``form.edit_version`` with its
save). An ``EditConflict`` coming back is shown by the one question of ``forms/conflict.py``
listing what the other person changed (each field whose stored value differs from what
the form had loaded): "Reload their version" (``form.reload``, set by the owner), "Keep
editing", or, when the owner can save again (``save_again`` or ``save_path``), "Overwrite
with mine" (saved against the version stored now).

Errors: a ``UserError`` naming a field (``InvalidInput.field``) shows beside that field;
any other ``UserError`` in the form's general error label; anything else is not shown here
(``show_op_error`` returns False and the caller shows the error dialog).

Drafts: ``draft_state()`` is what the field widgets show (typed text, not parsed values,
so an unfinished date survives), ``None`` when clean; ``restore_draft`` puts it back and
leaves the form dirty. ``form_draft()`` is the form's ``FormDraft``
(``forms/drafts.py``): the main window collects every live form's at the lock
(``pairdesk.ui.drafts.collect``, through ``forms.registry.live_forms()``) and keeps them
encrypted (``services.drafts``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TypeVar

import shiboken6
from PySide6.QtCore import QDate, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QDateEdit,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QSpinBox,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from pairdesk.errors import EditConflict, UserError
from pairdesk.i18n import _
from pairdesk.ui import lifetime
from pairdesk.ui.errors import show_error
from pairdesk.ui.forms import conflict, registry
from pairdesk.ui.forms.drafts import EDIT_VERSION, FIELDS, FORM, FormDraft, fields_of
from pairdesk.ui.ops import Op, route_error
from pairdesk.ui.widgets import questions
from pairdesk.ui.widgets.date_field import DateField
from pairdesk.ui.widgets.field_error import FieldError, make_error_label
from pairdesk.ui.widgets.questions import UnsavedChoice

W = TypeVar("W", bound=QWidget)
T = TypeVar("T")

#: A field's raw state, as kept in a draft: JSON-friendly.
Raw = str | int | float | bool | None

#: The dynamic property of every widget declared on a form (the kit test finds them by it).
FORM_FIELD = "pairdesk_form_field"


@dataclass
class Field:
    name: str
    widget: QWidget
    label: QLabel
    error: FieldError
    box: QWidget
    required: bool
    fresh: Raw
    aliases: tuple[str, ...] = field(default_factory=tuple)


# -- reading and writing one widget ----------------------------------------------------------


def raw_of(widget: QWidget) -> Raw:
    """What the widget shows, JSON-friendly (typed text for dates and editable combos)."""
    custom = getattr(widget, "raw_value", None)
    if callable(custom):
        value: Raw = custom()
        return value
    if isinstance(widget, DateField):
        return widget.text()
    if isinstance(widget, QLineEdit):
        return widget.text()
    if isinstance(widget, (QPlainTextEdit, QTextEdit)):
        return widget.toPlainText()
    if isinstance(widget, QComboBox):
        return widget.currentText() if widget.isEditable() else widget.currentIndex()
    if isinstance(widget, QDateEdit):
        return widget.date().toString(Qt.DateFormat.ISODate)
    if isinstance(widget, (QSpinBox, QDoubleSpinBox)):
        return widget.value()
    if isinstance(widget, QAbstractButton):
        return widget.isChecked()
    raise TypeError(f"the form kit cannot read a {type(widget).__name__}")


def set_raw(widget: QWidget, raw: Raw) -> None:
    """Put back what ``raw_of`` read."""
    custom = getattr(widget, "set_raw_value", None)
    if callable(custom):
        custom(raw)
    elif isinstance(widget, DateField):
        widget.set_text(str(raw or ""))
        if raw:
            widget.check()
    elif isinstance(widget, QLineEdit):
        widget.setText(str(raw or ""))
    elif isinstance(widget, (QPlainTextEdit, QTextEdit)):
        widget.setPlainText(str(raw or ""))
    elif isinstance(widget, QComboBox):
        if widget.isEditable():
            widget.setEditText(str(raw or ""))
        elif isinstance(raw, int) and not isinstance(raw, bool):
            widget.setCurrentIndex(raw if raw < widget.count() else -1)
    elif isinstance(widget, QDateEdit):
        widget.setDate(QDate.fromString(str(raw), Qt.DateFormat.ISODate))
    elif isinstance(widget, QSpinBox):
        widget.setValue(int(raw or 0))
    elif isinstance(widget, QDoubleSpinBox):
        widget.setValue(float(raw or 0))
    elif isinstance(widget, QAbstractButton):
        widget.setChecked(bool(raw))


def value_of(widget: QWidget) -> object:
    """The field's value for a service: a date, the combo's item data, a number…"""
    custom = getattr(widget, "value", None)
    if callable(custom) and not isinstance(widget, (QAbstractSpinBox,)):
        return custom()
    if isinstance(widget, DateField):
        return widget.date()  # raises InvalidInput (shown beside it) when not a date
    if isinstance(widget, QComboBox) and not widget.isEditable():
        data = widget.currentData()
        return data if data is not None else widget.currentText()
    if isinstance(widget, QDateEdit):
        return widget.date().toPython()
    return raw_of(widget)


def set_value(widget: QWidget, value: object) -> None:
    """Show a service's value: a date, an item's data (or text), a number, a bool…"""
    custom = getattr(widget, "set_value", None)
    if callable(custom):
        custom(value)
    elif isinstance(widget, DateField):
        widget.set_date(value if isinstance(value, dt.date) else None)
    elif isinstance(widget, QComboBox) and not widget.isEditable():
        index = widget.findData(value)
        if index < 0 and value is not None:
            index = widget.findText(str(value))
        widget.setCurrentIndex(max(0, index) if widget.count() else -1)
    elif isinstance(widget, QDateEdit) and isinstance(value, dt.date):
        widget.setDate(QDate(value.year, value.month, value.day))
    elif isinstance(widget, QLineEdit | QPlainTextEdit | QTextEdit) or (
        isinstance(widget, QComboBox) and widget.isEditable()
    ):
        set_raw(widget, "" if value is None else str(value))
    else:
        set_raw(widget, value if isinstance(value, str | int | float | bool) else None)


def _watch(widget: QWidget, changed: Callable[..., None]) -> None:
    """Call ``changed`` on every change of the widget's value."""
    signal = getattr(widget, "changed", None)
    if isinstance(widget, DateField):
        widget.changed.connect(changed)
    elif isinstance(widget, (QLineEdit, QPlainTextEdit, QTextEdit)):
        widget.textChanged.connect(changed)
    elif isinstance(widget, QComboBox):
        widget.currentIndexChanged.connect(changed)
        widget.editTextChanged.connect(changed)
    elif isinstance(widget, QDateEdit):
        widget.dateChanged.connect(changed)
    elif isinstance(widget, (QSpinBox, QDoubleSpinBox)):
        widget.valueChanged.connect(changed)
    elif isinstance(widget, QAbstractButton):
        widget.toggled.connect(changed)
    elif signal is not None:
        signal.connect(changed)


def _plain(label: str) -> str:
    """ "&First name:" → "First name" (an accessible name)."""
    return label.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip(" :").strip()


class Form(QObject):
    """Fields declared once: label, widget, error label, dirty tracking, draft, save."""

    dirty_changed = Signal(bool)
    busy_changed = Signal(bool)

    def __init__(
        self,
        owner: QWidget,
        layout: QFormLayout,
        *,
        what: str,
        draft_key: str | None = None,
        general_error: QLabel | None = None,
    ) -> None:
        super().__init__(owner)
        self.owner = owner
        self.layout = layout
        self.what = what
        self.draft_key = draft_key
        #: The main window's view the draft belongs to ("dialog" for a dialog, which is
        #: re-opened after the unlock through ``forms.registry.reopen_dialog``).
        self.draft_view: str | None = None
        #: For a dialog: the kind it registered to be re-opened by (``FormDialog``).
        self.draft_kind: str | None = None
        #: For a dialog: re-open it with a draft (set by ``FormDialog``).
        self.reopen: Callable[[Mapping[str, object]], None] | None = None
        #: What the owner's Save does (``confirm_leave``'s "Save" runs it).
        self.save_path: Callable[[], None] | None = None
        #: More to keep in a draft beside the fields (the record's id…); also written at
        #: the payload's top level, where a page's ``restore_draft`` reads its ids.
        self.draft_context: dict[str, object] = {}
        #: Which form of its page this is (the payload's ``FORM``), for pages with several.
        self.draft_form: str | None = None
        #: The question asked after the unlock, when ``draft_description`` is not enough
        #: (it may name the record: "the job offer “Magasinier”").
        self.describe_draft: Callable[[], str] | None = None
        #: The ``edit_version`` of the record shown (``set_values``), sent back with a save;
        #: None: a new record, or a form that does not check.
        self.edit_version: int | None = None
        #: Show the stored version of the record again ("Reload their version").
        self.reload: Callable[[], None] | None = None
        #: Save again what the form shows (after ``edit_version`` was moved on, for
        #: "Overwrite with mine"); ``save_path`` when not set.
        self.save_again: Callable[[], None] | None = None
        self._loaded: dict[str, object] = {}
        #: True after a draft put back an older version: what its person had read is not
        #: known, so ``follow`` keeps that version (the save asks) whatever is read again.
        self._read_unknown = False
        self.fields: dict[str, Field] = {}
        self._aliases: dict[str, str] = {}
        #: the fields whose own message shows, with what they held when it was shown
        self._refused: dict[str, Raw] = {}
        self._clean: dict[str, Raw] = {}
        self._forced_dirty = False
        self._dirty = False
        self._loading = False
        self._busy = False
        self.leaving = False  # the lock closes the form: no question any more
        #: False for a form whose changes are not worth a question (print options).
        self.ask_before_leaving = True
        layout.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        if general_error is None:
            general_error = QLabel(owner)
            layout.addRow(general_error)
        self.general_error = make_error_label(general_error)
        self.general_error.setObjectName("formError")
        self.general_error.hide()
        registry.register(self)

    # -- declaring ---------------------------------------------------------------------------

    def add(
        self,
        name: str,
        label: str,
        widget: W,
        *,
        required: bool = False,
        help_text: str | None = None,
        aliases: tuple[str, ...] = (),
    ) -> W:
        """One row: ``label`` (buddy of ``widget``), the widget, ``help_text`` under it and
        the field's error label. ``aliases`` are other field names services use for it."""
        if name in self.fields:
            raise ValueError(f"field {name!r} declared twice")
        accessible = _plain(label) or _plain(getattr(widget, "text", lambda: "")() or name)
        if not widget.accessibleName():
            widget.setAccessibleName(accessible)
        set_name = getattr(widget, "set_accessible_name", None)
        if callable(set_name) and not isinstance(widget, DateField):
            set_name(accessible)
        elif isinstance(widget, DateField) and widget.accessibleName() == _("Date"):
            widget.set_accessible_name(accessible)
        widget.setProperty(FORM_FIELD, name)
        box = QWidget(self.owner)
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        if help_text:
            hint = QLabel(help_text, box)
            hint.setWordWrap(True)
            hint.setObjectName("fieldHelp")
            hint.setEnabled(False)
            widget.setAccessibleDescription(help_text)
            column.addWidget(hint)
        error = FieldError(box)
        column.addWidget(error)
        box.setFocusProxy(widget)
        row_label = QLabel(label, self.owner)
        row_label.setBuddy(widget)
        if label:
            self.layout.addRow(row_label, box)
        else:  # a check box says it itself: the whole width
            row_label.hide()
            self.layout.addRow(box)
        entry = Field(name, widget, row_label, error, box, required, raw_of(widget), aliases)
        self.fields[name] = entry
        for alias in aliases:
            self._aliases[alias] = name
        self._clean[name] = entry.fresh
        _watch(widget, self._changed)
        return widget

    def widget(self, name: str) -> QWidget:
        return self.fields[name].widget

    def error_label(self, name: str) -> FieldError:
        return self.fields[name].error

    # -- values ------------------------------------------------------------------------------

    def values(self) -> dict[str, object]:
        """Every field's value, read from the widgets (a typed date not valid raises
        ``InvalidInput``, shown beside its field)."""
        return {name: value_of(entry.widget) for name, entry in self.fields.items()}

    def value(self, name: str) -> object:
        return value_of(self.fields[name].widget)

    def raw_values(self) -> dict[str, Raw]:
        return {name: raw_of(entry.widget) for name, entry in self.fields.items()}

    def set_values(self, values: Mapping[str, object], *, edit_version: int | None = None) -> None:
        """Show a record: fill the fields named in ``values`` and mark the form clean;
        ``edit_version`` is the record's (what a save sends back to be checked)."""
        self.edit_version = edit_version
        self._loaded = dict(values)
        self._read_unknown = False
        self._loading = True
        try:
            for name, value in values.items():
                if name in self.fields:
                    set_value(self.fields[name].widget, value)
        finally:
            self._loading = False
        self.clear_errors()
        self.mark_clean()

    def follow(self, values: Mapping[str, object], *, edit_version: int | None) -> None:
        """The record was read again while the form holds changes not saved (the fields keep
        them): when nothing this form shows changed in the store (only other details — a
        file's last contact after a step was added), take its new ``edit_version``, so the
        save asks nothing; otherwise keep the version read first, and the save asks."""
        if self.edit_version is None or edit_version is None or self._read_unknown:
            return  # (a draft's values read before the lock are unknown: the save asks)
        if all(values.get(name, value) == value for name, value in self._loaded.items()):
            self.edit_version = edit_version

    def reset(self) -> None:
        """A fresh form for "new": every field as declared, no error, scrolled to the top."""
        self._loading = True
        try:
            for entry in self.fields.values():
                set_raw(entry.widget, entry.fresh)
        finally:
            self._loading = False
        self.clear_errors()
        self.draft_context = {}
        self.edit_version = None
        self._loaded = {}
        self._read_unknown = False
        self.mark_clean()
        for area in self._scroll_areas():
            area.verticalScrollBar().setValue(0)
            area.horizontalScrollBar().setValue(0)

    def _scroll_areas(self) -> list[QScrollArea]:
        areas = list(self.owner.findChildren(QScrollArea))
        parent = self.owner.parentWidget()
        while parent is not None:
            if isinstance(parent, QScrollArea):
                areas.append(parent)
            parent = parent.parentWidget()
        return areas

    # -- dirty -------------------------------------------------------------------------------

    def is_dirty(self) -> bool:
        return self._dirty

    def mark_clean(self) -> None:
        self._clean = self.raw_values()
        self._forced_dirty = False
        self._update_dirty()

    def discard(self) -> None:
        """The fields back as last loaded or saved: the person chose "Discard". Kept, the
        changes thrown away came back as a draft at the next lock, and were shown again
        on coming back to the page (a tester's finding)."""
        self._loading = True
        try:
            for name, entry in self.fields.items():
                if name in self._clean:
                    set_raw(entry.widget, self._clean[name])
        finally:
            self._loading = False
        self.clear_errors()
        self._forced_dirty = False
        self._update_dirty()

    def mark_dirty(self) -> None:
        self._forced_dirty = True
        self._update_dirty()

    def _changed(self, *_args: object) -> None:
        if not self._loading:
            # The error line spoke of the last save: once the person edits, it is stale
            # (« L'atelier doit se terminer après son début » stayed after the times were
            # put right, until the next save: a tester). A field's own message stays
            # beside it until the next save says again.
            if not self.general_error.isHidden():
                self.general_error.clear()
                self.general_error.hide()
            # A field's own message goes once that field is changed (a refused future
            # birth date stayed red after the date was emptied: a tester).
            for name, refused in list(self._refused.items()):
                entry = self.fields[name]
                if raw_of(entry.widget) != refused:
                    entry.error.clear_message()
                    del self._refused[name]
            self._update_dirty()

    def _update_dirty(self) -> None:
        dirty = self._forced_dirty or self.raw_values() != self._clean
        if dirty != self._dirty:
            self._dirty = dirty
            self.dirty_changed.emit(dirty)

    # -- errors ------------------------------------------------------------------------------

    def _field_for(self, name: str) -> Field | None:
        name = self._aliases.get(name, name)
        entry = self.fields.get(name)
        if entry is None and "." in name:
            head = name.split(".", 1)[0]
            entry = self.fields.get(self._aliases.get(head, head))
        return entry

    def show_op_error(self, error: BaseException) -> bool:
        """Show ``error`` beside its field, or in the general error label; False when it
        is not a ``UserError`` (the caller shows the error dialog)."""
        if getattr(error, "shown_beside_field", False):  # a date field says it itself
            return True
        if not isinstance(error, UserError):
            return False
        self.clear_errors()
        if isinstance(error, EditConflict):
            self._show_conflict(error)
            return True
        name = getattr(error, "field", None)
        entry = self._field_for(name) if isinstance(name, str) else None
        if entry is not None:
            entry.error.show_message(error.message)
            field_name = next(n for n, e in self.fields.items() if e is entry)
            self._refused[field_name] = raw_of(entry.widget)
            if entry.widget.isVisible():
                entry.widget.setFocus()
            return True
        self.show_general_error(error.message)
        return True

    def _show_conflict(self, error: EditConflict) -> None:
        labels = {
            name: _plain(f.label.text()) or f.widget.accessibleName() or name
            for name, f in self.fields.items()
        }
        widgets = {name: f.widget for name, f in self.fields.items()}
        lines = conflict.conflict_lines(error, labels, widgets, self._loaded)
        again = self.save_again or self.save_path

        def overwrite(version: int) -> None:
            self.edit_version = version
            if again is not None:
                again()

        def reload() -> None:
            if self.reload is not None:
                self.reload()
            else:
                self.show_general_error(
                    _("Close this form and open it again to see their version.")
                )

        def keep() -> None:
            self.show_general_error(
                _(
                    "Not saved: someone else saved it since you opened it. "
                    "Saving again asks again what to do."
                )
            )

        conflict.show_conflict(
            self.owner,
            error,
            self.what,
            lines,
            reload=reload,
            overwrite=overwrite if again is not None and error.version is not None else None,
            keep=keep,
        )

    def show_general_error(self, message: str) -> None:
        text = _("Error: {message}").format(message=message)
        self.general_error.setText(text)
        self.general_error.setAccessibleName(text)
        self.general_error.show()
        # At the foot of a long form it was out of sight: a save refused by a read-only
        # vault seemed to do nothing at all (a tester). Scrolled into view, once laid out.
        lifetime.single_shot(self.general_error, 0, self._show_general_error_in_view)

    def _show_general_error_in_view(self) -> None:
        for area in self._scroll_areas():
            if area.isAncestorOf(self.general_error):
                area.ensureWidgetVisible(self.general_error, 10, 40)

    def clear_errors(self) -> None:
        self._refused.clear()
        for entry in self.fields.values():
            entry.error.clear_message()
        self.general_error.clear()
        self.general_error.hide()

    def shown_errors(self) -> dict[str, str]:
        """Field name → message, for the messages showing now."""
        return {n: e.error.message for n, e in self.fields.items() if e.error.message}

    # -- focus, save, leave ------------------------------------------------------------------

    def focus_first(self) -> None:
        for entry in self.fields.values():
            widget = entry.widget
            if widget.isEnabled() and not widget.isHidden():
                widget.setFocus(Qt.FocusReason.OtherFocusReason)
                return

    def check_required(self) -> bool:
        """Say beside every required field left empty that it is needed; True when none is."""
        ok = True
        for entry in self.fields.values():
            raw = raw_of(entry.widget)
            if entry.required and (raw is None or (isinstance(raw, str) and not raw.strip())):
                entry.error.show_message(_("Fill in this field."))
                if ok and entry.widget.isVisible():
                    entry.widget.setFocus()
                ok = False
        return ok

    @property
    def busy(self) -> bool:
        return self._busy

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.busy_changed.emit(busy)

    def save(self, fn: Callable[[], T], on_saved: Callable[[T], None]) -> bool:
        """Run ``fn`` (a service call) on the database worker; on success mark the form
        clean and call ``on_saved(result)``; on failure show the error on the form (or the
        error dialog). False when not started: a required field is empty, or a save of
        this form is already running."""
        if self._busy:
            return False
        self.clear_errors()
        if not self.check_required():
            return False

        def saved(result: T) -> None:
            self.mark_clean()
            on_saved(result)

        def failed(error: BaseException) -> None:
            if not self.show_op_error(error):
                self.route_error(error)

        op = Op(self.owner, fn, key="save").success(saved).failure(failed)
        op.always(lambda: self._set_busy(False)).busy(_("Saving…"))
        if not op.run():
            return False
        self._set_busy(True)
        return True

    def route_error(self, error: BaseException) -> None:
        """An error this form cannot show: the owner's ancestors, else the error dialog."""
        parent = self.owner.parentWidget()
        if parent is None:
            show_error(self.owner, error)
        else:
            route_error(parent, error)

    def confirm_leave(self, then: Callable[[], None] | None = None) -> bool:
        """True when the form may be left: nothing unsaved, or the person chose "Discard".
        "Save" starts the owner's save path and stays; ``then`` (what the person was
        doing: another page, a restore…) is called once that save has left the form
        clean, never if it fails or does not start."""
        if self.leaving or not self._dirty or not self.ask_before_leaving:
            return True
        choice = questions.ask_unsaved_changes(self.owner, self.what)
        if choice is UnsavedChoice.DISCARD:
            self.discard()
            return True
        if choice is UnsavedChoice.SAVE and self.save_path is not None:
            self.save_path()
            if then is not None:
                self.when_saved(then)
        return False

    def when_saved(self, then: Callable[[], None]) -> None:
        """Call ``then`` once the save running now leaves the form clean; forget it when
        that save ends with the form still dirty (refused, failed), or when none runs."""
        if not self._busy:
            if not self._dirty:
                then()
            return

        def busy_changed(busy: bool) -> None:
            if busy:
                return
            self.busy_changed.disconnect(busy_changed)
            # The save's end is told before its result is shown (the form marked clean):
            # look once both are over.
            QTimer.singleShot(0, self, check)

        def check() -> None:
            if not self._dirty and not self._busy:
                then()

        self.busy_changed.connect(busy_changed)

    # -- drafts ------------------------------------------------------------------------------

    def draft_state(self) -> dict[str, object] | None:
        """What the fields show (JSON-friendly), or None when nothing is unsaved:
        ``{FIELDS: {name: raw}, "context": {...}, **context, FORM: draft_form}``."""
        if not self._dirty:
            return None
        fields: dict[str, object] = dict(self.raw_values())
        if self.edit_version is not None:
            fields[EDIT_VERSION] = self.edit_version
        state: dict[str, object] = {
            **self.draft_context,
            "what": self.what,
            FIELDS: fields,
            "context": dict(self.draft_context),
        }
        if self.draft_form is not None:
            state[FORM] = self.draft_form
        if self.draft_kind is not None:
            state["dialog"] = self.draft_kind
        return state

    def restore_draft(self, payload: Mapping[str, object]) -> None:
        """Put a draft back: the fields show what was typed, and the form is dirty. A
        draft that kept the version its person had read saves with it (someone's change
        since the lock is then asked about, ``EditConflict``)."""
        values = fields_of(payload) or payload
        self.restore_version(values.get(EDIT_VERSION))
        context = payload.get("context")
        if isinstance(context, Mapping):
            self.draft_context = dict(context)
        self._loading = True
        try:
            for name, raw in values.items():
                if name in self.fields and isinstance(raw, str | int | float | bool | None):
                    set_raw(self.fields[name].widget, raw)
        finally:
            self._loading = False
        self.clear_errors()
        self.mark_dirty()

    def restore_version(self, version: object) -> None:
        """Take back the ``edit_version`` a draft kept (the record as its person had read
        it), so that a save asks about a change made since. When the record moved on, the
        values read then are unknown: a conflict lists every field whose stored value
        differs from the form's (theirs, and the person's own changes)."""
        if type(version) is not int:
            return
        if version != self.edit_version:
            self._loaded = {}
            self._read_unknown = True  # and a reload meanwhile must not take the new version
        self.edit_version = version

    def draft_description(self) -> str:
        if self.describe_draft is not None:
            return self.describe_draft()
        return _("{what} had changes not saved when pairdesk locked. Restore them?").format(
            what=self.what
        )

    def form_draft(self) -> FormDraft | None:
        """The form's draft, as the main window keeps it at the lock; None when clean or
        when the form keeps no draft (no ``draft_key``: a PIN, print options). Its
        ``view`` is ``draft_view`` (``"dialog"`` for a dialog re-opened by the registry;
        None: the page the form lives in takes it back)."""
        state = self.draft_state()
        if state is None or self.draft_key is None:
            return None
        return FormDraft(self.draft_key, state, self.draft_description(), self.draft_view)

    def alive(self) -> bool:
        return shiboken6.isValid(self) and shiboken6.isValid(self.owner)


#: The kit's drafts are the window's drafts (one type).
KitDraft = FormDraft


def form_of(widget: QWidget) -> Form | None:
    """The form ``widget`` (a dialog or page) is built on, if any."""
    found = getattr(widget, "form", None)
    return found if isinstance(found, Form) else None

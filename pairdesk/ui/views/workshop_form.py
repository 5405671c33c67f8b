"""The workshop planning form, shared by the CV workshops, coaching and offers views.

    dialog = WorkshopDialog(ctx, self, kind=WorkshopKind.INTERVIEW)
    dialog.saved.connect(self.refresh)       # the workshop's id
    dialog.open()

The dialog reads the team (and the workshop, when editing) on the database worker when it
is first shown; saving goes through ``workshops.create_workshop`` / ``update_workshop``.
A refused field is said under that field and nothing typed is lost; closing with changes
asks Save / Discard / Cancel.
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from PySide6.QtCore import QDate, Qt, QTime, Signal
from PySide6.QtGui import QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from pairdesk.domain.employers import guess_kind
from pairdesk.domain.enums import WorkshopKind
from pairdesk.errors import InvalidInput, UnknownId
from pairdesk.i18n import _
from pairdesk.services import employer_relations, employers, team, workshops
from pairdesk.services.context import ServiceContext
from pairdesk.services.employers import EmployerInput
from pairdesk.services.workshops import WorkshopDetail, WorkshopInput
from pairdesk.ui.drafts import (
    FIELDS,
    FORM,
    FormDraft,
    Restored,
    RestoreDone,
    fields_of,
    read_fields,
    write_fields,
)
from pairdesk.ui.errors import show_error
from pairdesk.ui.ops import Op
from pairdesk.ui.widgets import questions
from pairdesk.ui.widgets.employer_picker import EmployerPicker
from pairdesk.ui.widgets.field_error import make_error_label
from pairdesk.ui.widgets.questions import UnsavedChoice

DEFAULT_START = dt.time(14, 0)
DEFAULT_END = dt.time(16, 0)
#: The kinds of workshop held with employers or counsellors (issue 15): where, how many.
AWARENESS_KINDS = (WorkshopKind.AWARENESS.value, WorkshopKind.CROSS_TRAINING.value)


def to_qtime(value: dt.time) -> QTime:
    return QTime(value.hour, value.minute)


def to_time(value: QTime) -> dt.time:
    return dt.time(value.hour(), value.minute())


def to_date(value: QDate) -> dt.date:
    return dt.date(value.year(), value.month(), value.day())


class FieldErrors:
    """An error line under each field of a form: the word "Error" and the message."""

    def __init__(self) -> None:
        self._labels: dict[str, QLabel] = {}

    def wrap(self, parent: QWidget, name: str, field: QWidget) -> QWidget:
        """``field`` with its (hidden) error label under it, to put in a form row."""
        box = QWidget(parent)
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(field)
        label = QLabel(box)
        label.setObjectName(f"error_{name}")
        label.setWordWrap(True)
        make_error_label(label)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        label.hide()
        column.addWidget(label)
        self._labels[name] = label
        return box

    def label(self, name: str) -> QLabel:
        return self._labels[name]

    def clear(self) -> None:
        for label in self._labels.values():
            label.clear()
            label.hide()

    def show(self, name: str | None, message: str) -> bool:
        """Show ``message`` under field ``name``; False if this form has no such field."""
        label = self._labels.get(name or "")
        if label is None:
            return False
        label.setText(_("Error: {message}").format(message=message))
        label.setAccessibleName(label.text())
        label.show()
        return True

    def shown(self) -> dict[str, str]:
        return {name: lbl.text() for name, lbl in self._labels.items() if not lbl.isHidden()}


def confirm(parent: QWidget, title: str, text: str, yes_text: str, no_text: str) -> bool:
    """A confirmation with explicit button texts; True when the action is confirmed."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(title)
    box.setText(text)
    yes = box.addButton(yes_text, QMessageBox.ButtonRole.AcceptRole)
    no = box.addButton(no_text, QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(no)
    box.setAccessibleName(title)
    box.exec()
    return box.clickedButton() is yes


class WorkshopDialog(QDialog):
    """Plan a workshop, or edit one (``workshop_id``). ``saved`` carries the id."""

    saved = Signal(int)
    loaded = Signal()

    def __init__(
        self,
        ctx: ServiceContext,
        parent: QWidget | None = None,
        *,
        kind: WorkshopKind = WorkshopKind.CV,
        workshop_id: int | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("workshopDialog")
        self._ctx = ctx
        self.workshop_id = workshop_id
        self.is_loaded = False
        self._load_started = False
        self._saving = False
        self._snapshot: tuple[Any, ...] | None = None
        self._draft: tuple[object, RestoreDone] | None = None
        self._awareness: employer_relations.AwarenessDetails | None = None
        self.setWindowTitle(_("Edit the workshop") if workshop_id else _("Plan a workshop"))
        self.setAccessibleName(self.windowTitle())
        self.errors = FieldErrors()

        form_widget = QWidget(self)
        form = QFormLayout(form_widget)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)

        self.kind_combo = QComboBox(form_widget)
        for value in WorkshopKind:
            self.kind_combo.addItem(value.label, value.value)
        self.kind_combo.setCurrentIndex(self.kind_combo.findData(WorkshopKind(kind).value))
        self.kind_combo.setAccessibleName(_("Kind of workshop"))

        self.title_field = QLineEdit(form_widget)
        self.title_field.setAccessibleName(_("Title"))
        self.title_field.setPlaceholderText(_("Left blank: the kind of workshop"))

        self.date_field = QDateEdit(form_widget)
        self.date_field.setDisplayFormat("dd/MM/yyyy")
        self.date_field.setCalendarPopup(True)
        self.date_field.setDate(QDate(*ctx.today().timetuple()[:3]))
        self.date_field.setAccessibleName(_("Date"))

        self.start_field = QTimeEdit(form_widget)
        self.start_field.setDisplayFormat("HH:mm")
        self.start_field.setTime(to_qtime(DEFAULT_START))
        self.start_field.setAccessibleName(_("Start time"))
        self.end_field = QTimeEdit(form_widget)
        self.end_field.setDisplayFormat("HH:mm")
        self.end_field.setTime(to_qtime(DEFAULT_END))
        self.end_field.setAccessibleName(_("End time"))

        self.place_field = QLineEdit(form_widget)
        self.place_field.setAccessibleName(_("Place"))

        self.facilitators_list = QListWidget(form_widget)
        self.facilitators_list.setAccessibleName(_("Facilitators"))
        self.facilitators_list.setAccessibleDescription(
            _("Tick the team members who run the workshop (Space ticks the current one).")
        )
        self.facilitators_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.facilitators_list.setMinimumHeight(self.fontMetrics().height() * 5)
        self.facilitators_list.setMaximumHeight(self.fontMetrics().height() * 9)

        self.capacity_field = QSpinBox(form_widget)
        self.capacity_field.setRange(0, workshops.MAX_CAPACITY)
        self.capacity_field.setSpecialValueText(_("No limit"))
        self.capacity_field.setAccessibleName(_("Capacity"))
        self.capacity_field.setAccessibleDescription(_("Number of places; 0 means no limit."))

        self.notes_field = QPlainTextEdit(form_widget)
        self.notes_field.setAccessibleName(_("Notes"))
        self.notes_field.setTabChangesFocus(True)
        self.notes_field.setMinimumHeight(self.fontMetrics().height() * 4)

        # issue 15: an awareness session in a company, a cross-training: where, how many
        self.awareness_employer = EmployerPicker(ctx, _("Company"), form_widget)
        self.reached_field = QSpinBox(form_widget)
        self.reached_field.setRange(0, employer_relations.REACHED_MAX)
        self.reached_field.setSpecialValueText(_("Not counted"))
        self.reached_field.setAccessibleName(_("People reached"))

        rows: list[tuple[str, str, QWidget]] = [
            (_("&Kind:"), "kind", self.kind_combo),
            (_("&Title:"), "title", self.title_field),
            (_("Co&mpany:"), "employer_id", self.awareness_employer),
            (_("People &reached:"), "employees_reached", self.reached_field),
            (_("&Date:"), "held_on", self.date_field),
            (_("&Starts at:"), "starts_at", self.start_field),
            (_("&Ends at:"), "ends_at", self.end_field),
            (_("&Place:"), "place", self.place_field),
            (_("&Facilitators:"), "facilitator_ids", self.facilitators_list),
            (_("&Capacity:"), "capacity", self.capacity_field),
            (_("&Notes:"), "notes", self.notes_field),
        ]
        self._awareness_rows: list[QWidget] = []
        for text, name, field in rows:
            label = QLabel(text, form_widget)
            label.setBuddy(field)
            holder = self.errors.wrap(form_widget, name, field)
            form.addRow(label, holder)
            if field in (self.awareness_employer, self.reached_field):
                self._awareness_rows.append(holder)
        self.awareness_employer.search_field.setAccessibleName(_("Company: search the directory"))
        self._form_layout = form
        self.kind_combo.currentIndexChanged.connect(lambda _i: self._show_awareness_rows())
        self._show_awareness_rows()

        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(form_widget)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)

        self.status_label = QLabel(_("Loading…"), self)
        self.status_label.setWordWrap(True)

        self.buttons = QDialogButtonBox(self)
        self.save_button = QPushButton(_("&Save"), self)
        self.save_button.setAccessibleName(_("Save the workshop"))
        self.save_button.setShortcut(QKeySequence.StandardKey.Save)
        self.save_button.setDefault(True)
        self.save_button.setEnabled(False)
        self.cancel_button = QPushButton(_("Cancel"), self)
        self.cancel_button.setAccessibleName(_("Close without saving"))
        self.buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.status_label)
        layout.addWidget(self.buttons)

        order = [field for _t, _n, field in rows] + [self.save_button, self.cancel_button]
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)

        metrics = self.fontMetrics()
        self.resize(metrics.averageCharWidth() * 70, min(metrics.height() * 36, 700))

    def is_awareness(self) -> bool:
        return self.kind_combo.currentData() in AWARENESS_KINDS

    def _show_awareness_rows(self) -> None:
        for holder in self._awareness_rows:
            self._form_layout.setRowVisible(holder, self.is_awareness())

    # -- loading -----------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.load()

    def load(self) -> None:
        """Read the team (and the workshop when editing), once."""
        if self._load_started:
            return
        self._load_started = True
        ctx, workshop_id = self._ctx, self.workshop_id

        def fetch() -> tuple[list[team.TeamMemberRow], WorkshopDetail | None]:
            members = team.list_members(ctx, include_inactive=True)
            detail = workshops.get_workshop(ctx, workshop_id) if workshop_id else None
            if detail is not None and detail.kind.value in AWARENESS_KINDS:
                self._awareness = employer_relations.awareness_details(ctx, detail.id)
            return members, detail

        # failure: the status line says it, and a draft waiting for the workshop is reported
        Op(self, fetch).success(self._loaded).failure(self._load_failed).run()

    def _load_failed(self, exc: BaseException) -> None:
        self.status_label.setText(_("The workshop could not be read."))
        waiting, self._draft = self._draft, None
        if waiting is not None:  # a draft waiting for a workshop gone is kept, not lost
            waiting[1](Restored.GONE if isinstance(exc, UnknownId) else Restored.LATER)
            if isinstance(exc, UnknownId):
                super().reject()
                return
        show_error(self, exc)

    # -- draft kept at the lock --------------------------------------------------------
    def draft_fields(self) -> dict[str, QWidget]:
        return {
            "kind": self.kind_combo,
            "title": self.title_field,
            "held_on": self.date_field,
            "starts_at": self.start_field,
            "ends_at": self.end_field,
            "place": self.place_field,
            "facilitator_ids": self.facilitators_list,
            "capacity": self.capacity_field,
            "notes": self.notes_field,
            "employer": self.awareness_employer.search_field,
            "employees_reached": self.reached_field,
        }

    def form_draft(self) -> FormDraft | None:
        if not self.isVisible() or not self.is_dirty():
            return None
        payload = {
            FORM: "workshop",
            "workshop_id": self.workshop_id,
            FIELDS: read_fields(self.draft_fields()),
        }
        key = "workshop:new" if self.workshop_id is None else f"workshop:{self.workshop_id}"
        text = (
            _("You were planning a workshop when pairdesk locked. Restore what you had typed?")
            if self.workshop_id is None
            else _("You were editing a workshop when pairdesk locked. Restore your changes?")
        )
        return FormDraft(key, payload, text)

    def restore_draft(self, payload: dict[str, object], done: RestoreDone) -> None:
        """Put a draft's fields back once the team (and the workshop) are read."""
        self._draft = (fields_of(payload), done)
        if self.is_loaded:
            self._apply_draft()

    def _apply_draft(self) -> None:
        waiting, self._draft = self._draft, None
        if waiting is not None:
            write_fields(self.draft_fields(), waiting[0])
            waiting[1](Restored.RESTORED)

    def _loaded(self, result: tuple[list[team.TeamMemberRow], WorkshopDetail | None]) -> None:
        members, detail = result
        chosen = {f.id for f in detail.facilitators} if detail else set()
        self.facilitators_list.clear()
        for member in members:
            if not member.active and member.id not in chosen:
                continue
            name = _("{first_name} {last_name}").format(
                first_name=member.first_name, last_name=member.last_name
            )
            text = (
                _("{name} — {role}").format(name=name, role=member.role.label)
                if member.active
                else _("{name} — no longer in the team").format(name=name)
            )
            item = QListWidgetItem(text, self.facilitators_list)
            item.setData(Qt.ItemDataRole.UserRole, member.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(
                Qt.CheckState.Checked if member.id in chosen else Qt.CheckState.Unchecked
            )
        if detail is not None:
            self.kind_combo.setCurrentIndex(self.kind_combo.findData(detail.kind.value))
            self.title_field.setText(detail.title)
            self.date_field.setDate(QDate(*detail.held_on.timetuple()[:3]))
            self.start_field.setTime(to_qtime(detail.starts_at))
            self.end_field.setTime(to_qtime(detail.ends_at))
            self.place_field.setText(detail.place)
            self.capacity_field.setValue(detail.capacity or 0)
            self.notes_field.setPlainText(detail.notes)
            found = self._awareness
            if found is not None:
                self.awareness_employer.set_employer(found.employer_id, found.employer_name)
                self.reached_field.setValue(found.employees_reached or 0)
            if detail.cancelled:
                self.status_label.setText(_("This workshop is cancelled."))
            else:
                self.status_label.clear()
        else:
            self.status_label.clear()
        self.status_label.setVisible(bool(self.status_label.text()))
        self._snapshot = self._values()
        self.save_button.setEnabled(True)
        self.is_loaded = True
        self._apply_draft()
        self.loaded.emit()

    # -- values ------------------------------------------------------------------------
    def facilitator_ids(self) -> tuple[int, ...]:
        ids: list[int] = []
        for number in range(self.facilitators_list.count()):
            item = self.facilitators_list.item(number)
            if item.checkState() == Qt.CheckState.Checked:
                ids.append(int(item.data(Qt.ItemDataRole.UserRole)))
        return tuple(ids)

    def set_facilitators(self, ids: set[int]) -> None:
        for number in range(self.facilitators_list.count()):
            item = self.facilitators_list.item(number)
            checked = item.data(Qt.ItemDataRole.UserRole) in ids
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def current_input(self) -> WorkshopInput:
        capacity = self.capacity_field.value()
        return WorkshopInput(
            kind=WorkshopKind(self.kind_combo.currentData()),
            title=self.title_field.text(),
            held_on=to_date(self.date_field.date()),
            starts_at=to_time(self.start_field.time()),
            ends_at=to_time(self.end_field.time()),
            place=self.place_field.text(),
            capacity=capacity or None,
            facilitator_ids=self.facilitator_ids(),
            notes=self.notes_field.toPlainText(),
        )

    def _values(self) -> tuple[Any, ...]:
        data = self.current_input()
        return (
            data.kind,
            data.title,
            data.held_on,
            data.starts_at,
            data.ends_at,
            data.place,
            data.capacity,
            data.facilitator_ids,
            data.notes,
            self.awareness_employer.raw_value() if self.is_awareness() else None,
            self.reached_field.value() if self.is_awareness() else None,
        )

    def is_dirty(self) -> bool:
        return self._snapshot is not None and self._values() != self._snapshot

    # -- saving ------------------------------------------------------------------------
    def save(self) -> None:
        if self._saving or not self.is_loaded:
            return
        self.errors.clear()
        data = self.current_input()
        ctx, workshop_id = self._ctx, self.workshop_id
        self._saving = True
        self.save_button.setEnabled(False)

        awareness = self.is_awareness()
        employer_id = self.awareness_employer.employer_id()
        new_name = (
            self.awareness_employer.employer_name() if self.awareness_employer.is_new() else ""
        )
        reached = self.reached_field.value() or None

        def write() -> WorkshopDetail:
            if workshop_id:
                detail = workshops.update_workshop(ctx, workshop_id, data)
            else:
                detail = workshops.create_workshop(ctx, data)
            if awareness:
                chosen = employer_id
                if chosen is None and new_name:
                    chosen = employers.create_employer(
                        ctx, EmployerInput(name=new_name, kind=guess_kind(new_name))
                    ).id
                employer_relations.set_awareness_details(
                    ctx, detail.id, employer_id=chosen, employees_reached=reached
                )
            return detail

        (
            Op(self, write, key="save")
            .success(self._saved)
            .failure(self._save_failed)  # re-enables Save and puts the focus on the field
            .busy(_("Saving the workshop…"))
            .run()
        )

    def _saved(self, detail: WorkshopDetail) -> None:
        self._saving = False
        self.workshop_id = detail.id
        self._snapshot = self._values()
        self.saved.emit(detail.id)
        self.done(QDialog.DialogCode.Accepted)

    def _save_failed(self, exc: BaseException) -> None:
        self._saving = False
        self.save_button.setEnabled(True)
        if isinstance(exc, InvalidInput) and self.errors.show(exc.field, exc.message):
            widget = {
                "kind": self.kind_combo,
                "title": self.title_field,
                "held_on": self.date_field,
                "starts_at": self.start_field,
                "ends_at": self.end_field,
                "place": self.place_field,
                "capacity": self.capacity_field,
                "notes": self.notes_field,
                "employees_reached": self.reached_field,
            }.get(exc.field or "")
            if widget is not None:
                widget.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        show_error(self, exc)

    def reject(self) -> None:
        if self._saving:
            return
        if self.is_dirty():
            answer = questions.ask_unsaved_changes(self, _("This workshop"))
            if answer is UnsavedChoice.SAVE:
                self.save()
                return
            if answer is not UnsavedChoice.DISCARD:
                return
        super().reject()

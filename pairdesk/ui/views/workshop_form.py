"""The workshop planning form, shared by the CV workshops, coaching and offers views.

    dialog = WorkshopDialog(ctx, self, kind=WorkshopKind.INTERVIEW)
    dialog.saved.connect(self.refresh)       # the workshop's id
    dialog.open()

A ``FormDialog`` of the form kit: the fields are declared once; the date and the times are
typed ("0312", "14h30", "1430") and an impossible one is refused beside its field, never
corrected. The dialog reads the team (and the workshop, when editing) on the database
worker when it is first shown; saving goes through ``workshops.create_workshop`` /
``update_workshop``. A refused field is said under that field and nothing typed is lost;
closing with changes asks the one unsaved-changes question. Its draft at the lock goes back
to the page it was opened from (``restored_by_page``), which opens it again and hands it
the payload (``restore_draft``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QEvent, Signal
from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from pairdesk.domain.employers import guess_kind
from pairdesk.domain.enums import WorkshopKind
from pairdesk.errors import UnknownId
from pairdesk.i18n import _
from pairdesk.services import employer_relations, employers, team, workshops
from pairdesk.services.context import ServiceContext
from pairdesk.services.employers import EmployerInput
from pairdesk.services.workshops import WorkshopDetail, WorkshopInput
from pairdesk.ui.drafts import RestoreDone
from pairdesk.ui.errors import show_error
from pairdesk.ui.forms import FormDialog
from pairdesk.ui.forms.kit import raw_of
from pairdesk.ui.forms.waiting import WaitingDraft
from pairdesk.ui.ops import Op
from pairdesk.ui.screens import available_area
from pairdesk.ui.widgets.date_field import DateField
from pairdesk.ui.widgets.employer_picker import EmployerPicker
from pairdesk.ui.widgets.tick_list import TickList
from pairdesk.ui.widgets.time_field import TimeField

DEFAULT_START = dt.time(14, 0)
DEFAULT_END = dt.time(16, 0)
#: The facilitators' checklist shows every member up to this many, whole rows only; a
#: bigger team scrolls inside it (the dialog scrolls too: nothing is cut at 200 % text).
FACILITATOR_ROWS_SHOWN = 12
#: The kinds of workshop held with employers or counsellors (issue 15): where, how many.
AWARENESS_KINDS = (WorkshopKind.AWARENESS.value, WorkshopKind.CROSS_TRAINING.value)

Loaded = tuple[
    list[team.TeamMemberRow], WorkshopDetail | None, employer_relations.AwarenessDetails | None
]


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


class WorkshopDialog(FormDialog):
    """Plan a workshop, or edit one (``workshop_id``). ``saved`` carries the id."""

    restored_by_page = True
    loaded = Signal()

    def __init__(
        self,
        ctx: ServiceContext,
        parent: QWidget | None = None,
        *,
        kind: WorkshopKind = WorkshopKind.CV,
        workshop_id: int | None = None,
    ) -> None:
        title = _("Edit the workshop") if workshop_id else _("Plan a workshop")
        super().__init__(parent, title, what=_("This workshop"), scrolled=True)
        self.setObjectName("workshopDialog")
        self._ctx = ctx
        self.workshop_id = workshop_id
        self.waiting_draft = WaitingDraft(self.form)
        self._load_started = False
        if workshop_id:
            self.form.reload = self._read_again  # "Reload their version"
        body = self.content
        add = self.form.add

        self.kind_combo = add("kind", _("&Kind:"), QComboBox(body))
        for value in WorkshopKind:
            self.kind_combo.addItem(value.label, value.value)
        self.kind_combo.setCurrentIndex(self.kind_combo.findData(WorkshopKind(kind).value))
        self.kind_combo.setAccessibleName(_("Kind of workshop"))
        self.title_field = add("title", _("&Title:"), QLineEdit(body))
        self.title_field.setPlaceholderText(_("Left blank: the kind of workshop"))
        # issue 15: an awareness session in a company, a cross-training: where, how many
        self.awareness_employer = add(
            "employer_id",
            _("Co&mpany:"),
            EmployerPicker(ctx, _("Company"), body, field="employer_id"),
        )
        self.awareness_employer.search_field.setAccessibleName(_("Company: search the directory"))
        self.reached_field = QSpinBox(body)
        self.reached_field.setRange(0, employer_relations.REACHED_MAX)
        self.reached_field.setSpecialValueText(_("Not counted"))
        self.reached_field.setAccessibleName(_("People reached"))
        add("employees_reached", _("People &reached:"), self.reached_field)
        self.date_field = add(
            "held_on", _("&Date:"), DateField(body, accessible_name=_("Date"), today=ctx.today)
        )
        self.start_field = add(
            "starts_at",
            _("&Starts at:"),
            TimeField(body, default=DEFAULT_START, accessible_name=_("Start time")),
        )
        self.end_field = add(
            "ends_at",
            _("&Ends at:"),
            TimeField(body, default=DEFAULT_END, accessible_name=_("End time")),
        )
        self.place_field = add("place", _("&Place:"), QLineEdit(body))
        self.facilitators_list = add("facilitator_ids", _("&Facilitators:"), TickList(body))
        self.facilitators_list.setAccessibleName(_("Facilitators"))
        self.facilitators_list.setAccessibleDescription(
            _("Tick the team members who run the workshop (Space ticks the current one).")
        )
        self.facilitators_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self._fit_facilitators()
        self.capacity_field = QSpinBox(body)
        self.capacity_field.setRange(0, workshops.MAX_CAPACITY)
        self.capacity_field.setSpecialValueText(_("No limit"))
        self.capacity_field.setAccessibleName(_("Capacity"))
        self.capacity_field.setAccessibleDescription(_("Number of places; 0 means no limit."))
        add("capacity", _("&Capacity:"), self.capacity_field)
        self.notes_field = add("notes", _("&Notes:"), QPlainTextEdit(body))
        self.notes_field.setTabChangesFocus(True)
        self.notes_field.setMinimumHeight(self.fontMetrics().height() * 4)
        for entry in self.form.fields.values():  # "new" is this kind, today, 14:00–16:00
            entry.fresh = raw_of(entry.widget)
        self.kind_combo.currentIndexChanged.connect(lambda _i: self._show_awareness_rows())
        self._show_awareness_rows()

        self.status_label = QLabel(_("Loading…"), self)
        self.status_label.setWordWrap(True)
        self.main_layout.insertWidget(1, self.status_label)
        self.save_button = self.ok_button
        self.save_button.setAccessibleName(_("Save the workshop"))
        self.save_button.setEnabled(False)
        self.cancel_button.setAccessibleName(_("Close without saving"))

        self.form.draft_form = "workshop"
        self.form.draft_key = "workshop:new" if workshop_id is None else f"workshop:{workshop_id}"
        self.form.draft_context = {"workshop_id": workshop_id}
        self.form.describe_draft = self._describe_draft
        self.form.busy_changed.connect(lambda busy: self.save_button.setEnabled(self._can_save()))

        metrics = self.fontMetrics()  # wide enough for "Name — role" and the labels beside
        width = metrics.averageCharWidth() * 95
        screen = available_area(self)
        if screen is not None:
            width = min(width, screen.width() - 40)
        self.resize(width, min(metrics.height() * 36, 700))

    def _fit_facilitators(self) -> None:
        """As tall as whole rows of the team need, in the font the list has now (the rows
        of ticked boxes are taller than a line of text: at 200 % a height counted in lines
        cut the list mid-row and hid most of the team)."""
        checklist = self.facilitators_list
        count = checklist.count()
        row = checklist.sizeHintForRow(0) if count else -1
        if row <= 0:
            row = max(checklist.fontMetrics().height(), checklist.iconSize().height()) + 6
        rows = min(max(count, 3), FACILITATOR_ROWS_SHOWN)
        height = rows * row + 2 * checklist.frameWidth() + 2
        if checklist.sizeHintForColumn(0) > checklist.viewport().width() > 0:
            height += checklist.horizontalScrollBar().sizeHint().height()
        checklist.setFixedHeight(height)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:  # the text size changed while shown
            self._fit_facilitators()

    def is_awareness(self) -> bool:
        return self.kind_combo.currentData() in AWARENESS_KINDS

    def _show_awareness_rows(self) -> None:
        for name in ("employer_id", "employees_reached"):
            self.form.layout.setRowVisible(self.form.fields[name].box, self.is_awareness())

    def _can_save(self) -> bool:
        return self.is_loaded and not self.form.busy

    # -- loading -----------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._fit_facilitators()
        self.load()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_facilitators()  # a narrower list may need its horizontal scroll bar

    def load(self) -> None:
        """Read the team (and the workshop when editing), once."""
        if self._load_started:
            return
        self._load_started = True
        ctx, workshop_id = self._ctx, self.workshop_id

        def fetch() -> Loaded:
            members = team.list_members(ctx, include_inactive=True)
            detail = workshops.get_workshop(ctx, workshop_id) if workshop_id else None
            awareness = None
            if detail is not None and detail.kind.value in AWARENESS_KINDS:
                awareness = employer_relations.awareness_details(ctx, detail.id)
            return members, detail, awareness

        # failure: the status line says it, and a draft waiting for the workshop is reported
        Op(self, fetch).success(self._loaded).failure(self._load_failed).run()

    def _read_again(self) -> None:
        """Show the workshop as stored now (someone else saved it meanwhile)."""
        self._load_started = False
        self.load()

    @property
    def is_loaded(self) -> bool:
        return self.waiting_draft.is_loaded

    def _load_failed(self, exc: BaseException) -> None:
        self.status_label.setText(_("The workshop could not be read."))
        # a draft waiting for a workshop gone is kept, not lost
        if self.waiting_draft.load_failed(exc) and isinstance(exc, UnknownId):
            self.form.mark_clean()
            self.done(QDialog.DialogCode.Rejected)
            return
        show_error(self, exc)

    def _loaded(self, result: Loaded) -> None:
        members, detail, awareness = result
        chosen = {f.id for f in detail.facilitators} if detail else set()
        items: list[tuple[int, str]] = []
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
            items.append((member.id, text))
        self.facilitators_list.set_items(items)
        self._fit_facilitators()
        if detail is not None:
            self.form.set_values(
                {
                    "kind": detail.kind.value,
                    "title": detail.title,
                    "held_on": detail.held_on,
                    "starts_at": detail.starts_at,
                    "ends_at": detail.ends_at,
                    "place": detail.place,
                    "facilitator_ids": chosen,
                    "capacity": detail.capacity or 0,
                    "notes": detail.notes,
                    "employer_id": (awareness.employer_id, awareness.employer_name)
                    if awareness is not None
                    else None,
                    "employees_reached": awareness.employees_reached or 0
                    if awareness is not None
                    else 0,
                },
                edit_version=detail.edit_version,
            )
            self.status_label.setText(_("This workshop is cancelled.") if detail.cancelled else "")
        else:
            self.form.mark_clean()
            self.status_label.clear()
        self.status_label.setVisible(bool(self.status_label.text()))
        self.waiting_draft.loaded()
        self.save_button.setEnabled(self._can_save())
        self.loaded.emit()

    # -- draft kept at the lock (the kit's; the page it was opened from hands it back) -----
    def _describe_draft(self) -> str:
        if self.workshop_id is None:
            return _(
                "You were planning a workshop when pairdesk locked. Restore what you had typed?"
            )
        return _("You were editing a workshop when pairdesk locked. Restore your changes?")

    def restore_draft(self, payload: dict[str, object], done: RestoreDone) -> None:
        """Put a draft's fields back once the team (and the workshop) are read."""
        self.waiting_draft.hand(payload, done)

    # -- values ------------------------------------------------------------------------
    def facilitator_ids(self) -> tuple[int, ...]:
        return self.facilitators_list.value()

    def set_facilitators(self, ids: set[int]) -> None:
        self.facilitators_list.set_value(ids)

    def current_input(self) -> WorkshopInput:
        """What is typed, as the service's input; a date or time that cannot be read
        raises ``InvalidInput``, shown beside its field."""
        capacity = self.capacity_field.value()
        return WorkshopInput(
            kind=WorkshopKind(self.kind_combo.currentData()),
            title=self.title_field.text(),
            held_on=self.date_field.shown_date(),
            starts_at=self.start_field.time(),
            ends_at=self.end_field.time(),
            place=self.place_field.text(),
            capacity=capacity or None,
            facilitator_ids=self.facilitator_ids(),
            notes=self.notes_field.toPlainText(),
            edit_version=self.form.edit_version,
        )

    def is_dirty(self) -> bool:
        return self.form.is_dirty()

    # -- saving (the kit's submit: OK, Enter, Ctrl+S) ----------------------------------
    def before_submit(self) -> bool:
        return self.is_loaded

    def action(self) -> Callable[[], WorkshopDetail]:
        data = self.current_input()
        ctx, workshop_id = self._ctx, self.workshop_id
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

        return write

    def accepted_value(self, result: object) -> object:
        if isinstance(result, WorkshopDetail):
            self.workshop_id = result.id
            return result.id
        return result

    def save(self) -> None:
        self.submit()

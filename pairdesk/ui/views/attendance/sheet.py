"""One workshop's list: register people, check them in at the door, mark attendance.

Shared by the Attendance view and the CV workshops view. Every read and write goes
through ``ui/ops.py``; after each write the workshop is read again and ``changed``
is emitted so the page can refresh its counts.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import replace

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from pairdesk import formatting
from pairdesk.domain.enums import Attendance, ParticipantStatus
from pairdesk.i18n import _, ngettext
from pairdesk.services import attendance, participants, workshops
from pairdesk.services.attendance import CheckInCandidate, NewcomerCheckIn, VisitorCount
from pairdesk.services.context import ServiceContext
from pairdesk.services.participants import ParticipantFilter
from pairdesk.services.workshops import RegistrationRow, WorkshopDetail
from pairdesk.ui.models.registrations_model import (
    CheckInModel,
    PeopleModel,
    RegistrationsModel,
    person_name,
)
from pairdesk.ui.models.workshops_model import time_range
from pairdesk.ui.ops import Op
from pairdesk.ui.text_size import relative_font
from pairdesk.ui.views.attendance.newcomer import NewcomerOffer
from pairdesk.ui.views.workshop_form import confirm
from pairdesk.ui.widgets.dialog_parts import choose_among_found, focus_list
from pairdesk.ui.widgets.flow_layout import FlowRow
from pairdesk.ui.widgets.search_field import SearchField
from pairdesk.ui.widgets.tables import make_table

SEARCH_DEBOUNCE_MS = 150
PICKER_LIMIT = 20


def heading_font(widget: QWidget, scale: float = 1.2) -> None:
    relative_font(widget, scale, bold=True)


def check_in_first(
    ctx: ServiceContext, workshop_id: int, text: str
) -> tuple[CheckInCandidate, RegistrationRow] | list[CheckInCandidate] | None:
    """Mark present the person matching ``text``: among the registered people not yet
    present if any match, else among the others (a walk-in). When several match there,
    nobody is marked and they are handed back, for the facilitator to choose ("Chevalier"
    marked the first Chevalier of the list unseen); None when nobody matches."""
    if not text.strip():
        return None
    found = [
        c
        for c in attendance.find_for_check_in(ctx, workshop_id, text)
        if c.attendance is not Attendance.PRESENT
    ]
    registered = [c for c in found if c.registered]
    choices = registered or found
    if not choices:
        return None
    if len(choices) > 1:
        return choices
    return choices[0], attendance.check_in(ctx, workshop_id, choices[0].participant_id)


#: The check-in and registration boxes sit beside the list when the sheet is at least this
#: many average characters wide (100 % text on a laptop), under it otherwise (200 %).
SIDE_BY_SIDE_CHARACTERS = 110


class AttendanceSheet(QWidget):
    """The list of one workshop, with check-in, registration and marking."""

    changed = Signal()
    status_message = Signal(str)
    loaded = Signal()

    def __init__(
        self,
        ctx: ServiceContext,
        parent: QWidget | None = None,
        *,
        show_register: bool = True,
        show_check_in: bool = True,
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.detail: WorkshopDetail | None = None
        self._workshop_id: int | None = None
        self._pending_select: int | None = None
        self._refilling = False  # the list being refilled by _show

        self.title_label = QLabel(_("No workshop chosen"), self)
        heading_font(self.title_label)
        self.title_label.setWordWrap(True)
        self.info_label = QLabel(_("Choose a workshop in the list."), self)
        self.info_label.setWordWrap(True)
        self.info_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        # -- registered list and marking -----------------------------------------------
        self.registrations_model = RegistrationsModel(self)
        self.registrations_table = make_table(
            self, self.registrations_model, _("Registered people and their attendance"), rows=4
        )
        self.count_label = QLabel(self)
        self.fewer_visitors_button = QPushButton(_("One visitor fewer"), self)
        self.fewer_visitors_button.setAccessibleName(_("Take back one visitor counted by mistake"))
        self.fewer_visitors_button.hide()
        list_label = QLabel(_("Registered &people:"), self)
        list_label.setBuddy(self.registrations_table)

        self.present_button = QPushButton(_("Mark p&resent"), self)
        self.present_button.setAccessibleName(_("Mark the selected person present"))
        self.absent_button = QPushButton(_("Mark a&bsent"), self)
        self.absent_button.setAccessibleName(_("Mark the selected person absent"))
        self.excused_button = QPushButton(_("Mark e&xcused"), self)
        self.excused_button.setAccessibleName(_("Mark the selected person excused"))
        self.clear_button = QPushButton(_("Clear the &mark"), self)
        self.clear_button.setAccessibleName(_("Clear the selected person's attendance"))
        self.satisfaction_field = QSpinBox(self)
        self.satisfaction_field.setRange(0, 5)
        self.satisfaction_field.setSpecialValueText(_("No score"))
        self.satisfaction_field.setAccessibleName(_("Satisfaction score from 1 to 5"))
        satisfaction_label = QLabel(_("&Satisfaction (1–5):"), self)
        satisfaction_label.setBuddy(self.satisfaction_field)
        self.satisfaction_button = QPushButton(_("Sa&ve the score"), self)
        self.satisfaction_button.setAccessibleName(_("Save the satisfaction score"))
        self.unregister_button = QPushButton(_("&Unregister…"), self)
        self.unregister_button.setAccessibleName(_("Remove the selected person from the list"))
        self.marking_note = QLabel(self)
        self.marking_note.setWordWrap(True)

        marks = QGridLayout()
        marks.addWidget(self.present_button, 0, 0)
        marks.addWidget(self.absent_button, 0, 1)
        marks.addWidget(self.excused_button, 0, 2)
        marks.addWidget(self.clear_button, 1, 0)
        marks.addWidget(self.unregister_button, 1, 1)
        marks.addWidget(satisfaction_label, 2, 0)
        marks.addWidget(self.satisfaction_field, 2, 1)
        marks.addWidget(self.satisfaction_button, 2, 2)

        left = QVBoxLayout()
        list_row = FlowRow(self, spacing=12)
        list_row.addWidget(list_label)
        list_row.addWidget(self.count_label)
        list_row.addWidget(self.fewer_visitors_button)
        left.addWidget(list_row)
        left.addWidget(self.registrations_table, 1)
        left.addWidget(self.marking_note)
        left.addLayout(marks)

        # -- check-in ----------------------------------------------------------------------
        self.check_in_box = QGroupBox(_("Check-in at the door"), self)
        self.check_in_field = SearchField(self.check_in_box)
        self.check_in_field.setObjectName("checkInField")
        self.check_in_field.setPlaceholderText(_("Type part of a name, then Enter"))
        self.check_in_field.setClearButtonEnabled(True)
        self.check_in_field.setAccessibleName(_("Check in: type a name"))
        self.check_in_field.setAccessibleDescription(
            _(
                "Enter marks the person found present (registered people first); when "
                "several match, the list of people found takes the focus to choose one; "
                "someone not registered is added as a walk-in; someone on no list can be "
                "added as a new person or counted as a visitor. Accents and capitals do not "
                "matter."
            )
        )
        check_in_label = QLabel(_("C&heck in:"), self.check_in_box)
        check_in_label.setBuddy(self.check_in_field)
        self.candidates_model = CheckInModel(self)
        self.candidates_table = make_table(
            self.check_in_box, self.candidates_model, _("People found for the check-in"), rows=3
        )
        self.newcomer = NewcomerOffer(self.check_in_box, may_add=attendance.may_add_newcomers(ctx))
        check_in_layout = QVBoxLayout(self.check_in_box)
        row = QHBoxLayout()
        row.addWidget(check_in_label)
        row.addWidget(self.check_in_field, 1)
        check_in_layout.addLayout(row)
        check_in_layout.addWidget(self.newcomer)
        check_in_layout.addWidget(self.candidates_table, 1)
        self.check_in_box.setVisible(show_check_in)

        # -- registration ------------------------------------------------------------------
        self.register_box = QGroupBox(_("Register someone"), self)
        self.register_field = SearchField(self.register_box)
        self.register_field.setObjectName("registerSearch")
        self.register_field.setPlaceholderText(_("Name, pseudonym, city…"))
        self.register_field.setClearButtonEnabled(True)
        self.register_field.setAccessibleName(_("Find a participant to register"))
        register_label = QLabel(_("&Find:"), self.register_box)
        register_label.setBuddy(self.register_field)
        self.people_model = PeopleModel(self)
        self.people_table = make_table(
            self.register_box, self.people_model, _("Participants found to register"), rows=3
        )
        self.register_button = QPushButton(_("Re&gister"), self.register_box)
        self.register_button.setAccessibleName(_("Register the selected participant"))
        register_layout = QVBoxLayout(self.register_box)
        row = QHBoxLayout()
        row.addWidget(register_label)
        row.addWidget(self.register_field, 1)
        row.addWidget(self.register_button)
        register_layout.addLayout(row)
        register_layout.addWidget(self.people_table, 1)
        self.register_box.setVisible(show_register)

        right = QVBoxLayout()
        right.addWidget(self.check_in_box, 1)
        right.addWidget(self.register_box, 1)

        # Side by side when there is room, the check-in under the list when not (200 %).
        columns = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self._columns = columns
        columns.addLayout(left, 3)
        columns.addLayout(right, 2)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title_label)
        layout.addWidget(self.info_label)
        layout.addLayout(columns, 1)

        order = [
            self.check_in_field,
            self.newcomer.first_field,
            self.newcomer.last_field,
            self.newcomer.consent_box,
            self.newcomer.add_button,
            self.newcomer.visitor_button,
            self.newcomer.cancel_button,
            self.candidates_table,
            self.registrations_table,
            self.present_button,
            self.absent_button,
            self.excused_button,
            self.clear_button,
            self.satisfaction_field,
            self.satisfaction_button,
            self.unregister_button,
            self.register_field,
            self.register_button,
            self.people_table,
        ]
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)

        # -- behaviour ---------------------------------------------------------------------
        self._check_in_timer = QTimer(self)
        self._check_in_timer.setSingleShot(True)
        self._check_in_timer.setInterval(SEARCH_DEBOUNCE_MS)
        self._check_in_timer.timeout.connect(self.find_candidates)
        self.check_in_field.textChanged.connect(self._check_in_timer.start)
        self.check_in_field.textChanged.connect(self._check_in_text_changed)
        self.newcomer.add_requested.connect(self.add_newcomer)
        self.newcomer.visitor_requested.connect(self.count_visitor)
        self.newcomer.cancelled.connect(self._back_to_check_in)
        self.fewer_visitors_button.clicked.connect(lambda: self.count_visitor(-1))
        self.check_in_field.returnPressed.connect(self.check_in_first)
        self.check_in_field.to_results.connect(lambda: focus_list(self.candidates_table))
        self.candidates_table.activated.connect(self._candidate_activated)

        self._register_timer = QTimer(self)
        self._register_timer.setSingleShot(True)
        self._register_timer.setInterval(SEARCH_DEBOUNCE_MS)
        self._register_timer.timeout.connect(self.find_people)
        self.register_field.textChanged.connect(self._register_timer.start)
        self.register_field.returnPressed.connect(self._return_in_register)
        self.register_field.to_results.connect(lambda: focus_list(self.people_table))
        self.people_table.activated.connect(lambda _i: self.register_selected())
        self.register_button.clicked.connect(self.register_selected)

        self.present_button.clicked.connect(lambda: self.mark(Attendance.PRESENT))
        self.absent_button.clicked.connect(lambda: self.mark(Attendance.ABSENT))
        self.excused_button.clicked.connect(lambda: self.mark(Attendance.EXCUSED))
        self.clear_button.clicked.connect(lambda: self.mark(None))
        self.satisfaction_button.clicked.connect(self.save_satisfaction)
        # Return in the score saves it, as the button does (it did nothing: a tester's finding)
        self.satisfaction_field.lineEdit().returnPressed.connect(self._return_in_score)
        self.unregister_button.clicked.connect(self.unregister_selected)
        selection = self.registrations_table.selectionModel()
        selection.currentRowChanged.connect(self._registration_changed)
        # A click on the row that is already current (the first, once a workshop is
        # loaded) selects it without changing the current row: the marks stayed grey.
        selection.selectionChanged.connect(
            lambda *_args: None if self._refilling else self._update_controls()
        )
        self._update_controls()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._arrange_columns()

    def _arrange_columns(self) -> None:
        wide = self.width() >= self.fontMetrics().averageCharWidth() * SIDE_BY_SIDE_CHARACTERS
        direction = QBoxLayout.Direction.LeftToRight if wide else QBoxLayout.Direction.TopToBottom
        if self._columns.direction() != direction:
            self._columns.setDirection(direction)

    # -- loading -----------------------------------------------------------------------
    @property
    def workshop_id(self) -> int | None:
        return self._workshop_id

    def set_workshop(self, workshop_id: int | None) -> None:
        if workshop_id != self._workshop_id:
            self.newcomer.close_offer()
            self.check_in_field.clear()
            self.register_field.clear()
            self.candidates_model.set_rows([])
            self.people_model.set_rows([])
        self._workshop_id = workshop_id
        self.reload()

    def reload(self, select_participant: int | None = None) -> None:
        workshop_id = self._workshop_id
        if workshop_id is None:
            self.detail = None
            self._show(None)
            return
        self._pending_select = select_participant
        ctx = self._ctx
        (
            Op(self, lambda: workshops.get_workshop(ctx, workshop_id))
            .success(lambda detail: self._show(detail) if detail.id == self._workshop_id else None)
            .run()
        )

    def _show(self, detail: WorkshopDetail | None) -> None:
        self.detail = detail
        previous = self._selected_participant()
        if detail is None:
            self.title_label.setText(_("No workshop chosen"))
            self.info_label.setText(_("Choose a workshop in the list."))
        else:
            title = detail.title
            if detail.cancelled:
                title = _("{title} (cancelled)").format(title=detail.title)
            self.title_label.setText(title)
            self.info_label.setText(self._info_text(detail))
        # The list refilled and the person selected again without the controls following
        # each step: the reset unselected the row, which disabled the focused « Noter
        # présent·e » for an instant; the focus fell to the next widget and the page
        # scrolled, so the next click landed on another person (a tester's finding).
        self._refilling = True
        try:
            self.registrations_model.set_rows(detail.registrations if detail is not None else [])
            wanted = self._pending_select if self._pending_select is not None else previous
            self._pending_select = None
            row = self.registrations_model.row_of(wanted) if wanted is not None else None
            if row is not None:
                self.registrations_table.selectRow(row)
        finally:
            self._refilling = False
        self._registration_changed(self.registrations_table.currentIndex(), QModelIndex())
        self._update_count()
        self.loaded.emit()

    def _info_text(self, detail: WorkshopDetail) -> str:
        parts = [
            _("{kind}, {date}, {time}").format(
                kind=detail.kind_label,
                date=formatting.long_date(detail.held_on),
                time=time_range(detail.starts_at, detail.ends_at),
            )
        ]
        if detail.place:
            parts.append(_("Place: {place}").format(place=detail.place))
        if detail.facilitators:
            parts.append(
                _("Facilitators: {names}").format(
                    names=", ".join(f.name for f in detail.facilitators)
                )
            )
        if detail.capacity is not None:
            parts.append(
                ngettext(
                    "Capacity: {count} place", "Capacity: {count} places", detail.capacity
                ).format(count=detail.capacity)
            )
        if detail.over_capacity:
            parts.append(_("Warning: more people registered than places."))
        if detail.cancelled:
            parts.append(_("This workshop is cancelled: restore it to change its list."))
        return " · ".join(parts)

    def _update_count(self) -> None:
        detail = self.detail
        self.fewer_visitors_button.setVisible(
            detail is not None and detail.visitors > 0 and detail.held and not detail.cancelled
        )
        if detail is None:
            self.count_label.clear()
            return
        text = _("{registered} · {present}").format(
            registered=ngettext(
                "{count} registered", "{count} registered", detail.registered
            ).format(count=detail.registered),
            present=ngettext("{count} present", "{count} present", detail.present).format(
                count=detail.present
            ),
        )
        if detail.visitors:
            text = _("{counts} · {visitors}").format(
                counts=text,
                visitors=ngettext(
                    "{count} visitor without a file",
                    "{count} visitors without a file",
                    detail.visitors,
                ).format(count=detail.visitors),
            )
        self.count_label.setText(text)

    def _update_controls(self) -> None:
        detail = self.detail
        open_ = detail is not None and not detail.cancelled
        held = open_ and detail is not None and detail.held
        selected = self._selected_registration() is not None
        for button in (self.present_button, self.absent_button, self.excused_button):
            button.setEnabled(held and selected)
        self.clear_button.setEnabled(held and selected)
        self.satisfaction_field.setEnabled(held and selected)
        self.satisfaction_button.setEnabled(held and selected)
        self.unregister_button.setEnabled(open_ and selected)
        self.check_in_field.setEnabled(held)
        if not held:
            self.newcomer.close_offer()
        self.candidates_table.setEnabled(held)
        self.register_field.setEnabled(open_)
        self.register_button.setEnabled(open_)
        self.people_table.setEnabled(open_)
        if detail is None:
            note = ""
        elif detail.cancelled:
            note = _("This workshop is cancelled: nothing can be marked.")
        elif not held:
            note = _("Attendance and check-in open on the day of the workshop ({date}).").format(
                date=formatting.short_date(detail.held_on)
            )
        elif not detail.registrations:
            note = _("Nobody is registered yet: use the check-in field for people who came.")
        else:
            note = _("Select a person, then mark them present, absent or excused.")
        self.marking_note.setText(note)

    # -- selection -----------------------------------------------------------------------
    def _selected_registration(self) -> RegistrationRow | None:
        index = self.registrations_table.selectionModel().currentIndex()
        if not index.isValid() or not self.registrations_table.selectionModel().hasSelection():
            return None
        return self.registrations_model.row_at(index.row())

    def _selected_participant(self) -> int | None:
        row = self._selected_registration()
        return row.participant_id if row else None

    def select_participant(self, participant_id: int) -> bool:
        row = self.registrations_model.row_of(participant_id)
        if row is None:
            return False
        self.registrations_table.selectRow(row)
        return True

    def _registration_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._refilling:
            return  # _show updates once the list is refilled
        row = self.registrations_model.row_at(current.row()) if current.isValid() else None
        self.satisfaction_field.setValue(row.satisfaction or 0 if row else 0)
        self._update_controls()

    # -- check-in ------------------------------------------------------------------------
    def find_candidates(self) -> None:
        self._check_in_timer.stop()
        workshop_id, text, ctx = self._workshop_id, self.check_in_field.text(), self._ctx
        if workshop_id is None or not text.strip():
            self.candidates_model.set_rows([])
            return

        def done(rows: list[CheckInCandidate]) -> None:
            if self.check_in_field.text() == text and self._workshop_id == workshop_id:
                self.candidates_model.set_rows(rows)
                if not rows:
                    self.status_message.emit(_("Nobody matches this name."))

        Op(self, lambda: attendance.find_for_check_in(ctx, workshop_id, text)).success(done).run()

    def check_in_first(self) -> None:
        """Enter in the check-in field: the person found is marked present (when several
        are, the list of people found takes the focus to choose one)."""
        self._check_in_timer.stop()
        workshop_id, text, ctx = self._workshop_id, self.check_in_field.text(), self._ctx
        if workshop_id is None or not text.strip():
            return
        (
            Op(self, lambda: check_in_first(ctx, workshop_id, text))
            .success(lambda result: self._checked_in(result, text))
            .run()
        )

    def _candidate_activated(self, index: QModelIndex) -> None:
        candidate = self.candidates_model.row_at(index.row())
        workshop_id, ctx = self._workshop_id, self._ctx
        if candidate is None or workshop_id is None:
            return
        (
            Op(
                self,
                lambda: (
                    candidate,
                    attendance.check_in(ctx, workshop_id, candidate.participant_id),
                ),
            )
            .success(lambda result: self._checked_in(result, self.check_in_field.text()))
            .run()
        )

    def _checked_in(
        self,
        result: tuple[CheckInCandidate, RegistrationRow] | list[CheckInCandidate] | None,
        text: str,
    ) -> None:
        if isinstance(result, list):
            self.status_message.emit(
                choose_among_found(self.candidates_table, self.candidates_model, result, text)
            )
            return
        if result is None:
            # « add them below » only where they may be added: a pair-aidant is offered to
            # count a visitor, not to open a file (the two texts contradicted each other)
            wording = (
                _("Nobody matches “{text}”: check the spelling, or add them below.")
                if self.newcomer.may_add
                else _("Nobody matches “{text}”: check the spelling, or count them below.")
            )
            self.status_message.emit(wording.format(text=text.strip()))
            if self.check_in_field.text() == text:
                self.newcomer.offer(text)
            return
        candidate, row = result
        name = person_name(candidate.first_name, candidate.last_name)
        if not candidate.registered:
            message = _("{name} was added as a walk-in and marked present.").format(name=name)
        else:
            message = _("{name} is marked present.").format(name=name)
        self.status_message.emit(message)
        self._ready_for_next()
        self.reload(select_participant=row.participant_id)
        self.changed.emit()

    # -- someone on no list ----------------------------------------------------------------
    def _check_in_text_changed(self, text: str) -> None:
        """Typing again closes an offer made for other words."""
        if self.newcomer.isVisible() and " ".join(text.split()) != self.newcomer.typed:
            self.newcomer.close_offer()

    def _back_to_check_in(self) -> None:
        self.check_in_field.setFocus(Qt.FocusReason.OtherFocusReason)
        self.check_in_field.selectAll()

    def _ready_for_next(self) -> None:
        """After a check-in: the field empty and focused, so the next name can be typed."""
        self.newcomer.close_offer()
        self.check_in_field.clear()
        self.candidates_model.set_rows([])
        self.check_in_field.setFocus(Qt.FocusReason.OtherFocusReason)

    def add_newcomer(self, first_name: str, last_name: str, consent: bool) -> None:
        """Create the new person's file with their consent, and mark them present."""
        workshop_id, ctx = self._workshop_id, self._ctx
        if workshop_id is None:
            return

        def done(result: NewcomerCheckIn) -> None:
            name = person_name(result.first_name, result.last_name)
            self.status_message.emit(
                _("{name} was added as a new person and marked present.").format(name=name)
            )
            self._ready_for_next()
            self.reload(select_participant=result.participant_id)
            self.changed.emit()

        # The newcomer panel is the op's parent: a refusal naming its fields shows there.
        Op(
            self.newcomer,
            lambda: attendance.check_in_newcomer(ctx, workshop_id, first_name, last_name, consent),
            key="newcomer",
        ).success(done).run()

    def count_visitor(self, change: int = 1) -> None:
        """Count one visitor without a file (``-1`` takes one back)."""
        workshop_id, ctx = self._workshop_id, self._ctx
        if workshop_id is None:
            return

        def done(result: VisitorCount) -> None:
            if change > 0:
                message = ngettext(
                    "Counted as a visitor, without a file ({count} visitor at this workshop).",
                    "Counted as a visitor, without a file ({count} visitors at this workshop).",
                    result.visitors,
                )
                self._ready_for_next()
            else:
                message = ngettext(
                    "One visitor taken back ({count} visitor at this workshop).",
                    "One visitor taken back ({count} visitors at this workshop).",
                    result.visitors,
                )
            self.status_message.emit(message.format(count=result.visitors))
            self.reload()
            self.changed.emit()

        Op(self, lambda: attendance.count_visitor(ctx, workshop_id, change)).success(done).run()

    # -- registration --------------------------------------------------------------------
    def find_people(self) -> None:
        self._register_timer.stop()
        text, ctx = self.register_field.text(), self._ctx
        if not text.strip():
            self.people_model.set_rows([])
            return
        flt = ParticipantFilter(search=text, statuses=(ParticipantStatus.ACTIVE,))

        def found() -> tuple[list[participants.ParticipantRow], int]:
            rows = participants.list_participants(ctx, flt, limit=PICKER_LIMIT)
            others = 0 if rows else participants.count_participants(ctx, replace(flt, statuses=()))
            return rows, others

        def done(result: tuple[list[participants.ParticipantRow], int]) -> None:
            rows, others = result
            if self.register_field.text() != text:
                return
            self.people_model.set_rows(rows)
            if others:  # « wisniewska », on pause, gave an empty list and no word (a tester)
                self.status_message.emit(
                    ngettext(
                        "Only active people are registered: {count} person matching this "
                        "name is on pause or has left (their file changes that).",
                        "Only active people are registered: {count} people matching this "
                        "name are on pause or have left (their files change that).",
                        others,
                    ).format(count=others)
                )

        Op(self, found).success(done).run()

    def _return_in_register(self) -> None:
        """Enter in « Inscrire quelqu'un »: the one person found is registered, as at the
        check-in (it only went to the list, and the button had to be clicked: a tester);
        several, the list takes the focus to choose."""
        if not self._register_timer.isActive() and self.people_model.rowCount() == 1:
            self.people_table.selectRow(0)
            self.register_selected()
            return
        focus_list(self.people_table)

    def register_selected(self) -> None:
        workshop_id, ctx = self._workshop_id, self._ctx
        if workshop_id is None:
            return
        index = self.people_table.selectionModel().currentIndex()
        if not index.isValid() and self.people_model.rowCount() > 1:
            # Never the first of several by default: « Titi » found two people and the
            # first was registered without a word (a tester).
            self.status_message.emit(
                _("Several people match: choose one in the list, then register them.")
            )
            self.people_table.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        person = self.people_model.row_at(index.row() if index.isValid() else 0)
        if person is None:
            self.status_message.emit(_("Find a participant first, then register them."))
            return

        def done(row: RegistrationRow) -> None:
            name = person_name(row.first_name, row.last_name)
            if row.over_capacity:
                text = _("{name} is registered. Warning: the workshop is now over capacity.")
            else:
                text = _("{name} is registered.")
            self.status_message.emit(text.format(name=name))
            self.register_field.clear()
            self.people_model.set_rows([])
            self.register_field.setFocus(Qt.FocusReason.OtherFocusReason)
            self.reload(select_participant=row.participant_id)
            self.changed.emit()

        Op(self, lambda: workshops.register(ctx, workshop_id, person.id)).success(done).run()

    def unregister_selected(self) -> None:
        row, workshop_id, ctx = self._selected_registration(), self._workshop_id, self._ctx
        if row is None or workshop_id is None:
            return
        name = person_name(row.first_name, row.last_name)
        if not confirm(
            self,
            _("Unregister"),
            _("Remove {name} from this workshop's list?").format(name=name),
            _("&Remove from the list"),
            _("&Keep"),
        ):
            return

        def done(_result: object) -> None:
            self.status_message.emit(_("{name} was removed from the list.").format(name=name))
            self.reload()
            self.changed.emit()

        (
            Op(self, lambda: workshops.unregister(ctx, workshop_id, row.participant_id))
            .success(done)
            .run()
        )

    # -- marking -------------------------------------------------------------------------
    def mark(self, value: Attendance | None) -> None:
        row, workshop_id, ctx = self._selected_registration(), self._workshop_id, self._ctx
        if row is None or workshop_id is None:
            return

        def done(updated: RegistrationRow) -> None:
            self.reload(select_participant=updated.participant_id)
            self.changed.emit()

        (
            Op(
                self,
                lambda: attendance.mark_attendance(ctx, workshop_id, row.participant_id, value),
            )
            .success(done)
            .run()
        )

    def _return_in_score(self) -> None:
        if self.satisfaction_button.isEnabled():
            self.satisfaction_button.animateClick()

    def save_satisfaction(self) -> None:
        row, workshop_id, ctx = self._selected_registration(), self._workshop_id, self._ctx
        if row is None or workshop_id is None:
            return
        score = self.satisfaction_field.value() or None

        def done(updated: RegistrationRow) -> None:
            self.status_message.emit(_("Satisfaction score saved."))
            self.reload(select_participant=updated.participant_id)
            self.changed.emit()

        (
            Op(
                self,
                lambda: attendance.set_satisfaction(ctx, workshop_id, row.participant_id, score),
            )
            .success(done)
            .run()
        )


def week_of(day: dt.date) -> tuple[dt.date, dt.date]:
    """Monday to Sunday around ``day``."""
    monday = day - dt.timedelta(days=day.weekday())
    return monday, monday + dt.timedelta(days=6)

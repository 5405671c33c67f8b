"""The "Identity and contact" tab: the participant form itself (create or update), on the
form kit (``pairdesk.ui.forms.Form``): fields declared once, errors beside them, dirty
tracking, a fresh state for a new file. Its draft at the lock is the file's
(``ParticipantFileView.form_draft``, the format of ``file_draft.py``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from pairdesk.domain.enums import EntrySituation, FollowUpFrequency, FollowUpMode, RqthStatus
from pairdesk.errors import InvalidInput
from pairdesk.i18n import _
from pairdesk.services import participants
from pairdesk.services.context import ServiceContext
from pairdesk.services.participants import ParticipantDetail, ParticipantInput
from pairdesk.ui.forms import Form
from pairdesk.ui.ops import Op
from pairdesk.ui.views.participants.common import (
    in_section,
    new_form,
    save_form,
    scrolled,
    text_box,
)
from pairdesk.ui.widgets import DateField


class IdentityTab(QWidget):
    """Names, birth, contact, membership, RQTH, follow-up modality and notes."""

    changed = Signal()

    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        content = QWidget(self)
        column = QVBoxLayout(content)

        self._sections: list[QFormLayout] = []

        def group(title: str) -> Any:
            box = QGroupBox(title, content)
            column.addWidget(box)
            section = new_form(box)
            self._sections.append(section)
            return section

        first = group(_("Identity"))
        self.other_error = QLabel(content)
        self.form = Form(
            self, first, what=_("The file of this participant"), general_error=self.other_error
        )
        form = self.form

        def add(name: str, label: str, widget: Any, accessible: str) -> Any:
            widget.setAccessibleName(accessible)
            set_name = getattr(widget, "set_accessible_name", None)
            if callable(set_name):
                set_name(accessible)
            return form.add(name, label, widget)

        self.first_name = add("first_name", _("&First name:"), QLineEdit(content), _("First name"))
        self.last_name = add("last_name", _("&Last name:"), QLineEdit(content), _("Last name"))
        self.pseudonym = add("pseudonym", _("Pse&udonym:"), QLineEdit(content), _("Pseudonym"))
        self.birth_date = add(
            "birth_date",
            _("&Birth date:"),
            DateField(content, optional=True, default=ctx.today()),
            _("Birth date"),
        )
        self.birth_year = QSpinBox(content)
        self.birth_year.setRange(1899, ctx.today().year)
        self.birth_year.setSpecialValueText(_("Unknown"))
        self.birth_year.setValue(1899)
        self.birth_year.setToolTip(_("When the birth date is not known"))
        self.birth_year.setMinimumWidth(self.birth_year.fontMetrics().averageCharWidth() * 12)
        self.birth_year.setMaximumWidth(self.birth_year.fontMetrics().averageCharWidth() * 16)
        add("birth_year", _("&Year of birth:"), self.birth_year, _("Year of birth"))
        self.birth_date.changed.connect(self._follow_birth_date)

        in_section(form, group(_("Contact")))
        self.phone = add("phone", _("&Phone:"), QLineEdit(content), _("Phone"))
        self.email = add("email", _("&E-mail:"), QLineEdit(content), _("E-mail"))
        self.address = add("address", _("&Address:"), text_box(content, 2), _("Address"))
        self.city = add("city", _("&City:"), QLineEdit(content), _("City"))

        in_section(form, group(_("Membership")))
        self.membership_start = add(
            "membership_start",
            _("Member &since:"),
            DateField(content, default=ctx.today(), today=ctx.today),
            _("Membership start"),
        )
        self.membership_end = add(
            "membership_end",
            _("Member &until:"),
            DateField(content, optional=True, default=ctx.today()),
            _("Membership end"),
        )
        self.is_peer_helper = add(
            "is_peer_helper",
            _("Pee&r helper:"),
            QCheckBox(_("This member is also a peer helper"), content),
            _("This member is also a peer helper"),
        )
        self.entry_situation = QComboBox(content)  # issue 13: the IPS employment rate
        self.entry_situation.addItem(_("Not recorded"), None)
        for situation in EntrySituation:
            self.entry_situation.addItem(situation.label, situation.value)
        add(
            "entry_situation",
            _("Wor&k situation at entry:"),
            self.entry_situation,
            _("Situation towards work when they joined"),
        )

        in_section(form, group(_("RQTH and follow-up")))
        self.rqth_status = QComboBox(content)
        for status in RqthStatus:
            self.rqth_status.addItem(status.label, status.value)
        add("rqth_status", _("R&QTH:"), self.rqth_status, _("RQTH status"))
        self.rqth_until = add(
            "rqth_until",
            _("RQTH valid un&til:"),
            DateField(content, optional=True, default=ctx.today()),
            _("RQTH valid until"),
        )
        self.followup_frequency = QComboBox(content)
        self.followup_frequency.addItem(_("Not set"), None)
        for frequency in FollowUpFrequency:
            self.followup_frequency.addItem(frequency.label, frequency.value)
        add(
            "followup_frequency",
            _("Follow-up &frequency:"),
            self.followup_frequency,
            _("Follow-up frequency"),
        )
        self.followup_mode = QComboBox(content)
        self.followup_mode.addItem(_("Not set"), None)
        for mode in FollowUpMode:
            self.followup_mode.addItem(mode.label, mode.value)
        add("followup_mode", _("Follow-up &mode:"), self.followup_mode, _("Follow-up mode"))
        self.followup_times = QLineEdit(content)
        self.followup_times.setPlaceholderText(_("e.g. Tuesday mornings"))
        add(
            "followup_times",
            _("Preferred ti&mes:"),
            self.followup_times,
            _("Preferred times for follow-up"),
        )

        in_section(form, group(_("Notes")))
        self.notes = add("notes", _("&Notes:"), text_box(content, 4), _("Notes"))
        column.addWidget(self.other_error)
        column.addStretch(1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.scroll_area = scrolled(content, self)
        layout.addWidget(self.scroll_area)
        form.dirty_changed.connect(lambda _dirty: self.changed.emit())
        self._last_save: tuple[Any, ...] | None = None  # an edit conflict's "Overwrite"
        form.reload = self._reload
        form.save_again = self._save_again
        self._align_labels()

    def _align_labels(self) -> None:
        """One label column for the five group boxes: each box is its own form, so
        without this the Contact fields started left of the Identity ones."""
        labels: list[QWidget] = []
        for section in self._sections:
            for row in range(section.rowCount()):
                item = section.itemAt(row, QFormLayout.ItemRole.LabelRole)
                label = item.widget() if item is not None else None
                if label is not None:
                    labels.append(label)
        width = max((label.sizeHint().width() for label in labels), default=0)
        for label in labels:
            label.setMinimumWidth(width)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:  # the text size changed
            self._align_labels()
        super().changeEvent(event)

    # -- state -------------------------------------------------------------------------
    @property
    def dirty(self) -> bool:
        return self.form.is_dirty()

    def set_detail(self, detail: ParticipantDetail | None) -> None:
        """Show a participant (``None``: the fresh form of a new one); marks the form clean."""
        if detail is None:
            self.form.reset()  # every field as declared, no error, at the top
        self.form.set_values(
            self._values(detail), edit_version=detail.edit_version if detail else None
        )
        read_only = bool(detail and detail.anonymised)
        for entry in self.form.fields.values():
            entry.widget.setEnabled(not read_only)
        self._follow_birth_date()
        self.changed.emit()

    def _follow_birth_date(self) -> None:
        """A birth date gives the year of birth: the year box shows it and cannot be
        changed apart (the service refuses a year that does not match). With the date
        emptied, the year stays and can be changed again. A date after today is refused
        at saving and gives no year: « 3112 » typed in December made the year 2026, which
        stayed, and was saved, once the refused date was emptied (a tester)."""
        born = self.birth_date.typed_date()
        if born is not None and born > self.ctx.today():
            born = None
        if born is not None and self.birth_year.minimum() < born.year <= self.birth_year.maximum():
            self.birth_year.setValue(born.year)
        self.birth_year.setEnabled(born is None and self.birth_date.isEnabled())
        self.birth_year.setToolTip(
            _("When the birth date is not known") if born is None else _("Given by the birth date")
        )

    def follow_detail(self, detail: ParticipantDetail) -> None:
        """The file was read again while this form holds changes (kept): its version
        follows when only details it does not show changed (``Form.follow``)."""
        self.form.follow(self._values(detail), edit_version=detail.edit_version)

    def _values(self, d: ParticipantDetail | None) -> dict[str, object]:
        year = (d.birth_date.year if d.birth_date else d.birth_year) if d else None
        return {
            "first_name": d.first_name if d else "",
            "last_name": d.last_name if d else "",
            "pseudonym": d.pseudonym if d else "",
            "birth_date": d.birth_date if d else None,
            "birth_year": year or self.birth_year.minimum(),
            "phone": d.phone if d else "",
            "email": d.email if d else "",
            "address": d.address if d else "",
            "city": d.city if d else "",
            "membership_start": d.membership_start if d else self.ctx.today(),
            "membership_end": d.membership_end if d else None,
            "is_peer_helper": bool(d and d.is_peer_helper),
            "entry_situation": d.entry_situation.value if d and d.entry_situation else None,
            "rqth_status": (d.rqth_status if d else RqthStatus.NONE).value,
            "rqth_until": d.rqth_until if d else None,
            "followup_frequency": (
                d.followup_frequency.value if d and d.followup_frequency else None
            ),
            "followup_mode": d.followup_mode.value if d and d.followup_mode else None,
            "followup_times": d.followup_times if d else "",
            "notes": d.notes if d else "",
        }

    def show_rqth(self) -> None:
        """Scroll to the RQTH and put the focus on its status (the home page's line about
        an RQTH ending opens the file here)."""
        self.scroll_area.ensureWidgetVisible(self.rqth_status, 50, 120)
        self.rqth_status.setFocus(Qt.FocusReason.OtherFocusReason)

    def start_fresh(self) -> None:
        """Back to the top of the form, the focus in the first name (a new or another file)."""
        self.scroll_area.verticalScrollBar().setValue(0)
        self.scroll_area.horizontalScrollBar().setValue(0)
        self.first_name.setFocus()

    def form_input(self, *, lenient: bool = False) -> ParticipantInput:
        """What the form holds; raises ``InvalidDate`` for a typed date that is not one,
        unless ``lenient`` (a draft), which reads such a date as none."""

        def day(field: DateField) -> dt.date | None:
            return field.typed_date() if lenient else field.date()

        year = self.birth_year.value()
        return ParticipantInput(
            first_name=self.first_name.text(),
            last_name=self.last_name.text(),
            pseudonym=self.pseudonym.text(),
            birth_date=day(self.birth_date),
            birth_year=None if year == self.birth_year.minimum() else year,
            phone=self.phone.text(),
            email=self.email.text(),
            address=self.address.toPlainText(),
            city=self.city.text(),
            membership_start=day(self.membership_start),
            membership_end=day(self.membership_end),
            is_peer_helper=self.is_peer_helper.isChecked(),
            rqth_status=RqthStatus(self.rqth_status.currentData()),
            rqth_until=day(self.rqth_until),
            followup_frequency=_enum_or_none(
                FollowUpFrequency, self.followup_frequency.currentData()
            ),
            followup_mode=_enum_or_none(FollowUpMode, self.followup_mode.currentData()),
            followup_times=self.followup_times.text(),
            notes=self.notes.toPlainText(),
            entry_situation=_enum_or_none(EntrySituation, self.entry_situation.currentData()),
            edit_version=self.form.edit_version,
        )

    def save(
        self,
        participant_id: int | None,
        on_saved: Callable[[ParticipantDetail], None],
        on_failed: Callable[[], None] | None = None,
    ) -> None:
        """Create or update through ``Op``; errors show beside their field, an edit
        conflict in the kit's question (``forms/conflict.py``)."""
        self._last_save = (participant_id, on_saved, on_failed)
        self.form.clear_errors()
        try:
            data = self.form_input()
        except InvalidInput as exc:  # a date that is not one: the field says why
            self.form.show_op_error(exc)
            if on_failed is not None:
                on_failed()
            return
        ctx, pid = self.ctx, participant_id

        def call() -> ParticipantDetail:
            if pid is None:
                return participants.create_participant(ctx, data)
            return participants.update_participant(ctx, pid, data)

        def done(detail: ParticipantDetail) -> None:
            self.set_detail(detail)
            on_saved(detail)

        save_form(self.form, call, done, on_failed, busy_text=_("Saving the file…"))

    def _save_again(self) -> None:
        if self._last_save is not None:
            self.save(*self._last_save)

    def _reload(self) -> None:
        """ "Reload their version": the file as stored now replaces what the form shows."""
        if self._last_save is None or self._last_save[0] is None:
            return
        ctx, pid = self.ctx, int(self._last_save[0])
        Op(self, lambda: participants.get_participant(ctx, pid)).success(self._reloaded).run()

    def _reloaded(self, detail: ParticipantDetail) -> None:
        self.set_detail(detail)


def _enum_or_none(enum: Any, value: Any) -> Any:
    return enum(value) if value else None

"""The "Identity and contact" tab: the participant form itself (create or update)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import partial
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from pairdesk.domain.enums import FollowUpFrequency, FollowUpMode, RqthStatus
from pairdesk.errors import InvalidInput
from pairdesk.i18n import _
from pairdesk.services import participants
from pairdesk.services.context import ServiceContext
from pairdesk.services.participants import ParticipantDetail, ParticipantInput
from pairdesk.ui import tasks
from pairdesk.ui.errors import show_error
from pairdesk.ui.views.participants.common import (
    add_row,
    new_form,
    scrolled,
    set_combo_data,
    text_box,
)
from pairdesk.ui.widgets import DateField, FieldErrors


class IdentityTab(QWidget):
    """Names, birth, contact, membership, RQTH, follow-up modality and notes."""

    changed = Signal()

    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.errors = FieldErrors()
        self._loading = False
        self._dirty = False
        self._saving = False
        content = QWidget(self)
        column = QVBoxLayout(content)

        def group(title: str) -> Any:
            box = QGroupBox(title, content)
            column.addWidget(box)
            return new_form(box)

        form = group(_("Identity"))
        self.first_name = QLineEdit(content)
        self.last_name = QLineEdit(content)
        self.pseudonym = QLineEdit(content)
        self.birth_date = DateField(content, optional=True, default=ctx.today())
        self.birth_year = QSpinBox(content)
        self.birth_year.setRange(1899, ctx.today().year)
        self.birth_year.setSpecialValueText(_("Unknown"))
        self.birth_year.setValue(1899)
        self.birth_year.setToolTip(_("When the birth date is not known"))
        self.birth_year.setMaximumWidth(self.birth_year.fontMetrics().averageCharWidth() * 16)
        e = self.errors
        add_row(
            form, _("&First name:"), self.first_name, _("First name"), errors=e, field="first_name"
        )
        add_row(form, _("&Last name:"), self.last_name, _("Last name"), errors=e, field="last_name")
        add_row(form, _("Pse&udonym:"), self.pseudonym, _("Pseudonym"), errors=e, field="pseudonym")
        add_row(
            form, _("&Birth date:"), self.birth_date, _("Birth date"), errors=e, field="birth_date"
        )
        add_row(
            form,
            _("&Year of birth:"),
            self.birth_year,
            _("Year of birth"),
            errors=e,
            field="birth_year",
        )

        form = group(_("Contact"))
        self.phone = QLineEdit(content)
        self.email = QLineEdit(content)
        self.address = text_box(content, 2)
        self.city = QLineEdit(content)
        add_row(form, _("&Phone:"), self.phone, _("Phone"), errors=e, field="phone")
        add_row(form, _("&E-mail:"), self.email, _("E-mail"), errors=e, field="email")
        add_row(form, _("&Address:"), self.address, _("Address"), errors=e, field="address")
        add_row(form, _("&City:"), self.city, _("City"), errors=e, field="city")

        form = group(_("Membership"))
        self.membership_start = DateField(content, default=ctx.today())
        self.membership_end = DateField(content, optional=True, default=ctx.today())
        self.is_peer_helper = QCheckBox(_("This member is also a peer helper"), content)
        add_row(
            form,
            _("Member &since:"),
            self.membership_start,
            _("Membership start"),
            errors=e,
            field="membership_start",
        )
        add_row(
            form,
            _("Member &until:"),
            self.membership_end,
            _("Membership end"),
            errors=e,
            field="membership_end",
        )
        add_row(
            form,
            _("Pee&r helper:"),
            self.is_peer_helper,
            _("This member is also a peer helper"),
            errors=e,
            field="is_peer_helper",
        )

        form = group(_("RQTH and follow-up"))
        self.rqth_status = QComboBox(content)
        for status in RqthStatus:
            self.rqth_status.addItem(status.label, status.value)
        self.rqth_until = DateField(content, optional=True, default=ctx.today())
        self.followup_frequency = QComboBox(content)
        self.followup_frequency.addItem(_("Not set"), None)
        for frequency in FollowUpFrequency:
            self.followup_frequency.addItem(frequency.label, frequency.value)
        self.followup_mode = QComboBox(content)
        self.followup_mode.addItem(_("Not set"), None)
        for mode in FollowUpMode:
            self.followup_mode.addItem(mode.label, mode.value)
        self.followup_times = QLineEdit(content)
        self.followup_times.setPlaceholderText(_("e.g. Tuesday mornings"))
        add_row(
            form, _("R&QTH:"), self.rqth_status, _("RQTH status"), errors=e, field="rqth_status"
        )
        add_row(
            form,
            _("RQTH valid un&til:"),
            self.rqth_until,
            _("RQTH valid until"),
            errors=e,
            field="rqth_until",
        )
        add_row(
            form,
            _("Follow-up &frequency:"),
            self.followup_frequency,
            _("Follow-up frequency"),
            errors=e,
            field="followup_frequency",
        )
        add_row(
            form,
            _("Follow-up &mode:"),
            self.followup_mode,
            _("Follow-up mode"),
            errors=e,
            field="followup_mode",
        )
        add_row(
            form,
            _("Preferred ti&mes:"),
            self.followup_times,
            _("Preferred times for follow-up"),
            errors=e,
            field="followup_times",
        )

        form = group(_("Notes"))
        self.notes = text_box(content, 4)
        add_row(form, _("&Notes:"), self.notes, _("Notes"), errors=e, field="notes")
        self.other_error = QLabel(content)
        self.other_error.setWordWrap(True)
        self.other_error.hide()
        column.addWidget(self.other_error)
        column.addStretch(1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.scroll_area = scrolled(content, self)
        layout.addWidget(self.scroll_area)

        for line in (
            self.first_name,
            self.last_name,
            self.pseudonym,
            self.phone,
            self.email,
            self.city,
            self.followup_times,
        ):
            line.textChanged.connect(self._edited)
        for box in (self.address, self.notes):
            box.textChanged.connect(self._edited)
        for date in (self.birth_date, self.membership_start, self.membership_end, self.rqth_until):
            date.changed.connect(self._edited)
        for combo in (self.rqth_status, self.followup_frequency, self.followup_mode):
            combo.currentIndexChanged.connect(self._edited)
        self.birth_year.valueChanged.connect(self._edited)
        self.is_peer_helper.toggled.connect(self._edited)

    # -- state -------------------------------------------------------------------------
    @property
    def dirty(self) -> bool:
        return self._dirty

    def _edited(self, *_args: object) -> None:
        if not self._loading and not self._dirty:
            self._dirty = True
            self.changed.emit()

    def set_detail(self, detail: ParticipantDetail | None) -> None:
        """Show a participant (``None``: an empty form for a new one); marks the form clean."""
        self._loading = True
        try:
            self.errors.clear()
            self.other_error.hide()
            d = detail
            self.first_name.setText(d.first_name if d else "")
            self.last_name.setText(d.last_name if d else "")
            self.pseudonym.setText(d.pseudonym if d else "")
            self.birth_date.set_date(d.birth_date if d else None)
            year = d.birth_year if d and d.birth_year and not d.birth_date else None
            self.birth_year.setValue(year or self.birth_year.minimum())
            self.phone.setText(d.phone if d else "")
            self.email.setText(d.email if d else "")
            self.address.setPlainText(d.address if d else "")
            self.city.setText(d.city if d else "")
            self.membership_start.set_date(d.membership_start if d else self.ctx.today())
            self.membership_end.set_date(d.membership_end if d else None)
            self.is_peer_helper.setChecked(bool(d and d.is_peer_helper))
            set_combo_data(self.rqth_status, (d.rqth_status if d else RqthStatus.NONE).value)
            self.rqth_until.set_date(d.rqth_until if d else None)
            set_combo_data(
                self.followup_frequency,
                d.followup_frequency.value if d and d.followup_frequency else None,
            )
            set_combo_data(
                self.followup_mode, d.followup_mode.value if d and d.followup_mode else None
            )
            self.followup_times.setText(d.followup_times if d else "")
            self.notes.setPlainText(d.notes if d else "")
            read_only = bool(d and d.anonymised)
            for widget in self.findChildren(QWidget):
                if isinstance(
                    widget,
                    QLineEdit | QPlainTextEdit | QComboBox | QSpinBox | QCheckBox | DateField,
                ):
                    widget.setEnabled(not read_only)
        finally:
            self._loading = False
        self._dirty = False
        self.changed.emit()

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
        )

    def save(
        self,
        participant_id: int | None,
        on_saved: Callable[[ParticipantDetail], None],
        on_failed: Callable[[], None] | None = None,
    ) -> None:
        """Create or update through ``run_task``; errors show next to their field."""
        if self._saving:
            return
        self.errors.clear()
        self.other_error.hide()
        try:
            data = self.form_input()
        except InvalidInput:  # a date that is not one: the field says why
            if on_failed is not None:
                on_failed()
            return
        pid = participant_id
        call: Callable[[], ParticipantDetail] = (
            partial(participants.create_participant, self.ctx, data)
            if pid is None
            else partial(participants.update_participant, self.ctx, pid, data)
        )
        self._saving = True

        def done(detail: ParticipantDetail) -> None:
            self._saving = False
            self.set_detail(detail)
            on_saved(detail)

        def failed(exc: BaseException) -> None:
            self._saving = False
            if not self.errors.show(exc):
                show_error(self, exc)
            if on_failed is not None:
                on_failed()

        tasks.run_task(self, call, on_done=done, on_error=failed, busy_text=_("Saving the file…"))


def _enum_or_none(enum: Any, value: Any) -> Any:
    return enum(value) if value else None

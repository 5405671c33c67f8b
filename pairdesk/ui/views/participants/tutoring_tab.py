"""The "Tutoring" tab: cross tutoring by a peer helper and a professional."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QGroupBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from pairdesk.domain.enums import Role
from pairdesk.errors import InvalidInput
from pairdesk.i18n import _
from pairdesk.services import tutoring
from pairdesk.ui.models.participants_model import TutoringsModel, format_date
from pairdesk.ui.ops import Op
from pairdesk.ui.views.participants.common import add_row, button, heading, make_table, new_form
from pairdesk.ui.views.participants.dialogs import referent_combo
from pairdesk.ui.views.participants.file_data import FileData, FileHost
from pairdesk.ui.widgets import DateField, FieldErrors, questions


class TutoringTab(QWidget):
    def __init__(self, host: FileHost, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.host = host
        self.errors = FieldErrors()
        self.current_label = QLabel(self)
        self.current_label.setWordWrap(True)
        box = QGroupBox(_("Start a cross tutoring"), self)
        form = new_form(box)
        self.peer_combo = QComboBox(box)
        self.professional_combo = QComboBox(box)
        self.referent_combo = QComboBox(box)
        self.start_field = DateField(box, default=host.ctx.today())
        add_row(
            form,
            _("&Peer helper:"),
            self.peer_combo,
            _("Peer helper"),
            errors=self.errors,
            field="peer_helper_id",
        )
        add_row(
            form,
            _("Professional of the &team:"),
            self.professional_combo,
            _("Professional of the team"),
            errors=self.errors,
            field="professional_id",
        )
        add_row(
            form,
            _("or e&xternal professional:"),
            self.referent_combo,
            _("External professional"),
            errors=self.errors,
            field="professional_referent_id",
        )
        add_row(
            form,
            _("&Starting on:"),
            self.start_field,
            _("Start date"),
            errors=self.errors,
            field="started_on",
        )
        self.start_button = button(_("S&tart the tutoring"), _("Start the tutoring"), box)
        self.end_button = button(
            _("&End the current tutoring…"), _("End the current tutoring"), self
        )
        form.addRow(self.start_button)
        self.model = TutoringsModel(self)
        self.table = make_table(self.model, _("Cross tutorings"), self, 3)
        row = QHBoxLayout()
        row.addWidget(self.end_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.current_label)
        layout.addLayout(row)
        layout.addWidget(box)
        layout.addWidget(heading(_("History"), self, 1.0))
        layout.addWidget(self.table, 1)
        self.start_button.clicked.connect(self.start_tutoring)
        self.end_button.clicked.connect(self.end_tutoring)

    def set_data(self, data: FileData | None) -> None:
        self.errors.clear()
        self.peer_combo.clear()
        self.professional_combo.clear()
        self.professional_combo.addItem(_("Nobody from the team"), None)
        if data is None:
            self.model.set_rows(())
            self.current_label.setText("")
            return
        for member in data.members:
            if member.role is Role.PEER_HELPER:
                self.peer_combo.addItem(member.name, member.id)
            else:
                self.professional_combo.addItem(
                    _("{name} ({role})").format(name=member.name, role=member.role.label), member.id
                )
        if self.peer_combo.count() == 0:
            self.peer_combo.addItem(_("No peer helper in the team yet"), None)
        replacement = referent_combo(self, data.referents, None)
        self.referent_combo.clear()
        for index in range(replacement.count()):
            self.referent_combo.addItem(replacement.itemText(index), replacement.itemData(index))
        replacement.deleteLater()
        self.model.set_rows(data.tutorings)
        current = data.detail.tutoring
        if current is None:
            self.current_label.setText(_("No cross tutoring in progress."))
        else:
            professional = current.professional_name or current.professional_referent_name
            self.current_label.setText(
                _("In progress since {date}: {peer} (peer helper) with {professional}.").format(
                    date=format_date(current.started_on),
                    peer=current.peer_helper_name,
                    professional=professional or _("no professional named"),
                )
            )
        self.end_button.setEnabled(current is not None)

    def start_tutoring(self) -> None:
        pid = self.host.participant_id
        if pid is None:
            return
        self.errors.clear()
        ctx = self.host.ctx
        peer = self.peer_combo.currentData()
        professional = self.professional_combo.currentData()
        referent = self.referent_combo.currentData()
        try:
            day = self.start_field.date()
        except InvalidInput:  # not a date: the field says why
            return
        (
            Op(self, lambda: tutoring.set_tutoring(ctx, pid, peer, professional, referent, day))
            .success(lambda _r: self.host.reload())
            .run()
        )

    def end_tutoring(self) -> None:
        pid = self.host.participant_id
        if pid is None:
            return
        if not questions.confirm(
            self,
            _("End the tutoring?"),
            _("The cross tutoring in progress ends today; it stays in the history."),
            _("&End the tutoring"),
            _("&Keep it going"),
        ):
            return
        ctx = self.host.ctx
        (
            Op(self, lambda: tutoring.end_tutoring(ctx, pid))
            .success(lambda _r: self.host.reload())
            .run()
        )

    def show_op_error(self, error: BaseException) -> bool:
        """ErrorSink: an error naming a field of this form is shown beside it."""
        return self.errors.show(error)

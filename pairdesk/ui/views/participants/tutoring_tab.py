"""The "Tutoring" tab: cross tutoring by a peer helper and a professional."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QComboBox, QGroupBox, QLabel, QWidget

from pairdesk.domain.enums import Role
from pairdesk.i18n import _
from pairdesk.services import tutoring
from pairdesk.services.context import ServiceContext
from pairdesk.services.tutoring import TutoringRow
from pairdesk.ui.drafts import FIELDS
from pairdesk.ui.forms import Form
from pairdesk.ui.models.participants_model import TutoringsModel, format_date
from pairdesk.ui.ops import Op
from pairdesk.ui.views.participants.common import (
    button,
    button_row,
    heading,
    make_table,
    new_form,
    scrolled_column,
)
from pairdesk.ui.views.participants.dialogs import referent_combo
from pairdesk.ui.views.participants.file_data import FileData, FileHost
from pairdesk.ui.views.participants.file_draft import TUTORING
from pairdesk.ui.views.participants.tab_form import FileTab
from pairdesk.ui.widgets import DateField, questions


class TutoringTab(FileTab):
    draft_form = TUTORING

    def __init__(self, host: FileHost, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.host = host
        self.current_label = QLabel(self)
        self.current_label.setWordWrap(True)
        box = QGroupBox(_("Start a cross tutoring"), self)
        rows = new_form(box)
        error = QLabel(box)
        self.form = Form(self, rows, what=_("The new cross tutoring"), general_error=error)
        add = self.form.add
        self.peer_combo = add("peer_helper_id", _("&Peer helper:"), QComboBox(box))
        self.professional_combo = add(
            "professional_id", _("Professional of the &team:"), QComboBox(box)
        )
        self.referent_combo = QComboBox(box)
        self.referent_combo.setAccessibleName(_("External professional"))
        add("professional_referent_id", _("or e&xternal professional:"), self.referent_combo)
        self.start_field = add(
            "started_on", _("&Starting on:"), DateField(box, default=host.ctx.today())
        )
        self.start_field.set_accessible_name(_("Start date"))
        self.start_button = button(_("S&tart the tutoring"), _("Start the tutoring"), box)
        self.end_button = button(
            _("&End the current tutoring…"), _("End the current tutoring"), self
        )
        rows.addRow(self.start_button)
        rows.addRow(error)
        self.form.save_path = lambda: self.start_tutoring()
        self.model = TutoringsModel(self)
        self.table = make_table(self.model, _("Cross tutorings"), self, 3)
        # In a scroll area, like the other tabs: at 200 % the rows are never squeezed.
        content, column = scrolled_column(self)
        column.addWidget(self.current_label)
        column.addWidget(button_row(content, self.end_button))
        column.addWidget(box)
        column.addWidget(heading(_("History"), content, 1.0))
        column.addWidget(self.table, 1)
        self.start_button.clicked.connect(lambda: self.start_tutoring())
        self.end_button.clicked.connect(self.end_tutoring)

    def set_data(self, data: FileData | None) -> None:
        """The people to choose from, the history; a tutoring being typed is kept."""
        typed = self.form.raw_values() if self.form.is_dirty() and data is not None else None
        self._fill_choices(data)
        if typed is not None:
            self.form.restore_draft({FIELDS: typed})
        else:
            self.form.clear_errors()
            self.form.mark_clean()
        if data is None:
            self.model.set_rows(())
            self.current_label.setText("")
            self.end_button.setEnabled(False)
            return
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

    def _fill_choices(self, data: FileData | None) -> None:
        self.peer_combo.clear()
        self.professional_combo.clear()
        self.referent_combo.clear()
        self.professional_combo.addItem(_("Nobody from the team"), None)
        if data is None:
            self.start_field.set_date(self.host.ctx.today())
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
        for index in range(replacement.count()):
            self.referent_combo.addItem(replacement.itemText(index), replacement.itemData(index))
        replacement.deleteLater()

    def start_tutoring(
        self,
        on_saved: Callable[[], None] | None = None,
        on_failed: Callable[[], None] | None = None,
    ) -> None:
        """Start the tutoring chosen (the button, or the file's Save)."""
        peer = self.peer_combo.currentData()
        professional = self.professional_combo.currentData()
        referent = self.referent_combo.currentData()

        def action(ctx: ServiceContext, pid: int) -> Callable[[], TutoringRow]:
            day = self.start_field.date()
            return lambda: tutoring.set_tutoring(ctx, pid, peer, professional, referent, day)

        def started(_result: TutoringRow) -> None:
            self.start_field.set_date(self.host.ctx.today())
            self.form.mark_clean()
            self.host.reload()

        self.save_tab(action, started, on_saved, on_failed)

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

"""The "Consent" tab: where each purpose stands today, every record, record and withdraw."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLabel, QWidget

from pairdesk.domain.enums import ConsentPurpose
from pairdesk.i18n import _
from pairdesk.services import consents
from pairdesk.services.consents import ConsentRow, ConsentState
from pairdesk.ui.models.participants_model import ConsentsModel, ConsentStatesModel
from pairdesk.ui.views.participants.common import (
    button,
    button_row,
    heading,
    make_table,
    scrolled_column,
    selected_object,
)
from pairdesk.ui.views.participants.dialogs import ConsentDialog, DateActionDialog
from pairdesk.ui.views.participants.file_data import FileData, FileHost


class ConsentTab(QWidget):
    def __init__(self, host: FileHost, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.host = host
        self.dialog: Any = None
        self.states_model = ConsentStatesModel(self)
        self.records_model = ConsentsModel(self)
        self.states_table = make_table(self.states_model, _("Consent today, by purpose"), self, 4)
        self.records_table = make_table(self.records_model, _("Consents recorded"), self, 4)
        self.record_button = button(_("&Record a consent…"), _("Record a consent"), self)
        self.withdraw_button = button(
            _("&Withdraw the selected consent…"), _("Withdraw the selected consent"), self
        )
        row = button_row(self, self.record_button, self.withdraw_button)
        content, column = scrolled_column(self)  # at 200 % the tab scrolls, never cut
        column.addWidget(heading(_("Where consent stands today"), content, 1.0))
        column.addWidget(self.states_table, 1)
        column.addWidget(row)
        column.addWidget(heading(_("History"), content, 1.0))
        note = QLabel(_("Select a line of either table to withdraw that consent."), content)
        note.setWordWrap(True)
        column.addWidget(note)
        column.addWidget(self.records_table, 1)
        self.record_button.clicked.connect(self.record_consent)
        self.withdraw_button.clicked.connect(self.withdraw_consent)

    def set_data(self, data: FileData | None) -> None:
        if data is None:
            self.states_model.set_rows(())
            self.records_model.set_rows(())
            return
        self.states_model.set_rows([data.consents[p] for p in ConsentPurpose])
        self.records_model.set_rows(data.detail.consents)

    def record_consent(self) -> None:
        data, pid = self.host.data, self.host.participant_id
        if data is None or pid is None:
            return
        state = selected_object(self.states_table)
        purpose = state.purpose if isinstance(state, ConsentState) else None
        self.dialog = ConsentDialog(
            self.host.ctx, pid, data.referents, self, purpose, on_done=self._changed
        )
        self.dialog.open()

    def withdraw_consent(self) -> None:
        consent_id: int | None = None
        record = selected_object(self.records_table)
        if isinstance(record, ConsentRow) and record.withdrawn_on is None:
            consent_id = record.id
        state = selected_object(self.states_table)
        if consent_id is None and isinstance(state, ConsentState) and state.given:
            consent_id = state.consent_id
        if consent_id is None:
            self.host.tell(_("Select a consent that is given to withdraw it."))
            return
        ctx, chosen = self.host.ctx, consent_id
        self.dialog = DateActionDialog(
            ctx,
            _("Withdraw the consent"),
            _("&Withdrawn on:"),
            _("&Withdraw the consent"),
            # An empty date field gives None: withdraw_consent's required_date() turns it
            # into the field's error, so the service is called with it on purpose.
            lambda day: consents.withdraw_consent(ctx, chosen, day),  # type: ignore[arg-type]
            self,
            field="withdrawn_on",
            on_done=self._changed,
        )
        self.dialog.open()

    def _changed(self, _result: object) -> None:
        self.host.reload()

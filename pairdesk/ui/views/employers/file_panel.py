"""An employer's file: who they are, the contact persons, the offers (open and past),
the people placed there with their contracts, retention, disclosure choice and
accommodations, the contacts with the employer, and the next step.

Names of the people placed come from ``employer_file.employer_file``, which leaves them
out for a role that may not see them: the panel then says "A person placed" and explains.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QLabel,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from pairdesk.domain.permissions import Permission, allows
from pairdesk.formatting import short_date
from pairdesk.i18n import _, ngettext
from pairdesk.services import employer_file, employer_relations, employers
from pairdesk.services.context import ServiceContext
from pairdesk.services.employer_file import EmployerFile, PlacementLine
from pairdesk.services.employer_relations import InteractionRow
from pairdesk.services.employers import ContactRow
from pairdesk.ui.forms import FormDialog
from pairdesk.ui.models.employers_model import (
    ContactsModel,
    InteractionsModel,
    OffersLinesModel,
    PlacementsModel,
)
from pairdesk.ui.ops import Op
from pairdesk.ui.print_dialog import PrintPreviewDialog, open_preview
from pairdesk.ui.text_size import relative_font
from pairdesk.ui.views.employers.dialogs import (
    AccommodationsDialog,
    ContactDialog,
    ContractEmployerDialog,
    DisclosureDialog,
    EmployerDialog,
    InteractionDialog,
    SharesDialog,
    print_for_employer_tip,
)
from pairdesk.ui.views.employers.printing import employer_summary_job
from pairdesk.ui.views.team.common import make_table, note_label, selected_id
from pairdesk.ui.widgets import questions
from pairdesk.ui.widgets.flow_layout import FlowRow


def _label(parent: QWidget, name: str) -> QLabel:
    label = QLabel(parent)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setAccessibleName(name)
    return label


def _button(parent: QWidget, text: str, name: str) -> QPushButton:
    button = QPushButton(text, parent)
    button.setAccessibleName(name)
    return button


class EmployerFilePanel(QWidget):
    """One employer's file; ``back`` when the person goes back to the directory,
    ``changed(employer id)`` after anything was saved (the directory refreshes)."""

    back = Signal()
    changed = Signal(int)
    status_message = Signal(str)

    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("employerFile")
        self.ctx = ctx
        self.data: EmployerFile | None = None
        self.dialog: FormDialog | None = None
        self.list_dialog: AccommodationsDialog | SharesDialog | None = None
        self.preview: PrintPreviewDialog | None = None
        self.can_edit = allows(ctx.operator, Permission.EMPLOYERS)

        self.back_button = _button(self, _("← &Back to the directory"), _("Back to the directory"))
        self.title = _label(self, _("Employer"))
        self.title.setObjectName("employerName")
        relative_font(self.title, 1.3, bold=True)
        self.facts = _label(self, _("About the employer"))
        self.next_step = _label(self, _("Next step"))
        self.notes = _label(self, _("Notes on the employer"))
        self.hidden_note = note_label(
            _(
                "Your role ({role}) does not open participants' files: the people placed "
                "here are shown without their names."
            ).format(role=ctx.operator.role.label),
            self,
        )
        self.hidden_note.setAccessibleName(_("Why names are hidden"))
        self.hidden_note.hide()

        self.edit_button = _button(self, _("&Change…"), _("Change the employer"))
        self.contact_button = _button(
            self, _("&Record a contact…"), _("Record a contact with the employer")
        )
        self.active_button = _button(self, _("&Deactivate"), _("Deactivate the employer"))
        actions = FlowRow(self, spacing=8)
        for button in (self.back_button, self.edit_button, self.contact_button, self.active_button):
            actions.addWidget(button)

        self.tabs = QTabWidget(self)
        self.tabs.setAccessibleName(_("The employer's file"))
        self.contacts_model = ContactsModel(self)
        self.offers_model = OffersLinesModel(self)
        self.placements_model = PlacementsModel(self)
        self.interactions_model = InteractionsModel(self)
        self.contacts_table = make_table(self, self.contacts_model, _("Contact persons"))
        self.offers_table = make_table(self, self.offers_model, _("Offers of the employer"))
        self.placements_table = make_table(self, self.placements_model, _("People placed"))
        self.interactions_table = make_table(
            self, self.interactions_model, _("Contacts with the employer"), fit_contents=False
        )
        self.add_contact_button = _button(
            self, _("&Add a contact person…"), _("Add a contact person")
        )
        self.change_contact_button = _button(
            self, _("C&hange the contact person…"), _("Change the chosen contact person")
        )
        self.remove_contact_button = _button(
            self, _("Re&move the contact person"), _("Remove the chosen contact person")
        )
        self.disclosure_button = _button(
            self, _("&Disclosure choice…"), _("Record what the person chose to tell")
        )
        self.accommodation_button = _button(
            self, _("&Accommodations…"), _("Accommodations agreed on the contract")
        )
        self.move_button = _button(
            self, _("Change the &employer…"), _("Change the employer of the contract")
        )
        self.print_button = _button(
            self, _("&Print for the employer…"), _("Print a summary for the employer")
        )
        self.print_button.setToolTip(print_for_employer_tip())
        self._tab(
            self.contacts_table,
            (self.add_contact_button, self.change_contact_button, self.remove_contact_button),
        )
        self.shares_button = _button(
            self, _("&Shared with…"), _("People the offer was shared with and their choice")
        )
        self._tab(self.offers_table, (self.shares_button,))
        self._tab(
            self.placements_table,
            (
                self.disclosure_button,
                self.accommodation_button,
                self.move_button,
                self.print_button,
            ),
        )
        self.delete_interaction_button = _button(
            self, _("De&lete the contact…"), _("Delete the chosen contact with the employer")
        )
        self._tab(self.interactions_table, (self.delete_interaction_button,))

        layout = QVBoxLayout(self)
        layout.addWidget(actions)
        layout.addWidget(self.title)
        layout.addWidget(self.facts)
        layout.addWidget(self.next_step)
        layout.addWidget(self.notes)
        layout.addWidget(self.hidden_note)
        layout.addWidget(self.tabs, 1)

        self.back_button.clicked.connect(self.back)
        self.edit_button.clicked.connect(self.edit_employer)
        self.contact_button.clicked.connect(self.record_contact)
        self.active_button.clicked.connect(self.toggle_active)
        self.add_contact_button.clicked.connect(lambda: self.edit_contact(None))
        self.change_contact_button.clicked.connect(lambda: self.edit_contact(self._contact()))
        self.remove_contact_button.clicked.connect(self.remove_contact)
        self.contacts_table.activated.connect(lambda _i: self.edit_contact(self._contact()))
        self.disclosure_button.clicked.connect(self.change_disclosure)
        self.accommodation_button.clicked.connect(self.edit_accommodations)
        self.move_button.clicked.connect(self.change_employer)
        self.shares_button.clicked.connect(self.show_shares)
        self.offers_table.activated.connect(lambda _i: self.show_shares())
        self.print_button.clicked.connect(self.print_for_employer)
        self.delete_interaction_button.clicked.connect(self.delete_interaction)
        for table in (
            self.contacts_table,
            self.placements_table,
            self.offers_table,
            self.interactions_table,
        ):
            table.selectionModel().selectionChanged.connect(self._update_buttons)
        self._update_buttons()

    def _tab(self, table: QTableView, buttons: tuple[QPushButton, ...]) -> None:
        page = QWidget(self.tabs)
        column = QVBoxLayout(page)
        column.addWidget(table, 1)
        if buttons:
            row = FlowRow(page, spacing=8)
            for button in buttons:
                row.addWidget(button)
            column.addWidget(row)
        self.tabs.addTab(page, "")

    # -- loading -------------------------------------------------------------------------
    @property
    def employer_id(self) -> int | None:
        return self.data.employer.id if self.data is not None else None

    def load(self, employer_id: int) -> None:
        ctx = self.ctx
        Op(self, lambda: employer_file.employer_file(ctx, employer_id)).success(
            self.show_file
        ).run()

    def reload(self) -> None:
        if self.employer_id is not None:
            self.load(self.employer_id)

    def show_file(self, data: EmployerFile) -> None:
        self.data = data
        e = data.employer
        self.title.setText(e.name)
        facts = [e.kind.label]
        if e.town:
            facts.append(e.town)
        if e.sector:
            facts.append(e.sector)
        facts.append(e.size.label)
        if e.open_to_mental_health:
            facts.append(_("open to people with a mental-health disability"))
        if not e.active:
            facts.append(_("deactivated"))
        if data.accommodations_worked:
            facts.append(
                ngettext(
                    "{count} accommodation worked",
                    "{count} accommodations worked",
                    data.accommodations_worked,
                ).format(count=data.accommodations_worked)
            )
        self.facts.setText(" · ".join(facts))
        if e.next_step or e.next_step_on:
            when = short_date(e.next_step_on) if e.next_step_on else _("no date")
            self.next_step.setText(
                _("Next step ({when}): {what}").format(when=when, what=e.next_step or "—")
            )
        else:
            self.next_step.setText(_("No next step planned."))
        self.notes.setText(e.notes)
        self.notes.setVisible(bool(e.notes))
        self.hidden_note.setVisible(data.names_hidden and bool(data.placements))
        self.contacts_model.set_rows(data.contacts)
        self.offers_model.set_rows(data.open_offers + data.past_offers)
        self.placements_model.set_rows(data.placements)
        self.interactions_model.set_rows(data.interactions)
        self.tabs.setTabText(0, _("Contact persons ({count})").format(count=len(data.contacts)))
        opened = len(data.open_offers)
        self.tabs.setTabText(
            1,
            ngettext("Offers ({count} open)", "Offers ({count} open)", opened).format(count=opened),
        )
        self.tabs.setTabText(2, _("People placed ({count})").format(count=len(data.placements)))
        self.tabs.setTabText(3, _("Exchanges ({count})").format(count=len(data.interactions)))
        for index, tip in enumerate(
            (
                _("The employer's contact persons"),
                _("Offers: {open} open, {past} past").format(
                    open=len(data.open_offers), past=len(data.past_offers)
                ),
                _("Contracts with this employer, retention, disclosure and accommodations"),
                _("Contacts with the employer: visits, calls, awareness sessions, follow-ups"),
            )
        ):
            self.tabs.setTabToolTip(index, tip)
        self.active_button.setText(_("&Deactivate") if e.active else _("Re&activate"))
        self.active_button.setAccessibleName(
            _("Deactivate the employer") if e.active else _("Reactivate the employer")
        )
        self._update_buttons()

    # -- buttons -------------------------------------------------------------------------
    def _contact(self) -> ContactRow | None:
        chosen = selected_id(self.contacts_table)
        row = self.contacts_model.row_of(chosen) if chosen is not None else None
        return self.contacts_model.row_at(row) if row is not None else None

    def _placement(self) -> PlacementLine | None:
        chosen = selected_id(self.placements_table)
        row = self.placements_model.row_of(chosen) if chosen is not None else None
        return self.placements_model.row_at(row) if row is not None else None

    def _interaction(self) -> InteractionRow | None:
        chosen = selected_id(self.interactions_table)
        row = self.interactions_model.row_of(chosen) if chosen is not None else None
        return self.interactions_model.row_at(row) if row is not None else None

    def _update_buttons(self, *_args: object) -> None:
        loaded = self.data is not None
        for button in (
            self.edit_button,
            self.contact_button,
            self.active_button,
            self.add_contact_button,
        ):
            button.setEnabled(self.can_edit and loaded)
        has_contact = self._contact() is not None
        self.change_contact_button.setEnabled(self.can_edit and has_contact)
        self.remove_contact_button.setEnabled(self.can_edit and has_contact)
        self.shares_button.setEnabled(selected_id(self.offers_table) is not None)
        self.delete_interaction_button.setEnabled(self.can_edit and self._interaction() is not None)
        placement = self._placement()
        # the person's file opens to this operator only when their name is shown
        may = placement is not None and placement.participant_id is not None
        for button in (
            self.disclosure_button,
            self.accommodation_button,
            self.move_button,
            self.print_button,
        ):
            button.setEnabled(may)

    def _saved(self, message: str) -> None:
        self.status_message.emit(message)
        if self.employer_id is not None:
            self.changed.emit(self.employer_id)
        self.reload()

    def _open(self, dialog: FormDialog, message: str) -> None:
        self.dialog = dialog
        dialog.saved.connect(lambda _row: self._saved(message))
        dialog.open()

    def edit_employer(self) -> None:
        if self.data is not None and self.can_edit:
            self._open(
                EmployerDialog(self.ctx, self.data.employer, self),
                _("{name}: changes saved.").format(name=self.data.employer.name),
            )

    def record_contact(self) -> None:
        if self.data is not None and self.can_edit:
            self._open(
                InteractionDialog(self.ctx, self.data.employer, self),
                _("Contact with {name} recorded.").format(name=self.data.employer.name),
            )

    def edit_contact(self, contact: ContactRow | None) -> None:
        if self.employer_id is None or not self.can_edit:
            return
        self._open(
            ContactDialog(self.ctx, self.employer_id, contact, self),
            _("Contact person saved."),
        )

    def remove_contact(self) -> None:
        contact = self._contact()
        if contact is None or not self.can_edit:
            return
        if not questions.confirm(
            self,
            _("Remove a contact person"),
            _("Remove {name} from the employer's contact persons?").format(name=contact.name),
            _("Re&move"),
        ):
            return
        ctx, contact_id = self.ctx, contact.id
        Op(self, lambda: employers.remove_contact(ctx, contact_id)).success(
            lambda _none: self._saved(_("Contact person removed."))
        ).run()

    def delete_interaction(self) -> None:
        """Delete a contact with the employer typed by mistake, after a question that says
        which one (nothing else of the file changes; the journal keeps the deletion)."""
        line = self._interaction()
        if line is None or not self.can_edit or self.data is None:
            return
        if not questions.confirm(
            self,
            _("Delete a contact with the employer"),
            _(
                "Delete the contact of {date} ({kind}) with {name}? It cannot be undone; the "
                "journal keeps a line saying it was deleted."
            ).format(
                date=short_date(line.occurred_on),
                kind=line.kind.label,
                name=self.data.employer.name,
            ),
            _("De&lete"),
            warning=True,
        ):
            return
        ctx, interaction_id = self.ctx, line.id
        Op(self, lambda: employer_relations.delete_interaction(ctx, interaction_id)).success(
            lambda _none: self._saved(_("Contact with the employer deleted."))
        ).run()

    def toggle_active(self) -> None:
        if self.data is None or not self.can_edit:
            return
        e = self.data.employer
        if e.active and not questions.confirm(
            self,
            _("Deactivate an employer"),
            _(
                "{name} will no longer be offered for new offers and contracts; its history "
                "stays. Deactivate?"
            ).format(name=e.name),
            _("&Deactivate"),
        ):
            return
        ctx, employer_id, active = self.ctx, e.id, not e.active
        Op(self, lambda: employers.set_active(ctx, employer_id, active)).success(
            lambda row: self._saved(
                (
                    _("{name} was reactivated.") if row.active else _("{name} was deactivated.")
                ).format(name=row.name)
            )
        ).run()

    def change_disclosure(self) -> None:
        placement = self._placement()
        if placement is None or placement.participant_id is None:
            return
        title = placement.job_title or placement.contract_type.label
        self._open(
            DisclosureDialog(
                self.ctx,
                placement.contract_id,
                title,
                placement.disclosure.value if placement.disclosure else None,
                self,
                person=placement.person,
            ),
            _("Disclosure choice recorded."),
        )

    def edit_accommodations(self) -> None:
        placement = self._placement()
        if placement is None or placement.participant_id is None:
            return
        title = placement.job_title or placement.contract_type.label
        dialog = AccommodationsDialog(self.ctx, placement.contract_id, title, self)
        dialog.changed.connect(lambda: self._saved(_("Accommodations saved.")))
        self.list_dialog = dialog
        dialog.open()

    def change_employer(self) -> None:
        placement = self._placement()
        if placement is None or placement.participant_id is None or self.data is None:
            return
        title = placement.job_title or placement.contract_type.label
        self._open(
            ContractEmployerDialog(
                self.ctx, placement.contract_id, title, self.data.employer, self
            ),
            _("The contract's employer was changed."),
        )

    def print_for_employer(self) -> None:
        placement = self._placement()
        if placement is None or placement.participant_id is None or self.data is None:
            return
        self.preview = open_preview(
            self.ctx,
            employer_summary_job(self.ctx, placement.participant_id, self.data.employer.id),
            self,
        )

    def show_shares(self) -> None:
        chosen = selected_id(self.offers_table)
        row = self.offers_model.row_of(chosen) if chosen is not None else None
        line = self.offers_model.row_at(row) if row is not None else None
        if line is None:
            return
        assert self.employer_id is not None
        dialog = SharesDialog(self.ctx, line.id, line.title, self.employer_id, self)
        dialog.changed.connect(lambda: self._saved(_("Disclosure choice recorded.")))
        self.list_dialog = dialog
        dialog.open()

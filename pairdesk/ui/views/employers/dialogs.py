"""The employer page's dialogs, all on the form kit: an employer (with a first contact
person when new), a contact person, a contact with the employer, the person's disclosure
choice on a contract, an accommodation, and resolving a name the upgrade left to confirm."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pairdesk.domain.employers import (
    AccommodationKind,
    AccommodationOutcome,
    EmployerKind,
    EmployerSize,
    InteractionKind,
)
from pairdesk.domain.permissions import Permission, allows
from pairdesk.errors import InvalidInput
from pairdesk.i18n import _
from pairdesk.services import employer_file, employer_relations, employers
from pairdesk.services.context import ServiceContext
from pairdesk.services.employer_file import ShareDisclosureLine
from pairdesk.services.employer_relations import (
    AccommodationInput,
    AccommodationRow,
    DisclosureRow,
    InteractionInput,
    InteractionRow,
)
from pairdesk.services.employers import (
    ContactInput,
    ContactRow,
    EmployerInput,
    EmployerRow,
    ToConfirmRow,
)
from pairdesk.ui.forms import FormDialog
from pairdesk.ui.forms.dialog import listed
from pairdesk.ui.models.employers_model import (
    AccommodationsModel,
    DisclosureHistoryModel,
    ShareDisclosuresModel,
)
from pairdesk.ui.ops import Op
from pairdesk.ui.print_dialog import open_preview
from pairdesk.ui.views.employers.printing import employer_summary_job
from pairdesk.ui.views.team.common import selected_id
from pairdesk.ui.widgets import questions
from pairdesk.ui.widgets.date_field import DateField
from pairdesk.ui.widgets.dialog_parts import wrapped_label
from pairdesk.ui.widgets.employer_picker import (
    EmployerPicker,
    chosen_disclosure,
    disclosure_combo,
)
from pairdesk.ui.widgets.flow_layout import FlowRow
from pairdesk.ui.widgets.participant_picker import ParticipantPicker
from pairdesk.ui.widgets.tables import make_table


def _notes_box(parent: QWidget, lines: int = 4) -> QPlainTextEdit:
    box = QPlainTextEdit(parent)
    box.setTabChangesFocus(True)
    box.setMaximumHeight(box.fontMetrics().height() * (lines + 2))
    return box


def _enum_combo(parent: QWidget, values: type[EmployerKind] | type[EmployerSize]) -> QComboBox:
    combo = QComboBox(parent)
    for value in values:
        combo.addItem(value.label, value.value)
    return combo


class EmployerDialog(FormDialog):
    """A new employer (with its first contact person, optional) or a change of one."""

    draft_kind = "employers.employer"

    def __init__(
        self, ctx: ServiceContext, employer: EmployerRow | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(
            parent,
            _("New employer") if employer is None else _("Change an employer"),
            what=_("This employer"),
            scrolled=True,
        )
        self.ctx = ctx
        form = self.form
        self.name_field = form.add("name", _("&Name:"), QLineEdit(self.content), required=True)
        self.kind_combo = form.add("kind", _("&Kind:"), _enum_combo(self.content, EmployerKind))
        self.sector_field = form.add("sector", _("&Sector:"), QLineEdit(self.content))
        self.town_field = form.add("town", _("&Town:"), QLineEdit(self.content))
        self.size_combo = form.add("size", _("Si&ze:"), _enum_combo(self.content, EmployerSize))
        self.open_box = form.add(
            "open_to_mental_health",
            "",
            QCheckBox(_("&Open to people with a mental-health disability"), self.content),
        )
        self.notes_field = form.add("notes", _("N&otes:"), _notes_box(self.content))
        self.next_step_field = form.add("next_step", _("Ne&xt step:"), QLineEdit(self.content))
        self.next_step_on_field = form.add(
            "next_step_on",
            _("Next step &on:"),
            DateField(self.content, optional=True, default=ctx.today()),
        )
        self.contact_fields: dict[str, QLineEdit] = {}
        if employer is None:
            heading = QLabel(_("First contact person (optional)"), self.content)
            heading.setWordWrap(True)
            self.fields.addRow(heading)
            for name, label in (
                ("contact_name", _("Contact's n&ame:")),
                ("contact_role", _("Contact's &role:")),
                ("contact_phone", _("Contact's &phone:")),
                ("contact_email", _("Contact's &e-mail:")),
            ):
                self.contact_fields[name] = form.add(name, label, QLineEdit(self.content))
        else:
            self.show_employer(employer)
        self.reads_record(
            lambda employer_id: employers.get_employer(ctx, employer_id), self.show_employer
        )
        self.set_record(employer.id if employer is not None else None, _("Change an employer"))

    def show_employer(self, employer: EmployerRow) -> None:
        self.form.set_values(
            {
                "name": employer.name,
                "kind": employer.kind.value,
                "sector": employer.sector,
                "town": employer.town,
                "size": employer.size.value,
                "open_to_mental_health": employer.open_to_mental_health,
                "notes": employer.notes,
                "next_step": employer.next_step,
                "next_step_on": employer.next_step_on,
            },
            edit_version=employer.edit_version,
        )

    @classmethod
    def blank(cls, parent: QWidget, ctx: ServiceContext) -> FormDialog:
        return cls(ctx, None, parent)

    def employer_input(self) -> EmployerInput:
        return EmployerInput(
            name=self.name_field.text(),
            sector=self.sector_field.text(),
            town=self.town_field.text(),
            size=EmployerSize(self.size_combo.currentData()),
            kind=EmployerKind(self.kind_combo.currentData()),
            open_to_mental_health=self.open_box.isChecked(),
            notes=self.notes_field.toPlainText(),
            next_step=self.next_step_field.text(),
            next_step_on=self.next_step_on_field.date(),
            edit_version=self.form.edit_version,
        )

    def contact_input(self) -> ContactInput | None:
        if not self.contact_fields:
            return None
        values = {k: w.text() for k, w in self.contact_fields.items()}
        if not any(v.strip() for v in values.values()):
            return None
        if not values["contact_name"].strip():
            raise InvalidInput(
                _("Give the contact person's name, or leave the four contact fields empty."),
                field="contact_name",
            )
        return ContactInput(
            name=values["contact_name"],
            role=values["contact_role"],
            phone=values["contact_phone"],
            email=values["contact_email"],
        )

    def action(self) -> Callable[[], EmployerRow]:
        ctx, data, employer_id = self.ctx, self.employer_input(), self.record_id
        contact = self.contact_input()
        if employer_id is not None:
            return lambda: employers.update_employer(ctx, employer_id, data)

        def create() -> EmployerRow:
            row = employers.create_employer(ctx, data)
            if contact is not None:
                try:
                    employers.add_contact(ctx, row.id, contact)
                except InvalidInput as error:  # the employer is saved: say so, by the field
                    raise InvalidInput(
                        _("{name} was added, but not its contact person: {error}").format(
                            name=row.name, error=error
                        ),
                        field=f"contact_{error.field}" if error.field else None,
                    ) from error
            return row

        return create


class ContactDialog(FormDialog):
    """A contact person at the employer (name, role, phone, e-mail)."""

    def __init__(
        self,
        ctx: ServiceContext,
        employer_id: int,
        contact: ContactRow | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            parent,
            _("New contact person") if contact is None else _("Change a contact person"),
            what=_("This contact person"),
        )
        self.ctx = ctx
        self.employer_id = employer_id
        self.name_field = self.form.add("name", _("&Name:"), QLineEdit(self), required=True)
        self.role_field = self.form.add("role", _("&Role:"), QLineEdit(self))
        self.phone_field = self.form.add("phone", _("&Phone:"), QLineEdit(self))
        self.email_field = self.form.add("email", _("E-&mail:"), QLineEdit(self))
        if contact is not None:
            self.show_contact(contact)
        self.reads_record(
            lambda contact_id: listed(
                employers.list_contacts(ctx, employer_id), contact_id, _("employer contact")
            ),
            self.show_contact,
        )
        self.set_record(contact.id if contact is not None else None)

    def show_contact(self, contact: ContactRow) -> None:
        self.form.set_values(
            {
                "name": contact.name,
                "role": contact.role,
                "phone": contact.phone,
                "email": contact.email,
            },
            edit_version=contact.edit_version,
        )

    def action(self) -> Callable[[], ContactRow]:
        ctx, employer_id, contact_id = self.ctx, self.employer_id, self.record_id
        data = ContactInput(
            name=self.name_field.text(),
            role=self.role_field.text(),
            phone=self.phone_field.text(),
            email=self.email_field.text(),
            edit_version=self.form.edit_version,
        )
        if contact_id is None:
            return lambda: employers.add_contact(ctx, employer_id, data)
        return lambda: employers.update_contact(ctx, contact_id, data)


class PersonField(ParticipantPicker):
    """The participant picker as a form-kit field: its value is the person's id."""

    changed = Signal()

    def __init__(self, ctx: ServiceContext, what: str, parent: QWidget | None = None) -> None:
        super().__init__(ctx, what, parent)
        self.participant_changed.connect(lambda _id: self.changed.emit())

    def raw_value(self) -> int | None:
        return self.participant_id()

    def set_raw_value(self, raw: object) -> None:
        self.select(raw if isinstance(raw, int) else None)
        self.search()

    def value(self) -> int | None:
        return self.participant_id()

    def set_value(self, value: object) -> None:
        self.set_raw_value(value)


class InteractionDialog(FormDialog):
    """Record a contact with the employer. One about a person is refused, beside the
    person, when they did not tell this employer about their situation."""

    def __init__(
        self, ctx: ServiceContext, employer: EmployerRow, parent: QWidget | None = None
    ) -> None:
        super().__init__(
            parent,
            _("Contact with {name}").format(name=employer.name),
            what=_("This contact with the employer"),
            ok_text=_("&Record the contact"),
        )
        self.ctx = ctx
        self.employer_id = employer.id
        self.date_field = self.form.add(
            "occurred_on", _("&Date:"), DateField(self, default=ctx.today())
        )
        self.kind_combo = QComboBox(self)
        for kind in InteractionKind:
            self.kind_combo.addItem(kind.label, kind.value)
        self.form.add("kind", _("&Kind of contact:"), self.kind_combo)
        self.person_field: PersonField | None = None
        if allows(ctx.operator, Permission.PARTICIPANT_FILES):
            self.person_field = self.form.add(
                "participant_id",
                _("About a &person:"),
                PersonField(ctx, _("About a person"), self),
                help_text=_(
                    "Only when the person told this employer about their situation "
                    "(their choice on the contract or the offer)."
                ),
            )
            self.person_field.search()
        self.text_field = self.form.add("text", _("&What was said:"), _notes_box(self, 6))

    def action(self) -> Callable[[], InteractionRow]:
        ctx, employer_id = self.ctx, self.employer_id
        day = self.date_field.date()
        assert day is not None
        data = InteractionInput(
            occurred_on=day,
            kind=InteractionKind(self.kind_combo.currentData()),
            text=self.text_field.toPlainText(),
            participant_id=self.person_field.value() if self.person_field else None,
        )
        return lambda: employer_relations.record_interaction(ctx, employer_id, data)


class DisclosureDialog(FormDialog):
    """The person's choice about telling the employer, on one contract or one offer
    share: its history (who chose what, when) above, a new dated choice below; a change
    adds to the history."""

    def __init__(
        self,
        ctx: ServiceContext,
        contract_id: int | None,
        title: str,
        current: object = None,
        parent: QWidget | None = None,
        *,
        offer_share_id: int | None = None,
        person: str = "",
    ) -> None:
        super().__init__(
            parent,
            _("What the person chose to tell: {what}").format(what=title),
            what=_("This disclosure choice"),
            ok_text=_("&Record the choice"),
        )
        self.ctx = ctx
        self.contract_id = contract_id
        self.offer_share_id = offer_share_id
        self.history_label = QLabel(
            _("What {person} chose so far:").format(person=person)
            if person
            else _("What the person chose so far:"),
            self,
        )
        self.history_label.setWordWrap(True)
        self.history_model = DisclosureHistoryModel(self)
        self.history_table = make_table(
            self, self.history_model, _("Disclosure choices recorded"), rows=4
        )
        self.history_empty = QLabel(_("No choice recorded yet (counts as not disclosed)."), self)
        self.history_empty.setWordWrap(True)
        self.history_empty.hide()
        for index, widget in enumerate(
            (self.history_label, self.history_table, self.history_empty)
        ):
            self.main_layout.insertWidget(index, widget)
        self.choice_combo = self.form.add(
            "choice",
            _("The person &chose:"),
            disclosure_combo(self),
            help_text=_(
                "It is the person's own choice, asked in plain words; it can change later."
            ),
        )
        self.form.set_values({"choice": current})
        self.date_field = self.form.add(
            "chosen_on", _("Chosen &on:"), DateField(self, default=ctx.today())
        )
        share = offer_share_id
        Op(
            self,
            lambda: employer_relations.disclosure_history(
                ctx, contract_id=contract_id, offer_share_id=share
            ),
        ).success(self._show_history).run()

    def _show_history(self, rows: list[DisclosureRow]) -> None:
        self.history_model.set_rows(rows)
        self.history_table.setVisible(bool(rows))
        self.history_empty.setVisible(not rows)

    def action(self) -> Callable[[], DisclosureRow]:
        choice = chosen_disclosure(self.choice_combo)
        if choice is None:
            raise InvalidInput(_("Choose what the person chose to tell."), field="choice")
        ctx, contract_id, day = self.ctx, self.contract_id, self.date_field.date()
        share = self.offer_share_id
        return lambda: employer_relations.set_disclosure(
            ctx, choice, contract_id=contract_id, offer_share_id=share, chosen_on=day
        )


class ContractEmployerDialog(FormDialog):
    """Change a contract's employer: pick it in the directory, or type a new name (entered
    in the directory when saved)."""

    def __init__(
        self,
        ctx: ServiceContext,
        contract_id: int,
        title: str,
        employer: EmployerRow | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            parent,
            _("The employer of the contract: {what}").format(what=title),
            what=_("This contract's employer"),
        )
        self.ctx = ctx
        self.contract_id = contract_id
        self.picker = self.form.add(
            "employer",
            _("&Employer:"),
            EmployerPicker(ctx, _("Employer"), self),
            aliases=("employer_id",),
            help_text=_(
                "Type part of the name and choose it in the list, or keep what you typed "
                "as a new employer of the directory."
            ),
        )
        self.form.set_values({"employer": (employer.id, employer.name) if employer else None})

    def action(self) -> Callable[[], EmployerRow | None]:
        ctx, contract_id = self.ctx, self.contract_id
        employer_id, name = self.picker.employer_id(), self.picker.employer_name()
        return lambda: employers.set_contract_employer(ctx, contract_id, employer_id, name)


class AccommodationDialog(FormDialog):
    """An accommodation agreed on a contract, in work terms, and whether it worked."""

    def __init__(
        self,
        ctx: ServiceContext,
        contract_id: int,
        accommodation: AccommodationRow | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            parent,
            _("New accommodation") if accommodation is None else _("Change an accommodation"),
            what=_("This accommodation"),
        )
        self.ctx = ctx
        self.contract_id = contract_id
        self.kind_combo = QComboBox(self)
        for kind in AccommodationKind:
            self.kind_combo.addItem(kind.label, kind.value)
        self.form.add(
            "kind",
            _("&Accommodation:"),
            self.kind_combo,
            help_text=_("In work terms (hours, breaks, a quiet place…), never a diagnosis."),
        )
        self.details_field = self.form.add("details", _("&Details:"), _notes_box(self, 3))
        self.agreed_field = self.form.add(
            "agreed_on", _("A&greed on:"), DateField(self, optional=True, default=ctx.today())
        )
        self.outcome_combo = QComboBox(self)
        for outcome in AccommodationOutcome:
            self.outcome_combo.addItem(outcome.label, outcome.value)
        self.form.add("outcome", _("Did it &work?"), self.outcome_combo)
        if accommodation is not None:
            self.show_accommodation(accommodation)
        self.reads_record(
            lambda record_id: listed(
                employer_relations.list_accommodations(ctx, contract_id),
                record_id,
                _("accommodation"),
            ),
            self.show_accommodation,
        )
        self.set_record(accommodation.id if accommodation is not None else None)

    def show_accommodation(self, accommodation: AccommodationRow) -> None:
        self.form.set_values(
            {
                "kind": accommodation.kind.value,
                "details": accommodation.details,
                "agreed_on": accommodation.agreed_on,
                "outcome": accommodation.outcome.value,
            },
            edit_version=accommodation.edit_version,
        )

    def action(self) -> Callable[[], AccommodationRow]:
        data = AccommodationInput(
            kind=AccommodationKind(self.kind_combo.currentData()),
            details=self.details_field.toPlainText(),
            agreed_on=self.agreed_field.date(),
            outcome=AccommodationOutcome(self.outcome_combo.currentData()),
            edit_version=self.form.edit_version,
        )
        ctx, contract_id, record_id = self.ctx, self.contract_id, self.record_id
        if record_id is None:
            return lambda: employer_relations.add_accommodation(ctx, contract_id, data)
        return lambda: employer_relations.update_accommodation(ctx, record_id, data)


class ResolveDialog(FormDialog):
    """Link an offer or a contract whose typed name the upgrade could not decide: pick the
    employer, type a new one, or leave it unlinked on purpose."""

    def __init__(
        self, ctx: ServiceContext, item: ToConfirmRow, parent: QWidget | None = None
    ) -> None:
        super().__init__(
            parent,
            _("Confirm the employer of “{name}”").format(name=item.typed_name or _("(blank)")),
            what=_("This choice"),
            ok_text=_("&Confirm"),
        )
        self.ctx = ctx
        self.item = item
        intro = QLabel(
            _("{reason}. {details}").format(reason=item.reason.label, details=item.details)
            if item.details
            else item.reason.label,
            self,
        )
        intro.setWordWrap(True)
        self.fields.addRow(intro)
        self.picker = self.form.add(
            "employer_id",
            _("&Employer:"),
            EmployerPicker(ctx, _("Employer"), self, field="employer_id"),
            help_text=_('"No employer" leaves the record without an employer, on purpose.'),
        )
        self.picker.set_employer(None, item.typed_name)

    def action(self) -> Callable[[], ToConfirmRow]:
        ctx, item_id = self.ctx, self.item.id
        employer_id = self.picker.employer_id()
        new = EmployerInput(name=self.picker.employer_name()) if self.picker.is_new() else None
        return lambda: employers.resolve_to_confirm(ctx, item_id, employer_id, new_employer=new)


class AccommodationsDialog(QDialog):
    """The accommodations agreed on one contract, in work terms: add one, change one
    (what it is, whether it worked), remove one. ``changed`` after each save."""

    changed = Signal()

    def __init__(self, ctx: ServiceContext, contract_id: int, title: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Accommodations: {what}").format(what=title))
        self.setAccessibleName(self.windowTitle())
        self.ctx = ctx
        self.contract_id = contract_id
        self.dialog: FormDialog | None = None
        note = wrapped_label(
            _(
                "Named in work terms (hours, breaks, a quiet place, written instructions, a "
                "tutor in the company), never as a diagnosis. Say whether each one worked."
            ),
            self,
        )
        self.model = AccommodationsModel(self)
        self.table = make_table(self, self.model, _("Accommodations agreed"), rows=6)
        self.add_button = QPushButton(_("&Add…"), self)
        self.add_button.setAccessibleName(_("Add an accommodation"))
        self.change_button = QPushButton(_("&Change…"), self)
        self.change_button.setAccessibleName(_("Change the chosen accommodation"))
        self.remove_button = QPushButton(_("&Remove"), self)
        self.remove_button.setAccessibleName(_("Remove the chosen accommodation"))
        self.close_button = QPushButton(_("C&lose"), self)
        self.close_button.setAccessibleName(_("Close"))
        buttons = FlowRow(self, spacing=8)
        for button in (self.add_button, self.change_button, self.remove_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.close_button)
        layout.addLayout(bottom)
        self.add_button.clicked.connect(lambda: self.edit(None))
        self.change_button.clicked.connect(lambda: self.edit(self.chosen()))
        self.remove_button.clicked.connect(self.remove)
        self.close_button.clicked.connect(self.accept)
        self.table.activated.connect(lambda _i: self.edit(self.chosen()))
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 80)
        self._update_buttons()
        self.load()

    def load(self) -> None:
        ctx, contract_id = self.ctx, self.contract_id
        Op(self, lambda: employer_relations.list_accommodations(ctx, contract_id)).success(
            self._show
        ).run()

    def _show(self, rows: list[AccommodationRow]) -> None:
        self.model.set_rows(rows)
        self._update_buttons()

    def chosen(self) -> AccommodationRow | None:
        chosen = selected_id(self.table)
        row = self.model.row_of(chosen) if chosen is not None else None
        return self.model.row_at(row) if row is not None else None

    def _update_buttons(self, *_args: object) -> None:
        has = self.chosen() is not None
        self.change_button.setEnabled(has)
        self.remove_button.setEnabled(has)

    def _saved(self) -> None:
        self.changed.emit()
        self.load()

    def edit(self, accommodation: AccommodationRow | None) -> None:
        self.dialog = AccommodationDialog(self.ctx, self.contract_id, accommodation, self)
        self.dialog.saved.connect(lambda _row: self._saved())
        self.dialog.open()

    def remove(self) -> None:
        chosen = self.chosen()
        if chosen is None or not questions.confirm(
            self,
            _("Remove an accommodation"),
            _("Remove “{what}” from the contract's accommodations?").format(what=chosen.kind.label),
            _("&Remove"),
        ):
            return
        ctx, accommodation_id = self.ctx, chosen.id
        Op(self, lambda: employer_relations.delete_accommodation(ctx, accommodation_id)).success(
            lambda _none: self._saved()
        ).run()


class SharesDialog(QDialog):
    """The people an offer of this employer was shared with, and what each chose to tell
    the employer on that share (dated, with its history). ``changed`` after a choice."""

    changed = Signal()

    def __init__(
        self, ctx: ServiceContext, offer_id: int, title: str, employer_id: int, parent: QWidget
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Offer shared: {what}").format(what=title))
        self.employer_id = employer_id
        self.preview: QDialog | None = None
        self.setAccessibleName(self.windowTitle())
        self.ctx = ctx
        self.offer_id = offer_id
        self.dialog: DisclosureDialog | None = None
        note = wrapped_label(
            _(
                "For each person the offer was shared with: what they chose to tell the "
                "employer about their disability, RQTH or health if they apply."
            ),
            self,
        )
        self.model = ShareDisclosuresModel(self)
        self.table = make_table(self, self.model, _("People the offer was shared with"), rows=6)
        self.empty = wrapped_label(_("This offer was not shared with anyone yet."), self)
        self.empty.hide()
        self.disclosure_button = QPushButton(_("&Disclosure choice…"), self)
        self.disclosure_button.setAccessibleName(_("Record what the person chose to tell"))
        self.print_button = QPushButton(_("&Print for the employer…"), self)
        self.print_button.setAccessibleName(_("Print a summary for the employer"))
        self.print_button.setToolTip(print_for_employer_tip())
        self.close_button = QPushButton(_("C&lose"), self)
        self.close_button.setAccessibleName(_("Close"))
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        bottom = QHBoxLayout()
        bottom.addWidget(self.disclosure_button)
        bottom.addWidget(self.print_button)
        bottom.addStretch(1)
        bottom.addWidget(self.close_button)
        layout.addLayout(bottom)
        self.disclosure_button.clicked.connect(self.change_disclosure)
        self.print_button.clicked.connect(self.print_for_employer)
        self.close_button.clicked.connect(self.accept)
        self.table.activated.connect(lambda _i: self.change_disclosure())
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 70)
        self._update_buttons()
        self.load()

    def load(self) -> None:
        ctx, offer_id = self.ctx, self.offer_id
        Op(self, lambda: employer_file.offer_share_disclosures(ctx, offer_id)).success(
            self._show
        ).run()

    def _show(self, rows: list[ShareDisclosureLine]) -> None:
        self.model.set_rows(rows)
        self.table.setVisible(bool(rows))
        self.empty.setVisible(not rows)
        self._update_buttons()

    def chosen(self) -> ShareDisclosureLine | None:
        chosen = selected_id(self.table)
        row = self.model.row_of(chosen) if chosen is not None else None
        return self.model.row_at(row) if row is not None else None

    def _update_buttons(self, *_args: object) -> None:
        line = self.chosen()
        # the person's choice is theirs to see only when their name is shown
        shown = line is not None and line.participant_id is not None
        self.disclosure_button.setEnabled(shown)
        self.print_button.setEnabled(shown)

    def _saved(self) -> None:
        self.changed.emit()
        self.load()

    def change_disclosure(self) -> None:
        line = self.chosen()
        if line is None or line.participant_id is None:
            return
        self.dialog = DisclosureDialog(
            self.ctx,
            None,
            self.windowTitle(),
            line.disclosure.value if line.disclosure else None,
            self,
            offer_share_id=line.share_id,
            person=line.person,
        )
        self.dialog.saved.connect(lambda _row: self._saved())
        self.dialog.open()

    def print_for_employer(self) -> None:
        line = self.chosen()
        if line is None or line.participant_id is None:
            return
        self.preview = open_preview(
            self.ctx, employer_summary_job(self.ctx, line.participant_id, self.employer_id), self
        )


def print_for_employer_tip() -> str:
    return _(
        "Never more than the person chose to tell this employer: without the association's "
        "support disclosed, a professional profile without the association, with the RQTH "
        "only if the person chose to tell it."
    )

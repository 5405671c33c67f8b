"""The referents directory: the outside professionals who follow participants (France
Travail, Cap Emploi, DEA…), picked in participant files. Every operator may keep it up to
date. Search is accent-insensitive and done by the service."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from pairdesk.domain.enums import ReferentKind
from pairdesk.domain.permissions import Permission, allows
from pairdesk.i18n import _, ngettext
from pairdesk.services import referents
from pairdesk.services.context import ServiceContext
from pairdesk.services.referents import ReferentInput, ReferentRow
from pairdesk.ui.forms import FormDialog
from pairdesk.ui.models.referents_model import ReferentsModel
from pairdesk.ui.widgets import questions
from pairdesk.ui.widgets.dialog_parts import button_row
from pairdesk.ui.widgets.record_list import RecordList, note_label


class ReferentDialog(FormDialog):
    """Add or change a referent."""

    draft_kind = "team.referent"

    def __init__(
        self, ctx: ServiceContext, referent: ReferentRow | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(
            parent,
            _("New referent") if referent is None else _("Change a referent"),
            what=_("This referent"),
        )
        self.ctx = ctx
        form = self.form
        self.name_field = form.add("name", _("&Name:"), QLineEdit(self))
        self.organisation_field = form.add("organisation", _("&Organisation:"), QLineEdit(self))
        self.kind_combo = QComboBox(self)
        for kind in ReferentKind:
            self.kind_combo.addItem(kind.label, kind.value)
        self.kind_combo.setCurrentIndex(self.kind_combo.findData(ReferentKind.OTHER.value))
        form.add("kind", _("&Kind:"), self.kind_combo)
        self.phone_field = form.add("phone", _("&Phone:"), QLineEdit(self))
        self.email_field = form.add("email", _("E-&mail:"), QLineEdit(self))
        self.notes_field = form.add("notes", _("N&otes:"), QPlainTextEdit(self))
        self.notes_field.setTabChangesFocus(True)
        self.notes_field.setMaximumHeight(self.notes_field.fontMetrics().height() * 6)
        if referent is not None:
            self.show_referent(referent)
        self.reads_record(
            lambda referent_id: referents.get_referent(ctx, referent_id), self.show_referent
        )
        self.set_record(referent.id if referent is not None else None, _("Change a referent"))

    def show_referent(self, referent: ReferentRow) -> None:
        self.form.set_values(
            {
                "name": referent.name,
                "organisation": referent.organisation,
                "kind": referent.kind.value,
                "phone": referent.phone,
                "email": referent.email,
                "notes": referent.notes,
            },
            edit_version=referent.edit_version,
        )

    @classmethod
    def blank(cls, parent: QWidget, ctx: ServiceContext) -> FormDialog:
        return cls(ctx, None, parent)

    def referent_input(self) -> ReferentInput:
        return ReferentInput(
            name=self.name_field.text(),
            organisation=self.organisation_field.text(),
            kind=ReferentKind(self.kind_combo.currentData()),
            phone=self.phone_field.text(),
            email=self.email_field.text(),
            notes=self.notes_field.toPlainText(),
            edit_version=self.form.edit_version,
        )

    def action(self) -> Callable[[], ReferentRow]:
        ctx, data, referent_id = self.ctx, self.referent_input(), self.record_id
        if referent_id is None:
            return lambda: referents.create_referent(ctx, data)
        return lambda: referents.update_referent(ctx, referent_id, data)


class ReferentsTab(RecordList[ReferentRow]):
    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent, "referentsTab")
        self.can_edit = allows(ctx.operator, Permission.REFERENTS)
        self.read_only_note = note_label(
            _(
                "You can read the directory but not change it: your role ({role}) does not "
                "give access to the referents."
            ).format(role=ctx.operator.role.label),
            self,
        )
        self.read_only_note.setAccessibleName(_("Why the directory is read-only"))
        self.read_only_note.setVisible(not self.can_edit)

        search_label, search_field = self.search_box(
            "referentSearch", _("Name, organisation or e-mail…"), _("Search referents")
        )
        self.kind_combo = QComboBox(self)
        self.kind_combo.setAccessibleName(_("Filter by kind"))
        self.kind_combo.addItem(_("All kinds"), None)
        for kind in ReferentKind:
            self.kind_combo.addItem(kind.label, kind.value)
        kind_label = QLabel(_("&Kind:"), self)
        kind_label.setBuddy(self.kind_combo)
        self.show_inactive = QCheckBox(_("Show &former referents"), self)
        self.show_inactive.setAccessibleName(_("Show former referents"))
        self.kind_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.kind_combo.setMinimumContentsLength(14)
        filters = QHBoxLayout()
        filters.addWidget(search_label)
        filters.addWidget(search_field, 1)
        filters.addWidget(kind_label)
        filters.addWidget(self.kind_combo)
        more_filters = QHBoxLayout()
        more_filters.addWidget(self.show_inactive)
        more_filters.addStretch(1)

        self.count_label.setAccessibleName(_("Number of referents found"))
        self.set_table(ReferentsModel(self), _("Referents"), "referentsTable")
        self.add_button = self.button(
            _("&Add a referent…"), _("Add a referent"), self.add_referent, new=True
        )
        self.edit_button = self.button(
            _("&Change…"), _("Change the chosen referent"), self.edit_referent
        )
        self.deactivate_button = self.button(
            _("&Deactivate"), _("Deactivate the chosen referent"), self.deactivate_referent
        )
        self.bind_delete(self.deactivate_referent)
        buttons = button_row(
            self.add_button, self.edit_button, self.deactivate_button, right=[self.count_label]
        )

        layout = QVBoxLayout(self)
        layout.addWidget(self.read_only_note)
        layout.addLayout(filters)
        layout.addLayout(more_filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

        self.kind_combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.show_inactive.toggled.connect(lambda _checked: self.refresh())
        self.update_buttons()

    def fetch(self) -> Callable[[], list[ReferentRow]]:
        ctx, search = self.ctx, self.search_field.text()
        kind_value = self.kind_combo.currentData()
        kind = ReferentKind(kind_value) if kind_value else None
        include = self.show_inactive.isChecked()
        return lambda: referents.list_referents(ctx, search, kind, include_inactive=include)

    def count_text(self, count: int) -> str:
        if not count:
            return _("No referent matches.")
        return ngettext("{count} referent", "{count} referents", count).format(count=count)

    def activate(self) -> None:
        self.edit_referent()

    def update_buttons(self, *_args: object) -> None:
        referent = self.selected()
        self.add_button.setEnabled(self.can_edit)
        self.edit_button.setEnabled(self.can_edit and referent is not None)
        self.deactivate_button.setEnabled(
            self.can_edit and referent is not None and referent.active
        )

    def add_referent(self) -> None:
        if self.can_edit:
            self.open_dialog(
                ReferentDialog(self.ctx, None, self), _("{name} was added to the directory.")
            )

    def edit_referent(self) -> None:
        referent = self.selected()
        if referent is not None and self.can_edit:
            self.open_dialog(ReferentDialog(self.ctx, referent, self), _("{name}: changes saved."))

    def deactivate_referent(self) -> None:
        referent = self.selected()
        if referent is None or not referent.active or not self.can_edit:
            return
        if questions.confirm(
            self,
            _("Deactivate a referent"),
            _(
                "{name} will no longer be offered for new schemes; the participants they "
                "follow keep the link. Deactivate?"
            ).format(name=referent.name),
            _("&Deactivate"),
        ):
            ctx, referent_id = self.ctx, referent.id
            self.change(
                lambda: referents.deactivate_referent(ctx, referent_id),
                _("{name} was deactivated."),
            )

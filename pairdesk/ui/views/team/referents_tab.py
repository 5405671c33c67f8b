"""The referents directory: the outside professionals who follow participants (France
Travail, Cap Emploi, DEA…), picked in participant files. Every operator may keep it up to
date. Search is accent-insensitive and done by the service."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
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
from pairdesk.ui.ops import Op
from pairdesk.ui.views.team.common import (
    add_shortcut,
    make_table,
    note_label,
    select_id,
    selected_id,
)
from pairdesk.ui.widgets import questions

SEARCH_DEBOUNCE_MS = 150


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
        self.referent_id = referent.id if referent is not None else None
        form = self.form
        self.name_field = form.add("name", _("&Name:"), QLineEdit(self))
        self.organisation_field = form.add("organisation", _("&Organisation:"), QLineEdit(self))
        self.kind_combo = QComboBox(self)
        for kind in ReferentKind:
            self.kind_combo.addItem(kind.label, kind.value)
        self.kind_combo.setCurrentIndex(self.kind_combo.findData(ReferentKind.OTHER.value))
        form.add("kind", _("&Kind:"), self.kind_combo)
        self.phone_field = form.add("phone", _("&Phone:"), QLineEdit(self))
        self.email_field = form.add("email", _("&E-mail:"), QLineEdit(self))
        self.notes_field = form.add("notes", _("N&otes:"), QPlainTextEdit(self))
        self.notes_field.setTabChangesFocus(True)
        self.notes_field.setMaximumHeight(self.notes_field.fontMetrics().height() * 6)
        if referent is not None:
            form.set_values(
                {
                    "name": referent.name,
                    "organisation": referent.organisation,
                    "kind": referent.kind.value,
                    "phone": referent.phone,
                    "email": referent.email,
                    "notes": referent.notes,
                }
            )
        self.set_draft_context(referent_id=self.referent_id)

    @classmethod
    def from_draft(
        cls, parent: QWidget, ctx: ServiceContext, context: Mapping[str, object]
    ) -> ReferentDialog:
        dialog = cls(ctx, None, parent)
        referent_id = context.get("referent_id")
        if isinstance(referent_id, int):
            dialog.referent_id = referent_id
            dialog.setWindowTitle(_("Change a referent"))
            dialog.set_draft_context(referent_id=referent_id)
        return dialog

    def referent_input(self) -> ReferentInput:
        return ReferentInput(
            name=self.name_field.text(),
            organisation=self.organisation_field.text(),
            kind=ReferentKind(self.kind_combo.currentData()),
            phone=self.phone_field.text(),
            email=self.email_field.text(),
            notes=self.notes_field.toPlainText(),
        )

    def action(self) -> Callable[[], ReferentRow]:
        ctx, data, referent_id = self.ctx, self.referent_input(), self.referent_id
        if referent_id is None:
            return lambda: referents.create_referent(ctx, data)
        return lambda: referents.update_referent(ctx, referent_id, data)


class ReferentsTab(QWidget):
    status_message = Signal(str)

    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("referentsTab")
        self.ctx = ctx
        self.dialog: ReferentDialog | None = None
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

        self.search_field = QLineEdit(self)
        self.search_field.setObjectName("referentSearch")
        self.search_field.setClearButtonEnabled(True)
        self.search_field.setMinimumWidth(self.fontMetrics().averageCharWidth() * 20)
        self.search_field.setPlaceholderText(_("Name, organisation or e-mail…"))
        self.search_field.setAccessibleName(_("Search referents"))
        search_label = QLabel(_("&Search:"), self)
        search_label.setBuddy(self.search_field)
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
        filters.addWidget(self.search_field, 1)
        filters.addWidget(kind_label)
        filters.addWidget(self.kind_combo)
        more_filters = QHBoxLayout()
        more_filters.addWidget(self.show_inactive)
        more_filters.addStretch(1)

        self.count_label = QLabel(self)
        self.count_label.setAccessibleName(_("Number of referents found"))
        self.model = ReferentsModel(self)
        self.table = make_table(self, self.model, _("Referents"))
        self.table.setObjectName("referentsTable")

        self.add_button = QPushButton(_("&Add a referent…"), self)
        self.add_button.setAccessibleName(_("Add a referent"))
        self.add_button.setToolTip(_("Ctrl+N"))
        self.edit_button = QPushButton(_("&Change…"), self)
        self.edit_button.setAccessibleName(_("Change the chosen referent"))
        self.deactivate_button = QPushButton(_("&Deactivate"), self)
        self.deactivate_button.setAccessibleName(_("Deactivate the chosen referent"))
        buttons = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.deactivate_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.count_label)

        layout = QVBoxLayout(self)
        layout.addWidget(self.read_only_note)
        layout.addLayout(filters)
        layout.addLayout(more_filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DEBOUNCE_MS)
        self._debounce.timeout.connect(self.refresh)
        self.search_field.textChanged.connect(lambda _text: self._debounce.start())
        self.kind_combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.show_inactive.toggled.connect(lambda _checked: self.refresh())
        self.add_button.clicked.connect(self.add_referent)
        self.edit_button.clicked.connect(self.edit_referent)
        self.deactivate_button.clicked.connect(self.deactivate_referent)
        self.table.activated.connect(lambda _index: self.edit_referent())
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        add_shortcut(QKeySequence.StandardKey.New, self, self.add_referent)
        add_shortcut(
            QKeySequence.StandardKey.Delete,
            self.table,
            self.deactivate_referent,
            Qt.ShortcutContext.WidgetShortcut,
        )
        self._update_buttons()

    def refresh(self, select: int | None = None) -> None:
        ctx = self.ctx
        search = self.search_field.text()
        kind_value = self.kind_combo.currentData()
        kind = ReferentKind(kind_value) if kind_value else None
        include = self.show_inactive.isChecked()
        keep = select if select is not None else selected_id(self.table)
        Op(
            self, lambda: referents.list_referents(ctx, search, kind, include_inactive=include)
        ).success(lambda rows: self._show_rows(rows, keep)).run()

    def _show_rows(self, rows: list[ReferentRow], keep: int | None) -> None:
        self.model.set_rows(rows)
        if rows:
            text = ngettext("{count} referent", "{count} referents", len(rows)).format(
                count=len(rows)
            )
        else:
            text = _("No referent matches.")
        self.count_label.setText(text)
        select_id(self.table, keep)
        self._update_buttons()

    def selected(self) -> ReferentRow | None:
        referent_id = selected_id(self.table)
        row = self.model.row_of(referent_id) if referent_id is not None else None
        return self.model.row_at(row) if row is not None else None

    def _update_buttons(self, *_args: object) -> None:
        referent = self.selected()
        self.add_button.setEnabled(self.can_edit)
        self.edit_button.setEnabled(self.can_edit and referent is not None)
        self.deactivate_button.setEnabled(
            self.can_edit and referent is not None and referent.active
        )

    def _open(self, dialog: ReferentDialog, message: str) -> None:
        self.dialog = dialog
        dialog.saved.connect(lambda row: self._changed(row, message))
        dialog.open()

    def _changed(self, row: ReferentRow, message: str) -> None:
        self.status_message.emit(message.format(name=row.name))
        self.refresh(select=row.id)

    def add_referent(self) -> None:
        if not self.can_edit:
            return
        self._open(ReferentDialog(self.ctx, None, self), _("{name} was added to the directory."))

    def edit_referent(self) -> None:
        referent = self.selected()
        if referent is not None and self.can_edit:
            self._open(ReferentDialog(self.ctx, referent, self), _("{name}: changes saved."))

    def deactivate_referent(self) -> None:
        referent = self.selected()
        if referent is None or not referent.active or not self.can_edit:
            return
        if not questions.confirm(
            self,
            _("Deactivate a referent"),
            _(
                "{name} will no longer be offered for new schemes; the participants they "
                "follow keep the link. Deactivate?"
            ).format(name=referent.name),
            _("&Deactivate"),
        ):
            return
        ctx, referent_id = self.ctx, referent.id
        Op(self, lambda: referents.deactivate_referent(ctx, referent_id)).success(
            lambda row: self._changed(row, _("{name} was deactivated."))
        ).run()

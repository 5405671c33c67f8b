"""The "Employers" page (issue 15): the directory (accent-insensitive search, kind and
town filters), an employer's file in place of the list, and the names the upgrade left
for a person to confirm."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLabel,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from pairdesk.domain.employers import EmployerKind
from pairdesk.domain.enums import Role
from pairdesk.domain.permissions import Permission, allows
from pairdesk.domain.text import fold
from pairdesk.i18n import _, ngettext
from pairdesk.services import employer_file, employers
from pairdesk.services.context import ServiceContext
from pairdesk.services.employers import EmployerRow, ToConfirmRow
from pairdesk.ui.models.employers_model import EmployersModel, ToConfirmModel, count_text
from pairdesk.ui.ops import Op
from pairdesk.ui.views.employers.dialogs import EmployerDialog, ResolveDialog
from pairdesk.ui.views.employers.file_panel import EmployerFilePanel
from pairdesk.ui.views.team.common import (
    add_shortcut,
    make_table,
    note_label,
    select_id,
    selected_id,
)
from pairdesk.ui.widgets.employer_picker import PlaceholderWideSearch
from pairdesk.ui.widgets.flow_layout import FlowRow, field_pair
from pairdesk.ui.widgets.layouts import titled_tabs

SEARCH_DEBOUNCE_MS = 150


class DirectoryTab(QWidget):
    """The list of employers, or one employer's file in its place."""

    status_message = Signal(str)

    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("employersDirectory")
        self.ctx = ctx
        self.dialog: EmployerDialog | None = None
        self.can_edit = allows(ctx.operator, Permission.EMPLOYERS)
        self._rows: list[EmployerRow] = []

        self.search_field = PlaceholderWideSearch(self)
        self.search_field.setObjectName("employerSearch")
        self.search_field.setClearButtonEnabled(True)
        self.search_field.setPlaceholderText(_("Name, town or sector…"))
        self.search_field.setAccessibleName(_("Search employers"))
        search_label = QLabel(_("&Search:"), self)
        search_label.setBuddy(self.search_field)
        self.kind_combo = QComboBox(self)
        self.kind_combo.setAccessibleName(_("Filter by kind of employer"))
        self.kind_combo.addItem(_("All kinds"), None)
        for kind in EmployerKind:
            self.kind_combo.addItem(kind.label, kind.value)
        kind_label = QLabel(_("&Kind:"), self)
        kind_label.setBuddy(self.kind_combo)
        self.town_combo = QComboBox(self)
        self.town_combo.setAccessibleName(_("Filter by town"))
        self.town_combo.addItem(_("All towns"), None)
        town_label = QLabel(_("&Town:"), self)
        town_label.setBuddy(self.town_combo)
        self.show_inactive = QCheckBox(_("S&how deactivated employers"), self)
        self.show_inactive.setAccessibleName(_("Show deactivated employers"))
        filters = FlowRow(self, spacing=8)
        filters.addWidget(field_pair(self, search_label, self.search_field))
        filters.addWidget(field_pair(self, kind_label, self.kind_combo))
        filters.addWidget(field_pair(self, town_label, self.town_combo))
        filters.addWidget(self.show_inactive)

        self.model = EmployersModel(self)
        self.table = make_table(self, self.model, _("Employers"))
        self.table.setObjectName("employersTable")
        self.count_label = QLabel(self)
        self.count_label.setAccessibleName(_("Number of employers found"))
        self.add_button = QPushButton(_("&New employer…"), self)
        self.add_button.setAccessibleName(_("Add an employer to the directory"))
        self.add_button.setToolTip(_("Ctrl+N"))
        self.open_button = QPushButton(_("&Open the file"), self)
        self.open_button.setAccessibleName(_("Open the chosen employer's file"))
        self.open_button.setToolTip(_("Enter"))
        buttons = FlowRow(self, spacing=8)
        for widget in (self.add_button, self.open_button, self.count_label):
            buttons.addWidget(widget)

        # The "Today" page's employer follow-ups: after how many months without a contact.
        self.can_set_months = ctx.operator.role is Role.COORDINATOR
        self.months_spin = QSpinBox(self)
        self.months_spin.setObjectName("employerContactMonths")
        self.months_spin.setRange(
            employer_file.CONTACT_MONTHS_MIN, employer_file.CONTACT_MONTHS_MAX
        )
        self.months_spin.setValue(employer_file.EMPLOYER_CONTACT_MONTHS)
        self.months_spin.setAccessibleName(_("Months without a contact with an employer"))
        months_label = QLabel(_("Follow up an employer after &months without contact:"), self)
        months_label.setWordWrap(True)
        months_label.setBuddy(self.months_spin)
        self.months_button = QPushButton(_("A&pply"), self)
        self.months_button.setObjectName("applyEmployerContactMonths")
        self.months_button.setAccessibleName(
            _("Apply the number of months without a contact with an employer")
        )
        months_tip = (
            _(
                "An employer where someone works and that nobody contacted for this many "
                "months shows in the follow-ups of the “Today” page."
            )
            if self.can_set_months
            else _("Only a coordinator can change this number.")
        )
        for part in (months_label, self.months_spin, self.months_button):
            part.setToolTip(months_tip)
        self.months_spin.setEnabled(self.can_set_months)
        self.months_button.setEnabled(self.can_set_months)
        months_row = FlowRow(self, spacing=8)
        months_row.addWidget(field_pair(self, months_label, self.months_spin))
        months_row.addWidget(self.months_button)

        list_page = QWidget(self)
        column = QVBoxLayout(list_page)
        column.setContentsMargins(0, 0, 0, 0)
        if not self.can_edit:
            note = note_label(
                _(
                    "You can read the directory but not change it: your role ({role}) does "
                    "not give access to the employer directory."
                ).format(role=ctx.operator.role.label),
                list_page,
            )
            note.setAccessibleName(_("Why the directory is read-only"))
            column.addWidget(note)
        column.addWidget(filters)
        column.addWidget(self.table, 1)
        column.addWidget(buttons)
        column.addWidget(months_row)

        self.file_panel = EmployerFilePanel(ctx, self)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(list_page)
        self.stack.addWidget(self.file_panel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DEBOUNCE_MS)
        self._debounce.timeout.connect(self.refresh)
        self.search_field.textChanged.connect(lambda _text: self._debounce.start())
        self.search_field.to_results.connect(
            lambda: self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        )
        self.kind_combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.town_combo.currentIndexChanged.connect(lambda _i: self._show_rows(self._rows))
        self.show_inactive.toggled.connect(lambda _checked: self.refresh())
        self.add_button.clicked.connect(self.add_employer)
        self.open_button.clicked.connect(self.open_selected)
        self.months_button.clicked.connect(self.apply_contact_months)
        self.months_spin.lineEdit().returnPressed.connect(self.apply_contact_months)
        self.table.activated.connect(lambda _index: self.open_selected())
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.file_panel.back.connect(self.show_list)
        self.file_panel.changed.connect(lambda employer_id: self.refresh(select=employer_id))
        self.file_panel.status_message.connect(self.status_message)
        add_shortcut(QKeySequence.StandardKey.New, self, self.add_employer)
        self._update_buttons()

    # -- the list ------------------------------------------------------------------------
    def refresh(self, select: int | None = None) -> None:
        ctx, search = self.ctx, self.search_field.text()
        value = self.kind_combo.currentData()
        kind = EmployerKind(value) if value else None
        include = self.show_inactive.isChecked()
        keep = select if select is not None else selected_id(self.table)
        Op(
            self, lambda: employers.list_employers(ctx, search, kind, include_inactive=include)
        ).success(lambda rows: self._loaded(rows, keep)).run()
        Op(self, lambda: employer_file.get_contact_months(ctx), key="months").success(
            self.months_spin.setValue
        ).run()

    def apply_contact_months(self) -> None:
        if not self.can_set_months:
            return
        ctx, months = self.ctx, self.months_spin.value()
        Op(self, lambda: employer_file.set_contact_months(ctx, months)).success(
            lambda saved: self.status_message.emit(
                ngettext(
                    "Employers without a contact for {months} month are followed up.",
                    "Employers without a contact for {months} months are followed up.",
                    saved,
                ).format(months=saved)
            )
        ).busy(_("Saving…")).run()

    def _loaded(self, rows: list[EmployerRow], keep: int | None) -> None:
        self._rows = rows
        self._fill_towns(rows)
        self._show_rows(rows, keep)

    def _fill_towns(self, rows: list[EmployerRow]) -> None:
        """The towns of the employers found (accents and case grouped), kept chosen."""
        chosen = self.town_combo.currentData()
        towns: dict[str, str] = {}
        for row in rows:
            if row.town.strip():
                towns.setdefault(fold(row.town), row.town.strip())
        self.town_combo.blockSignals(True)
        self.town_combo.clear()
        self.town_combo.addItem(_("All towns"), None)
        for key in sorted(towns):
            self.town_combo.addItem(towns[key], key)
        if chosen is not None and self.town_combo.findData(chosen) < 0:
            self.town_combo.addItem(str(chosen), chosen)
        self.town_combo.setCurrentIndex(max(0, self.town_combo.findData(chosen)))
        self.town_combo.blockSignals(False)

    def _show_rows(self, rows: list[EmployerRow], keep: int | None = None) -> None:
        keep = keep if keep is not None else selected_id(self.table)
        town = self.town_combo.currentData()
        shown = [r for r in rows if town is None or fold(r.town.strip()) == town]
        self.model.set_rows(shown)
        self.count_label.setText(count_text(len(shown)))
        select_id(self.table, keep)
        self._update_buttons()

    def selected(self) -> EmployerRow | None:
        chosen = selected_id(self.table)
        row = self.model.row_of(chosen) if chosen is not None else None
        return self.model.row_at(row) if row is not None else None

    def _update_buttons(self, *_args: object) -> None:
        self.add_button.setEnabled(self.can_edit)
        self.open_button.setEnabled(self.selected() is not None)

    # -- the file ------------------------------------------------------------------------
    def open_selected(self) -> None:
        employer = self.selected()
        if employer is not None:
            self.open_employer(employer.id)

    def open_employer(self, employer_id: int) -> None:
        self.stack.setCurrentWidget(self.file_panel)
        self.file_panel.load(employer_id)
        self.file_panel.back_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_list(self) -> None:
        shown = self.file_panel.employer_id
        self.stack.setCurrentIndex(0)
        self.refresh(select=shown)
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def add_employer(self) -> None:
        if not self.can_edit:
            return
        dialog = EmployerDialog(self.ctx, None, self)
        self.dialog = dialog
        dialog.saved.connect(self._added)
        dialog.open()

    def _added(self, row: EmployerRow) -> None:
        self.status_message.emit(_("{name} was added to the directory.").format(name=row.name))
        self.refresh(select=row.id)


class ToConfirmTab(QWidget):
    """The employer names typed before the directory that the upgrade could not link."""

    status_message = Signal(str)
    count_changed = Signal(int)

    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("employersToConfirm")
        self.ctx = ctx
        self.dialog: ResolveDialog | None = None
        self.can_edit = allows(ctx.operator, Permission.EMPLOYERS)
        intro = note_label(
            _(
                "When the directory was created, the employer names typed on offers and "
                "contracts were linked to it. These could not be decided without you (a "
                "blank name, or one name used in several towns): choose the employer of "
                "each. Nothing typed was lost."
            ),
            self,
        )
        intro.setAccessibleName(_("About the names to confirm"))
        self.model = ToConfirmModel(self)
        self.table = make_table(self, self.model, _("Employer names to confirm"))
        self.resolve_button = QPushButton(_("&Confirm the employer…"), self)
        self.resolve_button.setAccessibleName(_("Confirm the employer of the chosen name"))
        self.count_label = QLabel(self)
        self.count_label.setAccessibleName(_("Number of names to confirm"))
        buttons = FlowRow(self, spacing=8)
        buttons.addWidget(self.resolve_button)
        buttons.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resolve_button.clicked.connect(self.resolve)
        self.table.activated.connect(lambda _i: self.resolve())
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self._update_buttons()

    def refresh(self) -> None:
        ctx = self.ctx
        Op(self, lambda: employers.list_to_confirm(ctx)).success(self._show).run()

    def _show(self, rows: list[ToConfirmRow]) -> None:
        keep = selected_id(self.table)
        self.model.set_rows(rows)
        self.count_label.setText(
            ngettext("{count} name to confirm", "{count} names to confirm", len(rows)).format(
                count=len(rows)
            )
            if rows
            else _("Nothing left to confirm.")
        )
        select_id(self.table, keep)
        self._update_buttons()
        self.count_changed.emit(len(rows))

    def _selected(self) -> ToConfirmRow | None:
        chosen = selected_id(self.table)
        row = self.model.row_of(chosen) if chosen is not None else None
        return self.model.row_at(row) if row is not None else None

    def _update_buttons(self, *_args: object) -> None:
        self.resolve_button.setEnabled(self.can_edit and self._selected() is not None)

    def resolve(self) -> None:
        item = self._selected()
        if item is None or not self.can_edit:
            return
        dialog = ResolveDialog(self.ctx, item, self)
        self.dialog = dialog
        dialog.saved.connect(lambda _row: self._resolved(item))
        dialog.open()

    def _resolved(self, item: ToConfirmRow) -> None:
        self.status_message.emit(
            _("The employer of “{name}” is confirmed.").format(name=item.typed_name or "—")
        )
        self.refresh()


class EmployersPage(QWidget):
    status_message = Signal(str)

    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("employersPage")
        self.setAccessibleName(_("Employers"))
        self.ctx = ctx
        self.directory = DirectoryTab(ctx, self)
        self.to_confirm = ToConfirmTab(ctx, self)
        self.tabs = titled_tabs(self, _("Employers"), _("Employers sections"))
        self.tabs.setObjectName("employersTabs")
        self.tabs.addTab(self.directory, _("&Directory"))
        self.tabs.addTab(self.to_confirm, _("To confirm"))
        self.directory.status_message.connect(self.status_message)
        self.to_confirm.status_message.connect(self.status_message)
        self.to_confirm.count_changed.connect(self._confirm_count)

    def _confirm_count(self, count: int) -> None:
        self.tabs.setTabText(
            1, _("To &confirm ({count})").format(count=count) if count else _("To confirm")
        )

    def refresh(self) -> None:
        self.directory.refresh()
        self.to_confirm.refresh()
        if self.directory.stack.currentWidget() is self.directory.file_panel:
            self.directory.file_panel.reload()

    def open_record(self, employer_id: int) -> None:
        """The "Today" page's employer follow-ups open the employer's file."""
        self.tabs.setCurrentWidget(self.directory)
        self.directory.open_employer(employer_id)

    def main_list(self) -> QWidget | None:
        if self.tabs.currentWidget() is self.to_confirm:
            return self.to_confirm.table
        if self.directory.stack.currentIndex() == 0:
            return self.directory.table
        return self.directory.file_panel.back_button

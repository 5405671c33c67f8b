"""The audit trail, for the coordinator: who did what, and when, filterable and paged.

Filters (period, operator, record type, action: one ``audit.AuditFilter``) are applied by
``audit.list_audit`` / ``audit.count_audit`` in SQL, one page of ``PAGE_SIZE`` lines at a
time. The services refuse anyone but a coordinator; the dialog then shows that refusal
and nothing else. Lines never hold personal data: a record type, its number, an action, a
short detail. Each reads as a sentence ("What happened") rendered from those numbers when
the page is read; the stored line stays available in the "Details" column and tooltip.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from pairdesk import formatting
from pairdesk.domain.enums import AuditAction
from pairdesk.errors import UserError
from pairdesk.i18n import _
from pairdesk.services import audit, team
from pairdesk.services.audit import AuditFilter, AuditRow
from pairdesk.services.context import ServiceContext
from pairdesk.services.team import TeamMemberRow
from pairdesk.ui.mnemonics import second_key
from pairdesk.ui.models.audit_model import DETAILS, PAGE_SIZE, WHAT, WHEN, AuditModel
from pairdesk.ui.ops import Op
from pairdesk.ui.widgets import DateField, FieldErrors
from pairdesk.ui.widgets.dialog_parts import fit_dialog, growing_column, refusal_line
from pairdesk.ui.widgets.tables import RowHeights


class OneLineDelegate(QStyledItemDelegate):
    """A cell on one line, elided (its whole text in the tooltip): the technical details
    of an audit line must not make its row a dozen lines high while the sentence beside it
    wraps."""

    def initStyleOption(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        super().initStyleOption(option, index)
        option.features &= ~QStyleOptionViewItem.ViewItemFeature.WrapText


@dataclass(frozen=True, slots=True)
class AuditPage:
    total: int
    offset: int
    rows: tuple[AuditRow, ...]


def read_page(ctx: ServiceContext, flt: AuditFilter, offset: int) -> AuditPage:
    """One page of lines and how many match (runs on the worker)."""
    total = audit.count_audit(ctx, flt)
    offset = max(0, min(offset, max(0, total - 1) // PAGE_SIZE * PAGE_SIZE))
    rows = audit.list_audit(ctx, flt, offset=offset, limit=PAGE_SIZE)
    return AuditPage(total, offset, tuple(rows))


def read_choices(ctx: ServiceContext) -> tuple[list[TeamMemberRow], list[str]]:
    return team.list_members(ctx, include_inactive=True), audit.list_audit_entities(ctx)


class AuditDialog(QDialog):
    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.page: AuditPage | None = None
        self.refused = False
        self.setObjectName("auditDialog")
        self.setWindowTitle(_("Audit trail — pairdesk"))
        self.errors = FieldErrors()

        today = ctx.today()
        self.start_field = DateField(self, optional=True, default=today - dt.timedelta(days=30))
        self.start_field.set_accessible_name(_("From"))
        self.end_field = DateField(self, optional=True, default=today)
        self.end_field.set_accessible_name(_("To"))
        self.operator_combo = QComboBox(self)
        self.operator_combo.setAccessibleName(_("Operator"))
        self.operator_combo.addItem(_("Everyone"), None)
        self.entity_combo = QComboBox(self)
        self.entity_combo.setAccessibleName(_("Record type"))
        self.entity_combo.addItem(_("All records"), None)
        self.action_combo = QComboBox(self)
        self.action_combo.setAccessibleName(_("Action"))
        self.action_combo.addItem(_("All actions"), None)
        for action in AuditAction:
            self.action_combo.addItem(action.label, action.value)

        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        for text, widget, field in (
            (_("&From:"), self.start_field, "start"),
            (_("&To:"), self.end_field, "end"),
            (_("O&perator:"), self.operator_combo, "operator_id"),
            (_("&Record type:"), self.entity_combo, "entity"),
            (_("&Action:"), self.action_combo, "action"),
        ):
            label = QLabel(text, self)
            label.setBuddy(widget)
            form.addRow(label, self.errors.wrap(field, widget))

        self.refusal_label = refusal_line(self, "auditRefusal")

        self.model = AuditModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("auditTable")
        self.table.setAccessibleName(_("Audit trail"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        # a sentence wraps rather than being cut; the technical details may be elided
        # (their whole text is in the tooltip)
        self.table.setWordWrap(True)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.verticalHeader().hide()
        RowHeights(self.table)  # each row as high as its sentence, measured once
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(WHEN, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(WHAT, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(DETAILS, QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.resizeSection(DETAILS, self.fontMetrics().averageCharWidth() * 24)
        self.details_delegate = OneLineDelegate(self.table)
        self.table.setItemDelegateForColumn(DETAILS, self.details_delegate)

        self.count_label = QLabel(self)
        self.count_label.setObjectName("auditCount")
        self.count_label.setAccessibleName(_("Lines shown"))
        self.previous_button = QPushButton(_("← Pre&vious page"), self)
        self.previous_button.setAccessibleName(_("Previous page"))
        second_key(self.previous_button, QKeySequence.StandardKey.MoveToPreviousPage)
        self.next_button = QPushButton(_("&Next page →"), self)
        self.next_button.setAccessibleName(_("Next page"))
        second_key(self.next_button, QKeySequence.StandardKey.MoveToNextPage)
        self.close_button = QPushButton(_("Close"), self)
        self.close_button.setAccessibleName(_("Close"))
        pager = QHBoxLayout()
        pager.addWidget(self.count_label, 1)
        pager.addWidget(self.previous_button)
        pager.addWidget(self.next_button)
        pager.addWidget(self.close_button)

        layout = growing_column(self)
        layout.addLayout(form)
        layout.addWidget(self.refusal_label)
        layout.addWidget(self.table, 1)
        layout.addLayout(pager)

        self.start_field.changed.connect(self.apply_filters)
        self.end_field.changed.connect(self.apply_filters)
        for combo in (self.operator_combo, self.entity_combo, self.action_combo):
            combo.currentIndexChanged.connect(self.apply_filters)
        self.previous_button.clicked.connect(lambda: self._go(-PAGE_SIZE))
        self.next_button.clicked.connect(lambda: self._go(PAGE_SIZE))
        self.close_button.clicked.connect(self.reject)
        self._loading_choices = True
        self._update_pager()
        fit_dialog(self, 110, tall=0.75)
        self.load()

    # -- reading -----------------------------------------------------------------------
    def load(self) -> None:
        ctx = self.ctx
        Op(self, lambda: read_choices(ctx), key="choices").success(self._choices_read).run()

    def _choices_read(self, result: tuple[list[TeamMemberRow], list[str]]) -> None:
        members, entities = result
        self._loading_choices = True
        for member in members:
            self.operator_combo.addItem(member.name, member.id)
        for entity in entities:
            self.entity_combo.addItem(entity, entity)
        self._loading_choices = False
        self.apply_filters()

    def current_filter(self) -> AuditFilter:
        action = self.action_combo.currentData()
        return AuditFilter(
            start=self.start_field.typed_date(),
            end=self.end_field.typed_date(),
            operator_id=self.operator_combo.currentData(),
            entity=self.entity_combo.currentData(),
            action=AuditAction(action) if action else None,
        )

    def apply_filters(self, *_args: object) -> None:
        if self._loading_choices or self.refused:
            return
        self._read(0)

    def _go(self, step: int) -> None:
        if self.page is not None:
            self._read(max(0, self.page.offset + step))

    def _read(self, offset: int) -> None:
        ctx = self.ctx
        flt = self.current_filter()
        self.errors.clear()
        Op(self, lambda: read_page(ctx, flt, offset)).success(self._show_page).busy(
            _("Reading the audit trail…")
        ).run()

    def _show_page(self, page: AuditPage) -> None:
        self.page = page
        self.model.set_rows(page.rows)
        self._update_pager()

    def _update_pager(self) -> None:
        page = self.page
        if page is None or page.total == 0:
            self.count_label.setText(_("No line matches these filters.") if page else "")
            self.previous_button.setEnabled(False)
            self.next_button.setEnabled(False)
            return
        first = page.offset + 1
        last = page.offset + len(page.rows)
        self.count_label.setText(
            _("Lines {first} to {last} of {total}").format(
                first=formatting.number(first),
                last=formatting.number(last),
                total=formatting.number(page.total),
            )
        )
        self.previous_button.setEnabled(page.offset > 0)
        self.next_button.setEnabled(last < page.total)

    def show_op_error(self, exc: BaseException) -> bool:
        """A filter error beside its field; any other refusal greys the whole dialog."""
        if isinstance(exc, UserError):
            if self.errors.show(exc):
                return True
            self.refused = True
            self.model.set_rows([])
            self.refusal_label.setText(_("Error: {message}").format(message=exc.message))
            self.refusal_label.show()
            for widget in (
                self.start_field,
                self.end_field,
                self.operator_combo,
                self.entity_combo,
                self.action_combo,
                self.table,
                self.previous_button,
                self.next_button,
            ):
                widget.setEnabled(False)
            self.close_button.setFocus(Qt.FocusReason.OtherFocusReason)
            return True
        return False

"""The home view: one table of to-do sections; Enter or a double-click opens a line."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from pairdesk.domain.enums import Role
from pairdesk.formatting import long_date
from pairdesk.i18n import _, ngettext
from pairdesk.services import home
from pairdesk.services.context import ServiceContext
from pairdesk.services.home import TodoList
from pairdesk.ui.models.home_model import Column, HomeModel
from pairdesk.ui.ops import Op
from pairdesk.ui.widgets.layouts import page_title
from pairdesk.ui.widgets.tables import make_table

#: Width of the first column in average characters (details take what is left).
_WHAT_CHARS = 30

#: The tab of the participant's file a line opens on, where the work it asks is done
#: (``participants.file_view.FileSection``'s values, not imported: the participants'
#: views load when that page is first shown, not with the home page).
_SECTIONS: dict[home.TodoKind, str] = {
    home.TodoKind.RETENTION_CHECK: "pathway",
    home.TodoKind.RQTH_ENDING: "rqth",
    home.TodoKind.CONSENT_MISSING: "consent",
    home.TodoKind.CONSENT_RENEW: "consent",
}


class HomeView(QWidget):
    """Today: workshops, retention checks, RQTH, consents, offers, people not seen lately."""

    status_message = Signal(str)
    loaded = Signal()

    def __init__(self, ctx: ServiceContext, window: QWidget | None = None) -> None:
        super().__init__(window)
        self.setObjectName("homeView")
        self._ctx = ctx
        self._window = window
        self._generation = 0
        self._can_change_setting = ctx.operator.role is Role.COORDINATOR

        title = page_title(self, _("Today"))
        self.date_label = QLabel(self)
        self.date_label.setObjectName("homeDate")
        self.summary_label = QLabel(self)
        self.summary_label.setObjectName("homeSummary")
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByKeyboard
            | Qt.TextInteractionFlag.TextSelectableByMouse
        )

        self.days_spin = QSpinBox(self)
        self.days_spin.setObjectName("noContactDays")
        self.days_spin.setRange(home.NO_CONTACT_MIN_DAYS, home.NO_CONTACT_MAX_DAYS)
        self.days_spin.setValue(home.DEFAULT_NO_CONTACT_DAYS)
        self.days_spin.setAccessibleName(_("Days without contact"))
        days_label = QLabel(_("&Days without contact:"), self)
        days_label.setBuddy(self.days_spin)
        self.apply_button = QPushButton(_("&Apply"), self)
        self.apply_button.setObjectName("applyNoContactDays")
        self.apply_button.setAccessibleName(_("Apply the number of days without contact"))
        self.refresh_button = QPushButton(_("&Refresh"), self)
        self.refresh_button.setObjectName("refreshHome")
        self.refresh_button.setAccessibleName(_("Refresh the to-do list"))
        self.refresh_button.setToolTip(_("Read the to-do list again (F5)"))
        if self._can_change_setting:
            explain = _(
                "Active participants without any contact for more than this number of days "
                "are listed. Saved for the whole team."
            )
            self.days_spin.setToolTip(explain)
            self.apply_button.setToolTip(explain)
        else:
            refusal = _("Only a coordinator can change this setting.")
            for widget in (self.days_spin, self.apply_button):
                widget.setEnabled(False)
                widget.setToolTip(refusal)
                widget.setAccessibleDescription(refusal)

        self.model = HomeModel(self)
        # Long details wrap instead of being cut.
        self.table = make_table(self, self.model, _("To-do list"), wrap=True)
        self.table.setObjectName("homeTable")
        self.table.setAccessibleDescription(_("Press Enter on a line to open it."))
        self.table.setAlternatingRowColors(False)
        self.table.setShowGrid(False)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(Column.WHAT, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(Column.DETAILS, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(Column.DATE, QHeaderView.ResizeMode.Interactive)
        self._fit_columns()

        hint = QLabel(_("Press Enter or double-click a line to open it."), self)
        hint.setWordWrap(True)

        heading = QHBoxLayout()
        heading.addWidget(title)
        heading.addSpacing(12)
        heading.addWidget(self.date_label, 1, Qt.AlignmentFlag.AlignBottom)

        controls = QHBoxLayout()
        controls.addWidget(days_label)
        controls.addWidget(self.days_spin)
        controls.addWidget(self.apply_button)
        controls.addStretch(1)
        controls.addWidget(self.refresh_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.addLayout(heading)
        layout.addWidget(self.summary_label)
        layout.addLayout(controls)
        layout.addWidget(self.table, 1)
        layout.addWidget(hint)

        QWidget.setTabOrder(self.table, self.days_spin)
        QWidget.setTabOrder(self.days_spin, self.apply_button)
        QWidget.setTabOrder(self.apply_button, self.refresh_button)

        self.table.activated.connect(self._activated)
        self.apply_button.clicked.connect(self.apply_no_contact_days)
        self.days_spin.lineEdit().returnPressed.connect(self.apply_no_contact_days)
        self.refresh_button.clicked.connect(self.refresh)
        refresh_shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Refresh), self)
        refresh_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        refresh_shortcut.activated.connect(self.refresh)

    # -- layout ------------------------------------------------------------------------
    def _fit_columns(self) -> None:
        metrics = self.table.fontMetrics()
        char = metrics.averageCharWidth()
        date_width = metrics.horizontalAdvance("00/00/0000") + 24
        for column, width in ((Column.WHAT, char * _WHAT_CHARS), (Column.DATE, date_width)):
            title = str(self.model.headerData(column, Qt.Orientation.Horizontal))
            self.table.setColumnWidth(column, max(width, metrics.horizontalAdvance(title) + 30))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_columns()

    # -- loading -----------------------------------------------------------------------
    def main_list(self) -> QWidget | None:
        """What Ctrl+1 puts the focus in: the to-do list (Enter opens a line)."""
        return self.table

    def refresh(self) -> None:
        """Read the to-do list again (called each time the page is shown)."""
        self._generation += 1
        generation = self._generation
        ctx = self._ctx
        self.refresh_button.setEnabled(False)
        (
            Op(self, lambda: home.todo(ctx))
            .success(lambda todo: self._show(todo, generation))
            .always(lambda: self.refresh_button.setEnabled(True))
            .busy(_("Reading the to-do list…"))
            .run()
        )

    def _show(self, todo: TodoList, generation: int) -> None:
        if generation != self._generation:
            return  # a newer refresh is on its way
        self.refresh_button.setEnabled(True)
        current = self.table.currentIndex()
        previous = self.model.item(current.row()) if current.isValid() else None
        self.model.set_todo(todo)
        self.table.clearSpans()
        for row in self.model.heading_rows():
            self.table.setSpan(row, 0, 1, len(Column))
        self.date_label.setText(long_date(todo.today))
        self.days_spin.blockSignals(True)
        self.days_spin.setValue(todo.no_contact_days)
        self.days_spin.blockSignals(False)
        if todo.total == 0:
            self.summary_label.setText(_("Nothing needs attention today."))
        else:
            self.summary_label.setText(
                ngettext(
                    "{count} thing needs attention.", "{count} things need attention.", todo.total
                ).format(count=todo.total)
            )
        self._restore_current(previous)
        self.loaded.emit()

    def _restore_current(self, previous: Any) -> None:
        row = -1
        if previous is not None:
            row = next(
                (
                    r
                    for r in range(self.model.rowCount())
                    if (item := self.model.item(r)) is not None
                    and (item.kind, item.record_id) == (previous.kind, previous.record_id)
                ),
                -1,
            )
        if row < 0:
            row = self.model.first_item_row()
        if row >= 0:
            self.table.setCurrentIndex(self.model.index(row, Column.WHAT))

    # -- actions -----------------------------------------------------------------------
    def _activated(self, index: QModelIndex) -> None:
        self.open_row(index.row())

    def open_row(self, row: int) -> None:
        """Open the line's record in its page (a heading row does nothing)."""
        item = self.model.item(row)
        if item is None:
            return
        opener = getattr(self._window, "open_record", None)
        if callable(opener):
            opener(item.page_key, item.record_id, _SECTIONS.get(item.kind), item.contract_id)

    def apply_no_contact_days(self) -> None:
        if not self._can_change_setting:
            return
        days = self.days_spin.value()
        ctx = self._ctx

        def saved(_value: object) -> None:
            self.status_message.emit(
                ngettext(
                    "Participants without contact for {days} day are listed.",
                    "Participants without contact for {days} days are listed.",
                    days,
                ).format(days=days)
            )
            self.refresh()

        (
            Op(self, lambda: home.set_no_contact_days(ctx, days))
            .success(saved)
            .busy(_("Saving…"))
            .run()
        )

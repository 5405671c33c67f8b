"""The Attendance view: pick a workshop of the week, check people in, see monthly totals."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QSettings, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from pairdesk import formatting
from pairdesk.domain.dates import reporting_year
from pairdesk.domain.enums import WorkshopKind
from pairdesk.i18n import _, ngettext
from pairdesk.services import month_totals, workshops
from pairdesk.services.context import ServiceContext
from pairdesk.services.month_totals import MonthTotals
from pairdesk.services.workshops import WorkshopDetail, WorkshopRow
from pairdesk.ui.models.registrations_model import MonthTotalsModel
from pairdesk.ui.ops import Op
from pairdesk.ui.views.attendance.sheet import week_of
from pairdesk.ui.views.attendance.workshop_list import WorkshopsAndSheet, WorkshopsPage
from pairdesk.ui.widgets.choices import choice_combo
from pairdesk.ui.widgets.date_field import DateField
from pairdesk.ui.widgets.dialog_parts import scroll_area
from pairdesk.ui.widgets.flow_layout import FlowRow
from pairdesk.ui.widgets.layouts import labelled_pair, tab_order, titled_tabs
from pairdesk.ui.widgets.tables import make_table

_SPLITTER_KEY = "attendance/splitter"


class AttendancePage(WorkshopsPage):
    status_message = Signal(str)
    workshops_loaded = Signal()
    totals_loaded = Signal()

    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("attendancePage")
        self._ctx = ctx
        self._wanted_workshop: int | None = None
        self._first_load = True

        self.tabs = titled_tabs(self, _("Attendance"), _("Attendance sections"))

        # -- the week's workshops --------------------------------------------------------
        sheet_tab = QWidget(self.tabs)
        self.previous_button = QPushButton(_("◀ Prev&ious week"), sheet_tab)
        self.previous_button.setAccessibleName(_("Previous week"))
        self.this_week_button = QPushButton(_("&This week"), sheet_tab)
        self.this_week_button.setAccessibleName(_("This week"))
        self.next_button = QPushButton(_("&Next week ▶"), sheet_tab)
        self.next_button.setAccessibleName(_("Next week"))
        # A typed date ("0312", "03/12/2026"); 31/02 is refused beside it, never clamped.
        self._day = ctx.today()
        self.day_field = DateField(
            sheet_tab, accessible_name=_("Show the week of this date"), today=ctx.today
        )
        self.day_field.set_date(self._day)
        kinds = [(_("All kinds"), None), *((kind.label, kind.value) for kind in WorkshopKind)]
        self.kind_combo = choice_combo(
            sheet_tab, kinds, accessible_name=_("Kind of workshop shown")
        )
        self.period_label = QLabel(sheet_tab)
        self.period_label.setWordWrap(True)
        self.print_button = QPushButton(_("Print / Export P&DF…"), sheet_tab)
        self.print_button.setAccessibleName(_("Print or export attendance sheets as PDF"))
        self.print_button.setToolTip(
            _("One workshop's sheet, or all the sheets of a month or a year (Ctrl+P)")
        )
        self.print_menu = QMenu(self.print_button)
        self.print_menu.setAccessibleName(_("Sheets to print"))
        self.print_sheet_action = self.print_menu.addAction(_("The &selected workshop's sheet…"))
        self.print_batch_action = self.print_menu.addAction(
            _("&All the sheets of a month or a year…")
        )
        self.print_button.setMenu(self.print_menu)

        # One flowing row: the buttons, the day and the type go to the next line when the
        # page is too narrow for them (200 % text), never cut.
        nav = FlowRow(self)
        nav.addWidget(self.previous_button)
        nav.addWidget(self.this_week_button)
        nav.addWidget(self.next_button)
        nav.addWidget(self.print_button)
        nav.addWidget(labelled_pair(sheet_tab, _("&Week of:"), self.day_field))
        nav.addWidget(labelled_pair(sheet_tab, _("&Kind:"), self.kind_combo))

        week = _("Workshops of the week")
        self.splitter = WorkshopsAndSheet(
            ctx, sheet_tab, _("W&orkshops:"), week, beside=self.period_label
        )

        sheet_layout = QVBoxLayout(sheet_tab)
        sheet_layout.addWidget(nav)
        sheet_layout.addWidget(self.splitter, 1)
        self.tabs.addTab(scroll_area(self.tabs, sheet_tab), _("&List and check-in"))

        # -- monthly totals --------------------------------------------------------------
        totals_tab = QWidget(self.tabs)
        self.year_field = QSpinBox(totals_tab)
        self.year_field.setRange(2000, 2100)
        self.year_field.setValue(reporting_year(ctx.today()))  # January: the year ended
        self.year_field.setAccessibleName(_("Year of the totals"))
        year_label = QLabel(_("&Year:"), totals_tab)
        year_label.setBuddy(self.year_field)
        self.totals_model = MonthTotalsModel(self)
        self.totals_table = make_table(totals_tab, self.totals_model, _("Monthly totals"))
        self.totals_note = QLabel(
            _(
                "Cancelled workshops count nowhere. Excused absences are neither present "
                "nor absent. Hover over a number of workshops to see them by kind."
            ),
            totals_tab,
        )
        self.totals_note.setWordWrap(True)
        year_row = QHBoxLayout()
        year_row.addWidget(year_label)
        year_row.addWidget(self.year_field)
        year_row.addStretch(1)
        totals_layout = QVBoxLayout(totals_tab)
        totals_layout.addLayout(year_row)
        totals_layout.addWidget(self.totals_table, 1)
        totals_layout.addWidget(self.totals_note)
        self.tabs.addTab(totals_tab, _("Monthly tot&als"))

        tab_order(
            [
                self.tabs,
                self.previous_button,
                self.this_week_button,
                self.next_button,
                self.day_field,
                self.kind_combo,
                self.workshops_table,
                self.sheet.check_in_field,
            ]
        )

        self.previous_button.clicked.connect(lambda: self._move_week(-7))
        self.next_button.clicked.connect(lambda: self._move_week(7))
        self.this_week_button.clicked.connect(lambda: self.show_day(self._ctx.today()))
        self.day_field.editor.editingFinished.connect(self._day_typed)
        self.day_field.changed.connect(self._day_picked)
        self.kind_combo.currentIndexChanged.connect(lambda _i: self.load_workshops())
        self.year_field.valueChanged.connect(lambda _v: self.load_totals())
        self.tabs.currentChanged.connect(self._tab_changed)
        self.sheet.changed.connect(self.load_workshops)
        self.print_sheet_action.triggered.connect(self.print_sheet)
        self.print_batch_action.triggered.connect(self.print_batch)
        self.sheet.status_message.connect(self.status_message)

    # -- page protocol -----------------------------------------------------------------
    def main_list(self) -> QWidget | None:
        """What Ctrl+6 puts the focus in: the list of the tab shown."""
        if self.tabs.currentIndex() == 1:
            return self.totals_table
        return self.workshops_table

    def refresh(self) -> None:
        if self._first_load:
            self._first_load = False
            self._day = self._ctx.today()
            self.day_field.set_date(self._day)
        self.load_workshops()
        if self.tabs.currentIndex() == 1:
            self.load_totals()

    def open_record(self, record_id: int) -> None:
        """Show a workshop (any date)."""
        ctx = self._ctx
        self.tabs.setCurrentIndex(0)

        def done(detail: WorkshopDetail) -> None:
            self._wanted_workshop = detail.id
            if self._day == detail.held_on:
                self.load_workshops()
            else:
                self.show_day(detail.held_on)

        Op(self, lambda: workshops.get_workshop(ctx, record_id)).success(done).run()

    def save_state(self, settings: QSettings) -> None:
        settings.setValue(_SPLITTER_KEY, self.splitter.saveState())

    def restore_state(self, settings: QSettings) -> None:
        state = settings.value(_SPLITTER_KEY)
        if state is not None:
            self.splitter.restoreState(state)

    # -- workshops ---------------------------------------------------------------------
    def show_day(self, day: dt.date) -> None:
        self._day = day
        if self.day_field.typed_date() != day:
            self.day_field.set_date(day)
        self.load_workshops()

    def shown_day(self) -> dt.date:
        """The day whose week is shown (the last date typed that was a date)."""
        return self._day

    def _day_typed(self) -> None:
        """Leaving the field: a new valid date shows its week; an impossible one (31/02)
        is refused beside the field and the week shown stays."""
        value = self.day_field.typed_date()
        if value is not None and value != self._day:
            self.show_day(value)

    def _day_picked(self) -> None:
        if not self.day_field.editor.hasFocus():  # the calendar, not typing under way
            self._day_typed()

    def _move_week(self, days: int) -> None:
        self.show_day(self._day + dt.timedelta(days=days))

    def period(self) -> tuple[dt.date, dt.date]:
        return week_of(self._day)

    def load_workshops(self) -> None:
        start, end = self.period()
        kind_value = self.kind_combo.currentData()
        kind = WorkshopKind(kind_value) if kind_value else None
        ctx = self._ctx
        self.period_label.setText(
            _("Week from {start} to {end}").format(
                start=formatting.short_date(start), end=formatting.short_date(end)
            )
        )
        (
            Op(self, lambda: workshops.list_workshops(ctx, start=start, end=end, kind=kind))
            .success(lambda rows: self._show_workshops(rows, (start, end)))
            .run()
        )

    def _show_workshops(self, rows: list[WorkshopRow], period: tuple[dt.date, dt.date]) -> None:
        if period != self.period():
            return
        self.period_label.setText(
            _("Week from {start} to {end}: {count}").format(
                start=formatting.short_date(period[0]),
                end=formatting.short_date(period[1]),
                count=ngettext("{n} workshop", "{n} workshops", len(rows)).format(n=len(rows)),
            )
        )
        today = self._ctx.today()
        wanted, self._wanted_workshop = self._wanted_workshop, None
        self.splitter.show_rows(
            rows,
            wanted,
            lambda shown: next((n for n, w in enumerate(shown) if w.held_on == today), None),
        )
        self.workshops_loaded.emit()

    # -- totals ------------------------------------------------------------------------
    def _tab_changed(self, index: int) -> None:
        if index == 1:
            self.load_totals()

    def load_totals(self) -> None:
        year, ctx = self.year_field.value(), self._ctx

        def done(rows: list[MonthTotals]) -> None:
            if year == self.year_field.value():
                self.totals_model.set_rows(rows)
                self.totals_loaded.emit()

        Op(self, lambda: month_totals.monthly_totals(ctx, year)).success(done).run()

    # -- printing ----------------------------------------------------------------------
    def print_current(self) -> None:
        """File > Print (Ctrl+P): the selected workshop's sheet or a batch."""
        self.print_menu.popup(self.print_button.mapToGlobal(self.print_button.rect().bottomLeft()))

    def print_sheet(self) -> None:
        from pairdesk.ui import printing

        workshop_id = self.sheet.workshop_id
        if workshop_id is None:
            self.status_message.emit(_("Choose a workshop in the list first."))
            return
        self.print_dialog = printing.print_attendance_sheet(self, self._ctx, workshop_id)

    def print_batch(self) -> None:
        from pairdesk.ui import printing

        day = self._day
        self.print_dialog = printing.print_attendance_batch(self, self._ctx, day)

"""The indicators dashboard: a period, the shared indicators (then the supported-
employment (IPS) figures, :mod:`.ips_rows`), and the details of one.

The definition of an indicator is its tooltip; selecting a row (one click, or the arrow
keys) shows in the details pane its numerator and denominator ("12 / 30") with what each
counts, and its breakdown when it has one.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from pairdesk.domain.dates import add_months, reporting_year
from pairdesk.domain.indicators import IndicatorReport, IndicatorValue
from pairdesk.domain.ips import IpsFigures, ips_indicator_values
from pairdesk.errors import InvalidInput
from pairdesk.formatting import short_date
from pairdesk.i18n import _
from pairdesk.services import indicators, ips
from pairdesk.services.context import ServiceContext
from pairdesk.ui.errors import show_error
from pairdesk.ui.models.indicators_model import (
    BreakdownColumn,
    BreakdownModel,
    Column,
    IndicatorsModel,
    format_value,
    fraction_text,
    fraction_words,
    no_value_reason,
)
from pairdesk.ui.ops import Op
from pairdesk.ui.text_size import relative_font
from pairdesk.ui.views.indicators.ips_rows import ips_fraction_words
from pairdesk.ui.widgets.date_field import DateField
from pairdesk.ui.widgets.field_error import make_error_label
from pairdesk.ui.widgets.layouts import page_title
from pairdesk.ui.widgets.tables import make_table


def _month_end(day: dt.date) -> dt.date:
    return add_months(day.replace(day=1), 1) - dt.timedelta(days=1)


def quick_periods(today: dt.date) -> dict[str, tuple[dt.date, dt.date]]:
    """The quick choices, by key: calendar month and year, and the 12 months to today."""
    first = today.replace(day=1)
    last_month = add_months(first, -1)
    return {
        "this_month": (first, _month_end(first)),
        "last_month": (last_month, _month_end(last_month)),
        "this_year": (dt.date(today.year, 1, 1), dt.date(today.year, 12, 31)),
        "last_year": (dt.date(today.year - 1, 1, 1), dt.date(today.year - 1, 12, 31)),
        "last_12_months": (add_months(today, -12) + dt.timedelta(days=1), today),
    }


def default_period(today: dt.date) -> tuple[dt.date, dt.date]:
    """The period the page opens on: the calendar year of ``reporting_year``."""
    year = reporting_year(today)
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def _compute(
    ctx: ServiceContext, start: dt.date, end: dt.date
) -> tuple[IndicatorReport, IpsFigures]:
    """On the worker: the shared indicators and the IPS figures of the period."""
    return indicators.compute_indicators(ctx, start, end), ips.compute_ips(ctx, start, end)


class _DetailsPane(QGroupBox):
    """What the selected indicator was computed from."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("Details"), parent)
        self.setObjectName("indicatorDetails")
        selectable = (
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.name_label = QLabel(self)
        relative_font(self.name_label, 1.15, bold=True)
        self.value_label = QLabel(self)
        self.fraction_label = QLabel(self)
        self.fraction_label.setObjectName("indicatorFraction")
        self.words_label = QLabel(self)
        self.words_label.setObjectName("indicatorFractionWords")
        self.definition_label = QLabel(self)
        self.definition_label.setObjectName("indicatorDefinition")
        for label in (
            self.name_label,
            self.value_label,
            self.fraction_label,
            self.words_label,
            self.definition_label,
        ):
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setTextInteractionFlags(selectable)
        self.breakdown_model = BreakdownModel(self)
        self.breakdown_table = make_table(
            self, self.breakdown_model, _("Breakdown"), stretch=BreakdownColumn.PART, wrap=True
        )
        self.breakdown_table.setObjectName("indicatorBreakdown")
        self.breakdown_table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.breakdown_title = QLabel(_("Breakdown"), self)

        layout = QVBoxLayout(self)
        layout.addWidget(self.name_label)
        layout.addWidget(self.value_label)
        layout.addWidget(self.fraction_label)
        layout.addWidget(self.words_label)
        layout.addWidget(self.definition_label)
        layout.addWidget(self.breakdown_title)
        layout.addWidget(self.breakdown_table)
        layout.addStretch(1)
        self.show_indicator(None)

    def _fit_breakdown(self) -> None:
        """Tall enough for every line: the pane scrolls, not the little table."""
        table = self.breakdown_table
        table.resizeRowsToContents()
        rows = sum(table.rowHeight(r) for r in range(self.breakdown_model.rowCount()))
        header = table.horizontalHeader().sizeHint().height()
        table.setFixedHeight(rows + header + 2 * table.frameWidth())

    def show_indicator(self, item: IndicatorValue | None) -> None:
        self.breakdown_model.set_indicator(item)
        has_breakdown = item is not None and bool(item.breakdown)
        self.breakdown_title.setVisible(has_breakdown)
        self.breakdown_table.setVisible(has_breakdown)
        if has_breakdown:
            self._fit_breakdown()
        if item is None:
            self.name_label.setText(_("Select an indicator to see what it was computed from."))
            for label in (
                self.value_label,
                self.fraction_label,
                self.words_label,
                self.definition_label,
            ):
                label.clear()
            return
        self.name_label.setText(item.label)
        value = _("Value: {value}").format(value=format_value(item))
        reason = no_value_reason(item)
        self.value_label.setText(f"{value}\n{reason}" if reason else value)
        self.fraction_label.setText(
            _("Computed from: {fraction}").format(fraction=fraction_text(item))
        )
        self.words_label.setText(ips_fraction_words(item) or fraction_words(item))
        self.definition_label.setText(
            _("Definition: {definition}").format(definition=item.definition)
        )


class IndicatorsView(QWidget):
    """Choose a period; the indicators are computed off the GUI thread."""

    status_message = Signal(str)
    computed = Signal()

    def __init__(self, ctx: ServiceContext, window: QWidget | None = None) -> None:
        super().__init__(window)
        self.setObjectName("indicatorsView")
        self._ctx = ctx
        self._generation = 0
        today = ctx.today()

        title = page_title(self, _("Indicators"))

        self.start_edit = self._date_edit(_("Start of the period"), "indicatorStart")
        self.end_edit = self._date_edit(_("End of the period"), "indicatorEnd")
        start, end = default_period(today)
        self.start_edit.set_date(start)
        self.end_edit.set_date(end)
        start_label = QLabel(_("Fr&om:"), self)
        start_label.setBuddy(self.start_edit)
        end_label = QLabel(_("&To:"), self)
        end_label.setBuddy(self.end_edit)
        self.compute_button = QPushButton(_("&Compute"), self)
        self.compute_button.setObjectName("computeIndicators")
        self.compute_button.setAccessibleName(_("Compute the indicators for this period"))
        self.compute_button.setDefault(True)
        self.print_button = QPushButton(_("Print / E&xport the activity report…"), self)
        self.print_button.setObjectName("printActivityReport")
        self.print_button.setAccessibleName(
            _("Print or export the activity report for this period")
        )
        self.print_button.setToolTip(_("The activity report of the period chosen (Ctrl+P)"))
        self.busy_bar = QProgressBar(self)
        self.busy_bar.setObjectName("indicatorsBusy")
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setMaximumWidth(160)
        self.busy_bar.setTextVisible(False)
        self.busy_bar.setAccessibleName(_("Computing the indicators"))
        self.busy_bar.hide()
        self.period_label = QLabel(self)
        self.period_label.setObjectName("indicatorsPeriod")
        self.period_label.setWordWrap(True)
        self.error_label = QLabel(self)
        self.error_label.setObjectName("fieldError")
        self.error_label.setWordWrap(True)
        make_error_label(self.error_label)
        self.error_label.hide()

        self.quick_buttons: dict[str, QPushButton] = {}
        quick_labels = {
            "this_month": (_("This &month"), _("Choose this month")),
            "last_month": (_("&Last month"), _("Choose last month")),
            "this_year": (_("This &year"), _("Choose this year")),
            "last_year": (_("Last y&ear"), _("Choose last year")),
            "last_12_months": (_("Last 1&2 months"), _("Choose the last 12 months")),
        }
        # One row at ordinary text sizes; at large ones the buttons go on two rows (a row
        # of five was cut: "e mois dernie").
        quick_row = QGridLayout()
        quick_row.addWidget(QLabel(_("Quick choice:"), self), 0, 0)
        per_row = 5 if self.fontMetrics().averageCharWidth() * 110 < 1000 else 3
        for index, (key, (text, name)) in enumerate(quick_labels.items()):
            button = QPushButton(text, self)
            button.setObjectName(f"period_{key}")
            button.setAccessibleName(name)
            button.clicked.connect(lambda _checked=False, k=key: self.choose_period(k))
            self.quick_buttons[key] = button
            quick_row.addWidget(button, index // per_row, 1 + index % per_row)
        quick_row.setColumnStretch(per_row + 1, 1)

        self.model = IndicatorsModel(self)
        # Long labels wrap at large text sizes.
        self.table = make_table(self, self.model, _("Indicators"), stretch=Column.LABEL, wrap=True)
        self.table.setObjectName("indicatorsTable")
        self.table.setAccessibleDescription(
            _("Select an indicator to see its definition and what it was computed from.")
        )
        self.model.modelReset.connect(self._keep_words_whole)

        self.details = _DetailsPane(self)
        details_scroll = QScrollArea(self)
        details_scroll.setWidgetResizable(True)
        details_scroll.setWidget(self.details)
        details_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(details_scroll)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)

        period = QGridLayout()
        period.addWidget(start_label, 0, 0)
        period.addWidget(self.start_edit, 0, 1)
        period.addWidget(end_label, 0, 2)
        period.addWidget(self.end_edit, 0, 3)
        period.addWidget(self.compute_button, 0, 4)
        period.addWidget(self.busy_bar, 0, 5)
        period.setColumnStretch(6, 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.addWidget(title)
        layout.addLayout(period)
        layout.addWidget(self.error_label)
        layout.addLayout(quick_row)
        period_row = QHBoxLayout()  # the print button here: the rows above are full at 200 %
        period_row.addWidget(self.period_label, 1)
        period_row.addWidget(self.print_button)
        layout.addLayout(period_row)
        layout.addWidget(self.splitter, 1)

        QWidget.setTabOrder(self.start_edit, self.end_edit)
        QWidget.setTabOrder(self.end_edit, self.compute_button)
        previous: QWidget = self.compute_button
        for button in self.quick_buttons.values():
            QWidget.setTabOrder(previous, button)
            previous = button
        QWidget.setTabOrder(previous, self.table)
        QWidget.setTabOrder(self.table, self.details.breakdown_table)

        self.compute_button.clicked.connect(self.compute)
        self.print_button.clicked.connect(self.print_current)
        self.start_edit.editor.editingFinished.connect(self._clear_error)
        self.end_edit.editor.editingFinished.connect(self._clear_error)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)

    def _date_edit(self, name: str, object_name: str) -> DateField:
        """A typed date ("0312", "03/12/2026"); 31/02 is refused beside it, never clamped."""
        edit = DateField(self, accessible_name=name, today=self._ctx.today)
        edit.setObjectName(object_name)
        return edit

    # -- period ------------------------------------------------------------------------
    def _keep_words_whole(self) -> None:
        """The table never narrower than its longest word in the label column plus the
        other columns: at 200 % the label column, which takes what is left, cut
        « accompagnées » into « accompag… » (coordinator tester)."""
        metrics = self.table.fontMetrics()
        words = (
            word
            for row in range(self.model.rowCount())
            for word in str(self.model.index(row, Column.LABEL).data() or "").split()
        )
        longest = max((metrics.horizontalAdvance(w) for w in words), default=0)
        others = sum(
            self.table.horizontalHeader().sectionSize(c)
            for c in range(self.model.columnCount())
            if c != Column.LABEL
        )
        frame = 2 * self.table.frameWidth() + self.table.verticalScrollBar().sizeHint().width()
        self.table.setMinimumWidth(longest + others + frame + 16)

    def period(self) -> tuple[dt.date, dt.date]:
        """The dates typed; raises ``InvalidDate`` (shown beside the field) when one is
        not a date."""
        return self.start_edit.shown_date(), self.end_edit.shown_date()

    def export_period(self) -> tuple[dt.date, dt.date] | None:
        """File > Export (Ctrl+E) proposes the period of the figures shown (else the one
        typed): it proposed the calendar year whatever the page showed."""
        shown = self.model.report
        if shown is not None:
            return shown.start, shown.end
        start, end = self.start_edit.typed_date(), self.end_edit.typed_date()
        return (start, end) if start is not None and end is not None else None

    def set_period(self, start: dt.date, end: dt.date) -> None:
        self.start_edit.set_date(start)
        self.end_edit.set_date(end)

    def choose_period(self, key: str) -> None:
        """Put a quick choice in the date fields and compute."""
        self.set_period(*quick_periods(self._ctx.today())[key])
        self.compute()

    def main_list(self) -> QWidget | None:
        """What Ctrl+7 puts the focus in: the table of indicators."""
        return self.table

    def refresh(self) -> None:
        """Computed again each time the page is shown (the data may have changed)."""
        self.compute()

    # -- computing ---------------------------------------------------------------------
    def compute(self) -> None:
        self._clear_error()
        try:
            start, end = self.period()
        except InvalidInput:
            return  # the date field says why, beside it
        self._generation += 1
        generation = self._generation
        ctx = self._ctx
        self.busy_bar.show()
        self.compute_button.setEnabled(False)
        (
            Op(self, lambda: _compute(ctx, start, end))
            .success(lambda result: self._show(result, generation))
            # Not the default routing: a computation a newer one replaced shows nothing, and
            # a bad period is shown in the page's error line with the focus on that date.
            .failure(lambda exc: self._failed(exc, generation))
            .busy(_("Computing the indicators…"))
            .run()
        )

    def _done(self, generation: int) -> bool:
        if generation != self._generation:
            return False  # a newer computation is on its way
        self.busy_bar.hide()
        self.compute_button.setEnabled(True)
        return True

    def _failed(self, exc: BaseException, generation: int) -> None:
        if not self._done(generation):
            return
        if isinstance(exc, InvalidInput) and exc.field in ("start", "end"):
            self.error_label.setText(_("Error: {message}").format(message=exc.message))
            self.error_label.setAccessibleName(self.error_label.text())
            self.error_label.show()
            (self.start_edit if exc.field == "start" else self.end_edit).setFocus()
            return
        show_error(self, exc)

    def _clear_error(self) -> None:
        self.error_label.clear()
        self.error_label.hide()

    def _show(self, result: tuple[IndicatorReport, IpsFigures], generation: int) -> None:
        if not self._done(generation):
            return
        report, supported = result
        current = self.table.currentIndex()
        selected = self.model.indicator(current.row()) if current.isValid() else None
        self.model.set_report(report)
        self.model.set_rows([*report.items.values(), *ips_indicator_values(supported)])
        self.period_label.setText(
            _("Period from {start} to {end}, both days included.").format(
                start=short_date(report.start), end=short_date(report.end)
            )
        )
        row = self.model.row_of(selected.id) if selected is not None else None
        self.table.setCurrentIndex(self.model.index(row or 0, Column.LABEL))
        self._current_changed(self.table.currentIndex())
        self.computed.emit()

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex | None = None) -> None:
        self.details.show_indicator(self.model.indicator(current.row()))

    def select_indicator(self, indicator_id: str) -> None:
        row = self.model.row_of(indicator_id)
        if row is not None:
            self.table.setCurrentIndex(self.model.index(row, Column.LABEL))

    def print_current(self) -> None:
        """File > Print (Ctrl+P): the activity report of the period in the date fields."""
        from pairdesk.ui import printing

        try:
            start, end = self.period()
        except InvalidInput:
            return  # the date field says why, beside it
        if start > end:
            self.error_label.setText(
                _("Error: {message}").format(message=_("The end date is before the start date."))
            )
            self.error_label.setAccessibleName(self.error_label.text())
            self.error_label.show()
            self.end_edit.setFocus()
            return
        self._clear_error()
        self.print_dialog = printing.print_activity_report(self, self._ctx, start, end)

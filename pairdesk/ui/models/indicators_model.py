"""The indicators dashboard: one row per shared indicator, and one table per breakdown.

Rows come from ``services.indicators.compute_indicators`` (15 indicators, a handful of
breakdown lines), so the models hold plain lists. The definition of each indicator is its
tooltip on every cell; the numerator and denominator are the "Computed from" column and,
in words, :func:`fraction_words`.
"""

from __future__ import annotations

from enum import IntEnum

from PySide6.QtCore import QObject, Qt

from pairdesk.domain.indicators import (
    MEAN_IDS,
    IndicatorReport,
    IndicatorValue,
    breakdown_label,
)
from pairdesk.formatting import mean, number, percent
from pairdesk.i18n import N_, _
from pairdesk.ui.models.rows import RowColumn, RowsModel

_RIGHT = Qt.AlignmentFlag.AlignRight

#: Indicators whose value is a mean (``numerator`` is the sum, ``denominator`` the count).
MEANS = MEAN_IDS


class Column(IntEnum):
    LABEL = 0
    VALUE = 1
    FROM = 2


HEADERS: dict[Column, str] = {
    Column.LABEL: N_("Indicator"),
    Column.VALUE: N_("Value"),
    Column.FROM: N_("Computed from"),
}

#: What the numerator and the denominator count, each named then given: a count then a
#: noun agreed wrongly with 1 (« pour 1 personnes », a tester).
_FRACTION_WORDS: dict[str, str] = {
    "attendance_rate": N_(
        "Registrations marked present: {numerator}; marked present or absent: {denominator}"
    ),
    "satisfaction_mean": N_("Points given: {numerator}; satisfaction scores: {denominator}"),
    "with_goal_rate": N_(
        "Active participants with a goal: {numerator}; active participants: {denominator}"
    ),
    "employment_access_rate": N_(
        "Active participants who started a job of at least 30 days (first and last day "
        "included): {numerator}; active participants: {denominator}"
    ),
    "durable_employment_rate": N_(
        "Active participants who started a durable job: {numerator}; active participants: "
        "{denominator}"
    ),
    "retention_rate_6m": N_(
        "Still employed: {numerator}; job starts whose 6-month date falls in the period: "
        "{denominator}"
    ),
    "retention_rate_12m": N_(
        "Still employed: {numerator}; job starts whose 12-month date falls in the period: "
        "{denominator}"
    ),
    "retention_rate_18m": N_(
        "Still employed: {numerator}; job starts whose 18-month date falls in the period: "
        "{denominator}"
    ),
    "self_assessment_change": N_(
        "Points of change in all: {numerator}; participants assessed at least twice: {denominator}"
    ),
    "confidence_regained_rate": N_(
        "Participants whose confidence went up: {numerator}; rated in both assessments: "
        "{denominator}"
    ),
}


def is_count(item: IndicatorValue) -> bool:
    return item.denominator is None


def is_mean(item: IndicatorValue) -> bool:
    return item.id in MEANS


def _figure(value: float | int | None) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        return number(value)
    return number(value, digits=1)


#: Means that are changes: shown with their sign (+0,96).
CHANGES = frozenset({"self_assessment_change"})


def format_value(item: IndicatorValue) -> str:
    """A count as a number, a ratio as a percentage, a mean with two decimals (a change
    signed), as the documents print them; "—" if none."""
    if item.value is None:
        return "—"
    if is_count(item):
        return _figure(item.value)
    if is_mean(item):
        return mean(item.value, signed=item.id in CHANGES)
    return percent(float(item.value))


def fraction_text(item: IndicatorValue) -> str:
    """``"12 / 30"`` (or the count alone)."""
    if is_count(item):
        return _figure(item.numerator)
    return _("{numerator} / {denominator}").format(
        numerator=_figure(item.numerator), denominator=_figure(item.denominator)
    )


def fraction_words(item: IndicatorValue) -> str:
    """What the numerator and denominator count, in a sentence."""
    if is_count(item):
        return _("A count: {count}. There is no denominator.").format(count=_figure(item.numerator))
    template = _FRACTION_WORDS.get(item.id)
    numerator, denominator = _figure(item.numerator), _figure(item.denominator)
    if template is None:
        return _("Numerator {numerator}, denominator {denominator}").format(
            numerator=numerator, denominator=denominator
        )
    return _(template).format(numerator=numerator, denominator=denominator)


def no_value_reason(item: IndicatorValue) -> str:
    """Why the value is empty ("" when there is one)."""
    if item.value is not None:
        return ""
    return _("No value: there is nothing to divide by in this period, so it is not 0 either.")


COLUMNS: tuple[RowColumn[IndicatorValue], ...] = (
    RowColumn(HEADERS[Column.LABEL], lambda item: item.label),
    RowColumn(HEADERS[Column.VALUE], format_value, alignment=_RIGHT),
    RowColumn(HEADERS[Column.FROM], fraction_text, alignment=_RIGHT),
)


class IndicatorsModel(RowsModel[IndicatorValue]):
    """One row per indicator; every cell's tooltip is the indicator's definition; ``ROW_ROLE``
    gives the ``IndicatorValue``, ``ID_ROLE`` its id (``"attendance_rate"``…)."""

    columns = COLUMNS

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._report: IndicatorReport | None = None

    @property
    def report(self) -> IndicatorReport | None:
        return self._report

    def set_report(self, report: IndicatorReport | None) -> None:
        self._report = report
        self.set_rows(list(report.items.values()) if report is not None else [])

    def indicator(self, row: int) -> IndicatorValue | None:
        return self.row_at(row)

    def tooltip(self, item: IndicatorValue, column: int) -> str | None:
        return item.definition


class BreakdownColumn(IntEnum):
    PART = 0
    VALUE = 1


Part = tuple[str, float | int | None]


class BreakdownModel(RowsModel[Part]):
    """The breakdown of one indicator (workshops by kind, change by domain)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._indicator: IndicatorValue | None = None

    def set_indicator(self, item: IndicatorValue | None) -> None:
        self._indicator = item
        self.set_rows(list(item.breakdown.items()) if item is not None else [])

    def header_titles(self) -> tuple[str, str]:
        indicator_id = self._indicator.id if self._indicator is not None else ""
        part = {
            "self_assessment_change": N_("Domain"),
            "workshops_held": N_("Kind of workshop"),
        }.get(indicator_id, N_("Part"))
        mean = self._indicator is not None and is_mean(self._indicator)
        return part, N_("Mean change") if mean else N_("Number")

    def cell(self, item: Part, column: int) -> str:
        key, value = item
        if column == BreakdownColumn.PART:
            indicator_id = self._indicator.id if self._indicator is not None else ""
            return breakdown_label(indicator_id, key)
        if self._indicator is not None and is_mean(self._indicator):
            return mean(value, signed=self._indicator.id in CHANGES)
        return _figure(value) if value is not None else "—"

    def alignment(self, column: int) -> Qt.AlignmentFlag | None:
        return Qt.AlignmentFlag.AlignRight if column == BreakdownColumn.VALUE else None

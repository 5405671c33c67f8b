"""The indicators dashboard: one row per shared indicator, and one table per breakdown.

Rows come from ``services.indicators.compute_indicators`` (15 indicators, a handful of
breakdown lines), so the models hold plain lists. The definition of each indicator is its
tooltip on every cell; the numerator and denominator are the "Computed from" column and,
in words, :func:`fraction_words`.
"""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from pairdesk.domain.enums import AssessmentDomain, WorkshopKind
from pairdesk.domain.indicators import IndicatorReport, IndicatorValue
from pairdesk.formatting import number, percent
from pairdesk.i18n import N_, _

AnyIndex = QModelIndex | QPersistentModelIndex

#: The ``IndicatorValue`` of any index of its row.
INDICATOR_ROLE = Qt.ItemDataRole.UserRole + 1
#: The indicator's id (``"attendance_rate"``…).
ID_ROLE = Qt.ItemDataRole.UserRole + 2

#: Indicators whose value is a mean (``numerator`` is the sum, ``denominator`` the count).
MEANS = frozenset({"satisfaction_mean", "self_assessment_change"})


class Column(IntEnum):
    LABEL = 0
    VALUE = 1
    FROM = 2


HEADERS: dict[Column, str] = {
    Column.LABEL: N_("Indicator"),
    Column.VALUE: N_("Value"),
    Column.FROM: N_("Computed from"),
}

_FRACTION_WORDS: dict[str, str] = {
    "attendance_rate": N_(
        "{numerator} registrations marked present out of {denominator} marked present or absent"
    ),
    "satisfaction_mean": N_("{numerator} points given in {denominator} satisfaction scores"),
    "with_goal_rate": N_(
        "{numerator} active participants with a goal out of {denominator} active participants"
    ),
    "employment_access_rate": N_(
        "{numerator} active participants who started a job of at least 30 days (first and last "
        "day included) out of {denominator} active participants"
    ),
    "durable_employment_rate": N_(
        "{numerator} active participants who started a durable job out of {denominator} "
        "active participants"
    ),
    "retention_rate_6m": N_(
        "{numerator} still employed out of {denominator} job starts whose 6-month date falls "
        "in the period"
    ),
    "retention_rate_12m": N_(
        "{numerator} still employed out of {denominator} job starts whose 12-month date falls "
        "in the period"
    ),
    "retention_rate_18m": N_(
        "{numerator} still employed out of {denominator} job starts whose 18-month date falls "
        "in the period"
    ),
    "self_assessment_change": N_(
        "{numerator} points of change in all, over {denominator} participants assessed at "
        "least twice"
    ),
    "confidence_regained_rate": N_(
        "{numerator} participants whose confidence went up out of {denominator} rated in both "
        "assessments"
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


def format_value(item: IndicatorValue) -> str:
    """A count as a number, a ratio as a percentage, a mean with one decimal; "—" if none."""
    if item.value is None:
        return "—"
    if is_count(item):
        return _figure(item.value)
    if is_mean(item):
        return number(float(item.value), digits=1)
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


def breakdown_label(indicator_id: str, key: str) -> str:
    enum: type[WorkshopKind] | type[AssessmentDomain] | None = None
    if indicator_id == "workshops_held":
        enum = WorkshopKind
    elif indicator_id == "self_assessment_change":
        enum = AssessmentDomain
    if enum is not None:
        try:
            return enum(key).label
        except ValueError:
            pass
    return key


class IndicatorsModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._items: list[IndicatorValue] = []
        self._report: IndicatorReport | None = None

    @property
    def report(self) -> IndicatorReport | None:
        return self._report

    def set_report(self, report: IndicatorReport | None) -> None:
        self.beginResetModel()
        self._report = report
        self._items = list(report.items.values()) if report is not None else []
        self.endResetModel()

    def indicator(self, row: int) -> IndicatorValue | None:
        return self._items[row] if 0 <= row < len(self._items) else None

    def row_of(self, indicator_id: str) -> int:
        return next((r for r, i in enumerate(self._items) if i.id == indicator_id), -1)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(Column)
        ):
            return _(HEADERS[Column(section)])
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        item = self._items[index.row()]
        column = index.column()
        if role == INDICATOR_ROLE:
            return item
        if role == ID_ROLE:
            return item.id
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if column == Column.LABEL:
                return item.label
            if column == Column.VALUE:
                return format_value(item)
            if column == Column.FROM:
                return fraction_text(item)
        if role == Qt.ItemDataRole.ToolTipRole:
            return item.definition
        if role == Qt.ItemDataRole.TextAlignmentRole and column != Column.LABEL:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class BreakdownColumn(IntEnum):
    PART = 0
    VALUE = 1


class BreakdownModel(QAbstractTableModel):
    """The breakdown of one indicator (workshops by kind, change by domain)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[str, float | int | None]] = []
        self._indicator: IndicatorValue | None = None

    def set_indicator(self, item: IndicatorValue | None) -> None:
        self.beginResetModel()
        self._indicator = item
        self._rows = list(item.breakdown.items()) if item is not None else []
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(BreakdownColumn)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if section == BreakdownColumn.PART:
            if self._indicator is not None and self._indicator.id == "self_assessment_change":
                return _("Domain")
            if self._indicator is not None and self._indicator.id == "workshops_held":
                return _("Kind of workshop")
            return _("Part")
        if section == BreakdownColumn.VALUE:
            if self._indicator is not None and is_mean(self._indicator):
                return _("Mean change")
            return _("Number")
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        key, value = self._rows[index.row()]
        indicator_id = self._indicator.id if self._indicator is not None else ""
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if index.column() == BreakdownColumn.PART:
                return breakdown_label(indicator_id, key)
            if index.column() == BreakdownColumn.VALUE:
                return _figure(value) if value is not None else "—"
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == BreakdownColumn.VALUE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

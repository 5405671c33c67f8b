"""Reusable widgets for every view: dates with an optional "no date", field errors shown
next to their field, confirmation questions, and a QPainter line chart.

    from pairdesk.ui.widgets import DateField, FieldError, FieldErrors, LineChart, ChartSeries
"""

from pairdesk.ui.widgets.date_field import DateField
from pairdesk.ui.widgets.field_error import FieldError, FieldErrors
from pairdesk.ui.widgets.line_chart import ChartSeries, LineChart
from pairdesk.ui.widgets.questions import UnsavedChoice, ask_unsaved_changes, confirm

__all__ = [
    "ChartSeries",
    "DateField",
    "FieldError",
    "FieldErrors",
    "LineChart",
    "UnsavedChoice",
    "ask_unsaved_changes",
    "confirm",
]

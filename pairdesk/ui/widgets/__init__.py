"""Reusable widgets for every view: dates with an optional "no date", field errors shown
next to their field, confirmation questions, and a QPainter line chart.

    from pairdesk.ui.widgets import DateField, FieldError, FieldErrors, LineChart, ChartSeries

Each name is imported when first asked for (PEP 562), not with the package: the unlock
dialog imports ``pairdesk.ui.widgets.field_error`` alone, and must not pay for the date
field (``pairdesk.formatting``, Babel) or the chart before it is painted (issue 12).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pairdesk.ui.widgets.date_field import DateField
    from pairdesk.ui.widgets.field_error import FieldError, FieldErrors
    from pairdesk.ui.widgets.line_chart import ChartSeries, LineChart
    from pairdesk.ui.widgets.questions import UnsavedChoice, ask_unsaved_changes, confirm

#: Where each exported name lives.
_HOMES = {
    "ChartSeries": "line_chart",
    "DateField": "date_field",
    "FieldError": "field_error",
    "FieldErrors": "field_error",
    "LineChart": "line_chart",
    "UnsavedChoice": "questions",
    "ask_unsaved_changes": "questions",
    "confirm": "questions",
}

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


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_HOMES])

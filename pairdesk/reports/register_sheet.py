"""The attendance register's daily sheet (fréquentation du jour): who came, visitors
without a name, blank rows to write in by hand. Laid out from
:class:`pairdesk.services.register.RegisterSheetData`; no query."""

from __future__ import annotations

from babel.dates import format_date
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from pairdesk.i18n import _
from pairdesk.reports.base import (
    MARGIN,
    PORTRAIT,
    build_pdf,
    format_day,
    grid_table,
    locale_code,
    para,
)
from pairdesk.services.register import RegisterSheetData

WIDTH = PORTRAIT[0] - 2 * MARGIN


def sheet_title(data: RegisterSheetData) -> str:
    return _("Attendance of {day}").format(day=format_day(data.day))


def register_sheet_pdf(data: RegisterSheetData) -> bytes:
    weekday = format_date(data.day, "EEEE d MMMM yyyy", locale=locale_code())
    story: list[Flowable] = [
        para(_("Attendance register"), "title"),
        para(weekday, "subtitle"),
    ]
    if data.closure_reason is not None:
        story.append(
            para(_("Closure day: {reason}").format(reason=data.closure_reason or "—"), "note")
        )
    widths = [WIDTH * 0.08, WIDTH * 0.52, WIDTH * 0.40]
    rows: list[list[object]] = [["#", _("Name or pseudonym"), _("Member, visitor or participant")]]
    for number, (name, kind) in enumerate(data.rows, start=1):
        rows.append([str(number), name, kind])
    for number in range(len(data.rows) + 1, len(data.rows) + data.blank_rows + 1):
        rows.append([str(number), "", ""])
    story.append(grid_table(rows, widths))
    story.append(Spacer(1, 3 * mm))
    story.append(
        para(
            _("Visitors without a name: {count}. Person-days: {total}.").format(
                count=data.anonymous_visitors, total=len(data.rows) + data.anonymous_visitors
            )
        )
    )
    return build_pdf(
        story, header=data.header, title=sheet_title(data), subject=_("Attendance register")
    )

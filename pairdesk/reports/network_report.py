"""The regional report: network exports added up, small counts suppressed (PDF and xlsx).

Lays out :class:`pairdesk.domain.pooling.RegionalReport`'s *published* figures only: a
suppressed figure is printed "hidden" (``reports.base.hidden_text``; see
:mod:`pairdesk.domain.suppression`). Built without any vault: a federation's coordinator
may have none.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from pairdesk.domain.enums import WorkshopKind
from pairdesk.domain.indicators import indicator_definition, indicator_label
from pairdesk.domain.pooling import COUNT, RATIO, PublishedIndicator, RegionalReport, count_label
from pairdesk.i18n import _, ngettext
from pairdesk.reports.base import (
    MARGIN,
    PORTRAIT,
    build_pdf,
    format_day,
    format_number,
    format_percent,
    grid_table,
    hidden_text,
    para,
)
from pairdesk.services.document_data import DocumentHeader


def _part_label(key: str) -> str:
    with contextlib.suppress(ValueError):
        return WorkshopKind(key).label
    return key


def _shown(value: float | int | None, hidden: bool, *, percent: bool = False) -> str:
    if hidden:
        return hidden_text()
    if percent:
        return format_percent(None if value is None else float(value))
    return format_number(value, 2)


def indicator_rows(report: RegionalReport) -> list[list[str]]:
    """``[label, value, numerator, denominator]`` per published indicator (breakdown parts
    as their own rows), as printed and as written to the spreadsheet."""
    rows: list[list[str]] = []
    for key, item in report.indicators.items():
        rows.append(_row(key, item))
        for part, count in item.breakdown.items():
            hidden = part in item.suppressed_breakdown
            rows.append(
                [
                    _("  of which {part}").format(part=_part_label(part)),
                    _shown(count, hidden),
                    "",
                    "",
                ]
            )
    return rows


def _row(key: str, item: PublishedIndicator) -> list[str]:
    hidden = set(item.figure.suppressed)
    value = _shown(item.figure.value, "value" in hidden, percent=item.kind == RATIO)
    numerator = _shown(item.figure.numerator, "numerator" in hidden)
    denominator = (
        "" if item.kind == COUNT else _shown(item.figure.denominator, "denominator" in hidden)
    )
    return [indicator_label(key), value, numerator, denominator]


def count_rows(report: RegionalReport) -> list[list[str]]:
    return [
        [count_label(key), _shown(item.value, item.suppressed)]
        for key, item in report.counts.items()
    ]


def _title(report: RegionalReport) -> str:
    return _("Network report {start} – {end}").format(
        start=format_day(report.start), end=format_day(report.end)
    )


def regional_report_pdf(report: RegionalReport, *, printed_on: dt.date) -> bytes:
    width = PORTRAIT[0] - 2 * MARGIN
    header = DocumentHeader(association_name=_("Network of associations"), printed_on=printed_on)
    story: list[Flowable] = [
        para(_("Network report"), "title"),
        para(
            _("Period: {start} to {end}").format(
                start=format_day(report.start), end=format_day(report.end)
            ),
            "subtitle",
        ),
        para(
            ngettext(
                "Figures of {count} association added up.",
                "Figures of {count} associations added up.",
                report.associations,
            ).format(count=report.associations)
        ),
        para(
            _(
                "Counts from 1 to 10 are not published, as French public statistics "
                "practise it: they are shown \u201chidden\u201d, and so are other figures, "
                "larger, that would let one recompute them from a total. No rate or mean "
                "is computed on fewer than 11 people. Rates are computed on the pooled "
                "counts."
            ),
            "note",
        ),
    ]
    if report.structures:
        story.append(para(_("Associations named in their export"), "h2"))
        story.append(
            grid_table(
                [[_("Association"), _("Département")]]
                + [[s.name, s.departement or "—"] for s in report.structures],
                [width * 0.75, width * 0.25],
            )
        )
    story.append(para(_("Shared indicators"), "h2"))
    story.append(
        grid_table(
            [
                [_("Indicator"), _("Value"), _("Numerator"), _("Denominator")],
                *indicator_rows(report),
            ],
            [width * 0.49, width * 0.17, width * 0.17, width * 0.17],
        )
    )
    if report.counts:
        story.append(para(_("Counts of the year"), "h2"))
        story.append(
            grid_table(
                [[_("Figure"), _("Total")], *count_rows(report)], [width * 0.75, width * 0.25]
            )
        )
    story.append(para(_("Definitions"), "h2"))
    for key in report.indicators:
        definition = indicator_definition(key)
        if definition:
            story.append(para(f"{indicator_label(key)} : {definition}", "small"))
            story.append(Spacer(1, 1.5 * mm))
    return build_pdf(story, header=header, title=_title(report), subject=_("Network report"))


def regional_report_xlsx(report: RegionalReport) -> bytes:
    """The same figures in a workbook: one sheet of indicators, one of counts."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = _("Indicators")[:31]
    bold = Font(bold=True)
    sheet.append([_title(report)])
    sheet.append(
        [
            ngettext(
                "Figures of {count} association added up.",
                "Figures of {count} associations added up.",
                report.associations,
            ).format(count=report.associations)
        ]
    )
    sheet.append([])
    sheet.append([_("Indicator"), _("Value"), _("Numerator"), _("Denominator")])
    for cell in sheet[sheet.max_row]:
        cell.font = bold
    for row in indicator_rows(report):
        sheet.append(row)
    for column, width in zip("ABCD", (52, 14, 14, 14), strict=True):
        sheet.column_dimensions[column].width = width
    counts = workbook.create_sheet(_("Counts")[:31])
    counts.append([_("Figure"), _("Total")])
    for cell in counts[1]:
        cell.font = bold
    for row in count_rows(report):
        counts.append(row)
    counts.column_dimensions["A"].width = 60
    counts.column_dimensions["B"].width = 14
    for ws in (sheet, counts):
        for line in ws.iter_rows():
            for cell in line:
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # never a formula
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def regional_report_bytes(report: RegionalReport, suffix: str, *, printed_on: dt.date) -> bytes:
    """The regional report as a file of kind ``suffix`` (".json", ".xlsx", otherwise PDF):
    what `pairdesk pool merge` and File > Merge network exports write."""
    suffix = suffix.lower()
    if suffix == ".json":
        return (json.dumps(report.as_json(), ensure_ascii=False, indent=2) + "\n").encode()
    if suffix == ".xlsx":
        return regional_report_xlsx(report)
    return regional_report_pdf(report, printed_on=printed_on)

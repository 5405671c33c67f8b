"""An exported list as a file: CSV that opens right in French Excel, and ``.xlsx``.

CSV: UTF-8 with a BOM (so Excel sees the accents), ``;`` between cells, CRLF line ends,
dates dd/mm/yyyy, decimals with a comma. ``.xlsx`` (openpyxl): real date cells shown
dd/mm/yyyy, times hh:mm, a bold header row that stays in view, column widths fitted, and
never a cell cut at Excel's 32,767 characters without a word. Every text cell is
neutralised (:func:`pairdesk.domain.tabular.neutralise`): a name such as ``=HYPERLINK(…)``
is written ``'=HYPERLINK(…)`` and never runs as a formula. The lists themselves are built
by :mod:`pairdesk.services.exports`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from typing import Protocol

from pairdesk.domain.tabular import neutralise
from pairdesk.errors import InvalidInput
from pairdesk.formatting import number
from pairdesk.i18n import _


class Percent(float):
    """A rate (0.8671): a workbook shows it as a percentage (86,7 %), a CSV as the
    fraction, which every program reads."""


Cell = str | int | float | bool | dt.date | dt.time | None

MAX_COLUMN_WIDTH = 60


class Sheet(Protocol):
    """What is written: a title (the workbook's sheet name), headers and rows."""

    @property
    def title(self) -> str: ...
    @property
    def headers(self) -> tuple[str, ...]: ...
    @property
    def rows(self) -> tuple[tuple[Cell, ...], ...]: ...


def yes_no(value: bool) -> str:
    return _("yes") if value else _("no")


def _decimal(value: float) -> str:
    text = f"{round(value, 4):.4f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def csv_text_cell(value: Cell) -> str:
    """A cell as French Excel reads it from a CSV file."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return yes_no(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _decimal(value)
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    return neutralise(str(value))


def csv_bytes(sheet: Sheet) -> bytes:
    """UTF-8 with BOM, ``;``, CRLF; cells holding ``;``, quotes or line breaks are quoted."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([neutralise(h) for h in sheet.headers])
    for row in sheet.rows:
        writer.writerow([csv_text_cell(c) for c in row])
    return buffer.getvalue().encode("utf-8-sig")


def _sheet_title(title: str) -> str:
    for char in "[]:*?/\\":
        title = title.replace(char, "-")
    return title[:31] or "pairdesk"


#: What XML 1.0 cannot hold beyond openpyxl's control characters: U+FFFE, U+FFFF and lone
#: surrogates (one name holding U+FFFF, from before the import refused it, made every
#: ``.xlsx`` export of the list unreadable).
_XML_UNSAFE = re.compile("[\ufffe\uffff\ud800-\udfff]")


#: What one cell of an Excel workbook holds (notes may hold more).
EXCEL_CELL_CHARS = 32_767


def _too_long_for_excel(sheet: Sheet, row: int, column: int, length: int) -> InvalidInput:
    return InvalidInput(
        _(
            "Row {row}, column « {column} », holds {count} characters: an Excel cell holds at "
            "most {limit}, and the workbook would cut it. Nothing was written: export as CSV "
            "instead, which keeps every character."
        ).format(
            row=row,
            column=sheet.headers[column - 1],
            count=number(length),
            limit=number(EXCEL_CELL_CHARS),
        )
    )


def xlsx_bytes(sheet: Sheet) -> bytes:
    """An ``.xlsx`` workbook: bold frozen header, date cells dd/mm/yyyy, fitted widths."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    worksheet = workbook.active
    assert worksheet is not None
    worksheet.title = _sheet_title(sheet.title)
    widths = [len(h) for h in sheet.headers]
    bold = Font(bold=True)
    for column, header in enumerate(sheet.headers, start=1):
        cell = worksheet.cell(row=1, column=column, value=neutralise(header))
        cell.font = bold
    for row_index, row in enumerate(sheet.rows, start=2):
        for column, value in enumerate(row, start=1):
            shown: str
            if isinstance(value, bool):
                shown = yes_no(value)
                cell = worksheet.cell(row=row_index, column=column, value=shown)
            elif isinstance(value, dt.datetime):
                cell = worksheet.cell(row=row_index, column=column, value=value)
                cell.number_format = "DD/MM/YYYY HH:MM"
                shown = "00/00/0000 00:00"
            elif isinstance(value, dt.date):
                cell = worksheet.cell(row=row_index, column=column, value=value)
                cell.number_format = "DD/MM/YYYY"
                shown = "00/00/0000"
            elif isinstance(value, dt.time):
                cell = worksheet.cell(row=row_index, column=column, value=value)
                cell.number_format = "HH:MM"
                shown = "00:00"
            elif isinstance(value, Percent):
                cell = worksheet.cell(row=row_index, column=column, value=float(value))
                cell.number_format = "0.0%"
                shown = "100,0 %"
            elif isinstance(value, int | float) or value is None:
                cell = worksheet.cell(row=row_index, column=column, value=value)
                shown = "" if value is None else csv_text_cell(value)
            else:
                # Typed as text (below), never read as a formula: no « ' » before « =… » or
                # « +33… », which showed in the cell (a tester); the CSV keeps its « ' »,
                # the only way a CSV says "text".
                shown = _XML_UNSAFE.sub("", ILLEGAL_CHARACTERS_RE.sub("", str(value)))
                if len(shown) > EXCEL_CELL_CHARS:  # openpyxl cut it without a word
                    raise _too_long_for_excel(sheet, row_index, column, len(shown))
                cell = worksheet.cell(row=row_index, column=column, value=shown)
                cell.data_type = "s"  # never a formula, whatever the text
            longest = max((len(line) for line in shown.splitlines()), default=0)
            if column <= len(widths):
                widths[column - 1] = max(widths[column - 1], longest)
    for column, width in enumerate(widths, start=1):
        worksheet.column_dimensions[get_column_letter(column)].width = min(
            max(width + 2, 8), MAX_COLUMN_WIDTH
        )
    worksheet.freeze_panes = "A2"
    if sheet.headers:
        worksheet.auto_filter.ref = (
            f"A1:{get_column_letter(len(sheet.headers))}{max(len(sheet.rows) + 1, 1)}"
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()

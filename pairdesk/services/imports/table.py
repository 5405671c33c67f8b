"""A sheet as read from a file, and the limits every file is read within.

A list of members is a few hundred kilobytes; a file past these limits is refused at
once with ``InvalidInput`` (exit code 7) and a message naming the limit, before it can
take minutes or gigabytes (a 1.6 KB .xlsx declaring 17 billion cells took 163 s and
3.7 GB). :mod:`.reading` (CSV) and :mod:`.xlsx` both build their :class:`Table` here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from pairdesk.domain.tabular import cell_text
from pairdesk.domain.text import clean_line
from pairdesk.errors import InvalidInput
from pairdesk.i18n import _, current_language

Cell = str | int | float | bool | dt.date | dt.datetime | dt.time | None

#: Files bigger than this are refused.
MAX_FILE_BYTES = 50 * 1024 * 1024
#: Data rows under the header (the sheet stops at row 100,001).
MAX_ROWS = 100_000
#: Columns read (a row with something in column 201 is refused).
MAX_COLUMNS = 200
#: Characters in one cell: Excel's own limit.
MAX_CELL_CHARS = 32_767
#: What the parts of an .xlsx file may add up to once unpacked, as the zip declares them.
MAX_XLSX_UNPACKED_BYTES = 100 * 1024 * 1024
#: Parts in an .xlsx zip (a workbook has a dozen).
MAX_XLSX_PARTS = 1_000
#: Unpacked ÷ packed size of a part bigger than 1 MB (sheets reach 10-30; zip bombs 1,000).
MAX_XLSX_RATIO = 100


@dataclass(frozen=True, slots=True)
class Table:
    """A sheet as read from a file: header cells and data rows (cells as found).

    ``row_numbers[i]`` is the number the spreadsheet shows for ``rows[i]`` (the header is
    row 1 when it is the first line; a cell holding line breaks does not add rows).
    Entirely empty rows are left out but keep their place in the numbering.
    """

    headers: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    row_numbers: tuple[int, ...]
    detected_encoding: str | None = None  # CSV only
    detected_separator: str | None = None  # CSV only
    sheet_name: str | None = None  # .xlsx only
    header_row: int = 1

    def column_label(self, index: int) -> str:
        """The header of a column, or its letter when it has none (A, B… AA)."""
        header = self.headers[index] if index < len(self.headers) else ""
        return header or column_letter(index)


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def format_count(value: int) -> str:
    """A count as the interface language writes it (« 100 000 » in French)."""
    from babel.numbers import format_decimal

    return format_decimal(value, locale=current_language())


def too_many_rows(name: str) -> InvalidInput:
    return InvalidInput(
        _(
            "{path} has more than {limit} rows: pairdesk imports at most {limit} rows at a "
            "time. Split it into several files (and delete any empty rows at the end of "
            "the sheet)."
        ).format(path=name, limit=format_count(MAX_ROWS))
    )


def too_many_columns(name: str, row: int) -> InvalidInput:
    return InvalidInput(
        _(
            "{path} has more than {limit} columns (row {row}): pairdesk reads at most "
            "{limit}. Delete the columns you do not need and import it again."
        ).format(path=name, limit=format_count(MAX_COLUMNS), row=row)
    )


def cell_too_long(name: str, row: int, column: str | None) -> InvalidInput:
    if column is None:
        return InvalidInput(
            _(
                "{path}: row {row} has a cell of more than {limit} characters, the most a "
                "spreadsheet cell can hold. Nothing was imported."
            ).format(path=name, row=row, limit=format_count(MAX_CELL_CHARS))
        )
    return InvalidInput(
        _(
            "{path}: cell {column}{row} holds more than {limit} characters, the most a "
            "spreadsheet cell can hold. Nothing was imported."
        ).format(path=name, column=column, row=row, limit=format_count(MAX_CELL_CHARS))
    )


def is_blank(cell: Cell) -> bool:
    """Empty, or only spaces."""
    return cell is None or (isinstance(cell, str) and not cell.strip())


def filled_width(cells: Sequence[Cell]) -> int:
    """The number of cells up to the last one that is not blank."""
    width = len(cells)
    while width and is_blank(cells[width - 1]):
        width -= 1
    return width


def check_record(name: str, number: int, cells: Sequence[Cell]) -> None:
    """Refuse the file ``name`` at its record ``number`` (the header is 1) when it goes past
    :data:`MAX_ROWS` rows, has a filled cell beyond :data:`MAX_COLUMNS` columns, or a text
    cell longer than :data:`MAX_CELL_CHARS`: the limits of a CSV file and of a workbook."""
    if number > MAX_ROWS + 1:
        raise too_many_rows(name)
    if len(cells) > MAX_COLUMNS and filled_width(cells) > MAX_COLUMNS:
        raise too_many_columns(name, number)
    for index, cell in enumerate(cells):
        if isinstance(cell, str) and len(cell) > MAX_CELL_CHARS:
            raise cell_too_long(name, number, column_letter(index))


def trailing_blanks(cells: Sequence[Cell]) -> int:
    """How many blank cells end the row."""
    count = 0
    for cell in reversed(cells):
        if not is_blank(cell):
            break
        count += 1
    return count


def build_table(
    records: Sequence[Sequence[Cell]],
    *,
    encoding: str | None = None,
    separator: str | None = None,
    sheet: str | None = None,
) -> Table:
    """The table of ``records``: the first record that is not blank is the header; blank
    records are left out but keep their place in the row numbering."""
    header_index = next((i for i, r in enumerate(records) if not all(is_blank(c) for c in r)), None)
    if header_index is None:
        raise InvalidInput(_("The file is empty: there is no header row."))
    header_cells = list(records[header_index])
    while header_cells and is_blank(header_cells[-1]):
        header_cells.pop()
    headers = tuple(clean_line(cell_text(c)) for c in header_cells)
    rows: list[tuple[Cell, ...]] = []
    numbers: list[int] = []
    for index in range(header_index + 1, len(records)):
        record = records[index]
        if all(is_blank(c) for c in record):
            continue
        rows.append(tuple(record))
        numbers.append(index + 1)
    return Table(
        headers=headers,
        rows=tuple(rows),
        row_numbers=tuple(numbers),
        detected_encoding=encoding,
        detected_separator=separator,
        sheet_name=sheet,
        header_row=header_index + 1,
    )

"""Read one sheet of an ``.xlsx`` workbook within the limits, safely.

The zip's declared sizes are checked before openpyxl opens anything (no zip bomb, at
most 100 MB once unpacked), XML entities are refused (``defusedxml``), and rows are read
up to the limits of :mod:`.table` only.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
import zlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pairdesk.errors import InvalidInput
from pairdesk.i18n import _
from pairdesk.services.imports.table import (
    MAX_COLUMNS,
    MAX_ROWS,
    MAX_XLSX_PARTS,
    MAX_XLSX_RATIO,
    MAX_XLSX_UNPACKED_BYTES,
    Cell,
    Table,
    build_table,
    check_record,
    filled_width,
    format_count,
    too_many_columns,
    too_many_rows,
)

_RATIO_FROM_BYTES = 1024 * 1024

#: What openpyxl raises on a damaged workbook (XML parse errors are SyntaxErrors).
_XLSX_ERRORS: tuple[type[BaseException], ...] = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    KeyError,
    ValueError,
    TypeError,
    AttributeError,
    IndexError,
    SyntaxError,
    EOFError,
    NotImplementedError,
    OverflowError,
    RecursionError,
)


def _xlsx_cell(value: Any) -> Cell:
    if isinstance(value, dt.datetime) and value.time() == dt.time(0, 0):
        return value.date()
    if isinstance(value, str | int | float | bool | dt.date | dt.time) or value is None:
        return value
    if isinstance(value, dt.timedelta):  # a duration cell: read it as a time of day
        minutes = int(value.total_seconds() // 60) % (24 * 60)
        return dt.time(minutes // 60, minutes % 60)
    return str(value)


def _not_xlsx(path: Path) -> InvalidInput:
    return InvalidInput(_("{path} is not a readable .xlsx file.").format(path=path.name))


def _check_zip(path: Path) -> None:
    """Refuse a workbook past the limits before openpyxl opens it.

    An ``.xlsx`` file is a zip; its directory declares each part's unpacked size (and
    Python's ``zipfile`` never unpacks more than declared), so a zip bomb is seen without
    unpacking anything. Then every part has its ``<row`` and ``<c`` tags counted, and a
    value beyond the last column read is looked for, while unpacking (fast, C speed)
    rather than parsed (openpyxl parses a whole sheet that has no ``<dimension>`` when
    opening the workbook, at about 30 µs a row, and builds every cell of a row before the
    columns are cut: one row of 9 million empty cells in a 3 MB file took 113 s and
    6.9 GB)."""
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
            _check_sizes(path, parts)
            for part in parts:  # every part: a sheet may be stored under any name
                _check_rows_and_cells(path, archive, part)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, ValueError, EOFError):
        raise _not_xlsx(path) from None


def _check_sizes(path: Path, parts: Sequence[zipfile.ZipInfo]) -> None:
    if len(parts) > MAX_XLSX_PARTS:
        raise _not_xlsx(path)
    total = 0
    for part in parts:
        total += part.file_size
        if total > MAX_XLSX_UNPACKED_BYTES:
            raise InvalidInput(
                _(
                    "{path} would take more than {limit} MB once unpacked: pairdesk does not "
                    "open it. A list of members takes a few megabytes at most."
                ).format(path=path.name, limit=MAX_XLSX_UNPACKED_BYTES // 2**20)
            )
        if part.file_size > _RATIO_FROM_BYTES and (
            part.file_size > MAX_XLSX_RATIO * max(part.compress_size, 1)
        ):
            raise InvalidInput(
                _(
                    "{path} is compressed more than {ratio} times, which no spreadsheet "
                    "program does (a « zip bomb »): pairdesk does not open it."
                ).format(path=path.name, ratio=MAX_XLSX_RATIO)
            )


#: A ``<row>`` element, with or without a namespace prefix (``<x:row>``).
_ROW_TAG = re.compile(rb"<(?:[A-Za-z_][\w.\-]{0,100}:)?row[\s/>]")
#: A ``<c>`` (cell) element as spreadsheet programs write it.
_CELL_TAGS = (b"<c ", b"<c>", b"<c/")
#: A cell with a value beyond column GR (the 200th), as Excel and LibreOffice write it
#: (``r`` first): openpyxl is asked for 201 columns only, and a birth date in column IP
#: was dropped without a word where the same table as CSV is refused. A styled empty cell
#: (``<c r="HA1" s="3"/>``) does not count, as trailing empty cells of a CSV do not.
_FAR_CELL = re.compile(rb'<c r="((?:[H-Z][A-Z]|G[S-Z]|[A-Z]{3})[0-9]+)"(?:\s[^>]*?)?(?<!/)>')
#: Cells written in one row: ten times the columns read. A row of a real sheet holds one
#: cell a column used (and styled empty ones); the cells past MAX_COLUMNS are never read.
_MAX_ROW_CELLS = 10 * MAX_COLUMNS


def _check_rows_and_cells(path: Path, archive: zipfile.ZipFile, part: zipfile.ZipInfo) -> None:
    """Refuse a part holding more than :data:`MAX_ROWS` + 1 rows, or a row of more than
    :data:`_MAX_ROW_CELLS` cells."""
    rows = 0
    cells = 0  # in the row being read
    tail = b""
    with archive.open(part) as source:
        while chunk := source.read(1 << 20):
            buffer = tail + chunk
            # the last bytes wait for the next chunk: a tag is never cut in two
            end = max(len(buffer) - 128, 0) if len(chunk) == 1 << 20 else len(buffer)
            start = 0
            for match in _ROW_TAG.finditer(buffer, 0, end):
                cells += sum(buffer.count(tag, start, match.start()) for tag in _CELL_TAGS)
                if cells > _MAX_ROW_CELLS:
                    raise _row_too_wide(path, rows)
                rows, cells, start = rows + 1, 0, match.end()
                if rows > MAX_ROWS + 1:
                    raise too_many_rows(path.name)
            cells += sum(buffer.count(tag, start, end) for tag in _CELL_TAGS)
            if cells > _MAX_ROW_CELLS:
                raise _row_too_wide(path, rows)
            if far := _FAR_CELL.search(buffer, 0, end):
                reference = far.group(1).decode("ascii")
                row_number = int(reference.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
                if row_number > MAX_ROWS + 1:  # past both limits: the rows are said first
                    raise too_many_rows(path.name)
                raise too_many_columns(path.name, row_number)
            tail = buffer[end:]


def _row_too_wide(path: Path, row: int) -> InvalidInput:
    return InvalidInput(
        _(
            "{path}, row {row}, holds more than {count} cells: no list of members does, and "
            "reading it would take minutes. pairdesk does not open it."
        ).format(path=path.name, row=max(row, 1), count=format_count(_MAX_ROW_CELLS))
    )


def _width(row: tuple[Any, ...]) -> int:
    """The row up to its last value: openpyxl pads every row to the columns asked for
    (:data:`MAX_COLUMNS` + 1), and converting and checking 201 cells a row where a list of
    members fills 18 took most of a 20,000-row import (about 4 million cells). The
    empty tail is found by halves, each test a ``count`` at C speed."""
    size = len(row)
    if not size or row[-1] is not None:
        return size
    low, high = 0, size  # the first index from which every value is None
    while low < high:
        middle = (low + high) // 2
        if row[middle:].count(None) == size - middle:
            high = middle
        else:
            low = middle + 1
    return low


def _xlsx_records(path: Path, worksheet: Any) -> list[Sequence[Cell]]:
    records: list[Sequence[Cell]] = []
    rows = worksheet.iter_rows(max_col=MAX_COLUMNS + 1, values_only=True)
    for number, row in enumerate(rows, start=1):
        if row.count(None) == len(row):  # a blank row (a declared-size bomb has ~all blank)
            check_record(path.name, number, ())
            records.append(())
            continue
        cells = [_xlsx_cell(v) for v in row[: _width(row)]]
        check_record(path.name, number, cells)
        del cells[filled_width(cells) :]  # at most MAX_COLUMNS once checked
        records.append(tuple(cells))
    return records


def read_xlsx(path: Path, sheet: str | None) -> Table:
    """Read one sheet of a workbook within the limits (see :func:`read_table`).

    Read-only mode, but its rows are padded up to the size the sheet *declares*
    (``<dimension ref="A1:XFD1048576"/>`` makes 17 billion cells): the declared size is
    dropped (``reset_dimensions``), at most :data:`MAX_COLUMNS` + 1 columns are asked for
    and reading stops past :data:`MAX_ROWS` rows. XML entity declarations (billion laughs,
    external entities) are refused by openpyxl through ``defusedxml``."""
    from openpyxl import load_workbook

    _check_zip(path)
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except _XLSX_ERRORS as exc:
        raise _xlsx_failure(path, exc) from None
    try:
        sheets = list(workbook.worksheets)  # chart sheets left out
        if sheet is not None:
            chosen = [s for s in sheets if s.title == sheet]
            if not chosen:
                raise InvalidInput(
                    _("{path} has no sheet called {sheet}.").format(path=path.name, sheet=sheet)
                )
            worksheet = chosen[0]
        elif sheets:
            worksheet = _sheet_shown(workbook, sheets)
        else:
            raise InvalidInput(
                _("{path} holds no sheet of cells to import.").format(path=path.name)
            )
        worksheet.reset_dimensions()
        records = _xlsx_records(path, worksheet)
        title = str(worksheet.title)
    except _XLSX_ERRORS as exc:
        raise _xlsx_failure(path, exc) from None
    finally:
        workbook.close()  # read-only workbooks keep the file open (locked on Windows)
    return build_table(records, sheet=title)


def _sheet_shown(workbook: Any, sheets: Sequence[Any]) -> Any:
    """The sheet a person sees on opening the workbook: the active one when it is a visible
    sheet of cells, else the first visible one (the first sheet, hidden, was imported while
    the visible one was left: a tester's finding)."""
    visible = [s for s in sheets if getattr(s, "sheet_state", "visible") == "visible"]
    active = workbook.active
    if any(active is s for s in visible):
        return active
    return (visible or sheets)[0]


def _xlsx_failure(path: Path, exc: BaseException) -> InvalidInput:
    """The message for what openpyxl raised (it wraps parse errors in a ValueError)."""
    from defusedxml import DefusedXmlException

    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, DefusedXmlException):
            return _entities_refused(path)
        seen = seen.__cause__ or seen.__context__
    return _not_xlsx(path)


def _entities_refused(path: Path) -> InvalidInput:
    return InvalidInput(
        _(
            "{path} declares XML entities, which spreadsheet programs never write and which "
            "can be used to attack a computer: pairdesk does not open it."
        ).format(path=path.name)
    )

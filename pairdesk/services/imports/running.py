"""Bring participants, job offers and workshops in from CSV or ``.xlsx`` files.

The steps, the same behind the window's wizard and ``pairdesk import``:

1. :func:`read_table` reads the file into a :class:`Table` (headers, rows, and for CSV
   the encoding and separator it found: UTF-8 with or without BOM, UTF-16 with BOM, else
   Windows-1252; ``;``, ``,`` or tab). Hostile or oversized files are refused quickly
   with ``InvalidInput`` (exit code 7) naming the limit: at most 50 MB, 100,000 rows,
   200 columns, 32,767 characters in a cell, and for ``.xlsx`` 100 MB once unpacked (the
   zip's declared sizes are checked first), no zip bomb, no XML entities (``defusedxml``).
2. :func:`guess_mapping` proposes which column feeds which field (French headers such as
   Nom, Prénom, Date de naissance, Courriel… are recognised); the user may change it.
   :func:`field_choices` lists the fields a column can be given to.
3. :func:`preview` runs the whole import *without keeping it* and returns the first rows
   as they will be read, each one valid, invalid (with the reasons) or a likely duplicate,
   and the totals for the whole file.
4. :func:`run_import` imports every valid row in ONE transaction through the usual
   services (nothing is half-imported: a failure leaves the vault as it was) and returns
   an :class:`ImportReport` listing the invalid rows with their number as the spreadsheet
   shows it (the header is row 1) and the reason, and the likely duplicates with what was
   done about them.

Text garbled by an encoding mix-up is never imported silently, by two rules:

* A CSV file that is not UTF-8 as a whole but has lines that are (a UTF-8 program's rows
  pasted under Windows-1252 ones) is refused, listing the rows in each encoding: read as
  either encoding, half of it would come out as « HÃ©lÃ¨ne ».
* A cell (CSV or ``.xlsx``) holding UTF-8 that was once read as Windows-1252
  (« HÃ©lÃ¨ne », « lâ€™atelier », see :func:`~pairdesk.domain.tabular.repair_mojibake`)
  makes its row invalid, with the likely intended text in the reason.

Likely duplicates: participants with the same first and last name (case and accents
ignored) and the same birth date, already in the vault or earlier in the file; offers with
the same title and employer (not archived); workshops of the same kind on the same day at
the same time. For each one the decision is ``skip`` (default), ``import`` (as a new
record) or ``merge`` (participants only: fill the existing file's empty fields from the
row; for offers and workshops merge keeps the existing record, like skip).
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import datetime as dt
import errno
import re
import zipfile
import zlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from pairdesk.domain.enums import (
    AuditAction,
    ContractType,
    LabelledEnum,
    ParticipantStatus,
    ReferentKind,
    RemoteWork,
    RqthStatus,
    Scheme,
    WorkshopKind,
)
from pairdesk.domain.permissions import Permission, require
from pairdesk.domain.tabular import (
    FIELDS,
    FieldSpec,
    FieldType,
    ImportKind,
    cell_text,
    field_spec,
    guess_columns,
    parse_bool,
    parse_date,
    parse_int,
    parse_number,
    parse_time,
    repair_mojibake,
    split_list,
    unneutralise,
)
from pairdesk.domain.text import clean_line, clean_text, fold
from pairdesk.errors import InvalidInput, PermissionDenied, UserError
from pairdesk.i18n import N_, _, current_language
from pairdesk.services import offers as offers_service
from pairdesk.services import participants as participants_service
from pairdesk.services import schemes as schemes_service
from pairdesk.services import team as team_service
from pairdesk.services import workshops as workshops_service
from pairdesk.services.context import ServiceContext
from pairdesk.store.models import JobOffer, Participant, Referent, TeamMember, Workshop

Cell = str | int | float | bool | dt.date | dt.datetime | dt.time | None
E = TypeVar("E", bound=LabelledEnum)

# Limits. A list of members is a few hundred kilobytes; a file past these is refused at
# once (exit code 7) with a message naming the limit, before it can take minutes or
# gigabytes (a 1.6 KB .xlsx declaring 17 billion cells took 163 s and 3.7 GB).
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
_RATIO_FROM_BYTES = 1024 * 1024
SEPARATORS = (";", ",", "\t")
_SNIFF_LINES = 50
_SNIFF_CHARS = 64 * 1024
_SNIFFER_CHARS = 4 * 1024
_LISTED_ROWS = 10

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

__all__ = [
    "DuplicateDecision",
    "DuplicateMatch",
    "DuplicateRow",
    "FieldChoice",
    "ImportKind",
    "ImportPreview",
    "ImportReport",
    "ImportedRow",
    "InvalidRow",
    "PreviewRow",
    "RowStatus",
    "Table",
    "field_choices",
    "guess_mapping",
    "preview",
    "read_table",
    "run_import",
]


# --------------------------------------------------------------------------- read objects


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


@dataclass(frozen=True, slots=True)
class FieldChoice:
    key: str
    label: str
    required: bool


class RowStatus(StrEnum):
    VALID = "valid"
    INVALID = "invalid"
    DUPLICATE = "duplicate"

    @property
    def label(self) -> str:
        return _(_ROW_STATUS_LABELS[self.value])


_ROW_STATUS_LABELS = {
    "valid": N_("Ready"),
    "invalid": N_("Cannot be imported"),
    "duplicate": N_("Likely duplicate"),
}


class DuplicateDecision(StrEnum):
    SKIP = "skip"
    IMPORT = "import"
    MERGE = "merge"

    @property
    def label(self) -> str:
        return _(_DECISION_LABELS[self.value])


_DECISION_LABELS = {
    "skip": N_("Skipped"),
    "import": N_("Imported as a new record"),
    "merge": N_("Merged into the existing record"),
}


@dataclass(frozen=True, slots=True)
class DuplicateMatch:
    """What a row looks like a duplicate of: a record of the vault or an earlier row."""

    existing_id: int | None
    earlier_row: int | None
    description: str  # e.g. "Lucie Martin, born 02/03/1990" (shown to the user only)


@dataclass(frozen=True, slots=True)
class PreviewRow:
    row_number: int
    values: tuple[tuple[str, str], ...]  # (field key, value as it will be read)
    status: RowStatus
    reasons: tuple[str, ...] = ()
    duplicate_of: DuplicateMatch | None = None


@dataclass(frozen=True, slots=True)
class ImportedRow:
    row_number: int
    record_id: int


@dataclass(frozen=True, slots=True)
class InvalidRow:
    row_number: int
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class DuplicateRow:
    row_number: int
    match: DuplicateMatch
    decision: DuplicateDecision
    record_id: int | None  # the record created or merged into, None when skipped


@dataclass(frozen=True, slots=True)
class ImportReport:
    kind: ImportKind
    dry_run: bool
    total_rows: int
    imported: tuple[ImportedRow, ...]
    invalid: tuple[InvalidRow, ...]
    duplicates: tuple[DuplicateRow, ...]

    @property
    def imported_count(self) -> int:
        return len(self.imported) + sum(
            1 for d in self.duplicates if d.decision is DuplicateDecision.IMPORT
        )

    @property
    def merged_count(self) -> int:
        return sum(
            1
            for d in self.duplicates
            if d.decision is DuplicateDecision.MERGE and d.record_id is not None
        )

    @property
    def skipped_count(self) -> int:
        return len(self.duplicates) - sum(
            1
            for d in self.duplicates
            if d.decision is DuplicateDecision.IMPORT
            or (d.decision is DuplicateDecision.MERGE and d.record_id is not None)
        )


@dataclass(frozen=True, slots=True)
class ImportPreview:
    kind: ImportKind
    mapping: tuple[tuple[int, str], ...]
    missing_fields: tuple[str, ...]  # labels of required fields no column feeds
    rows: tuple[PreviewRow, ...]  # the first ``limit`` rows
    total_rows: int
    valid_count: int
    invalid_count: int
    duplicate_count: int

    @property
    def can_import(self) -> bool:
        return not self.missing_fields and self.valid_count + self.duplicate_count > 0


Decisions = str | DuplicateDecision | Mapping[int, str | DuplicateDecision]


# --------------------------------------------------------------------------- reading files


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def read_table(path: Path | str, *, sheet: str | None = None) -> Table:
    """Read a CSV or ``.xlsx`` file; ``InvalidInput`` (translated, exit code 7) when it
    cannot be read or goes past a limit (see :data:`MAX_ROWS` and the others)."""
    path = Path(path)
    try:
        if path.is_dir():
            raise InvalidInput(_("{path} is a folder, not a file.").format(path=path.name))
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise InvalidInput(
                _("{path} is too large to import ({size} MB, at most {limit} MB).").format(
                    path=path.name, size=size // (1024 * 1024), limit=MAX_FILE_BYTES // 2**20
                )
            )
        with path.open("rb") as handle:
            head = handle.read(8)
        suffix = path.suffix.lower()
        if head.startswith(b"PK\x03\x04") or suffix in {".xlsx", ".xlsm"}:
            return _read_xlsx(path, sheet)
        if head.startswith(b"\xd0\xcf\x11\xe0") or suffix in {".xls", ".ods"}:
            raise InvalidInput(
                _(
                    "{path} is in a format pairdesk cannot read. Open it in your spreadsheet "
                    "and save it as .xlsx or as CSV."
                ).format(path=path.name)
            )
        return read_csv_bytes(path.read_bytes(), name=path.name)
    except OSError as exc:
        raise InvalidInput(
            _("{path} cannot be read: {reason}").format(path=path.name, reason=_os_reason(exc))
        ) from None


def _os_reason(exc: OSError) -> str:
    reasons = {
        errno.ENOENT: _("there is no such file"),
        errno.EACCES: _("you are not allowed to read it"),
        errno.EPERM: _("you are not allowed to read it"),
        errno.EISDIR: _("it is a folder"),
    }
    return reasons.get(exc.errno or 0) or exc.strerror or type(exc).__name__


def _number(value: int) -> str:
    """A count as the interface language writes it (« 100 000 » in French)."""
    from babel.numbers import format_decimal

    return format_decimal(value, locale=current_language())


def _too_many_rows(name: str) -> InvalidInput:
    return InvalidInput(
        _(
            "{path} has more than {limit} rows: pairdesk imports at most {limit} rows at a "
            "time. Split it into several files (and delete any empty rows at the end of "
            "the sheet)."
        ).format(path=name, limit=_number(MAX_ROWS))
    )


def _too_many_columns(name: str, row: int) -> InvalidInput:
    return InvalidInput(
        _(
            "{path} has more than {limit} columns (row {row}): pairdesk reads at most "
            "{limit}. Delete the columns you do not need and import it again."
        ).format(path=name, limit=_number(MAX_COLUMNS), row=row)
    )


def _cell_too_long(name: str, row: int, column: str | None) -> InvalidInput:
    if column is None:
        return InvalidInput(
            _(
                "{path}: row {row} has a cell of more than {limit} characters, the most a "
                "spreadsheet cell can hold. Nothing was imported."
            ).format(path=name, row=row, limit=_number(MAX_CELL_CHARS))
        )
    return InvalidInput(
        _(
            "{path}: cell {column}{row} holds more than {limit} characters, the most a "
            "spreadsheet cell can hold. Nothing was imported."
        ).format(path=name, column=column, row=row, limit=_number(MAX_CELL_CHARS))
    )


@dataclass(frozen=True, slots=True)
class _Decoded:
    text: str
    encoding: str
    utf8_lines: tuple[int, ...] = ()  # 0-based lines, when the file mixes encodings
    legacy_lines: tuple[int, ...] = ()

    @property
    def mixed(self) -> bool:
        return bool(self.legacy_lines)


def _undefined_as_latin1(error: UnicodeError) -> tuple[str, int]:
    """The five bytes Windows-1252 leaves undefined read as Latin-1 (U+0081…), as Windows
    itself does, so that one stray byte does not change how the rest of the file reads."""
    assert isinstance(error, UnicodeDecodeError)
    return error.object[error.start : error.end].decode("latin-1"), error.end


codecs.register_error("pairdesk-cp1252", _undefined_as_latin1)


def _legacy(raw: bytes) -> tuple[str, str]:
    return raw.decode("cp1252", errors="pairdesk-cp1252"), "cp1252"


def _decode(raw: bytes) -> _Decoded:
    """UTF-8 with or without BOM, UTF-16 with BOM, else Windows-1252 — one of them.

    A file that is not UTF-8 as a whole but holds lines that are (accents written by a
    UTF-8 program beside lines from a Windows one) is *mixed*: read whole as Windows-1252
    it would turn « Hélène » into « HÃ©lÃ¨ne ». Its lines are reported, not guessed."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return _Decoded(raw.decode("utf-16"), "utf-16")
        except UnicodeDecodeError:
            raise InvalidInput(
                _("The file starts as UTF-16 text but is not readable as UTF-16.")
            ) from None
    bom = raw.startswith(codecs.BOM_UTF8)
    body = raw[len(codecs.BOM_UTF8) :] if bom else raw
    try:
        return _Decoded(body.decode("utf-8"), "utf-8-sig" if bom else "utf-8")
    except UnicodeDecodeError:
        pass
    utf8_lines: list[int] = []
    legacy_lines: list[int] = []
    for index, match in enumerate(_BYTE_LINES.finditer(body)):
        line = match.group()
        if line.isascii():
            continue
        try:
            line.decode("utf-8")
            utf8_lines.append(index)
        except UnicodeDecodeError:
            legacy_lines.append(index)
    if utf8_lines or bom:  # the BOM says UTF-8 too
        legacy = set(legacy_lines)
        text = "".join(
            _legacy(line)[0] if index in legacy else line.decode("utf-8")
            for index, line in enumerate(m.group() for m in _BYTE_LINES.finditer(body))
        )
        return _Decoded(text, "mixed", tuple(utf8_lines), tuple(legacy_lines))
    text, encoding = _legacy(body)
    return _Decoded(text, encoding)


#: Lines end at \r\n, \r or \n only, as the csv module sees them (``str.splitlines``
#: also splits at \x1c, \x85, \u2028…, which may sit inside a cell).
_LINES = re.compile(r"[^\r\n]*(?:\r\n?|\n)|[^\r\n]+\Z")
_BYTE_LINES = re.compile(rb"[^\r\n]*(?:\r\n?|\n)|[^\r\n]+\Z")


def _lines(text: str) -> Iterator[str]:
    """The lines of ``text``, one at a time (``io.StringIO`` would hold 4 bytes a character)."""
    return (match.group() for match in _LINES.finditer(text))


def decode_text(raw: bytes) -> tuple[str, str]:
    """(text, encoding): UTF-8 with or without BOM, UTF-16 with BOM, else Windows-1252.
    ``InvalidInput`` when the file mixes UTF-8 and Windows-1252 lines."""
    decoded = _decode(raw)
    if decoded.mixed:
        raise _mixed_encodings("CSV", decoded, ";")
    return decoded.text, decoded.encoding


def _row_list(rows: Sequence[int]) -> str:
    shown = ", ".join(str(r) for r in rows[:_LISTED_ROWS])
    if len(rows) > _LISTED_ROWS:
        return _("{rows} and {count} more").format(rows=shown, count=len(rows) - _LISTED_ROWS)
    return shown or "—"


def _rows_of_lines(text: str, separator: str, lines: Sequence[int]) -> list[int]:
    """The row numbers (as the spreadsheet shows them) holding the given 0-based lines."""
    wanted = sorted(set(lines))
    rows: list[int] = []
    reader = csv.reader(_lines(text), delimiter=separator, quotechar='"')
    first = 0
    position = 0
    with contextlib.suppress(csv.Error):
        for number, _record in enumerate(reader, start=1):
            last = reader.line_num  # this record spans lines [first, last)
            while position < len(wanted) and wanted[position] < last:
                if wanted[position] >= first and (not rows or rows[-1] != number):
                    rows.append(number)
                position += 1
            first = last
            if position >= len(wanted):
                break
    return rows


def _mixed_encodings(name: str, decoded: _Decoded, separator: str) -> InvalidInput:
    return InvalidInput(
        _(
            "{path} mixes two text encodings, so its accents would come out garbled "
            "(« HÃ©lÃ¨ne » instead of « Hélène »). Rows written in UTF-8: {utf8}. Rows "
            "written in Windows-1252: {legacy}. Nothing was imported: check those rows, "
            "then save the file again in one encoding (« CSV UTF-8 » in Excel or "
            "LibreOffice) and import it again."
        ).format(
            path=name,
            utf8=_row_list(_rows_of_lines(decoded.text, separator, decoded.utf8_lines)),
            legacy=_row_list(_rows_of_lines(decoded.text, separator, decoded.legacy_lines)),
        )
    )


def _records(text: str, separator: str) -> list[list[str]]:
    return list(csv.reader(_lines(text), delimiter=separator, quotechar='"'))


def detect_separator(text: str) -> str:
    """``;``, ``,`` or tab: ``csv.Sniffer`` first, checked against the header's shape.

    The separator kept is the one that splits the header into the most columns while
    keeping the first rows the same width; the sniffer's guess wins a tie. A single column
    falls back to ``;`` (what French Excel writes). Only the start of the file is looked
    at: the sniffer's patterns take quadratic time (64 KB of ``;"`` took 27 s).
    """
    lines = text[:_SNIFF_CHARS].splitlines()[:_SNIFF_LINES]
    sample = "\n".join(lines)
    try:
        sniffed: str | None = (
            csv.Sniffer().sniff(sample[:_SNIFFER_CHARS], delimiters="".join(SEPARATORS)).delimiter
        )
    except csv.Error:
        sniffed = None

    def score(separator: str) -> tuple[int, int, int]:
        rows = [r for r in _records(sample, separator) if any(c.strip() for c in r)]
        if not rows:
            return (0, 0, 0)
        width = len(rows[0])
        steady = sum(1 for r in rows[1:] if len(r) == width)
        return (int(width > 1), steady, width)

    scores = {s: score(s) for s in SEPARATORS}
    best = max(SEPARATORS, key=lambda s: (scores[s], s == sniffed))
    if sniffed in scores and scores[sniffed] == scores[best]:
        best = sniffed
    if scores[best][0] == 0:
        return ";"
    return best


def _width(cells: Sequence[Cell]) -> int:
    """The number of cells up to the last one that is not blank."""
    width = len(cells)
    while width and _blank(cells[width - 1]):
        width -= 1
    return width


def _csv_records(text: str, separator: str, name: str) -> list[list[str]]:
    """The CSV records, refused past :data:`MAX_ROWS` rows, :data:`MAX_COLUMNS` columns or
    a cell of :data:`MAX_CELL_CHARS` characters."""
    records: list[list[str]] = []
    reader = csv.reader(_lines(text), delimiter=separator, quotechar='"')
    number = 0
    try:
        for record in reader:
            number += 1
            if number > MAX_ROWS + 1:
                raise _too_many_rows(name)
            if len(record) > MAX_COLUMNS and _width(record) > MAX_COLUMNS:
                raise _too_many_columns(name, number)
            if record and max(map(len, record)) > MAX_CELL_CHARS:
                column = next(i for i, c in enumerate(record) if len(c) > MAX_CELL_CHARS)
                raise _cell_too_long(name, number, column_letter(column))
            records.append(record)
    except csv.Error as exc:
        if "field limit" in str(exc):  # csv's own cap (128 KB) is above a cell's
            raise _cell_too_long(name, number + 1, None) from None
        raise InvalidInput(
            _("{path} is not a readable CSV file (row {row}).").format(path=name, row=number + 1)
        ) from None
    return records


def read_csv_bytes(raw: bytes, *, name: str = "CSV") -> Table:
    decoded = _decode(raw)
    separator = detect_separator(decoded.text)
    if decoded.mixed:
        raise _mixed_encodings(name, decoded, separator)
    records = _csv_records(decoded.text, separator, name)
    return _table(records, encoding=decoded.encoding, separator=separator)


def _blank(cell: Cell) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _table(
    records: Sequence[Sequence[Cell]],
    *,
    encoding: str | None = None,
    separator: str | None = None,
    sheet: str | None = None,
) -> Table:
    header_index = next((i for i, r in enumerate(records) if not all(_blank(c) for c in r)), None)
    if header_index is None:
        raise InvalidInput(_("The file is empty: there is no header row."))
    header_cells = list(records[header_index])
    while header_cells and _blank(header_cells[-1]):
        header_cells.pop()
    headers = tuple(clean_line(cell_text(c)) for c in header_cells)
    rows: list[tuple[Cell, ...]] = []
    numbers: list[int] = []
    for index in range(header_index + 1, len(records)):
        record = records[index]
        if all(_blank(c) for c in record):
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
    unpacking anything. Then every XML part big enough to hold that many rows has its
    ``<row`` tags counted while unpacking (fast, C speed) rather than parsed (openpyxl
    parses a whole sheet that has no ``<dimension>`` when opening the workbook, at about
    30 µs a row)."""
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
            _check_sizes(path, parts)
            for part in parts:
                if part.file_size > _ROW_SCAN_FROM_BYTES and _rows_past_limit(archive, part):
                    raise _too_many_rows(path.name)
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
#: A part smaller than this cannot hold MAX_ROWS rows (``<row>`` alone takes 5 bytes).
_ROW_SCAN_FROM_BYTES = 5 * MAX_ROWS


def _rows_past_limit(archive: zipfile.ZipFile, part: zipfile.ZipInfo) -> bool:
    """Whether a part holds more than :data:`MAX_ROWS` + 1 ``<row>`` tags."""
    count = 0
    tail = b""
    with archive.open(part) as source:
        while chunk := source.read(1 << 20):
            buffer = tail + chunk
            count += sum(1 for m in _ROW_TAG.finditer(buffer) if m.end() > len(tail))
            if count > MAX_ROWS + 1:
                return True
            tail = buffer[-128:]
    return False


def _xlsx_records(path: Path, worksheet: Any) -> list[Sequence[Cell]]:
    records: list[Sequence[Cell]] = []
    rows = worksheet.iter_rows(max_col=MAX_COLUMNS + 1, values_only=True)
    for number, row in enumerate(rows, start=1):
        if number > MAX_ROWS + 1:
            raise _too_many_rows(path.name)
        if row.count(None) == len(row):
            records.append(())
            continue
        if len(row) > MAX_COLUMNS and not _blank(row[MAX_COLUMNS]):
            raise _too_many_columns(path.name, number)
        cells = [_xlsx_cell(v) for v in row[:MAX_COLUMNS]]
        for index, cell in enumerate(cells):
            if isinstance(cell, str) and len(cell) > MAX_CELL_CHARS:
                raise _cell_too_long(path.name, number, column_letter(index))
        del cells[_width(cells) :]
        records.append(tuple(cells))
    return records


def _read_xlsx(path: Path, sheet: str | None) -> Table:
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
            worksheet = sheets[0]
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
    return _table(records, sheet=title)


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


# --------------------------------------------------------------------------- mapping


def field_choices(kind: ImportKind) -> list[FieldChoice]:
    """The fields a column can be given to, in form order, with translated labels."""
    return [FieldChoice(s.key, s.display, s.required) for s in FIELDS[ImportKind(kind)]]


def guess_mapping(kind: ImportKind, headers: Sequence[str]) -> dict[int, str]:
    """Column index → field key for every header recognised (French or English)."""
    return guess_columns(ImportKind(kind), headers)


def _check_mapping(kind: ImportKind, table: Table, mapping: Mapping[int, str]) -> dict[int, str]:
    keys = {s.key for s in FIELDS[kind]}
    width = max([len(table.headers), *(len(r) for r in table.rows)], default=0)
    seen: dict[str, int] = {}
    clean: dict[int, str] = {}
    for column, key in sorted(mapping.items()):
        if key not in keys:
            raise InvalidInput(
                _("{field} is not a field that can be imported here.").format(field=key),
                field="mapping",
            )
        if not 0 <= column < max(width, 1):
            raise InvalidInput(
                _("The file has no column {column}.").format(column=column_letter(column)),
                field="mapping",
            )
        if key in seen:
            raise InvalidInput(
                _("Two columns ({first} and {second}) are both given to {field}.").format(
                    first=table.column_label(seen[key]),
                    second=table.column_label(column),
                    field=field_spec(kind, key).display,
                ),
                field="mapping",
            )
        seen[key] = column
        clean[column] = key
    return clean


def _missing(kind: ImportKind, mapping: Mapping[int, str]) -> tuple[str, ...]:
    chosen = set(mapping.values())
    return tuple(s.display for s in FIELDS[kind] if s.required and s.key not in chosen)


# --------------------------------------------------------------------------- reading cells


class _Bad(Exception):
    """A cell that cannot be read; the message is translated."""


def _choice(enum: type[E], value: str, synonyms: Mapping[str, E]) -> E:
    wanted = fold(value)
    for member in enum:
        if wanted in {fold(member.value.replace("_", " ")), fold(member.value), fold(member.label)}:
            return member
    from pairdesk.domain.enums import _LABELS  # English source labels

    for member in enum:
        if wanted == fold(_LABELS[enum.__name__][member.value]):
            return member
    if wanted in synonyms:
        return synonyms[wanted]
    raise ValueError(value)


_STATUS_WORDS = {
    "actif": ParticipantStatus.ACTIVE,
    "active": ParticipantStatus.ACTIVE,
    "actif ve": ParticipantStatus.ACTIVE,
    "en cours": ParticipantStatus.ACTIVE,
    "adherent": ParticipantStatus.ACTIVE,
    "pause": ParticipantStatus.PAUSED,
    "en pause": ParticipantStatus.PAUSED,
    "suspendu": ParticipantStatus.PAUSED,
    "suspendue": ParticipantStatus.PAUSED,
    "sorti": ParticipantStatus.LEFT,
    "sortie": ParticipantStatus.LEFT,
    "parti": ParticipantStatus.LEFT,
    "partie": ParticipantStatus.LEFT,
    "ancien": ParticipantStatus.LEFT,
    "ancienne": ParticipantStatus.LEFT,
    "inactif": ParticipantStatus.LEFT,
    "inactive": ParticipantStatus.LEFT,
}

_RQTH_WORDS = {
    "en cours": RqthStatus.PENDING,
    "demande": RqthStatus.PENDING,
    "demandee": RqthStatus.PENDING,
    "en attente": RqthStatus.PENDING,
    "demande en cours": RqthStatus.PENDING,
    "accordee": RqthStatus.GRANTED,
    "obtenue": RqthStatus.GRANTED,
    "reconnue": RqthStatus.GRANTED,
    "valide": RqthStatus.GRANTED,
    "expiree": RqthStatus.EXPIRED,
    "expire": RqthStatus.EXPIRED,
    "perimee": RqthStatus.EXPIRED,
    "echue": RqthStatus.EXPIRED,
    "aucune": RqthStatus.NONE,
    "sans": RqthStatus.NONE,
}

_SCHEME_WORDS = {
    "ft": Scheme.FRANCE_TRAVAIL,
    "pole emploi": Scheme.FRANCE_TRAVAIL,
    "pe": Scheme.FRANCE_TRAVAIL,
    "cap emploi": Scheme.CAP_EMPLOI,
    "dea": Scheme.DEA,
    "emploi accompagne": Scheme.DEA,
    "esat": Scheme.ESAT,
    "ea": Scheme.ENTREPRISE_ADAPTEE,
    "entreprise adaptee": Scheme.ENTREPRISE_ADAPTEE,
    "mission locale": Scheme.MISSION_LOCALE,
    "ml": Scheme.MISSION_LOCALE,
    "autre": Scheme.OTHER,
}

_CONTRACT_WORDS = {
    "interim": ContractType.INTERIM,
    "interimaire": ContractType.INTERIM,
    "mission d interim": ContractType.INTERIM,
    "contrat aide": ContractType.CONTRAT_AIDE,
    "pec": ContractType.CONTRAT_AIDE,
    "cui": ContractType.CONTRAT_AIDE,
    "parcours emploi competences": ContractType.CONTRAT_AIDE,
    "ea": ContractType.ENTREPRISE_ADAPTEE,
    "entreprise adaptee": ContractType.ENTREPRISE_ADAPTEE,
}

_REMOTE_WORDS = {
    "non": RemoteWork.NONE,
    "aucun": RemoteWork.NONE,
    "sur site": RemoteWork.NONE,
    "presentiel": RemoteWork.NONE,
    "partiel": RemoteWork.PARTIAL,
    "hybride": RemoteWork.PARTIAL,
    "oui": RemoteWork.PARTIAL,
    "partiellement": RemoteWork.PARTIAL,
    "total": RemoteWork.FULL,
    "complet": RemoteWork.FULL,
    "100": RemoteWork.FULL,
    "full": RemoteWork.FULL,
    "teletravail complet": RemoteWork.FULL,
}

_WORKSHOP_WORDS = {
    "atelier cv": WorkshopKind.CV,
    "cv": WorkshopKind.CV,
    "entretien": WorkshopKind.INTERVIEW,
    "entretiens": WorkshopKind.INTERVIEW,
    "coaching entretien": WorkshopKind.INTERVIEW,
    "entretien blanc": WorkshopKind.INTERVIEW,
    "offres": WorkshopKind.OFFER_SHARING,
    "partage d offres": WorkshopKind.OFFER_SHARING,
    "partage des offres": WorkshopKind.OFFER_SHARING,
    "information": WorkshopKind.INFORMATION,
    "reunion d information": WorkshopKind.INFORMATION,
    "info": WorkshopKind.INFORMATION,
    "autre": WorkshopKind.OTHER,
}


def _fold_keys(words: Mapping[str, E]) -> dict[str, E]:
    return {fold(k): v for k, v in words.items()}


_CHOICES: dict[str, tuple[type[Any], dict[str, Any]]] = {
    "status": (ParticipantStatus, _fold_keys(_STATUS_WORDS)),
    "contract_type": (ContractType, _fold_keys(_CONTRACT_WORDS)),
    "remote": (RemoteWork, _fold_keys(_REMOTE_WORDS)),
    "kind": (WorkshopKind, _fold_keys(_WORKSHOP_WORDS)),
}


def _rqth(value: str) -> RqthStatus:
    try:
        return _choice(RqthStatus, value, _fold_keys(_RQTH_WORDS))
    except ValueError:
        pass
    flag = parse_bool(value)  # oui / non / x
    return RqthStatus.GRANTED if flag else RqthStatus.NONE


def _text(cell: Cell) -> str:
    return cell_text(cell)


def _read_cell(spec: FieldSpec, cell: Cell, today: dt.date) -> Any:
    """The value of one cell for ``spec`` (None when empty); ``_Bad`` with the reason."""
    label = spec.display
    try:
        if spec.type is FieldType.DATE or spec.type is FieldType.PAST_DATE:
            return parse_date(
                unneutralise(cell) if isinstance(cell, str) else cell,
                today=today,
                past=spec.type is FieldType.PAST_DATE,
            )
        if spec.type is FieldType.TIME:
            return parse_time(cell)
        if spec.type is FieldType.BOOL:
            return parse_bool(cell)
        if spec.type is FieldType.INT:
            return parse_int(cell)
        if spec.type is FieldType.NUMBER:
            return parse_number(cell)
    except (ValueError, OverflowError):
        raise _Bad(
            _("{field}: « {value} » cannot be read.").format(
                field=label, value=clean_line(_text(cell))[:60]
            )
        ) from None
    if spec.key == "phone" and isinstance(cell, int | float) and not isinstance(cell, bool):
        digits = str(int(cell))  # a phone number typed as a number lost its leading 0
        return "0" + digits if len(digits) == 9 else digits
    text = _text(cell)
    if spec.type is FieldType.LONG_TEXT:
        return clean_text(text) or None
    text = clean_line(text)
    if not text:
        return None
    if spec.type is FieldType.CHOICE:
        try:
            if spec.key == "rqth_status":
                return _rqth(text)
            enum, words = _CHOICES[spec.key]
            return _choice(enum, text, words)
        except ValueError:
            raise _Bad(
                _("{field}: « {value} » is not one of the known values.").format(
                    field=label, value=text[:60]
                )
            ) from None
    return text


def _shown(value: Any) -> str:
    if isinstance(value, LabelledEnum):
        return value.label
    if isinstance(value, list | tuple):
        return ", ".join(_shown(v) for v in value)
    return cell_text(value)


# --------------------------------------------------------------------------- per kind


@dataclass
class _Row:
    number: int
    values: dict[str, Any]
    shown: list[tuple[str, str]]
    errors: list[str]
    payload: Any = None
    key: Any = None
    description: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class _Lookup:
    """What rows are checked against, loaded once per import."""

    today: dt.date
    existing: dict[Any, tuple[int, str]]  # duplicate key → (id, description)
    members: list[tuple[int, str, str]] = field(default_factory=list)  # id, first, last
    referents: dict[str, int] = field(default_factory=dict)  # folded name → id


def _born(day: dt.date | None) -> str:
    if day is None:
        return _("birth date unknown")
    return _("born {date}").format(date=day.strftime("%d/%m/%Y"))


def _person_key(first: str, last: str, birth: dt.date | None) -> tuple[str, str, dt.date | None]:
    return (fold(first), fold(last), birth)


def _person_description(first: str, last: str, birth: dt.date | None) -> str:
    return _("{first_name} {last_name}, {born}").format(
        first_name=first, last_name=last, born=_born(birth)
    )


def _load_lookup(session: Session, kind: ImportKind, today: dt.date) -> _Lookup:
    existing: dict[Any, tuple[int, str]] = {}
    lookup = _Lookup(today=today, existing=existing)
    if kind is ImportKind.PARTICIPANTS:
        for pid, first, last, birth in session.execute(
            select(
                Participant.id,
                Participant.first_name,
                Participant.last_name,
                Participant.birth_date,
            )
            .where(Participant.anonymised.is_(False))
            .order_by(Participant.id)
        ):
            existing.setdefault(
                _person_key(first, last, birth), (pid, _person_description(first, last, birth))
            )
        for rid, name in session.execute(
            select(Referent.id, Referent.name).order_by(Referent.active.desc(), Referent.id)
        ):
            lookup.referents.setdefault(fold(name), rid)
    elif kind is ImportKind.OFFERS:
        for oid, title, employer in session.execute(
            select(JobOffer.id, JobOffer.title, JobOffer.employer)
            .where(JobOffer.archived.is_(False))
            .order_by(JobOffer.id)
        ):
            existing.setdefault(
                (fold(title), fold(employer)), (oid, _offer_description(title, employer))
            )
    else:
        for wid, kind_value, held_on, starts_at, title in session.execute(
            select(
                Workshop.id, Workshop.kind, Workshop.held_on, Workshop.starts_at, Workshop.title
            ).order_by(Workshop.id)
        ):
            existing.setdefault(
                (kind_value, held_on, starts_at.replace(second=0, microsecond=0)),
                (wid, _workshop_description(title, held_on, starts_at)),
            )
        lookup.members = [
            (mid, first, last)
            for mid, first, last in session.execute(
                select(TeamMember.id, TeamMember.first_name, TeamMember.last_name).order_by(
                    TeamMember.active.desc(), TeamMember.id
                )
            )
        ]
    return lookup


def _offer_description(title: str, employer: str) -> str:
    if not employer:
        return title
    return _("{title} at {employer}").format(title=title, employer=employer)


def _workshop_description(title: str, held_on: dt.date, starts_at: dt.time) -> str:
    return _("{title} on {date} at {time}").format(
        title=title, date=held_on.strftime("%d/%m/%Y"), time=starts_at.strftime("%H:%M")
    )


def _build_participant(row: _Row, lookup: _Lookup) -> None:
    v = row.values
    first, last = v.get("first_name") or "", v.get("last_name") or ""
    if not last:
        row.errors.append(_("{field} is required.").format(field=_("Last name")))
    if not first:
        row.errors.append(_("{field} is required.").format(field=_("First name")))
    address = v.get("address") or ""
    if v.get("postal_code"):
        town = " ".join(p for p in (v["postal_code"], v.get("city") or "") if p)
        address = f"{address}\n{town}" if address else town
    rqth = v.get("rqth_status")
    if rqth is None:
        rqth = RqthStatus.GRANTED if v.get("rqth_until") else RqthStatus.NONE
    schemes: list[Scheme] = []
    for word in split_list(v.get("schemes") or ""):
        try:
            schemes.append(_choice(Scheme, word, _fold_keys(_SCHEME_WORDS)))
        except ValueError:
            row.errors.append(
                _("{field}: « {value} » is not one of the known values.").format(
                    field=_("Support schemes"), value=word[:60]
                )
            )
    referents = split_list(v.get("referents") or "")
    if len(referents) > max(len(schemes), 1):
        row.errors.append(_("There are more referents than support schemes in this row."))
    if referents and not schemes:
        schemes = [Scheme.OTHER]
    status = v.get("status") or ParticipantStatus.ACTIVE
    if row.errors:
        return
    row.payload = participants_service.ParticipantInput(
        first_name=first,
        last_name=last,
        pseudonym=v.get("pseudonym") or "",
        birth_date=v.get("birth_date"),
        birth_year=v.get("birth_year"),
        phone=v.get("phone") or "",
        email=v.get("email") or "",
        address=address,
        city=v.get("city") or "",
        membership_start=v.get("membership_start"),
        membership_end=v.get("membership_end"),
        is_peer_helper=bool(v.get("is_peer_helper")),
        rqth_status=rqth,
        rqth_until=v.get("rqth_until"),
        notes=v.get("notes") or "",
    )
    row.extra = {"status": status, "schemes": schemes, "referents": referents}
    row.key = _person_key(first, last, v.get("birth_date"))
    row.description = _person_description(first, last, v.get("birth_date"))


def _build_offer(row: _Row, lookup: _Lookup) -> None:
    v = row.values
    if not v.get("title"):
        row.errors.append(_("{field} is required.").format(field=_("Job title")))
        return
    row.payload = offers_service.OfferInput(
        title=v["title"],
        employer=v.get("employer") or "",
        place=v.get("place") or "",
        contract_type=v.get("contract_type") or ContractType.CDI,
        hours_per_week=v.get("hours_per_week"),
        remote=v.get("remote") or RemoteWork.NONE,
        accommodations=v.get("accommodations") or "",
        employer_open_to_disability=bool(v.get("employer_open_to_disability")),
        source=v.get("source") or "",
        closing_on=v.get("closing_on"),
        contact=v.get("contact") or "",
        description=v.get("description") or "",
    )
    row.key = (fold(v["title"]), fold(v.get("employer") or ""))
    row.description = _offer_description(v["title"], v.get("employer") or "")


def _find_member(name: str, lookup: _Lookup) -> int | None:
    wanted = fold(name)
    full = [m for m in lookup.members if wanted in {fold(f"{m[1]} {m[2]}"), fold(f"{m[2]} {m[1]}")}]
    if full:
        return full[0][0]
    first = [m for m in lookup.members if fold(m[1]) == wanted]
    if len(first) == 1:
        return first[0][0]
    return None


def _build_workshop(row: _Row, lookup: _Lookup) -> None:
    v = row.values
    for key in ("held_on", "starts_at", "ends_at", "kind"):
        if v.get(key) is None:
            row.errors.append(
                _("{field} is required.").format(
                    field=field_spec(ImportKind.WORKSHOPS, key).display
                )
            )
    facilitator_ids: list[int] = []
    for name in split_list(v.get("facilitators") or ""):
        member_id = _find_member(name, lookup)
        if member_id is None:
            row.errors.append(
                _("Facilitators: nobody in the team is called « {name} ».").format(name=name[:60])
            )
        else:
            facilitator_ids.append(member_id)
    if row.errors:
        return
    row.payload = workshops_service.WorkshopInput(
        kind=v["kind"],
        title=v.get("title") or "",
        held_on=v["held_on"],
        starts_at=v["starts_at"],
        ends_at=v["ends_at"],
        place=v.get("place") or "",
        capacity=v.get("capacity"),
        facilitator_ids=tuple(facilitator_ids),
        notes=v.get("notes") or "",
    )
    row.extra = {"cancelled": bool(v.get("cancelled"))}
    row.key = (WorkshopKind(v["kind"]).value, v["held_on"], v["starts_at"])
    row.description = _workshop_description(
        v.get("title") or WorkshopKind(v["kind"]).label, v["held_on"], v["starts_at"]
    )


_BUILDERS: dict[ImportKind, Callable[[_Row, _Lookup], None]] = {
    ImportKind.PARTICIPANTS: _build_participant,
    ImportKind.OFFERS: _build_offer,
    ImportKind.WORKSHOPS: _build_workshop,
}

_PERMISSIONS = {
    ImportKind.PARTICIPANTS: Permission.CREATE_PARTICIPANTS,
    ImportKind.OFFERS: Permission.OFFERS,
    ImportKind.WORKSHOPS: Permission.WORKSHOPS,
}


def _read_rows(
    kind: ImportKind, table: Table, mapping: Mapping[int, str], lookup: _Lookup
) -> list[_Row]:
    width = len(table.headers)
    specs = {s.key: s for s in FIELDS[kind]}
    rows: list[_Row] = []
    for number, cells in zip(table.row_numbers, table.rows, strict=True):
        row = _Row(number=number, values={}, shown=[], errors=[])
        extra_cells = [c for c in cells[width:] if not _blank(c)]
        if extra_cells and width:
            row.errors.append(
                _("This row has {count} cells but the header has {columns} columns.").format(
                    count=len(cells) - _trailing_blanks(cells), columns=width
                )
            )
        for column, key in mapping.items():
            cell = cells[column] if column < len(cells) else None
            repaired = repair_mojibake(cell) if isinstance(cell, str) else None
            if repaired is not None:
                row.errors.append(_garbled(specs[key], str(cell), repaired))
                row.shown.append((key, clean_line(_text(cell))))
                continue
            try:
                value = _read_cell(specs[key], cell, lookup.today)
            except _Bad as bad:
                row.errors.append(str(bad))
                row.shown.append((key, clean_line(_text(cell))))
                continue
            row.values[key] = value
            row.shown.append((key, _shown(value)))
        if not row.errors:
            _BUILDERS[kind](row, lookup)
        rows.append(row)
    return rows


def _garbled(spec: FieldSpec, cell: str, repaired: str) -> str:
    return _(
        "{field}: « {value} » looks garbled by a text-encoding mix-up (probably « {fixed} »). "
        "Correct it in the file and import it again."
    ).format(field=spec.display, value=clean_line(cell)[:60], fixed=clean_line(repaired)[:60])


def _trailing_blanks(cells: Sequence[Cell]) -> int:
    count = 0
    for cell in reversed(cells):
        if not _blank(cell):
            break
        count += 1
    return count


# --------------------------------------------------------------------------- writing


def _ensure_referent(ctx: ServiceContext, lookup: _Lookup, name: str, scheme: Scheme) -> int:
    wanted = fold(name)
    if wanted in lookup.referents:
        return lookup.referents[wanted]
    kinds = {
        Scheme.FRANCE_TRAVAIL: ReferentKind.FRANCE_TRAVAIL,
        Scheme.CAP_EMPLOI: ReferentKind.CAP_EMPLOI,
        Scheme.DEA: ReferentKind.DEA,
        Scheme.MISSION_LOCALE: ReferentKind.MISSION_LOCALE,
        Scheme.ESAT: ReferentKind.ESAT_EA,
        Scheme.ENTREPRISE_ADAPTEE: ReferentKind.ESAT_EA,
    }
    created = team_service.create_referent(
        ctx, team_service.ReferentInput(name=name, kind=kinds.get(scheme, ReferentKind.OTHER))
    )
    lookup.referents[wanted] = created.id
    return created.id


def _create(ctx: ServiceContext, kind: ImportKind, row: _Row, lookup: _Lookup) -> int:
    if kind is ImportKind.PARTICIPANTS:
        person = participants_service.create_participant(ctx, row.payload)
        referents: list[str] = row.extra["referents"]
        for index, scheme in enumerate(row.extra["schemes"]):
            referent_id = (
                _ensure_referent(ctx, lookup, referents[index], scheme)
                if index < len(referents)
                else None
            )
            schemes_service.add_scheme(ctx, person.id, scheme, referent_id)
        status: ParticipantStatus = row.extra["status"]
        if status is not ParticipantStatus.ACTIVE:
            on = row.payload.membership_end if status is ParticipantStatus.LEFT else None
            participants_service.set_status(ctx, person.id, status, on=on)
        return person.id
    if kind is ImportKind.OFFERS:
        return offers_service.create_offer(ctx, row.payload).id
    workshop = workshops_service.create_workshop(ctx, row.payload)
    if row.extra["cancelled"]:
        workshops_service.cancel_workshop(ctx, workshop.id)
    return workshop.id


def _merge_participant(ctx: ServiceContext, record_id: int, row: _Row) -> None:
    """Fill the existing file's empty fields from the row; nothing already set changes."""
    current = participants_service.get_participant(ctx, record_id)
    data: participants_service.ParticipantInput = row.payload
    filled = participants_service.ParticipantInput(
        first_name=current.first_name,
        last_name=current.last_name,
        pseudonym=current.pseudonym or data.pseudonym,
        birth_date=current.birth_date or data.birth_date,
        birth_year=current.birth_year or data.birth_year,
        phone=current.phone or data.phone,
        email=current.email or data.email,
        address=current.address or data.address,
        city=current.city or data.city,
        membership_start=current.membership_start,
        membership_end=current.membership_end,
        is_peer_helper=current.is_peer_helper or data.is_peer_helper,
        rqth_status=current.rqth_status
        if current.rqth_status is not RqthStatus.NONE
        else data.rqth_status,
        rqth_until=current.rqth_until
        if current.rqth_status is not RqthStatus.NONE
        else data.rqth_until,
        followup_frequency=current.followup_frequency,
        followup_mode=current.followup_mode,
        followup_times=current.followup_times,
        notes=current.notes or data.notes,
    )
    if filled.birth_date is not None and filled.birth_year != filled.birth_date.year:
        filled = replace(filled, birth_year=None)
    participants_service.update_participant(ctx, record_id, filled)


def _decision(decisions: Decisions, row_number: int) -> DuplicateDecision:
    if isinstance(decisions, Mapping):
        chosen = decisions.get(row_number, DuplicateDecision.SKIP)
    else:
        chosen = decisions
    try:
        return DuplicateDecision(chosen)
    except ValueError:
        raise InvalidInput(
            _("{field} has an unknown value.").format(field=_("Duplicates")), field="duplicates"
        ) from None


class _DryRun(Exception):
    pass


@dataclass
class _Outcome:
    report: ImportReport
    rows: list[PreviewRow]


def _reason(exc: UserError) -> str:
    return exc.message


def _execute(
    ctx: ServiceContext,
    kind: ImportKind,
    table: Table,
    mapping: Mapping[int, str],
    decisions: Decisions,
    *,
    dry_run: bool,
) -> _Outcome:
    kind = ImportKind(kind)
    require(ctx, _PERMISSIONS[kind])
    clean_mapping = _check_mapping(kind, table, mapping)
    missing = _missing(kind, clean_mapping)
    if missing:
        raise InvalidInput(
            _("Choose a column for: {fields}.").format(fields=", ".join(missing)),
            field="mapping",
        )
    if isinstance(decisions, Mapping):
        for value in decisions.values():
            DuplicateDecision(value)
    else:
        _decision(decisions, 0)
    imported: list[ImportedRow] = []
    invalid: list[InvalidRow] = []
    duplicates: list[DuplicateRow] = []
    previews: list[PreviewRow] = []
    result: _Outcome | None = None
    with contextlib.suppress(_DryRun), ctx.transaction() as session:
        savepoint = session.begin_nested()
        lookup = _load_lookup(session, kind, ctx.today())
        rows = _read_rows(kind, table, clean_mapping, lookup)
        in_file: dict[Any, tuple[int, int | None]] = {}  # key → (row number, id)
        for row in rows:
            shown = tuple(row.shown)
            if row.errors:
                invalid.append(InvalidRow(row.number, tuple(row.errors)))
                previews.append(PreviewRow(row.number, shown, RowStatus.INVALID, tuple(row.errors)))
                continue
            match: DuplicateMatch | None = None
            target: int | None = None
            if row.key in lookup.existing:
                target, description = lookup.existing[row.key]
                match = DuplicateMatch(target, None, description)
            elif row.key in in_file:
                earlier, target = in_file[row.key]
                match = DuplicateMatch(None, earlier, row.description)
            decision = _decision(decisions, row.number) if match else None
            record_id: int | None = None
            try:
                with session.begin_nested():
                    if decision is None or decision is DuplicateDecision.IMPORT:
                        record_id = _create(ctx, kind, row, lookup)
                    elif (
                        decision is DuplicateDecision.MERGE
                        and kind is ImportKind.PARTICIPANTS
                        and target is not None
                    ):
                        _merge_participant(ctx, target, row)
                        record_id = target
            except PermissionDenied:
                raise
            except UserError as exc:
                invalid.append(InvalidRow(row.number, (_reason(exc),)))
                previews.append(PreviewRow(row.number, shown, RowStatus.INVALID, (_reason(exc),)))
                continue
            if match is None:
                imported.append(ImportedRow(row.number, record_id or 0))
                previews.append(PreviewRow(row.number, shown, RowStatus.VALID))
                in_file.setdefault(row.key, (row.number, record_id))
            else:
                assert decision is not None
                duplicates.append(DuplicateRow(row.number, match, decision, record_id))
                previews.append(
                    PreviewRow(row.number, shown, RowStatus.DUPLICATE, duplicate_of=match)
                )
                if decision is DuplicateDecision.IMPORT:
                    in_file.setdefault(row.key, (row.number, record_id))
        report = ImportReport(
            kind=kind,
            dry_run=dry_run,
            total_rows=len(rows),
            imported=tuple(imported),
            invalid=tuple(invalid),
            duplicates=tuple(duplicates),
        )
        result = _Outcome(report, previews)
        if dry_run:
            savepoint.rollback()
            raise _DryRun
        ctx.audit(
            session,
            "import",
            None,
            AuditAction.CREATE,
            f"kind={kind.value} rows={len(rows)} imported={report.imported_count} "
            f"merged={report.merged_count} invalid={len(invalid)} "
            f"skipped={report.skipped_count}",
        )
        savepoint.commit()
    assert result is not None
    return result


def preview(
    ctx: ServiceContext,
    kind: ImportKind,
    table: Table,
    mapping: Mapping[int, str],
    limit: int = 20,
    *,
    duplicates: Decisions = DuplicateDecision.SKIP,
) -> ImportPreview:
    """The import tried out and undone: the first ``limit`` rows as they will be read, and
    the counts for the whole file. Required fields without a column are listed in
    ``missing_fields`` (then no row is checked)."""
    kind = ImportKind(kind)
    require(ctx, _PERMISSIONS[kind])
    clean_mapping = _check_mapping(kind, table, mapping)
    missing = _missing(kind, clean_mapping)
    pairs = tuple(sorted(clean_mapping.items()))
    if missing:
        return ImportPreview(kind, pairs, missing, (), len(table.rows), 0, 0, 0)
    outcome = _execute(ctx, kind, table, clean_mapping, duplicates, dry_run=True)
    report = outcome.report
    return ImportPreview(
        kind=kind,
        mapping=pairs,
        missing_fields=(),
        rows=tuple(outcome.rows[: max(0, limit)]),
        total_rows=report.total_rows,
        valid_count=len(report.imported),
        invalid_count=len(report.invalid),
        duplicate_count=len(report.duplicates),
    )


def run_import(
    ctx: ServiceContext,
    kind: ImportKind,
    table: Table,
    mapping: Mapping[int, str],
    *,
    duplicates: Decisions = DuplicateDecision.SKIP,
    dry_run: bool = False,
) -> ImportReport:
    """Import every valid row in one transaction (``dry_run``: check only, keep nothing).

    ``duplicates`` is one decision for every likely duplicate ("skip", "import", "merge")
    or ``{row number: decision}`` (rows not named are skipped).
    """
    return _execute(ctx, ImportKind(kind), table, mapping, duplicates, dry_run=dry_run).report


def iter_problems(report: ImportReport) -> Iterator[tuple[int, str]]:
    """(row number, reason) for every invalid row, in file order, one line per reason."""
    for row in report.invalid:
        for reason in row.reasons:
            yield row.row_number, reason

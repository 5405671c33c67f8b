"""Read a CSV or ``.xlsx`` file into a :class:`~.table.Table`.

CSV: UTF-8 with or without BOM, UTF-16 with BOM, else Windows-1252; ``;``, ``,`` or tab.
A file that is not UTF-8 as a whole but has lines that are (a UTF-8 program's rows pasted
under Windows-1252 ones) is refused, listing the rows in each encoding: read as either
encoding, half of it would come out as « HÃ©lÃ¨ne ». Workbooks are read by :mod:`.xlsx`.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import errno
import itertools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from pairdesk.errors import InvalidInput
from pairdesk.i18n import _
from pairdesk.services.imports.table import (
    MAX_FILE_BYTES,
    Table,
    build_table,
    cell_too_long,
    check_record,
)
from pairdesk.services.imports.xlsx import read_xlsx

SEPARATORS = (";", ",", "\t")
_SNIFF_LINES = 50
_SNIFF_CHARS = 64 * 1024
_SNIFFER_CHARS = 4 * 1024
_LISTED_ROWS = 10


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
            return read_xlsx(path, sheet)
        if head.startswith(b"\xd0\xcf\x11\xe0") or suffix in {".xls", ".ods"}:
            raise InvalidInput(
                _(
                    "{path} is in a format pairdesk cannot read. Open it in your spreadsheet "
                    "and save it as .xlsx or as CSV."
                ).format(path=path.name)
            )
        return read_csv_bytes(_read_at_most(path, MAX_FILE_BYTES), name=path.name)
    except OSError as exc:
        raise InvalidInput(
            _("{path} cannot be read: {reason}").format(path=path.name, reason=_os_reason(exc))
        ) from None


def _read_at_most(path: Path, limit: int) -> bytes:
    """The file's bytes, refused past ``limit`` while reading: a device or a pipe says
    its size is 0, and /dev/zero was read until the memory ran out."""
    with path.open("rb") as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise InvalidInput(
            _("{path} is too large to import (more than {limit} MB).").format(
                path=path.name, limit=limit // 2**20
            )
        )
    return data


def _os_reason(exc: OSError) -> str:
    reasons = {
        errno.ENOENT: _("there is no such file"),
        errno.EACCES: _("you are not allowed to read it"),
        errno.EPERM: _("you are not allowed to read it"),
        errno.EISDIR: _("it is a folder"),
    }
    return reasons.get(exc.errno or 0) or exc.strerror or type(exc).__name__


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


#: A last line given to the CSV reader after the file's: read as a record of its own, the
#: file ended outside any quoted cell; found inside a cell, a quote was never closed.
_END_OF_FILE = "\ue000pairdesk: end of the file\ue000"


def _unclosed_quote(name: str, row: int) -> InvalidInput:
    return InvalidInput(
        _(
            '{path}, row {row}: a quote (") opens a cell that is never closed, so every row '
            "after it would land in that one cell. Nothing was imported: close the quote or "
            "remove it, then import the file again."
        ).format(path=name, row=row)
    )


def _csv_records(text: str, separator: str, name: str) -> list[list[str]]:
    """The CSV records, refused past :data:`MAX_ROWS` rows, :data:`MAX_COLUMNS` columns or
    a cell of :data:`MAX_CELL_CHARS` characters, or when a quote is never closed (Python's
    reader would put the rest of the file in that cell: other people's rows in one
    person's notes)."""
    records: list[list[str]] = []
    reader = csv.reader(
        itertools.chain(_lines(text), (_END_OF_FILE,)), delimiter=separator, quotechar='"'
    )
    number = 0
    try:
        for record in reader:
            number += 1
            if record == [_END_OF_FILE]:
                break
            if any(_END_OF_FILE in cell for cell in record):
                raise _unclosed_quote(name, number)
            check_record(name, number, record)
            records.append(record)
    except csv.Error as exc:
        if "field limit" in str(exc):  # csv's own cap (128 KB) is above a cell's
            raise cell_too_long(name, number + 1, None) from None
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
    return build_table(records, encoding=decoded.encoding, separator=separator)

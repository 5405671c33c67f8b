"""Hostile spreadsheets, written by hand so that no library tidies them up.

Used by ``tests/services/test_hostile_imports.py``, ``tests/cli`` and
``bench/bench_hostile_imports.py`` (which measures time and memory). Every file is
generated; nothing here is real data.

An ``.xlsx`` file is a zip of XML parts; the smallest one openpyxl opens holds
``[Content_Types].xml``, ``_rels/.rels``, ``xl/workbook.xml``,
``xl/_rels/workbook.xml.rels`` and one ``xl/worksheets/sheet1.xml``.
"""

from __future__ import annotations

import random
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<Relationships xmlns="{PKG_REL_NS}">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<workbook xmlns="{MAIN_NS}" xmlns:r="{REL_NS}">'
    '<sheets><sheet name="Feuil1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_NO_SHEET = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<workbook xmlns="{MAIN_NS}" xmlns:r="{REL_NS}"><sheets/></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<Relationships xmlns="{PKG_REL_NS}">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    "</Relationships>"
)


def _cell(ref: str, value: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>'


def sheet_xml(rows: Iterable[str], *, dimension: str | None = None, prolog: str = "") -> str:
    """A worksheet part around ``<row>`` elements already written."""
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        + prolog
        + f'<worksheet xmlns="{MAIN_NS}" xmlns:r="{REL_NS}">{dim}<sheetData>'
        + "".join(rows)
        + "</sheetData></worksheet>"
    )


def write_xlsx(
    path: Path,
    sheet: str | bytes | Iterator[bytes],
    *,
    workbook: str = WORKBOOK,
    compresslevel: int = 6,
) -> Path:
    """A minimal workbook whose first sheet is ``sheet`` (text, bytes or chunks of bytes)."""
    with zipfile.ZipFile(
        path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=compresslevel
    ) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", workbook)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        if isinstance(sheet, str | bytes):
            archive.writestr("xl/worksheets/sheet1.xml", sheet)
        else:
            with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
                for chunk in sheet:
                    part.write(chunk)
    return path


def header_row() -> str:
    return '<row r="1">' + _cell("A1", "Nom") + _cell("B1", "Prénom") + "</row>"


def dimension_bomb(path: Path) -> Path:
    """~1.6 KB: a sheet declaring A1:XFD1048576 with one cell at its far corner.

    openpyxl's read-only mode pads every row up to the declared width and height:
    17 billion empty cells."""
    rows = [
        header_row(),
        '<row r="2">' + _cell("A2", "Durand") + _cell("B2", "Hélène") + "</row>",
        '<row r="1048576">' + _cell("XFD1048576", "x") + "</row>",
    ]
    return write_xlsx(path, sheet_xml(rows, dimension="A1:XFD1048576"))


def million_rows(path: Path, rows: int = 3_000_000, *, seed: int = 1) -> Path:
    """A zip of ~35 MB whose sheet holds ``rows`` rows of short text (3 million: ~320 MB of
    XML once unpacked). About 4 s of CPU for 3 million rows."""
    rng = random.Random(seed)
    syllables = ("ma", "ri", "lo", "du", "ben", "gar", "nier", "fa", "ou", "el", "che", "ta")
    names = ["".join(rng.choice(syllables) for _ in range(3)).title() for _ in range(200)]

    def chunks() -> Iterator[bytes]:
        yield (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<worksheet xmlns="{MAIN_NS}"><sheetData>' + header_row()
        ).encode()
        for start in range(2, rows + 2, 50_000):
            stop = min(start + 50_000, rows + 2)
            picked = rng.choices(names, k=stop - start)
            numbers = rng.choices(range(10), k=stop - start)
            yield "".join(
                [
                    f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>{name}</t></is></c>'
                    f'<c r="B{n}"><v>{value}</v></c></row>'
                    for n, name, value in zip(range(start, stop), picked, numbers, strict=True)
                ]
            ).encode()
        yield b"</sheetData></worksheet>"

    return write_xlsx(path, chunks())


def zip_bomb(path: Path, megabytes: int = 400) -> Path:
    """A sheet padded with ``megabytes`` MB of spaces: a tiny file, a huge declared size."""
    block = b" " * (1024 * 1024)

    def chunks() -> Iterator[bytes]:
        yield (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<worksheet xmlns="{MAIN_NS}"><sheetData>' + header_row()
        ).encode()
        for _ in range(megabytes):
            yield block
        yield b"</sheetData></worksheet>"

    return write_xlsx(path, chunks(), compresslevel=9)


def billion_laughs(path: Path) -> Path:
    """Nested entities in the sheet: 10^9 "lol" once expanded."""
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i > 1 else "&lol;" * 10}">'
        for i in range(1, 10)
    )
    prolog = f"<!DOCTYPE worksheet [{entities}]>"
    rows = [header_row(), '<row r="2">' + _cell("A2", "&lol9;") + _cell("B2", "x") + "</row>"]
    return write_xlsx(path, sheet_xml(rows, prolog=prolog))


def external_entity(path: Path, target: Path) -> Path:
    """XXE: a cell whose text is an external entity pointing at a local file."""
    prolog = f'<!DOCTYPE worksheet [<!ENTITY secret SYSTEM "file://{target}">]>'
    rows = [header_row(), '<row r="2">' + _cell("A2", "&secret;") + _cell("B2", "x") + "</row>"]
    return write_xlsx(path, sheet_xml(rows, prolog=prolog))


def without_sheet(path: Path) -> Path:
    """A workbook listing no sheet at all."""
    return write_xlsx(path, sheet_xml([header_row()]), workbook=WORKBOOK_NO_SHEET)


def broken_xml(path: Path) -> Path:
    """A sheet whose XML stops in the middle of an element."""
    return write_xlsx(path, sheet_xml([header_row()])[:-40])


def long_cell(path: Path, characters: int = 40_000) -> Path:
    rows = [header_row(), '<row r="2">' + _cell("A2", "D" * characters) + "</row>"]
    return write_xlsx(path, sheet_xml(rows))


def wide_sheet(path: Path, columns: int = 300) -> Path:
    from openpyxl.utils import get_column_letter

    cells = "".join(_cell(f"{get_column_letter(i)}1", f"C{i}") for i in range(1, columns + 1))
    return write_xlsx(path, sheet_xml([f'<row r="1">{cells}</row>']))


def many_rows(path: Path, rows: int) -> Path:
    """``rows`` data rows under the header (each with a name and a first name)."""
    body = [header_row()] + [
        f'<row r="{n}">' + _cell(f"A{n}", f"Nom{n}") + _cell(f"B{n}", "Léa") + "</row>"
        for n in range(2, rows + 2)
    ]
    return write_xlsx(path, sheet_xml(body))


def wide_row(path: Path, cells: int = 50_000) -> Path:
    """One row of ``cells`` empty cells under the header: openpyxl built every one of them
    before the columns were cut (9 million in a 3 MB file: 113 s, 6.9 GB)."""
    rows = [header_row(), '<row r="2">' + "<c/>" * cells + "</row>"]
    return write_xlsx(path, sheet_xml(rows))


def far_cell(path: Path, reference: str = "IP2", *, styled_only: bool = False) -> Path:
    """A name and first name, and one more cell far to the right (column IP is the 250th)."""
    far = f'<c r="{reference}" s="1"/>' if styled_only else _cell(reference, "01/02/1990")
    rows = [
        header_row(),
        '<row r="2">' + _cell("A2", "Durand") + _cell("B2", "Léa") + far + "</row>",
    ]
    return write_xlsx(path, sheet_xml(rows))

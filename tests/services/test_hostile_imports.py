"""Hostile and oversized files are refused at once with ``InvalidInput`` (exit code 7),
naming the limit; mixed encodings are reported, never imported as « HÃ©lÃ¨ne ».

Every file is generated here (``tests/hostile_files.py`` writes the zips by hand). Time and
memory are measured by ``bench/bench_hostile_imports.py``, never asserted here.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pairdesk.errors import ExitCode, InvalidInput
from pairdesk.i18n import _
from pairdesk.services import imports
from pairdesk.services.context import ServiceContext
from pairdesk.services.imports import (
    MAX_CELL_CHARS,
    MAX_COLUMNS,
    MAX_ROWS,
    ImportKind,
    RowStatus,
    guess_mapping,
    preview,
    read_csv_bytes,
    read_table,
)
from pairdesk.services.imports.table import is_blank
from tests import hostile_files as hostile

pytestmark = pytest.mark.both_engines  # also on PostgreSQL (tests/pg.py)

ROWS_LIMIT = imports.format_count(MAX_ROWS)  # « 100 000 » in French


def refused(path: Path) -> str:
    with pytest.raises(InvalidInput) as caught:
        read_table(path)
    assert caught.value.exit_code == ExitCode.INVALID_INPUT == 7
    return caught.value.message


# -- .xlsx --------------------------------------------------------------------------------


def test_openpyxl_refuses_entities_through_defusedxml() -> None:
    assert openpyxl.DEFUSEDXML is True


def test_dimension_bomb_is_refused_naming_the_row_limit(tmp_path: Path) -> None:
    path = hostile.dimension_bomb(tmp_path / "bombe.xlsx")
    assert path.stat().st_size < 2000
    with zipfile.ZipFile(path) as archive:
        assert b"A1:XFD1048576" in archive.read("xl/worksheets/sheet1.xml")
    message = refused(path)
    assert ROWS_LIMIT in message and "bombe.xlsx" in message


@pytest.mark.slow
def test_three_million_rows_are_refused_before_unpacking(tmp_path: Path) -> None:
    # the sheet declares its unpacked size in the zip directory: refused from it
    path = hostile.million_rows(tmp_path / "trois-millions.xlsx")
    with zipfile.ZipFile(path) as archive:
        declared = sum(i.file_size for i in archive.infolist())
    assert declared > imports.MAX_XLSX_UNPACKED_BYTES > path.stat().st_size
    assert str(imports.MAX_XLSX_UNPACKED_BYTES // 2**20) in refused(path)


def test_rows_past_the_limit_are_counted_before_parsing(tmp_path: Path) -> None:
    # small enough to pass the size check: the <row> tags are counted while unpacking
    path = hostile.million_rows(tmp_path / "lignes.xlsx", rows=MAX_ROWS + 1)
    assert ROWS_LIMIT in refused(path)
    assert ROWS_LIMIT in refused(hostile.many_rows(tmp_path / "juste.xlsx", MAX_ROWS + 1))


def test_zip_bomb_is_refused(tmp_path: Path) -> None:
    assert refused(hostile.zip_bomb(tmp_path / "gros.xlsx", megabytes=150)) == _(
        "{path} would take more than {limit} MB once unpacked: pairdesk does not open it. "
        "A list of members takes a few megabytes at most."
    ).format(path="gros.xlsx", limit=100)
    small = hostile.zip_bomb(tmp_path / "compact.xlsx", megabytes=20)  # within 100 MB
    assert str(imports.MAX_XLSX_RATIO) in refused(small)


@pytest.mark.parametrize("maker", [hostile.billion_laughs, hostile.external_entity])
def test_xml_entities_are_refused(tmp_path: Path, maker) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("mot de passe du coffre")
    path = tmp_path / "entites.xlsx"
    if maker is hostile.external_entity:
        maker(path, secret)
    else:
        maker(path)
    message = refused(path)
    assert "mot de passe" not in message
    assert message == _(
        "{path} declares XML entities, which spreadsheet programs never write and which "
        "can be used to attack a computer: pairdesk does not open it."
    ).format(path="entites.xlsx")


def test_workbook_without_sheet_or_with_broken_xml(tmp_path: Path) -> None:
    assert refused(hostile.without_sheet(tmp_path / "vide.xlsx")) == _(
        "{path} holds no sheet of cells to import."
    ).format(path="vide.xlsx")
    assert refused(hostile.broken_xml(tmp_path / "casse.xlsx")) == _(
        "{path} is not a readable .xlsx file."
    ).format(path="casse.xlsx")


def test_long_cell_and_wide_sheet(tmp_path: Path) -> None:
    message = refused(hostile.long_cell(tmp_path / "long.xlsx", characters=MAX_CELL_CHARS + 1))
    assert "A2" in message and imports.format_count(MAX_CELL_CHARS) in message
    table = read_table(hostile.long_cell(tmp_path / "ok.xlsx", characters=MAX_CELL_CHARS))
    assert len(str(table.rows[0][0])) == MAX_CELL_CHARS
    assert imports.format_count(MAX_COLUMNS) in refused(hostile.wide_sheet(tmp_path / "large.xlsx"))
    table = read_table(hostile.wide_sheet(tmp_path / "juste.xlsx", columns=MAX_COLUMNS))
    assert len(table.headers) == MAX_COLUMNS


def test_a_few_rows_far_apart_keep_their_numbers(tmp_path: Path) -> None:
    rows = [
        hostile.header_row(),
        '<row r="2">' + hostile._cell("A2", "Durand") + hostile._cell("B2", "Léa") + "</row>",
        '<row r="90000">' + hostile._cell("A90000", "Petit") + "</row>",
    ]
    path = hostile.write_xlsx(
        tmp_path / "loin.xlsx", hostile.sheet_xml(rows, dimension="A1:XFD90000")
    )
    table = read_table(path)
    assert table.row_numbers == (2, 90000)
    assert table.rows[1] == ("Petit",)


def test_missing_file_and_folder_are_exit_7(tmp_path: Path) -> None:
    assert "absent.csv" in refused(tmp_path / "absent.csv")
    folder = tmp_path / "dossier.csv"
    folder.mkdir()
    assert "dossier.csv" in refused(folder)


# -- CSV ----------------------------------------------------------------------------------


def test_csv_with_a_49_mb_field(tmp_path: Path) -> None:
    path = tmp_path / "champ.csv"
    path.write_bytes(b"Nom;Pr\xe9nom\r\nDurand;" + b"x" * 49_000_000 + b"\r\n")
    message = refused(path)
    assert imports.format_count(MAX_CELL_CHARS) in message and "2" in message


def test_csv_cell_just_past_excel_limit_names_the_cell() -> None:
    raw = ("Nom;Prénom\r\nDurand;" + "é" * (MAX_CELL_CHARS + 1) + "\r\n").encode()
    with pytest.raises(InvalidInput) as caught:
        read_csv_bytes(raw, name="x.csv")
    assert "B2" in caught.value.message


def test_csv_with_100000_columns(tmp_path: Path) -> None:
    path = tmp_path / "colonnes.csv"
    line = ";".join(f"c{i}" for i in range(100_000)) + "\r\n"
    path.write_text(line * 3, encoding="utf-8")
    assert imports.format_count(MAX_COLUMNS) in refused(path)
    # trailing empty cells (as Excel writes them) do not count
    padded = "Nom;Prénom" + ";" * 500 + "\r\nDurand;Léa" + ";" * 500 + "\r\n"
    assert read_csv_bytes(padded.encode()).headers == ("Nom", "Prénom")


def test_csv_row_limit(tmp_path: Path) -> None:
    body = "Nom;Prénom\r\n" + "Durand;Léa\r\n" * MAX_ROWS
    assert len(read_csv_bytes(body.encode()).rows) == MAX_ROWS
    with pytest.raises(InvalidInput) as caught:
        read_csv_bytes((body + "Petit;Jean\r\n").encode(), name="x.csv")
    assert ROWS_LIMIT in caught.value.message


def test_sniffer_sees_only_the_start_of_the_file() -> None:
    # csv.Sniffer's patterns are quadratic: 64 KB of ';"' took 27 s before the cap
    with pytest.raises(InvalidInput):
        read_csv_bytes(b';"' * 2_000_000)


# -- encodings ----------------------------------------------------------------------------


def test_mixed_utf8_and_windows_1252_is_refused_with_the_rows() -> None:
    raw = (
        "Nom;Prénom;Remarques\r\n".encode("cp1252")
        + 'Durand;Hélène;"deux\r\nlignes"\r\n'.encode()
        + "Martin;Zoé;\r\n".encode("cp1252")
        + b"Petit;Jean;\r\n"
        + "Lefèvre;Inès;\r\n".encode()
    )
    with pytest.raises(InvalidInput) as caught:
        read_csv_bytes(raw, name="melange.csv")
    message = caught.value.message
    assert "melange.csv" in message
    # row 2 spans two lines: row 3 is Martin, row 5 is Lefèvre
    assert ": 2, 5." in message and ": 1, 3." in message


def test_utf8_bom_with_windows_1252_lines_is_mixed() -> None:
    raw = b"\xef\xbb\xbfNom;Pr\xc3\xa9nom\r\nDurand;H\xe9l\xe8ne\r\n"
    with pytest.raises(InvalidInput):
        read_csv_bytes(raw)


def test_garbled_cells_make_their_row_invalid(ctx: ServiceContext, tmp_path: Path) -> None:
    path = tmp_path / "double.csv"
    path.write_text(
        "Nom;Prénom\r\nDurand;HÃ©lÃ¨ne\r\nMartin;Zoé\r\nLâ€™Hermite;Paul\r\n", encoding="utf-8"
    )
    table = read_table(path)
    result = preview(
        ctx, ImportKind.PARTICIPANTS, table, guess_mapping(ImportKind.PARTICIPANTS, table.headers)
    )
    statuses = {row.row_number: row.status for row in result.rows}
    assert statuses == {2: RowStatus.INVALID, 3: RowStatus.VALID, 4: RowStatus.INVALID}
    reason = result.rows[0].reasons[0]
    assert "HÃ©lÃ¨ne" in reason and "« Hélène »" in reason
    assert "« L’Hermite »" in result.rows[2].reasons[0]


# -- property: a mix of encodings never imports mojibake ------------------------------------

FIRST = ["Hélène", "Zoé", "Inès", "Chloé", "Noël", "Anaïs", "Jérôme", "François", "Gaëlle"]
FIRST += ["Léa", "Maëlys", "Bérénice", "Loïc", "Joël", "Agnès", "Cécile", "Jean", "Paul"]
LAST = ["Dupré", "Lefèvre", "Bonnaventure", "Crémieux", "Lœuillet", "D’Arcy", "Bénard"]
LAST += ["Garçon", "Pétrus", "Besançon", "Mûrier", "Âgé", "Œuvray", "Martin", "Éluard"]

names = st.tuples(
    st.sampled_from(FIRST),
    st.sampled_from(LAST),
    st.sampled_from([str.title, str.upper, lambda s: s]),
).map(lambda t: (t[2](t[0]), t[2](t[1])))
rows = st.lists(
    st.tuples(names, st.sampled_from(["utf-8", "cp1252"])),
    min_size=1,
    max_size=12,
    unique_by=lambda r: (r[0][0].casefold(), r[0][1].casefold()),
)


def _file(header_encoding: str, people: list[tuple[tuple[str, str], str]]) -> bytes:
    raw = "Nom;Prénom;Date de naissance\r\n".encode(header_encoding)
    for number, ((first, last), encoding) in enumerate(people):
        raw += f"{last};{first};0{number % 9 + 1}/01/1980\r\n".encode(encoding)
    return raw


@settings(
    max_examples=150,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(people=rows, header=st.sampled_from(["utf-8", "cp1252"]))
def test_mixed_encodings_never_import_mojibake(
    ctx: ServiceContext, people: list[tuple[tuple[str, str], str]], header: str
) -> None:
    raw = _file(header, people)
    used = {header} | {
        encoding for (first, last), encoding in people if not (first + last).isascii()
    }
    try:
        table = read_csv_bytes(raw)
    except InvalidInput:
        assert len(used) == 2, "a file in one encoding was refused"
        return
    result = preview(
        ctx,
        ImportKind.PARTICIPANTS,
        table,
        guess_mapping(ImportKind.PARTICIPANTS, table.headers),
        limit=len(people),
    )
    expected = [(last, first) for (first, last), _encoding in people]
    seen = [dict(row.values) for row in result.rows]
    for row, (last, first) in zip(result.rows, expected, strict=True):
        values = dict(row.values)
        if row.status is not RowStatus.INVALID:
            assert (values["last_name"], values["first_name"]) == (last, first)
    if len(used) == 1:  # pure UTF-8 or pure Windows-1252: everything imports cleanly
        assert all(row.status is RowStatus.VALID for row in result.rows), seen


def test_a_quote_never_closed_is_refused_naming_its_row() -> None:
    """Python's reader put the rest of the file in the unclosed cell: Marie's health note
    landed in Jean's file, and the import said "1 row of 1"."""
    raw = 'Nom;Prénom;Remarques\nDupont;Jean;"Préfère le matin\nMartin;Marie;suivie au CMP\n'
    with pytest.raises(InvalidInput) as caught:
        read_csv_bytes((raw + "Petit;Paul;ok\n").encode(), name="membres.csv")
    assert "membres.csv" in caught.value.message and "2" in caught.value.message
    assert '"' in caught.value.message
    with pytest.raises(InvalidInput):  # nor when the quote opens the very last cell
        read_csv_bytes(b'Nom;Pr\xc3\xa9nom\nDupont;"Jean', name="x.csv")


def test_quotes_that_close_and_literal_quotes_still_read() -> None:
    raw = (
        'Nom;Prénom;Remarques\r\nDupont;Jean;"deux\r\nlignes; et ""citées"""\r\n'
        'Martin;Marie;écran 15" au CMP\r\nPetit;Paul;ok'  # no newline at the end
    )
    table = read_csv_bytes(raw.encode(), name="x.csv")
    assert list(table.rows) == [
        ("Dupont", "Jean", 'deux\r\nlignes; et "citées"'),
        ("Martin", "Marie", 'écran 15" au CMP'),
        ("Petit", "Paul", "ok"),
    ]


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.lists(st.text(alphabet='ab;"\n é', max_size=8), min_size=2, max_size=2),
        min_size=1,
        max_size=6,
    )
)
def test_any_csv_written_by_a_spreadsheet_reads_back_cell_for_cell(
    rows: list[list[str]],
) -> None:
    """Cells with separators, quotes and line breaks, quoted as a spreadsheet writes them:
    the end-of-file check never refuses them nor changes a cell."""
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(["Nom", "Prénom"])
    writer.writerows(rows)
    table = read_csv_bytes(out.getvalue().encode(), name="x.csv")
    kept = [tuple(r) for r in rows if not all(is_blank(c) for c in r)]
    assert list(table.rows) == kept


def test_a_row_of_countless_empty_cells_is_refused_before_openpyxl(tmp_path: Path) -> None:
    message = refused(hostile.wide_row(tmp_path / "large.xlsx"))
    assert "2" in message and imports.format_count(10 * MAX_COLUMNS) in message
    assert read_table(hostile.wide_row(tmp_path / "ok.xlsx", cells=150)).headers == (
        "Nom",
        "Prénom",
    )


def test_a_value_past_the_last_column_read_is_refused_not_dropped(tmp_path: Path) -> None:
    """Column IP (the 250th) was dropped without a word, where a CSV is refused."""
    message = refused(hostile.far_cell(tmp_path / "loin.xlsx"))
    assert imports.format_count(MAX_COLUMNS) in message and "2" in message
    # a styled empty cell there is nothing, as trailing empty cells of a CSV are
    table = read_table(hostile.far_cell(tmp_path / "style.xlsx", styled_only=True))
    assert list(table.rows) == [("Durand", "Léa")]
    # column GR, the 200th, is read
    table = read_table(hostile.far_cell(tmp_path / "gr.xlsx", reference="GR2"))
    assert table.rows[0][-1] == "01/02/1990" and len(table.rows[0]) == MAX_COLUMNS


def test_the_sheet_imported_is_the_one_shown(tmp_path: Path) -> None:
    """The first sheet was imported even when hidden, and the active one left."""
    book = openpyxl.Workbook()
    hidden = book.active
    assert hidden is not None
    hidden.title = "Ancienne liste"
    hidden.append(["Nom", "Prénom"])
    hidden.append(["Ancien", "Nom"])
    hidden.sheet_state = "hidden"
    shown = book.create_sheet("Adhérents")
    shown.append(["Nom", "Prénom"])
    shown.append(["Durand", "Léa"])
    book.create_sheet("Notes").append(["Nom", "Prénom"])
    book.active = 1
    book.save(tmp_path / "listes.xlsx")
    table = read_table(tmp_path / "listes.xlsx")
    assert (table.sheet_name, list(table.rows)) == ("Adhérents", [("Durand", "Léa")])
    book.active = 0  # the active one hidden (Excel would not show it): the first visible
    book.save(tmp_path / "listes2.xlsx")
    assert read_table(tmp_path / "listes2.xlsx").sheet_name == "Adhérents"


@given(st.lists(st.one_of(st.none(), st.integers(), st.text(max_size=3)), max_size=40))
def test_the_width_of_a_padded_xlsx_row_is_up_to_its_last_value(values: list[object]) -> None:
    """``xlsx._width`` (found by halves) is what stripping the padding one by one gives."""
    from pairdesk.services.imports.xlsx import _width

    row = tuple(values)
    expected = len(row)
    while expected and row[expected - 1] is None:
        expected -= 1
    assert _width(row) == expected

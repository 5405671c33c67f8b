"""``pairdesk export employers`` / ``import employers`` (issue 15): French CSV conventions,
hostile-file limits, reading as a property, and a round trip export → import."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pairdesk.domain.employers import EmployerKind, EmployerSize
from pairdesk.domain.enums import Role
from pairdesk.errors import InvalidInput
from pairdesk.i18n import _
from pairdesk.services import employers
from pairdesk.services.context import Operator, ServiceContext
from pairdesk.services.employers import ContactInput, EmployerInput
from pairdesk.services.exports import ExportSheet, csv_bytes
from pairdesk.services.imports import MAX_COLUMNS, read_csv_bytes
from pairdesk.services.imports.employers import (
    COLUMNS,
    employer_sheet,
    export_employers,
    import_employers,
    read_employer_file,
    read_employer_rows,
)
from pairdesk.services.imports.table import Table
from pairdesk.store.vault import open_vault
from tests import pg
from tests.factories import PASSPHRASE, acting_as, run_cli

pytestmark = pytest.mark.both_engines  # also on PostgreSQL (tests/pg.py)

TODAY = dt.date(2026, 11, 25)


@pytest.fixture
def other_ctx(vault_template: Path, tmp_path: Path) -> Iterator[ServiceContext]:
    """A second, empty vault: where the exported directory is imported."""
    path = tmp_path / "other.pairdesk"
    shutil.copyfile(vault_template, path)
    vault = open_vault(path, PASSPHRASE)
    yield ServiceContext(
        vault, Operator(id=None, name="Test", role=Role.COORDINATOR), lambda: TODAY
    )
    vault.close()


def _fill(ctx: ServiceContext) -> None:
    bakery = employers.create_employer(
        ctx,
        EmployerInput(
            name="Boulangerie Hélène",
            town="Lyon",
            sector="Alimentation",
            kind=EmployerKind.ORDINARY,
            size=EmployerSize.MICRO,
            open_to_mental_health=True,
            notes="Accueil; « calme »\nle matin",
            next_step="Rappeler",
            next_step_on=dt.date(2027, 1, 15),
        ),
    ).id
    employers.add_contact(ctx, bakery, ContactInput("Mme Leroy", "Gérante", "04 00 00 00 01"))
    employers.add_contact(ctx, bakery, ContactInput("M. Diallo", "Chef d'équipe", "", "d@x.fr"))
    old = employers.create_employer(
        ctx, EmployerInput(name="=Garage Central", kind=EmployerKind.ESAT)
    ).id
    employers.set_active(ctx, old, False)


def _snapshot(ctx: ServiceContext) -> list[tuple[object, ...]]:
    rows = []
    for e in employers.list_employers(ctx, include_inactive=True):
        contacts = sorted(
            (c.name, c.role, c.phone, c.email) for c in employers.list_contacts(ctx, e.id)
        )
        rows.append(
            (
                e.name,
                e.kind,
                e.sector,
                e.town,
                e.size,
                e.open_to_mental_health,
                e.notes,
                e.next_step,
                e.next_step_on,
                e.active,
                tuple(contacts),
            )
        )
    return rows


def test_export_is_french_csv_one_row_per_contact(ctx: ServiceContext, tmp_path: Path) -> None:
    _fill(ctx)
    path, rows = export_employers(ctx, tmp_path / "annuaire.csv")
    assert rows == 3  # two contacts of the bakery, the garage without contact
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM
    text = raw.decode("utf-8-sig")
    assert text.split("\r\n")[0].count(";") == len(COLUMNS) - 1
    assert "'=Garage Central" in text  # neutralised for the spreadsheet
    assert "15/01/2027" in text


def test_round_trip_into_an_empty_vault(
    ctx: ServiceContext, other_ctx: ServiceContext, tmp_path: Path
) -> None:
    _fill(ctx)
    path, _rows = export_employers(ctx, tmp_path / "annuaire.csv")
    report = import_employers(other_ctx, read_employer_file(path))
    assert (report.employers_created, report.contacts_added, report.invalid) == (2, 2, ())
    assert _snapshot(other_ctx) == _snapshot(ctx)
    # again: nothing new, every row already known
    again = import_employers(other_ctx, read_employer_file(path))
    assert (again.employers_created, again.contacts_added, again.rows_already_known) == (0, 0, 3)
    assert _snapshot(other_ctx) == _snapshot(ctx)


def test_round_trip_through_xlsx(
    ctx: ServiceContext, other_ctx: ServiceContext, tmp_path: Path
) -> None:
    _fill(ctx)
    path, _rows = export_employers(ctx, tmp_path / "annuaire.xlsx")
    import_employers(other_ctx, read_employer_file(path))
    assert _snapshot(other_ctx) == _snapshot(ctx)


def test_variants_join_the_directory_and_bad_rows_are_reported(ctx: ServiceContext) -> None:
    known = employers.create_employer(ctx, EmployerInput(name="SARL Dupont", town="Brest")).id
    text = (
        "Employeur;Ville;Type d'employeur;Contact;Courriel du contact;Colonne inconnue\r\n"
        "dupont;brest;;Mme Roux;roux@x.fr;?\r\n"  # the known employer gains a contact
        ";;;;;\r\n"  # empty: skipped
        "Atelier Vert;Lyon;ESAT;;;\r\n"  # new, kind by its French label
        "Ferme Bleue;;pas un type;;;\r\n"  # invalid kind
        "Café Rouge;;;;pas-un-courriel;\r\n"  # contact details without a name
        "Café Rouge;;;M. Noir;pas-un-courriel;\r\n"  # refused by the service: bad e-mail
    )
    table = read_csv_bytes(text.encode("utf-8-sig"))
    report = import_employers(ctx, table)
    assert (report.employers_created, report.contacts_added) == (1, 1)
    assert [p.row_number for p in report.invalid] == [5, 6, 7]
    assert all(len(p.reasons) == 1 and p.reasons[0] for p in report.invalid)
    assert [c.name for c in employers.list_contacts(ctx, known)] == ["Mme Roux"]
    (atelier,) = employers.list_employers(ctx, "atelier vert")
    assert atelier.kind is EmployerKind.ESAT
    assert not employers.list_employers(ctx, "cafe rouge")


def test_a_bare_entry_takes_the_details_of_its_row_a_full_one_keeps_its_own(
    ctx: ServiceContext,
) -> None:
    """Offers imported first make their employers bare entries (a name only); importing
    the directory afterwards dropped its sector, town and size (a tester)."""
    bare = employers.create_employer(ctx, EmployerInput(name="Cuisine centrale Les Saveurs")).id
    full = employers.create_employer(
        ctx, EmployerInput(name="Garage Martin", sector="Automobile", town="Brest")
    ).id
    text = (
        "Employeur;Secteur;Ville;Taille;Type d'employeur;"
        "Ouvert aux personnes en situation de handicap psychique;Contact\r\n"
        "Cuisine centrale Les Saveurs;Santé;Vénissieux;Moins de 10 salariés;"
        "Entreprise adaptée;oui;M. Mercier\r\n"
        "Garage Martin;Mécanique;;Moins de 10 salariés;;oui;\r\n"
    )
    report = import_employers(ctx, read_csv_bytes(text.encode("utf-8-sig")))
    assert report.employers_created == 0 and report.employers_completed == 1
    completed = employers.get_employer(ctx, bare)
    assert (completed.sector, completed.town) == ("Santé", "Vénissieux")
    assert completed.kind is EmployerKind.ENTREPRISE_ADAPTEE and completed.open_to_mental_health
    assert completed.name == "Cuisine centrale Les Saveurs"
    kept = employers.get_employer(ctx, full)
    assert (kept.sector, kept.town, kept.size) == ("Automobile", "Brest", EmployerSize.UNKNOWN)
    assert not kept.open_to_mental_health


def test_dry_run_keeps_nothing(ctx: ServiceContext) -> None:
    table = read_csv_bytes(b"Employeur;Contact\r\nAtelier Vert;Mme Roux\r\n")
    report = import_employers(ctx, table, dry_run=True)
    assert (report.employers_created, report.contacts_added, report.dry_run) == (1, 1, True)
    assert employers.list_employers(ctx, include_inactive=True) == []


def test_a_file_without_employer_column_or_past_the_limits_is_refused() -> None:
    with pytest.raises(InvalidInput):
        read_employer_rows(read_csv_bytes(b"Ville;Secteur\r\nLyon;x\r\n"), today=TODAY)
    wide = ";".join(f"c{i}" for i in range(MAX_COLUMNS + 5)) + "\r\n"
    with pytest.raises(InvalidInput):
        read_csv_bytes(wide.encode())


_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from(";\"'\n=+-@é"),
    max_size=30,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(_TEXT, _TEXT, _TEXT, _TEXT), min_size=0, max_size=6))
def test_reading_gives_back_what_was_written_or_a_reason(
    cells: list[tuple[str, str, str, str]],
) -> None:
    """Any names, towns, notes and contacts written the way the export writes them read
    back as the same texts (trimmed), or as an invalid row with a reason; never a crash."""
    headers = (COLUMNS[0][1], COLUMNS[3][1], COLUMNS[6][1], COLUMNS[9][1])
    sheet = ExportSheet("employers", "x", headers, tuple(cells))  # type: ignore[arg-type]
    lines, problems = read_employer_rows(read_csv_bytes(csv_bytes(sheet)), today=TODAY)
    assert len(lines) + len(problems) <= len(cells)
    for line in lines:
        name, town, notes, contact = cells[line.row_number - 2]
        assert line.employer.name == name.strip()
        assert line.employer.town == town.strip()
        assert line.employer.notes.replace("\r\n", "\n") == notes.replace("\r\n", "\n")
        assert (line.contact.name if line.contact else "") == contact.strip()
    for problem in problems:
        assert problem.reasons and all(problem.reasons)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.lists(
            st.one_of(st.none(), _TEXT, st.integers(), st.floats(allow_nan=False), st.dates()),
            min_size=4,
            max_size=4,
        ),
        max_size=5,
    )
)
def test_reading_any_cells_never_crashes(rows: list[list[object]]) -> None:
    table = Table(
        headers=("Employeur", "Type d'employeur", "Taille", "Prochaine étape le"),
        rows=tuple(tuple(r) for r in rows),  # type: ignore[misc]
        row_numbers=tuple(range(2, 2 + len(rows))),
    )
    lines, problems = read_employer_rows(table, today=TODAY)
    assert len(lines) + len(problems) <= len(rows)


def test_cli_export_then_import(
    ctx: ServiceContext,
    vault_engine: str,
    request: pytest.FixtureRequest,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _fill(ctx)
    ctx.vault.close()
    if vault_engine == "server":  # the same commands on the server's address
        where, secret = request.getfixturevalue("pg_address"), pg.PG_PASSWORD
    else:
        where, secret = str(request.getfixturevalue("vault_path")), PASSPHRASE
    out = tmp_path / "annuaire.csv"
    code, text = run_cli(
        monkeypatch, "--vault", where, "export", "employers", "--out", str(out), passphrase=secret
    )
    assert code == 0 and out.exists()
    code, text = run_cli(
        monkeypatch,
        "--vault",
        where,
        "import",
        "employers",
        str(out),
        "--dry-run",
        passphrase=secret,
    )
    assert code == 0
    assert "0" in text and "3" in text
    bad = tmp_path / "bad.csv"
    bad.write_text("Employeur;Type d'employeur\nAtelier;pas un type\n", encoding="utf-8")
    code, text = run_cli(
        monkeypatch, "--vault", where, "import", "employers", str(bad), passphrase=secret
    )
    assert code == 7
    assert "2" in text


def test_sheet_needs_the_permission(ctx: ServiceContext) -> None:
    from pairdesk.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        employer_sheet(acting_as(ctx, "Dominique", Role.VOLUNTEER))


def test_garbled_text_and_a_bad_yes_no_are_reported_in_words(ctx: ServiceContext) -> None:
    """« SociÃ©tÃ© GÃ©nÃ©rale » entered the directory (the README says no garbled name ever
    does), and a yes/no cell « peut-être » was reported as the bare word « peut-etre »."""
    open_header = _("Open to people with a mental-health disability")
    text = (
        f"Employeur;Contact;{open_header}\r\n"
        "SociÃ©tÃ© GÃ©nÃ©rale;Mme Roux;\r\n"
        "Atelier Vert;HÃ©lÃ¨ne Martin;\r\n"
        "Ferme Bleue;;peut-être\r\n"
        "Café Rouge;;oui\r\n"
    )
    report = import_employers(ctx, read_csv_bytes(text.encode("utf-8-sig")))
    reasons = {p.row_number: p.reasons[0] for p in report.invalid}
    assert sorted(reasons) == [2, 3, 4]
    assert "« Société Générale »" in reasons[2] and "« Hélène Martin »" in reasons[3]
    assert "peut-être" in reasons[4] and reasons[4] != "peut-etre"
    assert [e.name for e in employers.list_employers(ctx)] == ["Café Rouge"]


def test_a_row_without_town_naming_two_employers_is_refused(ctx: ServiceContext) -> None:
    """A contact for « Mairie » without a town went to the first Mairie entered (Lyon)."""
    lyon = employers.create_employer(ctx, EmployerInput(name="Mairie", town="Lyon")).id
    vienne = employers.create_employer(ctx, EmployerInput(name="Mairie", town="Vienne")).id
    text = "Employeur;Ville;Contact\r\nMairie;;Mme Roux\r\nMairie;Vienne;M. Noir\r\n"
    report = import_employers(ctx, read_csv_bytes(text.encode("utf-8-sig")))
    (refused,) = report.invalid
    assert refused.row_number == 2 and "Lyon, Vienne" in refused.reasons[0]
    assert employers.list_contacts(ctx, lyon) == []
    assert [c.name for c in employers.list_contacts(ctx, vienne)] == ["M. Noir"]

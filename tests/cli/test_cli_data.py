"""``pairdesk import``, ``pairdesk export`` and ``pairdesk calendar``."""

from __future__ import annotations

from pathlib import Path

import pytest
from icalendar import Calendar

from pairdesk.cli.data import parse_mapping
from pairdesk.i18n import _, ngettext
from tests.factories import run_cli

PASSPHRASE = "correct horse ’ battery é"  # the same as tests/conftest.py

FILE = (
    "\r\n".join(
        [
            "Nom;Prénom;Date de naissance;Ville",
            "Dupré;Hélène;12/03/1985;Lyon",
            "Martin;Lucie;31/02/1990;Lyon",
            "DUPRE;Helene;12/03/85;",
            "Nguyen;Minh;5/7/92;Bron",
        ]
    )
    + "\r\n"
)


def run(monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[int, str]:
    return run_cli(monkeypatch, *args)


@pytest.fixture
def sheet(tmp_path: Path) -> Path:
    path = tmp_path / "adherents.csv"
    path.write_bytes(FILE.encode("cp1252"))
    return path


def _names(monkeypatch: pytest.MonkeyPatch, vault: Path) -> list[str]:
    import json

    code, out = run(monkeypatch, "participants", "--vault", str(vault), "--format", "json")
    assert code == 0
    return sorted(p["last_name"] for p in json.loads(out))


def test_import_dry_run_then_for_real(
    vault_path: Path, sheet: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out = run(
        monkeypatch, "import", "participants", str(sheet), "--vault", str(vault_path), "--dry-run"
    )
    assert code == 0, out
    assert _("Trial run: nothing was saved.") in out
    assert _names(monkeypatch, vault_path) == []

    code, out = run(monkeypatch, "import", "participants", str(sheet), "--vault", str(vault_path))
    assert code == 0, out
    assert "cp1252" in out
    assert (
        ngettext("{count} row of {total} imported.", "{count} rows of {total} imported.", 2).format(
            count=2, total=4
        )
        in out
    )
    reason = _("{field}: « {value} » cannot be read.").format(
        field=_("Birth date"), value="31/02/1990"
    )
    assert _("row {row}: {reason}").format(row=3, reason=reason) in out
    assert _("same person as row {row}").format(row=2) in out
    assert _("No terminal to ask about likely duplicates: they were skipped.") in out
    assert _names(monkeypatch, vault_path) == ["Dupré", "Nguyen"]

    # a second time, every valid row is already in the vault
    code, out = run(monkeypatch, "import", "participants", str(sheet), "--vault", str(vault_path))
    assert code == 0
    assert _names(monkeypatch, vault_path) == ["Dupré", "Nguyen"]


def test_import_with_a_mapping_and_nothing_valid(
    vault_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "liste.csv"
    path.write_text("A;B;C\nSimon;Adam;x\nMoreau;Bella;y\n", encoding="utf-8")
    code, out = run(monkeypatch, "import", "participants", str(path), "--vault", str(vault_path))
    assert code == 7  # no column for the names
    code, out = run(
        monkeypatch,
        "import",
        "participants",
        str(path),
        "--vault",
        str(vault_path),
        "--mapping",
        "A=last_name,2=first_name",
    )
    assert code == 0, out
    assert _names(monkeypatch, vault_path) == ["Moreau", "Simon"]
    bad = tmp_path / "bad.csv"
    bad.write_text("Nom;Prénom\n;Adam\n", encoding="utf-8")
    code, out = run(monkeypatch, "import", "participants", str(bad), "--vault", str(vault_path))
    assert code == 7
    assert _("{count} row cannot be imported:").format(count=1) in out


def test_parse_mapping() -> None:
    headers = ("Nom", "Prénom", "Naissance", "")
    assert parse_mapping("prenom=first_name, C=birth_date,4=notes", headers, {0: "first_name"}) == {
        1: "first_name",
        2: "birth_date",
        3: "notes",
    }
    assert parse_mapping("Nom=-", headers, {0: "last_name"}) == {}


def test_export_and_calendar(
    vault_path: Path, sheet: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run(monkeypatch, "import", "participants", str(sheet), "--vault", str(vault_path))
    target = tmp_path / "sortie.xlsx"
    code, out = run(
        monkeypatch, "export", "participants", "--vault", str(vault_path), "--out", str(target)
    )
    assert code == 0, out
    assert target.read_bytes().startswith(b"PK")
    code, _out = run(
        monkeypatch, "export", "participants", "--vault", str(vault_path), "--out", str(target)
    )
    assert code == 7  # kept without --force
    code, _out = run(
        monkeypatch,
        "export",
        "participants",
        "--vault",
        str(vault_path),
        "--out",
        str(target),
        "--force",
    )
    assert code == 0
    code, _out = run(
        monkeypatch,
        "export",
        "indicators",
        "--vault",
        str(vault_path),
        "--out",
        str(tmp_path / "i.csv"),
    )
    assert code == 7  # needs a period
    code, out = run(
        monkeypatch,
        "export",
        "indicators",
        "--vault",
        str(vault_path),
        "--from",
        "2026-01-01",
        "--to",
        "2026-12-31",
        "--out",
        str(tmp_path / "i.csv"),
    )
    assert code == 0, out

    ics = tmp_path / "ateliers.ics"
    code, out = run(
        monkeypatch, "calendar", "--upcoming", "--vault", str(vault_path), "--out", str(ics)
    )
    assert code == 0, out
    assert Calendar.from_ical(ics.read_bytes()).walk("VEVENT") == []
    code, _out = run(monkeypatch, "calendar", "--vault", str(vault_path), "--out", str(ics))
    assert code == 2  # one of --workshop, --month, --upcoming is required
    code, _out = run(
        monkeypatch,
        "calendar",
        "--workshop",
        "99",
        "--vault",
        str(vault_path),
        "--out",
        str(tmp_path / "x.ics"),
    )
    assert code == 6


def test_import_says_which_sheet_it_read(
    vault_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from openpyxl import Workbook

    book = Workbook()
    first = book.active
    assert first is not None
    first.title = "Brouillon"
    first.append(["Nom", "Prénom"])
    first.sheet_state = "hidden"
    shown = book.create_sheet("Adhérents")
    shown.append(["Nom", "Prénom"])
    shown.append(["Durand", "Léa"])
    book.active = 1
    book.save(tmp_path / "liste.xlsx")
    code, out = run(
        monkeypatch,
        "import",
        "participants",
        str(tmp_path / "liste.xlsx"),
        "--vault",
        str(vault_path),
        "--dry-run",
    )
    assert code == 0, out
    assert _("Sheet read: « {sheet} ».").format(sheet="Adhérents") in out


@pytest.mark.parametrize("kind", ["participants", "offers", "employers"])
def test_a_period_for_a_list_exported_whole_is_refused(
    vault_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    """--from/--to were ignored for these lists (200 files for a one-day period), yet the
    audit line said "from=2026-06-01 to=2026-06-01"."""
    target = tmp_path / "liste.csv"
    code, out = run(
        monkeypatch,
        "export",
        kind,
        "--out",
        str(target),
        "--from",
        "2026-06-01",
        "--to",
        "2026-06-01",
        "--vault",
        str(vault_path),
    )
    assert code == 7 and not target.exists(), out
    code, out = run(monkeypatch, "export", kind, "--out", str(target), "--vault", str(vault_path))
    assert code == 0 and target.exists(), out


def test_a_merge_names_what_the_row_said_that_the_record_kept(
    vault_path: Path, sheet: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Imported once, then again with another town for Hélène Dupré and ``--duplicates
    merge``: the record keeps Lyon, and the line of that row says the town was not taken."""
    code, _out = run(monkeypatch, "import", "participants", str(sheet), "--vault", str(vault_path))
    assert code == 0
    moved = sheet.with_name("moved.csv")
    moved.write_bytes(FILE.replace("12/03/1985;Lyon", "12/03/1985;Vénissieux").encode("cp1252"))
    code, out = run(
        monkeypatch,
        "import",
        "participants",
        str(moved),
        "--vault",
        str(vault_path),
        "--duplicates",
        "merge",
    )
    assert code == 0, out
    from pairdesk.domain.enums import DuplicateDecision

    said = _("{decision}; not taken from the row, the record keeps its own: {fields}").format(
        decision=DuplicateDecision.MERGE.label, fields=_("City")
    )
    assert said in out, out
    assert _names(monkeypatch, vault_path) == ["Dupré", "Nguyen"]

"""``pairdesk import`` refuses hostile files with exit code 7 and a French message.

The files are generated (``tests/hostile_files.py``). The vault comes fresh from ``init``
(no team yet), so no ``--operator`` is passed.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from pairdesk.services import imports
from tests import hostile_files as hostile
from tests.factories import run_cli

PASSPHRASE = "correct horse ’ battery é"  # the same as tests/conftest.py


def run(monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[int, str]:
    return run_cli(monkeypatch, *args)


def test_dimension_bomb_exits_7_in_a_real_process(vault_path: Path, tmp_path: Path) -> None:
    bomb = hostile.dimension_bomb(tmp_path / "bombe.xlsx")
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run(
        [
            *(sys.executable, "-m", "pairdesk", "import", "participants", str(bomb)),
            *("--vault", str(vault_path), "--dry-run"),
        ],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=120,
        cwd=root,
        env={
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "PAIRDESK_HOME": str(tmp_path),
            "HOME": str(tmp_path),
            "PAIRDESK_PASSPHRASE": PASSPHRASE,
            "PAIRDESK_LANG": "fr",
        },
    )
    assert result.returncode == 7, result.stderr
    assert "Traceback" not in result.stderr
    assert "100\u202f000 lignes" in result.stderr  # the limit, in French
    assert "bombe.xlsx" in result.stderr


@pytest.mark.parametrize(
    "make",
    [
        hostile.billion_laughs,
        hostile.without_sheet,
        hostile.broken_xml,
        lambda p: hostile.zip_bomb(p, megabytes=150),
        hostile.wide_sheet,
        hostile.long_cell,
    ],
    ids=["billion-laughs", "no-sheet", "broken-xml", "zip-bomb", "wide", "long-cell"],
)
def test_hostile_workbooks_exit_7(
    vault_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    make,
) -> None:
    path = make(tmp_path / "classeur.xlsx")
    code, _out = run(monkeypatch, "import", "participants", str(path), "--vault", str(vault_path))
    assert code == 7
    err = capsys.readouterr().err
    assert err.startswith("pairdesk : ") and "classeur.xlsx" in err  # French


def test_hostile_csv_files_exit_7(
    vault_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    field = tmp_path / "champ.csv"
    field.write_bytes(b"Nom;Pr\xe9nom\r\nDurand;" + b"x" * 49_000_000 + b"\r\n")
    columns = tmp_path / "colonnes.csv"
    columns.write_text(";".join(f"c{i}" for i in range(100_000)) + "\r\n", encoding="utf-8")
    mixed = tmp_path / "melange.csv"
    mixed.write_bytes(
        "Nom;Prénom\r\n".encode("cp1252")
        + "Durand;Hélène\r\n".encode()
        + "Martin;Zoé\r\n".encode("cp1252")
    )
    missing = tmp_path / "absent.csv"
    for path in (field, columns, mixed, missing):
        code, _out = run(
            monkeypatch, "import", "participants", str(path), "--vault", str(vault_path)
        )
        err = capsys.readouterr().err
        assert code == 7, (path.name, err)
        assert path.name in err and "Traceback" not in err
    code, _out = run(monkeypatch, "participants", "--vault", str(vault_path), "--format", "json")
    assert code == 0 and _out.strip() == "[]"  # nothing imported


def test_garbled_rows_are_reported_not_imported(
    vault_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "double.csv"
    path.write_text("Nom;Prénom\r\nDurand;HÃ©lÃ¨ne\r\nMartin;Zoé\r\n", encoding="utf-8")
    code, out = run(monkeypatch, "import", "participants", str(path), "--vault", str(vault_path))
    assert code == 0, out
    assert "HÃ©lÃ¨ne" in out and "« Hélène »" in out
    code, listed = run(monkeypatch, "participants", "--vault", str(vault_path), "--format", "json")
    assert "Martin" in listed and "Durand" not in listed


def test_limits_are_what_the_readme_says() -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    assert imports.MAX_ROWS == 100_000 and "100,000 rows" in readme
    assert imports.MAX_COLUMNS == 200 and "200 columns" in readme
    assert imports.MAX_CELL_CHARS == 32_767 and "32,767" in readme
    assert imports.MAX_FILE_BYTES == 50 * 2**20 and "50 MB" in readme
    assert imports.MAX_XLSX_UNPACKED_BYTES == 100 * 2**20 and "100 MB once unpacked" in readme

"""The command line through its entry point: exit codes, formats, messages, no traceback."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from pairdesk.cli import main
from tests.factories import run_cli

PASSPHRASE = "correct horse ’ battery é"  # the same as tests/conftest.py


def run(
    *args: str, env_passphrase: str | None = PASSPHRASE, monkeypatch: pytest.MonkeyPatch
) -> tuple[int, str]:
    return run_cli(monkeypatch, *args, passphrase=env_passphrase)


@pytest.fixture
def demo_vault(vault_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    code, _ = run(
        "demo-data",
        "--vault",
        str(vault_path),
        "--participants",
        "25",
        "--seed",
        "3",
        "--today",
        "2026-11-25",
        monkeypatch=monkeypatch,
    )
    assert code == 0
    return vault_path


def test_init_creates_and_refuses_overwrite(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "new.pairdesk"
    code, out = run(
        "init", "--vault", str(target), "--association", "GEM du Port", monkeypatch=monkeypatch
    )
    assert code == 0
    assert str(target) in out
    assert target.read_bytes()[:16] != b"SQLite format 3\x00"
    before = target.read_bytes()
    code, _ = run("init", "--vault", str(target), "--association", "Autre", monkeypatch=monkeypatch)
    assert code == 7
    assert target.read_bytes() == before
    assert "existe" in capsys.readouterr().err


def test_passphrase_file_strips_one_newline(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "v.pairdesk"
    secret = tmp_path / "secret.txt"
    secret.write_text("phrase avec espace final \n", encoding="utf-8")
    monkeypatch.delenv("PAIRDESK_PASSPHRASE", raising=False)
    assert (
        main(
            [
                "init",
                "--vault",
                str(target),
                "--association",
                "GEM",
                "--passphrase-file",
                str(secret),
            ],
            out=io.StringIO(),
        )
        == 0
    )
    code, _ = run(
        "check",
        "--vault",
        str(target),
        env_passphrase="phrase avec espace final ",
        monkeypatch=monkeypatch,
    )
    assert code == 0
    code, _ = run(
        "check",
        "--vault",
        str(target),
        env_passphrase="phrase avec espace final",
        monkeypatch=monkeypatch,
    )
    assert code == 3


def test_vault_option_beats_environment(
    vault_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PAIRDESK_VAULT", str(tmp_path / "absent.pairdesk"))
    code, _ = run("check", monkeypatch=monkeypatch)
    assert code == 3
    code, _ = run("check", "--vault", str(vault_path), monkeypatch=monkeypatch)
    assert code == 0


def test_check_reports_in_french(vault_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code, out = run("check", "--vault", str(vault_path), monkeypatch=monkeypatch)
    assert code == 0
    assert "Phrase de passe" in out and "OK" in out


def test_check_in_english(vault_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code, out = run("check", "--vault", str(vault_path), "--lang", "en", monkeypatch=monkeypatch)
    assert code == 0
    assert "Passphrase: OK" in out


def test_wrong_passphrase_exit_3_and_file_unchanged(
    vault_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    before = hashlib.sha256(vault_path.read_bytes()).hexdigest()
    code, _ = run(
        "participants", "--vault", str(vault_path), env_passphrase="faux", monkeypatch=monkeypatch
    )
    assert code == 3
    err = capsys.readouterr().err
    assert "Traceback" not in err and "phrase de passe" in err
    assert hashlib.sha256(vault_path.read_bytes()).hexdigest() == before


@pytest.mark.parametrize("command", [["check"], ["participants"], ["backup"]])
def test_byte_flipped_after_first_page_exit_4(
    vault_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    command: list[str],
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    data = bytearray(vault_path.read_bytes())
    data[4096 * 4 + 17] ^= 0xFF
    vault_path.write_bytes(bytes(data))
    before = bytes(data)
    extra = ["--to", str(tmp_path / "bk")] if command == ["backup"] else []
    code, _ = run(*command, "--vault", str(vault_path), *extra, monkeypatch=monkeypatch)
    assert code == 4
    assert "Traceback" not in capsys.readouterr().err
    assert vault_path.read_bytes() == before


@pytest.mark.parametrize("kind", ["missing", "empty", "folder", "text"])
def test_not_a_vault_exit_3(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str) -> None:
    path = tmp_path / "x.pairdesk"
    if kind == "empty":
        path.write_bytes(b"")
    elif kind == "folder":
        path.mkdir()
    elif kind == "text":
        path.write_text("pas un coffre\n" * 600)
    code, _ = run("participants", "--vault", str(path), monkeypatch=monkeypatch)
    assert code == 3


def test_newer_vault_exit_5(vault_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from pairdesk.store.vault import open_vault

    with open_vault(vault_path, PASSPHRASE) as vault, vault.connection() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = 'ffff'")
        conn.commit()
    code, _ = run("participants", "--vault", str(vault_path), monkeypatch=monkeypatch)
    assert code == 5


def test_usage_error_exit_2(vault_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code, _ = run(
        "indicators",
        "--vault",
        str(vault_path),
        "--from",
        "31/01/2026",
        "--to",
        "2026-02-01",
        monkeypatch=monkeypatch,
    )
    assert code == 2
    code, _ = run("no-such-command", monkeypatch=monkeypatch)
    assert code == 2


def test_unknown_operator_exit_6(demo_vault: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code, _ = run(
        "participants",
        "--vault",
        str(demo_vault),
        "--operator",
        "Personne Inconnue",
        monkeypatch=monkeypatch,
    )
    assert code == 6


def test_participants_json_and_search(demo_vault: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code, out = run(
        "participants",
        "--vault",
        str(demo_vault),
        "--operator",
        "1",
        "--format",
        "json",
        monkeypatch=monkeypatch,
    )
    assert code == 0
    rows = json.loads(out)
    assert len(rows) == 25
    assert all(isinstance(r["id"], int) for r in rows)
    assert {"id", "first_name", "last_name", "status", "anonymised"} <= set(rows[0])
    target = rows[0]
    folded = target["last_name"][:4]
    code, out = run(
        "participants",
        "--vault",
        str(demo_vault),
        "--operator",
        "1",
        "--format",
        "json",
        "--search",
        folded,
        monkeypatch=monkeypatch,
    )
    assert target["id"] in {r["id"] for r in json.loads(out)}


def test_participants_csv_is_rfc4180(demo_vault: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code, out = run(
        "participants",
        "--vault",
        str(demo_vault),
        "--operator",
        "1",
        "--format",
        "csv",
        monkeypatch=monkeypatch,
    )
    assert code == 0
    assert out.startswith("id,first_name,last_name")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 25


def test_indicators_json_keys(demo_vault: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code, out = run(
        "indicators",
        "--vault",
        str(demo_vault),
        "--operator",
        "1",
        "--from",
        "2026-01-01",
        "--to",
        "2026-11-25",
        "--format",
        "json",
        monkeypatch=monkeypatch,
    )
    assert code == 0
    data = json.loads(out)
    for key in (
        "active_participants",
        "attendance_rate",
        "retention_rate_18m",
        "confidence_regained_rate",
    ):
        assert {"value", "numerator", "denominator", "definition"} <= set(data[key])
    assert data["active_participants"]["value"] > 0


def test_indicators_table(demo_vault: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code, out = run(
        "indicators",
        "--vault",
        str(demo_vault),
        "--operator",
        "1",
        "--from",
        "2026-01-01",
        "--to",
        "2026-11-25",
        monkeypatch=monkeypatch,
    )
    assert code == 0
    assert "Indicateur" in out
    # A rate as a percentage, as the window shows it (it printed 0,845)
    rate = next(line for line in out.splitlines() if line.startswith("Taux de présence"))
    assert re.search(r"\d+(,\d)?\u00a0%", rate), rate


def test_backup_writes_verified_copy(
    vault_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out = run(
        "backup", "--vault", str(vault_path), "--to", str(tmp_path / "usb"), monkeypatch=monkeypatch
    )
    assert code == 0
    copy = Path(out.strip())
    assert copy.parent == tmp_path / "usb" and copy.exists()
    code, _ = run("check", "--vault", str(copy), monkeypatch=monkeypatch)
    assert code == 0


def test_demo_data_is_deterministic(
    vault_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    outputs = []
    for name in ("a", "b"):
        path = tmp_path / f"{name}.pairdesk"
        shutil.copyfile(vault_template, path)
        assert (
            run(
                "demo-data",
                "--vault",
                str(path),
                "--participants",
                "10",
                "--seed",
                "7",
                "--today",
                "2026-06-01",
                monkeypatch=monkeypatch,
            )[0]
            == 0
        )
        outputs.append(
            run(
                "participants",
                "--vault",
                str(path),
                "--operator",
                "1",
                "--format",
                "json",
                monkeypatch=monkeypatch,
            )[1]
        )
    assert outputs[0] == outputs[1]


def test_no_passphrase_without_terminal(vault_path: Path, tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pairdesk", "check", "--vault", str(vault_path)],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        env={"PATH": "/usr/bin:/bin", "PAIRDESK_HOME": str(tmp_path), "HOME": str(tmp_path)},
    )
    assert result.returncode == 3
    assert "Traceback" not in result.stderr
    assert "--passphrase-file" in result.stderr


def test_entry_point_module_runs(vault_path: Path, tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pairdesk",
            "participants",
            "--vault",
            str(vault_path),
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        env={
            "PATH": "/usr/bin:/bin",
            "PAIRDESK_HOME": str(tmp_path),
            "HOME": str(tmp_path),
            "PAIRDESK_PASSPHRASE": PASSPHRASE,
        },
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == []


@pytest.mark.parametrize(
    ("argv", "french"),
    [
        (["privacy", "delete", "--participant", "2"], "ces arguments manquent : --confirm"),
        (["participants", "--bogus"], "arguments inconnus : --bogus"),
        (["--lang", "xx"], "argument --lang : "),  # its quoting is Python's
    ],
)
def test_usage_errors_are_said_in_french(
    argv: list[str],
    french: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """argparse's own messages were printed in English in a French session (a tester)."""
    code, _ = run(*argv, monkeypatch=monkeypatch)
    assert code == 2
    assert french in capsys.readouterr().err

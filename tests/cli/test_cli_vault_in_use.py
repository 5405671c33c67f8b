"""Two processes on one vault: while one holds it, every command that changes the vault or
replaces its file exits 9 and changes nothing; read-only commands still work."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pairdesk.cli.common import READ_ONLY_COMMANDS
from pairdesk.errors import ExitCode
from pairdesk.store.models import TeamMember
from pairdesk.store.vault import open_vault
from pairdesk.store.vault_lock import is_locked
from tests.factories import run_cli

PASSPHRASE = "correct horse ’ battery é"  # the same as tests/conftest.py

HOLDER = """
import sys, time
from pairdesk.domain.enums import Role
from pairdesk.services.context import Operator, ServiceContext
from pairdesk.store.vault import open_vault
vault = open_vault(sys.argv[1], sys.argv[2])
ServiceContext(vault, Operator(1, "-", Role.COORDINATOR))  # the window after sign-in
print("ready", flush=True)
time.sleep(300)
"""


def run(monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[int, str]:
    return run_cli(monkeypatch, *args)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def demo_vault(vault_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    code, out = run(monkeypatch, "demo-data", "--vault", str(vault_path), "--participants", "4")
    assert code == 0, out
    return vault_path


def _member_one(path: Path) -> str:
    with open_vault(path, PASSPHRASE) as vault, vault.transaction() as session:
        member = session.get(TeamMember, 1)
        assert member is not None
        return f"{member.first_name} {member.last_name}"


def test_commands_that_write_exit_9_and_change_nothing(
    demo_vault: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    who = _member_one(demo_vault)
    code, backup = run(
        monkeypatch,
        "backup",
        "--vault",
        str(demo_vault),
        "--operator",
        "1",
        "--to",
        str(tmp_path / "bk"),
    )
    assert code == 0
    sheet = tmp_path / "adherents.csv"
    sheet.write_text("Nom;Prénom\r\nFictif;Anatole\r\n", encoding="utf-8")
    new = tmp_path / "new.txt"
    new.write_text("une toute nouvelle phrase de passe\n", encoding="utf-8")
    capsys.readouterr()

    child = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(demo_vault), PASSPHRASE],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "ready"
        before = digest(demo_vault)
        vault = ["--vault", str(demo_vault), "--operator", "1"]
        for args in (
            ["restore", backup.strip()],
            ["passphrase", "--new-passphrase-file", str(new)],
            ["import", "participants", str(sheet)],
            ["demo-data", "--participants", "2"],
        ):
            code, out = run(monkeypatch, *args, *vault)
            err = capsys.readouterr().err
            assert code == ExitCode.VAULT_IN_USE == 9, (args, out, err)
            assert "déjà ouvert" in err, err  # French by default
            assert who in err  # named, since this process has the passphrase
            assert str(child.pid) in err
            assert "Traceback" not in err
            assert digest(demo_vault) == before, args
        assert not list(tmp_path.glob("bk/*before-restore*"))

        # The real command line, in its own process: exit 9 too.
        env = {**os.environ, "PAIRDESK_PASSPHRASE": PASSPHRASE}
        done = subprocess.run(
            [sys.executable, "-m", "pairdesk", "restore", backup.strip(), *vault],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
        )
        assert done.returncode == 9, done.stderr
        assert "déjà ouvert" in done.stderr
        assert digest(demo_vault) == before

        # Read-only commands still answer, from a read-only opening.
        code, out = run(monkeypatch, "participants", *vault)
        assert code == 0, capsys.readouterr().err
        assert "4" in out
        code, out = run(monkeypatch, "check", *vault)
        assert code == 0, capsys.readouterr().err
        code, out = run(
            monkeypatch, "indicators", "--from", "2026-01-01", "--to", "2026-12-31", *vault
        )
        assert code == 0, capsys.readouterr().err
        assert digest(demo_vault) == before
        assert is_locked(demo_vault)
    finally:
        child.kill()
        child.wait(timeout=30)

    # Once the holder is gone (even killed), the vault is free again.
    assert not is_locked(demo_vault)
    code, out = run(monkeypatch, "demo-data", "--participants", "1", *vault)
    assert code == 0, capsys.readouterr().err


def test_read_only_commands_are_listed() -> None:
    assert {"check", "participants", "indicators"} <= READ_ONLY_COMMANDS
    assert not {"restore", "passphrase", "import", "demo-data", "init"} & READ_ONLY_COMMANDS

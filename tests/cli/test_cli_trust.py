"""``pairdesk restore``, ``backups``, ``passphrase``; a full or read-only disk exits 8."""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from pairdesk.store.models import Participant
from pairdesk.store.vault import open_vault
from tests.factories import run_cli

PASSPHRASE = "correct horse ’ battery é"  # the same as tests/conftest.py
NEW = "une toute nouvelle phrase de passe"


def run(
    *args: str, monkeypatch: pytest.MonkeyPatch, passphrase: str = PASSPHRASE
) -> tuple[int, str]:
    return run_cli(monkeypatch, *args, passphrase=passphrase)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def participants(path: Path, passphrase: str = PASSPHRASE) -> int:
    with open_vault(path, passphrase, verify=True) as vault, vault.transaction() as s:
        return int(s.scalar(select(func.count(Participant.id))) or 0)


@pytest.fixture
def backup(vault_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    code, out = run(
        "backup", "--vault", str(vault_path), "--to", str(tmp_path / "bk"), monkeypatch=monkeypatch
    )
    assert code == 0
    code, _ = run(
        "demo-data", "--vault", str(vault_path), "--participants", "3", monkeypatch=monkeypatch
    )
    assert code == 0
    return Path(out.strip())


def restore_as_coordinator(backup: Path, vault_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """``pairdesk --lang en restore BACKUP --vault V --operator 1``: what it printed."""
    code, out = run(
        "--lang",
        "en",
        "restore",
        str(backup),
        "--vault",
        str(vault_path),
        "--operator",
        "1",
        monkeypatch=monkeypatch,
    )
    assert code == 0, out
    return out


def test_restore_command(backup: Path, vault_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert participants(vault_path) == 3
    out = restore_as_coordinator(backup, vault_path, monkeypatch)
    assert "was kept as" in out
    assert participants(vault_path) == 0
    code, out = run("backups", monkeypatch=monkeypatch)
    assert code == 0 and "vault-before-restore-" in out


def test_restore_erases_again_who_was_erased_since_the_backup(
    vault_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, _ = run(
        "demo-data", "--vault", str(vault_path), "--participants", "3", monkeypatch=monkeypatch
    )
    assert code == 0
    code, out = run(
        "backup",
        "--vault",
        str(vault_path),
        "--to",
        str(tmp_path / "bk"),
        "--operator",
        "1",
        monkeypatch=monkeypatch,
    )
    assert code == 0, out
    backup = Path(out.strip())
    code, out = run(
        "privacy",
        "delete",
        "--participant",
        "2",
        "--confirm",
        "P0002",
        "--vault",
        str(vault_path),
        "--operator",
        "1",
        monkeypatch=monkeypatch,
    )
    assert code == 0, out
    out = restore_as_coordinator(backup, vault_path, monkeypatch)
    assert "erased again: P0002" in out
    assert participants(vault_path) == 2


def test_restore_wrong_passphrase_exit_3(
    backup: Path, vault_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = digest(vault_path)
    code, _ = run(
        "restore",
        str(backup),
        "--vault",
        str(vault_path),
        monkeypatch=monkeypatch,
        passphrase="nope",
    )
    assert code == 3
    assert digest(vault_path) == before


def test_restore_damaged_backup_exit_4(
    backup: Path, vault_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = bytearray(backup.read_bytes())
    data[5 * 4096 + 7] ^= 0x01
    backup.write_bytes(bytes(data))
    before = digest(vault_path)
    code, _ = run(
        "restore",
        str(backup),
        "--vault",
        str(vault_path),
        "--operator",
        "1",
        monkeypatch=monkeypatch,
    )
    assert code == 4
    assert digest(vault_path) == before


def test_passphrase_command(
    vault_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    new_file = tmp_path / "new.txt"
    new_file.write_text(NEW + "\n", encoding="utf-8")
    code, out = run(
        "--lang",
        "en",
        "passphrase",
        "--vault",
        str(vault_path),
        "--new-passphrase-file",
        str(new_file),
        monkeypatch=monkeypatch,
    )
    assert code == 0, out
    assert "Strong" in out and "old passphrase" in out
    assert participants(vault_path, NEW) == 0
    code, _ = run("check", "--vault", str(vault_path), monkeypatch=monkeypatch)
    assert code == 3  # the old one no longer opens it
    code, _ = run("check", "--vault", str(vault_path), monkeypatch=monkeypatch, passphrase=NEW)
    assert code == 0


def test_passphrase_command_refusals(
    vault_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = digest(vault_path)
    empty = tmp_path / "empty.txt"
    empty.write_text("\n")
    good = tmp_path / "good.txt"
    good.write_text(NEW)
    base = ("passphrase", "--vault", str(vault_path))
    assert run(*base, "--new-passphrase-file", str(empty), monkeypatch=monkeypatch)[0] == 7
    assert (
        run(*base, "--new-passphrase-file", str(good), monkeypatch=monkeypatch, passphrase="x")[0]
        == 3
    )
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))  # not a terminal, no new passphrase
    assert run(*base, monkeypatch=monkeypatch)[0] == 2
    assert digest(vault_path) == before


# -- a full or read-only disk during a save ------------------------------------------------


@contextlib.contextmanager
def small_tmpfs(folder: Path, size: str) -> Iterator[Path]:
    if not sys.platform.startswith("linux") or os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root on Linux")
    folder.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
        capture_output=True,
    )
    if mounted.returncode != 0:
        pytest.skip("mounting a tmpfs is not permitted here: " + mounted.stderr.decode()[:200])
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def test_disk_full_exits_8_and_vault_intact(
    vault_template: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    with small_tmpfs(tmp_path / "disk", "600k") as disk:
        vault = disk / "vault.pairdesk"
        shutil.copyfile(vault_template, vault)
        code, _ = run(
            "--lang",
            "en",
            "demo-data",
            "--vault",
            str(vault),
            "--participants",
            "200",
            monkeypatch=monkeypatch,
        )
        assert code == 8
        assert "disk is full" in capsys.readouterr().err
        assert participants(vault) == 0  # intact and unchanged: all-or-nothing


def test_read_only_medium_exits_8_and_vault_intact(
    vault_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with small_tmpfs(tmp_path / "ro", "2m") as disk:
        vault = disk / "vault.pairdesk"
        shutil.copyfile(vault_template, vault)
        before = digest(vault)
        subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
        code, _ = run(
            "demo-data", "--vault", str(vault), "--participants", "3", monkeypatch=monkeypatch
        )
        assert code == 8
        assert digest(vault) == before


FSIZE_CHILD = """
import resource, signal, sys
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # writes beyond the limit fail with EFBIG
limit = int(sys.argv[1])
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
from pairdesk.cli import main
sys.exit(main(sys.argv[2:]))
"""


def test_file_size_limit_exits_8_and_vault_intact(vault_path: Path, tmp_path: Path) -> None:
    """Works without root: RLIMIT_FSIZE makes every write past the limit fail (EFBIG)."""
    env = dict(os.environ, PAIRDESK_PASSPHRASE=PASSPHRASE, PAIRDESK_LANG="en")
    limit = 64 * 1024  # the write-ahead log starts empty: it cannot grow past 64 KiB
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            FSIZE_CHILD,
            str(limit),
            "demo-data",
            "--vault",
            str(vault_path),
            "--participants",
            "200",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 8, done.stderr
    assert "Traceback" not in done.stderr
    assert participants(vault_path) == 0


def test_backups_lists_each_vaults_own_manual_and_automatic_backups(
    vault_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two vaults, one backups folder: each lists its own and nothing else."""
    import datetime as dt

    from pairdesk import paths
    from pairdesk.services import backups

    second = tmp_path / "erables.pairdesk"
    shutil.copyfile(vault_path, second)
    made = {}
    for path in (vault_path, second):
        code, out = run("backup", "--vault", str(path), monkeypatch=monkeypatch)
        assert code == 0, out
        made[path] = Path(out.strip())
        assert made[path].parent == paths.backups_dir()
        assert made[path].name.startswith(path.stem + "-")
        assert made[path].name.endswith("-manual.pairdesk")
    with open_vault(second, PASSPHRASE) as vault:
        automatic = backups.auto_backup(vault, now=dt.datetime(2026, 11, 20, 18, 0))
    assert automatic is not None
    for path, own in ((vault_path, {made[vault_path]}), (second, {made[second], automatic})):
        code, out = run("--lang", "en", "backups", "--vault", str(path), monkeypatch=monkeypatch)
        assert code == 0, out
        listed = {Path(line.split()[-1]) for line in out.splitlines() if ".pairdesk" in line}
        assert listed == own, out
    assert "manual backup" in out


def test_backups_of_a_vault_that_does_not_open_are_found_by_its_name(
    vault_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = run("backup", "--vault", str(vault_path), monkeypatch=monkeypatch)
    assert code == 0
    made = Path(out.strip())
    code, out = run(
        "--lang",
        "en",
        "backups",
        "--vault",
        str(vault_path),
        monkeypatch=monkeypatch,
        passphrase="not the passphrase",
    )
    assert code == 0 and str(made) in out
    assert "recognised by the file name vault only" in capsys.readouterr().err


def test_a_backup_to_a_full_disk_names_the_copy_not_the_vault(
    vault_template: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """« The vault could not be written » sent a tester looking for a problem with the
    vault, when the USB stick of the backup was full."""
    vault = tmp_path / "vault.pairdesk"
    shutil.copyfile(vault_template, vault)
    code, _ = run(
        "demo-data", "--vault", str(vault), "--participants", "40", monkeypatch=monkeypatch
    )
    assert code == 0
    with small_tmpfs(tmp_path / "stick", "64k") as stick:
        code, _ = run(
            "--lang", "en", "backup", "--vault", str(vault), "--to", str(stick),
            "--operator", "1", monkeypatch=monkeypatch,
        )  # fmt: skip
        assert code == 8
        err = capsys.readouterr().err
        assert "The copy" in err and "The vault itself was not changed" in err
    assert participants(vault) == 40

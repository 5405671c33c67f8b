"""Every failure has its exit code and a French message; files pairdesk writes are the
owner's only; ``init`` leaves nothing half-made; output closed early ends quietly.

Root ignores file permissions, so the "read-only" cases run the command in a forked child
that has become ``nobody`` (skipped when the tests do not run as root), and the full-disk
cases use ``RLIMIT_FSIZE`` (always) or a tiny tmpfs (root only).
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import stat
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlcipher3

from pairdesk.cli import main
from pairdesk.store.vault import sql_literal
from tests.factories import run_cli

PASSPHRASE = "correct horse ’ battery é"  # the same as tests/conftest.py
POSIX = os.name == "posix"
NOBODY = 65534


def run(
    *args: str, monkeypatch: pytest.MonkeyPatch, passphrase: str | None = PASSPHRASE
) -> tuple[int, str]:
    return run_cli(monkeypatch, *args, passphrase=passphrase)


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.pairdesk"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PAIRDESK_HOME", str(tmp_path_factory.mktemp("home")))
        mp.setenv("PAIRDESK_PASSPHRASE", PASSPHRASE)
        assert main(["init", "--vault", str(path), "--association", "GEM"], out=io.StringIO()) == 0
        args = ["demo-data", "--vault", str(path), "--participants", "8", "--today", "2026-11-25"]
        mp.setenv("PAIRDESK_PASSPHRASE", PASSPHRASE)  # removed from the environment once read
        assert main(args, out=io.StringIO()) == 0
    return path


@pytest.fixture
def demo_vault(demo_template: Path, tmp_path: Path) -> Path:
    path = tmp_path / "demo.pairdesk"
    shutil.copyfile(demo_template, path)
    return path


def raw_sql(path: Path, *statements: str) -> None:
    conn = sqlcipher3.dbapi2.connect(str(path), isolation_level=None)
    try:
        conn.execute(f"PRAGMA key = {sql_literal(PASSPHRASE)}")
        for sql in statements:
            conn.execute(sql)
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def umask_022() -> Iterator[None]:
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


# -- a damaged schema version exits 4 -------------------------------------------------------


@pytest.mark.parametrize(
    "damage", ["DELETE FROM alembic_version", "DROP TABLE alembic_version"], ids=["empty", "gone"]
)
def test_lost_schema_version_is_damage(
    vault_path: Path,
    damage: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    raw_sql(vault_path, damage)
    before = vault_path.read_bytes()
    code, out = run("check", "--vault", str(vault_path), monkeypatch=monkeypatch)
    assert code == 4
    assert "ÉCHEC" in out and "OK (" not in out
    assert "endommagé" in out
    code, _ = run("participants", "--vault", str(vault_path), monkeypatch=monkeypatch)
    assert code == 4
    err = capsys.readouterr().err
    assert "endommagé" in err and "inattendue" not in err
    assert vault_path.read_bytes() == before  # nothing was "upgraded" over it


# -- passphrases: blank or NUL refused with 7 ------------------------------------------------


@pytest.mark.parametrize("secret", ["   ", "\t \u00a0", "avec\x00nul"], ids=["spaces", "ws", "nul"])
def test_init_refuses_blank_or_nul_passphrase(
    tmp_path: Path,
    secret: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    file = tmp_path / "secret.txt"
    file.write_bytes(secret.encode("utf-8"))
    target = tmp_path / "v.pairdesk"
    code, _ = run(
        "init",
        "--vault",
        str(target),
        "--association",
        "GEM",
        "--passphrase-file",
        str(file),
        monkeypatch=monkeypatch,
        passphrase=None,
    )
    assert code == 7
    assert "inattendue" not in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == [file]


@pytest.mark.parametrize("secret", ["   ", "a\x00b"], ids=["blank", "nul"])
def test_passphrase_refuses_blank_or_nul_new_one(
    vault_path: Path, tmp_path: Path, secret: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    new = tmp_path / "new.txt"
    new.write_bytes(secret.encode("utf-8"))
    before = vault_path.read_bytes()
    code, _ = run(
        "passphrase",
        "--vault",
        str(vault_path),
        "--new-passphrase-file",
        str(new),
        monkeypatch=monkeypatch,
    )
    assert code == 7
    assert vault_path.read_bytes() == before


# -- a new passphrase needs 12 characters: 7; opening never checks the length ------------


@pytest.mark.parametrize("secret", ["demo", "onze carac."], ids=["4", "11"])
def test_init_refuses_a_passphrase_under_12_characters(
    tmp_path: Path,
    secret: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    target = tmp_path / "v.pairdesk"
    code, _ = run(
        "init",
        "--vault",
        str(target),
        "--association",
        "GEM",
        monkeypatch=monkeypatch,
        passphrase=secret,
    )
    assert code == 7
    err = capsys.readouterr().err
    assert "12" in err and "inattendue" not in err
    assert list(tmp_path.iterdir()) == []


def test_init_counts_characters_as_a_person_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 12 characters once NFC: "e" + combining acute counts as one "é".
    decomposed = "cle\u0301 de l'ete\u0301"
    assert len(decomposed) == 14
    target = tmp_path / "v.pairdesk"
    code, _ = run(
        "init",
        "--vault",
        str(target),
        "--association",
        "GEM",
        monkeypatch=monkeypatch,
        passphrase=decomposed,
    )
    assert code == 0
    code, _ = run(
        "init",
        "--vault",
        str(tmp_path / "w.pairdesk"),
        "--association",
        "GEM",
        monkeypatch=monkeypatch,
        passphrase="cle\u0301 de l'e\u0301t",
    )
    assert code == 7  # 11 characters, although 12 code points


def test_passphrase_refuses_a_new_one_under_12_characters(
    vault_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    new = tmp_path / "new.txt"
    new.write_text("trop court\n", encoding="utf-8")
    before = vault_path.read_bytes()
    code, _ = run(
        "passphrase",
        "--vault",
        str(vault_path),
        "--new-passphrase-file",
        str(new),
        monkeypatch=monkeypatch,
    )
    assert code == 7
    assert "12" in capsys.readouterr().err
    assert vault_path.read_bytes() == before
    assert run("check", "--vault", str(vault_path), monkeypatch=monkeypatch)[0] == 0


def test_a_vault_with_a_short_passphrase_still_opens(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The demo's "demo", or a vault made before the rule: opening never checks length."""
    from pairdesk.store.vault import create_vault

    path = tmp_path / "old.pairdesk"
    create_vault(path, "demo", association_name="GEM").close()
    code, _ = run("check", "--vault", str(path), monkeypatch=monkeypatch, passphrase="demo")
    assert code == 0


# -- read-only vault, full disk: 8 -----------------------------------------------------------


def _preload() -> None:
    """Import what the commands load lazily: ``nobody`` cannot read the interpreter's tree.
    Codecs too: a CSV's "utf-8-sig" is imported on its first use (these tests passed only
    when an earlier test in the same worker had written a CSV)."""
    import codecs
    import getpass  # noqa: F401
    import logging.handlers  # noqa: F401

    import alembic.runtime.migration
    import alembic.script  # noqa: F401
    import sqlalchemy.dialects.sqlite  # noqa: F401

    import pairdesk.cli.data
    import pairdesk.cli.privacy
    import pairdesk.cli.reports
    import pairdesk.cli.trust
    import pairdesk.reports.forms
    import pairdesk.services.backups
    import pairdesk.services.exports
    import pairdesk.store.migrations
    import pairdesk.store.rekey  # noqa: F401

    for codec in ("utf-8-sig", "cp1252", "latin-1"):
        codecs.lookup(codec)


@pytest.fixture
def shared_dir() -> Iterator[Path]:
    """A folder ``nobody`` can reach (the test's tmp_path is root's alone)."""
    if not POSIX or os.geteuid() != 0:
        pytest.skip("needs root to run a command as another user")
    folder = Path(tempfile.mkdtemp(prefix="pairdesk-test-", dir="/tmp"))
    folder.chmod(0o777)
    (folder / "home").mkdir(mode=0o777)
    (folder / "home").chmod(0o777)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def run_as_nobody(args: list[str], home: Path) -> tuple[int, str]:
    """Run ``main(args)`` in a forked child that is ``nobody``; return (exit code, stderr)."""
    _preload()
    with tempfile.TemporaryFile() as err:
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child
            code = 99
            try:
                os.dup2(err.fileno(), 2)
                sys.stderr = open(2, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
                os.setgid(NOBODY)
                os.setuid(NOBODY)
                os.environ["PAIRDESK_HOME"] = str(home)
                os.environ["PAIRDESK_PASSPHRASE"] = PASSPHRASE
                code = main(args, out=io.StringIO())
                sys.stderr.flush()
            finally:
                os._exit(code)
        _, status = os.waitpid(pid, 0)
        err.seek(0)
        return os.waitstatus_to_exitcode(status), err.read().decode("utf-8", "replace")


def test_passphrase_on_a_read_only_vault_file_exits_8(
    vault_template: Path, shared_dir: Path
) -> None:
    vault = shared_dir / "vault.pairdesk"
    shutil.copyfile(vault_template, vault)
    os.chown(vault, NOBODY, NOBODY)
    vault.chmod(0o444)
    new = shared_dir / "new.txt"
    new.write_text("une toute nouvelle phrase\n", encoding="utf-8")
    new.chmod(0o644)
    before = vault.read_bytes()
    args = ["passphrase", "--vault", str(vault), "--new-passphrase-file", str(new)]
    code, err = run_as_nobody(args, shared_dir / "home")
    assert code == 8, err
    assert "lecture seule" in err and "inattendue" not in err
    assert vault.read_bytes() == before
    assert sorted(p.name for p in shared_dir.iterdir()) == ["home", "new.txt", "vault.pairdesk"]


def test_passphrase_on_an_immutable_vault_file_exits_8(
    vault_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if shutil.which("chattr") is None or not POSIX or os.geteuid() != 0:
        pytest.skip("chattr +i needs root")
    if subprocess.run(["chattr", "+i", str(vault_path)], capture_output=True).returncode:
        pytest.skip("this file system has no immutable flag")
    try:
        new = tmp_path / "new.txt"
        new.write_text("une toute nouvelle phrase\n", encoding="utf-8")
        code, _ = run(
            "passphrase",
            "--vault",
            str(vault_path),
            "--new-passphrase-file",
            str(new),
            monkeypatch=monkeypatch,
        )
    finally:
        subprocess.run(["chattr", "-i", str(vault_path)], check=False)
    assert code == 8
    assert not list(tmp_path.glob("vault.pairdesk.*"))  # no .rekey-new left behind


FSIZE_CHILD = """
import resource, signal, sys
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # writes beyond the limit fail with EFBIG
limit = int(sys.argv[1])
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
from pairdesk.cli import main
sys.exit(main(sys.argv[2:]))
"""


@pytest.mark.skipif(not POSIX, reason="RLIMIT_FSIZE is POSIX")
def test_init_on_a_full_disk_exits_8_and_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Always runs: RLIMIT_FSIZE makes every write past 16 KiB fail as a full disk would."""
    target = tmp_path / "v.pairdesk"
    env = dict(os.environ, PAIRDESK_PASSPHRASE=PASSPHRASE, PAIRDESK_LANG="fr")
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            FSIZE_CHILD,
            str(16 * 1024),
            "init",
            "--vault",
            str(target),
            "--association",
            "GEM",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 8, done.stderr
    assert "Traceback" not in done.stderr and "inattendue" not in done.stderr
    assert list(tmp_path.iterdir()) == []
    code, _ = run("init", "--vault", str(target), "--association", "GEM", monkeypatch=monkeypatch)
    assert code == 0


@contextlib.contextmanager
def small_tmpfs(folder: Path, size: str) -> Iterator[Path]:
    if not sys.platform.startswith("linux") or os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root on Linux")
    folder.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip("mounting a tmpfs is not permitted here")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def test_init_on_a_tiny_tmpfs_exits_8_and_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with small_tmpfs(tmp_path / "disk", "64k") as disk:
        target = disk / "v.pairdesk"
        code, _ = run(
            "init", "--vault", str(target), "--association", "GEM", monkeypatch=monkeypatch
        )
        assert code == 8
        assert "plein" in capsys.readouterr().err
        assert list(disk.iterdir()) == []


def test_killed_init_leaves_nothing_that_blocks_the_next(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An init that dies half-way (here: the migrations raise) leaves no file at the vault's
    name; a stale temporary file from an earlier killed init does not block the next one."""
    from pairdesk.store import migrations

    target = tmp_path / "v.pairdesk"

    def killed(*_args: object, **_kw: object) -> None:
        raise KeyboardInterrupt

    with monkeypatch.context() as mp:
        mp.setattr(migrations, "upgrade", killed)
        code, _ = run(
            "init", "--vault", str(target), "--association", "GEM", monkeypatch=monkeypatch
        )
    assert code == 130
    assert not target.exists()
    # what a SIGKILL would leave: the temporary file and its journal
    (tmp_path / "v.pairdesk.init-new").write_bytes(b"\0" * 4096)
    (tmp_path / "v.pairdesk.init-new-wal").write_bytes(b"x")
    code, _ = run("init", "--vault", str(target), "--association", "GEM", monkeypatch=monkeypatch)
    assert code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["v.pairdesk"]
    code, out = run("check", "--vault", str(target), monkeypatch=monkeypatch)
    assert code == 0, out


# -- output files: missing folder, a folder, a read-only folder ------------------------------


def _output_commands(vault: Path, out: Path) -> dict[str, list[str]]:
    common = ["--vault", str(vault), "--operator", "1"]
    return {
        "report": ["report", "form", "satisfaction", "--out", str(out.with_suffix(".pdf"))],
        "report-summary": [
            "report",
            "summary",
            "--participant",
            "1",
            *common,
            "--out",
            str(out.with_suffix(".pdf")),
        ],
        "export": ["export", "participants", *common, "--out", str(out.with_suffix(".csv"))],
        "export-xlsx": ["export", "offers", *common, "--out", str(out.with_suffix(".xlsx"))],
        "calendar": ["calendar", "--upcoming", *common, "--out", str(out.with_suffix(".ics"))],
        "privacy": [
            "privacy",
            "export",
            "--participant",
            "1",
            *common,
            "--out",
            str(out.with_suffix(".json")),
        ],
        "privacy-pdf": [
            "privacy",
            "export",
            "--participant",
            "1",
            *common,
            "--pdf",
            str(out.with_suffix(".pdf")),
        ],
    }


COMMANDS = list(_output_commands(Path("v"), Path("o")))


@pytest.mark.parametrize("command", COMMANDS)
def test_output_into_a_missing_folder_exits_7(
    demo_vault: Path,
    tmp_path: Path,
    command: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    missing = tmp_path / "nowhere" / "out"
    args = _output_commands(demo_vault, missing)[command]
    code, _ = run(*args, monkeypatch=monkeypatch)
    err = capsys.readouterr().err
    assert code == 7, err
    assert "dossier" in err and "n'existe pas" in err
    assert "Error" not in err and "inattendue" not in err
    assert not (tmp_path / "nowhere").exists()


@pytest.mark.parametrize("command", COMMANDS)
def test_output_onto_a_folder_exits_7(
    demo_vault: Path,
    tmp_path: Path,
    command: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    target = tmp_path / "out"
    args = _output_commands(demo_vault, target)[command]
    for suffix in (".pdf", ".csv", ".xlsx", ".ics", ".json"):
        target.with_suffix(suffix).mkdir()
    code, _ = run(*args, monkeypatch=monkeypatch)
    err = capsys.readouterr().err
    assert code == 7, err
    assert "est un dossier" in err and "inattendue" not in err
    code, _ = run(*args, "--force", monkeypatch=monkeypatch)
    err = capsys.readouterr().err
    assert code == 7, err
    assert "est un dossier" in err


@pytest.mark.parametrize("command", ["report", "export", "calendar", "privacy", "privacy-pdf"])
def test_output_into_a_read_only_folder_exits_8(
    demo_template: Path, shared_dir: Path, command: str
) -> None:
    vault = shared_dir / "demo.pairdesk"
    shutil.copyfile(demo_template, vault)
    os.chown(vault, NOBODY, NOBODY)
    locked = shared_dir / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    args = _output_commands(vault, locked / "out")[command]
    code, err = run_as_nobody(args, shared_dir / "home")
    assert code == 8, err
    assert "ne peut pas être écrit" in err and "inattendue" not in err
    assert list(locked.iterdir()) == []


# -- restore: the user's file, exit 7 when there is none -------------------------------------


def test_restore_of_a_missing_file_or_a_folder_exits_7(
    vault_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = vault_path.read_bytes()
    for given in (tmp_path / "absent.pairdesk", tmp_path):
        code, _ = run("restore", str(given), "--vault", str(vault_path), monkeypatch=monkeypatch)
        assert code == 7
    assert vault_path.read_bytes() == before


@pytest.mark.parametrize(
    "content",
    [b"", b"SQLite format 3\x00" + b"\0" * 5000, b"\x07" * 1000],
    ids=["empty", "plain-sqlite", "short"],
)
def test_restore_messages_name_the_users_file(
    vault_path: Path,
    tmp_path: Path,
    content: bytes,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    backup = tmp_path / "ma-sauvegarde.pairdesk"
    backup.write_bytes(content)
    code, _ = run("restore", str(backup), "--vault", str(vault_path), monkeypatch=monkeypatch)
    assert code == 3
    err = capsys.readouterr().err
    assert str(backup) in err
    assert ".partial" not in err


# -- files are the owner's only --------------------------------------------------------------


@pytest.mark.skipif(not POSIX, reason="POSIX permissions")
def test_every_file_written_is_the_owners_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, umask_022: None
) -> None:
    vault = tmp_path / "v.pairdesk"
    assert run("init", "--vault", str(vault), "--association", "G", monkeypatch=monkeypatch)[0] == 0
    assert mode(vault) == 0o600
    code, _ = run(
        "demo-data", "--vault", str(vault), "--participants", "5", monkeypatch=monkeypatch
    )
    assert code == 0
    # The vault has a team now: every later command names who acts (here for scripts).
    monkeypatch.setenv("PAIRDESK_OPERATOR", "1")
    for journal in (Path(str(vault) + "-wal"), Path(str(vault) + "-shm")):
        if journal.exists():
            assert mode(journal) == 0o600, journal
    written: list[Path] = []
    out = tmp_path / "out"
    for args in _output_commands(vault, out).values():
        code, _ = run(*args, "--force", monkeypatch=monkeypatch)
        assert code == 0, args
        written.append(Path(args[args.index("--out" if "--out" in args else "--pdf") + 1]))
    code, printed = run(
        "backup", "--vault", str(vault), "--to", str(tmp_path / "bk"), monkeypatch=monkeypatch
    )
    assert code == 0
    backup = Path(printed.strip())
    written.append(backup)
    for path in written:
        assert mode(path) == 0o600, path
    new = tmp_path / "new.txt"
    new.write_text("une toute nouvelle phrase\n", encoding="utf-8")
    vault.chmod(0o644)  # a vault made by an older pairdesk
    code, _ = run(
        "passphrase",
        "--vault",
        str(vault),
        "--operator",
        "1",
        "--new-passphrase-file",
        str(new),
        monkeypatch=monkeypatch,
    )
    assert code == 0
    assert mode(vault) == 0o600
    vault.chmod(0o644)
    code, _ = run(
        "restore", str(backup), "--vault", str(vault), "--operator", "1", monkeypatch=monkeypatch
    )
    assert code == 0
    assert mode(vault) == 0o600
    kept = list((tmp_path / "home").glob("**/*before-restore*.pairdesk"))
    for path in kept:
        assert mode(path) == 0o600, path


# -- demo-data on a vault with real records --------------------------------------------------


def test_demo_data_refuses_real_records_unless_forced(
    vault_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from pairdesk.services.context import ServiceContext, first_coordinator
    from pairdesk.services.participants import ParticipantInput, create_participant
    from pairdesk.store.vault import open_vault

    with open_vault(vault_path, PASSPHRASE) as v:
        ctx = ServiceContext(v)
        ctx = ctx.with_operator(first_coordinator(ctx))
        create_participant(ctx, ParticipantInput(first_name="Inès", last_name="Réelle"))
    before = vault_path.read_bytes()
    args = ("demo-data", "--vault", str(vault_path), "--participants", "4")
    code, _ = run(*args, monkeypatch=monkeypatch)
    err = capsys.readouterr().err
    assert code == 7
    assert "--force" in err and "4" in err and "1 personne" in err
    assert vault_path.read_bytes() == before
    code, out = run(*args, "--force", monkeypatch=monkeypatch)
    assert code == 0, capsys.readouterr().err
    assert "4" in out


def test_demo_data_again_on_a_demo_vault_is_allowed(
    demo_vault: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, _ = run(
        "demo-data",
        "--vault",
        str(demo_vault),
        "--operator",
        "1",
        "--participants",
        "3",
        "--seed",
        "9",
        monkeypatch=monkeypatch,
    )
    assert code == 0


# -- output closed early ---------------------------------------------------------------------


class ClosedPipe(io.StringIO):
    def write(self, text: str) -> int:
        raise BrokenPipeError(32, "Broken pipe")


def test_output_closed_early_is_quiet_in_process(
    demo_vault: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PAIRDESK_PASSPHRASE", PASSPHRASE)
    args = ["indicators", "--vault", str(demo_vault), "--operator", "1"]
    code = main([*args, "--from", "2026-01-01", "--to", "2026-11-25"], out=ClosedPipe())
    assert code in (0, 141)
    assert capsys.readouterr().err == ""


@pytest.mark.skipif(not POSIX, reason="pipes as on POSIX")
def test_output_closed_early_is_quiet_in_a_real_pipe(demo_vault: Path) -> None:
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader (``head``) is already gone
    env = dict(os.environ, PAIRDESK_PASSPHRASE=PASSPHRASE)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pairdesk",
            "indicators",
            "--vault",
            str(demo_vault),
            "--operator",
            "1",
            "--from",
            "2026-01-01",
            "--to",
            "2026-11-25",
        ],
        stdout=write_end,
        stderr=subprocess.PIPE,
        env=env,
        timeout=120,
    )
    os.close(write_end)
    assert done.returncode in (0, 141)
    assert done.stderr == b""


def test_hostile_inputs_are_refused_in_french_not_crashes(
    demo_vault: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A tester's finding: each of these ended in "an unexpected error" (exit 1)."""
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000)  # RecursionError in json.loads
    code, _out = run(
        "pool", "merge", str(deep), "--out", str(tmp_path / "r.json"), monkeypatch=monkeypatch
    )
    assert code == 7

    a_file = tmp_path / "not-a-folder"
    a_file.write_text("x")  # FileExistsError when the backup folder was made
    code, _out = run(
        "backup",
        "--vault",
        str(demo_vault),
        "--operator",
        "1",
        "--to",
        str(a_file),
        monkeypatch=monkeypatch,
    )
    assert code == 7 and a_file.read_text() == "x"


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero on this system")
def test_an_endless_file_is_refused_without_reading_it_all(
    demo_vault: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A device says its size is 0: /dev/zero was read until the memory ran out (2.7 GB)."""
    code, _out = run(
        "import",
        "participants",
        "/dev/zero",
        "--dry-run",
        "--vault",
        str(demo_vault),
        "--operator",
        "1",
        monkeypatch=monkeypatch,
    )
    assert code == 7
    code, _out = run(
        "--vault",
        str(demo_vault),
        "--passphrase-file",
        "/dev/zero",
        "check",
        monkeypatch=monkeypatch,
        passphrase=None,
    )
    assert code == 2

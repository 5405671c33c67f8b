"""Files pairdesk writes: owner-only, atomic, and failures as French UserErrors."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from pairdesk.errors import DiskError, ExitCode, InvalidInput
from pairdesk.store import files
from pairdesk.store.files import create_owner_only, write_output_file
from pairdesk.store.vault import open_vault

POSIX = os.name == "posix"


@pytest.fixture(autouse=True)
def permissive_umask() -> Iterator[None]:
    old = os.umask(0o002)  # the most permissive umask a desktop session commonly has
    try:
        yield
    finally:
        os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.skipif(not POSIX, reason="POSIX permissions")
def test_output_file_is_owner_only_and_replaced_whole(tmp_path: Path) -> None:
    target = tmp_path / "liste.csv"
    write_output_file(target, b"a;b\r\n", overwrite=False)
    assert target.read_bytes() == b"a;b\r\n" and mode(target) == 0o600
    target.chmod(0o644)
    write_output_file(target, b"c;d\r\n", overwrite=True)
    assert target.read_bytes() == b"c;d\r\n" and mode(target) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["liste.csv"]


def test_output_file_refusals_are_exit_7(tmp_path: Path) -> None:
    existing = tmp_path / "a.pdf"
    existing.write_bytes(b"old")
    cases = [existing, tmp_path, tmp_path / "absent" / "b.pdf"]
    for target in cases:
        with pytest.raises(InvalidInput) as caught:
            write_output_file(target, b"new", overwrite=target != existing)
        assert caught.value.exit_code == ExitCode.INVALID_INPUT
    with pytest.raises(InvalidInput, match="existe déjà"):
        write_output_file(existing, b"new", overwrite=False)
    assert existing.read_bytes() == b"old"


def test_a_failed_write_is_exit_8_and_leaves_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files.os, "fsync", full)
    target = tmp_path / "doc.pdf"
    with pytest.raises(DiskError, match="plein") as caught:
        write_output_file(target, b"%PDF", overwrite=False)
    assert caught.value.exit_code == ExitCode.DISK
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(not POSIX, reason="POSIX permissions")
def test_vault_journal_inherits_owner_only(tmp_path: Path, passphrase: str) -> None:
    """SQLite gives -wal and -shm the database file's mode: an owner-only vault file is enough."""
    from pairdesk.store.vault import create_vault

    path = tmp_path / "v.pairdesk"
    create_vault(path, passphrase, association_name="GEM").close()
    assert mode(path) == 0o600
    with open_vault(path, passphrase) as vault, vault.transaction():
        for suffix in ("-wal", "-shm"):
            journal = Path(str(path) + suffix)
            assert journal.exists() and mode(journal) == 0o600, suffix


def test_create_owner_only_never_overwrites(tmp_path: Path) -> None:
    target = tmp_path / "x"
    create_owner_only(target)
    with pytest.raises(FileExistsError):
        create_owner_only(target)


def test_several_files_are_written_all_or_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A person's data export (JSON and PDF) onto a nearly full USB stick: the PDF failed,
    the JSON stayed, in clear, while the message said "Nothing was written"."""
    kept = tmp_path / "droits.json"
    kept.write_bytes(b"the export of last week")
    pdf = tmp_path / "droits.pdf"
    real = files._write_beside
    calls: list[Path] = []

    def full_at_the_pdf(path: Path, data: bytes) -> str:
        calls.append(path)
        if path == pdf:
            raise OSError(28, "No space left on device")  # ENOSPC
        return real(path, data)

    monkeypatch.setattr(files, "_write_beside", full_at_the_pdf)
    with pytest.raises(DiskError) as caught:
        files.write_output_files([(kept, b"{}"), (pdf, b"%PDF")], overwrite=True)
    assert str(pdf) in caught.value.message
    assert calls == [kept, pdf]
    assert kept.read_bytes() == b"the export of last week"  # not replaced
    assert not pdf.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["droits.json"]  # no .part left

    monkeypatch.setattr(files, "_write_beside", real)
    assert files.write_output_files([(kept, b"{}"), (pdf, b"%PDF")], overwrite=True) == [
        kept,
        pdf,
    ]
    assert (kept.read_bytes(), pdf.read_bytes()) == (b"{}", b"%PDF")

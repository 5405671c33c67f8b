"""One pairdesk per vault: the OS lock beside the vault, read-only opening, and the file
operations (restore, passphrase change) that hold the lock while they replace the file."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from pairdesk.domain.enums import Role
from pairdesk.errors import CannotUnlock, ExitCode, VaultInUse
from pairdesk.services import backups
from pairdesk.services.context import Operator, ServiceContext
from pairdesk.services.team import TeamMemberInput, create_member
from pairdesk.store import rekey
from pairdesk.store.models import Setting, TeamMember
from pairdesk.store.vault import open_vault
from pairdesk.store.vault_lock import (
    LockHolder,
    VaultLock,
    is_locked,
    lock_path,
    read_holder,
)

PASSPHRASE = "correct horse ’ battery é"  # tests/conftest.py


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_lock_file_beside_the_vault_and_exit_code() -> None:
    assert lock_path(Path("/x/GEM.pairdesk")) == Path("/x/GEM.pairdesk.lock")
    assert VaultInUse("x").exit_code == ExitCode.VAULT_IN_USE == 9


def test_two_locks_in_one_process_conflict(tmp_path: Path) -> None:
    """flock belongs to the open file description: a second open in the same process
    conflicts (fcntl.lockf would not)."""
    vault_path = tmp_path / "v.pairdesk"
    first = VaultLock.acquire(vault_path, member_id=4)
    try:
        with pytest.raises(VaultInUse) as caught:
            VaultLock.acquire(vault_path)
        assert caught.value.exit_code == ExitCode.VAULT_IN_USE
        assert is_locked(vault_path)
        holder = read_holder(vault_path)
        assert holder is not None
        assert (holder.member_id, holder.pid) == (4, os.getpid())
        assert holder.computer
        assert holder.since is not None
    finally:
        first.release()
    assert not is_locked(vault_path)
    assert not lock_path(vault_path).exists()  # nothing stale left behind
    VaultLock.acquire(vault_path).release()


def test_lock_file_holds_ids_not_names(vault_path: Path) -> None:
    vault = open_vault(vault_path, PASSPHRASE)
    try:
        ctx = ServiceContext(vault, Operator(id=None, name="Test", role=Role.COORDINATOR))
        member = create_member(
            ctx,
            TeamMemberInput(first_name="Zéphyrine", last_name="Quenouille", role=Role.VOLUNTEER),
        )
        ServiceContext(vault, Operator(member.id, "Zéphyrine Quenouille", Role.VOLUNTEER))
        raw = lock_path(vault_path).read_text("utf-8")
        data = json.loads(raw)
        assert data["member_id"] == member.id
        assert data["pid"] == os.getpid()
        assert "Zéphyrine" not in raw and "Quenouille" not in raw
        # A second open with the passphrase names the member, read-only, and changes nothing.
        before = digest(vault_path)
        with pytest.raises(VaultInUse) as caught:
            open_vault(vault_path, PASSPHRASE)
        assert "Zéphyrine Quenouille" in caught.value.message
        assert digest(vault_path) == before
        # Without the passphrase nobody learns the name; a wrong one is said as such.
        with pytest.raises(CannotUnlock):
            open_vault(vault_path, "wrong passphrase")
    finally:
        vault.close()
    assert not lock_path(vault_path).exists()
    open_vault(vault_path, PASSPHRASE).close()  # free again


def test_holder_information_round_trip() -> None:
    holder = LockHolder(3, "poste-accueil", 1234, dt.datetime(2026, 11, 25, 9, 30))
    assert LockHolder.from_json(holder.to_json()) == holder
    assert LockHolder.from_json("not json") is None
    assert LockHolder.from_json("") is None


def test_read_only_open_while_in_use_never_writes(vault_path: Path) -> None:
    holder = open_vault(vault_path, PASSPHRASE)
    try:
        with holder.transaction() as session:
            session.add(Setting(key="lock.test", value="written by the holder"))
        # The -shm is SQLite's shared memory (readers record their read marks there): every
        # reader writes it by design. The vault, its WAL and the lock file must not change.
        kept = ("vault.pairdesk", "vault.pairdesk-wal", "vault.pairdesk.lock")
        files_before = {name: digest(vault_path.parent / name) for name in kept}
        reader = open_vault(vault_path, PASSPHRASE, fallback_read_only=True)
        assert reader.read_only and reader.lock is None
        with reader.transaction() as session:  # sees the holder's committed write (WAL)
            assert session.get(Setting, "lock.test") is not None
            assert session.scalar(select(func.count(TeamMember.id))) == 0
        with pytest.raises(VaultInUse) as caught, reader.transaction() as session:
            session.add(Setting(key="lock.refused", value="x"))
        assert "read-only" in caught.value.message or "lecture seule" in caught.value.message
        with pytest.raises(VaultInUse):
            reader.export_copy(vault_path.parent / "copy.pairdesk")
        assert not (vault_path.parent / "copy.pairdesk").exists()
        reader.close()  # no checkpoint
        files_after = {name: digest(vault_path.parent / name) for name in kept}
        assert files_after == files_before
        assert is_locked(vault_path)  # the reader never touched the holder's lock
        # The holder goes on writing after the reader left.
        with holder.transaction() as session:
            session.add(Setting(key="lock.after", value="y"))
    finally:
        holder.close()
    with open_vault(vault_path, PASSPHRASE) as again, again.transaction() as session:
        assert session.get(Setting, "lock.after") is not None
        assert session.get(Setting, "lock.refused") is None


def test_restore_and_passphrase_change_refused_while_in_use(
    vault_path: Path, tmp_path: Path
) -> None:
    with open_vault(vault_path, PASSPHRASE) as vault:
        backup = vault.export_copy(tmp_path / "bk" / "backup.pairdesk")
        before = digest(vault_path)
        with pytest.raises(VaultInUse):
            backups.restore(backup, vault_path, PASSPHRASE, keep_folder=tmp_path / "kept")
        with pytest.raises(VaultInUse):
            rekey.change_passphrase(vault_path, PASSPHRASE, "une nouvelle phrase de passe")
        assert digest(vault_path) == before
        assert not (tmp_path / "kept").exists()
        assert rekey.leftover_files(vault_path) == []
        with vault.transaction() as session:  # the holder's vault still works
            session.add(Setting(key="still.here", value="1"))


def test_file_operations_hold_the_lock_while_replacing(
    vault_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with open_vault(vault_path, PASSPHRASE) as vault:
        backup = vault.export_copy(tmp_path / "backup.pairdesk")
    seen: list[bool] = []
    rekey.change_passphrase(
        vault_path,
        PASSPHRASE,
        "une nouvelle phrase de passe",
        on_step=lambda step: seen.append(is_locked(vault_path)),
    )
    assert seen and all(seen)
    assert not is_locked(vault_path)

    real_install = backups.install_vault_file
    during: list[bool] = []

    def install(source: Path, target: Path) -> None:
        during.append(is_locked(target))
        real_install(source, target)

    monkeypatch.setattr(backups, "install_vault_file", install)
    backups.restore(backup, vault_path, PASSPHRASE, keep_folder=tmp_path / "kept")
    assert during == [True]
    assert not lock_path(vault_path).exists()
    open_vault(vault_path, PASSPHRASE).close()  # the backup's passphrase again


HOLDER = """
import sys, time
from pairdesk.store.vault import open_vault
vault = open_vault(sys.argv[1], sys.argv[2])
print("ready", flush=True)
time.sleep(120)
"""


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_a_killed_holder_leaves_no_stale_lock(vault_path: Path) -> None:
    child = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(vault_path), PASSPHRASE],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "ready"
        with pytest.raises(VaultInUse) as caught:
            open_vault(vault_path, PASSPHRASE)
        assert str(child.pid) in caught.value.message
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert lock_path(vault_path).exists()  # the file stays, the lock does not
    assert not is_locked(vault_path)
    with open_vault(vault_path, PASSPHRASE) as vault:
        assert not vault.read_only

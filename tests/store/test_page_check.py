"""The page check in the background (issue 12): the window's vault is usable before the
HMAC check of every page is over; changes, backups and migrations wait for it; damage
found refuses them. The key is derived once for every connection."""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path
from typing import Any

import pytest
from alembic import command

from pairdesk import paths
from pairdesk.errors import VaultDamaged
from pairdesk.store import migrations
from pairdesk.store.models import Association
from pairdesk.store.vault import PageCheck, Vault, open_vault

PASSPHRASE = "correct horse ’ battery é"  # the same as tests/conftest.py


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def damage(path: Path) -> None:
    """One byte flipped after the first page: the key still opens the file."""
    data = bytearray(path.read_bytes())
    data[4096 * 3 + 200] ^= 0x55
    path.write_bytes(bytes(data))


def rename_association(vault: Vault, name: str) -> None:
    with vault.transaction() as session:
        session.get(Association, 1).name = name


def association_name(vault: Vault) -> str:
    with vault.transaction() as session:
        return str(session.get(Association, 1).name)


def test_an_intact_vault_opens_then_checks_in_the_background(vault_path: Path) -> None:
    vault = open_vault(vault_path, PASSPHRASE, background_check=True)
    try:
        check = vault.page_check
        assert check is not None
        assert association_name(vault) == "GEM Les Tilleuls"  # readable meanwhile
        rename_association(vault, "GEM Renamed")  # waits for the check, then writes
        assert check.done and not check.damaged
        results: list[bool] = []
        check.when_done(results.append)
        assert results == [False]
    finally:
        vault.close()
    with open_vault(vault_path, PASSPHRASE, verify=True) as again:
        assert association_name(again) == "GEM Renamed"


def test_the_key_is_derived_once_for_every_connection(
    vault_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pairdesk.store import vault as vault_module

    calls: list[int] = []
    real = hashlib.pbkdf2_hmac

    def counting(*args: Any, **kwargs: Any) -> bytes:
        calls.append(1)
        return real(*args, **kwargs)

    # the real derivation, not the tests' memoised one (conftest), counted
    monkeypatch.setattr(hashlib, "pbkdf2_hmac", counting)
    monkeypatch.setattr(vault_module, "derive_key", vault_module.derive_key.__wrapped__)
    vault = open_vault(vault_path, PASSPHRASE, background_check=True)
    try:
        vault.wait_for_page_check()
        # more connections than the pool keeps: each one keyed with the same raw key
        connections = [vault.engine.connect() for _ in range(4)]
        for conn in connections:
            assert conn.exec_driver_sql("SELECT count(*) FROM sqlite_master").scalar()
        for conn in connections:
            conn.close()
        assert vault._key_statement().startswith("PRAGMA key = \"x'")
    finally:
        vault.close()
    assert len(calls) == 1


def test_a_wrong_passphrase_is_still_refused(vault_path: Path) -> None:
    from pairdesk.errors import CannotUnlock

    before = digest(vault_path)
    with pytest.raises(CannotUnlock):
        open_vault(vault_path, "not the passphrase", background_check=True)
    assert digest(vault_path) == before


def test_a_change_waits_for_the_check(vault_path: Path) -> None:
    vault = open_vault(vault_path, PASSPHRASE)
    try:
        pending = PageCheck()  # a check not over yet
        vault.page_check = pending
        finished = threading.Event()
        errors: list[BaseException] = []

        def write() -> None:
            try:
                rename_association(vault, "GEM Waited")
            except BaseException as exc:
                errors.append(exc)
            finished.set()

        writer = threading.Thread(target=write)
        writer.start()
        assert association_name(vault) == "GEM Les Tilleuls"  # reading does not wait
        assert not finished.wait(0.3)  # still waiting for the check
        pending.finish(False)
        writer.join(30)
        assert finished.is_set() and errors == []
        assert association_name(vault) == "GEM Waited"
    finally:
        vault.close()


def test_a_change_waiting_when_damage_is_found_is_refused(vault_path: Path) -> None:
    vault = open_vault(vault_path, PASSPHRASE)
    try:
        pending = PageCheck()
        vault.page_check = pending
        errors: list[BaseException] = []

        def write() -> None:
            try:
                rename_association(vault, "GEM Never")
            except BaseException as exc:
                errors.append(exc)

        writer = threading.Thread(target=write)
        writer.start()
        pending.finish(True)
        writer.join(30)
        assert len(errors) == 1 and isinstance(errors[0], VaultDamaged)
        assert association_name(vault) == "GEM Les Tilleuls"
    finally:
        vault.close()


def test_damage_found_in_the_background_refuses_changes_and_backups(
    vault_path: Path, tmp_path: Path
) -> None:
    damage(vault_path)
    vault = open_vault(vault_path, PASSPHRASE, background_check=True)  # opens anyway
    try:
        check = vault.page_check
        assert check is not None
        check.wait()
        assert check.damaged
        told: list[bool] = []
        check.when_done(told.append)
        assert told == [True]
        with pytest.raises(VaultDamaged) as err:
            rename_association(vault, "GEM Never")
        assert "damaged" in err.value.message or "endommagé" in err.value.message
        with pytest.raises(VaultDamaged):
            vault.export_copy(tmp_path / "copy.pairdesk")
        assert not (tmp_path / "copy.pairdesk").exists()
    finally:
        vault.close()


def test_the_synchronous_opening_still_refuses_damage(vault_path: Path) -> None:
    """The command line's way (the default): damage refused at the door."""
    damage(vault_path)
    before = digest(vault_path)
    with pytest.raises(VaultDamaged):
        open_vault(vault_path, PASSPHRASE)
    assert digest(vault_path) == before


def test_a_migration_and_its_backup_wait_for_the_check(vault_path: Path) -> None:
    vault = open_vault(vault_path, PASSPHRASE)
    config = migrations._config()
    with vault.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "0001")
    vault.close()
    damage(vault_path)
    before = digest(vault_path)
    with pytest.raises(VaultDamaged):
        open_vault(vault_path, PASSPHRASE, background_check=True)
    assert digest(vault_path) == before  # not upgraded
    assert list(paths.backups_dir().glob("*before-upgrade*")) == []  # nor backed up


def test_an_older_intact_vault_is_upgraded_after_its_check(vault_path: Path) -> None:
    vault = open_vault(vault_path, PASSPHRASE)
    config = migrations._config()
    with vault.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "0001")
    vault.close()
    upgraded = open_vault(vault_path, PASSPHRASE, background_check=True)
    try:
        assert upgraded.page_check is not None and upgraded.page_check.done
        assert migrations.schema_state(upgraded).current == migrations.head_revision()
    finally:
        upgraded.close()

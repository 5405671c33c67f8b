"""The encrypted vault: what is on disk, what a wrong key or damage does, migrations."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import unicodedata
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import select, text

from pairdesk import paths
from pairdesk.errors import CannotUnlock, ExitCode, NewerVault, VaultDamaged
from pairdesk.store import migrations
from pairdesk.store.models import Association, Draft, Setting
from pairdesk.store.vault import Vault, create_vault, open_vault, sql_literal

PASSPHRASE = "correct horse ’ battery é"  # the same as tests/conftest.py


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_file_is_encrypted_and_not_sqlite(vault_path: Path) -> None:
    head = vault_path.read_bytes()[:16]
    assert head != b"SQLite format 3\x00"
    assert b"GEM Les Tilleuls" not in vault_path.read_bytes()


def test_pragmas_in_force(vault: Vault) -> None:
    with vault.connection() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        # SQLCipher 4 defaults, never weakened
        assert conn.exec_driver_sql("PRAGMA kdf_iter").scalar() == "256000"
        assert "SHA512" in conn.exec_driver_sql("PRAGMA cipher_kdf_algorithm").scalar()


def test_wrong_passphrase_leaves_every_byte(vault_path: Path) -> None:
    before = digest(vault_path)
    with pytest.raises(CannotUnlock) as err:
        open_vault(vault_path, "not the passphrase")
    assert err.value.exit_code == ExitCode.CANNOT_UNLOCK
    assert "phrase" in err.value.message
    assert digest(vault_path) == before


@pytest.mark.parametrize(
    "passphrase",
    [
        "l'été à Nîmes",
        "double \"quote\" and 'single'",
        "  spaces around  ",
        "émoji 😀🔐",
        "''",
        "ŁódźØ",
    ],
)
def test_passphrases_of_every_shape(tmp_path: Path, passphrase: str) -> None:
    path = tmp_path / "v.pairdesk"
    create_vault(path, passphrase, association_name="GEM").close()
    with open_vault(path, passphrase) as vault:
        with vault.transaction() as session:
            assert session.get(Association, 1).name == "GEM"
    with pytest.raises(CannotUnlock):
        open_vault(path, passphrase + "x")


def test_passphrase_is_nfc_normalised(tmp_path: Path) -> None:
    composed = unicodedata.normalize("NFC", "Hélène")
    decomposed = unicodedata.normalize("NFD", "Hélène")
    assert composed != decomposed
    path = tmp_path / "v.pairdesk"
    create_vault(path, decomposed, association_name="GEM").close()
    open_vault(path, composed).close()


def test_sql_literal_doubles_quotes() -> None:
    assert sql_literal("a'b") == "'a''b'"


def test_byte_flipped_after_first_page_is_damage(vault_path: Path) -> None:
    data = bytearray(vault_path.read_bytes())
    data[4096 * 3 + 200] ^= 0x55
    vault_path.write_bytes(bytes(data))
    before = digest(vault_path)
    with pytest.raises(VaultDamaged) as err:
        open_vault(vault_path, PASSPHRASE, verify=True)
    assert err.value.exit_code == ExitCode.DAMAGED
    assert digest(vault_path) == before


def test_first_page_damage_reads_as_cannot_unlock(vault_path: Path) -> None:
    data = bytearray(vault_path.read_bytes())
    data[100] ^= 0x55
    vault_path.write_bytes(bytes(data))
    with pytest.raises(CannotUnlock) as err:
        open_vault(vault_path, PASSPHRASE)
    assert "cannot be told apart" in err.value.message or "distingu" in err.value.message


@pytest.mark.parametrize(
    "kind", ["missing", "empty", "folder", "truncated", "plain_sqlite", "text"]
)
def test_not_a_vault(tmp_path: Path, vault_template: Path, kind: str) -> None:
    path = tmp_path / "x.pairdesk"
    if kind == "empty":
        path.write_bytes(b"")
    elif kind == "folder":
        path.mkdir()
    elif kind == "truncated":
        path.write_bytes(vault_template.read_bytes()[:3000])
    elif kind == "plain_sqlite":
        sqlite3.connect(path).execute("create table t(x)").connection.close()
    elif kind == "text":
        path.write_text("bonjour\n" * 1000)
    before = digest(path) if path.is_file() else None
    with pytest.raises(CannotUnlock):
        open_vault(path, PASSPHRASE)
    if before is not None:
        assert digest(path) == before


def test_create_refuses_to_overwrite(vault_path: Path) -> None:
    before = digest(vault_path)
    with pytest.raises(Exception, match="existe|exists"):
        create_vault(vault_path, "x", association_name="GEM")
    assert digest(vault_path) == before


def test_transaction_rolls_back_on_error(vault: Vault) -> None:
    with pytest.raises(RuntimeError), vault.transaction() as session:
        session.get(Association, 1).name = "Changed"
        session.flush()  # the UPDATE reaches SQLite before the failure
        raise RuntimeError("boom")
    with vault.transaction() as session:
        assert session.get(Association, 1).name == "GEM Les Tilleuls"


def test_nested_transactions_join(vault: Vault) -> None:
    with vault.transaction() as outer, vault.transaction() as inner:
        assert outer is inner


def test_export_copy_is_encrypted_verified_and_opens(vault: Vault, tmp_path: Path) -> None:
    destination = vault.export_copy(tmp_path / "backups" / "copy.pairdesk")
    assert destination.read_bytes()[:16] != b"SQLite format 3\x00"
    assert not list(tmp_path.glob("backups/*.partial"))
    with open_vault(destination, PASSPHRASE, verify=True) as copy:
        with copy.transaction() as session:
            assert session.get(Association, 1).name == "GEM Les Tilleuls"


def test_export_copy_with_new_passphrase(vault: Vault, tmp_path: Path) -> None:
    destination = vault.export_copy(tmp_path / "new.pairdesk", new_passphrase="nouvelle phrase")
    open_vault(destination, "nouvelle phrase").close()
    with pytest.raises(CannotUnlock):
        open_vault(destination, PASSPHRASE)


def test_newer_vault_is_refused_untouched(vault_path: Path) -> None:
    with open_vault(vault_path, PASSPHRASE) as vault, vault.connection() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '9999_future'")
        conn.commit()
    before = digest(vault_path)
    with pytest.raises(NewerVault) as err:
        open_vault(vault_path, PASSPHRASE)
    assert err.value.exit_code == ExitCode.NEWER_VERSION
    assert digest(vault_path) == before


def test_older_vault_is_backed_up_then_upgraded(vault_path: Path) -> None:
    vault = open_vault(vault_path, PASSPHRASE)
    config = migrations._config()
    with vault.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "0001")
    vault.close()
    upgraded = open_vault(vault_path, PASSPHRASE)
    try:
        assert migrations.schema_state(upgraded).current == migrations.head_revision()
        with upgraded.transaction() as session:
            assert session.get(Association, 1).name == "GEM Les Tilleuls"
            assert session.scalars(select(Draft)).all() == []
            # 0003 gave the older vault its random id (its backups are named by it)
            vault_id = session.get(Setting, "vault.id").value
            assert len(vault_id) == 32 and int(vault_id, 16) >= 0
    finally:
        upgraded.close()
    backups = list(paths.backups_dir().glob("vault-before-upgrade-0001-*.pairdesk"))
    assert len(backups) == 1
    with open_vault(backups[0], PASSPHRASE, migrate=False) as old:
        assert migrations.schema_state(old).current == "0001"


def test_migrations_match_models(vault: Vault) -> None:
    """Autogenerate finds nothing to add: the migrations build exactly the ORM schema."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from pairdesk.store.models import Base

    with vault.connection() as conn:
        context = MigrationContext.configure(
            conn,
            opts={
                "include_object": lambda obj, name, type_, r, c: (
                    not (type_ == "table" and name.startswith("participant_fts"))
                ),
                "compare_type": True,
            },
        )
        assert compare_metadata(context, Base.metadata) == []


def test_search_index_follows_participants(vault: Vault) -> None:
    import datetime as dt

    from pairdesk.store.models import Participant

    with vault.transaction() as session:
        session.add(
            Participant(
                first_name="Hélène",
                last_name="Dupont",
                membership_start=dt.date(2026, 1, 1),
                search_text="helene dupont",
            )
        )
    with vault.connection() as conn:
        hits = conn.execute(
            text("SELECT rowid FROM participant_fts WHERE participant_fts MATCH '\"elen\"'")
        ).all()
    assert len(hits) == 1


def test_copy_of_template_is_independent(vault_template: Path, tmp_path: Path) -> None:
    copy = tmp_path / "c.pairdesk"
    shutil.copyfile(vault_template, copy)
    assert digest(copy) == digest(vault_template)


def test_every_new_vault_gets_its_own_random_id(tmp_path: Path) -> None:
    ids = set()
    for name in ("a.pairdesk", "b.pairdesk"):
        with create_vault(tmp_path / name, PASSPHRASE, association_name="GEM") as vault:
            with vault.transaction() as session:
                ids.add(session.get(Setting, "vault.id").value)
    assert len(ids) == 2 and all(len(i) == 32 for i in ids)


def test_sqlcipher_memory_security_is_on(vault: Vault) -> None:
    """Freed SQLCipher memory is wiped and locked out of swap (bench/README.md)."""
    with vault.connection() as conn:
        assert conn.exec_driver_sql("PRAGMA cipher_memory_security").scalar() == "1"

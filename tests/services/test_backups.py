"""Automatic encrypted backups, their rotation, and a restore that never destroys data."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from pairdesk import paths
from pairdesk.domain.enums import Role
from pairdesk.errors import CannotUnlock, DiskError, ExitCode, InvalidInput, VaultDamaged
from pairdesk.services import backups
from pairdesk.services.backups import (
    BackupFolderMissing,
    BackupOwner,
    auto_backup,
    backup_name,
    backup_on_close,
    backups_to_keep,
    list_backups,
    restore,
    set_backup_folder,
)
from pairdesk.services.context import Operator, ServiceContext
from pairdesk.store.models import Participant, Setting
from pairdesk.store.vault import Vault, create_vault, open_vault
from tests.factories import make_participant

# Not marked both_engines: backups and restores copy the encrypted file (server: test_server_copy).

PASSPHRASE = "correct horse ’ battery é"  # the same as tests/conftest.py
NOW = dt.datetime(2026, 11, 25, 18, 30, 0)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def count_participants(path: Path) -> int:
    with open_vault(path, PASSPHRASE) as vault, vault.transaction() as s:
        return int(s.scalar(select(func.count(Participant.id))) or 0)


# -- rotation, a pure function ---------------------------------------------------------


def test_rotation_of_a_year_of_daily_backups() -> None:
    today = dt.date(2026, 11, 25)
    dates = [dt.datetime(2026, 11, 25, 18) - dt.timedelta(days=i) for i in range(400)]
    keep = backups_to_keep(dates, today)
    kept_days = sorted((d.date() for d in keep), reverse=True)
    # the 7 latest days…
    assert kept_days[:7] == [today - dt.timedelta(days=i) for i in range(7)]
    # …the newest of the 4 latest ISO weeks (Sundays before this week's), 12 months' last day
    assert dt.date(2026, 11, 22) in kept_days and dt.date(2026, 11, 15) in kept_days
    assert dt.date(2026, 10, 31) in kept_days and dt.date(2025, 12, 31) in kept_days
    assert dt.date(2025, 11, 30) not in kept_days
    assert len(keep) <= 7 + 4 + 12


def test_rotation_keeps_history_of_an_unused_laptop() -> None:
    # three backups months apart, nothing recent: all are kept
    dates = [dt.datetime(2025, 1, 5), dt.datetime(2025, 3, 5), dt.datetime(2025, 6, 5)]
    assert backups_to_keep(dates, dt.date(2026, 11, 25)) == set(dates)


stamps = st.datetimes(min_value=dt.datetime(2020, 1, 1), max_value=dt.datetime(2027, 12, 31))


@settings(max_examples=300)
@given(
    st.lists(stamps, max_size=80),
    st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2027, 12, 31)),
    st.integers(0, 9),
    st.integers(0, 6),
    st.integers(0, 14),
)
def test_rotation_properties(
    dates: list[dt.datetime], today: dt.date, daily: int, weekly: int, monthly: int
) -> None:
    keep = backups_to_keep(dates, today, daily, weekly, monthly)
    assert keep <= set(dates)
    if dates:
        assert max(dates) in keep  # never deletes the newest
    assert len(keep) <= max(1, daily + weekly + monthly)
    # stable: rotating what was kept deletes nothing more
    assert backups_to_keep(keep, today, daily, weekly, monthly) == keep
    # every one of the `daily` latest backup days keeps a backup
    days = sorted({min(d.date(), today) for d in dates}, reverse=True)[:daily]
    assert days == sorted({min(d.date(), today) for d in keep}, reverse=True)[: len(days)]


OWNER = BackupOwner("vault", "0123abcd" + "e" * 24)


def test_names_round_trip() -> None:
    name = backup_name(OWNER, NOW)
    assert name == "vault-0123abcd-20261125-183000.pairdesk"
    manual = backup_name(OWNER, NOW, manual=True)
    assert manual == "vault-0123abcd-20261125-183000-manual.pairdesk"
    for text in (
        name,
        manual,
        "X-20261125-183000.pairdesk",
        "X-before-restore-20261125-183000-2.pairdesk",
    ):
        assert backups.parse_backup_name(text) == NOW
    assert backups.parse_backup_name("vault-20261399-183000.pairdesk") is None
    assert backups.parse_backup_name("notes.txt") is None


def test_a_vault_lists_its_own_backups_and_nothing_else(tmp_path: Path) -> None:
    folder = tmp_path / "bk"
    folder.mkdir()
    other = BackupOwner("vault", "99999999" + "0" * 24)  # same file name, another vault
    names = {
        backup_name(OWNER, NOW): "rotated",
        backup_name(OWNER, NOW, manual=True): "manual",
        "vault-20261120-101010.pairdesk": "old",  # named before vault ids
        "vault-before-restore-20261121-101010.pairdesk": "restore",
        "vault-before-upgrade-0002-20261122-101010.pairdesk": "upgrade",
        backup_name(other, NOW): None,
        backup_name(BackupOwner("asso", OWNER.vault_id), NOW): None,
        "asso-20261120-101010.pairdesk": None,
        "vault-0123abcd-2026112-183000.pairdesk": None,
        "notes.txt": None,
    }
    for name in names:
        (folder / name).write_bytes(b"x")
    (folder / "vault-20261123-101010.pairdesk").mkdir()  # a folder is no backup
    found = {b.path.name: b for b in list_backups(folder, OWNER)}
    assert set(found) == {name for name, kind in names.items() if kind}
    assert found[backup_name(OWNER, NOW)].rotated
    assert found[backup_name(OWNER, NOW, manual=True)].manual
    assert not found["vault-20261120-101010.pairdesk"].rotated
    assert found["vault-before-restore-20261121-101010.pairdesk"].before_restore
    assert found["vault-before-upgrade-0002-20261122-101010.pairdesk"].before_upgrade
    # Without the id (the vault did not open), the file name decides: both "vault" ones.
    by_name = {b.path.name for b in list_backups(folder, BackupOwner("vault"))}
    assert by_name == set(found) | {backup_name(other, NOW)}
    assert backups.rotate(folder, BackupOwner("vault"), NOW.date()) == []  # nothing deleted


@settings(max_examples=200)
@given(
    st.text(
        alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="/\\\x00"),
        min_size=1,
        max_size=30,
    ),
    stamps.map(lambda d: d.replace(microsecond=0)),
    st.booleans(),
)
def test_any_stem_round_trips_through_its_backup_name(
    stem: str, when: dt.datetime, manual: bool
) -> None:
    owner = BackupOwner(stem, "abcdef01" * 4)
    name = backup_name(owner, when, manual=manual)
    assert backups.parse_backup_name(name) == when
    info = backups.describe_backup(Path("/nonexistent") / name, owner)
    assert info is None  # not a file: never listed


# -- automatic backups -----------------------------------------------------------------


def _recorded_at(vault: Vault, when: dt.datetime) -> None:
    """Date every audit line ``when``: the test's clock, not the machine's."""
    from sqlalchemy import update

    from pairdesk.store.models import AuditEntry

    with vault.transaction() as session:
        session.execute(update(AuditEntry).values(at=when))


def test_auto_backup_once_a_day_verified_and_rotated(vault: Vault, ctx: ServiceContext) -> None:
    make_participant(ctx, "Anouk")
    _recorded_at(vault, NOW - dt.timedelta(hours=1))
    folder = paths.backups_dir()
    folder.mkdir(parents=True)
    # forty old daily backups (content irrelevant to rotation), a kept pre-restore copy
    owner = backups.owner_of(vault)
    assert owner.stem == "vault" and owner.vault_id and len(owner.vault_id) == 32
    for i in range(1, 41):
        (folder / backup_name(owner, NOW - dt.timedelta(days=i))).write_bytes(b"old")
    kept_copy = folder / "vault-before-restore-20200101-000000.pairdesk"
    kept_copy.write_bytes(b"keep me")
    (folder / "unrelated.txt").write_text("keep me too")
    manual = folder / backup_name(owner, NOW - dt.timedelta(days=300), manual=True)
    manual.write_bytes(b"made by hand")

    first = auto_backup(vault, now=NOW)
    assert first == folder / f"vault-{owner.short_id}-20261125-183000.pairdesk"
    assert count_participants(first) == 1  # encrypted with the same passphrase, complete
    assert b"Anouk" not in first.read_bytes()
    assert auto_backup(vault, now=NOW + dt.timedelta(hours=2)) is None  # nothing new
    names = {p.name for p in folder.iterdir()}
    assert {kept_copy.name, "unrelated.txt", manual.name} <= names
    rotated = [b for b in list_backups(folder, owner) if b.rotated]
    assert len(rotated) <= 7 + 4 + 12
    assert {b.taken_at.date() for b in rotated} >= {
        NOW.date() - dt.timedelta(days=i) for i in range(7)
    }
    second = auto_backup(vault, now=NOW + dt.timedelta(days=1))
    assert second is not None and second.exists()
    assert list_backups(folder, owner)[0].path == second


def test_work_recorded_after_the_days_backup_is_backed_up_at_closing(
    vault: Vault, ctx: ServiceContext
) -> None:
    """The day's backup was made at a change of passphrase; the people imported after it
    were in no backup, even after quitting (a tester's finding): a change recorded since
    the day's last backup makes another one; a file only looked at does not."""
    from pairdesk.domain.enums import AuditAction
    from pairdesk.store.models import AuditEntry

    def newest_line_at(when: dt.datetime) -> None:
        with vault.transaction() as session:
            newest = session.scalar(select(func.max(AuditEntry.id)))
            session.execute(
                AuditEntry.__table__.update().where(AuditEntry.id == newest).values(at=when)
            )

    pid = make_participant(ctx, "Anouk").id
    _recorded_at(vault, NOW - dt.timedelta(hours=1))
    folder = paths.backups_dir()
    first = auto_backup(vault, now=NOW)
    assert first is not None
    with vault.transaction() as session:  # a file looked at: its line changes nothing
        session.add(
            AuditEntry(
                at=NOW + dt.timedelta(minutes=5),
                entity="participant",
                entity_id=pid,
                action=AuditAction.VIEW.value,
            )
        )
    assert auto_backup(vault, now=NOW + dt.timedelta(minutes=10)) is None
    make_participant(ctx, "Basile")  # recorded after the day's backup
    newest_line_at(NOW + dt.timedelta(minutes=20))
    second = auto_backup(vault, now=NOW + dt.timedelta(minutes=30))
    assert second is not None and count_participants(second) == 2
    owner = backups.owner_of(vault)
    today = [b for b in list_backups(folder, owner) if b.rotated]
    assert [b.path for b in today] == [second]  # the day's newest kept by the rotation


def test_chosen_folder_used_and_missing_usb_stick_reported(vault: Vault, tmp_path: Path) -> None:
    stick = tmp_path / "usb"
    stick.mkdir()
    set_backup_folder(vault, stick / "pairdesk")
    with pytest.raises(BackupFolderMissing) as err:  # the folder on the stick is absent
        auto_backup(vault, now=NOW)
    assert err.value.exit_code == ExitCode.DISK and "USB" in err.value.message
    (stick / "pairdesk").mkdir()
    made = auto_backup(vault, now=NOW)
    assert made is not None and made.parent == stick / "pairdesk"
    set_backup_folder(vault, tmp_path / "unplugged")
    result = backup_on_close(vault, now=NOW + dt.timedelta(days=1))
    assert result.path is None and result.problem and "unplugged" in result.problem
    assert vault.closed  # the close went on


def test_backup_on_close_writes_and_closes(vault: Vault) -> None:
    result = backup_on_close(vault, now=NOW)
    assert result.problem is None and result.path is not None and result.path.exists()
    assert vault.closed


def test_full_backup_folder_is_a_disk_error(vault: Vault, tmp_path: Path) -> None:
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("x")
    with pytest.raises(DiskError):
        auto_backup(vault, folder=blocker / "sub", now=NOW)


# -- restore ---------------------------------------------------------------------------


@pytest.fixture
def backed_up(vault: Vault, ctx: ServiceContext, tmp_path: Path) -> tuple[Path, Path]:
    """A backup holding one participant; the vault then gets a second one (left open)."""
    make_participant(ctx, "Bérénice")
    backup = auto_backup(vault, folder=tmp_path / "bk", now=NOW)
    assert backup is not None
    make_participant(ctx, "Corentin")
    vault.close()
    return backup, vault.path


def test_restore_keeps_the_current_vault_first(backed_up: tuple[Path, Path]) -> None:
    backup, vault_path = backed_up
    before = count_participants(vault_path)
    assert before == 2
    kept = restore(backup, vault_path, PASSPHRASE, now=NOW).kept
    assert count_participants(vault_path) == 1
    assert kept is not None and kept.parent == paths.backups_dir()
    assert kept.name == "vault-before-restore-20261125-183000.pairdesk"
    assert count_participants(kept) == 2  # nothing destroyed
    with open_vault(vault_path, PASSPHRASE) as vault, vault.connection() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    assert not vault_path.with_name(vault_path.name + ".partial").exists()
    owner = BackupOwner.of_path(vault_path)
    assert [b.before_restore for b in list_backups(kept.parent, owner)] == [True]


def test_restore_keeps_uncheckpointed_wal(
    vault: Vault, ctx: ServiceContext, tmp_path: Path
) -> None:
    backup = auto_backup(vault, folder=tmp_path / "bk", now=NOW)
    assert backup is not None
    make_participant(ctx, "Dorian")  # still in the -wal: the vault stays open (a crashed app)
    wal = vault.path.with_name(vault.path.name + "-wal")
    assert wal.exists() and wal.stat().st_size > 0
    # The files as a killed app leaves them: the vault and a write-ahead log not yet merged.
    crashed = tmp_path / "crashed" / "vault.pairdesk"
    crashed.parent.mkdir()
    shutil.copyfile(vault.path, crashed)
    shutil.copyfile(wal, crashed.with_name(crashed.name + "-wal"))
    kept = restore(backup, crashed, PASSPHRASE, now=NOW).kept
    assert kept is not None and kept.with_name(kept.name + "-wal").exists()
    assert count_participants(kept) == 1  # Dorian is in the kept copy
    assert count_participants(crashed) == 0
    assert not crashed.with_name(crashed.name + "-wal").exists() or (
        crashed.with_name(crashed.name + "-wal").stat().st_size == 0
    )


def test_restore_wrong_passphrase_changes_nothing(backed_up: tuple[Path, Path]) -> None:
    backup, vault_path = backed_up
    before, before_backup = digest(vault_path), digest(backup)
    with pytest.raises(CannotUnlock):
        restore(backup, vault_path, "not it")
    assert digest(vault_path) == before and digest(backup) == before_backup
    assert list_backups(paths.backups_dir(), BackupOwner.of_path(vault_path)) == []
    assert not vault_path.with_name(vault_path.name + ".partial").exists()


def test_restore_damaged_backup_refused(backed_up: tuple[Path, Path]) -> None:
    backup, vault_path = backed_up
    data = bytearray(backup.read_bytes())
    data[3 * 4096 + 100] ^= 0xFF  # a byte flipped in the fourth page
    backup.write_bytes(bytes(data))
    before = digest(vault_path)
    with pytest.raises(VaultDamaged) as err:
        restore(backup, vault_path, PASSPHRASE)
    assert err.value.exit_code == ExitCode.DAMAGED
    assert digest(vault_path) == before
    # it said "The vault is damaged… restore the latest backup" of the intact vault
    assert str(backup) in err.value.message
    # the window checks the passphrase first, and said the same wrong thing (a tester)
    from pairdesk.services import vaults

    with pytest.raises(VaultDamaged) as checked:
        vaults.check_backup_passphrase(backup, PASSPHRASE)
    assert checked.value.message == err.value.message


def test_restore_over_an_unopenable_vault_keeps_its_bytes(
    backed_up: tuple[Path, Path],
) -> None:
    backup, vault_path = backed_up
    garbage = b"\x00not a vault\xff" * 1000
    vault_path.write_bytes(garbage)
    kept = restore(backup, vault_path, PASSPHRASE, now=NOW).kept
    assert kept is not None and kept.read_bytes() == garbage
    assert count_participants(vault_path) == 1


def test_restore_where_no_vault_exists(backed_up: tuple[Path, Path], tmp_path: Path) -> None:
    backup, _ = backed_up
    target = tmp_path / "new-laptop" / "vault.pairdesk"
    assert restore(backup, target, PASSPHRASE).kept is None
    assert count_participants(target) == 1


# -- two vaults in one folder ----------------------------------------------------------


def _second_vault(path: Path) -> Vault:
    return create_vault(path, PASSPHRASE, association_name="GEM Les Érables", today=NOW.date())


def test_two_vaults_in_one_folder_each_back_up_and_rotate_their_own(
    vault: Vault, tmp_path: Path
) -> None:
    folder = paths.backups_dir()
    folder.mkdir(parents=True)
    other = _second_vault(tmp_path / "erables.pairdesk")
    try:
        mine, theirs = backups.owner_of(vault), backups.owner_of(other)
        assert mine.vault_id != theirs.vault_id
        # Forty old automatic backups of the other vault: none is rotated by this one.
        for i in range(1, 41):
            (folder / backup_name(theirs, NOW - dt.timedelta(days=i))).write_bytes(b"old")
        first = auto_backup(vault, now=NOW)
        second = auto_backup(other, now=NOW)  # not skipped: the first is not its own
        assert first is not None and second is not None and first != second
        assert count_participants(second) == 0
        assert [b.path for b in list_backups(folder, mine)] == [first]
        theirs_listed = list_backups(folder, theirs)
        assert theirs_listed[0].path == second
        assert len(theirs_listed) <= 7 + 4 + 12  # the other vault rotated its own
        assert first.exists()
        # The same file name in another folder, another id: still told apart.
        twin_path = tmp_path / "elsewhere" / "vault.pairdesk"
        twin = _second_vault(twin_path)
        try:
            twin_backup = auto_backup(twin, now=NOW)
            assert twin_backup is not None and twin_backup.name.startswith("vault-")
            assert [b.path for b in list_backups(folder, mine)] == [first]
            assert [b.path for b in list_backups(folder, backups.owner_of(twin))] == [twin_backup]
        finally:
            twin.close()
    finally:
        other.close()


def test_a_backup_keeps_the_id_of_its_vault(vault: Vault, tmp_path: Path) -> None:
    backup = auto_backup(vault, folder=tmp_path / "bk", now=NOW)
    assert backup is not None
    with open_vault(backup, PASSPHRASE) as copy:
        assert backups.read_vault_id(copy) == backups.read_vault_id(vault)


def test_a_vault_without_id_lists_by_name_and_rotates_nothing(vault: Vault) -> None:
    with vault.transaction() as session:
        session.delete(session.get(Setting, backups.SETTING_VAULT_ID))
    owner = backups.owner_of(vault)
    assert owner == BackupOwner("vault")
    made = auto_backup(vault, now=NOW)
    assert made is not None and made.name == "vault-20261125-183000.pairdesk"
    assert [b.path for b in list_backups(made.parent, owner)] == [made]


def test_a_backup_of_another_vault_is_refused_unless_asked(vault: Vault, tmp_path: Path) -> None:
    """Another association's backup replaced this vault's 50 files by 3, without a word."""
    from pairdesk.services.vaults import restore_checked

    other = _second_vault(tmp_path / "other" / "erables.pairdesk")
    foreign = auto_backup(other, folder=tmp_path / "bk-other", now=NOW)
    other.close()
    assert foreign is not None
    ctx = ServiceContext(vault)
    make_participant(ctx, "Bérénice")
    vault.close()
    before = digest(vault.path)

    def coordinator(_ctx: ServiceContext) -> Operator:
        return Operator(id=None, name="Test", role=Role.COORDINATOR)

    with pytest.raises(InvalidInput) as refused:
        restore_checked(foreign, vault.path, PASSPHRASE, coordinator)
    assert "--force" in refused.value.message and digest(vault.path) == before
    assert restore_checked(foreign, vault.path, PASSPHRASE, coordinator, other_vault=True)
    assert count_participants(vault.path) == 0


def test_what_a_killed_backup_or_restore_left_is_removed(vault: Vault, tmp_path: Path) -> None:
    """kill -9 during a backup left « …-manual.pairdesk.partial » (23 MB) in the backups
    folder, during a restore « vault.pairdesk.partial » (78 MB) beside the vault: never
    removed (a tester). The next backup into that folder removes the stale copies, the
    next opening of the vault what an interrupted restore left beside it."""
    import os
    import time

    from pairdesk.services import vaults

    folder = tmp_path / "bk"
    folder.mkdir()
    stale = folder / "vault-0123abcd-20261120-100000-manual.pairdesk.partial"
    stale_journal = folder / (stale.name + "-journal")
    fresh = folder / "autre-20261125-183000.pairdesk.partial"  # being written elsewhere
    for path in (stale, stale_journal, fresh):
        path.write_bytes(b"x" * 100)
    old = time.time() - 2 * 3600
    for path in (stale, stale_journal):
        os.utime(path, (old, old))
    assert auto_backup(vault, folder=folder, now=NOW) is not None
    assert not stale.exists() and not stale_journal.exists() and fresh.exists()

    vault_path = vault.path
    vault.close()
    beside = vault_path.with_name(vault_path.name + ".partial")
    beside.write_bytes(b"x" * 100)
    vaults.open_vault(vault_path, PASSPHRASE).close()
    assert not beside.exists()

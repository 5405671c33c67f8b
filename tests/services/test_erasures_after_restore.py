"""A file erased or anonymised after a backup was made is erased again when that backup
is restored (RGPD art. 17): a tester found a deleted person back after a restore."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pairdesk.services import backups, privacy
from pairdesk.services.context import ServiceContext
from pairdesk.store.models import AuditEntry, Participant
from pairdesk.store.rekey import change_passphrase
from pairdesk.store.vault import Vault, open_vault
from tests.factories import make_participant

PASSPHRASE = "correct horse ’ battery é"  # as tests/conftest.py
NOW = dt.datetime(2026, 11, 25, 18, 30)


def _people(vault_path: Path) -> dict[int, tuple[str, bool]]:
    with open_vault(vault_path, PASSPHRASE) as vault, ServiceContext(vault).transaction() as s:
        return {p.id: (p.first_name, bool(p.anonymised)) for p in s.query(Participant)}


def _erase_after_a_backup(
    vault: Vault, ctx: ServiceContext, tmp_path: Path
) -> tuple[dict[str, int], Path]:
    ids = {
        name: make_participant(ctx, name, "Exemple").id
        for name in ("Chloé", "Pawel", "Inès", "Yanis")
    }
    privacy.delete_participant(  # erased before the backup: stays erased, nothing to redo
        ctx, ids["Yanis"], confirm=privacy.participant_reference(ids["Yanis"])
    )
    backup = backups.auto_backup(vault, folder=tmp_path / "bk", now=NOW)
    assert backup is not None
    privacy.delete_participant(
        ctx, ids["Chloé"], confirm=privacy.participant_reference(ids["Chloé"])
    )
    privacy.anonymise_participant(
        ctx, ids["Pawel"], confirm=privacy.participant_reference(ids["Pawel"])
    )
    make_participant(ctx, "Nouvelle", "Personne")  # after the backup: gone with the restore
    vault.close()
    return ids, backup


def test_erasures_made_since_the_backup_are_applied_again(
    vault: Vault, ctx: ServiceContext, tmp_path: Path
) -> None:
    ids, backup = _erase_after_a_backup(vault, ctx, tmp_path)
    report = backups.restore(backup, vault.path, PASSPHRASE, now=NOW)

    people = _people(vault.path)
    assert ids["Chloé"] not in people  # deleted again
    assert people[ids["Pawel"]][1] is True and people[ids["Pawel"]][0] != "Pawel"
    assert people[ids["Inès"]] == ("Inès", False)  # untouched
    assert ids["Yanis"] not in people
    assert sorted(report.erased_again) == sorted(
        privacy.participant_reference(ids[n]) for n in ("Chloé", "Pawel")
    )
    assert not report.erasures_unchecked
    assert report.kept is not None  # the replaced vault, kept as always
    with open_vault(vault.path, PASSPHRASE) as again, ServiceContext(again).transaction() as s:
        lines = s.query(AuditEntry).filter(AuditEntry.entity == "participant").all()
        assert {(e.entity_id, e.action) for e in lines} >= {
            (ids["Chloé"], "delete"),
            (ids["Pawel"], "anonymise"),
        }


def test_a_vault_with_another_passphrase_says_its_erasures_were_not_read(
    vault: Vault, ctx: ServiceContext, tmp_path: Path
) -> None:
    ids, backup = _erase_after_a_backup(vault, ctx, tmp_path)
    change_passphrase(vault.path, PASSPHRASE, "une toute autre phrase de passe")
    report = backups.restore(backup, vault.path, PASSPHRASE, now=NOW)
    assert report.erasures_unchecked and report.erased_again == ()
    assert ids["Chloé"] in _people(vault.path)  # the restore is told, and says so


def test_a_backup_of_another_vault_erases_nothing(
    vault: Vault, ctx: ServiceContext, tmp_path: Path
) -> None:
    from pairdesk.store.vault import create_vault

    other = create_vault(tmp_path / "autre.pairdesk", PASSPHRASE, association_name="GEM B")
    other_ctx = ServiceContext(other)
    for name in ("Autre", "Chloé", "Pawel", "Inès", "Yanis"):
        make_participant(other_ctx, name, "Ailleurs")
    backup = backups.auto_backup(other, folder=tmp_path / "bk-autre", now=NOW)
    other.close()
    assert backup is not None
    _erase_after_a_backup(vault, ctx, tmp_path)
    report = backups.restore(backup, vault.path, PASSPHRASE, now=NOW)
    assert report.erased_again == () and not report.erasures_unchecked
    assert len(_people(vault.path)) == 5  # its own people, every one

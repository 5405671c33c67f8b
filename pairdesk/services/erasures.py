"""Erasures outlive a restore: a file erased or anonymised after a backup was made is
erased again when that backup is restored.

Restoring a backup brings back the vault as it was, and with it the people erased since
(right to erasure, RGPD art. 17): a tester restored a backup and found a deleted person
listed again, without a word. The audit trail says what was erased and when: every
``participant`` line ``delete`` or ``anonymise`` of the vault being replaced that is newer
than the backup's own last audit line (same vault, so audit ids grow along one history)
is applied again to the restored vault, through :mod:`pairdesk.services.privacy`, before
anyone opens it. Only when the backup is of the same vault (the same vault id); a backup
of another vault (``--force``) shares no history with it, and its ids are other people.

When the vault being replaced does not open with the backup's passphrase (changed since),
its erasures cannot be read: the restore says so, and the copy kept aside still holds
them (:attr:`ErasureCarry.unchecked`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import func, select

from pairdesk.domain.enums import AuditAction
from pairdesk.errors import UserError
from pairdesk.i18n import _, ngettext
from pairdesk.services import privacy
from pairdesk.services.context import ServiceContext
from pairdesk.store.models import AuditEntry, Participant
from pairdesk.store.vault import Vault, VaultLock, open_vault

_ERASING = (AuditAction.DELETE.value, AuditAction.ANONYMISE.value)


@dataclass
class ErasureCarry:
    """The erasures to apply again once a backup replaces the vault."""

    #: (participant id, ``delete`` or ``anonymise``), oldest first
    erasures: list[tuple[int, str]] = field(default_factory=list)
    #: the vault being replaced did not open with the backup's passphrase: its erasures
    #: since the backup could not be read
    unchecked: bool = False


def last_audit_id(vault: Vault) -> int:
    """The newest audit line's id (0 for none): where a backup's history stops."""
    with ServiceContext(vault).transaction() as session:
        return int(session.scalar(select(func.max(AuditEntry.id))) or 0)


def erasures_since(
    vault_path: Path,
    passphrase: str,
    backup_id: str | None,
    backup_last_audit: int,
    read_vault_id: Callable[[Vault], str | None],
) -> ErasureCarry:
    """What the vault at ``vault_path`` erased after the backup's last audit line, read
    without its lock (the caller holds it); nothing when there is no vault, when it is
    another vault than the backup's (``backup_id``), or when either has no id."""
    if not Path(vault_path).is_file():
        return ErasureCarry()
    try:
        current = open_vault(Path(vault_path), passphrase, read_only=True)
    except UserError:  # another passphrase now, or damaged: its erasures are not known
        return ErasureCarry(unchecked=True)
    with current:
        if backup_id is None or read_vault_id(current) != backup_id:
            return ErasureCarry()
        with ServiceContext(current).transaction() as session:
            rows = session.execute(
                select(AuditEntry.entity_id, AuditEntry.action)
                .where(
                    AuditEntry.entity == "participant",
                    AuditEntry.action.in_(_ERASING),
                    AuditEntry.id > backup_last_audit,
                    AuditEntry.entity_id.is_not(None),
                )
                .order_by(AuditEntry.id)
            ).all()
    return ErasureCarry([(pid, str(action)) for pid, action in rows if pid is not None])


def erase_again(
    vault_path: Path, passphrase: str, lock: VaultLock, carry: ErasureCarry
) -> list[str]:
    """Apply ``carry``'s erasures to the restored vault (opened under ``lock``, which the
    caller holds); the references (P0012…) of the files erased again, each with its audit
    line. A file the backup never had, or already anonymised, is left as it is."""
    if not carry.erasures:
        return []
    done: list[str] = []
    vault = open_vault(Path(vault_path), passphrase, lock=lock)
    try:
        ctx = ServiceContext(vault)  # pairdesk itself, as a coordinator
        for participant_id, action in carry.erasures:
            with ctx.transaction() as session:
                row = session.get(Participant, participant_id)
                state = None if row is None else bool(row.anonymised)
            if state is None or (action == AuditAction.ANONYMISE.value and state):
                continue
            reference = privacy.participant_reference(participant_id)
            if action == AuditAction.DELETE.value:
                privacy.delete_participant(ctx, participant_id, confirm=reference)
            else:
                privacy.anonymise_participant(ctx, participant_id, confirm=reference)
            done.append(reference)
    finally:
        vault.close()  # the lock stays the caller's (``Vault`` releases only its own)
    return done


def restore_sentences(
    erased_again: tuple[str, ...], unchecked: bool, kept: Path | None
) -> list[str]:
    """What a restore says of the erasures made since the backup (window and command
    line alike)."""
    said: list[str] = []
    if erased_again:
        said.append(
            ngettext(
                "{count} file erased after this backup was made was erased again: {refs}.",
                "{count} files erased after this backup was made were erased again: {refs}.",
                len(erased_again),
            ).format(count=len(erased_again), refs=", ".join(erased_again))
        )
    if unchecked:
        said.append(
            _(
                "The vault replaced does not open with this backup's passphrase: the files "
                "erased since the backup was made could not be erased again. Look in the "
                "audit trail of the copy kept aside ({path}) and erase them again."
            ).format(path=kept if kept is not None else "—")
        )
    return said

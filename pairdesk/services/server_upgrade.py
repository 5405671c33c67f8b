"""The copy of a server's vault written before its schema is upgraded (issue 14).

An older schema on a server is upgraded only when its owner (the login that ran ``pairdesk
init``) opens it (``store/server.py``, ``open_server``): first an encrypted SQLCipher copy
of the whole vault goes into the backups folder, under the owner's password, as
``DATABASE-before-upgrade-REVISION-STAMP.pairdesk`` (the name a file vault's copy before
an upgrade has); ``pairdesk transfer`` restores from it. The window and the command line
give :func:`backup_before_upgrade` to ``vaults.open_vault`` / ``vaults.unlock``
(``server_backup=``): it copies with ``services.transfer``, which imports
``services.vaults``, so ``vaults`` cannot import it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pairdesk import paths
from pairdesk.services.transfer import copy_to_file
from pairdesk.store.vault import Vault


def backup_path(vault: Vault, revision: str) -> Path:
    """Where the copy before upgrading from ``revision`` goes (in the backups folder)."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    return paths.backups_dir() / f"{vault.path.stem}-before-upgrade-{revision}-{stamp}.pairdesk"


def backup_before_upgrade(vault: Vault, revision: str) -> Path:
    """Write the whole vault, verified, to a new encrypted file under the login's password
    (the owner's: only the owner upgrades); its path."""
    destination = backup_path(vault, revision)
    destination.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    copy_to_file(vault, destination, vault._passphrase, revision=revision)
    return destination

"""Schema versions through Alembic, with the scripts shipped inside the package.

``env.py`` takes the already-open encrypted connection from
``config.attributes["connection"]``; nothing here ever opens the file by URL.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine

from pairdesk import paths


class Vault(Protocol):
    """What migrating needs of an open vault (``store.vault.Vault`` is one). A protocol,
    so that this module does not import ``store.vault``, which imports it to migrate on
    opening (no import cycle)."""

    @property
    def path(self) -> Path: ...

    @property
    def engine(self) -> Engine: ...

    def export_copy(self, destination: Path) -> Any: ...


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(paths.migrations_dir()))
    return config


@functools.cache
def _revisions() -> tuple[str, frozenset[str]]:
    """The head and every known revision, read once per process: parsing the scripts
    costs ~70 ms, paid at every opening before (they do not change while pairdesk runs)."""
    script = ScriptDirectory.from_config(_config())
    head = script.get_current_head()
    assert head is not None
    return head, frozenset(s.revision for s in script.walk_revisions())


def head_revision() -> str:
    return _revisions()[0]


def known_revisions() -> set[str]:
    return set(_revisions()[1])


@dataclass(frozen=True)
class SchemaState:
    current: str | None
    head: str

    @property
    def newer(self) -> bool:
        return self.current is not None and self.current not in known_revisions()

    @property
    def behind(self) -> bool:
        return self.current != self.head and not self.newer


def schema_state(vault: Vault) -> SchemaState:
    with vault.engine.connect() as conn:
        current = MigrationContext.configure(conn).get_current_revision()
    return SchemaState(current=current, head=head_revision())


def upgrade(vault: Vault, revision: str = "head") -> None:
    with vault.engine.begin() as conn:
        upgrade_connection(conn, revision)


def upgrade_connection(conn: Connection, revision: str = "head") -> None:
    """Upgrade inside the caller's transaction (``pairdesk transfer`` creates the schema
    and copies the rows in one transaction: a failed copy leaves an empty database)."""
    config = _config()
    config.attributes["connection"] = conn
    command.upgrade(config, revision)


def upgrade_with_backup(vault: Vault) -> Path | None:
    """Back the vault up (encrypted, verified) then upgrade it to the current schema."""
    state = schema_state(vault)
    backup: Path | None = None
    if state.current is not None:
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        # STEM-before-upgrade-…: listed with the vault's backups (services.backups).
        name = f"{vault.path.stem}-before-upgrade-{state.current}-{stamp}.pairdesk"
        backup = paths.backups_dir() / name
        vault.export_copy(backup)
    upgrade(vault)
    return backup

"""An older schema on a server is upgraded only by its owner, after a backup (issue 14).

The vault is made one revision older with Alembic, then opened as a team member (refused,
nothing changed) and as its owner (an encrypted copy in the backups folder first, then the
schema is current)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator

import pytest
from alembic import command

from pairdesk import paths
from pairdesk.domain.enums import Role
from pairdesk.errors import CannotUnlock
from pairdesk.services import server_upgrade, team, vaults
from pairdesk.services.context import Operator, ServiceContext
from pairdesk.store import migrations
from pairdesk.store.server import open_server
from tests import pg
from tests.factories import insert_participant

# Not marked both_engines: server-specific already (an older schema on PostgreSQL).

TODAY = dt.date(2026, 11, 25)
PASSWORD = "a long test password 1"


@pytest.fixture
def older_server(pg_cluster: pg.PgCluster) -> Iterator[tuple[str, str]]:
    """A server vault with a participant and a coordinator's login, one revision behind:
    (the owner's address, the member's address)."""
    database = pg_cluster.new_database()
    address = pg_cluster.address(database)
    login = f"coord_{uuid.uuid4().hex[:8]}"
    vault = open_server(address, pg.PG_PASSWORD)
    try:
        owner = ServiceContext(vault, Operator(None, "owner", Role.COORDINATOR), lambda: TODAY)
        insert_participant(owner, "Camille", "Sauvee")
        data = team.TeamMemberInput(first_name="Claire", last_name="Fictif", role=Role.COORDINATOR)
        team.add_server_member(owner, data, login, PASSWORD)
        config = migrations._config()
        with vault.engine.begin() as conn:
            config.attributes["connection"] = conn
            command.downgrade(config, "-1")
        assert migrations.schema_state(vault).behind
    finally:
        vault.close()
    try:
        yield address, address.replace(f"{pg.PG_USER}@", f"{login}@")
    finally:
        pg_cluster.drop_database(database)


def _revision(address: str) -> str | None:
    vault = open_server(address, pg.PG_PASSWORD, migrate=False)
    try:
        return migrations.schema_state(vault).current
    finally:
        vault.close()


def _backups() -> list[str]:
    folder = paths.backups_dir()
    return sorted(p.name for p in folder.glob("*-before-upgrade-*")) if folder.exists() else []


def test_a_member_is_refused_and_the_owner_upgrades_after_a_backup(
    older_server: tuple[str, str],
) -> None:
    owner_address, member_address = older_server
    before = _revision(owner_address)
    with pytest.raises(CannotUnlock) as refused:
        vaults.open_vault(
            member_address, PASSWORD, server_backup=server_upgrade.backup_before_upgrade
        )
    assert "pairdesk init" in refused.value.message
    assert _revision(owner_address) == before  # nothing changed
    assert _backups() == []

    # without the backup step, not even the owner upgrades
    with pytest.raises(CannotUnlock):
        vaults.open_vault(owner_address, pg.PG_PASSWORD)
    assert _revision(owner_address) == before

    ctx = vaults.unlock(
        owner_address, pg.PG_PASSWORD, server_backup=server_upgrade.backup_before_upgrade
    )
    ctx.vault.close()
    assert _revision(owner_address) == migrations.head_revision()
    (backup,) = _backups()
    assert f"-before-upgrade-{before}-" in backup

    # the copy is an encrypted file vault under the owner's password, with the data
    copy = vaults.open_vault(paths.backups_dir() / backup, pg.PG_PASSWORD, migrate=False)
    try:
        from pairdesk.services import participants

        rows = participants.list_participants(
            ServiceContext(copy), participants.ParticipantFilter()
        )
        assert [r.last_name for r in rows] == ["Sauvee"]
    finally:
        copy.close()

    # the member opens the current vault as usual
    member = vaults.open_vault(member_address, PASSWORD)
    member.close()

"""The database enforces the roles (issue 14): team members log in as themselves, and the
grants and row-level security say what the services say, even to another client (psql).

Every check here runs as a team member's own login, never as the cluster's superuser
(superusers bypass row-level security). Logins belong to the whole cluster: each test
names its own with a fresh suffix.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from pairdesk.domain.enums import Role
from pairdesk.errors import InvalidInput, PermissionDenied
from pairdesk.services import team, tutoring, vaults, wellbeing
from pairdesk.services.context import Operator, ServiceContext
from pairdesk.store.server import open_server
from tests import pg
from tests.factories import insert_participant, insert_workshop

TODAY = dt.date(2026, 11, 25)
PASSWORD = "a long test password 1"


@dataclass
class Team:
    owner: ServiceContext
    cluster: pg.PgCluster
    database: str
    peer_helper: str
    volunteer: str
    coordinator: str
    tutee: int
    other: int

    def address(self, login: str) -> str:
        return f"postgresql://{login}@127.0.0.1:{self.cluster.port}/{self.database}"

    def psql(self, login: str, sql: str) -> subprocess.CompletedProcess[str]:
        """``sql`` through the psql client, logged in as ``login`` (not pairdesk)."""
        env = {**os.environ, "PGPASSWORD": PASSWORD, "PGCONNECT_TIMEOUT": "10"}
        return subprocess.run(
            [str(self.cluster.bin_dir / "psql"), "-X", "-q", "-A", "-t", "-v",
             "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", str(self.cluster.port),
             "-U", login, "-d", self.database, "-c", sql],
            capture_output=True, text=True, env=env, timeout=60, check=False,
        )  # fmt: skip

    def rows(self, login: str, sql: str) -> list[str]:
        result = self.psql(login, sql)
        assert result.returncode == 0, result.stderr
        return result.stdout.split()


def _member(ctx: ServiceContext, login: str, role: Role) -> int:
    data = team.TeamMemberInput(first_name=login, last_name="Fictif", role=role)
    return team.add_server_member(ctx, data, login, PASSWORD).id


@pytest.fixture
def roles(pg_cluster: pg.PgCluster, pg_address: str) -> Iterator[Team]:
    vault = open_server(pg_address, pg.PG_PASSWORD)
    owner = ServiceContext(vault, Operator(None, "owner", Role.COORDINATOR), lambda: TODAY)
    suffix = uuid.uuid4().hex[:8]
    names = {role: f"{role.value}_{suffix}" for role in Role}
    ids = {role: _member(owner, name, role) for role, name in names.items()}
    tutee = insert_participant(owner, "Camille", "Suivie")
    other = insert_participant(owner, "Dominique", "Autre")
    for pid in (tutee, other):
        wellbeing.save_wellbeing_plan(owner, pid, f"triggers {pid}", "", "", "")
    tutoring.set_tutoring(owner, tutee, ids[Role.PEER_HELPER], started_on=TODAY)
    insert_workshop(owner, TODAY)
    try:
        yield Team(
            owner,
            pg_cluster,
            pg_address.rsplit("/", 1)[1],
            names[Role.PEER_HELPER],
            names[Role.VOLUNTEER],
            names[Role.COORDINATOR],
            tutee,
            other,
        )
    finally:
        vault.close()


def test_a_peer_helper_reads_the_wellbeing_plan_of_a_tutee_only(roles: Team) -> None:
    who = roles.peer_helper
    assert roles.rows(who, "SELECT participant_id FROM wellbeing_plan") == [str(roles.tutee)]
    assert (
        roles.rows(who, f"SELECT triggers FROM wellbeing_plan WHERE participant_id = {roles.other}")
        == []
    )
    assert roles.rows(who, "SELECT id FROM participant ORDER BY id") == [str(roles.tutee)]
    # what a coordinator's login sees: everyone
    assert len(roles.rows(roles.coordinator, "SELECT id FROM wellbeing_plan")) == 2


def test_a_volunteer_cannot_read_participants_but_reads_workshops(roles: Team) -> None:
    refused = roles.psql(roles.volunteer, "SELECT first_name FROM participant")
    assert refused.returncode != 0
    assert "permission denied" in refused.stderr
    assert roles.psql(roles.volunteer, "SELECT * FROM wellbeing_plan").returncode != 0
    assert len(roles.rows(roles.volunteer, "SELECT id FROM workshop")) == 1


def test_nobody_but_the_owner_changes_the_audit_trail(roles: Team) -> None:
    for who in (roles.coordinator, roles.peer_helper, roles.volunteer):
        for sql in ("DELETE FROM audit_entry", "UPDATE audit_entry SET detail = 'x'"):
            result = roles.psql(who, sql)
            assert result.returncode != 0, (who, sql)
            assert "permission denied" in result.stderr
    # the coordinator reads every line; the others only their own
    assert len(roles.rows(roles.coordinator, "SELECT id FROM audit_entry")) > 3
    assert roles.rows(roles.peer_helper, "SELECT id FROM audit_entry") == []


def test_only_a_coordinator_creates_logins(roles: Team) -> None:
    call = "SELECT pairdesk_server.add_member('intruder_x', 'a long password 12', 'coordinator', 1)"
    refused = roles.psql(roles.peer_helper, call)
    assert refused.returncode != 0 and "permission denied" in refused.stderr
    # nobody got CREATEROLE: not even the coordinator's login
    assert roles.rows(
        roles.coordinator,
        f"SELECT rolcreaterole FROM pg_roles WHERE rolname = '{roles.coordinator}'",
    ) == ["f"]
    bad = roles.psql(
        roles.coordinator,
        "SELECT pairdesk_server.add_member('x\"; DROP TABLE participant; --', "
        "'a long password 12', 'volunteer', 1)",
    )
    assert bad.returncode != 0 and "invalid login name" in bad.stderr


def test_the_session_acts_with_its_group_role(roles: Team) -> None:
    vault = open_server(roles.address(roles.peer_helper), PASSWORD)
    try:
        operator = vaults.server_operator(vault)
        assert operator is not None
        assert operator.role is Role.PEER_HELPER and operator.name == roles.peer_helper
        as_helper = ServiceContext(vault, operator, lambda: TODAY)
        plan = wellbeing.get_wellbeing_plan(as_helper, roles.tutee)
        assert plan is not None and plan.triggers == f"triggers {roles.tutee}"
        with pytest.raises(PermissionDenied):
            wellbeing.get_wellbeing_plan(as_helper, roles.other)
        with pytest.raises(PermissionDenied):
            _member(as_helper, "someone_else", Role.COORDINATOR)
    finally:
        vault.close()


def test_a_bad_login_or_a_taken_one_is_refused(roles: Team) -> None:
    with pytest.raises(InvalidInput):
        _member(roles.owner, "Robert'); DROP", Role.VOLUNTEER)
    with pytest.raises(InvalidInput):
        _member(roles.owner, roles.volunteer, Role.VOLUNTEER)
    names = [m.first_name for m in team.list_members(roles.owner)]
    assert names.count(roles.volunteer) == 1  # the refused member was rolled back


def test_migration_0009_goes_down_and_up_again(pg_address: str) -> None:
    from alembic import command
    from sqlalchemy import text

    from pairdesk.store import migrations, server_roles

    vault = open_server(pg_address, pg.PG_PASSWORD)
    try:
        config = migrations._config()
        with vault.engine.begin() as conn:
            config.attributes["connection"] = conn
            command.downgrade(config, "0008")
            assert not server_roles.installed(conn)
            forced = "SELECT count(*) FROM pg_class WHERE relforcerowsecurity"
            assert conn.execute(text(forced)).scalar() == 0
            command.upgrade(config, "head")
            assert server_roles.installed(conn)
            assert conn.execute(text(forced)).scalar() > 30
    finally:
        vault.close()


def test_what_the_database_refuses_is_a_permission_refusal(roles: Team) -> None:
    """Even if the services let something through, the volunteer's login gets a refusal
    (exit 7 on the command line), not a crash."""
    from pairdesk.services import participants

    vault = open_server(roles.address(roles.volunteer), PASSWORD)
    try:
        unchecked = ServiceContext(vault, Operator(None, "x", Role.COORDINATOR), lambda: TODAY)
        with pytest.raises(PermissionDenied, match="serveur"):
            participants.get_participant(unchecked, roles.tutee)
    finally:
        vault.close()

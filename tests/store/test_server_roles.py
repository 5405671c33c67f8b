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
from dataclasses import dataclass, field

import pytest

from pairdesk.domain.enums import ConsentMethod, ConsentPurpose, Role
from pairdesk.errors import CannotUnlock, InvalidInput, PermissionDenied
from pairdesk.services import (
    attendance,
    consents,
    documents,
    team,
    tutoring,
    vaults,
    wellbeing,
    workshops,
)
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
    workshop: int = 0
    members: dict[Role, int] = field(default_factory=dict)

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
    workshop = insert_workshop(owner, TODAY)
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
            workshop,
            ids,
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


# -- attendance's names (migration 0010) ----------------------------------------------------


def _as(roles: Team, login: str) -> ServiceContext:
    vault = open_server(roles.address(login), PASSWORD)
    operator = vaults.server_operator(vault)
    assert operator is not None
    return ServiceContext(vault, operator, lambda: TODAY)


def _register_both(roles: Team) -> int:
    """Both participants registered; a third one, never registered, exists too."""
    for pid in (roles.tutee, roles.other):
        workshops.register(roles.owner, roles.workshop, pid)
    unregistered = insert_participant(roles.owner, "Eden", "Jamais", pseudonym="Eden")
    consents.record_consent(
        roles.owner, roles.other, ConsentPurpose.COLLECTIVE_DOCUMENTS, TODAY, ConsentMethod.ORAL
    )
    return unregistered


@pytest.mark.parametrize("who", ["peer_helper", "volunteer"])
def test_every_attendee_is_named_for_a_peer_helper_and_a_volunteer(roles: Team, who: str) -> None:
    _register_both(roles)
    ctx = _as(roles, getattr(roles, who))
    try:
        detail = workshops.get_workshop(ctx, roles.workshop)
        names = [(r.participant_id, r.display_name) for r in detail.registrations]
        assert names == [(roles.other, "Dominique Autre"), (roles.tutee, "Camille Suivie")]
        sheet = documents.attendance_sheet_data(ctx, roles.workshop)
        # the same sheet as the coordinator's: the one who consented is named
        assert [p.display_name for p in sheet.people] == [
            p.display_name
            for p in documents.attendance_sheet_data(roles.owner, roles.workshop).people
        ]
        assert "Dominique Autre" in [p.display_name for p in sheet.people]
        found = attendance.find_for_check_in(ctx, roles.workshop, "autre")
        assert [c.participant_id for c in found] == [roles.other]
    finally:
        ctx.vault.close()


def test_the_view_gives_names_of_registered_people_and_nothing_else(roles: Team) -> None:
    unregistered = _register_both(roles)
    who = roles.peer_helper
    # the participant table still hides the others
    assert roles.rows(who, "SELECT id FROM participant ORDER BY id") == [str(roles.tutee)]
    listed = roles.rows(who, "SELECT id FROM attendee_name ORDER BY id")
    assert listed == sorted([str(roles.tutee), str(roles.other)], key=int)
    assert str(unregistered) not in listed
    columns = roles.rows(
        who,
        "SELECT column_name FROM information_schema.columns "
        "WHERE table_name = 'attendee_name' ORDER BY ordinal_position",
    )
    assert columns == ["id", "first_name", "last_name", "pseudonym"]
    for sql in (
        "SELECT notes FROM attendee_name",
        "SELECT health_notes FROM attendee_name",
        f"SELECT triggers FROM wellbeing_plan WHERE participant_id = {roles.other}",
    ):
        result = roles.psql(who, sql)
        assert result.returncode != 0 or result.stdout.strip() == "", sql
    consent_columns = roles.rows(
        roles.volunteer,
        "SELECT column_name FROM information_schema.columns "
        "WHERE table_name = 'attendee_consent' ORDER BY ordinal_position",
    )
    assert consent_columns == ["participant_id", "given_on", "withdrawn_on"]
    assert roles.rows(roles.volunteer, "SELECT participant_id FROM attendee_consent") == [
        str(roles.other)
    ]
    # a volunteer reads the names but still no participant
    assert roles.psql(roles.volunteer, "SELECT id FROM participant").returncode != 0
    # nobody writes through the views
    refused = roles.psql(roles.peer_helper, "UPDATE attendee_name SET first_name = 'x'")
    assert refused.returncode != 0


# -- a login follows its member's role and state (migration 0010) ---------------------------


def test_a_role_change_moves_the_login_to_the_other_group(roles: Team) -> None:
    volunteer_id = roles.members[Role.VOLUNTEER]
    assert roles.psql(roles.volunteer, "SELECT id FROM participant").returncode != 0
    coordinator = _as(roles, roles.coordinator)
    try:
        data = team.TeamMemberInput(
            first_name=roles.volunteer, last_name="Fictif", role=Role.PEER_HELPER
        )
        team.update_member(coordinator, volunteer_id, data)
    finally:
        coordinator.vault.close()
    tutoring.set_tutoring(roles.owner, roles.other, volunteer_id, started_on=TODAY)
    # now a peer helper: reads the person they tutor, no one else
    assert roles.rows(roles.volunteer, "SELECT id FROM participant") == [str(roles.other)]
    ctx = _as(roles, roles.volunteer)
    try:
        assert ctx.operator.role is Role.PEER_HELPER
    finally:
        ctx.vault.close()


def test_only_a_coordinator_changes_a_login(roles: Team) -> None:
    target = roles.members[Role.VOLUNTEER]
    for call in (
        f"SELECT pairdesk_server.set_member_role({target}, 'coordinator')",
        f"SELECT pairdesk_server.disable_member({target})",
        f"SELECT pairdesk_server.enable_member({target})",
    ):
        refused = roles.psql(roles.peer_helper, call)
        assert refused.returncode != 0 and "permission denied" in refused.stderr, call
    helper = _as(roles, roles.peer_helper)
    try:
        with pytest.raises(PermissionDenied):
            team.deactivate_member(helper, target)
    finally:
        helper.vault.close()
    assert roles.rows(roles.volunteer, "SELECT count(*) FROM workshop") == ["1"]


def test_a_disabled_login_cannot_connect_and_comes_back_when_reactivated(roles: Team) -> None:
    import psycopg

    member = roles.members[Role.PEER_HELPER]
    # a session opened before: it loses its rights (or is ended) at once
    session = psycopg.connect(
        host="127.0.0.1",
        port=roles.cluster.port,
        user=roles.peer_helper,
        password=PASSWORD,
        dbname=roles.database,
        autocommit=True,
    )
    try:
        assert session.execute("SELECT count(*) FROM participant").fetchone() == (1,)
        coordinator = _as(roles, roles.coordinator)
        try:
            team.deactivate_member(coordinator, member)
        finally:
            coordinator.vault.close()
        with pytest.raises(psycopg.Error):
            session.execute("SELECT count(*) FROM participant").fetchone()
    finally:
        session.close()
    refused = roles.psql(roles.peer_helper, "SELECT 1")
    assert refused.returncode != 0 and "not permitted to log in" in refused.stderr
    with pytest.raises(CannotUnlock, match=roles.peer_helper):
        open_server(roles.address(roles.peer_helper), PASSWORD)
    team.reactivate_member(roles.owner, member)
    assert roles.rows(roles.peer_helper, "SELECT id FROM participant") == [str(roles.tutee)]


# -- marking attendance as a volunteer or a peer helper (migration 0010) --------------------


def _last_contact(roles: Team, pid: int) -> dt.date | None:
    from pairdesk.store.models import Participant

    with roles.owner.transaction() as session:
        person = session.get(Participant, pid)
        assert person is not None
        session.refresh(person)
        return person.last_contact_on


@pytest.mark.parametrize("who", ["peer_helper", "volunteer"])
def test_a_volunteer_or_a_peer_helper_marks_every_attendee(roles: Team, who: str) -> None:
    from pairdesk.domain.enums import Attendance

    _register_both(roles)
    ctx = _as(roles, getattr(roles, who))
    try:
        row = attendance.mark_attendance(ctx, roles.workshop, roles.other, Attendance.PRESENT)
        assert row.display_name == "Dominique Autre"
        attendance.set_satisfaction(ctx, roles.workshop, roles.other, 4)
        attendance.check_in(ctx, roles.workshop, roles.tutee)
        attendance.mark_all(
            ctx,
            roles.workshop,
            [attendance.AttendanceEntry(roles.other, Attendance.PRESENT, 5)],
        )
    finally:
        ctx.vault.close()
    assert _last_contact(roles, roles.other) == TODAY
    assert _last_contact(roles, roles.tutee) == TODAY
    # Their active days too, although the login reads neither's other records: the
    # server's refresh_activity wrote them (store.activity_years).
    from pairdesk.domain.activity_days import year_words

    words = "|".join(str(w) for w in year_words([TODAY])[TODAY.year])
    active = roles.rows(
        roles.coordinator,
        "SELECT participant_id, year, w0, w1, w2, w3, w4, w5 FROM activity_year",
    )
    assert sorted(active) == sorted(
        f"{pid}|{TODAY.year}|{words}" for pid in (roles.other, roles.tutee)
    )


def test_the_last_contact_function_moves_only_a_present_attendee(roles: Team) -> None:
    _register_both(roles)
    call = f"SELECT pairdesk_server.attended({roles.other}, DATE '{TODAY.isoformat()}')"
    refused = roles.psql(roles.volunteer, call)  # registered, not marked present
    assert refused.returncode != 0 and "not marked present" in refused.stderr
    assert _last_contact(roles, roles.other) is None
    # and the volunteer still reads nothing of the file itself
    assert roles.psql(roles.volunteer, "SELECT last_contact_on FROM participant").returncode


def test_an_owner_with_createrole_only_changes_logins(pg_cluster: pg.PgCluster) -> None:
    """The README's set-up: the vault owner is no superuser, only CREATEROLE."""
    import contextlib

    from pairdesk.store.server import create_server_vault

    suffix = uuid.uuid4().hex[:8]
    owner, database, login = f"own_{suffix}", f"gem_{suffix}", f"vol_{suffix}"
    pg_cluster.admin(f"CREATE ROLE {owner} LOGIN CREATEROLE PASSWORD '{PASSWORD}'")
    pg_cluster.admin(f"CREATE DATABASE {database} OWNER {owner}")
    address = f"postgresql://{owner}@127.0.0.1:{pg_cluster.port}/{database}"
    member_address = address.replace(f"{owner}@", f"{login}@")
    try:
        vault = create_server_vault(address, PASSWORD, association_name="GEM", today=TODAY)
        try:
            ctx = ServiceContext(vault, Operator(None, "owner", Role.COORDINATOR), lambda: TODAY)
            data = team.TeamMemberInput(first_name="Vera", last_name="Fictive", role=Role.VOLUNTEER)
            member = team.add_server_member(ctx, data, login, PASSWORD)
            changed = team.TeamMemberInput("Vera", "Fictive", Role.PEER_HELPER)
            team.update_member(ctx, member.id, changed)
            team.deactivate_member(ctx, member.id)
            with pytest.raises(CannotUnlock):
                open_server(member_address, PASSWORD)
            team.reactivate_member(ctx, member.id)
        finally:
            vault.close()
        again = open_server(member_address, PASSWORD)
        try:
            operator = vaults.server_operator(again)
            assert operator is not None and operator.role is Role.PEER_HELPER
        finally:
            again.close()
    finally:
        pg_cluster.drop_database(database)
        groups = [f"{database}_{role.value}" for role in Role]
        for role in (login, *groups, owner):
            with contextlib.suppress(Exception):
                pg_cluster.admin(f'DROP ROLE IF EXISTS "{role}"')


def test_a_peer_helper_records_a_tutees_assessments_and_their_summaries_follow(
    roles: Team,
) -> None:
    """The progress rows a save rewrites (store.assessment_progress) are under the same
    row policies as the assessments: a peer helper's save of a tutee's assessment writes
    them, and their login reads the tutee's rows only."""
    from pairdesk.domain.enums import AssessmentDomain
    from pairdesk.services import assessments

    confidence = AssessmentDomain.CONFIDENCE
    assessments.record_self_assessment(roles.owner, roles.other, TODAY, {confidence: 4})
    helper = _as(roles, roles.peer_helper)
    try:
        assessments.record_self_assessment(
            helper, roles.tutee, TODAY - dt.timedelta(days=30), {confidence: 3}
        )
        assessments.record_self_assessment(helper, roles.tutee, TODAY, {confidence: 6})
    finally:
        helper.vault.close()
    seen = roles.rows(
        roles.peer_helper, "SELECT participant_id, rated, total FROM assessment_progress"
    )
    assert sorted(seen) == sorted([f"{roles.tutee}|0|0", f"{roles.tutee}|1|3"])
    everyone = roles.rows(roles.coordinator, "SELECT participant_id FROM assessment_progress")
    assert sorted(everyone) == sorted([str(roles.other), str(roles.tutee), str(roles.tutee)])
    # and so are the active days the same saves rewrite (store.activity_years)
    active = roles.rows(roles.peer_helper, "SELECT DISTINCT participant_id FROM activity_year")
    assert active == [str(roles.tutee)]
    everyone = roles.rows(roles.coordinator, "SELECT DISTINCT participant_id FROM activity_year")
    assert sorted(everyone) == sorted([str(roles.other), str(roles.tutee)])

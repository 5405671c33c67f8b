"""A vault file copied from a server remembers it and opens read-only (issue 14, "Offline
stays first"): reading and a print's audit line work, every other change is refused with
one message; made independent it can be changed, and never goes back over that server."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from pairdesk.domain.enums import AuditAction, Role
from pairdesk.errors import InvalidInput, PermissionDenied
from pairdesk.services import documents, drafts, participants, transfer, vaults
from pairdesk.services.context import Operator, ServiceContext
from pairdesk.store import server_copy
from pairdesk.store.models import AuditEntry, Participant, Setting
from pairdesk.store.server import open_server
from pairdesk.store.vault import open_vault
from tests import pg
from tests.factories import PASSPHRASE, insert_participant, make_participant

# Not marked both_engines: a file copied from a server: both engines already, each where it belongs.

TODAY = dt.date(2026, 11, 25)
ADDRESS = "postgresql://marie@gem.example.org:5433/tilleuls"
TAKEN = dt.datetime(2026, 11, 24, 17, 30, tzinfo=dt.UTC)
COORDINATOR = Operator(id=None, name="Test", role=Role.COORDINATOR)


def _as_copy(path: Path, address: str = ADDRESS) -> int:
    """Mark the vault file at ``path`` as a server's copy (what ``transfer`` writes); the
    id of a participant it holds."""
    with open_vault(path, PASSPHRASE) as vault:
        ctx = ServiceContext(vault, COORDINATOR, lambda: TODAY)
        person = insert_participant(ctx, "Camille", "Fictif")
        with vault.engine.begin() as conn:
            server_copy.record(conn, address, TAKEN)
    return person


def _open(path: Path) -> ServiceContext:
    return ServiceContext(open_vault(path, PASSPHRASE), COORDINATOR, lambda: TODAY)


def _audit_lines(ctx: ServiceContext) -> int:
    with ctx.transaction() as session:
        return int(session.scalar(select(func.count()).select_from(AuditEntry)) or 0)


def test_a_copy_reads_and_prints_but_refuses_any_change(vault_path: Path) -> None:
    person = _as_copy(vault_path)
    ctx = _open(vault_path)
    with ctx.vault:
        copy = vaults.read_only_copy(ctx)
        assert copy is not None and copy.address == ADDRESS and copy.taken_at == TAKEN
        assert participants.get_participant(ctx, person).first_name == "Camille"
        before = _audit_lines(ctx)
        documents.attestation_data(ctx, person, dt.date(2026, 1, 1), TODAY)  # a print
        assert _audit_lines(ctx) == before + 1

        with pytest.raises(vaults.ReadOnlyCopy) as refused:
            make_participant(ctx, "Alex", "Essai")
        message = refused.value.message
        assert "postgresql://marie@gem.example.org:5433/tilleuls" in message
        assert "lecture seule" in message and "pairdesk independent" in message
        assert refused.value.exit_code == PermissionDenied.exit_code

        # Every way to change a row is refused, not only the services' ORM objects.
        with pytest.raises(vaults.ReadOnlyCopy), ctx.transaction() as session:
            session.execute(update(Participant).values(first_name="Changé"))
        with pytest.raises(vaults.ReadOnlyCopy), ctx.transaction() as session:
            session.execute(update(AuditEntry).values(detail="rewritten"))
        with pytest.raises(vaults.ReadOnlyCopy):
            drafts.save_draft(ctx, "participants/identity", "participants", {"a": 1})
        assert participants.get_participant(ctx, person).first_name == "Camille"
        assert _audit_lines(ctx) == before + 1


def test_a_copy_made_independent_can_be_changed_and_keeps_its_origin(vault_path: Path) -> None:
    _as_copy(vault_path)
    ctx = _open(vault_path)
    with ctx.vault:
        made = vaults.make_independent(ctx, now=TAKEN + dt.timedelta(days=1))
        assert vaults.read_only_copy(ctx) is None
        make_participant(ctx, "Alex", "Essai")  # at once, in the same session
        with pytest.raises(InvalidInput):
            vaults.make_independent(ctx)  # once is enough
    ctx = _open(vault_path)
    with ctx.vault:
        copy = vaults.server_copy(ctx)
        assert copy == made and copy is not None and not copy.read_only
        assert copy.address == ADDRESS
        make_participant(ctx, "Sam", "Exemple")


def test_only_a_coordinator_makes_a_copy_independent(vault_path: Path) -> None:
    _as_copy(vault_path)
    ctx = _open(vault_path).with_operator(Operator(id=3, name="PA", role=Role.PEER_HELPER))
    with ctx.vault:
        with pytest.raises(PermissionDenied):
            vaults.make_independent(ctx)
        assert vaults.read_only_copy(ctx) is not None


def test_an_ordinary_vault_is_no_copy(vault_path: Path) -> None:
    ctx = _open(vault_path)
    with ctx.vault:
        assert vaults.server_copy(ctx) is None
        with pytest.raises(InvalidInput):
            vaults.make_independent(ctx)


def test_the_same_server_is_recognised_whoever_logs_in() -> None:
    copy = server_copy.ServerCopy(ADDRESS, TAKEN)
    assert copy.same_server("postgresql://paul@GEM.example.org:5433/tilleuls")
    assert not copy.same_server("postgresql://marie@gem.example.org:5433/autre")
    assert not copy.same_server("postgresql://marie@gem.example.org/tilleuls")
    local = server_copy.ServerCopy("postgresql://marie@localhost/tilleuls", TAKEN)
    assert local.same_server("postgresql://marie@127.0.0.1:5432/tilleuls")


def test_statements_a_copy_lets_through() -> None:
    assert not server_copy.is_write("SELECT 1")
    assert not server_copy.is_write("INSERT INTO audit_entry (operator_id) VALUES (?)")
    assert not server_copy.is_write("WITH x AS (SELECT 1) SELECT * FROM x")
    for statement in (
        "INSERT INTO participant (first_name) VALUES (?)",
        "insert into audit_entry_old values (1)",
        "UPDATE audit_entry SET detail = ''",
        "DELETE FROM setting",
        "REPLACE INTO setting VALUES (?, ?)",
        "CREATE TABLE x (a)",
        "WITH x AS (SELECT 1) DELETE FROM participant",
    ):
        assert server_copy.is_write(statement), statement


# -- with a real server ----------------------------------------------------------------------


def _server_with_one_person(address: str) -> None:
    with open_server(address, pg.PG_PASSWORD) as vault:
        make_participant(ServiceContext(vault, COORDINATOR, lambda: TODAY), "Dominique", "Test")


def test_a_backup_of_a_server_is_a_read_only_copy_that_restores_onto_an_empty_server(
    pg_address: str, pg_cluster: pg.PgCluster, tmp_path: Path
) -> None:
    _server_with_one_person(pg_address)
    copy_path = tmp_path / "copy.pairdesk"
    before = dt.datetime.now(dt.UTC).replace(microsecond=0)
    with open_server(pg_address, pg.PG_PASSWORD) as server:
        transfer.backup_server(server, copy_path)
    ctx = ServiceContext(open_vault(copy_path, pg.PG_PASSWORD), COORDINATOR, lambda: TODAY)
    with ctx.vault:
        copy = vaults.read_only_copy(ctx)
        assert copy is not None
        assert copy.address == pg_address
        assert copy.same_server(pg_address) and copy.taken_at >= before
        assert ":" not in copy.address.split("@")[0].removeprefix("postgresql://")  # no password
        with pytest.raises(vaults.ReadOnlyCopy):
            make_participant(ctx, "Alex", "Essai")

    # The restore path: the read-only copy onto an empty database, which forgets the origin.
    database = pg_cluster.new_database(template=None)
    restored = pg_cluster.address(database)
    try:
        result = transfer.transfer(copy_path, pg.PG_PASSWORD, restored, pg.PG_PASSWORD)
        assert result.rows > 0
        with open_server(restored, pg.PG_PASSWORD) as vault:
            assert vault.server_copy is None
            with vault.transaction() as session:
                keys = set(session.scalars(select(Setting.key)))
            assert not keys & set(server_copy.KEYS)
            make_participant(ServiceContext(vault, COORDINATOR, lambda: TODAY), "Alex", "Essai")
    finally:
        pg_cluster.drop_database(database)


def test_an_independent_copy_never_goes_back_over_its_server(
    pg_cluster: pg.PgCluster, tmp_path: Path
) -> None:
    database = pg_cluster.new_database()
    fresh = pg_cluster.new_database(template=None)
    try:
        copy_path = tmp_path / "copy.pairdesk"
        transfer.transfer(pg_cluster.address(database), pg.PG_PASSWORD, copy_path, PASSPHRASE)
        ctx = _open(copy_path)
        with ctx.vault:
            assert vaults.read_only_copy(ctx) is not None
            vaults.make_independent(ctx)
        # Even emptied, the same database (named with another login) is refused.
        pg_cluster.drop_database(database)
        pg_cluster.admin(f'CREATE DATABASE "{database}"')
        other_login = pg_cluster.address(database).replace(f"{pg.PG_USER}@", "someone@")
        with pytest.raises(InvalidInput) as refused:
            transfer.transfer(copy_path, PASSPHRASE, other_login, pg.PG_PASSWORD)
        assert "rendu indépendant" in refused.value.message and "fusion" in refused.value.message
        # Another, empty, database takes it, as that server's own vault.
        transfer.transfer(copy_path, PASSPHRASE, pg_cluster.address(fresh), pg.PG_PASSWORD)
        with open_server(pg_cluster.address(fresh), pg.PG_PASSWORD) as vault:
            assert vault.server_copy is None
    finally:
        pg_cluster.drop_database(database)
        pg_cluster.drop_database(fresh)


def test_a_print_on_a_copy_keeps_its_audit_line_locally(vault_path: Path) -> None:
    person = _as_copy(vault_path)
    ctx = _open(vault_path)
    with ctx.vault:
        documents.attestation_data(
            ctx, person, dt.date(2026, 1, 1), TODAY, action=AuditAction.PRINT
        )
        with ctx.transaction() as session:
            last = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
            assert last is not None and last.action == AuditAction.PRINT.value


def test_signing_in_to_a_copy_with_an_empty_team_writes_nothing(vault_path: Path) -> None:
    from pairdesk.services import sessions

    _as_copy(vault_path)
    ctx = _open(vault_path)
    with ctx.vault:
        assert sessions.team_is_empty(ctx)
        operator = sessions.create_first_coordinator(ctx, "Marie", " Exemple ")
        assert operator == Operator(id=None, name="Marie Exemple", role=Role.COORDINATOR)
        assert sessions.team_is_empty(ctx)

"""A vault on PostgreSQL (issue 14): addresses, TLS defaults, the schema the migrations
build, the trigram search index, and what the pool does after a connection died."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select, text

from pairdesk.domain.enums import Role
from pairdesk.errors import CannotUnlock, UsageError
from pairdesk.services import participants
from pairdesk.services.context import Operator, ServiceContext
from pairdesk.store.addresses import is_server_address, parse_address
from pairdesk.store.models import Base
from pairdesk.store.server import ServerVault, engine_url, open_server
from tests import pg
from tests.factories import make_participant


def test_addresses_name_a_server_or_a_file() -> None:
    assert is_server_address("postgresql://gem@db.example.org/gem")
    assert is_server_address(" POSTGRES://gem@db/gem")
    assert not is_server_address("/home/gem/vault.pairdesk")
    assert not is_server_address(None)
    address = parse_address("postgresql://anne%20m@[2001:db8::1]:5433/gem_tilleuls")
    assert (address.user, address.host, address.port) == ("anne m", "2001:db8::1", 5433)
    assert address.database == "gem_tilleuls"
    assert address.display() == "postgresql://anne m@[2001:db8::1]:5433/gem_tilleuls"


@pytest.mark.parametrize(
    "raw",
    [
        "postgresql://db.example.org/gem",  # no user
        "postgresql://gem@db.example.org/",  # no database
        "postgresql://gem@db.example.org:port/gem",
        "postgresql://gem@db.example.org/gem?options=-c%20x",  # not an allowed option
    ],
)
def test_bad_addresses_are_usage_errors(raw: str) -> None:
    with pytest.raises(UsageError):
        parse_address(raw)


def test_a_password_in_the_address_is_refused() -> None:
    with pytest.raises(UsageError, match="mot de passe"):
        parse_address("postgresql://gem:secret@db.example.org/gem")


def test_tls_is_verified_except_on_this_machine() -> None:
    remote = engine_url(parse_address("postgresql://gem@db.example.org/gem"), "pw")
    assert remote.query["sslmode"] == "verify-full"
    assert remote.query["sslrootcert"] == "system"
    own_ca = parse_address("postgresql://gem@db.example.org/gem?sslrootcert=/etc/gem/ca.crt")
    assert engine_url(own_ca, "pw").query["sslrootcert"] == "/etc/gem/ca.crt"
    said = parse_address("postgresql://gem@db.example.org/gem?sslmode=require")
    assert engine_url(said, "pw").query["sslmode"] == "require"
    for local in (
        "postgresql://gem@localhost/gem",
        "postgresql://gem@127.0.0.1:5433/gem",
        "postgresql://gem@/gem?host=/run/postgresql",
    ):
        assert "sslmode" not in engine_url(parse_address(local), "pw").query


def test_no_postgresql_installed_is_told_apart(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A fresh clone without PostgreSQL skips the server tests (the README's command keeps
    working); .ci/run says ``required`` and then the same absence fails the run."""
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(pg.PostgresNotInstalled, match="not installed"):
        pg.find_bin_dir(tmp_path)
    monkeypatch.setenv("PAIRDESK_PG_TESTS", "required")
    assert pg.pg_tests_required() and not pg.pg_tests_disabled()
    monkeypatch.setenv("PAIRDESK_PG_TESTS", "off")
    assert pg.pg_tests_disabled() and not pg.pg_tests_required()


def test_migrations_build_the_models_on_postgresql(pg_address: str) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    vault = open_server(pg_address, pg.PG_PASSWORD)
    try:
        with vault.connection() as conn:
            context = MigrationContext.configure(
                conn,
                opts={
                    "include_object": lambda obj, name, type_, r, c: (
                        name != "ix_participant_search_trgm"
                    ),
                    "compare_type": True,
                },
            )
            assert compare_metadata(context, Base.metadata) == []
            indexes = conn.execute(
                text(
                    "SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_participant_search_trgm'"
                )
            ).scalar()
            assert indexes is not None and "gin_trgm_ops" in indexes
    finally:
        vault.close()


def test_search_uses_the_trigram_index(pg_address: str) -> None:
    """The same folded search as FTS5, answered by the GIN index once the planner must."""
    vault = open_server(pg_address, pg.PG_PASSWORD)
    ctx = ServiceContext(
        vault, Operator(None, "t", Role.COORDINATOR), lambda: dt.date(2026, 11, 25)
    )
    try:
        for first, last in (("Hélène", "Dupré"), ("Éric", "Martin"), ("Anne", "Helm")):
            make_participant(ctx, first, last)
        found = participants.list_participants(ctx, participants.ParticipantFilter(search="HELE"))
        assert [p.first_name for p in found] == ["Hélène"]
        found = participants.list_participants(ctx, participants.ParticipantFilter(search="e mar"))
        assert [p.first_name for p in found] == ["Éric"]
        with vault.connection() as conn:
            conn.execute(text("SET enable_seqscan = off"))
            plan = "\n".join(
                row[0]
                for row in conn.execute(
                    text(
                        "EXPLAIN SELECT id FROM participant "
                        "WHERE search_text LIKE '%hel%' ESCAPE '\\'"
                    )
                )
            )
        assert "ix_participant_search_trgm" in plan
    finally:
        vault.close()


def test_a_dead_connection_is_replaced_after_sleep(
    pg_cluster: pg.PgCluster, pg_address: str
) -> None:
    """pool_pre_ping: a connection the server dropped (a laptop's sleep, a restart) is
    noticed before use and replaced, instead of failing the next action."""
    vault = open_server(pg_address, pg.PG_PASSWORD)
    try:
        with vault.transaction() as session:
            session.execute(select(1))
        database = pg_address.rsplit("/", 1)[1]
        pg_cluster.admin(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            f"WHERE datname = '{database}' AND pid <> pg_backend_pid()"
        )
        with vault.transaction() as session:
            assert session.execute(select(1)).scalar() == 1
    finally:
        vault.close()


def test_an_empty_database_is_no_vault_until_init(pg_cluster: pg.PgCluster) -> None:
    database = pg_cluster.new_database(template=None)
    try:
        with pytest.raises(CannotUnlock, match="pairdesk init"):
            open_server(pg_cluster.address(database), pg.PG_PASSWORD)
    finally:
        pg_cluster.drop_database(database)


def test_a_server_vault_is_a_vault_without_a_file(pg_address: str) -> None:
    vault = open_server(pg_address, pg.PG_PASSWORD)
    try:
        assert isinstance(vault, ServerVault) and vault.is_server
        assert vault.lock is None and vault.page_check is None
        assert vault.integrity().schema_revision is not None
    finally:
        vault.close()


NAMES = [
    ("Éric", "Ledoux", "éclair", "Évry"),
    ("eric", "le Doux", "Eclair", "evry"),
    ("Zoé", "Abadie", "zz", "Arles"),
    ("anne-marie", "d'Almeida", "Anne", "angers"),
    ("Anne Marie", "Dalmeida", "anne", "Angers"),
    ("Øyvind", "Østergaard", "ø", "Oslo"),
    ("Łukasz", "Łukasiewicz", "_x", "Łódź"),
    ("BOB", "bob", "Bob", "BOB"),
    ("İlkay", "Ünal", "ilk", "İzmir"),
    ("ß", "Straße", "Strasse", "Köln"),
]
QUERIES = ["e", "er", "eri", "eric ledoux", "dou", "ALMEIDA", "anne mar", "ø", "oy", "lukas",
           "_", "%", "strasse", "ss", "zz", "ilk", "koln", "bo b", "'", "d'al"]  # fmt: skip


def test_sorts_and_searches_give_the_same_answers_on_both_engines(
    vault_path: object, pg_address: str
) -> None:
    """The same participants on a file and on a server: every sort, both directions, and
    a set of searches (accents, case, short terms, LIKE's special characters) return the
    same ids in the same order."""
    from pathlib import Path

    from pairdesk.store.vault import open_vault
    from tests.conftest import PASSPHRASE

    answers = []
    for vault in (
        open_vault(Path(str(vault_path)), PASSPHRASE),
        open_server(pg_address, pg.PG_PASSWORD),
    ):
        ctx = ServiceContext(
            vault, Operator(None, "t", Role.COORDINATOR), lambda: dt.date(2026, 11, 25)
        )
        try:
            for first, last, pseudonym, city in NAMES:
                make_participant(ctx, first, last, pseudonym=pseudonym, city=city)
            seen: list[object] = []
            for sort in participants.ParticipantSort:
                for descending in (False, True):
                    rows = participants.list_participants(
                        ctx, participants.ParticipantFilter(), sort=sort, descending=descending
                    )
                    seen.append((sort, descending, [r.id for r in rows]))
            for query in QUERIES:
                rows = participants.list_participants(
                    ctx, participants.ParticipantFilter(search=query)
                )
                seen.append((query, [r.id for r in rows]))
            answers.append(seen)
        finally:
            vault.close()
    file_answers, server_answers = answers
    assert server_answers == file_answers
    assert any(ids for *_, ids in file_answers[-len(QUERIES) :])  # the searches find people

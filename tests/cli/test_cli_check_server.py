"""``pairdesk check`` on a PostgreSQL server (issue 14): no SQLCipher lines (the server
checks its own pages), but the login, the connection, the migrations and each table's
rows; a database without pairdesk's schema fails."""

from __future__ import annotations

import pytest

from pairdesk.errors import ExitCode
from tests import pg
from tests.factories import run_cli


def test_check_on_a_server_reports_connection_migrations_and_rows(
    monkeypatch: pytest.MonkeyPatch, pg_address: str
) -> None:
    code, text = run_cli(monkeypatch, "check", "--vault", pg_address, passphrase=pg.PG_PASSWORD)
    assert code == ExitCode.OK, text
    assert "Encryption" not in text and "Chiffrement" not in text
    assert "pages" not in text
    assert pg.PG_USER in text
    assert "PostgreSQL" in text
    assert "(à jour)" in text  # the tests speak French
    lines = {line.split()[0]: line.split()[-1] for line in text.splitlines() if line[:2] == "  "}
    assert lines["association"] == "1"  # the template's profile
    assert lines["participant"] == "0"


def test_check_on_a_server_database_without_a_vault_fails(
    monkeypatch: pytest.MonkeyPatch, pg_cluster: pg.PgCluster
) -> None:
    database = pg_cluster.new_database(template=None)
    try:
        code, text = run_cli(
            monkeypatch,
            "check",
            "--vault",
            pg_cluster.address(database),
            passphrase=pg.PG_PASSWORD,
        )
    finally:
        pg_cluster.drop_database(database)
    assert code == ExitCode.DAMAGED, text
    assert "pairdesk init" in text


def test_check_with_a_wrong_password_says_so(
    monkeypatch: pytest.MonkeyPatch, pg_address: str
) -> None:
    code, text = run_cli(monkeypatch, "check", "--vault", pg_address, passphrase="not it")
    assert code == ExitCode.CANNOT_UNLOCK, text
    assert "Traceback" not in text

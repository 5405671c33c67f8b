"""The command line on a PostgreSQL server (issue 14): ``init`` on an empty database, the
same demo data giving the same lists and indicators as on a file, the login as operator,
and the exit codes of an unreachable server and a refused certificate."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest

from pairdesk.cli import main
from pairdesk.errors import ExitCode
from tests import pg

PASSPHRASE = "correct horse ’ battery é"  # the same as tests/conftest.py
TODAY = "2026-11-25"


class _Cli:
    def __init__(self, folder: Path) -> None:
        self.file_secret = folder / "passphrase.txt"
        self.file_secret.write_text(PASSPHRASE + "\n", encoding="utf-8")
        self.server_secret = folder / "password.txt"
        self.server_secret.write_text(pg.PG_PASSWORD + "\n", encoding="utf-8")

    def secret(self, vault: str) -> Path:
        return self.server_secret if vault.startswith("postgresql://") else self.file_secret

    def run(self, *args: str, vault: str) -> tuple[int, str]:
        out = io.StringIO()
        code = main(
            [*args, "--vault", vault, "--passphrase-file", str(self.secret(vault))], out=out
        )
        return code, out.getvalue()

    def ok(self, *args: str, vault: str) -> str:
        code, text = self.run(*args, vault=vault)
        assert code == 0, text
        return text


def _by_id(rows: list[dict[str, object]]) -> dict[object, dict[str, object]]:
    return {row["id"]: row for row in rows}


def test_demo_data_on_a_file_and_on_a_server_give_the_same_lists_and_indicators(
    vault_template: Path, pg_cluster: pg.PgCluster, tmp_path: Path
) -> None:
    cli = _Cli(tmp_path)
    file_vault = tmp_path / "demo.pairdesk"
    shutil.copyfile(vault_template, file_vault)
    database = pg_cluster.new_database(template=None)  # empty: init creates the schema
    server = pg_cluster.address(database)
    created = cli.ok("init", "--association", "GEM Les Tilleuls", vault=server)
    assert server in created

    demo = ("demo-data", "--participants", "30", "--seed", "7", "--today", TODAY)
    cli.ok(*demo, vault=str(file_vault))
    cli.ok(*demo, vault=server)

    def outputs(vault: str, *who: str) -> tuple[object, object]:
        people = cli.ok("participants", "--format", "json", *who, vault=vault)
        figures = cli.ok(
            "indicators", "--format", "json", "--from", "2025-11-26", "--to", TODAY, *who,
            vault=vault,
        )  # fmt: skip
        return json.loads(people), json.loads(figures)

    file_people, file_figures = outputs(str(file_vault), "--operator", "1")
    server_people, server_figures = outputs(server)
    assert len(file_people) == 30
    assert _by_id(server_people) == _by_id(file_people)
    assert [p["id"] for p in server_people] == [p["id"] for p in file_people]  # same order
    assert server_figures == file_figures
    assert file_figures["workshops_held"]["value"] > 0
    pg_cluster.drop_database(database)


def test_on_a_server_the_login_is_the_operator(
    pg_address: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cli = _Cli(tmp_path)
    code, _ = cli.run("participants", "--operator", "1", vault=pg_address)
    assert code == ExitCode.USAGE
    pin = tmp_path / "pin.txt"
    pin.write_text("1234", encoding="utf-8")
    code, _ = cli.run("participants", "--pin-file", str(pin), vault=pg_address)
    assert code == ExitCode.USAGE
    monkeypatch.setenv("PAIRDESK_OPERATOR", "Someone Else")  # ignored on a server
    cli.ok("participants", "--format", "json", vault=pg_address)

    from pairdesk.services import audit, vaults

    ctx = vaults.unlock(pg_address, pg.PG_PASSWORD)
    try:
        assert ctx.operator.name == pg.PG_USER
        entries = audit.list_audit(ctx)
    finally:
        ctx.vault.close()
    assert entries and all(entry.operator_name == pg.PG_USER for entry in entries)


def test_init_refuses_a_database_that_is_not_empty(pg_address: str, tmp_path: Path) -> None:
    code, _ = _Cli(tmp_path).run("init", "--association", "Other", vault=pg_address)
    assert code == ExitCode.INVALID_INPUT


def test_a_wrong_password_an_unreachable_server_and_a_refused_certificate(
    pg_cluster: pg.PgCluster, pg_address: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cli = _Cli(tmp_path)
    cli.server_secret.write_text("not the password\n", encoding="utf-8")
    code, _ = cli.run("participants", vault=pg_address)
    assert code == ExitCode.CANNOT_UNLOCK
    cli.server_secret.write_text(pg.PG_PASSWORD + "\n", encoding="utf-8")

    closed = pg.free_port()
    code, _ = cli.run("participants", vault=f"postgresql://{pg.PG_USER}@127.0.0.1:{closed}/x")
    assert code == ExitCode.SERVER_UNREACHABLE
    assert "injoignable" in capsys.readouterr().err

    # The test server's certificate is self-signed: refused against the system's
    # authorities, accepted once the address names it as the association's own.
    code, _ = cli.run("participants", vault=pg_address + "?sslmode=verify-full")
    assert code == ExitCode.TLS_REFUSED
    assert "certificat" in capsys.readouterr().err
    own = f"{pg_address}?sslmode=verify-full&sslrootcert={pg_cluster.certificate}"
    cli.ok("participants", "--format", "json", vault=own)

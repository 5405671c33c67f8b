"""The transfer service (issue 14): values normalised alike whichever engine returned
them, checksums equal on a file and its copy on a server, and a whole copy from or to a
server refused to anyone but a coordinator."""

from __future__ import annotations

import datetime as dt
import decimal
import enum
from pathlib import Path

import pytest
from sqlalchemy import text

from pairdesk.domain.enums import Role
from pairdesk.errors import PermissionDenied
from pairdesk.services import transfer
from pairdesk.services.context import Operator
from pairdesk.store.server import open_server
from pairdesk.store.vault import open_vault
from tests import pg
from tests.factories import PASSPHRASE, insert_participant

# Not marked both_engines: each test opens the file and the server it compares itself.


class _Colour(enum.Enum):
    RED = "red"


def test_values_are_normalised_alike_on_both_engines() -> None:
    paris = dt.timezone(dt.timedelta(hours=1))
    assert transfer.normalise(dt.datetime(2026, 11, 25, 10, 0, tzinfo=paris)) == (
        transfer.normalise(dt.datetime(2026, 11, 25, 9, 0))
    )
    assert transfer.normalise(decimal.Decimal("1.50")) == transfer.normalise(decimal.Decimal("1.5"))
    assert transfer.normalise(2.0) == transfer.normalise(2) == 2
    assert transfer.normalise(0.5) == 0.5
    assert transfer.normalise(True) is True
    assert transfer.normalise(memoryview(b"\x00\xff")) == transfer.normalise(b"\x00\xff") == "00ff"
    assert transfer.normalise(dt.date(2026, 1, 2)) == "2026-01-02"
    assert transfer.normalise({"b": 1, "a": 2}) == '{"a": 2, "b": 1}'
    assert transfer.normalise(_Colour.RED) == "red"
    assert transfer.normalise(None) is None


def test_a_file_and_its_copy_on_a_server_have_the_same_checksums(
    vault_path: Path, pg_cluster: pg.PgCluster, tmp_path: Path
) -> None:
    with open_vault(vault_path, PASSPHRASE) as file_vault, file_vault.transaction() as session:
        for name in ("Ana", "Ben", "Cid"):
            insert_participant(session, name)
    database = pg_cluster.new_database(template=None)
    address = pg_cluster.address(database)
    try:
        result = transfer.transfer(vault_path, PASSPHRASE, address, pg.PG_PASSWORD)
        assert {t.name for t in result.tables} == {t.name for t in transfer.tables()}
        with open_vault(vault_path, PASSPHRASE) as file_vault:
            on_file = transfer.checksums(file_vault)
        with open_server(address, pg.PG_PASSWORD) as server_vault:
            on_server = transfer.checksums(server_vault)
        assert on_server == on_file == result.tables
        with open_server(address, pg.PG_PASSWORD) as server_vault:
            with server_vault.engine.connect() as conn:  # the planner knows the rows
                known = dict(
                    conn.execute(
                        text(
                            "SELECT relname, reltuples FROM pg_class WHERE relname IN "
                            "('participant', 'association')"
                        )
                    ).all()
                )
        copied = {t.name: t.rows for t in result.tables}
        assert known == {name: float(copied[name]) for name in ("participant", "association")}
    finally:
        pg_cluster.drop_database(database)


def test_only_a_coordinator_copies_a_server_vault(
    pg_address: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        transfer, "server_operator", lambda _vault: Operator(None, "pa", Role.PEER_HELPER)
    )
    with pytest.raises(PermissionDenied):
        transfer.transfer(pg_address, pg.PG_PASSWORD, tmp_path / "copy.pairdesk", PASSPHRASE)
    assert not list(tmp_path.glob("copy*"))

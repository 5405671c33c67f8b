"""Each SQLCipher connection's lookaside is large enough for the statements it keeps prepared
(``store.lookaside``): no small allocation falls back to ``malloc``, which memory security
makes two system calls each."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest
import sqlcipher3

from pairdesk.services.context import ServiceContext
from pairdesk.services.indicators import compute_indicators
from pairdesk.store import lookaside
from pairdesk.store.vault import open_vault
from tests.conftest import PASSPHRASE
from tests.factories import insert_participant


def _busy(path: Path, connection: object) -> int | None:
    """Many statements prepared and kept (more than the default lookaside holds), then the
    misses the connection counted."""
    cursor = connection.cursor()  # type: ignore[attr-defined]
    cursor.execute("PRAGMA key = 'k'")
    cursor.execute("CREATE TABLE t (a INTEGER, b TEXT)")
    for n in range(300):
        cursor.execute(f"INSERT INTO t VALUES ({n}, 'ligne {n}')")
        cursor.execute(f"SELECT b FROM t WHERE a = {n}").fetchall()
    return lookaside.misses(connection, path)


def test_an_enlarged_connection_never_runs_out(tmp_path: Path) -> None:
    path = tmp_path / "a.db"
    connection = sqlcipher3.dbapi2.connect(str(path))
    assert lookaside.enlarge(connection, path)
    assert _busy(path, connection) == 0
    connection.close()


def test_a_connection_left_at_the_default_runs_out(tmp_path: Path) -> None:
    """What the enlargement is for: the same work misses the default lookaside thousands of
    times (measured: about 6,000)."""
    path = tmp_path / "b.db"
    connection = sqlcipher3.dbapi2.connect(str(path))
    misses = _busy(path, connection)
    assert misses is not None and misses > 1000
    connection.close()


def test_a_read_only_connection_opened_by_uri_in_an_accented_folder(tmp_path: Path) -> None:
    """As the page check and server copies open vaults: the file's name SQLite gives back
    must match the path, spaces and accents included (``Documents/Bénévoles``)."""
    folder = tmp_path / "Bénévoles du GEM"
    folder.mkdir()
    path = folder / "coffre été.db"
    sqlcipher3.dbapi2.connect(str(path)).close()
    connection = sqlcipher3.dbapi2.connect(path.absolute().as_uri() + "?mode=ro", uri=True)
    assert lookaside.enlarge(connection, path)
    connection.close()


def test_a_connection_already_used_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "c.db"
    connection = sqlcipher3.dbapi2.connect(str(path))
    connection.execute("PRAGMA key = 'k'")
    connection.execute("CREATE TABLE t (a)")
    assert not lookaside.enlarge(connection, path)  # SQLite answers SQLITE_BUSY
    connection.execute("INSERT INTO t VALUES (1)")
    assert connection.execute("SELECT a FROM t").fetchall() == [(1,)]
    connection.close()


def test_only_a_sqlcipher_connection_on_that_file_is_touched(tmp_path: Path) -> None:
    path = tmp_path / "d.db"
    other = sqlite3.connect(path)  # the standard library's: another SQLite, another layout
    assert lookaside.handle(other, path) is None
    assert not lookaside.enlarge(other, path)
    other.close()
    connection = sqlcipher3.dbapi2.connect(str(path))
    assert lookaside.handle(connection, tmp_path / "elsewhere.db") is None
    assert lookaside.handle(connection, path) is not None
    connection.close()


@pytest.mark.parametrize(
    ("machine", "system", "expected"),
    [
        ("x86_64", "linux", True),
        ("AMD64", "win32", True),
        ("x86_64", "darwin", True),
        ("aarch64", "linux", True),
        ("arm64", "darwin", False),  # variadic arguments on the stack: ctypes would lie
        ("armv7l", "linux", False),
    ],
)
def test_the_call_is_made_only_where_ctypes_passes_it_right(
    monkeypatch: pytest.MonkeyPatch, machine: str, system: str, expected: bool
) -> None:
    monkeypatch.setattr(lookaside.platform, "machine", lambda: machine)
    monkeypatch.setattr(lookaside.sys, "platform", system)
    assert lookaside._variadic_arguments_in_registers() is expected


def test_the_vault_enlarges_each_of_its_connections(vault_path: Path) -> None:
    """A busy vault connection: entries, then a year's indicators month by month (the
    statements of every query kept prepared) without a single miss."""
    vault = open_vault(vault_path, PASSPHRASE)
    try:
        ctx = ServiceContext(vault=vault)
        for n in range(30):
            insert_participant(
                ctx, f"Prénom{n}", membership_start=dt.date(2026, 1, 1) + dt.timedelta(n)
            )
        with vault.connection() as conn:
            raw = conn.connection.driver_connection
        for month in range(1, 13):
            compute_indicators(ctx, dt.date(2026, month, 1), dt.date(2026, month, 28))
        with vault.connection() as conn:
            assert conn.connection.driver_connection is raw  # the same connection, reused
        assert lookaside.misses(raw, vault_path) == 0
    finally:
        vault.close()

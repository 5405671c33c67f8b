"""Every connection's lookaside is large enough for the statements it keeps prepared
(``store.lookaside``): no small allocation falls back to ``malloc``, which memory security
makes two system calls each."""

from __future__ import annotations

import ctypes
import datetime as dt
import importlib
from pathlib import Path

from pairdesk.services.context import ServiceContext
from pairdesk.services.indicators import compute_indicators
from pairdesk.store import lookaside, vault
from tests.factories import insert_participant

_LIBRARY = ctypes.CDLL(importlib.import_module("sqlcipher3._sqlite3").__file__)
_LOOKASIDE_MISS_FULL = 6  # SQLITE_DBSTATUS_LOOKASIDE_MISS_FULL


def _handle(raw: object) -> ctypes.c_void_p:
    """The ``sqlite3 *`` of a ``sqlcipher3`` connection: the first field after the object
    header, as in CPython's ``sqlite3`` module, checked by asking it its file's name."""
    handle = ctypes.c_void_p(ctypes.c_void_p.from_address(id(raw) + 16).value)
    _LIBRARY.sqlite3_db_filename.restype = ctypes.c_char_p
    assert _LIBRARY.sqlite3_db_filename(handle, b"main") is not None
    return handle


def _misses(raw: object) -> int:
    current, highest = ctypes.c_int(), ctypes.c_int()
    status = _LIBRARY.sqlite3_db_status(
        _handle(raw), _LOOKASIDE_MISS_FULL, ctypes.byref(current), ctypes.byref(highest), 0
    )
    assert status == 0
    return highest.value


def test_the_lookaside_was_enlarged_before_any_connection() -> None:
    assert vault.LOOKASIDE_ENLARGED


def test_a_busy_connection_never_runs_out_of_lookaside(ctx: ServiceContext) -> None:
    """Many statements prepared and cached, then the indicators: SQLite's default of
    about 120 slots ran out here (measured: 868,321 misses on the 50,000-participant vault)."""
    for n in range(30):
        insert_participant(
            ctx, f"Prénom{n}", membership_start=dt.date(2026, 1, 1) + dt.timedelta(n)
        )
    with ctx.vault.connection() as conn:
        raw = conn.connection.driver_connection
        before = _misses(raw)
    for month in range(1, 13):
        compute_indicators(ctx, dt.date(2026, month, 1), dt.date(2026, month, 28))
    with ctx.vault.connection() as conn:
        assert conn.connection.driver_connection is raw  # the same connection, reused
        assert _misses(raw) == before == 0


def test_a_library_that_cannot_be_reached_changes_nothing(tmp_path: Path) -> None:
    assert lookaside.enlarge(str(tmp_path / "missing.so")) is False

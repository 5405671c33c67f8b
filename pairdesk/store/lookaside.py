"""More lookaside memory for each SQLCipher connection (issue 12: the indicators, the writes).

SQLite serves a connection's small allocations from its *lookaside*, a buffer taken when the
connection opens; when the buffer is full, each allocation goes to ``malloc``. With
``cipher_memory_security`` (on in the app, ``store.vault``), SQLCipher locks every such
allocation in memory and wipes it when freed: two system calls each. SQLite's default lookaside
has about 120 slots, and the statements a connection keeps prepared (Python's ``sqlite3``
caches up to 128 per connection) hold them: measured on a vault of 50,000 participants, after
three queries the lookaside was full and the self-assessment pairing of the indicators made
868,321 allocations the lookaside could not serve, taking 8.0 s instead of 0.7 s.

:func:`enlarge` gives one connection, just opened, a larger lookaside with
``sqlite3_db_config(SQLITE_DBCONFIG_LOOKASIDE)``: that connection only, SQLite's global
configuration untouched. (Session 8 set it SQLite-wide with ``sqlite3_config``, which SQLite
only accepts after shutting itself down and starting again, under SQLCipher's memory hooks
``EXTRA_INIT``/``EXTRA_SHUTDOWN``; two test runs in eight then crashed in Qt code. That is
not done here.)

The connection's ``sqlite3 *`` is the first field of a ``sqlcipher3`` connection after the
object header, as in CPython's ``sqlite3`` module; it is checked by asking SQLite the file's
name before anything is changed. ``sqlite3_db_config`` takes ``...``, which ``ctypes`` cannot
declare: the call is only made where such integers and pointers are passed as for any function
(not on Apple's ARM). Wherever something does not hold, nothing changes but speed.
"""

from __future__ import annotations

import ctypes
import importlib
import logging
import os
import platform
import sys
from typing import Any

log = logging.getLogger(__name__)

#: ``SQLITE_DBCONFIG_LOOKASIDE``, ``SQLITE_OK``, ``SQLITE_DBSTATUS_LOOKASIDE_MISS_FULL``.
_DBCONFIG_LOOKASIDE = 1001
_OK = 0
DBSTATUS_LOOKASIDE_MISS_FULL = 6

#: SQLite's default slot size; 1,000 slots are 1.2 MB per connection (a handful are open).
SLOT_SIZE = 1200
SLOTS = 1000

#: ``sizeof(PyObject)``, the header before an object's first field: 16 bytes on a usual
#: 64-bit CPython, more on a debug or free-threaded build (read, not assumed).
_HEADER = object.__basicsize__


def _variadic_arguments_in_registers() -> bool:
    """Whether integers and pointers passed to a C function taking ``...`` travel as for
    any other function, so that ``ctypes`` (which knows no ``...``) passes them right:
    x86-64 everywhere and 64-bit ARM except Apple's, which puts them on the stack."""
    machine = platform.machine().lower()
    if machine in ("x86_64", "amd64"):
        return True
    return machine in ("aarch64", "arm64") and sys.platform != "darwin"


def _library() -> Any | None:
    """The SQLite built into ``sqlcipher3``'s extension module, its functions declared."""
    try:
        library = ctypes.CDLL(importlib.import_module("sqlcipher3._sqlite3").__file__ or "")
        library.sqlite3_db_filename.restype = ctypes.c_char_p
        library.sqlite3_db_filename.argtypes = (ctypes.c_void_p, ctypes.c_char_p)
        library.sqlite3_db_status.restype = ctypes.c_int
        library.sqlite3_db_status.argtypes = (
            ctypes.c_void_p,
            ctypes.c_int,
            ctypes.POINTER(ctypes.c_int),
            ctypes.POINTER(ctypes.c_int),
            ctypes.c_int,
        )
        library.sqlite3_db_config.restype = ctypes.c_int
        return library
    except (OSError, AttributeError, ImportError) as exc:
        log.info("lookaside left at SQLite's default: %s", exc)
        return None


_LIBRARY = _library() if _variadic_arguments_in_registers() else None


def handle(connection: Any, path: str | os.PathLike[str]) -> ctypes.c_void_p | None:
    """The ``sqlite3 *`` of a ``sqlcipher3`` ``connection`` opened on ``path``, or None when
    it cannot be read or SQLite does not confirm it (the file's name must match)."""
    if _LIBRARY is None or type(connection).__module__.split(".")[0] != "sqlcipher3":
        return None
    pointer = ctypes.c_void_p.from_address(id(connection) + _HEADER).value
    if not pointer or pointer % ctypes.alignment(ctypes.c_void_p):
        return None
    db = ctypes.c_void_p(pointer)
    name = _LIBRARY.sqlite3_db_filename(db, b"main")
    if name is None or os.path.realpath(os.fsdecode(name)) != os.path.realpath(path):
        return None
    return db


def enlarge(
    connection: Any,
    path: str | os.PathLike[str],
    *,
    slot_size: int = SLOT_SIZE,
    slots: int = SLOTS,
) -> bool:
    """Give ``connection``, just opened on ``path`` and not used yet, ``slots`` lookaside
    slots of ``slot_size`` bytes (SQLite allocates them). Returns whether it took effect;
    SQLite refuses (``SQLITE_BUSY``) once the connection has used its lookaside."""
    db = handle(connection, path)
    if db is None or _LIBRARY is None:
        log.info("lookaside left at SQLite's default: the connection's handle is not known")
        return False
    status = _LIBRARY.sqlite3_db_config(
        db,
        ctypes.c_int(_DBCONFIG_LOOKASIDE),
        ctypes.c_void_p(None),
        ctypes.c_int(slot_size),
        ctypes.c_int(slots),
    )
    if status != _OK:
        log.info("lookaside left at SQLite's default (sqlite3_db_config returned %s)", status)
        return False
    return True


def misses(connection: Any, path: str | os.PathLike[str]) -> int | None:
    """How many allocations found ``connection``'s lookaside full since it opened
    (``SQLITE_DBSTATUS_LOOKASIDE_MISS_FULL``'s high-water mark), or None if unknown."""
    db = handle(connection, path)
    if db is None or _LIBRARY is None:
        return None
    current, highest = ctypes.c_int(), ctypes.c_int()
    status = _LIBRARY.sqlite3_db_status(
        db, DBSTATUS_LOOKASIDE_MISS_FULL, ctypes.byref(current), ctypes.byref(highest), 0
    )
    return highest.value if status == _OK else None

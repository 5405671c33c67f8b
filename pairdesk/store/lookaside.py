"""More lookaside memory for every SQLCipher connection (issue 12, the year's indicators).

SQLite serves a connection's small allocations from its *lookaside*, a buffer taken once
when the connection opens; when the buffer is full, each allocation goes to ``malloc``. With
``cipher_memory_security`` (on in the app, ``store.vault``), SQLCipher locks every such
allocation in memory and wipes it when freed: two system calls each. SQLite's default
lookaside has about 120 slots, and the statements a connection keeps prepared (Python's
``sqlite3`` caches up to 128 per connection) hold them: measured on a vault of 50,000
participants, after three queries the lookaside was full and the self-assessment pairing of
the indicators made 868,321 allocations the lookaside could not serve, taking 8.0 s instead of
0.7 s. With 1,000 slots, none missed and it took 1.0 s.

The size is set with ``sqlite3_config(SQLITE_CONFIG_LOOKASIDE)``, which SQLite only accepts
before it is initialised; the ``sqlcipher3`` module initialises it on import, so this shuts
SQLite down and initialises it again, which its documentation allows while no connection is
open. :func:`enlarge` is therefore called once, when ``store.vault`` (the only module that
opens connections) is imported. Where the library cannot be reached (no shared object on disk,
a symbol missing), nothing changes but speed.
"""

from __future__ import annotations

import ctypes
import logging

log = logging.getLogger(__name__)

#: ``SQLITE_CONFIG_LOOKASIDE``, ``SQLITE_OK`` and ``SQLITE_MISUSE`` from sqlite3.h.
_CONFIG_LOOKASIDE = 13
_OK = 0
_MISUSE = 21

#: SQLite's default slot size; 1,000 slots are 1.2 MB per connection (a handful are open).
SLOT_SIZE = 1200
SLOTS = 1000


def enlarge(module_file: str, *, slot_size: int = SLOT_SIZE, slots: int = SLOTS) -> bool:
    """Give every connection opened from now on ``slots`` lookaside slots of ``slot_size``
    bytes, in the SQLite library built into the extension module at ``module_file``.
    Must be called before any connection is opened. Returns whether it took effect."""
    try:
        library = ctypes.CDLL(module_file)
        config = library.sqlite3_config
        shutdown, initialize = library.sqlite3_shutdown, library.sqlite3_initialize
    except (OSError, AttributeError) as exc:
        log.info("lookaside left at SQLite's default: %s", exc)
        return False
    arguments = (ctypes.c_int(_CONFIG_LOOKASIDE), ctypes.c_int(slot_size), ctypes.c_int(slots))
    status = config(*arguments)
    if status == _MISUSE:  # already initialised: allowed again after a shutdown
        if shutdown() != _OK:
            return False
        status = config(*arguments)
        if initialize() != _OK:  # pragma: no cover - SQLite could not start again
            raise RuntimeError("SQLite could not be initialised again")
    if status != _OK:
        log.info("lookaside left at SQLite's default (sqlite3_config returned %s)", status)
        return False
    return True

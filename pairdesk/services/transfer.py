"""Moving a whole vault between a file and a server (issue 14): ``pairdesk transfer`` and
``pairdesk backup`` on a server.

The target must hold nothing: a file that does not exist yet, or a server database that is
empty (no table, or pairdesk's tables without a row: what a failed transfer leaves). Every
table of the models is copied in dependency order (parents first), in batches, inside one
transaction of the target; before it commits, every table's row count and a checksum of
its rows are computed again on the target and compared with the source's, read in one
snapshot. A checksum is engine-independent: rows in the order of their primary key, values
normalised (dates and times in ISO form, booleans, numbers, bytes in hex, JSON with sorted
keys) before hashing. On a server the sequences are then set past the copied ids.

A file is written under a ``.partial`` name and renamed once verified, so a failed or
interrupted transfer never leaves a vault under the name asked for; on a server the
transaction is rolled back and the database stays empty.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import decimal
import hashlib
import json
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, Integer, MetaData, Table, delete, func, select, text

from pairdesk.domain.enums import Role
from pairdesk.domain.passphrase import check_new_passphrase
from pairdesk.errors import InvalidInput, PermissionDenied, VaultDamaged
from pairdesk.i18n import _
from pairdesk.services.vaults import Location, is_server, open_vault, server_operator
from pairdesk.store.models import Base
from pairdesk.store.rekey import sibling
from pairdesk.store.vault import Vault

#: Rows read and written at a time (memory stays flat on a big vault).
BATCH = 1000

#: ``progress(table, rows copied so far in it, rows it holds)``.
Progress = Callable[[str, int, int], None]


class TransferFailed(VaultDamaged):
    """The copy does not match its source (exit 4): nothing was kept."""


@dataclass(frozen=True, slots=True)
class TableSummary:
    name: str
    rows: int
    checksum: str


@dataclass(frozen=True, slots=True)
class TransferResult:
    source: str
    target: str
    tables: tuple[TableSummary, ...]

    @property
    def rows(self) -> int:
        return sum(t.rows for t in self.tables)


def tables() -> list[Table]:
    """Every table of the models, parents before children."""
    return list(Base.metadata.sorted_tables)


# -- checksums ------------------------------------------------------------------------------


def normalise(value: object) -> object:
    """A value as the same JSON-able thing whichever engine returned it."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return value if not value.is_integer() else int(value)
    if isinstance(value, decimal.Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC).replace(tzinfo=None)
        return value.isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value).hex()
    if isinstance(value, dict | list):
        return json.dumps(value, sort_keys=True, ensure_ascii=False)
    if hasattr(value, "value"):  # an enum member
        return normalise(value.value)
    return str(value)


def _row_key(row: Sequence[object], positions: Sequence[int]) -> tuple[object, ...]:
    return tuple((0, "") if row[i] is None else (1, normalise(row[i])) for i in positions)


def _ordered_rows(
    conn: Connection, table: Table, names: Sequence[str] | None = None
) -> Iterator[Sequence[object]]:
    """The table's rows in primary-key order: integers sorted by the engine, anything else
    (text keys, whose collation differs between engines) sorted here. ``names``: these
    columns in this order (another database's order of the same table), else all."""
    keys = list(table.primary_key.columns) or list(table.columns)
    columns = [table.c[name] for name in names] if names is not None else list(table.columns)
    query = select(*columns)
    if all(isinstance(c.type, Integer) for c in keys):
        yield from conn.execute(query.order_by(*keys)).yield_per(BATCH)
        return
    positions = [columns.index(c) for c in keys]
    rows = list(conn.execute(query))
    rows.sort(key=lambda r: _row_key(r, positions))
    yield from rows


class _Digest:
    def __init__(self) -> None:
        self._hash = hashlib.sha256()
        self.rows = 0

    def add(self, row: Iterable[object]) -> None:
        line = json.dumps([normalise(v) for v in row], ensure_ascii=False, default=str)
        self._hash.update(line.encode("utf-8") + b"\n")
        self.rows += 1

    def hexdigest(self) -> str:
        return self._hash.hexdigest()


def table_checksum(
    conn: Connection, table: Table, names: Sequence[str] | None = None
) -> TableSummary:
    """The row count and checksum of one table, read through ``conn``."""
    digest = _Digest()
    for row in _ordered_rows(conn, table, names):
        digest.add(row)
    return TableSummary(table.name, digest.rows, digest.hexdigest())


def count_rows(conn: Connection, table: Table) -> int:
    return int(conn.execute(select(func.count()).select_from(table)).scalar() or 0)


def checksums(vault: Vault) -> tuple[TableSummary, ...]:
    """Every table's count and checksum (to compare two vaults)."""
    with vault.engine.connect() as conn:
        return tuple(table_checksum(conn, t) for t in tables())


# -- the copy ---------------------------------------------------------------------------------


def _copy_table(
    source: Connection,
    target: Connection,
    table: Table,
    progress: Progress | None,
    into: Table | None = None,
) -> TableSummary:
    """Copy ``table``'s rows into ``into`` (the same table of the target; by default the
    same object: both databases at the current schema)."""
    into = table if into is None else into
    total = count_rows(source, table)
    digest = _Digest()
    names = [c.name for c in table.columns]
    batch: list[dict[str, object]] = []
    if progress is not None:
        progress(table.name, 0, total)
    for row in _ordered_rows(source, table):
        digest.add(row)
        batch.append(dict(zip(names, row, strict=True)))
        if len(batch) >= BATCH:
            target.execute(into.insert(), batch)
            batch = []
            if progress is not None:
                progress(table.name, digest.rows, total)
    if batch:
        target.execute(into.insert(), batch)
    if progress is not None and (digest.rows % BATCH or not digest.rows):
        progress(table.name, digest.rows, total)
    return TableSummary(table.name, digest.rows, digest.hexdigest())


def verify(
    expected: Sequence[TableSummary],
    target: Connection,
    stored: dict[str, tuple[Table, list[str]]] | None = None,
) -> None:
    """Raise TransferFailed unless every table of ``target`` has the expected count and
    checksum. ``stored``: each table as the target holds it, with the source's column
    order (an older schema, read from the database), else the models' tables."""
    by_name = stored or {t.name: (t, [c.name for c in t.columns]) for t in tables()}
    for summary in expected:
        table, names = by_name[summary.name]
        rows = count_rows(target, table)
        if rows != summary.rows:
            raise TransferFailed(
                _(
                    "The copy of table {table} holds {found} rows instead of {expected}; "
                    "nothing was kept."
                ).format(table=summary.name, found=rows, expected=summary.rows)
            )
        if table_checksum(target, table, names).checksum != summary.checksum:
            raise TransferFailed(
                _(
                    "The copy of table {table} differs from its source (checksum); nothing "
                    "was kept."
                ).format(table=summary.name)
            )


@contextlib.contextmanager
def _snapshot(vault: Vault) -> Iterator[Connection]:
    """One consistent read of the whole source (a server keeps serving others meanwhile)."""
    with vault.engine.connect() as conn:
        if vault.engine.dialect.name == "postgresql":
            conn = conn.execution_options(isolation_level="REPEATABLE READ")
            with conn.begin():
                conn.execute(text("SET TRANSACTION READ ONLY"))
                yield conn
        else:
            with conn.begin():
                yield conn


def copy_vault(
    source: Vault, target: Vault, progress: Progress | None = None, *, revision: str = "head"
) -> TransferResult:
    """Copy every row of ``source`` into ``target`` (without rows), verify, commit. The
    target's schema is brought to ``revision`` first — the current one, or the source's
    older one (the copy written before a server's upgrade: the tables are then those the
    two databases hold, not the models') — and ``target``'s own rows (a file just created
    holds the association's profile, the migrations a setting) are deleted, all in the
    same transaction."""
    from pairdesk.store.migrations import upgrade_connection

    copied: list[TableSummary] = []
    taken_at = dt.datetime.now(dt.UTC)
    with _snapshot(source) as read, target.engine.begin() as write:
        upgrade_connection(write, revision)
        pairs = [(t, t) for t in tables()] if revision == "head" else _as_stored(read, write)
        for _table, into in reversed(pairs):
            write.execute(delete(into))
        for table, into in pairs:
            copied.append(_copy_table(read, write, table, progress, into))
        stored = {into.name: (into, [c.name for c in table.columns]) for table, into in pairs}
        verify(copied, write, stored)
        _mark_origin(source, target, write, taken_at)
    return TransferResult(_shown(source), _shown(target), tuple(copied))


def _as_stored(read: Connection, write: Connection) -> list[tuple[Table, Table]]:
    """Each table of an older schema as the source and the target hold it (reflected;
    the models describe the current schema), parents first. Tables only one side has
    (SQLite's search index, Alembic's own) are not copied: the target's triggers fill
    the search index."""
    source, into = MetaData(), MetaData()
    source.reflect(bind=read)
    into.reflect(bind=write)
    return [
        (source.tables[table.name], table)
        for table in into.sorted_tables
        if table.name in source.tables and table.name != "alembic_version"
    ]


def _mark_origin(source: Vault, target: Vault, write: Connection, taken_at: dt.datetime) -> None:
    """A file copied from a server remembers it and opens read-only (``store.server_copy``);
    a vault copied onto a server is that server's own (a restore): it forgets any origin. A
    file copied to a file stays what it was."""
    from pairdesk.store import server_copy

    if target.is_server:
        server_copy.forget(write)
    elif source.is_server:
        server_copy.record(write, _shown(source), taken_at)


def _shown(vault: Vault) -> str:
    address = getattr(vault, "address", None)
    return address.display() if address is not None else str(vault.path)


# -- who may, and the sides ----------------------------------------------------------------


def require_transfer_right(vault: Vault) -> None:
    """On a server a whole copy is the coordinator's (a pair-aidant sees part of the data
    by design); a file's passphrase already gives the whole file."""
    operator = server_operator(vault)
    # The role itself: a server login has no team-member id, which would read as "system".
    if operator is not None and operator.role is not Role.COORDINATOR:
        raise PermissionDenied(_("Only a coordinator can copy a whole vault from or to a server."))


def _server_has_rows(vault: Vault) -> bool:
    from pairdesk.store.server import ServerVault, is_empty

    assert isinstance(vault, ServerVault)
    if is_empty(vault):
        return False
    with vault.engine.connect() as conn:
        present = set(
            conn.execute(
                text(
                    "SELECT table_name FROM information_schema.tables "
                    "WHERE table_schema = current_schema()"
                )
            ).scalars()
        )
        return any(
            conn.execute(select(table).limit(1)).first() is not None
            for table in tables()
            if table.name in present
        )


def _not_empty(location: str) -> InvalidInput:
    return InvalidInput(
        _(
            "The target {target} is not empty; nothing was copied. Give a file that does not "
            "exist yet, or an empty database (without pairdesk init)."
        ).format(target=location)
    )


def _open_server_target(location: str, password: str) -> Vault:
    from pairdesk.store.addresses import parse_address
    from pairdesk.store.server import ServerVault

    vault = ServerVault(parse_address(location), password)
    vault.verify_key()
    try:
        if _server_has_rows(vault):
            raise _not_empty(vault.address.display())
        require_transfer_right(vault)
    except BaseException:
        vault.close()
        raise
    return vault


def _create_file_target(path: Path, passphrase: str, revision: str = "head") -> tuple[Vault, Path]:
    """A new vault at ``path``'s ``.partial`` name (renamed once the copy is verified)."""
    from pairdesk.store.vault import create_vault

    if path.exists() or path.is_symlink():
        raise _not_empty(str(path))
    partial = sibling(path, ".partial")
    _remove_file(partial)
    return create_vault(partial, passphrase, association_name="-", revision=revision), partial


def _remove_file(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        with contextlib.suppress(OSError):
            sibling(path, suffix).unlink()


def transfer(
    source: Location,
    source_passphrase: str,
    target: Location,
    target_passphrase: str,
    *,
    progress: Progress | None = None,
) -> TransferResult:
    """``pairdesk transfer``: copy the vault at ``source`` into the empty ``target`` (each a
    file or a server address). Raises InvalidInput (exit 7) for a target that is not empty
    or is the source, PermissionDenied on a server for anyone but a coordinator,
    TransferFailed (exit 4) when the copy does not match its source; the usual opening
    errors otherwise."""
    if not is_server(target) and not is_server(source):
        if Path(source).resolve() == Path(target).resolve():
            raise InvalidInput(_("The source and the target are the same vault."))
    elif str(source).strip() == str(target).strip():
        raise InvalidInput(_("The source and the target are the same vault."))
    with open_vault(source, source_passphrase) as source_vault:
        require_transfer_right(source_vault)
        if is_server(target):
            _refuse_going_back(source_vault, str(target))
            with _open_server_target(str(target), target_passphrase) as target_vault:
                result = copy_vault(source_vault, target_vault, progress)
                from pairdesk.store.server import (
                    ServerVault,
                    refresh_statistics,
                    sync_sequences,
                )

                assert isinstance(target_vault, ServerVault)
                sync_sequences(target_vault)
                refresh_statistics(target_vault)  # the planner's view of the copied rows
            return result
        check_new_passphrase(target_passphrase, field="passphrase")
        return copy_to_file(source_vault, Path(target), target_passphrase, progress=progress)


def _refuse_going_back(source: Vault, target: str) -> None:
    """An independent vault made from a server's copy never goes back over that server:
    both may have changed since, and merging diverging copies is not supported."""
    copy = source.server_copy
    if copy is None or copy.read_only or not copy.same_server(target):
        return
    raise InvalidInput(
        _(
            "This vault was copied from the server {address} and then made independent: it "
            "cannot be copied back over that server (merging copies that have diverged is "
            "not supported). Nothing was copied."
        ).format(address=copy.address)
    )


def copy_to_file(
    source: Vault,
    path: Path,
    passphrase: str,
    *,
    progress: Progress | None = None,
    revision: str = "head",
) -> TransferResult:
    """Write ``source`` (a server's vault, usually) to a new encrypted file at ``path``,
    at the schema ``revision`` (the source's, when it is older than this pairdesk's)."""
    path = Path(path)
    target_vault, partial = _create_file_target(path, passphrase, revision)
    try:
        try:
            result = copy_vault(source, target_vault, progress, revision=revision)
        finally:
            target_vault.close()
        if path.exists():
            raise _not_empty(str(path))
        os.replace(partial, path)
    except BaseException:
        _remove_file(partial)
        raise
    return TransferResult(result.source, str(path), result.tables)


def backup_server(vault: Vault, destination: Path) -> Path:
    """``pairdesk backup`` on a server: an encrypted SQLCipher file of the whole vault,
    under the login's password (the secret that opened what it copies, as a file's backup
    keeps the file's passphrase); coordinator-only. ``transfer`` restores from it.

    (Lives here rather than in ``services.backups``: ``vaults`` imports ``backups``, and
    this module imports ``vaults``.)"""
    require_transfer_right(vault)
    password = vault._passphrase  # the login's password, already normalised
    copy_to_file(vault, Path(destination), password)
    return Path(destination)

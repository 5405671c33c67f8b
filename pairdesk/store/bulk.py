"""Many new rows of one table at once, as an import writes them (issue 12).

On the encrypted file, each value bound to a statement is a copy SQLite allocates, and with
``cipher_memory_security`` (on in the app, ``store.vault``) SQLCipher locks every
allocation in memory and wipes it when freed: two system calls each. In a 10,000-row
import, 22 of the 26 allocations a row were the bound text values (bench/README.md,
"Imports"). :func:`insert_rows` therefore sends a batch as **one** JSON text that SQLite
reads with ``jsonb_each`` (SQLite 3.45 or later): about one allocation for the batch
instead of one per value, and the same stored values, types and defaults as the ORM's own
bulk insert (``tests/store/test_bulk.py`` compares the two on random rows).

Elsewhere (a server, or an older SQLite) the rows go through the ORM's bulk insert, which
SQLAlchemy sends as multi-row ``VALUES`` statements.
"""

from __future__ import annotations

import json
import operator
from collections.abc import Callable, Mapping, Sequence
from typing import Any, cast

from sqlalchemy import Column, Table, insert, text
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Session

from pairdesk.store.models import Base

#: The first SQLite whose JSON functions read the binary form (``jsonb_each``).
JSONB_SINCE = (3, 45, 0)
#: Rows sent in one JSON text by :func:`write_rows`.
JSON_BATCH_ROWS = 500


def insert_rows(
    session: Session, model: type[Base], rows: Sequence[Mapping[str, Any]]
) -> list[int]:
    """Insert ``rows`` (column keys to Python values, every row with the same keys, as the
    ORM's bulk ``insert(model)`` takes them) and return the new ids in the rows' order."""
    if not rows:
        return []
    dialect = session.get_bind().dialect
    table = cast(Table, model.__table__)
    primary_key = table.primary_key.columns.values()[0]
    if dialect.name != "sqlite":
        # A server has other clients writing at the same time: ask for the ids in order.
        statement = insert(model).returning(primary_key, sort_by_parameter_order=True)
        return list(session.scalars(statement, list(rows)))
    if reads_jsonb(dialect):
        ids = list(session.scalars(*_json_insert(table, rows, dialect)))
    else:
        ids = list(session.scalars(insert(model).returning(primary_key), list(rows)))
    if len(ids) != len(rows):  # never expected: the transaction holds the write lock
        raise RuntimeError(f"{model.__tablename__}: {len(ids)} ids for {len(rows)} rows")
    # SQLite does not promise RETURNING's order, but the write lock is ours and each new
    # row takes the next rowid, in the order the rows are read: sorted, they are in order.
    return sorted(ids)


def write_rows(session: Session, table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
    """Write ``rows`` (column keys to Python values, every row with the same keys, their
    ids given or left to the database) and read nothing back, as Core's ``insert(table)``
    with many rows would: on SQLite 3.45 or later as one JSON text per
    ``JSON_BATCH_ROWS`` rows (the demo builder of 5,000 participants: about 30 % less time
    with memory security on; no gain at 50,000; bench/README.md), elsewhere by that very
    ``insert``."""
    if not rows:
        return
    dialect = session.get_bind().dialect
    if not reads_jsonb(dialect):
        session.execute(insert(table), list(rows))
        return
    write_json_batches(session, json_batches(table, rows, dialect))


def json_batches(
    table: Table, rows: Sequence[Mapping[str, Any]], dialect: Dialect
) -> list[tuple[str, str]]:
    """What :func:`write_rows` sends for ``rows`` on SQLite 3.45 or later: one
    ``(statement, JSON text)`` per ``JSON_BATCH_ROWS`` rows. Plain strings, so that another
    process may prepare them (the demo builder's helper, ``services.demo.helper``)."""
    batches = []
    for first in range(0, len(rows), JSON_BATCH_ROWS):
        statement, parameters = _json_insert(
            table, rows[first : first + JSON_BATCH_ROWS], dialect, returning=False
        )
        batches.append((str(statement.text), parameters["rows"]))
    return batches


def write_json_batches(session: Session, batches: Sequence[tuple[str, str]]) -> None:
    """Run what :func:`json_batches` prepared."""
    for statement, payload in batches:
        session.execute(text(statement), {"rows": payload})


def reads_jsonb(dialect: Dialect) -> bool:
    """SQLite recent enough for :func:`_json_insert` and :func:`json_batches` (a server
    never is asked)."""
    return dialect.name == "sqlite" and (dialect.server_version_info or (0,)) >= JSONB_SINCE


def _json_insert(
    table: Table, rows: Sequence[Mapping[str, Any]], dialect: Dialect, *, returning: bool = True
) -> tuple[Any, dict[str, str]]:
    """``INSERT … SELECT … FROM jsonb_each(:rows) RETURNING id`` (without ``RETURNING``
    unless ``returning``) and its one parameter:
    each row a JSON array of its values, converted by each column's type as a bound
    parameter would be (dates and times as SQLite stores them, booleans as 0 and 1)."""
    keys = set(rows[0])
    if any(row.keys() != keys for row in rows):
        raise ValueError(f"{table.name}: the rows do not all have the same columns")
    unknown = keys - set(table.columns.keys())
    if unknown:
        raise ValueError(f"{table.name}: no column {sorted(unknown)}")
    columns: list[Column[Any]] = []
    defaults: dict[str, Callable[[], Any]] = {}
    for column in table.columns:
        if column.key in keys:
            columns.append(column)
        elif not column.primary_key and column.default is not None:
            defaults[column.key] = _client_default(column)
            columns.append(column)
        # Otherwise left out, as the ORM leaves it out: the column's server default or NULL.
    # Per row: the given values picked at once, the defaults put in their places (in
    # ascending order, so each lands at its index), then the few columns whose type
    # converts (dates, booleans) converted. Value by value, this loop was 13 % of a demo
    # build with memory security off.
    given = [column.key for column in columns if column.key in keys]
    pick = operator.itemgetter(*given) if len(given) > 1 else None
    filled = [(i, defaults[c.key]) for i, c in enumerate(columns) if c.key not in keys]
    converted = [
        (i, process)
        for i, process in enumerate(_bind_processor(column, dialect) for column in columns)
        if process is not _same
    ]
    values = []
    for row in rows:
        value = list(pick(row)) if pick is not None else [row[key] for key in given]
        for i, default in filled:
            value.insert(i, default())
        for i, process in converted:
            value[i] = process(value[i])
        values.append(value)
    quote = dialect.identifier_preparer.quote
    primary_key = table.primary_key.columns.values()[0]
    statement = text(
        f"INSERT INTO {quote(table.name)} ({', '.join(quote(c.name) for c in columns)}) "
        f"SELECT {', '.join(f'value ->> {i}' for i in range(len(columns)))} "
        "FROM jsonb_each(:rows)" + (f" RETURNING {quote(primary_key.name)}" if returning else "")
    )
    # allow_nan=False: JSON has no NaN nor infinity (SQLite would read JSON5's as other
    # values); ensure_ascii=False: the text as it is, SQLite unescapes the rest.
    payload = json.dumps(values, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    return statement, {"rows": payload}


def _client_default(column: Column[Any]) -> Callable[[], Any]:
    """The value the ORM would give a column left out of a row: its scalar default, or its
    callable called once a row (``_now``)."""
    default: Any = column.default
    if default.is_scalar:
        value = default.arg
        return lambda: value
    if default.is_callable:
        return lambda: default.arg(None)
    raise NotImplementedError(f"{column}: a default SQL expression is not supported here")


def _bind_processor(column: Column[Any], dialect: Dialect) -> Callable[[Any], Any]:
    process = column.type.dialect_impl(dialect).bind_processor(dialect)
    if process is None:
        return _same
    return process


def _same(value: Any) -> Any:
    return value

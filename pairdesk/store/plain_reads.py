"""Tens of thousands of rows read as the driver gives them (issue 12).

SQLAlchemy's result rows cost about 2 µs each on top of the driver's: the year's
indicators at 50,000 participants read 50,000 active participants, 45,000 with a goal and
25,000 contracts and checks, and building their rows took longer than SQLite's own work
(the active participants: about 150 ms through SQLAlchemy, 67 ms from the driver's
``fetchall``; bench/README.md). :func:`read_plain_rows` runs a SQLAlchemy query on the
connection's driver cursor, inside the caller's transaction, and returns plain tuples.

Only for queries whose values are made by the code (dates, numbers, enum values): they are
written into the SQL by SQLAlchemy's own literal rendering, as each engine reads them. The
values come back untyped: integers and text as they are, a date as ISO text on SQLite and a
``date`` on PostgreSQL (:func:`as_date`, or :func:`date_reader` for many values).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.sql import Executable


def read_plain_rows(connection: Connection, query: Executable) -> list[tuple[Any, ...]]:
    """Every row of ``query``, run on ``connection``'s driver cursor."""
    sql = str(
        query.compile(  # type: ignore[attr-defined]
            dialect=connection.dialect, compile_kwargs={"literal_binds": True}
        )
    )
    cursor = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(sql)
        return list(cursor.fetchall())
    finally:
        cursor.close()


def as_date(value: Any) -> dt.date:
    """A date column's value as :func:`read_plain_rows` gives it."""
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)


def date_reader(connection: Connection) -> Callable[[Any], dt.date]:
    """:func:`as_date` chosen once for this engine, for tens of thousands of values: ISO
    text parsed on SQLite, the ``date`` as it is elsewhere."""
    return dt.date.fromisoformat if connection.dialect.name == "sqlite" else as_date

"""SQL that differs between the encrypted file (SQLite) and a server (PostgreSQL), written
once as SQLAlchemy constructs that compile to each engine's own words: the services stay
dialect-neutral and give the same answers on both (issue 14).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import String
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.expression import ColumnElement, FunctionElement


class caseless(FunctionElement[str]):
    """A text column for sorting, ASCII letters without case, in code point order: SQLite's
    ``x COLLATE NOCASE``; PostgreSQL's ``lower(x COLLATE "C")`` (under the C collation
    ``lower`` folds ASCII only, exactly as NOCASE, whatever the database's locale)."""

    type = String()
    name = "caseless"
    inherit_cache = True


@compiles(caseless)
def _caseless_sqlite(element: caseless, compiler: SQLCompiler, **kw: Any) -> str:
    return f"{compiler.process(element.clauses, **kw)} COLLATE NOCASE"


@compiles(caseless, "postgresql")
def _caseless_postgresql(element: caseless, compiler: SQLCompiler, **kw: Any) -> str:
    return f'lower({compiler.process(element.clauses, **kw)} COLLATE "C")'


class json_object_of(FunctionElement[str]):
    """The aggregate of ``key, value`` rows into one JSON object as text: SQLite's
    ``json_group_object``, PostgreSQL's ``json_object_agg`` (read with ``json.loads``)."""

    type = String()
    name = "json_object_of"
    inherit_cache = True


@compiles(json_object_of)
def _json_object_sqlite(element: json_object_of, compiler: SQLCompiler, **kw: Any) -> str:
    return f"json_group_object({compiler.process(element.clauses, **kw)})"


@compiles(json_object_of, "postgresql")
def _json_object_postgresql(element: json_object_of, compiler: SQLCompiler, **kw: Any) -> str:
    return f"CAST(json_object_agg({compiler.process(element.clauses, **kw)}) AS TEXT)"


class unindexed(FunctionElement[Any]):
    """The same value, but SQLite will not answer a condition on it from the column's
    index (``+column``, the query planner's documented hint); PostgreSQL's planner weighs
    the index itself from its statistics, so the column is left as it is."""

    name = "unindexed"
    inherit_cache = True

    def __init__(self, column: ColumnElement[Any]) -> None:
        super().__init__(column)
        self.type = column.type


@compiles(unindexed)
def _unindexed_sqlite(element: unindexed, compiler: SQLCompiler, **kw: Any) -> str:
    return f"+{compiler.process(element.clauses, **kw)}"


@compiles(unindexed, "postgresql")
def _unindexed_postgresql(element: unindexed, compiler: SQLCompiler, **kw: Any) -> str:
    return str(compiler.process(element.clauses, **kw))

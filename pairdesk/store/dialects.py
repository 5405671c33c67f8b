"""SQL that differs between the encrypted file (SQLite) and a server (PostgreSQL), written
once as SQLAlchemy constructs that compile to each engine's own words: the services stay
dialect-neutral and give the same answers on both (issue 14).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import String
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.expression import FunctionElement


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


class unindexed(FunctionElement[Any]):
    """A column as it is, but not to be searched through an index of its own: SQLite's
    ``+x`` (the documented way to keep its planner off an index); PostgreSQL's planner
    chooses alone, so ``x``.

    The indicators read each participant's dated records through the index by participant
    and date, in the order of the ids, so that SQLite merges the tables' participants
    without sorting them; left free, it searched the index by date alone and sorted every
    row of the period in a temporary B-tree (bench/README.md)."""

    name = "unindexed"
    inherit_cache = True

    def __init__(self, column: Any) -> None:
        super().__init__(column)
        self.type = column.type


@compiles(unindexed)
def _unindexed_default(element: unindexed, compiler: SQLCompiler, **kw: Any) -> str:
    return str(compiler.process(element.clauses, **kw))


@compiles(unindexed, "sqlite")
def _unindexed_sqlite(element: unindexed, compiler: SQLCompiler, **kw: Any) -> str:
    return f"+{compiler.process(element.clauses, **kw)}"

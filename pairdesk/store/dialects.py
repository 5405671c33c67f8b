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

"""``Vault.release_memory`` frees the idle connections' page cache (issue 12): nothing
read or written afterwards is affected, and a closed vault ignores it."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from pairdesk.store.models import Association
from pairdesk.store.vault import Vault


def test_release_memory_shrinks_every_idle_connection_and_reads_go_on(vault: Vault) -> None:
    with vault.transaction() as session:
        name = session.scalars(select(Association.name)).one()
    executed: list[str] = []
    real = vault.engine.raw_connection

    class Cursor:
        def __init__(self, inner: Any) -> None:
            self.inner = inner

        def execute(self, sql: str, *args: Any) -> Any:
            executed.append(sql)
            return self.inner.execute(sql, *args)

        def close(self) -> None:
            self.inner.close()

    class Connection:
        def __init__(self, inner: Any) -> None:
            self.inner = inner

        def cursor(self) -> Cursor:
            return Cursor(self.inner.cursor())

        def close(self) -> None:
            self.inner.close()

    def spying() -> Any:
        return Connection(real())

    vault.engine.raw_connection = spying  # type: ignore[method-assign]
    idle = vault.engine.pool.checkedin()  # type: ignore[attr-defined]
    assert idle >= 1
    try:
        vault.release_memory()
    finally:
        del vault.engine.raw_connection  # type: ignore[method-assign]
    assert executed == ["PRAGMA shrink_memory"] * idle
    assert vault.engine.pool.checkedin() == idle  # type: ignore[attr-defined]
    with vault.transaction() as session:
        assert session.scalars(select(Association.name)).one() == name
        session.get(Association, 1).name = "GEM Test"
    with vault.transaction() as session:
        assert session.scalars(select(Association.name)).one() == "GEM Test"


def test_release_memory_on_a_closed_vault_does_nothing(vault: Vault) -> None:
    vault.close()
    vault.release_memory()

"""What the indicators' rules say of each contract, kept on it at every write (issue 12).

``contract.employment_access`` and ``contract.durable_employment`` are
:func:`pairdesk.domain.indicators.is_employment_access` and
:func:`~pairdesk.domain.indicators.is_durable_employment` of the contract's own columns
(its kind, start and planned end), set before every flush that adds or changes a contract,
on every session of every engine (migration 0016 sets them on the contracts already
recorded; the demo writes them with its rows, :func:`contract_rule_values`). At 50,000
participants, applying the rules to every contract at each computation of the year's
indicators took about 60 ms of it. The reports read the columns; the rules stay the only
definition, and a property test compares the columns with them after random writes
(tests/services/test_perf_paths.py).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Connection, bindparam, event, select, update
from sqlalchemy.orm import Session, UOWTransaction, sessionmaker

from pairdesk.domain.indicators import (
    ContractRecord,
    is_durable_employment,
    is_employment_access,
)
from pairdesk.store.models import Contract

__all__ = ["contract_rule_values", "keep_contract_rules", "refresh_contract_rules"]


def contract_rule_values(
    contract_type: str, started_on: dt.date, planned_end_on: dt.date | None
) -> dict[str, bool]:
    """The derived columns of a contract of this kind, start and planned end."""
    record = ContractRecord(0, 0, contract_type, started_on, planned_end_on, None)
    return {
        "employment_access": is_employment_access(record),
        "durable_employment": is_durable_employment(record),
    }


def refresh_contract_rules(connection: Connection) -> int:
    """Set the derived columns of every contract from its columns; returns how many."""
    rows: list[dict[str, Any]] = [
        {"contract_id": cid, **contract_rule_values(kind, started_on, planned_end_on)}
        for cid, kind, started_on, planned_end_on in connection.execute(
            select(
                Contract.id, Contract.contract_type, Contract.started_on, Contract.planned_end_on
            )
        )
    ]
    table = Contract.metadata.tables["contract"]
    if rows:
        connection.execute(
            update(table)
            .where(table.c.id == bindparam("contract_id"))
            .values(
                employment_access=bindparam("employment_access"),
                durable_employment=bindparam("durable_employment"),
            ),
            rows,
        )
    return len(rows)


def _before_flush(session: Session, _flush: UOWTransaction, _instances: object) -> None:
    for instance in (*session.new, *session.dirty):
        if isinstance(instance, Contract) and instance.started_on is not None:
            for column, value in contract_rule_values(
                instance.contract_type, instance.started_on, instance.planned_end_on
            ).items():
                if getattr(instance, column) is not value:
                    setattr(instance, column, value)


def keep_contract_rules(sessions: sessionmaker[Session]) -> None:
    """Keep the contracts' derived columns up to date in every session ``sessions`` makes
    (each engine's session factory calls this once)."""
    event.listen(sessions, "before_flush", _before_flush)

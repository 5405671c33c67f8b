"""Migration 0016: every contract already recorded gets what the indicators' rules say of
it, as the writes would have kept it (issue 12)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from sqlalchemy import select

from pairdesk.store.models import Contract
from pairdesk.store.vault import open_vault
from tests.factories import PASSPHRASE, insert_participant, migrate_again

D = dt.date


def _columns(conn: Any) -> list[tuple[Any, ...]]:
    return [
        tuple(row)
        for row in conn.execute(
            select(
                Contract.contract_type,
                Contract.employment_access,
                Contract.durable_employment,
            ).order_by(Contract.id)
        )
    ]


def test_upgrade_sets_the_rules_of_every_contract(vault_path: Path) -> None:
    vault = open_vault(vault_path, PASSPHRASE)
    try:
        with vault.transaction() as session:
            pid = insert_participant(session)
            for kind, started, planned in (
                ("cdd", D(2026, 11, 1), D(2027, 4, 30)),  # six months, both days included
                ("cdd", D(2026, 11, 1), D(2027, 4, 29)),
                ("cdd", D(2026, 8, 31), D(2027, 2, 27)),  # 31/08 + 6 months = 28/02
                ("interim", D(2026, 6, 1), D(2026, 6, 29)),  # 29 days: not access
                ("contrat_aide", D(2026, 6, 1), None),
                ("esat", D(2026, 6, 1), None),
                ("cdi", D(2028, 2, 29), None),
            ):
                session.add(
                    Contract(
                        participant_id=pid,
                        contract_type=kind,
                        started_on=started,
                        planned_end_on=planned,
                    )
                )
        with vault.connection() as conn:
            kept = _columns(conn)
        migrate_again(vault, "0015")
        with vault.connection() as conn:
            upgraded = _columns(conn)
    finally:
        vault.close()
    assert (
        upgraded
        == kept
        == [
            ("cdd", True, True),
            ("cdd", True, False),
            ("cdd", True, True),
            ("interim", False, False),
            ("contrat_aide", True, False),
            ("esat", False, False),
            ("cdi", True, True),
        ]
    )

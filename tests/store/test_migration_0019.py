"""Migration 0019: what the IPS figures read is indexed (issue 12): the members by
situation at entry with their membership dates, the employment contracts with their weekly
hours. The figures are the same before and after; the queries read the indexes alone."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import inspect

from pairdesk.domain.enums import ContractType, EntrySituation
from pairdesk.services.ips import (
    employment_contracts_query,
    load_ips_figures,
    members_by_entry_query,
)
from pairdesk.store.vault import open_vault
from tests.factories import (
    PASSPHRASE,
    insert_contract,
    insert_participant,
    migrate_again,
    migrate_to,
)

D = dt.date
START, END = D(2026, 1, 1), D(2026, 12, 31)
INDEXES = {
    "participant": "ix_participant_entry_membership",
    "contract": "ix_contract_ips",
}


def _indexes(vault: object) -> dict[str, set[str]]:
    with vault.connection() as conn:  # type: ignore[attr-defined]
        found = inspect(conn)
        return {table: {ix["name"] or "" for ix in found.get_indexes(table)} for table in INDEXES}


def test_upgrade_indexes_what_the_ips_figures_read(vault_path: Path) -> None:
    vault = open_vault(vault_path, PASSPHRASE)
    try:
        with vault.transaction() as session:
            for n, entry in enumerate((EntrySituation.OUT_OF_WORK, None, EntrySituation.IN_WORK)):
                pid = insert_participant(session, f"Nom{n}", entry_situation=entry)
                insert_contract(session, pid, D(2026, 3, 2), ContractType.CDD,
                                hours_per_week=20.0, planned_end_on=D(2026, 9, 1))  # fmt: skip
                insert_contract(session, pid, D(2025, 3, 2), ContractType.ESAT)
        with vault.transaction() as session:
            before = load_ips_figures(session, START, END)
        migrate_again(vault, "0018")
        assert all(INDEXES[table] in names for table, names in _indexes(vault).items())
        with vault.transaction() as session:
            assert load_ips_figures(session, START, END) == before
            assert (before.job_starts, before.out_of_work_at_entry) == (3, 1)
            assert (before.employed_of_out_of_work, before.entry_not_recorded) == (1, 1)
            connection = session.connection()
            for query, index in (
                (employment_contracts_query(END), "ix_contract_ips"),
                (members_by_entry_query(START, END, EntrySituation.OUT_OF_WORK), INDEXES["participant"]),
                (members_by_entry_query(START, END, None), INDEXES["participant"]),
            ):  # fmt: skip
                sql = query.compile(
                    dialect=connection.dialect, compile_kwargs={"literal_binds": True}
                )
                plan = [row[3] for row in connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}")]
                assert all(f"USING COVERING INDEX {index}" in step for step in plan), plan
    finally:
        vault.close()


def test_downgrade_drops_both_indexes(vault_path: Path) -> None:
    vault = open_vault(vault_path, PASSPHRASE)
    try:
        migrate_to(vault, "0018")
        assert not any(INDEXES[table] in names for table, names in _indexes(vault).items())
        migrate_to(vault, "head")  # and up again
        assert all(INDEXES[table] in names for table, names in _indexes(vault).items())
    finally:
        vault.close()

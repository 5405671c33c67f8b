"""Migration 0015: every participant already active gets their rows of active days, as the
writes would have kept them (issue 12)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from sqlalchemy import select

from pairdesk.store.activity_years import refresh_activity
from pairdesk.store.models import (
    ActivityYearRow,
    MockInterview,
    PathwayEvent,
    Registration,
    SelfAssessment,
)
from pairdesk.store.vault import open_vault
from tests.factories import PASSPHRASE, insert_participant, insert_workshop, migrate_again


def _rows(conn: Any) -> list[tuple[Any, ...]]:
    table = ActivityYearRow.__table__
    return [
        tuple(row)
        for row in conn.execute(
            select(table).order_by(ActivityYearRow.participant_id, ActivityYearRow.year)
        )
    ]


def test_upgrade_computes_the_rows_of_every_active_participant(vault_path: Path) -> None:
    vault = open_vault(vault_path, PASSPHRASE)
    try:
        with vault.transaction() as session:
            first, second, idle = (insert_participant(session) for _n in range(3))
            held = insert_workshop(session, dt.date(2026, 3, 4))
            cancelled = insert_workshop(session, dt.date(2026, 3, 5), cancelled=True)
            session.add_all(
                [
                    PathwayEvent(
                        participant_id=first, kind="note", occurred_on=dt.date(2025, 12, 31)
                    ),
                    SelfAssessment(participant_id=first, assessed_on=dt.date(2026, 1, 2)),
                    MockInterview(participant_id=second, held_on=dt.date(2026, 6, 1)),
                    Registration(
                        workshop_id=held,
                        participant_id=second,
                        attendance="present",
                        registered_on=dt.date(2026, 3, 1),
                    ),
                    Registration(
                        workshop_id=cancelled,
                        participant_id=idle,
                        attendance="present",
                        registered_on=dt.date(2026, 3, 1),
                    ),
                ]
            )
        with vault.connection() as conn:
            kept = _rows(conn)
        migrate_again(vault, "0014")
        with vault.engine.begin() as conn:
            upgraded = _rows(conn)
            refresh_activity(conn)
            assert _rows(conn) == upgraded
    finally:
        vault.close()
    assert upgraded == kept
    # first: 2025 and 2026; second: one row for 2026; idle: none (a cancelled workshop)
    assert [(row[1], row[0]) for row in upgraded] == [
        (first, 2025),
        (first, 2026),
        (second, 2026),
    ]

"""Migration 0014: every self-assessment already recorded gets its progress row, as the
writes would have kept it (issue 12)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import select

from pairdesk.store.assessment_progress import refresh_progress
from pairdesk.store.models import AssessmentProgressRow, SelfAssessment, SelfAssessmentRating
from pairdesk.store.vault import open_vault
from tests.factories import PASSPHRASE, insert_participant, migrate_again


def _rows(conn: object) -> list[tuple[object, ...]]:
    return [
        tuple(row)
        for row in conn.execute(  # type: ignore[attr-defined]
            select(AssessmentProgressRow.__table__).order_by(
                AssessmentProgressRow.self_assessment_id
            )
        )
    ]


def test_upgrade_computes_the_rows_of_every_assessment(vault_path: Path) -> None:
    vault = open_vault(vault_path, PASSPHRASE)
    try:
        with vault.transaction() as session:
            first, second = insert_participant(session), insert_participant(session)
            for pid, day, ratings in (
                (first, dt.date(2026, 1, 10), {"confidence": 3, "stress": 6}),
                (first, dt.date(2026, 5, 10), {"confidence": 6, "stress": 4}),
                (first, dt.date(2026, 5, 10), {"confidence": 7}),
                (second, dt.date(2026, 2, 1), {"autonomy": 5}),
            ):
                assessment = SelfAssessment(participant_id=pid, assessed_on=day)
                assessment.ratings.extend(
                    SelfAssessmentRating(domain=d, rating=r) for d, r in ratings.items()
                )
                session.add(assessment)
        with vault.connection() as conn:
            kept = _rows(conn)
        migrate_again(vault, "0013")
        with vault.engine.begin() as conn:
            upgraded = _rows(conn)
            refresh_progress(conn)
            assert _rows(conn) == upgraded
    finally:
        vault.close()
    assert upgraded == kept
    by_id = {row[0]: row for row in upgraded}
    assert len(by_id) == 4
    # first's latest, on the same day as another: compared with the earliest on confidence
    latest = max(row for row in upgraded if row[1] == first)
    assert latest[4:7] == (1, 4, 4)  # rated, total, confidence delta


def test_every_rating_domain_has_its_column() -> None:
    """A domain added to ``AssessmentDomain`` needs its column (and a migration): the
    indicators sum each domain's deltas from it."""
    from pairdesk.domain.enums import AssessmentDomain

    columns = set(AssessmentProgressRow.__table__.c.keys())
    assert {domain.value for domain in AssessmentDomain} <= columns

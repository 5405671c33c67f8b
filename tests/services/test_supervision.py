from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from pairdesk.errors import InvalidInput, UnknownId
from pairdesk.services import supervision
from pairdesk.services.context import ServiceContext
from pairdesk.store.models import AuditEntry

pytestmark = pytest.mark.both_engines  # also on PostgreSQL (tests/pg.py)

D = dt.date


def test_record_update_list_and_delete(ctx: ServiceContext) -> None:
    first = supervision.record_session(
        ctx,
        D(2025, 12, 4),
        "Inès, Marc",
        "Juste distance\r\navec les personnes",
        "Relire la charte",
    )
    assert first.themes == "Juste distance\navec les personnes"
    second = supervision.record_session(ctx, D(2026, 3, 12), "Inès", "Gérer un refus", "")
    third = supervision.record_session(ctx, D(2026, 10, 1), "Marc", "Fin d'accompagnement", "")

    assert [s.id for s in supervision.list_sessions(ctx)] == [third.id, second.id, first.id]
    assert [s.id for s in supervision.list_sessions(ctx, year=2026)] == [third.id, second.id]
    assert [s.id for s in supervision.list_sessions(ctx, year=2025)] == [first.id]
    assert supervision.list_sessions(ctx, year=2024) == []

    moved = supervision.update_session(
        ctx, second.id, D(2025, 12, 31), "Inès, Paul", "Gérer un refus", "Point en janvier"
    )
    assert (moved.held_on, moved.attendees, moved.follow_ups) == (
        D(2025, 12, 31),
        "Inès, Paul",
        "Point en janvier",
    )
    assert [s.id for s in supervision.list_sessions(ctx, year=2025)] == [second.id, first.id]
    assert supervision.get_session(ctx, second.id) == moved  # as stored now, its version too

    supervision.delete_session(ctx, first.id)
    with pytest.raises(UnknownId):
        supervision.get_session(ctx, first.id)
    assert [s.id for s in supervision.list_sessions(ctx)] == [third.id, second.id]

    with ctx.transaction() as session:
        lines = session.execute(
            select(AuditEntry.entity_id, AuditEntry.action, AuditEntry.detail)
            .where(AuditEntry.entity == "supervision_session")
            .order_by(AuditEntry.id)
        ).all()
    assert [tuple(line) for line in lines] == [
        (first.id, "create", ""),
        (second.id, "create", ""),
        (third.id, "create", ""),
        (second.id, "update", ""),
        (first.id, "delete", ""),
    ]


@pytest.mark.parametrize(
    ("held_on", "attendees", "themes", "field"),
    [
        (None, "Inès", "Thème", "held_on"),
        (D(1899, 12, 31), "Inès", "Thème", "held_on"),
        (D(2026, 1, 5), "", "  \n ", "themes"),
        (D(2026, 1, 5), "x" * 5_001, "Thème", "attendees"),
    ],
)
def test_validation(
    ctx: ServiceContext, held_on: dt.date, attendees: str, themes: str, field: str
) -> None:
    with pytest.raises(InvalidInput) as err:
        supervision.record_session(ctx, held_on, attendees, themes, "")
    assert err.value.field == field
    assert supervision.list_sessions(ctx) == []


def test_failed_update_changes_nothing(ctx: ServiceContext) -> None:
    row = supervision.record_session(ctx, D(2026, 2, 2), "Inès", "Thème", "")
    with pytest.raises(InvalidInput):
        supervision.update_session(ctx, row.id, D(2026, 2, 3), "", "", "")
    assert supervision.list_sessions(ctx) == [row]
    with pytest.raises(UnknownId):
        supervision.update_session(ctx, 999, D(2026, 2, 3), "Inès", "Thème", "")
    with pytest.raises(UnknownId):
        supervision.delete_session(ctx, 999)
    with pytest.raises(InvalidInput):
        supervision.list_sessions(ctx, year=10_000)

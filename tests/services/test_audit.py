"""The audit trail: filters, paging, coordinator only, views/prints/exports recorded."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import update

from pairdesk.domain.enums import AuditAction, Role
from pairdesk.errors import InvalidInput, PermissionDenied
from pairdesk.services import audit, documents, participants, privacy, team, wellbeing
from pairdesk.services.audit import AuditFilter
from pairdesk.services.context import Operator, ServiceContext
from pairdesk.store.models import AuditEntry

pytestmark = pytest.mark.both_engines  # also on PostgreSQL (tests/pg.py)


def test_views_prints_exports_and_changes_are_recorded(ctx: ServiceContext) -> None:
    pid = participants.create_participant(ctx, participants.ParticipantInput("Yanis", "Berthe")).id
    wellbeing.get_wellbeing_plan(ctx, pid)
    documents.pathway_summary_data(ctx, pid)
    privacy.export_participant(ctx, pid)
    actions = {(r.entity, r.action) for r in audit.list_audit(ctx)}
    assert ("participant", AuditAction.CREATE) in actions
    assert ("wellbeing_plan", AuditAction.VIEW) in actions
    assert ("pathway_summary", AuditAction.EXPORT) in actions or (
        "pathway_summary",
        AuditAction.PRINT,
    ) in actions
    assert ("participant", AuditAction.EXPORT) in actions
    for row in audit.list_audit(ctx):
        assert "Yanis" not in row.detail and "Berthe" not in row.detail


def test_filters_and_paging(ctx: ServiceContext) -> None:
    member = team.create_member(ctx, team.TeamMemberInput("Fanny", "Dupré", Role.FACILITATOR))
    fanny = ctx.with_operator(Operator(member.id, "Fanny Dupré", Role.FACILITATOR))
    ids = [
        participants.create_participant(fanny, participants.ParticipantInput(f"P{i}", "Test")).id
        for i in range(5)
    ]
    with ctx.transaction() as session:  # backdate the first creation
        session.execute(
            update(AuditEntry)
            .where(AuditEntry.entity == "participant", AuditEntry.entity_id == ids[0])
            .values(at=dt.datetime(2024, 3, 10, 9, 30))
        )
    assert audit.count_audit(ctx, AuditFilter(operator_id=member.id)) == 5
    assert audit.count_audit(ctx, AuditFilter(entity="participant", action=AuditAction.CREATE)) == 5
    assert audit.count_audit(ctx, AuditFilter(entity="team_member")) == 1
    assert (
        audit.count_audit(ctx, AuditFilter(start=dt.date(2024, 3, 10), end=dt.date(2024, 3, 10)))
        == 1
    )
    assert audit.count_audit(ctx, AuditFilter(end=dt.date(2024, 3, 9))) == 0
    page1 = audit.list_audit(ctx, AuditFilter(operator_id=member.id), limit=2)
    page2 = audit.list_audit(ctx, AuditFilter(operator_id=member.id), limit=2, offset=2)
    page3 = audit.list_audit(ctx, AuditFilter(operator_id=member.id), limit=2, offset=4)
    seen = [r.entity_id for r in page1 + page2 + page3]
    assert sorted(seen) == sorted(ids)
    assert page3[-1].entity_id == ids[0]  # oldest last
    assert all(r.operator_name == "Fanny Dupré" for r in page1)
    assert "participant" in audit.list_audit_entities(ctx)
    with pytest.raises(InvalidInput):
        audit.list_audit(ctx, AuditFilter(start=dt.date(2026, 1, 2), end=dt.date(2026, 1, 1)))
    with pytest.raises(InvalidInput):
        audit.list_audit(ctx, limit=0)
    with pytest.raises(InvalidInput):
        audit.list_audit(ctx, offset=-1)


@pytest.mark.parametrize("role", [Role.FACILITATOR, Role.PEER_HELPER, Role.VOLUNTEER])
def test_only_the_coordinator_reads_the_trail(ctx: ServiceContext, role: Role) -> None:
    member = team.create_member(ctx, team.TeamMemberInput("Nina", "Essai", role))
    other = ctx.with_operator(Operator(member.id, "Nina Essai", role))
    with pytest.raises(PermissionDenied):
        audit.list_audit(other)
    with pytest.raises(PermissionDenied):
        audit.count_audit(other)

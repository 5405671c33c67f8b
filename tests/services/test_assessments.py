from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from pairdesk.domain.enums import AssessmentDomain
from pairdesk.errors import InvalidInput, UnknownId
from pairdesk.services import assessments
from pairdesk.services.context import ServiceContext
from pairdesk.store.models import AuditEntry, Participant, SelfAssessment, SelfAssessmentRating
from tests.factories import insert_participant

pytestmark = pytest.mark.both_engines  # also on PostgreSQL (tests/pg.py)

D = dt.date
TODAY = D(2026, 11, 25)  # the ctx fixture acts on this day
C = AssessmentDomain.CONFIDENCE
J = AssessmentDomain.JOB_SEARCH
S = AssessmentDomain.STRESS


def count(ctx: ServiceContext, model: type) -> int:
    with ctx.transaction() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def test_record_and_list_sorted_by_date(ctx: ServiceContext) -> None:
    pid = insert_participant(ctx)
    later = assessments.record_self_assessment(
        ctx, pid, D(2026, 9, 1), {S: 6, C: 5}, notes="Mieux "
    )
    earlier = assessments.record_self_assessment(ctx, pid, D(2026, 3, 1), {C: 3})
    assert later.ratings == ((C, 5), (S, 6))  # in domain order, whatever the input order
    assert later.notes == "Mieux" and later.rating(S) == 6 and later.rating(J) is None

    rows = assessments.list_self_assessments(ctx, pid)
    assert [r.id for r in rows] == [earlier.id, later.id]
    assert rows[1] == later
    with ctx.transaction() as session:
        participant = session.get(Participant, pid)
        assert participant is not None and participant.last_contact_on == D(2026, 9, 1)
        audit = session.execute(
            select(AuditEntry.entity_id, AuditEntry.action).where(
                AuditEntry.entity == "self_assessment"
            )
        ).all()
    assert [tuple(a) for a in audit] == [(later.id, "create"), (earlier.id, "create")]


def test_progression_per_domain(ctx: ServiceContext) -> None:
    pid = insert_participant(ctx)
    other = insert_participant(ctx, "Hugo", "Blanc")
    assessments.record_self_assessment(ctx, pid, D(2026, 6, 1), {C: 4, J: 2})
    assessments.record_self_assessment(ctx, pid, D(2026, 1, 10), {C: 2})
    assessments.record_self_assessment(ctx, pid, D(2026, 10, 5), {C: 7, J: 5})
    assessments.record_self_assessment(ctx, other, D(2026, 5, 5), {S: 9})

    assert assessments.progression(ctx, pid) == {
        C: [(D(2026, 1, 10), 2), (D(2026, 6, 1), 4), (D(2026, 10, 5), 7)],
        J: [(D(2026, 6, 1), 2), (D(2026, 10, 5), 5)],
    }
    assert list(assessments.progression(ctx, pid)) == [C, J]
    assert assessments.progression(ctx, insert_participant(ctx, "Zoé", "Vidal")) == {}


def test_string_domains_are_accepted(ctx: ServiceContext) -> None:
    pid = insert_participant(ctx)
    row = assessments.record_self_assessment(ctx, pid, D(2026, 6, 1), {"autonomy": 8})  # type: ignore[dict-item]
    assert row.ratings == ((AssessmentDomain.AUTONOMY, 8),)


def test_delete_removes_ratings_and_is_audited(ctx: ServiceContext) -> None:
    pid = insert_participant(ctx)
    row = assessments.record_self_assessment(ctx, pid, D(2026, 6, 1), {C: 4, J: 2})
    assessments.delete_self_assessment(ctx, row.id)
    assert assessments.list_self_assessments(ctx, pid) == []
    assert count(ctx, SelfAssessmentRating) == 0
    with ctx.transaction() as session:
        actions = session.scalars(
            select(AuditEntry.action).where(
                AuditEntry.entity == "self_assessment", AuditEntry.entity_id == row.id
            )
        ).all()
    assert actions == ["create", "delete"]
    with pytest.raises(UnknownId):
        assessments.delete_self_assessment(ctx, row.id)


@pytest.mark.parametrize(
    ("ratings", "field"),
    [
        ({}, "ratings"),
        ({C: 0}, "ratings.confidence"),
        ({C: 11}, "ratings.confidence"),
        ({C: 5, J: 7.5}, "ratings.job_search"),
        ({C: True}, "ratings.confidence"),
        ({"happiness": 5}, "ratings"),
    ],
)
def test_invalid_ratings_are_refused(ctx: ServiceContext, ratings: dict, field: str) -> None:  # type: ignore[type-arg]
    pid = insert_participant(ctx)
    with pytest.raises(InvalidInput) as err:
        assessments.record_self_assessment(ctx, pid, D(2026, 6, 1), ratings)
    assert err.value.field == field
    assert count(ctx, SelfAssessment) == 0


@settings(
    max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None
)
@given(rating=st.integers())
def test_only_ratings_from_1_to_10_are_kept(ctx: ServiceContext, rating: int) -> None:
    pid = 1
    with ctx.transaction() as session:
        if session.get(Participant, pid) is None:
            session.add(
                Participant(
                    id=pid, first_name="Eva", last_name="Lopez", membership_start=D(2025, 1, 1)
                )
            )
    if 1 <= rating <= 10:
        row = assessments.record_self_assessment(ctx, pid, D(2026, 6, 1), {C: rating})
        assert row.rating(C) == rating
        assessments.delete_self_assessment(ctx, row.id)
    else:
        with pytest.raises(InvalidInput):
            assessments.record_self_assessment(ctx, pid, D(2026, 6, 1), {C: rating})
    assert count(ctx, SelfAssessment) == 0


def test_other_failures(ctx: ServiceContext) -> None:
    with pytest.raises(UnknownId):
        assessments.record_self_assessment(ctx, 999, D(2026, 6, 1), {C: 5})
    with pytest.raises(UnknownId):
        assessments.list_self_assessments(ctx, 999)
    pid = insert_participant(ctx)
    with pytest.raises(InvalidInput) as err:
        assessments.record_self_assessment(ctx, pid, None, {C: 5})  # type: ignore[arg-type]
    assert err.value.field == "assessed_on"
    # A self-assessment planned ahead does not count as a contact yet.
    assessments.record_self_assessment(ctx, pid, TODAY + dt.timedelta(days=3), {C: 5})
    with ctx.transaction() as session:
        participant = session.get(Participant, pid)
        assert participant is not None and participant.last_contact_on is None

"""Shared indicators over a period: load the few columns needed, let the domain count.

The rules live in :mod:`pairdesk.domain.indicators` (see its docstrings and DESIGN.md);
this module only reads, in one transaction, and pre-filters rows by date so a large vault
is not read whole. Reading aggregate figures holds no personal data and changes nothing,
so no audit line is written.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from pairdesk.domain.indicators import (
    ActivityRecord,
    AssessmentRecord,
    ContractRecord,
    GoalRecord,
    IndicatorData,
    IndicatorReport,
    IndicatorValue,
    MemberRecord,
    RegistrationRecord,
    RetentionCheckRecord,
    WorkshopRecord,
    compute_report,
)
from pairdesk.domain.validation import date_order, required_date
from pairdesk.i18n import _
from pairdesk.services.context import ServiceContext
from pairdesk.store.models import (
    Contract,
    Goal,
    MockInterview,
    OfferShare,
    Participant,
    PathwayEvent,
    Registration,
    RetentionCheck,
    SelfAssessment,
    SelfAssessmentRating,
    Workshop,
)

__all__ = ["IndicatorReport", "IndicatorValue", "compute_indicators", "load_indicator_data"]


def compute_indicators(ctx: ServiceContext, start: dt.date, end: dt.date) -> IndicatorReport:
    """Every shared indicator for ``[start, end]``, both days included.

    Raises ``InvalidInput`` when a date is missing, out of range, or ``end < start``."""
    start = required_date(start, "start", _("Start date"))
    end = required_date(end, "end", _("End date"))
    date_order(start, end, "end", _("End date"))
    with ctx.transaction() as session:
        data = load_indicator_data(session, start, end)
    return compute_report(data, start, end)


def load_indicator_data(session: Session, start: dt.date, end: dt.date) -> IndicatorData:
    """Plain records for the period, read inside the caller's transaction."""
    members = [
        MemberRecord(pid, began, ended)
        for pid, began, ended in session.execute(
            select(Participant.id, Participant.membership_start, Participant.membership_end).where(
                Participant.membership_start <= end
            )
        )
    ]
    workshops = [
        WorkshopRecord(wid, kind, held_on, bool(cancelled))
        for wid, kind, held_on, cancelled in session.execute(
            select(Workshop.id, Workshop.kind, Workshop.held_on, Workshop.cancelled).where(
                Workshop.held_on.between(start, end)
            )
        )
    ]
    registrations = [
        RegistrationRecord(wid, pid, attendance, satisfaction)
        for wid, pid, attendance, satisfaction in session.execute(
            select(
                Registration.workshop_id,
                Registration.participant_id,
                Registration.attendance,
                Registration.satisfaction,
            )
            .join(Workshop, Workshop.id == Registration.workshop_id)
            .where(Workshop.held_on.between(start, end))
        )
    ]
    activities: list[ActivityRecord] = []
    for pid_column, date_column in (
        (PathwayEvent.participant_id, PathwayEvent.occurred_on),
        (MockInterview.participant_id, MockInterview.held_on),
        (OfferShare.participant_id, OfferShare.shared_on),
        (SelfAssessment.participant_id, SelfAssessment.assessed_on),
    ):
        activities.extend(
            ActivityRecord(pid, on)
            for pid, on in session.execute(
                select(pid_column, date_column).where(date_column.between(start, end)).distinct()
            )
        )
    goals = [
        GoalRecord(pid, status, opened_on, closed_on)
        for pid, status, opened_on, closed_on in session.execute(
            select(Goal.participant_id, Goal.status, Goal.opened_on, Goal.closed_on).where(
                Goal.opened_on <= end, or_(Goal.closed_on.is_(None), Goal.closed_on >= start)
            )
        )
    ]
    contracts = [
        ContractRecord(cid, pid, kind, started_on, planned_end_on, ended_on)
        for cid, pid, kind, started_on, planned_end_on, ended_on in session.execute(
            select(
                Contract.id,
                Contract.participant_id,
                Contract.contract_type,
                Contract.started_on,
                Contract.planned_end_on,
                Contract.ended_on,
            ).where(Contract.started_on <= end)
        )
    ]
    checks = [
        RetentionCheckRecord(cid, months, bool(employed))
        for cid, months, employed in session.execute(
            select(RetentionCheck.contract_id, RetentionCheck.months, RetentionCheck.employed)
            .join(Contract, Contract.id == RetentionCheck.contract_id)
            .where(Contract.started_on <= end)
        )
    ]
    return IndicatorData(
        members=members,
        workshops=workshops,
        registrations=registrations,
        activities=activities,
        goals=goals,
        contracts=contracts,
        retention_checks=checks,
        assessments=_load_assessments(session, start, end),
    )


def _load_assessments(session: Session, start: dt.date, end: dt.date) -> list[AssessmentRecord]:
    """All assessments up to ``end`` of the participants assessed in the period (the
    earliest ever is necessarily among them when it matters)."""
    assessed_in_period = (
        select(SelfAssessment.participant_id)
        .where(SelfAssessment.assessed_on.between(start, end))
        .scalar_subquery()
    )
    heads: dict[int, tuple[int, dt.date]] = {}
    ratings: dict[int, dict[str, int]] = defaultdict(dict)
    rows = session.execute(
        select(
            SelfAssessment.id,
            SelfAssessment.participant_id,
            SelfAssessment.assessed_on,
            SelfAssessmentRating.domain,
            SelfAssessmentRating.rating,
        )
        .outerjoin(
            SelfAssessmentRating, SelfAssessmentRating.self_assessment_id == SelfAssessment.id
        )
        .where(
            SelfAssessment.assessed_on <= end,
            SelfAssessment.participant_id.in_(assessed_in_period),
        )
    )
    for aid, pid, assessed_on, domain, rating in rows:
        heads[aid] = (pid, assessed_on)
        if domain is not None and rating is not None:
            ratings[aid][domain] = rating
    return [
        AssessmentRecord(aid, pid, assessed_on, dict(ratings.get(aid, {})))
        for aid, (pid, assessed_on) in heads.items()
    ]

"""Self-assessments: the participant rates themself from 1 to 10 on a few domains, and the
progression is followed over time."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from pairdesk.domain import validation as v
from pairdesk.domain.enums import AssessmentDomain, AuditAction
from pairdesk.errors import InvalidInput
from pairdesk.i18n import _
from pairdesk.services.access import require_participant_access, require_record_access
from pairdesk.services.context import ServiceContext, get_or_raise
from pairdesk.services.last_contact import record_contact
from pairdesk.store.models import Participant, SelfAssessment, SelfAssessmentRating

RATING_MIN = 1
RATING_MAX = 10
_DOMAIN_ORDER = {domain: index for index, domain in enumerate(AssessmentDomain)}


@dataclass(frozen=True, slots=True)
class SelfAssessmentRow:
    id: int
    participant_id: int
    assessed_on: dt.date
    notes: str
    ratings: tuple[tuple[AssessmentDomain, int], ...]
    """(domain, rating) pairs in the order of ``AssessmentDomain``."""

    def rating(self, domain: AssessmentDomain) -> int | None:
        for rated, value in self.ratings:
            if rated is domain:
                return value
        return None


def record_self_assessment(
    ctx: ServiceContext,
    participant_id: int,
    assessed_on: dt.date,
    ratings: Mapping[AssessmentDomain, int],
    notes: str = "",
) -> SelfAssessmentRow:
    """Record a dated self-assessment: at least one domain, each rated from 1 to 10."""
    with ctx.transaction() as session:
        require_participant_access(ctx, session, participant_id)
        get_or_raise(session, Participant, participant_id, _("participant"))
        day = v.required_date(assessed_on, "assessed_on", _("Date"))
        cleaned: dict[AssessmentDomain, int] = {}
        for key, value in ratings.items():
            domain = v.enum_value(AssessmentDomain, key, "ratings", _("Domain"))
            rating = v.int_in_range(
                value,
                RATING_MIN,
                RATING_MAX,
                f"ratings.{domain.value}",
                domain.label,
                required=True,
            )
            assert rating is not None
            cleaned[domain] = rating
        if not cleaned:
            raise InvalidInput(_("Rate at least one domain."), field="ratings")
        assessment = SelfAssessment(
            participant_id=participant_id,
            assessed_on=day,
            notes=v.free_text(notes, "notes", _("Notes")),
            ratings=[
                SelfAssessmentRating(domain=domain.value, rating=rating)
                for domain, rating in sorted(cleaned.items(), key=lambda i: _DOMAIN_ORDER[i[0]])
            ],
        )
        session.add(assessment)
        session.flush()
        record_contact(ctx, session, participant_id, day)
        ctx.audit(session, "self_assessment", assessment.id, AuditAction.CREATE)
        return _row(assessment)


def list_self_assessments(ctx: ServiceContext, participant_id: int) -> list[SelfAssessmentRow]:
    """A participant's self-assessments, oldest first."""
    with ctx.transaction() as session:
        require_participant_access(ctx, session, participant_id)
        get_or_raise(session, Participant, participant_id, _("participant"))
        return [_row(a) for a in _assessments(session, participant_id)]


def progression(
    ctx: ServiceContext, participant_id: int
) -> dict[AssessmentDomain, list[tuple[dt.date, int]]]:
    """For each domain ever rated, its (date, rating) points oldest first."""
    with ctx.transaction() as session:
        require_participant_access(ctx, session, participant_id)
        get_or_raise(session, Participant, participant_id, _("participant"))
        points: dict[AssessmentDomain, list[tuple[dt.date, int]]] = {}
        for assessment in _assessments(session, participant_id):
            for rating in assessment.ratings:
                points.setdefault(AssessmentDomain(rating.domain), []).append(
                    (assessment.assessed_on, rating.rating)
                )
        return {domain: points[domain] for domain in AssessmentDomain if domain in points}


def delete_self_assessment(ctx: ServiceContext, assessment_id: int) -> None:
    with ctx.transaction() as session:
        require_record_access(ctx, session, SelfAssessment, assessment_id)
        assessment = get_or_raise(session, SelfAssessment, assessment_id, _("self-assessment"))
        session.delete(assessment)
        ctx.audit(session, "self_assessment", assessment_id, AuditAction.DELETE)


def _assessments(session: Session, participant_id: int) -> list[SelfAssessment]:
    return list(
        session.scalars(
            select(SelfAssessment)
            .where(SelfAssessment.participant_id == participant_id)
            .options(selectinload(SelfAssessment.ratings))
            .order_by(SelfAssessment.assessed_on, SelfAssessment.id)
        )
    )


def _row(assessment: SelfAssessment) -> SelfAssessmentRow:
    ratings = sorted(
        ((AssessmentDomain(r.domain), r.rating) for r in assessment.ratings),
        key=lambda pair: _DOMAIN_ORDER[pair[0]],
    )
    return SelfAssessmentRow(
        id=assessment.id,
        participant_id=assessment.participant_id,
        assessed_on=assessment.assessed_on,
        notes=assessment.notes,
        ratings=tuple(ratings),
    )

"""Matching job offers with participants (the scoring itself is in ``domain.matching``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Select, func, or_, select

from pairdesk.domain import validation as v
from pairdesk.domain.enums import ParticipantStatus, RemoteWork, RqthStatus
from pairdesk.domain.matching import OfferFacts, ParticipantFacts, prepare_offer, score_match
from pairdesk.domain.permissions import Permission, require
from pairdesk.domain.text import fold, full_name
from pairdesk.i18n import _
from pairdesk.services.context import ServiceContext, get_or_raise
from pairdesk.services.records import read_object
from pairdesk.store.models import JobOffer, OfferShare, Participant, Pathway

# --------------------------------------------------------------------------- matching


@dataclass(frozen=True, slots=True)
class Match:
    """An offer and a participant that may fit, best first, with the reasons why."""

    offer_id: int
    offer_title: str
    employer: str
    place: str
    closing_on: dt.date | None
    participant_id: int
    participant_name: str
    score: int
    reasons: tuple[str, ...]


def _offer_facts(row: JobOffer) -> OfferFacts:
    return read_object(OfferFacts, row, remote=RemoteWork(row.remote))


def _match(
    offer: JobOffer, participant_id: int, name: str, score: int, reasons: tuple[str, ...]
) -> Match:
    return read_object(
        Match,
        offer,
        offer_id=offer.id,
        offer_title=offer.title,
        participant_id=participant_id,
        participant_name=name,
        score=score,
        reasons=reasons,
    )


def _participant_facts(
    city: str, rqth: str, aspirations: str, places: str, hours: float | None, needs: str
) -> ParticipantFacts:
    return ParticipantFacts(
        aspirations=aspirations,
        preferred_hours_per_week=hours,
        preferred_places=places,
        city=city,
        accommodations_needed=needs,
        rqth_status=_rqth(rqth),
    )


def _participant_facts_query() -> Select[int, str, str, str, str, str, str, float | None, str]:
    return select(
        Participant.id,
        Participant.first_name,
        Participant.last_name,
        Participant.city,
        Participant.rqth_status,
        func.coalesce(Pathway.aspirations, ""),
        func.coalesce(Pathway.preferred_places, ""),
        Pathway.preferred_hours_per_week,
        func.coalesce(Pathway.accommodations_needed, ""),
    ).outerjoin(Pathway, Pathway.participant_id == Participant.id)


def _rqth(value: str) -> RqthStatus:
    try:
        return RqthStatus(value)
    except ValueError:
        return RqthStatus.NONE


def _check_limit(limit: int) -> int:
    checked = v.int_in_range(limit, 1, 10_000, "limit", _("Number of results"), required=True)
    assert checked is not None
    return checked


def matches_for_offer(ctx: ServiceContext, offer_id: int, limit: int = 20) -> list[Match]:
    """Active participants the offer may suit, best first; those already sent it are left out."""
    require(ctx, Permission.OFFERS)
    limit = _check_limit(limit)
    with ctx.transaction() as session:
        offer = get_or_raise(session, JobOffer, offer_id, _("job offer"))
        prepared = prepare_offer(_offer_facts(offer))
        already = select(OfferShare.participant_id).where(OfferShare.offer_id == offer_id)
        query = _participant_facts_query().where(
            Participant.status == ParticipantStatus.ACTIVE.value,
            Participant.anonymised.is_(False),
            Participant.id.not_in(already),
        )
        matches: list[Match] = []
        for pid, first, last, city, rqth, aspirations, places, hours, needs in session.execute(
            query
        ):
            result = score_match(
                prepared, _participant_facts(city, rqth, aspirations, places, hours, needs)
            )
            if result.score > 0:
                matches.append(
                    _match(offer, pid, full_name(first, last), result.score, result.reasons)
                )
    matches.sort(key=lambda m: (-m.score, fold(m.participant_name), m.participant_id))
    return matches[:limit]


def offers_for_participant(
    ctx: ServiceContext, participant_id: int, limit: int = 20
) -> list[Match]:
    """Open offers (not archived, not past their closing date) that may suit a participant."""
    require(ctx, Permission.OFFERS)
    limit = _check_limit(limit)
    today = ctx.today()
    with ctx.transaction() as session:
        get_or_raise(session, Participant, participant_id, _("participant"))
        _pid, first, last, city, rqth, aspirations, places, hours, needs = session.execute(
            _participant_facts_query().where(Participant.id == participant_id)
        ).one()
        person = _participant_facts(city, rqth, aspirations, places, hours, needs)
        offers = session.scalars(
            select(JobOffer).where(
                JobOffer.archived.is_(False),
                or_(JobOffer.closing_on.is_(None), JobOffer.closing_on >= today),
            )
        ).all()
        name = full_name(first, last)
        matches: list[Match] = []
        for offer in offers:
            result = score_match(_offer_facts(offer), person)
            if result.score > 0:
                matches.append(_match(offer, participant_id, name, result.score, result.reasons))
    matches.sort(key=lambda m: (-m.score, m.closing_on is None, m.closing_on or today, m.offer_id))
    return matches[:limit]

"""Job-offer sharing: the offers collected, who they were shared with, what came of it,
and matching offers with participants (the scoring itself is in ``domain.matching``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from pairdesk.domain import validation as v
from pairdesk.domain.enums import (
    AuditAction,
    ConsentPurpose,
    ContractType,
    ParticipantStatus,
    RemoteWork,
    RqthStatus,
    ShareOutcome,
)
from pairdesk.domain.matching import OfferFacts, ParticipantFacts, prepare_offer, score_match
from pairdesk.domain.permissions import Permission, require
from pairdesk.domain.text import fold, search_text
from pairdesk.errors import InvalidInput
from pairdesk.i18n import _
from pairdesk.services.access import participant_for_new_record
from pairdesk.services.context import ServiceContext, get_or_raise
from pairdesk.services.last_contact import advance_last_contact
from pairdesk.store.models import Consent, JobOffer, OfferShare, Participant, Pathway, Workshop

CLOSING_SOON_DAYS = 7
SORTS = ("closing_on", "created_on", "title", "employer")


# --------------------------------------------------------------------------- offers


@dataclass(frozen=True, slots=True)
class OfferInput:
    title: str
    employer: str = ""
    place: str = ""
    contract_type: ContractType = ContractType.CDI
    hours_per_week: float | None = None
    remote: RemoteWork = RemoteWork.NONE
    accommodations: str = ""
    employer_open_to_disability: bool = False
    source: str = ""
    closing_on: dt.date | None = None
    contact: str = ""
    description: str = ""


@dataclass(frozen=True, slots=True)
class OfferView:
    """One job offer, as the list shows it and the form edits it."""

    id: int
    title: str
    employer: str
    place: str
    contract_type: ContractType
    hours_per_week: float | None
    remote: RemoteWork
    accommodations: str
    employer_open_to_disability: bool
    source: str
    closing_on: dt.date | None
    contact: str
    description: str
    created_on: dt.date
    archived: bool
    expired: bool
    closing_soon: bool
    share_count: int

    @property
    def has_accommodations(self) -> bool:
        return bool(self.accommodations)


def _expired(closing_on: dt.date | None, today: dt.date) -> bool:
    return closing_on is not None and closing_on < today


def _closing_soon(closing_on: dt.date | None, today: dt.date) -> bool:
    return closing_on is not None and today <= closing_on <= today + dt.timedelta(
        days=CLOSING_SOON_DAYS
    )


def _share_count(session: Session, offer_id: int) -> int:
    return session.scalar(select(func.count()).where(OfferShare.offer_id == offer_id)) or 0


def _offer_view(
    session: Session, row: JobOffer, today: dt.date, share_count: int | None = None
) -> OfferView:
    """The read object of ``row``; ``share_count`` when the caller counted them already."""
    return OfferView(
        id=row.id,
        title=row.title,
        employer=row.employer,
        place=row.place,
        contract_type=ContractType(row.contract_type),
        hours_per_week=row.hours_per_week,
        remote=RemoteWork(row.remote),
        accommodations=row.accommodations,
        employer_open_to_disability=row.employer_open_to_disability,
        source=row.source,
        closing_on=row.closing_on,
        contact=row.contact,
        description=row.description,
        created_on=row.created_on,
        archived=row.archived,
        expired=_expired(row.closing_on, today),
        closing_soon=_closing_soon(row.closing_on, today),
        share_count=_share_count(session, row.id) if share_count is None else share_count,
    )


def _apply_offer(row: JobOffer, data: OfferInput) -> None:
    row.title = v.required_line(data.title, "title", _("Job title"))
    row.employer = v.optional_line(data.employer, "employer", _("Employer"), max_length=200)
    row.place = v.optional_line(data.place, "place", _("Place"), max_length=200)
    row.contract_type = v.enum_value(
        ContractType, data.contract_type, "contract_type", _("Contract type")
    ).value
    row.hours_per_week = v.hours(data.hours_per_week, "hours_per_week", _("Hours a week"))
    row.remote = v.enum_value(RemoteWork, data.remote, "remote", _("Remote work")).value
    row.accommodations = v.free_text(
        data.accommodations, "accommodations", _("Accommodations offered")
    )
    row.employer_open_to_disability = bool(data.employer_open_to_disability)
    row.source = v.optional_line(data.source, "source", _("Source"), max_length=200)
    row.closing_on = v.date_in_range(data.closing_on, "closing_on", _("Closing date"))
    row.contact = v.optional_line(data.contact, "contact", _("Contact"), max_length=300)
    row.description = v.free_text(data.description, "description", _("Description"))
    row.search_text = search_text(
        row.title, row.employer, row.place, row.source, row.accommodations
    )


def create_offer(ctx: ServiceContext, data: OfferInput) -> OfferView:
    require(ctx, Permission.OFFERS)
    row = JobOffer(created_on=ctx.today(), archived=False)
    _apply_offer(row, data)
    with ctx.transaction() as session:
        session.add(row)
        session.flush()
        ctx.audit(session, "job_offer", row.id, AuditAction.CREATE)
        return _offer_view(session, row, ctx.today())


def update_offer(ctx: ServiceContext, offer_id: int, data: OfferInput) -> OfferView:
    require(ctx, Permission.OFFERS)
    with ctx.transaction() as session:
        row = get_or_raise(session, JobOffer, offer_id, _("job offer"))
        _apply_offer(row, data)
        ctx.audit(session, "job_offer", row.id, AuditAction.UPDATE)
        return _offer_view(session, row, ctx.today())


def archive_offer(ctx: ServiceContext, offer_id: int, archived: bool = True) -> OfferView:
    """Archive an offer (or bring it back with ``archived=False``); shares are kept."""
    require(ctx, Permission.OFFERS)
    with ctx.transaction() as session:
        row = get_or_raise(session, JobOffer, offer_id, _("job offer"))
        row.archived = bool(archived)
        ctx.audit(
            session, "job_offer", row.id, AuditAction.UPDATE, detail=f"archived={row.archived}"
        )
        return _offer_view(session, row, ctx.today())


def get_offer(ctx: ServiceContext, offer_id: int) -> OfferView:
    with ctx.transaction() as session:
        return _offer_view(
            session, get_or_raise(session, JobOffer, offer_id, _("job offer")), ctx.today()
        )


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def list_offers(
    ctx: ServiceContext,
    *,
    search: str = "",
    contract_type: ContractType | None = None,
    max_hours: float | None = None,
    remote: RemoteWork | None = None,
    with_accommodations: bool | None = None,
    open_only: bool = False,
    include_archived: bool = False,
    source: str | None = None,
    sort: str = "closing_on",
) -> list[OfferView]:
    """Offers filtered and sorted in SQL.

    ``search`` finds every typed word, accents and case ignored, in the title, employer,
    place, source or accommodations. ``max_hours`` leaves out offers whose hours are not
    given. ``open_only`` keeps offers not archived whose closing date is not past.
    ``sort``: "closing_on" (soonest first, no date last), "created_on" (newest first),
    "title" or "employer".
    """
    today = ctx.today()
    if sort not in SORTS:
        raise InvalidInput(
            _("{field} has an unknown value.").format(field=_("Sort order")), field="sort"
        )
    shares = (
        select(OfferShare.offer_id, func.count().label("n"))
        .group_by(OfferShare.offer_id)
        .subquery()
    )
    query = select(JobOffer, func.coalesce(shares.c.n, 0)).outerjoin(
        shares, shares.c.offer_id == JobOffer.id
    )
    for word in fold(search).split():
        query = query.where(JobOffer.search_text.like(f"%{_like_escape(word)}%", escape="\\"))
    if contract_type is not None:
        wanted = v.enum_value(ContractType, contract_type, "contract_type", _("Contract type"))
        query = query.where(JobOffer.contract_type == wanted.value)
    if max_hours is not None:
        limit = v.hours(max_hours, "max_hours", _("Hours a week"))
        query = query.where(JobOffer.hours_per_week.is_not(None), JobOffer.hours_per_week <= limit)
    if remote is not None:
        wanted_remote = v.enum_value(RemoteWork, remote, "remote", _("Remote work"))
        query = query.where(JobOffer.remote == wanted_remote.value)
    if with_accommodations is True:
        query = query.where(JobOffer.accommodations != "")
    elif with_accommodations is False:
        query = query.where(JobOffer.accommodations == "")
    if open_only:
        query = query.where(
            JobOffer.archived.is_(False),
            or_(JobOffer.closing_on.is_(None), JobOffer.closing_on >= today),
        )
    elif not include_archived:
        query = query.where(JobOffer.archived.is_(False))
    if source is not None:
        query = query.where(
            JobOffer.source == v.optional_line(source, "source", _("Source"), max_length=200)
        )
    query = _sorted(query, sort)
    with ctx.transaction() as session:
        return [
            _offer_view(session, row, today, int(count)) for row, count in session.execute(query)
        ]


def _sorted(query: Select[JobOffer, Any], sort: str) -> Select[JobOffer, Any]:
    if sort == "closing_on":
        return query.order_by(JobOffer.closing_on.is_(None), JobOffer.closing_on, JobOffer.id)
    if sort == "created_on":
        return query.order_by(JobOffer.created_on.desc(), JobOffer.id.desc())
    if sort == "title":
        return query.order_by(func.lower(JobOffer.title), JobOffer.id)
    return query.order_by(func.lower(JobOffer.employer), JobOffer.id)


def list_offer_sources(ctx: ServiceContext) -> list[str]:
    """The sources already typed (France Travail, a newsletter…), for a filter list."""
    with ctx.transaction() as session:
        return list(
            session.scalars(
                select(JobOffer.source)
                .where(JobOffer.source != "")
                .distinct()
                .order_by(JobOffer.source)
            )
        )


# --------------------------------------------------------------------------- shares


@dataclass(frozen=True, slots=True)
class ShareRow:
    id: int
    offer_id: int
    offer_title: str
    employer: str
    participant_id: int
    participant_name: str
    workshop_id: int | None
    shared_on: dt.date
    outcome: ShareOutcome
    outcome_on: dt.date | None
    notes: str
    consent_warning: str | None


def _no_consent_warning() -> str:
    return _(
        "No current consent to keep this person's file is recorded. "
        "Ask for it and record it before going further."
    )


def _with_current_consent(
    session: Session, participant_ids: Iterable[int], today: dt.date
) -> set[int]:
    ids = set(participant_ids)
    if not ids:
        return set()
    return set(
        session.scalars(
            select(Consent.participant_id)
            .where(
                Consent.participant_id.in_(ids),
                Consent.purpose == ConsentPurpose.KEEP_FILE.value,
                Consent.given_on <= today,
                or_(Consent.withdrawn_on.is_(None), Consent.withdrawn_on > today),
            )
            .distinct()
        )
    )


def _display_name(first_name: str, last_name: str) -> str:
    return " ".join(part for part in (first_name, last_name) if part)


def _share_rows(session: Session, query: Select[OfferShare], today: dt.date) -> list[ShareRow]:
    rows = session.execute(
        query.add_columns(
            JobOffer.title, JobOffer.employer, Participant.first_name, Participant.last_name
        )
        .join(JobOffer, JobOffer.id == OfferShare.offer_id)
        .join(Participant, Participant.id == OfferShare.participant_id)
    ).all()
    consenting = _with_current_consent(session, (r[0].participant_id for r in rows), today)
    return [
        ShareRow(
            id=share.id,
            offer_id=share.offer_id,
            offer_title=title,
            employer=employer,
            participant_id=share.participant_id,
            participant_name=_display_name(first, last),
            workshop_id=share.workshop_id,
            shared_on=share.shared_on,
            outcome=ShareOutcome(share.outcome),
            outcome_on=share.outcome_on,
            notes=share.notes,
            consent_warning=None if share.participant_id in consenting else _no_consent_warning(),
        )
        for share, title, employer, first, last in rows
    ]


def _share_row(session: Session, share_id: int, today: dt.date) -> ShareRow:
    return _share_rows(session, select(OfferShare).where(OfferShare.id == share_id), today)[0]


def _add_share(
    session: Session,
    offer_id: int,
    participant: Participant,
    workshop_id: int | None,
    shared_on: dt.date,
) -> OfferShare:
    share = OfferShare(
        offer_id=offer_id,
        participant_id=participant.id,
        workshop_id=workshop_id,
        shared_on=shared_on,
        outcome=ShareOutcome.SHARED.value,
        notes="",
    )
    session.add(share)
    advance_last_contact(participant, shared_on)
    return share


def share_offer(
    ctx: ServiceContext,
    offer_id: int,
    participant_id: int,
    *,
    workshop_id: int | None = None,
    shared_on: dt.date | None = None,
) -> ShareRow:
    """Record that an offer was passed on to a participant.

    The returned row carries a ``consent_warning`` when no current consent to keep the
    person's file is recorded; the share is recorded all the same.
    """
    require(ctx, Permission.OFFERS)
    on = v.required_date(shared_on or ctx.today(), "shared_on", _("Date shared"))
    with ctx.transaction() as session:
        offer = get_or_raise(session, JobOffer, offer_id, _("job offer"))
        participant = participant_for_new_record(session, participant_id)
        if workshop_id is not None:
            get_or_raise(session, Workshop, workshop_id, _("workshop"))
        if offer.archived:
            raise InvalidInput(
                _("This offer is archived: bring it back before sharing it."), field="offer_id"
            )
        existing = session.scalar(
            select(OfferShare.id).where(
                OfferShare.offer_id == offer_id, OfferShare.participant_id == participant_id
            )
        )
        if existing is not None:
            raise InvalidInput(
                _("This offer has already been shared with this person."), field="participant_id"
            )
        share = _add_share(session, offer.id, participant, workshop_id, on)
        session.flush()
        ctx.audit(session, "offer_share", share.id, AuditAction.CREATE)
        return _share_row(session, share.id, ctx.today())


def set_share_outcome(
    ctx: ServiceContext,
    share_id: int,
    outcome: ShareOutcome,
    on: dt.date | None = None,
    notes: str = "",
) -> ShareRow:
    """What came of a share (interested, applied, interview, hired, declined)."""
    require(ctx, Permission.OFFERS)
    wanted = v.enum_value(ShareOutcome, outcome, "outcome", _("Outcome"))
    clean_notes = v.free_text(notes, "notes", _("Notes"))
    with ctx.transaction() as session:
        share = get_or_raise(session, OfferShare, share_id, _("offer share"))
        if wanted == ShareOutcome.SHARED:
            outcome_on = None
        else:
            outcome_on = v.required_date(on or ctx.today(), "outcome_on", _("Date of the outcome"))
            v.date_order(share.shared_on, outcome_on, "outcome_on", _("Date of the outcome"))
        share.outcome = wanted.value
        share.outcome_on = outcome_on
        share.notes = clean_notes
        ctx.audit(
            session, "offer_share", share.id, AuditAction.UPDATE, detail=f"outcome={wanted.value}"
        )
        return _share_row(session, share.id, ctx.today())


def delete_share(ctx: ServiceContext, share_id: int) -> None:
    """Remove a share recorded by mistake."""
    require(ctx, Permission.OFFERS)
    with ctx.transaction() as session:
        share = get_or_raise(session, OfferShare, share_id, _("offer share"))
        session.delete(share)
        ctx.audit(session, "offer_share", share_id, AuditAction.DELETE)


def list_shares(
    ctx: ServiceContext, *, offer_id: int | None = None, participant_id: int | None = None
) -> list[ShareRow]:
    """Shares of one offer and/or one participant, most recent first."""
    require(ctx, Permission.OFFERS)
    query = select(OfferShare)
    if offer_id is not None:
        query = query.where(OfferShare.offer_id == offer_id)
    if participant_id is not None:
        query = query.where(OfferShare.participant_id == participant_id)
    query = query.order_by(OfferShare.shared_on.desc(), OfferShare.id.desc())
    with ctx.transaction() as session:
        if offer_id is not None:
            get_or_raise(session, JobOffer, offer_id, _("job offer"))
        if participant_id is not None:
            get_or_raise(session, Participant, participant_id, _("participant"))
        return _share_rows(session, query, ctx.today())


def record_workshop_shares(
    ctx: ServiceContext, workshop_id: int, pairs: Sequence[tuple[int, int]]
) -> list[ShareRow]:
    """Record the shares made at an offer-sharing workshop, all or nothing.

    Pairs are (offer id, participant id); pairs already shared are skipped. The shares are
    dated on the workshop's day. Returns the shares created.
    """
    require(ctx, Permission.OFFERS)
    with ctx.transaction() as session:
        workshop = get_or_raise(session, Workshop, workshop_id, _("workshop"))
        wanted = list(dict.fromkeys((int(o), int(p)) for o, p in pairs))
        offer_ids = {o for o, _p in wanted}
        existing: set[tuple[int, int]] = {
            (shared_offer, shared_with)
            for shared_offer, shared_with in session.execute(
                select(OfferShare.offer_id, OfferShare.participant_id).where(
                    OfferShare.offer_id.in_(offer_ids)
                )
            )
        }
        created: list[OfferShare] = []
        for offer_id, participant_id in wanted:
            if (offer_id, participant_id) in existing:
                continue
            offer = get_or_raise(session, JobOffer, offer_id, _("job offer"))
            if offer.archived:
                raise InvalidInput(
                    _("This offer is archived: bring it back before sharing it."), field="offer_id"
                )
            participant = participant_for_new_record(session, participant_id)
            created.append(
                _add_share(session, offer.id, participant, workshop.id, workshop.held_on)
            )
        session.flush()
        for share in created:
            ctx.audit(
                session,
                "offer_share",
                share.id,
                AuditAction.CREATE,
                detail=f"workshop={workshop.id}",
            )
        if not created:
            return []
        ids = [share.id for share in created]
        rows = _share_rows(session, select(OfferShare).where(OfferShare.id.in_(ids)), ctx.today())
        order = {share_id: i for i, share_id in enumerate(ids)}
        return sorted(rows, key=lambda r: order[r.id])


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
    return OfferFacts(
        title=row.title,
        description=row.description,
        place=row.place,
        hours_per_week=row.hours_per_week,
        accommodations=row.accommodations,
        employer_open_to_disability=row.employer_open_to_disability,
        remote=RemoteWork(row.remote),
    )


def _match(
    offer: JobOffer, participant_id: int, name: str, score: int, reasons: tuple[str, ...]
) -> Match:
    return Match(
        offer_id=offer.id,
        offer_title=offer.title,
        employer=offer.employer,
        place=offer.place,
        closing_on=offer.closing_on,
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
                    _match(offer, pid, _display_name(first, last), result.score, result.reasons)
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
        name = _display_name(first, last)
        matches: list[Match] = []
        for offer in offers:
            result = score_match(_offer_facts(offer), person)
            if result.score > 0:
                matches.append(_match(offer, participant_id, name, result.score, result.reasons))
    matches.sort(key=lambda m: (-m.score, m.closing_on is None, m.closing_on or today, m.offer_id))
    return matches[:limit]

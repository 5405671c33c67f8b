"""Job-offer sharing: which offers were passed on to whom, and what came of it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from pairdesk.domain import validation as v
from pairdesk.domain.enums import AuditAction, ConsentPurpose, ShareOutcome
from pairdesk.domain.permissions import Permission, require
from pairdesk.domain.text import full_name
from pairdesk.errors import InvalidInput
from pairdesk.formatting import short_date
from pairdesk.i18n import _
from pairdesk.services import attendance, consents
from pairdesk.services.access import participant_for_new_record
from pairdesk.services.context import ServiceContext, get_or_raise
from pairdesk.services.last_contact import advance_last_contact
from pairdesk.services.offers import expired
from pairdesk.services.records import delete_record
from pairdesk.store.models import JobOffer, OfferShare, Participant, Workshop

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


def _share_rows(session: Session, query: Select[OfferShare], today: dt.date) -> list[ShareRow]:
    rows = session.execute(
        query.add_columns(
            JobOffer.title, JobOffer.employer, Participant.first_name, Participant.last_name
        )
        .join(JobOffer, JobOffer.id == OfferShare.offer_id)
        .join(Participant, Participant.id == OfferShare.participant_id)
    ).all()
    consenting = consents.consenting(
        session, (r[0].participant_id for r in rows), ConsentPurpose.KEEP_FILE, today
    )
    return [
        ShareRow(
            id=share.id,
            offer_id=share.offer_id,
            offer_title=title,
            employer=employer,
            participant_id=share.participant_id,
            participant_name=full_name(first, last),
            workshop_id=share.workshop_id,
            shared_on=share.shared_on,
            outcome=ShareOutcome(share.outcome),
            outcome_on=share.outcome_on,
            notes=share.notes,
            consent_warning=None if share.participant_id in consenting else _no_consent_warning(),
        )
        for share, title, employer, first, last in rows
    ]


def may_keep_file(ctx: ServiceContext, participant_id: int) -> bool:
    """Whether a current consent to keep the person's file is recorded, as the offers ask
    before a share: a yes or no that anyone sharing offers may have (a pair-aidant who is
    not the person's tutor cannot open the file's consents, and "Partager avec…" was
    refused to her while a sharing workshop recorded the same share)."""
    require(ctx, Permission.OFFERS)
    with ctx.transaction() as session:
        participant_for_new_record(session, participant_id)  # an unknown id is refused
        return participant_id in consents.consenting(
            session, [participant_id], ConsentPurpose.KEEP_FILE, ctx.today()
        )


def _share_row(session: Session, share_id: int, today: dt.date) -> ShareRow:
    return _share_rows(session, select(OfferShare).where(OfferShare.id == share_id), today)[0]


def _check_shareable(offer: JobOffer, on: dt.date) -> None:
    """An archived offer, or one whose closing date is before the day of the share, is not
    passed on (an offer closed in March was shared in November without a word)."""
    if offer.archived:
        raise InvalidInput(
            _("This offer is archived: bring it back before sharing it."), field="offer_id"
        )
    if expired(offer.closing_on, on):
        raise InvalidInput(
            _(
                "« {title} » closed on {date}: it can no longer be shared. If the employer "
                "still recruits, change its closing date first."
            ).format(title=offer.title, date=short_date(offer.closing_on)),
            field="offer_id",
        )


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
        _check_shareable(offer, on)
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
    delete_record(ctx, OfferShare, share_id, _("offer share"), "offer_share")


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
    ctx: ServiceContext,
    workshop_id: int,
    pairs: Sequence[tuple[int, int]],
    present: Sequence[int] = (),
) -> list[ShareRow]:
    """Record an offer-sharing workshop, all or nothing: who came (``present``, participant
    ids: checked in as at the door, a walk-in when not registered) and the shares made.

    Pairs are (offer id, participant id); pairs already shared are skipped. The shares are
    dated on the workshop's day. Returns the shares created.
    """
    require(ctx, Permission.OFFERS)
    with ctx.transaction() as session:
        workshop = get_or_raise(session, Workshop, workshop_id, _("workshop"))
        for participant_id in dict.fromkeys(int(p) for p in present):
            attendance.check_in(ctx, workshop_id, participant_id)
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
            _check_shareable(offer, workshop.held_on)
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

"""Cross tutoring: a peer helper and a professional accompany a participant together."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from pairdesk.domain.enums import AuditAction
from pairdesk.domain.permissions import Permission, require
from pairdesk.domain.validation import date_in_range, date_order
from pairdesk.errors import InvalidInput
from pairdesk.i18n import _
from pairdesk.services.access import (
    load_participant,
    require_participant_access,
    writable_participant,
)
from pairdesk.services.context import ServiceContext, get_or_raise
from pairdesk.services.records import read_object, saved
from pairdesk.services.referents import check_referent, referent_name
from pairdesk.services.team import member_name
from pairdesk.store.models import TeamMember, Tutoring


@dataclass(frozen=True, slots=True)
class TutoringRow:
    id: int
    participant_id: int
    peer_helper_id: int | None
    peer_helper_name: str
    professional_id: int | None
    professional_name: str
    professional_referent_id: int | None
    professional_referent_name: str
    started_on: dt.date
    ended_on: dt.date | None


def _tutoring_row(session: Session, t: Tutoring) -> TutoringRow:
    return read_object(
        TutoringRow,
        t,
        peer_helper_name=member_name(session, t.peer_helper_id),
        professional_name=member_name(session, t.professional_id),
        professional_referent_name=referent_name(session, t.professional_referent_id),
    )


def _active_tutoring(session: Session, participant_id: int) -> Tutoring | None:
    return session.scalars(
        select(Tutoring)
        .where(Tutoring.participant_id == participant_id, Tutoring.ended_on.is_(None))
        .order_by(Tutoring.started_on.desc(), Tutoring.id.desc())
    ).first()


def active_tutoring_row(session: Session, participant_id: int) -> TutoringRow | None:
    active = _active_tutoring(session, participant_id)
    return _tutoring_row(session, active) if active else None


def set_tutoring(
    ctx: ServiceContext,
    participant_id: int,
    peer_helper_id: int,
    professional_id: int | None = None,
    professional_referent_id: int | None = None,
    started_on: dt.date | None = None,
) -> TutoringRow:
    """Start cross tutoring (a peer helper plus a professional); the previous one ends."""
    require(ctx, Permission.TUTORING)
    with ctx.transaction() as session:
        participant = writable_participant(session, participant_id)
        if peer_helper_id is None:
            raise InvalidInput(
                _("{field} is required.").format(field=_("Peer helper")), field="peer_helper_id"
            )
        get_or_raise(session, TeamMember, peer_helper_id, _("team member"))
        if professional_id is not None:
            get_or_raise(session, TeamMember, professional_id, _("team member"))
        check_referent(session, professional_referent_id)
        day = date_in_range(started_on, "started_on", _("Start date")) or ctx.today()
        previous = _active_tutoring(session, participant.id)
        if previous is not None:
            date_order(previous.started_on, day, "started_on", _("Start date"))
            previous.ended_on = day
            ctx.audit(session, "tutoring", previous.id, AuditAction.UPDATE, "ended")
        tutoring = Tutoring(
            participant_id=participant.id,
            peer_helper_id=peer_helper_id,
            professional_id=professional_id,
            professional_referent_id=professional_referent_id,
            started_on=day,
        )
        saved(ctx, session, "tutoring", tutoring)
        return _tutoring_row(session, tutoring)


def end_tutoring(
    ctx: ServiceContext, participant_id: int, on: dt.date | None = None
) -> TutoringRow:
    require(ctx, Permission.TUTORING)
    with ctx.transaction() as session:
        load_participant(session, participant_id)
        active = _active_tutoring(session, participant_id)
        if active is None:
            raise InvalidInput(
                _("This person has no cross tutoring in progress."), field="tutoring"
            )
        day = date_in_range(on, "ended_on", _("End date")) or ctx.today()
        date_order(active.started_on, day, "ended_on", _("End date"))
        active.ended_on = day
        ctx.audit(session, "tutoring", active.id, AuditAction.UPDATE, "ended")
        session.flush()
        return _tutoring_row(session, active)


def list_tutorings(ctx: ServiceContext, participant_id: int) -> list[TutoringRow]:
    """Every tutoring of a participant, the most recent first."""
    with ctx.transaction() as session:
        require_participant_access(ctx, session, participant_id)
        load_participant(session, participant_id)
        rows = session.scalars(
            select(Tutoring)
            .where(Tutoring.participant_id == participant_id)
            .order_by(Tutoring.started_on.desc(), Tutoring.id.desc())
        ).all()
        return [_tutoring_row(session, t) for t in rows]

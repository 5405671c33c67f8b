"""Who may open a participant's file, and whether it can still be changed.

Every service that reads or writes a participant's file calls these first:

* ``require_participant_access``: the role check plus, for a peer helper, "only the people
  you tutor";
* ``require_record_access``: the same for a record of the file (a goal, a contract, a
  consent…) known by its own id;
* ``FILE_RECORDS``: the kinds of record of a file that hold the participant's number;
* ``load_participant`` / ``writable_participant`` / ``participant_for_new_record``: the
  participant by number, and the same refusing a file that was anonymised (when changing
  the file itself, or when choosing whom a new record is about).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from pairdesk.domain.permissions import (
    Permission,
    limited_to_tutored,
    not_tutored_refusal,
    require,
)
from pairdesk.errors import InvalidInput, UserError
from pairdesk.i18n import _
from pairdesk.services.context import ServiceContext, get_or_raise
from pairdesk.store.models import (
    Base,
    Consent,
    Contract,
    CvVersion,
    Goal,
    MockInterview,
    OfferShare,
    Participant,
    ParticipantScheme,
    Pathway,
    PathwayEvent,
    Registration,
    RetentionCheck,
    SelfAssessment,
    Tutoring,
    WellbeingPlan,
)

#: A record of a participant's file that holds the participant's number.
FileRecord = (
    Registration
    | Consent
    | ParticipantScheme
    | Contract
    | Pathway
    | Goal
    | PathwayEvent
    | Tutoring
    | SelfAssessment
    | CvVersion
    | MockInterview
    | OfferShare
    | WellbeingPlan
)

#: Every kind of record of a participant's file that holds the participant's number
#: (``participant_id``), by the entity its audit lines name: what a privacy export
#: gathers, what deleting the person deletes (in this order) and what an audit line about
#: such a record leads back to. (Records reached through another one, a CV's comments or
#: a contract's retention checks, are not here.)
FILE_RECORDS: dict[str, type[FileRecord]] = {
    "registration": Registration,
    "consent": Consent,
    "participant_scheme": ParticipantScheme,
    "pathway_event": PathwayEvent,  # before the contract and the goal a step may name
    "contract": Contract,
    "pathway": Pathway,
    "goal": Goal,
    "tutoring": Tutoring,
    "self_assessment": SelfAssessment,
    "cv_version": CvVersion,
    "mock_interview": MockInterview,
    "offer_share": OfferShare,
    "wellbeing_plan": WellbeingPlan,
}


def is_tutor_of(session: Session, member_id: int, participant_id: int, today: dt.date) -> bool:
    """Whether the team member is the peer helper of a tutoring still running today."""
    found = session.scalar(
        select(Tutoring.id)
        .where(
            Tutoring.participant_id == participant_id,
            Tutoring.peer_helper_id == member_id,
            or_(Tutoring.ended_on.is_(None), Tutoring.ended_on > today),
        )
        .limit(1)
    )
    return found is not None


def require_participant_access(
    ctx: ServiceContext,
    session: Session,
    participant_id: int,
    permission: Permission = Permission.PARTICIPANT_FILES,
) -> None:
    """Raise ``PermissionDenied`` unless the operator may work on this participant's file."""
    require(ctx, permission)
    operator = ctx.operator
    if limited_to_tutored(operator, permission):
        assert operator.id is not None
        if not is_tutor_of(session, operator.id, participant_id, ctx.today()):
            raise not_tutored_refusal(operator)


def require_record_access(
    ctx: ServiceContext,
    session: Session,
    model: type[Base],
    record_id: int,
    permission: Permission = Permission.PARTICIPANT_FILES,
) -> None:
    """Like ``require_participant_access`` for a record of a participant's file (a goal, a
    contract, a consent…) known by its own id. An unknown id is left to the service."""
    require(ctx, permission)
    if not limited_to_tutored(ctx.operator, permission):
        return
    row = session.get(model, record_id)
    if row is None:
        return
    if isinstance(row, RetentionCheck):
        contract = session.get(Contract, row.contract_id)
        participant_id = contract.participant_id if contract else None
    else:
        participant_id = getattr(row, "participant_id", None)
    if participant_id is None:
        raise not_tutored_refusal(ctx.operator)
    require_participant_access(ctx, session, participant_id, permission)


def load_participant(session: Session, participant_id: int) -> Participant:
    """The participant with this number, or ``UnknownId``."""
    return get_or_raise(session, Participant, participant_id, _("participant"))


def refuse_anonymised(participant: Participant) -> None:
    if participant.anonymised:
        raise UserError(_("This file was anonymised and can no longer be changed."))


def writable_participant(session: Session, participant_id: int) -> Participant:
    """The participant with this number, refusing a file that was anonymised."""
    participant = load_participant(session, participant_id)
    refuse_anonymised(participant)
    return participant


def participant_for_new_record(session: Session, participant_id: int) -> Participant:
    """The participant a new record (a mock interview, an offer share) is about, refusing an
    anonymised file as an invalid choice of person (``field="participant_id"``)."""
    participant = load_participant(session, participant_id)
    if participant.anonymised:
        raise InvalidInput(
            _("This person's file has been anonymised: nothing new can be recorded."),
            field="participant_id",
        )
    return participant

"""What happens between the association and an employer (issue 15): the person's
disclosure choice on a contract or an offer share, the accommodations agreed on a
contract, contacts with the employer, and awareness sessions held in companies.

Disclosure is the person's choice. No choice recorded counts as "not disclosed": a
contact with an employer about a person is recorded only when the person told that
employer something (``domain.employers.contact_about_person_allowed``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session

from pairdesk.domain import validation as v
from pairdesk.domain.employers import (
    AccommodationKind,
    AccommodationOutcome,
    Disclosure,
    InteractionKind,
    contact_about_person_allowed,
)
from pairdesk.domain.enums import AuditAction, WorkshopKind
from pairdesk.domain.permissions import Permission, require
from pairdesk.errors import InvalidInput
from pairdesk.i18n import _
from pairdesk.services.access import (
    participant_for_new_record,
    require_participant_access,
    require_record_access,
)
from pairdesk.services.context import ServiceContext, get_or_raise
from pairdesk.services.records import read_object, require_version, saved
from pairdesk.store.models import (
    Accommodation,
    Contract,
    DisclosureChoice,
    Employer,
    EmployerInteraction,
    JobOffer,
    OfferShare,
    TeamMember,
    Workshop,
)

REACHED_MAX = 100_000


# --------------------------------------------------------------------------- disclosure


@dataclass(frozen=True, slots=True)
class DisclosureRow:
    id: int
    contract_id: int | None
    offer_share_id: int | None
    choice: Disclosure
    chosen_on: dt.date


def _disclosure_row(row: DisclosureChoice) -> DisclosureRow:
    return read_object(DisclosureRow, row, choice=Disclosure(row.choice))


def set_disclosure(
    ctx: ServiceContext,
    choice: Disclosure,
    *,
    contract_id: int | None = None,
    offer_share_id: int | None = None,
    chosen_on: dt.date | None = None,
) -> DisclosureRow:
    """Record the person's choice on a contract or an offer share (exactly one), dated
    (today by default). A change adds a row: the history stays."""
    if (contract_id is None) == (offer_share_id is None):
        raise InvalidInput(_("A disclosure choice is recorded on a contract or an offer share."))
    wanted = v.enum_value(Disclosure, choice, "choice", _("Disclosure"))
    day = v.required_date(chosen_on or ctx.today(), "chosen_on", _("Chosen on"))
    v.not_in_future(day, ctx.today(), "chosen_on", _("Chosen on"))
    with ctx.transaction() as session:
        if contract_id is not None:
            require_record_access(ctx, session, Contract, contract_id)
            get_or_raise(session, Contract, contract_id, _("contract"))
        else:
            assert offer_share_id is not None
            require_record_access(ctx, session, OfferShare, offer_share_id)
            get_or_raise(session, OfferShare, offer_share_id, _("offer share"))
        row = DisclosureChoice(
            contract_id=contract_id,
            offer_share_id=offer_share_id,
            choice=wanted.value,
            chosen_on=day,
        )
        session.add(row)
        session.flush()
        detail = f"disclosure={wanted.value}"
        if contract_id is not None:
            ctx.audit(session, "contract", contract_id, AuditAction.UPDATE, detail)
        else:
            ctx.audit(session, "offer_share", offer_share_id, AuditAction.UPDATE, detail)
        return _disclosure_row(row)


def disclosure_history(
    ctx: ServiceContext, *, contract_id: int | None = None, offer_share_id: int | None = None
) -> list[DisclosureRow]:
    """Every choice recorded on the contract or the share, oldest first."""
    with ctx.transaction() as session:
        if contract_id is not None:
            require_record_access(ctx, session, Contract, contract_id)
        elif offer_share_id is not None:
            require_record_access(ctx, session, OfferShare, offer_share_id)
        return [
            _disclosure_row(r)
            for r in session.scalars(
                _choices(contract_id, offer_share_id).order_by(
                    DisclosureChoice.chosen_on, DisclosureChoice.id
                )
            )
        ]


def _choices(contract_id: int | None, offer_share_id: int | None) -> Select[DisclosureChoice]:
    query = select(DisclosureChoice)
    if contract_id is not None:
        return query.where(DisclosureChoice.contract_id == contract_id)
    return query.where(DisclosureChoice.offer_share_id == offer_share_id)


def current_disclosure(
    session: Session, *, contract_id: int | None = None, offer_share_id: int | None = None
) -> Disclosure | None:
    """The choice in force on the contract or the share (the latest), ``None`` if none."""
    row = session.scalars(
        _choices(contract_id, offer_share_id).order_by(
            DisclosureChoice.chosen_on.desc(), DisclosureChoice.id.desc()
        )
    ).first()
    return Disclosure(row.choice) if row else None


def current_contract_disclosures(session: Session) -> dict[int, Disclosure]:
    """:func:`current_disclosure` of every contract that has one, in one read: the latest
    choice by (day chosen, id), as there."""
    latest: dict[int, Disclosure] = {}
    for contract_id, choice in session.execute(
        select(DisclosureChoice.contract_id, DisclosureChoice.choice)
        .where(DisclosureChoice.contract_id.is_not(None))
        .order_by(DisclosureChoice.chosen_on, DisclosureChoice.id)
    ):
        if contract_id is not None:
            latest[contract_id] = Disclosure(choice)  # a later choice replaces it
    return latest


def disclosure_to_employer(
    session: Session, participant_id: int, employer_id: int
) -> Disclosure | None:
    """What the person chose to tell this employer: the latest choice on any of their
    contracts or offer shares with it; ``None`` when they never said."""
    contract_ids = select(Contract.id).where(
        Contract.participant_id == participant_id, Contract.employer_id == employer_id
    )
    share_ids = (
        select(OfferShare.id)
        .join(JobOffer, JobOffer.id == OfferShare.offer_id)
        .where(OfferShare.participant_id == participant_id, JobOffer.employer_id == employer_id)
    )
    row = session.scalars(
        select(DisclosureChoice)
        .where(
            or_(
                DisclosureChoice.contract_id.in_(contract_ids),
                DisclosureChoice.offer_share_id.in_(share_ids),
            )
        )
        .order_by(DisclosureChoice.chosen_on.desc(), DisclosureChoice.id.desc())
    ).first()
    return Disclosure(row.choice) if row else None


def not_disclosed_refusal() -> InvalidInput:
    return InvalidInput(
        _(
            "This person has not told this employer about their situation (or their choice "
            "is not recorded yet): a contact with the employer about them cannot be "
            "recorded. Record the contact without naming them, or first record what they "
            "chose to disclose on their contract or offer."
        ),
        field="participant_id",
    )


# --------------------------------------------------------------------------- interactions


@dataclass(frozen=True, slots=True)
class InteractionInput:
    occurred_on: dt.date
    kind: InteractionKind
    text: str = ""
    participant_id: int | None = None
    member_id: int | None = None  # who met the employer; the operator by default


@dataclass(frozen=True, slots=True)
class InteractionRow:
    id: int
    employer_id: int
    occurred_on: dt.date
    kind: InteractionKind
    text: str
    member_id: int | None
    member_name: str
    participant_id: int | None


def _interaction_row(row: EmployerInteraction, member_name: str) -> InteractionRow:
    return read_object(InteractionRow, row, kind=InteractionKind(row.kind), member_name=member_name)


def record_interaction(
    ctx: ServiceContext, employer_id: int, data: InteractionInput
) -> InteractionRow:
    """Record a contact with the employer. One about a person needs access to their file
    and their disclosure to this employer; otherwise it is refused with an explanation."""
    require(ctx, Permission.EMPLOYERS)
    day = v.required_date(data.occurred_on, "occurred_on", _("Date"))
    kind = v.enum_value(InteractionKind, data.kind, "kind", _("Kind of contact"))
    text = v.free_text(data.text, "text", _("What was said"))
    with ctx.transaction() as session:
        get_or_raise(session, Employer, employer_id, _("employer"))
        if data.participant_id is not None:
            require_participant_access(ctx, session, data.participant_id)
            participant_for_new_record(session, data.participant_id)
            choice = disclosure_to_employer(session, data.participant_id, employer_id)
            if not contact_about_person_allowed(choice):
                raise not_disclosed_refusal()
        member_id = data.member_id if data.member_id is not None else ctx.operator.id
        member = session.get(TeamMember, member_id) if member_id is not None else None
        if member_id is not None and member is None:
            get_or_raise(session, TeamMember, member_id, _("team member"))
        row = EmployerInteraction(
            employer_id=employer_id,
            occurred_on=day,
            kind=kind.value,
            text=text,
            participant_id=data.participant_id,
            member_id=member_id,
        )
        saved(ctx, session, "employer_interaction", row)
        return _interaction_row(row, _member_name(member))


def delete_interaction(ctx: ServiceContext, interaction_id: int) -> None:
    require(ctx, Permission.EMPLOYERS)
    with ctx.transaction() as session:
        row = get_or_raise(session, EmployerInteraction, interaction_id, _("contact"))
        if row.participant_id is not None:
            require_participant_access(ctx, session, row.participant_id)
        session.delete(row)
        ctx.audit(session, "employer_interaction", interaction_id, AuditAction.DELETE)


def _member_name(member: TeamMember | None) -> str:
    return f"{member.first_name} {member.last_name}" if member else ""


def interactions_of(session: Session, employer_id: int) -> list[InteractionRow]:
    """The employer's contacts, newest first."""
    rows = session.execute(
        select(EmployerInteraction, TeamMember)
        .outerjoin(TeamMember, TeamMember.id == EmployerInteraction.member_id)
        .where(EmployerInteraction.employer_id == employer_id)
        .order_by(EmployerInteraction.occurred_on.desc(), EmployerInteraction.id.desc())
    ).all()
    return [_interaction_row(row, _member_name(member)) for row, member in rows]


# --------------------------------------------------------------------------- accommodations


@dataclass(frozen=True, slots=True)
class AccommodationInput:
    kind: AccommodationKind
    details: str = ""
    agreed_on: dt.date | None = None
    outcome: AccommodationOutcome = AccommodationOutcome.UNKNOWN
    #: the ``edit_version`` the form read; None: a save that is not checked
    edit_version: int | None = None


@dataclass(frozen=True, slots=True)
class AccommodationRow:
    id: int
    contract_id: int
    kind: AccommodationKind
    details: str
    agreed_on: dt.date | None
    outcome: AccommodationOutcome
    edit_version: int


def _accommodation_row(row: Accommodation) -> AccommodationRow:
    return read_object(
        AccommodationRow,
        row,
        kind=AccommodationKind(row.kind),
        outcome=AccommodationOutcome(row.outcome),
    )


def _apply_accommodation(row: Accommodation, data: AccommodationInput) -> None:
    row.kind = v.enum_value(AccommodationKind, data.kind, "kind", _("Accommodation")).value
    row.details = v.free_text(data.details, "details", _("In work terms"))
    row.agreed_on = v.date_in_range(data.agreed_on, "agreed_on", _("Agreed on"))
    row.outcome = v.enum_value(
        AccommodationOutcome, data.outcome, "outcome", _("Did it work?")
    ).value


def add_accommodation(
    ctx: ServiceContext, contract_id: int, data: AccommodationInput
) -> AccommodationRow:
    with ctx.transaction() as session:
        require_record_access(ctx, session, Contract, contract_id)
        get_or_raise(session, Contract, contract_id, _("contract"))
        row = Accommodation(contract_id=contract_id)
        _apply_accommodation(row, data)
        saved(ctx, session, "accommodation", row)
        return _accommodation_row(row)


def update_accommodation(
    ctx: ServiceContext, accommodation_id: int, data: AccommodationInput
) -> AccommodationRow:
    with ctx.transaction() as session:
        row = get_or_raise(session, Accommodation, accommodation_id, _("accommodation"))
        require_record_access(ctx, session, Contract, row.contract_id)
        require_version(row, data, _("this accommodation"))
        _apply_accommodation(row, data)
        saved(ctx, session, "accommodation", row, AuditAction.UPDATE)
        return _accommodation_row(row)


def delete_accommodation(ctx: ServiceContext, accommodation_id: int) -> None:
    with ctx.transaction() as session:
        row = get_or_raise(session, Accommodation, accommodation_id, _("accommodation"))
        require_record_access(ctx, session, Contract, row.contract_id)
        session.delete(row)
        ctx.audit(session, "accommodation", accommodation_id, AuditAction.DELETE)


def list_accommodations(ctx: ServiceContext, contract_id: int) -> list[AccommodationRow]:
    with ctx.transaction() as session:
        require_record_access(ctx, session, Contract, contract_id)
        return accommodations_of(session, [contract_id])


def accommodations_of(session: Session, contract_ids: list[int]) -> list[AccommodationRow]:
    if not contract_ids:
        return []
    rows = session.scalars(
        select(Accommodation)
        .where(Accommodation.contract_id.in_(contract_ids))
        .order_by(Accommodation.contract_id, Accommodation.id)
    ).all()
    return [_accommodation_row(r) for r in rows]


# --------------------------------------------------------------------------- awareness


def set_awareness_details(
    ctx: ServiceContext,
    workshop_id: int,
    *,
    employer_id: int | None,
    employees_reached: int | None,
) -> None:
    """Where an awareness session (or a cross-training) was held and how many people it
    reached. An awareness session held in a directory company also counts as a contact
    with that employer (one per session)."""
    require(ctx, Permission.WORKSHOPS)
    reached = v.int_in_range(
        employees_reached, 0, REACHED_MAX, "employees_reached", _("People reached")
    )
    with ctx.transaction() as session:
        workshop = get_or_raise(session, Workshop, workshop_id, _("workshop"))
        if workshop.kind not in {WorkshopKind.AWARENESS.value, WorkshopKind.CROSS_TRAINING.value}:
            raise InvalidInput(
                _("Only an awareness session or a cross-training counts the people reached."),
                field="employees_reached",
            )
        if employer_id is not None:
            get_or_raise(session, Employer, employer_id, _("employer"))
        workshop.employer_id = employer_id
        workshop.employees_reached = reached
        if employer_id is not None and workshop.kind == WorkshopKind.AWARENESS.value:
            already = session.scalar(
                select(EmployerInteraction.id).where(
                    EmployerInteraction.employer_id == employer_id,
                    EmployerInteraction.kind == InteractionKind.AWARENESS_SESSION.value,
                    EmployerInteraction.occurred_on == workshop.held_on,
                )
            )
            if already is None:
                session.add(
                    EmployerInteraction(
                        employer_id=employer_id,
                        occurred_on=workshop.held_on,
                        kind=InteractionKind.AWARENESS_SESSION.value,
                        text=workshop.title,
                        member_id=ctx.operator.id,
                    )
                )
        ctx.audit(
            session,
            "workshop",
            workshop.id,
            AuditAction.UPDATE,
            f"employer={employer_id} reached={reached}",
        )


@dataclass(frozen=True, slots=True)
class AwarenessDetails:
    """Where an awareness session or a cross-training was held and how many it reached."""

    employer_id: int | None
    employer_name: str
    employees_reached: int | None


def awareness_details(ctx: ServiceContext, workshop_id: int) -> AwarenessDetails:
    """What :func:`set_awareness_details` recorded on the workshop (the workshop form)."""
    with ctx.transaction() as session:
        workshop = get_or_raise(session, Workshop, workshop_id, _("workshop"))
        employer = session.get(Employer, workshop.employer_id) if workshop.employer_id else None
        return AwarenessDetails(
            workshop.employer_id, employer.name if employer else "", workshop.employees_reached
        )

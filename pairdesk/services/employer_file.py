"""An employer's file as a read object (issue 15), the employer follow-ups of the home
view, and the pathway summary printed for an employer. (The employer indicators are
shared indicators: ``services/indicators.py``, rules in ``domain/indicators.py``.)

Role rule: everyone sees the company (offers, contacts, accommodations in work terms,
retention outcomes); the names of the people placed there only those whose role opens
participants' files (a peer helper: only the people they tutor). A volunteer sees
"a person placed", never who.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, replace

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pairdesk.domain.dates import add_months
from pairdesk.domain.employers import (
    SUMMARY_SECTIONS_FOR_EMPLOYER,
    AccommodationOutcome,
    Disclosure,
    contact_about_person_allowed,
    summary_names_support,
    summary_shows_rqth,
)
from pairdesk.domain.enums import AuditAction, ContractType
from pairdesk.domain.permissions import Permission, allows, limited_to_tutored
from pairdesk.domain.retention import milestones_due
from pairdesk.domain.text import full_name
from pairdesk.i18n import _
from pairdesk.services import team
from pairdesk.services.access import is_tutor_of, require_participant_access
from pairdesk.services.context import ServiceContext, get_or_raise
from pairdesk.services.document_data import (
    DocumentHeader,
    PathwaySummaryData,
    PathwaySummaryOptions,
    SummarySection,
)
from pairdesk.services.documents import pathway_summary_data
from pairdesk.services.employer_relations import (
    AccommodationRow,
    InteractionRow,
    accommodations_of,
    current_contract_disclosures,
    current_disclosure,
    disclosure_to_employer,
    interactions_of,
)
from pairdesk.services.employers import ContactRow, EmployerRow, contacts_of, get_employer
from pairdesk.services.offers import expired
from pairdesk.services.retention import checked_milestones
from pairdesk.store.models import (
    Contract,
    Employer,
    EmployerInteraction,
    JobOffer,
    OfferShare,
    Participant,
    RetentionCheck,
)

#: An employer not contacted for this many months shows in the home view's follow-ups
#: (by default: the association sets its own, :func:`set_contact_months`).
EMPLOYER_CONTACT_MONTHS = 6
CONTACT_MONTHS_SETTING = "employers.no_contact_months"
CONTACT_MONTHS_MIN = 1
CONTACT_MONTHS_MAX = 36


@dataclass(frozen=True, slots=True)
class EmployerOfferLine:
    id: int
    title: str
    contract_type: ContractType
    closing_on: dt.date | None
    created_on: dt.date
    open: bool


@dataclass(frozen=True, slots=True)
class PlacementLine:
    """A contract with this employer. ``person`` is "" when the operator may not see who;
    ``disclosure`` is the person's choice in force on this contract (None: not recorded)."""

    contract_id: int
    participant_id: int | None
    person: str
    job_title: str
    contract_type: ContractType
    started_on: dt.date
    ended_on: dt.date | None
    retention: tuple[tuple[int, bool], ...]  # (months, still employed)
    disclosure: Disclosure | None
    accommodations: tuple[AccommodationRow, ...]


@dataclass(frozen=True, slots=True)
class EmployerFile:
    employer: EmployerRow
    contacts: tuple[ContactRow, ...]
    open_offers: tuple[EmployerOfferLine, ...]
    past_offers: tuple[EmployerOfferLine, ...]
    placements: tuple[PlacementLine, ...]
    interactions: tuple[InteractionRow, ...]
    names_hidden: bool  # True when the operator may not see who was placed

    @property
    def accommodations_worked(self) -> int:
        return sum(
            1
            for p in self.placements
            for a in p.accommodations
            if a.outcome is AccommodationOutcome.WORKED
        )


def _may_see(ctx: ServiceContext, session: Session, participant_id: int) -> bool:
    if not allows(ctx.operator, Permission.PARTICIPANT_FILES):
        return False
    if limited_to_tutored(ctx.operator, Permission.PARTICIPANT_FILES):
        assert ctx.operator.id is not None
        return is_tutor_of(session, ctx.operator.id, participant_id, ctx.today())
    return True


def _shown_person(
    ctx: ServiceContext, session: Session, person: Participant
) -> tuple[int | None, str]:
    """The person's number and name as the operator may see them: ``(None, "")`` when
    their role does not show who (the employer's file and an offer's shares alike)."""
    if not _may_see(ctx, session, person.id):
        return None, ""
    return person.id, full_name(person.first_name, person.last_name)


def employer_file(ctx: ServiceContext, employer_id: int) -> EmployerFile:
    """Everything the employer's page shows; names only as the operator's role allows."""
    today = ctx.today()
    with ctx.transaction() as session:
        employer = get_employer(ctx, employer_id)
        offers = session.scalars(
            select(JobOffer)
            .where(JobOffer.employer_id == employer_id)
            .order_by(JobOffer.created_on.desc(), JobOffer.id.desc())
        ).all()
        lines = [
            EmployerOfferLine(
                id=o.id,
                title=o.title,
                contract_type=ContractType(o.contract_type),
                closing_on=o.closing_on,
                created_on=o.created_on,
                open=not o.archived and not expired(o.closing_on, today),
            )
            for o in offers
        ]
        placements = _placements(ctx, session, employer_id)
        interactions = interactions_of(session, employer_id)
        hidden = not allows(ctx.operator, Permission.PARTICIPANT_FILES)
        interactions = [
            i
            if i.participant_id is None or _may_see(ctx, session, i.participant_id)
            else replace(i, participant_id=None)
            for i in interactions
        ]
        return EmployerFile(
            employer=employer,
            contacts=tuple(contacts_of(session, employer_id)),
            open_offers=tuple(line for line in lines if line.open),
            past_offers=tuple(line for line in lines if not line.open),
            placements=tuple(placements),
            interactions=tuple(interactions),
            names_hidden=hidden,
        )


def _placements(ctx: ServiceContext, session: Session, employer_id: int) -> list[PlacementLine]:
    rows = session.execute(
        select(Contract, Participant)
        .join(Participant, Participant.id == Contract.participant_id)
        .where(Contract.employer_id == employer_id)
        .order_by(Contract.started_on.desc(), Contract.id.desc())
    ).all()
    ids = [c.id for c, _p in rows]
    accommodations = accommodations_of(session, ids)
    checks: dict[int, list[tuple[int, bool]]] = {}
    if ids:
        for check in session.scalars(
            select(RetentionCheck)
            .where(RetentionCheck.contract_id.in_(ids))
            .order_by(RetentionCheck.months)
        ):
            checks.setdefault(check.contract_id, []).append((check.months, check.employed))
    result = []
    for contract, person in rows:
        shown_id, shown_name = _shown_person(ctx, session, person)
        result.append(
            PlacementLine(
                contract_id=contract.id,
                participant_id=shown_id,
                person=shown_name,
                job_title=contract.job_title,
                contract_type=ContractType(contract.contract_type),
                started_on=contract.started_on,
                ended_on=contract.ended_on,
                retention=tuple(checks.get(contract.id, ())),
                disclosure=current_disclosure(session, contract_id=contract.id),
                accommodations=tuple(a for a in accommodations if a.contract_id == contract.id),
            )
        )
    return result


@dataclass(frozen=True, slots=True)
class ShareDisclosureLine:
    """An offer of this employer shared with a person, and what the person chose to tell
    the employer on that share. ``person`` is "" when the operator may not see who."""

    share_id: int
    participant_id: int | None
    person: str
    shared_on: dt.date
    disclosure: Disclosure | None


def offer_share_disclosures(ctx: ServiceContext, offer_id: int) -> list[ShareDisclosureLine]:
    """The shares of one offer with each person's disclosure choice, newest first; names
    only as the operator's role allows (as on the employer's file)."""
    with ctx.transaction() as session:
        get_or_raise(session, JobOffer, offer_id, _("job offer"))
        rows = session.execute(
            select(OfferShare, Participant)
            .join(Participant, Participant.id == OfferShare.participant_id)
            .where(OfferShare.offer_id == offer_id)
            .order_by(OfferShare.shared_on.desc(), OfferShare.id.desc())
        ).all()
        lines = []
        for share, person in rows:
            shown_id, shown_name = _shown_person(ctx, session, person)
            lines.append(
                ShareDisclosureLine(
                    share_id=share.id,
                    participant_id=shown_id,
                    person=shown_name,
                    shared_on=share.shared_on,
                    disclosure=current_disclosure(session, offer_share_id=share.id),
                )
            )
        return lines


# --------------------------------------------------------------------------- follow-ups


@dataclass(frozen=True, slots=True)
class EmployerFollowUp:
    """A line of the home view: ``employer_id`` to open, ``participant_id`` when it is a
    retention check the person agreed to talk about with the employer."""

    employer_id: int
    employer_name: str
    reason: str
    due_on: dt.date | None
    participant_id: int | None = None


def get_contact_months(ctx: ServiceContext) -> int:
    """After how many months without a contact an employer where someone works shows in
    the follow-ups (a vault-wide setting, 6 by default; an unreadable value reads as 6)."""
    return team.get_int_setting(
        ctx,
        CONTACT_MONTHS_SETTING,
        EMPLOYER_CONTACT_MONTHS,
        CONTACT_MONTHS_MIN,
        CONTACT_MONTHS_MAX,
    )


def set_contact_months(ctx: ServiceContext, months: int) -> int:
    """Save the number of months (coordinators only, as every setting)."""
    return team.set_int_setting(
        ctx,
        CONTACT_MONTHS_SETTING,
        months,
        CONTACT_MONTHS_MIN,
        CONTACT_MONTHS_MAX,
        "contact_months",
        _("Months without a contact with an employer"),
    )


def employer_follow_ups(
    session: Session,
    day: dt.date,
    months: int = EMPLOYER_CONTACT_MONTHS,
    checked: AbstractSet[tuple[int, int]] | None = None,
) -> list[EmployerFollowUp]:
    """Employers to get back to: a next step due, a contact not seen for ``months``
    months while someone works there, and retention checks due on a contract whose person
    disclosed to the employer (so the employer may be asked). ``checked`` is
    ``retention.checked_milestones(session)`` when the caller has it already."""
    items: list[EmployerFollowUp] = []
    for employer in session.scalars(
        select(Employer).where(
            Employer.active.is_(True),
            Employer.next_step_on.is_not(None),
            Employer.next_step_on <= day,
        )
    ):
        items.append(
            EmployerFollowUp(
                employer.id,
                employer.name,
                employer.next_step or _("Next step"),
                employer.next_step_on,
            )
        )
    limit = add_months(day, -months)
    last = (
        select(EmployerInteraction.employer_id, func.max(EmployerInteraction.occurred_on))
        .group_by(EmployerInteraction.employer_id)
        .subquery()
    )
    working = select(Contract.employer_id).where(
        Contract.employer_id.is_not(None),
        (Contract.ended_on.is_(None)) | (Contract.ended_on >= day),
        Contract.started_on <= day,
    )
    for employer, seen in session.execute(
        select(Employer, last.c[1])
        .outerjoin(last, last.c.employer_id == Employer.id)
        .where(Employer.active.is_(True), Employer.id.in_(working))
        .order_by(Employer.sort_name)
    ):
        if seen is None or seen < limit:
            items.append(
                EmployerFollowUp(
                    employer.id,
                    employer.name,
                    _("No contact with the employer for {months} months").format(months=months),
                    None if seen is None else add_months(seen, months),
                )
            )
    done = checked_milestones(session) if checked is None else checked
    # The first retention check due on each contract; whether the employer may be asked
    # is read once for all contracts (one query per contract took seconds at 50,000
    # participants, on the home page).
    due_checks: list[tuple[int, int, str, int, dt.date, int]] = []
    for contract_id, participant_id, started_on, ended_on, employer_id, name in session.execute(
        select(
            Contract.id,
            Contract.participant_id,
            Contract.started_on,
            Contract.ended_on,
            Employer.id,
            Employer.name,
        )
        .join(Employer, Employer.id == Contract.employer_id)
        .join(Participant, Participant.id == Contract.participant_id)
        # Not about a person erased on their request (as the retention list).
        .where(Contract.started_on <= day, Participant.anonymised.is_(False))
        .order_by(Contract.id)
    ):
        first = next(milestones_due(contract_id, started_on, ended_on, day, done), None)
        if first is not None:
            due_checks.append((contract_id, employer_id, name, *first, participant_id))
    disclosures = current_contract_disclosures(session) if due_checks else {}
    items.extend(
        EmployerFollowUp(
            employer_id,
            name,
            _("{months}-month retention check with the employer").format(months=months_after),
            due,
            participant_id,
        )
        for contract_id, employer_id, name, months_after, due, participant_id in due_checks
        if contact_about_person_allowed(disclosures.get(contract_id))
    )
    return items


# --------------------------------------------------------------------------- documents


@dataclass(frozen=True, slots=True)
class EmployerSummaryData:
    """The pathway summary printed for an employer, cut to what the person chose to tell
    it (``choice``; nothing recorded counts as not disclosed)."""

    summary: PathwaySummaryData
    employer_name: str
    choice: Disclosure

    @property
    def neutral(self) -> bool:
        """A professional profile without the association (not disclosed, RQTH only)."""
        return not summary_names_support(self.choice)


def pathway_summary_for_employer(
    ctx: ServiceContext,
    participant_id: int,
    employer_id: int,
    options: PathwaySummaryOptions | None = None,
    *,
    action: AuditAction = AuditAction.EXPORT,
) -> EmployerSummaryData:
    """The pathway summary printed for an employer: never more than the person chose to
    tell it. Not disclosed (or nothing recorded): a neutral professional profile — name,
    wishes, professional skills — without the association's name, the RQTH or anything
    about health; RQTH only: the same with the RQTH. With the peer helper's support or
    fully: the summary limited to the sections that choice allows. Never the wellbeing
    plan nor the person's contact details."""
    with ctx.transaction() as session:
        employer = get_or_raise(session, Employer, employer_id, _("employer"))
        choice = (
            disclosure_to_employer(session, participant_id, employer_id) or Disclosure.NOT_DISCLOSED
        )
        base = options or PathwaySummaryOptions()
        allowed = {SummarySection(s) for s in SUMMARY_SECTIONS_FOR_EMPLOYER[choice]}
        safe = replace(
            base,
            sections=frozenset(base.sections & allowed),
            include_contact=False,
            include_wellbeing=False,
        )
        data = pathway_summary_data(ctx, participant_id, safe, action=action)
        if not summary_names_support(choice):
            data = _neutral(data, show_rqth=summary_shows_rqth(choice))
        return EmployerSummaryData(data, employer.name, choice)


@dataclass(frozen=True, slots=True)
class PersonEmployer:
    """An employer the person has a contract with or was shared an offer of, with what
    they chose to tell it (``None``: never said, printed as not disclosed)."""

    employer_id: int
    name: str
    disclosure: Disclosure | None


def employers_of_participant(ctx: ServiceContext, participant_id: int) -> list[PersonEmployer]:
    """The employers of the person's contracts and offer shares, by name: those a summary
    for an employer can be printed for (from the participant's file)."""
    with ctx.transaction() as session:
        require_participant_access(ctx, session, participant_id)
        by_contract = select(Contract.employer_id).where(
            Contract.participant_id == participant_id, Contract.employer_id.is_not(None)
        )
        by_share = (
            select(JobOffer.employer_id)
            .join(OfferShare, OfferShare.offer_id == JobOffer.id)
            .where(OfferShare.participant_id == participant_id, JobOffer.employer_id.is_not(None))
        )
        rows = session.scalars(
            select(Employer)
            .where(Employer.id.in_(by_contract.union(by_share)))
            .order_by(Employer.sort_name, Employer.id)
        ).all()
        return [
            PersonEmployer(e.id, e.name, disclosure_to_employer(session, participant_id, e.id))
            for e in rows
        ]


def _neutral(data: PathwaySummaryData, *, show_rqth: bool) -> PathwaySummaryData:
    """Only what a neutral profile prints: no association, no support, no health."""
    identity = replace(
        data.identity,
        peer_helper=False,
        contact=None,
        rqth_label=data.identity.rqth_label if show_rqth else "",
        rqth_until=data.identity.rqth_until if show_rqth else None,
    )
    sections = data.options.sections
    pathway = replace(
        data.pathway,
        aspirations=data.pathway.aspirations if SummarySection.ASPIRATIONS in sections else "",
        skills=data.pathway.skills if SummarySection.SKILLS in sections else "",
        lived_experience_skills="",
        volunteering="",
        accommodations_needed="",
        goals=(),
        timeline=(),
        contracts=(),
    )
    return replace(
        data,
        header=DocumentHeader(association_name="", printed_on=data.header.printed_on),
        identity=identity,
        pathway=pathway,
        schemes=(),
        referents=(),
        workshops=(),
        mock_interviews=(),
        assessments=(),
        retention_checks=(),
        wellbeing=None,
    )

"""The employer directory (issue 15): companies and organisations, their contacts, the
link of offers and contracts to them, and the names migration 0005 left for a person.

Everyone may read the directory (a volunteer sees companies); changing it needs
``Permission.EMPLOYERS``. An employer is never deleted, only deactivated: its offers,
contracts and history keep the link. The employer's file (people placed, accommodations,
contacts) is in :mod:`pairdesk.services.employer_file`; contacts with an employer,
accommodations and disclosure choices in :mod:`pairdesk.services.employer_relations`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import KW_ONLY, dataclass, replace

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pairdesk.domain import validation as v
from pairdesk.domain.employers import (
    EmployerKind,
    EmployerSize,
    ToConfirmReason,
    employer_key,
    guess_kind,
)
from pairdesk.domain.enums import AuditAction
from pairdesk.domain.permissions import Permission, require
from pairdesk.domain.text import clean_line, fold, search_text
from pairdesk.errors import InvalidInput
from pairdesk.i18n import _
from pairdesk.services.context import ServiceContext, get_or_raise
from pairdesk.services.records import (
    delete_record,
    flag_record,
    read_object,
    saved,
    stored_to_edit,
)
from pairdesk.services.search import like_pattern
from pairdesk.services.team import PHONE_MAX
from pairdesk.store.models import (
    Contract,
    Employer,
    EmployerContact,
    EmployerInteraction,
    EmployerToConfirm,
    JobOffer,
)

NAME_MAX = 200
TOWN_MAX = 100


@dataclass(frozen=True, slots=True)
class EmployerInput:
    name: str
    sector: str = ""
    town: str = ""
    size: EmployerSize = EmployerSize.UNKNOWN
    kind: EmployerKind = EmployerKind.ORDINARY
    open_to_mental_health: bool = False
    notes: str = ""
    next_step: str = ""
    next_step_on: dt.date | None = None
    #: the ``edit_version`` the form read; None: a save that is not checked
    edit_version: int | None = None


@dataclass(frozen=True, slots=True)
class EmployerRow:
    """One employer as the directory lists it."""

    id: int
    name: str
    sector: str
    town: str
    size: EmployerSize
    kind: EmployerKind
    open_to_mental_health: bool
    notes: str
    next_step: str
    next_step_on: dt.date | None
    active: bool
    created_on: dt.date
    edit_version: int
    open_offers: int = 0
    people_placed: int = 0
    last_contact: dt.date | None = None


@dataclass(frozen=True, slots=True)
class ContactInput:
    name: str
    role: str = ""
    phone: str = ""
    email: str = ""
    _: KW_ONLY  # an import builds a contact from its four cells, in order
    #: the ``edit_version`` the form read; None: a save that is not checked
    edit_version: int | None = None


@dataclass(frozen=True, slots=True)
class ContactRow:
    id: int
    employer_id: int
    name: str
    role: str
    phone: str
    email: str
    edit_version: int


@dataclass(frozen=True, slots=True)
class ToConfirmRow:
    """A typed employer name the migration could not link, for a person to resolve."""

    id: int
    entity: str  # "job_offer" or "contract"
    record_id: int
    typed_name: str
    reason: ToConfirmReason
    details: str  # the towns found, for SEVERAL_TOWNS


# --------------------------------------------------------------------------- directory


def _employer_row(
    row: Employer, open_offers: int = 0, people_placed: int = 0, last: dt.date | None = None
) -> EmployerRow:
    return read_object(
        EmployerRow,
        row,
        size=EmployerSize(row.size),
        kind=EmployerKind(row.kind),
        active=bool(row.active),
        open_to_mental_health=bool(row.open_to_mental_health),
        open_offers=open_offers,
        people_placed=people_placed,
        last_contact=last,
    )


def _apply_employer(row: Employer, data: EmployerInput) -> None:
    row.name = v.required_line(data.name, "name", _("Name"), max_length=NAME_MAX)
    row.sector = v.optional_line(data.sector, "sector", _("Sector"), max_length=200)
    row.town = v.optional_line(data.town, "town", _("Town"), max_length=TOWN_MAX)
    row.size = v.enum_value(EmployerSize, data.size, "size", _("Size")).value
    row.kind = v.enum_value(EmployerKind, data.kind, "kind", _("Kind of employer")).value
    row.open_to_mental_health = bool(data.open_to_mental_health)
    row.notes = v.free_text(data.notes, "notes", _("Notes"))
    row.next_step = v.free_text(data.next_step, "next_step", _("Next step"))
    row.next_step_on = v.date_in_range(data.next_step_on, "next_step_on", _("Next step on"))
    row.sort_name = fold(row.name)[:NAME_MAX]
    row.search_text = search_text(row.name, row.town, row.sector)


def create_employer(ctx: ServiceContext, data: EmployerInput) -> EmployerRow:
    require(ctx, Permission.EMPLOYERS)
    with ctx.transaction() as session:
        row = add_employer(ctx, session, data)
        return _employer_row(row)


def add_employer(ctx: ServiceContext, session: Session, data: EmployerInput) -> Employer:
    """Add an employer in the caller's transaction (a form's "create inline", an import),
    with its audit line; the caller checked the permission."""
    row = Employer(active=True, created_on=ctx.today())
    _apply_employer(row, data)
    saved(ctx, session, "employer", row)
    return row


def is_bare(row: Employer) -> bool:
    """An entry that is only a name, as an offer's import or a contract's employer typed
    in a form creates it: nothing anyone chose is in it yet."""
    return (
        not row.sector
        and not row.town
        and row.size == EmployerSize.UNKNOWN.value
        and row.kind == EmployerKind.ORDINARY.value
        and not row.open_to_mental_health
        and not row.notes
        and not row.next_step
        and row.next_step_on is None
    )


def complete_bare(
    ctx: ServiceContext, session: Session, row: Employer, data: EmployerInput
) -> bool:
    """Give a bare entry (:func:`is_bare`) the details of ``data`` (an import of the
    directory after the offers: its sector, town and size were dropped, a tester); an
    entry with details of its own keeps them. Its name stays. True when completed."""
    if not is_bare(row) or data == EmployerInput(name=data.name):
        return False
    _apply_employer(row, replace(data, name=row.name))
    saved(ctx, session, "employer", row, AuditAction.UPDATE)
    return True


def update_employer(ctx: ServiceContext, employer_id: int, data: EmployerInput) -> EmployerRow:
    require(ctx, Permission.EMPLOYERS)
    with ctx.transaction() as session:
        row = stored_to_edit(
            session, Employer, employer_id, _("employer"), data, _("this employer")
        )
        _apply_employer(row, data)
        saved(ctx, session, "employer", row, AuditAction.UPDATE)
        return _summary(session, row, ctx.today())


def set_active(ctx: ServiceContext, employer_id: int, active: bool) -> EmployerRow:
    """Deactivate an employer (hidden from new choices, history kept) or bring it back."""
    require(ctx, Permission.EMPLOYERS)
    return flag_record(
        ctx,
        Employer,
        employer_id,
        _("employer"),
        lambda session, row: _summary(session, row, ctx.today()),
        entity="employer",
        active=active,
    )


def get_employer(ctx: ServiceContext, employer_id: int) -> EmployerRow:
    with ctx.transaction() as session:
        row = get_or_raise(session, Employer, employer_id, _("employer"))
        return _summary(session, row, ctx.today())


def _summary(session: Session, row: Employer, today: dt.date) -> EmployerRow:
    counts = _counts(session, today, [row.id])
    return _employer_row(row, *counts.get(row.id, (0, 0, None)))


def _counts(
    session: Session, today: dt.date, employer_ids: list[int] | None = None
) -> dict[int, tuple[int, int, dt.date | None]]:
    """Per employer: open offers, people placed (distinct, any contract) and last contact."""
    offers = select(JobOffer.employer_id, func.count()).where(
        JobOffer.employer_id.is_not(None),
        JobOffer.archived.is_(False),
        (JobOffer.closing_on.is_(None)) | (JobOffer.closing_on >= today),
    )
    placed = select(Contract.employer_id, func.count(func.distinct(Contract.participant_id))).where(
        Contract.employer_id.is_not(None)
    )
    last = select(EmployerInteraction.employer_id, func.max(EmployerInteraction.occurred_on))
    if employer_ids is not None:
        offers = offers.where(JobOffer.employer_id.in_(employer_ids))
        placed = placed.where(Contract.employer_id.in_(employer_ids))
        last = last.where(EmployerInteraction.employer_id.in_(employer_ids))
    open_by = dict(session.execute(offers.group_by(JobOffer.employer_id)).all())
    placed_by = dict(session.execute(placed.group_by(Contract.employer_id)).all())
    last_by = dict(session.execute(last.group_by(EmployerInteraction.employer_id)).all())
    ids = set(open_by) | set(placed_by) | set(last_by)
    return {
        i: (int(open_by.get(i, 0)), int(placed_by.get(i, 0)), last_by.get(i))
        for i in ids
        if i is not None
    }


def list_employers(
    ctx: ServiceContext,
    search: str = "",
    kind: EmployerKind | None = None,
    *,
    include_inactive: bool = False,
) -> list[EmployerRow]:
    """The directory sorted by name; ``search`` finds every typed word, accents and case
    ignored, in the name, town or sector."""
    with ctx.transaction() as session:
        query = select(Employer)
        for term in fold(search).split():
            query = query.where(Employer.search_text.like(like_pattern(term), escape="\\"))
        if kind is not None:
            wanted = v.enum_value(EmployerKind, kind, "kind", _("Kind of employer"))
            query = query.where(Employer.kind == wanted.value)
        if not include_inactive:
            query = query.where(Employer.active.is_(True))
        rows = session.scalars(query.order_by(Employer.sort_name, Employer.id)).all()
        counts = _counts(session, ctx.today())
        return [_employer_row(r, *counts.get(r.id, (0, 0, None))) for r in rows]


def matching_employers(session: Session, name: str) -> list[Employer]:
    """The active employers whose name groups with ``name`` (same :func:`employer_key`:
    case, accents, punctuation and legal forms ignored, so "SARL Dupont", "dupont" and
    "Dupont S.A.R.L." match), by name."""
    key = employer_key(name)
    if not key:
        return []
    # Pre-filter in SQL on the start of the key's first word (the legal form already
    # dropped: "SARL Dupont" looks for "dup"), then compare whole keys.
    first = key.split()[0][:3]
    candidates = session.scalars(
        select(Employer)
        .where(
            Employer.active.is_(True),
            Employer.search_text.like(like_pattern(first), escape="\\"),
        )
        .order_by(Employer.sort_name, Employer.id)
    ).all()
    return [c for c in candidates if employer_key(c.name) == key]


def find_by_name(session: Session, name: str) -> Employer | None:
    """The active employer whose name groups with ``name`` (same key), if exactly one."""
    found = matching_employers(session, name)
    return found[0] if len(found) == 1 else None


def employer_for_name(ctx: ServiceContext, session: Session, name: str) -> Employer | None:
    """The directory entry for a typed name, created (with its guessed kind) when none
    matches; ``None`` for a blank name. Used by imports and by forms that still type a name.

    Raises ``InvalidInput`` (field ``employer``) when several directory entries match (one
    name, two companies in different towns): a person picks one."""
    if not employer_key(name):
        return None
    found = matching_employers(session, name)
    if len(found) > 1:
        raise InvalidInput(
            _(
                'Several employers of the directory are named like "{name}" ({towns}): '
                "choose one from the directory."
            ).format(
                name=clean_line(name),
                towns=", ".join(e.town or _("town not given") for e in found),
            ),
            field="employer",
        )
    if found:
        return found[0]
    return add_employer(ctx, session, EmployerInput(name=name, kind=guess_kind(name)))


def attach_employer(
    ctx: ServiceContext,
    session: Session,
    record: JobOffer | Contract,
    employer_id: int | None,
    typed_name: str,
) -> None:
    """Set the employer of an offer or a contract being saved, in the caller's transaction
    (its permission checked): ``employer_id`` picked from the directory, else the typed
    name matched in the directory (spelling variants grouped) or, when new, entered in it
    inline. The free-text ``employer`` column keeps the directory's name.

    An existing record whose typed name did not change keeps its link as it is (a name the
    upgrade left for a person to confirm is not decided by saving another field); a blank
    name unlinks; a text naming no employer (only punctuation, only a legal form) is kept
    as typed, unlinked."""
    typed = v.optional_line(typed_name, "employer", _("Employer"), max_length=NAME_MAX)
    employer: Employer | None
    if employer_id is not None:
        employer = get_or_raise(session, Employer, employer_id, _("employer"))
    elif record.id is not None and typed == (record.employer or ""):
        return
    else:
        employer = employer_for_name(ctx, session, typed)
    record.employer_id = employer.id if employer is not None else None
    # a text with no letter or digit (":", "SARL") names no employer: kept as typed
    record.employer = employer.name if employer is not None else typed
    if employer is not None and record.id is not None:
        _close_to_confirm(session, record, ctx.today())


# --------------------------------------------------------------------------- contacts


def _contact_row(row: EmployerContact) -> ContactRow:
    return read_object(ContactRow, row)


def apply_contact(row: EmployerContact, data: ContactInput) -> None:
    """Fill a contact from ``data``, validated (an import, a form)."""
    row.name = v.required_line(data.name, "name", _("Name"), max_length=200)
    row.role = v.optional_line(data.role, "role", _("Role"), max_length=200)
    row.phone = v.optional_line(data.phone, "phone", _("Phone"), max_length=PHONE_MAX)
    row.email = v.optional_email(data.email, "email", _("E-mail"))


def add_contact(ctx: ServiceContext, employer_id: int, data: ContactInput) -> ContactRow:
    require(ctx, Permission.EMPLOYERS)
    with ctx.transaction() as session:
        get_or_raise(session, Employer, employer_id, _("employer"))
        row = EmployerContact(employer_id=employer_id)
        apply_contact(row, data)
        saved(ctx, session, "employer_contact", row)
        return _contact_row(row)


def update_contact(ctx: ServiceContext, contact_id: int, data: ContactInput) -> ContactRow:
    require(ctx, Permission.EMPLOYERS)
    with ctx.transaction() as session:
        row = stored_to_edit(
            session,
            EmployerContact,
            contact_id,
            _("employer contact"),
            data,
            _("this contact person"),
        )
        apply_contact(row, data)
        saved(ctx, session, "employer_contact", row, AuditAction.UPDATE)
        return _contact_row(row)


def remove_contact(ctx: ServiceContext, contact_id: int) -> None:
    require(ctx, Permission.EMPLOYERS)
    delete_record(ctx, EmployerContact, contact_id, _("employer contact"), "employer_contact")


def list_contacts(ctx: ServiceContext, employer_id: int) -> list[ContactRow]:
    with ctx.transaction() as session:
        return contacts_of(session, employer_id)


def contacts_of(session: Session, employer_id: int) -> list[ContactRow]:
    rows = session.scalars(
        select(EmployerContact)
        .where(EmployerContact.employer_id == employer_id)
        .order_by(EmployerContact.id)
    ).all()
    return [_contact_row(r) for r in rows]


# --------------------------------------------------------------------------- links


def link_offer(ctx: ServiceContext, offer_id: int, employer_id: int | None) -> None:
    """Pick the offer's employer from the directory (``None`` unlinks); the typed name
    follows the directory's."""
    require(ctx, Permission.OFFERS)
    with ctx.transaction() as session:
        offer = get_or_raise(session, JobOffer, offer_id, _("job offer"))
        _link(session, offer, employer_id, ctx.today())
        ctx.audit(session, "job_offer", offer.id, AuditAction.UPDATE, f"employer={employer_id}")


def link_contract(ctx: ServiceContext, contract_id: int, employer_id: int | None) -> None:
    """Pick the contract's employer from the directory (``None`` unlinks)."""
    from pairdesk.services.access import require_record_access

    with ctx.transaction() as session:
        require_record_access(ctx, session, Contract, contract_id)
        contract = get_or_raise(session, Contract, contract_id, _("contract"))
        _link(session, contract, employer_id, ctx.today())
        ctx.audit(session, "contract", contract.id, AuditAction.UPDATE, f"employer={employer_id}")


def set_contract_employer(
    ctx: ServiceContext, contract_id: int, employer_id: int | None, typed_name: str = ""
) -> EmployerRow | None:
    """Change a contract's employer from the window's picker: ``employer_id`` from the
    directory, else the typed name matched there or entered there when new (inline
    creation, as when the contract is added); blank unlinks. Returns the new employer."""
    from pairdesk.services.access import require_record_access

    with ctx.transaction() as session:
        require_record_access(ctx, session, Contract, contract_id)
        contract = get_or_raise(session, Contract, contract_id, _("contract"))
        typed = typed_name if employer_id is None else ""
        if employer_id is None and not typed.strip():
            contract.employer_id = None
            contract.employer = ""
        else:
            attach_employer(ctx, session, contract, employer_id, typed)
        _close_to_confirm(session, contract, ctx.today())
        ctx.audit(
            session, "contract", contract.id, AuditAction.UPDATE, f"employer={contract.employer_id}"
        )
        session.flush()
        if contract.employer_id is None:
            return None
        row = get_or_raise(session, Employer, contract.employer_id, _("employer"))
        return _summary(session, row, ctx.today())


def _link(
    session: Session, record: JobOffer | Contract, employer_id: int | None, today: dt.date
) -> None:
    record.employer_id = employer_id
    if employer_id is not None:
        employer = get_or_raise(session, Employer, employer_id, _("employer"))
        record.employer = employer.name
    _close_to_confirm(session, record, today)


def _close_to_confirm(session: Session, record: JobOffer | Contract, today: dt.date) -> None:
    entity = "job_offer" if isinstance(record, JobOffer) else "contract"
    for item in session.scalars(
        select(EmployerToConfirm).where(
            EmployerToConfirm.entity == entity,
            EmployerToConfirm.record_id == record.id,
            EmployerToConfirm.resolved_on.is_(None),
        )
    ):
        item.resolved_on = today


# --------------------------------------------------------------------------- to confirm


def list_to_confirm(ctx: ServiceContext) -> list[ToConfirmRow]:
    """What migration 0005 could not decide, not resolved yet, by typed name."""
    with ctx.transaction() as session:
        rows = session.scalars(
            select(EmployerToConfirm)
            .where(EmployerToConfirm.resolved_on.is_(None))
            .order_by(EmployerToConfirm.typed_name, EmployerToConfirm.id)
        ).all()
        return [read_object(ToConfirmRow, r, reason=ToConfirmReason(r.reason)) for r in rows]


def resolve_to_confirm(
    ctx: ServiceContext,
    item_id: int,
    employer_id: int | None = None,
    *,
    new_employer: EmployerInput | None = None,
) -> ToConfirmRow:
    """Resolve one item: link its offer or contract to ``employer_id``, or to a new
    directory entry ``new_employer``, or (neither given) leave it unlinked on purpose."""
    require(ctx, Permission.EMPLOYERS)
    if employer_id is not None and new_employer is not None:
        raise InvalidInput(_("Choose an employer or create one, not both."), field="employer_id")
    with ctx.transaction() as session:
        item = get_or_raise(session, EmployerToConfirm, item_id, _("employer to confirm"))
        if item.resolved_on is not None:
            raise InvalidInput(_("This employer name was already confirmed."))
        record: JobOffer | Contract | None = (
            session.get(JobOffer, item.record_id)
            if item.entity == "job_offer"
            else session.get(Contract, item.record_id)
        )
        if new_employer is not None:
            employer_id = add_employer(ctx, session, new_employer).id
        if record is not None and employer_id is not None:
            _link(session, record, employer_id, ctx.today())
            detail = f"employer={employer_id}"
            if isinstance(record, JobOffer):
                ctx.audit(session, "job_offer", record.id, AuditAction.UPDATE, detail)
            else:
                ctx.audit(session, "contract", record.id, AuditAction.UPDATE, detail)
        item.resolved_on = ctx.today()
        ctx.audit(
            session, "employer_to_confirm", item.id, AuditAction.UPDATE, f"employer={employer_id}"
        )
        return read_object(ToConfirmRow, item, reason=ToConfirmReason(item.reason))

"""What one page of audit lines points at, read in a fixed number of queries.

One query per kind of record on the page, then one for the participants, one for the
workshops, one for the offers, one for the team…: never one per line. Also who may read
participants' names (:func:`sees_names`).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from pairdesk.domain.permissions import Permission, allows, limited_to_tutored
from pairdesk.services.access import FILE_RECORDS
from pairdesk.store.models import (
    Accommodation,
    AuditEntry,
    Base,
    Contract,
    CvComment,
    CvVersion,
    Employer,
    EmployerContact,
    EmployerInteraction,
    JobOffer,
    OfferShare,
    Participant,
    Referent,
    RegisterPerson,
    RetentionCheck,
    SupervisionSession,
    TeamMember,
    Tutoring,
    Workshop,
)

#: Records that belong to a participant (and maybe a workshop), found by their own number:
#: the file's records (``access.FILE_RECORDS``) but the wellbeing plan, whose lines name
#: the participant in their detail (``participant=12``).
OWNED: dict[str, type[Base]] = {
    entity: model for entity, model in FILE_RECORDS.items() if entity != "wellbeing_plan"
}
#: Entities whose number *is* a participant's number (the file, documents about a person).
PARTICIPANT_IDS = frozenset({"participant", "attendance_attestation", "pathway_summary", "cv"})
#: Entities whose number is a workshop's number.
WORKSHOP_IDS = frozenset({"workshop", "attendance_sheet", "calendar"})
#: Records read through a join, found or not by the page's ``present``.
JOINED = frozenset(
    {"cv_comment", "retention_check", "accommodation", "employer_contact", "employer_interaction"}
)
#: Records whose participant is reached through their parent: (their key, the parent model,
#: the column pointing at the parent).
_THROUGH: dict[str, tuple[Any, Any, Any]] = {
    "cv_comment": (CvComment.id, CvVersion, CvComment.cv_version_id),
    "retention_check": (RetentionCheck.id, Contract, RetentionCheck.contract_id),
}
#: Lines whose detail names an employer of the directory (``employer=12``).
EMPLOYER_IN_DETAIL = frozenset({"contract", "job_offer", "workshop", "employer_to_confirm"})


@dataclass(frozen=True, slots=True)
class Person:
    first_name: str
    last_name: str
    anonymised: bool


@dataclass
class Page:
    """What one page of lines points at, read in one batch."""

    #: (entity, id) → participant number / workshop number / offer number
    owner: dict[tuple[str, int], int] = field(default_factory=dict)
    workshop_of: dict[tuple[str, int], int] = field(default_factory=dict)
    offer_of: dict[tuple[str, int], int] = field(default_factory=dict)
    present: set[tuple[str, int]] = field(default_factory=set)
    people: dict[int, Person] = field(default_factory=dict)
    workshops: dict[int, tuple[str, str, dt.date]] = field(default_factory=dict)
    offers: dict[int, str] = field(default_factory=dict)
    members: dict[int, tuple[str, str]] = field(default_factory=dict)
    referents: dict[int, str] = field(default_factory=dict)
    supervisions: dict[int, dt.date] = field(default_factory=dict)
    #: employer number → name (the directory); (entity, id) → its employer's number
    employers: dict[int, str] = field(default_factory=dict)
    employer_of: dict[tuple[str, int], int] = field(default_factory=dict)
    #: the name typed on a contract (when it has no directory employer)
    typed_employer: dict[tuple[str, int], str] = field(default_factory=dict)
    #: (entity, id) → kind of the record (an accommodation, a contact with an employer)
    kind_of: dict[tuple[str, int], str] = field(default_factory=dict)
    dated: dict[tuple[str, int], dt.date] = field(default_factory=dict)
    register_people: dict[int, str] = field(default_factory=dict)
    may_name: Callable[[int], bool] = lambda _pid: True
    may_name_register: bool = True


def detail_values(detail: str) -> dict[str, str]:
    """``"kind=x rows=3"`` → ``{"kind": "x", "rows": "3"}`` (words without ``=`` are skipped)."""
    values: dict[str, str] = {}
    for word in detail.split():
        key, sep, value = word.partition("=")
        if sep:
            values[key] = value
    return values


def participant_in_detail(entry: AuditEntry) -> int | None:
    value = detail_values(entry.detail).get("participant", "")
    return int(value) if value.isdigit() else None


def employer_in_detail(entry: AuditEntry) -> int | None:
    value = detail_values(entry.detail).get("employer", "")
    return int(value) if value.isdigit() else None


def _by_id(session: Session, ids: Iterable[int], key: Any, *columns: Any) -> dict[int, Any]:
    """``key`` → the value of ``columns`` (a tuple when there are several) for the rows whose
    ``key`` is in ``ids``: one query, none when ``ids`` is empty."""
    wanted = set(ids)
    if not wanted:
        return {}
    rows = session.execute(select(key, *columns).where(key.in_(wanted)))
    if len(columns) == 1:
        return {row[0]: row[1] for row in rows}
    return {row[0]: tuple(row[1:]) for row in rows}


def read_page(session: Session, entries: Sequence[AuditEntry], viewer: Any, today: dt.date) -> Page:
    page = Page()
    ids: dict[str, set[int]] = defaultdict(set)
    member_ids: set[int] = set()
    for e in entries:
        if e.operator_id is not None:
            member_ids.add(e.operator_id)
        if e.entity_id is not None:
            ids[e.entity].add(e.entity_id)
    people: set[int] = set()
    workshop_ids: set[int] = set()
    offer_ids: set[int] = set()
    employer_ids: set[int] = set()

    def note(entity: str, rid: int, pid: int | None, wid: int | None = None) -> None:
        page.present.add((entity, rid))
        if pid is not None:
            page.owner[(entity, rid)] = pid
            people.add(pid)
        if wid is not None:
            page.workshop_of[(entity, rid)] = wid
            workshop_ids.add(wid)

    def note_employer(entity: str, rid: int, eid: int | None, typed: str = "") -> None:
        if eid is not None:
            page.employer_of[(entity, rid)] = eid
            employer_ids.add(eid)
        elif typed:
            page.typed_employer[(entity, rid)] = typed

    for entity, model in OWNED.items():
        if not ids.get(entity):
            continue
        table: Any = model
        wanted = [table.id, table.participant_id]
        has_workshop = hasattr(model, "workshop_id")
        if has_workshop:
            wanted.append(table.workshop_id)
        if model is OfferShare:
            wanted.append(OfferShare.offer_id)
        if model is Contract:
            wanted.extend((Contract.employer_id, Contract.employer))
        for row in session.execute(select(*wanted).where(table.id.in_(ids[entity]))):
            note(entity, row[0], row[1], row[2] if has_workshop else None)
            if model is OfferShare:
                page.offer_of[(entity, row[0])] = row[3]
                offer_ids.add(row[3])
            if model is Contract:
                note_employer(entity, row[0], row[2], row[3])
    for entity, (key, parent, link) in _THROUGH.items():
        if ids.get(entity):
            for rid, pid in session.execute(
                select(key, parent.participant_id)
                .join(parent, parent.id == link)
                .where(key.in_(ids[entity]))
            ):
                note(entity, rid, pid)
    if ids.get("accommodation"):
        for aid, kind, pid, eid, typed in session.execute(
            select(
                Accommodation.id,
                Accommodation.kind,
                Contract.participant_id,
                Contract.employer_id,
                Contract.employer,
            )
            .join(Contract, Contract.id == Accommodation.contract_id)
            .where(Accommodation.id.in_(ids["accommodation"]))
        ):
            note("accommodation", aid, pid)
            note_employer("accommodation", aid, eid, typed)
            page.kind_of[("accommodation", aid)] = kind
    if ids.get("employer_interaction"):
        for iid, employer_id, about, kind, day in session.execute(
            select(
                EmployerInteraction.id,
                EmployerInteraction.employer_id,
                EmployerInteraction.participant_id,
                EmployerInteraction.kind,
                EmployerInteraction.occurred_on,
            ).where(EmployerInteraction.id.in_(ids["employer_interaction"]))
        ):
            note("employer_interaction", iid, about)
            note_employer("employer_interaction", iid, employer_id)
            page.kind_of[("employer_interaction", iid)] = kind
            page.dated[("employer_interaction", iid)] = day
    if ids.get("employer_contact"):
        for cid, eid in session.execute(
            select(EmployerContact.id, EmployerContact.employer_id).where(
                EmployerContact.id.in_(ids["employer_contact"])
            )
        ):
            note("employer_contact", cid, None)
            note_employer("employer_contact", cid, eid)
    for e in entries:
        if e.entity in EMPLOYER_IN_DETAIL and e.entity_id is not None:
            found = employer_in_detail(e)
            if found is not None:
                employer_ids.add(found)
    employer_ids.update(ids.get("employer", ()))
    for entity in PARTICIPANT_IDS:
        people.update(ids.get(entity, ()))
    for e in entries:
        if e.entity == "wellbeing_plan":
            about = participant_in_detail(e)
            if about is not None:
                people.add(about)
    for entity in WORKSHOP_IDS:
        workshop_ids.update(ids.get(entity, ()))
    offer_ids.update(ids.get("job_offer", ()))
    member_ids.update(ids.get("team_member", ()))

    named = _by_id(
        session,
        people,
        Participant.id,
        Participant.first_name,
        Participant.last_name,
        Participant.anonymised,
    )
    page.people = {
        pid: Person(first, last, bool(anon)) for pid, (first, last, anon) in named.items()
    }
    page.workshops = _by_id(
        session, workshop_ids, Workshop.id, Workshop.kind, Workshop.title, Workshop.held_on
    )
    page.offers = _by_id(session, offer_ids, JobOffer.id, JobOffer.title)
    page.members = _by_id(
        session, member_ids, TeamMember.id, TeamMember.first_name, TeamMember.last_name
    )
    page.employers = _by_id(session, employer_ids, Employer.id, Employer.name)
    page.register_people = _by_id(
        session, ids.get("register_person", ()), RegisterPerson.id, RegisterPerson.display_name
    )
    page.referents = _by_id(session, ids.get("referent", ()), Referent.id, Referent.name)
    page.supervisions = _by_id(
        session,
        ids.get("supervision_session", ()),
        SupervisionSession.id,
        SupervisionSession.held_on,
    )
    page.may_name = _name_rule(session, viewer, today)
    page.may_name_register = allows(viewer, Permission.ATTENDANCE)
    return page


def sees_names(viewer: Any) -> bool:
    """Whether ``viewer`` (an ``Operator``) may read every participant's name in the trail:
    the same rule as opening a participant's file (``domain.permissions``)."""
    return allows(viewer, Permission.PARTICIPANT_FILES) and not limited_to_tutored(
        viewer, Permission.PARTICIPANT_FILES
    )


def _name_rule(session: Session, viewer: Any, today: dt.date) -> Callable[[int], bool]:
    if sees_names(viewer):
        return lambda _pid: True
    if not (
        allows(viewer, Permission.PARTICIPANT_FILES)
        and limited_to_tutored(viewer, Permission.PARTICIPANT_FILES)
    ):
        return lambda _pid: False
    tutored = set(
        session.scalars(
            select(Tutoring.participant_id).where(
                Tutoring.peer_helper_id == viewer.id,
                or_(Tutoring.ended_on.is_(None), Tutoring.ended_on > today),
            )
        )
    )
    return lambda pid: pid in tutored

"""The audit trail in plain words, rendered when a page of lines is displayed.

An audit line holds an entity, a number, an action and a short technical detail, never a
name. This module turns a page of lines into sentences ("Camille M. registered Hélène
Lefèvre for the workshop “CV” of 08/12/2026") by reading what the numbers point at *now*,
in a fixed number of queries per page (one per kind of record on the page, then one for
the participants, one for the workshops, one for the team): never one per line. Nothing is
written back, so a name never outlives an anonymisation in the trail:

- a participant since anonymised reads "an anonymised person", one erased "an erased
  person"; a record since deleted reads by its number, "(deleted)";
- a viewer whose role may not open participants' files (``domain.permissions``: no
  ``PARTICIPANT_FILES``, or only for the people they tutor) reads "a participant
  (no. 12)" instead of the name.

Every (entity, action) pair that a service writes has its wording in ``WORDINGS``;
``tests/services/test_audit_words.py`` reads the ``ctx.audit`` calls of the package and
fails on a pair without one.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from pairdesk import formatting
from pairdesk.domain.employers import AccommodationKind, Disclosure, InteractionKind
from pairdesk.domain.enums import (
    AuditAction,
    ConsentPurpose,
    GoalStatus,
    LabelledEnum,
    ParticipantStatus,
    Role,
    Scheme,
    ShareOutcome,
    WorkshopKind,
)
from pairdesk.domain.permissions import Permission, allows, limited_to_tutored
from pairdesk.i18n import N_, _, ngettext, pgettext
from pairdesk.store.models import (
    Accommodation,
    AuditEntry,
    Base,
    Consent,
    Contract,
    CvComment,
    CvVersion,
    Employer,
    EmployerContact,
    EmployerInteraction,
    Goal,
    JobOffer,
    MockInterview,
    OfferShare,
    Participant,
    ParticipantScheme,
    Pathway,
    PathwayEvent,
    Referent,
    RegisterPerson,
    Registration,
    RetentionCheck,
    SelfAssessment,
    SupervisionSession,
    TeamMember,
    Tutoring,
    Workshop,
)

A = AuditAction

# -- what the numbers point at ---------------------------------------------------------------

#: Records that belong to a participant (and maybe a workshop): model, then how to reach
#: the participant's and the workshop's number from it.
_OWNED: dict[str, type[Base]] = {
    "registration": Registration,
    "consent": Consent,
    "participant_scheme": ParticipantScheme,
    "contract": Contract,
    "pathway": Pathway,
    "goal": Goal,
    "pathway_event": PathwayEvent,
    "tutoring": Tutoring,
    "self_assessment": SelfAssessment,
    "cv_version": CvVersion,
    "mock_interview": MockInterview,
    "offer_share": OfferShare,
}
#: Entities whose number *is* a participant's number (the file, documents about a person).
_PARTICIPANT_IDS = frozenset({"participant", "attendance_attestation", "pathway_summary", "cv"})
#: Entities whose number is a workshop's number.
_WORKSHOP_IDS = frozenset({"workshop", "attendance_sheet", "calendar"})
#: Records read through a join, found or not by the page's ``present``.
_JOINED = frozenset(
    {"cv_comment", "retention_check", "accommodation", "employer_contact", "employer_interaction"}
)
#: Lines whose detail names an employer of the directory (``employer=12``).
_EMPLOYER_IN_DETAIL = frozenset({"contract", "job_offer", "workshop", "employer_to_confirm"})


@dataclass(frozen=True, slots=True)
class _Person:
    first_name: str
    last_name: str
    anonymised: bool


@dataclass
class _Page:
    """What one page of lines points at, read in one batch."""

    #: (entity, id) → participant number / workshop number / offer number
    owner: dict[tuple[str, int], int] = field(default_factory=dict)
    workshop_of: dict[tuple[str, int], int] = field(default_factory=dict)
    offer_of: dict[tuple[str, int], int] = field(default_factory=dict)
    present: set[tuple[str, int]] = field(default_factory=set)
    people: dict[int, _Person] = field(default_factory=dict)
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


def _detail_values(detail: str) -> dict[str, str]:
    """``"kind=x rows=3"`` → ``{"kind": "x", "rows": "3"}`` (words without ``=`` are skipped)."""
    values: dict[str, str] = {}
    for word in detail.split():
        key, sep, value = word.partition("=")
        if sep:
            values[key] = value
    return values


def _participant_in_detail(entry: AuditEntry) -> int | None:
    value = _detail_values(entry.detail).get("participant", "")
    return int(value) if value.isdigit() else None


def _employer_in_detail(entry: AuditEntry) -> int | None:
    value = _detail_values(entry.detail).get("employer", "")
    return int(value) if value.isdigit() else None


def _read_page(
    session: Session, entries: Sequence[AuditEntry], viewer: Any, today: dt.date
) -> _Page:
    page = _Page()
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

    for entity, model in _OWNED.items():
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
    if ids.get("cv_comment"):
        for cid, pid in session.execute(
            select(CvComment.id, CvVersion.participant_id)
            .join(CvVersion, CvVersion.id == CvComment.cv_version_id)
            .where(CvComment.id.in_(ids["cv_comment"]))
        ):
            note("cv_comment", cid, pid)
    if ids.get("retention_check"):
        for rid, pid in session.execute(
            select(RetentionCheck.id, Contract.participant_id)
            .join(Contract, Contract.id == RetentionCheck.contract_id)
            .where(RetentionCheck.id.in_(ids["retention_check"]))
        ):
            note("retention_check", rid, pid)
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
        if e.entity in _EMPLOYER_IN_DETAIL and e.entity_id is not None:
            found = _employer_in_detail(e)
            if found is not None:
                employer_ids.add(found)
    employer_ids.update(ids.get("employer", ()))
    if employer_ids:
        for eid, name in session.execute(
            select(Employer.id, Employer.name).where(Employer.id.in_(employer_ids))
        ):
            page.employers[eid] = name
    if ids.get("register_person"):
        for rid, name in session.execute(
            select(RegisterPerson.id, RegisterPerson.display_name).where(
                RegisterPerson.id.in_(ids["register_person"])
            )
        ):
            page.register_people[rid] = name
    for entity in _PARTICIPANT_IDS:
        people.update(ids.get(entity, ()))
    for e in entries:
        if e.entity == "wellbeing_plan":
            about = _participant_in_detail(e)
            if about is not None:
                people.add(about)
    for entity in _WORKSHOP_IDS:
        workshop_ids.update(ids.get(entity, ()))
    offer_ids.update(ids.get("job_offer", ()))
    member_ids.update(ids.get("team_member", ()))

    if people:
        for pid, first, last, anonymised in session.execute(
            select(
                Participant.id,
                Participant.first_name,
                Participant.last_name,
                Participant.anonymised,
            ).where(Participant.id.in_(people))
        ):
            page.people[pid] = _Person(first, last, bool(anonymised))
    if workshop_ids:
        for wid, kind, title, held_on in session.execute(
            select(Workshop.id, Workshop.kind, Workshop.title, Workshop.held_on).where(
                Workshop.id.in_(workshop_ids)
            )
        ):
            page.workshops[wid] = (kind, title, held_on)
    if offer_ids:
        for oid, title in session.execute(
            select(JobOffer.id, JobOffer.title).where(JobOffer.id.in_(offer_ids))
        ):
            page.offers[oid] = title
    if member_ids:
        for mid, first, last in session.execute(
            select(TeamMember.id, TeamMember.first_name, TeamMember.last_name).where(
                TeamMember.id.in_(member_ids)
            )
        ):
            page.members[mid] = (first, last)
    if ids.get("referent"):
        for rid, name in session.execute(
            select(Referent.id, Referent.name).where(Referent.id.in_(ids["referent"]))
        ):
            page.referents[rid] = name
    if ids.get("supervision_session"):
        for sid, held_on in session.execute(
            select(SupervisionSession.id, SupervisionSession.held_on).where(
                SupervisionSession.id.in_(ids["supervision_session"])
            )
        ):
            page.supervisions[sid] = held_on
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


# -- phrases -----------------------------------------------------------------------------------


def of(text: str) -> str:
    """ "of …" before a name or phrase: in French "de …", or "d'…" before a vowel or h."""
    if text[:1].casefold() in "aeiouyhàâäéèêëîïôöùûüœæ":
        return pgettext("before a vowel", "of {text}").format(text=text)
    return _("of {text}").format(text=text)


def short_name(first: str, last: str) -> str:
    """A team member as the trail names them: "Camille M."."""
    first, last = first.strip(), last.strip()
    if first and last:
        return _("{first} {initial}.").format(first=first, initial=last[:1].upper())
    return first or last


def _label(enum: type[LabelledEnum], value: str) -> str:
    try:
        return enum(value).label
    except ValueError:
        return value


@dataclass(frozen=True, slots=True)
class _Line:
    """One line and what it points at, as the wordings see it."""

    entry: AuditEntry
    page: _Page

    @property
    def key(self) -> tuple[str, int] | None:
        e = self.entry
        return None if e.entity_id is None else (e.entity, e.entity_id)

    @property
    def values(self) -> dict[str, str]:
        return _detail_values(self.entry.detail)

    def gone(self) -> bool:
        """The record the line is about no longer exists."""
        e = self.entry
        if e.entity_id is None:
            return False
        if e.entity in _OWNED or e.entity in _JOINED:
            return (e.entity, e.entity_id) not in self.page.present
        tables: dict[str, Mapping[int, object]] = {
            "employer": self.page.employers,
            "register_person": self.page.register_people,
            "job_offer": self.page.offers,
            "referent": self.page.referents,
            "supervision_session": self.page.supervisions,
            "team_member": self.page.members,
        }
        table = tables.get(e.entity)
        if table is not None:
            return e.entity_id not in table
        if e.entity in _WORKSHOP_IDS:
            return e.entity_id not in self.page.workshops
        return False

    def participant_id(self) -> int | None:
        e = self.entry
        if e.entity == "wellbeing_plan":
            return _participant_in_detail(e)
        if e.entity in _PARTICIPANT_IDS:
            return e.entity_id
        key = self.key
        return None if key is None else self.page.owner.get(key)

    def person(self) -> str:
        pid = self.participant_id()
        if pid is None:
            return _("a participant")
        found = self.page.people.get(pid)
        if found is None:
            return _("an erased person")
        if found.anonymised:
            return _("an anonymised person")
        if not self.page.may_name(pid):
            return _("a participant (no. {id})").format(id=pid)
        return _("{first} {last}").format(first=found.first_name, last=found.last_name).strip()

    def workshop(self) -> str:
        e = self.entry
        if e.entity in _WORKSHOP_IDS:
            wid = e.entity_id
        else:
            key = self.key
            wid = None if key is None else self.page.workshop_of.get(key)
        if wid is None:
            return _("a workshop")
        found = self.page.workshops.get(wid)
        if found is None:
            return _("workshop no. {id} (deleted)").format(id=wid)
        kind, title, held_on = found
        if not title:
            title = _label(WorkshopKind, kind)
        return _("the workshop “{title}” of {date}").format(
            title=title, date=formatting.short_date(held_on)
        )

    def offer(self) -> str:
        e = self.entry
        oid = e.entity_id if e.entity == "job_offer" else None
        key = self.key
        if oid is None and key is not None:
            oid = self.page.offer_of.get(key)
        title = None if oid is None else self.page.offers.get(oid)
        return title if title is not None else _("a job offer")

    def member(self) -> str:
        found = (
            None if self.entry.entity_id is None else self.page.members.get(self.entry.entity_id)
        )
        return short_name(*found) if found else _("a team member")

    def who(self) -> str:
        e = self.entry
        found = None if e.operator_id is None else self.page.members.get(e.operator_id)
        if found:
            return short_name(*found)
        return e.operator_name or _("pairdesk")

    def employer(self) -> str:
        """The employer the line is about, by its name in the directory now."""
        e, page = self.entry, self.page
        eid: int | None = None
        if e.entity == "employer":
            eid = e.entity_id
        elif e.entity in _EMPLOYER_IN_DETAIL and "employer=" in e.detail:
            eid = _employer_in_detail(e)
        key = self.key
        if eid is None and key is not None:
            eid = page.employer_of.get(key)
            if eid is None and key in page.typed_employer:
                return page.typed_employer[key]
        if eid is None:
            return _("an employer")
        found = page.employers.get(eid)
        return found if found is not None else _("employer no. {id}").format(id=eid)

    def register_person(self) -> str:
        """A person of the attendance register by their name or pseudonym, for a viewer
        who keeps the register (attendance work); by number otherwise."""
        rid = self.entry.entity_id
        name = None if rid is None else self.page.register_people.get(rid)
        if name is None:
            return _("register person no. {id}").format(id=rid)
        if not self.page.may_name_register:
            return _("a person in the register (no. {id})").format(id=rid)
        return name

    def kind(self, enum: type[LabelledEnum]) -> str:
        key = self.key
        value = None if key is None else self.page.kind_of.get(key)
        return "" if value is None else _label(enum, value)

    def day(self) -> str:
        """The day the line's detail starts with (``2026-12-08 …``), as a short date."""
        first = self.entry.detail.split(" ", 1)[0]
        try:
            return formatting.short_date(dt.date.fromisoformat(first))
        except ValueError:
            return "?"

    def year(self) -> str:
        e = self.entry
        if e.entity in ("gem_annual", "association_year") and e.entity_id is not None:
            return str(e.entity_id)
        return self.values.get("year", "?")

    def period(self) -> tuple[str, str]:
        for word in self.entry.detail.split():
            start, sep, end = word.partition("..")
            if sep:
                try:
                    return (
                        formatting.short_date(dt.date.fromisoformat(start)),
                        formatting.short_date(dt.date.fromisoformat(end)),
                    )
                except ValueError:
                    break
        return ("?", "?")


# -- the things a line is about: (as it reads when found, when deleted since) -----------------

Thing = tuple[str, str]

_THINGS: dict[str, Thing] = {
    "participant": (N_("the file {of_person}"), ""),
    "registration": (
        N_("the registration {of_person} for {workshop}"),
        N_("registration no. {id} (deleted)"),
    ),
    "consent": (N_("a consent {of_person}"), N_("consent no. {id} (deleted)")),
    "participant_scheme": (
        N_("a support scheme {of_person}"),
        N_("support scheme no. {id} (deleted)"),
    ),
    "contract": (
        N_("the employment contract {of_person}"),
        N_("employment contract no. {id} (deleted)"),
    ),
    "pathway": (N_("the pathway {of_person}"), N_("pathway no. {id} (deleted)")),
    "goal": (N_("a goal {of_person}"), N_("goal no. {id} (deleted)")),
    "pathway_event": (
        N_("a pathway step {of_person}"),
        N_("pathway step no. {id} (deleted)"),
    ),
    "wellbeing_plan": (N_("the wellbeing plan {of_person}"), ""),
    "tutoring": (N_("the tutoring {of_person}"), N_("tutoring no. {id} (deleted)")),
    "self_assessment": (
        N_("a self-assessment {of_person}"),
        N_("self-assessment no. {id} (deleted)"),
    ),
    "cv_version": (N_("a CV version {of_person}"), N_("CV version no. {id} (deleted)")),
    "cv_comment": (
        N_("a comment on the CV {of_person}"),
        N_("CV comment no. {id} (deleted)"),
    ),
    "mock_interview": (
        N_("a mock interview {of_person}"),
        N_("mock interview no. {id} (deleted)"),
    ),
    "offer_share": (
        N_("the offer “{offer}” shared with {person}"),
        N_("offer share no. {id} (deleted)"),
    ),
    "retention_check": (
        N_("the {months}-month job retention check {of_person}"),
        N_("job retention check no. {id} (deleted)"),
    ),
    "workshop": (N_("{workshop}"), ""),
    "attendance_sheet": (N_("the attendance sheet {of_workshop}"), ""),
    "attendance_sheets": (N_("the attendance sheets from {start} to {end}"), ""),
    "attendance_attestation": (N_("the attendance attestation {of_person}"), ""),
    "pathway_summary": (N_("the pathway summary {of_person}"), ""),
    "activity_report": (N_("the activity report from {start} to {end}"), ""),
    "cv": (N_("the CV {of_person}"), ""),
    "job_offer": (N_("the job offer “{offer}”"), N_("job offer no. {id} (deleted)")),
    "interview_question": (N_("interview question no. {id}"), ""),
    "supervision_session": (
        N_("the supervision session of {date}"),
        N_("supervision session no. {id} (deleted)"),
    ),
    "team_member": (N_("the account {of_member}"), N_("team member no. {id}")),
    "referent": (N_("the referent {referent}"), N_("referent no. {id}")),
    "employer": (N_("the employer {employer}"), N_("employer no. {id}")),
    "employer_contact": (
        N_("a contact at {employer}"),
        N_("employer contact no. {id} (deleted)"),
    ),
    "employer_interaction": (
        N_("a contact with {employer}"),
        N_("contact no. {id} with an employer (deleted)"),
    ),
    "accommodation": (
        N_("an accommodation on the contract {of_person}"),
        N_("accommodation no. {id} (deleted)"),
    ),
    "register_person": (N_("{register_person}"), ""),
    "register_sheet": (N_("the daily attendance sheet of {day}"), ""),
    "gem_annual": (N_("{annual_report}"), ""),
    "association": (N_("the association profile"), ""),
    "setting": (N_("the setting “{key}”"), ""),
    "draft": (N_("a draft"), ""),
}


def _fields(line: _Line) -> dict[str, str]:
    """Every placeholder a wording may use, computed on demand for this line."""
    e = line.entry
    values = line.values
    person = line.person()
    workshop = line.workshop()
    member = line.member()
    start, end = line.period()
    held = None if e.entity_id is None else line.page.supervisions.get(e.entity_id)
    referent = None if e.entity_id is None else line.page.referents.get(e.entity_id)
    register_person = line.register_person() if e.entity == "register_person" else ""
    year = line.year()
    return {
        "who": line.who(),
        "person": person,
        "of_person": of(person),
        "workshop": workshop,
        "of_workshop": of(workshop),
        "member": member,
        "of_member": of(member),
        "offer": line.offer(),
        "referent": referent or "",
        "date": formatting.short_date(held),
        "id": str(e.entity_id) if e.entity_id is not None else "",
        "key": e.detail,
        "start": start,
        "end": end,
        "months": values.get("months", "?"),
        "employer": line.employer(),
        "register_person": register_person,
        "of_register_person": of(register_person),
        "day": line.day(),
        "year": year,
        "annual_report": (
            _("the GEM annual report for {year}, version for publication").format(year=year)
            if values.get("publication") == "yes"
            else _("the GEM annual report for {year}").format(year=year)
        ),
    }


def _thing(line: _Line, fields: Mapping[str, str]) -> str:
    e = line.entry
    found, deleted = _THINGS.get(e.entity, ("", ""))
    if not found:
        return _("{entity} no. {id}").format(entity=e.entity, id=e.entity_id)
    if deleted and line.gone():
        if e.action == A.DELETE.value:  # the line that deleted it: no "(deleted)" twice
            return _thing_deleted_now(e.entity, e.entity_id)
        return _(deleted).format(**fields)
    return _(found).format(**fields)


def _thing_deleted_now(entity: str, entity_id: int | None) -> str:
    template = _DELETED_NOW.get(entity)
    if template is None:
        return _("{entity} no. {id}").format(entity=entity, id=entity_id)
    return _(template).format(id=entity_id)


#: How the record reads on the very line that deleted it.
_DELETED_NOW: dict[str, str] = {
    "registration": N_("registration no. {id}"),
    "participant_scheme": N_("support scheme no. {id}"),
    "contract": N_("employment contract no. {id}"),
    "pathway_event": N_("pathway step no. {id}"),
    "self_assessment": N_("self-assessment no. {id}"),
    "cv_comment": N_("CV comment no. {id}"),
    "mock_interview": N_("mock interview no. {id}"),
    "offer_share": N_("offer share no. {id}"),
    "supervision_session": N_("supervision session no. {id}"),
    "workshop": N_("workshop no. {id}"),
    "employer_contact": N_("employer contact no. {id}"),
    "employer_interaction": N_("contact no. {id} with an employer"),
    "accommodation": N_("accommodation no. {id}"),
}


# -- wordings: one sentence per (entity, action), refined by the line's detail -----------------

Wording = Callable[[_Line, dict[str, str]], str]


def _say(template: str) -> Wording:
    """A sentence with ``{who}``, ``{thing}`` and any placeholder of :func:`_fields`."""

    def wording(line: _Line, fields: dict[str, str]) -> str:
        return _(template).format(thing=_thing(line, fields), **fields)

    return wording


def _by_detail(default: Wording, **variants: Wording) -> Wording:
    """A wording chosen by the line's detail: its whole text, or its first ``key=value``
    written ``key_value`` (``status_ended``…)."""

    def wording(line: _Line, fields: dict[str, str]) -> str:
        detail = line.entry.detail.strip().replace("-", "_")
        first = detail.split(" ", 1)[0]
        for name in (detail.replace(" ", "_"), first.replace("=", "_"), first.split("=")[0]):
            if name in variants:
                return variants[name](line, fields)
        return default(line, fields)

    return wording


def _if_found(found: Wording, otherwise: Wording) -> Wording:
    """``found`` while the record exists; ``otherwise`` (by its number) once deleted."""

    def wording(line: _Line, fields: dict[str, str]) -> str:
        return (otherwise if line.gone() else found)(line, fields)

    return wording


CREATED = _say(N_("{who} created {thing}"))
CHANGED = _say(N_("{who} changed {thing}"))
DELETED = _say(N_("{who} deleted {thing}"))
VIEWED = _say(N_("{who} opened {thing}"))
PREVIEWED = _say(N_("{who} previewed {thing}"))
PRINTED = _say(N_("{who} printed {thing}"))
EXPORTED = _say(N_("{who} saved {thing} as a file"))
RECORDED = _say(N_("{who} recorded {thing}"))
ENDED = _say(N_("{who} ended {thing}"))


def _enum_sentence(template: str, key: str, enum: type[LabelledEnum]) -> Wording:
    def wording(line: _Line, fields: dict[str, str]) -> str:
        value = _label(enum, line.values.get(key, ""))
        return _(template).format(thing=_thing(line, fields), value=value, **fields)

    return wording


def _export_list(line: _Line, fields: dict[str, str]) -> str:
    from pairdesk.services.exports import ExportKind

    values = line.values
    kind = values.get("list", "")
    try:
        label = ExportKind(kind).label
    except ValueError:
        label = _("Employers") if kind == "employers" else kind
    rows = int(values["rows"]) if values.get("rows", "").isdigit() else 0
    return ngettext(
        "{who} exported the list “{list}” ({rows} row, {format})",
        "{who} exported the list “{list}” ({rows} rows, {format})",
        rows,
    ).format(who=fields["who"], list=label, rows=rows, format=values.get("format", "?").upper())


def _export_calendar(line: _Line, fields: dict[str, str]) -> str:
    values = line.values
    if line.entry.entity_id is not None:
        return _("{who} exported {workshop} to a calendar").format(**fields)
    month = values.get("month")
    if month:
        return _("{who} exported the workshops of {month} to a calendar").format(
            who=fields["who"], month=month
        )
    return _("{who} exported the upcoming workshops to a calendar").format(**fields)


def _import(line: _Line, fields: dict[str, str]) -> str:
    from pairdesk.domain.import_vocabulary import ImportKind

    values = line.values
    if values.get("list") == "employers":
        return _(
            "{who} imported a spreadsheet of employers: {created} added, {contacts} new contacts"
        ).format(
            who=fields["who"],
            created=values.get("created", "0"),
            contacts=values.get("contacts", "0"),
        )
    try:
        kind = ImportKind(values.get("kind", "")).label
    except ValueError:
        kind = values.get("kind", "?")
    return _(
        "{who} imported a spreadsheet of {kind}: {imported} added, {merged} merged, "
        "{invalid} refused, {skipped} skipped"
    ).format(
        who=fields["who"],
        kind=kind,
        imported=values.get("imported", "0"),
        merged=values.get("merged", "0"),
        invalid=values.get("invalid", "0"),
        skipped=values.get("skipped", "0"),
    )


def _builtin_questions(line: _Line, fields: dict[str, str]) -> str:
    value = line.values.get("builtin", "0")
    count = int(value) if value.isdigit() else 0
    return ngettext(
        "{who} added {count} built-in interview question",
        "{who} added {count} built-in interview questions",
        count,
    ).format(who=fields["who"], count=count)


def _team_created(line: _Line, fields: dict[str, str]) -> str:
    role = _label(Role, line.values.get("role", ""))
    return _("{who} added {member} to the team as {role}").format(role=role, **fields)


def _team_changed(line: _Line, fields: dict[str, str]) -> str:
    role = _label(Role, line.values.get("role", ""))
    return _("{who} changed the account {of_member} (role: {role})").format(role=role, **fields)


def _interaction(line: _Line, fields: dict[str, str]) -> str:
    if line.gone():
        return CREATED(line, fields)
    key = line.key
    day = None if key is None else line.page.dated.get(key)
    values = {
        **fields,
        "kind": line.kind(InteractionKind),
        "date": formatting.short_date(day) if day else "?",
    }
    if line.participant_id() is None:
        return _("{who} recorded a contact with {employer} ({kind}, {date})").format(**values)
    return _("{who} recorded a contact with {employer} about {person} ({kind}, {date})").format(
        **values
    )


def _accommodation(template: str, otherwise: Wording) -> Wording:
    """A sentence about an accommodation agreed on a contract, with its kind; ``otherwise``
    once the accommodation is deleted."""

    def wording(line: _Line, fields: dict[str, str]) -> str:
        return _(template).format(kind=line.kind(AccommodationKind), **fields)

    return _if_found(wording, otherwise)


def _disclosure(template: str) -> Wording:
    return _if_found(_enum_sentence(template, "disclosure", Disclosure), CHANGED)


def _linked(line: _Line, fields: dict[str, str]) -> str:
    """An offer or a contract linked to an employer of the directory (or unlinked)."""
    if _employer_in_detail(line.entry) is None:
        return _("{who} unlinked {thing} from the employer directory").format(
            thing=_thing(line, fields), **fields
        )
    return _("{who} linked {thing} to the employer {employer}").format(
        thing=_thing(line, fields), **fields
    )


def _awareness_place(line: _Line, fields: dict[str, str]) -> str:
    reached = line.values.get("reached", "")
    count = reached if reached.isdigit() else _("not given")
    if _employer_in_detail(line.entry) is None:
        return _("{who} recorded the people reached by {workshop}: {count}").format(
            count=count, **fields
        )
    return _(
        "{who} recorded that {workshop} was held at {employer} (people reached: {count})"
    ).format(count=count, **fields)


def _to_confirm(line: _Line, fields: dict[str, str]) -> str:
    if _employer_in_detail(line.entry) is None:
        return _(
            "{who} left an employer name typed before the directory unlinked, on purpose"
        ).format(**fields)
    return _(
        "{who} confirmed the employer {employer} for a name typed before the directory"
    ).format(**fields)


def _presence(present: bool) -> Wording:
    """A tick in the attendance register: the line keeps the day and the kind of person,
    not who."""

    def wording(line: _Line, fields: dict[str, str]) -> str:
        words = line.entry.detail.split()
        participant = len(words) > 1 and words[1] == "participant"
        if present:
            template = (
                N_("{who} ticked in a participant on {day}")
                if participant
                else N_("{who} ticked in a person from the register on {day}")
            )
        else:
            template = (
                N_("{who} unticked a participant on {day}")
                if participant
                else N_("{who} unticked a person from the register on {day}")
            )
        return _(template).format(**fields)

    return wording


def _network_export(line: _Line, fields: dict[str, str]) -> str:
    if line.values.get("identity") == "yes":
        return _(
            "{who} exported the figures of {year} for the network pooling, "
            "with the association's name"
        ).format(**fields)
    return _(
        "{who} exported the figures of {year} for the network pooling, "
        "without the association's name"
    ).format(**fields)


def _document() -> dict[AuditAction, Wording]:
    return {A.VIEW: PREVIEWED, A.PRINT: PRINTED, A.EXPORT: EXPORTED}


_REGISTERED = _if_found(_say(N_("{who} registered {person} for {workshop}")), CREATED)
_WALK_IN = _if_found(_say(N_("{who} added {person} to {workshop} as a walk-in")), CREATED)

#: The wording of every (entity, action) pair the services write.
WORDINGS: dict[tuple[str, AuditAction], Wording] = {
    ("participant", A.CREATE): CREATED,
    ("participant", A.UPDATE): _by_detail(
        CHANGED,
        status=_enum_sentence(
            N_("{who} set the status of {person} to “{value}”"), "status", ParticipantStatus
        ),
    ),
    ("participant", A.ANONYMISE): _say(N_("{who} anonymised the file no. {id}")),
    ("participant", A.DELETE): _say(N_("{who} erased the file no. {id} and everything in it")),
    ("participant", A.EXPORT): _say(
        N_("{who} exported the whole file {of_person} (right of access)")
    ),
    ("registration", A.CREATE): _by_detail(_REGISTERED, walk_in=_WALK_IN),
    ("registration", A.UPDATE): _by_detail(
        CHANGED,
        attendance=_if_found(
            _say(N_("{who} marked the attendance {of_person} at {workshop}")), CHANGED
        ),
        satisfaction=_if_found(
            _say(N_("{who} recorded the satisfaction {of_person} at {workshop}")), CHANGED
        ),
        check_in=_if_found(
            _say(N_("{who} recorded the arrival {of_person} at {workshop}")), CHANGED
        ),
    ),
    ("registration", A.DELETE): DELETED,
    ("workshop", A.CREATE): _say(N_("{who} planned {workshop}")),
    ("workshop", A.UPDATE): _by_detail(
        CHANGED,
        cancelled=_say(N_("{who} cancelled {thing}")),
        restored=_say(N_("{who} restored {thing}")),
        newcomer_checked_in=_say(N_("{who} welcomed a newcomer at {thing}")),
        visitor_counted=_say(N_("{who} counted a visitor at {thing}")),
        visitor_uncounted=_say(N_("{who} took a visitor off the count {of_workshop}")),
        attendance_sheet=_say(N_("{who} entered the signed attendance sheet {of_workshop}")),
        employer=_awareness_place,
        employer_None=_awareness_place,
    ),
    ("workshop", A.DELETE): DELETED,
    ("attendance_sheet", A.VIEW): PREVIEWED,
    ("attendance_sheet", A.PRINT): _by_detail(
        PRINTED, blank=_say(N_("{who} printed a blank attendance sheet {of_workshop}"))
    ),
    ("attendance_sheet", A.EXPORT): EXPORTED,
    **{("attendance_sheets", a): w for a, w in _document().items()},
    **{("attendance_attestation", a): w for a, w in _document().items()},
    **{("pathway_summary", a): w for a, w in _document().items()},
    **{("activity_report", a): w for a, w in _document().items()},
    **{("cv", a): w for a, w in _document().items()},
    ("calendar", A.EXPORT): _export_calendar,
    ("export", A.EXPORT): _export_list,
    ("import", A.CREATE): _import,
    ("consent", A.CREATE): _enum_sentence(
        N_("{who} recorded a consent {of_person} ({value})"), "purpose", ConsentPurpose
    ),
    ("consent", A.UPDATE): _by_detail(
        CHANGED, withdrawn=_say(N_("{who} recorded the withdrawal of a consent {of_person}"))
    ),
    ("participant_scheme", A.CREATE): _enum_sentence(
        N_("{who} added the support scheme {value} to the file {of_person}"), "scheme", Scheme
    ),
    ("participant_scheme", A.UPDATE): _by_detail(CHANGED, ended=ENDED),
    ("participant_scheme", A.DELETE): DELETED,
    ("contract", A.CREATE): RECORDED,
    ("contract", A.UPDATE): _by_detail(
        CHANGED,
        ended=ENDED,
        employer=_linked,
        employer_None=_linked,
        disclosure=_disclosure(
            N_("{who} recorded the disclosure choice {of_person} towards {employer}: {value}")
        ),
    ),
    ("contract", A.DELETE): DELETED,
    ("retention_check", A.CREATE): RECORDED,
    ("retention_check", A.UPDATE): CHANGED,
    ("pathway", A.CREATE): CREATED,
    ("pathway", A.UPDATE): CHANGED,
    ("goal", A.CREATE): _say(N_("{who} set {thing}")),
    ("goal", A.UPDATE): _by_detail(
        CHANGED,
        status=_enum_sentence(N_("{who} marked {thing} as “{value}”"), "status", GoalStatus),
    ),
    ("pathway_event", A.CREATE): _say(N_("{who} added {thing}")),
    ("pathway_event", A.UPDATE): CHANGED,
    ("pathway_event", A.DELETE): DELETED,
    ("wellbeing_plan", A.VIEW): VIEWED,
    ("wellbeing_plan", A.CREATE): _say(N_("{who} wrote {thing}")),
    ("wellbeing_plan", A.UPDATE): CHANGED,
    ("tutoring", A.CREATE): _say(N_("{who} started {thing}")),
    ("tutoring", A.UPDATE): _by_detail(CHANGED, ended=ENDED),
    ("self_assessment", A.CREATE): RECORDED,
    ("self_assessment", A.DELETE): DELETED,
    ("cv_version", A.CREATE): _say(N_("{who} saved {thing}")),
    ("cv_comment", A.CREATE): _say(N_("{who} wrote {thing}")),
    ("cv_comment", A.DELETE): DELETED,
    ("mock_interview", A.CREATE): RECORDED,
    ("mock_interview", A.UPDATE): CHANGED,
    ("mock_interview", A.DELETE): DELETED,
    ("interview_question", A.CREATE): _by_detail(
        _say(N_("{who} added {thing}")), builtin=_builtin_questions
    ),
    ("interview_question", A.UPDATE): _by_detail(
        CHANGED,
        active_False=_say(N_("{who} set aside {thing}")),
        active_True=_say(N_("{who} brought back {thing}")),
    ),
    ("job_offer", A.CREATE): _say(N_("{who} added {thing}")),
    ("job_offer", A.UPDATE): _by_detail(
        CHANGED,
        archived_True=_say(N_("{who} archived {thing}")),
        archived_False=_say(N_("{who} took {thing} out of the archive")),
        employer=_linked,
        employer_None=_linked,
    ),
    ("offer_share", A.CREATE): _if_found(
        _say(N_("{who} shared the offer “{offer}” with {person}")), CREATED
    ),
    ("offer_share", A.UPDATE): _by_detail(
        CHANGED,
        outcome=_enum_sentence(
            N_("{who} recorded what came of {thing}: {value}"), "outcome", ShareOutcome
        ),
        disclosure=_disclosure(
            N_("{who} recorded the disclosure choice {of_person} for the offer “{offer}”: {value}")
        ),
    ),
    ("offer_share", A.DELETE): DELETED,
    ("supervision_session", A.CREATE): RECORDED,
    ("supervision_session", A.UPDATE): CHANGED,
    ("supervision_session", A.DELETE): DELETED,
    ("team_member", A.LOGIN): _say(N_("{who} signed in")),
    ("team_member", A.VIEW): _say(N_("{who} listed the team")),
    ("team_member", A.CREATE): _team_created,
    ("team_member", A.UPDATE): _by_detail(
        _team_changed,
        deactivated=_say(N_("{who} deactivated the account {of_member}")),
        reactivated=_say(N_("{who} reactivated the account {of_member}")),
        pin_set=_say(N_("{who} set a PIN for {member}")),
        pin_removed=_say(N_("{who} removed the PIN {of_member}")),
    ),
    ("referent", A.CREATE): _say(N_("{who} added {thing} to the directory")),
    ("employer", A.CREATE): _say(N_("{who} added {thing} to the employer directory")),
    ("employer", A.UPDATE): _by_detail(
        CHANGED,
        active_False=_say(N_("{who} deactivated {thing}")),
        active_True=_say(N_("{who} reactivated {thing}")),
    ),
    ("employer_contact", A.CREATE): _say(N_("{who} added {thing}")),
    ("employer_contact", A.UPDATE): CHANGED,
    ("employer_contact", A.DELETE): DELETED,
    ("employer_interaction", A.CREATE): _interaction,
    ("employer_interaction", A.DELETE): DELETED,
    ("employer_to_confirm", A.UPDATE): _to_confirm,
    ("accommodation", A.CREATE): _accommodation(
        N_("{who} added an accommodation to the contract {of_person} at {employer}: {kind}"),
        CREATED,
    ),
    ("accommodation", A.UPDATE): _accommodation(
        N_("{who} changed an accommodation on the contract {of_person} at {employer}: {kind}"),
        CHANGED,
    ),
    ("accommodation", A.DELETE): DELETED,
    ("register_person", A.CREATE): _say(
        N_("{who} added {register_person} to the attendance register")
    ),
    ("register_person", A.UPDATE): _by_detail(
        _say(N_("{who} changed the register entry {of_register_person}")),
        active_False=_say(N_("{who} took {register_person} off the list offered at the door")),
        active_True=_say(N_("{who} put {register_person} back on the list offered at the door")),
    ),
    ("day_presence", A.CREATE): _presence(True),
    ("day_presence", A.DELETE): _presence(False),
    ("register_day", A.UPDATE): _say(
        N_("{who} entered the number of people who came without giving a name on {day}")
    ),
    ("closure_day", A.UPDATE): _say(N_("{who} marked {day} as a closure day")),
    ("closure_day", A.DELETE): _say(N_("{who} removed the closure day of {day}")),
    **{("register_sheet", a): w for a, w in _document().items()},
    **{("gem_annual", a): w for a, w in _document().items()},
    ("association_year", A.UPDATE): _say(
        N_("{who} updated the association's year {year} (annual report)")
    ),
    ("network_export", A.EXPORT): _network_export,
    ("referent", A.UPDATE): _by_detail(CHANGED, deactivated=_say(N_("{who} deactivated {thing}"))),
    ("association", A.UPDATE): CHANGED,
    ("setting", A.CREATE): CHANGED,
    ("setting", A.UPDATE): CHANGED,
    ("setting", A.DELETE): _say(N_("{who} reset {thing}")),
    ("draft", A.CREATE): _say(N_("{who} kept a draft when the vault locked")),
    ("draft", A.DELETE): _say(N_("{who} took back or dropped a draft")),
    ("demo", A.CREATE): _say(N_("{who} filled the vault with demonstration data")),
    ("vault", A.BACKUP): _say(N_("{who} backed up the vault")),
}


def _fallback(line: _Line, fields: dict[str, str]) -> str:
    e = line.entry
    return _("{who}: {action} — {entity} no. {id}").format(
        who=fields["who"], action=_label(AuditAction, e.action), entity=e.entity, id=fields["id"]
    )


def sentences(
    session: Session, entries: Sequence[AuditEntry], viewer: Any, today: dt.date
) -> list[str]:
    """One sentence per line, in the interface's language, as ``viewer`` may read it.

    Reads what the lines point at in a fixed number of queries (one per kind of record on
    the page, plus participants, workshops, offers, team, referents, supervisions)."""
    page = _read_page(session, entries, viewer, today)
    out: list[str] = []
    for entry in entries:
        line = _Line(entry, page)
        try:
            action: AuditAction | None = AuditAction(entry.action)
        except ValueError:
            action = None
        wording = WORDINGS.get((entry.entity, action)) if action else None
        fields = _fields(line)
        try:
            out.append((wording or _fallback)(line, fields))
        except (KeyError, IndexError, ValueError):  # a translation with a wrong placeholder
            out.append(_fallback(line, fields))
    return out


def wording_pairs() -> Iterable[tuple[str, AuditAction]]:
    """The (entity, action) pairs that have a wording (for the test of completeness)."""
    return WORDINGS.keys()

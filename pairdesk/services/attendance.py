"""Attendance at workshops: marking, satisfaction, check-in of walk-ins (the monthly
totals: ``services/month_totals.py``).

At the door, someone not yet known is either added as a new person and checked in
(:func:`check_in_newcomer`: their file, their consent to it, their registration as a
walk-in, all in one transaction) or, without a file, counted as a visitor
(:func:`count_visitor`: a number on the workshop, no name kept).

Marking someone present also moves their ``last_contact_on`` forward to the workshop's
date (never backwards). Attendance is refused on cancelled workshops and on workshops
that have not taken place yet.

Names come from the views of ``pairdesk/store/attendees.py`` (the people registered in
workshops): on a server the database gives a peer helper only their tutees' files and a
volunteer none, yet a list, a sheet and the check-in show every attendee. Looking for
someone *not* registered reads the participants themselves: a volunteer (no access to
participant files) finds only registered people, a peer helper also the people they
tutor — on both engines, as the server's row-level security allows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.util import identity_key

from pairdesk.domain.enums import (
    Attendance,
    AuditAction,
    ConsentMethod,
    ConsentPurpose,
    ParticipantStatus,
    WorkshopKind,
)
from pairdesk.domain.permissions import Permission, allows, limited_to_tutored, require
from pairdesk.domain.text import fold
from pairdesk.domain.validation import date_in_range, date_order, enum_value, int_in_range
from pairdesk.domain.workshops import is_held
from pairdesk.errors import InvalidInput, UserError
from pairdesk.i18n import _
from pairdesk.services.consents import record_consent
from pairdesk.services.context import ServiceContext
from pairdesk.services.last_contact import advance_last_contact
from pairdesk.services.participants import ParticipantInput, create_participant
from pairdesk.services.records import read_object
from pairdesk.services.search import like_pattern
from pairdesk.services.workshops import (
    Named,
    RegistrationRow,
    WorkshopDetail,
    add_registration,
    attendee,
    duration_hours,
    ensure_open,
    find_registration,
    get_workshop,
    held_between,
    load_participant,
    load_workshop,
    registered_people,
    registration_row,
    require_registration,
)
from pairdesk.store.attendees import attendee_consent
from pairdesk.store.models import Participant, Registration, Tutoring, Workshop

CHECK_IN_LIMIT = 10
CHECK_IN_SCAN = 500  # rows read from SQL before the folded-name check
MAX_VISITORS = 10_000  # per workshop: far above any room, low enough to catch a stuck key


@dataclass(frozen=True, slots=True)
class AttendanceEntry:
    """One line of an attendance sheet."""

    participant_id: int
    attendance: Attendance | None
    satisfaction: int | None = None


@dataclass(frozen=True, slots=True)
class AttendedWorkshop:
    """A workshop a participant attended, for an attendance attestation."""

    workshop_id: int
    held_on: dt.date
    starts_at: dt.time
    ends_at: dt.time
    kind: WorkshopKind
    title: str
    hours: float


@dataclass(frozen=True, slots=True)
class CheckInCandidate:
    participant_id: int
    first_name: str
    last_name: str
    pseudonym: str
    registered: bool
    attendance: Attendance | None
    walk_in: bool


@dataclass(frozen=True, slots=True)
class NewcomerCheckIn:
    """Someone added at the door: their new file, the consent recorded, their line."""

    participant_id: int
    first_name: str
    last_name: str
    consent_id: int
    registration: RegistrationRow


@dataclass(frozen=True, slots=True)
class VisitorCount:
    workshop_id: int
    visitors: int


# --------------------------------------------------------------------------- helpers


def _ensure_markable(ctx: ServiceContext, workshop: Workshop) -> None:
    ensure_open(workshop)
    if not is_held(workshop.held_on, workshop.cancelled, ctx.today()):
        raise UserError(
            _(
                "This workshop has not taken place yet: attendance can be marked from {date}."
            ).format(date=workshop.held_on.strftime("%d/%m/%Y"))
        )


def _attended(ctx: ServiceContext, session: Session, participant_id: int, on: dt.date) -> None:
    """Someone marked present: their last contact moves forward to the workshop's day.

    On a server the login taking attendance (a volunteer, a peer helper) may not read the
    person's file: the database's ``pairdesk_server.attended`` moves it (for someone
    marked present that day only, ``store/server_roles.py``); the copy of the file this
    session may hold is then read again."""
    if not getattr(ctx.vault, "is_server", False):
        advance_last_contact(load_participant(session, participant_id), on)
        return
    from pairdesk.store import server_roles

    session.flush()
    server_roles.attended(session.connection(), participant_id, on)
    held = session.identity_map.get(identity_key(Participant, participant_id))
    if held is not None:
        session.expire(held)


def _set_attendance(
    ctx: ServiceContext,
    session: Session,
    workshop: Workshop,
    registration: Registration,
    attendance: Attendance | None,
) -> None:
    registration.attendance = attendance.value if attendance else None
    if attendance is Attendance.PRESENT:
        _attended(ctx, session, registration.participant_id, workshop.held_on)
    elif attendance is not None and registration.satisfaction is not None:
        # A score belongs to someone who came: drop it when they are marked away.
        registration.satisfaction = None


def _check_satisfaction(registration: Registration, score: int | None) -> int | None:
    int_in_range(score, 1, 5, "satisfaction", _("Satisfaction"))
    if score is not None and registration.attendance in {
        Attendance.ABSENT.value,
        Attendance.EXCUSED.value,
    }:
        raise InvalidInput(
            _("Only people who came to the workshop can give a satisfaction score."),
            field="satisfaction",
        )
    return score


def _attendance_or_none(value: Attendance | str | None) -> Attendance | None:
    if value is None:
        return None
    return enum_value(Attendance, value, "attendance", _("Attendance"))


# --------------------------------------------------------------------------- actions


def mark_attendance(
    ctx: ServiceContext,
    workshop_id: int,
    participant_id: int,
    attendance: Attendance | None,
) -> RegistrationRow:
    """Mark a registered participant present, absent or excused (``None`` clears it)."""
    require(ctx, Permission.ATTENDANCE)
    value = _attendance_or_none(attendance)
    with ctx.transaction() as session:
        workshop = load_workshop(session, workshop_id)
        _ensure_markable(ctx, workshop)
        registration = require_registration(session, workshop_id, participant_id)
        _set_attendance(ctx, session, workshop, registration, value)
        ctx.audit(session, "registration", registration.id, AuditAction.UPDATE, "attendance")
        return registration_row(registration, attendee(session, participant_id))


def set_satisfaction(
    ctx: ServiceContext, workshop_id: int, participant_id: int, score: int | None
) -> RegistrationRow:
    """Record the 1-5 satisfaction score a participant gave (``None`` clears it)."""
    require(ctx, Permission.ATTENDANCE)
    with ctx.transaction() as session:
        workshop = load_workshop(session, workshop_id)
        _ensure_markable(ctx, workshop)
        registration = require_registration(session, workshop_id, participant_id)
        registration.satisfaction = _check_satisfaction(registration, score)
        ctx.audit(session, "registration", registration.id, AuditAction.UPDATE, "satisfaction")
        return registration_row(registration, attendee(session, participant_id))


def add_walk_in(ctx: ServiceContext, workshop_id: int, participant_id: int) -> RegistrationRow:
    """Someone came without registering: add them as a walk-in, present."""
    require(ctx, Permission.ATTENDANCE)
    with ctx.transaction() as session:
        workshop = load_workshop(session, workshop_id)
        _ensure_markable(ctx, workshop)
        participant = load_participant(session, participant_id)
        row = add_registration(
            ctx, session, workshop, participant, walk_in=True, attendance=Attendance.PRESENT
        )
        _attended(ctx, session, participant_id, workshop.held_on)
        return row


def check_in(ctx: ServiceContext, workshop_id: int, participant_id: int) -> RegistrationRow:
    """Mark someone present at the door, registering them as a walk-in if needed."""
    require(ctx, Permission.ATTENDANCE)
    with ctx.transaction() as session:
        workshop = load_workshop(session, workshop_id)
        _ensure_markable(ctx, workshop)
        registration = find_registration(session, workshop_id, participant_id)
        if registration is None:
            return add_walk_in(ctx, workshop_id, participant_id)
        _set_attendance(ctx, session, workshop, registration, Attendance.PRESENT)
        ctx.audit(session, "registration", registration.id, AuditAction.UPDATE, "check-in")
        return registration_row(registration, attendee(session, participant_id))


def may_add_newcomers(ctx: ServiceContext) -> bool:
    """Whether the operator may add someone new at the door (a volunteer may check people
    in and count visitors, but not open a participant's file)."""
    return allows(ctx.operator, Permission.ATTENDANCE) and allows(
        ctx.operator, Permission.CREATE_PARTICIPANTS
    )


def check_in_newcomer(
    ctx: ServiceContext, workshop_id: int, first_name: str, last_name: str, consent: bool
) -> NewcomerCheckIn:
    """Someone not yet known came to the workshop and agrees to having a file: create
    their file, record that consent (keep the file, given orally at the door), add them
    as a walk-in and mark them present — one transaction, all or nothing.

    Without ``consent`` no file is opened: count them with :func:`count_visitor`.
    """
    require(ctx, Permission.ATTENDANCE)
    require(ctx, Permission.CREATE_PARTICIPANTS)
    if consent is not True:
        raise InvalidInput(
            _(
                "Without their agreement the association keeps no file: count them as a "
                "visitor instead."
            ),
            field="consent",
        )
    with ctx.transaction() as session:
        workshop = load_workshop(session, workshop_id)
        _ensure_markable(ctx, workshop)
        person = create_participant(
            ctx, ParticipantInput(first_name=first_name, last_name=last_name)
        )
        given = record_consent(
            ctx, person.id, ConsentPurpose.KEEP_FILE, ctx.today(), ConsentMethod.ORAL
        )
        row = add_walk_in(ctx, workshop_id, person.id)
        ctx.audit(session, "workshop", workshop_id, AuditAction.UPDATE, "newcomer checked in")
        return NewcomerCheckIn(
            participant_id=person.id,
            first_name=person.first_name,
            last_name=person.last_name,
            consent_id=given.id,
            registration=row,
        )


def count_visitor(ctx: ServiceContext, workshop_id: int, change: int = 1) -> VisitorCount:
    """Count one more visitor (``change=-1`` takes back a mistake): someone who came but
    does not want a file. Only the number is kept, never a name."""
    require(ctx, Permission.ATTENDANCE)
    if change not in (1, -1):
        raise InvalidInput(_("Visitors are counted one at a time."), field="change")
    with ctx.transaction() as session:
        workshop = load_workshop(session, workshop_id)
        _ensure_markable(ctx, workshop)
        visitors = (workshop.visitors or 0) + change
        if visitors < 0:
            raise InvalidInput(_("No visitor is counted for this workshop."), field="change")
        if visitors > MAX_VISITORS:
            raise InvalidInput(_("That is too many visitors for one workshop."), field="change")
        workshop.visitors = visitors
        ctx.audit(
            session,
            "workshop",
            workshop.id,
            AuditAction.UPDATE,
            "visitor counted" if change > 0 else "visitor uncounted",
        )
        return VisitorCount(workshop_id=workshop.id, visitors=visitors)


def mark_all(
    ctx: ServiceContext, workshop_id: int, entries: Sequence[AttendanceEntry]
) -> WorkshopDetail:
    """Save a whole attendance sheet in one transaction (all lines or none).

    A person present but not registered is added as a walk-in; any other line for
    someone not registered is refused.
    """
    require(ctx, Permission.ATTENDANCE)
    seen: set[int] = set()
    for entry in entries:
        if entry.participant_id in seen:
            raise InvalidInput(
                _("The same person appears twice on the attendance sheet."), field="entries"
            )
        seen.add(entry.participant_id)
    with ctx.transaction() as session:
        workshop = load_workshop(session, workshop_id)
        _ensure_markable(ctx, workshop)
        for entry in entries:
            attendance = _attendance_or_none(entry.attendance)
            registration = find_registration(session, workshop_id, entry.participant_id)
            if registration is None:
                if attendance is not Attendance.PRESENT:
                    require_registration(session, workshop_id, entry.participant_id)
                participant = load_participant(session, entry.participant_id)
                add_registration(
                    ctx, session, workshop, participant, walk_in=True, attendance=attendance
                )
                registration = find_registration(session, workshop_id, entry.participant_id)
                assert registration is not None
            _set_attendance(ctx, session, workshop, registration, attendance)
            registration.satisfaction = _check_satisfaction(registration, entry.satisfaction)
        ctx.audit(session, "workshop", workshop.id, AuditAction.UPDATE, "attendance sheet")
        session.flush()
        return get_workshop(ctx, workshop_id)


# --------------------------------------------------------------------------- reading


def attended_workshops(
    ctx: ServiceContext,
    participant_id: int,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> list[AttendedWorkshop]:
    """Workshops a participant attended (present, not cancelled), oldest first."""
    date_in_range(start, "start", _("Start date"))
    date_in_range(end, "end", _("End date"))
    date_order(start, end, "end", _("End date"))
    query = (
        select(Workshop)
        .join(Registration, Registration.workshop_id == Workshop.id)
        .where(
            Registration.participant_id == participant_id,
            Registration.attendance == Attendance.PRESENT.value,
            Workshop.cancelled.is_(False),
        )
        .order_by(Workshop.held_on, Workshop.starts_at, Workshop.id)
    )
    query = held_between(query, start, end)
    with ctx.transaction() as session:
        load_participant(session, participant_id)
        return [
            read_object(
                AttendedWorkshop,
                w,
                workshop_id=w.id,
                kind=WorkshopKind(w.kind),
                hours=duration_hours(w.starts_at, w.ends_at),
            )
            for w in session.scalars(query)
        ]


def _name_matches(participant: Named, words: list[str]) -> bool:
    folded = fold(f"{participant.first_name} {participant.last_name} {participant.pseudonym}")
    return all(word in folded for word in words)


def _candidate(participant: Named, registration: Registration | None) -> CheckInCandidate:
    return CheckInCandidate(
        participant_id=participant.id,
        first_name=participant.first_name,
        last_name=participant.last_name,
        pseudonym=participant.pseudonym,
        registered=registration is not None,
        attendance=Attendance(registration.attendance)
        if registration is not None and registration.attendance
        else None,
        walk_in=registration.walk_in if registration is not None else False,
    )


def find_for_check_in(ctx: ServiceContext, workshop_id: int, text: str) -> list[CheckInCandidate]:
    """People to check in: registered ones first, then other active participants the
    operator may see (a volunteer: none; a peer helper: the people they tutor).

    Every word typed must appear in the folded first name, last name or pseudonym
    ("helene" finds "Hélène"). With no text, only the registered people are listed.
    """
    words = fold(text).split()
    with ctx.transaction() as session:
        load_workshop(session, workshop_id)
        found = [
            _candidate(person, reg)
            for reg, person in registered_people(session, workshop_id)
            if _name_matches(person, words)
        ]
        found.sort(key=lambda c: (fold(c.last_name), fold(c.first_name), c.participant_id))
        found = found[:CHECK_IN_LIMIT]
        if not words or len(found) >= CHECK_IN_LIMIT:
            return found
        if allows(ctx.operator, Permission.PARTICIPANT_FILES):
            _others(ctx, session, workshop_id, words, found)
        return found


def named_on_sheets(session: Session, participant_ids: Iterable[int], on: dt.date) -> set[int]:
    """Those of the registered ``participant_ids`` whose consent to be named on collective
    documents stands on ``on`` (the others' pseudonym is printed): the same answer as
    ``consents.consenting``, read from the ``attendee_consent`` view."""
    ids = set(participant_ids)
    if not ids:
        return set()
    view = attendee_consent.c
    return set(
        session.scalars(
            select(view.participant_id)
            .where(
                view.participant_id.in_(ids),
                view.given_on <= on,
                or_(view.withdrawn_on.is_(None), view.withdrawn_on > on),
            )
            .distinct()
        )
    )


def _others(
    ctx: ServiceContext,
    session: Session,
    workshop_id: int,
    words: list[str],
    found: list[CheckInCandidate],
) -> None:
    """Append active, unregistered participants matching ``words`` until the limit (a peer
    helper's tutees only: what their role lets them read of the participants).

    The stored ``search_text`` (folded by the participant service) narrows the rows in
    SQL; the folded names then decide, so other fields in it never cause a match.
    """
    query = (
        select(Participant)
        .outerjoin(
            Registration,
            and_(
                Registration.participant_id == Participant.id,
                Registration.workshop_id == workshop_id,
            ),
        )
        .where(
            Registration.id.is_(None),
            Participant.status == ParticipantStatus.ACTIVE.value,
            Participant.anonymised.is_(False),
        )
        .order_by(
            Participant.sort_name, Participant.last_name, Participant.first_name, Participant.id
        )
    )
    operator = ctx.operator
    if limited_to_tutored(operator, Permission.PARTICIPANT_FILES):
        today = ctx.today()
        query = query.where(
            Participant.id.in_(
                select(Tutoring.participant_id).where(
                    Tutoring.peer_helper_id == operator.id,
                    or_(Tutoring.ended_on.is_(None), Tutoring.ended_on > today),
                )
            )
        )
    for word in words:
        query = query.where(Participant.search_text.like(like_pattern(word), escape="\\"))
    for person in session.scalars(query.limit(CHECK_IN_SCAN)):
        if _name_matches(person, words):
            found.append(_candidate(person, None))
            if len(found) >= CHECK_IN_LIMIT:
                break

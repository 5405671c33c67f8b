"""Workshops (peer CV workshops, interview coaching, job-offer sharing…) and registrations.

A workshop is planned, may be cancelled (and restored), and is deleted only while nobody
has attended it. Registrations refuse duplicates and cancelled workshops; going over the
capacity is allowed but flagged (``RegistrationRow.over_capacity``) so the screen can warn.

The names on a workshop's list come from the ``attendee_name`` view
(``pairdesk/store/attendees.py``), not from ``participant``: on a server a peer helper
reads only their tutees' files and a volunteer none, yet both see every attendee's name.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

from sqlalchemy import Select, case, delete, func, select
from sqlalchemy.orm import Session

from pairdesk.domain.enums import Attendance, AuditAction, WorkshopKind
from pairdesk.domain.permissions import Permission, require
from pairdesk.domain.text import PersonNames, fold
from pairdesk.domain.validation import (
    date_in_range,
    date_order,
    enum_value,
    free_text,
    int_in_range,
    optional_line,
    required_date,
)
from pairdesk.domain.workshops import is_held
from pairdesk.errors import InvalidInput, UnknownId, UserError
from pairdesk.i18n import _
from pairdesk.services.context import ServiceContext, get_or_raise
from pairdesk.services.records import read_object, saved, stored_or_new
from pairdesk.store.attendees import attendee_name
from pairdesk.store.models import (
    Participant,
    Registration,
    TeamMember,
    Workshop,
)

MAX_CAPACITY = 500


# --------------------------------------------------------------------------- read objects


@dataclass(frozen=True, slots=True)
class WorkshopInput:
    """What the workshop form sends. A blank title becomes the kind's label."""

    kind: WorkshopKind | str
    title: str
    held_on: dt.date
    starts_at: dt.time
    ends_at: dt.time
    place: str = ""
    capacity: int | None = None
    facilitator_ids: tuple[int, ...] = ()
    notes: str = ""
    #: the ``edit_version`` the form read (``WorkshopDetail.edit_version``); None: no check
    edit_version: int | None = None


@dataclass(frozen=True, slots=True)
class FacilitatorView:
    id: int
    name: str


@dataclass(frozen=True, slots=True)
class RegistrationRow:
    """One person on a workshop's list. ``over_capacity`` is only set by the call that
    registered them, when that registration took the workshop beyond its capacity."""

    id: int
    workshop_id: int
    participant_id: int
    first_name: str
    last_name: str
    pseudonym: str
    attendance: Attendance | None
    satisfaction: int | None
    walk_in: bool
    registered_on: dt.date
    over_capacity: bool = False

    @property
    def display_name(self) -> str:
        return _("{first_name} {last_name}").format(
            first_name=self.first_name, last_name=self.last_name
        )


@dataclass(frozen=True, slots=True)
class WorkshopBasics:
    """What both read objects of a workshop (the list's row and the detail) show first:
    its kind, title, day and times, place, capacity, and the hours it lasts."""

    id: int
    kind: WorkshopKind
    title: str
    held_on: dt.date
    starts_at: dt.time
    ends_at: dt.time
    place: str
    capacity: int | None
    cancelled: bool

    @property
    def kind_label(self) -> str:
        return self.kind.label

    @property
    def hours(self) -> float:
        return duration_hours(self.starts_at, self.ends_at)


@dataclass(frozen=True, slots=True)
class WorkshopRow(WorkshopBasics):
    registered: int
    present: int
    #: Held by the service's today (:func:`pairdesk.domain.workshops.is_held`): the same
    #: rule as the "workshops held" indicator.
    held: bool
    #: Dated the service's today: held by the rule, but the list says « Aujourd'hui »,
    #: not « Tenu » at 10:00 for a workshop at 14:00 (two testers)
    is_today: bool = False

    @property
    def is_full(self) -> bool:
        return self.capacity is not None and self.registered >= self.capacity


@dataclass(frozen=True, slots=True)
class WorkshopDetail(WorkshopBasics):
    notes: str
    #: Held by the service's today (:func:`pairdesk.domain.workshops.is_held`).
    held: bool
    edit_version: int
    facilitators: tuple[FacilitatorView, ...] = field(default=())
    registrations: tuple[RegistrationRow, ...] = field(default=())
    #: People counted at the door without a file (``attendance.count_visitor``).
    visitors: int = 0

    @property
    def registered(self) -> int:
        return len(self.registrations)

    @property
    def present(self) -> int:
        return sum(1 for r in self.registrations if r.attendance is Attendance.PRESENT)

    @property
    def over_capacity(self) -> bool:
        return self.capacity is not None and len(self.registrations) > self.capacity


# --------------------------------------------------------------------------- helpers


class Named(PersonNames, Protocol):
    """A person a list prints, with their number: a participant's row or an
    ``attendee_name`` row."""

    @property
    def id(self) -> int: ...


def registered_people(session: Session, workshop_id: int) -> list[tuple[Registration, Named]]:
    """A workshop's registrations with the names attendance prints (the ``attendee_name``
    view: every attendee, whatever the operator may read of their files)."""
    rows = session.execute(
        select(Registration, attendee_name)
        .join(attendee_name, attendee_name.c.id == Registration.participant_id)
        .where(Registration.workshop_id == workshop_id)
    ).all()
    return [(row[0], _Attendee(*row[1:])) for row in rows]


def attendee(session: Session, participant_id: int) -> Named:
    """The names of one registered person (the ``attendee_name`` view); of anyone else,
    their file (``UnknownId`` when there is none, or none the operator may read)."""
    row = session.execute(select(attendee_name).where(attendee_name.c.id == participant_id)).first()
    if row is None:
        return load_participant(session, participant_id)
    return _Attendee(*row)


@dataclass(frozen=True, slots=True)
class _Attendee:
    id: int
    first_name: str
    last_name: str
    pseudonym: str


def duration_hours(starts_at: dt.time, ends_at: dt.time) -> float:
    """Length of a workshop in hours (rounded to the minute, as a decimal)."""
    start = dt.datetime.combine(dt.date.min, starts_at)
    end = dt.datetime.combine(dt.date.min, ends_at)
    return round(max((end - start).total_seconds(), 0.0) / 3600, 2)


def load_workshop(session: Session, workshop_id: int) -> Workshop:
    return get_or_raise(session, Workshop, workshop_id, _("workshop"))


def load_participant(session: Session, participant_id: int) -> Participant:
    return get_or_raise(session, Participant, participant_id, _("participant"))


def find_registration(
    session: Session, workshop_id: int, participant_id: int
) -> Registration | None:
    return session.scalars(
        select(Registration).where(
            Registration.workshop_id == workshop_id,
            Registration.participant_id == participant_id,
        )
    ).first()


def require_registration(session: Session, workshop_id: int, participant_id: int) -> Registration:
    registration = find_registration(session, workshop_id, participant_id)
    if registration is None:
        participant = load_participant(session, participant_id)
        raise UnknownId(
            _("{first_name} {last_name} is not registered for this workshop.").format(
                first_name=participant.first_name, last_name=participant.last_name
            )
        )
    return registration


def registration_row(
    registration: Registration, participant: Named, *, over_capacity: bool = False
) -> RegistrationRow:
    return read_object(
        RegistrationRow,
        registration,
        participant_id=participant.id,
        first_name=participant.first_name,
        last_name=participant.last_name,
        pseudonym=participant.pseudonym,
        attendance=Attendance(registration.attendance) if registration.attendance else None,
        over_capacity=over_capacity,
    )


def ensure_open(workshop: Workshop) -> None:
    """Refuse changes to the list of a cancelled workshop."""
    if workshop.cancelled:
        raise UserError(
            _(
                "This workshop is cancelled, so nobody can be registered or checked in. "
                "Restore it first if it takes place after all."
            )
        )


def add_registration(
    ctx: ServiceContext,
    session: Session,
    workshop: Workshop,
    participant: Participant,
    *,
    walk_in: bool,
    attendance: Attendance | None = None,
) -> RegistrationRow:
    """Insert one registration (duplicates and cancelled workshops refused)."""
    ensure_open(workshop)
    if find_registration(session, workshop.id, participant.id) is not None:
        raise UserError(
            _("{first_name} {last_name} is already registered for this workshop.").format(
                first_name=participant.first_name, last_name=participant.last_name
            )
        )
    registration = Registration(
        workshop_id=workshop.id,
        participant_id=participant.id,
        walk_in=walk_in,
        attendance=attendance.value if attendance else None,
        registered_on=ctx.today(),
    )
    session.add(registration)
    session.flush()
    count = session.scalar(
        select(func.count())
        .select_from(Registration)
        .where(Registration.workshop_id == workshop.id)
    )
    over = workshop.capacity is not None and (count or 0) > workshop.capacity
    ctx.audit(
        session, "registration", registration.id, AuditAction.CREATE, "walk-in" if walk_in else ""
    )
    return registration_row(registration, participant, over_capacity=over)


def _clean_input(
    session: Session, data: WorkshopInput
) -> tuple[WorkshopKind, str, list[TeamMember]]:
    kind = enum_value(WorkshopKind, data.kind, "kind", _("Kind of workshop"))
    required_date(data.held_on, "held_on", _("Date"))
    for name, label, value in (
        ("starts_at", _("Start time"), data.starts_at),
        ("ends_at", _("End time"), data.ends_at),
    ):
        if not isinstance(value, dt.time):
            raise InvalidInput(_("{field} is not a valid time.").format(field=label), field=name)
    if data.ends_at <= data.starts_at:
        raise InvalidInput(_("The workshop must end after it starts."), field="ends_at")
    int_in_range(data.capacity, 1, MAX_CAPACITY, "capacity", _("Capacity"))
    title = optional_line(data.title, "title", _("Title")) or kind.label
    facilitators: list[TeamMember] = []
    for member_id in dict.fromkeys(data.facilitator_ids):
        facilitators.append(get_or_raise(session, TeamMember, member_id, _("team member")))
    return kind, title, facilitators


def _apply(
    workshop: Workshop,
    data: WorkshopInput,
    kind: WorkshopKind,
    title: str,
    facilitators: list[TeamMember],
) -> None:
    workshop.kind = kind.value
    workshop.title = title
    workshop.held_on = data.held_on
    workshop.starts_at = data.starts_at
    workshop.ends_at = data.ends_at
    workshop.place = optional_line(data.place, "place", _("Place"), max_length=200)
    workshop.capacity = data.capacity
    workshop.notes = free_text(data.notes, "notes", _("Notes"))
    workshop.facilitators = facilitators


def _detail(session: Session, workshop: Workshop, today: dt.date) -> WorkshopDetail:
    facilitators = tuple(
        FacilitatorView(
            id=m.id,
            name=_("{first_name} {last_name}").format(
                first_name=m.first_name, last_name=m.last_name
            ),
        )
        for m in sorted(
            workshop.facilitators, key=lambda m: (fold(m.last_name), fold(m.first_name), m.id)
        )
    )
    registrations = sorted(
        (registration_row(reg, person) for reg, person in registered_people(session, workshop.id)),
        key=lambda r: (fold(r.last_name), fold(r.first_name), r.participant_id),
    )
    return read_object(
        WorkshopDetail,
        workshop,
        kind=WorkshopKind(workshop.kind),
        held=is_held(workshop.held_on, workshop.cancelled, today),
        facilitators=facilitators,
        registrations=tuple(registrations),
    )


# --------------------------------------------------------------------------- workshops


def create_workshop(ctx: ServiceContext, data: WorkshopInput) -> WorkshopDetail:
    return _save_workshop(ctx, None, data)


def update_workshop(ctx: ServiceContext, workshop_id: int, data: WorkshopInput) -> WorkshopDetail:
    return _save_workshop(ctx, workshop_id, data)


def _save_workshop(
    ctx: ServiceContext, workshop_id: int | None, data: WorkshopInput
) -> WorkshopDetail:
    """Create (``workshop_id`` None) or update a workshop: the one path of both."""
    require(ctx, Permission.WORKSHOPS)
    with ctx.transaction() as session:
        workshop, action = stored_or_new(
            session, Workshop, workshop_id, _("workshop"), mine=data, this=_("this workshop")
        )
        kind, title, facilitators = _clean_input(session, data)
        _apply(workshop, data, kind, title, facilitators)
        session.flush()
        saved(ctx, session, "workshop", workshop, action)
        return _detail(session, workshop, ctx.today())


def cancel_workshop(ctx: ServiceContext, workshop_id: int) -> None:
    """Mark a workshop cancelled: it no longer counts as held; registrations are kept."""
    _set_cancelled(ctx, workshop_id, True)


def restore_workshop(ctx: ServiceContext, workshop_id: int) -> None:
    _set_cancelled(ctx, workshop_id, False)


def _set_cancelled(ctx: ServiceContext, workshop_id: int, cancelled: bool) -> None:
    require(ctx, Permission.WORKSHOPS)
    with ctx.transaction() as session:
        workshop = load_workshop(session, workshop_id)
        if workshop.cancelled == cancelled:
            return
        workshop.cancelled = cancelled
        detail = "cancelled" if cancelled else "restored"
        ctx.audit(session, "workshop", workshop.id, AuditAction.UPDATE, detail)


def delete_workshop(ctx: ServiceContext, workshop_id: int) -> None:
    """Delete a workshop nobody attended (a mistake); otherwise cancelling is the way."""
    require(ctx, Permission.WORKSHOPS)
    with ctx.transaction() as session:
        workshop = load_workshop(session, workshop_id)
        attended = session.scalar(
            select(func.count())
            .select_from(Registration)
            .where(
                Registration.workshop_id == workshop.id,
                Registration.attendance == Attendance.PRESENT.value,
            )
        )
        if attended:
            raise UserError(
                _(
                    "People attended this workshop, so it cannot be deleted: its attendance "
                    "counts in the activity report. Cancel it instead if it should not count."
                )
            )
        session.execute(delete(Registration).where(Registration.workshop_id == workshop.id))
        session.delete(workshop)
        ctx.audit(session, "workshop", workshop_id, AuditAction.DELETE)


def get_workshop(ctx: ServiceContext, workshop_id: int) -> WorkshopDetail:
    with ctx.transaction() as session:
        return _detail(session, load_workshop(session, workshop_id), ctx.today())


Query = TypeVar("Query", bound="Select[*tuple[Any, ...]]")


def held_between(query: Query, start: dt.date | None, end: dt.date | None) -> Query:
    """``query`` kept to the workshops held from ``start`` to ``end``, both days included
    (``None``: no bound on that side)."""
    if start is not None:
        query = query.where(Workshop.held_on >= start)
    if end is not None:
        query = query.where(Workshop.held_on <= end)
    return query


def list_workshops(
    ctx: ServiceContext,
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    kind: WorkshopKind | None = None,
    include_cancelled: bool = True,
    search: str = "",
) -> list[WorkshopRow]:
    """Workshops in date order (both ends included), with their registered/present counts.

    ``search`` matches the title and place without regard to case or accents.
    """
    date_in_range(start, "start", _("Start date"))
    date_in_range(end, "end", _("End date"))
    date_order(start, end, "end", _("End date"))
    registered = func.count(Registration.id)
    present = func.coalesce(
        func.sum(case((Registration.attendance == Attendance.PRESENT.value, 1), else_=0)), 0
    )
    query = (
        select(Workshop, registered, present)
        .outerjoin(Registration, Registration.workshop_id == Workshop.id)
        .group_by(Workshop.id)
        .order_by(Workshop.held_on, Workshop.starts_at, Workshop.id)
    )
    query = held_between(query, start, end)
    if kind is not None:
        query = query.where(Workshop.kind == WorkshopKind(kind).value)
    if not include_cancelled:
        query = query.where(Workshop.cancelled.is_(False))
    words = fold(search).split()
    rows: list[WorkshopRow] = []
    today = ctx.today()
    with ctx.transaction() as session:
        for workshop, n_registered, n_present in session.execute(query).all():
            if words:
                haystack = fold(f"{workshop.title} {workshop.place}")
                if not all(word in haystack for word in words):
                    continue
            rows.append(
                read_object(
                    WorkshopRow,
                    workshop,
                    kind=WorkshopKind(workshop.kind),
                    registered=int(n_registered or 0),
                    present=int(n_present or 0),
                    held=is_held(workshop.held_on, workshop.cancelled, today),
                    is_today=workshop.held_on == today,
                )
            )
    return rows


def workshops_on(ctx: ServiceContext, day: dt.date) -> list[WorkshopRow]:
    """The workshops of one day (cancelled ones included, flagged)."""
    return list_workshops(ctx, start=day, end=day)


# --------------------------------------------------------------------------- registrations


def register(ctx: ServiceContext, workshop_id: int, participant_id: int) -> RegistrationRow:
    """Register a participant. Over capacity is allowed: check ``over_capacity`` to warn."""
    require(ctx, Permission.WORKSHOPS)
    with ctx.transaction() as session:
        workshop = load_workshop(session, workshop_id)
        participant = load_participant(session, participant_id)
        return add_registration(ctx, session, workshop, participant, walk_in=False)


def register_many(
    ctx: ServiceContext, workshop_id: int, participant_ids: Sequence[int]
) -> list[RegistrationRow]:
    """Register several people in one action (all or nothing)."""
    require(ctx, Permission.WORKSHOPS)
    with ctx.transaction():
        return [register(ctx, workshop_id, pid) for pid in dict.fromkeys(participant_ids)]


def unregister(ctx: ServiceContext, workshop_id: int, participant_id: int) -> None:
    require(ctx, Permission.WORKSHOPS)
    with ctx.transaction() as session:
        load_workshop(session, workshop_id)
        registration = require_registration(session, workshop_id, participant_id)
        registration_id = registration.id
        session.delete(registration)
        ctx.audit(session, "registration", registration_id, AuditAction.DELETE)

"""The attendance register (fréquentation): the GEM's door, day by day.

A minimal register of people apart from the participants' files (:class:`RegisterPerson`:
a name or pseudonym, member or visitor, member since; no health data, no file), the
people present each day (register people and participants), visitors counted without a
name, closure days, and the totals of :mod:`pairdesk.domain.register`.

Who may do what: ticking people in and keeping the register is attendance work
(``Permission.ATTENDANCE``: volunteers at the door included); closure days belong to the
association's profile (``Permission.VAULT_SETTINGS``, coordinators). A day after today
cannot be ticked. Every change writes its audit line, never a name in it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from pairdesk import formatting
from pairdesk.domain.enums import AuditAction, ConsentPurpose, ParticipantStatus
from pairdesk.domain.permissions import Permission, require
from pairdesk.domain.register import (
    PersonKey,
    is_member_on,
)
from pairdesk.domain.text import fold
from pairdesk.domain.validation import (
    date_in_range,
    date_order,
    int_in_range,
    not_in_future,
    optional_line,
    required_date,
    required_line,
)
from pairdesk.errors import InvalidInput, UnknownId
from pairdesk.i18n import N_, _
from pairdesk.services import team
from pairdesk.services.consents import consenting
from pairdesk.services.context import ServiceContext, get_or_raise
from pairdesk.services.document_data import DocumentHeader, header_of
from pairdesk.services.records import (
    flag_record,
    read_object,
    saved,
    stored_or_added,
    stored_or_new,
)
from pairdesk.store.models import (
    ClosureDay,
    DayPresence,
    Participant,
    RegisterDay,
    RegisterPerson,
)

REGISTER, PARTICIPANT = "register", "participant"
SEARCH_LIMIT = 10
MAX_ANONYMOUS = 10_000
NAME_MAX = 200


class RegisterKind(StrEnum):
    MEMBER = "member"
    VISITOR = "visitor"

    @property
    def label(self) -> str:
        return _(_KIND_LABELS[self])


_KIND_LABELS = {RegisterKind.MEMBER: N_("member"), RegisterKind.VISITOR: N_("visitor")}


# --------------------------------------------------------------------------- the register


Person = TypeVar("Person", RegisterPerson, Participant)


@dataclass(frozen=True, slots=True)
class RegisterPersonInput:
    display_name: str
    kind: RegisterKind = RegisterKind.MEMBER
    member_since: dt.date | None = None
    member_until: dt.date | None = None
    #: the ``edit_version`` the form read; None: a save that is not checked
    edit_version: int | None = None


@dataclass(frozen=True, slots=True)
class RegisterPersonRow:
    id: int
    display_name: str
    kind: RegisterKind
    member_since: dt.date | None
    member_until: dt.date | None
    active: bool
    edit_version: int


def _row(person: RegisterPerson) -> RegisterPersonRow:
    return read_object(RegisterPersonRow, person, kind=RegisterKind(person.kind))


def _apply(person: RegisterPerson, data: RegisterPersonInput) -> None:
    name = required_line(
        data.display_name, "display_name", _("Name or pseudonym"), max_length=NAME_MAX
    )
    try:
        kind = RegisterKind(data.kind)
    except ValueError:
        raise InvalidInput(_("Choose member or visitor."), field="kind") from None
    since = date_in_range(data.member_since, "member_since", _("Member since"))
    until = date_in_range(data.member_until, "member_until", _("Member until"))
    date_order(since, until, "member_until", _("Member until"))
    person.display_name = name
    person.kind = kind.value
    person.member_since = since
    person.member_until = until
    person.search_text = fold(name)[:NAME_MAX]


def add_person(ctx: ServiceContext, data: RegisterPersonInput) -> RegisterPersonRow:
    return _save_person(ctx, None, data)


def update_person(
    ctx: ServiceContext, person_id: int, data: RegisterPersonInput
) -> RegisterPersonRow:
    return _save_person(ctx, person_id, data)


def _save_person(
    ctx: ServiceContext, person_id: int | None, data: RegisterPersonInput
) -> RegisterPersonRow:
    """Add (``person_id`` None) or change someone in the register: the one path of both."""
    require(ctx, Permission.ATTENDANCE)
    with ctx.transaction() as session:
        person, action = stored_or_new(
            session,
            RegisterPerson,
            person_id,
            _("person in the register"),
            mine=data,
            this=_("this person in the register"),
            active=True,
        )
        _apply(person, data)
        saved(ctx, session, "register_person", person, action)
        return _row(person)


def add_person_present(
    ctx: ServiceContext, day: dt.date, data: RegisterPersonInput
) -> tuple[RegisterPersonRow, DaySheet]:
    """Someone new at the door: add them to the register and tick them in on ``day``, in
    one transaction."""
    require(ctx, Permission.ATTENDANCE)
    day = _check_day(ctx, day)
    weekdays = team.get_association(ctx).opening_days
    with ctx.transaction() as session:
        person, action = stored_or_new(
            session, RegisterPerson, None, _("person in the register"), active=True
        )
        _apply(person, data)
        saved(ctx, session, "register_person", person, action)
        session.add(DayPresence(day=day, register_person_id=person.id))
        ctx.audit(
            session, "day_presence", None, AuditAction.CREATE, f"{day.isoformat()} {REGISTER}"
        )
        session.flush()
        return _row(person), _day_sheet(session, day, weekdays)


def set_person_active(ctx: ServiceContext, person_id: int, active: bool) -> RegisterPersonRow:
    """Take someone off the list offered at the door (or back); their past days stay."""
    require(ctx, Permission.ATTENDANCE)
    return flag_record(
        ctx,
        RegisterPerson,
        person_id,
        _("person in the register"),
        lambda _session, row: _row(row),
        entity="register_person",
        active=active,
    )


def list_people(ctx: ServiceContext, *, include_inactive: bool = False) -> list[RegisterPersonRow]:
    require(ctx, Permission.ATTENDANCE)
    with ctx.transaction() as session:
        query = select(RegisterPerson).order_by(RegisterPerson.search_text, RegisterPerson.id)
        if not include_inactive:
            query = query.where(RegisterPerson.active.is_(True))
        return [_row(p) for p in session.scalars(query)]


# --------------------------------------------------------------------------- closure days


@dataclass(frozen=True, slots=True)
class ClosureRow:
    day: dt.date
    reason: str


def set_closure(ctx: ServiceContext, day: dt.date, reason: str = "") -> ClosureRow:
    require(ctx, Permission.VAULT_SETTINGS)
    day = required_date(day, "day", _("Closure day"))
    text = optional_line(reason, "reason", _("Reason"), max_length=200)
    with ctx.transaction() as session:
        row = stored_or_added(session, ClosureDay, day, day=day)
        row.reason = text
        ctx.audit(session, "closure_day", None, AuditAction.UPDATE, day.isoformat())
        return ClosureRow(day, text)


def remove_closure(ctx: ServiceContext, day: dt.date) -> None:
    require(ctx, Permission.VAULT_SETTINGS)
    with ctx.transaction() as session:
        row = session.get(ClosureDay, day)
        if row is None:
            raise UnknownId(_("{day} is not a closure day.").format(day=formatting.short_date(day)))
        session.delete(row)
        ctx.audit(session, "closure_day", None, AuditAction.DELETE, day.isoformat())


def list_closures(ctx: ServiceContext, start: dt.date, end: dt.date) -> list[ClosureRow]:
    with ctx.transaction() as session:
        return [
            ClosureRow(row.day, row.reason)
            for row in session.scalars(
                select(ClosureDay)
                .where(ClosureDay.day.between(start, end))
                .order_by(ClosureDay.day)
            )
        ]


# --------------------------------------------------------------------------- a day


@dataclass(frozen=True, slots=True)
class DayPresent:
    """Someone ticked in on a day, as the door's list shows them."""

    key: PersonKey
    name: str
    member: bool
    participant: bool


@dataclass(frozen=True, slots=True)
class DaySheet:
    day: dt.date
    opening_weekday: bool
    closure_reason: str | None  # None: not a closure day
    present: tuple[DayPresent, ...]
    anonymous_visitors: int

    @property
    def person_days(self) -> int:
        return len(self.present) + self.anonymous_visitors


@dataclass(frozen=True, slots=True)
class RegisterCandidate:
    """Someone the door's search offers: a register person or a participant."""

    key: PersonKey
    name: str
    detail: str  # "member", "visitor", "participant"
    present: bool


def _participant_name(person: Participant) -> str:
    return f"{person.first_name} {person.last_name}".strip()


def presences_in(
    session: Session,
    model: type[Person],
    link: InstrumentedAttribute[int | None],
    when: ColumnElement[bool],
) -> list[tuple[dt.date, Person]]:
    """Each (day, person) of ``model`` (the register's people, or participants) marked
    present on the days ``when`` selects; ``link`` is the column of ``DayPresence`` that
    points to them."""
    rows = session.execute(
        select(DayPresence.day, model).join(model, link == model.id).where(when)
    ).all()
    return [(day, person) for day, person in rows]


def is_member(day: dt.date, person: RegisterPerson | Participant) -> bool:
    if isinstance(person, Participant):
        return is_member_on(day, person.membership_start, person.membership_end)
    return is_member_on(
        day,
        person.member_since,
        person.member_until,
        member_kind=person.kind == RegisterKind.MEMBER.value,
    )


def _day_sheet(session: Session, day: dt.date, weekdays: tuple[int, ...]) -> DaySheet:
    closure = session.get(ClosureDay, day)
    extra = session.get(RegisterDay, day)
    on_day = DayPresence.day == day
    present = [
        DayPresent((REGISTER, p.id), p.display_name, is_member(day, p), False)
        for _day, p in presences_in(session, RegisterPerson, DayPresence.register_person_id, on_day)
    ] + [
        DayPresent((PARTICIPANT, p.id), _participant_name(p), is_member(day, p), True)
        for _day, p in presences_in(session, Participant, DayPresence.participant_id, on_day)
    ]
    present.sort(key=lambda p: (fold(p.name), p.key))
    return DaySheet(
        day=day,
        opening_weekday=day.isoweekday() in weekdays,
        closure_reason=None if closure is None else closure.reason,
        present=tuple(present),
        anonymous_visitors=extra.anonymous_visitors if extra is not None else 0,
    )


def get_day(ctx: ServiceContext, day: dt.date) -> DaySheet:
    require(ctx, Permission.ATTENDANCE)
    day = required_date(day, "day", _("Day"))
    weekdays = team.get_association(ctx).opening_days
    with ctx.transaction() as session:
        return _day_sheet(session, day, weekdays)


def _check_day(ctx: ServiceContext, day: dt.date) -> dt.date:
    day = required_date(day, "day", _("Day"))
    not_in_future(day, ctx.today(), "day", _("Day"))
    return day


def _presence_filter(person: PersonKey) -> ColumnElement[bool]:
    kind, person_id = person
    if kind == REGISTER:
        return DayPresence.register_person_id == person_id
    if kind == PARTICIPANT:
        return DayPresence.participant_id == person_id
    raise InvalidInput(_("Unknown kind of person."), field="person")


def set_present(ctx: ServiceContext, day: dt.date, person: PersonKey, present: bool) -> DaySheet:
    """Tick someone in on ``day`` (or out again); ticking twice changes nothing."""
    require(ctx, Permission.ATTENDANCE)
    day = _check_day(ctx, day)
    kind, person_id = person
    weekdays = team.get_association(ctx).opening_days
    with ctx.transaction() as session:
        if kind == REGISTER:
            get_or_raise(session, RegisterPerson, person_id, _("person in the register"))
        elif kind == PARTICIPANT:
            participant = get_or_raise(session, Participant, person_id, _("participant"))
            if participant.anonymised:
                raise InvalidInput(_("This file was anonymised."), field="person")
        else:
            raise InvalidInput(_("Unknown kind of person."), field="person")
        existing = session.scalars(
            select(DayPresence).where(DayPresence.day == day, _presence_filter(person))
        ).first()
        if present and existing is None:
            session.add(
                DayPresence(
                    day=day,
                    register_person_id=person_id if kind == REGISTER else None,
                    participant_id=person_id if kind == PARTICIPANT else None,
                )
            )
            ctx.audit(
                session, "day_presence", None, AuditAction.CREATE, f"{day.isoformat()} {kind}"
            )
        elif not present and existing is not None:
            session.delete(existing)
            ctx.audit(
                session, "day_presence", None, AuditAction.DELETE, f"{day.isoformat()} {kind}"
            )
        session.flush()
        return _day_sheet(session, day, weekdays)


def set_anonymous_visitors(ctx: ServiceContext, day: dt.date, count: int) -> DaySheet:
    """How many came on ``day`` without giving a name (a number, nothing else kept)."""
    require(ctx, Permission.ATTENDANCE)
    day = _check_day(ctx, day)
    value = int_in_range(
        count, 0, MAX_ANONYMOUS, "anonymous_visitors", _("Visitors without a name"), required=True
    )
    weekdays = team.get_association(ctx).opening_days
    with ctx.transaction() as session:
        row = stored_or_added(session, RegisterDay, day, day=day, anonymous_visitors=0)
        row.anonymous_visitors = int(value or 0)
        ctx.audit(session, "register_day", None, AuditAction.UPDATE, day.isoformat())
        session.flush()
        return _day_sheet(session, day, weekdays)


def find_people(ctx: ServiceContext, day: dt.date, text: str) -> list[RegisterCandidate]:
    """Register people then participants whose name holds every word typed (folded: "helene"
    finds "Hélène"), at most :data:`SEARCH_LIMIT`, those present on ``day`` marked."""
    require(ctx, Permission.ATTENDANCE)
    words = fold(text).split()
    found: list[RegisterCandidate] = []
    with ctx.transaction() as session:
        here_register = set(
            session.scalars(select(DayPresence.register_person_id).where(DayPresence.day == day))
        )
        here_participants = set(
            session.scalars(select(DayPresence.participant_id).where(DayPresence.day == day))
        )
        query = select(RegisterPerson).where(RegisterPerson.active.is_(True))
        for word in words:
            query = query.where(RegisterPerson.search_text.contains(word, autoescape=True))
        for person in session.scalars(
            query.order_by(RegisterPerson.search_text).limit(SEARCH_LIMIT)
        ):
            found.append(
                RegisterCandidate(
                    (REGISTER, person.id),
                    person.display_name,
                    RegisterKind(person.kind).label,
                    person.id in here_register,
                )
            )
        if len(found) < SEARCH_LIMIT:
            others = select(Participant).where(
                Participant.status == ParticipantStatus.ACTIVE.value,
                Participant.anonymised.is_(False),
            )
            for word in words:
                others = others.where(Participant.search_text.contains(word, autoescape=True))
            for participant in session.scalars(
                others.order_by(Participant.sort_name, Participant.id).limit(
                    SEARCH_LIMIT - len(found)
                )
            ):
                found.append(
                    RegisterCandidate(
                        (PARTICIPANT, participant.id),
                        _participant_name(participant),
                        _("participant"),
                        participant.id in here_participants,
                    )
                )
    return found


# --------------------------------------------------------------------------- daily sheet


@dataclass(frozen=True, slots=True)
class RegisterSheetData:
    """The day's printed sheet: who was there (names as on every collective document), the
    visitors without a name, blank rows to write in."""

    header: DocumentHeader
    day: dt.date
    closure_reason: str | None
    rows: tuple[tuple[str, str], ...]  # (name, "member" / "visitor" / "participant")
    anonymous_visitors: int
    blank_rows: int


def register_sheet_data(
    ctx: ServiceContext,
    day: dt.date,
    *,
    blank_rows: int = 10,
    action: AuditAction = AuditAction.EXPORT,
) -> RegisterSheetData:
    """The daily sheet of ``day``, audited (entity ``register_sheet``). A participant who
    has a pseudonym and no standing consent to collective documents appears under the
    pseudonym, as on workshop attendance sheets."""
    require(ctx, Permission.ATTENDANCE)
    sheet = get_day(ctx, day)
    rows_value = int_in_range(blank_rows, 0, 60, "blank_rows", _("Blank rows"), required=True)
    profile = team.get_association(ctx)
    with ctx.transaction() as session:
        ids = [p.key[1] for p in sheet.present if p.participant]
        named = consenting(session, ids, ConsentPurpose.COLLECTIVE_DOCUMENTS, ctx.today())
        pseudonyms = dict(
            session.execute(
                select(Participant.id, Participant.pseudonym).where(Participant.id.in_(ids))
            ).all()
        )
        rows: list[tuple[str, str]] = []
        for person in sheet.present:
            if person.participant:
                pid = person.key[1]
                name = person.name
                if pid not in named and pseudonyms.get(pid):
                    name = pseudonyms[pid]
                rows.append((name, _("participant")))
            else:
                rows.append(
                    (person.name, RegisterKind.MEMBER.label if person.member else _("visitor"))
                )
        ctx.audit(session, "register_sheet", None, action, day.isoformat())
    return RegisterSheetData(
        header=header_of(profile, ctx.today()),
        day=sheet.day,
        closure_reason=sheet.closure_reason,
        rows=tuple(rows),
        anonymous_visitors=sheet.anonymous_visitors,
        blank_rows=int(rows_value or 0),
    )


__all__ = [
    "ClosureRow",
    "DayPresent",
    "DaySheet",
    "RegisterCandidate",
    "RegisterKind",
    "RegisterPersonInput",
    "RegisterPersonRow",
    "RegisterSheetData",
    "add_person",
    "add_person_present",
    "find_people",
    "get_day",
    "is_member",
    "list_closures",
    "list_people",
    "presences_in",
    "register_sheet_data",
    "remove_closure",
    "set_anonymous_visitors",
    "set_closure",
    "set_person_active",
    "set_present",
    "update_person",
]

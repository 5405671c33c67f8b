"""Participants: identity, membership status, the file's front page and the list.

The list is filtered, sorted and paged in SQL (DESIGN.md "Search"); the search text it
matches is kept by ``services.search``. A participant's schemes, consents and cross
tutoring have their own modules (``schemes``, ``consents``, ``tutoring``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from types import SimpleNamespace
from typing import Any, TypeVar, cast

from sqlalchemy import ColumnElement, Select, and_, exists, func, not_, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import UnaryExpression

from pairdesk.domain.dates import add_months
from pairdesk.domain.enums import (
    AuditAction,
    EntrySituation,
    FollowUpFrequency,
    FollowUpMode,
    ParticipantStatus,
    RqthStatus,
    Scheme,
)
from pairdesk.domain.permissions import Permission, require
from pairdesk.domain.rqth import rqth_on
from pairdesk.domain.text import PersonNames
from pairdesk.domain.validation import (
    date_in_range,
    date_order,
    enum_value,
    free_text,
    int_in_range,
    not_in_future,
    optional_email,
    optional_line,
    required_line,
)
from pairdesk.errors import InvalidInput
from pairdesk.i18n import _
from pairdesk.services.access import (
    load_participant,
    require_participant_access,
    writable_participant,
)
from pairdesk.services.consents import ConsentRow, consent_rows
from pairdesk.services.context import ServiceContext, get_or_raise
from pairdesk.services.records import read_object, require_version
from pairdesk.services.schemes import SchemeRow, scheme_rows
from pairdesk.services.search import (
    refresh_participant_search,
    search_columns,
    search_condition,
)
from pairdesk.services.tutoring import TutoringRow, active_tutoring_row
from pairdesk.store.bulk import insert_rows
from pairdesk.store.dialects import caseless
from pairdesk.store.models import AuditEntry, Participant, ParticipantScheme

NAME_MAX = 100
PHONE_MAX = 50
EMAIL_MAX = 200
CITY_MAX = 100
FOLLOWUP_TIMES_MAX = 200
EARLIEST_BIRTH_YEAR = 1900
#: A member is at least this old (a GEM's members are adults; young people are met
#: from 16 by the Missions Locales): a later birth date is a mistyped year.
MIN_AGE_YEARS = 15

E = TypeVar("E", bound=StrEnum)


def _optional_enum(enum: type[E], value: str | E | None, field: str, label: str) -> E | None:
    if value is None or value == "":
        return None
    return enum_value(enum, value, field, label)


# -- read objects --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ParticipantInput:
    """What a participant form sends. ``membership_start`` defaults to today."""

    first_name: str
    last_name: str
    pseudonym: str = ""
    birth_date: dt.date | None = None
    birth_year: int | None = None
    phone: str = ""
    email: str = ""
    address: str = ""
    city: str = ""
    membership_start: dt.date | None = None
    membership_end: dt.date | None = None
    is_peer_helper: bool = False
    rqth_status: RqthStatus = RqthStatus.NONE
    rqth_until: dt.date | None = None
    followup_frequency: FollowUpFrequency | None = None
    followup_mode: FollowUpMode | None = None
    followup_times: str = ""
    notes: str = ""
    entry_situation: EntrySituation | None = None  # towards work, when they joined
    #: the ``edit_version`` the form read (``ParticipantDetail.edit_version``): a save over
    #: a file someone else saved since is refused (``EditConflict``); None: no check
    edit_version: int | None = None


@dataclass(frozen=True, slots=True)
class ParticipantDetail:
    id: int
    first_name: str
    last_name: str
    pseudonym: str
    birth_date: dt.date | None
    birth_year: int | None
    phone: str
    email: str
    address: str
    city: str
    membership_start: dt.date
    membership_end: dt.date | None
    status: ParticipantStatus
    anonymised: bool
    is_peer_helper: bool
    rqth_status: RqthStatus
    rqth_until: dt.date | None
    followup_frequency: FollowUpFrequency | None
    followup_mode: FollowUpMode | None
    followup_times: str
    notes: str
    last_contact_on: dt.date | None
    created_at: dt.datetime
    updated_at: dt.datetime
    schemes: tuple[SchemeRow, ...]
    consents: tuple[ConsentRow, ...]
    tutoring: TutoringRow | None
    entry_situation: EntrySituation | None = None
    edit_version: int = 1  # what ``ParticipantInput.edit_version`` gives back when saving

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


@dataclass(frozen=True, slots=True)
class ParticipantFilter:
    search: str = ""
    statuses: tuple[ParticipantStatus, ...] = ()  # empty = all
    scheme: Scheme | None = None  # a scheme not ended today
    rqth: RqthStatus | None = None
    peer_helper: bool | None = None
    include_anonymised: bool = True


class ParticipantSort(StrEnum):
    LAST_NAME = "last_name"
    FIRST_NAME = "first_name"
    PSEUDONYM = "pseudonym"
    CITY = "city"
    STATUS = "status"
    RQTH = "rqth"
    MEMBERSHIP_START = "membership_start"
    ID = "id"


@dataclass(frozen=True, slots=True)
class ParticipantRow:
    id: int
    first_name: str
    last_name: str
    pseudonym: str
    city: str
    status: ParticipantStatus
    rqth_status: RqthStatus
    rqth_until: dt.date | None
    membership_start: dt.date
    is_peer_helper: bool
    anonymised: bool


def participant_label(row: PersonNames, *, use_pseudonym: bool) -> str:
    """The name to print: the pseudonym when asked for and set, else "First Last"."""
    if use_pseudonym and row.pseudonym:
        return row.pseudonym
    return f"{row.first_name} {row.last_name}".strip()


# -- participants --------------------------------------------------------------------------


def _apply(participant: Participant, data: ParticipantInput, today: dt.date) -> None:
    """Validate a form and copy it onto the row; every failure names its field."""
    first_name = required_line(data.first_name, "first_name", _("First name"), max_length=NAME_MAX)
    last_name = required_line(data.last_name, "last_name", _("Last name"), max_length=NAME_MAX)
    pseudonym = optional_line(data.pseudonym, "pseudonym", _("Pseudonym"), max_length=NAME_MAX)
    birth_date = date_in_range(data.birth_date, "birth_date", _("Birth date"))
    not_in_future(birth_date, today, "birth_date", _("Birth date"))
    youngest = add_months(today, -12 * MIN_AGE_YEARS)
    if birth_date is not None and birth_date > youngest:
        # a 2-year-old was imported from « 01/02/20 » read as 2020 (a tester): a GEM's
        # members are adults, and a typed year is the likelier mistake
        raise InvalidInput(
            _("Birth date {date}: the person would be under {years}. Check the year.").format(
                date=birth_date.strftime("%d/%m/%Y"), years=MIN_AGE_YEARS
            ),
            field="birth_date",
        )
    birth_year = int_in_range(
        data.birth_year, EARLIEST_BIRTH_YEAR, youngest.year, "birth_year", _("Year of birth")
    )
    if birth_date is not None:
        if birth_year is not None and birth_year != birth_date.year:
            raise InvalidInput(
                _("The year of birth does not match the birth date."), field="birth_year"
            )
        birth_year = birth_date.year
    phone = optional_line(data.phone, "phone", _("Phone"), max_length=PHONE_MAX)
    email = optional_email(data.email, "email", _("E-mail"))
    address = free_text(data.address, "address", _("Address"), max_length=1000)
    city = optional_line(data.city, "city", _("City"), max_length=CITY_MAX)
    start = date_in_range(data.membership_start, "membership_start", _("Membership start"))
    if start is None:
        start = participant.membership_start if participant.membership_start else today
    end = date_in_range(data.membership_end, "membership_end", _("Membership end"))
    date_order(start, end, "membership_end", _("Membership end"))
    rqth_status = enum_value(RqthStatus, data.rqth_status, "rqth_status", _("RQTH"))
    rqth_until = date_in_range(data.rqth_until, "rqth_until", _("RQTH valid until"))
    if rqth_until is not None and rqth_status is RqthStatus.NONE:
        raise InvalidInput(
            _("An RQTH end date needs an RQTH status (applied for, granted or expired)."),
            field="rqth_until",
        )
    frequency = _optional_enum(
        FollowUpFrequency, data.followup_frequency, "followup_frequency", _("Follow-up frequency")
    )
    mode = _optional_enum(FollowUpMode, data.followup_mode, "followup_mode", _("Follow-up mode"))
    times = optional_line(
        data.followup_times, "followup_times", _("Follow-up times"), max_length=FOLLOWUP_TIMES_MAX
    )
    notes = free_text(data.notes, "notes", _("Notes"))
    entry = _optional_enum(
        EntrySituation, data.entry_situation, "entry_situation", _("Situation at entry")
    )
    if not isinstance(data.is_peer_helper, bool):
        raise InvalidInput(
            _("{field} has an unknown value.").format(field=_("Peer helper")),
            field="is_peer_helper",
        )

    participant.first_name = first_name
    participant.last_name = last_name
    participant.pseudonym = pseudonym
    participant.birth_date = birth_date
    participant.birth_year = birth_year
    participant.phone = phone
    participant.email = email
    participant.address = address
    participant.city = city
    participant.membership_start = start
    participant.membership_end = end
    participant.is_peer_helper = data.is_peer_helper
    participant.rqth_status = rqth_status.value
    participant.rqth_until = rqth_until
    participant.followup_frequency = frequency.value if frequency else None
    participant.followup_mode = mode.value if mode else None
    participant.followup_times = times
    participant.entry_situation = entry.value if entry else None
    participant.notes = notes


def create_participant(ctx: ServiceContext, data: ParticipantInput) -> ParticipantDetail:
    with ctx.transaction() as session:
        participant = _insert_participant(ctx, session, data)
        return _detail(session, participant, ctx.today())


def create_participant_id(ctx: ServiceContext, data: ParticipantInput) -> int:
    """:func:`create_participant` returning only the new id, without reading the detail
    back (schemes, consents, tutoring): what a spreadsheet import of thousands of rows
    needs (issue 12: the detail was half the cost of an imported row)."""
    with ctx.transaction() as session:
        return _insert_participant(ctx, session, data).id


def new_participant_values(ctx: ServiceContext, data: ParticipantInput) -> dict[str, Any]:
    """The columns :func:`create_participant_id` would write for ``data`` (checked the same
    way: ``InvalidInput`` naming the field), search columns included, no scheme yet: for
    :func:`insert_participants`."""
    # A plain stand-in for the new row: the ORM's instrumented attributes cost more than
    # the checks themselves over thousands of rows.
    draft = SimpleNamespace(
        status=ParticipantStatus.ACTIVE.value, anonymised=False, membership_start=None
    )
    participant = cast(Participant, draft)
    _apply(participant, data, ctx.today())
    participant.search_text, participant.sort_name = search_columns(participant)
    return {key: getattr(draft, key) for key in _NEW_COLUMNS}


_NEW_COLUMNS = (
    "first_name", "last_name", "pseudonym", "birth_date", "birth_year", "phone", "email",
    "address", "city", "membership_start", "membership_end", "status", "anonymised",
    "is_peer_helper", "rqth_status", "rqth_until", "followup_frequency", "followup_mode",
    "followup_times", "notes", "entry_situation", "search_text", "sort_name",
)  # fmt: skip


def insert_participants(
    ctx: ServiceContext, session: Session, rows: Sequence[dict[str, Any]]
) -> list[int]:
    """Insert participants from :func:`new_participant_values`, each with its audit line,
    in two statements (issue 12: a 10,000-row import paid ~6 statements a row); their
    ids in order. The same records and audit lines as :func:`create_participant_id`."""
    require(ctx, Permission.CREATE_PARTICIPANTS)
    # One statement a batch for all the rows, and one for their audit lines (store.bulk:
    # on the encrypted file, one bound text for the batch instead of one per value).
    ids = insert_rows(session, Participant, rows)
    insert_rows(
        session,
        AuditEntry,
        [ctx.audit_values("participant", pid, AuditAction.CREATE) for pid in ids],
    )
    return ids


def _insert_participant(
    ctx: ServiceContext, session: Session, data: ParticipantInput
) -> Participant:
    require(ctx, Permission.CREATE_PARTICIPANTS)
    participant = Participant(status=ParticipantStatus.ACTIVE.value, anonymised=False)
    _apply(participant, data, ctx.today())
    session.add(participant)
    session.flush()
    refresh_participant_search(session, participant)
    ctx.audit(session, "participant", participant.id, AuditAction.CREATE)
    return participant


def update_participant(
    ctx: ServiceContext, participant_id: int, data: ParticipantInput
) -> ParticipantDetail:
    with ctx.transaction() as session:
        require_participant_access(ctx, session, participant_id)
        participant = writable_participant(session, participant_id)
        require_version(participant, data, _("this file"))
        _apply(participant, data, ctx.today())
        refresh_participant_search(session, participant)
        ctx.audit(session, "participant", participant.id, AuditAction.UPDATE)
        return _detail(session, participant, ctx.today())


def get_participant(ctx: ServiceContext, participant_id: int) -> ParticipantDetail:
    with ctx.transaction() as session:
        require_participant_access(ctx, session, participant_id)
        return _detail(session, load_participant(session, participant_id), ctx.today())


def set_status(
    ctx: ServiceContext,
    participant_id: int,
    status: ParticipantStatus,
    *,
    on: dt.date | None = None,
) -> ParticipantDetail:
    """Pause, reactivate or close a membership; leaving sets the membership end (``on`` or today)."""
    with ctx.transaction() as session:
        require_participant_access(ctx, session, participant_id)
        participant = writable_participant(session, participant_id)
        new_status = enum_value(ParticipantStatus, status, "status", _("Status"))
        day = date_in_range(on, "on", _("Date")) or ctx.today()
        if new_status is ParticipantStatus.LEFT:
            date_order(participant.membership_start, day, "on", _("Membership end"))
            participant.membership_end = day
        elif participant.status == ParticipantStatus.LEFT.value:
            participant.membership_end = None
        participant.status = new_status.value
        ctx.audit(
            session, "participant", participant.id, AuditAction.UPDATE, f"status={new_status.value}"
        )
        return _detail(session, participant, ctx.today())


def _detail(session: Session, p: Participant, today: dt.date) -> ParticipantDetail:
    session.flush()
    schemes = tuple(scheme_rows(session, p.id))
    consents = tuple(consent_rows(session, p.id))
    return read_object(
        ParticipantDetail,
        p,
        status=ParticipantStatus(p.status),
        anonymised=bool(p.anonymised),
        is_peer_helper=bool(p.is_peer_helper),
        rqth_status=RqthStatus(p.rqth_status),
        followup_frequency=(
            FollowUpFrequency(p.followup_frequency) if p.followup_frequency else None
        ),
        followup_mode=FollowUpMode(p.followup_mode) if p.followup_mode else None,
        entry_situation=EntrySituation(p.entry_situation) if p.entry_situation else None,
        schemes=schemes,
        consents=consents,
        tutoring=active_tutoring_row(session, p.id),
    )


# -- the list ------------------------------------------------------------------------------


def _conditions(flt: ParticipantFilter, today: dt.date) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    found = search_condition(flt.search)
    if found is not None:
        conditions.append(found)
    if flt.statuses:
        conditions.append(
            Participant.status.in_([ParticipantStatus(s).value for s in flt.statuses])
        )
    if flt.scheme is not None:
        conditions.append(
            exists().where(
                ParticipantScheme.participant_id == Participant.id,
                ParticipantScheme.scheme == Scheme(flt.scheme).value,
                or_(ParticipantScheme.ended_on.is_(None), ParticipantScheme.ended_on >= today),
            )
        )
    if flt.rqth is not None:
        conditions.append(_rqth_condition(RqthStatus(flt.rqth), today))
    if flt.peer_helper is not None:
        conditions.append(Participant.is_peer_helper.is_(bool(flt.peer_helper)))
    if not flt.include_anonymised:
        conditions.append(Participant.anonymised.is_(False))
    return conditions


def _rqth_condition(wanted: RqthStatus, today: dt.date) -> ColumnElement[bool]:
    """The participants whose RQTH stands at ``wanted`` on ``today`` (``domain.rqth``):
    a granted RQTH past its end date is expired."""
    status, until = Participant.rqth_status, Participant.rqth_until
    past_end = and_(status == RqthStatus.GRANTED.value, until.is_not(None), until < today)
    if wanted is RqthStatus.EXPIRED:
        return or_(status == RqthStatus.EXPIRED.value, past_end)
    if wanted is RqthStatus.GRANTED:
        return and_(status == RqthStatus.GRANTED.value, not_(past_end))
    return status == wanted.value


def _order(sort: ParticipantSort, descending: bool) -> list[UnaryExpression[Any]]:
    nocase: dict[ParticipantSort, Sequence[Any]] = {
        ParticipantSort.LAST_NAME: (Participant.sort_name,),
        ParticipantSort.FIRST_NAME: (
            caseless(Participant.first_name),
            Participant.sort_name,
        ),
        ParticipantSort.PSEUDONYM: (caseless(Participant.pseudonym), Participant.sort_name),
        ParticipantSort.CITY: (caseless(Participant.city), Participant.sort_name),
        ParticipantSort.STATUS: (Participant.status, Participant.sort_name),
        ParticipantSort.RQTH: (
            Participant.rqth_status,
            Participant.rqth_until.is_not(None),  # no end date first, as SQLite on a server
            Participant.rqth_until,
            Participant.sort_name,
        ),
        ParticipantSort.MEMBERSHIP_START: (Participant.membership_start, Participant.sort_name),
        ParticipantSort.ID: (),
    }
    keys = [*nocase[ParticipantSort(sort)], Participant.id]
    return [k.desc() if descending else k.asc() for k in keys]


def count_participants(ctx: ServiceContext, flt: ParticipantFilter) -> int:
    with ctx.transaction() as session:
        query = select(func.count(Participant.id)).where(*_conditions(flt, ctx.today()))
        return int(session.scalar(query) or 0)


def list_participants(
    ctx: ServiceContext,
    flt: ParticipantFilter,
    *,
    sort: ParticipantSort = ParticipantSort.LAST_NAME,
    descending: bool = False,
    offset: int = 0,
    limit: int = 200,
) -> list[ParticipantRow]:
    """One sorted page of the participants matching ``flt`` (ties broken on id)."""
    with ctx.transaction() as session:
        query = (
            _row_query()
            .where(*_conditions(flt, ctx.today()))
            .order_by(*_order(sort, descending))
            .offset(max(0, offset))
            .limit(max(0, limit))
        )
        return _rows(session, query, ctx.today())


def participant_row(ctx: ServiceContext, participant_id: int) -> ParticipantRow:
    """One participant as the lists show them, for whoever may list participants:
    ``get_participant`` reads the file, which a pair-aidant may only do for their tutees
    (restoring the CV draft of a person they do not tutor failed on it: a tester's
    finding)."""
    with ctx.transaction() as session:
        get_or_raise(session, Participant, participant_id, _("participant"))
        query = _row_query().where(Participant.id == participant_id)
        return _rows(session, query, ctx.today())[0]


def _row_query() -> Select[*tuple[Any, ...]]:
    return select(
        Participant.id,
        Participant.first_name,
        Participant.last_name,
        Participant.pseudonym,
        Participant.city,
        Participant.status,
        Participant.rqth_status,
        Participant.rqth_until,
        Participant.membership_start,
        Participant.is_peer_helper,
        Participant.anonymised,
    )


def _rows(
    session: Session, query: Select[*tuple[Any, ...]], today: dt.date
) -> list[ParticipantRow]:
    return [
        read_object(
            ParticipantRow,
            r,
            status=ParticipantStatus(r.status),
            rqth_status=rqth_on(RqthStatus(r.rqth_status), r.rqth_until, today),
            is_peer_helper=bool(r.is_peer_helper),
            anonymised=bool(r.anonymised),
        )
        for r in session.execute(query).all()
    ]

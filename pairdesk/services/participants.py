"""Participants and their file: identity, schemes, consents, cross tutoring, the list.

The list is filtered, sorted and paged in SQL (DESIGN.md "Search"): a folded
``search_text`` is kept beside every participant (first and last name, pseudonym, city
and the names of the referents of their schemes) and indexed by the FTS5 trigram table
``participant_fts``, kept in step by triggers. ``sort_name`` holds the folded
"last first" so that "Éric" sorts with "E".
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Protocol, TypeVar

from sqlalchemy import ColumnElement, and_, column, exists, func, or_, select, text
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import UnaryExpression

from pairdesk.domain.enums import (
    AuditAction,
    ConsentMethod,
    ConsentPurpose,
    FollowUpFrequency,
    FollowUpMode,
    ParticipantStatus,
    RqthStatus,
    Scheme,
)
from pairdesk.domain.permissions import Permission, require
from pairdesk.domain.text import clean_line, fold, search_text, sort_name
from pairdesk.domain.validation import (
    date_in_range,
    date_order,
    enum_value,
    free_text,
    int_in_range,
    optional_line,
    required_date,
    required_line,
)
from pairdesk.errors import InvalidInput, UserError
from pairdesk.i18n import N_, _
from pairdesk.services.context import ServiceContext, get_or_raise
from pairdesk.services.privacy import require_participant_access, require_record_access
from pairdesk.store.models import (
    Consent,
    Participant,
    ParticipantScheme,
    Referent,
    TeamMember,
    Tutoring,
)

NAME_MAX = 100
PHONE_MAX = 50
EMAIL_MAX = 200
CITY_MAX = 100
FOLLOWUP_TIMES_MAX = 200
EARLIEST_BIRTH_YEAR = 1900
#: Search terms shorter than this use LIKE; the trigram index needs three characters.
FTS_MIN_TERM = 3

E = TypeVar("E", bound=StrEnum)

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")


# -- shared field helpers ------------------------------------------------------------------


def optional_email(value: str | None, field: str, label: str) -> str:
    """An e-mail address of a plausible shape, or "" when left empty."""
    cleaned = optional_line(value, field, label, max_length=EMAIL_MAX)
    if cleaned and not _EMAIL.match(cleaned):
        raise InvalidInput(
            _("{field} does not look like an e-mail address (name@example.org).").format(
                field=label
            ),
            field=field,
        )
    return cleaned


def _optional_enum(enum: type[E], value: str | E | None, field: str, label: str) -> E | None:
    if value is None or value == "":
        return None
    return enum_value(enum, value, field, label)


def _not_in_future(value: dt.date | None, today: dt.date, field: str, label: str) -> None:
    if value is not None and value > today:
        raise InvalidInput(_("{field} cannot be in the future.").format(field=label), field=field)


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


@dataclass(frozen=True, slots=True)
class SchemeRow:
    id: int
    participant_id: int
    scheme: Scheme
    referent_id: int | None
    referent_name: str
    referent_organisation: str
    started_on: dt.date | None
    ended_on: dt.date | None
    notes: str

    def is_current(self, on: dt.date) -> bool:
        return (self.started_on is None or self.started_on <= on) and (
            self.ended_on is None or self.ended_on >= on
        )


@dataclass(frozen=True, slots=True)
class ConsentRow:
    id: int
    participant_id: int
    purpose: ConsentPurpose
    referent_id: int | None
    referent_name: str
    given_on: dt.date
    method: ConsentMethod
    withdrawn_on: dt.date | None
    notes: str


class ConsentStatus(StrEnum):
    """Where a consent stands on a given day."""

    GIVEN = "given"
    WITHDRAWN = "withdrawn"
    MISSING = "missing"

    @property
    def label(self) -> str:
        return _(_CONSENT_STATUS_LABELS[self.value])


_CONSENT_STATUS_LABELS = {
    "given": N_("Given"),
    "withdrawn": N_("Withdrawn"),
    "missing": N_("Not asked yet"),
}


@dataclass(frozen=True, slots=True)
class ConsentState:
    """One purpose's consent on a day: the record that decides it, if any."""

    purpose: ConsentPurpose
    status: ConsentStatus
    consent_id: int | None = None
    given_on: dt.date | None = None
    withdrawn_on: dt.date | None = None
    method: ConsentMethod | None = None

    @property
    def given(self) -> bool:
        return self.status is ConsentStatus.GIVEN


@dataclass(frozen=True, slots=True)
class TutoringRow:
    id: int
    participant_id: int
    peer_helper_id: int | None
    peer_helper_name: str
    professional_id: int | None
    professional_name: str
    professional_referent_id: int | None
    professional_referent_name: str
    started_on: dt.date
    ended_on: dt.date | None


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


class _Named(Protocol):
    @property
    def first_name(self) -> str: ...
    @property
    def last_name(self) -> str: ...
    @property
    def pseudonym(self) -> str: ...


def participant_label(row: _Named, *, use_pseudonym: bool) -> str:
    """The name to print: the pseudonym when asked for and set, else "First Last"."""
    if use_pseudonym and row.pseudonym:
        return row.pseudonym
    return f"{row.first_name} {row.last_name}".strip()


# -- search text ---------------------------------------------------------------------------


def refresh_search_text(session: Session, participant_ids: Iterable[int]) -> None:
    """Recompute ``search_text`` and ``sort_name`` of these participants (same transaction).

    Other services call this after changing what the text is built from (a referent's name).
    """
    for participant_id in set(participant_ids):
        participant = session.get(Participant, participant_id)
        if participant is not None:
            _refresh(session, participant)


def _refresh(session: Session, participant: Participant) -> None:
    session.flush()
    referent_names = session.scalars(
        select(Referent.name)
        .join(ParticipantScheme, ParticipantScheme.referent_id == Referent.id)
        .where(ParticipantScheme.participant_id == participant.id)
        .order_by(ParticipantScheme.id)
    ).all()
    new_text = search_text(
        participant.first_name,
        participant.last_name,
        participant.pseudonym,
        participant.city,
        *referent_names,
    )
    new_sort = sort_name(participant.last_name, participant.first_name)
    if participant.search_text != new_text:
        participant.search_text = new_text
    if participant.sort_name != new_sort:
        participant.sort_name = new_sort


# -- participants --------------------------------------------------------------------------


def _apply(participant: Participant, data: ParticipantInput, today: dt.date) -> None:
    """Validate a form and copy it onto the row; every failure names its field."""
    first_name = required_line(data.first_name, "first_name", _("First name"), max_length=NAME_MAX)
    last_name = required_line(data.last_name, "last_name", _("Last name"), max_length=NAME_MAX)
    pseudonym = optional_line(data.pseudonym, "pseudonym", _("Pseudonym"), max_length=NAME_MAX)
    birth_date = date_in_range(data.birth_date, "birth_date", _("Birth date"))
    _not_in_future(birth_date, today, "birth_date", _("Birth date"))
    birth_year = int_in_range(
        data.birth_year, EARLIEST_BIRTH_YEAR, today.year, "birth_year", _("Year of birth")
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
    participant.notes = notes


def _refuse_anonymised(participant: Participant) -> None:
    if participant.anonymised:
        raise UserError(_("This file was anonymised and can no longer be changed."))


def create_participant(ctx: ServiceContext, data: ParticipantInput) -> ParticipantDetail:
    require(ctx, Permission.CREATE_PARTICIPANTS)
    with ctx.transaction() as session:
        participant = Participant(status=ParticipantStatus.ACTIVE.value, anonymised=False)
        _apply(participant, data, ctx.today())
        session.add(participant)
        session.flush()
        _refresh(session, participant)
        ctx.audit(session, "participant", participant.id, AuditAction.CREATE)
        return _detail(session, participant, ctx.today())


def update_participant(
    ctx: ServiceContext, participant_id: int, data: ParticipantInput
) -> ParticipantDetail:
    with ctx.transaction() as session:
        require_participant_access(ctx, session, participant_id)
        participant = _participant(session, participant_id)
        _refuse_anonymised(participant)
        _apply(participant, data, ctx.today())
        _refresh(session, participant)
        ctx.audit(session, "participant", participant.id, AuditAction.UPDATE)
        return _detail(session, participant, ctx.today())


def get_participant(ctx: ServiceContext, participant_id: int) -> ParticipantDetail:
    with ctx.transaction() as session:
        require_participant_access(ctx, session, participant_id)
        return _detail(session, _participant(session, participant_id), ctx.today())


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
        participant = _participant(session, participant_id)
        _refuse_anonymised(participant)
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


def _participant(session: Session, participant_id: int) -> Participant:
    return get_or_raise(session, Participant, participant_id, _("participant"))


def _detail(session: Session, p: Participant, today: dt.date) -> ParticipantDetail:
    session.flush()
    schemes = tuple(_scheme_rows(session, p.id))
    consents = tuple(_consent_rows(session, p.id))
    return ParticipantDetail(
        id=p.id,
        first_name=p.first_name,
        last_name=p.last_name,
        pseudonym=p.pseudonym,
        birth_date=p.birth_date,
        birth_year=p.birth_year,
        phone=p.phone,
        email=p.email,
        address=p.address,
        city=p.city,
        membership_start=p.membership_start,
        membership_end=p.membership_end,
        status=ParticipantStatus(p.status),
        anonymised=bool(p.anonymised),
        is_peer_helper=bool(p.is_peer_helper),
        rqth_status=RqthStatus(p.rqth_status),
        rqth_until=p.rqth_until,
        followup_frequency=FollowUpFrequency(p.followup_frequency)
        if p.followup_frequency
        else None,
        followup_mode=FollowUpMode(p.followup_mode) if p.followup_mode else None,
        followup_times=p.followup_times,
        notes=p.notes,
        last_contact_on=p.last_contact_on,
        created_at=p.created_at,
        updated_at=p.updated_at,
        schemes=schemes,
        consents=consents,
        tutoring=_active_tutoring_row(session, p.id),
    )


# -- schemes -------------------------------------------------------------------------------


def _scheme_rows(
    session: Session, participant_id: int, scheme_id: int | None = None
) -> list[SchemeRow]:
    query = (
        select(ParticipantScheme, Referent.name, Referent.organisation)
        .outerjoin(Referent, Referent.id == ParticipantScheme.referent_id)
        .where(ParticipantScheme.participant_id == participant_id)
        .order_by(
            ParticipantScheme.started_on.is_(None),
            ParticipantScheme.started_on,
            ParticipantScheme.id,
        )
    )
    if scheme_id is not None:
        query = query.where(ParticipantScheme.id == scheme_id)
    return [
        SchemeRow(
            id=s.id,
            participant_id=s.participant_id,
            scheme=Scheme(s.scheme),
            referent_id=s.referent_id,
            referent_name=name or "",
            referent_organisation=organisation or "",
            started_on=s.started_on,
            ended_on=s.ended_on,
            notes=s.notes,
        )
        for s, name, organisation in session.execute(query).all()
    ]


def _scheme_row(session: Session, scheme: ParticipantScheme) -> SchemeRow:
    session.flush()
    return _scheme_rows(session, scheme.participant_id, scheme.id)[0]


def _check_referent(session: Session, referent_id: int | None) -> None:
    if referent_id is not None:
        get_or_raise(session, Referent, referent_id, _("referent"))


def add_scheme(
    ctx: ServiceContext,
    participant_id: int,
    scheme: Scheme,
    referent_id: int | None = None,
    started_on: dt.date | None = None,
    ended_on: dt.date | None = None,
    notes: str = "",
) -> SchemeRow:
    with ctx.transaction() as session:
        require_participant_access(ctx, session, participant_id)
        participant = _participant(session, participant_id)
        _refuse_anonymised(participant)
        value = enum_value(Scheme, scheme, "scheme", _("Support scheme"))
        _check_referent(session, referent_id)
        start = date_in_range(started_on, "started_on", _("Start date"))
        end = date_in_range(ended_on, "ended_on", _("End date"))
        date_order(start, end, "ended_on", _("End date"))
        row = ParticipantScheme(
            participant_id=participant.id,
            scheme=value.value,
            referent_id=referent_id,
            started_on=start,
            ended_on=end,
            notes=free_text(notes, "notes", _("Notes")),
        )
        session.add(row)
        session.flush()
        _refresh(session, participant)
        ctx.audit(
            session, "participant_scheme", row.id, AuditAction.CREATE, f"scheme={value.value}"
        )
        return _scheme_row(session, row)


def update_scheme(
    ctx: ServiceContext,
    scheme_id: int,
    *,
    referent_id: int | None,
    started_on: dt.date | None,
    ended_on: dt.date | None,
    notes: str = "",
) -> SchemeRow:
    """Change a scheme's referent, dates or notes (the participant's search text follows)."""
    with ctx.transaction() as session:
        require_record_access(ctx, session, ParticipantScheme, scheme_id)
        row = get_or_raise(session, ParticipantScheme, scheme_id, _("support scheme"))
        participant = _participant(session, row.participant_id)
        _refuse_anonymised(participant)
        _check_referent(session, referent_id)
        start = date_in_range(started_on, "started_on", _("Start date"))
        end = date_in_range(ended_on, "ended_on", _("End date"))
        date_order(start, end, "ended_on", _("End date"))
        row.referent_id = referent_id
        row.started_on = start
        row.ended_on = end
        row.notes = free_text(notes, "notes", _("Notes"))
        _refresh(session, participant)
        ctx.audit(session, "participant_scheme", row.id, AuditAction.UPDATE)
        return _scheme_row(session, row)


def end_scheme(ctx: ServiceContext, scheme_id: int, on: dt.date | None = None) -> SchemeRow:
    with ctx.transaction() as session:
        require_record_access(ctx, session, ParticipantScheme, scheme_id)
        row = get_or_raise(session, ParticipantScheme, scheme_id, _("support scheme"))
        day = date_in_range(on, "ended_on", _("End date")) or ctx.today()
        date_order(row.started_on, day, "ended_on", _("End date"))
        row.ended_on = day
        ctx.audit(session, "participant_scheme", row.id, AuditAction.UPDATE, "ended")
        return _scheme_row(session, row)


def remove_scheme(ctx: ServiceContext, scheme_id: int) -> None:
    """Delete a scheme entered by mistake (ending it keeps the history)."""
    with ctx.transaction() as session:
        require_record_access(ctx, session, ParticipantScheme, scheme_id)
        row = get_or_raise(session, ParticipantScheme, scheme_id, _("support scheme"))
        participant = _participant(session, row.participant_id)
        participant.schemes.remove(row)
        session.delete(row)
        _refresh(session, participant)
        ctx.audit(session, "participant_scheme", scheme_id, AuditAction.DELETE)


# -- consent -------------------------------------------------------------------------------


def _consent_rows(
    session: Session, participant_id: int, consent_id: int | None = None
) -> list[ConsentRow]:
    query = (
        select(Consent, Referent.name)
        .outerjoin(Referent, Referent.id == Consent.referent_id)
        .where(Consent.participant_id == participant_id)
        .order_by(Consent.given_on, Consent.id)
    )
    if consent_id is not None:
        query = query.where(Consent.id == consent_id)
    return [
        ConsentRow(
            id=c.id,
            participant_id=c.participant_id,
            purpose=ConsentPurpose(c.purpose),
            referent_id=c.referent_id,
            referent_name=name or "",
            given_on=c.given_on,
            method=ConsentMethod(c.method),
            withdrawn_on=c.withdrawn_on,
            notes=c.notes,
        )
        for c, name in session.execute(query).all()
    ]


def record_consent(
    ctx: ServiceContext,
    participant_id: int,
    purpose: ConsentPurpose,
    given_on: dt.date,
    method: ConsentMethod,
    referent_id: int | None = None,
    notes: str = "",
) -> ConsentRow:
    with ctx.transaction() as session:
        require_participant_access(ctx, session, participant_id)
        participant = _participant(session, participant_id)
        _refuse_anonymised(participant)
        purpose_value = enum_value(ConsentPurpose, purpose, "purpose", _("Purpose"))
        method_value = enum_value(ConsentMethod, method, "method", _("How consent was given"))
        day = required_date(given_on, "given_on", _("Date of consent"))
        _not_in_future(day, ctx.today(), "given_on", _("Date of consent"))
        _check_referent(session, referent_id)
        consent = Consent(
            participant_id=participant.id,
            purpose=purpose_value.value,
            referent_id=referent_id,
            given_on=day,
            method=method_value.value,
            withdrawn_on=None,
            notes=free_text(notes, "notes", _("Notes")),
        )
        session.add(consent)
        session.flush()
        ctx.audit(
            session, "consent", consent.id, AuditAction.CREATE, f"purpose={purpose_value.value}"
        )
        return _consent_rows(session, participant.id, consent.id)[0]


def withdraw_consent(ctx: ServiceContext, consent_id: int, on: dt.date) -> ConsentRow:
    with ctx.transaction() as session:
        require_record_access(ctx, session, Consent, consent_id)
        consent = get_or_raise(session, Consent, consent_id, _("consent"))
        if consent.withdrawn_on is not None:
            raise InvalidInput(_("This consent was already withdrawn."), field="withdrawn_on")
        day = required_date(on, "withdrawn_on", _("Date of withdrawal"))
        _not_in_future(day, ctx.today(), "withdrawn_on", _("Date of withdrawal"))
        date_order(consent.given_on, day, "withdrawn_on", _("Date of withdrawal"))
        consent.withdrawn_on = day
        ctx.audit(session, "consent", consent.id, AuditAction.UPDATE, "withdrawn")
        session.flush()
        return _consent_rows(session, consent.participant_id, consent.id)[0]


def _consent_states(
    session: Session, participant_id: int, on: dt.date
) -> dict[ConsentPurpose, ConsentState]:
    states = {p: ConsentState(purpose=p, status=ConsentStatus.MISSING) for p in ConsentPurpose}
    records = session.scalars(
        select(Consent)
        .where(Consent.participant_id == participant_id, Consent.given_on <= on)
        .order_by(Consent.given_on, Consent.id)
    ).all()
    for consent in records:  # later records win; a standing consent beats a withdrawn one
        purpose = ConsentPurpose(consent.purpose)
        withdrawn = consent.withdrawn_on is not None and consent.withdrawn_on <= on
        if not withdrawn or states[purpose].status is not ConsentStatus.GIVEN:
            states[purpose] = ConsentState(
                purpose=purpose,
                status=ConsentStatus.WITHDRAWN if withdrawn else ConsentStatus.GIVEN,
                consent_id=consent.id,
                given_on=consent.given_on,
                withdrawn_on=consent.withdrawn_on if withdrawn else None,
                method=ConsentMethod(consent.method),
            )
    return states


def consent_status(
    ctx: ServiceContext, participant_id: int, on: dt.date | None = None
) -> dict[ConsentPurpose, ConsentState]:
    """For every purpose: given, withdrawn or missing on ``on`` (today by default)."""
    with ctx.transaction() as session:
        require_participant_access(ctx, session, participant_id)
        _participant(session, participant_id)
        return _consent_states(session, participant_id, on or ctx.today())


def has_consent(
    session_or_ctx: Session | ServiceContext,
    participant_id: int,
    purpose: ConsentPurpose,
    on: dt.date | None = None,
) -> bool:
    """Whether consent for ``purpose`` stands on ``on`` (for other services and reports)."""
    if isinstance(session_or_ctx, ServiceContext):
        with session_or_ctx.transaction() as session:
            return has_consent(session, participant_id, purpose, on or session_or_ctx.today())
    day = on or dt.date.today()
    return _consent_states(session_or_ctx, participant_id, day)[ConsentPurpose(purpose)].given


# -- cross tutoring ------------------------------------------------------------------------


def _member_name(session: Session, member_id: int | None) -> str:
    if member_id is None:
        return ""
    member = session.get(TeamMember, member_id)
    return f"{member.first_name} {member.last_name}" if member else ""


def _tutoring_row(session: Session, t: Tutoring) -> TutoringRow:
    referent = (
        session.get(Referent, t.professional_referent_id) if t.professional_referent_id else None
    )
    return TutoringRow(
        id=t.id,
        participant_id=t.participant_id,
        peer_helper_id=t.peer_helper_id,
        peer_helper_name=_member_name(session, t.peer_helper_id),
        professional_id=t.professional_id,
        professional_name=_member_name(session, t.professional_id),
        professional_referent_id=t.professional_referent_id,
        professional_referent_name=referent.name if referent else "",
        started_on=t.started_on,
        ended_on=t.ended_on,
    )


def _active_tutoring(session: Session, participant_id: int) -> Tutoring | None:
    return session.scalars(
        select(Tutoring)
        .where(Tutoring.participant_id == participant_id, Tutoring.ended_on.is_(None))
        .order_by(Tutoring.started_on.desc(), Tutoring.id.desc())
    ).first()


def _active_tutoring_row(session: Session, participant_id: int) -> TutoringRow | None:
    active = _active_tutoring(session, participant_id)
    return _tutoring_row(session, active) if active else None


def set_tutoring(
    ctx: ServiceContext,
    participant_id: int,
    peer_helper_id: int,
    professional_id: int | None = None,
    professional_referent_id: int | None = None,
    started_on: dt.date | None = None,
) -> TutoringRow:
    """Start cross tutoring (a peer helper plus a professional); the previous one ends."""
    require(ctx, Permission.TUTORING)
    with ctx.transaction() as session:
        participant = _participant(session, participant_id)
        _refuse_anonymised(participant)
        if peer_helper_id is None:
            raise InvalidInput(
                _("{field} is required.").format(field=_("Peer helper")), field="peer_helper_id"
            )
        get_or_raise(session, TeamMember, peer_helper_id, _("team member"))
        if professional_id is not None:
            get_or_raise(session, TeamMember, professional_id, _("team member"))
        _check_referent(session, professional_referent_id)
        day = date_in_range(started_on, "started_on", _("Start date")) or ctx.today()
        previous = _active_tutoring(session, participant.id)
        if previous is not None:
            date_order(previous.started_on, day, "started_on", _("Start date"))
            previous.ended_on = day
            ctx.audit(session, "tutoring", previous.id, AuditAction.UPDATE, "ended")
        tutoring = Tutoring(
            participant_id=participant.id,
            peer_helper_id=peer_helper_id,
            professional_id=professional_id,
            professional_referent_id=professional_referent_id,
            started_on=day,
        )
        session.add(tutoring)
        session.flush()
        ctx.audit(session, "tutoring", tutoring.id, AuditAction.CREATE)
        return _tutoring_row(session, tutoring)


def end_tutoring(
    ctx: ServiceContext, participant_id: int, on: dt.date | None = None
) -> TutoringRow:
    require(ctx, Permission.TUTORING)
    with ctx.transaction() as session:
        _participant(session, participant_id)
        active = _active_tutoring(session, participant_id)
        if active is None:
            raise InvalidInput(
                _("This person has no cross tutoring in progress."), field="tutoring"
            )
        day = date_in_range(on, "ended_on", _("End date")) or ctx.today()
        date_order(active.started_on, day, "ended_on", _("End date"))
        active.ended_on = day
        ctx.audit(session, "tutoring", active.id, AuditAction.UPDATE, "ended")
        session.flush()
        return _tutoring_row(session, active)


def list_tutorings(ctx: ServiceContext, participant_id: int) -> list[TutoringRow]:
    """Every tutoring of a participant, the most recent first."""
    with ctx.transaction() as session:
        require_participant_access(ctx, session, participant_id)
        _participant(session, participant_id)
        rows = session.scalars(
            select(Tutoring)
            .where(Tutoring.participant_id == participant_id)
            .order_by(Tutoring.started_on.desc(), Tutoring.id.desc())
        ).all()
        return [_tutoring_row(session, t) for t in rows]


# -- the list ------------------------------------------------------------------------------


def _query_terms(query: str) -> list[str]:
    """Folded search terms: control characters and lone surrogates dropped."""
    cleaned = "".join(
        c for c in clean_line(query) if unicodedata.category(c) not in {"Cs", "Co", "Cn"}
    )
    return fold(cleaned).split()


def _fts_phrase(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def _like_pattern(term: str) -> str:
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def search_condition(query: str) -> ColumnElement[bool] | None:
    """The WHERE clause for a search box text, or None when it holds no term."""
    terms = _query_terms(query)
    if not terms:
        return None
    conditions: list[ColumnElement[bool]] = []
    long_terms = [t for t in terms if len(t) >= FTS_MIN_TERM]
    if long_terms:
        fts = (
            text("SELECT rowid FROM participant_fts WHERE participant_fts MATCH :fts_query")
            .bindparams(fts_query=" ".join(_fts_phrase(t) for t in long_terms))
            .columns(column("rowid"))
        )
        conditions.append(Participant.id.in_(fts))
    for term in terms:
        if len(term) < FTS_MIN_TERM:
            conditions.append(Participant.search_text.like(_like_pattern(term), escape="\\"))
    return and_(*conditions)


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
        conditions.append(Participant.rqth_status == RqthStatus(flt.rqth).value)
    if flt.peer_helper is not None:
        conditions.append(Participant.is_peer_helper.is_(bool(flt.peer_helper)))
    if not flt.include_anonymised:
        conditions.append(Participant.anonymised.is_(False))
    return conditions


def _order(sort: ParticipantSort, descending: bool) -> list[UnaryExpression[Any]]:
    nocase: dict[ParticipantSort, Sequence[Any]] = {
        ParticipantSort.LAST_NAME: (Participant.sort_name,),
        ParticipantSort.FIRST_NAME: (
            Participant.first_name.collate("NOCASE"),
            Participant.sort_name,
        ),
        ParticipantSort.PSEUDONYM: (Participant.pseudonym.collate("NOCASE"), Participant.sort_name),
        ParticipantSort.CITY: (Participant.city.collate("NOCASE"), Participant.sort_name),
        ParticipantSort.STATUS: (Participant.status, Participant.sort_name),
        ParticipantSort.RQTH: (
            Participant.rqth_status,
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
            select(
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
            .where(*_conditions(flt, ctx.today()))
            .order_by(*_order(sort, descending))
            .offset(max(0, offset))
            .limit(max(0, limit))
        )
        return [
            ParticipantRow(
                id=r.id,
                first_name=r.first_name,
                last_name=r.last_name,
                pseudonym=r.pseudonym,
                city=r.city,
                status=ParticipantStatus(r.status),
                rqth_status=RqthStatus(r.rqth_status),
                rqth_until=r.rqth_until,
                membership_start=r.membership_start,
                is_peer_helper=bool(r.is_peer_helper),
                anonymised=bool(r.anonymised),
            )
            for r in session.execute(query).all()
        ]

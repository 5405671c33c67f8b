"""The home view's to-do lists: what needs attention today and in the coming days.

:func:`todo` reads everything in ONE transaction with SQL filters, never by loading every
participant: each section keeps at most :data:`SECTION_LIMIT` lines and says how many
there are in all. Lines carry the main-window page to open and the record to open there.
Nothing from the wellbeing plan is ever read here. Reading changes nothing, so no audit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, or_, select
from sqlalchemy.orm import Session

from pairdesk.domain import gem_year as gem_year_rules
from pairdesk.domain.dates import add_months
from pairdesk.domain.enums import (
    ConsentPurpose,
    ParticipantStatus,
    Role,
    RqthStatus,
    WorkshopKind,
)
from pairdesk.domain.text import full_name
from pairdesk.formatting import short_date, short_time
from pairdesk.i18n import N_, _, ngettext
from pairdesk.services import team
from pairdesk.services.consents import stands_on
from pairdesk.services.context import ServiceContext
from pairdesk.services.employer_file import employer_follow_ups, get_contact_months
from pairdesk.services.retention import checked_milestones, retention_checks_due
from pairdesk.store.models import Consent, JobOffer, Participant, Workshop

SECTION_LIMIT = 50
RETENTION_HORIZON_DAYS = 7
WEEK_DAYS = 7
RQTH_HORIZON_DAYS = 90
OFFER_HORIZON_DAYS = 7
CONSENT_RENEW_YEARS = 1
NO_CONTACT_SETTING = "home.no_contact_days"
DEFAULT_NO_CONTACT_DAYS = 60
NO_CONTACT_MIN_DAYS = 1
NO_CONTACT_MAX_DAYS = 730

#: Participants the to-do lists look after: still followed, not anonymised.
FOLLOWED_STATUSES = (ParticipantStatus.ACTIVE.value, ParticipantStatus.PAUSED.value)


class TodoKind(StrEnum):
    """One section of the home view, in display order."""

    WORKSHOP_TODAY = "workshop_today"
    WORKSHOP_WEEK = "workshop_week"
    RETENTION_CHECK = "retention_check"
    RQTH_ENDING = "rqth_ending"
    CONSENT_MISSING = "consent_missing"
    CONSENT_RENEW = "consent_renew"
    OFFER_CLOSING = "offer_closing"
    NO_CONTACT = "no_contact"
    EMPLOYER_FOLLOW_UP = "employer_follow_up"
    ANNUAL_REPORT = "annual_report"

    @property
    def heading(self) -> str:
        return _(_TITLES[self.value])

    def count_text(self, count: int) -> str:
        """``"3 retention checks due"``, with the plural the language needs."""
        return _count_text(self, count).format(count=count)


_TITLES = {
    "workshop_today": N_("Workshops today"),
    "workshop_week": N_("Workshops in the next 7 days"),
    "retention_check": N_("Job retention checks due"),
    "rqth_ending": N_("RQTH ending within 90 days"),
    "consent_missing": N_("Consent to keep a file missing"),
    "consent_renew": N_("Consent to renew"),
    "offer_closing": N_("Job offers closing within 7 days"),
    "no_contact": N_("No contact for a while"),
    "employer_follow_up": N_("Employer follow-ups due"),
    "annual_report": N_("Annual activity report due to the ARS"),
}


def _count_text(kind: TodoKind, n: int) -> str:
    # Literal ngettext calls, so that the catalogue extraction sees each plural pair.
    if kind is TodoKind.WORKSHOP_TODAY:
        return ngettext("{count} workshop today", "{count} workshops today", n)
    if kind is TodoKind.WORKSHOP_WEEK:
        return ngettext(
            "{count} workshop in the next 7 days", "{count} workshops in the next 7 days", n
        )
    if kind is TodoKind.RETENTION_CHECK:
        return ngettext("{count} retention check due", "{count} retention checks due", n)
    if kind is TodoKind.RQTH_ENDING:
        return ngettext(
            "{count} RQTH ending within 90 days", "{count} RQTH ending within 90 days", n
        )
    if kind is TodoKind.CONSENT_MISSING:
        return ngettext(
            "{count} participant without consent to keep a file",
            "{count} participants without consent to keep a file",
            n,
        )
    if kind is TodoKind.CONSENT_RENEW:
        return ngettext("{count} consent to renew", "{count} consents to renew", n)
    if kind is TodoKind.OFFER_CLOSING:
        return ngettext("{count} offer closing soon", "{count} offers closing soon", n)
    if kind is TodoKind.EMPLOYER_FOLLOW_UP:
        return ngettext("{count} employer follow-up due", "{count} employer follow-ups due", n)
    if kind is TodoKind.ANNUAL_REPORT:
        return ngettext("{count} annual report due", "{count} annual reports due", n)
    return ngettext(
        "{count} participant without recent contact",
        "{count} participants without recent contact",
        n,
    )


#: Where each kind of line opens in the main window.
PAGE_KEYS: dict[TodoKind, str] = {
    TodoKind.WORKSHOP_TODAY: "attendance",
    TodoKind.RETENTION_CHECK: "participants",
    TodoKind.RQTH_ENDING: "participants",
    TodoKind.CONSENT_MISSING: "participants",
    TodoKind.CONSENT_RENEW: "participants",
    TodoKind.OFFER_CLOSING: "job_offers",
    TodoKind.NO_CONTACT: "participants",
    # An employer's line opens the directory (the page comes with the window of issue 15).
    TodoKind.EMPLOYER_FOLLOW_UP: "employers",
    TodoKind.ANNUAL_REPORT: "indicators",  # record_id: the year the report is about
}

#: An upcoming workshop opens in the page of its kind (attendance for the others).
WORKSHOP_PAGES: dict[str, str] = {
    WorkshopKind.CV.value: "cv_workshops",
    WorkshopKind.INTERVIEW.value: "interview_coaching",
    WorkshopKind.OFFER_SHARING.value: "job_offers",
}


# -- read objects ----------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class TodoItem:
    """One line: ``page_key`` is the main-window page to open, ``record_id`` the record
    (participant, workshop or offer id) to open there; ``contract_id`` the contract a
    retention check is about."""

    kind: TodoKind
    title: str
    detail: str
    due_on: dt.date | None
    page_key: str
    record_id: int
    contract_id: int | None = None


@dataclass(frozen=True, slots=True)
class TodoSection:
    """At most ``SECTION_LIMIT`` items; ``total`` counts them all."""

    kind: TodoKind
    items: tuple[TodoItem, ...]
    total: int

    @property
    def title(self) -> str:
        return self.kind.heading

    @property
    def count_text(self) -> str:
        return self.kind.count_text(self.total)

    @property
    def truncated(self) -> bool:
        return self.total > len(self.items)


@dataclass(frozen=True, slots=True)
class TodoList:
    today: dt.date
    no_contact_days: int
    sections: tuple[TodoSection, ...]

    def section(self, kind: TodoKind) -> TodoSection:
        return next(s for s in self.sections if s.kind is kind)

    @property
    def total(self) -> int:
        return sum(s.total for s in self.sections)


# -- settings --------------------------------------------------------------------------
def get_no_contact_days(ctx: ServiceContext) -> int:
    """The saved "days without contact" threshold (60 by default)."""
    return team.get_int_setting(
        ctx, NO_CONTACT_SETTING, DEFAULT_NO_CONTACT_DAYS, NO_CONTACT_MIN_DAYS, NO_CONTACT_MAX_DAYS
    )


def set_no_contact_days(ctx: ServiceContext, days: int) -> int:
    """Save the threshold (coordinators only, as every setting)."""
    return team.set_int_setting(
        ctx,
        NO_CONTACT_SETTING,
        days,
        NO_CONTACT_MIN_DAYS,
        NO_CONTACT_MAX_DAYS,
        "no_contact_days",
        _("Days without contact"),
    )


# -- the to-do list --------------------------------------------------------------------
def todo(
    ctx: ServiceContext, *, today: dt.date | None = None, no_contact_days: int | None = None
) -> TodoList:
    """Every section of the home view for ``today`` (the context's day by default)."""
    day = today or ctx.today()
    with ctx.transaction() as session:
        days = get_no_contact_days(ctx) if no_contact_days is None else no_contact_days
        days = max(NO_CONTACT_MIN_DAYS, days)
        checked = checked_milestones(session)  # for both lists of retention checks
        sections = (
            _workshops_today(session, day),
            _workshops_week(session, day),
            _retention(ctx, day, checked),
            _rqth_ending(session, day),
            *_consents(session, day),
            _offers_closing(session, day),
            _no_contact(session, day, days),
            _employer_follow_ups(session, day, get_contact_months(ctx), checked),
            _annual_report(ctx, day),
        )
    return TodoList(today=day, no_contact_days=days, sections=sections)


def _item(
    kind: TodoKind,
    record_id: int,
    title: str,
    detail: str,
    due_on: dt.date | None,
    contract_id: int | None = None,
) -> TodoItem:
    """A line that opens the page of its kind on ``record_id``."""
    return TodoItem(kind, title, detail, due_on, PAGE_KEYS[kind], record_id, contract_id)


def _page(session: Session, query: Select[*tuple[Any, ...]]) -> tuple[list[tuple[Any, ...]], int]:
    """The first ``SECTION_LIMIT`` rows and, in the same pass, how many there are in all."""
    rows = session.execute(query.add_columns(func.count().over()).limit(SECTION_LIMIT)).all()
    total = int(rows[0][-1]) if rows else 0
    return [tuple(row)[:-1] for row in rows], total


def _followed() -> ColumnElement[bool]:
    return and_(Participant.anonymised.is_(False), Participant.status.in_(FOLLOWED_STATUSES))


def _kind_label(kind: str) -> str:
    try:
        return WorkshopKind(kind).label
    except ValueError:
        return kind


def _workshop_detail(kind: str, starts: dt.time, ends: dt.time, place: str) -> str:
    kind_label = _kind_label(kind)
    if place:
        return _("{kind}, {start}–{end}, {place}").format(
            kind=kind_label, start=short_time(starts), end=short_time(ends), place=place
        )
    return _("{kind}, {start}–{end}").format(
        kind=kind_label, start=short_time(starts), end=short_time(ends)
    )


def _workshop_section(
    session: Session, kind: TodoKind, first: dt.date, last: dt.date
) -> TodoSection:
    query = (
        select(
            Workshop.id,
            Workshop.kind,
            Workshop.title,
            Workshop.held_on,
            Workshop.starts_at,
            Workshop.ends_at,
            Workshop.place,
        )
        .where(Workshop.held_on.between(first, last), Workshop.cancelled.is_(False))
        .order_by(Workshop.held_on, Workshop.starts_at, Workshop.id)
    )
    rows, total = _page(session, query)
    items = tuple(
        TodoItem(
            kind=kind,
            title=title or _kind_label(wkind),
            detail=_workshop_detail(wkind, starts, ends, place),
            due_on=held_on,
            page_key=PAGE_KEYS[kind]
            if kind is TodoKind.WORKSHOP_TODAY
            else WORKSHOP_PAGES.get(wkind, "attendance"),
            record_id=wid,
        )
        for wid, wkind, title, held_on, starts, ends, place in rows
    )
    return TodoSection(kind, items, total)


def _workshops_today(session: Session, day: dt.date) -> TodoSection:
    return _workshop_section(session, TodoKind.WORKSHOP_TODAY, day, day)


def _workshops_week(session: Session, day: dt.date) -> TodoSection:
    return _workshop_section(
        session,
        TodoKind.WORKSHOP_WEEK,
        day + dt.timedelta(days=1),
        day + dt.timedelta(days=WEEK_DAYS),
    )


def _retention(
    ctx: ServiceContext, day: dt.date, checked: AbstractSet[tuple[int, int]]
) -> TodoSection:
    due = retention_checks_due(ctx, on=day, horizon_days=RETENTION_HORIZON_DAYS, checked=checked)
    items = []
    for d in due[:SECTION_LIMIT]:
        job = ", ".join(p for p in (d.job_title, d.employer) if p) or d.contract_type.label
        if d.overdue:
            detail = _("{months}-month check, {job}: overdue since {date}").format(
                months=d.months, job=job, date=short_date(d.due_on)
            )
        else:
            detail = _("{months}-month check, {job}: due on {date}").format(
                months=d.months, job=job, date=short_date(d.due_on)
            )
        items.append(
            _item(
                TodoKind.RETENTION_CHECK,
                d.participant_id,
                d.participant_name,
                detail,
                d.due_on,
                d.contract_id,
            )
        )
    return TodoSection(TodoKind.RETENTION_CHECK, tuple(items), len(due))


def _people(value: Any) -> Select[*tuple[Any, ...]]:
    """The columns of a line about a participant: id, first and last name, and ``value``
    (the date the line is about)."""
    return select(Participant.id, Participant.first_name, Participant.last_name, value)


def _people_section(
    session: Session,
    kind: TodoKind,
    query: Select[*tuple[Any, ...]],
    detail: Callable[[Any], str],
    due_on: Callable[[Any], dt.date | None],
) -> TodoSection:
    """A section of participants from ``query`` (:func:`_people` columns), each line's
    detail and due date computed from its ``value``."""
    rows, total = _page(session, query)
    items = tuple(
        _item(kind, pid, full_name(first, last), detail(value), due_on(value))
        for pid, first, last, value in rows
    )
    return TodoSection(kind, items, total)


def _rqth_ending(session: Session, day: dt.date) -> TodoSection:
    query = (
        _people(Participant.rqth_until)
        .where(
            _followed(),
            Participant.rqth_status == RqthStatus.GRANTED.value,
            Participant.rqth_until.between(day, day + dt.timedelta(days=RQTH_HORIZON_DAYS)),
        )
        .order_by(Participant.rqth_until, Participant.sort_name, Participant.id)
    )
    return _people_section(
        session,
        TodoKind.RQTH_ENDING,
        query,
        lambda until: _("RQTH ends on {date}").format(date=short_date(until)),
        lambda until: until,
    )


def _missing_detail(withdrawn: dt.date | None) -> str:
    if withdrawn is not None:
        return _("Consent to keep a file was withdrawn on {date}").format(
            date=short_date(withdrawn)
        )
    return _("No consent to keep a file recorded")


def _consents(session: Session, day: dt.date) -> tuple[TodoSection, TodoSection]:
    keep_file = ConsentPurpose.KEEP_FILE.value
    # For each participant followed, one look at their own consents (a handful). The former
    # single pass grouped every consent and joined the groups back, in temporary B-trees
    # that SQLCipher's memory security locks page by page: 410-600 ms for the two sections
    # at 50,000 participants, 280-420 ms this way (bench/README.md).
    standing_since = (
        select(func.max(Consent.given_on))
        .where(
            Consent.participant_id == Participant.id, Consent.purpose == keep_file, stands_on(day)
        )
        .correlate(Participant)
        .scalar_subquery()
    )  # the latest standing KEEP_FILE consent's day, NULL when none stands
    latest_withdrawal = (
        select(func.max(Consent.withdrawn_on))
        .where(
            Consent.participant_id == Participant.id,
            Consent.purpose == keep_file,
            Consent.withdrawn_on <= day,
        )
        .correlate(Participant)
        .scalar_subquery()
    )
    missing_query = (
        _people(latest_withdrawal)
        .where(_followed(), standing_since.is_(None))
        .order_by(Participant.sort_name, Participant.id)
    )
    cutoff = add_months(day, -12 * CONSENT_RENEW_YEARS)
    followed = (
        select(
            Participant.id,
            Participant.first_name,
            Participant.last_name,
            Participant.sort_name,
            standing_since.label("given_on"),
        )
        .where(_followed())
        .subquery()
    )
    renew_query = (
        select(followed.c.id, followed.c.first_name, followed.c.last_name, followed.c.given_on)
        .where(followed.c.given_on <= cutoff)
        .order_by(followed.c.given_on, followed.c.sort_name, followed.c.id)
    )
    return (
        _people_section(
            session, TodoKind.CONSENT_MISSING, missing_query, _missing_detail, lambda _w: None
        ),
        _people_section(
            session,
            TodoKind.CONSENT_RENEW,
            renew_query,
            lambda given: _("Consent to keep a file given on {date}").format(
                date=short_date(given)
            ),
            lambda given: add_months(given, 12 * CONSENT_RENEW_YEARS),
        ),
    )


def _offers_closing(session: Session, day: dt.date) -> TodoSection:
    query = (
        select(JobOffer.id, JobOffer.title, JobOffer.employer, JobOffer.closing_on)
        .where(
            JobOffer.archived.is_(False),
            JobOffer.closing_on.between(day, day + dt.timedelta(days=OFFER_HORIZON_DAYS)),
        )
        .order_by(JobOffer.closing_on, JobOffer.id)
    )
    rows, total = _page(session, query)
    items = []
    for oid, title, employer, closing in rows:
        if employer:
            detail = _("{employer}: closes on {date}").format(
                employer=employer, date=short_date(closing)
            )
        else:
            detail = _("Closes on {date}").format(date=short_date(closing))
        items.append(
            _item(
                TodoKind.OFFER_CLOSING,
                oid,
                title,
                detail,
                closing,
            )
        )
    return TodoSection(TodoKind.OFFER_CLOSING, tuple(items), total)


def _no_contact(session: Session, day: dt.date, days: int) -> TodoSection:
    cutoff = day - dt.timedelta(days=days)
    query = (
        _people(Participant.last_contact_on)
        .where(
            Participant.anonymised.is_(False),
            Participant.status == ParticipantStatus.ACTIVE.value,
            or_(Participant.last_contact_on.is_(None), Participant.last_contact_on < cutoff),
        )
        .order_by(
            Participant.last_contact_on.is_not(None),
            Participant.last_contact_on,
            Participant.sort_name,
            Participant.id,
        )
    )

    def detail(contact: dt.date | None) -> str:
        if contact is None:
            return _("No contact recorded")
        elapsed = (day - contact).days
        return ngettext(
            "Last contact on {date}, {days} day ago",
            "Last contact on {date}, {days} days ago",
            elapsed,
        ).format(date=short_date(contact), days=elapsed)

    return _people_section(session, TodoKind.NO_CONTACT, query, detail, lambda contact: contact)


def _employer_follow_ups(
    session: Session, day: dt.date, months: int, checked: AbstractSet[tuple[int, int]]
) -> TodoSection:
    """Employers to get back to (services.employer_file): a next step due, no contact for
    ``months`` months while someone works there, a retention check the person agreed to
    share."""
    due = employer_follow_ups(session, day, months, checked)
    items = tuple(
        _item(TodoKind.EMPLOYER_FOLLOW_UP, f.employer_id, f.employer_name, f.reason, f.due_on)
        for f in due[:SECTION_LIMIT]
    )
    return TodoSection(TodoKind.EMPLOYER_FOLLOW_UP, items, len(due))


def _annual_report(ctx: ServiceContext, day: dt.date) -> TodoSection:
    """From 1 January to the due date (28 February), remind a coordinator that the annual
    activity report on last year is due to the ARS (:mod:`pairdesk.domain.gem_year`)."""
    year = day.year - 1
    due = gem_year_rules.due_date(year)
    if ctx.operator.role is not Role.COORDINATOR or not dt.date(day.year, 1, 1) <= day <= due:
        return TodoSection(TodoKind.ANNUAL_REPORT, (), 0)
    item = _item(
        TodoKind.ANNUAL_REPORT,
        year,
        _("Annual activity report {year}").format(year=year),
        _("to send to the ARS before {date}").format(date=short_date(due)),
        due,
    )
    return TodoSection(TodoKind.ANNUAL_REPORT, (item,), 1)

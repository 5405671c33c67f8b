"""Workshops as an iCalendar (``.ics``) file for facilitators' phones and agendas.

One workshop, a month, or every upcoming workshop. Each event's UID is stable
(``workshop-<id>@<vault id>.pairdesk``, the vault id a random token kept in the vault's
settings), so importing the file again updates the events instead of doubling them, and a
cancelled workshop shows as cancelled (``STATUS:CANCELLED``). SUMMARY is the kind and the
title, LOCATION the place, DESCRIPTION the facilitators' first names. No participant name,
no notes (they may hold names) ever go in the file.

Times are written in Europe/Paris with its VTIMEZONE. ``zoneinfo`` needs the IANA
database, which Windows lacks; ``icalendar`` depends on the ``tzdata`` package, so it is
installed with pairdesk on every platform. Should it still be missing, times are written
as UTC computed with the French offset rule (last Sunday of March/October), still exact.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from pairdesk.domain.enums import AuditAction, WorkshopKind
from pairdesk.domain.permissions import Permission, require
from pairdesk.domain.validation import int_in_range
from pairdesk.errors import InvalidInput
from pairdesk.i18n import _
from pairdesk.services.context import ServiceContext, get_or_raise
from pairdesk.services.exports import write_file
from pairdesk.services.records import stored_or_added
from pairdesk.store.models import Setting, TeamMember, Workshop

CALENDAR_ID_SETTING = "calendar.vault_id"
TIMEZONE = "Europe/Paris"
PRODID = "-//pairdesk//workshops//FR"

__all__ = ["CalendarExport", "export_calendar", "workshop_calendar"]


@dataclass(frozen=True, slots=True)
class CalendarExport:
    path: Path | None
    events: int
    data: bytes


def _paris() -> dt.tzinfo | None:
    try:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError
    except ImportError:  # pragma: no cover
        return None
    try:
        return ZoneInfo(TIMEZONE)
    except ZoneInfoNotFoundError:
        return None


def _last_sunday(year: int, month: int) -> dt.date:
    day = dt.date(year, month + 1, 1) - dt.timedelta(days=1)
    return day - dt.timedelta(days=(day.weekday() + 1) % 7)


def _paris_to_utc(moment: dt.datetime) -> dt.datetime:
    """Fallback without a time-zone database: CET/CEST rule in force since 1996."""
    summer_start = dt.datetime.combine(_last_sunday(moment.year, 3), dt.time(2))
    summer_end = dt.datetime.combine(_last_sunday(moment.year, 10), dt.time(3))
    offset = 2 if summer_start <= moment < summer_end else 1
    return (moment - dt.timedelta(hours=offset)).replace(tzinfo=dt.UTC)


def _moment(day: dt.date, time: dt.time) -> dt.datetime:
    naive = dt.datetime.combine(day, time.replace(microsecond=0))
    zone = _paris()
    if zone is None:
        return _paris_to_utc(naive)
    return naive.replace(tzinfo=zone)


def _vault_id(session: Session) -> str:
    row = stored_or_added(
        session, Setting, CALENDAR_ID_SETTING, key=CALENDAR_ID_SETTING, value=secrets.token_hex(8)
    )
    session.flush()
    return row.value


def workshop_uid(workshop_id: int, vault_id: str) -> str:
    return f"workshop-{workshop_id}@{vault_id}.pairdesk"


def _month_bounds(month: str) -> tuple[dt.date, dt.date]:
    try:
        year_text, month_text = month.split("-")
        year = int(year_text)
        number = int(month_text)
    except ValueError:
        raise InvalidInput(
            _("{value} is not a month in the form YYYY-MM.").format(value=month), field="month"
        ) from None
    int_in_range(year, 1900, 2200, "month", _("Month"), required=True)
    int_in_range(number, 1, 12, "month", _("Month"), required=True)
    first = dt.date(year, number, 1)
    following = dt.date(year + number // 12, number % 12 + 1, 1)
    return first, following - dt.timedelta(days=1)


def _select(
    session: Session,
    *,
    workshop_id: int | None,
    month: str | None,
    upcoming: bool,
    today: dt.date,
) -> Sequence[Workshop]:
    chosen = sum(1 for c in (workshop_id is not None, month is not None, upcoming) if c)
    if chosen != 1:
        raise InvalidInput(
            _("Choose one workshop, one month, or all upcoming workshops."), field="selection"
        )
    if workshop_id is not None:
        return [get_or_raise(session, Workshop, workshop_id, _("workshop"))]
    query = select(Workshop).order_by(Workshop.held_on, Workshop.starts_at, Workshop.id)
    if month is not None:
        first, last = _month_bounds(month)
        query = query.where(Workshop.held_on.between(first, last))
    else:
        query = query.where(Workshop.held_on >= today)
    return session.scalars(query).all()


def _first_names(members: Sequence[TeamMember]) -> str:
    names = sorted({m.first_name for m in members if m.first_name})
    return ", ".join(names)


def _calendar_bytes(workshops: Sequence[Workshop], vault_id: str) -> bytes:
    from icalendar import Calendar, Event, Timezone

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", _("Workshops"))
    stamp = dt.datetime.now(dt.UTC).replace(microsecond=0)
    zone = _paris()
    events = []
    for workshop in workshops:
        event = Event()
        event.add("uid", workshop_uid(workshop.id, vault_id))
        event.add("dtstamp", stamp)
        event.add("dtstart", _moment(workshop.held_on, workshop.starts_at))
        event.add("dtend", _moment(workshop.held_on, workshop.ends_at))
        kind = WorkshopKind(workshop.kind).label
        title = workshop.title or kind
        summary = title if title == kind else _("{kind}: {title}").format(kind=kind, title=title)
        event.add("summary", summary)
        if workshop.place:
            event.add("location", workshop.place)
        names = _first_names(workshop.facilitators)
        if names:
            event.add("description", _("Facilitated by {names}").format(names=names))
        event.add("status", "CANCELLED" if workshop.cancelled else "CONFIRMED")
        events.append(event)
    if zone is not None and workshops:
        # a VTIMEZONE covering just the years of the events (the default one stops in 2038)
        first = min(w.held_on for w in workshops)
        last = max(w.held_on for w in workshops)
        try:
            calendar.add_component(
                Timezone.from_tzinfo(
                    zone,
                    tzid=TIMEZONE,
                    first_date=dt.date(first.year - 1, 1, 1),
                    last_date=dt.date(last.year + 1, 12, 31),
                )
            )
        except (AttributeError, TypeError, ValueError):  # older icalendar
            zone = None
    for event in events:
        calendar.add_component(event)
    if zone is None and workshops:
        calendar.add_missing_timezones()
    return bytes(calendar.to_ical())


def workshop_calendar(
    ctx: ServiceContext,
    *,
    workshop_id: int | None = None,
    month: str | None = None,
    upcoming: bool = False,
) -> tuple[bytes, int]:
    """(the ``.ics`` bytes, number of events) for one workshop, a month (``"2026-12"``)
    or every workshop from today on (cancelled ones included, marked cancelled)."""
    return _build(ctx, workshop_id=workshop_id, month=month, upcoming=upcoming, path=None)


def _build(
    ctx: ServiceContext,
    *,
    workshop_id: int | None,
    month: str | None,
    upcoming: bool,
    path: Path | None,
    overwrite: bool = False,
) -> tuple[bytes, int]:
    require(ctx, Permission.WORKSHOPS)
    with ctx.transaction() as session:
        workshops = _select(
            session, workshop_id=workshop_id, month=month, upcoming=upcoming, today=ctx.today()
        )
        data = _calendar_bytes(workshops, _vault_id(session))
        if workshop_id is not None:
            scope = f"workshop={workshop_id}"
        elif month is not None:
            scope = f"month={month}"
        else:
            scope = "upcoming"
        ctx.audit(
            session,
            "calendar",
            workshop_id,
            AuditAction.EXPORT,
            f"{scope} events={len(workshops)}",
        )
        session.flush()
        if path is not None:
            write_file(path, data, overwrite=overwrite)
        return data, len(workshops)


def export_calendar(
    ctx: ServiceContext,
    path: Path | str,
    *,
    workshop_id: int | None = None,
    month: str | None = None,
    upcoming: bool = False,
    overwrite: bool = False,
) -> CalendarExport:
    """Write the ``.ics`` file (replaced atomically) with its EXPORT audit line."""
    target = Path(path).expanduser()
    if target.suffix.lower() != ".ics":
        raise InvalidInput(_("Choose a file name ending in .ics."), field="path")
    data, events = _build(
        ctx,
        workshop_id=workshop_id,
        month=month,
        upcoming=upcoming,
        path=target,
        overwrite=overwrite,
    )
    return CalendarExport(path=target, events=events, data=data)

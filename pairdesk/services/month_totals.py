"""Monthly totals of workshops held and attendance: the Attendance page's monthly table and
the activity report read the same lines (one rule, one place)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from pairdesk.domain.enums import Attendance, WorkshopKind
from pairdesk.domain.validation import int_in_range
from pairdesk.domain.workshops import is_held
from pairdesk.i18n import _
from pairdesk.services.context import ServiceContext
from pairdesk.services.workshops import duration_hours
from pairdesk.store.models import Registration, Workshop


@dataclass(frozen=True, slots=True)
class MonthTotals:
    """One calendar month of workshops held and attendance (the window's monthly table,
    the activity report)."""

    year: int
    month: int
    workshops_held: int
    by_kind: tuple[tuple[WorkshopKind, int], ...]
    registrations: int
    present: int
    absent: int
    excused: int
    not_marked: int
    distinct_present: int
    presence_hours: float

    def held_of(self, kind: WorkshopKind) -> int:
        return dict(self.by_kind).get(kind, 0)


def monthly_totals(ctx: ServiceContext, year: int) -> list[MonthTotals]:
    """Twelve months of activity for ``year``, as known on ``ctx.today()``."""
    int_in_range(year, 1900, 2200, "year", _("Year"), required=True)
    with ctx.transaction() as session:
        return totals_by_month(session, dt.date(year, 1, 1), dt.date(year, 12, 31), ctx.today())


def _months_met(start: dt.date, end: dt.date) -> list[tuple[int, int]]:
    months: list[tuple[int, int]] = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def totals_by_month(
    session: Session, start: dt.date, end: dt.date, today: dt.date
) -> list[MonthTotals]:
    """One line per calendar month met by ``[start, end]``, each clipped to the period (a
    period ending on the 25th counts the workshops up to the 25th only). Only workshops
    held by ``today`` count (:func:`pairdesk.domain.workshops.is_held`: cancelled ones and
    those still planned count nowhere), so the lines add up to the "workshops held"
    indicator. The window's monthly table and the activity report both read these."""
    workshops = [
        (workshop_id, kind, held_on, starts_at, ends_at)
        for workshop_id, kind, held_on, starts_at, ends_at, cancelled in session.execute(
            select(
                Workshop.id,
                Workshop.kind,
                Workshop.held_on,
                Workshop.starts_at,
                Workshop.ends_at,
                Workshop.cancelled,
            ).where(Workshop.held_on.between(start, end))
        ).all()
        if is_held(held_on, cancelled, today)
    ]
    registrations = session.execute(
        select(Registration.workshop_id, Registration.participant_id, Registration.attendance)
        .join(Workshop, Workshop.id == Registration.workshop_id)
        .where(Workshop.held_on.between(start, end))
    ).all()

    months = _months_met(start, end)
    month_of: dict[int, tuple[int, int]] = {}
    hours_of: dict[int, float] = {}
    held = dict.fromkeys(months, 0)
    kinds = {key: dict.fromkeys(WorkshopKind, 0) for key in months}
    for workshop_id, kind, held_on, starts_at, ends_at in workshops:
        key = (held_on.year, held_on.month)
        month_of[workshop_id] = key
        hours_of[workshop_id] = duration_hours(starts_at, ends_at)
        held[key] += 1
        kinds[key][WorkshopKind(kind)] += 1

    counts = {key: dict.fromkeys(("registrations", *Attendance), 0) for key in months}
    hours = dict.fromkeys(months, 0.0)
    people: dict[tuple[int, int], set[int]] = {key: set() for key in months}
    for workshop_id, participant_id, attendance in registrations:
        held_in = month_of.get(workshop_id)
        if held_in is None:  # a registration to a workshop not held
            continue
        counts[held_in]["registrations"] += 1
        if attendance:
            counts[held_in][Attendance(attendance)] += 1
        if attendance == Attendance.PRESENT.value:
            hours[held_in] += hours_of[workshop_id]
            people[held_in].add(participant_id)

    return [
        MonthTotals(
            year=key[0],
            month=key[1],
            workshops_held=held[key],
            by_kind=tuple(kinds[key].items()),
            registrations=counts[key]["registrations"],
            present=counts[key][Attendance.PRESENT],
            absent=counts[key][Attendance.ABSENT],
            excused=counts[key][Attendance.EXCUSED],
            not_marked=counts[key]["registrations"] - sum(counts[key][a] for a in Attendance),
            distinct_present=len(people[key]),
            presence_hours=round(hours[key], 2),
        )
        for key in months
    ]

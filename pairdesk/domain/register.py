"""The attendance register (fréquentation): who came to the GEM each day, counted.

Pure rules over plain records; :mod:`pairdesk.services.register` loads them.

Definitions (both days of a period included):

* **Opening day**: a day on or before today, in the period, that is one of the
  association's opening weekdays and not a closure day — or any other day on which
  someone was recorded present (an exceptional opening). A closure day with presences
  recorded counts as opened: people came.
* **Person-day**: one person present on one day. A visitor counted without a name is one
  person-day too.
* **Distinct people**: the people named at least once in the period (a register person
  or a participant); visitors counted without a name cannot be told apart and are
  reported apart, as *anonymous visits*.
* **Member**: on a given day, a register person whose kind is member, whose membership
  began on or before that day (or has no date) and had not ended before it; a participant
  whose membership started on or before that day and had not ended before it. Everyone
  else present is a non-member (visitors, anonymous visitors included).
* **Average per opening day**: person-days ÷ opening days (``None`` when there are none).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

#: A person as the register knows them: ("register", id) or ("participant", id).
PersonKey = tuple[str, int]


@dataclass(frozen=True, slots=True)
class Presence:
    day: dt.date
    person: PersonKey
    is_member: bool


@dataclass(frozen=True, slots=True)
class RegisterTotals:
    """Totals over a day, a month or a period."""

    start: dt.date
    end: dt.date
    opening_days: int
    person_days: int
    member_days: int
    non_member_days: int
    distinct_people: int
    distinct_members: int
    distinct_non_members: int
    anonymous_visits: int

    @property
    def average_per_opening_day(self) -> float | None:
        return self.person_days / self.opening_days if self.opening_days else None


@dataclass(frozen=True, slots=True)
class RegisterReport:
    total: RegisterTotals
    months: tuple[RegisterTotals, ...]
    days: tuple[RegisterTotals, ...]  # opening days only, in order


def is_member_on(
    day: dt.date, since: dt.date | None, until: dt.date | None, *, member_kind: bool = True
) -> bool:
    """Whether someone is a member on ``day``: a member kind, membership begun on or before
    ``day`` (no start date: always was) and not ended before it (``until`` is the last day
    of membership)."""
    if not member_kind:
        return False
    if since is not None and since > day:
        return False
    return until is None or until >= day


def opening_days(
    start: dt.date,
    end: dt.date,
    *,
    weekdays: Iterable[int],
    closures: Iterable[dt.date],
    days_with_presence: Iterable[dt.date],
    today: dt.date,
) -> list[dt.date]:
    """The opening days of ``[start, end]`` known on ``today`` (see the module docstring);
    ``weekdays`` are ISO (1 = Monday)."""
    open_weekdays = set(weekdays)
    closed = set(closures)
    last = min(end, today)
    result: set[dt.date] = {d for d in days_with_presence if start <= d <= last}
    day = start
    while day <= last:
        if day.isoweekday() in open_weekdays and day not in closed:
            result.add(day)
        day += dt.timedelta(days=1)
    return sorted(result)


def _totals(
    start: dt.date,
    end: dt.date,
    days: Sequence[dt.date],
    presences: Sequence[Presence],
    anonymous: dict[dt.date, int],
) -> RegisterTotals:
    inside = [p for p in presences if start <= p.day <= end]
    anonymous_visits = sum(n for d, n in anonymous.items() if start <= d <= end)
    members = [p for p in inside if p.is_member]
    people = {p.person for p in inside}
    distinct_members = {p.person for p in members}
    return RegisterTotals(
        start=start,
        end=end,
        opening_days=sum(1 for d in days if start <= d <= end),
        person_days=len(inside) + anonymous_visits,
        member_days=len(members),
        non_member_days=len(inside) - len(members) + anonymous_visits,
        distinct_people=len(people),
        distinct_members=len(distinct_members),
        distinct_non_members=len(people - distinct_members),
        anonymous_visits=anonymous_visits,
    )


def _month_end(day: dt.date) -> dt.date:
    following = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def register_report(
    start: dt.date,
    end: dt.date,
    *,
    presences: Sequence[Presence],
    anonymous: dict[dt.date, int],
    weekdays: Iterable[int],
    closures: Iterable[dt.date],
    today: dt.date,
) -> RegisterReport:
    """Totals for the period, per month (every month the period touches) and per opening
    day. A person present twice the same day is counted once (the store forbids it too)."""
    unique = list({(p.day, p.person): p for p in presences}.values())
    anonymous = {d: n for d, n in anonymous.items() if n > 0}
    days = opening_days(
        start,
        end,
        weekdays=weekdays,
        closures=closures,
        days_with_presence=[p.day for p in unique] + list(anonymous),
        today=today,
    )
    months: list[RegisterTotals] = []
    first = dt.date(start.year, start.month, 1)
    while first <= end:
        month_start, month_end = max(first, start), min(_month_end(first), end)
        months.append(_totals(month_start, month_end, days, unique, anonymous))
        first = _month_end(first) + dt.timedelta(days=1)
    return RegisterReport(
        total=_totals(start, end, days, unique, anonymous),
        months=tuple(months),
        days=tuple(_totals(d, d, days, unique, anonymous) for d in days),
    )

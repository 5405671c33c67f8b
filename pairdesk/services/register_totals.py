"""The register's totals (fréquentation): person-days, distinct people, members and
non-members per day, month and period, what the day view shows beside the day, and the
members counted for the association's year. Aggregates only: no audit line. The rules are
in :mod:`pairdesk.domain.register`; the day itself in :mod:`pairdesk.services.register`."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select

from pairdesk.domain.permissions import Permission, allows
from pairdesk.domain.register import (
    Presence,
    RegisterReport,
    RegisterTotals,
    is_member_on,
    register_report,
)
from pairdesk.domain.validation import required_period
from pairdesk.services import team
from pairdesk.services.context import ServiceContext
from pairdesk.services.register import (
    PARTICIPANT,
    REGISTER,
    DaySheet,
    RegisterKind,
    get_day,
    is_member,
    presences_in,
)
from pairdesk.store.models import (
    ClosureDay,
    DayPresence,
    Participant,
    RegisterDay,
    RegisterPerson,
)


def register_totals(ctx: ServiceContext, start: dt.date, end: dt.date) -> RegisterReport:
    """Totals per day, month and period (see :mod:`pairdesk.domain.register`). Aggregates
    only: no audit line."""
    start, end = required_period(start, end)
    weekdays = team.get_association(ctx).opening_days
    with ctx.transaction() as session:
        in_period = DayPresence.day.between(start, end)
        presences = [
            Presence(day, (REGISTER, p.id), is_member(day, p))
            for day, p in presences_in(
                session, RegisterPerson, DayPresence.register_person_id, in_period
            )
        ] + [
            Presence(day, (PARTICIPANT, p.id), is_member(day, p))
            for day, p in presences_in(session, Participant, DayPresence.participant_id, in_period)
        ]
        anonymous = {
            day: count
            for day, count in session.execute(
                select(RegisterDay.day, RegisterDay.anonymous_visitors).where(
                    RegisterDay.day.between(start, end)
                )
            ).all()
        }
        closures = list(
            session.scalars(select(ClosureDay.day).where(ClosureDay.day.between(start, end)))
        )
    return register_report(
        start,
        end,
        presences=presences,
        anonymous=anonymous,
        weekdays=weekdays,
        closures=closures,
        today=ctx.today(),
    )


@dataclass(frozen=True, slots=True)
class DayOverview:
    """What the register's day view shows: the day, and the totals of its month and of
    its year (opening days counted up to today)."""

    sheet: DaySheet
    month: RegisterTotals
    year: RegisterTotals
    may_close: bool  # the operator may mark closure days


def day_overview(ctx: ServiceContext, day: dt.date) -> DayOverview:
    sheet = get_day(ctx, day)
    month_start = day.replace(day=1)
    month_end = day.replace(day=calendar.monthrange(day.year, day.month)[1])
    return DayOverview(
        sheet=sheet,
        month=register_totals(ctx, month_start, month_end).total,
        year=register_totals(ctx, dt.date(day.year, 1, 1), dt.date(day.year, 12, 31)).total,
        may_close=allows(ctx.operator, Permission.VAULT_SETTINGS),
    )


def register_members_at(ctx: ServiceContext, day: dt.date) -> int:
    """Register people who are members on ``day`` (participants are counted apart)."""
    with ctx.transaction() as session:
        rows = session.execute(
            select(RegisterPerson.kind, RegisterPerson.member_since, RegisterPerson.member_until)
        ).all()
    return sum(
        1
        for kind, since, until in rows
        if is_member_on(day, since, until, member_kind=kind == RegisterKind.MEMBER.value)
    )


def register_new_members(ctx: ServiceContext, start: dt.date, end: dt.date) -> int:
    """Register people of kind member whose membership began in ``[start, end]``."""
    with ctx.transaction() as session:
        return int(
            session.scalar(
                select(func.count(RegisterPerson.id)).where(
                    RegisterPerson.kind == RegisterKind.MEMBER.value,
                    RegisterPerson.member_since.between(start, end),
                )
            )
            or 0
        )

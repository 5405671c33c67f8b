"""A period of workshops (``workshops.held_between``) includes both its days, the same for
the workshop list, a person's attended workshops and the attendance export."""

from __future__ import annotations

import datetime as dt

import pytest

from pairdesk.domain.enums import Attendance
from pairdesk.services import attendance, exports, workshops
from pairdesk.services.context import ServiceContext
from tests.factories import insert_participant, make_workshop

pytestmark = pytest.mark.both_engines  # also on PostgreSQL (tests/pg.py)

JAN_1, JAN_15, JAN_31 = dt.date(2026, 1, 1), dt.date(2026, 1, 15), dt.date(2026, 1, 31)


def test_both_days_of_a_period_are_in_it(ctx: ServiceContext) -> None:
    person = insert_participant(ctx, "Hélène", "Dupont")
    held = [make_workshop(ctx, day, title=f"Atelier {day.day}") for day in (JAN_1, JAN_15, JAN_31)]
    for w in held:
        workshops.register(ctx, w.id, person)
        attendance.mark_attendance(ctx, w.id, person, Attendance.PRESENT)

    def listed(start: dt.date | None, end: dt.date | None) -> list[dt.date]:
        return [w.held_on for w in workshops.list_workshops(ctx, start=start, end=end)]

    assert listed(JAN_15, JAN_31) == [JAN_15, JAN_31]
    assert listed(None, JAN_15) == [JAN_1, JAN_15]
    assert listed(JAN_31, None) == [JAN_31]
    assert listed(None, None) == [JAN_1, JAN_15, JAN_31]
    attended = attendance.attended_workshops(ctx, person, JAN_1, JAN_15)
    assert [w.held_on for w in attended] == [JAN_1, JAN_15]
    sheet = exports.build_sheet(ctx, exports.ExportKind.ATTENDANCE, start=JAN_15, end=JAN_31)
    assert [row[0] for row in sheet.rows] == [JAN_15, JAN_31]

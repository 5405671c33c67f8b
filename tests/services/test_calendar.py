"""Workshops as iCalendar: parsed back with ``icalendar``; no participant names inside."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from pairdesk.domain.enums import Role, WorkshopKind
from pairdesk.errors import InvalidInput, UnknownId
from pairdesk.services import participants as ps
from pairdesk.services import team, workshops
from pairdesk.services.calendar import export_calendar, workshop_calendar
from pairdesk.services.context import ServiceContext
from tests.factories import make_workshop

pytestmark = pytest.mark.both_engines  # also on PostgreSQL (tests/pg.py)

PARIS = ZoneInfo("Europe/Paris")


def _workshop(ctx: ServiceContext, day: dt.date, **extra: Any) -> int:
    values: dict[str, Any] = {"title": "CV et reconversion", "place": "Salle 2, 4 rue Victor Hugo"}
    values.update(extra)
    return make_workshop(ctx, day, **values).id


@pytest.fixture
def planned(ctx: ServiceContext) -> dict[str, int]:
    anna = team.create_member(ctx, team.TeamMemberInput("Anna", "Keller", Role.FACILITATOR))
    bilal = team.create_member(ctx, team.TeamMemberInput("Bilal", "Haddad", Role.PEER_HELPER))
    ids = {
        "past": _workshop(ctx, dt.date(2026, 11, 10)),
        "december": _workshop(ctx, dt.date(2026, 12, 3), facilitator_ids=(anna.id, bilal.id)),
        "cancelled": _workshop(
            ctx, dt.date(2026, 12, 17), kind=WorkshopKind.INTERVIEW, title="", notes="Zoé Martin"
        ),
        "summer": _workshop(
            ctx, dt.date(2027, 7, 1), starts_at=dt.time(9, 0), ends_at=dt.time(12, 0)
        ),
    }
    workshops.cancel_workshop(ctx, ids["cancelled"])
    person = ps.create_participant(ctx, ps.ParticipantInput(first_name="Zoé", last_name="Martin"))
    workshops.register(ctx, ids["december"], person.id)
    return ids


def _events(data: bytes) -> dict[str, object]:
    calendar = Calendar.from_ical(data)
    return {str(e["uid"]): e for e in calendar.walk("VEVENT")}


def test_upcoming_workshops(ctx: ServiceContext, planned: dict[str, int]) -> None:
    data, count = workshop_calendar(ctx, upcoming=True)
    assert count == 3
    events = _events(data)
    uids = sorted(events)
    assert all(u.startswith("workshop-") and u.endswith(".pairdesk") for u in uids)
    december = next(
        e for u, e in events.items() if u.startswith(f"workshop-{planned['december']}@")
    )
    start = december.decoded("dtstart")  # type: ignore[attr-defined]
    end = december.decoded("dtend")  # type: ignore[attr-defined]
    assert start == dt.datetime(2026, 12, 3, 14, 0, tzinfo=PARIS)
    assert start.utcoffset() == dt.timedelta(hours=1)
    assert end - start == dt.timedelta(hours=2, minutes=30)
    assert str(december["location"]) == "Salle 2, 4 rue Victor Hugo"  # type: ignore[index]
    assert "CV et reconversion" in str(december["summary"])  # type: ignore[index]
    assert WorkshopKind.CV.label in str(december["summary"])  # type: ignore[index]
    description = str(december["description"])  # type: ignore[index]
    assert "Anna" in description and "Bilal" in description
    assert "Keller" not in description
    assert str(december["status"]) == "CONFIRMED"  # type: ignore[index]
    cancelled = next(
        e for u, e in events.items() if u.startswith(f"workshop-{planned['cancelled']}@")
    )
    assert str(cancelled["status"]) == "CANCELLED"  # type: ignore[index]
    summer = next(e for u, e in events.items() if u.startswith(f"workshop-{planned['summer']}@"))
    assert summer.decoded("dtstart").utcoffset() == dt.timedelta(hours=2)  # type: ignore[attr-defined]
    text = data.decode("utf-8")
    assert "BEGIN:VTIMEZONE" in text and "Europe/Paris" in text
    for name in ("Zoé", "Zo\\u00e9", "Martin"):  # the registered person and the notes
        assert name not in text


def test_uids_are_stable_and_selection(ctx: ServiceContext, planned: dict[str, int]) -> None:
    first, _n = workshop_calendar(ctx, workshop_id=planned["december"])
    again, _n = workshop_calendar(ctx, month="2026-12")
    one = set(_events(first))
    assert len(one) == 1 and one <= set(_events(again))
    assert len(_events(again)) == 2
    november, count = workshop_calendar(ctx, month="2026-11")
    assert count == 1 and f"workshop-{planned['past']}@" in november.decode()
    with pytest.raises(InvalidInput):
        workshop_calendar(ctx)
    with pytest.raises(InvalidInput):
        workshop_calendar(ctx, month="2026-13")
    with pytest.raises(InvalidInput):
        workshop_calendar(ctx, month="décembre")
    with pytest.raises(UnknownId):
        workshop_calendar(ctx, workshop_id=9999)


def test_export_file(ctx: ServiceContext, planned: dict[str, int], tmp_path: Path) -> None:
    target = tmp_path / "ateliers.ics"
    result = export_calendar(ctx, target, upcoming=True)
    assert result.events == 3
    assert Calendar.from_ical(target.read_bytes()).walk("VEVENT")
    with pytest.raises(InvalidInput):
        export_calendar(ctx, target, upcoming=True)  # kept without overwrite
    with pytest.raises(InvalidInput):
        export_calendar(ctx, tmp_path / "ateliers.txt", upcoming=True)

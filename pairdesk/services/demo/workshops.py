"""The workshops of the year and the coming weeks (CV, interview coaching, offer sharing,
information), two to four a week on opening days, with their facilitators."""

from __future__ import annotations

import datetime as dt

from pairdesk.domain.enums import Role, WorkshopKind
from pairdesk.services.demo.attendance import register
from pairdesk.services.demo.seeds import seed_list
from pairdesk.services.demo.state import UPCOMING_DAYS, DemoRun, PlannedWorkshop

OPENING_WEEKDAYS = (0, 1, 3, 4)  # date.weekday(): Monday, Tuesday, Thursday, Friday

_KINDS = (
    WorkshopKind.CV,
    WorkshopKind.INTERVIEW,
    WorkshopKind.OFFER_SHARING,
    WorkshopKind.INFORMATION,
)
_TITLES = {
    WorkshopKind.CV: "workshop_titles_cv",
    WorkshopKind.INTERVIEW: "workshop_titles_interview",
    WorkshopKind.OFFER_SHARING: "workshop_titles_offer_sharing",
    WorkshopKind.INFORMATION: "workshop_titles_information",
}
_CAPACITIES = {
    WorkshopKind.CV: (6, 10),
    WorkshopKind.INTERVIEW: (5, 8),
    WorkshopKind.OFFER_SHARING: (8, 14),
    WorkshopKind.INFORMATION: (12, 20),
}


def make_workshops(run: DemoRun) -> None:
    """Every week from a year ago to four weeks ahead; registrations are chosen as each
    workshop is made (:func:`pairdesk.services.demo.attendance.register`)."""
    rng = run.rng
    today = run.today
    per_week = 2 if run.n <= 300 else 3 if run.n <= 5000 else 4
    animators = run.team_with(Role.COORDINATOR, Role.FACILITATOR, Role.PEER_HELPER)
    monday = run.year_start - dt.timedelta(days=run.year_start.weekday())
    last_day = today + dt.timedelta(days=UPCOMING_DAYS)
    while monday <= last_day:
        days = sorted(rng.sample(OPENING_WEEKDAYS, per_week))
        for weekday in days:
            held_on = monday + dt.timedelta(days=weekday)
            if held_on < run.year_start or held_on > last_day:
                continue
            kind = run.weighted(_KINDS, (30, 30, 25, 15))
            morning = rng.random() < 0.3
            starts = dt.time(9, 30) if morning else dt.time(14, 0)
            ends = dt.time(11, 30) if morning else run.pick((dt.time(16, 0), dt.time(16, 30)))
            low, high = _CAPACITIES[kind]
            capacity: int | None = rng.randint(low, high)
            if kind is WorkshopKind.INFORMATION and rng.random() < 0.3:
                capacity = None
            past = held_on < today
            cancelled = rng.random() < (0.04 if past else 0.03)
            notes = ""
            if cancelled:
                notes = run.pick(seed_list("cancellation_notes"))
            elif past and rng.random() < 0.15:
                notes = run.pick(seed_list("workshop_notes"))
            workshop_id = run.new_id("workshop")
            workshop = PlannedWorkshop(workshop_id, kind, held_on, capacity, cancelled)
            run.workshops.append(workshop)
            run.add(
                "workshop",
                {
                    "id": workshop_id,
                    "kind": kind.value,
                    "title": run.pick(seed_list(_TITLES[kind])),
                    "held_on": held_on,
                    "starts_at": starts,
                    "ends_at": ends,
                    "place": run.pick(seed_list("workshop_places")),
                    "capacity": capacity,
                    "cancelled": cancelled,
                    "notes": notes,
                },
            )
            for member in rng.sample(animators, min(len(animators), rng.randint(1, 2))):
                run.add(
                    "workshop_facilitator",
                    {"workshop_id": workshop_id, "team_member_id": member.id},
                )
            register(run, workshop)
        monday += dt.timedelta(days=7)

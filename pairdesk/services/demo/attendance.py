"""Who registered for each workshop (capacity-limited) and, once it was held, who came.

Registrations are chosen while the workshops are made, from the participants' plan
(``run.people``), and written with each participant.
"""

from __future__ import annotations

import datetime as dt

from pairdesk.domain.enums import Attendance, ParticipantStatus, WorkshopKind
from pairdesk.domain.workshops import is_held
from pairdesk.services.demo.state import Contacts, DemoRun, Person, PlannedWorkshop, Registered

_ATTENDANCES = (Attendance.PRESENT.value, Attendance.ABSENT.value, Attendance.EXCUSED.value)


def register(run: DemoRun, workshop: PlannedWorkshop) -> None:
    """Choose who registered and, for workshops held before today, who came."""
    if not run.people:
        return
    rng = run.rng
    held_on = workshop.held_on
    past = held_on < run.today
    room = workshop.capacity or 18
    target = rng.randint(max(2, room // 2), room) if past else rng.randint(1, max(1, room - 2))
    chosen: list[int] = []
    for _attempt in range(target * 25):
        if len(chosen) >= target:
            break
        index = int(rng.random() * run.n)
        person = run.people[index]
        if past:
            if not person.act_from <= held_on <= person.act_to:
                continue
        elif person.status is not ParticipantStatus.ACTIVE or person.start > held_on:
            continue
        if index in chosen or rng.random() > person.engagement:
            continue
        chosen.append(index)
    # The held rule of the services (a sheet opens on the workshop's day); the demo marks
    # the sheets of the days before today and leaves today's open.
    marked = is_held(held_on, workshop.cancelled, run.today - dt.timedelta(days=1))
    for index in chosen:
        attendance: str | None = None
        if marked:
            attendance = run.weighted(_ATTENDANCES, (80, 12, 8))
        run.people[index].registrations.append(
            Registered(workshop.id, held_on, workshop.kind.value, attendance)
        )


def make_registrations(run: DemoRun, pid: int, person: Person, contacts: Contacts) -> None:
    rng = run.rng
    for workshop_id, held_on, _kind, attendance in person.registrations:
        walk_in = attendance == Attendance.PRESENT.value and rng.random() < 0.06
        registered = held_on if walk_in else held_on - dt.timedelta(days=rng.randint(1, 21))
        registered = min(max(registered, person.start), run.today)
        satisfaction = None
        if attendance == Attendance.PRESENT.value:  # only marked when not cancelled
            contacts.saw(held_on)
            run.active_on(pid, held_on)
            if rng.random() < 0.88:
                satisfaction = run.weighted((1, 2, 3, 4, 5), (2, 5, 18, 40, 35))
        run.add(
            "registration",
            {
                "id": run.new_id("registration"),
                "workshop_id": workshop_id,
                "participant_id": pid,
                "attendance": attendance,
                "satisfaction": satisfaction,
                "walk_in": walk_in,
                "registered_on": registered,
            },
        )


def attended(person: Person, kind: WorkshopKind) -> list[tuple[int, dt.date]]:
    """The workshops of this kind the person came to: (workshop id, day), in date order."""
    return [
        (r.workshop_id, r.held_on)
        for r in person.registrations
        if r.kind == kind.value and r.attendance == Attendance.PRESENT.value
    ]

"""The demo's attendance register: members and visitors counted at the door without a
file, the participants who come by, visitors without a name, and closure days (bank
holidays and a training day) over the demo's year; and each participant's situation at
entry (the supported-employment rate's denominator).

Drawn last, after everything else, so that the other steps keep their draws (the same seed
gives the same participants, workshops and contracts as before the register existed)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import bindparam, select, update

from pairdesk.domain.enums import EntrySituation, ParticipantStatus
from pairdesk.domain.register import is_member_on
from pairdesk.domain.text import fold
from pairdesk.services.demo.state import DemoRun
from pairdesk.services.demo.team import DEMO_OPENING_DAYS
from pairdesk.store.models import ClosureDay, Participant, RegisterDay

#: Fixed French bank holidays (month, day): the GEM is closed on those that fall on an
#: opening weekday.
BANK_HOLIDAYS = ((1, 1), (5, 1), (5, 8), (7, 14), (8, 15), (11, 1), (11, 11), (12, 25))
#: At most this many participants come by the door in the demo (the register's size
#: stays that of a GEM, whatever the number of participants asked for).
PARTICIPANTS_AT_THE_DOOR = 40
ENTRY_WEIGHTS = (
    (EntrySituation.OUT_OF_WORK, 55),
    (EntrySituation.IN_WORK, 8),
    (EntrySituation.SHELTERED_WORK, 8),
    (EntrySituation.IN_TRAINING, 7),
    (EntrySituation.OTHER, 7),
    (None, 15),
)


def make_register(run: DemoRun) -> None:
    rng = run.rng
    today = run.today
    weekdays = {int(day) for day in DEMO_OPENING_DAYS.split(",")}
    _entry_situations(run)

    # -- the register's people ------------------------------------------------------------
    members = max(8, min(120, run.n // 3 + 6))
    visitors = max(4, members // 3)
    used: list[str] = []
    people: list[tuple[int, float, dt.date | None, bool]] = []  # id, chance, since, member
    for index in range(members + visitors):
        member = index < members
        first, last = run.fresh_name(used)
        name = f"{first} {last[0]}."
        since = today - dt.timedelta(days=rng.randint(30, 4 * 365)) if member else None
        person_id = run.new_id("register_person")
        run.add(
            "register_person",
            {
                "id": person_id,
                "display_name": name,
                "kind": "member" if member else "visitor",
                "member_since": since,
                "member_until": None,
                "active": True,
                "search_text": fold(name)[:200],
                "created_at": dt.datetime.combine(since or run.year_start, dt.time(12)),
            },
        )
        chance = (0.15 + 0.45 * rng.random()) if member else 0.04 + 0.06 * rng.random()
        people.append((person_id, chance, since, member))

    # -- participants who come by ---------------------------------------------------------
    first_pid = run.next_id.get("participant", 1) - run.n
    door: list[tuple[int, float, dt.date, dt.date | None]] = []
    for index, person in enumerate(run.people[:PARTICIPANTS_AT_THE_DOOR]):
        if person.status is ParticipantStatus.ACTIVE:
            door.append((first_pid + index, 0.1 * person.engagement, person.start, person.end))

    # -- the year's days (those of an earlier demo run keep their closure and count) -------
    session = run.session
    closed = set(session.scalars(select(ClosureDay.day)))
    counted = set(session.scalars(select(RegisterDay.day)))
    training_day = run.date_between(run.year_start, today - dt.timedelta(days=30))
    while training_day.isoweekday() not in weekdays:  # a day the GEM would have opened
        training_day += dt.timedelta(days=1)
    day = run.year_start
    while day <= today:
        if day.isoweekday() in weekdays:
            holiday = (day.month, day.day) in BANK_HOLIDAYS
            if day in closed:
                pass
            elif holiday or day == training_day:
                run.add(
                    "closure_day",
                    {"day": day, "reason": "Jour férié" if holiday else "Formation de l'équipe"},
                )
            else:
                _open_day(run, day, people, door, count_anonymous=day not in counted)
        day += dt.timedelta(days=1)


def _open_day(
    run: DemoRun,
    day: dt.date,
    people: list[tuple[int, float, dt.date | None, bool]],
    door: list[tuple[int, float, dt.date, dt.date | None]],
    *,
    count_anonymous: bool,
) -> None:
    rng = run.rng
    for person_id, chance, since, member in people:
        if member and since is not None and since > day:
            continue
        if rng.random() < chance:
            run.add(
                "day_presence",
                {
                    "id": run.new_id("day_presence"),
                    "day": day,
                    "register_person_id": person_id,
                    "participant_id": None,
                },
            )
    for pid, chance, start, end in door:
        if is_member_on(day, start, end) and rng.random() < chance:
            run.add(
                "day_presence",
                {
                    "id": run.new_id("day_presence"),
                    "day": day,
                    "register_person_id": None,
                    "participant_id": pid,
                },
            )
    anonymous = run.weighted((0, 1, 2, 3), (55, 25, 13, 7))
    if anonymous and count_anonymous:
        run.add("register_day", {"day": day, "anonymous_visitors": anonymous})


def _entry_situations(run: DemoRun) -> None:
    """Each demo participant's situation at entry, written onto the rows already there."""
    first_pid = run.next_id.get("participant", 1) - run.n
    choices = [situation for situation, _weight in ENTRY_WEIGHTS]
    weights = [weight for _situation, weight in ENTRY_WEIGHTS]
    rows = [
        {
            "pid": first_pid + index,
            "situation": None if (s := run.weighted(choices, weights)) is None else s.value,
        }
        for index in range(run.n)
    ]
    if rows:
        run.flush()
        run.session.connection().execute(
            update(Participant.__table__)  # type: ignore[arg-type]
            .where(Participant.__table__.c.id == bindparam("pid"))
            .values(entry_situation=bindparam("situation")),
            rows,
        )

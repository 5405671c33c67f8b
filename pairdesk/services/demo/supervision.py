"""Supervision (practice analysis) of the peer helpers, every four to six weeks."""

from __future__ import annotations

import datetime as dt

from pairdesk.domain.enums import Role
from pairdesk.services.demo.state import DemoRun


def make_supervision(run: DemoRun) -> None:
    peers = run.team_with(Role.PEER_HELPER)
    leads = run.team_with(Role.COORDINATOR, Role.FACILITATOR)
    if not peers:
        return
    day = run.year_start + dt.timedelta(days=10)
    while day < run.today:
        held_on = day + dt.timedelta(days=(1 - day.weekday()) % 7)  # a Tuesday
        if held_on >= run.today:
            break
        attendees = [m.name for m in peers]
        if leads:
            # Two draws (a first name and a last name), kept so that a seed gives the
            # same vault as before.
            attendees.append(f"{run.pick(leads).first_name} {run.pick(leads).last_name}")
        run.add(
            "supervision_session",
            {
                "id": run.new_id("supervision_session"),
                "held_on": held_on,
                "attendees": ", ".join(dict.fromkeys(attendees)),
                "themes": run.some("supervision_themes", 1, 2),
                "follow_ups": run.some("supervision_follow_ups", 1, 2),
            },
        )
        day += dt.timedelta(days=run.rng.randint(28, 42))

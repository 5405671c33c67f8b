"""The demo association, its team and its directory of external referents."""

from __future__ import annotations

import datetime as dt
import math

from pairdesk.domain.enums import ReferentKind, Role
from pairdesk.domain.text import search_text
from pairdesk.services.demo.seeds import phone, seed_fields, slug
from pairdesk.services.demo.state import DemoRun, Member
from pairdesk.store.models import Association

DEMO_ASSOCIATION_NAME = "GEM Les Tilleuls (démo)"
DEMO_ADDRESS = "12 passage des Tilleuls-Fictifs\n69100 Villeurbanne"
DEMO_PHONE = "06 00 00 00 00"
DEMO_EMAIL = "contact@gem-tilleuls.invalid"
DEMO_OPENING_DAYS = "1,2,4,5"
DEMO_OPENING_HOURS = "Lundi, mardi, jeudi : 13 h 30 – 18 h\nVendredi : 10 h – 17 h"
TEAM_DOMAIN = "gem-tilleuls.invalid"


def update_association(run: DemoRun) -> None:
    """Rename the association and give it the demo's address, hours and staff."""
    association = run.session.get(Association, 1)
    if association is None:
        association = Association(id=1, name=DEMO_ASSOCIATION_NAME, created_on=run.today)
        run.session.add(association)
    association.name = DEMO_ASSOCIATION_NAME
    association.address = DEMO_ADDRESS
    association.phone = DEMO_PHONE
    association.email = DEMO_EMAIL
    association.opening_days = DEMO_OPENING_DAYS
    association.opening_hours = DEMO_OPENING_HOURS
    association.opening_days_per_year = 200
    association.staff_fte = round(2.4 + 0.4 * math.log2(max(1.0, run.n / 60)), 1)
    run.session.flush()


def make_team(run: DemoRun) -> None:
    """A coordinator first (team member 1 when the vault had no team), then facilitators,
    peer helpers and volunteers, more of them for a larger association."""
    size = 6 + round(2 * math.log2(max(1.0, run.n / 60)))
    roles = [Role.COORDINATOR, Role.FACILITATOR, Role.PEER_HELPER, Role.PEER_HELPER]
    roles += [Role.FACILITATOR, Role.VOLUNTEER]
    if run.n >= 200:
        roles.insert(1, Role.COORDINATOR)
    cycle = (Role.PEER_HELPER, Role.FACILITATOR, Role.PEER_HELPER, Role.VOLUNTEER)
    while len(roles) < size:
        roles.append(cycle[len(roles) % len(cycle)])
    created = dt.datetime.combine(run.today - dt.timedelta(days=500), dt.time(9, 0))
    used: list[str] = []
    for number, role in enumerate(roles):
        first, last = run.fresh_name(used)
        member_id = run.new_id("team_member")
        run.team.append(Member(member_id, first, last, role))
        run.add(
            "team_member",
            {
                "id": member_id,
                "first_name": first,
                "last_name": last,
                "role": role.value,
                "email": f"{slug(first)}.{slug(last)}@{TEAM_DOMAIN}",
                "phone": phone(9000 + number),
                "pin_hash": None,
                "active": True,
                "created_at": created + dt.timedelta(days=number * 17),
            },
        )


def make_referents(run: DemoRun) -> None:
    """One referent per listed organisation, and another round per 10,000 participants."""
    organisations = seed_fields("referent_organisations", 2)
    rounds = 1 + run.n // 10_000
    used: list[str] = []
    number = 0
    for _round in range(rounds):
        for kind_value, organisation in organisations:
            kind = ReferentKind(kind_value)
            first, last = run.fresh_name(used)
            name = f"{first} {last}"
            email = f"{slug(first)}.{slug(last)}@referents.invalid"
            referent_id = run.new_id("referent")
            run.referents_by_kind.setdefault(kind, []).append((referent_id, name))
            run.add(
                "referent",
                {
                    "id": referent_id,
                    "name": name,
                    "organisation": organisation,
                    "kind": kind.value,
                    "phone": phone(8000 + number),
                    "email": email,
                    "notes": "",
                    "active": True,
                    # As services.team keeps it (name, organisation and e-mail).
                    "search_text": search_text(name, organisation, email),
                },
            )
            number += 1

"""Participants: the plan drawn for everyone up front, then each person's file with their
support schemes, consents and cross tutoring, and everything around them.

The derived columns are those the services keep: ``search_text`` from first and last name,
pseudonym, city and the names of the referents of their schemes (in scheme order), as
``services.search`` refreshes it; ``sort_name`` by
:func:`pairdesk.domain.text.sort_name` ("last first", folded and cut to the column);
``last_contact_on`` by :mod:`pairdesk.domain.contacts`, as ``services.last_contact``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from pairdesk.domain.enums import (
    REFERENT_KIND_OF_SCHEME,
    ConsentMethod,
    ConsentPurpose,
    FollowUpFrequency,
    FollowUpMode,
    ParticipantStatus,
    ReferentKind,
    Role,
    RqthStatus,
    Scheme,
)
from pairdesk.domain.text import search_text, sort_name
from pairdesk.services.demo.assessments import make_self_assessments
from pairdesk.services.demo.attendance import make_registrations
from pairdesk.services.demo.coaching import make_mock_interviews
from pairdesk.services.demo.cvs import make_cvs
from pairdesk.services.demo.offers import make_shares
from pairdesk.services.demo.pathways import (
    make_contracts,
    make_events,
    make_goals,
    make_pathway,
    make_wellbeing_plan,
)
from pairdesk.services.demo.seeds import phone, seed_fields, seed_list, slug
from pairdesk.services.demo.state import PAST_DAYS, Contacts, DemoRun, Person

# A scheme "other" is followed with a health professional in the demo.
_SCHEME_REFERENT_KIND = {**REFERENT_KIND_OF_SCHEME, Scheme.OTHER: ReferentKind.HEALTH}
_SCHEMES = [
    Scheme.FRANCE_TRAVAIL,
    Scheme.CAP_EMPLOI,
    Scheme.DEA,
    Scheme.MISSION_LOCALE,
    Scheme.ESAT,
    Scheme.ENTREPRISE_ADAPTEE,
    Scheme.OTHER,
]


def plan_people(run: DemoRun) -> None:
    """Membership, status and active months of every participant, drawn before the
    workshops so that these can choose who registered."""
    rng = run.rng
    today = run.today
    for _index in range(run.n):
        if rng.random() < 0.4:
            start = today - dt.timedelta(days=rng.randint(7, PAST_DAYS))
        else:
            start = today - dt.timedelta(days=rng.randint(PAST_DAYS + 1, 4 * PAST_DAYS))
        status = run.weighted(
            (ParticipantStatus.ACTIVE, ParticipantStatus.PAUSED, ParticipantStatus.LEFT),
            (80, 10, 10),
        )
        act_from = max(start, run.year_start)
        end: dt.date | None = None
        act_to = today
        if status is ParticipantStatus.LEFT:
            end = run.date_between(act_from + dt.timedelta(days=20), today - dt.timedelta(days=1))
            if end >= today:
                status, end = ParticipantStatus.ACTIVE, None
            else:
                act_to = end
        elif status is ParticipantStatus.PAUSED:
            act_to = today - dt.timedelta(days=rng.randint(20, 120))
            if act_to <= act_from + dt.timedelta(days=14):
                status, act_to = ParticipantStatus.ACTIVE, today
        engagement = 0.15 + 0.85 * rng.random() ** 1.5
        run.people.append(Person(start, end, status, act_from, act_to, engagement))


def make_people(run: DemoRun, chunk: int, chunk_done: Callable[[int], None]) -> None:
    """Every planned participant, ``chunk`` at a time: each chunk flushed, then
    ``chunk_done(how many so far)``."""
    for first in range(0, run.n, chunk):
        for index in range(first, min(first + chunk, run.n)):
            make_participant(run, index)
        run.flush()
        chunk_done(min(first + chunk, run.n))


def make_participant(run: DemoRun, index: int) -> None:
    """The ``index``-th planned participant and everything around them."""
    rng = run.rng
    today = run.today
    person = run.people[index]
    pid = run.new_id("participant")
    featured = seed_fields("featured_participants", 2)
    if index < len(featured):
        first, last = featured[index]
    else:
        first = run.pick(seed_list("first_names"))
        last = run.pick(seed_list("last_names"))
    pseudonym = run.pick(seed_list("pseudonyms")) if rng.random() < 0.12 else ""
    city = (
        run.pick(seed_list("cities")[:12]) if rng.random() < 0.7 else run.pick(seed_list("cities"))
    )
    age = rng.randint(19, 62)
    birth_year = today.year - age
    birth_date = None
    if rng.random() < 0.75:
        birth_date = run.date_between(dt.date(birth_year, 1, 1), dt.date(birth_year, 12, 28))
    contacts = Contacts(today)

    referent_names, referents = make_schemes(run, pid, person, age)
    make_consents(run, pid, person, referents)
    make_tutoring(run, pid, person, referents)
    job = make_pathway(run, pid, person)
    goals = make_goals(run, pid, person)
    make_contracts(run, pid, person, contacts)
    make_events(run, pid, person, goals, contacts)
    make_wellbeing_plan(run, pid, person)
    make_registrations(run, pid, person, contacts)
    make_cvs(run, pid, person, job)
    make_mock_interviews(run, pid, person, job, contacts)
    make_shares(run, pid, person, contacts)
    make_self_assessments(run, pid, person, contacts)
    run.write_activity(pid)

    # RQTH, some ending within 90 days of today.
    rqth = run.weighted(list(RqthStatus), (40, 10, 44, 6))
    rqth_until = None
    if rqth is RqthStatus.GRANTED:
        if rng.random() < 0.12:
            rqth_until = today + dt.timedelta(days=rng.randint(0, 90))
        else:
            rqth_until = today + dt.timedelta(days=rng.randint(91, 5 * 365))
    elif rqth is RqthStatus.EXPIRED:
        rqth_until = today - dt.timedelta(days=rng.randint(1, 400))

    created_at = dt.datetime.combine(person.start, dt.time(9 + index % 8, (index * 7) % 60))
    email = ""
    if rng.random() < 0.7:
        email = f"{slug(first)}.{slug(last)}.{index + 1}@example.org"
    run.add(
        "participant",
        {
            "id": pid,
            "first_name": first,
            "last_name": last,
            "pseudonym": pseudonym,
            "birth_date": birth_date,
            "birth_year": birth_year,
            "phone": phone(index + 1) if rng.random() < 0.85 else "",
            "email": email,
            "address": f"{rng.randint(1, 120)} {run.pick(seed_list('streets'))}",
            "city": city,
            "membership_start": person.start,
            "membership_end": person.end,
            "status": person.status.value,
            "anonymised": False,
            "is_peer_helper": rng.random() < 0.06,
            "rqth_status": rqth.value,
            "rqth_until": rqth_until,
            "followup_frequency": run.pick(list(FollowUpFrequency)).value
            if rng.random() < 0.8
            else None,
            "followup_mode": run.weighted(list(FollowUpMode), (70, 20, 10)).value
            if rng.random() < 0.85
            else None,
            "followup_times": run.pick(seed_list("followup_times")) if rng.random() < 0.5 else "",
            "notes": run.pick(seed_list("participant_notes")) if rng.random() < 0.3 else "",
            "last_contact_on": contacts.last,
            "search_text": search_text(first, last, pseudonym, city, *referent_names),
            "sort_name": sort_name(last, first),
            "created_at": created_at,
            "updated_at": created_at,
        },
    )


def make_schemes(run: DemoRun, pid: int, person: Person, age: int) -> tuple[list[str], list[int]]:
    """Up to two support schemes, most with a referent; returns the referents' names (for
    the search text) and ids (for consents and tutoring), in scheme order."""
    rng = run.rng
    today = run.today
    referent_names: list[str] = []
    referent_ids: list[int] = []
    weights = [30, 25, 12, 12 if age < 26 else 0, 7, 7, 10]
    schemes: list[Scheme] = []
    for _n in range(run.weighted((0, 1, 2), (15, 60, 25))):
        scheme = run.weighted(_SCHEMES, weights)
        if scheme in schemes:
            continue
        schemes.append(scheme)
        referent_id = None
        pool = run.referents_by_kind.get(_SCHEME_REFERENT_KIND[scheme], [])
        if pool and rng.random() < 0.85:
            referent_id, referent_name = run.pick(pool)
            referent_names.append(referent_name)
            referent_ids.append(referent_id)
        started = run.date_between(
            person.start - dt.timedelta(days=400), person.start + dt.timedelta(days=60)
        )
        started = min(started, today)
        ended = None
        if rng.random() < 0.1 and started + dt.timedelta(days=30) < today:
            ended = run.date_between(started + dt.timedelta(days=30), today)
        run.add(
            "participant_scheme",
            {
                "id": run.new_id("participant_scheme"),
                "participant_id": pid,
                "scheme": scheme.value,
                "referent_id": referent_id,
                "started_on": started,
                "ended_on": ended,
                "notes": "",
            },
        )
    return referent_names, referent_ids


def make_consents(run: DemoRun, pid: int, person: Person, referents: list[int]) -> None:
    """Keeping the file (a few not recorded yet, a few withdrawn), and for some sharing
    with their first referent, photos and collective documents."""
    rng = run.rng
    methods = list(ConsentMethod)
    method_weights = (20, 25, 50, 5)
    roll = rng.random()
    if roll < 0.06:
        return  # no consent recorded yet: the file shows it as missing
    withdrawn = None
    if roll < 0.08:
        withdrawn = run.date_between(person.act_from, person.act_to)
    purposes: list[tuple[ConsentPurpose, int | None]] = [(ConsentPurpose.KEEP_FILE, None)]
    if referents and rng.random() < 0.5:
        purposes.append((ConsentPurpose.SHARE_WITH_REFERENT, referents[0]))
    if rng.random() < 0.3:
        purposes.append((ConsentPurpose.PHOTOS, None))
    if rng.random() < 0.4:
        purposes.append((ConsentPurpose.COLLECTIVE_DOCUMENTS, None))
    for purpose, referent_id in purposes:
        run.add(
            "consent",
            {
                "id": run.new_id("consent"),
                "participant_id": pid,
                "purpose": purpose.value,
                "referent_id": referent_id,
                "given_on": person.start,
                "method": run.weighted(methods, method_weights).value,
                "withdrawn_on": withdrawn if purpose is ConsentPurpose.KEEP_FILE else None,
                "notes": "",
            },
        )


def make_tutoring(run: DemoRun, pid: int, person: Person, referents: list[int]) -> None:
    """Cross tutoring for one in five: a peer helper with a professional of the team or
    one of their referents."""
    peers = run.team_with(Role.PEER_HELPER)
    if not peers or run.rng.random() >= 0.2:
        return
    professionals = run.team_with(Role.FACILITATOR, Role.COORDINATOR)
    professional_id = None
    referent_id = None
    if referents and run.rng.random() < 0.4:
        referent_id = run.pick(referents)
    elif professionals:
        professional_id = run.pick(professionals).id
    started = run.date_between(person.act_from, person.act_to)
    ended = None
    if run.rng.random() < 0.2:
        ended = run.date_between(started + dt.timedelta(days=30), person.act_to)
        ended = min(ended, run.today)
    run.add(
        "tutoring",
        {
            "id": run.new_id("tutoring"),
            "participant_id": pid,
            "peer_helper_id": run.pick(peers).id,
            "professional_id": professional_id,
            "professional_referent_id": referent_id,
            "started_on": started,
            "ended_on": ended,
        },
    )

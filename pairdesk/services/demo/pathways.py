"""Pathways: aspirations, goals, steps (pathway events), contracts with their retention
checks, and the wellbeing plan.

Derived dates use the services' calendar rules (:mod:`pairdesk.domain.dates`): a CDD's
planned end is the last day of its term, as contracts are written in France, and a
retention milestone falls ``add_months(start, months)`` after the start, as
``services.pathways`` lists them due.
"""

from __future__ import annotations

import datetime as dt

from pairdesk.domain.dates import add_months, last_day_of_term
from pairdesk.domain.enums import (
    RETENTION_MONTHS,
    ContractType,
    EventKind,
    GoalStatus,
    ParticipantStatus,
)
from pairdesk.services.demo.seeds import seed_list
from pairdesk.services.demo.state import PAST_DAYS, Contacts, DemoRun, Person
from pairdesk.store.contract_rules import contract_rule_values

_EVENT_KINDS = (
    EventKind.MEETING,
    EventKind.APPLICATION,
    EventKind.INTERVIEW,
    EventKind.IMMERSION,
    EventKind.TRAINING,
    EventKind.OTHER,
)
_EVENT_TITLES = (
    "events_meeting",
    "events_application",
    "events_interview",
    "events_immersion",
    "events_training",
    "events_other",
)


def make_pathway(run: DemoRun, pid: int, person: Person) -> str:
    """The pathway (one in twenty has none yet); returns the job aimed at, for CVs and
    mock interviews."""
    rng = run.rng
    job = run.pick(seed_list("job_titles"))
    if rng.random() < 0.05:
        return job
    places = run.pick(seed_list("cities")[:12])
    if rng.random() < 0.4:
        places = f"{places}, {run.pick(seed_list('cities')[:20])}"
    run.add(
        "pathway",
        {
            "id": run.new_id("pathway"),
            "participant_id": pid,
            "aspirations": run.some("aspirations", 1, 2),
            "skills": run.some("skills", 2, 5),
            "lived_experience_skills": run.some("lived_experience_skills", 1, 3),
            "volunteering": run.some("volunteering", 1, 1) if rng.random() < 0.2 else "",
            "accommodations_needed": run.some("accommodations", 0, 3),
            "preferred_hours_per_week": run.pick((None, 15.0, 20.0, 24.0, 28.0, 30.0, 35.0)),
            "preferred_places": places,
        },
    )
    return job


def make_goals(run: DemoRun, pid: int, person: Person) -> list[tuple[int, dt.date]]:
    """One to three goals; returns (goal id, opened on) for the steps that follow them."""
    rng = run.rng
    today = run.today
    goals: list[tuple[int, dt.date]] = []
    earliest = max(person.start, today - dt.timedelta(days=540))
    for title in rng.sample(seed_list("goals"), rng.randint(1, 3)):
        opened = run.date_between(earliest, person.act_to)
        status = run.weighted(list(GoalStatus), (55, 33, 12))
        closed = None
        if status is not GoalStatus.OPEN:
            closed = opened + dt.timedelta(days=rng.randint(20, 200))
            if closed > min(person.act_to, today):
                status, closed = GoalStatus.OPEN, None
        target = opened + dt.timedelta(days=rng.randint(60, 240)) if rng.random() < 0.7 else None
        goal_id = run.new_id("goal")
        goals.append((goal_id, opened))
        run.add(
            "goal",
            {
                "id": goal_id,
                "participant_id": pid,
                "title": title,
                "details": "",
                "status": status.value,
                "opened_on": opened,
                "target_on": target,
                "closed_on": closed,
            },
        )
    return goals


def make_contracts(run: DemoRun, pid: int, person: Person, contacts: Contacts) -> None:
    """A contract during the year for about one in five, an older one for a few."""
    rng = run.rng
    starts: list[dt.date] = []
    if rng.random() < 0.22:
        starts.append(run.date_between(person.act_from, person.act_to))
    older_from = run.today - dt.timedelta(days=610)
    if rng.random() < 0.1 and person.start <= run.today - dt.timedelta(days=370):
        starts.append(
            run.date_between(max(person.start, older_from), run.today - dt.timedelta(days=370))
        )
    for started in sorted(starts):
        make_contract(run, pid, started, person.act_to, contacts)


def make_contract(
    run: DemoRun,
    pid: int,
    started: dt.date,
    until: dt.date,
    contacts: Contacts,
    *,
    title: str | None = None,
    employer: str | None = None,
    contract_type: ContractType | None = None,
    hours: float | None = None,
) -> None:
    """A contract, the steps "signed" (and "ended" up to ``until``) and its retention
    checks; the offer-sharing module gives the job of a hire."""
    rng = run.rng
    today = run.today
    if contract_type is None:
        contract_type = run.weighted(list(ContractType), (15, 30, 15, 15, 10, 15))
    title = title or run.pick(seed_list("job_titles"))
    employer = employer or run.pick(seed_list("employers"))
    if hours is None:
        hours = run.pick((15.0, 17.5, 20.0, 24.0, 28.0, 30.0, 35.0))
    planned = None
    if contract_type is ContractType.CDD:
        # End dates are the last day worked, as contracts are written in France: a
        # six-month CDD from 01/11 ends on 30/04.
        planned = last_day_of_term(started, run.pick((1, 2, 3, 6, 9, 12)))
    elif contract_type is ContractType.INTERIM:
        planned = started + dt.timedelta(days=rng.randint(14, 100))
    elif contract_type is ContractType.CONTRAT_AIDE:
        planned = last_day_of_term(started, run.pick((6, 9, 12, 24)))
    ended = None
    reason = ""
    if rng.random() < 0.1:
        ended = started + dt.timedelta(days=rng.randint(10, 150))
        if planned is not None and ended > planned:
            ended = planned
        reason = run.pick(seed_list("contract_end_reasons"))
    elif planned is not None and planned <= today:
        ended = planned
    if ended is not None and ended > today:
        ended, reason = None, ""
    contract_id = run.new_id("contract")
    run.add(
        "contract",
        {
            "id": contract_id,
            "participant_id": pid,
            "contract_type": contract_type.value,
            "employer": employer,
            "job_title": title,
            "hours_per_week": hours,
            "started_on": started,
            "planned_end_on": planned,
            "ended_on": ended,
            "end_reason": reason,
            **contract_rule_values(contract_type.value, started, planned),
        },
    )
    label = f"{title} — {employer}"
    add_event(run, pid, EventKind.CONTRACT_SIGNED, started, label, contract_id=contract_id)
    contacts.saw(started)
    if ended is not None and ended <= until:
        add_event(run, pid, EventKind.CONTRACT_ENDED, ended, label, contract_id=contract_id)
        contacts.saw(ended)
    for months in RETENTION_MONTHS:
        due = add_months(started, months)
        # Milestones of the last two weeks are left unchecked: "due around today".
        if due > today - dt.timedelta(days=14) or rng.random() > 0.75:
            continue
        checked = min(today, due + dt.timedelta(days=rng.randint(0, 10)))
        employed = ended is None or ended > due or rng.random() < 0.15
        run.add(
            "retention_check",
            {
                "id": run.new_id("retention_check"),
                "contract_id": contract_id,
                "months": months,
                "checked_on": checked,
                "employed": employed,
                "notes": run.pick(seed_list("retention_notes"))
                if employed and rng.random() < 0.4
                else "",
            },
        )


def add_event(
    run: DemoRun,
    pid: int,
    kind: EventKind,
    occurred_on: dt.date,
    title: str,
    *,
    goal_id: int | None = None,
    contract_id: int | None = None,
    notes: str = "",
) -> None:
    run.add(
        "pathway_event",
        {
            "id": run.new_id("pathway_event"),
            "participant_id": pid,
            "kind": kind.value,
            "occurred_on": occurred_on,
            "title": title,
            "notes": notes,
            "goal_id": goal_id,
            "contract_id": contract_id,
        },
    )


def make_events(
    run: DemoRun,
    pid: int,
    person: Person,
    goals: list[tuple[int, dt.date]],
    contacts: Contacts,
) -> None:
    """Steps over the person's active months, some following a goal, and for one active
    person in three a meeting planned in the coming three weeks."""
    rng = run.rng
    window = (person.act_to - person.act_from).days
    count = max(1, round(rng.randint(2, 8) * min(1.0, (window + 30) / PAST_DAYS)))
    for _n in range(count):
        position = run.weighted(range(len(_EVENT_KINDS)), (45, 20, 8, 7, 12, 8))
        occurred = run.date_between(person.act_from, person.act_to)
        goal_id = None
        if goals and rng.random() < 0.35:
            goal_id, opened = run.pick(goals)
            if opened > occurred:
                goal_id = None
        notes = run.pick(seed_list("event_notes")) if rng.random() < 0.3 else ""
        add_event(
            run,
            pid,
            _EVENT_KINDS[position],
            occurred,
            run.pick(seed_list(_EVENT_TITLES[position])),
            goal_id=goal_id,
            notes=notes,
        )
        contacts.saw(occurred)
    if person.status is ParticipantStatus.ACTIVE and rng.random() < 0.3:
        upcoming = run.today + dt.timedelta(days=rng.randint(1, 21))
        add_event(run, pid, EventKind.MEETING, upcoming, run.pick(seed_list("events_meeting")))
        contacts.saw(upcoming)  # planned: no contact yet (domain.contacts)


def make_wellbeing_plan(run: DemoRun, pid: int, person: Person) -> None:
    """A wellbeing and relapse-prevention plan for about one person in three."""
    if run.rng.random() >= 0.3:
        return
    run.add(
        "wellbeing_plan",
        {
            "id": run.new_id("wellbeing_plan"),
            "participant_id": pid,
            "triggers": run.some("wellbeing_triggers", 1, 2),
            "warning_signs": run.some("wellbeing_warning_signs", 1, 2),
            "what_helps": run.some("wellbeing_what_helps", 1, 3),
            "who_to_call": run.some("wellbeing_who_to_call", 1, 2),
            "updated_on": run.date_between(person.act_from, person.act_to),
        },
    )

"""Demo data: the employer directory (issue 15).

Built last, from what the other steps wrote: every employer name typed on an offer or a
contract becomes one directory entry (spelling variants grouped by
:func:`pairdesk.domain.employers.employer_key`), with a sector, a town, one or two
fictional contacts; offers and contracts are linked to it. Each contract gets the
person's disclosure choice and, for some, accommodations in work terms; employers who
took someone on get visits and calls (a retention follow-up names the person only when
their choice allows a contact about them); a few awareness sessions in companies and
cross-training sessions with employment counsellors are held.

Drawn after everything else, with the run's random source: the draws of the other steps
keep their order, and the same seed and day give the same directory.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import bindparam, insert, select, update

from pairdesk.domain.employers import (
    AccommodationKind,
    AccommodationOutcome,
    Disclosure,
    EmployerKind,
    EmployerSize,
    InteractionKind,
    contact_about_person_allowed,
    employer_key,
    guess_kind,
)
from pairdesk.domain.enums import WorkshopKind
from pairdesk.domain.text import fold, search_text
from pairdesk.services.demo.seeds import phone, seed_list, slug
from pairdesk.services.demo.state import DemoRun
from pairdesk.store.models import (
    Accommodation,
    Base,
    Contract,
    DisclosureChoice,
    Employer,
    EmployerContact,
    EmployerInteraction,
    JobOffer,
    Workshop,
)

_SECTORS = (
    "Commerce alimentaire",
    "Restauration",
    "Logistique",
    "Espaces verts",
    "Propreté",
    "Services à la personne",
    "Administration",
    "Recyclage",
    "Culture",
    "Santé",
)
_ROLES = (
    "Gérant·e",
    "Responsable des ressources humaines",
    "Chef·fe d'équipe",
    "Référent·e handicap",
    "Directeur·rice",
)
_NOTES = (
    "Accueil bienveillant, préfère être appelé le matin.",
    "A déjà accueilli deux personnes en immersion.",
    "Intéressé par une sensibilisation de l'équipe.",
    "Recrute surtout au printemps.",
)
_ACCOMMODATION_DETAILS = {
    AccommodationKind.HOURS: "Début à 10 h les deux premiers mois",
    AccommodationKind.BREAKS: "Une pause de 10 minutes chaque heure et demie",
    AccommodationKind.QUIET_PLACE: "Poste dans l'arrière-boutique, loin de la caisse",
    AccommodationKind.WRITTEN_INSTRUCTIONS: "Consignes de la journée écrites sur une fiche",
    AccommodationKind.TUTOR: "Un tuteur dans l'équipe, point chaque vendredi",
    AccommodationKind.OTHER: "Casque antibruit fourni",
}
_INTERACTION_TEXTS = {
    InteractionKind.VISIT: "Visite de l'atelier avec la responsable.",
    InteractionKind.PHONE_CALL: "Point téléphonique sur les besoins de recrutement.",
    InteractionKind.RETENTION_FOLLOW_UP: "Point de maintien dans l'emploi, tout se passe bien.",
}
AWARENESS_SESSIONS = 4
CROSS_TRAININGS = 2


def _rows(run: DemoRun, model: Any, rows: list[dict[str, Any]]) -> None:
    if rows:
        run.session.execute(insert(model.__table__), rows)


def make_employers(run: DemoRun) -> int:
    """The directory and everything around it; the number of employers entered."""
    run.flush()
    session, rng, today = run.session, run.rng, run.today
    typed = sorted(
        {name for (name,) in session.execute(select(JobOffer.employer)) if name}
        | {name for (name,) in session.execute(select(Contract.employer)) if name}
    )
    first_id = (session.execute(select(Employer.id).order_by(Employer.id.desc())).scalar() or 0) + 1
    by_key: dict[str, int] = {}
    names: dict[int, str] = {}
    employers: list[dict[str, Any]] = []
    contacts: list[dict[str, Any]] = []
    towns = seed_list("cities")
    for name in typed:
        key = employer_key(name)
        if not key or key in by_key:
            continue
        employer_id = first_id + len(employers)
        by_key[key] = employer_id
        names[employer_id] = name
        kind = guess_kind(name)
        if kind is EmployerKind.ORDINARY and rng.random() < 0.1:
            kind = EmployerKind.ENTREPRISE_ADAPTEE
        town = towns[min(int(rng.random() ** 2 * len(towns)), len(towns) - 1)]
        sector = run.pick(_SECTORS)
        # most were known before the year of activity; some entered during it
        created = run.date_between(run.year_start - dt.timedelta(days=730), today)
        next_step, next_on = "", None
        if rng.random() < 0.3:
            next_step = "Proposer une visite avec un·e pair-aidant·e"
            next_on = today + dt.timedelta(days=rng.randint(-20, 60))
        employers.append(
            {
                "id": employer_id,
                "name": name,
                "sort_name": fold(name)[:200],
                "sector": sector,
                "town": town,
                "size": run.pick(list(EmployerSize)).value,
                "kind": kind.value,
                "open_to_mental_health": rng.random() < 0.55,
                "notes": run.pick(_NOTES) if rng.random() < 0.4 else "",
                "next_step": next_step,
                "next_step_on": next_on,
                "active": rng.random() > 0.05,
                "created_on": created,
                "search_text": search_text(name, town, sector),
            }
        )
        for _n in range(rng.randint(1, 2)):
            first = run.pick(seed_list("first_names"))
            last = run.pick(seed_list("last_names"))
            contacts.append(
                {
                    "employer_id": employer_id,
                    "name": f"{first} {last}",
                    "role": run.pick(_ROLES),
                    "phone": phone(rng.randint(0, 9999)),
                    "email": f"{slug(first)}.{slug(last)}@{slug(name)}.invalid",
                }
            )
    _rows(run, Employer, employers)
    _rows(run, EmployerContact, contacts)
    _link(run, by_key)
    placed = _contracts(run, by_key)
    _interactions(run, placed)
    _awareness(run, list(names))
    return len(employers)


def _link(run: DemoRun, by_key: dict[str, int]) -> None:
    for table in (Base.metadata.tables["job_offer"], Base.metadata.tables["contract"]):
        rows = [
            {"rid": rid, "eid": by_key[employer_key(name)]}
            for rid, name in run.session.execute(select(table.c.id, table.c.employer))
            if name and employer_key(name) in by_key
        ]
        if rows:
            run.session.execute(
                update(table)
                .where(table.c.id == bindparam("rid"))
                .values(employer_id=bindparam("eid")),
                rows,
            )


def _contracts(
    run: DemoRun, by_key: dict[str, int]
) -> dict[int, list[tuple[int, dt.date, Disclosure]]]:
    """Disclosure choices and accommodations; per employer, its placements."""
    rng = run.rng
    placed: dict[int, list[tuple[int, dt.date, Disclosure]]] = {}
    choices: list[dict[str, Any]] = []
    accommodations: list[dict[str, Any]] = []
    query = select(Contract.id, Contract.participant_id, Contract.employer, Contract.started_on)
    for cid, pid, name, started in run.session.execute(query.order_by(Contract.id)):
        choice = run.weighted(list(Disclosure), (35, 25, 30, 10))
        choices.append({"contract_id": cid, "choice": choice.value, "chosen_on": started})
        if choice is not Disclosure.NOT_DISCLOSED and rng.random() < 0.15:
            # changed her mind later: a second row, the latest is in force
            later = min(run.today, started + dt.timedelta(days=rng.randint(20, 120)))
            choices.append(
                {"contract_id": cid, "choice": Disclosure.NOT_DISCLOSED.value, "chosen_on": later}
            )
            choice = Disclosure.NOT_DISCLOSED
        if choice is not Disclosure.NOT_DISCLOSED and rng.random() < 0.5:
            for kind in rng.sample(list(AccommodationKind), rng.randint(1, 2)):
                accommodations.append(
                    {
                        "contract_id": cid,
                        "kind": kind.value,
                        "details": _ACCOMMODATION_DETAILS[kind],
                        "agreed_on": started,
                        "outcome": run.weighted(list(AccommodationOutcome), (25, 60, 15)).value,
                    }
                )
        employer_id = by_key.get(employer_key(name)) if name else None
        if employer_id is not None:
            placed.setdefault(employer_id, []).append((pid, started, choice))
    _rows(run, DisclosureChoice, choices)
    _rows(run, Accommodation, accommodations)
    return placed


def _interactions(run: DemoRun, placed: dict[int, list[tuple[int, dt.date, Disclosure]]]) -> None:
    rng = run.rng
    members: list[int | None] = [m.id for m in run.team] or [None]
    rows: list[dict[str, Any]] = []
    for employer_id in sorted(placed):
        for pid, started, choice in placed[employer_id]:
            for _n in range(rng.randint(0, 2)):
                on = run.date_between(max(started, run.year_start), run.today)
                kind = run.pick(
                    (
                        InteractionKind.VISIT,
                        InteractionKind.PHONE_CALL,
                        InteractionKind.RETENTION_FOLLOW_UP,
                    )
                )
                about = None
                if kind is InteractionKind.RETENTION_FOLLOW_UP:
                    if not contact_about_person_allowed(choice):
                        kind = InteractionKind.PHONE_CALL  # never about a person who did not tell
                    else:
                        about = pid
                rows.append(
                    {
                        "employer_id": employer_id,
                        "occurred_on": on,
                        "member_id": run.pick(members),
                        "kind": kind.value,
                        "text": _INTERACTION_TEXTS[kind],
                        "participant_id": about,
                    }
                )
    _rows(run, EmployerInteraction, rows)


def _awareness(run: DemoRun, employer_ids: list[int]) -> None:
    """A few awareness sessions in directory companies and cross-training sessions."""
    if not employer_ids:
        return
    rng = run.rng
    first_id = (
        run.session.execute(select(Workshop.id).order_by(Workshop.id.desc())).scalar() or 0
    ) + 1
    workshops: list[dict[str, Any]] = []
    interactions: list[dict[str, Any]] = []
    members: list[int | None] = [m.id for m in run.team] or [None]
    for index in range(AWARENESS_SESSIONS + CROSS_TRAININGS):
        awareness = index < AWARENESS_SESSIONS
        held = run.date_between(run.year_start, run.today - dt.timedelta(days=1))
        employer_id = run.pick(employer_ids) if awareness else None
        workshops.append(
            {
                "id": first_id + index,
                "kind": (
                    WorkshopKind.AWARENESS if awareness else WorkshopKind.CROSS_TRAINING
                ).value,
                "title": "Sensibilisation : santé mentale et travail"
                if awareness
                else "Formation croisée avec les conseillers emploi",
                "held_on": held,
                "starts_at": dt.time(9, 30),
                "ends_at": dt.time(11, 30),
                "place": "Dans l'entreprise" if awareness else "Agence France Travail",
                "capacity": None,
                "cancelled": False,
                "notes": "",
                "employer_id": employer_id,
                "employees_reached": rng.randint(8, 40) if awareness else rng.randint(5, 15),
            }
        )
        if employer_id is not None:
            interactions.append(
                {
                    "employer_id": employer_id,
                    "occurred_on": held,
                    "member_id": run.pick(members),
                    "kind": InteractionKind.AWARENESS_SESSION.value,
                    "text": "Sensibilisation : santé mentale et travail",
                    "participant_id": None,
                }
            )
    _rows(run, Workshop, workshops)
    run.counts["workshop"] += len(workshops)
    _rows(run, EmployerInteraction, interactions)

"""Job offers (some closed, some closing soon, some open-ended) and their sharing with
participants, at offer-sharing workshops or one to one; a share may end in a hire."""

from __future__ import annotations

import bisect
import datetime as dt

from pairdesk.domain.enums import ContractType, RemoteWork, ShareOutcome, WorkshopKind
from pairdesk.domain.text import search_text
from pairdesk.services.demo.attendance import attended
from pairdesk.services.demo.pathways import make_contract
from pairdesk.services.demo.seeds import seed_list, slug
from pairdesk.services.demo.state import Contacts, DemoRun, Person, PlannedOffer


def make_offers(run: DemoRun) -> None:
    rng = run.rng
    today = run.today
    types = list(ContractType)
    type_weights = [20, 30, 15, 12, 5, 18]
    for _number in range(30 + run.n // 250):
        shape = run.weighted(("expired", "soon", "later", "open"), (30, 15, 35, 20))
        if shape == "expired":
            closing: dt.date | None = today - dt.timedelta(days=rng.randint(1, 300))
            assert closing is not None
            created = closing - dt.timedelta(days=rng.randint(14, 45))
        elif shape == "soon":
            closing = today + dt.timedelta(days=rng.randint(0, 10))
            created = today - dt.timedelta(days=rng.randint(3, 40))
        elif shape == "later":
            closing = today + dt.timedelta(days=rng.randint(11, 60))
            created = today - dt.timedelta(days=rng.randint(0, 30))
        else:
            closing = None
            created = today - dt.timedelta(days=rng.randint(0, 200))
        title = run.pick(seed_list("job_titles"))
        employer = run.pick(seed_list("employers"))
        place = run.pick(seed_list("cities")[:20])
        source = run.pick(seed_list("offer_sources"))
        accommodations = run.some("accommodations", 0, 2)
        contract_type = run.weighted(types, type_weights)
        hours = run.pick((15.0, 17.5, 20.0, 24.0, 26.0, 28.0, 30.0, 35.0))
        offer_id = run.new_id("job_offer")
        run.offers.append(
            PlannedOffer(offer_id, title, employer, contract_type, hours, created, closing)
        )
        run.add(
            "job_offer",
            {
                "id": offer_id,
                "title": title,
                "employer": employer,
                "place": place,
                "contract_type": contract_type.value,
                "hours_per_week": hours,
                "remote": run.weighted(
                    (RemoteWork.NONE.value, RemoteWork.PARTIAL.value, RemoteWork.FULL.value),
                    (70, 25, 5),
                ),
                "accommodations": accommodations,
                "employer_open_to_disability": rng.random() < 0.6,
                "source": source,
                "closing_on": closing,
                "contact": f"recrutement@{slug(employer)}.invalid",
                "description": run.pick(seed_list("offer_descriptions")),
                "created_on": created,
                "archived": shape == "expired" and rng.random() < 0.5,
                # As services.offers keeps it.
                "search_text": search_text(title, employer, place, source, accommodations),
            },
        )


def make_shares(run: DemoRun, pid: int, person: Person, contacts: Contacts) -> None:
    rng = run.rng
    today = run.today
    wanted = run.weighted((0, 1, 2, 3, 4), (35, 30, 20, 10, 5))
    if not wanted or not run.offers:
        return
    sharing = attended(person, WorkshopKind.OFFER_SHARING)
    sharing_days = [held_on for _w, held_on in sharing]
    outcomes = list(ShareOutcome)
    taken: list[int] = []
    for _attempt in range(wanted * 6):
        if len(taken) >= wanted:
            break
        offer = run.pick(run.offers)
        first = max(offer.created_on, person.act_from)
        last = min(offer.closing_on or today, person.act_to, today)
        if offer.id in taken or first > last:
            continue
        taken.append(offer.id)
        workshop_id = None
        shared_on = run.date_between(first, last)
        if sharing_days and rng.random() < 0.6:
            at = bisect.bisect_left(sharing_days, first)
            if at < len(sharing_days) and sharing_days[at] <= last:
                workshop_id, shared_on = sharing[at]
        outcome = run.weighted(outcomes, (35, 20, 20, 10, 5, 10))
        outcome_on = None
        if outcome is not ShareOutcome.SHARED:
            outcome_on = shared_on + dt.timedelta(days=rng.randint(1, 20))
            outcome_on = max(shared_on, min(outcome_on, person.act_to))
        run.add(
            "offer_share",
            {
                "id": run.new_id("offer_share"),
                "offer_id": offer.id,
                "participant_id": pid,
                "workshop_id": workshop_id,
                "shared_on": shared_on,
                "outcome": outcome.value,
                "outcome_on": outcome_on,
                "notes": run.pick(seed_list("share_notes")) if rng.random() < 0.2 else "",
            },
        )
        contacts.saw(shared_on)
        if outcome is ShareOutcome.HIRED and outcome_on is not None:
            make_contract(
                run,
                pid,
                outcome_on,
                person.act_to,
                contacts,
                title=offer.title,
                employer=offer.employer,
                contract_type=offer.contract_type,
                hours=offer.hours,
            )

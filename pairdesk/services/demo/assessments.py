"""Self-assessments: two to four over a long enough year, ratings drifting upwards."""

from __future__ import annotations

from pairdesk.domain.enums import AssessmentDomain
from pairdesk.domain.indicators import AssessmentRecord, assessment_progress
from pairdesk.services.demo.seeds import seed_list
from pairdesk.services.demo.state import Contacts, DemoRun, Person
from pairdesk.store.assessment_progress import progress_values


def make_self_assessments(run: DemoRun, pid: int, person: Person, contacts: Contacts) -> None:
    rng = run.rng
    if rng.random() >= 0.7:
        return
    window = (person.act_to - person.act_from).days
    count = rng.randint(2, 4) if window >= 60 else 1
    days = sorted(run.date_between(person.act_from, person.act_to) for _n in range(count))
    domains = list(AssessmentDomain)
    ratings = {d: rng.randint(2, 6) for d in domains}
    written: list[AssessmentRecord] = []
    for number, day in enumerate(days):
        assessment_id = run.new_id("self_assessment")
        run.add(
            "self_assessment",
            {
                "id": assessment_id,
                "participant_id": pid,
                "assessed_on": day,
                "notes": run.pick(seed_list("assessment_notes")) if rng.random() < 0.3 else "",
            },
        )
        contacts.saw(day)
        for domain in domains:
            if number:
                ratings[domain] = max(1, min(10, ratings[domain] + run.pick((-1, 0, 0, 1, 1, 2))))
            run.add(
                "self_assessment_rating",
                {
                    "id": run.new_id("self_assessment_rating"),
                    "self_assessment_id": assessment_id,
                    "domain": domain.value,
                    "rating": ratings[domain],
                },
            )
        written.append(
            AssessmentRecord(assessment_id, pid, day, {d.value: r for d, r in ratings.items()})
        )
    # Written with the rows rather than read back: the rule is the one the writes keep.
    for row in assessment_progress(written):
        run.add("assessment_progress", progress_values(row))

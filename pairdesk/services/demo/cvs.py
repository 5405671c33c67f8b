"""CV versions, mostly written at peer CV workshops, with the peers' comments."""

from __future__ import annotations

import datetime as dt

from pairdesk.domain.enums import CvSection, WorkshopKind
from pairdesk.services.demo.attendance import attended
from pairdesk.services.demo.seeds import seed_list
from pairdesk.services.demo.state import DemoRun, Person


def make_cvs(run: DemoRun, pid: int, person: Person, job: str) -> None:
    rng = run.rng
    sessions = attended(person, WorkshopKind.CV)
    if rng.random() >= (0.75 if sessions else 0.3):
        return
    versions = 2 if len(sessions) >= 2 or rng.random() < 0.4 else 1
    dated: list[tuple[int | None, dt.date]] = list(sessions[-versions:])
    while len(dated) < versions:
        dated.append((None, run.date_between(person.act_from, person.act_to)))
    dated.sort(key=lambda item: item[1])
    labels = seed_list("cv_labels")
    sections = list(CvSection)
    for number, (workshop_id, created) in enumerate(dated):
        version_id = run.new_id("cv_version")
        year = created.year
        job_before = run.pick(seed_list("job_titles"))
        employer_before = run.pick(seed_list("employers"))
        experience = [f"{year - 7}–{year - 4} : {job_before}, {employer_before}"]
        if rng.random() < 0.6:
            experience.append(f"{year - 1} : {run.pick(seed_list('volunteering'))}")
        run.add(
            "cv_version",
            {
                "id": version_id,
                "participant_id": pid,
                "created_on": created,
                "label": run.pick(labels[1:]) if number else labels[0],
                "headline": job,
                "experience": "\n".join(experience),
                "skills": run.some("skills", 3, 5),
                "training": run.some("trainings", 1, 2),
                "languages": run.some("languages", 1, 2),
                "interests": run.some("interests", 1, 3, sep=", "),
                "workshop_id": workshop_id,
            },
        )
        for _c in range(rng.randint(1 if workshop_id else 0, 3)):
            section = run.pick(sections).value if rng.random() < 0.7 else None
            run.add(
                "cv_comment",
                {
                    "id": run.new_id("cv_comment"),
                    "cv_version_id": version_id,
                    "section": section,
                    "author_name": run.peer_name(),
                    "comment": run.pick(seed_list("cv_comments")),
                    "created_on": min(run.today, created + dt.timedelta(days=rng.randint(0, 5))),
                },
            )

"""Interview coaching: the question bank (kept when the vault has one) and mock
interviews with their questions and scores, improving from one interview to the next."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, insert, select

from pairdesk.domain.enums import InterviewCriterion, QuestionCategory, Role, WorkshopKind
from pairdesk.services.demo.attendance import attended
from pairdesk.services.demo.seeds import seed_fields, seed_list
from pairdesk.services.demo.state import Contacts, DemoRun, Person
from pairdesk.store.models import Base, InterviewQuestion


def make_question_bank(run: DemoRun) -> None:
    """A few demo questions when the bank is empty; then remember the active ones."""
    table = Base.metadata.tables["interview_question"]
    existing = run.session.execute(select(func.count()).select_from(table)).scalar() or 0
    if not existing:
        valid = {c.value for c in QuestionCategory}
        rows = [
            {
                "text": text,
                "category": category,
                "advice": advice,
                "active": True,
                "builtin_key": None,
            }
            for category, text, advice in seed_fields("interview_questions", 3)
            if category in valid
        ]
        run.session.execute(insert(table), rows)
    run.questions = [
        (row.id, row.text)
        for row in run.session.execute(
            select(InterviewQuestion.id, InterviewQuestion.text)
            .where(InterviewQuestion.active.is_(True))
            .order_by(InterviewQuestion.id)
        )
    ]


def make_mock_interviews(
    run: DemoRun, pid: int, person: Person, job: str, contacts: Contacts
) -> None:
    rng = run.rng
    sessions = attended(person, WorkshopKind.INTERVIEW)
    if rng.random() >= (0.6 if sessions else 0.2):
        return
    count = min(3, max(len(sessions), rng.randint(1, 3)))
    dated: list[tuple[int | None, dt.date]] = list(sessions[-count:])
    while len(dated) < count:
        dated.append((None, run.date_between(person.act_from, person.act_to)))
    dated.sort(key=lambda item: item[1])
    criteria = list(InterviewCriterion)
    base = {c: rng.randint(1, 3) for c in criteria}
    interviewers = run.team_with(Role.FACILITATOR, Role.PEER_HELPER, Role.COORDINATOR) or run.team
    for number, (workshop_id, held_on) in enumerate(dated):
        interview_id = run.new_id("mock_interview")
        names = [
            m.name for m in rng.sample(interviewers, min(len(interviewers), rng.randint(1, 2)))
        ]
        run.add(
            "mock_interview",
            {
                "id": interview_id,
                "participant_id": pid,
                "workshop_id": workshop_id,
                "held_on": held_on,
                "interviewers": ", ".join(names),
                "target_job": job,
                "comments": run.pick(seed_list("mock_interview_comments")),
            },
        )
        contacts.saw(held_on)
        if run.questions:
            picked = rng.sample(run.questions, min(len(run.questions), rng.randint(3, 5)))
            for position, (question_id, text) in enumerate(picked, start=1):
                run.add(
                    "mock_interview_question",
                    {
                        "id": run.new_id("mock_interview_question"),
                        "mock_interview_id": interview_id,
                        "question_id": question_id,
                        "question_text": text,
                        "position": position,
                        "notes": run.pick(seed_list("mock_question_notes"))
                        if rng.random() < 0.4
                        else "",
                    },
                )
        for criterion in criteria:
            gain = number * 0.7 + rng.uniform(-0.5, 0.5)
            run.add(
                "mock_interview_score",
                {
                    "id": run.new_id("mock_interview_score"),
                    "mock_interview_id": interview_id,
                    "criterion": criterion.value,
                    "score": max(1, min(4, round(base[criterion] + gain))),
                },
            )

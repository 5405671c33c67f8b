"""Demo data: deterministic, fictional, consistent with what the services maintain."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pairdesk.domain.enums import Attendance, ReferentKind, Role
from pairdesk.domain.text import fold, search_text
from pairdesk.errors import InvalidInput, UserError
from pairdesk.services.context import Operator, ServiceContext
from pairdesk.services.demo import DemoSummary, generate_demo_data, seed_list
from pairdesk.services.referents import ReferentInput, create_referent
from pairdesk.services.search import refresh_search_text
from pairdesk.store.models import (
    Association,
    AuditEntry,
    Base,
    Contract,
    CvVersion,
    Employer,
    Goal,
    InterviewQuestion,
    JobOffer,
    MockInterview,
    MockInterviewQuestion,
    MockInterviewScore,
    OfferShare,
    Participant,
    ParticipantScheme,
    PathwayEvent,
    Referent,
    Registration,
    SelfAssessment,
    SelfAssessmentRating,
    TeamMember,
    Workshop,
)
from pairdesk.store.vault import Vault, open_vault
from tests import pg
from tests.factories import make_member, make_participant, make_workshop

pytestmark = pytest.mark.both_engines  # also on PostgreSQL (tests/pg.py)

# The values of tests/conftest.py (a conftest cannot be imported as a module here).
PASSPHRASE = "correct horse ’ battery é"
TODAY = dt.date(2026, 11, 25)

SPECIAL_NAMES = [
    ("Zofia", "Łukasiewicz"),
    ("Thị Ánh", "Nguyễn"),
    ("Björn", "Øvergaard"),
    ("Ayşe", "Öztürk"),
    ("Hélène", "Đặng"),
    ("Oğuz", "Yıldırım"),
]
SPECIAL_FIRST_NAMES = ["Hélène", "Björn", "Chloé", "Mădălina", "Siobhán", "Joaquín", "Aurélien"]
SPECIAL_FIRST_NAMES += ["Bénédicte", "Oğuz", "Zoë", "Zofia", "Ayşe"]
SPECIAL_LAST_NAMES = ["Łukasiewicz", "Nguyễn", "Øvergaard", "Öztürk", "Đặng"]


def _context(vault: Vault) -> ServiceContext:
    return ServiceContext(
        vault, Operator(id=None, name="Test", role=Role.COORDINATOR), lambda: TODAY
    )


def _copy_vault(template: Path, folder: Path, name: str) -> Vault:
    path = folder / name
    shutil.copyfile(template, path)
    return open_vault(path, PASSPHRASE)


def _count(session: Session, model: type[Base]) -> int:
    return session.scalar(select(func.count()).select_from(model)) or 0


@pytest.fixture(scope="module")
def demo(
    vault_template: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Vault, DemoSummary]]:
    """One demo vault (60 participants) shared by the read-only tests of this module."""
    vault = _copy_vault(vault_template, tmp_path_factory.mktemp("demo"), "demo.pairdesk")
    summary = generate_demo_data(_context(vault), participants=60, seed=7, today=TODAY)
    yield vault, summary
    vault.close()


def _fingerprint(vault: Vault) -> list[tuple[object, ...]]:
    with vault.transaction() as session:
        people = session.execute(
            select(
                Participant.first_name,
                Participant.last_name,
                Participant.city,
                Participant.membership_start,
                Participant.last_contact_on,
                Participant.search_text,
            ).order_by(Participant.id)
        ).all()
        tables = [
            _count(session, model) for model in (Registration, PathwayEvent, MockInterviewScore)
        ]
        offers = session.scalars(select(JobOffer.search_text).order_by(JobOffer.id)).all()
    return [tuple(p) for p in people] + [tuple(tables), tuple(offers)]


def test_same_seed_and_today_give_the_same_vault(
    ctx: ServiceContext, vault: Vault, vault_template: Path, tmp_path: Path
) -> None:
    other = _copy_vault(vault_template, tmp_path, "second.pairdesk")
    try:
        first = generate_demo_data(ctx, participants=40, seed=3, today=TODAY)
        second = generate_demo_data(_context(other), participants=40, seed=3, today=TODAY)
        assert first == second
        assert _fingerprint(vault) == _fingerprint(other)
    finally:
        other.close()


def test_another_seed_gives_other_people(
    ctx: ServiceContext, demo: tuple[Vault, DemoSummary]
) -> None:
    generate_demo_data(ctx, participants=60, seed=8, today=TODAY)
    assert _fingerprint(ctx.vault) != _fingerprint(demo[0])


def test_summary_matches_what_was_written(demo: tuple[Vault, DemoSummary]) -> None:
    vault, summary = demo
    with vault.transaction() as session:
        written = DemoSummary(
            participants=_count(session, Participant),
            team_members=_count(session, TeamMember),
            referents=_count(session, Referent),
            workshops=_count(session, Workshop),
            registrations=_count(session, Registration),
            offers=_count(session, JobOffer),
            shares=_count(session, OfferShare),
            contracts=_count(session, Contract),
            cv_versions=_count(session, CvVersion),
            mock_interviews=_count(session, MockInterview),
            self_assessments=_count(session, SelfAssessment),
            events=_count(session, PathwayEvent),
            goals=_count(session, Goal),
            employers=_count(session, Employer),
        )
        audit = session.scalars(select(AuditEntry)).all()
        association = session.get(Association, 1)
    assert written == summary
    assert summary.participants == 60
    assert 5 <= summary.team_members <= 8
    assert summary.referents >= 10
    weeks = (365 + 28) / 7
    assert 1.8 * weeks <= summary.workshops <= 2.2 * weeks
    assert 25 <= summary.offers <= 40
    assert min(summary.registrations, summary.shares, summary.contracts, summary.cv_versions) > 0
    assert min(summary.mock_interviews, summary.self_assessments, summary.events, summary.goals) > 0
    # One audit line for the whole generation, with counts and no names.
    assert [(a.entity, a.action) for a in audit] == [("demo", "create")]
    assert "participants=60" in audit[0].detail
    assert "Zofia" not in audit[0].detail
    assert association is not None and association.name == "GEM Les Tilleuls (démo)"
    assert association.opening_days and association.staff_fte


def test_special_names_are_in_the_lists_and_the_vault(demo: tuple[Vault, DemoSummary]) -> None:
    assert set(SPECIAL_FIRST_NAMES) <= set(seed_list("first_names"))
    assert set(SPECIAL_LAST_NAMES) <= set(seed_list("last_names"))
    with demo[0].transaction() as session:
        names = set(session.execute(select(Participant.first_name, Participant.last_name)).all())
    assert set(SPECIAL_NAMES) <= names
    assert any(ord(c) > 0xFF for first, last in names for c in first + last)


def test_search_texts_are_folded_as_the_services_keep_them(demo: tuple[Vault, DemoSummary]) -> None:
    with demo[0].transaction() as session:
        referents = {r.id: r for r in session.scalars(select(Referent))}
        schemes: dict[int, list[str]] = {}
        for row in session.scalars(select(ParticipantScheme).order_by(ParticipantScheme.id)):
            if row.referent_id is not None:
                schemes.setdefault(row.participant_id, []).append(referents[row.referent_id].name)
        people = session.scalars(select(Participant)).all()
        offers = session.scalars(select(JobOffer)).all()
    for p in people:
        expected = search_text(
            p.first_name, p.last_name, p.pseudonym, p.city, *schemes.get(p.id, [])
        )
        assert p.search_text == expected == fold(expected)
        assert p.sort_name == fold(f"{p.last_name} {p.first_name}")
    by_name = {(p.first_name, p.last_name): p for p in people}
    assert "zofia lukasiewicz" in by_name["Zofia", "Łukasiewicz"].search_text
    assert "thi anh nguyen" in by_name["Thị Ánh", "Nguyễn"].search_text
    assert "dang" in by_name["Hélène", "Đặng"].search_text
    assert any(schemes.values())
    for o in offers:
        assert o.search_text == search_text(
            o.title, o.employer, o.place, o.source, o.accommodations
        )
    for r in referents.values():
        # As services.referents keeps it: name, organisation and e-mail.
        assert r.search_text == search_text(r.name, r.organisation, r.email)


def test_last_contact_is_the_latest_past_activity(demo: tuple[Vault, DemoSummary]) -> None:
    latest: dict[int, dt.date] = {}

    def see(rows: object) -> None:
        for pid, day in rows:  # type: ignore[attr-defined]
            if day is not None and day <= TODAY and (pid not in latest or day > latest[pid]):
                latest[pid] = day

    with demo[0].transaction() as session:
        see(session.execute(select(PathwayEvent.participant_id, PathwayEvent.occurred_on)))
        see(
            session.execute(
                select(Registration.participant_id, Workshop.held_on)
                .join(Workshop)
                .where(Registration.attendance == Attendance.PRESENT.value)
            )
        )
        see(session.execute(select(MockInterview.participant_id, MockInterview.held_on)))
        see(session.execute(select(SelfAssessment.participant_id, SelfAssessment.assessed_on)))
        see(session.execute(select(OfferShare.participant_id, OfferShare.shared_on)))
        stored = dict(session.execute(select(Participant.id, Participant.last_contact_on)).all())
    assert stored == {pid: latest.get(pid) for pid in stored}
    assert sum(day is not None for day in stored.values()) > 50


def test_dates_lie_in_the_past_year_and_the_coming_weeks(demo: tuple[Vault, DemoSummary]) -> None:
    earliest = TODAY - dt.timedelta(days=366)
    with demo[0].transaction() as session:
        workshops = session.scalars(select(Workshop)).all()
        registrations = session.scalars(select(Registration)).all()
        rqth_soon = session.scalar(
            select(func.count())
            .select_from(Participant)
            .where(Participant.rqth_until.between(TODAY, TODAY + dt.timedelta(days=90)))
        )
        statuses = dict(
            session.execute(
                select(Participant.status, func.count()).group_by(Participant.status)
            ).all()
        )
        events = session.scalars(select(PathwayEvent.occurred_on)).all()
        scores = session.scalars(select(MockInterviewScore.score)).all()
        ratings = session.scalars(select(SelfAssessmentRating.rating)).all()
        emails = session.scalars(select(Participant.email).where(Participant.email != "")).all()
        phones = session.scalars(select(Participant.phone).where(Participant.phone != "")).all()
    held = {w.id: w for w in workshops}
    assert all(earliest <= w.held_on <= TODAY + dt.timedelta(days=28) for w in workshops)
    assert any(w.held_on > TODAY for w in workshops)
    assert any(w.cancelled for w in workshops)
    assert all(e <= TODAY + dt.timedelta(days=28) for e in events)
    for r in registrations:
        workshop = held[r.workshop_id]
        if workshop.held_on >= TODAY or workshop.cancelled:
            assert r.attendance is None and r.satisfaction is None
        else:
            assert r.attendance in {a.value for a in Attendance}
        if r.satisfaction is not None:
            assert r.attendance == Attendance.PRESENT.value and 1 <= r.satisfaction <= 5
    assert any(held[r.workshop_id].held_on > TODAY for r in registrations)
    assert rqth_soon and statuses["active"] > statuses.get("paused", 0) + statuses.get("left", 0)
    assert scores and all(1 <= s <= 4 for s in scores)
    assert ratings and all(1 <= r <= 10 for r in ratings)
    assert emails and all(e.endswith(("@example.org", ".invalid")) for e in emails)
    assert phones and all(p.startswith("06 00 00 ") for p in phones)


def test_existing_interview_questions_are_kept(ctx: ServiceContext) -> None:
    with ctx.transaction() as session:
        session.add(
            InterviewQuestion(text="Official question", category="classic", builtin_key="official")
        )
    generate_demo_data(ctx, participants=30, seed=1, today=TODAY)
    with ctx.transaction() as session:
        questions = session.scalars(select(InterviewQuestion.text)).all()
        used = set(session.scalars(select(MockInterviewQuestion.question_text)))
    assert questions == ["Official question"]
    assert used <= {"Official question"}


def test_an_empty_question_bank_gets_a_few_demo_questions(demo: tuple[Vault, DemoSummary]) -> None:
    with demo[0].transaction() as session:
        keys = session.scalars(select(InterviewQuestion.builtin_key)).all()
    assert 4 <= len(keys) <= 12 and set(keys) == {None}


def test_cancelling_rolls_everything_back(ctx: ServiceContext) -> None:
    calls: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> bool:
        calls.append((done, total))
        return done == 0  # stop once some participants have been written

    with pytest.raises(UserError):
        generate_demo_data(ctx, participants=40, seed=1, today=TODAY, progress=progress)
    assert calls[-1][0] > 0 and all(total == 40 for _done, total in calls)
    with ctx.transaction() as session:
        assert _count(session, Participant) == 0
        assert _count(session, TeamMember) == 0
        assert _count(session, AuditEntry) == 0
        association = session.get(Association, 1)
        assert association is not None and association.name == "GEM Les Tilleuls"


def test_progress_reaches_the_total(ctx: ServiceContext) -> None:
    calls: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> bool:
        calls.append((done, total))
        return True

    generate_demo_data(ctx, participants=25, seed=2, today=TODAY, progress=progress)
    assert calls[-1] == (25, 25)
    assert [d for d, _t in calls] == sorted(d for d, _t in calls)


@pytest.mark.parametrize("participants", [-1, 2_000_000])
def test_participant_count_is_checked(ctx: ServiceContext, participants: int) -> None:
    with pytest.raises(InvalidInput):
        generate_demo_data(ctx, participants=participants, today=TODAY)


def test_the_services_write_the_same_derived_columns(ctx: ServiceContext) -> None:
    """The services' own code, run over demo records, finds nothing to change: the demo
    builder derives search texts and sort names with the same rules."""
    generate_demo_data(ctx, participants=30, seed=4, today=TODAY)
    with ctx.transaction() as session:
        people = {p.id: (p.search_text, p.sort_name) for p in session.scalars(select(Participant))}
        refresh_search_text(session, people)
        after = {p.id: (p.search_text, p.sort_name) for p in session.scalars(select(Participant))}
        demo_referents = session.scalars(select(Referent).order_by(Referent.id).limit(4)).all()
        referents = [
            (
                r.search_text,
                ReferentInput(r.name, r.organisation, ReferentKind(r.kind), r.phone, r.email),
            )
            for r in demo_referents
        ]
    assert after == people
    assert any(" " in text for text, _sort in people.values())
    for text, data in referents:
        created = create_referent(ctx, data)
        with ctx.transaction() as session:
            written = session.get(Referent, created.id)
            assert written is not None and written.search_text == text


def test_records_added_after_the_demo_get_fresh_ids(ctx: ServiceContext) -> None:
    """Demo data writes its ids itself: on a server the sequences are moved past them, so
    the next person, referent, workshop or team member added does not collide."""
    generate_demo_data(ctx, participants=12, seed=3, today=TODAY)
    with ctx.transaction() as session:
        before = {
            model: session.execute(select(func.max(model.id))).scalar_one()
            for model in (Participant, Referent, Workshop, TeamMember)
        }
    added = {
        Participant: make_participant(ctx, "Zoé", "Martin").id,
        Referent: create_referent(ctx, ReferentInput("Sylvie Marchand")).id,
        Workshop: make_workshop(ctx, TODAY).id,
        TeamMember: make_member(ctx, "Anna", "Keller", Role.FACILITATOR).id,
    }
    assert all(added[model] > before[model] for model in added)


def test_a_coordinator_login_generates_demo_data_then_adds_people(
    pg_cluster: pg.PgCluster, pg_address: str
) -> None:
    """On a server the sequences are moved with ``nextval``, which every team member may
    call (``setval`` is the owner's): a coordinator who is not the owner adds people after
    demo data as well."""
    from pairdesk.services import team
    from pairdesk.store.server import open_server

    owner_vault = open_server(pg_address, pg.PG_PASSWORD)
    owner = ServiceContext(owner_vault, Operator(None, "owner", Role.COORDINATOR), lambda: TODAY)
    data = team.TeamMemberInput("Claire", "Fictif", Role.COORDINATOR)
    member = team.add_server_member(owner, data, "claire_demo", "a long test password 1")
    owner_vault.close()
    login = pg_address.replace(f"{pg.PG_USER}@", "claire_demo@")
    vault = open_server(login, "a long test password 1")
    try:
        ctx = ServiceContext(
            vault, Operator(member.id, "claire_demo", Role.COORDINATOR), lambda: TODAY
        )
        generate_demo_data(ctx, participants=8, seed=2, today=TODAY, force=True)
        added = make_participant(ctx, "Zoé", "Martin").id
        with ctx.transaction() as session:
            assert added == session.execute(select(func.max(Participant.id))).scalar_one()
    finally:
        vault.close()

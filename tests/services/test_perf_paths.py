"""The fast read paths give exactly what the straightforward versions gave.

``retention_checks_due`` and the indicator loader read plain columns and let SQL do part
of the work; each is compared here with a plain reference (the former implementation, kept
below) on seeded random data. The activity report's monthly table is clipped to the
period so it adds up to the report's "workshops held".
"""

from __future__ import annotations

import datetime as dt
import random
import re
from collections import defaultdict
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session

from pairdesk.domain.dates import add_months
from pairdesk.domain.employers import Disclosure, contact_about_person_allowed
from pairdesk.domain.enums import (
    RETENTION_MONTHS,
    Attendance,
    ContractType,
    WorkshopKind,
)
from pairdesk.domain.indicators import (
    ActivityRecord,
    AssessmentRecord,
    ContractRecord,
    EmployerRecord,
    GoalRecord,
    IndicatorData,
    MemberRecord,
    RegistrationRecord,
    RetentionCheckRecord,
    WorkshopRecord,
    active_participant_ids,
    compute_report,
    facts_from_records,
    is_durable_employment,
    is_employment_access,
    report_from_facts,
)
from pairdesk.services.context import ServiceContext
from pairdesk.services.demo import generate_demo_data
from pairdesk.services.documents import activity_report_data
from pairdesk.services.employer_file import employer_follow_ups
from pairdesk.services.employer_relations import current_disclosure
from pairdesk.services.indicators import (
    _active_counts_query,
    _active_ids,
    _active_starts_query,
    _job_starts_query,
    _milestone_checks,
    assessment_totals_query,
    compute_indicators,
    load_indicator_facts,
)
from pairdesk.services.pathways import display_name
from pairdesk.services.retention import RETENTION_CONTRACTS, RetentionDue, retention_checks_due
from pairdesk.store.activity_years import refresh_activity
from pairdesk.store.assessment_progress import refresh_progress
from pairdesk.store.contract_rules import refresh_contract_rules
from pairdesk.store.models import (
    ActivityYearRow,
    AssessmentProgressRow,
    Contract,
    DisclosureChoice,
    Employer,
    Goal,
    JobOffer,
    MockInterview,
    OfferShare,
    Participant,
    PathwayEvent,
    Registration,
    RetentionCheck,
    SelfAssessment,
    SelfAssessmentRating,
    Workshop,
)
from tests.factories import insert_contract, insert_participant, insert_workshop

pytestmark = pytest.mark.both_engines  # also on PostgreSQL (tests/pg.py)

TODAY = dt.date(2026, 11, 25)

# -- retention checks due ----------------------------------------------------------------


def _reference_due(ctx: ServiceContext, on: dt.date, horizon_days: int) -> list[RetentionDue]:
    """The former implementation: whole ORM objects, every rule in Python."""
    limit = on + dt.timedelta(days=horizon_days)
    with ctx.transaction() as session:
        done = {
            (contract_id, months)
            for contract_id, months in session.execute(
                select(RetentionCheck.contract_id, RetentionCheck.months)
            )
        }
        rows = session.execute(
            select(Contract, Participant)
            .join(Participant, Participant.id == Contract.participant_id)
            .where(
                Contract.contract_type.in_([t.value for t in RETENTION_CONTRACTS]),
                Contract.started_on <= limit,
                Participant.anonymised.is_(False),
            )
        ).all()
        due: list[RetentionDue] = []
        for contract, participant in rows:
            # a milestone before one already checked is no longer due
            latest = max((m for m in RETENTION_MONTHS if (contract.id, m) in done), default=0)
            for months in RETENTION_MONTHS:
                due_on = add_months(contract.started_on, months)
                if due_on > limit or months <= latest:
                    continue
                if contract.ended_on is not None and contract.ended_on < due_on:
                    continue
                due.append(
                    RetentionDue(
                        participant_id=participant.id,
                        participant_name=display_name(participant),
                        contract_id=contract.id,
                        contract_type=ContractType(contract.contract_type),
                        employer=contract.employer,
                        job_title=contract.job_title,
                        months=months,
                        due_on=due_on,
                        overdue=due_on < on,
                    )
                )
        due.sort(key=lambda d: (d.due_on, d.participant_name.casefold(), d.contract_id, d.months))
        return due


_FIRST = ("Anaïs", "Bruno", "Chloé", "Élodie", "Zofia", "Ørjan", "", "Lucas", "anaïs")
_LAST = ("Martin", "Łukasiewicz", "Nguyễn", "Håland", "Petit", "", "martin")


def _random_contracts(session: Session, rng: random.Random) -> None:
    people = []
    for index in range(30):
        first, last = rng.choice(_FIRST), rng.choice(_LAST)
        person = Participant(
            first_name=first,
            last_name=last or f"Nom{index}",
            membership_start=dt.date(2023, 1, 1),
            anonymised=rng.random() < 0.15,
        )
        session.add(person)
        people.append(person)
    session.flush()
    for _n in range(90):
        started = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(0, 1100))
        # Month ends make the month arithmetic fall back (31 Aug + 6 months = 28 Feb).
        if rng.random() < 0.2:
            started = add_months(dt.date(2024, 1, 31), rng.randrange(0, 34))
        ended = None
        if rng.random() < 0.4:
            ended = started + dt.timedelta(days=rng.randrange(0, 700))
        contract = Contract(
            participant_id=rng.choice(people).id,
            contract_type=rng.choice(list(ContractType)).value,
            employer=rng.choice(("", "Boulangerie du Port", "ESAT Les Ateliers")),
            job_title=rng.choice(("", "Vendeur", "Agent d'entretien")),
            started_on=started,
            ended_on=ended,
        )
        session.add(contract)
        session.flush()
        for months in RETENTION_MONTHS:
            if rng.random() < 0.3:
                session.add(
                    RetentionCheck(
                        contract_id=contract.id,
                        months=months,
                        checked_on=add_months(started, months),
                        employed=rng.random() < 0.7,
                    )
                )
    session.flush()


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_retention_checks_due_matches_the_reference(ctx: ServiceContext, seed: int) -> None:
    rng = random.Random(seed)
    with ctx.transaction() as session:
        _random_contracts(session, rng)
    checked = 0
    for on, horizon in [
        (TODAY, 7),
        (TODAY, 0),
        (dt.date(2025, 2, 28), 30),
        (dt.date(2024, 1, 1), 7),
        (dt.date(2028, 6, 1), 365),
        *((TODAY + dt.timedelta(days=rng.randrange(-700, 400)), rng.randrange(0, 60)),) * 4,
    ]:
        expected = _reference_due(ctx, on, horizon)
        assert retention_checks_due(ctx, on=on, horizon_days=horizon) == expected
        checked += len(expected)
    assert checked > 0  # the comparison is not vacuous


def test_retention_checks_due_sees_unflushed_changes(ctx: ServiceContext) -> None:
    """Called inside a running transaction, the Core read still sees what was added."""
    with ctx.transaction() as session:
        person = Participant(first_name="Bruno", last_name="Petit", membership_start=TODAY)
        session.add(person)
        session.flush()
        contract = Contract(
            participant_id=person.id, contract_type="cdi", started_on=dt.date(2026, 1, 10)
        )
        session.add(contract)
        session.flush()
        session.add(
            RetentionCheck(contract_id=contract.id, months=1, checked_on=TODAY, employed=True)
        )  # not flushed
        due = retention_checks_due(ctx, on=TODAY, horizon_days=7)
    assert [(d.contract_id, d.months) for d in due] == [(contract.id, 3), (contract.id, 6)]


# -- indicators --------------------------------------------------------------------------


def _reference_indicator_data(session: Session, start: dt.date, end: dt.date) -> IndicatorData:
    """The former loader: every activity row, every goal, every rating row."""
    members = [
        MemberRecord(pid, began, ended)
        for pid, began, ended in session.execute(
            select(Participant.id, Participant.membership_start, Participant.membership_end).where(
                Participant.membership_start <= end
            )
        )
    ]
    workshops = [
        WorkshopRecord(wid, kind, held_on, bool(cancelled), reached)
        for wid, kind, held_on, cancelled, reached in session.execute(
            select(
                Workshop.id,
                Workshop.kind,
                Workshop.held_on,
                Workshop.cancelled,
                Workshop.employees_reached,
            ).where(Workshop.held_on.between(start, end))
        )
    ]
    registrations = [
        RegistrationRecord(wid, pid, attendance, satisfaction)
        for wid, pid, attendance, satisfaction in session.execute(
            select(
                Registration.workshop_id,
                Registration.participant_id,
                Registration.attendance,
                Registration.satisfaction,
            )
            .join(Workshop, Workshop.id == Registration.workshop_id)
            .where(Workshop.held_on.between(start, end))
        )
    ]
    activities: list[ActivityRecord] = []
    for pid_column, date_column in (
        (PathwayEvent.participant_id, PathwayEvent.occurred_on),
        (MockInterview.participant_id, MockInterview.held_on),
        (OfferShare.participant_id, OfferShare.shared_on),
        (SelfAssessment.participant_id, SelfAssessment.assessed_on),
    ):
        activities.extend(
            ActivityRecord(pid, on)
            for pid, on in session.execute(
                select(pid_column, date_column).where(date_column.between(start, end)).distinct()
            )
        )
    goals = [
        GoalRecord(pid, status, opened_on, closed_on)
        for pid, status, opened_on, closed_on in session.execute(
            select(Goal.participant_id, Goal.status, Goal.opened_on, Goal.closed_on).where(
                Goal.opened_on <= end, or_(Goal.closed_on.is_(None), Goal.closed_on >= start)
            )
        )
    ]
    contracts = [
        ContractRecord(cid, pid, kind, started_on, planned_end_on, ended_on, employer_id)
        for cid, pid, kind, started_on, planned_end_on, ended_on, employer_id in session.execute(
            select(
                Contract.id,
                Contract.participant_id,
                Contract.contract_type,
                Contract.started_on,
                Contract.planned_end_on,
                Contract.ended_on,
                Contract.employer_id,
            ).where(Contract.started_on <= end)
        )
    ]
    checks = [
        RetentionCheckRecord(cid, months, bool(employed))
        for cid, months, employed in session.execute(
            select(RetentionCheck.contract_id, RetentionCheck.months, RetentionCheck.employed)
            .join(Contract, Contract.id == RetentionCheck.contract_id)
            .where(Contract.started_on <= end)
        )
    ]
    assessed_in_period = (
        select(SelfAssessment.participant_id)
        .where(SelfAssessment.assessed_on.between(start, end))
        .scalar_subquery()
    )
    heads: dict[int, tuple[int, dt.date]] = {}
    ratings: dict[int, dict[str, int]] = defaultdict(dict)
    for aid, pid, assessed_on, domain, rating in session.execute(
        select(
            SelfAssessment.id,
            SelfAssessment.participant_id,
            SelfAssessment.assessed_on,
            SelfAssessmentRating.domain,
            SelfAssessmentRating.rating,
        )
        .outerjoin(
            SelfAssessmentRating, SelfAssessmentRating.self_assessment_id == SelfAssessment.id
        )
        .where(
            SelfAssessment.assessed_on <= end,
            SelfAssessment.participant_id.in_(assessed_in_period),
        )
    ):
        heads[aid] = (pid, assessed_on)
        if domain is not None and rating is not None:
            ratings[aid][domain] = rating
    assessments = [
        AssessmentRecord(aid, pid, assessed_on, dict(ratings.get(aid, {})))
        for aid, (pid, assessed_on) in heads.items()
    ]
    return IndicatorData(
        members=members,
        workshops=workshops,
        registrations=registrations,
        activities=activities,
        goals=goals,
        contracts=contracts,
        retention_checks=checks,
        assessments=assessments,
        employers=[
            EmployerRecord(row.id, row.created_on)
            for row in session.scalars(select(Employer)).all()
            if start <= row.created_on <= end
        ],
    )


def test_indicators_match_the_reference_loader_on_a_demo_vault(ctx: ServiceContext) -> None:
    generate_demo_data(ctx, participants=2000, seed=7, today=TODAY)
    with ctx.transaction() as session:
        # The demo writes its own derived rows: those the writes would have kept.
        written = _activity_rows(session)
        assert len(written) > 2000
        refresh_activity(session.connection())
        assert _activity_rows(session) == written
        kept = _rule_columns(session)
        assert any(access for _id, access, _durable in kept)
        refresh_contract_rules(session.connection())
        assert _rule_columns(session) == kept
        # Awkward data the demo does not make: an assessment without ratings, an unknown
        # rating domain, a goal abandoned before the period next to one still open.
        pid = session.scalars(select(Participant.id).order_by(Participant.id)).first()
        assert pid is not None
        session.add(SelfAssessment(participant_id=pid, assessed_on=dt.date(2026, 3, 2)))
        other = SelfAssessment(participant_id=pid, assessed_on=dt.date(2026, 4, 2))
        session.add(other)
        session.flush()
        session.add(SelfAssessmentRating(self_assessment_id=other.id, domain="x", rating=3))
        session.add(
            Goal(
                participant_id=pid,
                title="Ancien objectif",
                status="abandoned",
                opened_on=dt.date(2024, 1, 1),
                closed_on=dt.date(2024, 6, 1),
            )
        )
    periods = [
        (dt.date(2025, 11, 26), TODAY),
        (dt.date(2026, 1, 1), dt.date(2026, 12, 31)),
        (dt.date(2026, 10, 1), dt.date(2026, 10, 31)),
        (dt.date(2026, 6, 15), dt.date(2026, 6, 15)),
        (dt.date(2019, 1, 1), dt.date(2028, 12, 31)),
    ]
    for start, end in periods:
        with ctx.transaction() as session:
            expected = compute_report(
                _reference_indicator_data(session, start, end), start, end, today=ctx.today()
            )
        actual = compute_indicators(ctx, start, end)
        assert actual.as_json() == expected.as_json(), (start, end)
    year = compute_indicators(ctx, *periods[0])
    assert year.items["active_participants"].value  # real data, not an empty comparison
    assert year.items["self_assessment_change"].denominator


def _plan(connection: Any, query: Any) -> list[str]:
    compiled = query.compile(
        dialect=connection.dialect, compile_kwargs={"render_postcompile": True}
    )
    params: Any = compiled.params
    if compiled.positiontup is not None:
        params = tuple(compiled.params[name] for name in compiled.positiontup)
    explain = "EXPLAIN QUERY PLAN" if connection.dialect.name == "sqlite" else "EXPLAIN"
    column = 3 if connection.dialect.name == "sqlite" else 0
    return [row[column] for row in connection.exec_driver_sql(f"{explain} {compiled}", params)]


def test_the_active_participants_are_merged_from_their_years_by_participant(
    ctx: ServiceContext, vault_engine: str
) -> None:
    """SQLite reads each calendar year's active participants from ``activity_year`` by its
    key, in id order, and merges the years without sorting them; one pass over the index
    of ``assessment_progress``'s rows that count gives the assessment changes."""
    with ctx.transaction() as session:
        connection = session.connection()
        period = (dt.date(2025, 11, 26), TODAY, TODAY)
        query = _active_ids(*period)
        assert query is not None
        active = _plan(connection, query)
        totals = _plan(connection, assessment_totals_query(*period))
        if vault_engine == "file":
            years = [step for step in active if "activity_year" in step]
            assert len(years) == 2, active  # 2025 and 2026
            assert all("SEARCH activity_year USING PRIMARY KEY (year=?)" in s for s in years)
            assert sum("MERGE (UNION)" in step for step in active) == 1, active
            assert not any("TEMP B-TREE" in step for step in active), active
            assert totals == [
                "SEARCH assessment_progress USING COVERING INDEX ix_assessment_progress_totals"
                " (rated>?)"
            ], totals  # from the partial index alone, no sort, no look-up per person
            checks = _plan(connection, _milestone_checks())
            assert all("COVERING INDEX ix_retention_check_milestones" in s for s in checks)
            counts = _plan(connection, _active_counts_query(*period))
            assert "MERGE (UNION)" in counts and not any("TEMP B-TREE" in s for s in counts)
            goals = [step for step in counts if "goal" in step]
            assert goals == [
                "SEARCH goal USING COVERING INDEX ix_goal_participant_dates"
                " (participant_id=? AND opened_on<?)"
            ], counts  # a look-up by key in the index alone for each active participant
            starts = _plan(connection, _active_starts_query(*period))
            assert starts[0].startswith(
                "SEARCH contract USING COVERING INDEX ix_contract_started_on_terms"
            ), starts
            assert [s for s in starts if "activity_year" in s] == [
                "SEARCH activity_year USING PRIMARY KEY (year=? AND participant_id=?)"
            ] * 2, starts  # each starter looked up by key, in each year
            jobs = _plan(connection, _job_starts_query(*period))
            assert len(jobs) == 1 and "COVERING INDEX ix_contract_started_on_terms" in jobs[0]
        else:
            assert active and totals  # the same SQL is valid there; the answers are tested
        assert _active_ids(TODAY, TODAY, TODAY - dt.timedelta(days=1)) is None  # not begun


# -- activity report months ---------------------------------------------------------------


def test_activity_report_months_are_clipped_to_the_period(ctx: ServiceContext) -> None:
    start, end = dt.date(2026, 9, 10), dt.date(2026, 11, 25)
    with ctx.transaction() as session:
        person = Participant(first_name="Chloé", last_name="Petit", membership_start=start)
        session.add(person)
        session.flush()
        days = [
            dt.date(2026, 9, 1),  # before the period, same month
            dt.date(2026, 9, 9),
            dt.date(2026, 9, 10),
            dt.date(2026, 10, 31),
            dt.date(2026, 11, 25),
            dt.date(2026, 11, 26),  # after the period, same month (planned)
            dt.date(2026, 11, 30),
        ]
        kinds = list(WorkshopKind)
        for index, day in enumerate(days):
            wid = insert_workshop(
                session, day, kinds[index % len(kinds)], "Atelier", ends_at=dt.time(15, 30)
            )
            session.add(
                Registration(
                    workshop_id=wid,
                    participant_id=person.id,
                    attendance=Attendance.PRESENT.value,
                    registered_on=day,
                )
            )
        insert_workshop(
            session,
            dt.date(2026, 10, 5),
            WorkshopKind.CV,
            "Atelier",
            ends_at=dt.time(15, 30),
            cancelled=True,
        )

    data = activity_report_data(ctx, start, end)

    held = data.indicators.items["workshops_held"]
    assert [(m.year, m.month) for m in data.months] == [(2026, 9), (2026, 10), (2026, 11)]
    assert [m.workshops_held for m in data.months] == [1, 1, 1]
    assert sum(m.workshops_held for m in data.months) == held.value == 3
    for kind in WorkshopKind:
        assert sum(m.held_of(kind) for m in data.months) == held.breakdown[kind.value]
    assert [m.present for m in data.months] == [1, 1, 1]
    assert [m.presence_hours for m in data.months] == [1.5, 1.5, 1.5]
    assert sum(m.registrations for m in data.months) == 3


# -- employer follow-ups (the home page) -----------------------------------------------------


def _reference_retention_follow_ups(session: Session, day: dt.date) -> list[Any]:
    """The former third part of ``employer_follow_ups``: every contract with a directory
    employer as ORM objects, and one disclosure query per contract with a check due; with
    the rule added since, no one anonymised (``test_employers``)."""
    items = []
    done = {
        (c, m)
        for c, m in session.execute(select(RetentionCheck.contract_id, RetentionCheck.months))
    }
    for contract, employer in session.execute(
        select(Contract, Employer)
        .join(Employer, Employer.id == Contract.employer_id)
        .join(Participant, Participant.id == Contract.participant_id)
        .where(Contract.started_on <= day, Participant.anonymised.is_(False))
    ):
        latest = max((m for m in RETENTION_MONTHS if (contract.id, m) in done), default=0)
        for months_after in RETENTION_MONTHS:
            due = add_months(contract.started_on, months_after)
            if due > day or months_after <= latest:
                continue
            if contract.ended_on is not None and contract.ended_on < due:
                continue
            if not contact_about_person_allowed(
                current_disclosure(session, contract_id=contract.id)
            ):
                continue
            items.append((employer.id, employer.name, months_after, due, contract.participant_id))
            break
    return items


def test_employer_follow_ups_match_the_reference_on_a_demo_vault(ctx: ServiceContext) -> None:
    generate_demo_data(ctx, participants=1500, seed=5, today=TODAY)
    first_check = RETENTION_MONTHS[0]
    with ctx.transaction() as session:
        employer = session.scalars(select(Employer.id).order_by(Employer.id)).first()
        assert employer is not None
        started = add_months(TODAY, -first_check - 1)
        # Disclosed, then withdrawn the same day (the later choice, by id, is in force).
        withdrawn = insert_contract(
            session, insert_participant(session), started, employer_id=employer
        )
        for choice in (Disclosure.FULL, Disclosure.NOT_DISCLOSED):
            session.add(
                DisclosureChoice(contract_id=withdrawn, choice=choice.value, chosen_on=TODAY)
            )
        # Ended on the day of its first check: still employed that day, so it is asked.
        last_day = insert_contract(
            session,
            insert_participant(session),
            started,
            employer_id=employer,
            ended_on=add_months(started, first_check),
        )
        session.add(
            DisclosureChoice(
                contract_id=last_day, choice=Disclosure.WITH_SUPPORT.value, chosen_on=started
            )
        )
    for day in (TODAY, dt.date(2026, 3, 1), dt.date(2025, 6, 30)):
        with ctx.transaction() as session:
            expected = _reference_retention_follow_ups(session, day)
            actual = [
                (
                    f.employer_id,
                    f.employer_name,
                    int(re.findall(r"\d+", f.reason)[0]),
                    f.due_on,
                    f.participant_id,
                )
                for f in employer_follow_ups(session, day)
                if f.participant_id is not None
            ]
        assert sorted(actual) == sorted(expected), day
        assert len(expected) > 0 if day == TODAY else True


# -- indicators: the facts asked of the database, on random vaults -------------------------

#: A coarse grid of days, so that random dates often fall on the same day (ties between
#: self-assessments) and on the period's first and last days.
_GRID = dt.date(2025, 1, 1)


def _grid_days(low: int = 0, high: int = 10) -> st.SearchStrategy[dt.date]:
    return st.builds(
        lambda step, shift: _GRID + dt.timedelta(days=30 * step + shift),
        st.integers(low, high),
        st.sampled_from((-1, 0, 0, 1)),
    )


@st.composite
def _people(draw: st.DrawFn) -> list[dict[str, Any]]:
    days = _grid_days()
    return [
        {
            "began": draw(days),
            "ended": draw(st.none() | days),
            "events": draw(st.lists(days, max_size=1)),
            "interviews": draw(st.lists(days, max_size=1)),
            "shares": draw(st.lists(days, max_size=1)),
            "assessments": draw(
                st.lists(
                    st.tuples(
                        _grid_days(0, 5),
                        st.dictionaries(
                            st.sampled_from(("confidence", "stress", "job_search", "other")),
                            st.integers(1, 10),
                            max_size=3,
                        ),
                    ),
                    max_size=4,
                )
            ),
            "goals": draw(
                st.lists(
                    st.tuples(
                        days,
                        st.none() | days,
                        st.sampled_from(("open", "reached", "abandoned")),
                    ),
                    max_size=3,
                )
            ),
            "registrations": draw(
                st.lists(
                    st.tuples(
                        st.integers(0, 2),
                        st.sampled_from((None, "present", "absent", "excused")),
                        st.none() | st.integers(0, 6),
                    ),
                    max_size=3,
                    unique_by=lambda registration: registration[0],
                )
            ),
            "contracts": draw(
                st.lists(
                    st.tuples(
                        _grid_days(-22, 10),
                        st.sampled_from([t.value for t in ContractType]),
                        st.none() | st.integers(0, 700),
                        st.lists(st.sampled_from((6, 12, 18)), unique=True, max_size=2),
                    ),
                    max_size=2,
                )
            ),
        }
        for _ in range(draw(st.integers(1, 6)))
    ]


def _active_in_sql(session: Session, start: dt.date, end: dt.date, today: dt.date) -> set[int]:
    """The active participants as the indicators' SQL finds them (``_active_ids``)."""
    query = _active_ids(start, end, today)
    if query is None:
        return set()
    return {pid for (pid,) in session.execute(query)}


def _write_people(session: Session, people: list[dict[str, Any]], workshops: list[Any]) -> None:
    held = [insert_workshop(session, on, cancelled=cancelled) for on, cancelled in workshops]
    offers = []
    for n in range(2):
        offer = JobOffer(title=f"Offre {n}", contract_type="cdi", created_on=_GRID)
        session.add(offer)
        offers.append(offer)
    session.flush()
    for person in people:
        pid = insert_participant(
            session, membership_start=person["began"], membership_end=person["ended"]
        )
        session.add_all(PathwayEvent(participant_id=pid, kind="note", occurred_on=on)
                        for on in person["events"])  # fmt: skip
        session.add_all(
            MockInterview(participant_id=pid, held_on=on) for on in person["interviews"]
        )
        session.add_all(
            OfferShare(offer_id=offer.id, participant_id=pid, shared_on=on)
            for offer, on in zip(offers, person["shares"], strict=False)
        )
        for on, ratings in person["assessments"]:
            assessment = SelfAssessment(participant_id=pid, assessed_on=on)
            session.add(assessment)
            session.flush()
            session.add_all(
                SelfAssessmentRating(self_assessment_id=assessment.id, domain=d, rating=r)
                for d, r in ratings.items()
            )
        session.add_all(
            Goal(
                participant_id=pid,
                title="Objectif",
                status=status,
                opened_on=opened,
                closed_on=None if closed is None else max(opened, closed),
            )
            for opened, closed, status in person["goals"]
        )
        session.add_all(
            Registration(
                workshop_id=held[index],
                participant_id=pid,
                attendance=attendance,
                satisfaction=satisfaction,
                registered_on=_GRID,
            )
            for index, attendance, satisfaction in person["registrations"]
        )
        for started, kind, planned, checked in person["contracts"]:
            contract = Contract(
                participant_id=pid,
                contract_type=kind,
                started_on=started,
                planned_end_on=None if planned is None else started + dt.timedelta(planned),
            )
            session.add(contract)
            session.flush()
            session.add_all(
                RetentionCheck(
                    contract_id=contract.id, months=m, checked_on=started, employed=m != 12
                )
                for m in checked
            )
    session.flush()


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    people=_people(),
    workshops=st.lists(st.tuples(_grid_days(), st.booleans()), min_size=3, max_size=3),
    start=_grid_days(),
    length=st.sampled_from((0, 29, 30, 90, 180, 364)),
    after=st.sampled_from((-1, 0, 1, 30, 400)),
)
def test_indicator_facts_from_the_database_match_the_rules_on_every_record(
    ctx: ServiceContext,
    people: list[dict[str, Any]],
    workshops: list[Any],
    start: dt.date,
    length: int,
    after: int,
) -> None:
    """What SQL answers (``load_indicator_facts``) is what the domain's rules give from
    every record (``facts_from_records`` over the plain reference loader), and so is the
    report: boundaries of the period, ties between assessments on one day, an unknown
    rating domain, goals closed before the period, workshops cancelled or after today,
    contracts started long before the period (retention)."""
    end = start + dt.timedelta(days=length)
    today = start + dt.timedelta(days=after)  # mostly within or after the period
    with ctx.transaction() as session:
        _write_people(session, people, workshops)
        facts = load_indicator_facts(session, start, end, today=today)
        data = _reference_indicator_data(session, start, end)
        reference = facts_from_records(data, start, end, today)
        assert (facts.new_members, facts.members_at_end) == (
            reference.new_members,
            reference.members_at_end,
        )
        assert _active_in_sql(session, start, end, today) == active_participant_ids(
            data, start, end, today
        )
        assert (facts.active, facts.active_with_goal) == (
            reference.active,
            reference.active_with_goal,
        )
        assert facts.starts == reference.starts
        assert facts.assessment_totals == reference.assessment_totals
        assert (
            report_from_facts(facts, start, end, today=today).as_json()
            == report_from_facts(reference, start, end, today=today).as_json()
        )
        session.rollback()


# -- assessment_progress: kept at every write ----------------------------------------------

_EDITS = st.lists(
    st.tuples(
        st.sampled_from(("move", "delete", "rate", "unrate", "add", "reassign")),
        st.integers(0, 40),
        _grid_days(0, 5),
        st.sampled_from(("confidence", "stress", "autonomy", "other")),
        st.integers(1, 10),
    ),
    min_size=1,
    max_size=8,
)


def _tuples(session: Session, query: Any) -> list[tuple[Any, ...]]:
    """Every row of ``query``, as plain tuples to compare."""
    return [tuple(row) for row in session.execute(query)]


def _progress_rows(session: Session) -> list[tuple[Any, ...]]:
    row = AssessmentProgressRow
    return _tuples(session, select(row.__table__).order_by(row.self_assessment_id))


def _edit(session: Session, edit: tuple[str, int, dt.date, str, int]) -> None:
    action, n, day, domain, rating = edit
    assessments = session.scalars(select(SelfAssessment).order_by(SelfAssessment.id)).all()
    people = session.scalars(select(Participant.id).order_by(Participant.id)).all()
    if not assessments:
        session.add(SelfAssessment(participant_id=people[n % len(people)], assessed_on=day))
        return
    target = assessments[n % len(assessments)]
    ratings = {r.domain: r for r in target.ratings}
    if action == "move":
        target.assessed_on = day
    elif action == "delete":
        session.delete(target)
    elif action == "rate" and domain in ratings:
        ratings[domain].rating = rating
    elif action == "rate":
        target.ratings.append(SelfAssessmentRating(domain=domain, rating=rating))
    elif action == "unrate" and target.ratings:
        target.ratings.remove(target.ratings[n % len(target.ratings)])
    elif action == "add":
        assessment = SelfAssessment(participant_id=target.participant_id, assessed_on=day)
        assessment.ratings.append(SelfAssessmentRating(domain=domain, rating=rating))
        session.add(assessment)
    elif action == "reassign":
        target.participant_id = people[n % len(people)]


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(people=_people(), edits=_EDITS, start=_grid_days(0, 5), length=st.sampled_from((0, 90)))
def test_assessment_progress_after_random_writes_is_a_full_recomputation(
    ctx: ServiceContext,
    people: list[dict[str, Any]],
    edits: list[tuple[str, int, dt.date, str, int]],
    start: dt.date,
    length: int,
) -> None:
    """Assessments moved, deleted, added, given to someone else; ratings added, changed,
    removed, each write flushed on its own: the rows kept are the rows computed afresh from
    every record, and the period's changes are still the rules' on every record."""
    end = start + dt.timedelta(days=length)
    with ctx.transaction() as session:
        _write_people(session, people, [(_GRID, False)] * 3)
        for edit in edits:
            _edit(session, edit)
            session.flush()
        kept = _progress_rows(session)
        refresh_progress(session.connection())
        assert kept == _progress_rows(session)
        facts = load_indicator_facts(session, start, end, today=end)
        reference = facts_from_records(
            _reference_indicator_data(session, start, end), start, end, end
        )
        assert facts.assessment_totals == reference.assessment_totals
        session.rollback()


def test_assessment_progress_goes_with_the_person(ctx: ServiceContext) -> None:
    """A participant's true deletion (SQL statements, not the ORM) takes their rows too."""
    from pairdesk.services.privacy import delete_participant, participant_reference

    with ctx.transaction() as session:
        pid = insert_participant(session)
        for day in (dt.date(2026, 1, 5), dt.date(2026, 6, 5)):
            assessment = SelfAssessment(participant_id=pid, assessed_on=day)
            assessment.ratings.append(SelfAssessmentRating(domain="confidence", rating=4))
            session.add(assessment)
        session.flush()
        assert len(_progress_rows(session)) == 2
    delete_participant(ctx, pid, confirm=participant_reference(pid))
    with ctx.transaction() as session:
        assert _progress_rows(session) == []


# -- activity_year: kept at every write ----------------------------------------------------

_ACTIVITY_EDITS = st.lists(
    st.tuples(
        st.sampled_from(
            (
                "add",
                "move",
                "delete",
                "reassign",
                "attend",
                "cancel",
                "reschedule",
                "drop_workshop",
                "drop_contract",
            )
        ),
        st.integers(0, 40),
        _grid_days(0, 14),
        st.sampled_from((PathwayEvent, SelfAssessment, MockInterview)),
    ),
    min_size=1,
    max_size=8,
)


def _activity_rows(session: Session) -> list[tuple[Any, ...]]:
    row = ActivityYearRow
    return _tuples(session, select(row.__table__).order_by(row.participant_id, row.year))


def _nth(session: Session, model: Any, n: int) -> Any:
    rows = session.scalars(select(model).order_by(model.id)).all()
    return rows[n % len(rows)] if rows else None


def _activity_edit(session: Session, edit: tuple[str, int, dt.date, Any]) -> None:
    """One write that may change someone's active days, through the ORM as the services
    write, or by the statements ``delete_contract`` runs."""
    action, n, day, model = edit
    people = session.scalars(select(Participant.id).order_by(Participant.id)).all()
    day_of = {PathwayEvent: "occurred_on", SelfAssessment: "assessed_on"}.get(model, "held_on")
    record = _nth(session, model, n)
    workshop = _nth(session, Workshop, n)
    registration = _nth(session, Registration, n)
    if action == "add" or (record is None and action in ("move", "delete", "reassign")):
        extra = {"kind": "note"} if model is PathwayEvent else {}
        session.add(model(participant_id=people[n % len(people)], **{day_of: day}, **extra))
    elif action == "move":
        setattr(record, day_of, day)
    elif action == "delete":
        session.delete(record)
    elif action == "reassign":
        record.participant_id = people[n % len(people)]
    elif action == "attend" and registration is not None:
        cycle = (None, "present", "absent", "excused")
        registration.attendance = cycle[(cycle.index(registration.attendance) + 1) % 4]
    elif action == "cancel" and workshop is not None:
        workshop.cancelled = not workshop.cancelled
    elif action == "reschedule" and workshop is not None:
        workshop.held_on = day
    elif action == "drop_workshop" and workshop is not None:
        session.delete(workshop)  # the database's cascade takes its registrations
    elif action == "drop_contract":
        pid = people[n % len(people)]
        contract = Contract(participant_id=pid, contract_type="cdi", started_on=day)
        session.add(contract)
        session.flush()
        session.add(
            PathwayEvent(participant_id=pid, kind="note", occurred_on=day, contract_id=contract.id)
        )
        session.flush()
        session.execute(delete(PathwayEvent).where(PathwayEvent.contract_id == contract.id))
        session.delete(contract)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    people=_people(),
    workshops=st.lists(st.tuples(_grid_days(), st.booleans()), min_size=3, max_size=3),
    edits=_ACTIVITY_EDITS,
    start=_grid_days(0, 12),
    length=st.sampled_from((0, 29, 90, 364, 500)),
)
def test_activity_years_after_random_writes_are_a_full_recomputation(
    ctx: ServiceContext,
    people: list[dict[str, Any]],
    workshops: list[Any],
    edits: list[tuple[str, int, dt.date, Any]],
    start: dt.date,
    length: int,
) -> None:
    """Dated records added, moved, deleted, given to someone else; attendance marked and
    unmarked; workshops cancelled, moved, deleted; a contract deleted with its steps; each
    write flushed on its own: the rows kept are the rows computed afresh from every record,
    and the period's active participants are still the rules' on every record."""
    end = start + dt.timedelta(days=length)
    with ctx.transaction() as session:
        _write_people(session, people, workshops)
        for edit in edits:
            _activity_edit(session, edit)
            session.flush()
        kept = _activity_rows(session)
        refresh_activity(session.connection())
        assert kept == _activity_rows(session)
        data = _reference_indicator_data(session, start, end)
        assert _active_in_sql(session, start, end, end) == active_participant_ids(
            data, start, end, end
        )
        facts = load_indicator_facts(session, start, end, today=end)
        reference = facts_from_records(data, start, end, end)
        assert (facts.active, facts.active_with_goal) == (
            reference.active,
            reference.active_with_goal,
        )
        session.rollback()


def test_activity_years_go_with_the_person(ctx: ServiceContext) -> None:
    """A participant's true deletion (SQL statements, not the ORM) takes their rows too,
    and the rows of a year hold each of its days."""
    from pairdesk.services.privacy import delete_participant, participant_reference

    days = (dt.date(2025, 12, 31), dt.date(2026, 1, 1), dt.date(2026, 3, 2))
    with ctx.transaction() as session:
        pid = insert_participant(session)
        session.add_all(PathwayEvent(participant_id=pid, kind="note", occurred_on=d) for d in days)
        session.flush()
        assert _activity_rows(session) == [
            (2025, pid, 0, 0, 0, 0, 0, 1 << (364 - 5 * 61)),
            (2026, pid, 1 | 1 << 60, 0, 0, 0, 0, 0),
        ]
    delete_participant(ctx, pid, confirm=participant_reference(pid))
    with ctx.transaction() as session:
        assert _activity_rows(session) == []


def test_activity_years_follow_the_workshops(ctx: ServiceContext) -> None:
    """An attendance counts on its workshop's day: marked present, the day is in the
    person's row; the workshop moved, the day moves; cancelled or deleted (its
    registrations go by the database's cascade), the day goes."""
    first, second = dt.date(2026, 2, 3), dt.date(2026, 2, 4)
    with ctx.transaction() as session:
        pid = insert_participant(session)
        wid = insert_workshop(session, first)
        registration = Registration(
            workshop_id=wid, participant_id=pid, attendance="present", registered_on=first
        )
        session.add(registration)
        session.flush()
        assert _activity_rows(session) == [(2026, pid, 1 << 33, 0, 0, 0, 0, 0)]
        workshop = session.get(Workshop, wid)
        assert workshop is not None
        workshop.held_on = second
        session.flush()
        assert _activity_rows(session) == [(2026, pid, 1 << 34, 0, 0, 0, 0, 0)]
        workshop.cancelled = True
        session.flush()
        assert _activity_rows(session) == []
        workshop.cancelled = False
        session.flush()
        assert len(_activity_rows(session)) == 1
        registration.attendance = "absent"
        session.flush()
        assert _activity_rows(session) == []
        registration.attendance = "present"
        session.flush()
        session.delete(workshop)
        session.flush()
        assert _activity_rows(session) == []


# -- the contracts' rule columns: kept at every write ------------------------------------

_CONTRACT_DAYS = st.dates(dt.date(2024, 1, 1), dt.date(2028, 12, 31)) | st.sampled_from(
    (dt.date(2026, 8, 31), dt.date(2028, 2, 29), dt.date(2026, 11, 1), dt.date(2027, 1, 31))
)
_CONTRACT_EDITS = st.lists(
    st.tuples(
        st.sampled_from(("add", "kind", "start", "planned", "unplan")),
        st.integers(0, 20),
        st.sampled_from([t.value for t in ContractType]),
        _CONTRACT_DAYS,
        st.integers(0, 400),
    ),
    min_size=1,
    max_size=8,
)


def _rule_columns(session: Session) -> list[tuple[Any, ...]]:
    rules = (Contract.employment_access, Contract.durable_employment)
    return _tuples(session, select(Contract.id, *rules).order_by(Contract.id))


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(edits=_CONTRACT_EDITS)
def test_contract_rule_columns_after_random_writes_are_the_rules(
    ctx: ServiceContext, edits: list[tuple[str, int, str, dt.date, int]]
) -> None:
    """Contracts added, their kind, start or planned end changed or removed, each write
    flushed on its own (month ends, a 29 February, a term of exactly six months among the
    dates): the columns kept are the rules' (``is_employment_access``,
    ``is_durable_employment``) on the contract as it now is."""
    with ctx.transaction() as session:
        pid = insert_participant(session)
        for action, n, kind, day, days in edits:
            contracts = session.scalars(select(Contract).order_by(Contract.id)).all()
            if action == "add" or not contracts:
                planned = add_months(day, 6) - dt.timedelta(days=1) if days % 2 else None
                session.add(
                    Contract(
                        participant_id=pid,
                        contract_type=kind,
                        started_on=day,
                        planned_end_on=planned,
                    )
                )
            else:
                contract = contracts[n % len(contracts)]
                if action == "kind":
                    contract.contract_type = kind
                elif action == "start":
                    contract.started_on = day
                elif action == "planned":
                    contract.planned_end_on = contract.started_on + dt.timedelta(days=days)
                else:
                    contract.planned_end_on = None
            session.flush()
        kept = _rule_columns(session)
        expected = [
            (
                contract.id,
                is_employment_access(_record(contract)),
                is_durable_employment(_record(contract)),
            )
            for contract in session.scalars(select(Contract).order_by(Contract.id))
        ]
        assert kept == expected
        refresh_contract_rules(session.connection())
        assert _rule_columns(session) == kept
        session.rollback()


def _record(contract: Contract) -> ContractRecord:
    return ContractRecord(
        contract.id,
        contract.participant_id,
        contract.contract_type,
        contract.started_on,
        contract.planned_end_on,
        contract.ended_on,
    )

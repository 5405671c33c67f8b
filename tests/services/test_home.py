"""The home view's to-do lists, on a small hand-built vault (today is 2026-11-25)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete

from pairdesk.domain.dates import add_months
from pairdesk.domain.enums import (
    ConsentPurpose,
    ContractType,
    ParticipantStatus,
    Role,
    RqthStatus,
    WorkshopKind,
)
from pairdesk.errors import InvalidInput, PermissionDenied
from pairdesk.services import contracts, home, retention
from pairdesk.services.context import Operator, ServiceContext
from pairdesk.services.contracts import ContractInput
from pairdesk.services.home import TodoKind, TodoList
from pairdesk.store.models import (
    Consent,
    JobOffer,
    Participant,
    WellbeingPlan,
)
from tests.factories import acting_as, insert_participant, insert_workshop

pytestmark = pytest.mark.both_engines  # also on PostgreSQL (tests/pg.py)

D = dt.date
TODAY = D(2026, 11, 25)
LONG_AGO = D(2026, 1, 10)  # more than 60 days before TODAY


def day(offset: int) -> dt.date:
    return TODAY + dt.timedelta(days=offset)


def person(ctx: ServiceContext, first: str, last: str, **extra: Any) -> int:
    """A followed participant with a recent contact and a recent consent unless told."""
    consent = extra.pop("consent", D(2026, 9, 1))
    extra.setdefault("last_contact_on", day(-5))
    with ctx.transaction() as session:
        participant_id = insert_participant(
            session, first, last, membership_start=D(2025, 1, 6), **extra
        )
        if consent is not None:
            session.add(
                Consent(
                    participant_id=participant_id,
                    purpose=ConsentPurpose.KEEP_FILE.value,
                    given_on=consent,
                    method="written",
                )
            )
        return participant_id


def workshop(ctx: ServiceContext, title: str, on: dt.date, **extra: Any) -> int:
    return insert_workshop(ctx, on, title=title, place="Salle du GEM", **extra)


def offer(ctx: ServiceContext, title: str, closing: dt.date | None, **extra: Any) -> int:
    with ctx.transaction() as session:
        row = JobOffer(
            title=title,
            employer="Boulangerie Marceau",
            contract_type="cdd",
            closing_on=closing,
            created_on=day(-20),
            **extra,
        )
        session.add(row)
        session.flush()
        return row.id


def ids(todo: TodoList, kind: TodoKind) -> list[int]:
    return [item.record_id for item in todo.section(kind).items]


@pytest.fixture
def fixture(ctx: ServiceContext) -> dict[str, int]:
    made: dict[str, int] = {}
    # Workshops: one today, one in 3 days; not: cancelled today, in 10 days, yesterday.
    made["ws_today"] = workshop(ctx, "Atelier CV du mercredi", TODAY)
    made["ws_soon"] = workshop(ctx, "", day(3), kind=WorkshopKind.INTERVIEW.value)
    workshop(ctx, "Annulé", TODAY, cancelled=True)
    workshop(ctx, "Trop loin", day(10))
    workshop(ctx, "Passé", day(-1))
    # A contract started 6 months ago: its 1- and 3-month checks are done, 6 is due today.
    made["worker"] = person(ctx, "Inès", "Carpentier")
    contract = contracts.add_contract(
        ctx,
        made["worker"],
        ContractInput(
            hours_per_week=24.0,
            contract_type=ContractType.CDI,
            employer="Mairie de Voiron",
            job_title="Agent d'accueil",
            started_on=D(2026, 5, 25),
        ),
    )
    for months, on in ((1, D(2026, 6, 25)), (3, D(2026, 8, 25))):
        retention.record_retention_check(ctx, contract.id, months, on, employed=True)
    made["contract"] = contract.id
    # RQTH: granted until in 30 days (due); not: in 120 days, pending, ended yesterday.
    made["rqth"] = person(
        ctx, "Bastien", "Roche", rqth_status=RqthStatus.GRANTED.value, rqth_until=day(30)
    )
    person(ctx, "Rqth", "Loin", rqth_status=RqthStatus.GRANTED.value, rqth_until=day(120))
    person(ctx, "Rqth", "Demande", rqth_status=RqthStatus.PENDING.value, rqth_until=day(30))
    person(ctx, "Rqth", "Passe", rqth_status=RqthStatus.GRANTED.value, rqth_until=day(-1))
    # Consent: none at all, withdrawn, given two years ago (renew); a left member is ignored.
    made["no_consent"] = person(ctx, "Zoé", "Abadie", consent=None)
    made["withdrawn"] = person(ctx, "Yanis", "Bertin", consent=D(2026, 2, 1))
    with ctx.transaction() as session:
        row = session.query(Consent).filter_by(participant_id=made["withdrawn"]).one()
        row.withdrawn_on = D(2026, 10, 1)
    made["old_consent"] = person(ctx, "Léa", "Morel", consent=D(2024, 11, 1))
    person(ctx, "Parti", "Ailleurs", consent=None, status=ParticipantStatus.LEFT.value)
    person(ctx, "Anonyme", "Anonyme", consent=None, anonymised=True, last_contact_on=None)
    # Offers: closing in 3 days; not: archived, in 10 days, closed yesterday, no date.
    made["offer"] = offer(ctx, "Vendeur·se en boulangerie", day(3))
    offer(ctx, "Archivée", day(2), archived=True)
    offer(ctx, "Plus tard", day(10))
    offer(ctx, "Close", day(-1))
    offer(ctx, "Sans date", None)
    # Contact: 100 days ago and never (due); 10 days ago and a paused member are not.
    made["silent"] = person(ctx, "Hugo", "Lemaire", last_contact_on=day(-100))
    made["never"] = person(ctx, "Nina", "Faure", last_contact_on=None)
    person(ctx, "Récent", "Contact", last_contact_on=day(-10))
    person(ctx, "En", "Pause", last_contact_on=day(-200), status=ParticipantStatus.PAUSED.value)
    return made


def test_each_section_lists_what_is_due(ctx: ServiceContext, fixture: dict[str, int]) -> None:
    todo = home.todo(ctx)
    assert todo.today == TODAY and todo.no_contact_days == home.DEFAULT_NO_CONTACT_DAYS
    assert [s.kind for s in todo.sections] == list(TodoKind)

    today = todo.section(TodoKind.WORKSHOP_TODAY)
    assert ids(todo, TodoKind.WORKSHOP_TODAY) == [fixture["ws_today"]]
    assert today.items[0].title == "Atelier CV du mercredi"
    assert today.items[0].page_key == "attendance"
    assert "14:00" in today.items[0].detail and "Salle du GEM" in today.items[0].detail
    soon = todo.section(TodoKind.WORKSHOP_WEEK).items
    assert [(i.record_id, i.page_key, i.due_on) for i in soon] == [
        (fixture["ws_soon"], "interview_coaching", day(3))
    ]
    assert soon[0].title == WorkshopKind.INTERVIEW.label  # blank title: the kind

    retention = todo.section(TodoKind.RETENTION_CHECK).items
    assert [(i.record_id, i.page_key, i.due_on) for i in retention] == [
        (fixture["worker"], "participants", TODAY)
    ]
    assert retention[0].title == "Inès Carpentier"
    assert "6" in retention[0].detail and "Mairie de Voiron" in retention[0].detail

    rqth = todo.section(TodoKind.RQTH_ENDING).items
    assert [(i.record_id, i.due_on, i.title) for i in rqth] == [
        (fixture["rqth"], day(30), "Bastien Roche")
    ]

    assert ids(todo, TodoKind.CONSENT_MISSING) == [fixture["no_consent"], fixture["withdrawn"]]
    withdrawn = todo.section(TodoKind.CONSENT_MISSING).items[1]
    assert "01/10/2026" in withdrawn.detail
    renew = todo.section(TodoKind.CONSENT_RENEW).items
    assert [(i.record_id, i.due_on) for i in renew] == [(fixture["old_consent"], D(2025, 11, 1))]

    offers = todo.section(TodoKind.OFFER_CLOSING).items
    assert [(i.record_id, i.page_key, i.due_on) for i in offers] == [
        (fixture["offer"], "job_offers", day(3))
    ]

    # Never contacted first, then the oldest contact.
    assert ids(todo, TodoKind.NO_CONTACT) == [fixture["never"], fixture["silent"]]
    assert "100" in todo.section(TodoKind.NO_CONTACT).items[1].detail
    for section in todo.sections:
        assert section.total == len(section.items) and not section.truncated


def test_no_contact_threshold_is_a_setting(ctx: ServiceContext, fixture: dict[str, int]) -> None:
    assert ids(home.todo(ctx, no_contact_days=120), TodoKind.NO_CONTACT) == [fixture["never"]]
    assert home.set_no_contact_days(ctx, 120) == 120
    assert home.get_no_contact_days(ctx) == 120
    todo = home.todo(ctx)
    assert todo.no_contact_days == 120
    assert ids(todo, TodoKind.NO_CONTACT) == [fixture["never"]]
    # 4 days: the one contacted 5 days ago by default is now due too.
    assert len(ids(home.todo(ctx, no_contact_days=4), TodoKind.NO_CONTACT)) > 2


def test_setting_checks_value_and_role(ctx: ServiceContext) -> None:
    with pytest.raises(InvalidInput) as refused:
        home.set_no_contact_days(ctx, 0)
    assert refused.value.field == "no_contact_days"
    peer = ctx.with_operator(Operator(id=None, name="Pair", role=Role.PEER_HELPER))
    with pytest.raises(PermissionDenied):
        home.set_no_contact_days(peer, 30)
    assert home.get_no_contact_days(ctx) == home.DEFAULT_NO_CONTACT_DAYS


def test_a_garbled_setting_falls_back_to_the_default(ctx: ServiceContext) -> None:
    from pairdesk.services import team

    team.set_setting(ctx, home.NO_CONTACT_SETTING, "soixante")
    assert home.get_no_contact_days(ctx) == home.DEFAULT_NO_CONTACT_DAYS


def test_other_day_and_checked_retention(ctx: ServiceContext, fixture: dict[str, int]) -> None:
    retention.record_retention_check(ctx, fixture["contract"], 6, TODAY, employed=True)
    todo = home.todo(ctx)
    assert todo.section(TodoKind.RETENTION_CHECK).total == 0
    # A week later the workshop in 3 days is past, the one in 10 days is coming up and
    # the offer closing in 3 days has closed: the one closing in 10 days is listed.
    later = home.todo(ctx, today=day(7))
    assert [i.title for i in later.section(TodoKind.WORKSHOP_WEEK).items] == ["Trop loin"]
    assert [i.title for i in later.section(TodoKind.OFFER_CLOSING).items] == ["Plus tard"]


def test_sections_keep_fifty_lines_and_count_all(ctx: ServiceContext) -> None:
    with ctx.transaction() as session:
        session.add_all(
            Participant(
                first_name=f"Prénom{n:03d}",
                last_name="Essai",
                membership_start=D(2025, 1, 6),
                sort_name=f"essai {n:03d}",
            )
            for n in range(75)
        )
    todo = home.todo(ctx)
    missing = todo.section(TodoKind.CONSENT_MISSING)
    assert missing.total == 75 and len(missing.items) == home.SECTION_LIMIT
    assert missing.truncated
    assert missing.items[0].title == "Prénom000 Essai"
    assert "75" in missing.count_text
    assert todo.section(TodoKind.NO_CONTACT).total == 75


def test_wellbeing_plan_never_shows(ctx: ServiceContext, fixture: dict[str, int]) -> None:
    secret = "Appeler sa sœur Maud quand les voix reviennent"
    with ctx.transaction() as session:
        session.add(
            WellbeingPlan(participant_id=fixture["silent"], what_helps=secret, updated_on=TODAY)
        )
    todo = home.todo(ctx)
    texts = [f"{i.title} {i.detail}" for s in todo.sections for i in s.items]
    assert texts and not any("Maud" in t or "voix" in t for t in texts)


def test_count_texts_say_how_many(ctx: ServiceContext) -> None:
    from pairdesk import i18n

    i18n.install("en")
    try:
        assert TodoKind.RETENTION_CHECK.count_text(3) == "3 retention checks due"
        assert TodoKind.RETENTION_CHECK.count_text(1) == "1 retention check due"
        assert TodoKind.WORKSHOP_TODAY.heading == "Workshops today"
        texts = {kind.count_text(2) for kind in TodoKind}
        assert len(texts) == len(TodoKind) and all(t.startswith("2 ") for t in texts)
    finally:
        i18n.install("fr")


def test_the_annual_report_is_recalled_from_january_to_the_due_date(ctx: ServiceContext) -> None:
    def due(day: dt.date, who: ServiceContext = ctx) -> list[int]:
        return ids(home.todo(who, today=day), TodoKind.ANNUAL_REPORT)

    assert due(dt.date(2026, 12, 31)) == []
    assert due(dt.date(2027, 1, 1)) == [2026]
    item = home.todo(ctx, today=dt.date(2027, 2, 28)).section(TodoKind.ANNUAL_REPORT).items[0]
    assert item.due_on == dt.date(2027, 2, 28) and "28/02/2027" in item.detail
    assert item.page_key == "indicators"
    assert due(dt.date(2027, 3, 1)) == []
    facilitator = acting_as(ctx, "Fabien", Role.FACILITATOR)
    assert due(dt.date(2027, 1, 15), facilitator) == []


# One consent: (purpose is KEEP_FILE, given days from TODAY, withdrawn days after given).
_consent = st.tuples(
    st.booleans(),
    st.integers(-800, 30),
    st.one_of(st.none(), st.integers(0, 500)),
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(people=st.lists(st.lists(_consent, max_size=3), min_size=1, max_size=8))
def test_consent_sections_follow_the_rule_on_random_consents(
    ctx: ServiceContext, people: list[list[tuple[bool, int, int | None]]]
) -> None:
    """Missing: no KEEP_FILE consent stands today (given by today, not withdrawn by today);
    the line tells the latest withdrawal by today. To renew: the latest standing one was
    given a year ago or more. Other purposes, later consents and older withdrawn ones
    never count."""
    cutoff = D(2025, 11, 25)
    expected_missing: dict[int, dt.date | None] = {}
    expected_renew: dict[int, dt.date] = {}
    with ctx.transaction() as session:
        for index, consents in enumerate(people):
            pid = insert_participant(
                session,
                f"P{index}",
                "Hasard",
                membership_start=D(2025, 1, 6),
                last_contact_on=TODAY,
            )
            standing: list[dt.date] = []
            withdrawals: list[dt.date] = []
            for keep_file, given, after in consents:
                given_on = day(given)
                withdrawn_on = None if after is None else given_on + dt.timedelta(days=after)
                purpose = ConsentPurpose.KEEP_FILE if keep_file else ConsentPurpose.PHOTOS
                session.add(
                    Consent(
                        participant_id=pid,
                        purpose=purpose.value,
                        given_on=given_on,
                        withdrawn_on=withdrawn_on,
                        method="written",
                    )
                )
                if not keep_file:
                    continue
                if withdrawn_on is not None and withdrawn_on <= TODAY:
                    withdrawals.append(withdrawn_on)
                elif given_on <= TODAY:
                    standing.append(given_on)
            if not standing:
                expected_missing[pid] = max(withdrawals, default=None)
            elif max(standing) <= cutoff:
                expected_renew[pid] = max(standing)
    try:
        todo = home.todo(ctx)
        missing = todo.section(TodoKind.CONSENT_MISSING)
        assert set(ids(todo, TodoKind.CONSENT_MISSING)) == set(expected_missing)
        for item in missing.items:
            withdrawn = expected_missing[item.record_id]
            if withdrawn is None:  # "no consent recorded": no date
                assert not any(c.isdigit() for c in item.detail), item.detail
            else:
                assert f"{withdrawn:%d/%m/%Y}" in item.detail, item.detail
        renew = todo.section(TodoKind.CONSENT_RENEW)
        assert {i.record_id: i.due_on for i in renew.items} == {
            pid: add_months(given, 12) for pid, given in expected_renew.items()
        }
        assert [i.due_on for i in renew.items] == sorted(i.due_on for i in renew.items)
    finally:
        with ctx.transaction() as session:
            session.execute(delete(Consent))
            session.execute(delete(Participant))

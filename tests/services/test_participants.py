"""Participants service: the file, schemes, consents, tutoring and the SQL list."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from pairdesk.domain.enums import (
    ConsentMethod,
    ConsentPurpose,
    EntrySituation,
    FollowUpFrequency,
    FollowUpMode,
    ParticipantStatus,
    ReferentKind,
    Role,
    RqthStatus,
    Scheme,
)
from pairdesk.domain.text import fold
from pairdesk.errors import InvalidInput, UnknownId, UserError
from pairdesk.services import consents, schemes, tutoring
from pairdesk.services import participants as svc
from pairdesk.services.consents import ConsentStatus
from pairdesk.services.context import ServiceContext
from pairdesk.services.participants import ParticipantFilter, ParticipantInput, ParticipantSort
from pairdesk.store.models import AuditEntry, Participant, Referent
from tests.conftest import TODAY
from tests.factories import insert_member, make_participant

pytestmark = pytest.mark.both_engines  # also on PostgreSQL (tests/pg.py)

ALL = ParticipantFilter()


def make_referent(ctx: ServiceContext, name: str = "Sylvie Marchand") -> int:
    with ctx.transaction() as session:
        referent = Referent(name=name, kind=ReferentKind.CAP_EMPLOI.value, search_text=fold(name))
        session.add(referent)
        session.flush()
        return referent.id


def stored(ctx: ServiceContext, participant_id: int) -> tuple[str, str]:
    with ctx.transaction() as session:
        p = session.get(Participant, participant_id)
        assert p is not None
        return p.search_text, p.sort_name


def names(rows: list[svc.ParticipantRow]) -> list[str]:
    return [f"{r.first_name} {r.last_name}" for r in rows]


def search(ctx: ServiceContext, text: str) -> list[str]:
    return names(svc.list_participants(ctx, ParticipantFilter(search=text)))


# -- the file --------------------------------------------------------------------------------


def test_create_returns_detail_with_defaults_and_search_text(ctx: ServiceContext) -> None:
    detail = make_participant(
        ctx,
        " Hélène ",
        "Dupont",
        pseudonym="Lena",
        city="Saint-Étienne",
        email="helene@example.org",
        birth_date=dt.date(1990, 5, 4),
        followup_frequency=FollowUpFrequency.MONTHLY,
        followup_mode=FollowUpMode.PHONE,
    )
    assert detail.first_name == "Hélène"
    assert detail.membership_start == TODAY
    assert detail.status is ParticipantStatus.ACTIVE
    assert detail.birth_year == 1990
    assert detail.followup_mode is FollowUpMode.PHONE
    assert detail.schemes == () and detail.consents == () and detail.tutoring is None
    text, sort_name = stored(ctx, detail.id)
    assert text == "helene dupont lena saint-etienne"
    assert sort_name == "dupont helene"
    with ctx.transaction() as session:
        audit = session.scalars(select(AuditEntry).where(AuditEntry.entity == "participant")).one()
    assert (audit.entity_id, audit.action, audit.detail) == (detail.id, "create", "")


def test_get_participant_unknown_id(ctx: ServiceContext) -> None:
    with pytest.raises(UnknownId):
        svc.get_participant(ctx, 999)


@pytest.mark.parametrize(
    ("field", "changes"),
    [
        ("first_name", {"first_name": "  "}),
        ("last_name", {"last_name": ""}),
        ("last_name", {"last_name": "x" * 101}),
        ("email", {"email": "not an address"}),
        ("email", {"email": "a@b"}),
        ("birth_date", {"birth_date": TODAY + dt.timedelta(days=1)}),
        ("birth_date", {"birth_date": dt.date(1899, 12, 31)}),
        ("birth_year", {"birth_year": 1899}),
        ("birth_year", {"birth_year": TODAY.year + 1}),
        ("birth_year", {"birth_date": dt.date(1980, 1, 1), "birth_year": 1981}),
        (
            "membership_end",
            {"membership_start": dt.date(2026, 1, 1), "membership_end": dt.date(2025, 1, 1)},
        ),
        ("rqth_until", {"rqth_until": dt.date(2030, 1, 1)}),
        ("rqth_status", {"rqth_status": "bogus"}),
        ("followup_mode", {"followup_mode": "carrier pigeon"}),
    ],
)
def test_create_refuses_invalid_fields(
    ctx: ServiceContext, field: str, changes: dict[str, Any]
) -> None:
    data = dataclasses.replace(ParticipantInput(first_name="Anna", last_name="Test"), **changes)
    with pytest.raises(InvalidInput) as caught:
        svc.create_participant(ctx, data)
    assert caught.value.field == field
    assert svc.count_participants(ctx, ALL) == 0


def test_rqth_until_allowed_with_granted_status(ctx: ServiceContext) -> None:
    detail = make_participant(
        ctx, "Hélène", "Dupont", rqth_status=RqthStatus.GRANTED, rqth_until=dt.date(2030, 1, 1)
    )
    assert (detail.rqth_status, detail.rqth_until) == (RqthStatus.GRANTED, dt.date(2030, 1, 1))


def test_update_rewrites_fields_and_search_text(ctx: ServiceContext) -> None:
    detail = make_participant(ctx, "Hélène", "Dupont", membership_start=dt.date(2025, 3, 1))
    updated = svc.update_participant(
        ctx, detail.id, ParticipantInput(first_name="Éric", last_name="Łukasiewicz", city="Lyon")
    )
    assert (updated.first_name, updated.last_name, updated.city) == ("Éric", "Łukasiewicz", "Lyon")
    assert updated.membership_start == dt.date(2025, 3, 1)  # kept when the form leaves it empty
    assert stored(ctx, detail.id) == ("eric lukasiewicz lyon", "lukasiewicz eric")
    assert search(ctx, "lukasiewicz") == ["Éric Łukasiewicz"]
    assert search(ctx, "helene") == []
    with pytest.raises(UnknownId):
        svc.update_participant(ctx, 999, ParticipantInput(first_name="A", last_name="B"))


def test_anonymised_file_cannot_be_changed(ctx: ServiceContext) -> None:
    detail = make_participant(ctx, "Hélène", "Dupont")
    with ctx.transaction() as session:
        session.get_one(Participant, detail.id).anonymised = True
    with pytest.raises(UserError):
        svc.update_participant(ctx, detail.id, ParticipantInput(first_name="A", last_name="B"))


def test_set_status_left_sets_membership_end_and_back(ctx: ServiceContext) -> None:
    detail = make_participant(ctx, "Hélène", "Dupont", membership_start=dt.date(2025, 1, 1))
    left = svc.set_status(ctx, detail.id, ParticipantStatus.LEFT, on=dt.date(2026, 6, 30))
    assert (left.status, left.membership_end) == (ParticipantStatus.LEFT, dt.date(2026, 6, 30))
    paused = svc.set_status(ctx, detail.id, ParticipantStatus.PAUSED)
    assert (paused.status, paused.membership_end) == (ParticipantStatus.PAUSED, None)
    left_today = svc.set_status(ctx, detail.id, ParticipantStatus.LEFT)
    assert left_today.membership_end == TODAY
    with pytest.raises(InvalidInput) as caught:
        svc.set_status(ctx, detail.id, ParticipantStatus.LEFT, on=dt.date(2024, 1, 1))
    assert caught.value.field == "on"


def test_participant_label_prefers_pseudonym_when_asked() -> None:
    row = svc.ParticipantRow(
        1,
        "Hélène",
        "Dupont",
        "Lena",
        "",
        ParticipantStatus.ACTIVE,
        RqthStatus.NONE,
        None,
        TODAY,
        False,
        False,
    )
    assert svc.participant_label(row, use_pseudonym=True) == "Lena"
    assert svc.participant_label(row, use_pseudonym=False) == "Hélène Dupont"
    no_pseudonym = dataclasses.replace(row, pseudonym="")
    assert svc.participant_label(no_pseudonym, use_pseudonym=True) == "Hélène Dupont"


# -- schemes ---------------------------------------------------------------------------------


def test_schemes_add_update_end_remove_keep_search_text(ctx: ServiceContext) -> None:
    detail = make_participant(ctx, "Hélène", "Dupont")
    sylvie = make_referent(ctx, "Sylvie Marchand")
    row = schemes.add_scheme(
        ctx, detail.id, Scheme.CAP_EMPLOI, sylvie, started_on=dt.date(2026, 1, 5)
    )
    assert (row.scheme, row.referent_name, row.ended_on) == (
        Scheme.CAP_EMPLOI,
        "Sylvie Marchand",
        None,
    )
    assert search(ctx, "marchand") == ["Hélène Dupont"]
    assert svc.get_participant(ctx, detail.id).schemes == (row,)

    other = make_referent(ctx, "Jérôme Bérenger")
    changed = schemes.update_scheme(
        ctx, row.id, referent_id=other, started_on=row.started_on, ended_on=None
    )
    assert changed.referent_name == "Jérôme Bérenger"
    assert search(ctx, "berenger") == ["Hélène Dupont"]
    assert search(ctx, "marchand") == []

    ended = schemes.end_scheme(ctx, row.id, dt.date(2026, 10, 1))
    assert ended.ended_on == dt.date(2026, 10, 1)
    assert not ended.is_current(TODAY)
    with pytest.raises(InvalidInput) as caught:
        schemes.end_scheme(ctx, row.id, dt.date(2025, 1, 1))
    assert caught.value.field == "ended_on"

    schemes.remove_scheme(ctx, row.id)
    assert svc.get_participant(ctx, detail.id).schemes == ()
    assert search(ctx, "berenger") == []
    with pytest.raises(UnknownId):
        schemes.remove_scheme(ctx, row.id)


def test_add_scheme_validation(ctx: ServiceContext) -> None:
    detail = make_participant(ctx, "Hélène", "Dupont")
    with pytest.raises(UnknownId):
        schemes.add_scheme(ctx, detail.id, Scheme.DEA, referent_id=12345)
    with pytest.raises(InvalidInput) as caught:
        schemes.add_scheme(ctx, detail.id, "nope")  # type: ignore[arg-type]
    assert caught.value.field == "scheme"
    with pytest.raises(InvalidInput) as caught:
        schemes.add_scheme(
            ctx, detail.id, Scheme.DEA, started_on=dt.date(2026, 5, 1), ended_on=dt.date(2026, 4, 1)
        )
    assert caught.value.field == "ended_on"


# -- consent ---------------------------------------------------------------------------------


def test_consent_given_withdrawn_missing(ctx: ServiceContext) -> None:
    detail = make_participant(ctx, "Hélène", "Dupont")
    consent = consents.record_consent(
        ctx, detail.id, ConsentPurpose.PHOTOS, dt.date(2026, 3, 1), ConsentMethod.SIGNED_FORM
    )
    status = consents.consent_status(ctx, detail.id)
    assert status[ConsentPurpose.PHOTOS].status is ConsentStatus.GIVEN
    assert status[ConsentPurpose.PHOTOS].consent_id == consent.id
    assert status[ConsentPurpose.KEEP_FILE].status is ConsentStatus.MISSING
    assert set(status) == set(ConsentPurpose)
    assert consents.has_consent(ctx, detail.id, ConsentPurpose.PHOTOS)
    assert not consents.has_consent(ctx, detail.id, ConsentPurpose.PHOTOS, on=dt.date(2026, 2, 28))

    withdrawn = consents.withdraw_consent(ctx, consent.id, dt.date(2026, 9, 1))
    assert withdrawn.withdrawn_on == dt.date(2026, 9, 1)
    assert (
        consents.consent_status(ctx, detail.id)[ConsentPurpose.PHOTOS].status
        is ConsentStatus.WITHDRAWN
    )
    assert consents.has_consent(ctx, detail.id, ConsentPurpose.PHOTOS, on=dt.date(2026, 8, 31))
    with ctx.transaction() as session:
        assert not consents.has_consent(session, detail.id, ConsentPurpose.PHOTOS, on=TODAY)
    with pytest.raises(InvalidInput) as caught:
        consents.withdraw_consent(ctx, consent.id, TODAY)
    assert caught.value.field == "withdrawn_on"

    # Given again later: the new consent stands.
    consents.record_consent(
        ctx, detail.id, ConsentPurpose.PHOTOS, dt.date(2026, 10, 1), ConsentMethod.ORAL
    )
    assert consents.has_consent(ctx, detail.id, ConsentPurpose.PHOTOS)
    assert len(svc.get_participant(ctx, detail.id).consents) == 2


def test_consent_validation(ctx: ServiceContext) -> None:
    detail = make_participant(ctx, "Hélène", "Dupont")
    with pytest.raises(InvalidInput) as caught:
        consents.record_consent(
            ctx, detail.id, ConsentPurpose.PHOTOS, TODAY + dt.timedelta(days=1), ConsentMethod.ORAL
        )
    assert caught.value.field == "given_on"
    with pytest.raises(InvalidInput) as caught:
        consents.record_consent(ctx, detail.id, "x", TODAY, ConsentMethod.ORAL)  # type: ignore[arg-type]
    assert caught.value.field == "purpose"
    consent = consents.record_consent(
        ctx, detail.id, ConsentPurpose.KEEP_FILE, dt.date(2026, 5, 1), ConsentMethod.EMAIL
    )
    with pytest.raises(InvalidInput) as caught:
        consents.withdraw_consent(ctx, consent.id, dt.date(2026, 4, 1))
    assert caught.value.field == "withdrawn_on"
    with pytest.raises(UnknownId):
        consents.consent_status(ctx, 999)


# -- tutoring --------------------------------------------------------------------------------


def test_tutoring_replaces_previous_and_ends(ctx: ServiceContext) -> None:
    detail = make_participant(ctx, "Hélène", "Dupont")
    paul = insert_member(ctx, "Paul", "Pair", Role.PEER_HELPER)
    coord = insert_member(ctx, "Claire", "Coord", Role.COORDINATOR)
    referent = make_referent(ctx, "Sylvie Marchand")
    first = tutoring.set_tutoring(
        ctx, detail.id, paul, professional_referent_id=referent, started_on=dt.date(2026, 1, 1)
    )
    assert (first.peer_helper_name, first.professional_referent_name) == (
        "Paul Pair",
        "Sylvie Marchand",
    )
    second = tutoring.set_tutoring(
        ctx, detail.id, paul, professional_id=coord, started_on=dt.date(2026, 6, 1)
    )
    assert second.professional_name == "Claire Coord"
    history = tutoring.list_tutorings(ctx, detail.id)
    assert [t.id for t in history] == [second.id, first.id]
    assert history[1].ended_on == dt.date(2026, 6, 1)
    assert svc.get_participant(ctx, detail.id).tutoring == second

    ended = tutoring.end_tutoring(ctx, detail.id, dt.date(2026, 11, 1))
    assert ended.ended_on == dt.date(2026, 11, 1)
    assert svc.get_participant(ctx, detail.id).tutoring is None
    with pytest.raises(InvalidInput):
        tutoring.end_tutoring(ctx, detail.id)
    with pytest.raises(UnknownId):
        tutoring.set_tutoring(ctx, detail.id, 4242)


# -- the list --------------------------------------------------------------------------------


@pytest.fixture
def people(ctx: ServiceContext) -> dict[str, int]:
    data: list[tuple[str, str, dict[str, Any]]] = [
        ("Hélène", "Dupont", {"city": "Lyon", "pseudonym": "Lena"}),
        ("Marek", "Łukasiewicz", {"city": "Lille", "rqth_status": RqthStatus.GRANTED}),
        ("Thi", "Nguyễn", {"city": "Paris", "is_peer_helper": True}),
        ("Øyvind", "Øvergaard", {"city": "Brest"}),
        ("Éric", "Émery", {"city": "Nantes", "membership_start": dt.date(2024, 2, 1)}),
        ("Zoé", "Faure", {"city": "Arles", "rqth_status": RqthStatus.PENDING}),
        ("Bob", "Du_%", {"city": "Metz"}),
        ("Anne", 'O"Neil', {"city": "Dijon"}),
    ]
    ids = {}
    for first, last, extra in data:
        ids[last] = make_participant(ctx, first, last, **extra).id
    return ids


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("helene", ["Hélène Dupont"]),
        ("HÉLÈNE", ["Hélène Dupont"]),
        ("lukasiewicz", ["Marek Łukasiewicz"]),
        ("nguyen", ["Thi Nguyễn"]),
        ("oyvind øvergaard", ["Øyvind Øvergaard"]),
        ("oyvind overgaard", ["Øyvind Øvergaard"]),
        ("eric", ["Éric Émery"]),
        ("lena", ["Hélène Dupont"]),  # pseudonym
        ("lyon", ["Hélène Dupont"]),  # city
        ("helene lyon", ["Hélène Dupont"]),  # every term must match
        ("helene paris", []),
        ("du", ["Bob Du_%", "Hélène Dupont"]),  # short term: LIKE
        ("_%", ["Bob Du_%"]),  # LIKE wildcards are literal
        ("%", ["Bob Du_%"]),
        ('o"neil', ['Anne O"Neil']),  # quotes inside an FTS term
        ("ne", ["Hélène Dupont", 'Anne O"Neil']),  # sorted by last name
        ("   ", None),
    ],
)
def test_search_is_accent_and_case_insensitive(
    ctx: ServiceContext, people: dict[str, int], query: str, expected: list[str] | None
) -> None:
    found = search(ctx, query)
    if expected is None:
        assert len(found) == len(people)
    else:
        assert found == expected
        assert svc.count_participants(ctx, ParticipantFilter(search=query)) == len(expected)


def test_sort_uses_folded_names_and_paging(ctx: ServiceContext, people: dict[str, int]) -> None:
    rows = svc.list_participants(ctx, ALL)
    assert [r.last_name for r in rows] == [
        "Du_%",
        "Dupont",
        "Émery",
        "Faure",
        "Łukasiewicz",
        "Nguyễn",
        'O"Neil',
        "Øvergaard",
    ]
    backwards = svc.list_participants(ctx, ALL, descending=True)
    assert backwards == rows[::-1]
    pages = [svc.list_participants(ctx, ALL, offset=o, limit=3) for o in (0, 3, 6)]
    assert [len(p) for p in pages] == [3, 3, 2]
    assert [r for page in pages for r in page] == rows
    assert svc.list_participants(ctx, ALL, offset=100) == []


def test_sort_keys(ctx: ServiceContext, people: dict[str, int]) -> None:
    def by(sort: ParticipantSort, attr: str = "last_name", **kw: Any) -> list[Any]:
        return [getattr(r, attr) for r in svc.list_participants(ctx, ALL, sort=sort, **kw)]

    cities = by(ParticipantSort.CITY, "city")
    assert cities == ["Arles", "Brest", "Dijon", "Lille", "Lyon", "Metz", "Nantes", "Paris"]
    assert by(ParticipantSort.CITY, "city", descending=True) == cities[::-1]
    assert by(ParticipantSort.FIRST_NAME, "first_name")[:6] == [
        "Anne",
        "Bob",
        "Hélène",
        "Marek",
        "Thi",
        "Zoé",
    ]
    assert by(ParticipantSort.MEMBERSHIP_START)[0] == "Émery"
    assert by(ParticipantSort.ID, "id") == sorted(people.values())
    assert by(ParticipantSort.PSEUDONYM)[-1] == "Dupont"  # the only pseudonym, after the empty ones
    # "granted" < "none" < "pending", then by name
    assert by(ParticipantSort.RQTH)[0] == "Łukasiewicz"
    assert by(ParticipantSort.RQTH)[-1] == "Faure"
    svc.set_status(ctx, people["Nguyễn"], ParticipantStatus.PAUSED)
    assert by(ParticipantSort.STATUS)[-1] == "Nguyễn"  # "active" < "paused"


def test_rqth_without_an_end_date_sorts_alike_on_both_engines(ctx: ServiceContext) -> None:
    """A granted RQTH without an end date comes before the dated ones, and after them in
    descending order, on both engines (SQLite puts NULL first, PostgreSQL last)."""
    granted = {"rqth_status": RqthStatus.GRANTED}
    make_participant(ctx, "Anne", "Bernard", rqth_until=dt.date(2028, 1, 1), **granted)
    make_participant(ctx, "Bob", "Carpentier", **granted)
    make_participant(ctx, "Chloé", "Dumas", rqth_until=dt.date(2027, 1, 1), **granted)
    rows = svc.list_participants(ctx, ALL, sort=ParticipantSort.RQTH)
    assert [r.last_name for r in rows] == ["Carpentier", "Dumas", "Bernard"]
    backwards = svc.list_participants(ctx, ALL, sort=ParticipantSort.RQTH, descending=True)
    assert backwards == rows[::-1]


def test_ties_break_on_id(ctx: ServiceContext) -> None:
    ids = [make_participant(ctx, "Jean", "Martin").id for _ in range(3)]
    assert [r.id for r in svc.list_participants(ctx, ALL)] == ids
    assert [r.id for r in svc.list_participants(ctx, ALL, descending=True)] == ids[::-1]


def test_filters_and_counts(ctx: ServiceContext, people: dict[str, int]) -> None:
    svc.set_status(ctx, people["Faure"], ParticipantStatus.LEFT)
    svc.set_status(ctx, people["Émery"], ParticipantStatus.PAUSED)
    schemes.add_scheme(ctx, people["Dupont"], Scheme.CAP_EMPLOI)
    schemes.add_scheme(ctx, people["Nguyễn"], Scheme.CAP_EMPLOI, ended_on=dt.date(2026, 1, 1))
    with ctx.transaction() as session:
        session.get_one(Participant, people["Øvergaard"]).anonymised = True

    def count(**kw: Any) -> int:
        flt = ParticipantFilter(**kw)
        assert len(svc.list_participants(ctx, flt)) == svc.count_participants(ctx, flt)
        return svc.count_participants(ctx, flt)

    assert count() == 8
    assert count(statuses=(ParticipantStatus.LEFT,)) == 1
    assert count(statuses=(ParticipantStatus.ACTIVE, ParticipantStatus.PAUSED)) == 7
    assert count(scheme=Scheme.CAP_EMPLOI) == 1  # the ended one does not count
    assert count(scheme=Scheme.ESAT) == 0
    assert count(rqth=RqthStatus.GRANTED) == 1
    assert count(peer_helper=True) == 1
    assert count(peer_helper=False) == 7
    assert count(include_anonymised=False) == 7
    # active and not anonymised: Dupont, Łukasiewicz, Nguyễn, Du_%, O"Neil all hold an "e"
    assert count(search="e", statuses=(ParticipantStatus.ACTIVE,), include_anonymised=False) == 5
    assert count(search="lille", rqth=RqthStatus.GRANTED) == 1
    assert count(search="lille", rqth=RqthStatus.PENDING) == 0


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.one_of(
        st.text(),
        st.lists(
            st.sampled_from(
                [
                    '"',
                    "*",
                    "NEAR",
                    "(",
                    ")",
                    "AND",
                    "OR",
                    "NOT",
                    "^",
                    ":",
                    "-",
                    "'",
                    "%",
                    "_",
                    "\\",
                    "😀",
                    "\x00",
                    "\x1b",
                    "\ud800",
                    "ab",
                    "hélène",
                    "NEAR(a b)",
                    "{x}",
                    "+",
                ]
            ),
        ).map("".join),
        st.lists(st.text(max_size=5)).map(" ".join),
    )
)
def test_arbitrary_search_never_raises(
    ctx: ServiceContext, people: dict[str, int], query: str
) -> None:
    rows = svc.list_participants(ctx, ParticipantFilter(search=query), limit=5)
    assert svc.count_participants(ctx, ParticipantFilter(search=query)) >= len(rows)


FICTIONAL = [
    "Hélène Dupont",
    "Marek Łukasiewicz",
    "Thi Nguyễn",
    "Øyvind Øvergaard",
    "Cécile Lefèvre-Œillet",
]


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_any_substring_of_a_folded_name_finds_it(ctx: ServiceContext, data: st.DataObject) -> None:
    if svc.count_participants(ctx, ALL) == 0:
        for full in FICTIONAL:
            first, last = full.split(" ", 1)
            make_participant(ctx, first, last)
    full = data.draw(st.sampled_from(FICTIONAL))
    folded = fold(full)
    start = data.draw(st.integers(0, len(folded) - 1))
    end = data.draw(st.integers(start + 1, len(folded)))
    query = folded[start:end].upper()
    if not query.strip():
        return
    assert full in search(ctx, query)


def test_batched_insert_gives_ids_in_order_with_every_column(ctx: ServiceContext) -> None:
    """The import's batched insert (issue 12): ids in the rows' order on both engines,
    each row as create_participant would write it (the situation at entry included),
    one audit line each, and found by search."""
    svc.create_participant(ctx, ParticipantInput(first_name="Déjà", last_name="Là"))
    inputs = [
        ParticipantInput(
            first_name=f"Prénom{i}",
            last_name=f"Lot{i}",
            city="Saint-Étienne",
            entry_situation=EntrySituation.OUT_OF_WORK if i % 2 else None,
        )
        for i in range(5)
    ]
    rows = [svc.new_participant_values(ctx, data) for data in inputs]
    with ctx.transaction() as session:
        ids = svc.insert_participants(ctx, session, rows)
    assert len(ids) == 5 and ids == sorted(ids)
    for pid, data in zip(ids, inputs, strict=True):
        detail = svc.get_participant(ctx, pid)
        assert (detail.last_name, detail.entry_situation) == (
            data.last_name,
            data.entry_situation,
        )
    with ctx.transaction() as session:
        audited = session.scalars(
            select(AuditEntry.entity_id).where(AuditEntry.entity == "participant")
        ).all()
    assert set(ids) <= set(audited)
    found = svc.list_participants(ctx, ParticipantFilter(search="lot3"))
    assert [row.id for row in found] == [ids[3]]


def test_a_granted_rqth_past_its_end_date_is_listed_and_filtered_as_expired(
    ctx: ServiceContext,
) -> None:
    """Two years on, the list said « Obtenue jusqu'au 12/01/2027 » and the « RQTH expirée »
    filter left those people out (a tester): ``domain.rqth.rqth_on``."""
    today = ctx.today()
    granted = {"rqth_status": RqthStatus.GRANTED}
    ended = make_participant(
        ctx, "Chloé", "Ben Saïd", rqth_until=today - dt.timedelta(days=1), **granted
    ).id
    last_day = make_participant(ctx, "Anne", "Bernard", rqth_until=today, **granted).id
    open_ended = make_participant(ctx, "Marc", "Petit", **granted).id
    marked = make_participant(ctx, "Zoé", "Faure", rqth_status=RqthStatus.EXPIRED).id

    def found(rqth: RqthStatus) -> set[int]:
        rows = svc.list_participants(ctx, ParticipantFilter(rqth=rqth))
        return {r.id for r in rows}

    assert found(RqthStatus.EXPIRED) == {ended, marked}
    assert found(RqthStatus.GRANTED) == {last_day, open_ended}
    shown = {r.id: r.rqth_status for r in svc.list_participants(ctx, ParticipantFilter())}
    assert shown[ended] is RqthStatus.EXPIRED and shown[last_day] is RqthStatus.GRANTED


def test_a_birth_date_of_a_child_is_a_mistyped_year(ctx: ServiceContext) -> None:
    """« 01/02/20 » read as 2020 made a member 2 years old (a tester)."""
    today = ctx.today()
    with pytest.raises(InvalidInput) as refused:
        make_participant(ctx, "Léa", "Petit", birth_date=dt.date(today.year - 2, 2, 1))
    assert refused.value.field == "birth_date"
    assert "15" in refused.value.message
    with pytest.raises(InvalidInput) as refused:
        make_participant(ctx, "Léa", "Petit", birth_year=today.year - 3)
    assert refused.value.field == "birth_year"
    fifteen = dt.date(today.year - 15, today.month, min(today.day, 28))
    assert make_participant(ctx, "Léa", "Petit", birth_date=fifteen).birth_date == fifteen


def test_one_row_as_the_lists_show_it_for_whoever_lists(ctx: ServiceContext) -> None:
    """``participant_row``: what the CV page needs to put a draft back, readable by a
    pair-aidant who does not tutor the person (``get_participant`` is not)."""
    from pairdesk.domain.enums import Role
    from pairdesk.errors import PermissionDenied
    from tests.factories import acting_as

    pid = make_participant(ctx, "Hélène", "Durand", city="Grenoble").id
    helper = acting_as(ctx, "Sigríður", Role.PEER_HELPER)
    row = svc.participant_row(helper, pid)
    listed = svc.list_participants(ctx, ParticipantFilter(search="Durand"))
    assert [row] == listed
    with pytest.raises(PermissionDenied):
        svc.get_participant(helper, pid)
    with pytest.raises(UnknownId):
        svc.participant_row(ctx, pid + 1000)

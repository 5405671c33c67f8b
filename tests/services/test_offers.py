"""Job-offer sharing: offers, filters, shares with consent warnings, and matching."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import insert, select

from pairdesk import i18n
from pairdesk.domain.enums import (
    Attendance,
    ConsentMethod,
    ConsentPurpose,
    ContractType,
    RemoteWork,
    RqthStatus,
    ShareOutcome,
    WorkshopKind,
)
from pairdesk.errors import InvalidInput, UnknownId
from pairdesk.services import workshops
from pairdesk.services.context import ServiceContext
from pairdesk.services.matching import matches_for_offer, offers_for_participant
from pairdesk.services.offer_shares import (
    delete_share,
    list_shares,
    record_workshop_shares,
    set_share_outcome,
    share_offer,
)
from pairdesk.services.offers import (
    OfferInput,
    archive_offer,
    create_offer,
    get_offer,
    list_offer_sources,
    list_offers,
    update_offer,
)
from pairdesk.store.models import Consent, JobOffer, Participant, Pathway
from tests.factories import insert_participant, insert_workshop

pytestmark = pytest.mark.both_engines  # also on PostgreSQL (tests/pg.py)

TODAY = dt.date(2026, 11, 25)


def add_consent(
    ctx: ServiceContext, participant_id: int, *, withdrawn_on: dt.date | None = None
) -> None:
    with ctx.transaction() as session:
        session.add(
            Consent(
                participant_id=participant_id,
                purpose=ConsentPurpose.KEEP_FILE.value,
                given_on=dt.date(2026, 1, 5),
                method=ConsentMethod.SIGNED_FORM.value,
                withdrawn_on=withdrawn_on,
            )
        )


def offer(ctx: ServiceContext, title: str = "Commis de cuisine", **fields: object) -> int:
    return create_offer(ctx, OfferInput(title=title, **fields)).id  # type: ignore[arg-type]


def last_contact(ctx: ServiceContext, participant_id: int) -> dt.date | None:
    with ctx.transaction() as session:
        row = session.get(Participant, participant_id)
        assert row is not None
        return row.last_contact_on


# --------------------------------------------------------------------------- offers


def test_create_cleans_input_and_keeps_search_text(ctx: ServiceContext) -> None:
    created = create_offer(
        ctx,
        OfferInput(
            title="  Serveur·se\x00 au Café  ",
            employer="Brasserie Łukasiewicz",
            place="Lyon",
            contract_type=ContractType.CDD,
            hours_per_week=24.5,
            accommodations="Horaires aménagés",
            source="France Travail",
            closing_on=dt.date(2026, 12, 1),
        ),
    )
    assert created.title == "Serveur·se au Café"
    assert created.created_on == TODAY
    assert created.closing_soon and not created.expired
    with ctx.transaction() as session:
        row = session.get(JobOffer, created.id)
        assert row is not None
        assert (
            row.search_text
            == "serveur·se au cafe brasserie lukasiewicz lyon france travail horaires amenages"
        )

    updated = update_offer(ctx, created.id, OfferInput(title="Plongeur", employer="Chez Nguyễn"))
    assert [r.id for r in list_offers(ctx, search="nguyen")] == [created.id]
    assert list_offers(ctx, search="cafe") == []
    assert updated.contract_type == ContractType.CDI


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": "  "}, "title"),
        ({"hours_per_week": 0}, "hours_per_week"),
        ({"hours_per_week": 80}, "hours_per_week"),
        ({"contract_type": "volunteer"}, "contract_type"),
        ({"remote": "sometimes"}, "remote"),
        ({"closing_on": dt.date(1800, 1, 1)}, "closing_on"),
    ],
)
def test_invalid_offers_are_refused(
    ctx: ServiceContext, changes: dict[str, object], field: str
) -> None:
    data: dict[str, object] = {"title": "Jardinier"} | changes
    with pytest.raises(InvalidInput) as error:
        create_offer(ctx, OfferInput(**data))  # type: ignore[arg-type]
    assert error.value.field == field


def test_filters_and_expired_flag(ctx: ServiceContext) -> None:
    past = offer(ctx, "Agent d'entretien", closing_on=dt.date(2026, 11, 24), hours_per_week=20)
    soon = offer(
        ctx,
        "Employé de rayon",
        closing_on=TODAY + dt.timedelta(days=7),
        contract_type=ContractType.CDD,
        hours_per_week=35,
        source="Cap Emploi",
    )
    later = offer(
        ctx,
        "Secrétaire",
        closing_on=dt.date(2027, 1, 15),
        remote=RemoteWork.PARTIAL,
        accommodations="Poste adapté",
        hours_per_week=24,
        source="Cap Emploi",
    )
    undated = offer(ctx, "Aide-jardinier", contract_type=ContractType.ESAT)
    archived = offer(ctx, "Livreur", closing_on=dt.date(2026, 12, 10))
    archive_offer(ctx, archived)

    rows = list_offers(ctx)
    assert [r.id for r in rows] == [past, soon, later, undated]  # closing soonest, no date last
    flags = {r.id: (r.expired, r.closing_soon) for r in rows}
    assert flags == {
        past: (True, False),
        soon: (False, True),
        later: (False, False),
        undated: (False, False),
    }
    assert [r.id for r in list_offers(ctx, open_only=True)] == [soon, later, undated]
    assert [r.id for r in list_offers(ctx, include_archived=True)] == [
        past,
        soon,
        archived,
        later,
        undated,
    ]
    assert [r.id for r in list_offers(ctx, contract_type=ContractType.CDD)] == [soon]
    assert [r.id for r in list_offers(ctx, max_hours=24)] == [past, later]
    assert [r.id for r in list_offers(ctx, remote=RemoteWork.PARTIAL)] == [later]
    assert [r.id for r in list_offers(ctx, with_accommodations=True)] == [later]
    assert later not in [r.id for r in list_offers(ctx, with_accommodations=False)]
    assert [r.id for r in list_offers(ctx, source="Cap Emploi")] == [soon, later]
    assert [r.id for r in list_offers(ctx, search="JARDIN")] == [undated]
    assert [r.id for r in list_offers(ctx, search="100%_")] == []
    assert [r.title for r in list_offers(ctx, sort="title")] == [
        "Agent d'entretien",
        "Aide-jardinier",
        "Employé de rayon",
        "Secrétaire",
    ]
    assert list_offer_sources(ctx) == ["Cap Emploi"]
    with pytest.raises(InvalidInput):
        list_offers(ctx, sort="salary")
    assert get_offer(ctx, archived).archived
    assert not archive_offer(ctx, archived, archived=False).archived


# --------------------------------------------------------------------------- shares


def test_share_refuses_duplicates_and_moves_last_contact_forward(ctx: ServiceContext) -> None:
    oid = offer(ctx)
    pid = insert_participant(ctx)
    add_consent(ctx, pid)

    share = share_offer(ctx, oid, pid, shared_on=dt.date(2026, 11, 20))
    assert share.consent_warning is None
    assert share.outcome == ShareOutcome.SHARED
    assert share.participant_name == "Camille Fictif"
    assert last_contact(ctx, pid) == dt.date(2026, 11, 20)

    with pytest.raises(InvalidInput) as error:
        share_offer(ctx, oid, pid)
    assert error.value.field == "participant_id"
    assert len(list_shares(ctx, offer_id=oid)) == 1

    share_offer(ctx, offer(ctx, "Plongeur"), pid, shared_on=dt.date(2026, 10, 1))
    assert last_contact(ctx, pid) == dt.date(2026, 11, 20)
    assert [s.shared_on for s in list_shares(ctx, participant_id=pid)] == [
        dt.date(2026, 11, 20),
        dt.date(2026, 10, 1),
    ]
    assert get_offer(ctx, oid).share_count == 1


def test_consent_warning_without_current_keep_file_consent(ctx: ServiceContext) -> None:
    oid = offer(ctx)
    without = insert_participant(ctx, "Alix", "Sansaccord")
    withdrawn = insert_participant(ctx, "Basile", "Retrait")
    add_consent(ctx, withdrawn, withdrawn_on=dt.date(2026, 6, 1))
    with ctx.transaction() as session:  # another purpose does not count
        session.add(
            Consent(
                participant_id=without,
                purpose=ConsentPurpose.PHOTOS.value,
                given_on=dt.date(2026, 1, 5),
                method=ConsentMethod.ORAL.value,
            )
        )

    first = share_offer(ctx, oid, without)
    second = share_offer(ctx, oid, withdrawn)

    assert first.consent_warning and second.consent_warning
    assert all(s.consent_warning for s in list_shares(ctx, offer_id=oid))
    add_consent(ctx, without)
    assert {s.participant_id: s.consent_warning for s in list_shares(ctx, offer_id=oid)}[
        without
    ] is None


def test_share_refusals(ctx: ServiceContext) -> None:
    oid = offer(ctx)
    pid = insert_participant(ctx)
    gone = insert_participant(ctx, "Anonyme", "Anonyme", anonymised=True)
    with pytest.raises(UnknownId):
        share_offer(ctx, 999, pid)
    with pytest.raises(UnknownId):
        share_offer(ctx, oid, 999)
    with pytest.raises(InvalidInput):
        share_offer(ctx, oid, gone)
    archive_offer(ctx, oid)
    with pytest.raises(InvalidInput):
        share_offer(ctx, oid, pid)
    assert list_shares(ctx, participant_id=pid) == []


def test_share_outcome(ctx: ServiceContext) -> None:
    pid = insert_participant(ctx)
    share = share_offer(ctx, offer(ctx), pid, shared_on=dt.date(2026, 11, 10))

    with pytest.raises(InvalidInput) as error:
        set_share_outcome(ctx, share.id, ShareOutcome.APPLIED, on=dt.date(2026, 11, 9))
    assert error.value.field == "outcome_on"

    applied = set_share_outcome(ctx, share.id, ShareOutcome.APPLIED, notes="Lettre envoyée")
    assert (applied.outcome, applied.outcome_on, applied.notes) == (
        ShareOutcome.APPLIED,
        TODAY,
        "Lettre envoyée",
    )
    back = set_share_outcome(ctx, share.id, ShareOutcome.SHARED)
    assert back.outcome_on is None
    delete_share(ctx, share.id)
    assert list_shares(ctx, participant_id=pid) == []


def sharing_workshop(ctx: ServiceContext) -> int:
    """An offer-sharing workshop held on 18/11/2026, a week before the fixtures' today."""
    return insert_workshop(
        ctx,
        dt.date(2026, 11, 18),
        WorkshopKind.OFFER_SHARING,
        "Partage d'offres",
        dt.time(14),
        dt.time(16),
    )


def test_workshop_shares_skip_existing_pairs(ctx: ServiceContext) -> None:
    o1, o2 = offer(ctx), offer(ctx, "Plongeur")
    p1, p2 = insert_participant(ctx), insert_participant(ctx, "Noé", "Exemple")
    wid = sharing_workshop(ctx)
    share_offer(ctx, o1, p1, shared_on=dt.date(2026, 11, 1))

    created = record_workshop_shares(ctx, wid, [(o1, p1), (o1, p2), (o2, p1), (o1, p2)])

    assert [(s.offer_id, s.participant_id) for s in created] == [(o1, p2), (o2, p1)]
    assert all(s.workshop_id == wid and s.shared_on == dt.date(2026, 11, 18) for s in created)
    assert len(list_shares(ctx)) == 3
    assert last_contact(ctx, p1) == dt.date(2026, 11, 18)


def test_workshop_shares_are_all_or_nothing(ctx: ServiceContext) -> None:
    oid = offer(ctx)
    pid = insert_participant(ctx)
    wid = sharing_workshop(ctx)
    with pytest.raises(UnknownId):
        record_workshop_shares(ctx, wid, [(oid, pid), (oid, 999)])
    assert list_shares(ctx) == []
    assert last_contact(ctx, pid) is None
    with pytest.raises(UnknownId):
        record_workshop_shares(ctx, 999, [(oid, pid)])


def test_a_sharing_workshop_keeps_who_came(ctx: ServiceContext) -> None:
    """The people ticked as present are checked in (a walk-in when not registered), with
    the shares, all or nothing: the tester's workshop kept its shares and lost who came."""
    oid = offer(ctx)
    came, walked_in = insert_participant(ctx), insert_participant(ctx)
    wid = sharing_workshop(ctx)
    workshops.register(ctx, wid, came)
    with pytest.raises(UnknownId):  # a share fails: nobody is checked in either
        record_workshop_shares(ctx, wid, [(oid, 999)], present=[came, walked_in])
    assert {r.attendance for r in workshops.get_workshop(ctx, wid).registrations} == {None}

    record_workshop_shares(ctx, wid, [(oid, came)], present=[came, walked_in])
    rows = {r.participant_id: r for r in workshops.get_workshop(ctx, wid).registrations}
    assert {pid: r.attendance for pid, r in rows.items()} == {
        came: Attendance.PRESENT,
        walked_in: Attendance.PRESENT,
    }
    assert rows[walked_in].walk_in and not rows[came].walk_in
    assert last_contact(ctx, walked_in) == dt.date(2026, 11, 18)
    # presence alone (nobody took an offer) is recorded too
    third = insert_participant(ctx)
    assert record_workshop_shares(ctx, wid, [], present=[third]) == []
    assert third in {r.participant_id for r in workshops.get_workshop(ctx, wid).registrations}


def test_an_offer_closed_before_the_day_is_not_shared(ctx: ServiceContext) -> None:
    """An offer closed on 19/03 was shared on 25/11 without a word, by hand and at a
    sharing workshop (a tester's finding)."""
    oid = offer(ctx, closing_on=dt.date(2026, 3, 19))
    pid = insert_participant(ctx)
    with pytest.raises(InvalidInput) as refused:
        share_offer(ctx, oid, pid)  # today, 25/11
    assert "19/03/2026" in refused.value.message and refused.value.field == "offer_id"
    wid = sharing_workshop(ctx)
    with pytest.raises(InvalidInput):
        record_workshop_shares(ctx, wid, [(oid, pid)])
    assert list_shares(ctx) == []
    # a share recorded afterwards, dated when the offer was still open, is kept
    assert share_offer(ctx, oid, pid, shared_on=dt.date(2026, 3, 19)).offer_id == oid


# --------------------------------------------------------------------------- matching


def test_matches_both_ways_with_reasons(ctx: ServiceContext) -> None:
    i18n.install("en")
    oid = offer(
        ctx,
        "Commis de cuisine",
        place="Lyon",
        hours_per_week=22,
        accommodations="horaires souples",
        employer_open_to_disability=True,
    )
    best = insert_participant(
        ctx,
        "Inès",
        "Exemple",
        city="Lyon",
        rqth_status=RqthStatus.GRANTED.value,
        pathway={"aspirations": "cuisine", "preferred_hours_per_week": 20},
    )
    weaker = insert_participant(
        ctx, "Bruno", "Exemple", city="Villeurbanne", pathway={"aspirations": "Cuisine"}
    )
    insert_participant(ctx, "Zoé", "Sansparcours", city="Lille")  # no pathway, nothing matches
    shared = insert_participant(ctx, "Déjà", "Partagé", pathway={"aspirations": "cuisine"})
    insert_participant(ctx, "Paul", "Parti", status="left", pathway={"aspirations": "cuisine"})
    insert_participant(
        ctx, "Anonyme", "Anonyme", anonymised=True, pathway={"aspirations": "cuisine"}
    )
    share_offer(ctx, oid, shared)

    matches = matches_for_offer(ctx, oid)

    assert [m.participant_id for m in matches] == [best, weaker]
    assert matches[0].reasons == (
        "A word of the person's wishes is in the offer: cuisine",
        "22 h a week, 2 h more than the 20 h wished",
        "In Lyon, where the person lives",
        "Employer open to hiring disabled workers",
    )
    assert matches[0].score == 8
    assert matches[1].reasons == ("A word of the person's wishes is in the offer: Cuisine",)
    assert [m.participant_id for m in matches_for_offer(ctx, oid, limit=1)] == [best]

    other = offer(ctx, "Aide cuisinier", closing_on=dt.date(2026, 12, 31))
    offer(ctx, "Cuisinier", closing_on=dt.date(2026, 11, 1))  # closed
    archive_offer(ctx, offer(ctx, "Chef de cuisine"))  # archived
    offer(ctx, "Comptable")  # unrelated
    assert [m.offer_id for m in offers_for_participant(ctx, best)] == [oid, other]
    with pytest.raises(UnknownId):
        offers_for_participant(ctx, 999)
    with pytest.raises(UnknownId):
        matches_for_offer(ctx, 999)


def test_matching_5000_participants_finds_the_best_first(ctx: ServiceContext) -> None:
    oid = offer(
        ctx, "Agent d'accueil", place="Lyon", hours_per_week=24, description="Accueil du public"
    )
    n = 5000
    with ctx.transaction() as session:
        session.execute(
            insert(Participant),
            [
                {
                    "id": 10_000 + i,
                    "first_name": f"Prénom{i}",
                    "last_name": "Fictif",
                    "membership_start": dt.date(2026, 1, 5),
                    "city": ("Lyon", "Bron", "Vienne")[i % 3],
                }
                for i in range(n)
            ],
        )
        session.execute(
            insert(Pathway),
            [
                {
                    "participant_id": 10_000 + i,
                    "aspirations": (
                        "accueil et secrétariat",
                        "logistique, magasinage",
                        "espaces verts",
                    )[i % 3],
                    "preferred_hours_per_week": (20, 24, 35)[i % 3],
                    "preferred_places": "Lyon; Villeurbanne",
                    "accommodations_needed": "horaires aménagés",
                }
                for i in range(n)
            ],
        )
        assert session.scalar(select(Participant.id).where(Participant.id == 10_000 + n - 1))

    # Its speed is measured in bench/bench_store.py ("matches"), never timed in a test.
    matches = matches_for_offer(ctx, oid, limit=20)

    assert len(matches) == 20
    assert matches[0].score == 3 + 2 + 2  # aspiration, hours, city


def test_offers_sort_alike_on_both_engines(ctx: ServiceContext) -> None:
    """Titles and employers sort without ASCII case, then in code point order, as on the
    encrypted file (SQLite's ``lower`` folds ASCII only): PostgreSQL's ``lower`` also
    folds « É », which put « école » before « Égalité » on a server only."""
    titles = ["Égalité des chances", "zinc", "école de musique", "Agent", "agent b"]
    for title in titles:
        offer(ctx, title, employer=title.upper() if title.isascii() else title)
    assert [r.title for r in list_offers(ctx, sort="title")] == [
        "Agent",
        "agent b",
        "zinc",
        "Égalité des chances",
        "école de musique",
    ]
    assert [r.employer for r in list_offers(ctx, sort="employer")] == [
        "AGENT",
        "AGENT B",
        "ZINC",
        "Égalité des chances",
        "école de musique",
    ]

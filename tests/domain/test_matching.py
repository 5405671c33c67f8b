"""Matching offers and participants: points and plain-language reasons, no vault needed."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pairdesk import i18n
from pairdesk.domain.enums import RemoteWork, RqthStatus
from pairdesk.domain.matching import (
    OfferFacts,
    ParticipantFacts,
    places_of,
    prepare_offer,
    score_match,
    significant_words,
)


@pytest.fixture
def english() -> None:
    """Reasons in English source text, whatever the catalogue holds."""
    i18n.install("en")


def test_aspiration_words_found_in_title_and_description(english: None) -> None:
    offer = OfferFacts(
        title="Commis de cuisine", description="Restaurant associatif, service du midi"
    )
    person = ParticipantFacts(aspirations="Je voudrais travailler en cuisine ou en restauration")

    result = score_match(offer, person)

    # "restauration" shares the stem "restau" with "Restaurant"
    assert result.reasons == (
        "Words of the person's wishes are in the offer: cuisine, restauration",
    )
    assert result.score == 6


def test_accents_and_case_do_not_matter_and_the_word_is_shown_as_typed(english: None) -> None:
    result = score_match(
        OfferFacts(title="AGENT DE RECEPTION"), ParticipantFacts(aspirations="Réception")
    )
    assert result.reasons == ("A word of the person's wishes is in the offer: Réception",)


def test_stop_words_and_short_words_never_match() -> None:
    offer = OfferFacts(
        title="Poste en équipe", description="Travail de jour, emploi du temps fixe, CDI"
    )
    person = ParticipantFacts(aspirations="Je veux un travail, un emploi, un poste de jour en CDI")
    assert score_match(offer, person).score == 0
    assert significant_words("un CDI de jour") == []


def test_hours_close_to_the_wish(english: None) -> None:
    person = ParticipantFacts(preferred_hours_per_week=20)
    close = score_match(OfferFacts(title="x", hours_per_week=22), person)
    fewer = score_match(OfferFacts(title="x", hours_per_week=17.5), person)
    exact = score_match(OfferFacts(title="x", hours_per_week=20), person)
    far = score_match(OfferFacts(title="x", hours_per_week=35), person)
    unknown = score_match(OfferFacts(title="x", hours_per_week=None), person)

    # the difference said (« proche » for 5 h more was read as "about the same")
    assert close.reasons == ("22 h a week, 2 h more than the 20 h wished",)
    assert fewer.reasons == ("17.5 h a week, 2.5 h less than the 20 h wished",)
    assert exact.reasons == ("20 h a week, as wished",)
    assert far.score == unknown.score == 0
    assert close.score == exact.score == 2


def test_place_where_the_person_lives_or_wishes(english: None) -> None:
    home = score_match(OfferFacts(title="x", place="Lyon 3e"), ParticipantFacts(city="lyon"))
    wished = score_match(
        OfferFacts(title="x", place="Bron"),
        ParticipantFacts(city="Lyon", preferred_places="Villeurbanne; Bron, Vénissieux"),
    )
    hyphen = score_match(
        OfferFacts(title="x", place="Saint Etienne"), ParticipantFacts(city="Saint-Étienne")
    )
    other = score_match(OfferFacts(title="x", place="Lyonnais"), ParticipantFacts(city="Lyon"))

    assert home.reasons == ("In Lyon 3e, where the person lives",)
    assert wished.reasons == ("In Bron, a place the person wishes",)
    assert hyphen.score == 2
    assert other.score == 0
    assert places_of("Villeurbanne; Bron,  ,Vénissieux") == ["villeurbanne", "bron", "venissieux"]


def test_fully_remote_counts_a_little_when_the_place_differs(english: None) -> None:
    result = score_match(
        OfferFacts(title="x", place="Paris", remote=RemoteWork.FULL), ParticipantFacts(city="Lille")
    )
    assert result.score == 1
    assert result.reasons == ("Fully remote work, no travel needed",)


def test_accommodations_needed_and_offered_share_a_word(english: None) -> None:
    offer = OfferFacts(title="x", accommodations="Horaires flexibles, tutorat à l'arrivée")
    needs = ParticipantFacts(accommodations_needed="horaires aménagés le matin")
    unrelated = ParticipantFacts(accommodations_needed="bureau calme")

    assert score_match(offer, needs).reasons == (
        "Accommodations offered: Horaires flexibles, tutorat à l'arrivée",
    )
    assert score_match(offer, unrelated).score == 0
    # one item a line: the lines were run together (« Horaires aménagés Pauses »)
    listed = OfferFacts(title="x", accommodations="Horaires flexibles\n\nPauses régulières;\n")
    assert score_match(listed, needs).reasons == (
        "Accommodations offered: Horaires flexibles, Pauses régulières",
    )


def test_open_employer_counts_only_with_a_granted_rqth(english: None) -> None:
    offer = OfferFacts(title="x", employer_open_to_disability=True)
    granted = score_match(offer, ParticipantFacts(rqth_status=RqthStatus.GRANTED))
    pending = score_match(offer, ParticipantFacts(rqth_status=RqthStatus.PENDING))
    assert granted.reasons == ("Employer open to hiring disabled workers",)
    assert granted.score == 1
    assert pending.score == 0


def test_everything_together_and_prepared_offer_gives_the_same_result() -> None:
    offer = OfferFacts(
        title="Aide cuisinier",
        description="Cuisine collective",
        place="Lyon",
        hours_per_week=24,
        accommodations="horaires adaptés",
        employer_open_to_disability=True,
    )
    person = ParticipantFacts(
        aspirations="cuisine",
        preferred_hours_per_week=20,
        city="Lyon",
        accommodations_needed="horaires",
        rqth_status=RqthStatus.GRANTED,
    )
    assert score_match(offer, person) == score_match(prepare_offer(offer), person)
    assert score_match(offer, person).score == 3 + 2 + 2 + 2 + 1
    assert len(score_match(offer, person).reasons) == 5


def test_at_most_three_aspiration_words_count() -> None:
    offer = OfferFacts(title="jardinage cuisine menuiserie peinture accueil")
    person = ParticipantFacts(aspirations="jardinage cuisine menuiserie peinture accueil")
    assert score_match(offer, person).score == 9


hours_values = st.none() | st.floats(allow_nan=True, allow_infinity=True)


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    offer=st.builds(
        OfferFacts,
        title=st.text(),
        description=st.text(),
        place=st.text(),
        hours_per_week=hours_values,
        accommodations=st.text(),
        employer_open_to_disability=st.booleans(),
        remote=st.sampled_from(RemoteWork),
    ),
    person=st.builds(
        ParticipantFacts,
        aspirations=st.text(),
        preferred_hours_per_week=hours_values,
        preferred_places=st.text(),
        city=st.text(),
        accommodations_needed=st.text(),
        rqth_status=st.sampled_from(RqthStatus),
    ),
)
def test_arbitrary_text_never_raises(offer: OfferFacts, person: ParticipantFacts) -> None:
    result = score_match(offer, person)
    assert result.score >= 0
    assert (result.score == 0) == (not result.reasons)
    assert len(result.reasons) <= 7
    assert all(isinstance(reason, str) and reason for reason in result.reasons)


def test_hours_take_the_decimal_comma_in_french() -> None:
    i18n.install("fr")
    person = ParticipantFacts(preferred_hours_per_week=17.5)
    close = score_match(OfferFacts(title="x", hours_per_week=17.5), person)
    assert close.reasons == ("17,5 h par semaine, comme souhaité",)

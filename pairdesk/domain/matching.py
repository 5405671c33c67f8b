"""Matching job offers and participants, with reasons in plain language.

Pure logic, no SQL: the services load small frozen facts and call :func:`score_match`.
An offer is prepared once (:func:`prepare_offer`) so that scoring thousands of
participants against it stays fast.

Points:
    * each aspiration word found in the offer title or description: 3 (at most 3 words);
    * hours a week within ``HOURS_TOLERANCE`` of the wished hours: 2;
    * place equal to the person's city or one of the wished places: 2;
      fully remote work when the person named a place or city: 1;
    * accommodations offered sharing words with those needed: 2;
    * employer open to disability when the RQTH is granted: 1.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from pairdesk import i18n
from pairdesk.domain.enums import RemoteWork, RqthStatus
from pairdesk.domain.text import clean_line, fold
from pairdesk.i18n import _, ngettext

MIN_WORD_LENGTH = 4
STEM_LENGTH = 6
HOURS_TOLERANCE = 5.0
MAX_ASPIRATION_WORDS = 3
MAX_SHOWN_ACCOMMODATIONS = 80

ASPIRATION_POINTS = 3
HOURS_POINTS = 2
PLACE_POINTS = 2
REMOTE_POINTS = 1
ACCOMMODATION_POINTS = 2
OPEN_EMPLOYER_POINTS = 1

# Folded words of 4 letters or more that say nothing about a job (French and English).
_STOP_WORDS_TEXT = """
avec pour dans sans sous plus moins tres bien aussi mais donc alors comme etre avoir
faire fait peux peut veux voudrais aimerais aimer souhaite souhaiterais souhait envie
cherche chercher recherche trouver travail travailler emploi poste postes metier metiers
secteur domaine domaines type temps plein partiel heure heures semaine jour jours
quelque chose autre autres leur leurs notre votre nous vous elle elles sont cette ceux
celle tout tous toute toutes entre vers chez depuis pendant quand parce besoin besoins
possible possibles surtout plutot encore deja annee annees mois ville lieu contrat
with from that this have will would like want work working job jobs into about other
some more less very also their them they what when where which while hour hours week
place time full part
"""
STOP_WORDS = frozenset(_STOP_WORDS_TEXT.split())

_WORD = re.compile(r"\w+")
_PLACE_SEPARATORS = re.compile(r"[,;/\n|]+")


@dataclass(frozen=True, slots=True)
class OfferFacts:
    """What matching needs to know about a job offer."""

    title: str
    description: str = ""
    place: str = ""
    hours_per_week: float | None = None
    accommodations: str = ""
    employer_open_to_disability: bool = False
    remote: RemoteWork = RemoteWork.NONE


@dataclass(frozen=True, slots=True)
class ParticipantFacts:
    """What matching needs to know about a participant (from their file and pathway)."""

    aspirations: str = ""
    preferred_hours_per_week: float | None = None
    preferred_places: str = ""
    city: str = ""
    accommodations_needed: str = ""
    rqth_status: RqthStatus = RqthStatus.NONE


@dataclass(frozen=True, slots=True)
class MatchResult:
    """A score (0 when nothing matches) and one translated reason per point earned."""

    score: int
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PreparedOffer:
    """An offer with its words folded once, ready to be scored against many people."""

    facts: OfferFacts
    words: frozenset[str]
    stems: frozenset[str]
    accommodation_words: frozenset[str]
    place: str


def significant_words(text: str | None) -> list[tuple[str, str]]:
    """(folded, as written) for each word of 4 letters or more that is not a stop word.

    Order of first appearance is kept and each folded word appears once.
    """
    if not text:
        return []
    seen: set[str] = set()
    result: list[tuple[str, str]] = []
    for token in _WORD.findall(unicodedata.normalize("NFC", text)):
        folded = fold(token).replace("_", "")
        if len(folded) < MIN_WORD_LENGTH or folded.isdigit() or folded in STOP_WORDS:
            continue
        if folded not in seen:
            seen.add(folded)
            result.append((folded, token.replace("_", "")))
    return result


def _place_key(text: str | None) -> str:
    """A place folded, hyphens and apostrophes read as spaces: "Saint-Étienne" → "saint etienne"."""
    return " ".join(_WORD.findall(fold(text).replace("_", " ")))


def places_of(text: str | None) -> list[str]:
    """The places of a list typed as "Lyon, Villeurbanne; Bron"."""
    return [p for p in (_place_key(part) for part in _PLACE_SEPARATORS.split(text or "")) if p]


def _place_matches(offer_place: str, wanted: str) -> bool:
    """True when the wanted place is the offer's place or a whole part of it ("Lyon 3e")."""
    if not offer_place or not wanted:
        return False
    return f" {wanted} " in f" {offer_place} "


def prepare_offer(offer: OfferFacts) -> PreparedOffer:
    words = {w for w, _raw in significant_words(offer.title)}
    words.update(w for w, _raw in significant_words(offer.description))
    return PreparedOffer(
        facts=offer,
        words=frozenset(words),
        stems=frozenset(w[:STEM_LENGTH] for w in words if len(w) >= STEM_LENGTH),
        accommodation_words=frozenset(w for w, _raw in significant_words(offer.accommodations)),
        place=_place_key(offer.place),
    )


def _word_in_offer(word: str, offer: PreparedOffer) -> bool:
    """Exact word, or a shared 6-letter stem ("cuisine" finds "cuisinier")."""
    if word in offer.words:
        return True
    return len(word) >= STEM_LENGTH and word[:STEM_LENGTH] in offer.stems


def _hours_text(value: float) -> str:
    """17.5 → « 17,5 » in French (the decimal comma), 20.0 → « 20 »."""
    text = f"{value:g}"
    return text.replace(".", ",") if i18n.current_language() == "fr" else text


def _shorten(text: str, limit: int) -> str:
    """One line of at most ``limit`` characters; the lines of ``text`` are joined by commas
    (a list typed one item a line ran together: « Horaires aménagés Pauses »)."""
    line = ", ".join(
        part for part in (clean_line(raw).rstrip(",;") for raw in text.splitlines()) if part
    )
    if len(line) <= limit:
        return line
    return line[: limit - 1].rstrip() + "…"


def score_match(offer: OfferFacts | PreparedOffer, person: ParticipantFacts) -> MatchResult:
    """Score how well an offer fits a person, with the reasons behind each point."""
    prepared = offer if isinstance(offer, PreparedOffer) else prepare_offer(offer)
    facts = prepared.facts
    score = 0
    reasons: list[str] = []

    found: list[str] = []
    for folded, raw in significant_words(person.aspirations):
        if len(found) >= MAX_ASPIRATION_WORDS:
            break
        if _word_in_offer(folded, prepared):
            found.append(raw)
            score += ASPIRATION_POINTS
    if found:
        # one reason naming the words, as typed: « Correspond au souhait « cuisine » » read
        # as if "cuisine" were the whole wish
        reasons.append(
            ngettext(
                "A word of the person's wishes is in the offer: {words}",
                "Words of the person's wishes are in the offer: {words}",
                len(found),
            ).format(words=", ".join(found))
        )

    offered_hours = facts.hours_per_week
    wished_hours = person.preferred_hours_per_week
    if (
        offered_hours is not None
        and wished_hours is not None
        and abs(offered_hours - wished_hours) <= HOURS_TOLERANCE
    ):
        score += HOURS_POINTS
        if offered_hours == wished_hours:
            reasons.append(
                _("{hours} h a week, as wished").format(hours=_hours_text(offered_hours))
            )
        else:
            # the difference said, not "close": 5 h more is much for someone who asked for
            # short hours
            apart = _hours_text(abs(offered_hours - wished_hours))
            wording = (
                _("{hours} h a week, {apart} h more than the {wished} h wished")
                if offered_hours > wished_hours
                else _("{hours} h a week, {apart} h less than the {wished} h wished")
            )
            reasons.append(
                wording.format(
                    hours=_hours_text(offered_hours), apart=apart, wished=_hours_text(wished_hours)
                )
            )

    city = _place_key(person.city)
    wished_places = places_of(person.preferred_places)
    shown_place = clean_line(facts.place)
    if _place_matches(prepared.place, city):
        score += PLACE_POINTS
        reasons.append(_("In {place}, where the person lives").format(place=shown_place))
    elif any(_place_matches(prepared.place, wanted) for wanted in wished_places):
        score += PLACE_POINTS
        reasons.append(_("In {place}, a place the person wishes").format(place=shown_place))
    elif facts.remote == RemoteWork.FULL and (city or wished_places):
        score += REMOTE_POINTS
        reasons.append(_("Fully remote work, no travel needed"))

    needed = {w for w, _raw in significant_words(person.accommodations_needed)}
    if needed and needed & prepared.accommodation_words:
        score += ACCOMMODATION_POINTS
        reasons.append(
            _("Accommodations offered: {accommodations}").format(
                accommodations=_shorten(facts.accommodations, MAX_SHOWN_ACCOMMODATIONS)
            )
        )

    if facts.employer_open_to_disability and person.rqth_status == RqthStatus.GRANTED:
        score += OPEN_EMPLOYER_POINTS
        # as the offer's box says it, no more (« handicap psychique » claimed more)
        reasons.append(_("Employer open to hiring disabled workers"))

    return MatchResult(score=score, reasons=tuple(reasons))

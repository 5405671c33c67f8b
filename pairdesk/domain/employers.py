"""The employer directory's vocabulary and rules (issue 15): kinds of employer, contacts
with them, accommodations named in work terms, the person's disclosure choice, and the
key that groups spelling variants of one employer's name.

Pure rules: no SQL. What a disclosure choice allows is decided here, once, for the
services (a contact about a person, a pathway summary printed for an employer).
"""

from __future__ import annotations

import re
import unicodedata

from pairdesk.domain.enums import LabelledEnum
from pairdesk.domain.text import fold
from pairdesk.i18n import N_


class _EmployerVocabulary(LabelledEnum):
    """A closed list of this module, labelled from ``_LABELS`` below."""

    @property
    def source_label(self) -> str:
        return _LABELS[type(self).__name__][self.value]


class EmployerKind(_EmployerVocabulary):
    ORDINARY = "ordinary"
    ENTREPRISE_ADAPTEE = "entreprise_adaptee"
    ESAT = "esat"
    PUBLIC = "public"
    ASSOCIATION = "association"


class EmployerSize(_EmployerVocabulary):
    UNKNOWN = "unknown"
    MICRO = "micro"  # fewer than 10 employees
    SMALL = "small"  # 10-49
    MEDIUM = "medium"  # 50-249
    LARGE = "large"  # 250 or more


class InteractionKind(_EmployerVocabulary):
    VISIT = "visit"
    PHONE_CALL = "phone_call"
    AWARENESS_SESSION = "awareness_session"
    RETENTION_FOLLOW_UP = "retention_follow_up"
    OTHER = "other"


class AccommodationKind(_EmployerVocabulary):
    """Accommodations in work terms, never a diagnosis."""

    HOURS = "hours"
    BREAKS = "breaks"
    QUIET_PLACE = "quiet_place"
    WRITTEN_INSTRUCTIONS = "written_instructions"
    TUTOR = "tutor"
    OTHER = "other"


class AccommodationOutcome(_EmployerVocabulary):
    UNKNOWN = "unknown"
    WORKED = "worked"
    DID_NOT_WORK = "did_not_work"


class Disclosure(_EmployerVocabulary):
    """What the person chose to tell the employer about their disability, RQTH or health."""

    NOT_DISCLOSED = "not_disclosed"
    RQTH_ONLY = "rqth_only"
    WITH_SUPPORT = "with_support"
    FULL = "full"


class ToConfirmReason(_EmployerVocabulary):
    """Why the link of a typed employer name to the directory was left for a person."""

    BLANK = "blank"
    SEVERAL_TOWNS = "several_towns"


_LABELS: dict[str, dict[str, str]] = {
    "EmployerKind": {
        "ordinary": N_("Ordinary company"),
        "entreprise_adaptee": N_("Entreprise Adaptée"),
        "esat": N_("ESAT"),
        "public": N_("Public employer"),
        "association": N_("Association"),
    },
    "EmployerSize": {
        "unknown": N_("Size not known"),
        "micro": N_("Fewer than 10 employees"),
        "small": N_("10 to 49 employees"),
        "medium": N_("50 to 249 employees"),
        "large": N_("250 employees or more"),
    },
    "InteractionKind": {
        "visit": N_("Visit"),
        "phone_call": N_("Phone call"),
        "awareness_session": N_("Awareness session"),
        "retention_follow_up": N_("Job retention follow-up"),
        "other": N_("Other contact"),
    },
    "AccommodationKind": {
        "hours": N_("Working hours"),
        "breaks": N_("Breaks"),
        "quiet_place": N_("Quiet place to work"),
        "written_instructions": N_("Written instructions"),
        "tutor": N_("Tutor in the company"),
        "other": N_("Other accommodation"),
    },
    "AccommodationOutcome": {
        "unknown": N_("Not known yet"),
        "worked": N_("Worked"),
        "did_not_work": N_("Did not work"),
    },
    "Disclosure": {
        "not_disclosed": N_("Not disclosed"),
        "rqth_only": N_("RQTH disclosed, nothing else"),
        "with_support": N_("Disclosed with the peer helper's support"),
        "full": N_("Disclosed fully"),
    },
    "ToConfirmReason": {
        "blank": N_("No employer typed"),
        "several_towns": N_("The same name in several towns"),
    },
}


def contact_about_person_allowed(choice: Disclosure | None) -> bool:
    """Whether the team may talk to the employer about this person: only when the person
    told the employer something (no choice recorded counts as not disclosed)."""
    return choice is not None and choice is not Disclosure.NOT_DISCLOSED


def summary_names_support(choice: Disclosure | None) -> bool:
    """A pathway summary printed for an employer carries the association's name, which
    tells its support: only a person who disclosed with that support, or fully, allows it.
    Otherwise the employer gets a neutral professional profile, without the association."""
    return choice in {Disclosure.WITH_SUPPORT, Disclosure.FULL}


def summary_shows_rqth(choice: Disclosure | None) -> bool:
    """Whether a document printed for an employer may state the person's RQTH."""
    return choice in {Disclosure.RQTH_ONLY, Disclosure.WITH_SUPPORT, Disclosure.FULL}


#: The sections of a pathway summary (``SummarySection`` values) each choice allows to
#: print for an employer. Not disclosed or RQTH only: a neutral profile (name, what the
#: person would like to do, their professional skills; the RQTH on "RQTH only"). Schemes,
#: self-assessments, the timeline and retention checks are the association's follow-up,
#: never an employer's business but on a full disclosure.
SUMMARY_SECTIONS_FOR_EMPLOYER: dict[Disclosure, frozenset[str]] = {
    Disclosure.NOT_DISCLOSED: frozenset({"identity", "aspirations", "skills"}),
    Disclosure.RQTH_ONLY: frozenset({"identity", "aspirations", "skills"}),
    Disclosure.WITH_SUPPORT: frozenset(
        {"identity", "aspirations", "skills", "accommodations", "workshops", "mock_interviews"}
    ),
    Disclosure.FULL: frozenset(
        {
            "identity",
            "aspirations",
            "skills",
            "accommodations",
            "goals",
            "timeline",
            "workshops",
            "mock_interviews",
            "self_assessment",
            "retention",
        }
    ),
}


# --------------------------------------------------------------------------- name keys

#: Legal forms dropped from a name before grouping ("Boulangerie Martin SARL").
LEGAL_FORMS = frozenset(
    {"sarl", "sas", "sasu", "sa", "eurl", "sci", "snc", "scop", "sca", "eirl", "ei", "gie"}
)
_NOT_WORD = re.compile(r"[^0-9a-z]+")


def employer_key(name: str | None) -> str:
    """The key that groups spelling variants of one employer: case, accents, spaces,
    punctuation and legal forms ignored ("S.A.R.L. Boulangerie  Martin" and "boulangerie
    martin sarl" → "boulangerie martin"). "" for a blank name or one made only of a legal
    form."""
    folded = fold(unicodedata.normalize("NFKC", name or ""))
    # "S.A.R.L." and "s.a.s" are legal forms written with dots: join single letters.
    folded = re.sub(r"\b(?:[a-z]\.){2,}[a-z]?\.?", lambda m: m.group(0).replace(".", ""), folded)
    words = [w for w in _NOT_WORD.split(folded) if w]
    kept = [w for w in words if w not in LEGAL_FORMS]
    return " ".join(kept)


def guess_kind(name: str) -> EmployerKind:
    """The kind a name says by itself ("ESAT les Ateliers", "Mairie de Lyon"); ordinary
    otherwise. A person corrects it in the directory."""
    words = f" {employer_key(name)} "
    if " esat " in words:
        return EmployerKind.ESAT
    if " entreprise adaptee " in words or words.startswith(" ea "):
        return EmployerKind.ENTREPRISE_ADAPTEE
    public = (" mairie ", " commune ", " conseil departemental ", " conseil regional ")
    if any(p in words for p in public) or words.startswith((" ville de ", " chu ", " ch ")):
        return EmployerKind.PUBLIC
    if words.startswith(" association "):
        return EmployerKind.ASSOCIATION
    return EmployerKind.ORDINARY

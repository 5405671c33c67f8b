"""The import vocabulary: which spreadsheet header names which field, and the words
people write for the values of each closed list.

One place for both, read by :mod:`pairdesk.services.imports` (and by the exports, whose
headers the importer recognises, so an exported file always imports back):

* Headers are compared folded (case, accents, punctuation ignored): « Prénom »,
  "prenom", "PRÉNOM :" and "Prénom*" all name the first name. Each field also answers to
  its own label, in English and in the interface language.
* A closed list's value is read from its stored value, its label (translated or English)
  or one of the French words people use for it: « sortie » is a participant who left,
  « Pôle emploi » is France Travail, « PEC » a contrat aidé, « hybride » partial remote
  work.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar

from pairdesk.domain.enums import (
    ContractType,
    LabelledEnum,
    ParticipantStatus,
    RemoteWork,
    RqthStatus,
    Scheme,
    WorkshopKind,
)
from pairdesk.domain.tabular import parse_bool
from pairdesk.domain.text import fold
from pairdesk.i18n import N_, _

E = TypeVar("E", bound=LabelledEnum)

# --------------------------------------------------------------------------- kinds, fields


class ImportKind(StrEnum):
    """The lists a spreadsheet can bring in (and the matching exports)."""

    PARTICIPANTS = "participants"
    OFFERS = "offers"
    WORKSHOPS = "workshops"

    @property
    def label(self) -> str:
        return _(_KIND_LABELS[self.value])


_KIND_LABELS = {
    "participants": N_("Participants"),
    "offers": N_("Job offers"),
    "workshops": N_("Workshops"),
}


class FieldType(StrEnum):
    TEXT = "text"  # one line
    LONG_TEXT = "long_text"  # keeps line breaks
    DATE = "date"
    PAST_DATE = "past_date"  # two-digit years go to the past (birth dates)
    TIME = "time"
    BOOL = "bool"
    INT = "int"
    NUMBER = "number"
    CHOICE = "choice"  # an enum value, read from its label or a synonym


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """One field a column can be mapped to. ``label`` is an English source string."""

    key: str
    label: str
    type: FieldType
    aliases: tuple[str, ...] = ()
    required: bool = False

    @property
    def display(self) -> str:
        return _(self.label)


def _f(key: str, label: str, type_: FieldType, *aliases: str, required: bool = False) -> FieldSpec:
    return FieldSpec(key, label, type_, tuple(aliases), required)


T = FieldType

PARTICIPANT_FIELDS: tuple[FieldSpec, ...] = (
    _f(
        "last_name",
        N_("Last name"),
        T.TEXT,
        "nom",
        "nom de famille",
        "nom d usage",
        "nom de naissance",
        "surname",
        "family name",
        "name",
        required=True,
    ),
    _f(
        "first_name",
        N_("First name"),
        T.TEXT,
        "prenom",
        "prenoms",
        "given name",
        "firstname",
        required=True,
    ),
    _f("pseudonym", N_("Pseudonym"), T.TEXT, "pseudonyme", "pseudo", "surnom"),
    _f(
        "birth_date",
        N_("Birth date"),
        T.PAST_DATE,
        "date de naissance",
        "ne le",
        "nee le",
        "ne e le",
        "naissance",
        "ddn",
        "date naissance",
        "date of birth",
        "dob",
    ),
    _f("birth_year", N_("Year of birth"), T.INT, "annee de naissance", "annee naissance"),
    _f(
        "phone",
        N_("Phone"),
        T.TEXT,
        "telephone",
        "tel",
        "tel portable",
        "portable",
        "mobile",
        "numero de telephone",
        "telephone portable",
    ),
    _f(
        "email",
        N_("E-mail"),
        T.TEXT,
        "courriel",
        "email",
        "mail",
        "e mail",
        "adresse mail",
        "adresse e mail",
        "adresse email",
        "adresse electronique",
        "mel",
    ),
    _f("address", N_("Address"), T.LONG_TEXT, "adresse", "adresse postale", "rue"),
    _f("postal_code", N_("Postcode"), T.TEXT, "code postal", "cp", "postal code", "zip"),
    _f("city", N_("City"), T.TEXT, "ville", "commune", "localite", "town"),
    _f(
        "membership_start",
        N_("Membership start"),
        T.DATE,
        "date d adhesion",
        "adhesion",
        "date adhesion",
        "adherent depuis",
        "date d entree",
        "entree",
        "date d inscription",
        "inscrit le",
        "inscrite le",
        "member since",
    ),
    _f(
        "membership_end",
        N_("Membership end"),
        T.DATE,
        "date de sortie",
        "sortie",
        "fin d adhesion",
        "date de fin d adhesion",
    ),
    _f("status", N_("Status"), T.CHOICE, "statut", "situation", "etat"),
    _f("rqth_status", N_("RQTH"), T.CHOICE, "rqth", "statut rqth", "reconnaissance rqth"),
    _f(
        "rqth_until",
        N_("RQTH valid until"),
        T.DATE,
        "fin rqth",
        "rqth jusqu au",
        "date de fin rqth",
        "validite rqth",
        "fin de validite rqth",
        "rqth valable jusqu au",
        "echeance rqth",
    ),
    _f(
        "is_peer_helper",
        N_("Peer helper"),
        T.BOOL,
        "pair aidant",
        "pair aidante",
        "pair aidant e",
        "pairaidant",
        "pair",
    ),
    _f(
        "schemes",
        N_("Support schemes"),
        T.TEXT,
        "dispositif",
        "dispositifs",
        "accompagnement",
        "accompagnements",
        "support scheme",
        "scheme",
        "orientation",
    ),
    _f(
        "referents",
        N_("Referents"),
        T.TEXT,
        "referent",
        "referente",
        "referent e",
        "referents",
        "conseiller",
        "conseillere",
        "conseiller e",
        "referent externe",
        "referent",
    ),
    _f(
        "notes",
        N_("Notes"),
        T.LONG_TEXT,
        "remarques",
        "remarque",
        "commentaires",
        "commentaire",
        "observations",
        "observation",
        "notes",
        "comments",
        "remarks",
    ),
)

OFFER_FIELDS: tuple[FieldSpec, ...] = (
    _f(
        "title",
        N_("Job title"),
        T.TEXT,
        "intitule",
        "intitule du poste",
        "poste",
        "titre",
        "offre",
        "metier",
        "emploi",
        "title",
        required=True,
    ),
    _f(
        "employer",
        N_("Employer"),
        T.TEXT,
        "employeur",
        "entreprise",
        "structure",
        "societe",
        "recruteur",
        "company",
    ),
    _f("place", N_("Place"), T.TEXT, "lieu", "ville", "localisation", "lieu de travail"),
    _f(
        "contract_type",
        N_("Contract type"),
        T.CHOICE,
        "contrat",
        "type de contrat",
        "nature du contrat",
        "contract",
    ),
    _f(
        "hours_per_week",
        N_("Hours a week"),
        T.NUMBER,
        "heures",
        "heures semaine",
        "heures par semaine",
        "h semaine",
        "duree hebdo",
        "duree hebdomadaire",
        "temps de travail",
        "hours",
    ),
    _f("remote", N_("Remote work"), T.CHOICE, "teletravail", "remote"),
    _f(
        "accommodations",
        N_("Accommodations offered"),
        T.LONG_TEXT,
        "amenagements",
        "amenagement",
        "amenagements possibles",
        "accommodations",
    ),
    _f(
        "employer_open_to_disability",
        N_("Employer open to disability"),
        T.BOOL,
        "handi accueillant",
        "handi engage",
        "employeur handi engage",
        "ouvert rqth",
        "ouvert au handicap",
        "handicap",
    ),
    _f("source", N_("Source"), T.TEXT, "origine", "provenance", "site"),
    _f(
        "closing_on",
        N_("Closing date"),
        T.DATE,
        "date limite",
        "date de cloture",
        "cloture",
        "date limite de candidature",
        "expire le",
        "deadline",
    ),
    _f("contact", N_("Contact"), T.TEXT, "contact", "personne a contacter", "candidater aupres"),
    _f("description", N_("Description"), T.LONG_TEXT, "descriptif", "details", "missions"),
    _f("archived", N_("Archived"), T.BOOL, "archivee", "archive", "archivees", "archives"),
)

WORKSHOP_FIELDS: tuple[FieldSpec, ...] = (
    _f("held_on", N_("Date"), T.DATE, "date", "jour", "date de l atelier", required=True),
    _f(
        "starts_at",
        N_("Start time"),
        T.TIME,
        "debut",
        "heure de debut",
        "heure debut",
        "de",
        "horaire de debut",
        "start",
        required=True,
    ),
    _f(
        "ends_at",
        N_("End time"),
        T.TIME,
        "fin",
        "heure de fin",
        "heure fin",
        "a",
        "jusqu a",
        "horaire de fin",
        "end",
        required=True,
    ),
    _f(
        "kind",
        N_("Kind of workshop"),
        T.CHOICE,
        "type",
        "type d atelier",
        "categorie",
        "genre",
        "kind",
        required=True,
    ),
    _f("title", N_("Title"), T.TEXT, "titre", "intitule", "theme", "sujet", "nom de l atelier"),
    _f("place", N_("Place"), T.TEXT, "lieu", "salle", "adresse"),
    _f(
        "capacity",
        N_("Capacity"),
        T.INT,
        "places",
        "capacite",
        "nombre de places",
        "nb places",
        "jauge",
    ),
    _f(
        "facilitators",
        N_("Facilitators"),
        T.TEXT,
        "animateurs",
        "animateur",
        "animatrice",
        "animateur rice",
        "animateur rices",
        "anime par",
        "animation",
        "intervenants",
    ),
    _f("cancelled", N_("Cancelled"), T.BOOL, "annule", "annulee", "annulation"),
    _f("notes", N_("Notes"), T.LONG_TEXT, "remarques", "commentaires", "observations"),
)

FIELDS: dict[ImportKind, tuple[FieldSpec, ...]] = {
    ImportKind.PARTICIPANTS: PARTICIPANT_FIELDS,
    ImportKind.OFFERS: OFFER_FIELDS,
    ImportKind.WORKSHOPS: WORKSHOP_FIELDS,
}


def field_spec(kind: ImportKind, key: str) -> FieldSpec:
    for spec in FIELDS[ImportKind(kind)]:
        if spec.key == key:
            return spec
    raise KeyError(key)


# --------------------------------------------------------------------------- headers

_NON_WORD = re.compile(r"[^0-9a-z]+")


def normalise_header(text: object) -> str:
    """Folded header words: « Date d'adhésion : » → "date d adhesion"."""
    if text is None:
        return ""
    folded = fold(str(text).replace("·", "").replace("\u2019", "'"))
    return " ".join(_NON_WORD.sub(" ", folded).split())


def header_names(spec: FieldSpec) -> set[str]:
    """Every normalised header that names ``spec`` (aliases, key, English and translated label)."""
    names = {normalise_header(a) for a in spec.aliases}
    names.add(normalise_header(spec.key.replace("_", " ")))
    names.add(normalise_header(spec.label))
    names.add(normalise_header(_(spec.label)))
    names.discard("")
    return names


def recognise_header(kind: ImportKind, header: object) -> str | None:
    """The field key a header names, or None. Exact folded match first, then without
    a trailing "(…)" remark ("Téléphone (portable)")."""
    wanted = normalise_header(header)
    if not wanted:
        return None
    specs = FIELDS[ImportKind(kind)]
    for spec in specs:
        if wanted in header_names(spec):
            return spec.key
    if isinstance(header, str) and "(" in header:
        return recognise_header(kind, header.split("(", 1)[0])
    return None


def guess_columns(kind: ImportKind, headers: Iterable[object]) -> dict[int, str]:
    """Column index → field key for the headers recognised; each field taken once."""
    mapping: dict[int, str] = {}
    taken: set[str] = set()
    for index, header in enumerate(headers):
        key = recognise_header(kind, header)
        if key is not None and key not in taken:
            mapping[index] = key
            taken.add(key)
    return mapping


# --------------------------------------------------------------------------- values

STATUS_WORDS: dict[str, ParticipantStatus] = {
    "actif": ParticipantStatus.ACTIVE,
    "active": ParticipantStatus.ACTIVE,
    "actif ve": ParticipantStatus.ACTIVE,
    "en cours": ParticipantStatus.ACTIVE,
    "adherent": ParticipantStatus.ACTIVE,
    "pause": ParticipantStatus.PAUSED,
    "en pause": ParticipantStatus.PAUSED,
    "suspendu": ParticipantStatus.PAUSED,
    "suspendue": ParticipantStatus.PAUSED,
    "sorti": ParticipantStatus.LEFT,
    "sortie": ParticipantStatus.LEFT,
    "parti": ParticipantStatus.LEFT,
    "partie": ParticipantStatus.LEFT,
    "ancien": ParticipantStatus.LEFT,
    "ancienne": ParticipantStatus.LEFT,
    "inactif": ParticipantStatus.LEFT,
    "inactive": ParticipantStatus.LEFT,
}

RQTH_WORDS: dict[str, RqthStatus] = {
    "en cours": RqthStatus.PENDING,
    "demande": RqthStatus.PENDING,
    "demandee": RqthStatus.PENDING,
    "en attente": RqthStatus.PENDING,
    "demande en cours": RqthStatus.PENDING,
    "accordee": RqthStatus.GRANTED,
    "obtenue": RqthStatus.GRANTED,
    "reconnue": RqthStatus.GRANTED,
    "valide": RqthStatus.GRANTED,
    "expiree": RqthStatus.EXPIRED,
    "expire": RqthStatus.EXPIRED,
    "perimee": RqthStatus.EXPIRED,
    "echue": RqthStatus.EXPIRED,
    "aucune": RqthStatus.NONE,
    "sans": RqthStatus.NONE,
}

SCHEME_WORDS: dict[str, Scheme] = {
    "ft": Scheme.FRANCE_TRAVAIL,
    "pole emploi": Scheme.FRANCE_TRAVAIL,
    "pe": Scheme.FRANCE_TRAVAIL,
    "cap emploi": Scheme.CAP_EMPLOI,
    "dea": Scheme.DEA,
    "emploi accompagne": Scheme.DEA,
    "esat": Scheme.ESAT,
    "ea": Scheme.ENTREPRISE_ADAPTEE,
    "entreprise adaptee": Scheme.ENTREPRISE_ADAPTEE,
    "mission locale": Scheme.MISSION_LOCALE,
    "ml": Scheme.MISSION_LOCALE,
    "autre": Scheme.OTHER,
}

CONTRACT_WORDS: dict[str, ContractType] = {
    "interim": ContractType.INTERIM,
    "interimaire": ContractType.INTERIM,
    "mission d interim": ContractType.INTERIM,
    "contrat aide": ContractType.CONTRAT_AIDE,
    "pec": ContractType.CONTRAT_AIDE,
    "cui": ContractType.CONTRAT_AIDE,
    "parcours emploi competences": ContractType.CONTRAT_AIDE,
    "ea": ContractType.ENTREPRISE_ADAPTEE,
    "entreprise adaptee": ContractType.ENTREPRISE_ADAPTEE,
}

REMOTE_WORDS: dict[str, RemoteWork] = {
    "non": RemoteWork.NONE,
    "aucun": RemoteWork.NONE,
    "sur site": RemoteWork.NONE,
    "presentiel": RemoteWork.NONE,
    "partiel": RemoteWork.PARTIAL,
    "hybride": RemoteWork.PARTIAL,
    "oui": RemoteWork.PARTIAL,
    "partiellement": RemoteWork.PARTIAL,
    "total": RemoteWork.FULL,
    "complet": RemoteWork.FULL,
    "100": RemoteWork.FULL,
    "full": RemoteWork.FULL,
    "teletravail complet": RemoteWork.FULL,
}

WORKSHOP_WORDS: dict[str, WorkshopKind] = {
    "atelier cv": WorkshopKind.CV,
    "cv": WorkshopKind.CV,
    "entretien": WorkshopKind.INTERVIEW,
    "entretiens": WorkshopKind.INTERVIEW,
    "coaching entretien": WorkshopKind.INTERVIEW,
    "entretien blanc": WorkshopKind.INTERVIEW,
    "offres": WorkshopKind.OFFER_SHARING,
    "partage d offres": WorkshopKind.OFFER_SHARING,
    "partage des offres": WorkshopKind.OFFER_SHARING,
    "information": WorkshopKind.INFORMATION,
    "reunion d information": WorkshopKind.INFORMATION,
    "info": WorkshopKind.INFORMATION,
    "sensibilisation": WorkshopKind.AWARENESS,
    "sensibilisation en entreprise": WorkshopKind.AWARENESS,
    "formation croisee": WorkshopKind.CROSS_TRAINING,
    "autre": WorkshopKind.OTHER,
}


def _folded(words: Mapping[str, E]) -> dict[str, E]:
    return {fold(k): v for k, v in words.items()}


_RQTH = _folded(RQTH_WORDS)
_SCHEMES = _folded(SCHEME_WORDS)
#: The closed list each choice field reads, with its words (keys folded).
_CHOICES: dict[str, tuple[type[LabelledEnum], Mapping[str, LabelledEnum]]] = {
    "status": (ParticipantStatus, _folded(STATUS_WORDS)),
    "contract_type": (ContractType, _folded(CONTRACT_WORDS)),
    "remote": (RemoteWork, _folded(REMOTE_WORDS)),
    "kind": (WorkshopKind, _folded(WORKSHOP_WORDS)),
}


def read_choice(enum: type[E], value: str, words: Mapping[str, E]) -> E:
    """The member ``value`` names: its stored value, its label (translated or English
    source) or one of ``words`` (folded keys), case and accents ignored; ``ValueError``
    when none."""
    wanted = fold(value)
    for member in enum:
        if wanted in {fold(member.value.replace("_", " ")), fold(member.value), fold(member.label)}:
            return member
    for member in enum:
        if wanted == fold(member.source_label):
            return member
    if wanted in words:
        return words[wanted]
    raise ValueError(value)


def read_rqth(value: str) -> RqthStatus:
    """An RQTH status from its name or a French word, else from yes / no (« oui » is
    granted, « non » none); ``ValueError`` when none of these."""
    try:
        return read_choice(RqthStatus, value, _RQTH)
    except ValueError:
        pass
    flag = parse_bool(value)  # oui / non / x
    return RqthStatus.GRANTED if flag else RqthStatus.NONE


def read_scheme(value: str) -> Scheme:
    """A support scheme from its name or a French word (« Pôle emploi », « ML »…)."""
    return read_choice(Scheme, value, _SCHEMES)


def read_field_choice(key: str, value: str) -> LabelledEnum:
    """The value of the choice field ``key`` (a :attr:`FieldType.CHOICE` field) that
    ``value`` names; ``ValueError`` when it names none."""
    if key == "rqth_status":
        return read_rqth(value)
    enum, words = _CHOICES[key]
    return read_choice(enum, value, words)

"""Spreadsheet cells in and out: French headers, dates, yes/no words, formula neutralising.

Pure functions, no I/O: :mod:`pairdesk.services.imports` reads files into cells and
calls these to recognise columns and read values; :mod:`pairdesk.services.exports`
neutralises text cells before writing them.

* Headers are compared folded (case, accents, punctuation ignored): « Prénom »,
  "prenom", "PRÉNOM :" and "Prénom*" all name the first name. Each field also answers to
  its own label, in English and in the interface language, so an exported file always
  imports back.
* Dates: 25/11/2026, 5/1/26, 25-11-2026, 25.11.2026, 2026-11-25 (with or without a
  time), and Excel serial numbers (1900 date system, with Lotus' fictitious 29 February
  1900). A two-digit year is put in the past for birth dates (``past=True``), otherwise in
  the window [today − 69 years, today + 30 years].
* A text cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is
  written with a leading apostrophe so that Excel or LibreOffice never runs it as a
  formula; the importer removes that apostrophe again.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from pairdesk.domain.text import fold
from pairdesk.i18n import N_, _

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


# --------------------------------------------------------------------------- dates

EXCEL_EPOCH = dt.date(1899, 12, 30)
EXCEL_MAX_SERIAL = 2_958_465  # 31/12/9999
_DATE_DMY = re.compile(
    r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})(?:[ T]+\d{1,2}[:h]\d{2}(?::\d{2})?)?$"
)
_DATE_YMD = re.compile(
    r"^(\d{4})[/.\-](\d{1,2})[/.\-](\d{1,2})(?:[ T]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"
)
_SERIAL = re.compile(r"^\d{1,7}(?:[.,]\d+)?$")
#: Numbers written as text count as Excel serials only from this value on (27/05/1927), so
#: a lone year such as "1985" is never read as a day of 1905.
MIN_TEXT_SERIAL = 10_000


def excel_serial_to_date(serial: float) -> dt.date:
    """A day of Excel's 1900 date system (the fractional part, a time, is dropped).

    Excel counts 29 February 1900, which never existed (kept from Lotus 1-2-3): serial 60
    is refused, serials 1-59 are 1 January-28 February 1900, and from 61 on the count is
    one day ahead of the real calendar.
    """
    if isinstance(serial, bool) or not math.isfinite(serial):
        raise ValueError(serial)
    day = math.floor(serial)
    if day < 1 or day > EXCEL_MAX_SERIAL or day == 60:
        raise ValueError(serial)
    if day < 60:
        return dt.date(1899, 12, 31) + dt.timedelta(days=day)
    return EXCEL_EPOCH + dt.timedelta(days=day)


def date_to_excel_serial(day: dt.date) -> int:
    """The inverse of :func:`excel_serial_to_date` for real dates."""
    serial = (day - EXCEL_EPOCH).days
    return serial if serial > 60 else serial - 1


def expand_year(two_digits: int, today: dt.date, *, past: bool, month: int, day: int) -> int:
    """Four-digit year for ``yy``: in the past for birth dates, else near today."""
    century = today.year // 100 * 100
    year = century + two_digits
    if past:
        candidate = _safe_date(year, month, day)
        if year > today.year or (candidate is not None and candidate > today):
            year -= 100
        return year
    if year > today.year + 30:
        year -= 100
    elif year < today.year - 69:
        year += 100
    return year


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def parse_date(value: object, *, today: dt.date, past: bool = False) -> dt.date | None:
    """A cell as a date; None for an empty cell; ``ValueError`` when unreadable."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int | float):
        return excel_serial_to_date(float(value))
    text = unicodedata.normalize("NFKC", str(value)).strip()
    if not text:
        return None
    match = _DATE_DMY.match(text)
    if match:
        day, month, year = (int(g) for g in match.groups())
        if len(match.group(3)) == 2:
            year = expand_year(year, today, past=past, month=month, day=day)
        return dt.date(year, month, day)
    match = _DATE_YMD.match(text)
    if match:
        year, month, day = (int(g) for g in match.groups())
        return dt.date(year, month, day)
    if _SERIAL.match(text):
        serial = float(text.replace(",", "."))
        if serial >= MIN_TEXT_SERIAL:
            return excel_serial_to_date(serial)
    raise ValueError(text)


# --------------------------------------------------------------------------- times

_TIME = re.compile(r"^(\d{1,2})\s*(?:[:h.]\s*(\d{2})?)?(?::(\d{2}))?$")


def parse_time(value: object) -> dt.time | None:
    """14:30, 14h30, 14h, 9.15, a time cell, or Excel's fraction of a day (0.5 = 12:00)."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.time().replace(second=0, microsecond=0)
    if isinstance(value, dt.time):
        return value.replace(second=0, microsecond=0)
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int | float):
        if not 0 <= value < 1:
            raise ValueError(value)
        minutes = round(float(value) * 24 * 60)
        if minutes >= 24 * 60:
            raise ValueError(value)
        return dt.time(minutes // 60, minutes % 60)
    text = str(value).strip().lower()
    if not text:
        return None
    match = _TIME.match(text)
    if not match:
        raise ValueError(text)
    hour = int(match.group(1))
    minute = int(match.group(2) or 0)
    return dt.time(hour, minute)


# --------------------------------------------------------------------------- yes / no

YES_WORDS = frozenset({"oui", "o", "x", "vrai", "yes", "y", "true", "1", "ok", "v"})
NO_WORDS = frozenset({"non", "n", "faux", "no", "false", "0", "-"})


def parse_bool(value: object) -> bool | None:
    """oui/non, x, vrai/faux, yes/no, 1/0 (and their translations); None when empty."""
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        if value in (0, 1):
            return bool(value)
        raise ValueError(value)
    text = fold(str(value)).strip().rstrip(".")
    if not text:
        return None
    if text in YES_WORDS or text == fold(_("yes")):
        return True
    if text in NO_WORDS or text == fold(_("no")):
        return False
    raise ValueError(text)


# --------------------------------------------------------------------------- numbers


def parse_number(value: object) -> float | None:
    """12,5 or 12.5 or « 1 234,5 »; None when empty."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int | float):
        number = float(value)
    else:
        text = unicodedata.normalize("NFKC", str(value)).strip()
        if not text:
            return None
        text = text.replace(" ", "").replace("\u202f", "").replace("h", "").replace(",", ".")
        number = float(text)
    if not math.isfinite(number):
        raise ValueError(value)
    return number


def parse_int(value: object) -> int | None:
    number = parse_number(value)
    if number is None:
        return None
    if number != int(number):
        raise ValueError(value)
    return int(number)


# --------------------------------------------------------------------------- text cells

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _needs_guard(text: str) -> bool:
    return text.lstrip("'").startswith(FORMULA_STARTS)


def neutralise(text: str) -> str:
    """Make a text cell inert in a spreadsheet: a leading ``'`` before a formula start.

    A text already starting with apostrophes before a formula start gets one more, so
    that :func:`unneutralise` always gives the original back."""
    if _needs_guard(text):
        return "'" + text
    return text


def unneutralise(text: str) -> str:
    """Undo :func:`neutralise` on a cell read back from a file."""
    if len(text) > 1 and text[0] == "'" and _needs_guard(text[1:]):
        return text[1:]
    return text


def cell_text(value: object) -> str:
    """A cell as text, the way it shows: whole numbers without ".0", dates dd/mm/yyyy."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.strftime("%d/%m/%Y")
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    return unneutralise(str(value))


def split_list(text: str) -> list[str]:
    """« France Travail, Cap Emploi » → two items (also ``;``, ``/`` and line breaks)."""
    return [part.strip() for part in re.split(r"[,;/\n]+", text) if part.strip()]


# --------------------------------------------------------------------------- mojibake


def _byte_chars(start: int, end: int) -> str:
    """The characters bytes ``start``..``end`` become when read as Windows-1252 (the five
    bytes it leaves undefined read as Latin-1, as a program falling back to it does)."""
    chars = {bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in range(start, end + 1)}
    return "".join(sorted(chars))


#: A UTF-8 continuation byte (0x80-0xBF) read as Windows-1252 or Latin-1.
_CONT = re.escape(_byte_chars(0x80, 0xBF) + "".join(chr(c) for c in range(0x80, 0xA0)))

#: The same for bytes 0xA0-0xBF (Â + one of them is U+00A0-U+00BF: « » ° no-break space).
_CONT_HIGH = re.escape(_byte_chars(0xA0, 0xBF))

#: UTF-8 read as Windows-1252, for the scripts a French association meets: accented Latin
#: letters (Ã + one byte), « » ° and the no-break space (Â + one), Central European
#: letters and œ (Ä, Å + one), Cyrillic (Ð, Ñ + one), typographic punctuation and €
#: (â€…, â‚¬, â„¢), Vietnamese (áº…, á»…). Ã, Ä, Å, Ð, Ñ are not French letters and no
#: French word ends in Â; other pairs (« OÙ… », « É’ », « ÂŒ ») can be genuine text and
#: are left alone.
_MOJIBAKE = re.compile(
    f"\u00c2[{_CONT_HIGH}]"
    f"|[\u00c3-\u00c5\u00d0\u00d1][{_CONT}]"
    f"|\u00e2[\u20ac\u201a\u201e][{_CONT}]"
    f"|\u00e1[\u00ba\u00bb][{_CONT}]"
)


def _as_bytes(text: str) -> bytes:
    out = bytearray()
    for char in text:
        try:
            out += char.encode("cp1252")
        except UnicodeEncodeError:
            out += char.encode("latin-1")
    return bytes(out)


def repair_mojibake(text: str) -> str | None:
    """The text as it was meant when it holds UTF-8 read as Windows-1252, else None.

    « HÃ©lÃ¨ne » → « Hélène », « lâ€™atelier » → « l’atelier ». Genuine French text
    (accents, « », ’, œ, €) never matches: the pairs looked for do not occur in it."""
    found = False

    def fix(match: re.Match[str]) -> str:
        nonlocal found
        try:
            repaired = _as_bytes(match.group()).decode("utf-8")
        except UnicodeDecodeError:
            return match.group()
        found = True
        return repaired

    repaired = _MOJIBAKE.sub(fix, text)
    return repaired if found else None

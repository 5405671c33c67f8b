"""Text folding for accent- and case-insensitive search."""

from __future__ import annotations

import unicodedata
from typing import Protocol

# Letters that NFKD does not decompose into a base letter plus marks.
_EXTRA_FOLDS = str.maketrans(
    {
        "ł": "l",
        "ø": "o",
        "œ": "oe",
        "æ": "ae",
        "ß": "ss",
        "đ": "d",
        "ð": "d",
        "þ": "th",
        "ı": "i",
        "ħ": "h",
        "ŧ": "t",
    }
)


class PersonNames(Protocol):
    """What a document or a list prints of a person: a participant's row, a read object, an
    ``attendee_name`` row."""

    @property
    def first_name(self) -> str: ...
    @property
    def last_name(self) -> str: ...
    @property
    def pseudonym(self) -> str: ...


def fold(text: str | None) -> str:
    """Casefold, strip diacritics and fold Ł/Ø/Œ… so that "helene" finds "Hélène"."""
    if not text:
        return ""
    if text.isascii():  # the same result, without the Unicode steps (issue 12: imports)
        return " ".join(text.lower().split())
    lowered = text.casefold().translate(_EXTRA_FOLDS)
    decomposed = unicodedata.normalize("NFKD", lowered)
    # marks, and invisible format characters (a zero-width space or joiner, a soft hyphen):
    # "Adè\u200ble" is the same person as "Adèle" for the search and the duplicates
    stripped = "".join(
        c for c in decomposed if not unicodedata.combining(c) and unicodedata.category(c) != "Cf"
    )
    return " ".join(stripped.translate(_EXTRA_FOLDS).split())


SORT_NAME_MAX = 200  # the length of ``participant.sort_name``


def sort_name(*parts: str | None) -> str:
    """The folded key a participant list sorts on ("Łukasiewicz Zofia" → "lukasiewicz
    zofia"), cut to the column's length: every writer of ``sort_name`` calls this."""
    return fold(full_name(*parts))[:SORT_NAME_MAX]


def full_name(*parts: str | None) -> str:
    """A person's name as lists and documents show it: the parts given, in order, joined
    by one space ("Camille Martin"; "Martin" when the first name is blank)."""
    return " ".join(p for p in parts if p)


def search_text(*parts: str | None) -> str:
    """The normalised search text kept beside a record."""
    return " ".join(f for f in (fold(p) for p in parts) if f)


#: Zero-width joiner and non-joiner: they shape Persian, Indic and emoji writing and stay.
_JOINERS = frozenset("\u200c\u200d")


def _unwanted(c: str) -> bool:
    """A character no text of a record should hold: a noncharacter (U+FFFF, U+FDD0…) or a
    lone surrogate, which make an ``.xlsx`` export unreadable; a bidirectional override or
    another invisible format character (zero-width space, soft hyphen, BOM), which made
    "Adèle Martin" three different people (a tester's finding). Joiners stay."""
    category = unicodedata.category(c)
    if category == "Cf":
        return c not in _JOINERS
    if category == "Cs":
        return True
    code = ord(c)
    return 0xFDD0 <= code <= 0xFDEF or (code & 0xFFFE) == 0xFFFE


def clean_line(text: str | None) -> str:
    """One line of user text: NFC, control and invisible characters removed, spaces
    trimmed."""
    if text is None:
        return ""
    text = unicodedata.normalize("NFC", text)
    if not text.isprintable():  # printable text has no Cc, Cf, Cs, Cn, Zl nor Zp character
        text = "".join(
            " " if unicodedata.category(c) in {"Cc", "Zl", "Zp"} else c
            for c in text
            if not _unwanted(c)
        )
    return " ".join(text.split())


def clean_text(text: str | None) -> str:
    """Free text: NFC, keeps newlines and tabs, drops other control and invisible
    characters."""
    if text is None:
        return ""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    if not text.isprintable():  # printable text has no Cc, Cf, Cs nor Cn character
        text = "".join(
            c for c in text if c in "\n\t" or (unicodedata.category(c) != "Cc" and not _unwanted(c))
        )
    return text.strip()

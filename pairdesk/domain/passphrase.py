"""How strong a passphrase looks, judged offline by its length alone.

No dictionary, no network: a long passphrase of several ordinary words is both easy to
remember and hard to guess, which is what a GEM team needs. A NEW passphrase (creating a
vault, changing its passphrase) needs at least ``MIN_LENGTH`` characters; opening a vault
never checks the length (the demo's passphrase is "demo", and older vaults keep theirs).
"""

from __future__ import annotations

import unicodedata
from enum import StrEnum

from pairdesk.errors import InvalidInput
from pairdesk.i18n import N_, _

#: Fewer characters than this is too short, and refused for a new passphrase.
FAIR_LENGTH = 12
MIN_LENGTH = FAIR_LENGTH
#: This many characters, or ``STRONG_WORDS`` words, is strong.
STRONG_LENGTH = 20
STRONG_WORDS = 4


class Strength(StrEnum):
    TOO_SHORT = "too_short"
    FAIR = "fair"
    STRONG = "strong"

    @property
    def label(self) -> str:
        return _(_LABELS[self])

    @property
    def advice(self) -> str:
        return _(_ADVICE[self])


_LABELS = {
    Strength.TOO_SHORT: N_("Too short"),
    Strength.FAIR: N_("Fair"),
    Strength.STRONG: N_("Strong"),
}

_ADVICE = {
    Strength.TOO_SHORT: N_(
        "At least 12 characters are needed; a sentence of four ordinary words or more is best."
    ),
    Strength.FAIR: N_("Acceptable. A few more words would make it much harder to guess."),
    Strength.STRONG: N_("Good. Write it down for the association's safe: it cannot be recovered."),
}


def _characters(text: str) -> int:
    """Characters as a person counts them: NFC, combining marks not counted apart."""
    normalised = unicodedata.normalize("NFC", text)
    return sum(1 for ch in normalised if not unicodedata.combining(ch))


def passphrase_strength(text: str) -> Strength:
    """TOO_SHORT under 12 characters, STRONG from 20 characters or 4 words, else FAIR."""
    length = _characters(text)
    if length < FAIR_LENGTH:
        return Strength.TOO_SHORT
    if length >= STRONG_LENGTH or len(text.split()) >= STRONG_WORDS:
        return Strength.STRONG
    return Strength.FAIR


def check_passphrase_text(text: str, *, field: str = "new_passphrase") -> str:
    """Refuse an empty (or blank) passphrase or one with a null character (any vault,
    the demo's included); return it unchanged otherwise."""
    if not text or not text.strip():
        raise InvalidInput(_("The new passphrase cannot be empty."), field=field)
    if "\x00" in text:
        raise InvalidInput(_("The passphrase cannot contain a null character."), field=field)
    return text


def check_new_passphrase(text: str, *, field: str = "new_passphrase") -> str:
    """Refuse a new passphrase chosen by a person that is empty, blank or shorter than
    ``MIN_LENGTH`` characters (``InvalidInput``, exit 7); return it unchanged otherwise.
    Only for a new passphrase: never when opening a vault."""
    check_passphrase_text(text, field=field)
    length = _characters(text)
    if length < MIN_LENGTH:
        raise InvalidInput(
            _(
                "The new passphrase is too short: {count} characters, at least {minimum} "
                "are needed. A sentence of four ordinary words is easy to remember."
            ).format(count=length, minimum=MIN_LENGTH),
            field=field,
        )
    return text

"""A name typed in a hurry at the door, split into a first and a last name.

"zoé martin" → ("Zoé", "Martin"); "MARTIN Zoé" (the French habit of writing the family
name in capitals first) → ("Zoé", "MARTIN"); "jean-pierre de la fontaine" →
("Jean-Pierre", "de la Fontaine"). Only words typed all in small letters get capitals;
anything typed with a capital is kept as it was. Every word typed is kept, in one of the
two names, so the split can only help: the person corrects it before saving.
"""

from __future__ import annotations

#: Small words of family names that keep their small letter inside a name ("de la
#: Fontaine" is typed "de La Fontaine" by those who know: "la" and "le" get a capital).
PARTICLES = frozenset({"de", "du", "des", "d'", "van", "von", "der", "den", "di", "da"})


def _capitalised(word: str, *, inside: bool) -> str:
    """``word`` with a capital at the start of each hyphen-joined part, when it was typed
    all in small letters (a particle inside a name stays small)."""
    if word != word.lower() or (inside and word in PARTICLES):
        return word
    return "-".join(part[:1].upper() + part[1:] for part in word.split("-"))


def _shouting(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return len(letters) > 1 and all(c.isupper() for c in letters)


def _family_name(words: list[str]) -> str:
    # A particle stays small unless it ends the name ("Da" alone is a name).
    return " ".join(_capitalised(word, inside=i < len(words) - 1) for i, word in enumerate(words))


def split_name(typed: str) -> tuple[str, str]:
    """``(first_name, last_name)`` from what was typed; either may be empty."""
    words = typed.split()
    if not words:
        return "", ""
    if len(words) == 1:
        return _capitalised(words[0], inside=False), ""
    leading = 0
    while leading < len(words) and _shouting(words[leading]):
        leading += 1
    if 0 < leading < len(words):
        # "MARTIN Zoé": the family name first, in capitals.
        first = " ".join(_capitalised(w, inside=False) for w in words[leading:])
        return first, " ".join(words[:leading])
    return _capitalised(words[0], inside=False), _family_name(words[1:])

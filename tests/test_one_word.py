"""One word for one thing in the French catalogue: the emergency sheet is the "fiche
d'urgence" (its printed title), a granted RQTH is "obtenue" (the status shown in lists)."""

from __future__ import annotations

import re
from pathlib import Path

import pairdesk

CATALOGUE = Path(pairdesk.__file__).parent / "locale" / "fr" / "LC_MESSAGES" / "pairdesk.po"

#: (the word kept, the words it replaces)
ONE_WORD = [
    ("fiche d'urgence", ("fiche de secours", "fiche de sécurité")),
    ("RQTH obtenue", ("accordée", "accordé")),
]


def _french_texts() -> list[str]:
    """Every msgstr, its continuation lines joined."""
    texts: list[str] = []
    current: list[str] | None = None
    for line in CATALOGUE.read_text(encoding="utf-8").splitlines():
        if line.startswith("msgstr"):
            current = [line.partition(" ")[2].strip('"')]
            texts.append("")
        elif line.startswith('"') and current is not None:
            current.append(line.strip('"'))
        else:
            if current is not None:
                texts[-1] = "".join(current)
            current = None
    if current is not None:
        texts[-1] = "".join(current)
    return texts


def test_the_emergency_sheet_and_the_rqth_have_one_name_each() -> None:
    texts = [re.sub(r"\s+", " ", t.replace("&", "")).lower() for t in _french_texts()]
    assert any("fiche d'urgence" in t for t in texts)
    assert any("rqth obtenue" in t for t in texts)
    for kept, replaced in ONE_WORD:
        for word in replaced:
            found = [t for t in texts if word in t]
            assert not found, f"« {word} » au lieu de « {kept} » : {found[:3]}"


def test_no_plural_is_left_to_brackets() -> None:
    """« 3 expirée(s) », « nouveau(x) contact(s) »: a count says its plural in words (a
    plural form, or a sentence where the number stands alone)."""
    found = [t for t in _french_texts() if re.search(r"\w\((s|x|es)\)", t)]
    assert not found, found[:3]

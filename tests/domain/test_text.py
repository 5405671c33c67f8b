"""The folded sort key every writer of ``participant.sort_name`` uses."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from pairdesk.domain.text import SORT_NAME_MAX, fold, sort_name


def test_sort_name_is_last_then_first_folded() -> None:
    assert sort_name("Łukasiewicz", "Zofia") == "lukasiewicz zofia"
    assert sort_name("Nguyễn", "Thị Ánh") == "nguyen thi anh"
    assert sort_name("", "Ana") == "ana"
    assert sort_name("Dupont", None) == "dupont"
    assert sort_name() == ""


def test_sort_name_is_cut_to_the_column() -> None:
    long = "Oppenheimer-" * 40
    assert len(sort_name(long, "Léa")) == SORT_NAME_MAX
    assert sort_name(long, "Léa") == fold(f"{long} Léa")[:SORT_NAME_MAX]


@given(st.text(max_size=300), st.text(max_size=300))
def test_sort_name_matches_the_folded_full_name(last: str, first: str) -> None:
    key = sort_name(last, first)
    assert len(key) <= SORT_NAME_MAX
    assert key == fold(f"{last} {first}")[:SORT_NAME_MAX]


# -- the fast paths (issue 12: an import folds and cleans every cell) ----------------------


def _fold_reference(text: str) -> str:
    import unicodedata

    from pairdesk.domain.text import _EXTRA_FOLDS

    lowered = text.casefold().translate(_EXTRA_FOLDS)
    decomposed = unicodedata.normalize("NFKD", lowered)
    stripped = "".join(
        c for c in decomposed if not unicodedata.combining(c) and unicodedata.category(c) != "Cf"
    )
    return " ".join(stripped.translate(_EXTRA_FOLDS).split())


def _unwanted_reference(c: str) -> bool:
    import unicodedata

    if unicodedata.category(c) == "Cf":
        return c not in "\u200c\u200d"
    return unicodedata.category(c) == "Cs" or c in _NONCHARACTERS


_NONCHARACTERS = {chr(c) for c in range(0xFDD0, 0xFDF0)} | {
    chr(plane * 0x10000 + last) for plane in range(17) for last in (0xFFFE, 0xFFFF)
}


def _clean_line_reference(text: str) -> str:
    import unicodedata

    text = unicodedata.normalize("NFC", text)
    text = "".join(
        " " if unicodedata.category(c) in {"Cc", "Zl", "Zp"} else c
        for c in text
        if not _unwanted_reference(c)
    )
    return " ".join(text.split())


def _clean_text_reference(text: str) -> str:
    import unicodedata

    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = "".join(
        c
        for c in text
        if c in "\n\t" or (unicodedata.category(c) != "Cc" and not _unwanted_reference(c))
    )
    return text.strip()


_TRICKY = (
    "aZ 09\t\n\r\x00\x1f\x7f\x85\u2028\u2029\u00a0éŁœß\u0301İ\u200b\u3000\u212a"
    "\u00ad\u200c\u200d\u202e\u2066\ufeff\ufdd0\ufffe\uffff"
)


@given(st.text(alphabet=st.sampled_from(_TRICKY) | st.characters(), max_size=12))
def test_fast_paths_give_the_full_computation(text: str) -> None:
    from pairdesk.domain.tabular import repair_mojibake
    from pairdesk.domain.text import clean_line, clean_text, fold

    assert fold(text) == (_fold_reference(text) if text else "")
    assert clean_line(text) == _clean_line_reference(text)
    assert clean_text(text) == _clean_text_reference(text)
    if text.isascii():
        assert repair_mojibake(text) is None


def test_invisible_characters_never_make_another_person() -> None:
    """A tester imported "Adèle Martin" three more times, with a zero-width space, a soft
    hyphen and a zero-width joiner: three new files, and "adele martin" found 2 of 4."""
    from pairdesk.domain.text import clean_line, clean_text, fold

    for hidden in ("\u200b", "\u00ad", "\u200d", "\u2060", "\ufeff"):
        assert fold(f"Adè{hidden}le Martin") == "adele martin"
    for hidden in ("\u200b", "\u00ad", "\u2060", "\ufeff", "\u202e", "\u2066"):
        assert clean_line(f"Adè{hidden}le") == "Adèle"
    assert clean_line("Zo\uffffé") == "Zoé" and clean_text("note\ufffe\n") == "note"
    # the joiners shape other scripts and emoji: kept in what is stored
    assert clean_line("Mehr\u200cnoush") == "Mehr\u200cnoush"
    assert clean_line("👩\u200d💻") == "👩\u200d💻"

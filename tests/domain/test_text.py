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
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.translate(_EXTRA_FOLDS).split())


def _clean_line_reference(text: str) -> str:
    import unicodedata

    text = unicodedata.normalize("NFC", text)
    text = "".join(" " if unicodedata.category(c) in {"Cc", "Zl", "Zp"} else c for c in text)
    return " ".join(text.split())


def _clean_text_reference(text: str) -> str:
    import unicodedata

    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = "".join(c for c in text if c in "\n\t" or unicodedata.category(c) != "Cc")
    return text.strip()


_TRICKY = "aZ 09\t\n\r\x00\x1f\x7f\x85\u2028\u2029\u00a0éŁœß\u0301İ\u200b\u3000\u212a"


@given(st.text(alphabet=st.sampled_from(_TRICKY) | st.characters(), max_size=12))
def test_fast_paths_give_the_full_computation(text: str) -> None:
    from pairdesk.domain.tabular import repair_mojibake
    from pairdesk.domain.text import clean_line, clean_text, fold

    assert fold(text) == (_fold_reference(text) if text else "")
    assert clean_line(text) == _clean_line_reference(text)
    assert clean_text(text) == _clean_text_reference(text)
    if text.isascii():
        assert repair_mojibake(text) is None

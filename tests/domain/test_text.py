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

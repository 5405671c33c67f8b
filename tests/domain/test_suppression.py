"""Suppression of small counts: hand-computed cases and properties over random tables."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from pairdesk.domain.suppression import (
    Table,
    hidden_lines_ok,
    is_small,
    publish_count,
    publish_mean,
    publish_ratio,
    suppress,
    with_totals,
)


def test_small_counts_are_one_to_ten() -> None:
    assert [n for n in range(0, 13) if is_small(n)] == list(range(1, 11))


def test_a_count_is_hidden_from_one_to_ten_and_zero_is_shown() -> None:
    assert publish_count(0).value == 0
    assert publish_count(10).value is None
    assert publish_count(10).suppressed == ("value", "numerator")
    assert publish_count(11).value == 11


def test_secondary_suppression_hides_a_second_cell_in_the_row() -> None:
    # men 4, women 30 | total 34: hiding only the 4 would give it back as 34 − 30.
    mask = suppress(Table(cells=((4, 30),), row_totals=(34,)))
    assert mask.cells == ((True, True),)
    assert mask.row_totals == (False,)


def test_secondary_suppression_in_a_two_way_table() -> None:
    #            A    B    C  | total
    #  row 0    20   15   25  |  60
    #  row 1     3   40   12  |  55
    #  total    23   55   37  | 115
    # primary: the 3. Row 1 then needs a second hidden cell: the smallest other non-zero
    # cell, 12 (C). Column A needs one: 20 (row 0). Column C now has 12 hidden only: 25
    # (row 0) goes. Row 0 then has 20 and 25 hidden: two, fine. Every line has 0 or 2+.
    table = with_totals([[20, 15, 25], [3, 40, 12]])
    mask = suppress(table)
    assert mask.cells == ((True, False, True), (True, False, True))
    assert mask.row_totals == (False, False)
    assert mask.column_totals == (False, False, False)
    assert mask.grand_total is False
    assert hidden_lines_ok(table, mask)


def test_without_secondary_suppression_the_hidden_cell_would_be_recomputed() -> None:
    table = with_totals([[20, 15, 25], [3, 40, 12]])
    # Only the primary cell hidden: row 1 = 55 − 40 − 12 = 3, found again.
    primary_only = suppress(Table(cells=table.cells))  # no totals published: nothing to add
    assert primary_only.cells == ((False, False, False), (True, False, False))
    assert not hidden_lines_ok(
        table,
        type(primary_only)(
            cells=primary_only.cells,
            row_totals=(False, False),
            column_totals=(False, False, False),
            grand_total=False,
        ),
    )


def test_a_rate_on_fewer_than_eleven_people_is_not_given() -> None:
    assert publish_ratio(3, 8).value is None
    assert publish_ratio(3, 8).denominator is None
    # 12 of 50: 12 and 38 shown, so the rate is.
    assert publish_ratio(12, 50).value == 12 / 50
    # 45 of 50: the 5 others would be recomputed from 50 − 45, so 45 is hidden too.
    figure = publish_ratio(45, 50)
    assert (figure.value, figure.numerator, figure.denominator) == (None, None, 50)
    assert publish_ratio(0, 0).value is None
    assert publish_ratio(0, 0).suppressed == ()


def test_a_mean_needs_eleven_terms() -> None:
    assert publish_mean(40.0, 10).value is None
    assert publish_mean(44.0, 11).value == 4.0
    assert publish_mean(0.0, 0).value is None


_counts = st.integers(min_value=0, max_value=60)


@settings(max_examples=300, deadline=None)
@given(
    st.integers(min_value=1, max_value=5).flatmap(
        lambda width: st.lists(
            st.lists(_counts, min_size=width, max_size=width), min_size=1, max_size=5
        )
    )
)
def test_no_published_cell_is_small_and_no_line_has_one_hidden_entry(
    cells: list[list[int]],
) -> None:
    table = with_totals(cells)
    mask = suppress(table)
    for row, hidden_row in zip(table.cells, mask.cells, strict=True):
        for value, hidden in zip(row, hidden_row, strict=True):
            assert hidden or not is_small(value)
    assert table.row_totals is not None and mask.row_totals is not None
    for value, hidden in zip(table.row_totals, mask.row_totals, strict=True):
        assert hidden or not is_small(value)
    assert table.column_totals is not None and mask.column_totals is not None
    for value, hidden in zip(table.column_totals, mask.column_totals, strict=True):
        assert hidden or not is_small(value)
    assert mask.grand_total or not is_small(table.grand_total)
    # No hidden cell is the only unknown of a row or column whose total is shown.
    assert hidden_lines_ok(table, mask)


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=200), st.integers(min_value=0, max_value=200))
def test_a_published_rate_never_reveals_a_small_count(a: int, b: int) -> None:
    numerator, denominator = min(a, b), max(a, b)
    figure = publish_ratio(numerator, denominator)
    shown = [v for v in (figure.numerator, figure.denominator) if v is not None]
    assert not any(is_small(v) for v in shown)
    if figure.numerator is not None and figure.denominator is not None:
        assert not is_small(figure.denominator - figure.numerator)
    if figure.value is not None:
        assert denominator >= 11

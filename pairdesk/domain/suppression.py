"""Statistical disclosure control for anything meant to be shown: pure rules, no I/O.

French public statistics never publish a small count about people: the Health Data Hub
does not return counts under 11, and INSEE adds *secondary* suppression so that a hidden
cell cannot be recomputed from the totals printed beside it. pairdesk applies the same
rules to every published figure (the regional report of merged network exports, a GEM's
annual report marked for publication):

* **Primary suppression**: a count from 1 to 10 is never published (0 is: it says
  nobody, and it is needed to add up a table).
* **Secondary suppression**: in a *line* (the cells of a row or column together with the
  total printed for it), hiding exactly one entry would let anyone recompute it as
  ``total − the others``. So whenever a line has exactly one hidden entry, the smallest
  other entry of that line is hidden too (a non-zero one first), until every line has
  either no hidden entry or at least two. A hidden total counts as a hidden entry.
* **No rate or mean on fewer than 11 people**: a ratio ``numerator / denominator`` is
  treated as the line ``[numerator, denominator − numerator | denominator]``, so its
  value is published only if both its numerator and its denominator are; a mean (a sum
  over ``denominator`` terms) only if its denominator is at least 11.

A suppressed value is ``None`` in the read objects (``null`` with ``"suppressed": true``
in JSON) and printed "hidden" (``reports.base.hidden_text``), whether it is small or
hidden only so that a small one cannot be recomputed: "< 11" said of the latter (65
members) was false.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

#: Counts from 1 to this number are never published.
SMALL_COUNT_MAX = 10
#: The smallest number of people a published rate or mean may be computed on.
MIN_PEOPLE = SMALL_COUNT_MAX + 1


def is_small(count: int | None) -> bool:
    """A count that must not be published: from 1 to 10."""
    return count is not None and 1 <= count <= SMALL_COUNT_MAX


@dataclass(frozen=True, slots=True)
class Table:
    """A table of counts with its row and column totals, as it would be published.

    ``cells[r][c]``; ``row_totals[r]`` is the sum of row ``r`` and ``column_totals[c]``
    the sum of column ``c``; ``grand_total`` the sum of everything. A table without
    published totals in one direction gives ``None`` for them."""

    cells: tuple[tuple[int, ...], ...]
    row_totals: tuple[int, ...] | None = None
    column_totals: tuple[int, ...] | None = None
    grand_total: int | None = None


@dataclass(frozen=True, slots=True)
class Mask:
    """Which entries of a :class:`Table` are hidden (``True``)."""

    cells: tuple[tuple[bool, ...], ...]
    row_totals: tuple[bool, ...] | None
    column_totals: tuple[bool, ...] | None
    grand_total: bool | None


def with_totals(cells: Sequence[Sequence[int]]) -> Table:
    """``cells`` with every row, column and grand total computed."""
    rows = tuple(tuple(int(v) for v in row) for row in cells)
    width = len(rows[0]) if rows else 0
    return Table(
        cells=rows,
        row_totals=tuple(sum(row) for row in rows),
        column_totals=tuple(sum(row[c] for row in rows) for c in range(width)),
        grand_total=sum(sum(row) for row in rows),
    )


# An entry of the table: ("cell", r, c), ("row", r, -1), ("column", -1, c), ("grand", -1, -1).
_Entry = tuple[str, int, int]


def _lines(table: Table) -> list[list[_Entry]]:
    """Every published line: each row with its total, each column with its total, and the
    totals' own line(s) with the grand total."""
    n_rows = len(table.cells)
    width = len(table.cells[0]) if n_rows else 0
    lines: list[list[_Entry]] = []
    if table.row_totals is not None:
        for r in range(n_rows):
            lines.append([("cell", r, c) for c in range(width)] + [("row", r, -1)])
    if table.column_totals is not None:
        for c in range(width):
            lines.append([("cell", r, c) for r in range(n_rows)] + [("column", -1, c)])
    if table.grand_total is not None:
        if table.row_totals is not None:
            lines.append([("row", r, -1) for r in range(n_rows)] + [("grand", -1, -1)])
        if table.column_totals is not None:
            lines.append([("column", -1, c) for c in range(width)] + [("grand", -1, -1)])
    return lines


def _value(table: Table, entry: _Entry) -> int:
    kind, r, c = entry
    if kind == "cell":
        return table.cells[r][c]
    if kind == "row":
        assert table.row_totals is not None
        return table.row_totals[r]
    if kind == "column":
        assert table.column_totals is not None
        return table.column_totals[c]
    assert table.grand_total is not None
    return table.grand_total


def _entries(table: Table) -> list[_Entry]:
    n_rows = len(table.cells)
    width = len(table.cells[0]) if n_rows else 0
    entries: list[_Entry] = [("cell", r, c) for r in range(n_rows) for c in range(width)]
    if table.row_totals is not None:
        entries += [("row", r, -1) for r in range(n_rows)]
    if table.column_totals is not None:
        entries += [("column", -1, c) for c in range(width)]
    if table.grand_total is not None:
        entries.append(("grand", -1, -1))
    return entries


def suppress(table: Table) -> Mask:
    """Primary then secondary suppression (see the module docstring).

    The secondary step hides, in a line with exactly one hidden entry, the entry with the
    smallest value among the others, a non-zero interior cell first, then a total, then a
    zero cell; lines are visited in a fixed order and again until nothing changes, so the
    result is deterministic and every line ends with zero or at least two hidden entries."""
    hidden = {entry for entry in _entries(table) if is_small(_value(table, entry))}
    lines = _lines(table)
    changed = True
    while changed:
        changed = False
        for line in lines:
            if sum(1 for e in line if e in hidden) != 1:
                continue
            candidates = [e for e in line if e not in hidden]
            if not candidates:
                continue

            def rank(entry: _Entry) -> tuple[int, int, _Entry]:
                value = _value(table, entry)
                if entry[0] == "cell" and value > 0:
                    group = 0
                elif entry[0] != "cell":
                    group = 1
                else:
                    group = 2
                return group, value, entry

            hidden.add(min(candidates, key=rank))
            changed = True
    n_rows = len(table.cells)
    width = len(table.cells[0]) if n_rows else 0
    return Mask(
        cells=tuple(tuple(("cell", r, c) in hidden for c in range(width)) for r in range(n_rows)),
        row_totals=None
        if table.row_totals is None
        else tuple(("row", r, -1) in hidden for r in range(n_rows)),
        column_totals=None
        if table.column_totals is None
        else tuple(("column", -1, c) in hidden for c in range(width)),
        grand_total=None if table.grand_total is None else ("grand", -1, -1) in hidden,
    )


def hidden_lines_ok(table: Table, mask: Mask) -> bool:
    """Every line of the published table has zero or at least two hidden entries (what
    :func:`suppress` guarantees; used by the tests)."""
    flags = {
        entry: flag for entry, flag in zip(_entries(table), _mask_flags(table, mask), strict=True)
    }
    return all(sum(1 for e in line if flags[e]) != 1 for line in _lines(table))


def _mask_flags(table: Table, mask: Mask) -> list[bool]:
    flags = [flag for row in mask.cells for flag in row]
    if table.row_totals is not None:
        assert mask.row_totals is not None
        flags += list(mask.row_totals)
    if table.column_totals is not None:
        assert mask.column_totals is not None
        flags += list(mask.column_totals)
    if table.grand_total is not None:
        flags.append(bool(mask.grand_total))
    return flags


# --------------------------------------------------------------------------- indicators


@dataclass(frozen=True, slots=True)
class PublishedFigure:
    """One indicator as it may be published: ``None`` where suppressed, and which of
    ``value``, ``numerator``, ``denominator`` were."""

    value: float | int | None
    numerator: float | int | None
    denominator: int | None
    suppressed: tuple[str, ...]


def publish_count(count: int) -> PublishedFigure:
    """A count: hidden from 1 to 10."""
    if is_small(count):
        return PublishedFigure(None, None, None, ("value", "numerator"))
    return PublishedFigure(count, count, None, ())


def publish_ratio(numerator: int, denominator: int) -> PublishedFigure:
    """A rate: the line ``[numerator, denominator − numerator | denominator]`` suppressed
    as a table row; the rate itself only when its numerator and denominator are shown (so
    never on fewer than 11 people). A denominator of 0 gives no rate (``None``) and
    suppresses nothing."""
    if denominator == 0:
        return PublishedFigure(None, numerator, 0, ())
    table = Table(
        cells=((numerator, denominator - numerator),),
        row_totals=(denominator,),
    )
    mask = suppress(table)
    hide_numerator = mask.cells[0][0]
    hide_denominator = bool(mask.row_totals and mask.row_totals[0])
    suppressed: list[str] = []
    value: float | None = numerator / denominator
    if hide_numerator or hide_denominator:
        value = None
        suppressed.append("value")
    if hide_numerator:
        suppressed.append("numerator")
    if hide_denominator:
        suppressed.append("denominator")
    return PublishedFigure(
        value,
        None if hide_numerator else numerator,
        None if hide_denominator else denominator,
        tuple(suppressed),
    )


def publish_mean(total: float, terms: int) -> PublishedFigure:
    """A mean of ``terms`` values summing to ``total``: the mean and the sum only on 11
    terms or more; the number of terms hidden from 1 to 10."""
    if terms == 0:
        return PublishedFigure(None, total, 0, ())
    if terms < MIN_PEOPLE:
        return PublishedFigure(None, None, None, ("value", "numerator", "denominator"))
    return PublishedFigure(total / terms, total, terms, ())


def publish_breakdown(counts: Sequence[int]) -> tuple[bool, ...]:
    """Which parts of a breakdown (a row of counts whose total is published beside it)
    are hidden; the total's own flag is the last."""
    mask = suppress(Table(cells=(tuple(counts),), row_totals=(sum(counts),)))
    assert mask.row_totals is not None
    return (*mask.cells[0], mask.row_totals[0])

"""When a contract's retention checks fall due (``domain/retention.py``)."""

from __future__ import annotations

import datetime as dt

from pairdesk.domain.retention import milestone_dates, milestones_due

D = dt.date


def test_milestones_follow_the_month_arithmetic() -> None:
    assert milestone_dates(D(2026, 1, 31)) == (
        (1, D(2026, 2, 28)),
        (3, D(2026, 4, 30)),
        (6, D(2026, 7, 31)),
        (12, D(2027, 1, 31)),
        (18, D(2027, 7, 31)),
    )


def test_due_by_the_day_unchecked_and_while_employed() -> None:
    start = D(2026, 1, 15)
    # by 15/07/2026: 1, 3 and 6 months have come; 1 month is checked (and 1 month of
    # another contract)
    assert list(milestones_due(7, start, None, D(2026, 7, 15), {(7, 1), (8, 3)})) == [
        (3, D(2026, 4, 15)),
        (6, D(2026, 7, 15)),
    ]
    # 3 months checked: 1 month, before it, is no longer due (nobody would record it now)
    assert list(milestones_due(7, start, None, D(2026, 7, 15), {(7, 3), (8, 1)})) == [
        (6, D(2026, 7, 15)),
    ]
    # 12 months checked, by 01/03/2027: nothing before it is due
    assert list(milestones_due(7, start, None, D(2027, 3, 1), {(7, 12)})) == []
    # the day before the 6-month milestone
    assert [m for m, _ in milestones_due(7, start, None, D(2026, 7, 14), set())] == [1, 3]
    # ended on the 3-month milestone's day: still employed that day; not at 6 months
    assert [m for m, _ in milestones_due(7, start, D(2026, 4, 15), D(2027, 1, 1), set())] == [1, 3]
    # ended the day before it
    assert [m for m, _ in milestones_due(7, start, D(2026, 4, 14), D(2027, 1, 1), set())] == [1]
    # nothing has come yet
    assert list(milestones_due(7, start, None, D(2026, 2, 14), set())) == []

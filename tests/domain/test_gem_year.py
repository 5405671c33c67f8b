"""The annual report's publication rule: people counts 1-10 hidden, with their totals."""

from __future__ import annotations

import datetime as dt

from pairdesk.domain.gem_year import due_date, publish_figures


def test_the_report_is_due_before_the_end_of_february() -> None:
    assert due_date(2026) == dt.date(2027, 2, 28)


def test_a_small_part_hides_another_part_of_its_total() -> None:
    # people received 60 = members 52 + non-members 8 + anonymous 0: the 8 is hidden, and
    # 52 with it, or 60 − 52 − 0 would give it back.
    values = {
        "people_received": 60,
        "distinct_members": 52,
        "distinct_non_members": 8,
        "anonymous_visits": 0,
        "person_days": 900,
        "member_days": 850,
        "non_member_days": 50,
        "opening_days": 9,  # days, not people: shown
        "average_per_opening_day": 100.0,
        "bureau_members": 6,
    }
    hidden = publish_figures(values)
    assert hidden["distinct_non_members"] and hidden["distinct_members"]
    assert not hidden["people_received"]
    assert not hidden["anonymous_visits"]  # zero: shown
    assert not any(hidden[k] for k in ("person_days", "member_days", "non_member_days"))
    assert not hidden["opening_days"]
    assert hidden["bureau_members"]


def test_a_hidden_total_hides_the_average() -> None:
    values = {
        "person_days": 7,
        "member_days": 7,
        "non_member_days": 0,
        "average_per_opening_day": 1.0,
    }
    hidden = publish_figures(values)
    assert hidden["person_days"] and hidden["member_days"] and hidden["average_per_opening_day"]
    assert not hidden["non_member_days"]

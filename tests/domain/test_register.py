"""The attendance register's totals on a hand-computed week."""

from __future__ import annotations

import datetime as dt

from pairdesk.domain.register import Presence, is_member_on, opening_days, register_report

# Opening weekdays: Monday, Tuesday, Thursday (1, 2, 4). Week of 2 to 8 March 2026:
# Mon 2, Tue 3, Thu 5 are opening weekdays; Tue 3 is a closure day (a strike) and Sat 7
# an exceptional opening (someone was ticked in). Known on Sunday 8, the week's opening
# days are 2, 5 and 7.
MON, TUE, THU, SAT = (dt.date(2026, 3, d) for d in (2, 3, 5, 7))
A, B, C = ("register", 1), ("register", 2), ("participant", 7)


def test_opening_days_follow_weekdays_closures_and_presences() -> None:
    days = opening_days(
        dt.date(2026, 3, 2),
        dt.date(2026, 3, 8),
        weekdays=(1, 2, 4),
        closures=[TUE],
        days_with_presence=[SAT],
        today=dt.date(2026, 3, 8),
    )
    assert days == [MON, THU, SAT]
    # Known on Wednesday 4, Thursday has not come yet.
    assert opening_days(
        dt.date(2026, 3, 2),
        dt.date(2026, 3, 8),
        weekdays=(1, 2, 4),
        closures=[TUE],
        days_with_presence=[],
        today=dt.date(2026, 3, 4),
    ) == [MON]


def test_membership_on_a_day() -> None:
    assert is_member_on(MON, None, None)
    assert not is_member_on(MON, THU, None)  # not yet
    assert is_member_on(MON, MON, MON)  # the last day still counts
    assert not is_member_on(THU, None, MON)
    assert not is_member_on(MON, None, None, member_kind=False)  # a visitor


def test_totals_of_a_week_by_hand() -> None:
    presences = [
        Presence(MON, A, True),  # member
        Presence(MON, B, False),  # visitor
        Presence(MON, C, True),  # participant, member
        Presence(THU, A, True),
        Presence(THU, C, True),
        Presence(SAT, B, False),
        Presence(SAT, B, False),  # ticked twice: once
    ]
    report = register_report(
        dt.date(2026, 3, 1),
        dt.date(2026, 3, 31),
        presences=presences,
        anonymous={MON: 2, THU: 0},
        weekdays=(1, 2, 4),
        closures=[TUE],
        today=dt.date(2026, 3, 8),
    )
    total = report.total
    # Opening days up to the 8th: Mon 2, Thu 5, Sat 7 (presence) = 3.
    assert total.opening_days == 3
    # Named person-days: Mon 3, Thu 2, Sat 1 = 6; anonymous 2 on Monday; 8 in all.
    assert total.person_days == 8
    assert total.anonymous_visits == 2
    # Members: A Mon, C Mon, A Thu, C Thu = 4; non-members: B Mon, B Sat + 2 anonymous = 4.
    assert (total.member_days, total.non_member_days) == (4, 4)
    # Distinct named people: A, B, C; members A and C; non-member B.
    assert (total.distinct_people, total.distinct_members, total.distinct_non_members) == (
        3,
        2,
        1,
    )
    # 8 person-days over 3 opening days.
    assert total.average_per_opening_day == 8 / 3
    assert [d.start for d in report.days] == [MON, THU, SAT]
    assert [d.person_days for d in report.days] == [5, 2, 1]
    assert len(report.months) == 1 and report.months[0].person_days == 8


def test_months_split_a_period() -> None:
    report = register_report(
        dt.date(2026, 1, 15),
        dt.date(2026, 3, 10),
        presences=[Presence(dt.date(2026, 1, 20), A, True), Presence(dt.date(2026, 3, 2), A, True)],
        anonymous={dt.date(2026, 2, 3): 4},
        weekdays=(),
        closures=[],
        today=dt.date(2026, 12, 31),
    )
    assert [(m.start, m.end, m.person_days) for m in report.months] == [
        (dt.date(2026, 1, 15), dt.date(2026, 1, 31), 1),
        (dt.date(2026, 2, 1), dt.date(2026, 2, 28), 4),
        (dt.date(2026, 3, 1), dt.date(2026, 3, 10), 1),
    ]
    # No opening weekday: only the days with someone count as opened.
    assert report.total.opening_days == 3
    assert report.total.distinct_people == 1

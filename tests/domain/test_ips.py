"""IPS indicators on hand-built contracts."""

from __future__ import annotations

import datetime as dt

from pairdesk.domain.ips import JobRecord, ips_figures

D = dt.date
YEAR = (D(2026, 1, 1), D(2026, 12, 31))


def test_starts_first_starts_and_unknown_hours() -> None:
    jobs = [
        # participant 1: a job in 2025, another in 2026 -> a start, not a first one
        JobRecord(1, 1, "cdd", 20, D(2025, 3, 1), D(2025, 6, 30)),
        JobRecord(2, 1, "cdi", 35, D(2026, 2, 1), None),
        # participant 2: 3 h/week in 2026 (not a start), then 10 h/week (a first start)
        JobRecord(3, 2, "cdd", 3, D(2026, 1, 10), D(2026, 2, 10)),
        JobRecord(4, 2, "interim", 10, D(2026, 5, 4), D(2026, 5, 29)),
        # participant 3: hours not recorded -> unknown, and ESAT never counts
        JobRecord(5, 3, "cdd", None, D(2026, 4, 1), D(2026, 9, 30)),
        JobRecord(6, 3, "esat", 30, D(2026, 1, 5), None),
    ]
    figures = ips_figures(jobs, *YEAR)
    assert figures.job_starts == 2  # contracts 2 and 4
    assert figures.first_job_starts == 1  # contract 4
    assert figures.unknown_hours == 1  # contract 5
    # In work more than 13 weeks during 2026: participant 1 (CDI since 1 Feb). Participant
    # 2's interim lasted 26 days; participant 1's 2025 CDD ended before 2026.
    assert figures.in_work_over_13_weeks == 1


def test_thirteen_weeks_exactly_is_not_more() -> None:
    # 1 January to 1 April 2026 is 91 days (13 weeks): not more. To 2 April: 92 days.
    exactly = JobRecord(1, 1, "cdd", 20, D(2026, 1, 1), D(2026, 4, 1))
    more = JobRecord(2, 2, "cdd", 20, D(2026, 1, 1), D(2026, 4, 2))
    assert ips_figures([exactly], *YEAR).in_work_over_13_weeks == 0
    assert ips_figures([more], *YEAR).in_work_over_13_weeks == 1
    # A job that reached 13 weeks before the period and still runs in it counts.
    old = JobRecord(3, 3, "cdi", 20, D(2020, 1, 1), None)
    assert ips_figures([old], *YEAR).in_work_over_13_weeks == 1


def test_employment_rate_among_people_out_of_work_at_entry() -> None:
    jobs = [
        # participant 1: a CDI of 35 h since 2025, still running -> in work in 2026
        JobRecord(1, 1, "cdi", 35, D(2025, 6, 1), None),
        # participant 2: a CDD of 20 h that ended on 31/12/2025 -> not in work in 2026
        JobRecord(2, 2, "cdd", 20, D(2025, 7, 1), D(2025, 12, 31)),
        # participant 3: 3 h a week only -> not a job
        JobRecord(3, 3, "cdd", 3, D(2026, 3, 1), D(2026, 4, 30)),
        # participant 4: hours not recorded -> not counted as in work (unknown, not guessed)
        JobRecord(4, 4, "interim", None, D(2026, 5, 1), D(2026, 5, 31)),
        # participant 5: an interim of 10 h in December 2026 -> in work
        JobRecord(5, 5, "interim", 10, D(2026, 12, 1), D(2026, 12, 31)),
        # participant 6 is in work but was not out of work at entry: in neither count
        JobRecord(6, 6, "cdi", 35, D(2026, 1, 5), None),
    ]
    figures = ips_figures(jobs, *YEAR, out_of_work_at_entry=[1, 2, 3, 4, 5], entry_not_recorded=2)
    # out of work at entry: 1, 2, 3, 4, 5 -> 5; of whom in work in 2026: 1 and 5 -> 2
    assert figures.out_of_work_at_entry == 5
    assert figures.employed_of_out_of_work == 2
    assert figures.entry_not_recorded == 2
    assert figures.employment_rate_out_of_work == 2 / 5
    assert ips_figures([], *YEAR).employment_rate_out_of_work is None  # nobody: no rate

"""Employment indicators of supported employment (IPS, Individual Placement and Support),
beside the shared ones, so that a GEM can benchmark against the field. Pure maths.

* A **job start** is an employment contract (CDI, CDD, interim, contrat aidé, adapted
  company; not ESAT, which is sheltered work) of **at least 4 hours a week** of paid work,
  started in the period. A contract whose weekly hours were not recorded is neither a
  start nor not one: it is counted apart as *unknown*, never guessed.
* A **first job start** is a job start that is the participant's first contract of at
  least 4 hours a week ever recorded (started on or before it, by date then id).
* **In work more than 13 weeks**: participants with a job of at least 4 hours a week that
  had lasted more than 13 weeks (more than 91 days, first day included) on some day of the
  period: its 92nd day of work, or a later day on which it was still running (not ended
  before it), falls in the period.
* **Employment rate among people out of work at entry**: of the participants whose
  situation at entry is "out of work" and who were members on some day of the period,
  those who held a job of at least 4 hours a week on some day of the period (started on or
  before its last day, not ended before its first). Participants whose situation at entry
  was not recorded are in neither count (``entry_not_recorded`` says how many).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from pairdesk.domain.enums import EMPLOYMENT_CONTRACTS
from pairdesk.domain.indicators import IndicatorValue
from pairdesk.i18n import N_, _

MIN_HOURS = 4.0
TENURE_DAYS = 13 * 7  # more than this many days
_EMPLOYMENT = frozenset(t.value for t in EMPLOYMENT_CONTRACTS)


class JobRecord(NamedTuple):
    """A contract as the IPS figures read it. A named tuple rather than a frozen dataclass,
    as ``indicators.ContractRecord``: every contract is read at each computation."""

    contract_id: int
    participant_id: int
    contract_type: str
    hours_per_week: float | None
    started_on: dt.date
    ended_on: dt.date | None  # the actual end, else the planned end, else None


@dataclass(frozen=True, slots=True)
class IpsFigures:
    job_starts: int
    first_job_starts: int
    unknown_hours: int
    in_work_over_13_weeks: int
    out_of_work_at_entry: int = 0
    employed_of_out_of_work: int = 0
    entry_not_recorded: int = 0

    @property
    def employment_rate_out_of_work(self) -> float | None:
        """``employed_of_out_of_work ÷ out_of_work_at_entry`` (None when nobody)."""
        if not self.out_of_work_at_entry:
            return None
        return self.employed_of_out_of_work / self.out_of_work_at_entry


LABELS = {
    "job_starts": N_("Job starts (4 hours a week or more)"),
    "first_job_starts": N_("of which first job starts"),
    "unknown_hours": N_("Contracts started without weekly hours recorded"),
    "in_work_over_13_weeks": N_("People in work for more than 13 weeks"),
    "out_of_work_at_entry": N_("Members out of work when they joined"),
    "employed_of_out_of_work": N_("of whom in work during the period"),
    "entry_not_recorded": N_("Members whose situation at entry was not recorded"),
    "employment_rate_out_of_work": N_("Employment rate among people out of work at entry"),
}

DEFINITIONS = {
    "job_starts": N_(
        "Employment contracts (not ESAT) of at least 4 hours a week started in the period."
    ),
    "first_job_starts": N_(
        "Those job starts that are the person's first contract of at least 4 hours a week "
        "ever recorded."
    ),
    "unknown_hours": N_(
        "Employment contracts started in the period whose weekly hours were not recorded: "
        "reported as unknown, not guessed."
    ),
    "in_work_over_13_weeks": N_(
        "People with a job of at least 4 hours a week that had lasted more than 13 weeks on "
        "some day of the period."
    ),
    "out_of_work_at_entry": N_(
        "Participants whose situation at entry was “out of work” and who were members on "
        "some day of the period."
    ),
    "employed_of_out_of_work": N_(
        "Those who held a job of at least 4 hours a week on some day of the period."
    ),
    "entry_not_recorded": N_(
        "Participants who were members in the period and whose situation at entry was not "
        "recorded: counted in neither figure above, never guessed."
    ),
    "employment_rate_out_of_work": N_(
        "Among people out of work when they joined, the share who held a job of at least "
        "4 hours a week on some day of the period (the IPS employment rate)."
    ),
}


def label(key: str) -> str:
    return _(LABELS[key])


def definition(key: str) -> str:
    return _(DEFINITIONS[key])


def _is_job(job: JobRecord) -> bool | None:
    """True for a job of 4 h/week or more, False for less, None when hours are unknown
    (only employment contracts are asked)."""
    if job.hours_per_week is None:
        return None
    return job.hours_per_week >= MIN_HOURS


def ips_figures(
    jobs: Iterable[JobRecord],
    start: dt.date,
    end: dt.date,
    *,
    out_of_work_at_entry: Iterable[int] = (),
    entry_not_recorded: int = 0,
) -> IpsFigures:
    """The figures of the period; ``out_of_work_at_entry`` are the participants out of
    work when they joined and members on some day of the period."""
    employment: Sequence[JobRecord] = [j for j in jobs if j.contract_type in _EMPLOYMENT]
    first_job: dict[int, int] = {}  # participant -> their first job's contract
    starts: list[JobRecord] = []
    unknown = 0
    tenure: set[int] = set()
    in_work: set[int] = set()
    # One pass in (date, id) order: tens of thousands of contracts at each computation.
    for job in sorted(employment, key=lambda j: (j.started_on, j.contract_id)):
        in_period = start <= job.started_on <= end
        is_job = _is_job(job)
        if is_job is None:
            unknown += in_period
            continue
        if not is_job:
            continue
        first_job.setdefault(job.participant_id, job.contract_id)
        if in_period:
            starts.append(job)
        if job.started_on <= end and (job.ended_on is None or job.ended_on >= start):
            in_work.add(job.participant_id)  # held on some day of the period
        last_day = end if job.ended_on is None else min(end, job.ended_on)
        reached = job.started_on + dt.timedelta(days=TENURE_DAYS)  # its 92nd day of work
        if reached <= last_day and last_day >= start:
            tenure.add(job.participant_id)
    out_of_work = set(out_of_work_at_entry)
    return IpsFigures(
        out_of_work_at_entry=len(out_of_work),
        employed_of_out_of_work=len(out_of_work & in_work),
        entry_not_recorded=entry_not_recorded,
        job_starts=len(starts),
        first_job_starts=sum(1 for j in starts if first_job.get(j.participant_id) == j.contract_id),
        unknown_hours=unknown,
        in_work_over_13_weeks=len(tenure),
    )


# --------------------------------------------------------------------------- as indicator rows

#: the ids of the IPS rows among the indicators
IPS_PREFIX = "ips_"


def _row_label(text: str) -> str:
    return _("IPS: {indicator}").format(indicator=text)


def _count_row(key: str, value: int) -> IndicatorValue:
    return IndicatorValue(
        id=IPS_PREFIX + key,
        value=value,
        numerator=value,
        denominator=None,
        definition=definition(key),
        label=_row_label(label(key)),
    )


def ips_indicator_values(figures: IpsFigures) -> list[IndicatorValue]:
    """The IPS rows of the period, in the order of the annual report."""
    starts = figures.job_starts
    return [
        IndicatorValue(
            id=IPS_PREFIX + "employment_rate_out_of_work",
            value=figures.employment_rate_out_of_work,
            numerator=figures.employed_of_out_of_work,
            denominator=figures.out_of_work_at_entry,
            definition=definition("employment_rate_out_of_work"),
            label=_row_label(label("employment_rate_out_of_work")),
        ),
        _count_row("entry_not_recorded", figures.entry_not_recorded),
        _count_row("job_starts", starts),
        IndicatorValue(
            id=IPS_PREFIX + "first_job_starts",
            value=figures.first_job_starts / starts if starts else None,
            numerator=figures.first_job_starts,
            denominator=starts,
            definition=definition("first_job_starts"),
            label=_row_label(_("First job starts, out of all job starts")),
        ),
        _count_row("unknown_hours", figures.unknown_hours),
        _count_row("in_work_over_13_weeks", figures.in_work_over_13_weeks),
    ]

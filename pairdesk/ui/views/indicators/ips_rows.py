"""The supported-employment (IPS) figures as rows of the indicators table, under the
shared indicators: each with its definition on hover and, in the details pane, what its
numerator and denominator count (:mod:`pairdesk.domain.ips` defines them).

Rows: the employment rate among people out of work at entry (and how many members'
situation at entry was not recorded), job starts of 4 hours a week or more, first job
starts out of all job starts, contracts started without weekly hours (unknown, never
guessed), people in work for more than 13 weeks. Ids start with ``ips_``."""

from __future__ import annotations

from pairdesk.domain import ips
from pairdesk.domain.indicators import IndicatorValue
from pairdesk.domain.ips import IpsFigures
from pairdesk.formatting import number
from pairdesk.i18n import _

PREFIX = "ips_"


def _label(text: str) -> str:
    return _("IPS: {indicator}").format(indicator=text)


def _count(key: str, value: int) -> IndicatorValue:
    return IndicatorValue(
        id=PREFIX + key,
        value=value,
        numerator=value,
        denominator=None,
        definition=ips.definition(key),
        label=_label(ips.label(key)),
    )


def ips_indicator_values(figures: IpsFigures) -> list[IndicatorValue]:
    """The IPS rows of the period, in the order of the annual report."""
    starts = figures.job_starts
    return [
        IndicatorValue(
            id=PREFIX + "employment_rate_out_of_work",
            value=figures.employment_rate_out_of_work,
            numerator=figures.employed_of_out_of_work,
            denominator=figures.out_of_work_at_entry,
            definition=ips.definition("employment_rate_out_of_work"),
            label=_label(ips.label("employment_rate_out_of_work")),
        ),
        _count("entry_not_recorded", figures.entry_not_recorded),
        _count("job_starts", starts),
        IndicatorValue(
            id=PREFIX + "first_job_starts",
            value=figures.first_job_starts / starts if starts else None,
            numerator=figures.first_job_starts,
            denominator=starts,
            definition=ips.definition("first_job_starts"),
            label=_label(_("First job starts, out of all job starts")),
        ),
        _count("unknown_hours", figures.unknown_hours),
        _count("in_work_over_13_weeks", figures.in_work_over_13_weeks),
    ]


def ips_fraction_words(item: IndicatorValue) -> str | None:
    """What an IPS ratio's numerator and denominator count; None for another row."""
    if item.denominator is None:
        return None
    numerator, denominator = number(item.numerator or 0), number(item.denominator)
    if item.id == PREFIX + "employment_rate_out_of_work":
        return _(
            "{numerator} in work during the period out of {denominator} members who were out "
            "of work when they joined"
        ).format(numerator=numerator, denominator=denominator)
    if item.id == PREFIX + "first_job_starts":
        return _(
            "{numerator} first job starts out of {denominator} job starts of 4 hours a week or more"
        ).format(numerator=numerator, denominator=denominator)
    return None

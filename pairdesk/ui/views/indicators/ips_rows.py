"""The supported-employment (IPS) figures as rows of the indicators table, under the
shared indicators: each with its definition on hover and, in the details pane, what its
numerator and denominator count (:mod:`pairdesk.domain.ips` defines them).

Rows: the employment rate among people out of work at entry (and how many members'
situation at entry was not recorded), job starts of 4 hours a week or more, first job
starts out of all job starts, contracts started without weekly hours (unknown, never
guessed), people in work for more than 13 weeks. Ids start with ``ips_``."""

from __future__ import annotations

from pairdesk.domain.indicators import IndicatorValue
from pairdesk.domain.ips import IPS_PREFIX as PREFIX
from pairdesk.domain.ips import ips_indicator_values
from pairdesk.formatting import number
from pairdesk.i18n import _

__all__ = ["PREFIX", "ips_fraction_words", "ips_indicator_values"]


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

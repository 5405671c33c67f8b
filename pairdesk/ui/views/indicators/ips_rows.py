"""The supported-employment (IPS) rows of the indicators table in words: what an IPS
ratio's numerator and denominator count, for the details pane. The rows themselves, with
their definitions, are :func:`pairdesk.domain.ips.ips_indicator_values` (the export writes
them too); their ids start with ``ips_``."""

from __future__ import annotations

from pairdesk.domain.indicators import IndicatorValue
from pairdesk.domain.ips import IPS_PREFIX as PREFIX
from pairdesk.formatting import number
from pairdesk.i18n import _

__all__ = ["ips_fraction_words"]


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

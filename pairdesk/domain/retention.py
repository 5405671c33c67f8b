"""Retention milestones (*maintien dans l'emploi*): when a contract's checks fall due.

A contract is checked on at ``RETENTION_MONTHS`` after its start (month arithmetic,
:func:`pairdesk.domain.dates.add_months`). One rule for the lists that show checks to do:
the facilitator's retention list (``services/retention.py``) and the employer follow-ups of
the home page (``services/employer_file.py``).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Container, Iterator

from pairdesk.domain.dates import add_months
from pairdesk.domain.enums import RETENTION_MONTHS

#: Ascending, so that a walk over them may stop at the first one out of reach.
_MONTHS = tuple(sorted(RETENTION_MONTHS))


@functools.lru_cache(maxsize=4096)
def milestone_dates(started_on: dt.date) -> tuple[tuple[int, dt.date], ...]:
    """``(months, date)`` of each milestone of a contract started on ``started_on``, in
    order. Memoised: at 50,000 participants tens of thousands of contracts share a few
    thousand start dates, and the home page walks them all at each visit."""
    return tuple((months, add_months(started_on, months)) for months in _MONTHS)


def milestones_due(
    contract_id: int,
    started_on: dt.date,
    ended_on: dt.date | None,
    by: dt.date,
    checked: Container[tuple[int, int]],
) -> Iterator[tuple[int, dt.date]]:
    """``(months, due date)`` of each milestone of the contract that has come by ``by`` and
    has no check recorded (``(contract_id, months)`` in ``checked``), in order.

    A milestone after the contract's end is never due: the person no longer works there.
    Ended on the milestone's very day, they still did, so that one is due. A milestone
    before one already checked is no longer due either: with the 12-month check
    recorded, the to-do list still showed the 1-, 3- and 6-month ones « en retard » (a
    tester), which nobody would record any more."""
    milestones = tuple(milestone_dates(started_on))
    latest_checked = max((m for m, _ in milestones if (contract_id, m) in checked), default=0)
    for months, due_on in milestones:
        if due_on > by or (ended_on is not None and ended_on < due_on):
            return  # later milestones are later still
        if months > latest_checked:
            yield months, due_on

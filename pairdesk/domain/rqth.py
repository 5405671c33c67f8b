"""The RQTH as it stands on a given day.

An RQTH is granted until a date (the MDPH's decision says until when). Its stored status
stays « obtenue » after that date until someone changes it: a tester, two years on, found
the list still saying « Obtenue jusqu'au 12/01/2027 », the « RQTH expirée » filter
missing those people and the to-do list silent. On and after the day after its end date
a granted RQTH reads as expired, everywhere it is shown or filtered.
"""

from __future__ import annotations

import datetime as dt

from pairdesk.domain.enums import RqthStatus


def rqth_on(status: RqthStatus, until: dt.date | None, today: dt.date) -> RqthStatus:
    """``status`` as it stands on ``today``: granted until a day before ``today`` is
    expired; every other status is as recorded."""
    if status is RqthStatus.GRANTED and until is not None and until < today:
        return RqthStatus.EXPIRED
    return status

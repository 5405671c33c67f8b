"""Supported-employment (IPS) indicators for a period: load the contracts, let
:mod:`pairdesk.domain.ips` count. Aggregates only: no audit line.

The indicators page computes these beside the shared indicators, so they are read the same
way (issue 12): the contracts and the ids of the members out of work at entry as the driver
gives them (``store.plain_reads``), the members from the index of situation at entry and
membership dates (migration 0019) rather than every participant's row.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ColumnElement, Select, and_, func, or_, select
from sqlalchemy.orm import Session

from pairdesk.domain.enums import EMPLOYMENT_CONTRACTS, EntrySituation
from pairdesk.domain.ips import IpsFigures, JobRecord, ips_figures
from pairdesk.domain.validation import required_period
from pairdesk.services.context import ServiceContext
from pairdesk.store.models import Contract, Participant
from pairdesk.store.plain_reads import date_reader, read_plain_rows


def compute_ips(ctx: ServiceContext, start: dt.date, end: dt.date) -> IpsFigures:
    """The IPS figures of ``[start, end]``, both days included."""
    start, end = required_period(start, end)
    with ctx.transaction() as session:
        return load_ips_figures(session, start, end)


def load_ips_figures(session: Session, start: dt.date, end: dt.date) -> IpsFigures:
    """:func:`compute_ips` inside the caller's transaction."""
    session.flush()  # the Core reads below bypass the ORM's autoflush
    connection = session.connection()
    day = date_reader(connection)
    jobs = [
        JobRecord(
            cid,
            pid,
            kind,
            hours,
            day(started),
            None if (ended or planned) is None else day(ended or planned),
        )
        for cid, pid, kind, hours, started, ended, planned in read_plain_rows(
            connection, employment_contracts_query(end)
        )
    ]
    out_of_work = [
        pid
        for (pid,) in read_plain_rows(
            connection, members_by_entry_query(start, end, EntrySituation.OUT_OF_WORK)
        )
    ]
    not_recorded = connection.execute(
        select(func.count()).select_from(members_by_entry_query(start, end, None).subquery())
    ).scalar_one()
    return ips_figures(
        jobs, start, end, out_of_work_at_entry=out_of_work, entry_not_recorded=not_recorded
    )


def employment_contracts_query(
    end: dt.date,
) -> Select[int, int, str, float | None, dt.date, dt.date | None, dt.date | None]:
    """Every employment contract (not ESAT) started by ``end``: what ``ips_figures`` counts
    (a first job is the first ever, so none is left out for being old)."""
    return select(
        Contract.id,
        Contract.participant_id,
        Contract.contract_type,
        Contract.hours_per_week,
        Contract.started_on,
        Contract.ended_on,
        Contract.planned_end_on,
    ).where(
        Contract.started_on <= end,
        Contract.contract_type.in_(sorted(kind.value for kind in EMPLOYMENT_CONTRACTS)),
    )


def members_by_entry_query(
    start: dt.date, end: dt.date, entry: EntrySituation | None
) -> Select[int]:
    """The ids of the members on some day of ``[start, end]`` whose situation at entry is
    ``entry`` (None: not recorded), from the index of situation and membership dates."""
    situation: ColumnElement[bool] = (
        Participant.entry_situation.is_(None)
        if entry is None
        else Participant.entry_situation == entry.value
    )
    return select(Participant.id).where(
        situation,
        and_(
            Participant.membership_start <= end,
            or_(Participant.membership_end.is_(None), Participant.membership_end >= start),
        ),
    )

"""Supported-employment (IPS) indicators for a period: load the contracts, let
:mod:`pairdesk.domain.ips` count. Aggregates only: no audit line."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import or_, select

from pairdesk.domain.enums import EntrySituation
from pairdesk.domain.ips import IpsFigures, JobRecord, ips_figures
from pairdesk.domain.validation import required_period
from pairdesk.services.context import ServiceContext
from pairdesk.store.models import Contract, Participant


def compute_ips(ctx: ServiceContext, start: dt.date, end: dt.date) -> IpsFigures:
    start, end = required_period(start, end)
    with ctx.transaction() as session:
        rows = session.execute(
            select(
                Contract.id,
                Contract.participant_id,
                Contract.contract_type,
                Contract.hours_per_week,
                Contract.started_on,
                Contract.ended_on,
                Contract.planned_end_on,
            ).where(Contract.started_on <= end)
        ).all()
        members_in_period = session.execute(
            select(Participant.id, Participant.entry_situation).where(
                Participant.membership_start <= end,
                or_(Participant.membership_end.is_(None), Participant.membership_end >= start),
            )
        ).all()
    jobs = [
        JobRecord(cid, pid, kind, hours, started, ended or planned)
        for cid, pid, kind, hours, started, ended, planned in rows
    ]
    out_of_work = [
        pid for pid, entry in members_in_period if entry == EntrySituation.OUT_OF_WORK.value
    ]
    not_recorded = sum(1 for _pid, entry in members_in_period if entry is None)
    return ips_figures(
        jobs, start, end, out_of_work_at_entry=out_of_work, entry_not_recorded=not_recorded
    )

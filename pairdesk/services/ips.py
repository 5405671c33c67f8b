"""Supported-employment (IPS) indicators for a period: load the contracts, let
:mod:`pairdesk.domain.ips` count. Aggregates only: no audit line."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from pairdesk.domain.ips import IpsFigures, JobRecord, ips_figures
from pairdesk.domain.validation import required_period
from pairdesk.services.context import ServiceContext
from pairdesk.store.models import Contract


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
    jobs = [
        JobRecord(cid, pid, kind, hours, started, ended or planned)
        for cid, pid, kind, hours, started, ended, planned in rows
    ]
    return ips_figures(jobs, start, end)

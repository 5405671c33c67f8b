"""The situation at entry on the participant, the IPS employment rate it gives, and weekly
hours required on new contracts from the window's form."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from pairdesk.domain.enums import ContractType, EntrySituation
from pairdesk.domain.ips import JobRecord, ips_figures
from pairdesk.errors import InvalidInput
from pairdesk.services import contracts, gem_year, participants
from pairdesk.services.context import ServiceContext
from pairdesk.services.contracts import ContractInput
from pairdesk.services.ips import compute_ips, load_ips_figures
from pairdesk.services.participants import ParticipantInput
from pairdesk.store.models import Contract, Participant
from tests.factories import insert_contract, insert_participant

pytestmark = pytest.mark.both_engines  # also on PostgreSQL (tests/pg.py)

YEAR = (dt.date(2026, 1, 1), dt.date(2026, 12, 31))


def test_the_situation_at_entry_is_kept_and_read_back(ctx: ServiceContext) -> None:
    data = ParticipantInput(
        "Nina", "Fictive", membership_start=dt.date(2026, 2, 1),
        entry_situation=EntrySituation.OUT_OF_WORK,
    )  # fmt: skip
    created = participants.create_participant(ctx, data)
    assert created.entry_situation is EntrySituation.OUT_OF_WORK
    updated = participants.update_participant(ctx, created.id, replace(data, entry_situation=None))
    assert updated.entry_situation is None  # "not recorded" again
    with pytest.raises(InvalidInput) as refused:
        participants.update_participant(ctx, created.id, replace(data, entry_situation="rich"))  # type: ignore[arg-type]
    assert refused.value.field == "entry_situation"


def _member(ctx: ServiceContext, name: str, entry: EntrySituation | None, **values: object) -> int:
    return insert_participant(
        ctx, name, "Fictif", membership_start=dt.date(2025, 9, 1), entry_situation=entry, **values
    )


def test_the_ips_employment_rate_counts_people_out_of_work_at_entry(ctx: ServiceContext) -> None:
    ana = _member(ctx, "Ana", EntrySituation.OUT_OF_WORK)
    _member(ctx, "Ben", EntrySituation.OUT_OF_WORK)  # no job
    cid = _member(ctx, "Cid", EntrySituation.IN_WORK)  # in work, not counted
    _member(ctx, "Dan", None)  # not recorded
    _member(ctx, "Eve", EntrySituation.OUT_OF_WORK, membership_end=dt.date(2025, 12, 31))
    for pid in (ana, cid):
        contracts.add_contract(
            ctx, pid,
            ContractInput(contract_type=ContractType.CDD, hours_per_week=20,
                          started_on=dt.date(2026, 3, 2), planned_end_on=dt.date(2026, 8, 31)),
        )  # fmt: skip
    figures = compute_ips(ctx, *YEAR)
    # Out of work at entry and members in 2026: Ana and Ben (Eve left in 2025) -> 2;
    # of whom in work in 2026: Ana -> 1. Not recorded: Dan -> 1.
    assert (figures.out_of_work_at_entry, figures.employed_of_out_of_work) == (2, 1)
    assert figures.entry_not_recorded == 1
    assert figures.employment_rate_out_of_work == 0.5
    counts = gem_year.export_counts(ctx, 2026)
    assert counts["ips_out_of_work_at_entry"] == 2
    assert counts["ips_employed_of_out_of_work"] == 1


def test_new_contracts_need_their_weekly_hours_by_default(ctx: ServiceContext) -> None:
    pid = insert_participant(ctx, "Hugo", "Fictif")
    data = ContractInput(contract_type=ContractType.CDI, started_on=dt.date(2026, 10, 5))
    with pytest.raises(InvalidInput) as refused:
        contracts.add_contract(ctx, pid, data)  # a script as the window: hours required
    assert refused.value.field == "hours_per_week"
    row = contracts.add_contract(ctx, pid, replace(data, hours_per_week=24))
    assert row.hours_per_week == 24
    # an older contract copied as it was keeps no hours, and is corrected without them
    old = contracts.add_contract(
        ctx, pid, replace(data, started_on=dt.date(2024, 1, 8)), hours_required=False
    )
    contracts.update_contract(ctx, old.id, replace(data, started_on=dt.date(2024, 1, 9)))
    assert compute_ips(ctx, dt.date(2024, 1, 1), dt.date(2024, 12, 31)).unknown_hours == 1


# -- what SQL reads is what the rules count on every record ----------------------------------

_DAY0 = dt.date(2025, 1, 1)
_days = st.builds(lambda n: _DAY0 + dt.timedelta(days=30 * n), st.integers(0, 30))
_near_days = st.builds(
    lambda day, shift: day + dt.timedelta(days=shift), _days, st.sampled_from((-1, 0, 1))
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    people=st.lists(
        st.tuples(
            st.sampled_from([None, *EntrySituation]),
            _near_days,
            st.none() | _near_days,
            st.lists(
                st.tuples(
                    st.sampled_from(list(ContractType)),
                    st.sampled_from((None, 2.0, 4.0, 35.0)),
                    _near_days,
                    st.none() | _near_days,
                    st.none() | _near_days,
                ),
                max_size=3,
            ),
        ),
        max_size=6,
    ),
    start=_near_days,
    length=st.sampled_from((0, 90, 365)),
)
def test_the_ips_figures_read_by_sql_are_the_rules_on_every_record(
    ctx: ServiceContext,
    people: list[tuple[Any, dt.date, dt.date | None, list[Any]]],
    start: dt.date,
    length: int,
) -> None:
    """``load_ips_figures`` reads only some contracts and members, from their indexes: its
    figures are ``ips_figures`` over every contract and every participant, filtered by the
    rules' own words (members on some day of the period)."""
    end = start + dt.timedelta(days=length)
    with ctx.transaction() as session:
        for entry, began, left, jobs in people:
            pid = insert_participant(
                session, entry_situation=entry, membership_start=began, membership_end=left
            )
            for kind, hours, started, ended, planned in jobs:
                insert_contract(
                    session, pid, started, kind,
                    hours_per_week=hours, ended_on=ended, planned_end_on=planned,
                )  # fmt: skip
        session.flush()
        every_job = [
            JobRecord(c.id, c.participant_id, c.contract_type, c.hours_per_week, c.started_on,
                      c.ended_on or c.planned_end_on)
            for c in session.scalars(select(Contract))
        ]  # fmt: skip
        members = [
            p
            for p in session.scalars(select(Participant))
            if p.membership_start <= end and (p.membership_end is None or p.membership_end >= start)
        ]
        expected = ips_figures(
            every_job,
            start,
            end,
            out_of_work_at_entry=[
                p.id for p in members if p.entry_situation == EntrySituation.OUT_OF_WORK.value
            ],
            entry_not_recorded=sum(1 for p in members if p.entry_situation is None),
        )
        assert load_ips_figures(session, start, end) == expected
        session.rollback()

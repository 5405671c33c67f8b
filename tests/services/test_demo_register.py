"""The demo's attendance register and situations at entry."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select

from pairdesk.domain.enums import EntrySituation, Role
from pairdesk.services import register_totals
from pairdesk.services.context import Operator, ServiceContext
from pairdesk.services.demo import generate_demo_data
from pairdesk.services.ips import compute_ips
from pairdesk.store.models import ClosureDay, DayPresence, Participant, RegisterPerson
from pairdesk.store.vault import open_vault
from tests.factories import PASSPHRASE

pytestmark = pytest.mark.both_engines  # also on PostgreSQL (tests/pg.py)

TODAY = dt.date(2026, 11, 25)
YEAR = (dt.date(2025, 11, 26), TODAY)  # the demo's year


def _register_of(ctx: ServiceContext) -> tuple[object, ...]:
    totals = register_totals.register_totals(ctx, *YEAR).total
    with ctx.transaction() as session:
        names = tuple(
            session.scalars(select(RegisterPerson.display_name).order_by(RegisterPerson.id))
        )
        situations = tuple(
            session.scalars(select(Participant.entry_situation).order_by(Participant.id))
        )
    return totals, names, situations


def test_the_demo_has_a_register_a_year_long(
    ctx: ServiceContext, vault_template: Path, tmp_path: Path
) -> None:
    generate_demo_data(ctx, participants=40, seed=5, today=TODAY)
    totals = register_totals.register_totals(ctx, *YEAR).total
    # Four opening weekdays over a year, less the closures: about 200 opening days.
    assert 180 <= totals.opening_days <= 210
    assert totals.distinct_members > 5 and totals.distinct_non_members > 0
    assert totals.anonymous_visits > 0 and totals.person_days > totals.opening_days
    with ctx.transaction() as session:
        closures = {c.day: c.reason for c in session.scalars(select(ClosureDay))}
        from_participants = session.scalar(
            select(func.count())
            .select_from(DayPresence)
            .where(DayPresence.participant_id.is_not(None))
        )
        situations = set(session.scalars(select(Participant.entry_situation)))
    assert closures[dt.date(2026, 5, 1)] == "Jour férié"  # a Friday, an opening day
    assert "Formation de l'équipe" in closures.values()
    assert all(day.isoweekday() in (1, 2, 4, 5) for day in closures)
    assert from_participants  # participants come by the door too
    assert EntrySituation.OUT_OF_WORK.value in situations and None in situations
    figures = compute_ips(ctx, *YEAR)
    assert figures.out_of_work_at_entry > 0
    # the same seed gives the same register
    path = tmp_path / "again.pairdesk"
    shutil.copyfile(vault_template, path)
    other = open_vault(path, PASSPHRASE)
    try:
        again = ServiceContext(
            other, Operator(id=None, name="Test", role=Role.COORDINATOR), lambda: TODAY
        )
        generate_demo_data(again, participants=40, seed=5, today=TODAY)
        assert _register_of(again) == _register_of(ctx)
    finally:
        other.close()

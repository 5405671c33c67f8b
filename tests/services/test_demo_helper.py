"""The demo builder's helper process (``services.demo.helper``): the same vault as drawing
in this process, cancelling and failures stop it and leave nothing written."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import random
import shutil
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from pairdesk.domain.enums import Role
from pairdesk.errors import UserError
from pairdesk.services.context import Operator, ServiceContext
from pairdesk.services.demo import generate_demo_data
from pairdesk.services.demo.helper import HELPER_FROM, helper_wanted, make_people_in_helper
from pairdesk.services.demo.state import DemoRun
from pairdesk.store.models import AuditEntry, Base, Participant, TeamMember
from pairdesk.store.vault import Vault, open_vault

# The values of tests/conftest.py (a conftest cannot be imported as a module here).
PASSPHRASE = "correct horse ’ battery é"
TODAY = dt.date(2026, 11, 25)


def _open_copy(template: Path, folder: Path, name: str) -> Vault:
    path = folder / name
    shutil.copyfile(template, path)
    return open_vault(path, PASSPHRASE)


def _context(vault: Vault) -> ServiceContext:
    return ServiceContext(
        vault, Operator(id=None, name="Test", role=Role.COORDINATOR), lambda: TODAY
    )


def _every_row(vault: Vault) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table but the audit trail, without the columns the clock fills
    (a callable default such as ``updated_at``'s)."""
    rows = {}
    with vault.transaction() as session:
        for table in Base.metadata.sorted_tables:
            if table.name == AuditEntry.__tablename__:
                continue
            columns = [c for c in table.columns if c.default is None or not c.default.is_callable]
            order = list(table.primary_key.columns) or columns
            query = select(*columns).order_by(*order)
            rows[table.name] = [tuple(r) for r in session.execute(query)]
    return rows


def test_the_helper_writes_the_same_vault_as_this_process(
    vault_template: Path, tmp_path: Path
) -> None:
    here = _open_copy(vault_template, tmp_path, "here.pairdesk")
    helped = _open_copy(vault_template, tmp_path, "helped.pairdesk")
    try:
        first = generate_demo_data(
            _context(here), participants=90, seed=5, today=TODAY, helper=False
        )
        second = generate_demo_data(
            _context(helped), participants=90, seed=5, today=TODAY, helper=True
        )
        assert first == second and first.participants == 90
        expected, got = _every_row(here), _every_row(helped)
        assert sum(len(rows) for rows in expected.values()) > 2_000
        for name, rows in expected.items():
            assert got[name] == rows, name
    finally:
        here.close()
        helped.close()


def test_cancelling_stops_the_helper_and_writes_nothing(ctx: ServiceContext) -> None:
    calls: list[int] = []

    def progress(done: int, total: int) -> bool:
        calls.append(done)
        return done == 0  # stop at the first chunk written

    with pytest.raises(UserError):
        generate_demo_data(
            ctx, participants=40, seed=1, today=TODAY, progress=progress, helper=True
        )
    assert calls[-1] > 0
    assert multiprocessing.active_children() == []
    with ctx.transaction() as session:
        for model in (Participant, TeamMember, AuditEntry):
            assert session.scalar(select(func.count()).select_from(model)) == 0


def test_a_helper_that_fails_is_told_and_stops(ctx: ServiceContext) -> None:
    with ctx.transaction() as session:
        run = DemoRun(session, random.Random(1), TODAY, 3, None)
        run.start_ids()  # no plan drawn: the helper's first participant does not exist
        with pytest.raises(UserError, match="IndexError"):
            make_people_in_helper(run, 2)
    assert multiprocessing.active_children() == []


def test_the_helper_is_for_large_demos_on_sqlite(ctx: ServiceContext) -> None:
    with ctx.transaction() as session:
        assert helper_wanted(DemoRun(session, random.Random(1), TODAY, HELPER_FROM, None))
        assert not helper_wanted(DemoRun(session, random.Random(1), TODAY, HELPER_FROM - 1, None))

"""Demo data: the employer directory (issue 15) — reproducible, linked, and respecting the
disclosure rules."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from pairdesk.domain.employers import Disclosure, InteractionKind
from pairdesk.domain.enums import Role, WorkshopKind
from pairdesk.services import employer_file, employers
from pairdesk.services.context import Operator, ServiceContext
from pairdesk.services.demo.generate import generate_demo_data
from pairdesk.services.employer_relations import current_disclosure
from pairdesk.services.indicators import compute_indicators
from pairdesk.store.models import (
    Accommodation,
    Contract,
    DisclosureChoice,
    EmployerContact,
    EmployerInteraction,
    JobOffer,
    Workshop,
)
from pairdesk.store.vault import Vault, open_vault
from tests import pg
from tests.factories import PASSPHRASE

# Not marked both_engines: its module demo vault is itself parametrised, file and server.

TODAY = dt.date(2026, 11, 25)


def _ctx(vault: Vault) -> ServiceContext:
    return ServiceContext(
        vault, Operator(id=None, name="Test", role=Role.COORDINATOR), lambda: TODAY
    )


@pytest.fixture(scope="module", params=["file", "server"])
def demo(
    request: pytest.FixtureRequest,
    vault_template: Path,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Vault]:
    """The demo on the encrypted file, then on a database of the test server (issue 14):
    ``test_same_seed_same_directory`` then compares the server's directory with a file's."""
    if request.param == "server":
        cluster: pg.PgCluster = request.getfixturevalue("pg_cluster")
        with cluster.own_vault() as vault:
            generate_demo_data(_ctx(vault), participants=60, seed=5, today=TODAY)
            yield vault
        return
    path = tmp_path_factory.mktemp("demo_employers") / "demo.pairdesk"
    shutil.copyfile(vault_template, path)
    vault = open_vault(path, PASSPHRASE)
    generate_demo_data(_ctx(vault), participants=60, seed=5, today=TODAY)
    yield vault
    vault.close()


def _directory(vault: Vault) -> list[tuple[object, ...]]:
    ctx = _ctx(vault)
    return [
        (e.name, e.kind, e.town, e.sector, e.open_offers, e.people_placed, e.last_contact)
        for e in employers.list_employers(ctx, include_inactive=True)
    ]


def test_directory_is_linked_and_complete(demo: Vault) -> None:
    ctx = _ctx(demo)
    listed = employers.list_employers(ctx, include_inactive=True)
    assert len(listed) >= 10
    assert any(e.people_placed for e in listed)
    assert any(e.open_offers for e in listed)
    with demo.transaction() as session:
        for model in (JobOffer, Contract):
            unlinked = session.execute(
                select(model.id).where(model.employer != "", model.employer_id.is_(None))
            ).all()
            assert unlinked == [], model
        assert session.scalar(select(EmployerContact.id).limit(1)) is not None
        assert session.scalar(select(Accommodation.id).limit(1)) is not None
        emails = session.scalars(select(EmployerContact.email)).all()
        assert all(e.endswith(".invalid") for e in emails)


def test_disclosure_rules_hold_in_the_demo(demo: Vault) -> None:
    with demo.transaction() as session:
        contracts = session.scalars(select(Contract.id)).all()
        assert contracts
        with_choice = set(session.scalars(select(DisclosureChoice.contract_id)).all())
        assert set(contracts) == with_choice
        about = session.execute(
            select(EmployerInteraction.participant_id, EmployerInteraction.employer_id).where(
                EmployerInteraction.participant_id.is_not(None)
            )
        ).all()
        for pid, eid in about:
            # a contact about a person only when one of their contracts there allows it
            ids = session.scalars(
                select(Contract.id).where(
                    Contract.participant_id == pid, Contract.employer_id == eid
                )
            ).all()
            choices = [current_disclosure(session, contract_id=c) for c in ids]
            assert any(c not in (None, Disclosure.NOT_DISCLOSED) for c in choices)
        # accommodations only where the person told the employer something
        for (cid,) in session.execute(select(Accommodation.contract_id).distinct()).all():
            rows = session.scalars(
                select(DisclosureChoice.choice)
                .where(DisclosureChoice.contract_id == cid)
                .order_by(DisclosureChoice.chosen_on, DisclosureChoice.id)
            ).all()
            assert Disclosure.NOT_DISCLOSED.value != rows[0] or len(rows) > 1


def test_awareness_sessions_count_in_the_indicators(demo: Vault) -> None:
    ctx = _ctx(demo)
    with demo.transaction() as session:
        awareness = session.scalars(
            select(Workshop).where(Workshop.kind == WorkshopKind.AWARENESS.value)
        ).all()
        assert len(awareness) == 4
        assert all(w.employer_id is not None and w.employees_reached for w in awareness)
        reached = sum(w.employees_reached or 0 for w in awareness)
        kinds = set(session.scalars(select(EmployerInteraction.kind)).all())
    assert InteractionKind.AWARENESS_SESSION.value in kinds
    report = compute_indicators(ctx, TODAY - dt.timedelta(days=366), TODAY)
    assert report.items["awareness_sessions"].value == 4
    assert report.items["awareness_people_reached"].value == reached
    assert (report.items["employers_with_placement"].value or 0) > 0
    # the employer's file opens for a placed employer
    placed = next(e for e in employers.list_employers(ctx) if e.people_placed)
    assert employer_file.employer_file(ctx, placed.id).placements


def test_same_seed_same_directory(demo: Vault, vault_template: Path, tmp_path: Path) -> None:
    path = tmp_path / "again.pairdesk"
    shutil.copyfile(vault_template, path)
    again = open_vault(path, PASSPHRASE)
    try:
        generate_demo_data(_ctx(again), participants=60, seed=5, today=TODAY)
        assert _directory(again) == _directory(demo)
    finally:
        again.close()

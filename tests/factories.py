"""Fictional records for tests, built one way instead of a helper per test file.

Two kinds of factory for each record:

* ``make_*`` goes through the service, as the window and the CLI do: the input is
  validated, derived fields are filled, the action is audited. It returns the service's
  read object (``ParticipantDetail``, ``TeamMemberRow``, ``WorkshopDetail``).
* ``insert_*`` writes the row straight into its table, with no audit line and no
  validation, for states a form cannot reach (a closed or anonymised file, a last contact
  on a given day, a workshop dated long ago) and for fixtures that must not add audit
  lines. It takes a ``ServiceContext`` (one transaction of its own) or an open
  ``Session`` (the caller's transaction) and returns the new id. A participant's search
  text and sort name are computed as the services compute them.

Every default is fictional. Tests import these as ``from tests.factories import …``
(pytest runs with ``--import-mode=importlib`` from the repository root, where ``tests``
is a namespace package).
"""

from __future__ import annotations

import datetime as dt
import io
from contextlib import AbstractContextManager, nullcontext
from enum import Enum
from typing import Any

import pytest
from sqlalchemy.orm import Session

from pairdesk.cli import main as cli_main
from pairdesk.domain.enums import ContractType, Role, WorkshopKind
from pairdesk.services import contracts, participants, pathways, team, workshops
from pairdesk.services.context import ServiceContext, operator_from_member
from pairdesk.services.contracts import ContractInput, ContractRow
from pairdesk.services.participants import ParticipantDetail, ParticipantInput
from pairdesk.services.search import refresh_participant_search
from pairdesk.services.team import TeamMemberInput, TeamMemberRow
from pairdesk.services.workshops import WorkshopDetail, WorkshopInput
from pairdesk.store.models import Contract, Participant, Pathway, TeamMember, Workshop

#: The membership start of a participant inserted without one.
MEMBERSHIP_START = dt.date(2026, 1, 5)


def _session(target: ServiceContext | Session) -> AbstractContextManager[Session]:
    """The caller's session, or a transaction of the context's own."""
    if isinstance(target, Session):
        return nullcontext(target)
    return target.transaction()


def _column_values(values: dict[str, Any]) -> dict[str, Any]:
    """Enums stored as their value, as the services store them."""
    return {key: v.value if isinstance(v, Enum) else v for key, v in values.items()}


# -- participants ------------------------------------------------------------------------


def make_participant(
    ctx: ServiceContext, first_name: str = "Camille", last_name: str = "Fictif", **fields: Any
) -> ParticipantDetail:
    """A participant created by ``participants.create_participant``; ``fields`` are
    ``ParticipantInput``'s (``membership_start`` defaults to the context's today)."""
    data = ParticipantInput(first_name=first_name, last_name=last_name, **fields)
    return participants.create_participant(ctx, data)


def insert_participant(
    target: ServiceContext | Session,
    first_name: str = "Camille",
    last_name: str = "Fictif",
    *,
    pathway: dict[str, Any] | None = None,
    **columns: Any,
) -> int:
    """A ``participant`` row written directly (see the module docstring); ``columns`` are
    the table's (``status``, ``anonymised``, ``last_contact_on``…), enums accepted.
    ``pathway`` gives the columns of the participant's ``pathway`` row, if any."""
    values = {"membership_start": MEMBERSHIP_START, **_column_values(columns)}
    with _session(target) as session:
        row = Participant(first_name=first_name, last_name=last_name, **values)
        session.add(row)
        session.flush()
        if "search_text" not in columns and "sort_name" not in columns:
            refresh_participant_search(session, row)
        if pathway is not None:
            session.add(Pathway(participant_id=row.id, **_column_values(pathway)))
            session.flush()
        return row.id


# -- team members ------------------------------------------------------------------------


def make_member(
    ctx: ServiceContext,
    first_name: str = "Claire",
    last_name: str = "Martin",
    role: Role = Role.COORDINATOR,
    **fields: Any,
) -> TeamMemberRow:
    """A team member created by ``team.create_member`` (the context must be a
    coordinator's); ``fields`` are ``TeamMemberInput``'s."""
    data = TeamMemberInput(first_name=first_name, last_name=last_name, role=role, **fields)
    return team.create_member(ctx, data)


def acting_as(
    ctx: ServiceContext, first_name: str, role: Role, last_name: str = "Martin"
) -> ServiceContext:
    """A new team member (through the service) and the context of that member at the
    keyboard, as after choosing the operator."""
    member = make_member(ctx, first_name, last_name, role)
    with ctx.transaction() as session:
        row = session.get(TeamMember, member.id)
        assert row is not None
        return ctx.with_operator(operator_from_member(row))


def insert_member(
    target: ServiceContext | Session,
    first_name: str = "Léa",
    last_name: str = "Martin",
    role: Role = Role.FACILITATOR,
    **columns: Any,
) -> int:
    """A ``team_member`` row written directly, a facilitator unless told."""
    with _session(target) as session:
        row = TeamMember(
            first_name=first_name,
            last_name=last_name,
            role=role.value,
            **_column_values(columns),
        )
        session.add(row)
        session.flush()
        return row.id


def make_contract(ctx: ServiceContext, started_on: dt.date) -> ContractRow:
    """A new participant's 20-hour CDD as a salesperson, as the file's pathway shows it."""
    pid = make_participant(ctx).id
    data = ContractInput(
        contract_type=ContractType.CDD,
        job_title="Vendeur",
        hours_per_week=20,
        started_on=started_on,
    )
    contract_id = contracts.add_contract(ctx, pid, data).id
    return next(c for c in pathways.get_pathway(ctx, pid).contracts if c.id == contract_id)


def insert_contract(
    target: ServiceContext | Session,
    participant_id: int,
    started_on: dt.date,
    contract_type: ContractType | str = ContractType.CDI,
    **columns: Any,
) -> int:
    """A ``contract`` row written directly (any dates, no pathway event or audit line);
    ``columns`` are the table's (``ended_on``, ``employer_id``…)."""
    with _session(target) as session:
        row = Contract(
            participant_id=participant_id,
            contract_type=(
                contract_type.value if isinstance(contract_type, Enum) else contract_type
            ),
            started_on=started_on,
            **_column_values(columns),
        )
        session.add(row)
        session.flush()
        return row.id


# -- workshops ---------------------------------------------------------------------------


def make_workshop(
    ctx: ServiceContext,
    held_on: dt.date,
    kind: WorkshopKind = WorkshopKind.CV,
    title: str = "Atelier CV",
    starts_at: dt.time = dt.time(14, 0),
    ends_at: dt.time = dt.time(16, 30),
    **fields: Any,
) -> WorkshopDetail:
    """A workshop created by ``workshops.create_workshop``; ``fields`` are
    ``WorkshopInput``'s (``place``, ``capacity``, ``facilitator_ids``, ``notes``)."""
    data = WorkshopInput(
        kind=kind, title=title, held_on=held_on, starts_at=starts_at, ends_at=ends_at, **fields
    )
    return workshops.create_workshop(ctx, data)


def insert_workshop(
    target: ServiceContext | Session,
    held_on: dt.date,
    kind: WorkshopKind | str = WorkshopKind.CV,
    title: str = "Atelier CV",
    starts_at: dt.time = dt.time(14, 0),
    ends_at: dt.time = dt.time(16, 30),
    **columns: Any,
) -> int:
    """A ``workshop`` row written directly (any date, ``cancelled`` as told)."""
    with _session(target) as session:
        row = Workshop(
            kind=kind.value if isinstance(kind, Enum) else kind,
            title=title,
            held_on=held_on,
            starts_at=starts_at,
            ends_at=ends_at,
            **_column_values(columns),
        )
        session.add(row)
        session.flush()
        return row.id


#: The passphrase of the vaults the tests create (the same as tests/conftest.py).
PASSPHRASE = "correct horse ’ battery é"


def run_cli(
    monkeypatch: pytest.MonkeyPatch, *args: str, passphrase: str | None = PASSPHRASE
) -> tuple[int, str]:
    """Run one ``pairdesk`` command in this process: its exit code and what it printed.

    The passphrase goes through ``PAIRDESK_PASSPHRASE`` (``None``: unset), set before each
    run because the command removes it from the environment once read."""
    if passphrase is None:
        monkeypatch.delenv("PAIRDESK_PASSPHRASE", raising=False)
    else:
        monkeypatch.setenv("PAIRDESK_PASSPHRASE", passphrase)
    out = io.StringIO()
    code = cli_main(list(args), out=out)
    return code, out.getvalue()


def open_participant_file(
    qtbot: Any, ctx: ServiceContext, participant_id: int, *, height: int = 768
) -> tuple[Any, Any]:
    """A main window 1366 × ``height``, active, showing the file of ``participant_id`` once
    loaded: ``(window, file view)``. Qt is imported here: the other factories need none."""
    from PySide6.QtWidgets import QApplication

    from pairdesk.ui.main_window import MainWindow
    from pairdesk.ui.views.participants.page import ParticipantsPage

    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.resize(1366, height)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)
    window.open_record("participants", participant_id)
    page = window.participants_view
    assert isinstance(page, ParticipantsPage)
    file = page.file_view
    qtbot.waitUntil(lambda: file.data is not None, timeout=5000)
    return window, file


def migrate_again(vault: Any, revision: str) -> None:
    """Take ``vault``'s schema down to ``revision`` and up to the head again: what opening
    a vault of that revision with this version does to it."""
    migrate_to(vault, revision)
    migrate_to(vault, "head")


def migrate_to(vault: Any, revision: str) -> None:
    """Take ``vault``'s schema down or up to ``revision`` (Alembic's own commands)."""
    from alembic import command

    from pairdesk.store import migrations

    config = migrations._config()
    with vault.engine.begin() as conn:
        config.attributes["connection"] = conn
        if revision == "head":
            command.upgrade(config, "head")
        else:
            command.downgrade(config, revision)

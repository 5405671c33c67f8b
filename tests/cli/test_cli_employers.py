"""``pairdesk employers …`` (issue 15)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from pairdesk.domain.employers import EmployerKind
from pairdesk.domain.enums import ContractType
from pairdesk.errors import ExitCode
from pairdesk.services.context import ServiceContext
from pairdesk.services.contracts import ContractInput, add_contract
from pairdesk.services.employers import EmployerInput, create_employer, link_contract
from pairdesk.store.models import EmployerToConfirm
from tests.factories import make_participant, run_cli


def _fill(ctx: ServiceContext) -> None:
    bakery = create_employer(ctx, EmployerInput(name="Boulangerie Hélène", town="Lyon"))
    create_employer(ctx, EmployerInput(name="Mairie de Bron", kind=EmployerKind.PUBLIC))
    person = make_participant(ctx)
    contract = add_contract(
        ctx,
        person.id,
        ContractInput(
            hours_per_week=24.0, contract_type=ContractType.CDI, started_on=dt.date(2026, 2, 2)
        ),
    )
    link_contract(ctx, contract.id, bakery.id)


def test_list_json_keys_and_search(
    ctx: ServiceContext, vault_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fill(ctx)
    ctx.vault.close()
    code, text = run_cli(
        monkeypatch, "--vault", str(vault_path), "employers", "list", "--format", "json"
    )
    assert code == ExitCode.OK
    assert json.loads(text) == [
        {
            "name": "Boulangerie Hélène",
            "kind": "ordinary",
            "town": "Lyon",
            "open_offers": 0,
            "people_placed": 1,
            "last_contact": None,
        },
        {
            "name": "Mairie de Bron",
            "kind": "public",
            "town": "",
            "open_offers": 0,
            "people_placed": 0,
            "last_contact": None,
        },
    ]
    code, text = run_cli(
        monkeypatch, "--vault", str(vault_path), "employers", "list", "--search", "HELENE"
    )
    assert code == ExitCode.OK
    assert "Boulangerie Hélène" in text and "Mairie" not in text
    assert "1 employeur" in text


def test_to_confirm_then_confirm(
    ctx: ServiceContext, vault_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with ctx.transaction() as session:
        session.add(
            EmployerToConfirm(
                entity="contract", record_id=99, typed_name="", reason="blank", details=""
            )
        )
    ctx.vault.close()
    code, text = run_cli(monkeypatch, "--vault", str(vault_path), "employers", "to-confirm")
    assert code == ExitCode.OK and "Aucun employeur saisi" in text
    code, _text = run_cli(
        monkeypatch, "--vault", str(vault_path), "employers", "confirm", "1", "--none"
    )
    assert code == ExitCode.OK
    code, _again = run_cli(
        monkeypatch, "--vault", str(vault_path), "employers", "confirm", "1", "--none"
    )
    assert code != ExitCode.OK


def test_indicators_json_carries_the_employer_indicators(
    ctx: ServiceContext, vault_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fill(ctx)  # the bakery took someone on on 02/02/2026; both entries made today
    ctx.vault.close()
    code, text = run_cli(
        monkeypatch,
        "--vault",
        str(vault_path),
        "indicators",
        "--from",
        "2026-01-01",
        "--to",
        "2026-12-31",
        "--format",
        "json",
    )
    assert code == ExitCode.OK
    data = json.loads(text)
    assert data["employers_with_placement"]["value"] == 1
    assert data["awareness_sessions"]["value"] == 0
    for key in ("employers_with_placement", "new_employers", "awareness_people_reached"):
        assert data[key]["definition"] and data[key]["denominator"] is None


def test_report_summary_for_an_employer(
    ctx: ServiceContext, vault_path: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from pypdf import PdfReader

    from pairdesk.domain.enums import RqthStatus
    from pairdesk.i18n import _

    bakery = create_employer(ctx, EmployerInput(name="Boulangerie Hélène", town="Lyon"))
    person = make_participant(ctx, rqth_status=RqthStatus.GRANTED)
    contract = add_contract(
        ctx,
        person.id,
        ContractInput(
            hours_per_week=24.0, contract_type=ContractType.CDI, started_on=dt.date(2026, 2, 2)
        ),
    )
    link_contract(ctx, contract.id, bakery.id)
    ctx.vault.close()
    out = tmp_path / "profil.pdf"
    args = ["--vault", str(vault_path), "report", "summary", "--participant", str(person.id)]
    code, _text = run_cli(monkeypatch, *args, "--employer", str(bakery.id), "--out", str(out))
    assert code == ExitCode.OK
    text = PdfReader(out).pages[0].extract_text()
    assert _("Professional profile") in text and "Boulangerie Hélène" in text
    assert "RQTH" not in text  # the person's choice is not recorded: not disclosed
    code, _message = run_cli(monkeypatch, *args, "--employer", "4242", "--out", str(out), "--force")
    assert code == ExitCode.UNKNOWN_ID

"""``pairdesk privacy …``: export, anonymise, delete, review; exit codes 6 and 7."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from tests.factories import run_cli

PASSPHRASE = "correct horse ’ battery é"  # the same as tests/conftest.py


def run(monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[int, str]:
    return run_cli(monkeypatch, *args)


@pytest.fixture
def demo_vault(vault_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    code, _ = run(
        monkeypatch,
        "demo-data",
        "--vault",
        str(vault_path),
        "--participants",
        "12",
        "--seed",
        "4",
        "--today",
        "2026-11-25",
    )
    assert code == 0
    return vault_path


def _first_person(monkeypatch: pytest.MonkeyPatch, vault: Path) -> dict[str, object]:
    code, out = run(
        monkeypatch, "participants", "--vault", str(vault), "--operator", "1", "--format", "json"
    )
    assert code == 0
    people: list[dict[str, object]] = json.loads(out)
    return people[0]


def test_export_writes_json_and_pdf(
    demo_vault: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    person = _first_person(monkeypatch, demo_vault)
    target, pdf = tmp_path / "acces.json", tmp_path / "acces.pdf"
    code, out = run(
        monkeypatch,
        "privacy",
        "export",
        "--vault",
        str(demo_vault),
        "--operator",
        "1",
        "--participant",
        str(person["id"]),
        "--out",
        str(target),
        "--pdf",
        str(pdf),
    )
    assert code == 0, out
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["identity"]["id"] == person["id"]
    assert pdf.read_bytes().startswith(b"%PDF")
    # never overwritten without --force
    code, _ = run(
        monkeypatch,
        "privacy",
        "export",
        "--vault",
        str(demo_vault),
        "--operator",
        "1",
        "--participant",
        str(person["id"]),
        "--out",
        str(target),
    )
    assert code == 7


def test_export_to_screen_and_unknown_id(demo_vault: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code, out = run(
        monkeypatch,
        "privacy",
        "export",
        "--vault",
        str(demo_vault),
        "--operator",
        "1",
        "--participant",
        "1",
    )
    assert code == 0
    assert json.loads(out)["reference"] == "P0001"
    code, _ = run(
        monkeypatch,
        "privacy",
        "export",
        "--vault",
        str(demo_vault),
        "--operator",
        "1",
        "--participant",
        "9999",
    )
    assert code == 6


def test_anonymise_needs_confirmation(demo_vault: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    base = (
        "privacy",
        "anonymise",
        "--vault",
        str(demo_vault),
        "--operator",
        "1",
        "--participant",
        "2",
    )
    monkeypatch.setattr("sys.stdin", io.StringIO(""))  # not a terminal
    assert run(monkeypatch, *base)[0] == 7
    assert run(monkeypatch, *base, "--confirm", "P0003")[0] == 7
    assert (
        run(
            monkeypatch,
            "privacy",
            "anonymise",
            "--vault",
            str(demo_vault),
            "--operator",
            "1",
            "--participant",
            "9999",
            "--confirm",
            "P9999",
        )[0]
        == 6
    )
    code, out = run(monkeypatch, *base, "--confirm", "P0002")
    assert code == 0 and "P0002" in out
    code, out = run(
        monkeypatch,
        "participants",
        "--vault",
        str(demo_vault),
        "--operator",
        "1",
        "--format",
        "json",
    )
    row = next(p for p in json.loads(out) if p["id"] == 2)
    assert "P0002" in json.dumps(row, ensure_ascii=False)


def test_anonymise_asks_on_a_terminal(demo_vault: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr("sys.stdin", Tty("P0005\n"))
    code, _ = run(
        monkeypatch,
        "privacy",
        "anonymise",
        "--vault",
        str(demo_vault),
        "--operator",
        "1",
        "--participant",
        "5",
    )
    assert code == 0


def test_delete_and_review(demo_vault: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    base = (
        "privacy",
        "delete",
        "--vault",
        str(demo_vault),
        "--operator",
        "1",
        "--participant",
        "3",
    )
    assert run(monkeypatch, *base, "--confirm", "P0004")[0] == 7
    assert run(monkeypatch, *base, "--confirm", "P0003")[0] == 0
    code, out = run(
        monkeypatch,
        "participants",
        "--vault",
        str(demo_vault),
        "--operator",
        "1",
        "--format",
        "json",
    )
    assert 3 not in [p["id"] for p in json.loads(out)]
    assert run(monkeypatch, *base, "--confirm", "P0003")[0] == 6
    code, out = run(
        monkeypatch,
        "privacy",
        "review",
        "--vault",
        str(demo_vault),
        "--operator",
        "1",
        "--years",
        "1",
    )
    assert code == 0
    assert out.splitlines()[0]

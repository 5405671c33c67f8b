"""``pairdesk report …`` through its own parser (the lead wires it into cli/run.py)."""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader

import pairdesk.cli.common as common
from pairdesk.cli.reports import add_report_commands
from pairdesk.errors import ExitCode, UserError
from pairdesk.i18n import _
from pairdesk.services import cvs, participants
from pairdesk.services.context import ServiceContext


def run(argv: list[str], passphrase: str | None = None) -> tuple[int, str]:
    """Parse and run like ``pairdesk.main``: a UserError becomes its exit code. The
    command removes PAIRDESK_PASSPHRASE once read, so each run sets it again."""
    if passphrase is not None:
        os.environ["PAIRDESK_PASSPHRASE"] = passphrase  # undone by the fixture's monkeypatch
    parser = argparse.ArgumentParser(prog="pairdesk")
    sub = parser.add_subparsers(dest="command")

    def add(name: str, handler: common.Handler, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text)
        common.add_common_options(p, suppress=True)
        p.set_defaults(handler=handler)
        return p

    add_report_commands(sub, add)
    args = parser.parse_args(argv)
    out = io.StringIO()
    try:
        code = int(args.handler(args, out))
    except UserError as exc:
        return int(exc.exit_code), exc.message
    return code, out.getvalue()


@pytest.fixture
def unlocked(monkeypatch: pytest.MonkeyPatch, vault_path: Path, passphrase: str) -> Path:
    monkeypatch.setenv("PAIRDESK_PASSPHRASE", passphrase)
    monkeypatch.setenv("PAIRDESK_VAULT", str(vault_path))
    return vault_path


def test_blank_form_needs_no_vault_and_refuses_to_overwrite(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, printed = run(["report", "form", "satisfaction"])
    assert code == ExitCode.OK
    written = Path(printed.strip())
    assert written.parent == tmp_path
    assert written.name.startswith("questionnaire-satisfaction-")
    assert _("Your opinion on the workshop") in PdfReader(written).pages[0].extract_text()

    target = tmp_path / "form.pdf"
    assert run(["report", "form", "self-assessment", "--out", str(target)])[0] == ExitCode.OK
    before = target.read_bytes()
    code, message = run(["report", "form", "satisfaction", "--out", str(target)])
    assert code == ExitCode.INVALID_INPUT
    assert "--force" in message
    assert target.read_bytes() == before
    code, _printed = run(["report", "form", "satisfaction", "--out", str(target), "--force"])
    assert code == ExitCode.OK and target.read_bytes() != before


def test_unknown_participant_exits_with_code_6(
    unlocked: Path, tmp_path: Path, passphrase: str
) -> None:
    code, message = run(
        ["report", "summary", "--participant", "4242", "--out", str(tmp_path / "s.pdf")],
        passphrase,
    )
    assert code == ExitCode.UNKNOWN_ID
    assert "4242" in message
    assert not (tmp_path / "s.pdf").exists()


def test_missing_options_are_usage_errors(unlocked: Path) -> None:
    assert run(["report", "attestation", "--participant", "1"])[0] == ExitCode.USAGE
    assert run(["report", "attendance"])[0] == ExitCode.USAGE
    assert run(["report", "attendance", "--workshop", "1", "--year", "2026"])[0] == ExitCode.USAGE
    assert run(["report", "form"])[0] == ExitCode.USAGE


def _orjan(
    vault_path: Path, passphrase: str, then: Callable[[ServiceContext, int], object]
) -> participants.ParticipantDetail:
    """Ørjan Håland added to the vault, then ``then(ctx, his id)``, the vault closed again."""
    from pairdesk.store.vault import open_vault

    vault = open_vault(vault_path, passphrase)
    try:
        ctx = common.context(vault, argparse.Namespace())
        person = participants.create_participant(
            ctx, participants.ParticipantInput(first_name="Ørjan", last_name="Håland")
        )
        then(ctx, person.id)
        return person
    finally:
        vault.close()


def test_cv_summary_activity_and_a_month_of_sheets(
    unlocked: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, passphrase: str
) -> None:
    person = _orjan(
        unlocked,
        passphrase,
        lambda ctx, pid: cvs.save_cv_version(ctx, pid, cvs.CvInput(headline="Magasinier")),
    )
    monkeypatch.chdir(tmp_path)

    code, printed = run(["report", "cv", "--participant", str(person.id)], passphrase)
    assert code == ExitCode.OK
    path = Path(printed.strip())
    assert path.name.startswith(f"cv-P{person.id:04d}-") and "rjan" not in path.name
    assert "Ørjan Håland" in PdfReader(path).pages[0].extract_text()

    code, printed = run(["report", "summary", "--participant", str(person.id)], passphrase)
    assert code == ExitCode.OK and Path(printed.strip()).name.startswith("synthese-parcours-P")

    code, printed = run(
        ["report", "activity", "--from", "2026-01-01", "--to", "2026-12-31"], passphrase
    )
    assert code == ExitCode.OK
    assert "Håland" not in PdfReader(Path(printed.strip())).pages[0].extract_text()

    code, printed = run(["report", "attendance", "--month", "2026-02"], passphrase)
    assert code == ExitCode.OK
    assert Path(printed.strip()).name.startswith("emargements-2026-02-")


def test_a_filled_sheet_has_no_blank_rows_unless_asked() -> None:
    """Five blank rows pushed a filled sheet of six people onto a second page."""
    from pairdesk.cli.reports import _blank_rows

    sheet = argparse.Namespace
    assert _blank_rows(sheet(blank_rows=None, filled=False)) == 5
    assert _blank_rows(sheet(blank_rows=None, filled=True)) == 0
    assert _blank_rows(sheet(blank_rows=2, filled=True)) == 2


def test_mock_interview_feedback_from_the_command_line(
    unlocked: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, passphrase: str
) -> None:
    from pairdesk.services import coaching

    recorded: list[coaching.MockInterviewView] = []
    _orjan(
        unlocked,
        passphrase,
        lambda ctx, pid: recorded.append(
            coaching.record_mock_interview(
                ctx,
                coaching.MockInterviewInput(
                    participant_id=pid,
                    held_on=dt.date(2026, 11, 3),
                    target_job="Magasinier",
                    comments="Bonne énergie",
                ),
            )
        ),
    )
    (interview,) = recorded
    monkeypatch.chdir(tmp_path)
    assert run(["report", "mock-interview"], passphrase)[0] == ExitCode.USAGE
    code, printed = run(["report", "mock-interview", "--interview", str(interview.id)], passphrase)
    assert code == ExitCode.OK
    path = Path(printed.strip())
    # named after the interview's day, never the person
    assert path.name == f"entretien-blanc-E{interview.id:04d}-2026-11-03.pdf"
    text = PdfReader(path).pages[0].extract_text()
    assert "Ørjan Håland" in text and "Bonne énergie" in text
    code, message = run(["report", "mock-interview", "--interview", "4242"], passphrase)
    assert code == ExitCode.UNKNOWN_ID and "4242" in message

"""Who is acting on the command line: --operator / PAIRDESK_OPERATOR, PINs, roles, audit.

Once a vault has a team, every command that reads or changes personal data names its
operator; ``passphrase`` and ``restore`` are for coordinators; exports are role-checked,
audited, and leave no EXPORT line when they could not be written.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import shutil
from pathlib import Path

import pytest
from sqlalchemy import select

from pairdesk.cli import main
from pairdesk.domain.enums import AuditAction, Role
from pairdesk.errors import ExitCode
from pairdesk.services import participants, team
from pairdesk.services.context import Operator, ServiceContext
from pairdesk.store.models import AuditEntry
from pairdesk.store.vault import open_vault
from tests.factories import run_cli

PASSPHRASE = "correct horse ’ battery é"  # the same as tests/conftest.py
COORDINATOR = "1"  # team member 1 of the demo data is its coordinator


def run(*args: str, monkeypatch: pytest.MonkeyPatch, passphrase: str = PASSPHRASE) -> int:
    return run_cli(monkeypatch, *args, passphrase=passphrase)[0]


def run_out(*args: str, monkeypatch: pytest.MonkeyPatch) -> tuple[int, str]:
    return run_cli(monkeypatch, *args)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def audit_lines(path: Path, action: AuditAction) -> list[tuple[int | None, str, str]]:
    with open_vault(path, PASSPHRASE) as vault, vault.transaction() as session:
        rows = session.scalars(
            select(AuditEntry).where(AuditEntry.action == action.value).order_by(AuditEntry.id)
        )
        return [(a.operator_id, a.operator_name, a.detail) for a in rows]


def members(path: Path) -> list[team.TeamMemberRow]:
    with open_vault(path, PASSPHRASE) as vault:
        return team.list_members(ServiceContext(vault), include_inactive=True)


def member_with(path: Path, role: Role) -> team.TeamMemberRow:
    return next(m for m in members(path) if m.role is role)


def as_coordinator(vault: object) -> ServiceContext:
    return ServiceContext(vault, Operator(id=1, name="Test", role=Role.COORDINATOR))  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory: pytest.TempPathFactory, vault_template: Path) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.pairdesk"
    shutil.copyfile(vault_template, path)
    os.environ["PAIRDESK_PASSPHRASE"] = PASSPHRASE
    try:
        code = main(
            ["demo-data", "--vault", str(path), "--participants", "12", "--today", "2026-11-25"],
            out=io.StringIO(),
        )
    finally:
        os.environ.pop("PAIRDESK_PASSPHRASE", None)
    assert code == 0
    return path


@pytest.fixture
def demo(demo_template: Path, tmp_path: Path) -> Path:
    path = tmp_path / "demo.pairdesk"
    shutil.copyfile(demo_template, path)
    return path


# -- naming the operator --------------------------------------------------------------------


def test_team_vault_needs_an_operator_exit_2(
    demo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    before = digest(demo)
    for command in (
        ["participants"],
        ["indicators", "--from", "2026-01-01", "--to", "2026-11-25"],
        ["privacy", "review"],
        ["backup", "--to", str(demo.parent / "bk")],
    ):
        assert run(*command, "--vault", str(demo), monkeypatch=monkeypatch) == 2
        err = capsys.readouterr().err
        assert "--operator" in err and "PAIRDESK_OPERATOR" in err
        coordinator = member_with(demo, Role.COORDINATOR)
        assert coordinator.name in err and "Coordinateur" in err  # names and roles only
        assert "@" not in err  # no e-mail, no phone
    assert digest(demo) == before
    assert not (demo.parent / "bk").exists()


def test_vault_without_team_needs_no_operator(
    vault_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run("participants", "--vault", str(vault_path), monkeypatch=monkeypatch) == 0
    # PAIRDESK_OPERATOR (set for scripts) is not in the way before the team exists …
    monkeypatch.setenv("PAIRDESK_OPERATOR", "1")
    assert run("participants", "--vault", str(vault_path), monkeypatch=monkeypatch) == 0
    # … but an explicit --operator naming nobody is a usage error.
    code = run(
        "participants", "--vault", str(vault_path), "--operator", "1", monkeypatch=monkeypatch
    )
    assert code == 2
    assert "--operator" in capsys.readouterr().err


def test_operator_by_variable_by_name_and_option_wins(
    demo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PAIRDESK_OPERATOR", COORDINATOR)
    assert run("participants", "--vault", str(demo), monkeypatch=monkeypatch) == 0
    facilitator = member_with(demo, Role.FACILITATOR)
    # by name, in either order, case and accents ignored
    monkeypatch.setenv(
        "PAIRDESK_OPERATOR", f"{facilitator.last_name} {facilitator.first_name}".upper()
    )
    assert (
        run("participants", "--vault", str(demo), "--format", "csv", monkeypatch=monkeypatch) == 0
    )
    assert audit_lines(demo, AuditAction.EXPORT)[-1][0] == facilitator.id
    # --operator wins over the variable
    monkeypatch.setenv("PAIRDESK_OPERATOR", "Personne Inconnue")
    code = run(
        "participants", "--vault", str(demo), "--operator", COORDINATOR, monkeypatch=monkeypatch
    )
    assert code == 0
    assert run("participants", "--vault", str(demo), monkeypatch=monkeypatch) == 6


def test_inactive_member_refused_exit_7(demo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    volunteer = member_with(demo, Role.VOLUNTEER)
    with open_vault(demo, PASSPHRASE) as vault:
        team.deactivate_member(as_coordinator(vault), volunteer.id)
    code = run(
        "participants",
        "--vault",
        str(demo),
        "--operator",
        str(volunteer.id),
        monkeypatch=monkeypatch,
    )
    assert code == 7


# -- PIN ------------------------------------------------------------------------------------


def test_pin_asked_and_checked(
    demo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with open_vault(demo, PASSPHRASE) as vault:
        team.set_pin(as_coordinator(vault), 1, "4821")
    base = ("participants", "--vault", str(demo), "--operator", COORDINATOR)
    monkeypatch.setattr("sys.stdin", io.StringIO(""))  # not a terminal
    assert run(*base, monkeypatch=monkeypatch) == 2
    assert "--pin-file" in capsys.readouterr().err
    good, wrong = tmp_path / "pin.txt", tmp_path / "wrong.txt"
    good.write_text("4821\n", encoding="utf-8")
    wrong.write_text("1234\n", encoding="utf-8")
    assert run(*base, "--pin-file", str(good), monkeypatch=monkeypatch) == 0
    assert run(*base, "--pin-file", str(wrong), monkeypatch=monkeypatch) == 7
    assert "PIN" in capsys.readouterr().err
    assert run(*base, "--pin-file", str(tmp_path / "absent"), monkeypatch=monkeypatch) == 2

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    asked: list[str] = []

    def fake_getpass(prompt: str) -> str:
        asked.append(prompt)
        return "4821"

    monkeypatch.setattr("sys.stdin", Tty(""))
    monkeypatch.setattr("getpass.getpass", fake_getpass)
    assert run(*base, monkeypatch=monkeypatch) == 0
    assert asked and "PIN" in asked[0]


# -- roles ----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.VOLUNTEER, Role.PEER_HELPER, Role.FACILITATOR])
def test_passphrase_is_for_coordinators(
    demo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, role: Role
) -> None:
    new = tmp_path / "new.txt"
    new.write_text("une toute nouvelle phrase de passe", encoding="utf-8")
    who = str(member_with(demo, role).id)
    before = digest(demo)
    base = ("passphrase", "--vault", str(demo), "--new-passphrase-file", str(new))
    assert run(*base, "--operator", who, monkeypatch=monkeypatch) == 7
    assert digest(demo) == before
    assert run(*base, monkeypatch=monkeypatch) == 2
    assert digest(demo) == before


def test_restore_is_for_coordinators(
    demo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    backup = tmp_path / "bk"
    assert (
        run(
            "backup",
            "--vault",
            str(demo),
            "--operator",
            "1",
            "--to",
            str(backup),
            monkeypatch=monkeypatch,
        )
        == 0
    )
    copy = next(backup.iterdir())
    volunteer = str(member_with(demo, Role.VOLUNTEER).id)
    before = digest(demo)
    base = ("restore", str(copy), "--vault", str(demo))
    assert run(*base, "--operator", volunteer, monkeypatch=monkeypatch) == 7
    assert run(*base, monkeypatch=monkeypatch) == 2
    assert digest(demo) == before
    assert run(*base, "--operator", COORDINATOR, monkeypatch=monkeypatch) == 0


def test_restore_checks_the_backup_when_the_vault_no_longer_opens(
    demo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    backup = tmp_path / "bk"
    assert (
        run(
            "backup",
            "--vault",
            str(demo),
            "--operator",
            "1",
            "--to",
            str(backup),
            monkeypatch=monkeypatch,
        )
        == 0
    )
    copy = next(backup.iterdir())
    volunteer = str(member_with(demo, Role.VOLUNTEER).id)
    demo.write_bytes(os.urandom(64 * 1024))  # the current vault is ruined
    before = digest(demo)
    base = ("restore", str(copy), "--vault", str(demo))
    assert run(*base, "--operator", volunteer, monkeypatch=monkeypatch) == 7
    assert run(*base, monkeypatch=monkeypatch) == 2
    assert digest(demo) == before
    assert not list(demo.parent.glob("*.partial*"))
    assert run(*base, "--operator", COORDINATOR, monkeypatch=monkeypatch) == 0
    assert members(demo)  # the backup's team is back


@pytest.mark.parametrize("role", [Role.VOLUNTEER, Role.PEER_HELPER])
def test_whole_file_exports_refused_to_volunteers_and_peer_helpers(
    demo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, role: Role
) -> None:
    who = str(member_with(demo, role).id)
    vault = ("--vault", str(demo), "--operator", who)
    assert run("participants", *vault, "--format", "csv", monkeypatch=monkeypatch) == 7
    assert run("participants", *vault, "--format", "json", monkeypatch=monkeypatch) == 7
    for kind in ("participants", "attendance"):
        out = tmp_path / f"{kind}.csv"
        assert run("export", kind, *vault, "--out", str(out), monkeypatch=monkeypatch) == 7
        assert not out.exists()
    assert run("participants", *vault, monkeypatch=monkeypatch) == 0  # the list on screen
    assert audit_lines(demo, AuditAction.EXPORT) == []


# -- audit ----------------------------------------------------------------------------------


def test_audit_lines_name_the_operator(
    demo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    facilitator = member_with(demo, Role.FACILITATOR)
    who = ("--vault", str(demo), "--operator", str(facilitator.id))
    assert run("participants", *who, "--format", "json", monkeypatch=monkeypatch) == 0
    assert (
        run("export", "workshops", *who, "--out", str(tmp_path / "w.xlsx"), monkeypatch=monkeypatch)
        == 0
    )
    assert run("backup", *who, "--to", str(tmp_path / "bk"), monkeypatch=monkeypatch) == 0
    exports = audit_lines(demo, AuditAction.EXPORT)
    assert [line[:2] for line in exports] == [(facilitator.id, facilitator.name)] * 2
    assert exports[0][2] == "list=participants format=json rows=12"
    assert audit_lines(demo, AuditAction.BACKUP) == [
        (facilitator.id, facilitator.name, "command line")
    ]


def test_failed_export_leaves_no_export_line(
    demo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    missing = tmp_path / "no-such-folder"
    who = ("--vault", str(demo), "--operator", COORDINATOR)
    for command in (
        ["export", "participants", "--out", str(missing / "p.csv")],
        ["privacy", "export", "--participant", "1", "--out", str(missing / "p.json")],
        ["report", "summary", "--participant", "1", "--out", str(missing / "s.pdf")],
        ["calendar", "--upcoming", "--out", str(missing / "c.ics")],
    ):
        assert run(*command, *who, monkeypatch=monkeypatch) != 0, command
    assert audit_lines(demo, AuditAction.EXPORT) == []
    assert not missing.exists()
    # the same exports that can be written are recorded
    assert (
        run(
            "privacy",
            "export",
            "--participant",
            "1",
            "--out",
            str(tmp_path / "p.json"),
            *who,
            monkeypatch=monkeypatch,
        )
        == 0
    )
    assert len(audit_lines(demo, AuditAction.EXPORT)) == 1


def test_participants_csv_neutralises_formulas(demo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with open_vault(demo, PASSPHRASE) as vault:
        participants.create_participant(
            as_coordinator(vault),
            participants.ParticipantInput(
                first_name='=HYPERLINK("http://exemple.invalid","clic")', last_name="+Piège"
            ),
        )
    code, out = run_out(
        "participants",
        "--vault",
        str(demo),
        "--operator",
        COORDINATOR,
        "--format",
        "csv",
        monkeypatch=monkeypatch,
    )
    assert code == 0
    row = next(r for r in csv.DictReader(io.StringIO(out)) if "HYPERLINK" in r["first_name"])
    assert row["first_name"] == '\'=HYPERLINK("http://exemple.invalid","clic")'
    assert row["last_name"] == "'+Piège"
    assert not any(
        cell.startswith(("=", "+", "-", "@")) for r in csv.reader(io.StringIO(out)) for cell in r
    )


# -- team list ------------------------------------------------------------------------------


def test_team_list_table_and_json(
    demo: Path, vault_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out = run_out("team", "list", "--vault", str(demo), monkeypatch=monkeypatch)
    assert code == 0
    everyone = members(demo)
    for member in everyone:
        assert member.name in out
    assert "Coordinateur" in out and "Bénévole" in out
    code, out = run_out(
        "team", "list", "--vault", str(demo), "--format", "json", monkeypatch=monkeypatch
    )
    assert code == 0
    rows = json.loads(out)
    assert rows[0] == {
        "id": 1,
        "name": member_with(demo, Role.COORDINATOR).name,
        "role": "coordinator",
        "active": True,
    }
    assert {r["id"] for r in rows} == {m.id for m in everyone}
    assert all(set(r) == {"id", "name", "role", "active"} for r in rows)
    views = audit_lines(demo, AuditAction.VIEW)
    assert [v[2] for v in views] == ["team list", "team list"]
    # the operator, when named, is the one recorded
    assert (
        run("team", "list", "--vault", str(demo), "--operator", "2", monkeypatch=monkeypatch) == 0
    )
    assert audit_lines(demo, AuditAction.VIEW)[-1][0] == 2
    # a vault without a team yet
    code, out = run_out(
        "team", "list", "--vault", str(vault_path), "--format", "json", monkeypatch=monkeypatch
    )
    assert code == 0 and json.loads(out) == []


# -- the passphrase variable ----------------------------------------------------------------


def test_passphrase_variable_removed_once_read(
    vault_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PAIRDESK_PASSPHRASE", PASSPHRASE)
    assert main(["check", "--vault", str(vault_path)], out=io.StringIO()) == 0
    assert "PAIRDESK_PASSPHRASE" not in os.environ
    # also when a passphrase file is used instead: nothing we start inherits the variable
    secret = tmp_path / "secret.txt"
    secret.write_text(PASSPHRASE, encoding="utf-8")
    monkeypatch.setenv("PAIRDESK_PASSPHRASE", "autre chose")
    code = main(
        ["check", "--vault", str(vault_path), "--passphrase-file", str(secret)], out=io.StringIO()
    )
    assert code == 0
    assert "PAIRDESK_PASSPHRASE" not in os.environ


def test_a_privacy_export_whose_pdf_fails_leaves_no_json(
    demo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pairdesk.store import files

    real = files._write_beside

    def full_at_the_pdf(path: Path, data: bytes) -> str:
        if path.suffix == ".pdf":
            raise OSError(28, "No space left on device")
        return real(path, data)

    monkeypatch.setattr(files, "_write_beside", full_at_the_pdf)
    stick = tmp_path / "stick"
    stick.mkdir()
    json_path, pdf_path = stick / "droits.json", stick / "droits.pdf"
    who = ("--vault", str(demo), "--operator", COORDINATOR)
    command = ("privacy", "export", "--participant", "1", "--out", str(json_path))
    assert run(*command, "--pdf", str(pdf_path), *who, monkeypatch=monkeypatch) == ExitCode.DISK
    assert list(stick.iterdir()) == []
    assert audit_lines(demo, AuditAction.EXPORT) == []

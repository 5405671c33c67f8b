"""``pairdesk team add NAME --role ROLE`` (issue 14): on a server, NAME becomes the member's
own login, and what that login then reads is what its role allows; on a file, a member.
``team role|deactivate|reactivate NUMBER``: on a server the login follows (another group,
NOLOGIN, LOGIN again); on a file, the member changes."""

from __future__ import annotations

import io
import json
import uuid
from pathlib import Path

from pairdesk.cli import main
from pairdesk.domain.enums import Role
from pairdesk.errors import ExitCode
from pairdesk.services import team, tutoring
from pairdesk.services.vaults import unlock
from tests import pg
from tests.factories import PASSPHRASE, insert_participant

NEW_PASSWORD = "another long password 7"


def _run(vault: str, secret: Path, *args: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main([*args, "--vault", vault, "--passphrase-file", str(secret)], out=out)
    return code, out.getvalue()


def _secrets(tmp_path: Path) -> tuple[Path, Path]:
    """The owner's password file and the new login's."""
    owner_secret = tmp_path / "owner.txt"
    owner_secret.write_text(pg.PG_PASSWORD + "\n", encoding="utf-8")
    new_secret = tmp_path / "new.txt"
    new_secret.write_text(NEW_PASSWORD + "\n", encoding="utf-8")
    return owner_secret, new_secret


def test_a_coordinator_adds_a_login_that_sees_what_its_role_allows(
    pg_cluster: pg.PgCluster, pg_address: str, tmp_path: Path
) -> None:
    owner_secret, new_secret = _secrets(tmp_path)
    login = f"pa_{uuid.uuid4().hex[:8]}"

    code, _ = _run(pg_address, owner_secret, "team", "add", login, "--role", "peer_helper")
    assert code == ExitCode.USAGE  # a server login needs its password
    code, text = _run(
        pg_address, owner_secret, "team", "add", login, "--role", "peer_helper",
        "--last-name", "Fictif", "--password-file", str(new_secret),
    )  # fmt: skip
    assert code == ExitCode.OK, text
    assert login in text

    ctx = unlock(pg_address, pg.PG_PASSWORD)
    try:
        tutee = insert_participant(ctx, "Camille", "Suivie")
        insert_participant(ctx, "Dominique", "Autre")
        members = {m.first_name: m for m in team.list_members(ctx)}
        assert members[login].role is Role.PEER_HELPER
        tutoring.set_tutoring(ctx, tutee, members[login].id)
    finally:
        ctx.vault.close()

    as_helper = pg_address.replace(f"{pg.PG_USER}@", f"{login}@")
    code, listed = _run(as_helper, new_secret, "participants")
    assert code == ExitCode.OK, listed
    assert "Suivie" in listed  # a peer helper gets their tutees only
    assert "Autre" not in listed

    code, _ = _run(
        as_helper, new_secret, "team", "add", f"x{login}", "--role", "coordinator",
        "--password-file", str(new_secret),
    )  # fmt: skip
    assert code == ExitCode.INVALID_INPUT  # PermissionDenied


def test_team_add_on_a_file_adds_a_member(vault_path: Path, tmp_path: Path) -> None:
    secret = tmp_path / "passphrase.txt"
    secret.write_text(PASSPHRASE + "\n", encoding="utf-8")
    code, text = _run(
        str(vault_path), secret, "team", "add", "Claire", "--role", "coordinator",
        "--last-name", "Martin",
    )  # fmt: skip
    assert code == ExitCode.OK, text
    code, listed = _run(str(vault_path), secret, "team", "list", "--format", "json",
                        "--operator", "1")  # fmt: skip
    assert code == ExitCode.OK
    assert json.loads(listed)[0]["name"] == "Claire Martin"


# -- team role / deactivate / reactivate -----------------------------------------------------


def _member_id(vault: str, secret: Path, first_name: str, *extra: str) -> int:
    code, listed = _run(vault, secret, "team", "list", "--format", "json", *extra)
    assert code == ExitCode.OK, listed
    return next(m["id"] for m in json.loads(listed) if m["name"].startswith(first_name))


def test_the_login_follows_a_role_change_and_a_deactivation(
    pg_cluster: pg.PgCluster, pg_address: str, tmp_path: Path
) -> None:
    owner, secret = _secrets(tmp_path)
    login = f"vol_{uuid.uuid4().hex[:8]}"
    code, text = _run(
        pg_address, owner, "team", "add", login, "--role", "volunteer",
        "--last-name", "Fictif", "--password-file", str(secret),
    )  # fmt: skip
    assert code == ExitCode.OK, text
    member = _member_id(pg_address, owner, login)
    as_member = pg_address.replace(f"{pg.PG_USER}@", f"{login}@")

    code, _ = _run(as_member, secret, "participants")
    assert code == ExitCode.INVALID_INPUT  # a volunteer reads no participant

    # a volunteer cannot change anyone's role, not even their own
    code, _ = _run(as_member, secret, "team", "role", str(member), "--role", "coordinator")
    assert code == ExitCode.INVALID_INPUT

    code, text = _run(pg_address, owner, "team", "role", str(member), "--role", "facilitator")
    assert code == ExitCode.OK, text
    ctx = unlock(pg_address, pg.PG_PASSWORD)
    try:
        insert_participant(ctx, "Camille", "Suivie")
    finally:
        ctx.vault.close()
    code, listed = _run(as_member, secret, "participants")
    assert code == ExitCode.OK, listed
    assert "Suivie" in listed  # a facilitator reads every file

    code, text = _run(pg_address, owner, "team", "deactivate", str(member))
    assert code == ExitCode.OK, text
    code, _ = _run(as_member, secret, "participants")
    assert code == ExitCode.CANNOT_UNLOCK

    code, text = _run(pg_address, owner, "team", "reactivate", str(member))
    assert code == ExitCode.OK, text
    code, listed = _run(as_member, secret, "participants")
    assert code == ExitCode.OK and "Suivie" in listed


def test_team_role_and_deactivate_on_a_file(vault_path: Path, tmp_path: Path) -> None:
    secret = tmp_path / "passphrase.txt"
    secret.write_text(PASSPHRASE + "\n", encoding="utf-8")
    coordinator = ("--operator", "1")
    for name, role, extra in (("Claire", "coordinator", ()), ("Basile", "volunteer", coordinator)):
        code, text = _run(
            str(vault_path), secret, "team", "add", name, "--role", role,
            "--last-name", "Fictif", *extra,
        )  # fmt: skip
        assert code == ExitCode.OK, text
    basile = _member_id(str(vault_path), secret, "Basile", *coordinator)
    code, text = _run(
        str(vault_path), secret, "team", "role", str(basile), "--role", "peer_helper", *coordinator
    )
    assert code == ExitCode.OK, text
    code, text = _run(str(vault_path), secret, "team", "deactivate", str(basile), *coordinator)
    assert code == ExitCode.OK, text
    code, listed = _run(str(vault_path), secret, "team", "list", "--format", "json", *coordinator)
    record = next(m for m in json.loads(listed) if m["id"] == basile)
    assert record == {**record, "role": "peer_helper", "active": False}
    # the last coordinator cannot be deactivated
    code, _ = _run(str(vault_path), secret, "team", "deactivate", "1", *coordinator)
    assert code != ExitCode.OK

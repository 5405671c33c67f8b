"""``pairdesk team add NAME --role ROLE`` (issue 14): on a server, NAME becomes the member's
own login, and what that login then reads is what its role allows; on a file, a member."""

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


def test_a_coordinator_adds_a_login_that_sees_what_its_role_allows(
    pg_cluster: pg.PgCluster, pg_address: str, tmp_path: Path
) -> None:
    owner_secret = tmp_path / "owner.txt"
    owner_secret.write_text(pg.PG_PASSWORD + "\n", encoding="utf-8")
    new_secret = tmp_path / "new.txt"
    new_secret.write_text(NEW_PASSWORD + "\n", encoding="utf-8")
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

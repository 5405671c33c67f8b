"""A copy taken from a server on the command line (issue 14, "Offline stays first"): it
lists, checks and prints, refuses a change (exit 7, the message on stderr), and
``pairdesk independent`` makes it a vault of its own, which ``transfer`` then refuses to
send back over that server."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from pairdesk.cli import main
from pairdesk.errors import ExitCode
from tests import pg

PASSPHRASE = "correct horse ’ battery é"  # the same as tests/conftest.py


def _run(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    return main(list(args), out=out), out.getvalue()


def test_a_copy_of_a_server_reads_prints_refuses_then_turns_independent(
    pg_cluster: pg.PgCluster, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database = pg_cluster.new_database()
    server = pg_cluster.address(database)
    password = tmp_path / "password.txt"
    password.write_text(pg.PG_PASSWORD + "\n", encoding="utf-8")
    secret = tmp_path / "passphrase.txt"
    secret.write_text(PASSPHRASE + "\n", encoding="utf-8")
    try:
        code, text = _run(
            "demo-data", "--participants", "3", "--seed", "2", "--today", "2026-11-25",
            "--vault", server, "--passphrase-file", str(password),
        )  # fmt: skip
        assert code == 0, text
        copy = tmp_path / "copy.pairdesk"
        code, text = _run(
            "transfer", "--from", server, "--to", str(copy),
            "--from-passphrase-file", str(password), "--to-passphrase-file", str(secret),
        )  # fmt: skip
        assert code == 0, text
        on_copy = ("--vault", str(copy), "--passphrase-file", str(secret), "--operator", "1")

        assert _run("check", *on_copy[:4])[0] == ExitCode.OK
        code, listed = _run("participants", *on_copy)
        assert code == 0 and len(listed.strip().splitlines()) >= 3
        pdf = tmp_path / "form.pdf"
        code, text = _run("report", "form", "satisfaction", "--out", str(pdf), *on_copy)
        assert code == 0 and pdf.is_file(), text

        capsys.readouterr()
        code, _ = _run("demo-data", "--participants", "2", "--force", *on_copy)
        assert code == ExitCode.INVALID_INPUT
        refusal = capsys.readouterr().err
        assert "Cette copie du serveur" in refusal and "lecture seule" in refusal
        assert database in refusal

        code, text = _run("independent", *on_copy)
        assert code == 0, text
        assert "indépendant" in text and database in text
        code, text = _run("demo-data", "--participants", "2", "--force", *on_copy)
        assert code == 0, text
        assert _run("independent", *on_copy)[0] == ExitCode.INVALID_INPUT  # not a copy now

        # Never back over that server, even emptied.
        pg_cluster.drop_database(database)
        pg_cluster.admin(f'CREATE DATABASE "{database}"')
        capsys.readouterr()
        code, _ = _run(
            "transfer", "--from", str(copy), "--to", server,
            "--from-passphrase-file", str(secret), "--to-passphrase-file", str(password),
        )  # fmt: skip
        assert code == ExitCode.INVALID_INPUT
        assert "fusion" in capsys.readouterr().err
    finally:
        pg_cluster.drop_database(database)

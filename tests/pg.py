"""A real PostgreSQL server for the tests: one cluster per test session, one database per test.

Debian's ``postgresql`` package puts ``initdb`` and ``pg_ctl`` in
``/usr/lib/postgresql/N/bin`` (not on the PATH): the highest N is used. PostgreSQL refuses
to run as root, so under root the cluster belongs to the ``postgres`` system user
(``runuser -u postgres --``) in a temporary folder it owns; otherwise to whoever runs the
tests. The socket lives in that folder (``-k``), the port is a free local one and
``fsync`` is off: the data is thrown away at the end of the session.

Each test gets a database in the state of a migrated template. ``CREATE DATABASE …
TEMPLATE`` costs 0.5-1 s here (PostgreSQL 15 copies the catalogues through its log), so
one scratch database is reset instead between tests: every table emptied, the template's
few rows put back and every sequence set back where it was (``reset_scratch``, ~50 ms). The tests never skip
in CI: a server that cannot start is a failure with its reason.
``PAIRDESK_PG_TESTS=off`` skips them on a developer's machine without PostgreSQL.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: The login of the tests: the cluster's superuser, with a password as a real server has.
PG_USER = "pairdesk"
PG_PASSWORD = "test password ’ é"
TEMPLATE_DB = "pairdesk_template"
SCRATCH_DB = "pairdesk_scratch"
#: What the environment variable must say to skip the PostgreSQL tests (never set in CI).
SKIP_VALUE = "off"
#: What .ci/run sets: PostgreSQL missing fails the run instead of skipping its tests.
REQUIRED_VALUE = "required"


class PostgresUnavailable(RuntimeError):
    """The server could not be started: the message says why and what to install."""


class PostgresNotInstalled(PostgresUnavailable):
    """No PostgreSQL on this machine at all (a newcomer's fresh clone): the README's test
    command skips the server tests with this message; CI (``PAIRDESK_PG_TESTS=required``,
    set by .ci/run after installing the server) fails instead."""


def pg_tests_disabled() -> bool:
    return os.environ.get("PAIRDESK_PG_TESTS", "").strip().lower() == SKIP_VALUE


def pg_tests_required() -> bool:
    return os.environ.get("PAIRDESK_PG_TESTS", "").strip().lower() == REQUIRED_VALUE


def find_bin_dir(root: Path = Path("/usr/lib/postgresql")) -> Path:
    """``/usr/lib/postgresql/N/bin`` of the highest N that has ``initdb`` and ``pg_ctl``."""
    candidates: list[tuple[int, Path]] = []
    if root.is_dir():
        for child in root.iterdir():
            bin_dir = child / "bin"
            if (
                child.name.isdigit()
                and (bin_dir / "initdb").exists()
                and (bin_dir / "pg_ctl").exists()
            ):
                candidates.append((int(child.name), bin_dir))
    if not candidates:
        found = shutil.which("pg_ctl")
        if found and shutil.which("initdb"):
            return Path(found).parent
        raise PostgresNotInstalled(
            f"PostgreSQL is not installed: no initdb/pg_ctl under {root} nor on the PATH "
            "(Debian: apt-get install postgresql; .ci/run does it). Set PAIRDESK_PG_TESTS=off "
            "to skip these tests on a developer machine."
        )
    return max(candidates)[1]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class PgCluster:
    """A throw-away cluster: ``start()``, ``new_database()`` per test, ``stop()``."""

    bin_dir: Path
    root: Path
    port: int
    as_postgres: bool
    _counter: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    started: bool = False
    #: the template's rows per table and its sequences' (last_value, is_called)
    _rows: dict[str, tuple[list[str], list[tuple[object, ...]]]] = field(default_factory=dict)
    _sequences: dict[str, tuple[int, bool]] = field(default_factory=dict)

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def socket_dir(self) -> Path:
        return self.root

    def _run(self, *argv: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        command = list(argv)
        if self.as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        result = subprocess.run(
            command, capture_output=True, text=True, timeout=timeout, check=False, cwd=self.root
        )
        if result.returncode != 0:
            raise PostgresUnavailable(
                f"{' '.join(argv[:2])} failed (exit {result.returncode}):\n"
                f"{result.stdout}\n{result.stderr}"
            )
        return result

    @classmethod
    def create(cls) -> PgCluster:
        bin_dir = find_bin_dir()
        as_postgres = os.geteuid() == 0 if hasattr(os, "geteuid") else False
        root = Path(tempfile.mkdtemp(prefix="pairdesk-pg-"))
        if as_postgres:
            try:
                shutil.chown(root, user="postgres", group="postgres")
            except (LookupError, OSError) as exc:
                shutil.rmtree(root, ignore_errors=True)
                raise PostgresUnavailable(
                    f"the tests run as root and PostgreSQL refuses root, but the 'postgres' "
                    f"system user cannot own {root}: {exc}"
                ) from None
        return cls(bin_dir=bin_dir, root=root, port=free_port(), as_postgres=as_postgres)

    def start(self) -> None:
        password_file = self.root / "pwfile"
        password_file.write_text(PG_PASSWORD + "\n", encoding="utf-8")
        if self.as_postgres:
            shutil.chown(password_file, user="postgres", group="postgres")
        self._run(
            str(self.bin_dir / "initdb"),
            "-D",
            str(self.data_dir),
            "-U",
            PG_USER,
            f"--pwfile={password_file}",
            "--auth=scram-sha-256",
            "--encoding=UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
        )
        password_file.unlink()
        options = (
            f"-p {self.port} -k {self.socket_dir} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
            "-c max_connections=60 -c shared_buffers=32MB"
        )
        self._make_certificate()
        options += (
            f" -c ssl=on -c ssl_cert_file={self.certificate} "
            f"-c ssl_key_file={self.root / 'server.key'}"
        )
        self._run(
            str(self.bin_dir / "pg_ctl"),
            "-D",
            str(self.data_dir),
            "-l",
            str(self.root / "server.log"),
            "-o",
            options,
            "-w",
            "-t",
            "60",
            "start",
        )
        self.started = True

    @property
    def certificate(self) -> Path:
        """The server's self-signed certificate (for 127.0.0.1): its own authority."""
        return self.root / "server.crt"

    def _make_certificate(self) -> None:
        """A self-signed certificate for 127.0.0.1, so that TLS is tested for real (refused
        against the system's authorities, accepted with ``sslrootcert``). Debian's
        postgresql package brings openssl (through ssl-cert)."""
        openssl = shutil.which("openssl")
        if openssl is None:
            raise PostgresUnavailable("openssl is needed to give the test server a certificate")
        key = self.root / "server.key"
        subprocess.run(
            [openssl, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
             "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1", "-addext",
             "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(self.certificate)],
            capture_output=True, check=True, timeout=60,
        )  # fmt: skip
        key.chmod(0o600)
        self.certificate.chmod(0o644)
        if self.as_postgres:
            shutil.chown(key, user="postgres", group="postgres")

    def stop(self) -> None:
        try:
            if self.started:
                with contextlib.suppress(PostgresUnavailable, subprocess.TimeoutExpired):
                    self._run(
                        str(self.bin_dir / "pg_ctl"),
                        "-D",
                        str(self.data_dir),
                        "-m",
                        "immediate",
                        "stop",
                    )
                self.started = False
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

    def log_tail(self, lines: int = 30) -> str:
        with contextlib.suppress(OSError):
            return "\n".join(
                (self.root / "server.log").read_text(errors="replace").splitlines()[-lines:]
            )
        return ""

    # -- addresses and databases -------------------------------------------------------------
    def address(self, database: str) -> str:
        """The pairdesk address of a database of this cluster (TCP on the local machine)."""
        return f"postgresql://{PG_USER}@127.0.0.1:{self.port}/{database}"

    def _connect(self, database: str = "postgres") -> Any:
        import psycopg

        return psycopg.connect(
            host="127.0.0.1",
            port=self.port,
            user=PG_USER,
            password=PG_PASSWORD,
            dbname=database,
            autocommit=True,
        )

    def admin(self, sql: str) -> None:
        """Run one statement as the superuser on the ``postgres`` database (autocommit)."""
        with self._connect() as conn:
            conn.execute(sql)

    # -- the scratch database, reset between tests -----------------------------------------
    def prepare_scratch(self) -> None:
        """Copy the template once into the scratch database and remember its state."""
        self.admin(f"CREATE DATABASE {SCRATCH_DB} TEMPLATE {TEMPLATE_DB}")
        with self._connect(SCRATCH_DB) as conn:
            tables = [
                row[0]
                for row in conn.execute(
                    "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
                )
            ]
            for table in tables:
                cursor = conn.execute(f'SELECT * FROM "{table}"')
                rows = cursor.fetchall()
                columns = [c.name for c in cursor.description or ()]
                self._rows[table] = (columns, rows)
            for name, last, called in conn.execute(
                "SELECT schemaname || '.' || sequencename, COALESCE(last_value, 1), "
                "last_value IS NOT NULL FROM pg_sequences"
            ):
                self._sequences[name] = (int(last), bool(called))

    def reset_scratch(self) -> str:
        """Put the scratch database back in the template's state; its name."""
        with self._connect(SCRATCH_DB) as conn:
            conn.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            with conn.transaction():
                # DELETE, not TRUNCATE: a test leaves a few rows, and TRUNCATE makes new files
                # for every table and index (0.7 s). Foreign keys are not checked meanwhile.
                conn.execute("SET LOCAL session_replication_role = replica")
                with conn.cursor() as cursor:
                    for table in self._rows:
                        cursor.execute(f'DELETE FROM "{table}"')
                    for table, (columns, rows) in self._rows.items():
                        if rows:
                            listed = ", ".join(f'"{c}"' for c in columns)
                            marks = ", ".join(["%s"] * len(columns))
                            cursor.executemany(
                                f'INSERT INTO "{table}" ({listed}) VALUES ({marks})', rows
                            )
                    for name, (last, called) in self._sequences.items():
                        cursor.execute("SELECT setval(%s, %s, %s)", (name, last, called))
        return SCRATCH_DB

    def new_database(self, template: str | None = TEMPLATE_DB) -> str:
        name = f"pairdesk_test_{os.getpid()}_{next(self._counter)}"
        suffix = f" TEMPLATE {template}" if template else ""
        self.admin(f'CREATE DATABASE "{name}"{suffix}')
        return name

    @contextlib.contextmanager
    def own_vault(self) -> Iterator[Any]:
        """A vault opened on a new database of its own (a test module's, kept across its
        tests instead of the scratch database reset for each), dropped afterwards."""
        from pairdesk.store.server import open_server

        name = self.new_database()
        vault = open_server(self.address(name), PG_PASSWORD)
        try:
            yield vault
        finally:
            vault.close()
            self.drop_database(name)

    def drop_database(self, name: str) -> None:
        with contextlib.suppress(Exception):
            self.admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

"""A vault on a PostgreSQL server (issue 14): the same models, sessions and transactions as
the encrypted file of ``store.vault``, over psycopg 3.

An address is ``postgresql://USER@HOST[:PORT]/DATABASE`` (``?host=/run/postgresql`` for a
local socket). The password is the vault's passphrase: given as an argument, never put
in the address (an address holding one is refused), never logged. Connections to anything
but this machine use TLS with certificate verification (``sslmode=verify-full``, against
the system's trusted authorities unless ``sslrootcert=FILE`` names the association's own)
unless the address itself says otherwise. The pool pings each connection before lending
it, so a laptop that slept reconnects instead of failing on a dead socket.

There is no file here: no lock (a server has many clients by design), no page check, no
checkpoint; the database login is who acts (the services' operator comes from it).
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import psycopg
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import URL, Connection, Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from pairdesk.errors import (
    CannotUnlock,
    PermissionDenied,
    ServerUnreachable,
    TlsRefused,
    UserError,
)
from pairdesk.i18n import _
from pairdesk.store.addresses import ServerAddress, parse_address
from pairdesk.store.vault import IntegrityReport, Vault, normalise_passphrase

#: Seconds before an unreachable server is reported (libpq waits forever by default).
CONNECT_TIMEOUT = "10"


def engine_url(address: ServerAddress, password: str) -> URL:
    """The SQLAlchemy URL of an address (psycopg 3), TLS settled, with the password."""
    query = dict(address.options)
    query.setdefault("connect_timeout", CONNECT_TIMEOUT)
    query.setdefault("application_name", "pairdesk")
    mode = address.sslmode
    if mode is not None:
        query["sslmode"] = mode
        if mode in {"verify-ca", "verify-full"}:
            query.setdefault("sslrootcert", "system")
    return URL.create(
        "postgresql+psycopg",
        username=address.user,
        password=password,
        host=address.host or None,
        port=address.port,
        database=address.database,
        query=query,
    )


# -- errors ------------------------------------------------------------------------------

_TLS_MARKERS = (
    "certificate verify failed",
    "certificate",
    "ssl error",
    "sslmode",
    "server does not support ssl",
    "tlsv1",
)
_UNREACHABLE_MARKERS = (
    "connection refused",
    "could not translate host name",
    "name or service not known",
    "no route to host",
    "timeout expired",
    "timed out",
    "network is unreachable",
    "server closed the connection unexpectedly",
    "could not connect to server",
    "no such file or directory",  # a socket that is not there
    "connection reset",
    "terminating connection due to administrator command",
    "the database system is starting up",
    "the database system is shutting down",
)


def translate_server_error(exc: BaseException, address: ServerAddress) -> UserError | None:
    """The user-facing error for a failure to reach or log in to the server, or None."""
    message = str(exc).lower()
    shown = address.display()
    if "password authentication failed" in message or "no password supplied" in message:
        return CannotUnlock(
            _(
                "The server {address} refused the login: the user name or the password is wrong."
            ).format(address=shown)
        )
    if "does not exist" in message and "database" in message:
        return CannotUnlock(
            _(
                "The server {address} has no database {database}. Ask its administrator to "
                "create it (README, \u201cShared server\u201d), then run pairdesk init."
            ).format(address=shown, database=address.database)
        )
    if "not permitted to log in" in message:
        return CannotUnlock(
            _(
                "The server {address} refused the login {user}: it is disabled (a "
                "coordinator deactivated this team member). Ask a coordinator to reactivate it."
            ).format(address=shown, user=address.user)
        )
    if "role" in message and "does not exist" in message:
        return CannotUnlock(
            _("The server {address} has no user {user}.").format(address=shown, user=address.user)
        )
    if "pg_hba.conf" in message:
        return CannotUnlock(
            _(
                "The server {address} does not accept this connection (its pg_hba.conf): "
                "ask its administrator."
            ).format(address=shown)
        )
    if any(marker in message for marker in _TLS_MARKERS):
        return TlsRefused(
            _(
                "The secure connection to {address} was refused: the server's certificate "
                "could not be verified (unknown authority, another name or expired), or the "
                "server does not offer TLS. Nothing was sent. Give the association's "
                "certificate authority with ?sslrootcert=FILE in the address."
            ).format(address=shown)
        )
    if any(marker in message for marker in _UNREACHABLE_MARKERS):
        return ServerUnreachable(
            _(
                "The server {address} cannot be reached: check the network and that the "
                "server is running, then try again. Nothing was changed."
            ).format(address=shown)
        )
    return None


class ServerVault(Vault):
    """An open vault on a PostgreSQL server: ``engine``, ``transaction()``, ``close()`` as
    the file vault; what only a file has (lock, page check, encrypted copy) is absent.

    It subclasses ``Vault`` so that every service, typed against ``Vault``, takes it as
    it is; ``__init__`` does not run the file's (no file, no lock, no SQLCipher)."""

    is_server = True

    def __init__(self, address: ServerAddress, password: str, *, read_only: bool = False) -> None:
        self.address = address
        #: Not a file: the database's name, for what names things after the vault.
        self.path = Path(address.database)
        self._passphrase = normalise_passphrase(password)
        if "\x00" in self._passphrase:
            raise CannotUnlock(_("The passphrase cannot contain a null character."))
        self._key_sql = None
        self._creating = False
        self._key_lock = threading.Lock()
        self._local = threading.local()
        self._closed = False
        self.page_check = None
        self.read_only = read_only
        self.holder = None
        self.holder_member = None
        self._owns_lock = False
        self.lock = None
        self.engine: Engine = create_engine(
            engine_url(address, self._passphrase),
            pool_pre_ping=True,
            hide_parameters=True,
            pool_size=2,
            max_overflow=4,
        )
        if read_only:
            event.listen(
                self.engine,
                "begin",
                lambda conn: conn.exec_driver_sql("SET TRANSACTION READ ONLY"),
            )
        self._sessions = self._make_sessions(read_only=read_only)

    @property
    def login(self) -> str:
        """The database user: on a server, who acts."""
        return self.address.user

    def _translated(self, exc: BaseException) -> UserError | None:
        """A login or connection failure (psycopg's OperationalError) in plain words, and a
        refusal of the database's roles as PermissionDenied; any other database error is a
        bug and stays as it is."""
        raw = exc.orig if isinstance(exc, DBAPIError) and exc.orig is not None else exc
        if isinstance(raw, psycopg.errors.InsufficientPrivilege):
            # The grants and row-level security of the team's roles (store/server_roles.py)
            return PermissionDenied(
                _("The server refused this to your login: your role does not give access to it.")
            )
        if not isinstance(raw, psycopg.OperationalError):
            return None
        return translate_server_error(raw, self.address)

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Session]:
        try:
            with super().transaction() as session:
                yield session
        except DBAPIError as exc:
            translated = self._translated(exc)
            if translated is not None:
                raise translated from None
            raise

    def verify_key(self) -> None:
        """Log in once: CannotUnlock, ServerUnreachable or TlsRefused, else nothing."""
        try:
            with self.engine.connect() as conn:
                conn.execute(text("SELECT 1"))
        except DBAPIError as exc:
            self.engine.dispose()
            self._closed = True
            translated = self._translated(exc)
            if translated is not None:
                raise translated from None
            raise

    def integrity(self) -> IntegrityReport:
        """The server keeps its own pages: only the schema revision and the size."""
        revision: str | None = None
        size = 0
        with self.engine.connect() as conn:
            with contextlib.suppress(DBAPIError):
                size = int(
                    conn.execute(text("SELECT pg_database_size(current_database())")).scalar() or 0
                )
            with contextlib.suppress(DBAPIError):
                revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        return IntegrityReport(True, True, (), revision, size)

    def require_intact(self, *, full: bool = True) -> None:
        """Nothing to check page by page: the server checksums and repairs its own."""

    def release_memory(self) -> None:
        """The server keeps the cache; the client holds nothing worth giving back."""

    def record_operator(self, member_id: int | None) -> None:
        """No lock file: the server knows who is connected."""

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self.engine.dispose()

    def _raw_execute(self, sql: str) -> None:
        if self.read_only:
            raise self.read_only_error()
        with self.engine.begin() as conn:
            conn.exec_driver_sql(sql)

    def export_copy(self, destination: Path, **_options: Any) -> Path:
        """A server has no file to copy: ``pairdesk backup`` writes its encrypted copy
        (``services.transfer.backup_server``); this file-vault step is refused."""
        raise UserError(
            _("A copy of a vault on a server cannot be written yet: use the server's backups.")
        )


#: Every sequence behind a serial column, with its table and column.
_SERIAL_COLUMNS = text(
    "SELECT s.relname, t.relname, a.attname FROM pg_class s "
    "JOIN pg_depend d ON d.objid = s.oid AND d.deptype IN ('a', 'i') "
    "JOIN pg_class t ON t.oid = d.refobjid "
    "JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid "
    "WHERE s.relkind = 'S' AND t.relnamespace = to_regnamespace(current_schema())"
)


def advance_sequences(conn: Connection) -> None:
    """Move every serial column's sequence past the largest id its table holds: rows
    written with their id (a copied vault, demo data, the association's profile) do not
    advance it, and the next insert would collide (SQLite takes the largest rowid + 1 by
    itself). ``nextval`` needs only the ``USAGE`` every team member has on the sequences
    (``setval`` would need the owner); the gap it may leave is harmless."""
    for sequence, table, column in conn.execute(_SERIAL_COLUMNS).all():
        top = conn.execute(text(f'SELECT max("{column}") FROM "{table}"')).scalar() or 0
        if not top:  # an empty table: its next id is still its first
            continue
        drawn = conn.execute(
            text("SELECT nextval(CAST(:sequence AS regclass))"), {"sequence": sequence}
        ).scalar_one()
        if drawn < top:
            conn.execute(
                text(
                    "SELECT count(nextval(CAST(:sequence AS regclass))) "
                    "FROM generate_series(1, :missing)"
                ),
                {"sequence": sequence, "missing": top - drawn},
            )


def sync_sequences(vault: ServerVault) -> None:
    """``advance_sequences`` in a transaction of its own."""
    with vault.engine.begin() as conn:
        advance_sequences(conn)


def refresh_statistics(vault: ServerVault) -> None:
    """``ANALYZE`` pairdesk's tables, after rows were copied in bulk (a transfer): until
    autovacuum gets to them, a minute or more later, PostgreSQL's planner knows nothing of
    those rows and chose whole-table joins (recording a self-assessment took 12.6 ms a
    call at 5,000 participants before, 8.3 ms after; 68.5 ms at 50,000 before, 10.7 ms
    after: bench/README.md). Only a table's owner may analyse it: for another login PostgreSQL
    skips it with a warning, and autovacuum does it later."""
    with vault.engine.begin() as conn:
        names = conn.execute(
            text(
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' "
                "ORDER BY table_name"
            )
        ).scalars()
        quote = conn.dialect.identifier_preparer.quote
        tables = ", ".join(quote(name) for name in names)
        if tables:
            conn.exec_driver_sql(f"ANALYZE {tables}")


def is_empty(vault: ServerVault) -> bool:
    """True for a database without pairdesk's schema (``pairdesk init`` may fill it)."""
    with vault.engine.connect() as conn:
        count = conn.execute(
            text(
                "SELECT count(*) FROM information_schema.tables "
                "WHERE table_schema = current_schema()"
            )
        ).scalar()
    return not count


def schema_owner(vault: ServerVault) -> str | None:
    """The login that ran ``pairdesk init`` (it owns the schema's tables), or None."""
    with vault.engine.connect() as conn:
        owner = conn.execute(
            text(
                "SELECT tableowner FROM pg_tables WHERE schemaname = current_schema() "
                "AND tablename = 'alembic_version'"
            )
        ).scalar()
    return str(owner) if owner is not None else None


def _not_the_owner() -> CannotUnlock:
    return CannotUnlock(
        _(
            "This vault was written by an older version of pairdesk: the vault must be "
            "upgraded by its owner (the login that ran pairdesk init) with this version of "
            "pairdesk first. Nothing was changed."
        )
    )


def _no_backup_hook() -> CannotUnlock:
    return CannotUnlock(
        _(
            "This vault was written by an older version of pairdesk: its owner upgrades it, "
            "after a backup, by opening it in the window or with a pairdesk command first. "
            "Nothing was changed."
        )
    )


#: Called with the open vault and its schema revision before an upgrade (a backup).
BeforeUpgrade = Callable[[ServerVault, str], object]


def open_server(
    location: str,
    password: str,
    *,
    migrate: bool = True,
    schema_required: bool = True,
    read_only: bool = False,
    before_upgrade: BeforeUpgrade | None = None,
) -> ServerVault:
    """Log in to a server vault. Raises UsageError (a bad address), CannotUnlock (wrong
    password or user, no such database, or no pairdesk schema in it), ServerUnreachable,
    TlsRefused, NewerVault.

    An older schema is upgraded only by its owner (the login that ran ``pairdesk init``:
    the others get CannotUnlock), after ``before_upgrade`` (the services' backup; without
    it the upgrade is refused too), in one transaction (PostgreSQL's DDL is
    transactional: a failed upgrade leaves the database as it was)."""
    from pairdesk.errors import NewerVault
    from pairdesk.store import migrations

    vault = ServerVault(parse_address(location), password, read_only=read_only)
    vault.verify_key()
    try:
        state = migrations.schema_state(vault)
        if state.current is None and schema_required:
            raise CannotUnlock(
                _(
                    "The database {address} holds no pairdesk vault yet: create it with "
                    "pairdesk init --vault {address}."
                ).format(address=vault.address.display())
            )
        if state.newer:
            raise NewerVault(
                _(
                    "This vault was written by a newer version of pairdesk "
                    "(schema {found}). Install the latest pairdesk to open it; the file was "
                    "not changed."
                ).format(found=state.current)
            )
        if state.behind and state.current is not None and migrate and not read_only:
            if schema_owner(vault) != vault.login:
                raise _not_the_owner()
            if before_upgrade is None:
                raise _no_backup_hook()
            before_upgrade(vault, state.current)
            migrations.upgrade(vault)
    except DBAPIError as exc:
        vault.close()
        translated = vault._translated(exc)
        if translated is not None:
            raise translated from None
        raise
    except BaseException:
        vault.close()
        raise
    return vault


def create_server_vault(
    location: str,
    password: str,
    *,
    association_name: str,
    today: Any = None,
) -> ServerVault:
    """``pairdesk init`` on a server: the database must exist and be empty (it is never
    overwritten); the migrations create the schema, then the association's profile, in
    one transaction."""
    import datetime as dt

    from pairdesk.errors import InvalidInput
    from pairdesk.store import migrations
    from pairdesk.store.models import Association

    vault = ServerVault(parse_address(location), password)
    vault.verify_key()
    try:
        if not is_empty(vault):
            raise InvalidInput(
                _(
                    "The database {address} is not empty; it was not changed. A pairdesk "
                    "vault is created only in an empty database."
                ).format(address=vault.address.display())
            )
        migrations.upgrade(vault)
        with vault.transaction() as session:
            session.add(
                Association(id=1, name=association_name, created_on=today or dt.date.today())
            )
        sync_sequences(vault)
    except DBAPIError as exc:
        vault.close()
        translated = vault._translated(exc)
        if translated is not None:
            raise translated from None
        raise
    except BaseException:
        vault.close()
        raise
    return vault

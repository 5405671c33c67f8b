"""Open, create, check and back up the encrypted vault (one SQLCipher 4 file).

The passphrase travels only as an argument: it is never written to disk, logged or put in a
URL. It is normalised to Unicode NFC (macOS types accents decomposed) and sent as the first
statement of every connection, quoted as an SQL literal because PRAGMA takes no parameters.
Failures become ``UserError`` subclasses whose exit codes the CLI returns as they are.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import hashlib
import logging
import os
import re
import sys
import threading
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlcipher3
from sqlalchemy import create_engine, event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool

from pairdesk.domain.passphrase import check_passphrase_text
from pairdesk.errors import (
    CannotUnlock,
    DiskError,
    InvalidInput,
    NewerVault,
    UserError,
    VaultDamaged,
    VaultInUse,
)
from pairdesk.i18n import _
from pairdesk.store import lookaside
from pairdesk.store.files import create_owner_only
from pairdesk.store.vault_lock import LockHolder, VaultLock, in_use_error

if TYPE_CHECKING:
    from pairdesk.store.server_copy import ServerCopy

log = logging.getLogger(__name__)

#: The name a new vault is built under (beside the vault) until it is complete.
INIT_SUFFIX = ".init-new"

SQLITE_HEADER = b"SQLite format 3\x00"
#: SQLCipher 4 pages are 4096 bytes; a file shorter than one page cannot hold a vault.
PAGE_SIZE = 4096
#: SQLCipher 4's key derivation (its defaults, which every vault uses): PBKDF2-HMAC-SHA512,
#: 256,000 iterations, a 256-bit key, salted with the file's first 16 bytes.
KDF_ITERATIONS = 256_000
KDF_HASH = "sha512"
KEY_BYTES = 32
SALT_BYTES = 16

#: Statements that change the file: they wait for the background page check.
_WRITE_STATEMENT = re.compile(
    r"\s*(INSERT|UPDATE|DELETE|REPLACE|CREATE|DROP|ALTER|VACUUM|REINDEX)\b", re.IGNORECASE
)


def damaged_error() -> VaultDamaged:
    """What a damaged page found in the vault raises (at opening, or at the first change
    after the background check found it)."""
    return VaultDamaged(
        _(
            "The vault is damaged: part of the file cannot be read. "
            "Restore the latest backup (pairdesk restore) and keep the damaged file aside."
        )
    )


#: ``PRAGMA cipher_memory_security`` on every connection (see ``_open_connection``). Only the
#: benches turn it off (bench_memory_security, bench_core --memory-security off), in their
#: own processes, before any vault is opened: once on, SQLCipher keeps it on.
MEMORY_SECURITY = True


def derive_key(passphrase: str, salt: bytes) -> bytes:
    """The raw key of a file: SQLCipher 4's own derivation of ``passphrase`` with the
    file's ``salt`` (PBKDF2-HMAC-SHA512, 256,000 rounds, 32 bytes), 100-300 ms of work —
    what makes guessing a passphrase slow. A pure function (the tests memoise it)."""
    return hashlib.pbkdf2_hmac(
        KDF_HASH, passphrase.encode("utf-8"), salt, KDF_ITERATIONS, KEY_BYTES
    )


class PageCheck:
    """SQLCipher's page-by-page HMAC check of a vault, run on a thread of its own with
    its own read-only connection (keyed with the vault's derived key: never derived
    twice). ``wait()`` blocks until it is done; ``damaged`` tells what it found."""

    def __init__(self) -> None:
        self._done = threading.Event()
        self._lock = threading.Lock()
        self._listeners: list[Callable[[bool], None]] = []
        self.damaged = False
        self.thread: threading.Thread | None = None

    @property
    def done(self) -> bool:
        return self._done.is_set()

    def wait(self, timeout: float | None = None) -> bool:
        return self._done.wait(timeout)

    def finish(self, damaged: bool) -> None:
        with self._lock:
            self.damaged = damaged
            self._done.set()
            listeners, self._listeners = self._listeners, []
        for listener in listeners:
            try:
                listener(damaged)
            except Exception:  # a listener's bug must not stop the others
                log.exception("a page check listener failed")

    def when_done(self, listener: Callable[[bool], None]) -> None:
        """Call ``listener(damaged)`` once the check is over (at once if it is; else on
        the check's thread)."""
        with self._lock:
            if not self._done.is_set():
                self._listeners.append(listener)
                return
        listener(self.damaged)


def normalise_passphrase(passphrase: str) -> str:
    return unicodedata.normalize("NFC", passphrase)


def sql_literal(value: str) -> str:
    """Quote a string as an SQL literal: the only way to give PRAGMA key a value."""
    if "\x00" in value:
        raise InvalidInput(_("The passphrase cannot contain a null character."))
    return "'" + value.replace("'", "''") + "'"


def _is_disk_problem(exc: BaseException) -> bool:
    message = str(exc).lower()
    if isinstance(exc, OSError) and exc.errno in {
        errno.ENOSPC,
        errno.EROFS,
        errno.EACCES,
        errno.EDQUOT,
        errno.EFBIG,
    }:
        return True
    return any(
        marker in message
        for marker in (
            "database or disk is full",
            "readonly database",
            "disk i/o error",
            "unable to open database",
        )
    )


def _is_damage(exc: BaseException) -> bool:
    message = str(exc).lower()
    return "malformed" in message or "hmac" in message or "corrupt" in message


def translate_db_error(exc: BaseException) -> UserError | None:
    """The user-facing error for a database failure, or None if it is a bug."""
    if _is_disk_problem(exc):
        return DiskError(
            _(
                "The vault could not be written: the disk is full or read-only. "
                "Nothing was saved; free some space or choose another folder, then try again."
            )
        )
    if _is_damage(exc):
        return VaultDamaged(
            _(
                "The vault is damaged: part of the file cannot be read. "
                "Restore the latest backup (pairdesk restore) and keep the damaged file aside."
            )
        )
    return None


@dataclass(frozen=True)
class IntegrityReport:
    cipher_ok: bool
    sqlite_ok: bool
    problems: tuple[str, ...]
    schema_revision: str | None
    size_bytes: int


class Vault:
    """An unlocked vault: an engine over SQLCipher and a re-entrant transaction scope.

    A vault holds the vault's OS lock (``store.vault_lock``) from construction until
    ``close()``: a second ``Vault`` on the same file, in this process or another, raises
    ``VaultInUse``. ``lock`` lends one the caller holds (and keeps holding after close:
    a restore or a passphrase change replaces the file under it). ``read_only`` opens the
    file with SQLite's ``mode=ro`` and takes no lock: nothing is ever written to the file
    (no checkpoint on close, no migration, no backup) and every change raises
    ``VaultInUse`` saying why.
    """

    #: A file (this class) or a PostgreSQL server (``store.server.ServerVault``).
    is_server: bool = False
    #: Where the file was copied from when it is a server's copy (``store.server_copy``):
    #: while it is read-only, every change but an audit line is refused.
    server_copy: ServerCopy | None = None

    def __init__(
        self,
        path: Path,
        passphrase: str,
        *,
        create: bool = False,
        read_only: bool = False,
        lock: VaultLock | None = None,
    ) -> None:
        self.path = Path(path)
        self._passphrase = normalise_passphrase(passphrase)
        sql_literal(self._passphrase)  # refuses a null character before anything is opened
        #: ``PRAGMA key`` of every connection: the raw key derived once (see _key_statement)
        self._key_sql: str | None = None
        self._creating = create
        self._key_lock = threading.Lock()
        self._local = threading.local()
        self._closed = False
        #: The page check running in the background since the opening (the window's), if any.
        self.page_check: PageCheck | None = None
        self.read_only = read_only
        #: who holds the vault when it was opened read-only because it is in use
        self.holder: LockHolder | None = None
        self.holder_member: str | None = None
        if not create:
            _check_file_before_open(self.path)
        #: which file on disk this is (device, inode), to tell when another pairdesk put
        #: another file in its place (``replaced_on_disk``)
        self._file_identity = _file_identity(self.path)
        self._owns_lock = False
        self.lock: VaultLock | None = None
        if not read_only:
            if lock is None:
                lock = VaultLock.acquire(self.path)
                self._owns_lock = True
            self.lock = lock
        self.engine: Engine = create_engine(
            "sqlite:///" + str(self.path),
            module=sqlcipher3.dbapi2,
            poolclass=QueuePool,
            creator=self._connect,
            hide_parameters=True,
            pool_size=2,
            max_overflow=4,
        )
        event.listen(self.engine, "connect", self._configure_connection)
        # The driver runs in autocommit mode (isolation_level=None) so that PRAGMAs and
        # ATTACH work; SQLAlchemy's transactions therefore send their own BEGIN.
        event.listen(self.engine, "begin", lambda conn: conn.exec_driver_sql("BEGIN"))
        event.listen(self.engine, "before_cursor_execute", self._before_execute)
        self._sessions = self._make_sessions(read_only=read_only)

    # -- the key -----------------------------------------------------------------------
    def _key_statement(self) -> str:
        """``PRAGMA key`` for a connection. The passphrase is stretched once, here, with
        SQLCipher's own derivation (PBKDF2-HMAC-SHA512, 256,000 rounds, the file's salt),
        and every connection after the first — the pool's, the background page check's —
        is given that raw key: the 100–300 ms derivation is never paid twice. A file
        being created has no salt yet: SQLCipher derives from the passphrase itself."""
        with self._key_lock:
            if self._key_sql is None:
                salt = b""
                if not self._creating:
                    with contextlib.suppress(OSError), self.path.open("rb") as fh:
                        salt = fh.read(SALT_BYTES)
                if len(salt) == SALT_BYTES:
                    key = derive_key(self._passphrase, salt)
                    self._key_sql = f"PRAGMA key = \"x'{key.hex()}'\""
                else:
                    return f"PRAGMA key = {sql_literal(self._passphrase)}"
            return self._key_sql

    # -- connections -------------------------------------------------------------------
    def _connect(self) -> Any:
        return self._open_connection(read_only=self.read_only)

    def _open_connection(self, *, read_only: bool) -> Any:
        if read_only:
            # SQLite's own read-only mode: the file is never written, not even by a
            # checkpoint when the connection closes (measured with a writer in WAL mode).
            conn = sqlcipher3.dbapi2.connect(
                self.path.absolute().as_uri() + "?mode=ro",
                uri=True,
                check_same_thread=False,
                isolation_level=None,
                timeout=15,
            )
        else:
            conn = sqlcipher3.dbapi2.connect(
                str(self.path), check_same_thread=False, isolation_level=None, timeout=15
            )
        try:
            # Before any statement: SQLite only resizes a lookaside nobody uses yet.
            lookaside.enlarge(conn, self.path)
            conn.execute(self._key_statement())
            conn.execute("PRAGMA cipher_log_level = NONE")
            # SQLCipher locks its memory out of swap and wipes it when freed (process-wide,
            # cannot be turned off again). Measured: service writes 1.47x plain SQLite with
            # it, 1.12x without, within the 1.5x target (bench/README.md, issue 9).
            conn.execute(f"PRAGMA cipher_memory_security = {'ON' if MEMORY_SECURITY else 'OFF'}")
        except Exception:
            conn.close()
            raise
        return conn

    @staticmethod
    def _configure_connection(dbapi_conn: Any, _record: Any) -> None:
        cur = dbapi_conn.cursor()
        try:
            cur.execute("PRAGMA foreign_keys = ON")
            cur.execute("PRAGMA synchronous = FULL")
            cur.execute("PRAGMA busy_timeout = 15000")
            # Decrypted pages stay in memory: with SQLite's default 2 MiB, every keystroke
            # of a search decrypted the participant table again (bench/README.md: search
            # median 33 ms -> 9.6 ms at 50,000 participants). An upper bound, not a reservation.
            cur.execute("PRAGMA cache_size = -65536")
        finally:
            cur.close()

    # -- transactions ------------------------------------------------------------------
    @contextlib.contextmanager
    def transaction(self) -> Iterator[Session]:
        """One transaction per user action. Nested calls on the same thread join the outer one."""
        current: Session | None = getattr(self._local, "session", None)
        if current is not None:
            yield current
            return
        if self._closed:
            raise UserError(_("The vault is locked. Unlock it to continue."))
        session = self._sessions()
        self._local.session = session
        try:
            with session.begin():
                yield session
        except DBAPIError as exc:
            if self.read_only and "readonly" in str(exc).lower():
                raise self.read_only_error() from None
            user_error = translate_db_error(exc.orig if exc.orig is not None else exc)
            if user_error is not None:
                raise user_error from None
            raise
        except OSError as exc:
            if _is_disk_problem(exc):
                # A disk problem always has its UserError: translate_db_error is not None.
                raise translate_db_error(exc) from None  # type: ignore[misc]
            raise
        finally:
            self._local.session = None
            session.close()

    @contextlib.contextmanager
    def connection(self) -> Iterator[Connection]:
        with self.engine.connect() as conn:
            yield conn

    # -- read-only -----------------------------------------------------------------------
    def read_only_error(self) -> VaultInUse:
        """What a change attempted on a read-only vault raises (translated)."""
        holder = self.holder
        if self.holder_member:
            text = _(
                "The vault was opened read-only because {member} is using it on the computer "
                "{computer}: nothing can be changed. Close pairdesk there, then open the vault "
                "again to make changes."
            ).format(member=self.holder_member, computer=holder.computer if holder else "?")
        elif holder is not None:
            text = _(
                "The vault was opened read-only because another pairdesk is using it on the "
                "computer {computer}: nothing can be changed. Close pairdesk there, then open "
                "the vault again to make changes."
            ).format(computer=holder.computer)
        else:
            text = _(
                "The vault was opened read-only because another pairdesk is using it: "
                "nothing can be changed. Close pairdesk there, then open the vault again to "
                "make changes."
            )
        error = VaultInUse(text)
        error.holder, error.member = holder, self.holder_member
        return error

    def _make_sessions(self, *, read_only: bool) -> sessionmaker[Session]:
        """The session factory of this vault's engine (a file or a server), with what every
        write keeps derived (each person's assessment progress and active days, what the
        indicators' rules say of each contract) and, read-only, the refusal of any write."""
        from pairdesk.store.activity_years import keep_activity  # the models, lazily
        from pairdesk.store.assessment_progress import keep_progress
        from pairdesk.store.contract_rules import keep_contract_rules

        sessions = sessionmaker(self.engine, expire_on_commit=False)
        keep_progress(sessions)
        keep_activity(sessions)
        keep_contract_rules(sessions)
        if read_only:
            event.listen(sessions, "before_flush", self._refuse_flush)
        return sessions

    def _refuse_flush(self, session: Session, _context: Any, _instances: Any) -> None:
        if session.new or session.dirty or session.deleted:
            raise self.read_only_error()

    def record_operator(self, member_id: int | None) -> None:
        """Write who is acting (a team member id, never a name) into the lock file."""
        if self.lock is not None and self._owns_lock:
            self.lock.update_member(member_id)

    def release_memory(self) -> None:
        """Free the decrypted pages the idle connections keep (``PRAGMA shrink_memory``):
        up to ``cache_size`` (64 MiB) each once a view has read much of the file (the
        home list, the indicators); the next read decrypts what it needs again. The window
        calls it once it is at rest (issue 12: 65 MB at 50,000 participants)."""
        if self._closed:
            return
        pool = self.engine.pool
        idle = pool.checkedin() if isinstance(pool, QueuePool) else 0
        held: list[Any] = []
        try:
            for _ in range(idle):
                conn = self.engine.raw_connection()
                held.append(conn)
                cursor = conn.cursor()
                try:
                    cursor.execute("PRAGMA shrink_memory")
                finally:
                    cursor.close()
        finally:
            for conn in held:
                conn.close()
        _return_freed_memory()

    # -- lifecycle ---------------------------------------------------------------------
    def replaced_on_disk(self) -> bool:
        """Whether the path now names another file than the one opened: another pairdesk
        restored a backup or changed the passphrase while this one (read-only) kept the
        old file open, whose pages it would go on showing (a tester)."""
        now = _file_identity(self.path)
        return now is None or (self._file_identity is not None and now != self._file_identity)

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        check = self.page_check
        if check is not None and check.thread is not None:
            check.thread.join()  # its connection reads the file: done before the lock goes
        try:
            if not self.read_only:
                with contextlib.suppress(Exception):
                    self._raw_execute("PRAGMA wal_checkpoint(TRUNCATE)")
            self.engine.dispose()
        finally:
            self._release_lock()

    def _release_lock(self) -> None:
        if self.lock is not None and self._owns_lock:
            self.lock.release()

    def _raw_execute(self, sql: str) -> None:
        """Run a statement outside any transaction (journal mode, checkpoints)."""
        if self.read_only:
            raise self.read_only_error()
        raw = self.engine.raw_connection()
        try:
            dbapi = raw.driver_connection
            assert dbapi is not None
            dbapi.execute(sql)
        finally:
            raw.close()

    @property
    def closed(self) -> bool:
        return self._closed

    def __enter__(self) -> Vault:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- checks ------------------------------------------------------------------------
    def verify_key(self) -> None:
        """Read the schema: fails with CannotUnlock on a wrong passphrase, changes nothing."""
        try:
            with self.engine.connect() as conn:
                conn.exec_driver_sql("SELECT count(*) FROM sqlite_master").scalar()
        except DBAPIError as exc:
            self.engine.dispose()
            self._closed = True
            self._release_lock()
            raise _unlock_error(self.path, exc) from None

    def integrity(self) -> IntegrityReport:
        """SQLCipher's page-by-page HMAC check, then SQLite's own structural check."""
        problems: list[str] = []
        cipher_ok = sqlite_ok = True
        revision: str | None = None
        with self.engine.connect() as conn:
            try:
                rows = conn.exec_driver_sql("PRAGMA cipher_integrity_check").all()
                if rows:
                    cipher_ok = False
                    problems.extend(str(r[0]) for r in rows[:20])
            except Exception as exc:  # damaged pages can raise anything, MemoryError included
                cipher_ok = False
                problems.append(str(exc))
            try:
                rows = conn.exec_driver_sql("PRAGMA integrity_check").all()
                if [tuple(r) for r in rows] != [("ok",)]:
                    sqlite_ok = False
                    problems.extend(str(r[0]) for r in rows[:20])
            except Exception as exc:
                sqlite_ok = False
                problems.append(str(exc))
            with contextlib.suppress(Exception):
                revision = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
        size = self.path.stat().st_size if self.path.exists() else 0
        return IntegrityReport(cipher_ok, sqlite_ok, tuple(problems), revision, size)

    def require_intact(self, *, full: bool = True) -> None:
        """Raise VaultDamaged unless every page passes SQLCipher's HMAC check (and, when
        ``full``, SQLite's structural check). The HMAC check reads the whole file: 0.3 s
        for a 190 MB vault of 50,000 participants, a few milliseconds for a real GEM's."""
        if full:
            report = self.integrity()
            intact = report.cipher_ok and report.sqlite_ok
        else:
            intact = self._cipher_pages_ok()
        if not intact:
            raise damaged_error()

    def _cipher_pages_ok(self) -> bool:
        try:
            with self.engine.connect() as conn:
                return not conn.exec_driver_sql("PRAGMA cipher_integrity_check").all()
        except Exception:  # damaged pages can raise anything, MemoryError included
            return False

    # -- the page check in the background ------------------------------------------------
    def start_page_check(self) -> PageCheck:
        """Run the HMAC check of every page on a thread of its own, on its own read-only
        connection (keyed with the derived key), while the vault is already usable for
        reading. Every statement that changes the file waits for it (``_before_execute``),
        so do a backup (``export_copy``) and a migration; a damaged page found makes them
        raise ``VaultDamaged``."""
        if self.page_check is not None:
            return self.page_check
        check = PageCheck()

        def run() -> None:
            damaged = True
            try:
                conn = self._open_connection(read_only=True)
                try:
                    damaged = bool(conn.execute("PRAGMA cipher_integrity_check").fetchall())
                finally:
                    conn.close()
            except Exception:  # damaged pages can raise anything, MemoryError included
                damaged = True
            if damaged:
                log.warning("the background page check found a damaged page")
            check.finish(damaged)

        self._key_statement()  # derived here, before the thread needs it
        check.thread = threading.Thread(target=run, name="pairdesk-page-check", daemon=True)
        self.page_check = check
        check.thread.start()
        return check

    def wait_for_page_check(self) -> None:
        """Block until the background page check (if any) is over; ``VaultDamaged`` if it
        found a damaged page."""
        check = self.page_check
        if check is None:
            return
        if check.thread is not None and check.thread is threading.current_thread():
            return
        check.wait()
        if check.damaged:
            raise damaged_error()

    def _before_execute(
        self,
        _conn: Connection,
        _cursor: Any,
        statement: str,
        _parameters: Any,
        _context: Any,
        _executemany: bool,
    ) -> None:
        """A change waits for the background page check, and is refused if it failed; on a
        read-only copy of a server, anything but a read or an audit line is refused."""
        copy = self.server_copy
        if copy is not None and copy.refuses(statement):
            raise copy.refusal()
        check = self.page_check
        if check is None or (check.done and not check.damaged):
            return
        if _WRITE_STATEMENT.match(statement):
            self.wait_for_page_check()

    # -- backups -----------------------------------------------------------------------
    def export_copy(
        self,
        destination: Path,
        *,
        new_passphrase: str | None = None,
        progress: Callable[[str], None] | None = None,
    ) -> Path:
        """Write an encrypted, verified copy of the vault to ``destination``.

        The copy is written beside its final name, checked (it opens with the key, both
        integrity checks pass, the schema revision matches), synced to disk and only then
        renamed into place, so a failure never leaves a half-written file under that name.
        """
        destination = Path(destination)
        if self.read_only:
            raise self.read_only_error()
        self.wait_for_page_check()  # never a copy of a vault whose pages are not checked
        if destination.exists():
            raise UserError(_("A file already exists at {path}.").format(path=destination))
        destination.parent.mkdir(parents=True, exist_ok=True)
        remove_stale_partials(destination.parent)
        partial = destination.with_name(destination.name + ".partial")
        passphrase = (
            normalise_passphrase(new_passphrase) if new_passphrase is not None else self._passphrase
        )
        with contextlib.suppress(FileNotFoundError):
            partial.unlink()
        try:
            create_owner_only(partial)  # SQLCipher fills it; its journal inherits the mode
            raw = self.engine.raw_connection()
            try:
                dbapi = raw.driver_connection
                assert dbapi is not None
                dbapi.execute(
                    f"ATTACH DATABASE {sql_literal(str(partial))} AS pairdesk_copy KEY {sql_literal(passphrase)}"
                )
                try:
                    dbapi.execute("SELECT sqlcipher_export('pairdesk_copy')")
                    version = dbapi.execute("PRAGMA main.user_version").fetchone()[0]
                    dbapi.execute(f"PRAGMA pairdesk_copy.user_version = {int(version)}")
                finally:
                    dbapi.execute("DETACH DATABASE pairdesk_copy")
            finally:
                raw.close()
            if progress:
                progress(_("Checking the copy…"))
            copy = Vault(partial, passphrase)
            try:
                copy.verify_key()
                report = copy.integrity()
            finally:
                copy.close()
            mine = self.integrity().schema_revision
            if not (report.cipher_ok and report.sqlite_ok) or report.schema_revision != mine:
                raise UserError(_("The copy could not be verified; it was not kept."))
            _fsync(partial)
            os.replace(partial, destination)
            _fsync_dir(destination.parent)
        except UserError:
            with contextlib.suppress(OSError):
                partial.unlink()
            raise
        except Exception as exc:
            with contextlib.suppress(OSError):
                partial.unlink()
            cause = exc.orig if isinstance(exc, DBAPIError) and exc.orig else exc
            if _is_disk_problem(cause):
                # the copy's disk, not the vault's: « the vault could not be written » sent
                # a tester looking for a problem with the vault (a full USB stick)
                raise DiskError(
                    _(
                        "The copy {path} could not be written: its disk is full or "
                        "read-only. The vault itself was not changed; free some space or "
                        "choose another folder, then try again."
                    ).format(path=destination)
                ) from None
            translated = translate_db_error(cause)
            if translated is not None:
                raise translated from None
            raise
        return destination

    def check_passphrase(self, candidate: str) -> bool:
        return normalise_passphrase(candidate) == self._passphrase


#: A copy being written is touched every few milliseconds; one untouched this long was
#: left by a pairdesk that was killed while writing it.
STALE_PARTIAL_AGE = dt.timedelta(hours=1)


def remove_stale_partials(folder: Path, *, now: dt.datetime | None = None) -> list[Path]:
    """Remove the ``*.pairdesk.partial`` copies (and their journals) of ``folder`` left by
    a backup that was killed while writing (23 MB after a tester's kill -9, kept forever):
    only those untouched for :data:`STALE_PARTIAL_AGE`, so that another pairdesk's backup
    being written into the same folder is never touched. Never raises."""
    now = now or dt.datetime.now()
    removed: list[Path] = []
    with contextlib.suppress(OSError):
        for candidate in Path(folder).glob("*.pairdesk.partial*"):
            with contextlib.suppress(OSError):
                touched = dt.datetime.fromtimestamp(candidate.stat().st_mtime)
                if candidate.is_file() and now - touched >= STALE_PARTIAL_AGE:
                    candidate.unlink()
                    removed.append(candidate)
    return removed


def _file_identity(path: Path) -> tuple[int, int] | None:
    try:
        found = os.stat(path)
    except OSError:
        return None
    return found.st_dev, found.st_ino


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(path: Path) -> None:
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        _fsync(path)


def _check_file_before_open(path: Path) -> None:
    if not path.exists():
        raise CannotUnlock(_("There is no vault at {path}.").format(path=path))
    if path.is_dir():
        raise CannotUnlock(_("{path} is a folder, not a pairdesk vault.").format(path=path))
    size = path.stat().st_size
    if size == 0:
        raise CannotUnlock(_("{path} is empty: it is not a pairdesk vault.").format(path=path))
    with path.open("rb") as fh:
        head = fh.read(16)
    if head == SQLITE_HEADER:
        raise CannotUnlock(
            _("{path} is an unencrypted SQLite database, not a pairdesk vault.").format(path=path)
        )


def _unlock_error(path: Path, exc: BaseException) -> UserError:
    message = str(exc).lower()
    if "not a database" in message or "encrypted" in message:
        size = path.stat().st_size if path.exists() else 0
        if size < PAGE_SIZE or size % 1024:
            return CannotUnlock(
                _(
                    "{path} cannot be opened: the file is too short or truncated to be a "
                    "pairdesk vault."
                ).format(path=path)
            )
        return CannotUnlock(
            _(
                "The vault could not be unlocked: the passphrase is wrong, or the very "
                "beginning of the file is damaged (the two cannot be told apart). "
                "Check the passphrase, including capitals and accents."
            )
        )
    translated = translate_db_error(exc)
    if translated is not None:
        return translated
    return CannotUnlock(_("The vault could not be opened: {reason}").format(reason=str(exc)))


def _return_freed_memory() -> None:
    """glibc keeps the small blocks SQLite frees (its cache pages) in the process's heap;
    ``malloc_trim`` hands them back to the system (Linux; elsewhere nothing is done)."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes
    import ctypes.util

    with contextlib.suppress(OSError, AttributeError, TypeError):
        ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim(0)


def open_vault(
    path: Path,
    passphrase: str,
    *,
    verify: bool = False,
    migrate: bool = True,
    schema_required: bool = True,
    read_only: bool = False,
    fallback_read_only: bool = False,
    lock: VaultLock | None = None,
    background_check: bool = False,
) -> Vault:
    """Unlock an existing vault. Raises CannotUnlock, VaultDamaged, NewerVault, DiskError,
    VaultInUse.

    Every opening checks each page's HMAC (damage anywhere after the first page is found
    before anything is read or written); ``verify`` adds SQLite's structural check
    (``pairdesk check``). An older schema is upgraded after an automatic encrypted backup;
    a newer one is refused untouched. A vault whose schema version was lost (an emptied or
    missing ``alembic_version`` table) is damaged: it is never "upgraded" from nothing
    (``schema_required=False`` lets ``pairdesk check`` report it instead).

    The vault's lock is taken (or ``lock``, held by the caller, is used). When another
    pairdesk holds it, ``VaultInUse`` names the member using it (looked up read-only with
    this passphrase); with ``fallback_read_only`` the vault is returned opened read-only
    instead. ``read_only`` opens read-only at once, without the lock and without
    migrating.

    ``background_check`` (the window): the page check runs on its own thread instead of
    before returning (``Vault.start_page_check``), so that the time to open does not grow
    with the file; a migration, the backup before it and every change wait for it, and
    refuse to go on if it found damage. The command line keeps it synchronous.
    """
    from pairdesk.store import migrations

    try:
        vault = Vault(path, passphrase, read_only=read_only, lock=lock)
    except VaultInUse as busy:
        holder = busy.holder if isinstance(busy.holder, LockHolder) else None
        return _open_in_use(
            Path(path),
            passphrase,
            holder,
            verify=verify,
            keep=fallback_read_only,
            background_check=background_check,
        )
    vault.verify_key()
    try:
        if background_check and not verify:
            vault.start_page_check()
        else:
            vault.require_intact(full=verify)
        state = migrations.schema_state(vault)
        if state.current is None and schema_required:
            raise VaultDamaged(
                _(
                    "The vault is damaged: its schema version is missing. Restore the latest "
                    "backup (pairdesk restore) and keep the damaged file aside."
                )
            )
        if state.newer:
            raise NewerVault(
                _(
                    "This vault was written by a newer version of pairdesk "
                    "(schema {found}). Install the latest pairdesk to open it; the file was "
                    "not changed."
                ).format(found=state.current)
            )
        if state.behind and read_only and migrate:  # cannot upgrade without the lock
            raise in_use_error(vault.path, vault.holder, None)
        if state.behind and migrate:
            vault.wait_for_page_check()  # neither the backup nor the upgrade before it
            migrations.upgrade_with_backup(vault)
        if state.current is not None:
            from pairdesk.store import server_copy

            with vault.engine.connect() as conn:
                vault.server_copy = server_copy.read(conn)
    except DBAPIError as exc:
        vault.close()
        translated = translate_db_error(exc.orig if exc.orig is not None else exc)
        if translated is not None:
            raise translated from None
        raise
    except BaseException:
        vault.close()
        raise
    return vault


def lock_vault(path: Path, passphrase: str | None = None) -> VaultLock:
    """Take the vault's lock for work on its file (restore, passphrase change) or raise
    ``VaultInUse``, naming the member using it when ``passphrase`` unlocks the vault."""
    try:
        return VaultLock.acquire(Path(path))
    except VaultInUse as busy:
        holder = busy.holder if isinstance(busy.holder, LockHolder) else None
        member = None
        if passphrase is not None and holder is not None and holder.member_id is not None:
            with contextlib.suppress(Exception):
                peek = open_vault(Path(path), passphrase, read_only=True)
                try:
                    member = _member_name(peek, holder.member_id)
                finally:
                    peek.close()
        raise in_use_error(Path(path), holder, member) from None


def _open_in_use(
    path: Path,
    passphrase: str,
    holder: LockHolder | None,
    *,
    verify: bool,
    keep: bool,
    background_check: bool = False,
) -> Vault:
    """The vault is held by another pairdesk: open it read-only (which checks the
    passphrase: CannotUnlock if wrong), name the member holding it, then keep it open
    (``keep``) or raise ``VaultInUse`` with that name."""
    vault = open_vault(
        path, passphrase, verify=verify, read_only=True, background_check=background_check and keep
    )
    vault.holder = holder
    vault.holder_member = _member_name(vault, holder.member_id if holder else None)
    if keep:
        return vault
    vault.close()
    raise in_use_error(path, holder, vault.holder_member)


def _member_name(vault: Vault, member_id: int | None) -> str | None:
    if member_id is None:
        return None
    from pairdesk.store.models import TeamMember

    try:
        with vault.transaction() as session:
            member = session.get(TeamMember, member_id)
            return f"{member.first_name} {member.last_name}" if member is not None else None
    except Exception:  # an old schema, a damaged page: the message goes without the name
        return None


def create_vault(
    path: Path,
    passphrase: str,
    *,
    association_name: str,
    today: dt.date | None = None,
    revision: str = "head",
) -> Vault:
    """Create a new vault (refuses to overwrite) with the current schema and the profile.
    ``revision``: an older schema, for a copy of an older vault (``transfer``), which
    writes every row itself: no profile is added then."""
    from pairdesk.store import migrations
    from pairdesk.store.models import Association

    path = Path(path)
    if path.exists():
        raise InvalidInput(
            _("A file already exists at {path}; it was not overwritten.").format(path=path)
        )
    # The length rule of a new passphrase is the services' (vaults.create): the demo
    # vault, made by code, opens with "demo".
    check_passphrase_text(passphrase, field="passphrase")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DiskError(
            _("The folder {folder} cannot be created: {reason}").format(
                folder=path.parent, reason=exc.strerror
            )
        ) from None
    # Built under a temporary name and renamed once complete: a killed init leaves only
    # that name, which the next init removes, never a half-made vault under the real one.
    building = path.with_name(path.name + INIT_SUFFIX)
    _remove_with_journal(building)
    vault: Vault | None = None
    try:
        create_owner_only(building)
        vault = Vault(building, passphrase, create=True)
        vault._raw_execute("PRAGMA journal_mode = WAL")
        migrations.upgrade(vault, revision)
        if revision == "head":
            with vault.transaction() as session:
                session.add(
                    Association(id=1, name=association_name, created_on=today or dt.date.today())
                )
        vault.close()  # checkpoints the write-ahead log into the file and closes it
        wal = Path(str(building) + "-wal")
        if wal.exists() and wal.stat().st_size > 0:
            raise DiskError(_("The new vault could not be completed; nothing was created."))
        _fsync(building)
        if path.exists():
            raise InvalidInput(
                _("A file already exists at {path}; it was not overwritten.").format(path=path)
            )
        for suffix in ("-wal", "-shm"):
            with contextlib.suppress(OSError):
                Path(str(building) + suffix).unlink()
        os.replace(building, path)
        _fsync_dir(path.parent)
    except BaseException as exc:
        if vault is not None:
            vault.close()
        _remove_with_journal(building)
        if isinstance(exc, DBAPIError | OSError):
            translated = translate_db_error(
                exc.orig if isinstance(exc, DBAPIError) and exc.orig is not None else exc
            )
            if translated is not None:
                raise translated from None
        raise
    return Vault(path, passphrase)


def _remove_with_journal(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        with contextlib.suppress(OSError):
            Path(str(path) + suffix).unlink()

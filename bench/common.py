"""What the benchmarks share: the cached vaults, the plain-SQLite baseline, timing, tables.

Every figure is a ratio against a baseline measured in the same run, on the same machine,
at the same moment (the two sides are interleaved), so that a busy or slow machine changes
both sides alike. Absolute milliseconds are printed too, but only the ratios compare
across machines.

The baseline for the store is the *same data* in an unencrypted SQLite file: the encrypted
vault is built with the demo generator, then exported page-for-page with
``sqlcipher_export`` into a plaintext file (same schema, same rows, same row ids, same
FTS5 index). :class:`PlainVault` opens that file over the standard library's ``sqlite3``
with the same pragmas, pool and transaction scope as :class:`pairdesk.store.vault.Vault`,
so the very same service code runs on both.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import json
import math
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import sqlcipher3
from sqlalchemy import create_engine, event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool

from pairdesk.domain.enums import Role
from pairdesk.services.context import Operator, ServiceContext
from pairdesk.store.assessment_progress import keep_progress
from pairdesk.store.migrations import head_revision
from pairdesk.store.vault import Vault, create_vault, open_vault, sql_literal

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "bench" / "out"
#: A fixed, fictional passphrase: the benchmark vaults hold only demo data.
PASSPHRASE = "bench ’ passphrase é"
TODAY = dt.date(2026, 11, 25)
SEED = 1
ASSOCIATION = "GEM Les Tilleuls (bench)"


# -- the plain baseline ----------------------------------------------------------------------


class PlainVault:
    """An unencrypted SQLite file behind the same ``transaction()`` API as ``Vault``.

    ``driver="sqlite3"`` (the default) uses the standard library; ``driver="sqlcipher3"``
    uses the SQLCipher build *without a key*, i.e. the same SQLite version as the vault
    with encryption switched off, which isolates the cost of encryption alone.
    """

    def __init__(self, path: Path, *, driver: str = "sqlite3") -> None:
        self.path = Path(path)
        self.driver = driver
        module: Any = sqlite3 if driver == "sqlite3" else sqlcipher3.dbapi2
        self._module = module
        self._local = threading.local()
        self._closed = False
        self.engine: Engine = create_engine(
            "sqlite:///" + str(self.path),
            module=module,
            poolclass=QueuePool,
            creator=self._connect,
            hide_parameters=True,
            pool_size=2,
            max_overflow=4,
        )
        event.listen(self.engine, "connect", Vault._configure_connection)
        event.listen(self.engine, "begin", lambda conn: conn.exec_driver_sql("BEGIN"))
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        keep_progress(self._sessions)

    def _connect(self) -> Any:
        return self._module.connect(
            str(self.path), check_same_thread=False, isolation_level=None, timeout=15
        )

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Session]:
        current: Session | None = getattr(self._local, "session", None)
        if current is not None:
            yield current
            return
        session = self._sessions()
        self._local.session = session
        try:
            with session.begin():
                yield session
        finally:
            self._local.session = None
            session.close()

    @contextlib.contextmanager
    def connection(self) -> Iterator[Connection]:
        with self.engine.connect() as conn:
            yield conn

    def _raw_execute(self, sql: str) -> None:
        raw = self.engine.raw_connection()
        try:
            dbapi = raw.driver_connection
            assert dbapi is not None
            dbapi.execute(sql)
        finally:
            raw.close()

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        with contextlib.suppress(Exception):
            self._raw_execute("PRAGMA wal_checkpoint(TRUNCATE)")
        self.engine.dispose()

    @property
    def closed(self) -> bool:
        return self._closed

    def __enter__(self) -> PlainVault:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


AnyVault = Vault | PlainVault


_extra_pragmas: list[str] = []


def _apply_extra_pragmas(dbapi_conn: Any, _record: Any) -> None:
    for sql in _extra_pragmas:
        dbapi_conn.execute(sql)


def set_cache_size(kib: int | None) -> None:
    """Experiment: ``PRAGMA cache_size = -kib`` on every new connection, on BOTH sides.

    Registered on SQLAlchemy's ``Engine`` class, so it reaches the engines that
    ``open_vault`` creates (after its own pragmas) as well as the plain ones.
    """
    _extra_pragmas.clear()
    if kib:
        _extra_pragmas.append(f"PRAGMA cache_size = {-abs(int(kib))}")
        if not event.contains(Engine, "connect", _apply_extra_pragmas):
            event.listen(Engine, "connect", _apply_extra_pragmas)


def open_plain(path: Path, *, driver: str = "sqlite3") -> PlainVault:
    """The baseline of ``open_vault``: read the schema, check the revision.

    What ``open_vault`` adds on top (key derivation, the page-by-page HMAC check) has no
    plain equivalent: that is precisely the cost being measured.
    """
    from pairdesk.store import migrations

    plain = PlainVault(path, driver=driver)
    with plain.engine.connect() as conn:
        conn.exec_driver_sql("SELECT count(*) FROM sqlite_master").scalar()
    state = migrations.schema_state(plain)  # type: ignore[arg-type]
    if state.newer or state.behind:
        raise RuntimeError(f"the plain copy is not at the head revision: {state}")
    return plain


def open_encrypted(path: Path) -> Vault:
    return open_vault(path, PASSPHRASE)


def context(vault: AnyVault) -> ServiceContext:
    """A coordinator acting on TODAY (the day the demo data was generated for)."""
    return ServiceContext(
        vault,  # type: ignore[arg-type]
        Operator(id=None, name="Bench", role=Role.COORDINATOR),
        lambda: TODAY,
    )


# -- the cached vaults -----------------------------------------------------------------------


@dataclass(frozen=True)
class BuiltVaults:
    participants: int
    encrypted: Path
    plain: Path
    build_seconds: float
    export_seconds: float
    encrypted_bytes: int
    plain_bytes: int
    summary: dict[str, Any]


def vault_paths(participants: int, out: Path = OUT) -> tuple[Path, Path, Path]:
    return (
        out / f"vault-{participants}.pairdesk",
        out / f"plain-{participants}.sqlite",
        out / f"build-{participants}.json",
    )


def _remove(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        with contextlib.suppress(FileNotFoundError):
            Path(str(path) + suffix).unlink()


def export_plain(vault: Vault, destination: Path) -> None:
    """Write an unencrypted copy (same schema, rows and ids) with ``sqlcipher_export``."""
    _remove(destination)
    raw = vault.engine.raw_connection()
    try:
        dbapi = raw.driver_connection
        assert dbapi is not None
        dbapi.execute(f"ATTACH DATABASE {sql_literal(str(destination))} AS plain KEY ''")
        try:
            dbapi.execute("SELECT sqlcipher_export('plain')")
            version = dbapi.execute("PRAGMA main.user_version").fetchone()[0]
            dbapi.execute(f"PRAGMA plain.user_version = {int(version)}")
        finally:
            dbapi.execute("DETACH DATABASE plain")
    finally:
        raw.close()
    conn = sqlite3.connect(destination, isolation_level=None)
    try:
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            raise RuntimeError(f"the plain copy refused WAL: {mode}")
    finally:
        conn.close()


def build_vaults(
    participants: int,
    *,
    out: Path = OUT,
    rebuild: bool = False,
    log: Callable[[str], None] = print,
) -> BuiltVaults:
    """The encrypted vault and its plain twin for ``participants``, built once and cached."""
    from pairdesk.services.demo import generate_demo_data

    out.mkdir(parents=True, exist_ok=True)
    encrypted, plain, meta = vault_paths(participants, out)
    schema = head_revision()
    data = json.loads(meta.read_text(encoding="utf-8")) if meta.exists() else {}
    # A cache built by an older schema would be measured without what the newer one adds.
    if not rebuild and encrypted.exists() and plain.exists() and data.get("schema") == schema:
        log(f"using cached vaults for {participants} participants ({encrypted.parent})")
        return BuiltVaults(
            participants=participants,
            encrypted=encrypted,
            plain=plain,
            build_seconds=float(data["build_seconds"]),
            export_seconds=float(data["export_seconds"]),
            encrypted_bytes=encrypted.stat().st_size,
            plain_bytes=plain.stat().st_size,
            summary=dict(data["summary"]),
        )
    for path in (encrypted, plain, meta):
        _remove(path)
    building = encrypted.with_name(encrypted.name + ".building")
    plain_building = plain.with_name(plain.name + ".building")
    _remove(building)
    _remove(plain_building)
    log(f"building the vault: {participants} participants and a year of activity…")
    started = time.perf_counter()
    vault = create_vault(building, PASSPHRASE, association_name=ASSOCIATION, today=TODAY)
    try:

        def progress(done: int, total: int) -> bool:
            if total and done and done % max(1, total // 10) == 0:
                log(f"  {done}/{total} participants")
            return True

        summary = generate_demo_data(
            context(vault), participants=participants, seed=SEED, today=TODAY, progress=progress
        )
        build_seconds = time.perf_counter() - started
        log(f"  built in {build_seconds:.1f} s; exporting the plain twin…")
        started = time.perf_counter()
        export_plain(vault, plain_building)
        export_seconds = time.perf_counter() - started
    finally:
        vault.close()
    os.replace(building, encrypted)
    os.replace(plain_building, plain)
    summary_dict = asdict(summary)
    meta.write_text(
        json.dumps(
            {
                "participants": participants,
                "schema": schema,
                "build_seconds": build_seconds,
                "export_seconds": export_seconds,
                "summary": summary_dict,
            },
            indent=2,
        ),
        encoding="utf-8",
    )
    log(f"  done (export {export_seconds:.1f} s)")
    return BuiltVaults(
        participants=participants,
        encrypted=encrypted,
        plain=plain,
        build_seconds=build_seconds,
        export_seconds=export_seconds,
        encrypted_bytes=encrypted.stat().st_size,
        plain_bytes=plain.stat().st_size,
        summary=summary_dict,
    )


def copy_database(source: Path, destination: Path) -> Path:
    """A copy to write on (the sources are closed, so checkpointed into one file)."""
    _remove(destination)
    shutil.copyfile(source, destination)
    return destination


# -- timing ----------------------------------------------------------------------------------


def now_ms() -> float:
    return time.perf_counter() * 1000.0


def time_ms(fn: Callable[[], Any]) -> float:
    started = time.perf_counter()
    fn()
    return (time.perf_counter() - started) * 1000.0


@dataclass(frozen=True)
class Stats:
    n: int
    median: float
    p95: float
    mean: float
    minimum: float
    maximum: float

    @classmethod
    def of(cls, samples: Sequence[float]) -> Stats:
        if not samples:
            return cls(0, float("nan"), float("nan"), float("nan"), float("nan"), float("nan"))
        ordered = sorted(samples)
        rank = max(0, min(len(ordered) - 1, math.ceil(0.95 * len(ordered)) - 1))  # nearest rank
        return cls(
            n=len(ordered),
            median=statistics.median(ordered),
            p95=ordered[rank],
            mean=statistics.fmean(ordered),
            minimum=ordered[0],
            maximum=ordered[-1],
        )


@contextlib.contextmanager
def collector_as_in_the_window() -> Iterator[None]:
    """Python's cyclic collector as pairdesk's window runs it (``pairdesk/ui/gui_gc.py``):
    what is alive is frozen, as the window freezes its start-up objects once the background
    imports are done, and nothing is collected automatically while the code runs (the
    window collects on the GUI thread between events, by a timer). What this leaves out: a
    timer tick of the GUI thread during a computation on the worker collects there too,
    usually the youngest generation only. Collected and unfrozen afterwards."""
    gc.collect()
    gc.freeze()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
        gc.unfreeze()
        gc.collect()


def interleaved(
    sides: dict[str, Callable[[], Any]], repeat: int, *, warmup: int = 1
) -> dict[str, list[float]]:
    """Run each side's ``fn`` in turn, ``repeat`` times, and return the ms samples per side.

    Alternating the sides makes background load fall on both alike.
    """
    for _ in range(warmup):
        for fn in sides.values():
            fn()
    samples: dict[str, list[float]] = {name: [] for name in sides}
    gc.collect()
    for _ in range(repeat):
        for name, fn in sides.items():
            samples[name].append(time_ms(fn))
    return samples


# -- reporting -------------------------------------------------------------------------------


@dataclass
class Row:
    """One line of a result table: the measured side against its baseline."""

    name: str
    measured: Stats
    baseline: Stats | None
    baseline_name: str = "plain SQLite"
    target: str = ""
    met: bool | None = None
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def ratio(self) -> float | None:
        if self.baseline is None or not self.baseline.median:
            return None
        return self.measured.median / self.baseline.median

    def as_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "measured_ms": asdict(self.measured),
            "baseline": self.baseline_name if self.baseline else None,
            "baseline_ms": asdict(self.baseline) if self.baseline else None,
            "ratio_of_medians": self.ratio,
            "target": self.target,
            "target_met": self.met,
            "note": self.note,
            **self.extra,
        }


def _fmt(value: float | None, digits: int = 2) -> str:
    if value is None or value != value:  # NaN
        return "–"
    if value >= 1000:
        return f"{value:,.0f}"
    if value >= 100:
        return f"{value:.0f}"
    if value >= 10:
        return f"{value:.1f}"
    return f"{value:.{digits}f}"


def format_table(rows: Sequence[Row], *, measured_label: str, baseline_label: str) -> str:
    headers = [
        "measure",
        f"{measured_label} median ms",
        "p95",
        f"{baseline_label} median ms",
        "p95",
        "ratio",
        "target",
        "met",
    ]
    body = []
    for row in rows:
        ratio = row.ratio
        body.append(
            [
                row.name,
                _fmt(row.measured.median),
                _fmt(row.measured.p95),
                _fmt(row.baseline.median) if row.baseline else "–",
                _fmt(row.baseline.p95) if row.baseline else "–",
                f"{ratio:.2f}×" if ratio is not None else "–",
                row.target or "",
                {True: "yes", False: "NO", None: ""}[row.met],
            ]
        )
    widths = [max(len(h), *(len(r[i]) for r in body)) for i, h in enumerate(headers)]
    lines = [
        "| " + " | ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)) + " |",
        "|" + "|".join("-" * (w + 2) for w in widths) + "|",
    ]
    for r in body:
        cells = [
            c.ljust(w) if i == 0 or i >= 6 else c.rjust(w)
            for i, (c, w) in enumerate(zip(r, widths, strict=True))
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def machine_info() -> dict[str, Any]:
    cpu = ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.lower().startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    conn = sqlcipher3.dbapi2.connect(":memory:")
    try:
        cipher_version = conn.execute("PRAGMA cipher_version").fetchone()[0]
        cipher_provider = conn.execute("PRAGMA cipher_provider").fetchone()
        sqlcipher_sqlite = conn.execute("SELECT sqlite_version()").fetchone()[0]
    finally:
        conn.close()
    try:
        import PySide6

        pyside = PySide6.__version__
    except ImportError:  # pragma: no cover - the UI bench needs it anyway
        pyside = ""
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu or platform.processor(),
        "platform": platform.platform(),
        "python": sys.version.split()[0],
        "sqlcipher": cipher_version,
        "sqlcipher_provider": cipher_provider[0] if cipher_provider else "",
        "sqlcipher_sqlite": sqlcipher_sqlite,
        "stdlib_sqlite": sqlite3.sqlite_version,
        "pyside6": pyside,
        "load_average": os.getloadavg() if hasattr(os, "getloadavg") else None,
        "git_revision": _git_revision(),
        "measured_at": dt.datetime.now().isoformat(timespec="seconds"),
    }


def _git_revision() -> str:
    try:
        return subprocess.run(
            ["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=False,
            timeout=10,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def format_machine(info: dict[str, Any]) -> str:
    return (
        f"machine: {info['nproc']} CPU(s), {info['cpu']}; Python {info['python']}; "
        f"SQLCipher {info['sqlcipher']} ({info['sqlcipher_provider']}, SQLite "
        f"{info['sqlcipher_sqlite']}); stdlib SQLite {info['stdlib_sqlite']}; "
        f"PySide6 {info['pyside6']}; load {info['load_average']}"
    )


def write_json(path: Path, payload: dict[str, Any]) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(payload, indent=2, ensure_ascii=False, default=str) + "\n")
    return path

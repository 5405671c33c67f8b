"""The core's waits (issue 12): the year's indicators on the first computation after
opening, and importing an N-row CSV of participants.

Each measure runs the same service code on the encrypted vault and on its plain SQLite
twin (``bench.common.PlainVault``), the sides interleaved, every sample on a freshly
opened vault (indicators) or a fresh copy (imports). See bench/README.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import time
from collections.abc import Callable, Sequence
from contextlib import nullcontext
from functools import partial
from pathlib import Path
from typing import Any

from bench.common import (
    OUT,
    Row,
    Stats,
    build_vaults,
    collector_as_in_the_window,
    context,
    copy_database,
    format_machine,
    format_table,
    machine_info,
    open_encrypted,
    open_plain,
    write_json,
)
from pairdesk.services.context import ServiceContext
from pairdesk.services.imports import ImportKind, read_table, run_import, running
from pairdesk.services.indicators import compute_indicators
from pairdesk.services.ips import compute_ips

YEAR = (dt.date(2025, 11, 26), dt.date(2026, 11, 25))
HEADER = "Nom;Prénom;Date de naissance;Téléphone;Courriel;Ville;Remarques"
CITIES = ("Lyon", "Saint-Étienne", "Villeurbanne", "Grenoble", "Vénissieux", "Bron")
MAPPING = {0: "last_name", 1: "first_name", 2: "birth_date", 3: "phone", 4: "email",
           5: "city", 6: "notes"}  # fmt: skip


def write_csv(path: Path, rows: int) -> Path:
    """A French Excel-style CSV (semicolons, UTF-8) of ``rows`` fictional participants,
    every one new (names made of the row number, so no likely duplicate)."""
    lines = [HEADER]
    for i in range(rows):
        day = dt.date(1960, 1, 1) + dt.timedelta(days=(i * 37) % 15_000)
        lines.append(
            f"Essai{i:06d};Prénom{i % 997};{day:%d/%m/%Y};06 00 {i % 100:02d} {i % 89:02d} 00;"
            f"essai{i}@example.org;{CITIES[i % len(CITIES)]};ligne {i}"
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _timed(fn: Callable[[], Any]) -> float:
    started = time.perf_counter()
    fn()
    return (time.perf_counter() - started) * 1000.0


def bench_indicators(encrypted: Path, plain: Path, repeat: int) -> list[Row]:
    """Open, then time only the first computation in that opening: the year's indicators
    with Python's automatic collection (as a script runs them), the same with the collector
    as in the window, and what the indicators page computes (the shared indicators, then
    the IPS figures: ``ui/views/indicators/indicators_view._compute``), as in the window."""
    kinds: dict[str, tuple[str, Callable[[ServiceContext], object], bool]] = {
        "script": ("indicators for a year, first computation after opening", _indicators, False),
        "window": (
            "the same, the collector as in the window (ui/gui_gc.py)",
            _indicators,
            True,
        ),
        "page": ("indicators page (shared + IPS), as in the window", _indicators_page, True),
    }
    samples: dict[str, dict[str, list[float]]] = {k: {"enc": [], "plain": []} for k in kinds}
    # The script's samples first, every one of them: the window's explicit collections
    # would leave the collector's generations as a script never finds them.
    for kind, (_label, compute, as_window) in kinds.items():
        for _ in range(repeat):
            for side in ("enc", "plain"):
                vault = open_encrypted(encrypted) if side == "enc" else open_plain(plain)
                try:
                    ctx = context(vault)
                    with collector_as_in_the_window() if as_window else nullcontext():
                        took = _timed(partial(compute, ctx))
                    samples[kind][side].append(took)
                finally:
                    vault.close()
    rows = []
    for kind, (label, _compute, _as_window) in kinds.items():
        measured = Stats.of(samples[kind]["enc"])
        rows.append(
            Row(
                label,
                measured,
                Stats.of(samples[kind]["plain"]),
                target="enc median ≤ 200 ms",
                met=measured.median <= 200,
            )
        )
    return rows


def _indicators(ctx: ServiceContext) -> object:
    return compute_indicators(ctx, *YEAR)


def _indicators_page(ctx: ServiceContext) -> object:
    return compute_indicators(ctx, *YEAR), compute_ips(ctx, *YEAR)


def _import_once(ctx: ServiceContext, csv_path: Path) -> int:
    report = run_import(ctx, ImportKind.PARTICIPANTS, read_table(csv_path), MAPPING)
    return len(report.imported)


def bench_import(
    encrypted: Path,
    plain: Path,
    csv_path: Path,
    rows: int,
    repeat: int,
    workdir: Path,
    *,
    row_by_row: bool = False,
) -> Row:
    """``run_import`` of the CSV (read_table included) into a fresh copy of each vault.
    ``row_by_row``: the path before the batches (every row through the services in its
    own savepoint), forced by treating no row as a plain new participant."""
    samples: dict[str, list[float]] = {"enc": [], "plain": []}
    imported: set[int] = set()
    memory_security: set[str] = set()  # the pragma as the encrypted side reads it
    real = running._simple_participant
    if row_by_row:
        running._simple_participant = lambda kind, row: False  # type: ignore[assignment]
    try:
        for _ in range(repeat):
            for side in ("enc", "plain"):
                source = encrypted if side == "enc" else plain
                copy = copy_database(source, workdir / f"import-{side}{source.suffix}")
                vault = open_encrypted(copy) if side == "enc" else open_plain(copy)
                try:
                    ctx = context(vault)
                    if side == "enc":
                        with vault.connection() as conn:
                            pragma = conn.exec_driver_sql("PRAGMA cipher_memory_security")
                            memory_security.add(str(pragma.scalar()))

                    def once(ctx: ServiceContext = ctx) -> None:
                        imported.add(_import_once(ctx, csv_path))

                    samples[side].append(_timed(once))
                finally:
                    vault.close()
    finally:
        running._simple_participant = real  # type: ignore[assignment]
    measured = Stats.of(samples["enc"])
    how = "row by row (the path before the batches)" if row_by_row else "batched"
    judged = rows == 10_000 and not row_by_row
    return Row(
        f"import a {rows:,}-row CSV of participants, {how}",
        measured,
        Stats.of(samples["plain"]),
        target="enc median ≤ 3,000 ms" if judged else "",
        met=measured.median <= 3000 if judged else None,
        note=f"rows imported per run: {sorted(imported)}; "
        f"cipher_memory_security reads {sorted(memory_security)}; "
        f"enc {measured.median / rows:.3f} ms a row",
        extra={
            "rows": rows,
            "imported": sorted(imported),
            "row_by_row": row_by_row,
            "memory_security_reads": sorted(memory_security),
            "enc_ms_per_row": measured.median / rows,
        },
    )


def force_memory_security(on: bool) -> None:
    """``cipher_memory_security`` for every vault opened from now on in this process (the
    pragma is process-wide and stays on once on: call before any opening)."""
    from pairdesk.store import vault as store_vault

    store_vault.MEMORY_SECURITY = on


def run(
    participants: int,
    *,
    rows: Sequence[int] = (1_000, 10_000),
    repeat: int = 3,
    row_by_row_rows: int = 0,
    memory_security: str = "app",
    indicators: bool = True,
    out: Path | None = None,
    rebuild: bool = False,
    cache_dir: Path = OUT,
    log: Callable[[str], None] = print,
) -> dict[str, Any]:
    if memory_security != "app":
        force_memory_security(memory_security == "on")
    info = machine_info()
    log(format_machine(info))
    built = build_vaults(participants, out=cache_dir, rebuild=rebuild, log=log)
    workdir = cache_dir / f"tmp-core-{participants}"
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        table_rows: list[Row] = []
        if indicators:
            log("… indicators")
            table_rows.extend(bench_indicators(built.encrypted, built.plain, repeat))
        for size in rows:
            log(f"… import of {size:,} rows")
            csv_path = write_csv(workdir / f"participants-{size}.csv", size)
            table_rows.append(
                bench_import(built.encrypted, built.plain, csv_path, size, repeat, workdir)
            )
        if row_by_row_rows:
            log(f"… import of {row_by_row_rows:,} rows, row by row")
            csv_path = write_csv(workdir / f"participants-{row_by_row_rows}.csv", row_by_row_rows)
            table_rows.append(
                bench_import(
                    built.encrypted,
                    built.plain,
                    csv_path,
                    row_by_row_rows,
                    repeat,
                    workdir,
                    row_by_row=True,
                )
            )
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    table = format_table(table_rows, measured_label="SQLCipher", baseline_label="plain")
    log("")
    log(
        f"Core benchmark: {participants:,} participants, repeat {repeat}, "
        f"cipher_memory_security {memory_security}"
    )
    log(table)
    payload: dict[str, Any] = {
        "bench": "core",
        "participants": participants,
        "repeat": repeat,
        "memory_security": memory_security,
        "machine": info,
        "rows": [r.as_json() for r in table_rows],
        "table": table,
    }
    target = out or cache_dir / f"core-{participants}.json"
    write_json(target, payload)
    log(f"\nwritten: {target}")
    return payload


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_core", description=__doc__)
    parser.add_argument("--participants", type=int, default=50_000)
    parser.add_argument(
        "--rows",
        type=lambda text: [int(n) for n in text.split(",")],
        default=[1_000, 10_000],
        help="rows of the imported CSVs, comma-separated (default 1000,10000)",
    )
    parser.add_argument(
        "--row-by-row",
        type=int,
        default=0,
        metavar="ROWS",
        help="also import ROWS rows by the path before the batches (0: not measured)",
    )
    parser.add_argument(
        "--memory-security",
        choices=("app", "on", "off"),
        default="app",
        help="cipher_memory_security on every SQLCipher connection (app: as the app, ON)",
    )
    parser.add_argument("--repeat", type=int, default=3, help="samples per measure and side")
    parser.add_argument("--skip-indicators", action="store_true", help="the imports only")
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--cache-dir", type=Path, default=OUT)
    parser.add_argument("--quick", action="store_true", help="300 participants, 200 rows, 1 repeat")
    args = parser.parse_args(argv)
    if args.quick:
        args.participants, args.rows, args.repeat = 300, [200], 1
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    run(
        args.participants,
        rows=args.rows,
        repeat=args.repeat,
        row_by_row_rows=args.row_by_row,
        memory_security=args.memory_security,
        indicators=not args.skip_indicators,
        out=args.out,
        rebuild=args.rebuild,
        cache_dir=args.cache_dir,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

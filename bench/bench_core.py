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
from pathlib import Path
from typing import Any

from bench.common import (
    OUT,
    Row,
    Stats,
    build_vaults,
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
from pairdesk.services.imports import ImportKind, read_table, run_import
from pairdesk.services.indicators import compute_indicators

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


def bench_indicators(encrypted: Path, plain: Path, repeat: int) -> Row:
    """Open, then time only the first ``compute_indicators`` of the year in that opening."""
    samples: dict[str, list[float]] = {"enc": [], "plain": []}
    for _ in range(repeat):
        for side in ("enc", "plain"):
            vault = open_encrypted(encrypted) if side == "enc" else open_plain(plain)
            try:
                ctx = context(vault)
                samples[side].append(_timed(lambda ctx=ctx: compute_indicators(ctx, *YEAR)))
            finally:
                vault.close()
    return Row(
        "indicators for a year, first computation after opening",
        Stats.of(samples["enc"]),
        Stats.of(samples["plain"]),
        target="enc median ≤ 200 ms",
        met=Stats.of(samples["enc"]).median <= 200,
    )


def bench_import(
    encrypted: Path, plain: Path, csv_path: Path, rows: int, repeat: int, workdir: Path
) -> Row:
    """``run_import`` of the CSV (read_table included) into a fresh copy of each vault."""
    samples: dict[str, list[float]] = {"enc": [], "plain": []}
    imported: set[int] = set()
    for _ in range(repeat):
        for side in ("enc", "plain"):
            source = encrypted if side == "enc" else plain
            copy = copy_database(source, workdir / f"import-{side}{source.suffix}")
            vault = open_encrypted(copy) if side == "enc" else open_plain(copy)
            try:
                ctx = context(vault)

                def once(ctx: ServiceContext = ctx) -> None:
                    report = run_import(ctx, ImportKind.PARTICIPANTS, read_table(csv_path), MAPPING)
                    imported.add(len(report.imported))

                samples[side].append(_timed(once))
            finally:
                vault.close()
    measured = Stats.of(samples["enc"])
    return Row(
        f"import a {rows:,}-row CSV of participants (run_import)",
        measured,
        Stats.of(samples["plain"]),
        target="enc median ≤ 3,000 ms" if rows == 10_000 else "",
        met=measured.median <= 3000 if rows == 10_000 else None,
        note=f"rows imported per run: {sorted(imported)}",
        extra={"rows": rows, "imported": sorted(imported)},
    )


def run(
    participants: int,
    *,
    rows: int = 10_000,
    repeat: int = 3,
    out: Path | None = None,
    rebuild: bool = False,
    cache_dir: Path = OUT,
    log: Callable[[str], None] = print,
) -> dict[str, Any]:
    info = machine_info()
    log(format_machine(info))
    built = build_vaults(participants, out=cache_dir, rebuild=rebuild, log=log)
    workdir = cache_dir / f"tmp-core-{participants}"
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        log("… indicators")
        table_rows = [bench_indicators(built.encrypted, built.plain, repeat)]
        log(f"… import of {rows:,} rows")
        csv_path = write_csv(workdir / "participants.csv", rows)
        table_rows.append(
            bench_import(built.encrypted, built.plain, csv_path, rows, repeat, workdir)
        )
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    table = format_table(table_rows, measured_label="SQLCipher", baseline_label="plain")
    log("")
    log(f"Core benchmark: {participants:,} participants, repeat {repeat}")
    log(table)
    payload: dict[str, Any] = {
        "bench": "core",
        "participants": participants,
        "repeat": repeat,
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
    parser.add_argument("--rows", type=int, default=10_000, help="rows of the imported CSV")
    parser.add_argument("--repeat", type=int, default=3, help="samples per measure and side")
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--cache-dir", type=Path, default=OUT)
    parser.add_argument("--quick", action="store_true", help="300 participants, 200 rows, 1 repeat")
    args = parser.parse_args(argv)
    if args.quick:
        args.participants, args.rows, args.repeat = 300, 200, 1
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    run(
        args.participants,
        rows=args.rows,
        repeat=args.repeat,
        out=args.out,
        rebuild=args.rebuild,
        cache_dir=args.cache_dir,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

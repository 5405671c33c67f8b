"""Importing a CSV of participants at 1,000 / 10,000 / 50,000 rows (issue 12: ≤ 3 s for
10,000 rows, linear), the encrypted vault against its plain SQLite twin in the same run.

Each sample is ``read_table`` + ``run_import`` of a generated French CSV (every row a new
valid fictional participant) into a fresh copy of each vault, sides interleaved
(``bench_core.bench_import``); and the wizard's trial run (``preview`` of the whole file,
nothing kept) at 10,000 rows. The per-row cost at each size shows whether it is linear.
See bench/README.md ("Imports").
"""

from __future__ import annotations

import argparse
import shutil
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from bench.bench_core import MAPPING, bench_import, force_memory_security, write_csv
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
from pairdesk.services.imports import ImportKind, preview, read_table

TARGET_ROWS = 10_000
TARGET_MS = 3_000.0


def bench_dry_run(
    encrypted: Path, plain: Path, csv_path: Path, rows: int, repeat: int, workdir: Path
) -> Row:
    """The wizard's check of the whole file (``preview``: the import tried and undone)."""
    samples: dict[str, list[float]] = {"enc": [], "plain": []}
    for _ in range(repeat):
        for side in ("enc", "plain"):
            source = encrypted if side == "enc" else plain
            copy = copy_database(source, workdir / f"dry-{side}{source.suffix}")
            vault = open_encrypted(copy) if side == "enc" else open_plain(copy)
            try:
                ctx = context(vault)
                started = time.perf_counter()
                shown = preview(ctx, ImportKind.PARTICIPANTS, read_table(csv_path), MAPPING)
                samples[side].append((time.perf_counter() - started) * 1000.0)
                if shown.valid_count != rows:
                    raise RuntimeError(f"trial run: {shown.valid_count} valid rows of {rows}")
            finally:
                vault.close()
    measured = Stats.of(samples["enc"])
    return Row(
        f"check a {rows:,}-row CSV (the wizard's trial run, nothing kept)",
        measured,
        Stats.of(samples["plain"]),
        note=f"enc {measured.median / rows:.3f} ms a row",
        extra={"rows": rows, "dry_run": True, "enc_ms_per_row": measured.median / rows},
    )


def run(
    participants: int = 300,
    *,
    rows: Sequence[int] = (1_000, 10_000, 50_000),
    repeat: int = 3,
    dry_run_rows: int = TARGET_ROWS,
    memory_security: str = "app",
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
    workdir = cache_dir / f"tmp-import-{participants}"
    workdir.mkdir(parents=True, exist_ok=True)
    table_rows: list[Row] = []
    try:
        for size in rows:
            log(f"… import of {size:,} rows")
            csv_path = write_csv(workdir / f"participants-{size}.csv", size)
            row = bench_import(built.encrypted, built.plain, csv_path, size, repeat, workdir)
            if size == TARGET_ROWS:
                row.target, row.met = "enc median ≤ 3,000 ms", row.measured.median <= TARGET_MS
            table_rows.append(row)
        if dry_run_rows:
            log(f"… trial run of {dry_run_rows:,} rows")
            csv_path = write_csv(workdir / f"participants-{dry_run_rows}.csv", dry_run_rows)
            table_rows.append(
                bench_dry_run(built.encrypted, built.plain, csv_path, dry_run_rows, repeat, workdir)
            )
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    table = format_table(table_rows, measured_label="SQLCipher", baseline_label="plain")
    per_row = [
        (r.extra["rows"], r.measured.median / r.extra["rows"], r.baseline.median / r.extra["rows"])
        for r in table_rows
        if r.baseline is not None and not r.extra.get("dry_run")
    ]
    linear = "; ".join(f"{n:,} rows: {enc:.3f} / {pl:.3f}" for n, enc, pl in per_row)
    log("")
    log(
        f"Import benchmark: {participants:,} participants in the vault, repeat {repeat}, "
        f"cipher_memory_security {memory_security}"
    )
    log(table)
    log(f"ms a row (SQLCipher / plain): {linear}")
    payload: dict[str, Any] = {
        "bench": "import",
        "participants": participants,
        "repeat": repeat,
        "memory_security": memory_security,
        "machine": info,
        "rows": [r.as_json() for r in table_rows],
        "ms_per_row": [{"rows": n, "enc": enc, "plain": pl} for n, enc, pl in per_row],
        "table": table,
    }
    target = out or cache_dir / f"import-{participants}.json"
    write_json(target, payload)
    log(f"\nwritten: {target}")
    return payload


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_import", description=__doc__)
    parser.add_argument("--participants", type=int, default=300, help="already in the vault")
    parser.add_argument(
        "--rows",
        type=lambda text: [int(n) for n in text.split(",")],
        default=[1_000, 10_000, 50_000],
        help="rows of the imported CSVs, comma-separated (default 1000,10000,50000)",
    )
    parser.add_argument(
        "--dry-run-rows", type=int, default=TARGET_ROWS, help="the trial run's rows (0: none)"
    )
    parser.add_argument(
        "--memory-security",
        choices=("app", "on", "off"),
        default="app",
        help="cipher_memory_security on every SQLCipher connection (app: as the app, ON)",
    )
    parser.add_argument("--repeat", type=int, default=3, help="samples per measure and side")
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--cache-dir", type=Path, default=OUT)
    parser.add_argument("--quick", action="store_true", help="200 and 1,000 rows, 1 repeat")
    args = parser.parse_args(argv)
    if args.quick:
        args.rows, args.dry_run_rows, args.repeat = [200, 1_000], 200, 1
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    run(
        args.participants,
        rows=args.rows,
        repeat=args.repeat,
        dry_run_rows=args.dry_run_rows,
        memory_security=args.memory_security,
        out=args.out,
        rebuild=args.rebuild,
        cache_dir=args.cache_dir,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""The vault on PostgreSQL against the same data in the encrypted SQLCipher file (issue 14):
moving it there (``pairdesk transfer``), search as you type, deep pages, the indicators, the
home page's lists and everyday service writes.

Run from the repository root::

    .venv/bin/python -m bench.bench_server --participants 5000
    .venv/bin/python -m bench.bench_server --quick          # 300 participants, a smoke run

The demo vault of ``bench/common.py`` is copied into a database of a throw-away local
PostgreSQL cluster (``tests/pg.py``: Debian's ``postgresql`` package, started as an
unprivileged user on a free port, TCP on 127.0.0.1 so the client/server round trip is
counted), or of the server named by ``--server ADDRESS --password-file FILE`` (an empty
database there). The very same service calls then run on both sides, interleaved in the
same run; the search checks on every prefix that both engines find the same people.
The PostgreSQL cluster of the bench has ``fsync`` off (like the tests'): commit figures
there are a lower bound of a real server's.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import shutil
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from bench.bench_store import (
    bench_indicators,
    bench_pages,
    bench_search,
    plan_writes,
    time_writes,
)
from bench.common import (
    OUT,
    Row,
    Stats,
    build_vaults,
    context,
    copy_database,
    format_machine,
    format_table,
    interleaved,
    machine_info,
    open_encrypted,
    write_json,
)
from pairdesk.services import home
from pairdesk.services.context import ServiceContext
from pairdesk.services.transfer import copy_vault
from pairdesk.store.server import (
    ServerVault,
    open_server,
    refresh_statistics,
    sync_sequences,
)
from pairdesk.store.vault import Vault


@contextlib.contextmanager
def throwaway_server() -> Iterator[tuple[str, str]]:
    """A local PostgreSQL cluster with one empty database: (address, password)."""
    from tests import pg

    cluster = pg.PgCluster.create()
    try:
        cluster.start()
        database = cluster.new_database(template=None)
        yield cluster.address(database), pg.PG_PASSWORD
    finally:
        cluster.stop()


def load_server(source: Path, address: str, password: str) -> tuple[ServerVault, float]:
    """Copy the encrypted vault into the empty database (what ``pairdesk transfer`` does):
    the server vault, and the seconds the copy took (verification included)."""
    from pairdesk.store.addresses import parse_address

    target = ServerVault(parse_address(address), password)
    target.verify_key()
    vault = open_encrypted(source)
    try:
        started = time.perf_counter()
        copy_vault(vault, target)
        sync_sequences(target)
        refresh_statistics(target)  # as pairdesk transfer does
        seconds = time.perf_counter() - started
    finally:
        vault.close()
        target.close()
    return open_server(address, password), seconds


def _relabel(rows: Sequence[Row]) -> list[Row]:
    """bench_store's rows name SQLCipher's side "enc" and aim at its targets: here the
    measured side is PostgreSQL and the baseline the encrypted file."""
    return [
        dataclasses.replace(row, baseline_name="SQLCipher vault", target="", met=None)
        for row in rows
    ]


def bench_writes(
    server_ctx: ServiceContext, file_ctx: ServiceContext, count: int
) -> tuple[list[Row], dict[str, Any]]:
    """The same everyday service actions (the same ids on both sides), one transaction
    each, alternately on the server and on the file."""
    total, by_kind = time_writes(
        plan_writes(file_ctx, count + 5), {"server": server_ctx, "file": file_ctx}
    )
    rows = [
        Row(
            f"{len(total['server'])} service writes, one transaction each (ms per action)",
            Stats.of(total["server"]),
            Stats.of(total["file"]),
            baseline_name="SQLCipher vault",
        )
    ]
    for kind, samples in by_kind.items():
        rows.append(
            Row(
                f"  {kind}",
                Stats.of(samples["server"]),
                Stats.of(samples["file"]),
                baseline_name="SQLCipher vault",
            )
        )
    extra = {
        "actions": len(total["server"]),
        "total_ms_server": sum(total["server"]),
        "total_ms_file": sum(total["file"]),
    }
    return rows, extra


def bench_home(server_ctx: ServiceContext, file_ctx: ServiceContext, repeat: int) -> Row:
    """The home page's to-do lists (``home.todo``), every section, on both sides."""
    samples = interleaved(
        {"server": lambda: home.todo(server_ctx), "file": lambda: home.todo(file_ctx)},
        max(1, min(repeat, 5)),
    )
    return Row(
        "home page's to-do lists (home.todo)",
        Stats.of(samples["server"]),
        Stats.of(samples["file"]),
        baseline_name="SQLCipher vault",
    )


def run(
    participants: int,
    *,
    repeat: int = 5,
    writes: int = 100,
    server: str | None = None,
    password: str | None = None,
    out: Path | None = None,
    cache_dir: Path = OUT,
    log: Callable[[str], None] = print,
) -> dict[str, Any]:
    """Run the comparison; ``server``/``password`` name an empty database to use, else a
    throw-away local cluster is started (and stopped)."""
    info = machine_info()
    log(format_machine(info))
    built = build_vaults(participants, out=cache_dir, log=log)
    if server is None:
        with throwaway_server() as (address, secret):
            return run(
                participants,
                repeat=repeat,
                writes=writes,
                server=address,
                password=secret,
                out=out,
                cache_dir=cache_dir,
                log=log,
            )
    assert password is not None
    log("… transfer to the server (copy, checksums, sequences)")
    server_vault, transfer_seconds = load_server(built.encrypted, server, password)
    workdir = cache_dir / f"tmp-server-{participants}"
    workdir.mkdir(parents=True, exist_ok=True)
    file_copy = copy_database(built.encrypted, workdir / "server-twin.pairdesk")
    file_vault: Vault = open_encrypted(file_copy)
    rows: list[Row] = []
    per_prefix: list[dict[str, Any]] = []
    try:
        server_ctx, file_ctx = context(server_vault), context(file_vault)
        log("… search as you type")
        search_rows, per_prefix = bench_search(server_ctx, file_ctx, repeat)
        rows.extend(_relabel(search_rows))
        log("… deep pages")
        offset = min(25_000, participants // 2)
        rows.extend(_relabel(bench_pages(server_ctx, file_ctx, repeat, offset=offset)))
        log("… indicators")
        rows.extend(_relabel([bench_indicators(server_ctx, file_ctx, repeat)]))
        log("… home page")
        rows.append(bench_home(server_ctx, file_ctx, repeat))
        log("… writes")
        write_rows, write_extra = bench_writes(server_ctx, file_ctx, writes)
        rows.extend(write_rows)
    finally:
        server_vault.close()
        file_vault.close()
        shutil.rmtree(workdir, ignore_errors=True)

    table = format_table(rows, measured_label="PostgreSQL", baseline_label="SQLCipher")
    log("")
    log(f"Server benchmark: {participants:,} participants, repeat {repeat}")
    log(f"transfer file → server (copy + verification): {transfer_seconds:.1f} s")
    log(table)
    payload: dict[str, Any] = {
        "bench": "server",
        "participants": participants,
        "repeat": repeat,
        "machine": info,
        "transfer_seconds": transfer_seconds,
        "rows": [r.as_json() for r in rows],
        "search_per_prefix": per_prefix,
        "writes": write_extra,
        "table": table,
    }
    target = out or cache_dir / f"server-{participants}.json"
    write_json(target, payload)
    log(f"\nwritten: {target}")
    return payload


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_server", description=__doc__)
    parser.add_argument("--participants", type=int, default=2_000)
    parser.add_argument("--repeat", type=int, default=5, help="samples per measure and side")
    parser.add_argument("--writes", type=int, default=100, help="service actions in the batch")
    parser.add_argument("--server", default=None, help="an EMPTY database's postgresql:// address")
    parser.add_argument("--password-file", type=Path, default=None, help="its login's password")
    parser.add_argument("--out", type=Path, default=None, help="JSON results (bench/out/…)")
    parser.add_argument("--cache-dir", type=Path, default=OUT, help="where built vaults are kept")
    parser.add_argument("--quick", action="store_true", help="tiny smoke run: 300 participants")
    args = parser.parse_args(argv)
    if args.quick:
        args.participants, args.repeat, args.writes = 300, 2, 20
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    password = None
    if args.password_file is not None:
        password = args.password_file.read_text(encoding="utf-8").rstrip("\r\n")
    run(
        args.participants,
        repeat=args.repeat,
        writes=args.writes,
        server=args.server,
        password=password,
        out=args.out,
        cache_dir=args.cache_dir,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

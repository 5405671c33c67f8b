"""What ``PRAGMA cipher_memory_security = ON`` costs the service writes.

SQLCipher's memory security locks its allocations in RAM (``mlock``) and wipes them before
they are freed, so freed pages and keys do not linger in the process's memory. It is
process-wide and, once on, cannot be turned off for the life of the process: each side is
therefore measured in its own fresh process. Each child runs ``bench_store.bench_writes``
(the same 200 service actions, one transaction each, on a copy of the encrypted vault and
its plain-SQLite twin, interleaved action by action) with memory security OFF or ON on the
encrypted side; the plain side runs on the standard library's ``sqlite3``, which is not
SQLCipher and is never affected. OFF and ON children alternate for ``--rounds`` rounds.

    python -m bench.bench_memory_security --participants 5000 --rounds 3

The decision rule of issue 9: turn it on in ``Vault`` if the writes stay within 1.5x plain
SQLite with it on.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from typing import Any

from bench.common import OUT, build_vaults, machine_info, write_json

TARGET = 1.5


def child(participants: int, writes: int, memory_security: bool) -> dict[str, Any]:
    from bench.bench_store import bench_writes
    from bench.common import open_encrypted, vault_paths
    from pairdesk.store import vault as store_vault

    # The vault sets the pragma on every connection it opens (once ON it stays ON for the
    # process): the flag it reads is set before the first opening.
    store_vault.MEMORY_SECURITY = memory_security
    encrypted, plain, _meta = vault_paths(participants, OUT)
    probe = open_encrypted(encrypted)
    try:
        with probe.connection() as conn:
            state = conn.exec_driver_sql("PRAGMA cipher_memory_security").scalar()
    finally:
        probe.close()
    rows, extra = bench_writes(
        encrypted, plain, writes, OUT / f"tmp-memsec-{participants}", "sqlite3"
    )
    total = rows[0]
    return {
        "memory_security": memory_security,
        "pragma_reads": state,
        "enc_median_ms": total.measured.median,
        "plain_median_ms": total.baseline.median if total.baseline else None,
        "ratio_of_medians": total.ratio,
        "ratio_of_totals": extra["ratio_of_totals"],
        "by_kind": {row.name.strip(): row.ratio for row in rows[1:] if row.baseline is not None},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_memory_security")
    parser.add_argument("--participants", type=int, default=5000)
    parser.add_argument("--writes", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--child", choices=("on", "off"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.participants, args.writes, args.child == "on")))
        return 0
    build_vaults(args.participants)
    results: dict[str, list[dict[str, Any]]] = {"off": [], "on": []}
    for round_no in range(args.rounds):
        for mode in ("off", "on") if round_no % 2 == 0 else ("on", "off"):
            done = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "bench.bench_memory_security",
                    "--child",
                    mode,
                    "--participants",
                    str(args.participants),
                    "--writes",
                    str(args.writes),
                ],
                capture_output=True,
                text=True,
                check=True,
            )
            result = json.loads(done.stdout.strip().splitlines()[-1])
            results[mode].append(result)
            print(
                f"round {round_no + 1} memory security {mode}: enc "
                f"{result['enc_median_ms']:.2f} ms, plain {result['plain_median_ms']:.2f} ms, "
                f"ratio {result['ratio_of_medians']:.2f}x (totals "
                f"{result['ratio_of_totals']:.2f}x)",
                flush=True,
            )
    summary = {
        mode: {
            "enc_median_ms": statistics.median(r["enc_median_ms"] for r in rs),
            "plain_median_ms": statistics.median(r["plain_median_ms"] for r in rs),
            "ratio_of_medians": statistics.median(r["ratio_of_medians"] for r in rs),
            "ratio_of_totals": statistics.median(r["ratio_of_totals"] for r in rs),
        }
        for mode, rs in results.items()
    }
    within = (
        summary["on"]["ratio_of_medians"] <= TARGET and summary["on"]["ratio_of_totals"] <= TARGET
    )
    print(json.dumps(summary, indent=2))
    print(f"memory security ON within {TARGET}x plain SQLite: {'yes' if within else 'no'}")
    write_json(
        OUT / f"memory-security-{args.participants}.json",
        {
            "bench": "memory_security",
            "participants": args.participants,
            "writes": args.writes,
            "rounds": results,
            "summary": summary,
            "within_target": within,
            "machine": machine_info(),
        },
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

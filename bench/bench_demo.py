"""The demo builder (issue 10: 50,000 participants in under 30 s): ``generate_demo_data``
with the participants drawn by the helper process (``services.demo.helper``) against the
same build drawn in one process, the baseline.

Run from the repository root::

    .venv/bin/python -m bench.bench_demo --participants 5000,50000 --repeat 3 --as-user

Every sample is a fresh Python process that creates a new encrypted vault (not timed, nor
is the key derivation), then times ``generate_demo_data(participants=N, seed=1,
today=2026-11-25)``, the same call the bench vaults are built with; the two sides
alternate. ``--as-user`` (when run as root): each process without ``CAP_IPC_LOCK``
(``setpriv --bounding-set=-ipc_lock``), so that SQLCipher's memory security behaves as in a
person's session, where locking memory stops at ``ulimit -l`` (bench/README.md, "Memory
security as root and as a user").
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from bench.common import (
    OUT,
    REPO,
    Row,
    Stats,
    format_machine,
    format_table,
    machine_info,
    write_json,
)

TARGET_S = 30.0
TARGET_AT = 50_000

CHILD = r"""
import json, sys, time
from pathlib import Path
from bench.common import ASSOCIATION, PASSPHRASE, SEED, TODAY, context
from pairdesk.services.demo import generate_demo_data
from pairdesk.store.vault import create_vault

def main():
    participants, helper, path = int(sys.argv[1]), sys.argv[2] == "helper", Path(sys.argv[3])
    vault = create_vault(path, PASSPHRASE, association_name=ASSOCIATION, today=TODAY)
    try:
        started = time.perf_counter()
        generate_demo_data(
            context(vault), participants=participants, seed=SEED, today=TODAY, helper=helper
        )
        print(json.dumps({"ms": (time.perf_counter() - started) * 1000.0}))
    finally:
        vault.close()

if __name__ == "__main__":
    main()
"""


def _sample(participants: int, side: str, folder: Path, *, as_user: bool) -> float:
    script = folder / "demo_child.py"
    if not script.exists():
        script.write_text(CHILD, encoding="utf-8")
    vault = folder / f"demo-{participants}-{side}.pairdesk"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{vault}{suffix}").unlink(missing_ok=True)
    command = [sys.executable, str(script), str(participants), side, str(vault)]
    if as_user and os.geteuid() == 0 and shutil.which("setpriv"):
        command = ["setpriv", "--bounding-set=-ipc_lock", *command]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"demo build failed ({side}, {participants}):\n{done.stderr}")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{vault}{suffix}").unlink(missing_ok=True)
    return float(json.loads(done.stdout.strip().splitlines()[-1])["ms"])


def bench_demo(participants: int, repeat: int, folder: Path, *, as_user: bool) -> Row:
    samples: dict[str, list[float]] = {"helper": [], "here": []}
    for _ in range(repeat):
        for side in samples:
            samples[side].append(_sample(participants, side, folder, as_user=as_user))
    measured = Stats.of(samples["helper"])
    target = participants == TARGET_AT
    return Row(
        f"demo builder, {participants:,} participants, helper process",
        measured,
        Stats.of(samples["here"]),
        baseline_name="drawn in one process",
        target=f"< {TARGET_S:.0f} s" if target else "",
        met=measured.median < TARGET_S * 1000 if target else None,
        extra={"participants": participants, "as_user": as_user},
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", default="5000,50000", help="sizes, comma-separated")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--as-user", action="store_true", help="without CAP_IPC_LOCK (root)")
    parser.add_argument("--out", type=Path, default=OUT / "demo.json")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.participants.split(",") if s.strip()]
    info = machine_info()
    print(format_machine(info))
    rows = []
    with tempfile.TemporaryDirectory(prefix="pairdesk-bench-demo-") as folder:
        for size in sizes:
            print(f"… {size} participants")
            rows.append(bench_demo(size, args.repeat, Path(folder), as_user=args.as_user))
    table = format_table(rows, measured_label="helper", baseline_label="one process")
    print(table)
    write_json(
        args.out,
        {
            "bench": "demo",
            "repeat": args.repeat,
            "as_user": args.as_user,
            "machine": info,
            "rows": [row.as_json() for row in rows],
            "table": table,
        },
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

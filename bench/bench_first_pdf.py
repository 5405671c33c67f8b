"""The first PDF of a session (issue 12): the pathway summary built first in a fresh
process, against the same summary built again in that process once it is warm.

Run from the repository root::

    .venv/bin/python -m bench.bench_first_pdf --participants 50000 --repeat 5

Every sample is a fresh Python process on a copy of the encrypted vault (each summary
writes its audit line), opened before anything is timed. Two kinds of process, interleaved:

- **app**: what the window has done before a person can ask for a document: the unlock
  dialog's background work (``pairdesk.app.preload_core``: the core, the window's modules,
  and since this bench :func:`pairdesk.reports.warm.warm_up`, which imports ReportLab) is
  let finish, as it does while the passphrase is typed;
- **app, before**: the same without that warm-up (what main did before), for comparison;
- **command line**: nothing loaded beyond the vault and the services, as
  ``pairdesk report pathway-summary`` (the ReportLab imports are timed in the first PDF).

In each process the summary of the participant with the most pathway events is built
(``documents.pathway_summary_data`` + ``pathway_summary_pdf``) a first time, then a second:
the **baseline** is the second, the same PDF in an already warm process. The first is split
into imports (the document's modules, ReportLab with them, unless already loaded), data
assembly and layout.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from bench.common import (
    OUT,
    REPO,
    Row,
    Stats,
    build_vaults,
    context,
    format_machine,
    format_table,
    machine_info,
    open_encrypted,
    write_json,
)

TARGET_MS = 300.0

CHILD = r"""
import json, sys, time
mode, path, pid = sys.argv[1], sys.argv[2], int(sys.argv[3])
from bench.common import context, open_encrypted
vault = open_encrypted(__import__("pathlib").Path(path))
ctx = context(vault)
from pairdesk.services import documents
if mode.startswith("app"):
    import pairdesk.app
    if mode == "app-before":  # the preload as it was before it warmed the documents up
        pairdesk.app._warm_documents = lambda: None
    pairdesk.app.preload_core().join()
out = {"reportlab_loaded": "reportlab" in sys.modules}
for label in ("first", "second"):
    t0 = time.perf_counter()
    from pairdesk.reports.pathway_summary import pathway_summary_pdf
    t1 = time.perf_counter()
    data = documents.pathway_summary_data(ctx, pid)
    t2 = time.perf_counter()
    pdf = pathway_summary_pdf(data)
    t3 = time.perf_counter()
    out[label] = {"imports_ms": (t1 - t0) * 1000, "data_ms": (t2 - t1) * 1000,
                  "layout_ms": (t3 - t2) * 1000, "total_ms": (t3 - t0) * 1000,
                  "bytes": len(pdf)}
vault.close()
print(json.dumps(out), flush=True)
"""


def _child(mode: str, path: Path, pid: int) -> dict[str, Any]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(REPO))
    done = subprocess.run(
        [sys.executable, "-c", CHILD, mode, str(path), str(pid)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"the child failed: {done.stderr[-2000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def run(
    participants: int,
    *,
    repeat: int = 5,
    out: Path | None = None,
    cache_dir: Path = OUT,
    log: Callable[[str], None] = print,
) -> dict[str, Any]:
    from bench.bench_reports import busiest_participant

    info = machine_info()
    log(format_machine(info))
    built = build_vaults(participants, out=cache_dir, log=log)
    workdir = cache_dir / f"tmp-first-pdf-{participants}"
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        copy = workdir / "vault.pairdesk"
        shutil.copyfile(built.encrypted, copy)
        vault = open_encrypted(copy)
        try:
            pid = busiest_participant(context(vault))
        finally:
            vault.close()
        samples: dict[str, list[dict[str, Any]]] = {"app": [], "app-before": [], "cli": []}
        log(f"… {repeat} fresh processes of each kind, interleaved (participant {pid})")
        _child("app", copy, pid)  # the OS caches the files once, not kept
        for _ in range(repeat):
            for mode in samples:
                samples[mode].append(_child(mode, copy, pid))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    def series(mode: str, which: str, part: str) -> Stats:
        return Stats.of([s[which][part] for s in samples[mode]])

    rows: list[Row] = []
    names = {
        "app": "in the app",
        "app-before": "in the app, before the documents' warm-up",
        "cli": "command line",
    }
    for mode, name in names.items():
        warm = series(mode, "second", "total_ms")
        first = series(mode, "first", "total_ms")
        rows.append(
            Row(
                f"first pathway summary of the session, {name}",
                first,
                warm,
                "same PDF, warm process",
                target=f"≤ {TARGET_MS:.0f} ms" if mode == "app" else "",
                met=first.median <= TARGET_MS if mode == "app" else None,
            )
        )
        for part, label in (
            ("imports_ms", "imports"),
            ("data_ms", "data"),
            ("layout_ms", "layout"),
        ):
            rows.append(
                Row(
                    f"  of which {label}",
                    series(mode, "first", part),
                    # a warm process imports nothing: no ratio for the imports
                    None if part == "imports_ms" else series(mode, "second", part),
                    "same PDF, warm process",
                )
            )
        rows.append(Row(f"second pathway summary, {name}", warm, warm, "same PDF, warm process"))
    table = format_table(rows, measured_label="first", baseline_label="warm")
    log("")
    log(f"First PDF benchmark: {participants:,} participants, repeat {repeat}")
    log(table)
    payload: dict[str, Any] = {
        "bench": "first_pdf",
        "participants": participants,
        "repeat": repeat,
        "participant": pid,
        "machine": info,
        "rows": [r.as_json() for r in rows],
        "samples": samples,
        "table": table,
    }
    target = out or cache_dir / f"first-pdf-{participants}.json"
    write_json(target, payload)
    log(f"\nwritten: {target}")
    return payload


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_first_pdf", description=__doc__)
    parser.add_argument("--participants", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--quick", action="store_true", help="300 participants, repeat 2")
    args = parser.parse_args(argv)
    if args.quick:
        args.participants, args.repeat = 300, 2
    run(args.participants, repeat=args.repeat, out=args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""The participants list on a large vault, against the start of an empty PySide6 window.

Run from the repository root (no display needed: Qt's offscreen platform)::

    /tmp/venv/bin/python -m bench.bench_ui --participants 50000

The baseline is what any Qt program pays: a fresh Python process importing PySide6,
creating a QApplication and showing an empty QMainWindow until it is exposed and painted
(measured in a subprocess, from the first line of the script). Each pairdesk measure is
reported as a ratio to that; the target is under 100 ms for each.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import argparse
import json
import subprocess
import sys
import time
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
    set_cache_size,
    write_json,
)

UI_TARGET_MS = 100.0
WINDOW_SIZE = (1280, 800)
#: Words typed letter by letter into the search field (each letter is one measure).
TYPED_WORDS = ("helene", "hélène", "luka", "nguy", "martin", "chloé")


# -- the baseline: an empty window in a fresh process ---------------------------------------------


#: The subprocess: a bare script (``python -c``), so nothing but Python, PySide6 and the
#: window is paid for. Prints the ms from its first line to an exposed, painted window.
EMPTY_WINDOW_SCRIPT = """
import time
started = time.perf_counter()
import json, sys
from PySide6.QtWidgets import QApplication, QMainWindow
imported = time.perf_counter()
app = QApplication([sys.argv[0]])
window = QMainWindow()
window.resize({width}, {height})
window.show()
deadline = time.perf_counter() + 10
while not (window.windowHandle() and window.windowHandle().isExposed()):
    app.processEvents()
    if time.perf_counter() > deadline:
        raise SystemExit("the empty window was never exposed")
app.processEvents()
window.grab()
done = time.perf_counter()
print(json.dumps({{
    "total_ms": (done - started) * 1000.0,
    "import_ms": (imported - started) * 1000.0,
    "window_ms": (done - imported) * 1000.0,
}}))
"""


def empty_window_start(repeat: int) -> tuple[list[float], list[float], list[float]]:
    """Samples (in-process ms, process wall ms including interpreter start, import ms)."""
    inside, wall, imports = [], [], []
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    for i in range(repeat + 1):  # the first run warms the OS file cache, not kept
        started = time.perf_counter()
        result = subprocess.run(
            [
                sys.executable,
                "-c",
                EMPTY_WINDOW_SCRIPT.format(width=WINDOW_SIZE[0], height=WINDOW_SIZE[1]),
            ],
            cwd=REPO,
            env=env,
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
        )
        elapsed = (time.perf_counter() - started) * 1000.0
        line = [x for x in result.stdout.splitlines() if x.startswith("{")][-1]
        data = json.loads(line)
        if i:
            inside.append(float(data["total_ms"]))
            wall.append(elapsed)
            imports.append(float(data["import_ms"]))
    return inside, wall, imports


# -- the participants list ------------------------------------------------------------------------


def _ms(fn: Callable[[], Any]) -> float:
    started = time.perf_counter()
    fn()
    return (time.perf_counter() - started) * 1000.0


def run(
    participants: int,
    *,
    repeat: int = 5,
    out: Path | None = None,
    cache_dir: Path = OUT,
    cache_size: int | None = None,
    log: Callable[[str], None] = print,
) -> dict[str, Any]:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from pairdesk.ui.models.participants_model import Column
    from pairdesk.ui.views.participants.list_view import ParticipantsListView

    info = machine_info()
    log(format_machine(info))
    log(f"Qt platform: {os.environ.get('QT_QPA_PLATFORM')}")
    set_cache_size(cache_size)
    if cache_size:
        log(f"experiment: PRAGMA cache_size = -{cache_size} (KiB)")
    built = build_vaults(participants, out=cache_dir, log=log)

    log("… empty window start (subprocesses)")
    inside, wall, imports = empty_window_start(repeat)
    baseline = Stats.of(inside)

    app = QApplication.instance() or QApplication([sys.argv[0]])
    vault = open_encrypted(built.encrypted)
    ctx = context(vault)
    views: list[Any] = []

    def exposed(widget: Any) -> None:
        deadline = time.perf_counter() + 10
        while not (widget.windowHandle() and widget.windowHandle().isExposed()):
            app.processEvents()
            if time.perf_counter() > deadline:
                raise RuntimeError("the participants list was never exposed")
        app.processEvents()

    def first_paint() -> Any:
        view = ParticipantsListView(ctx)
        view.resize(*WINDOW_SIZE)
        view.show()
        exposed(view)
        view.grab()
        if view.model.rowCount() != participants:
            raise RuntimeError(f"the list shows {view.model.rowCount()} rows, not {participants}")
        return view

    def dispose(view: Any) -> None:
        view.close()
        view.deleteLater()
        app.processEvents()

    try:
        log("… first paint of the participants list")
        cold_view: list[Any] = []
        cold = _ms(lambda: cold_view.append(first_paint()))
        dispose(cold_view[0])
        paints: list[float] = []
        for _ in range(repeat):
            holder: list[Any] = []
            paints.append(_ms(lambda holder=holder: holder.append(first_paint())))
            dispose(holder[0])

        view = first_paint()
        views.append(view)

        log("… keystrokes in the search field")
        keystrokes: list[float] = []
        per_word: dict[str, list[float]] = {}

        def keystroke(text: str) -> None:
            view.search_field.setText(text)  # starts the debounce timer…
            view.apply_filter()  # …which this flushes, as its timeout would
            model = view.model
            count = model.rowCount()
            table = view.table
            first = max(0, table.rowAt(0))
            last = table.rowAt(table.viewport().height() - 1)
            last = count - 1 if last < 0 else last
            for row in range(first, min(last + 1, count)):
                for column in Column:
                    model.data(model.index(row, column))
            view.grab()

        for _ in range(repeat):
            for word in TYPED_WORDS:
                for end in range(1, len(word) + 1):
                    sample = _ms(lambda t=word[:end]: keystroke(t))
                    keystrokes.append(sample)
                    per_word.setdefault(word, []).append(sample)
                view.search_field.setText("")
                view.apply_filter()
                view.grab()

        log("… sort by last name (and by city)")
        sorts_name: list[float] = []
        sorts_city: list[float] = []

        def sort(column: Column, order: Qt.SortOrder) -> None:
            view.table.sortByColumn(column, order)  # what a click on the header does
            view.grab()

        for _ in range(repeat):
            sorts_name.append(_ms(lambda: sort(Column.LAST_NAME, Qt.SortOrder.DescendingOrder)))
            sorts_name.append(_ms(lambda: sort(Column.LAST_NAME, Qt.SortOrder.AscendingOrder)))
            sorts_city.append(_ms(lambda: sort(Column.CITY, Qt.SortOrder.AscendingOrder)))
            sorts_name.append(_ms(lambda: sort(Column.LAST_NAME, Qt.SortOrder.AscendingOrder)))
    finally:
        for v in views:
            dispose(v)
        vault.close()

    def row(name: str, samples: Sequence[float]) -> Row:
        stats = Stats.of(samples)
        return Row(
            name,
            stats,
            baseline,
            baseline_name="empty window start",
            target=f"< {UI_TARGET_MS:.0f} ms",
            met=stats.median < UI_TARGET_MS,
        )

    rows = [
        Row(
            "empty PySide6 window start (baseline, in a fresh process)",
            baseline,
            baseline,
            baseline_name="empty window start",
            note=(
                f"of which importing PySide6 {Stats.of(imports).median:.0f} ms; the whole "
                f"process incl. interpreter start {Stats.of(wall).median:.0f} ms"
            ),
        ),
        Row(
            "participants list: first paint, first in the process",
            Stats.of([cold]),
            baseline,
            baseline_name="empty window start",
            target=f"< {UI_TARGET_MS:.0f} ms",
            met=cold < UI_TARGET_MS,
        ),
        row("participants list: first paint (construct → rows painted)", paints),
        row("keystroke in search → list updated and painted", keystrokes),
        row("sort by last name (header click → repainted)", sorts_name),
        row("sort by city (header click → repainted)", sorts_city),
    ]
    table = format_table(rows, measured_label="pairdesk", baseline_label="empty window")
    log("")
    log(f"UI benchmark: {participants:,} participants (encrypted vault), repeat {repeat}")
    log(table)
    for r in rows:
        if r.note:
            log(f"note – {r.name}: {r.note}")
    payload: dict[str, Any] = {
        "bench": "ui",
        "participants": participants,
        "repeat": repeat,
        "cache_size_kib": cache_size,
        "machine": info,
        "rows": [r.as_json() for r in rows],
        "keystrokes_per_word": {w: Stats.of(s).median for w, s in per_word.items()},
        "empty_window": {
            "inside_ms": inside,
            "process_wall_ms": wall,
            "import_ms": imports,
        },
        "table": table,
    }
    suffix = f"-cache{cache_size}" if cache_size else ""
    target = out or cache_dir / f"ui-{participants}{suffix}.json"
    write_json(target, payload)
    log(f"\nwritten: {target}")
    return payload


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_ui", description=__doc__)
    parser.add_argument("--participants", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--out", type=Path, default=None, help="JSON results (bench/out/…)")
    parser.add_argument("--cache-dir", type=Path, default=OUT, help="where built vaults are kept")
    parser.add_argument(
        "--quick", action="store_true", help="tiny smoke run: 300 participants, 2 repeats"
    )
    parser.add_argument(
        "--cache-size",
        type=int,
        default=None,
        metavar="KIB",
        help="experiment: PRAGMA cache_size = -KIB on the vault's connections",
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.participants, args.repeat = 300, 2
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    run(
        args.participants,
        repeat=args.repeat,
        out=args.out,
        cache_dir=args.cache_dir,
        cache_size=args.cache_size,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

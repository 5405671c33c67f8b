"""Start-up: pairdesk's unlock dialog against an empty PySide6 window, then unlock → main
window on a large vault, and the memory of the window after visiting every view.

Run from the repository root (no display needed: Qt's offscreen platform)::

    .venv/bin/python -m bench.bench_startup --participants 50000

Every sample is a fresh Python process, the two sides interleaved:

- **baseline**: ``python -c`` importing PySide6, creating a QApplication and showing an
  empty ``QMainWindow`` until it is exposed and painted (``grab()``) — the script of
  ``bench_ui``;
- **pairdesk**: ``python -c`` running ``pairdesk.__main__.main()`` with ``--vault`` (what
  the ``pairdesk`` command does), until the unlock dialog is exposed and painted.

Both are timed from the script's first line (``in-process``) and from the parent's
``Popen`` to the line the child prints once painted (``wall``: the interpreter's start
included, what a double-click waits for). Then, in other fresh processes: the background
imports started once the dialog is painted are let finish (the person types meanwhile;
their duration is reported), the passphrase is given and Unlock pressed, the operator step is skipped (a coordinator acts), and the
time runs until the main window is shown with its participants list painted; the key
derivation (PBKDF2, measured apart in the same process on the same salt) is reported so
that what lies beyond it is read off. Every view is then shown in turn (its first visit
builds it: time and RSS delta per view), and the resident memory (``VmRSS``) of the
window at rest is read (``RELEASE_MEMORY_MS`` + 1 s after the last page change).

``--cold`` measures a cold start too, in the same run, beside the warm one: the OS page
cache is dropped (``/proc/sys/vm/drop_caches``, root only) before each cold sample (both
sides, and an unlock → main window per round); the run says so and measures warm only
when the machine does not allow it.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from bench.bench_ui import EMPTY_WINDOW_SCRIPT, WINDOW_SIZE
from bench.common import (
    OUT,
    PASSPHRASE,
    REPO,
    Row,
    Stats,
    build_vaults,
    format_machine,
    format_table,
    machine_info,
    write_json,
)

DIALOG_TARGET_RATIO = 1.5
UNLOCK_TARGET_MS = 500.0
RSS_TARGET_MB = 250.0

#: The pairdesk side: the ``pairdesk`` command's own entry point, watched through the
#: launcher's hooks. Prints one JSON line once the unlock dialog is painted and, with
#: unlocking, one more once the main window is painted and every view was visited.
PAIRDESK_SCRIPT = r"""
import time
started = time.perf_counter()
import json, os, sys
vault_path, passphrase, unlock = sys.argv[1], sys.argv[2], sys.argv[3] == "1"
# What the pairdesk command imports before the window's modules, in its order (the entry
# point, its hardening, the command line), then the window's: hooking the launcher must
# not import PySide6 before them (PySide6 reads the source of every module imported
# after it, looking for its __feature__ switches).
import pairdesk.__main__, pairdesk.hardening, pairdesk.cli
import pairdesk.app as app_module

def rss_mb():
    for line in open("/proc/self/status", encoding="ascii"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024.0
    return float("nan")

def painted(widget):
    from PySide6.QtWidgets import QApplication
    app = QApplication.instance()
    deadline = time.perf_counter() + 60
    while not (widget.windowHandle() and widget.windowHandle().isExposed()):
        app.processEvents()
        if time.perf_counter() > deadline:
            raise SystemExit("never exposed")
    app.processEvents()
    widget.grab()

def finish(launcher, report):
    print(json.dumps(report), flush=True)
    launcher._close_vault(backup=False)  # no backup of the bench vault on the way out
    os._exit(0)

original_show_unlock = app_module.Launcher._show_unlock
original_preload = getattr(app_module, "preload_core", lambda: None)
# run just after the first paint: the application-wide filters, the text-size style at
# 100 % (an older checkout, --other, has none)
original_after_paint = getattr(app_module, "_first_paint_done", None)
state = {"first": True}
# The core is imported once the dialog is painted; here, once it is measured (the same
# exposed-then-grab() as the baseline), so that the measure sees no import of it; the same
# for the start-up steps that wait for that paint (timed apart: after_paint_ms).
app_module.preload_core = lambda: None
if original_after_paint is not None:
    app_module._first_paint_done = lambda: None

def show_unlock(self):
    original_show_unlock(self)
    if not state["first"]:
        return
    state["first"] = False
    dialog = self.unlock_dialog
    painted(dialog)
    done = time.perf_counter()
    # the wall measure ends here, as the empty window's: the steps below (after-paint set-up,
    # the background imports' thread) come after the paint the person sees
    print(json.dumps({"painted": True}), flush=True)
    heavy = sorted({m.split(".")[0] for m in sys.modules} & {
        "sqlalchemy", "alembic", "reportlab", "openpyxl", "pypdfium2"})
    report = {"dialog_ms": (done - started) * 1000.0, "heavy_at_paint": heavy,
              "rss_dialog_mb": rss_mb()}
    steps_started = time.perf_counter()
    if original_after_paint is not None:
        original_after_paint()  # its preload_core() call does nothing here: see above
    report["after_paint_ms"] = (time.perf_counter() - steps_started) * 1000.0
    preload_started = time.perf_counter()
    thread = original_preload()
    if not unlock or thread is None:
        print(json.dumps(report), flush=True)
        os._exit(0)
    # the person types the passphrase meanwhile (a few seconds): the background imports
    # are over before Unlock is pressed; how long they took is reported apart
    thread.join()
    report["preload_ms"] = (time.perf_counter() - preload_started) * 1000.0
    # what the imports left for the GUI thread (ui/gui_gc.py: the collection and freeze
    # after them) runs while the passphrase is still being typed: half a second of it here
    from PySide6.QtWidgets import QApplication
    typing_ends = time.perf_counter() + 0.5
    while time.perf_counter() < typing_ends:
        QApplication.instance().processEvents()
        time.sleep(0.01)
    report_holder.append(report)
    dialog.passphrase_field.setText(passphrase)
    clicked.append(time.perf_counter())
    dialog.try_unlock()

def show_operator(self, ctx):
    from pairdesk.domain.enums import Role
    from pairdesk.services.context import Operator
    from pairdesk.ui import tasks
    from pairdesk.ui.main_window import PAGES
    self._watch_page_check(ctx)
    self._open_main_window(ctx.with_operator(Operator(id=None, name="Bench",
                                                      role=Role.COORDINATOR)))
    window = self.main_window
    painted(window)
    tasks.wait_for_idle(timeout=120)
    window.grab()
    main_done = time.perf_counter()
    report = report_holder[0]
    report["unlock_to_main_ms"] = (main_done - clicked[0]) * 1000.0
    report["rss_main_mb"] = rss_mb()
    import hashlib
    from pairdesk.store import vault as store_vault
    salt = open(vault_path, "rb").read(16)
    t = time.perf_counter()
    hashlib.pbkdf2_hmac(store_vault.KDF_HASH, passphrase.encode("utf-8"), salt,
                        store_vault.KDF_ITERATIONS, store_vault.KEY_BYTES)
    report["kdf_ms"] = (time.perf_counter() - t) * 1000.0
    report["rows"] = window.participants_view.model.rowCount()
    from PySide6.QtWidgets import QApplication
    app = QApplication.instance()
    per_view = {}
    for page in PAGES:
        before = rss_mb()
        shown = time.perf_counter()
        gui_cpu = time.thread_time()  # this thread's CPU: the GUI thread's own work
        window.show_page(page.key)
        app.processEvents()
        tasks.wait_for_idle(timeout=120)
        window.grab()
        per_view[page.key] = {"first_visit_ms": (time.perf_counter() - shown) * 1000.0,
                              "gui_cpu_ms": (time.thread_time() - gui_cpu) * 1000.0,
                              "rss_delta_mb": rss_mb() - before}
    report["views"] = per_view
    window.show_page(PAGES[0].key)
    tasks.wait_for_idle(timeout=120)
    import gc
    gc.collect()
    # at rest: long enough for the window's release of the page cache (RELEASE_MEMORY_MS)
    import pairdesk.ui.main_window as main_window  # an older checkout (--other) has none
    rest = time.perf_counter() + getattr(main_window, "RELEASE_MEMORY_MS", 0) / 1000.0 + 1.0
    while time.perf_counter() < rest:
        app.processEvents()
        time.sleep(0.02)
    tasks.wait_for_idle(timeout=120)
    report["rss_rest_mb"] = rss_mb()
    check = getattr(ctx.vault, "page_check", None)
    report["modals_closed"] = modals
    report["page_check_damaged"] = None if check is None else (check.wait(120), check.damaged)[1]
    finish(self, report)

report_holder = []
clicked = []
modals = []

def close_modals():
    # a modal box (an error, "leave unsaved changes?") would wait for a click forever
    from PySide6.QtWidgets import QApplication
    widget = QApplication.activeModalWidget()
    if widget is not None:
        text = getattr(widget, "text", None)
        modals.append(f"{type(widget).__name__}: {text() if callable(text) else ''}"[:300])
        widget.close()

from PySide6.QtCore import QTimer
watchdog = QTimer()
watchdog.timeout.connect(close_modals)
watchdog.start(1000)
app_module.Launcher._show_unlock = show_unlock
app_module.Launcher._show_operator = show_operator
sys.argv = ["pairdesk", "--vault", vault_path, "--lang", "fr"]
from pairdesk.__main__ import main
main()
"""


def _drop_caches() -> bool:
    """Drop the OS page cache (a cold start); False when the machine does not allow it."""
    try:
        subprocess.run(["sync"], check=False, timeout=60)
        Path("/proc/sys/vm/drop_caches").write_text("3\n", encoding="ascii")
    except OSError:
        return False
    return True


def _child(
    code: str, args: Sequence[str], env: dict[str, str], cwd: Path = REPO
) -> tuple[float, list[dict[str, Any]]]:
    """Run ``python -c code args``; (ms from Popen to its first JSON line, its JSON lines)."""
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-c", code, *args],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    first_ms = float("nan")
    lines: list[dict[str, Any]] = []
    for line in proc.stdout:
        if line.startswith("{"):
            if not lines:
                first_ms = (time.perf_counter() - started) * 1000.0
            lines.append(json.loads(line))
    _out, err = proc.communicate(timeout=600)
    if proc.returncode != 0 or not lines:
        raise RuntimeError(f"the child failed ({proc.returncode}): {err[-2000:]}")
    return first_ms, lines


def _exe_child(command: Sequence[str], env: dict[str, str], marker: str) -> tuple[float, float]:
    """Run ``command`` until it prints its JSON line and ends: (ms from Popen to that line,
    CPU ms of the child: user + system, from its rusage)."""
    started = time.perf_counter()
    proc = subprocess.Popen(
        list(command), env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None and proc.stderr is not None
    first_ms = float("nan")
    for line in proc.stdout:
        if line.startswith("{") and marker in line:
            first_ms = (time.perf_counter() - started) * 1000.0
    err = proc.stderr.read()
    _pid, status, usage = os.wait4(proc.pid, 0)  # reaped here, for its rusage
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0 or first_ms != first_ms:  # NaN: the line never came
        raise RuntimeError(f"{command[0]} ({proc.returncode}): no {marker} line: {err[-2000:]}")
    return first_ms, (usage.ru_utime + usage.ru_stime) * 1000.0


def run_bundle(
    bundle: Path,
    empty: Path,
    vault: Path,
    *,
    repeat: int = 7,
    cold: bool = False,
    log: Callable[[str], None] = print,
) -> list[Row]:
    """The PyInstaller bundle's unlock dialog against a frozen empty window (one folder,
    ``bench/frozen_empty_window.py``), and the same two from the source tree, interleaved.
    Both sides stop at the same moment: the first ``Paint`` event, then a zero-delay timer
    (``PAIRDESK_BENCH_EXIT_AT_PAINT`` in pairdesk). Wall: ``Popen`` → that line."""
    home = Path(tempfile.mkdtemp(prefix="pairdesk-bench-home-"))
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PAIRDESK_HOME=str(home))
    for name in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "PAIRDESK_SMOKE_EXIT_MS"):
        env.pop(name, None)
    env["PAIRDESK_BENCH_EXIT_AT_PAINT"] = "1"
    sides = {
        "frozen_empty": ([str(empty)], "empty_window_painted"),
        "frozen_dialog": (
            [str(bundle / "pairdesk"), "--vault", str(vault), "--lang", "fr"],
            "unlock_dialog_painted",
        ),
        "source_empty": (
            [sys.executable, str(REPO / "bench" / "frozen_empty_window.py")],
            "empty_window_painted",
        ),
        "source_dialog": (
            [sys.executable, "-m", "pairdesk", "--vault", str(vault), "--lang", "fr"],
            "unlock_dialog_painted",
        ),
    }
    cold_done = cold and _drop_caches()
    modes = ("warm", "cold") if cold_done else ("warm",)
    wall: dict[str, list[float]] = {f"{m}_{k}": [] for m in modes for k in sides}
    cpu: dict[str, list[float]] = {f"{m}_{k}": [] for m in modes for k in sides}
    log(f"… bundle {bundle} vs frozen empty window {empty} ({', '.join(modes)})")
    for i in range(repeat + 1):
        for mode in modes:
            for key, (command, marker) in sides.items():
                if mode == "cold":
                    _drop_caches()
                ms, cpu_ms = _exe_child(command, env, marker)
                if mode == "warm" and i == 0:
                    continue  # warms the page cache: not kept
                if mode == "cold" and i == repeat:
                    continue
                wall[f"{mode}_{key}"].append(ms)
                cpu[f"{mode}_{key}"].append(cpu_ms)
    rows: list[Row] = []
    for mode in modes:
        for where, label in (("frozen", "bundle"), ("source", "source tree, same hook")):
            base = Stats.of(wall[f"{mode}_{where}_empty"])
            base_cpu = Stats.of(cpu[f"{mode}_{where}_empty"])
            rows += [
                Row(f"{label}: empty window, wall ({mode})", base, base, "empty window"),
                Row(
                    f"{label}: unlock dialog, wall ({mode})",
                    Stats.of(wall[f"{mode}_{where}_dialog"]),
                    base,
                    "empty window",
                    target=f"≤ {DIALOG_TARGET_RATIO}× empty",
                ),
                Row(
                    f"{label}: unlock dialog, CPU (user+sys) ({mode})",
                    Stats.of(cpu[f"{mode}_{where}_dialog"]),
                    base_cpu,
                    "empty window",
                ),
            ]
    for row in rows:
        if row.target:
            row.met = row.ratio is not None and row.ratio <= DIALOG_TARGET_RATIO
    return rows


def compile_bytecode(*roots: Path) -> None:
    """Compile pairdesk's modules to ``__pycache__`` first, as an installed pairdesk is
    (pip and the PyInstaller bundle ship bytecode; PySide6 in site-packages is compiled).
    Without it, a machine with ``PYTHONDONTWRITEBYTECODE`` set (as ours) compiles every
    module from source in every fresh process: seconds, not what a person waits for.
    ``roots``: other checkouts measured beside this one (``--other``), compiled the same
    way, or their side would pay for it alone."""
    import compileall

    for root in (REPO, *roots):
        compileall.compile_dir(str(root / "pairdesk"), quiet=1, workers=1)


def run(
    participants: int,
    *,
    repeat: int = 5,
    unlock_repeat: int = 3,
    cold: bool = False,
    other: Path | None = None,
    out: Path | None = None,
    cache_dir: Path = OUT,
    log: Callable[[str], None] = print,
) -> dict[str, Any]:
    """``other``: a folder holding another checkout's ``pairdesk`` package (compiled),
    whose unlock dialog is measured too, interleaved (before/after in the same run)."""
    info = machine_info()
    log(format_machine(info))
    built = build_vaults(participants, out=cache_dir, log=log)
    compile_bytecode(*([] if other is None else [other]))
    home = Path(tempfile.mkdtemp(prefix="pairdesk-bench-home-"))
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PAIRDESK_HOME=str(home))
    env.pop("PAIRDESK_SMOKE_EXIT_MS", None)
    empty_code = EMPTY_WINDOW_SCRIPT.format(width=WINDOW_SIZE[0], height=WINDOW_SIZE[1])
    vault_args = [str(built.encrypted), PASSPHRASE]
    cold_done = cold and _drop_caches()
    if cold and not cold_done:
        log("cold start asked, but the page cache cannot be dropped here (not root?)")
    modes = ("warm", "cold") if cold_done else ("warm",)

    def sample_dialog(mode: str, code: str, key: str, run_env: dict[str, str], cwd: Path) -> Any:
        if mode == "cold":
            _drop_caches()
        return _child(code, [*vault_args, "0"] if key == "dialog_ms" else [], run_env, cwd)

    # mode → series → samples (series: empty_in, empty_wall, dialog_in, dialog_wall, …)
    dialog: dict[str, dict[str, list[float]]] = {
        m: {k: [] for k in ("empty_in", "empty_wall", "dialog_in", "dialog_wall", "other_in",
                            "other_wall", "after_paint")}
        for m in modes
    }  # fmt: skip
    heavy: list[list[str]] = []
    other_env = dict(env, PYTHONPATH=str(other)) if other is not None else None
    log(f"… empty window vs unlock dialog (fresh processes, interleaved; {', '.join(modes)})")
    for i in range(repeat + 1):
        for mode in modes:
            # warm: the first round only warms the cache (not kept); cold: every round
            if (mode == "warm" and i == 0) or (mode == "cold" and i == repeat):
                if mode == "warm":
                    _child(empty_code, [], env)
                    _child(PAIRDESK_SCRIPT, [*vault_args, "0"], env)
                continue
            series = dialog[mode]
            wall, lines = sample_dialog(mode, empty_code, "total_ms", env, REPO)
            series["empty_in"].append(float(lines[0]["total_ms"]))
            series["empty_wall"].append(wall)
            # lines: the paint's marker (the wall measure's end), then the report
            wall, lines = sample_dialog(mode, PAIRDESK_SCRIPT, "dialog_ms", env, REPO)
            series["dialog_in"].append(float(lines[-1]["dialog_ms"]))
            series["dialog_wall"].append(wall)
            heavy.append(list(lines[-1]["heavy_at_paint"]))
            if "after_paint_ms" in lines[-1]:
                series["after_paint"].append(float(lines[-1]["after_paint_ms"]))
            if other_env is not None and other is not None:
                wall, lines = sample_dialog(mode, PAIRDESK_SCRIPT, "dialog_ms", other_env, other)
                series["other_in"].append(float(lines[-1]["dialog_ms"]))
                series["other_wall"].append(wall)

    log(f"… unlock → main window at {participants} participants, every view visited")
    unlock_ms: list[float] = []
    kdf_ms: list[float] = []
    beyond_ms: list[float] = []
    cold_unlock_ms: list[float] = []
    cold_beyond_ms: list[float] = []
    rss_rest: list[float] = []
    rss_main: list[float] = []
    rss_dialog: list[float] = []
    preload_ms: list[float] = []
    modals: list[str] = []
    unlock_empty: list[float] = []
    views: dict[str, list[dict[str, float]]] = {}
    other_unlock: list[float] = []
    other_beyond: list[float] = []
    other_rest: list[float] = []
    for _ in range(unlock_repeat):
        _wall, lines = _child(empty_code, [], env)
        unlock_empty.append(float(lines[0]["total_ms"]))
        _wall, lines = _child(PAIRDESK_SCRIPT, [*vault_args, "1"], env)
        report = lines[-1]
        if report.get("rows") != participants:
            raise RuntimeError(f"the list shows {report.get('rows')} rows, not {participants}")
        if report.get("page_check_damaged"):
            raise RuntimeError("the bench vault failed its page check")
        unlock_ms.append(float(report["unlock_to_main_ms"]))
        preload_ms.append(float(report["preload_ms"]))
        modals.extend(report.get("modals_closed", []))
        kdf_ms.append(float(report["kdf_ms"]))
        beyond_ms.append(float(report["unlock_to_main_ms"]) - float(report["kdf_ms"]))
        rss_rest.append(float(report["rss_rest_mb"]))
        rss_main.append(float(report["rss_main_mb"]))
        rss_dialog.append(float(report["rss_dialog_mb"]))
        for key, view in report.get("views", {}).items():
            views.setdefault(key, []).append(view)
        if cold_done:  # the same from a dropped page cache: the vault file is read from disk
            _drop_caches()
            _wall, lines = _child(PAIRDESK_SCRIPT, [*vault_args, "1"], env)
            report = lines[-1]
            cold_unlock_ms.append(float(report["unlock_to_main_ms"]))
            cold_beyond_ms.append(float(report["unlock_to_main_ms"]) - float(report["kdf_ms"]))
        if other_env is not None:  # the same on the other checkout, interleaved
            _wall, lines = _child(PAIRDESK_SCRIPT, [*vault_args, "1"], other_env, cwd=other)
            report = lines[-1]
            other_unlock.append(float(report["unlock_to_main_ms"]))
            other_beyond.append(float(report["unlock_to_main_ms"]) - float(report["kdf_ms"]))
            other_rest.append(float(report["rss_rest_mb"]))

    rows: list[Row] = []
    for mode in modes:
        series = dialog[mode]
        base_in, base_wall = Stats.of(series["empty_in"]), Stats.of(series["empty_wall"])
        rows += [
            Row(
                f"empty PySide6 window shown and painted ({mode}, in-process)",
                base_in,
                base_in,
                "empty window",
            ),
            Row(
                f"unlock dialog shown and painted ({mode}, in-process)",
                Stats.of(series["dialog_in"]),
                base_in,
                "empty window",
                target=f"≤ {DIALOG_TARGET_RATIO}× empty",
            ),
            Row(
                f"empty PySide6 window ({mode}, wall: process start → painted)",
                base_wall,
                base_wall,
                "empty window",
            ),
            Row(
                f"unlock dialog ({mode}, wall: process start → painted)",
                Stats.of(series["dialog_wall"]),
                base_wall,
                "empty window",
                target=f"≤ {DIALOG_TARGET_RATIO}× empty",
            ),
        ]
        if series["after_paint"]:
            rows.append(
                Row(
                    f"  then, after the paint: app-wide filters, text-size style ({mode})",
                    Stats.of(series["after_paint"]),
                    base_in,
                    "empty window",
                )
            )
        if other is not None:
            rows += [
                Row(
                    f"unlock dialog of {other} ({mode}, in-process)",
                    Stats.of(series["other_in"]),
                    base_in,
                    "empty window",
                ),
                Row(
                    f"unlock dialog of {other} ({mode}, wall)",
                    Stats.of(series["other_wall"]),
                    base_wall,
                    "empty window",
                ),
            ]
    base_unlock = Stats.of(unlock_empty)
    rows += [
        Row(
            "background imports after the dialog is painted (while the passphrase is typed)",
            Stats.of(preload_ms),
            base_unlock,
            "empty window",
        ),
        Row(
            f"unlock → main window painted, {participants:,} participants",
            Stats.of(unlock_ms),
            base_unlock,
            "empty window",
        ),
        Row(
            "  of which key derivation (PBKDF2, 256,000 rounds)",
            Stats.of(kdf_ms),
            base_unlock,
            "empty window",
        ),
        Row(
            "  beyond the key derivation",
            Stats.of(beyond_ms),
            base_unlock,
            "empty window",
            target=f"≤ {UNLOCK_TARGET_MS:.0f} ms",
        ),
    ]
    if cold_done:
        rows += [
            Row(
                f"unlock → main window painted, {participants:,} participants (cold)",
                Stats.of(cold_unlock_ms),
                base_unlock,
                "empty window",
            ),
            Row(
                "  beyond the key derivation (cold)",
                Stats.of(cold_beyond_ms),
                base_unlock,
                "empty window",
            ),
        ]
    if other is not None:
        rows += [
            Row(
                f"unlock → main window painted, {other}",
                Stats.of(other_unlock),
                base_unlock,
                "empty window",
            ),
            Row(
                f"  beyond the key derivation, {other}",
                Stats.of(other_beyond),
                base_unlock,
                "empty window",
            ),
        ]
    for row in rows:
        if row.name.startswith("unlock dialog ") and row.target:
            row.met = row.ratio is not None and row.ratio <= DIALOG_TARGET_RATIO
    beyond_row = next(row for row in rows if row.name == "  beyond the key derivation")
    beyond_row.met = beyond_row.measured.median <= UNLOCK_TARGET_MS
    rss = {
        "dialog_mb": Stats.of(rss_dialog).median,
        "main_window_mb": Stats.of(rss_main).median,
        "at_rest_after_every_view_mb": Stats.of(rss_rest).median,
        "target_mb": RSS_TARGET_MB,
        "met": Stats.of(rss_rest).median <= RSS_TARGET_MB,
    }
    table = format_table(rows, measured_label="pairdesk", baseline_label="empty window")
    log("")
    log(table)
    if other is not None:
        log(f"RSS at rest after every view, {other}: {Stats.of(other_rest).median:.0f} MB")
    log(
        f"RSS: unlock dialog {rss['dialog_mb']:.0f} MB, main window {rss['main_window_mb']:.0f} "
        f"MB, at rest after every view {rss['at_rest_after_every_view_mb']:.0f} MB "
        f"(target ≤ {RSS_TARGET_MB:.0f} MB: {'met' if rss['met'] else 'NOT met'})"
    )
    view_rows = {
        key: {
            "first_visit_ms": Stats.of([v["first_visit_ms"] for v in samples]).median,
            "gui_cpu_ms": Stats.of([v["gui_cpu_ms"] for v in samples]).median,
            "rss_delta_mb": Stats.of([v["rss_delta_mb"] for v in samples]).median,
        }
        for key, samples in views.items()
    }
    if view_rows:
        log(
            "first visit of each view (median ms, of which the GUI thread's CPU, RSS delta MB): "
            + ", ".join(
                f"{key} {v['first_visit_ms']:.0f} ms (GUI {v['gui_cpu_ms']:.0f}) "
                f"+{v['rss_delta_mb']:.0f} MB"
                for key, v in view_rows.items()
            )
        )
    log(
        f"heavy modules imported when the dialog was painted: {sorted({m for names in heavy for m in names})}"
    )
    payload = {
        "bench": "startup",
        "participants": participants,
        "repeat": repeat,
        "cold": cold_done,
        "cold_asked": cold,
        "machine": info,
        "vault_bytes": built.encrypted_bytes,
        "rows": [row.as_json() for row in rows],
        "rss": rss,
        "views": view_rows,
        "heavy_at_paint": heavy,
        "modals_closed_while_visiting": modals,
        "table": table,
    }
    write_json(out or OUT / f"startup-{participants}{'-cold' if cold_done else ''}.json", payload)
    return payload


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else "")
    parser.add_argument("--participants", type=int, default=50_000)
    parser.add_argument("--quick", action="store_true", help="300 participants, repeat 2")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--unlock-repeat", type=int, default=3)
    parser.add_argument("--cold", action="store_true", help="drop the page cache first")
    parser.add_argument("--out", type=Path)
    parser.add_argument(
        "--other", type=Path, help="folder with another checkout's pairdesk package (before/after)"
    )
    parser.add_argument(
        "--bundle", type=Path, help="the PyInstaller bundle's folder (dist/pairdesk): measure it"
    )
    parser.add_argument(
        "--bundle-empty",
        type=Path,
        default=REPO / "build" / "empty-window" / "frozen_empty_window" / "frozen_empty_window",
        help="the frozen empty window (bench/frozen_empty_window.py built with PyInstaller)",
    )
    parser.add_argument(
        "--bundle-only", action="store_true", help="with --bundle: measure only the bundle"
    )
    args = parser.parse_args(argv)
    if args.bundle is not None:
        built = build_vaults(300 if args.quick else args.participants)
        compile_bytecode()
        rows = run_bundle(
            args.bundle.resolve(),
            args.bundle_empty.resolve(),
            built.encrypted,
            repeat=args.repeat,
            cold=args.cold,
        )
        table = format_table(rows, measured_label="pairdesk", baseline_label="empty window")
        print(table)
        write_json(
            args.out or OUT / "startup-bundle.json",
            {"bench": "startup-bundle", "machine": machine_info(),
             "rows": [row.as_json() for row in rows], "table": table},
        )  # fmt: skip
        if args.bundle_only:
            return 0
    if args.quick:
        args.participants, args.repeat, args.unlock_repeat = 300, 2, 1
    run(
        args.participants,
        repeat=args.repeat,
        unlock_repeat=args.unlock_repeat,
        cold=args.cold,
        other=args.other,
        out=args.out,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

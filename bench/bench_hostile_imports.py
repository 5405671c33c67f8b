"""Time and peak memory of ``pairdesk import`` on hostile files (issue 9).

Each file is generated (``tests/hostile_files.py``), then imported by a fresh
``python -m pairdesk import participants FILE --dry-run`` process on a fresh vault; the
wall time of the whole process (start-up included), the time of the command itself
(``pairdesk.cli.main``, start-up excluded) and the peak resident memory are printed with the exit code and the first words of its message. Targets: exit 7, under 2 s
and 200 MB. The peak is the child's own ``VmHWM`` (Linux), read as it exits: ``ru_maxrss``
would also count the bench's own memory, which Linux carries across fork and exec.

    python -m bench.bench_hostile_imports [--out bench/out/hostile]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests import hostile_files as hostile  # noqa: E402

PASSPHRASE = "correct horse ’ battery é"


def _csv_field(path: Path) -> Path:
    path.write_bytes(b"Nom;Pr\xe9nom\r\nDurand;" + b"x" * 49_000_000 + b"\r\n")
    return path


def _csv_columns(path: Path) -> Path:
    path.write_text((";".join(f"c{i}" for i in range(100_000)) + "\r\n") * 3, encoding="utf-8")
    return path


def _csv_mixed(path: Path) -> Path:
    path.write_bytes(
        "Nom;Prénom\r\n".encode("cp1252")
        + "Durand;Hélène\r\n".encode()
        + "Martin;Zoé\r\n".encode("cp1252")
    )
    return path


FILES: list[tuple[str, Callable[[Path], Path]]] = [
    ("dimension-bomb.xlsx", hostile.dimension_bomb),
    ("three-million-rows.xlsx", hostile.million_rows),
    ("zip-bomb.xlsx", hostile.zip_bomb),
    ("billion-laughs.xlsx", hostile.billion_laughs),
    ("no-sheet.xlsx", hostile.without_sheet),
    ("field-49mb.csv", _csv_field),
    ("columns-100000.csv", _csv_columns),
    ("mixed-encodings.csv", _csv_mixed),
]


#: Runs the command line, then writes the process's peak memory (VmHWM, in kB) to the
#: descriptor named by BENCH_PEAK_FD.
CHILD = """
import os, sys, time
from pairdesk.cli import main
started = time.perf_counter()
code = main(sys.argv[1:])
took = time.perf_counter() - started
peak = 0
try:
    with open("/proc/self/status") as status:
        peak = next(int(l.split()[1]) for l in status if l.startswith("VmHWM:"))
except OSError:
    import resource
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
os.write(int(os.environ["BENCH_PEAK_FD"]), f"{peak} {took}".encode())
sys.exit(code)
"""


def measure(file: Path, vault: Path, home: Path) -> tuple[int, float, float, float, str]:
    env = dict(os.environ)
    env.update(PAIRDESK_HOME=str(home), PAIRDESK_PASSPHRASE=PASSPHRASE, PAIRDESK_LANG="fr")
    command = [sys.executable, "-c", CHILD, "import", "participants", str(file)]
    command += ["--vault", str(vault), "--dry-run"]
    read_end, write_end = os.pipe()
    env["BENCH_PEAK_FD"] = str(write_end)
    started = time.perf_counter()
    with tempfile.TemporaryFile() as err:
        child = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=err,
            pass_fds=(write_end,),
        )
        os.close(write_end)
        code = child.wait()
        elapsed = time.perf_counter() - started
        peak_kb, command_s = (float(x) for x in (os.read(read_end, 64) or b"0 0").split())
        os.close(read_end)
        err.seek(0)
        message = err.read().decode("utf-8", "replace").strip()
    return code, elapsed, command_s, peak_kb / 1024, message


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "hostile")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    home = args.out / "home"
    home.mkdir(exist_ok=True)
    vault = args.out / "vault.pairdesk"
    if not vault.exists():
        env = dict(os.environ, PAIRDESK_HOME=str(home), PAIRDESK_PASSPHRASE=PASSPHRASE)
        subprocess.run(
            [
                *(sys.executable, "-m", "pairdesk", "init", "--vault", str(vault)),
                *("--association", "GEM Banc d'essai"),
            ],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
            stdin=subprocess.DEVNULL,
        )
    print(f"{'file':<26} {'size':>10} {'exit':>4} {'process s':>9} {'command s':>9} {'peak MB':>7}")
    for name, make in FILES:
        path = args.out / name
        if not path.exists():
            make(path)
        code, elapsed, command_s, peak, message = measure(path, vault, home)
        size = path.stat().st_size
        shown = f"{size / 2**20:.1f} MB" if size > 2**20 else f"{size / 1024:.1f} KB"
        print(f"{name:<26} {shown:>10} {code:>4} {elapsed:>9.2f} {command_s:>9.2f} {peak:>7.0f}")
        print(f"    {message[:150]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

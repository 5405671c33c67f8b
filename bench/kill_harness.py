"""The kill harness: nothing acknowledged is lost, nothing is half-written.

A *writer* subprocess opens a vault and loops over real service calls (create a
participant, register them to a prepared workshop, mark them present, add a pathway event,
every third time a contract). After each call returns it prints ``ACK <kind> <id>`` and
flushes: that line is what the user would have seen confirmed. The parent SIGKILLs the
writer at a random moment (0.05-0.6 s after it reported ``READY``), then opens the vault,
runs ``PRAGMA cipher_integrity_check`` and ``PRAGMA integrity_check``, and checks that every
acknowledged record ever printed is there, and that no record is half-written (every
participant has its search text and its audit line, every contract its CONTRACT_SIGNED
event). Then it starts a new writer on the same vault, and so on.

    python -m bench.kill_harness --kills 200          # from the repository root
    python -m bench.kill_harness --kills 20 --seed 7 --json out.json
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PASSPHRASE = "kill harness · fictional passphrase ’é"
TODAY = dt.date(2026, 11, 25)
WORKSHOP_DAY = dt.date(2026, 11, 20)
KINDS = ("participant", "registration", "attendance", "event", "contract")

Acks = dict[str, set[int]]


# -- the vault under test -------------------------------------------------------------


def _context(vault: object) -> object:
    from pairdesk.domain.enums import Role
    from pairdesk.services.context import Operator, ServiceContext

    return ServiceContext(
        vault,  # type: ignore[arg-type]
        Operator(id=None, name="Kill harness", role=Role.COORDINATOR),
        lambda: TODAY,
    )


def prepare_vault(path: Path) -> int:
    """Create a vault with one past workshop; return the workshop's id."""
    from pairdesk.domain.enums import WorkshopKind
    from pairdesk.services.workshops import WorkshopInput, create_workshop
    from pairdesk.store.vault import create_vault

    vault = create_vault(path, PASSPHRASE, association_name="GEM du Banc d'Essai", today=TODAY)
    try:
        workshop = create_workshop(
            _context(vault),  # type: ignore[arg-type]
            WorkshopInput(
                kind=WorkshopKind.CV,
                title="Atelier CV",
                held_on=WORKSHOP_DAY,
                starts_at=dt.time(14, 0),
                ends_at=dt.time(16, 0),
            ),
        )
    finally:
        vault.close()
    return workshop.id


def writer(path: Path, workshop_id: int, seed: int) -> None:
    """Loop over service calls forever, acknowledging each on stdout once it returned."""
    from pairdesk.domain.enums import Attendance, ContractType, EventKind
    from pairdesk.services import attendance, contracts, pathways, workshops
    from pairdesk.services.participants import ParticipantInput, create_participant
    from pairdesk.store.vault import open_vault

    rng = random.Random(seed)
    # Imports are done: wait for the parent's go (it checks the previous writer's vault
    # meanwhile), so that the random delay counts from a writer that is really writing.
    if sys.stdin.readline().strip() != "GO":
        return
    vault = open_vault(path, PASSPHRASE)
    ctx = _context(vault)
    out = sys.stdout

    def ack(kind: str, ident: int) -> None:
        out.write(f"ACK {kind} {ident}\n")
        out.flush()

    out.write("READY\n")
    out.flush()
    n = 0
    while True:
        n += 1
        person = create_participant(
            ctx,  # type: ignore[arg-type]
            ParticipantInput(
                first_name=rng.choice(["Camille", "Sacha", "Noé", "Inès", "Łucja", "Zoé"]),
                last_name=f"Essai-{seed}-{n}",
                city="Villefictive",
                notes="x" * rng.randint(0, 3000),
            ),
        )
        ack("participant", person.id)
        row = workshops.register(ctx, workshop_id, person.id)  # type: ignore[arg-type]
        ack("registration", row.id)
        attendance.mark_attendance(
            ctx,  # type: ignore[arg-type]
            workshop_id,
            person.id,
            Attendance.PRESENT,
        )
        ack("attendance", row.id)
        event = pathways.add_event(
            ctx,  # type: ignore[arg-type]
            person.id,
            EventKind.MEETING,
            TODAY,
            title="Entretien de suivi",
        )
        ack("event", event.id)
        if n % 3 == 0:
            contract = contracts.add_contract(
                ctx,  # type: ignore[arg-type]
                person.id,
                contracts.ContractInput(
                    contract_type=ContractType.CDD,
                    employer="Entreprise Fictive",
                    started_on=TODAY,
                ),
            )
            ack("contract", contract.id)


# -- checking -------------------------------------------------------------------------


@dataclass
class Check:
    integrity_ok: bool
    lost: dict[str, list[int]]
    half_written: list[str]
    problems: list[str] = field(default_factory=list)

    @property
    def lost_count(self) -> int:
        return sum(len(v) for v in self.lost.values())


def verify_vault(path: Path, acks: Acks) -> Check:
    """Open the vault, run both integrity checks, look for every acknowledged record."""
    from sqlalchemy import select

    from pairdesk.domain.enums import EventKind
    from pairdesk.store.models import (
        AuditEntry,
        Contract,
        Participant,
        PathwayEvent,
        Registration,
    )
    from pairdesk.store.vault import open_vault

    problems: list[str] = []
    try:
        vault = open_vault(path, PASSPHRASE)
    except Exception as exc:  # the harness reports, it does not stop
        return Check(False, {k: sorted(v) for k, v in acks.items()}, [], [repr(exc)])
    try:
        report = vault.integrity()
        integrity_ok = report.cipher_ok and report.sqlite_ok
        problems.extend(report.problems)
        with vault.transaction() as s:
            participants = dict(s.execute(select(Participant.id, Participant.search_text)).all())
            registrations = dict(s.execute(select(Registration.id, Registration.attendance)).all())
            events = set(s.scalars(select(PathwayEvent.id)))
            contracts = set(s.scalars(select(Contract.id)))
            signed = set(
                s.scalars(
                    select(PathwayEvent.contract_id).where(
                        PathwayEvent.kind == EventKind.CONTRACT_SIGNED.value
                    )
                )
            )
            audited = {
                (entity, ident)
                for entity, ident in s.execute(select(AuditEntry.entity, AuditEntry.entity_id))
            }
    finally:
        vault.close()
    present = {
        "participant": set(participants),
        "registration": set(registrations),
        "attendance": {i for i, a in registrations.items() if a == "present"},
        "event": events,
        "contract": contracts,
    }
    lost = {kind: sorted(ids - present[kind]) for kind, ids in acks.items() if ids - present[kind]}
    half: list[str] = []
    half += [f"participant {i} without search text" for i, t in participants.items() if not t]
    half += [
        f"participant {i} without audit line"
        for i in participants
        if ("participant", i) not in audited
    ]
    half += [f"contract {i} without CONTRACT_SIGNED event" for i in contracts - signed]
    half += [
        f"contract {i} without audit line" for i in contracts if ("contract", i) not in audited
    ]
    return Check(integrity_ok, lost, half, problems)


# -- the parent -----------------------------------------------------------------------


@dataclass
class KillReport:
    kills: int = 0
    acknowledged: int = 0
    acknowledged_by_kind: dict[str, int] = field(default_factory=dict)
    lost: int = 0
    integrity_failures: int = 0
    half_written: int = 0
    seconds: float = 0.0
    failures: list[str] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return self.lost == 0 and self.integrity_failures == 0 and self.half_written == 0


def _spawn(path: Path, workshop_id: int, seed: int) -> subprocess.Popen[str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "bench.kill_harness",
            "--writer",
            str(path),
            "--workshop",
            str(workshop_id),
            "--seed",
            str(seed),
        ],
        cwd=ROOT,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        encoding="utf-8",
    )


def _one_round(proc: subprocess.Popen[str], delay: float, acks: Acks) -> tuple[int, bool]:
    """Let a started writer go, kill it ``delay`` s after READY; return (acks, killed)."""
    ready = threading.Event()
    lines: list[str] = []
    assert proc.stdout is not None
    stdout = proc.stdout

    def read() -> None:
        for line in stdout:
            if not line.endswith("\n"):
                break  # a line cut by the kill was never acknowledged
            if line == "READY\n":
                ready.set()
            else:
                lines.append(line)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    assert proc.stdin is not None
    proc.stdin.write("GO\n")
    proc.stdin.flush()
    if not ready.wait(60):
        proc.kill()
        proc.wait()
        raise RuntimeError("the writer did not start")
    time.sleep(delay)
    killed = proc.poll() is None
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    reader.join(10)
    count = 0
    for line in lines:
        parts = line.split()
        if len(parts) == 3 and parts[0] == "ACK":
            acks[parts[1]].add(int(parts[2]))
            count += 1
    return count, killed


def run(
    kills: int,
    *,
    seed: int = 1,
    folder: Path | None = None,
    min_delay: float = 0.05,
    max_delay: float = 0.6,
    progress: bool = False,
) -> KillReport:
    """Kill a writer ``kills`` times on one vault and check it after each kill."""
    rng = random.Random(seed)
    report = KillReport()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(dir=folder) as tmp:
        path = Path(tmp) / "vault.pairdesk"
        workshop_id = prepare_vault(path)
        acks: Acks = defaultdict(set)
        upcoming = _spawn(path, workshop_id, seed * 100_000)
        for round_no in range(kills):
            delay = rng.uniform(min_delay, max_delay)
            current = upcoming
            _count, killed = _one_round(current, delay, acks)
            # The next writer imports while this vault is checked; it waits for GO.
            upcoming = _spawn(path, workshop_id, seed * 100_000 + round_no + 1)
            report.kills += int(killed)
            check = verify_vault(path, acks)
            if not check.integrity_ok:
                report.integrity_failures += 1
                report.failures.append(f"round {round_no}: integrity {check.problems[:3]}")
            if check.lost:
                report.failures.append(f"round {round_no}: lost {check.lost}")
            report.lost = max(report.lost, check.lost_count)
            report.half_written = max(report.half_written, len(check.half_written))
            if check.half_written:
                report.failures.append(f"round {round_no}: {check.half_written[:3]}")
            if progress:
                total = sum(len(v) for v in acks.values())
                print(
                    f"kill {round_no + 1}/{kills}: delay {delay:.2f} s, "
                    f"{total} acknowledged, lost {check.lost_count}, "
                    f"integrity {'ok' if check.integrity_ok else 'FAILED'}",
                    flush=True,
                )
        upcoming.kill()
        upcoming.wait()
        report.acknowledged_by_kind = {k: len(acks.get(k, ())) for k in KINDS}
        report.acknowledged = sum(report.acknowledged_by_kind.values())
    report.seconds = round(time.perf_counter() - started, 1)
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.kill_harness", description=__doc__)
    parser.add_argument("--kills", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--min-delay", type=float, default=0.05)
    parser.add_argument("--max-delay", type=float, default=0.6)
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--writer", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--workshop", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.writer:
        writer(args.writer, args.workshop, args.seed)
        return 0
    report = run(
        args.kills,
        seed=args.seed,
        min_delay=args.min_delay,
        max_delay=args.max_delay,
        progress=True,
    )
    figures = asdict(report)
    print(json.dumps(figures, indent=2, ensure_ascii=False))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2, ensure_ascii=False) + "\n")
    return 0 if report.clean else 1


if __name__ == "__main__":
    raise SystemExit(main())

"""The kill harness: nothing acknowledged is lost, changed or half-written.

A *writer* subprocess loops over the life of a real session: it opens the vault, makes a
few real service calls (create a participant, register them to a prepared workshop, mark
them present, add a pathway event, every third time a contract), runs a WAL checkpoint
(PASSIVE or TRUNCATE, as SQLite's auto-checkpoint and ``Vault.close`` do), closes the vault,
and starts again. Before each phase it prints ``PHASE <open|write|checkpoint|close>``;
after each service call returns it prints ``ACK <kind> <id> <content as JSON>`` and
flushes: that line is what the user would have seen confirmed. After open, checkpoint and
close it prints ``END <phase>``.

The parent SIGKILLs the writer either at a random moment (0.05-0.6 s after ``READY``) or
aimed at one phase: once the writer announced that phase (the 1st to 3rd time), after a
random part of that phase's usual duration (measured on the earlier rounds). From the
last complete lines it knows where the kill landed: inside a phase (no ``END`` after its
``PHASE``) or between two. Then it opens the vault, runs ``PRAGMA cipher_integrity_check``
and ``PRAGMA integrity_check``, and checks that every record ever acknowledged is there
*with the content acknowledged* (names, city, a hash of the notes, the workshop and
participant of a registration, attendance, event kind/date/title, contract type/employer/
start), and that no record is half-written (every participant has its search text and its
audit line, every contract its CONTRACT_SIGNED event). Then it starts a new writer on the
same vault, and so on.

    python -m bench.kill_harness --kills 1000          # from the repository root
    python -m bench.kill_harness --kills 20 --seed 7 --json out.json
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import random
import signal
import statistics
import string
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PASSPHRASE = "kill harness · fictional passphrase ’é"
TODAY = dt.date(2026, 11, 25)
WORKSHOP_DAY = dt.date(2026, 11, 20)
KINDS = ("participant", "registration", "attendance", "event", "contract")
PHASES = ("open", "write", "checkpoint", "close")
#: where a kill can land: inside one of the phases, or between two of them
LANDINGS = (*PHASES, "between")
#: what a round aims at: a random moment after READY, or one phase
TARGETS = ("random", *PHASES)
TARGET_WEIGHTS = (3, 2, 1, 2, 2)
#: first guesses of each phase's duration (s), replaced by the measured median
DEFAULT_DURATION = {"open": 0.3, "write": 0.01, "checkpoint": 0.01, "close": 0.02}

#: kind -> id -> the content acknowledged for it
Acks = dict[str, dict[int, dict[str, Any]]]


def notes_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


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
    """Open, write, checkpoint, close, forever; announce each phase and each write."""
    from pairdesk.domain.enums import Attendance, ContractType, EventKind
    from pairdesk.services import attendance, contracts, pathways, workshops
    from pairdesk.services.participants import ParticipantInput, create_participant
    from pairdesk.store.vault import open_vault

    rng = random.Random(seed)
    letters = string.ascii_letters + "éèàçœ’ "
    # Imports are done: wait for the parent's go (it checks the previous writer's vault
    # meanwhile), so that the random delay counts from a writer that is really working.
    if sys.stdin.readline().strip() != "GO":
        return
    out = sys.stdout

    def say(line: str) -> None:
        out.write(line + "\n")
        out.flush()

    def ack(kind: str, ident: int, content: dict[str, Any]) -> None:
        say(f"ACK {kind} {ident} {json.dumps(content, ensure_ascii=False, sort_keys=True)}")

    say("READY")
    n = 0
    while True:
        say("PHASE open")
        vault = open_vault(path, PASSPHRASE)
        say("END open")
        ctx: Any = _context(vault)
        for _ in range(rng.randint(1, 6)):
            n += 1
            first = rng.choice(["Camille", "Sacha", "Noé", "Inès", "Łucja", "Zoé"])
            last = f"Essai-{seed}-{n}"
            # Stripped as a form would be (the service strips free text).
            notes = "".join(rng.choices(letters, k=rng.randint(0, 3000))).strip()
            say("PHASE write")
            person = create_participant(
                ctx,
                ParticipantInput(
                    first_name=first, last_name=last, city="Villefictive", notes=notes
                ),
            )
            ack(
                "participant",
                person.id,
                {
                    "first_name": first,
                    "last_name": last,
                    "city": "Villefictive",
                    "notes": notes_hash(notes),
                },
            )
            say("PHASE write")
            row = workshops.register(ctx, workshop_id, person.id)
            ack("registration", row.id, {"workshop_id": workshop_id, "participant_id": person.id})
            say("PHASE write")
            attendance.mark_attendance(ctx, workshop_id, person.id, Attendance.PRESENT)
            ack("attendance", row.id, {"attendance": Attendance.PRESENT.value})
            title = f"Entretien de suivi n° {n}"
            say("PHASE write")
            event = pathways.add_event(ctx, person.id, EventKind.MEETING, TODAY, title=title)
            ack(
                "event",
                event.id,
                {
                    "participant_id": person.id,
                    "kind": EventKind.MEETING.value,
                    "occurred_on": TODAY.isoformat(),
                    "title": title,
                },
            )
            if n % 3 == 0:
                employer = f"Entreprise Fictive {n}"
                say("PHASE write")
                contract = contracts.add_contract(
                    ctx,
                    person.id,
                    contracts.ContractInput(
                        hours_per_week=24.0,
                        contract_type=ContractType.CDD,
                        employer=employer,
                        started_on=TODAY,
                    ),
                )
                ack(
                    "contract",
                    contract.id,
                    {
                        "participant_id": person.id,
                        "contract_type": ContractType.CDD.value,
                        "employer": employer,
                        "started_on": TODAY.isoformat(),
                    },
                )
        mode = rng.choice(("PASSIVE", "TRUNCATE"))
        say("PHASE checkpoint")
        vault._raw_execute(f"PRAGMA wal_checkpoint({mode})")
        say("END checkpoint")
        say("PHASE close")
        vault.close()
        say("END close")


# -- checking -------------------------------------------------------------------------


@dataclass
class Check:
    integrity_ok: bool
    lost: dict[str, list[int]]
    half_written: list[str]
    #: acknowledged records that are there with another content than acknowledged
    changed: dict[str, list[int]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    @property
    def lost_count(self) -> int:
        return sum(len(v) for v in self.lost.values())

    @property
    def changed_count(self) -> int:
        return sum(len(v) for v in self.changed.values())


def verify_vault(path: Path, acks: Acks) -> Check:
    """Open the vault, run both integrity checks, compare every acknowledged record."""
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
        return Check(False, {k: sorted(v) for k, v in acks.items()}, [], {}, [repr(exc)])
    try:
        report = vault.integrity()
        integrity_ok = report.cipher_ok and report.sqlite_ok
        problems.extend(report.problems)
        with vault.transaction() as s:
            participants = {
                r.id: r
                for r in s.execute(
                    select(
                        Participant.id,
                        Participant.first_name,
                        Participant.last_name,
                        Participant.city,
                        Participant.notes,
                        Participant.search_text,
                    )
                )
            }
            registrations = {
                r.id: r
                for r in s.execute(
                    select(
                        Registration.id,
                        Registration.workshop_id,
                        Registration.participant_id,
                        Registration.attendance,
                    )
                )
            }
            events = {
                r.id: r
                for r in s.execute(
                    select(
                        PathwayEvent.id,
                        PathwayEvent.participant_id,
                        PathwayEvent.kind,
                        PathwayEvent.occurred_on,
                        PathwayEvent.title,
                    )
                )
            }
            contracts = {
                r.id: r
                for r in s.execute(
                    select(
                        Contract.id,
                        Contract.participant_id,
                        Contract.contract_type,
                        Contract.employer,
                        Contract.started_on,
                    )
                )
            }
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
    stored: dict[str, dict[int, dict[str, Any]]] = {
        "participant": {
            i: {
                "first_name": r.first_name,
                "last_name": r.last_name,
                "city": r.city,
                "notes": notes_hash(r.notes),
            }
            for i, r in participants.items()
        },
        "registration": {
            i: {"workshop_id": r.workshop_id, "participant_id": r.participant_id}
            for i, r in registrations.items()
        },
        "attendance": {i: {"attendance": r.attendance} for i, r in registrations.items()},
        "event": {
            i: {
                "participant_id": r.participant_id,
                "kind": r.kind,
                "occurred_on": r.occurred_on.isoformat(),
                "title": r.title,
            }
            for i, r in events.items()
        },
        "contract": {
            i: {
                "participant_id": r.participant_id,
                "contract_type": r.contract_type,
                "employer": r.employer,
                "started_on": r.started_on.isoformat(),
            }
            for i, r in contracts.items()
        },
    }
    lost: dict[str, list[int]] = {}
    changed: dict[str, list[int]] = {}
    for kind, expected in acks.items():
        there = stored[kind]
        missing = sorted(i for i in expected if i not in there)
        different = sorted(i for i, c in expected.items() if i in there and there[i] != c)
        if missing:
            lost[kind] = missing
        if different:
            changed[kind] = different
    half: list[str] = []
    half += [
        f"participant {i} without search text" for i, r in participants.items() if not r.search_text
    ]
    half += [
        f"participant {i} without audit line"
        for i in participants
        if ("participant", i) not in audited
    ]
    half += [f"contract {i} without CONTRACT_SIGNED event" for i in set(contracts) - signed]
    half += [
        f"contract {i} without audit line" for i in contracts if ("contract", i) not in audited
    ]
    return Check(integrity_ok, lost, half, changed, problems)


# -- the parent -----------------------------------------------------------------------


@dataclass
class PhaseFigures:
    kills: int = 0
    acknowledged: int = 0
    lost: int = 0
    changed: int = 0
    integrity_failures: int = 0
    half_written: int = 0


@dataclass
class KillReport:
    kills: int = 0
    acknowledged: int = 0
    acknowledged_by_kind: dict[str, int] = field(default_factory=dict)
    lost: int = 0
    changed: int = 0
    integrity_failures: int = 0
    half_written: int = 0
    seconds: float = 0.0
    #: where the kills landed (open, write, checkpoint, close, between) and what followed
    by_phase: dict[str, PhaseFigures] = field(
        default_factory=lambda: {p: PhaseFigures() for p in LANDINGS}
    )
    #: how many rounds aimed at each target (random moment or a phase)
    targets: dict[str, int] = field(default_factory=lambda: dict.fromkeys(TARGETS, 0))
    #: median duration of each phase as seen by the parent (ms)
    phase_ms: dict[str, float] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return (
            self.lost == 0
            and self.changed == 0
            and self.integrity_failures == 0
            and self.half_written == 0
        )


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


@dataclass
class Round:
    acks: int
    killed: bool
    landed: str


class _Lines:
    """The writer's complete lines with the time each was read, shared with a thread."""

    def __init__(self) -> None:
        self.lines: list[tuple[float, str]] = []
        self.cond = threading.Condition()

    def add(self, line: str) -> None:
        with self.cond:
            self.lines.append((time.perf_counter(), line))
            self.cond.notify_all()

    def wait_for(self, line: str, count: int, timeout: float) -> bool:
        def seen() -> bool:
            return sum(1 for _t, text in self.lines if text == line) >= count

        with self.cond:
            return self.cond.wait_for(seen, timeout)


def _landing(lines: list[str]) -> str:
    """Where the kill landed, from the writer's last complete lines."""
    for line in reversed(lines):
        if line.startswith("PHASE "):
            return line.split()[1]
        if line.startswith(("END ", "ACK ")):
            return "between"
    return "between"


def _durations(lines: list[tuple[float, str]], into: dict[str, list[float]]) -> None:
    started: tuple[float, str] | None = None
    for when, line in lines:
        if line.startswith("PHASE "):
            started = (when, line.split()[1])
        elif started and line.startswith(("END ", "ACK ")):
            into[started[1]].append(when - started[0])
            started = None


def _one_round(
    proc: subprocess.Popen[str],
    target: str,
    delay: float,
    nth: int,
    acks: Acks,
    durations: dict[str, list[float]],
) -> Round:
    """Let a started writer go and kill it; record its acknowledgements."""
    seen = _Lines()
    assert proc.stdout is not None
    stdout = proc.stdout

    def read() -> None:
        for line in stdout:
            if not line.endswith("\n"):
                break  # a line cut by the kill was never acknowledged
            seen.add(line.rstrip("\n"))

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    assert proc.stdin is not None
    proc.stdin.write("GO\n")
    proc.stdin.flush()
    if not seen.wait_for("READY", 1, 60):
        proc.kill()
        proc.wait()
        raise RuntimeError("the writer did not start")
    if target != "random" and not seen.wait_for(f"PHASE {target}", nth, 120):
        proc.kill()
        proc.wait()
        raise RuntimeError(f"the writer never reached {target}")
    time.sleep(delay)
    killed = proc.poll() is None
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    reader.join(10)
    lines = [text for _t, text in seen.lines]
    _durations(seen.lines, durations)
    count = 0
    for line in lines:
        parts = line.split(" ", 3)
        if len(parts) == 4 and parts[0] == "ACK":
            acks[parts[1]][int(parts[2])] = json.loads(parts[3])
            count += 1
    return Round(count, killed, _landing(lines))


def _typical(durations: dict[str, list[float]], phase: str) -> float:
    recent = durations.get(phase, [])[-50:]
    return statistics.median(recent) if len(recent) >= 3 else DEFAULT_DURATION[phase]


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
    durations: dict[str, list[float]] = defaultdict(list)
    lost_seen: set[tuple[str, int]] = set()
    changed_seen: set[tuple[str, int]] = set()
    with tempfile.TemporaryDirectory(dir=folder) as tmp:
        path = Path(tmp) / "vault.pairdesk"
        workshop_id = prepare_vault(path)
        acks: Acks = defaultdict(dict)
        upcoming = _spawn(path, workshop_id, seed * 100_000)
        for round_no in range(kills):
            target = rng.choices(TARGETS, TARGET_WEIGHTS)[0]
            if target == "random":
                delay, nth = rng.uniform(min_delay, max_delay), 0
            else:
                # Up to 1.2x the phase's usual length: most kills land inside it, a few
                # just after (counted as "between").
                delay, nth = rng.uniform(0, 1.2 * _typical(durations, target)), rng.randint(1, 3)
            report.targets[target] += 1
            current = upcoming
            result = _one_round(current, target, delay, nth, acks, durations)
            # The next writer imports while this vault is checked; it waits for GO.
            upcoming = _spawn(path, workshop_id, seed * 100_000 + round_no + 1)
            report.kills += int(result.killed)
            figures = report.by_phase[result.landed]
            figures.kills += int(result.killed)
            figures.acknowledged += result.acks
            check = verify_vault(path, acks)
            if not check.integrity_ok:
                report.integrity_failures += 1
                figures.integrity_failures += 1
                report.failures.append(f"round {round_no}: integrity {check.problems[:3]}")
            new_lost = {(k, i) for k, ids in check.lost.items() for i in ids} - lost_seen
            new_changed = {(k, i) for k, ids in check.changed.items() for i in ids} - changed_seen
            lost_seen |= new_lost
            changed_seen |= new_changed
            figures.lost += len(new_lost)
            figures.changed += len(new_changed)
            if new_lost:
                report.failures.append(f"round {round_no} ({result.landed}): lost {check.lost}")
            if new_changed:
                report.failures.append(
                    f"round {round_no} ({result.landed}): changed {check.changed}"
                )
            if check.half_written:
                figures.half_written = max(figures.half_written, len(check.half_written))
                report.failures.append(f"round {round_no}: {check.half_written[:3]}")
            report.half_written = max(report.half_written, len(check.half_written))
            if progress:
                total = sum(len(v) for v in acks.values())
                print(
                    f"kill {round_no + 1}/{kills}: aimed at {target} "
                    f"(+{delay * 1000:.0f} ms), landed in {result.landed}, "
                    f"{total} acknowledged, lost {len(lost_seen)}, changed "
                    f"{len(changed_seen)}, integrity "
                    f"{'ok' if check.integrity_ok else 'FAILED'}",
                    flush=True,
                )
        upcoming.kill()
        upcoming.wait()
        report.acknowledged_by_kind = {k: len(acks.get(k, ())) for k in KINDS}
        report.acknowledged = sum(report.acknowledged_by_kind.values())
    report.lost = len(lost_seen)
    report.changed = len(changed_seen)
    report.phase_ms = {
        p: round(statistics.median(durations[p]) * 1000, 2) for p in PHASES if durations.get(p)
    }
    report.seconds = round(time.perf_counter() - started, 1)
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.kill_harness", description=__doc__)
    parser.add_argument("--kills", type=int, default=1000)
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

"""The encrypted vault against the same data in plain SQLite: open, check, search, pages,
indicators and everyday writes.

Run from the repository root::

    /tmp/venv/bin/python -m bench.bench_store --participants 50000

Every line compares the SQLCipher vault with its plain twin (see ``bench/common.py``),
both sides interleaved in the same run. Targets: search-as-you-type median under 20 ms on
the encrypted vault; everyday writes within 1.5× of plain SQLite.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import random
import shutil
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import select

from bench.common import (
    OUT,
    TODAY,
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
    open_plain,
    set_cache_size,
    time_ms,
    write_json,
)
from pairdesk.domain.enums import AssessmentDomain, Attendance, EventKind
from pairdesk.domain.text import fold
from pairdesk.services import assessments, attendance, pathways
from pairdesk.services.context import ServiceContext
from pairdesk.services.indicators import compute_indicators
from pairdesk.services.participants import (
    ParticipantDetail,
    ParticipantFilter,
    ParticipantInput,
    ParticipantSort,
    count_participants,
    create_participant,
    get_participant,
    list_participants,
    update_participant,
)
from pairdesk.store.models import Participant, Registration, Workshop

#: The first page the participants list reads (``participants_model.PAGE_SIZE``).
FIRST_PAGE = 200
SEARCH_TARGET_MS = 20.0
WRITE_TARGET_RATIO = 1.5
INDICATOR_YEAR = (dt.date(2025, 11, 26), dt.date(2026, 11, 25))

#: What a person types, keystroke by keystroke: names from the demo seed lists, with and
#: without accents, 1 to 6 characters (and a few longer completions).
SEARCH_PREFIXES: tuple[str, ...] = (
    "h",
    "he",
    "hel",
    "hele",
    "helen",
    "helene",
    "hé",
    "hél",
    "hélè",
    "hélène",
    "l",
    "lu",
    "luk",
    "luka",
    "łuka",
    "n",
    "ng",
    "ngu",
    "nguy",
    "nguyễn",
    "ma",
    "mar",
    "mart",
    "martin",
    "ch",
    "chlo",
    "chloé",
    "vénis",
    "fran",
    "çag",
)


# -- measures ------------------------------------------------------------------------------------


def bench_open(enc_path: Path, plain_path: Path, repeat: int, driver: str) -> Row:
    samples: dict[str, list[float]] = {"enc": [], "plain": []}
    for i in range(repeat + 1):  # the first round warms the OS file cache, not kept
        for side in ("enc", "plain"):
            started = time.perf_counter()
            vault: Any = (
                open_encrypted(enc_path) if side == "enc" else open_plain(plain_path, driver=driver)
            )
            elapsed = (time.perf_counter() - started) * 1000.0
            vault.close()
            if i:
                samples[side].append(elapsed)
    return Row(
        "open_vault (key derivation, page HMAC check, schema)",
        Stats.of(samples["enc"]),
        Stats.of(samples["plain"]),
    )


def _pragma(vault: Any, sql: str) -> Callable[[], Any]:
    def run() -> Any:
        with vault.engine.connect() as conn:
            return conn.exec_driver_sql(sql).all()

    return run


def bench_integrity(enc: Any, plain: Any, repeat: int) -> list[Row]:
    n = max(1, min(repeat, 3))
    cipher_check = _pragma(enc, "PRAGMA cipher_integrity_check")
    problems = cipher_check()
    if problems:
        raise RuntimeError(f"cipher_integrity_check found problems: {problems[:3]}")
    samples = interleaved(
        {
            "cipher": cipher_check,
            "enc_sqlite": _pragma(enc, "PRAGMA integrity_check"),
            "full": enc.integrity,
            "plain": _pragma(plain, "PRAGMA integrity_check"),
        },
        n,
        warmup=0,
    )
    base = Stats.of(samples["plain"])
    return [
        Row(
            "PRAGMA cipher_integrity_check (no plain equivalent)",
            Stats.of(samples["cipher"]),
            base,
            baseline_name="plain PRAGMA integrity_check",
            note="baseline is plain PRAGMA integrity_check",
        ),
        Row(
            "PRAGMA integrity_check",
            Stats.of(samples["enc_sqlite"]),
            base,
        ),
        Row(
            "pairdesk check (Vault.integrity: both checks)",
            Stats.of(samples["full"]),
            base,
            baseline_name="plain PRAGMA integrity_check",
            note="baseline is plain PRAGMA integrity_check",
        ),
    ]


def _keystroke(ctx: ServiceContext, text: str) -> Callable[[], tuple[int, int]]:
    flt = ParticipantFilter(search=text)

    def run() -> tuple[int, int]:
        count = count_participants(ctx, flt)
        rows = list_participants(ctx, flt, sort=ParticipantSort.LAST_NAME, limit=FIRST_PAGE)
        return count, len(rows)

    return run


def bench_search(
    enc_ctx: ServiceContext, plain_ctx: ServiceContext, repeat: int
) -> tuple[list[Row], list[dict[str, Any]]]:
    per_prefix: list[dict[str, Any]] = []
    all_samples: dict[str, list[float]] = {"enc": [], "plain": []}
    short: dict[str, list[float]] = {"enc": [], "plain": []}
    long: dict[str, list[float]] = {"enc": [], "plain": []}
    for prefix in SEARCH_PREFIXES:
        enc_fn = _keystroke(enc_ctx, prefix)
        plain_fn = _keystroke(plain_ctx, prefix)
        found = enc_fn()
        if plain_fn() != found:
            raise RuntimeError(f"the two sides disagree on {prefix!r}: {found} vs {plain_fn()}")
        samples = interleaved({"enc": enc_fn, "plain": plain_fn}, repeat, warmup=0)
        bucket = short if len(fold(prefix)) < 3 else long
        for side in ("enc", "plain"):
            all_samples[side].extend(samples[side])
            bucket[side].extend(samples[side])
        enc_stats = Stats.of(samples["enc"])
        plain_stats = Stats.of(samples["plain"])
        per_prefix.append(
            {
                "prefix": prefix,
                "matches": found[0],
                "enc_median_ms": enc_stats.median,
                "plain_median_ms": plain_stats.median,
                "ratio": enc_stats.median / plain_stats.median if plain_stats.median else None,
            }
        )
    enc_all = Stats.of(all_samples["enc"])
    rows = [
        Row(
            f"search-as-you-type, {len(SEARCH_PREFIXES)} prefixes (count + first {FIRST_PAGE})",
            enc_all,
            Stats.of(all_samples["plain"]),
            target=f"enc median < {SEARCH_TARGET_MS:.0f} ms",
            met=enc_all.median < SEARCH_TARGET_MS,
        ),
        Row(
            "  of which 1–2 letters (LIKE scan)",
            Stats.of(short["enc"]),
            Stats.of(short["plain"]),
        ),
        Row(
            "  of which ≥ 3 letters (FTS5 trigram)",
            Stats.of(long["enc"]),
            Stats.of(long["plain"]),
        ),
    ]
    return rows, per_prefix


def bench_pages(
    enc_ctx: ServiceContext, plain_ctx: ServiceContext, repeat: int, offset: int
) -> list[Row]:
    rows = []
    for sort, label in ((ParticipantSort.LAST_NAME, "last name"), (ParticipantSort.CITY, "city")):

        def page(ctx: ServiceContext, sort: ParticipantSort = sort) -> Callable[[], Any]:
            return lambda: list_participants(
                ctx, ParticipantFilter(), sort=sort, offset=offset, limit=200
            )

        samples = interleaved({"enc": page(enc_ctx), "plain": page(plain_ctx)}, repeat)
        rows.append(
            Row(
                f"page of 200 at offset {offset:,}, sorted by {label}",
                Stats.of(samples["enc"]),
                Stats.of(samples["plain"]),
            )
        )
    return rows


def bench_indicators(enc_ctx: ServiceContext, plain_ctx: ServiceContext, repeat: int) -> Row:
    start, end = INDICATOR_YEAR
    samples = interleaved(
        {
            "enc": lambda: compute_indicators(enc_ctx, start, end),
            "plain": lambda: compute_indicators(plain_ctx, start, end),
        },
        max(1, min(repeat, 5)),
    )
    return Row(
        "indicators for a year (compute_indicators)",
        Stats.of(samples["enc"]),
        Stats.of(samples["plain"]),
    )


# -- writes --------------------------------------------------------------------------------------


def _input_from(detail: ParticipantDetail, notes: str) -> ParticipantInput:
    return ParticipantInput(
        first_name=detail.first_name,
        last_name=detail.last_name,
        pseudonym=detail.pseudonym,
        birth_date=detail.birth_date,
        birth_year=detail.birth_year,
        phone=detail.phone,
        email=detail.email,
        address=detail.address,
        city=detail.city,
        membership_start=detail.membership_start,
        membership_end=detail.membership_end,
        is_peer_helper=detail.is_peer_helper,
        rqth_status=detail.rqth_status,
        rqth_until=detail.rqth_until,
        followup_frequency=detail.followup_frequency,
        followup_mode=detail.followup_mode,
        followup_times=detail.followup_times,
        notes=notes,
    )


Action = tuple[str, Callable[[ServiceContext], Any]]

_FIRST_NAMES = ("Hélène", "Łukasz", "Maëlle", "Joaquín", "Aoife", "Théo", "Ngọc Lan", "Kofi")
_LAST_NAMES = ("Nguyễn", "Lemaître", "Øvergaard", "Ben Saïd", "Dvořák", "Martin", "Peña")
_CITIES = ("Lyon", "Villeurbanne", "Vénissieux", "Saint-Étienne", "Grenoble")


def plan_writes(ctx: ServiceContext, count: int, seed: int = 7) -> list[Action]:
    """``count`` typical actions, chosen untimed from the data (same ids on both sides)."""
    rng = random.Random(seed)
    per_kind = count // 5 + 1
    with ctx.transaction() as session:
        people = list(
            session.scalars(
                select(Participant.id)
                .where(Participant.anonymised.is_(False))
                .order_by(Participant.id)
            )
        )
        registrations = list(
            session.execute(
                select(Registration.workshop_id, Registration.participant_id)
                .join(Workshop, Workshop.id == Registration.workshop_id)
                .join(Participant, Participant.id == Registration.participant_id)
                .where(
                    Workshop.held_on <= TODAY,
                    Workshop.cancelled.is_(False),
                    Participant.anonymised.is_(False),
                )
                .order_by(Registration.id)
            ).all()
        )
    if not people or not registrations:
        raise RuntimeError("the demo data holds no participant or past registration to write on")
    updated = [get_participant(ctx, pid) for pid in rng.sample(people, min(per_kind, len(people)))]
    events = rng.choices(people, k=per_kind)
    marks = rng.sample(registrations, min(per_kind, len(registrations)))
    assessed = rng.choices(people, k=per_kind)
    event_kinds = (EventKind.MEETING, EventKind.APPLICATION, EventKind.INTERVIEW, EventKind.OTHER)
    domains = list(AssessmentDomain)

    actions: list[Action] = []
    for i in range(per_kind):
        first, last = rng.choice(_FIRST_NAMES), rng.choice(_LAST_NAMES)
        city = rng.choice(_CITIES)
        actions.append(
            (
                "create_participant",
                lambda c, f=first, la=last, ci=city: create_participant(
                    c, ParticipantInput(first_name=f, last_name=la, city=ci, phone="06 00 00 00 00")
                ),
            )
        )
        detail = updated[i % len(updated)]
        note = f"Point d'étape n° {i} (bench)."
        actions.append(
            (
                "update_participant",
                lambda c, d=detail, n=note: update_participant(c, d.id, _input_from(d, n)),
            )
        )
        kind = event_kinds[i % len(event_kinds)]
        day = TODAY - dt.timedelta(days=rng.randrange(0, 60))
        actions.append(
            (
                "pathways.add_event",
                lambda c, p=events[i], k=kind, d=day: pathways.add_event(
                    c, p, k, d, title="Entretien de suivi", notes="Notes du bench."
                ),
            )
        )
        workshop_id, participant_id = marks[i % len(marks)]
        state = Attendance.PRESENT if i % 3 else Attendance.ABSENT
        actions.append(
            (
                "attendance.mark_attendance",
                lambda c, w=workshop_id, p=participant_id, s=state: attendance.mark_attendance(
                    c, w, p, s
                ),
            )
        )
        ratings = {d: rng.randint(1, 10) for d in rng.sample(domains, k=min(4, len(domains)))}
        actions.append(
            (
                "assessments.record_self_assessment",
                lambda c, p=assessed[i], r=ratings: assessments.record_self_assessment(
                    c, p, TODAY, r, notes="Auto-évaluation (bench)."
                ),
            )
        )
    return actions[:count]


def time_writes(
    actions: Sequence[Action], sides: dict[str, ServiceContext], *, warmup: int = 5
) -> tuple[dict[str, list[float]], dict[str, dict[str, list[float]]]]:
    """Run the first ``warmup`` actions untimed on every side (one of each kind: the pool
    and caches warm up), then time each other action on every side in turn, the order of
    the sides alternating from one action to the next (background load falls on both
    alike): the ms samples per side in all, and per kind of action."""
    for _kind, action in actions[:warmup]:
        for ctx in sides.values():
            action(ctx)
    total: dict[str, list[float]] = {side: [] for side in sides}
    by_kind: dict[str, dict[str, list[float]]] = {}
    order = list(sides.items())
    gc.collect()
    for i, (kind, action) in enumerate(actions[warmup:]):
        for side, ctx in order if i % 2 == 0 else reversed(order):
            elapsed = time_ms(lambda ctx=ctx, action=action: action(ctx))
            total[side].append(elapsed)
            by_kind.setdefault(kind, {name: [] for name in sides})[side].append(elapsed)
    return total, by_kind


def bench_writes(
    enc_path: Path, plain_path: Path, count: int, workdir: Path, driver: str
) -> tuple[list[Row], dict[str, Any]]:
    workdir.mkdir(parents=True, exist_ok=True)
    enc_copy = copy_database(enc_path, workdir / "writes.pairdesk")
    plain_copy = copy_database(plain_path, workdir / "writes.sqlite")
    enc = open_encrypted(enc_copy)
    plain = open_plain(plain_copy, driver=driver)
    try:
        enc_ctx, plain_ctx = context(enc), context(plain)
        total, by_kind = time_writes(
            plan_writes(enc_ctx, count + 5), {"enc": enc_ctx, "plain": plain_ctx}
        )
        total_enc, total_plain = sum(total["enc"]), sum(total["plain"])
        overall_ratio = total_enc / total_plain if total_plain else float("nan")
        rows = [
            Row(
                f"{len(total['enc'])} service writes, one transaction each (ms per action)",
                Stats.of(total["enc"]),
                Stats.of(total["plain"]),
                target=f"≤ {WRITE_TARGET_RATIO}× plain",
                met=Stats.of(total["enc"]).median
                <= WRITE_TARGET_RATIO * Stats.of(total["plain"]).median,
                note=f"ratio of totals {overall_ratio:.2f}×",
            )
        ]
        for kind, samples in by_kind.items():
            rows.append(Row(f"  {kind}", Stats.of(samples["enc"]), Stats.of(samples["plain"])))
        extra = {
            "actions": len(total["enc"]),
            "total_ms_enc": total_enc,
            "total_ms_plain": total_plain,
            "ratio_of_totals": overall_ratio,
        }
        return rows, extra
    finally:
        enc.close()
        plain.close()
        shutil.rmtree(workdir, ignore_errors=True)


# -- main ----------------------------------------------------------------------------------------


def run(
    participants: int,
    *,
    repeat: int = 5,
    writes: int = 200,
    out: Path | None = None,
    rebuild: bool = False,
    driver: str = "sqlite3",
    cache_dir: Path = OUT,
    cache_size: int | None = None,
    log: Callable[[str], None] = print,
) -> dict[str, Any]:
    info = machine_info()
    log(format_machine(info))
    set_cache_size(cache_size)
    if cache_size:
        log(f"experiment: PRAGMA cache_size = -{cache_size} (KiB) on both sides")
    built = build_vaults(participants, out=cache_dir, rebuild=rebuild, log=log)
    log(
        f"vault {built.encrypted_bytes / 1e6:.1f} MB encrypted, {built.plain_bytes / 1e6:.1f} MB "
        f"plain; built in {built.build_seconds:.1f} s; baseline driver: {driver}"
    )
    rows: list[Row] = []
    per_prefix: list[dict[str, Any]] = []
    write_extra: dict[str, Any] = {}

    def step(label: str) -> None:
        log(f"… {label}")

    step("open")
    rows.append(bench_open(built.encrypted, built.plain, repeat, driver))
    enc = open_encrypted(built.encrypted)
    plain = open_plain(built.plain, driver=driver)
    try:
        enc_ctx, plain_ctx = context(enc), context(plain)
        step("integrity checks")
        rows.extend(bench_integrity(enc, plain, repeat))
        step("search as you type")
        search_rows, per_prefix = bench_search(enc_ctx, plain_ctx, repeat)
        rows.extend(search_rows)
        step("deep pages")
        rows.extend(bench_pages(enc_ctx, plain_ctx, repeat, offset=min(25_000, participants // 2)))
        step("indicators")
        rows.append(bench_indicators(enc_ctx, plain_ctx, repeat))
    finally:
        enc.close()
        plain.close()
    step("writes")
    write_rows, write_extra = bench_writes(
        built.encrypted, built.plain, writes, cache_dir / f"tmp-writes-{participants}", driver
    )
    rows.extend(write_rows)

    table = format_table(rows, measured_label="SQLCipher", baseline_label="plain")
    log("")
    log(f"Store benchmark: {participants:,} participants, repeat {repeat}")
    log(table)
    for row in rows:
        if row.note:
            log(f"note – {row.name.strip()}: {row.note}")
    payload: dict[str, Any] = {
        "bench": "store",
        "participants": participants,
        "repeat": repeat,
        "baseline_driver": driver,
        "cache_size_kib": cache_size,
        "machine": info,
        "vault": {
            "encrypted_bytes": built.encrypted_bytes,
            "plain_bytes": built.plain_bytes,
            "build_seconds": built.build_seconds,
            "export_seconds": built.export_seconds,
            "summary": built.summary,
        },
        "rows": [r.as_json() for r in rows],
        "search_per_prefix": per_prefix,
        "writes": write_extra,
        "table": table,
    }
    suffix = f"-cache{cache_size}" if cache_size else ""
    target = out or cache_dir / f"store-{participants}{suffix}.json"
    write_json(target, payload)
    log(f"\nwritten: {target}")
    return payload


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_store", description=__doc__)
    parser.add_argument("--participants", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=5, help="samples per measure and side")
    parser.add_argument("--writes", type=int, default=200, help="service actions in the batch")
    parser.add_argument("--out", type=Path, default=None, help="JSON results (bench/out/…)")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the cached vaults")
    parser.add_argument(
        "--baseline-driver",
        choices=("sqlite3", "sqlcipher3"),
        default="sqlite3",
        help="plain side over the stdlib sqlite3, or over SQLCipher's SQLite without a key",
    )
    parser.add_argument(
        "--cache-size",
        type=int,
        default=None,
        metavar="KIB",
        help="experiment: PRAGMA cache_size = -KIB on both sides (SQLite's default is 2000)",
    )
    parser.add_argument("--cache-dir", type=Path, default=OUT, help="where built vaults are kept")
    parser.add_argument(
        "--quick", action="store_true", help="tiny smoke run: 300 participants, 2 repeats"
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.participants, args.repeat, args.writes = 300, 2, 20
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    run(
        args.participants,
        repeat=args.repeat,
        writes=args.writes,
        out=args.out,
        rebuild=args.rebuild,
        driver=args.baseline_driver,
        cache_dir=args.cache_dir,
        cache_size=args.cache_size,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

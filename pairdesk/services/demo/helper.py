"""The participants of a large demo drawn in a second process while this one writes them.

Drawing a participant and everything around them is Python (one CPU, under Python's lock);
writing them is SQLite, which lets go of that lock but, with SQLCipher's memory security,
costs about as much again. In one process the two add up: 50,000 participants took 33 s as
a user (issue 10 asks for under 30 s). From ``HELPER_FROM`` participants, a helper process
(``multiprocessing``, started by "spawn" on every system) draws them and prepares the JSON
batches of ``store.bulk``; this process only runs the statements, a chunk behind, in its
own transaction. The helper never sees the vault, its key or its passphrase: it receives the
run's plan (fictional people, workshops, offers and the random generator's state) and sends
back SQL text and fictional rows. bench/README.md, "The demo builder", has the figures.

The vault is the same either way (``tests/services/test_demo_helper.py`` compares every
table): the helper draws with the same generator, in the same order, the same ids.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import multiprocessing
import random
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

from sqlalchemy import Table
from sqlalchemy.engine import Dialect

from pairdesk import i18n
from pairdesk.errors import UserError
from pairdesk.i18n import _
from pairdesk.services.demo.participants import make_people
from pairdesk.services.demo.state import DemoRun, Row
from pairdesk.store.bulk import json_batches, reads_jsonb, write_json_batches

#: From this many participants the helper draws them (its start, about half a second,
#: is repaid from a few thousand: bench/README.md).
HELPER_FROM = 5_000

#: What the participants' loop reads from the run, and what it changes (sent back).
_PLAN: tuple[str, ...] = ("next_id", "counts", "team", "referents_by_kind", "people")
_PLAN += ("workshops", "offers", "questions")
_CHANGED = ("next_id", "counts")


@dataclass(frozen=True)
class _Plan:
    """What the helper needs to draw the participants exactly as this process would."""

    rng_state: Any  # random.Random.getstate()
    today: dt.date
    participants: int
    chunk: int
    language: str
    dialect: type[Dialect]
    state: dict[str, Any]


def make_people_in_helper(run: DemoRun, chunk: int) -> None:
    """Every participant of ``run`` (its directories written, its ids read by
    ``start_ids``), drawn by a helper process and written here, ``chunk`` at a time, calling
    ``run.report`` after each. On return the run's generator, ids and counts are where
    drawing them here would have left them.

    Cancelling (``report``) or any failure stops the helper; the caller's transaction,
    rolled back, then holds nothing of them."""
    session = run.session
    dialect = session.get_bind().dialect
    plan = _Plan(
        rng_state=run.rng.getstate(),
        today=run.today,
        participants=run.n,
        chunk=chunk,
        language=i18n.current_language(),
        dialect=type(dialect),
        state={name: getattr(run, name) for name in _PLAN},
    )
    spawn = multiprocessing.get_context("spawn")
    receiving, sending = spawn.Pipe(duplex=False)
    process = spawn.Process(
        target=_helper_main,
        args=(sending, plan),
        name="pairdesk-demo-helper",
        daemon=True,
    )
    process.start()
    sending.close()  # the helper's end only: a helper that dies ends the pipe
    try:
        while True:
            try:
                kind, *body = receiving.recv()
            except EOFError:
                raise UserError(
                    _("The demo data could not be generated: its helper process stopped.")
                ) from None
            if kind == "rows":
                batches, done = body
                write_json_batches(session, batches)
                run.report(done)
            elif kind == "end":
                rng_state, changed = body
                run.rng.setstate(rng_state)
                for name, value in changed.items():
                    setattr(run, name, value)
                return
            else:
                raise UserError(
                    _("The demo data could not be generated: {error}").format(error=body[0])
                )
    finally:
        receiving.close()
        if process.is_alive():
            process.terminate()
        process.join()


def helper_wanted(run: DemoRun) -> bool:
    """Whether ``run`` is large enough for the helper, on a vault whose SQLite reads the
    JSON batches (a server takes Core's inserts, in this process)."""
    return bool(run.n >= HELPER_FROM and reads_jsonb(run.session.get_bind().dialect))


def _helper_main(sending: Connection, plan: _Plan) -> None:
    """The helper process: draw every participant and send each chunk's batches."""
    try:
        i18n.install(plan.language)
        dialect = plan.dialect()
        rng = random.Random()
        rng.setstate(plan.rng_state)
        run = DemoRun(None, rng, plan.today, plan.participants, None)
        for name, value in plan.state.items():
            setattr(run, name, value)
        batches: list[tuple[str, str]] = []

        def sink(table: Table, rows: list[Row]) -> None:
            batches.extend(json_batches(table, rows, dialect))

        def send(done: int) -> None:
            sending.send(("rows", batches, done))
            batches.clear()

        run.sink = sink
        make_people(run, plan.chunk, send)
        sending.send(("end", run.rng.getstate(), {name: getattr(run, name) for name in _CHANGED}))
    except BaseException as error:  # told to the parent, which stops
        with contextlib.suppress(OSError):  # unless the parent has gone
            sending.send(("error", f"{type(error).__name__}: {error}"))
    finally:
        sending.close()

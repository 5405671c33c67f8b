"""One run of the demo builder: its random source, its dates, the rows waiting to be
written, and what later steps need to remember (the team, the referents, the plan of every
participant, the workshops, the offers, the question bank).

Rows are plain dicts written a table at a time, parents first, by
``pairdesk.store.bulk.write_rows`` (one JSON text per 500 rows on the vault, Core's
``executemany`` on a server); ids are assigned here rather than read back, and nothing is
queried per row. Every choice goes through ``run.rng`` in a fixed order, so the same seed
and ``today`` give the same vault: the subject modules must keep the order of their draws.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple, TypeVar

from sqlalchemy import Table, func, select
from sqlalchemy.orm import Session

from pairdesk.domain.activity_days import year_words
from pairdesk.domain.contacts import is_contact, later_contact
from pairdesk.domain.enums import ContractType, ParticipantStatus, ReferentKind, Role, WorkshopKind
from pairdesk.errors import UserError
from pairdesk.i18n import _
from pairdesk.services.demo.seeds import seed_list
from pairdesk.store import server
from pairdesk.store.activity_years import activity_values
from pairdesk.store.bulk import write_rows
from pairdesk.store.models import Base

T = TypeVar("T")
Row = dict[str, Any]
Progress = Callable[[int, int], bool]

#: How far back the year of activity reaches, and how far ahead workshops are planned.
PAST_DAYS = 365
UPCOMING_DAYS = 28

#: The records that make their participant active on a day, and that day's column; an
#: attendance marked present is told by ``DemoRun.active_on`` (``activity_year``).
ACTIVITY_DAYS = {
    "pathway_event": "occurred_on",
    "self_assessment": "assessed_on",
    "mock_interview": "held_on",
    "offer_share": "shared_on",
}

#: The tables written, in foreign-key order.
TABLES = (
    "team_member",
    "referent",
    "job_offer",
    "workshop",
    "workshop_facilitator",
    "supervision_session",
    "participant",
    "participant_scheme",
    "consent",
    "tutoring",
    "pathway",
    "goal",
    "contract",
    "pathway_event",
    "retention_check",
    "wellbeing_plan",
    "registration",
    "cv_version",
    "cv_comment",
    "mock_interview",
    "mock_interview_question",
    "mock_interview_score",
    "offer_share",
    "self_assessment",
    "self_assessment_rating",
    "assessment_progress",
    "activity_year",
    "register_person",
    "day_presence",
    "register_day",
    "closure_day",
)


class Member(NamedTuple):
    """A demo team member, as later steps need them."""

    id: int
    first_name: str
    last_name: str
    role: Role

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}"


class Registered(NamedTuple):
    """One registration planned for a participant (``attendance`` None: not marked)."""

    workshop_id: int
    held_on: dt.date
    kind: str
    attendance: str | None


@dataclass
class Person:
    """What the run remembers about one participant before writing them: the plan drawn
    up front (membership, status, when they were active, how engaged), which the workshops
    use to choose who registered."""

    start: dt.date
    end: dt.date | None
    status: ParticipantStatus
    act_from: dt.date
    act_to: dt.date
    engagement: float
    registrations: list[Registered] = field(default_factory=list)


@dataclass
class PlannedWorkshop:
    id: int
    kind: WorkshopKind
    held_on: dt.date
    capacity: int | None
    cancelled: bool


@dataclass
class PlannedOffer:
    id: int
    title: str
    employer: str
    contract_type: ContractType
    hours: float | None
    created_on: dt.date
    closing_on: dt.date | None


class Contacts:
    """A participant's last contact, kept by the rules of ``services.last_contact``
    (:mod:`pairdesk.domain.contacts`) while their activity is generated."""

    __slots__ = ("last", "today")

    def __init__(self, today: dt.date) -> None:
        self.today = today
        self.last: dt.date | None = None

    def saw(self, on: dt.date) -> None:
        if is_contact(on, self.today):
            self.last = later_contact(self.last, on)


def advance_sequences(session: Session) -> None:
    """On a server, move each id sequence past the ids demo data wrote itself
    (``store.server.advance_sequences``, which any team member may run)."""
    if session.get_bind().dialect.name == "postgresql":
        server.advance_sequences(session.connection())


class DemoRun:
    """The state of one generation, shared by the subject modules."""

    def __init__(
        self,
        session: Session | None,
        rng: random.Random,
        today: dt.date,
        participants: int,
        progress: Progress | None,
    ) -> None:
        self._session = session
        #: where ``flush`` sends each table's rows; None: written through the session
        self.sink: Callable[[Table, list[Row]], None] | None = None
        self.rng = rng
        self.today = today
        self.n = participants
        self.progress = progress
        self.year_start = today - dt.timedelta(days=PAST_DAYS)
        self.tables: dict[str, Table] = {name: Base.metadata.tables[name] for name in TABLES}
        self.next_id: dict[str, int] = {}
        self.counts: dict[str, int] = dict.fromkeys(TABLES, 0)
        self.pending: dict[str, list[Row]] = {name: [] for name in TABLES}
        self.team: list[Member] = []
        self.referents_by_kind: dict[ReferentKind, list[tuple[int, str]]] = {}
        self.people: list[Person] = []
        self.workshops: list[PlannedWorkshop] = []
        self.offers: list[PlannedOffer] = []
        self.questions: list[tuple[int, str]] = []
        #: each participant's active days written so far (``write_activity``)
        self.active_days: dict[int, list[dt.date]] = {}

    @property
    def session(self) -> Session:
        """The transaction the run writes in (a run in the helper process has none)."""
        if self._session is None:
            raise RuntimeError("this demo run draws rows for another process: no session")
        return self._session

    # -- rows and ids --------------------------------------------------------------------
    def new_id(self, table: str) -> int:
        value = self.next_id.get(table)
        if value is None:
            current = self.session.execute(select(func.max(self.tables[table].c.id))).scalar()
            value = (current or 0) + 1
        self.next_id[table] = value + 1
        return value

    def start_ids(self) -> None:
        """Read now the next id of every table not used yet (what ``new_id`` would read
        later, nothing being written between), so that drawing rows asks nothing more."""
        for name, table in self.tables.items():
            if name not in self.next_id and "id" in table.c:
                self.next_id[name] = self.new_id(name)

    def add(self, table: str, row: Row) -> None:
        self.pending[table].append(row)
        self.counts[table] += 1
        day = ACTIVITY_DAYS.get(table)
        if day is not None:
            self.active_on(row["participant_id"], row[day])

    def active_on(self, pid: int, day: dt.date) -> None:
        """The participant was active on ``day`` (``ACTIVITY_DAYS``, or present at a
        workshop not cancelled)."""
        self.active_days.setdefault(pid, []).append(day)

    def write_activity(self, pid: int) -> None:
        """The participant's ``activity_year`` rows, from the days told so far: the rows the
        writes keep (``store.activity_years``), written with the records rather than read
        back."""
        for year, words in sorted(year_words(self.active_days.pop(pid, ())).items()):
            self.add("activity_year", activity_values(pid, year, words))

    def flush(self) -> None:
        """Write every pending row, parents first, a table at a time (``store.bulk``)."""
        for name in TABLES:
            rows = self.pending[name]
            if rows:
                if self.sink is not None:
                    self.sink(self.tables[name], rows)
                else:
                    write_rows(self.session, self.tables[name], rows)
                self.pending[name] = []

    def report(self, done: int) -> None:
        if self.progress is not None and not self.progress(done, self.n):
            raise UserError(_("Cancelled."))

    # -- drawing -------------------------------------------------------------------------
    def date_between(self, first: dt.date, last: dt.date) -> dt.date:
        if last <= first:
            return first
        return first + dt.timedelta(days=self.rng.randint(0, (last - first).days))

    def pick(self, items: Sequence[T]) -> T:
        return items[int(self.rng.random() * len(items))]

    def some(self, name: str, low: int, high: int, sep: str = "\n") -> str:
        items = seed_list(name)
        count = self.rng.randint(low, high)
        return sep.join(self.rng.sample(items, min(count, len(items))))

    def weighted(self, choices: Sequence[T], weights: Sequence[float]) -> T:
        return self.rng.choices(choices, weights)[0]

    # -- the team ------------------------------------------------------------------------
    def team_with(self, *roles: Role) -> list[Member]:
        return [m for m in self.team if m.role in roles]

    def fresh_name(self, used: list[str]) -> tuple[str, str]:
        """A first and last name not in ``used`` (added to it), after 50 tries any name."""
        for _attempt in range(50):
            first = self.pick(seed_list("first_names"))
            last = self.pick(seed_list("last_names"))
            key = f"{first} {last}"
            if key not in used:
                used.append(key)
                return first, last
        return first, last

    def peer_name(self) -> str:
        """Who wrote a peer comment: a peer helper or volunteer, or a participant's initial."""
        if self.rng.random() < 0.5:
            peers = self.team_with(Role.PEER_HELPER, Role.VOLUNTEER) or self.team
            return self.pick(peers).name
        first = self.pick(seed_list("first_names"))
        initial = self.pick(seed_list("last_names"))[0]
        return f"{first} {initial}."

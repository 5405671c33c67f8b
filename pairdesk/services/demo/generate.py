"""Demo data: a deterministic, entirely fictional association with a year of activity.

``generate_demo_data`` fills a vault with team members, referents, participants and
everything around them (pathways, goals, contracts, workshops and attendance, CVs, mock
interviews, offers, self-assessments…). The same ``seed`` and ``today`` always give the
same vault: one ``random.Random(seed)`` drives every choice, and every date (including
``created_at``-type columns) derives from ``today``.

It is written for speed (50,000 participants must load in well under three minutes):
rows are plain dicts inserted with Core ``executemany`` in chunks, ids are assigned here
rather than read back, and nothing is queried per row. The derived columns the services
maintain (``search_text``, ``sort_name``, ``last_contact_on``) are computed the same way.

The French text comes from the seed lists in ``resources/demo/`` (one item per line).
Everything is fictional: names are mixed at random, employers and agencies are invented,
e-mail addresses end in ``.invalid`` or ``example.org``, phone numbers are ``06 00 00 …``.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import json
import math
import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Table, func, insert, select
from sqlalchemy.orm import Session

from pairdesk.domain.dates import add_months, last_day_of_term
from pairdesk.domain.enums import (
    AssessmentDomain,
    Attendance,
    AuditAction,
    ConsentMethod,
    ConsentPurpose,
    ContractType,
    CvSection,
    EventKind,
    FollowUpFrequency,
    FollowUpMode,
    GoalStatus,
    InterviewCriterion,
    ParticipantStatus,
    QuestionCategory,
    ReferentKind,
    RemoteWork,
    Role,
    RqthStatus,
    Scheme,
    ShareOutcome,
    WorkshopKind,
)
from pairdesk.domain.permissions import Permission, require
from pairdesk.domain.text import fold, search_text
from pairdesk.errors import InvalidInput, UserError
from pairdesk.i18n import _, ngettext
from pairdesk.paths import resources_dir
from pairdesk.services.context import ServiceContext
from pairdesk.store.models import Association, Base, InterviewQuestion, Setting

T = TypeVar("T")
Row = dict[str, Any]
Progress = Callable[[int, int], bool]

MAX_PARTICIPANTS = 1_000_000
DEMO_ASSOCIATION_NAME = "GEM Les Tilleuls (démo)"
DEMO_ADDRESS = "12 passage des Tilleuls-Fictifs\n69100 Villeurbanne"
DEMO_PHONE = "06 00 00 00 00"
DEMO_EMAIL = "contact@gem-tilleuls.invalid"
DEMO_OPENING_DAYS = "1,2,4,5"
DEMO_OPENING_HOURS = "Lundi, mardi, jeudi : 13 h 30 – 18 h\nVendredi : 10 h – 17 h"
TEAM_DOMAIN = "gem-tilleuls.invalid"
OPENING_WEEKDAYS = (0, 1, 3, 4)  # date.weekday(): Monday, Tuesday, Thursday, Friday
UPCOMING_DAYS = 28
PAST_DAYS = 365

# The tables written, in foreign-key order.
_TABLES = (
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
)

_SCHEME_REFERENT_KIND = {
    Scheme.FRANCE_TRAVAIL: ReferentKind.FRANCE_TRAVAIL,
    Scheme.CAP_EMPLOI: ReferentKind.CAP_EMPLOI,
    Scheme.DEA: ReferentKind.DEA,
    Scheme.MISSION_LOCALE: ReferentKind.MISSION_LOCALE,
    Scheme.ESAT: ReferentKind.ESAT_EA,
    Scheme.ENTREPRISE_ADAPTEE: ReferentKind.ESAT_EA,
    Scheme.OTHER: ReferentKind.HEALTH,
}


@dataclass(frozen=True, slots=True)
class DemoSummary:
    participants: int
    team_members: int
    referents: int
    workshops: int
    registrations: int
    offers: int
    shares: int
    contracts: int
    cv_versions: int
    mock_interviews: int
    self_assessments: int
    events: int
    goals: int


# -- seed lists ------------------------------------------------------------------------


def demo_dir() -> Path:
    return resources_dir() / "demo"


@functools.cache
def seed_list(name: str) -> tuple[str, ...]:
    """The items of ``resources/demo/<name>.txt``: one a line, blanks and # comments skipped."""
    path = demo_dir() / f"{name}.txt"
    items = []
    for line in path.read_text(encoding="utf-8").splitlines():
        item = line.strip()
        if item and not item.startswith("#"):
            items.append(item)
    if not items:
        raise UserError(_("The demo seed list {name} is empty.").format(name=name))
    return tuple(items)


@functools.cache
def seed_fields(name: str, count: int) -> tuple[tuple[str, ...], ...]:
    """A seed list whose lines hold ``count`` fields separated by ``|``."""
    rows = []
    for item in seed_list(name):
        parts = tuple(p.strip() for p in item.split("|"))
        if len(parts) == count:
            rows.append(parts)
    return tuple(rows)


# -- small helpers ---------------------------------------------------------------------


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-") or "x"


def _phone(number: int) -> str:
    return f"06 00 00 {(number // 100) % 100:02d} {number % 100:02d}"


@dataclass
class _Person:
    """What the generator remembers about one participant before writing them."""

    start: dt.date
    end: dt.date | None
    status: ParticipantStatus
    act_from: dt.date
    act_to: dt.date
    engagement: float
    registrations: list[tuple[int, dt.date, str, str | None]] = field(default_factory=list)


@dataclass
class _Workshop:
    id: int
    kind: WorkshopKind
    held_on: dt.date
    capacity: int | None
    cancelled: bool


@dataclass
class _Offer:
    id: int
    title: str
    employer: str
    contract_type: ContractType
    hours: float | None
    created_on: dt.date
    closing_on: dt.date | None


class _Generator:
    def __init__(
        self,
        session: Session,
        rng: random.Random,
        today: dt.date,
        participants: int,
        progress: Progress | None,
    ) -> None:
        self.session = session
        self.rng = rng
        self.today = today
        self.n = participants
        self.progress = progress
        self.year_start = today - dt.timedelta(days=PAST_DAYS)
        self.tables: dict[str, Table] = {name: Base.metadata.tables[name] for name in _TABLES}
        self.next_id: dict[str, int] = {}
        self.counts: dict[str, int] = dict.fromkeys(_TABLES, 0)
        self.pending: dict[str, list[Row]] = {name: [] for name in _TABLES}
        self.team: list[tuple[int, str, str, Role]] = []
        self.referents_by_kind: dict[ReferentKind, list[tuple[int, str]]] = {}
        self.people: list[_Person] = []
        self.workshops: list[_Workshop] = []
        self.offers: list[_Offer] = []
        self.questions: list[tuple[int, str]] = []

    # -- plumbing ----------------------------------------------------------------------
    def new_id(self, table: str) -> int:
        value = self.next_id.get(table)
        if value is None:
            current = self.session.execute(select(func.max(self.tables[table].c.id))).scalar()
            value = (current or 0) + 1
        self.next_id[table] = value + 1
        return value

    def add(self, table: str, row: Row) -> None:
        self.pending[table].append(row)
        self.counts[table] += 1

    def flush(self) -> None:
        """Write every pending row, parents first, with one executemany per table."""
        for name in _TABLES:
            rows = self.pending[name]
            if rows:
                self.session.execute(insert(self.tables[name]), rows)
                self.pending[name] = []

    def report(self, done: int) -> None:
        if self.progress is not None and not self.progress(done, self.n):
            raise UserError(_("Cancelled."))

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

    # -- the whole run -----------------------------------------------------------------
    def run(self) -> DemoSummary:
        self.report(0)
        self.update_association()
        self.make_team()
        self.make_referents()
        self.make_question_bank()
        self.make_offers()
        self.plan_people()
        self.make_workshops()
        self.make_supervision()
        self.flush()
        self.report(0)
        chunk = max(1, min(500, math.ceil(self.n / 8)))
        for first in range(0, self.n, chunk):
            for index in range(first, min(first + chunk, self.n)):
                self.make_participant(index)
            self.flush()
            self.report(min(first + chunk, self.n))
        c = self.counts
        return DemoSummary(
            participants=c["participant"],
            team_members=c["team_member"],
            referents=c["referent"],
            workshops=c["workshop"],
            registrations=c["registration"],
            offers=c["job_offer"],
            shares=c["offer_share"],
            contracts=c["contract"],
            cv_versions=c["cv_version"],
            mock_interviews=c["mock_interview"],
            self_assessments=c["self_assessment"],
            events=c["pathway_event"],
            goals=c["goal"],
        )

    # -- the association and its directories ------------------------------------------
    def update_association(self) -> None:
        association = self.session.get(Association, 1)
        if association is None:
            association = Association(id=1, name=DEMO_ASSOCIATION_NAME, created_on=self.today)
            self.session.add(association)
        association.name = DEMO_ASSOCIATION_NAME
        association.address = DEMO_ADDRESS
        association.phone = DEMO_PHONE
        association.email = DEMO_EMAIL
        association.opening_days = DEMO_OPENING_DAYS
        association.opening_hours = DEMO_OPENING_HOURS
        association.opening_days_per_year = 200
        association.staff_fte = round(2.4 + 0.4 * math.log2(max(1.0, self.n / 60)), 1)
        self.session.flush()

    def make_team(self) -> None:
        size = 6 + round(2 * math.log2(max(1.0, self.n / 60)))
        roles = [Role.COORDINATOR, Role.FACILITATOR, Role.PEER_HELPER, Role.PEER_HELPER]
        roles += [Role.FACILITATOR, Role.VOLUNTEER]
        if self.n >= 200:
            roles.insert(1, Role.COORDINATOR)
        cycle = (Role.PEER_HELPER, Role.FACILITATOR, Role.PEER_HELPER, Role.VOLUNTEER)
        while len(roles) < size:
            roles.append(cycle[len(roles) % len(cycle)])
        created = dt.datetime.combine(self.today - dt.timedelta(days=500), dt.time(9, 0))
        used: list[str] = []
        for number, role in enumerate(roles):
            first, last = self.fresh_name(used)
            member_id = self.new_id("team_member")
            self.team.append((member_id, first, last, role))
            self.add(
                "team_member",
                {
                    "id": member_id,
                    "first_name": first,
                    "last_name": last,
                    "role": role.value,
                    "email": f"{_slug(first)}.{_slug(last)}@{TEAM_DOMAIN}",
                    "phone": _phone(9000 + number),
                    "pin_hash": None,
                    "active": True,
                    "created_at": created + dt.timedelta(days=number * 17),
                },
            )

    def fresh_name(self, used: list[str]) -> tuple[str, str]:
        for _attempt in range(50):
            first = self.pick(seed_list("first_names"))
            last = self.pick(seed_list("last_names"))
            key = f"{first} {last}"
            if key not in used:
                used.append(key)
                return first, last
        return first, last

    def team_with(self, *roles: Role) -> list[tuple[int, str, str, Role]]:
        return [m for m in self.team if m[3] in roles]

    def make_referents(self) -> None:
        organisations = seed_fields("referent_organisations", 2)
        rounds = 1 + self.n // 10_000
        used: list[str] = []
        number = 0
        for _round in range(rounds):
            for kind_value, organisation in organisations:
                kind = ReferentKind(kind_value)
                first, last = self.fresh_name(used)
                name = f"{first} {last}"
                referent_id = self.new_id("referent")
                self.referents_by_kind.setdefault(kind, []).append((referent_id, name))
                self.add(
                    "referent",
                    {
                        "id": referent_id,
                        "name": name,
                        "organisation": organisation,
                        "kind": kind.value,
                        "phone": _phone(8000 + number),
                        "email": f"{_slug(first)}.{_slug(last)}@referents.invalid",
                        "notes": "",
                        "active": True,
                        "search_text": search_text(name, organisation),
                    },
                )
                number += 1

    def make_question_bank(self) -> None:
        table = Base.metadata.tables["interview_question"]
        existing = self.session.execute(select(func.count()).select_from(table)).scalar() or 0
        if not existing:
            valid = {c.value for c in QuestionCategory}
            rows = [
                {
                    "text": text,
                    "category": category,
                    "advice": advice,
                    "active": True,
                    "builtin_key": None,
                }
                for category, text, advice in seed_fields("interview_questions", 3)
                if category in valid
            ]
            self.session.execute(insert(table), rows)
        self.questions = [
            (row.id, row.text)
            for row in self.session.execute(
                select(InterviewQuestion.id, InterviewQuestion.text)
                .where(InterviewQuestion.active.is_(True))
                .order_by(InterviewQuestion.id)
            )
        ]

    # -- offers ------------------------------------------------------------------------
    def make_offers(self) -> None:
        rng = self.rng
        today = self.today
        types = list(ContractType)
        type_weights = [20, 30, 15, 12, 5, 18]
        for _number in range(30 + self.n // 250):
            shape = self.weighted(("expired", "soon", "later", "open"), (30, 15, 35, 20))
            if shape == "expired":
                closing: dt.date | None = today - dt.timedelta(days=rng.randint(1, 300))
                assert closing is not None
                created = closing - dt.timedelta(days=rng.randint(14, 45))
            elif shape == "soon":
                closing = today + dt.timedelta(days=rng.randint(0, 10))
                created = today - dt.timedelta(days=rng.randint(3, 40))
            elif shape == "later":
                closing = today + dt.timedelta(days=rng.randint(11, 60))
                created = today - dt.timedelta(days=rng.randint(0, 30))
            else:
                closing = None
                created = today - dt.timedelta(days=rng.randint(0, 200))
            title = self.pick(seed_list("job_titles"))
            employer = self.pick(seed_list("employers"))
            place = self.pick(seed_list("cities")[:20])
            source = self.pick(seed_list("offer_sources"))
            accommodations = self.some("accommodations", 0, 2)
            contract_type = self.weighted(types, type_weights)
            hours = self.pick((15.0, 17.5, 20.0, 24.0, 26.0, 28.0, 30.0, 35.0))
            offer_id = self.new_id("job_offer")
            self.offers.append(
                _Offer(offer_id, title, employer, contract_type, hours, created, closing)
            )
            self.add(
                "job_offer",
                {
                    "id": offer_id,
                    "title": title,
                    "employer": employer,
                    "place": place,
                    "contract_type": contract_type.value,
                    "hours_per_week": hours,
                    "remote": self.weighted(
                        (RemoteWork.NONE.value, RemoteWork.PARTIAL.value, RemoteWork.FULL.value),
                        (70, 25, 5),
                    ),
                    "accommodations": accommodations,
                    "employer_open_to_disability": rng.random() < 0.6,
                    "source": source,
                    "closing_on": closing,
                    "contact": f"recrutement@{_slug(employer)}.invalid",
                    "description": self.pick(seed_list("offer_descriptions")),
                    "created_on": created,
                    "archived": shape == "expired" and rng.random() < 0.5,
                    "search_text": search_text(title, employer, place, source, accommodations),
                },
            )

    # -- participants: the plan --------------------------------------------------------
    def plan_people(self) -> None:
        rng = self.rng
        today = self.today
        for _index in range(self.n):
            if rng.random() < 0.4:
                start = today - dt.timedelta(days=rng.randint(7, PAST_DAYS))
            else:
                start = today - dt.timedelta(days=rng.randint(PAST_DAYS + 1, 4 * PAST_DAYS))
            status = self.weighted(
                (ParticipantStatus.ACTIVE, ParticipantStatus.PAUSED, ParticipantStatus.LEFT),
                (80, 10, 10),
            )
            act_from = max(start, self.year_start)
            end: dt.date | None = None
            act_to = today
            if status is ParticipantStatus.LEFT:
                end = self.date_between(
                    act_from + dt.timedelta(days=20), today - dt.timedelta(days=1)
                )
                if end >= today:
                    status, end = ParticipantStatus.ACTIVE, None
                else:
                    act_to = end
            elif status is ParticipantStatus.PAUSED:
                act_to = today - dt.timedelta(days=rng.randint(20, 120))
                if act_to <= act_from + dt.timedelta(days=14):
                    status, act_to = ParticipantStatus.ACTIVE, today
            engagement = 0.15 + 0.85 * rng.random() ** 1.5
            self.people.append(_Person(start, end, status, act_from, act_to, engagement))

    # -- workshops, registrations, supervision -----------------------------------------
    def make_workshops(self) -> None:
        rng = self.rng
        today = self.today
        per_week = 2 if self.n <= 300 else 3 if self.n <= 5000 else 4
        kinds = (
            WorkshopKind.CV,
            WorkshopKind.INTERVIEW,
            WorkshopKind.OFFER_SHARING,
            WorkshopKind.INFORMATION,
        )
        titles = {
            WorkshopKind.CV: "workshop_titles_cv",
            WorkshopKind.INTERVIEW: "workshop_titles_interview",
            WorkshopKind.OFFER_SHARING: "workshop_titles_offer_sharing",
            WorkshopKind.INFORMATION: "workshop_titles_information",
        }
        capacities = {
            WorkshopKind.CV: (6, 10),
            WorkshopKind.INTERVIEW: (5, 8),
            WorkshopKind.OFFER_SHARING: (8, 14),
            WorkshopKind.INFORMATION: (12, 20),
        }
        animators = self.team_with(Role.COORDINATOR, Role.FACILITATOR, Role.PEER_HELPER)
        monday = self.year_start - dt.timedelta(days=self.year_start.weekday())
        last_day = today + dt.timedelta(days=UPCOMING_DAYS)
        while monday <= last_day:
            days = sorted(rng.sample(OPENING_WEEKDAYS, per_week))
            for weekday in days:
                held_on = monday + dt.timedelta(days=weekday)
                if held_on < self.year_start or held_on > last_day:
                    continue
                kind = self.weighted(kinds, (30, 30, 25, 15))
                morning = rng.random() < 0.3
                starts = dt.time(9, 30) if morning else dt.time(14, 0)
                ends = dt.time(11, 30) if morning else self.pick((dt.time(16, 0), dt.time(16, 30)))
                low, high = capacities[kind]
                capacity: int | None = rng.randint(low, high)
                if kind is WorkshopKind.INFORMATION and rng.random() < 0.3:
                    capacity = None
                past = held_on < today
                cancelled = rng.random() < (0.04 if past else 0.03)
                notes = ""
                if cancelled:
                    notes = self.pick(seed_list("cancellation_notes"))
                elif past and rng.random() < 0.15:
                    notes = self.pick(seed_list("workshop_notes"))
                workshop_id = self.new_id("workshop")
                workshop = _Workshop(workshop_id, kind, held_on, capacity, cancelled)
                self.workshops.append(workshop)
                self.add(
                    "workshop",
                    {
                        "id": workshop_id,
                        "kind": kind.value,
                        "title": self.pick(seed_list(titles[kind])),
                        "held_on": held_on,
                        "starts_at": starts,
                        "ends_at": ends,
                        "place": self.pick(seed_list("workshop_places")),
                        "capacity": capacity,
                        "cancelled": cancelled,
                        "notes": notes,
                    },
                )
                for member in rng.sample(animators, min(len(animators), rng.randint(1, 2))):
                    self.add(
                        "workshop_facilitator",
                        {"workshop_id": workshop_id, "team_member_id": member[0]},
                    )
                self.register(workshop)
            monday += dt.timedelta(days=7)

    def register(self, workshop: _Workshop) -> None:
        """Choose who registered (capacity-limited) and, for past workshops, who came."""
        if not self.people:
            return
        rng = self.rng
        held_on = workshop.held_on
        past = held_on < self.today
        room = workshop.capacity or 18
        target = rng.randint(max(2, room // 2), room) if past else rng.randint(1, max(1, room - 2))
        chosen: list[int] = []
        for _attempt in range(target * 25):
            if len(chosen) >= target:
                break
            index = int(rng.random() * self.n)
            person = self.people[index]
            if past:
                if not person.act_from <= held_on <= person.act_to:
                    continue
            elif person.status is not ParticipantStatus.ACTIVE or person.start > held_on:
                continue
            if index in chosen or rng.random() > person.engagement:
                continue
            chosen.append(index)
        attendances = (Attendance.PRESENT.value, Attendance.ABSENT.value, Attendance.EXCUSED.value)
        for index in chosen:
            attendance: str | None = None
            if past and not workshop.cancelled:
                attendance = self.weighted(attendances, (80, 12, 8))
            self.people[index].registrations.append(
                (workshop.id, held_on, workshop.kind.value, attendance)
            )

    def make_supervision(self) -> None:
        peers = self.team_with(Role.PEER_HELPER)
        leads = self.team_with(Role.COORDINATOR, Role.FACILITATOR)
        if not peers:
            return
        day = self.year_start + dt.timedelta(days=10)
        while day < self.today:
            held_on = day + dt.timedelta(days=(1 - day.weekday()) % 7)  # a Tuesday
            if held_on >= self.today:
                break
            attendees = [f"{m[1]} {m[2]}" for m in peers]
            if leads:
                attendees.append(f"{self.pick(leads)[1]} {self.pick(leads)[2]}")
            self.add(
                "supervision_session",
                {
                    "id": self.new_id("supervision_session"),
                    "held_on": held_on,
                    "attendees": ", ".join(dict.fromkeys(attendees)),
                    "themes": self.some("supervision_themes", 1, 2),
                    "follow_ups": self.some("supervision_follow_ups", 1, 2),
                },
            )
            day += dt.timedelta(days=self.rng.randint(28, 42))

    # -- one participant and everything around them ------------------------------------
    def make_participant(self, index: int) -> None:
        rng = self.rng
        today = self.today
        person = self.people[index]
        pid = self.new_id("participant")
        featured = seed_fields("featured_participants", 2)
        if index < len(featured):
            first, last = featured[index]
        else:
            first = self.pick(seed_list("first_names"))
            last = self.pick(seed_list("last_names"))
        pseudonym = self.pick(seed_list("pseudonyms")) if rng.random() < 0.12 else ""
        city = (
            self.pick(seed_list("cities")[:12])
            if rng.random() < 0.7
            else self.pick(seed_list("cities"))
        )
        age = rng.randint(19, 62)
        birth_year = today.year - age
        birth_date = None
        if rng.random() < 0.75:
            birth_date = self.date_between(dt.date(birth_year, 1, 1), dt.date(birth_year, 12, 28))
        contacts: list[dt.date] = []

        # Support schemes with their referents.
        referent_names: list[str] = []
        my_referents: list[int] = []
        scheme_choices = [
            Scheme.FRANCE_TRAVAIL,
            Scheme.CAP_EMPLOI,
            Scheme.DEA,
            Scheme.MISSION_LOCALE,
            Scheme.ESAT,
            Scheme.ENTREPRISE_ADAPTEE,
            Scheme.OTHER,
        ]
        scheme_weights = [30, 25, 12, 12 if age < 26 else 0, 7, 7, 10]
        schemes: list[Scheme] = []
        for _n in range(self.weighted((0, 1, 2), (15, 60, 25))):
            scheme = self.weighted(scheme_choices, scheme_weights)
            if scheme in schemes:
                continue
            schemes.append(scheme)
            referent_id = None
            pool = self.referents_by_kind.get(_SCHEME_REFERENT_KIND[scheme], [])
            if pool and rng.random() < 0.85:
                referent_id, referent_name = self.pick(pool)
                referent_names.append(referent_name)
                my_referents.append(referent_id)
            started = self.date_between(
                person.start - dt.timedelta(days=400), person.start + dt.timedelta(days=60)
            )
            started = min(started, today)
            ended = None
            if rng.random() < 0.1 and started + dt.timedelta(days=30) < today:
                ended = self.date_between(started + dt.timedelta(days=30), today)
            self.add(
                "participant_scheme",
                {
                    "id": self.new_id("participant_scheme"),
                    "participant_id": pid,
                    "scheme": scheme.value,
                    "referent_id": referent_id,
                    "started_on": started,
                    "ended_on": ended,
                    "notes": "",
                },
            )

        self.make_consents(pid, person, my_referents)
        self.make_tutoring(pid, person, my_referents)
        aspiration_job = self.make_pathway(pid, person)
        goal_ids = self.make_goals(pid, person)
        self.make_contracts(pid, person, contacts)
        self.make_events(pid, person, goal_ids, contacts)
        if rng.random() < 0.3:
            self.add(
                "wellbeing_plan",
                {
                    "id": self.new_id("wellbeing_plan"),
                    "participant_id": pid,
                    "triggers": self.some("wellbeing_triggers", 1, 2),
                    "warning_signs": self.some("wellbeing_warning_signs", 1, 2),
                    "what_helps": self.some("wellbeing_what_helps", 1, 3),
                    "who_to_call": self.some("wellbeing_who_to_call", 1, 2),
                    "updated_on": self.date_between(person.act_from, person.act_to),
                },
            )
        self.make_registrations(pid, person, contacts)
        self.make_cvs(pid, person, aspiration_job)
        self.make_mock_interviews(pid, person, aspiration_job, contacts)
        self.make_shares(pid, person, contacts)
        self.make_self_assessments(pid, person, contacts)

        # RQTH, some ending within 90 days of today.
        rqth = self.weighted(list(RqthStatus), (40, 10, 44, 6))
        rqth_until = None
        if rqth is RqthStatus.GRANTED:
            if rng.random() < 0.12:
                rqth_until = today + dt.timedelta(days=rng.randint(0, 90))
            else:
                rqth_until = today + dt.timedelta(days=rng.randint(91, 5 * 365))
        elif rqth is RqthStatus.EXPIRED:
            rqth_until = today - dt.timedelta(days=rng.randint(1, 400))

        created_at = dt.datetime.combine(person.start, dt.time(9 + index % 8, (index * 7) % 60))
        past_contacts = [d for d in contacts if d <= today]
        email = ""
        if rng.random() < 0.7:
            email = f"{_slug(first)}.{_slug(last)}.{index + 1}@example.org"
        self.add(
            "participant",
            {
                "id": pid,
                "first_name": first,
                "last_name": last,
                "pseudonym": pseudonym,
                "birth_date": birth_date,
                "birth_year": birth_year,
                "phone": _phone(index + 1) if rng.random() < 0.85 else "",
                "email": email,
                "address": f"{rng.randint(1, 120)} {self.pick(seed_list('streets'))}",
                "city": city,
                "membership_start": person.start,
                "membership_end": person.end,
                "status": person.status.value,
                "anonymised": False,
                "is_peer_helper": rng.random() < 0.06,
                "rqth_status": rqth.value,
                "rqth_until": rqth_until,
                "followup_frequency": self.pick(list(FollowUpFrequency)).value
                if rng.random() < 0.8
                else None,
                "followup_mode": self.weighted(list(FollowUpMode), (70, 20, 10)).value
                if rng.random() < 0.85
                else None,
                "followup_times": self.pick(seed_list("followup_times"))
                if rng.random() < 0.5
                else "",
                "notes": self.pick(seed_list("participant_notes")) if rng.random() < 0.3 else "",
                "last_contact_on": max(past_contacts) if past_contacts else None,
                "search_text": search_text(first, last, pseudonym, city, *referent_names),
                "sort_name": fold(f"{last} {first}"),
                "created_at": created_at,
                "updated_at": created_at,
            },
        )

    def make_consents(self, pid: int, person: _Person, referents: list[int]) -> None:
        rng = self.rng
        methods = list(ConsentMethod)
        method_weights = (20, 25, 50, 5)
        roll = rng.random()
        if roll < 0.06:
            return  # no consent recorded yet: the file shows it as missing
        withdrawn = None
        if roll < 0.08:
            withdrawn = self.date_between(person.act_from, person.act_to)
        purposes: list[tuple[ConsentPurpose, int | None]] = [(ConsentPurpose.KEEP_FILE, None)]
        if referents and rng.random() < 0.5:
            purposes.append((ConsentPurpose.SHARE_WITH_REFERENT, referents[0]))
        if rng.random() < 0.3:
            purposes.append((ConsentPurpose.PHOTOS, None))
        if rng.random() < 0.4:
            purposes.append((ConsentPurpose.COLLECTIVE_DOCUMENTS, None))
        for purpose, referent_id in purposes:
            self.add(
                "consent",
                {
                    "id": self.new_id("consent"),
                    "participant_id": pid,
                    "purpose": purpose.value,
                    "referent_id": referent_id,
                    "given_on": person.start,
                    "method": self.weighted(methods, method_weights).value,
                    "withdrawn_on": withdrawn if purpose is ConsentPurpose.KEEP_FILE else None,
                    "notes": "",
                },
            )

    def make_tutoring(self, pid: int, person: _Person, referents: list[int]) -> None:
        peers = self.team_with(Role.PEER_HELPER)
        if not peers or self.rng.random() >= 0.2:
            return
        professionals = self.team_with(Role.FACILITATOR, Role.COORDINATOR)
        professional_id = None
        referent_id = None
        if referents and self.rng.random() < 0.4:
            referent_id = self.pick(referents)
        elif professionals:
            professional_id = self.pick(professionals)[0]
        started = self.date_between(person.act_from, person.act_to)
        ended = None
        if self.rng.random() < 0.2:
            ended = self.date_between(started + dt.timedelta(days=30), person.act_to)
            ended = min(ended, self.today)
        self.add(
            "tutoring",
            {
                "id": self.new_id("tutoring"),
                "participant_id": pid,
                "peer_helper_id": self.pick(peers)[0],
                "professional_id": professional_id,
                "professional_referent_id": referent_id,
                "started_on": started,
                "ended_on": ended,
            },
        )

    def make_pathway(self, pid: int, person: _Person) -> str:
        rng = self.rng
        job = self.pick(seed_list("job_titles"))
        if rng.random() < 0.05:
            return job
        places = self.pick(seed_list("cities")[:12])
        if rng.random() < 0.4:
            places = f"{places}, {self.pick(seed_list('cities')[:20])}"
        self.add(
            "pathway",
            {
                "id": self.new_id("pathway"),
                "participant_id": pid,
                "aspirations": self.some("aspirations", 1, 2),
                "skills": self.some("skills", 2, 5),
                "lived_experience_skills": self.some("lived_experience_skills", 1, 3),
                "volunteering": self.some("volunteering", 1, 1) if rng.random() < 0.2 else "",
                "accommodations_needed": self.some("accommodations", 0, 3),
                "preferred_hours_per_week": self.pick((None, 15.0, 20.0, 24.0, 28.0, 30.0, 35.0)),
                "preferred_places": places,
            },
        )
        return job

    def make_goals(self, pid: int, person: _Person) -> list[tuple[int, dt.date]]:
        rng = self.rng
        today = self.today
        goals: list[tuple[int, dt.date]] = []
        earliest = max(person.start, today - dt.timedelta(days=540))
        for title in rng.sample(seed_list("goals"), rng.randint(1, 3)):
            opened = self.date_between(earliest, person.act_to)
            status = self.weighted(list(GoalStatus), (55, 33, 12))
            closed = None
            if status is not GoalStatus.OPEN:
                closed = opened + dt.timedelta(days=rng.randint(20, 200))
                if closed > min(person.act_to, today):
                    status, closed = GoalStatus.OPEN, None
            target = (
                opened + dt.timedelta(days=rng.randint(60, 240)) if rng.random() < 0.7 else None
            )
            goal_id = self.new_id("goal")
            goals.append((goal_id, opened))
            self.add(
                "goal",
                {
                    "id": goal_id,
                    "participant_id": pid,
                    "title": title,
                    "details": "",
                    "status": status.value,
                    "opened_on": opened,
                    "target_on": target,
                    "closed_on": closed,
                },
            )
        return goals

    def make_contracts(self, pid: int, person: _Person, contacts: list[dt.date]) -> None:
        rng = self.rng
        starts: list[dt.date] = []
        if rng.random() < 0.22:
            starts.append(self.date_between(person.act_from, person.act_to))
        older_from = self.today - dt.timedelta(days=610)
        if rng.random() < 0.1 and person.start <= self.today - dt.timedelta(days=370):
            starts.append(
                self.date_between(
                    max(person.start, older_from), self.today - dt.timedelta(days=370)
                )
            )
        for started in sorted(starts):
            self.make_contract(pid, started, person.act_to, contacts)

    def make_contract(
        self,
        pid: int,
        started: dt.date,
        until: dt.date,
        contacts: list[dt.date],
        *,
        title: str | None = None,
        employer: str | None = None,
        contract_type: ContractType | None = None,
        hours: float | None = None,
    ) -> None:
        rng = self.rng
        today = self.today
        if contract_type is None:
            contract_type = self.weighted(list(ContractType), (15, 30, 15, 15, 10, 15))
        title = title or self.pick(seed_list("job_titles"))
        employer = employer or self.pick(seed_list("employers"))
        if hours is None:
            hours = self.pick((15.0, 17.5, 20.0, 24.0, 28.0, 30.0, 35.0))
        planned = None
        if contract_type is ContractType.CDD:
            # End dates are the last day worked, as contracts are written in France: a
            # six-month CDD from 01/11 ends on 30/04.
            planned = last_day_of_term(started, self.pick((1, 2, 3, 6, 9, 12)))
        elif contract_type is ContractType.INTERIM:
            planned = started + dt.timedelta(days=rng.randint(14, 100))
        elif contract_type is ContractType.CONTRAT_AIDE:
            planned = last_day_of_term(started, self.pick((6, 9, 12, 24)))
        ended = None
        reason = ""
        if rng.random() < 0.1:
            ended = started + dt.timedelta(days=rng.randint(10, 150))
            if planned is not None and ended > planned:
                ended = planned
            reason = self.pick(seed_list("contract_end_reasons"))
        elif planned is not None and planned <= today:
            ended = planned
        if ended is not None and ended > today:
            ended, reason = None, ""
        contract_id = self.new_id("contract")
        self.add(
            "contract",
            {
                "id": contract_id,
                "participant_id": pid,
                "contract_type": contract_type.value,
                "employer": employer,
                "job_title": title,
                "hours_per_week": hours,
                "started_on": started,
                "planned_end_on": planned,
                "ended_on": ended,
                "end_reason": reason,
            },
        )
        label = f"{title} — {employer}"
        self.add_event(pid, EventKind.CONTRACT_SIGNED, started, label, contract_id=contract_id)
        contacts.append(started)
        if ended is not None and ended <= until:
            self.add_event(pid, EventKind.CONTRACT_ENDED, ended, label, contract_id=contract_id)
            contacts.append(ended)
        for months in (1, 3, 6, 12, 18):
            due = add_months(started, months)
            # Milestones of the last two weeks are left unchecked: "due around today".
            if due > today - dt.timedelta(days=14) or rng.random() > 0.75:
                continue
            checked = min(today, due + dt.timedelta(days=rng.randint(0, 10)))
            employed = ended is None or ended > due or rng.random() < 0.15
            self.add(
                "retention_check",
                {
                    "id": self.new_id("retention_check"),
                    "contract_id": contract_id,
                    "months": months,
                    "checked_on": checked,
                    "employed": employed,
                    "notes": self.pick(seed_list("retention_notes"))
                    if employed and rng.random() < 0.4
                    else "",
                },
            )

    def add_event(
        self,
        pid: int,
        kind: EventKind,
        occurred_on: dt.date,
        title: str,
        *,
        goal_id: int | None = None,
        contract_id: int | None = None,
        notes: str = "",
    ) -> None:
        self.add(
            "pathway_event",
            {
                "id": self.new_id("pathway_event"),
                "participant_id": pid,
                "kind": kind.value,
                "occurred_on": occurred_on,
                "title": title,
                "notes": notes,
                "goal_id": goal_id,
                "contract_id": contract_id,
            },
        )

    def make_events(
        self, pid: int, person: _Person, goals: list[tuple[int, dt.date]], contacts: list[dt.date]
    ) -> None:
        rng = self.rng
        kinds = (
            EventKind.MEETING,
            EventKind.APPLICATION,
            EventKind.INTERVIEW,
            EventKind.IMMERSION,
            EventKind.TRAINING,
            EventKind.OTHER,
        )
        lists = (
            "events_meeting",
            "events_application",
            "events_interview",
            "events_immersion",
            "events_training",
            "events_other",
        )
        window = (person.act_to - person.act_from).days
        count = max(1, round(rng.randint(2, 8) * min(1.0, (window + 30) / PAST_DAYS)))
        for _n in range(count):
            position = self.weighted(range(len(kinds)), (45, 20, 8, 7, 12, 8))
            occurred = self.date_between(person.act_from, person.act_to)
            goal_id = None
            if goals and rng.random() < 0.35:
                goal_id, opened = self.pick(goals)
                if opened > occurred:
                    goal_id = None
            notes = self.pick(seed_list("event_notes")) if rng.random() < 0.3 else ""
            self.add_event(
                pid,
                kinds[position],
                occurred,
                self.pick(seed_list(lists[position])),
                goal_id=goal_id,
                notes=notes,
            )
            contacts.append(occurred)
        if person.status is ParticipantStatus.ACTIVE and rng.random() < 0.3:
            upcoming = self.today + dt.timedelta(days=rng.randint(1, 21))
            self.add_event(pid, EventKind.MEETING, upcoming, self.pick(seed_list("events_meeting")))

    def make_registrations(self, pid: int, person: _Person, contacts: list[dt.date]) -> None:
        rng = self.rng
        for workshop_id, held_on, _kind, attendance in person.registrations:
            walk_in = attendance == Attendance.PRESENT.value and rng.random() < 0.06
            registered = held_on if walk_in else held_on - dt.timedelta(days=rng.randint(1, 21))
            registered = min(max(registered, person.start), self.today)
            satisfaction = None
            if attendance == Attendance.PRESENT.value:
                contacts.append(held_on)
                if rng.random() < 0.88:
                    satisfaction = self.weighted((1, 2, 3, 4, 5), (2, 5, 18, 40, 35))
            self.add(
                "registration",
                {
                    "id": self.new_id("registration"),
                    "workshop_id": workshop_id,
                    "participant_id": pid,
                    "attendance": attendance,
                    "satisfaction": satisfaction,
                    "walk_in": walk_in,
                    "registered_on": registered,
                },
            )

    def attended(self, person: _Person, kind: WorkshopKind) -> list[tuple[int, dt.date]]:
        return [
            (workshop_id, held_on)
            for workshop_id, held_on, k, attendance in person.registrations
            if k == kind.value and attendance == Attendance.PRESENT.value
        ]

    def peer_name(self) -> str:
        if self.rng.random() < 0.5:
            peers = self.team_with(Role.PEER_HELPER, Role.VOLUNTEER) or self.team
            member = self.pick(peers)
            return f"{member[1]} {member[2]}"
        first = self.pick(seed_list("first_names"))
        initial = self.pick(seed_list("last_names"))[0]
        return f"{first} {initial}."

    def make_cvs(self, pid: int, person: _Person, job: str) -> None:
        rng = self.rng
        sessions = self.attended(person, WorkshopKind.CV)
        if rng.random() >= (0.75 if sessions else 0.3):
            return
        versions = 2 if len(sessions) >= 2 or rng.random() < 0.4 else 1
        dated: list[tuple[int | None, dt.date]] = list(sessions[-versions:])
        while len(dated) < versions:
            dated.append((None, self.date_between(person.act_from, person.act_to)))
        dated.sort(key=lambda item: item[1])
        labels = seed_list("cv_labels")
        sections = list(CvSection)
        for number, (workshop_id, created) in enumerate(dated):
            version_id = self.new_id("cv_version")
            year = created.year
            job_before = self.pick(seed_list("job_titles"))
            employer_before = self.pick(seed_list("employers"))
            experience = [f"{year - 7}–{year - 4} : {job_before}, {employer_before}"]
            if rng.random() < 0.6:
                experience.append(f"{year - 1} : {self.pick(seed_list('volunteering'))}")
            self.add(
                "cv_version",
                {
                    "id": version_id,
                    "participant_id": pid,
                    "created_on": created,
                    "label": self.pick(labels[1:]) if number else labels[0],
                    "headline": job,
                    "experience": "\n".join(experience),
                    "skills": self.some("skills", 3, 5),
                    "training": self.some("trainings", 1, 2),
                    "languages": self.some("languages", 1, 2),
                    "interests": self.some("interests", 1, 3, sep=", "),
                    "workshop_id": workshop_id,
                },
            )
            for _c in range(rng.randint(1 if workshop_id else 0, 3)):
                section = self.pick(sections).value if rng.random() < 0.7 else None
                self.add(
                    "cv_comment",
                    {
                        "id": self.new_id("cv_comment"),
                        "cv_version_id": version_id,
                        "section": section,
                        "author_name": self.peer_name(),
                        "comment": self.pick(seed_list("cv_comments")),
                        "created_on": min(
                            self.today, created + dt.timedelta(days=rng.randint(0, 5))
                        ),
                    },
                )

    def make_mock_interviews(
        self, pid: int, person: _Person, job: str, contacts: list[dt.date]
    ) -> None:
        rng = self.rng
        sessions = self.attended(person, WorkshopKind.INTERVIEW)
        if rng.random() >= (0.6 if sessions else 0.2):
            return
        count = min(3, max(len(sessions), rng.randint(1, 3)))
        dated: list[tuple[int | None, dt.date]] = list(sessions[-count:])
        while len(dated) < count:
            dated.append((None, self.date_between(person.act_from, person.act_to)))
        dated.sort(key=lambda item: item[1])
        criteria = list(InterviewCriterion)
        base = {c: rng.randint(1, 3) for c in criteria}
        interviewers = (
            self.team_with(Role.FACILITATOR, Role.PEER_HELPER, Role.COORDINATOR) or self.team
        )
        for number, (workshop_id, held_on) in enumerate(dated):
            interview_id = self.new_id("mock_interview")
            names = [
                f"{m[1]} {m[2]}"
                for m in rng.sample(interviewers, min(len(interviewers), rng.randint(1, 2)))
            ]
            self.add(
                "mock_interview",
                {
                    "id": interview_id,
                    "participant_id": pid,
                    "workshop_id": workshop_id,
                    "held_on": held_on,
                    "interviewers": ", ".join(names),
                    "target_job": job,
                    "comments": self.pick(seed_list("mock_interview_comments")),
                },
            )
            contacts.append(held_on)
            if self.questions:
                picked = rng.sample(self.questions, min(len(self.questions), rng.randint(3, 5)))
                for position, (question_id, text) in enumerate(picked, start=1):
                    self.add(
                        "mock_interview_question",
                        {
                            "id": self.new_id("mock_interview_question"),
                            "mock_interview_id": interview_id,
                            "question_id": question_id,
                            "question_text": text,
                            "position": position,
                            "notes": self.pick(seed_list("mock_question_notes"))
                            if rng.random() < 0.4
                            else "",
                        },
                    )
            for criterion in criteria:
                gain = number * 0.7 + rng.uniform(-0.5, 0.5)
                self.add(
                    "mock_interview_score",
                    {
                        "id": self.new_id("mock_interview_score"),
                        "mock_interview_id": interview_id,
                        "criterion": criterion.value,
                        "score": max(1, min(4, round(base[criterion] + gain))),
                    },
                )

    def make_shares(self, pid: int, person: _Person, contacts: list[dt.date]) -> None:
        rng = self.rng
        today = self.today
        wanted = self.weighted((0, 1, 2, 3, 4), (35, 30, 20, 10, 5))
        if not wanted or not self.offers:
            return
        sharing = self.attended(person, WorkshopKind.OFFER_SHARING)
        sharing_days = [held_on for _w, held_on in sharing]
        outcomes = list(ShareOutcome)
        taken: list[int] = []
        for _attempt in range(wanted * 6):
            if len(taken) >= wanted:
                break
            offer = self.pick(self.offers)
            first = max(offer.created_on, person.act_from)
            last = min(offer.closing_on or today, person.act_to, today)
            if offer.id in taken or first > last:
                continue
            taken.append(offer.id)
            workshop_id = None
            shared_on = self.date_between(first, last)
            if sharing_days and rng.random() < 0.6:
                at = bisect.bisect_left(sharing_days, first)
                if at < len(sharing_days) and sharing_days[at] <= last:
                    workshop_id, shared_on = sharing[at]
            outcome = self.weighted(outcomes, (35, 20, 20, 10, 5, 10))
            outcome_on = None
            if outcome is not ShareOutcome.SHARED:
                outcome_on = shared_on + dt.timedelta(days=rng.randint(1, 20))
                outcome_on = max(shared_on, min(outcome_on, person.act_to))
            self.add(
                "offer_share",
                {
                    "id": self.new_id("offer_share"),
                    "offer_id": offer.id,
                    "participant_id": pid,
                    "workshop_id": workshop_id,
                    "shared_on": shared_on,
                    "outcome": outcome.value,
                    "outcome_on": outcome_on,
                    "notes": self.pick(seed_list("share_notes")) if rng.random() < 0.2 else "",
                },
            )
            contacts.append(shared_on)
            if outcome is ShareOutcome.HIRED and outcome_on is not None:
                self.make_contract(
                    pid,
                    outcome_on,
                    person.act_to,
                    contacts,
                    title=offer.title,
                    employer=offer.employer,
                    contract_type=offer.contract_type,
                    hours=offer.hours,
                )

    def make_self_assessments(self, pid: int, person: _Person, contacts: list[dt.date]) -> None:
        rng = self.rng
        if rng.random() >= 0.7:
            return
        window = (person.act_to - person.act_from).days
        count = rng.randint(2, 4) if window >= 60 else 1
        days = sorted(self.date_between(person.act_from, person.act_to) for _n in range(count))
        domains = list(AssessmentDomain)
        ratings = {d: rng.randint(2, 6) for d in domains}
        for number, day in enumerate(days):
            assessment_id = self.new_id("self_assessment")
            self.add(
                "self_assessment",
                {
                    "id": assessment_id,
                    "participant_id": pid,
                    "assessed_on": day,
                    "notes": self.pick(seed_list("assessment_notes")) if rng.random() < 0.3 else "",
                },
            )
            contacts.append(day)
            for domain in domains:
                if number:
                    ratings[domain] = max(
                        1, min(10, ratings[domain] + self.pick((-1, 0, 0, 1, 1, 2)))
                    )
                self.add(
                    "self_assessment_rating",
                    {
                        "id": self.new_id("self_assessment_rating"),
                        "self_assessment_id": assessment_id,
                        "domain": domain.value,
                        "rating": ratings[domain],
                    },
                )


#: Setting that counts, per table, the records demo data put in the vault (JSON).
SETTING_DEMO_COUNTS = "demo.records"
#: The tables whose records tell a real association's vault from a demo one.
_RECORD_TABLES = (
    ("participant", "participants"),
    ("team_member", "team_members"),
    ("workshop", "workshops"),
    ("job_offer", "offers"),
)


@dataclass(frozen=True, slots=True)
class RealRecords:
    """Records in the vault that demo data did not write (an estimate by counts: the
    demo counts are kept in the setting ``demo.records`` each time demo data is written)."""

    participants: int = 0
    team_members: int = 0
    workshops: int = 0
    offers: int = 0

    def __bool__(self) -> bool:
        return any((self.participants, self.team_members, self.workshops, self.offers))

    def describe(self) -> str:
        parts = [
            ngettext("{count} person", "{count} people", self.participants),
            ngettext("{count} team member", "{count} team members", self.team_members),
            ngettext("{count} workshop", "{count} workshops", self.workshops),
            ngettext("{count} job offer", "{count} job offers", self.offers),
        ]
        counts = (self.participants, self.team_members, self.workshops, self.offers)
        return ", ".join(p.format(count=c) for p, c in zip(parts, counts, strict=True) if c)


def _demo_counts(session: Session) -> dict[str, int]:
    setting = session.get(Setting, SETTING_DEMO_COUNTS)
    if setting is None:
        return {}
    try:
        loaded = json.loads(setting.value)
    except ValueError:
        return {}
    return (
        {k: int(v) for k, v in loaded.items() if isinstance(v, int)}
        if isinstance(loaded, dict)
        else {}
    )


def _table_counts(session: Session) -> dict[str, int]:
    tables = Base.metadata.tables
    return {
        name: int(session.execute(select(func.count()).select_from(tables[name])).scalar() or 0)
        for name, _field in _RECORD_TABLES
    }


def real_records(ctx: ServiceContext) -> RealRecords:
    """What the vault holds beyond what demo data wrote into it (nothing in a new vault)."""
    with ctx.transaction() as session:
        counts = _table_counts(session)
        demo = _demo_counts(session)
    return RealRecords(
        **{field: max(0, counts[name] - demo.get(name, 0)) for name, field in _RECORD_TABLES}
    )


def refuse_real_records(ctx: ServiceContext, participants: int) -> None:
    """InvalidInput (exit 7) naming what demo data would add, when the vault holds real
    records. Changes nothing: callers run it before writing anything."""
    real = real_records(ctx)
    if real:
        raise InvalidInput(
            ngettext(
                "This vault already holds real records ({records}). Demo data would add "
                "{count} fictional participant, a fictional team, workshops and job offers "
                "among them, and rename the association « {demo} ». Nothing was changed; "
                "add --force to do it anyway.",
                "This vault already holds real records ({records}). Demo data would add "
                "{count} fictional participants, a fictional team, workshops and job offers "
                "among them, and rename the association « {demo} ». Nothing was changed; "
                "add --force to do it anyway.",
                participants,
            ).format(records=real.describe(), count=participants, demo=DEMO_ASSOCIATION_NAME),
            field="participants",
        )


def generate_demo_data(
    ctx: ServiceContext,
    *,
    participants: int = 60,
    seed: int = 1,
    today: dt.date | None = None,
    progress: Progress | None = None,
    force: bool = False,
) -> DemoSummary:
    """Fill the vault with a fictional association and a year of activity, in one transaction.

    The same ``seed`` and ``today`` always give the same data. ``progress(done, total)``
    is called now and then (``total`` is the number of participants); returning False
    cancels, and the whole generation is rolled back. A vault that holds real records
    (``real_records``) is refused with InvalidInput unless ``force``: demo data would mix
    fictional people with real ones and rename the association.
    """
    require(ctx, Permission.VAULT_SETTINGS)
    if not force:
        refuse_real_records(ctx, participants)
    if isinstance(participants, bool) or not 0 <= participants <= MAX_PARTICIPANTS:
        raise InvalidInput(
            _("The number of participants must be a whole number from {low} to {high}.").format(
                low=0, high=MAX_PARTICIPANTS
            ),
            field="participants",
        )
    day = today or ctx.today()
    rng = random.Random(seed)
    with ctx.transaction() as session:
        before = _table_counts(session)
        demo = _demo_counts(session)
        summary = _Generator(session, rng, day, participants, progress).run()
        after = _table_counts(session)
        for name, _field in _RECORD_TABLES:
            demo[name] = demo.get(name, 0) + after[name] - before[name]
        setting = session.get(Setting, SETTING_DEMO_COUNTS)
        if setting is None:
            session.add(Setting(key=SETTING_DEMO_COUNTS, value=json.dumps(demo, sort_keys=True)))
        else:
            setting.value = json.dumps(demo, sort_keys=True)
        detail = ", ".join(f"{f.name}={getattr(summary, f.name)}" for f in fields(summary))
        ctx.audit(session, "demo", None, AuditAction.CREATE, detail)
    return summary

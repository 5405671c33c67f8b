"""One audit line as the wordings see it (:class:`Line`), the placeholders a wording may use
(:func:`placeholders`) and the phrase for the record it is about (:func:`thing`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from pairdesk import formatting
from pairdesk.domain.enums import AuditAction, LabelledEnum, WorkshopKind
from pairdesk.i18n import _, pgettext
from pairdesk.services.audit_words.page import (
    EMPLOYER_IN_DETAIL,
    JOINED,
    OWNED,
    PARTICIPANT_IDS,
    WORKSHOP_IDS,
    Page,
    detail_values,
    employer_in_detail,
    participant_in_detail,
)
from pairdesk.services.audit_words.things import THINGS
from pairdesk.store.models import AuditEntry


def of(text: str) -> str:
    """ "of …" before a name or phrase: in French "de …", or "d'…" before a vowel or h."""
    if text[:1].casefold() in "aeiouyhàâäéèêëîïôöùûüœæ":
        return pgettext("before a vowel", "of {text}").format(text=text)
    return _("of {text}").format(text=text)


def short_name(first: str, last: str) -> str:
    """A team member as the trail names them: "Camille M."."""
    first, last = first.strip(), last.strip()
    if first and last:
        return _("{first} {initial}.").format(first=first, initial=last[:1].upper())
    return first or last


def label(enum: type[LabelledEnum], value: str) -> str:
    try:
        return enum(value).label
    except ValueError:
        return value


@dataclass(frozen=True, slots=True)
class Line:
    """One line and what it points at, as the wordings see it."""

    entry: AuditEntry
    page: Page

    @property
    def key(self) -> tuple[str, int] | None:
        e = self.entry
        return None if e.entity_id is None else (e.entity, e.entity_id)

    @property
    def values(self) -> dict[str, str]:
        return detail_values(self.entry.detail)

    def gone(self) -> bool:
        """The record the line is about no longer exists."""
        e = self.entry
        if e.entity_id is None:
            return False
        if e.entity in OWNED or e.entity in JOINED:
            return (e.entity, e.entity_id) not in self.page.present
        tables: dict[str, Mapping[int, object]] = {
            "employer": self.page.employers,
            "register_person": self.page.register_people,
            "job_offer": self.page.offers,
            "referent": self.page.referents,
            "supervision_session": self.page.supervisions,
            "team_member": self.page.members,
        }
        table = tables.get(e.entity)
        if table is not None:
            return e.entity_id not in table
        if e.entity in WORKSHOP_IDS:
            return e.entity_id not in self.page.workshops
        return False

    def participant_id(self) -> int | None:
        e = self.entry
        if e.entity == "wellbeing_plan":
            return participant_in_detail(e)
        if e.entity in PARTICIPANT_IDS:
            return e.entity_id
        key = self.key
        return None if key is None else self.page.owner.get(key)

    def person(self) -> str:
        pid = self.participant_id()
        if pid is None:
            return _("a participant")
        found = self.page.people.get(pid)
        if found is None:
            return _("an erased person")
        if found.anonymised:
            return _("an anonymised person")
        if not self.page.may_name(pid):
            return _("a participant (no. {id})").format(id=pid)
        return _("{first} {last}").format(first=found.first_name, last=found.last_name).strip()

    def workshop(self) -> str:
        e = self.entry
        if e.entity in WORKSHOP_IDS:
            wid = e.entity_id
        else:
            key = self.key
            wid = None if key is None else self.page.workshop_of.get(key)
        if wid is None:
            return _("a workshop")
        found = self.page.workshops.get(wid)
        if found is None:
            return _("workshop no. {id} (deleted)").format(id=wid)
        kind, title, held_on = found
        if not title:
            title = label(WorkshopKind, kind)
        return _("the workshop “{title}” of {date}").format(
            title=title, date=formatting.short_date(held_on)
        )

    def offer(self) -> str:
        e = self.entry
        oid = e.entity_id if e.entity == "job_offer" else None
        key = self.key
        if oid is None and key is not None:
            oid = self.page.offer_of.get(key)
        title = None if oid is None else self.page.offers.get(oid)
        return title if title is not None else _("a job offer")

    def member(self) -> str:
        found = (
            None if self.entry.entity_id is None else self.page.members.get(self.entry.entity_id)
        )
        return short_name(*found) if found else _("a team member")

    def who(self) -> str:
        e = self.entry
        found = None if e.operator_id is None else self.page.members.get(e.operator_id)
        if found:
            return short_name(*found)
        return e.operator_name or _("pairdesk")

    def employer(self) -> str:
        """The employer the line is about, by its name in the directory now."""
        e, page = self.entry, self.page
        eid: int | None = None
        if e.entity == "employer":
            eid = e.entity_id
        elif e.entity in EMPLOYER_IN_DETAIL and "employer=" in e.detail:
            eid = employer_in_detail(e)
        key = self.key
        if eid is None and key is not None:
            eid = page.employer_of.get(key)
            if eid is None and key in page.typed_employer:
                return page.typed_employer[key]
        if eid is None:
            return _("an employer")
        found = page.employers.get(eid)
        return found if found is not None else _("employer no. {id}").format(id=eid)

    def register_person(self) -> str:
        """A person of the attendance register by their name or pseudonym, for a viewer
        who keeps the register (attendance work); by number otherwise."""
        rid = self.entry.entity_id
        name = None if rid is None else self.page.register_people.get(rid)
        if name is None:
            return _("register person no. {id}").format(id=rid)
        if not self.page.may_name_register:
            return _("a person in the register (no. {id})").format(id=rid)
        return name

    def kind(self, enum: type[LabelledEnum]) -> str:
        key = self.key
        value = None if key is None else self.page.kind_of.get(key)
        return "" if value is None else label(enum, value)

    def day(self) -> str:
        """The day the line's detail starts with (``2026-12-08 …``), as a short date."""
        first = self.entry.detail.split(" ", 1)[0]
        try:
            return formatting.short_date(dt.date.fromisoformat(first))
        except ValueError:
            return "?"

    def year(self) -> str:
        e = self.entry
        if e.entity in ("gem_annual", "association_year") and e.entity_id is not None:
            return str(e.entity_id)
        return self.values.get("year", "?")

    def period(self) -> tuple[str, str]:
        for word in self.entry.detail.split():
            start, sep, end = word.partition("..")
            if sep:
                try:
                    return (
                        formatting.short_date(dt.date.fromisoformat(start)),
                        formatting.short_date(dt.date.fromisoformat(end)),
                    )
                except ValueError:
                    break
        return ("?", "?")


def placeholders(line: Line) -> dict[str, str]:
    """Every placeholder a wording may use, computed on demand for this line."""
    e = line.entry
    values = line.values
    person = line.person()
    workshop = line.workshop()
    member = line.member()
    start, end = line.period()
    held = None if e.entity_id is None else line.page.supervisions.get(e.entity_id)
    referent = None if e.entity_id is None else line.page.referents.get(e.entity_id)
    register_person = line.register_person() if e.entity == "register_person" else ""
    year = line.year()
    return {
        "who": line.who(),
        "person": person,
        "of_person": of(person),
        "workshop": workshop,
        "of_workshop": of(workshop),
        "member": member,
        "of_member": of(member),
        "offer": line.offer(),
        "referent": referent or "",
        "date": formatting.short_date(held),
        "id": str(e.entity_id) if e.entity_id is not None else "",
        "key": e.detail,
        "start": start,
        "end": end,
        "months": values.get("months", "?"),
        "employer": line.employer(),
        "register_person": register_person,
        "of_register_person": of(register_person),
        "day": line.day(),
        "year": year,
        "annual_report": (
            _("the GEM annual report for {year}, version for publication").format(year=year)
            if values.get("publication") == "yes"
            else _("the GEM annual report for {year}").format(year=year)
        ),
    }


def thing(line: Line, fields: Mapping[str, str]) -> str:
    """The record the line is about, as it reads now (see ``things.THINGS``)."""
    e = line.entry
    found = THINGS.get(e.entity)
    if found is None:
        return _("{entity} no. {id}").format(entity=e.entity, id=e.entity_id)
    if found.deleted and line.gone():
        if e.action != AuditAction.DELETE.value:
            return _(found.deleted).format(**fields)
        # the line that deleted it: no "(deleted)" twice
        if found.deleted_now:
            return _(found.deleted_now).format(id=e.entity_id)
        return _("{entity} no. {id}").format(entity=e.entity, id=e.entity_id)
    return _(found.found).format(**fields)

"""Which records of a vault demo data wrote, so that a real association's vault is refused.

Each generation adds, per table, the number of records it wrote to the setting
``demo.records`` (JSON); what a vault holds beyond those counts is taken as real.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pairdesk.errors import InvalidInput
from pairdesk.i18n import ngettext
from pairdesk.services.context import ServiceContext
from pairdesk.services.demo.team import DEMO_ASSOCIATION_NAME
from pairdesk.store.models import Base, Setting

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


def demo_counts(session: Session) -> dict[str, int]:
    """The counts of ``demo.records`` (empty when unset or unreadable)."""
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


def table_counts(session: Session) -> dict[str, int]:
    """The number of records in each table that tells a real vault from a demo one."""
    tables = Base.metadata.tables
    return {
        name: int(session.execute(select(func.count()).select_from(tables[name])).scalar() or 0)
        for name, _field in _RECORD_TABLES
    }


def add_demo_counts(session: Session, before: dict[str, int]) -> None:
    """Add what was written since ``before`` (:func:`table_counts`) to ``demo.records``."""
    demo = demo_counts(session)
    after = table_counts(session)
    for name, _field in _RECORD_TABLES:
        demo[name] = demo.get(name, 0) + after[name] - before[name]
    value = json.dumps(demo, sort_keys=True)
    setting = session.get(Setting, SETTING_DEMO_COUNTS)
    if setting is None:
        session.add(Setting(key=SETTING_DEMO_COUNTS, value=value))
    else:
        setting.value = value


def real_records(ctx: ServiceContext) -> RealRecords:
    """What the vault holds beyond what demo data wrote into it (nothing in a new vault)."""
    with ctx.transaction() as session:
        counts = table_counts(session)
        demo = demo_counts(session)
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

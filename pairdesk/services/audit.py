"""The audit trail, viewable and filterable by the coordinator.

Every service writes its line in the same transaction as the change (``ctx.audit``);
views of wellbeing plans, prints and exports are recorded too. Lines never hold personal
data: an entity, a number, an action and a short technical detail. Each line reads in
plain words (``audit_words``), rendered from those numbers when a page is read, so a name
is never written into the trail and never outlives an anonymisation.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, func, select

from pairdesk.domain.enums import AuditAction
from pairdesk.domain.permissions import Permission, require
from pairdesk.domain.validation import date_in_range, date_order
from pairdesk.errors import InvalidInput
from pairdesk.i18n import _
from pairdesk.services import audit_words
from pairdesk.services.context import ServiceContext
from pairdesk.services.records import read_object
from pairdesk.store.models import AuditEntry

MAX_LIMIT = 10_000


@dataclass(frozen=True, slots=True)
class AuditRow:
    id: int
    at: dt.datetime
    operator_id: int | None
    operator_name: str
    entity: str
    entity_id: int | None
    action: AuditAction | str
    detail: str
    #: The line in plain words, rendered from the numbers when it was read (never stored).
    sentence: str = ""

    @property
    def action_label(self) -> str:
        return self.action.label if isinstance(self.action, AuditAction) else self.action

    @property
    def technical(self) -> str:
        """The line as it is stored: record type, number, action, detail."""
        record = (
            self.entity
            if self.entity_id is None
            else _("{entity} no. {id}").format(entity=self.entity, id=self.entity_id)
        )
        parts = [record, self.action_label, self.detail]
        return " · ".join(p for p in parts if p)


@dataclass(frozen=True, slots=True)
class AuditFilter:
    """Which lines to read: a day range (both days included), an operator, a record type
    and an action; ``None`` leaves that filter out. The one place the filters are checked
    and turned into SQL, for the list, the count, the window and the command line."""

    start: dt.date | None = None
    end: dt.date | None = None
    operator_id: int | None = None
    entity: str | None = None
    action: AuditAction | str | None = None

    def conditions(self) -> list[ColumnElement[bool]]:
        """The SQL conditions (``InvalidInput`` naming the field for a wrong date range)."""
        start = date_in_range(self.start, "start", _("From"))
        end = date_in_range(self.end, "end", _("To"))
        date_order(start, end, "end", _("To"))
        conditions: list[ColumnElement[bool]] = []
        if start is not None:
            conditions.append(AuditEntry.at >= dt.datetime.combine(start, dt.time.min))
        if end is not None:
            conditions.append(
                AuditEntry.at < dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min)
            )
        if self.operator_id is not None:
            conditions.append(AuditEntry.operator_id == self.operator_id)
        if self.entity:
            conditions.append(AuditEntry.entity == self.entity)
        if self.action:
            conditions.append(AuditEntry.action == str(self.action))
        return conditions


EVERYTHING = AuditFilter()


def _action(value: str) -> AuditAction | str:
    try:
        return AuditAction(value)
    except ValueError:
        return value


def _check_page(offset: int, limit: int) -> None:
    if isinstance(offset, bool) or not isinstance(offset, int) or offset < 0:
        raise InvalidInput(_("The page offset must be a whole number."), field="offset")
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= MAX_LIMIT:
        raise InvalidInput(
            _("{field} must be a whole number from {low} to {high}.").format(
                field=_("Number of lines"), low=1, high=MAX_LIMIT
            ),
            field="limit",
        )


def list_audit(
    ctx: ServiceContext,
    where: AuditFilter = EVERYTHING,
    *,
    offset: int = 0,
    limit: int = 200,
) -> list[AuditRow]:
    """Audit lines matching ``where``, newest first, each with its sentence in plain words
    rendered now, as the operator may read it (coordinator only)."""
    require(ctx, Permission.AUDIT)
    _check_page(offset, limit)
    conditions = where.conditions()
    with ctx.transaction() as session:
        rows: Any = session.scalars(
            select(AuditEntry)
            .where(*conditions)
            .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
            .offset(offset)
            .limit(limit)
        ).all()
        words = audit_words.sentences(session, rows, ctx.operator, ctx.today())
        return [
            read_object(AuditRow, r, action=_action(r.action), sentence=text)
            for r, text in zip(rows, words, strict=True)
        ]


def count_audit(ctx: ServiceContext, where: AuditFilter = EVERYTHING) -> int:
    """How many audit lines match ``where`` (coordinator only)."""
    require(ctx, Permission.AUDIT)
    conditions = where.conditions()
    with ctx.transaction() as session:
        return int(
            session.scalar(select(func.count()).select_from(AuditEntry).where(*conditions)) or 0
        )


def list_audit_entities(ctx: ServiceContext) -> list[str]:
    """The entity names present in the trail (for a filter menu)."""
    require(ctx, Permission.AUDIT)
    with ctx.transaction() as session:
        return list(
            session.scalars(select(AuditEntry.entity).distinct().order_by(AuditEntry.entity))
        )

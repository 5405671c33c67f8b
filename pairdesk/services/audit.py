"""The audit trail, viewable and filterable by the coordinator.

Every service writes its line in the same transaction as the change (``ctx.audit``);
views of wellbeing plans, prints and exports are recorded too. Lines never hold personal
data: an entity, a number, an action and a short technical detail.
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

    @property
    def action_label(self) -> str:
        return self.action.label if isinstance(self.action, AuditAction) else self.action


def _action(value: str) -> AuditAction | str:
    try:
        return AuditAction(value)
    except ValueError:
        return value


def _conditions(
    start: dt.date | None,
    end: dt.date | None,
    operator_id: int | None,
    entity: str | None,
    action: AuditAction | str | None,
) -> list[ColumnElement[bool]]:
    start = date_in_range(start, "start", _("From"))
    end = date_in_range(end, "end", _("To"))
    date_order(start, end, "end", _("To"))
    conditions: list[ColumnElement[bool]] = []
    if start is not None:
        conditions.append(AuditEntry.at >= dt.datetime.combine(start, dt.time.min))
    if end is not None:
        conditions.append(
            AuditEntry.at < dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min)
        )
    if operator_id is not None:
        conditions.append(AuditEntry.operator_id == operator_id)
    if entity:
        conditions.append(AuditEntry.entity == entity)
    if action:
        conditions.append(AuditEntry.action == str(action))
    return conditions


def list_audit(
    ctx: ServiceContext,
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    operator_id: int | None = None,
    entity: str | None = None,
    action: AuditAction | str | None = None,
    offset: int = 0,
    limit: int = 200,
) -> list[AuditRow]:
    """Audit lines, newest first, filtered by day range (both included), operator,
    entity and action (coordinator only)."""
    require(ctx, Permission.AUDIT)
    if isinstance(offset, bool) or not isinstance(offset, int) or offset < 0:
        raise InvalidInput(_("The page offset must be a whole number."), field="offset")
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= MAX_LIMIT:
        raise InvalidInput(
            _("{field} must be a whole number from {low} to {high}.").format(
                field=_("Number of lines"), low=1, high=MAX_LIMIT
            ),
            field="limit",
        )
    conditions = _conditions(start, end, operator_id, entity, action)
    with ctx.transaction() as session:
        rows: Any = session.scalars(
            select(AuditEntry)
            .where(*conditions)
            .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
            .offset(offset)
            .limit(limit)
        ).all()
        return [read_object(AuditRow, r, action=_action(r.action)) for r in rows]


def count_audit(
    ctx: ServiceContext,
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    operator_id: int | None = None,
    entity: str | None = None,
    action: AuditAction | str | None = None,
) -> int:
    """How many audit lines match the same filters as ``list_audit``."""
    require(ctx, Permission.AUDIT)
    conditions = _conditions(start, end, operator_id, entity, action)
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

"""What every use case needs: the unlocked vault, who is acting, and today's date.

``ctx.transaction()`` opens one transaction per user action; a service called from inside
another one's transaction joins it, so a batch (demo data, an import) is all-or-nothing.
``ctx.audit()`` writes the audit line inside that same transaction.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from pairdesk.domain.enums import AuditAction, Role
from pairdesk.errors import EditConflict, UnknownId
from pairdesk.i18n import _
from pairdesk.store.models import AuditEntry, Base, TeamMember
from pairdesk.store.vault import Vault

T = TypeVar("T", bound=Base)


@dataclass(frozen=True)
class Operator:
    """The team member at the keyboard (``None`` id for system actions before one exists)."""

    id: int | None
    name: str
    role: Role


SYSTEM = Operator(id=None, name="pairdesk", role=Role.COORDINATOR)


@dataclass
class ServiceContext:
    vault: Vault
    operator: Operator = SYSTEM
    clock: Callable[[], dt.date] = field(default=dt.date.today)

    def __post_init__(self) -> None:
        # The vault's lock file names who is acting, by id only (store.vault_lock).
        if self.operator.id is not None:
            record = getattr(self.vault, "record_operator", None)
            if callable(record):
                record(self.operator.id)

    def today(self) -> dt.date:
        return self.clock()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Session]:
        try:
            with self.vault.transaction() as session:
                yield session
        except StaleDataError as exc:  # a row's edit_version moved under this transaction
            raise EditConflict(
                _(
                    "Someone else saved this record at the same moment; nothing was saved. "
                    "Reload it, then make your changes again."
                ),
                changes={},
                version=None,
            ) from exc

    def audit(
        self,
        session: Session,
        entity: str,
        entity_id: int | None,
        action: AuditAction,
        detail: str = "",
    ) -> None:
        """Record an action. ``detail`` must never hold personal data (names, notes…)."""
        session.add(AuditEntry(**self.audit_values(entity, entity_id, action, detail)))

    def audit_values(
        self, entity: str, entity_id: int | None, action: AuditAction, detail: str = ""
    ) -> dict[str, Any]:
        """The columns of an audit line (:meth:`audit`), for a batched insert."""
        return {
            "operator_id": self.operator.id,
            "operator_name": self.operator.name,
            "entity": entity,
            "entity_id": entity_id,
            "action": action.value,
            "detail": detail,
        }

    def with_operator(self, operator: Operator) -> ServiceContext:
        return ServiceContext(self.vault, operator, self.clock)


def get_or_raise(session: Session, model: type[T], entity_id: int, what: str) -> T:
    """Load a row by id or raise UnknownId naming what was looked for (translated)."""
    row = session.get(model, entity_id)
    if row is None:
        raise UnknownId(_("No {what} has the number {id}.").format(what=what, id=entity_id))
    return row


def operator_from_member(member: TeamMember) -> Operator:
    return Operator(
        id=member.id, name=f"{member.first_name} {member.last_name}", role=Role(member.role)
    )


def first_coordinator(ctx: ServiceContext) -> Operator:
    with ctx.transaction() as session:
        member = session.scalars(
            select(TeamMember)
            .where(TeamMember.role == Role.COORDINATOR.value, TeamMember.active.is_(True))
            .order_by(TeamMember.id)
        ).first()
        return operator_from_member(member) if member else SYSTEM

"""Building blocks the services share for the records they read and write.

* ``read_object``: a frozen read object filled from a stored row (an ORM object or a
  query's row) field by field, by name, so that a converter names only the fields that
  need more than a copy (an enum, a joined name…).
* ``saved``: the end of every create or update: a new row is added and flushed so that
  its audit line, written in the same transaction, carries its id.
* ``participant_record``: the one record of a kind a participant has (their pathway, their
  wellbeing plan), created on first save.
"""

from __future__ import annotations

import functools
from dataclasses import fields
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from pairdesk.domain.enums import AuditAction
from pairdesk.services.context import ServiceContext
from pairdesk.store.models import Pathway, WellbeingPlan

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

    R = TypeVar("R", bound=DataclassInstance)
else:
    R = TypeVar("R")

PerParticipant = TypeVar("PerParticipant", Pathway, WellbeingPlan)


@functools.cache
def _field_names(cls: type[Any]) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls))


def read_object(cls: type[R], row: object, **values: Any) -> R:
    """``cls(...)`` with each field from ``values`` if given, else from ``row``'s attribute
    of the same name."""
    for name in _field_names(cls):
        if name not in values:
            values[name] = getattr(row, name)
    return cls(**values)


class _Stored(Protocol):
    @property
    def id(self) -> int: ...


def saved(
    ctx: ServiceContext,
    session: Session,
    entity: str,
    row: _Stored,
    action: AuditAction = AuditAction.CREATE,
    detail: str = "",
) -> None:
    """Write the audit line of ``row``, just filled: for ``CREATE`` the row is added to the
    session and flushed first, so that the line (and the caller) has its id."""
    if action is AuditAction.CREATE:
        session.add(row)
        session.flush()
    ctx.audit(session, entity, row.id, action, detail)


def participant_record(
    session: Session, model: type[PerParticipant], participant_id: int
) -> tuple[PerParticipant, AuditAction]:
    """The participant's record of this kind, and how saving it is audited: ``UPDATE``, or
    ``CREATE`` when it is new (added to the session, not flushed)."""
    record = session.scalars(
        select(model).where(model.participant_id == participant_id)
    ).one_or_none()
    if record is not None:
        return record, AuditAction.UPDATE
    record = model(participant_id=participant_id)
    session.add(record)
    return record, AuditAction.CREATE

"""Drafts: a form being edited when pairdesk locked, kept encrypted inside the vault.

When the window locks (inactivity or Ctrl+L) a page hands over the form it holds as a
JSON-able payload; ``save_draft`` stores it in the ``draft`` table (so inside the
encrypted vault, never on disk in clear), keyed by what is edited (``participant:42``,
``participant:new``). After the next unlock the same operator is offered it back:
``take_draft`` returns it and deletes it, ``discard_draft`` drops it. Anonymising or
deleting a participant drops the drafts about them (``drop_drafts_for_participant``).

Audit lines name the view only: a draft's content is personal data.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from pairdesk.domain.enums import AuditAction
from pairdesk.domain.permissions import is_system
from pairdesk.errors import InvalidInput, PermissionDenied
from pairdesk.i18n import _
from pairdesk.services.context import ServiceContext
from pairdesk.services.records import read_object
from pairdesk.store.models import Draft

KEY_MAX = 200
VIEW_MAX = 100
#: A draft larger than this (in JSON characters) is refused: forms are far smaller.
PAYLOAD_MAX = 2_000_000


@dataclass(frozen=True, slots=True)
class DraftInfo:
    """One pending draft; ``payload`` is what the page gave (a fresh copy)."""

    key: str
    view: str
    saved_at: dt.datetime
    operator_id: int | None
    payload: dict[str, Any]


def participant_draft_key(participant_id: int | None) -> str:
    """``participant:42`` for an existing file, ``participant:new`` for a new one."""
    return "participant:new" if participant_id is None else f"participant:{participant_id}"


def _check_name(value: object, field: str, limit: int) -> str:
    if not isinstance(value, str) or not value.strip() or len(value) > limit:
        raise InvalidInput(_("This draft has no valid name."), field=field)
    if not value.isprintable():
        raise InvalidInput(_("This draft has no valid name."), field=field)
    return value


def _encode(payload: object) -> str:
    if not isinstance(payload, dict):
        raise InvalidInput(_("A draft must hold the fields of a form."), field="payload")
    try:
        text = json.dumps(payload, ensure_ascii=False, allow_nan=False, sort_keys=True)
    except (TypeError, ValueError):
        raise InvalidInput(
            _("A draft can only hold text, numbers, dates written as text and lists."),
            field="payload",
        ) from None
    if len(text) > PAYLOAD_MAX:
        raise InvalidInput(_("This draft is too large to be kept."), field="payload")
    return text


def _decode(text: str) -> dict[str, Any]:
    try:
        value = json.loads(text)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _info(row: Draft) -> DraftInfo:
    return read_object(DraftInfo, row, payload=_decode(row.payload_json))


def _may_use(ctx: ServiceContext, row: Draft) -> bool:
    """A draft belongs to the operator who left it (the system may use any)."""
    operator = ctx.operator
    return is_system(operator) or row.operator_id is None or row.operator_id == operator.id


def _refusal() -> PermissionDenied:
    return PermissionDenied(_("This draft was left by another team member."))


def _find(session: Session, key: str) -> Draft | None:
    return session.scalars(select(Draft).where(Draft.key == key)).first()


def save_draft(ctx: ServiceContext, key: str, view: str, payload: dict[str, Any]) -> DraftInfo:
    """Keep ``payload`` (JSON-able) under ``key``, replacing an older draft of that key."""
    key = _check_name(key, "key", KEY_MAX)
    view = _check_name(view, "view", VIEW_MAX)
    text = _encode(payload)
    with ctx.transaction() as session:
        row = _find(session, key)
        if row is None:
            row = Draft(key=key, view=view, payload_json=text)
            session.add(row)
        row.view = view
        row.payload_json = text
        row.saved_at = dt.datetime.now().replace(microsecond=0)
        row.operator_id = ctx.operator.id
        session.flush()
        ctx.audit(session, "draft", row.id, AuditAction.CREATE, view)
        return _info(row)


def list_drafts(ctx: ServiceContext, *, mine_only: bool = False) -> list[DraftInfo]:
    """Pending drafts, newest first; ``mine_only`` keeps those of the current operator."""
    with ctx.transaction() as session:
        rows = session.scalars(select(Draft).order_by(Draft.saved_at.desc(), Draft.id.desc()))
        return [_info(r) for r in rows if not mine_only or _may_use(ctx, r)]


def take_draft(ctx: ServiceContext, key: str) -> dict[str, Any] | None:
    """The payload kept under ``key`` (None if there is none); the draft is deleted."""
    payload = _remove(ctx, key)
    return None if payload is None else _decode(payload)


def discard_draft(ctx: ServiceContext, key: str) -> bool:
    """Drop the draft kept under ``key``; False when there was none."""
    return _remove(ctx, key) is not None


def _remove(ctx: ServiceContext, key: str) -> str | None:
    """Delete the draft kept under ``key`` (refused when another member left it) and
    return its payload's text; None when there was none."""
    key = _check_name(key, "key", KEY_MAX)
    with ctx.transaction() as session:
        row = _find(session, key)
        if row is None:
            return None
        if not _may_use(ctx, row):
            raise _refusal()
        payload = row.payload_json
        ctx.audit(session, "draft", row.id, AuditAction.DELETE, row.view)
        session.delete(row)
        return payload


def drop_drafts_for_participant(ctx: ServiceContext, participant_id: int) -> int:
    """Delete every draft about this participant (called by anonymisation and deletion,
    inside their transaction, after their permission check). Returns how many went."""
    key = participant_draft_key(participant_id)
    dropped = 0
    with ctx.transaction() as session:
        for row in session.scalars(select(Draft)).all():
            about = _decode(row.payload_json).get("participant_id")
            if row.key == key or (type(about) is int and about == participant_id):
                session.delete(row)
                dropped += 1
    return dropped

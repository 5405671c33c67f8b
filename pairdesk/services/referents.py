"""The referents directory: the external referents (France Travail, Cap Emploi, DEA…)
reused across participants' support schemes.

Every operator may keep the directory up to date (``Permission.REFERENTS``). A referent
is never deleted, only deactivated: the schemes that name them keep the link, and a
renamed referent's participants are found under the new name.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import QueryableAttribute, Session

from pairdesk.domain.enums import AuditAction, ReferentKind
from pairdesk.domain.permissions import Permission, require
from pairdesk.domain.text import fold, search_text
from pairdesk.domain.validation import (
    enum_value,
    free_text,
    optional_email,
    optional_line,
    required_line,
)
from pairdesk.i18n import _
from pairdesk.services.context import ServiceContext, get_or_raise
from pairdesk.services.records import flag_record, read_object, read_record, saved, stored_or_new
from pairdesk.services.search import like_pattern, refresh_search_text
from pairdesk.services.team import PHONE_MAX
from pairdesk.store.models import Consent, ParticipantScheme, Referent

#: The records of a participant that name a referent of the directory.
Referred = TypeVar("Referred", Consent, ParticipantScheme)


@dataclass(frozen=True, slots=True)
class ReferentInput:
    name: str
    organisation: str = ""
    kind: ReferentKind = ReferentKind.OTHER
    phone: str = ""
    email: str = ""
    notes: str = ""
    #: the ``edit_version`` the form read; None: a save that is not checked
    edit_version: int | None = None


@dataclass(frozen=True, slots=True)
class ReferentRow:
    id: int
    name: str
    organisation: str
    kind: ReferentKind
    phone: str
    email: str
    notes: str
    active: bool
    edit_version: int


def _referent_row(referent: Referent) -> ReferentRow:
    return read_object(
        ReferentRow, referent, kind=ReferentKind(referent.kind), active=bool(referent.active)
    )


def _apply_referent(referent: Referent, data: ReferentInput) -> None:
    name = required_line(data.name, "name", _("Name"), max_length=200)
    organisation = optional_line(
        data.organisation, "organisation", _("Organisation"), max_length=200
    )
    kind = enum_value(ReferentKind, data.kind, "kind", _("Kind"))
    phone = optional_line(data.phone, "phone", _("Phone"), max_length=PHONE_MAX)
    email = optional_email(data.email, "email", _("E-mail"))
    notes = free_text(data.notes, "notes", _("Notes"))
    referent.name = name
    referent.organisation = organisation
    referent.kind = kind.value
    referent.phone = phone
    referent.email = email
    referent.notes = notes
    referent.search_text = search_text(name, organisation, email)


def create_referent(ctx: ServiceContext, data: ReferentInput) -> ReferentRow:
    return _save_referent(ctx, None, data)


def update_referent(ctx: ServiceContext, referent_id: int, data: ReferentInput) -> ReferentRow:
    """Change a referent; participants followed by them are found under the new name."""
    return _save_referent(ctx, referent_id, data)


def _save_referent(
    ctx: ServiceContext, referent_id: int | None, data: ReferentInput
) -> ReferentRow:
    """Create (``referent_id`` None) or change a referent: the one path of both."""
    require(ctx, Permission.REFERENTS)
    with ctx.transaction() as session:
        referent, action = stored_or_new(
            session,
            Referent,
            referent_id,
            _("referent"),
            mine=data,
            this=_("this referent"),
            active=True,
        )
        old_name = referent.name
        _apply_referent(referent, data)
        if action is AuditAction.UPDATE and referent.name != old_name:
            session.flush()
            participant_ids = session.scalars(
                select(ParticipantScheme.participant_id)
                .where(ParticipantScheme.referent_id == referent.id)
                .distinct()
            ).all()
            refresh_search_text(session, participant_ids)
        saved(ctx, session, "referent", referent, action)
        return _referent_row(referent)


def deactivate_referent(ctx: ServiceContext, referent_id: int) -> ReferentRow:
    """Hide a referent from new choices; the schemes that name them keep the link."""
    require(ctx, Permission.REFERENTS)
    return flag_record(
        ctx,
        Referent,
        referent_id,
        _("referent"),
        lambda _session, row: _referent_row(row),
        entity="referent",
        detail="deactivated",
        active=False,
    )


def get_referent(ctx: ServiceContext, referent_id: int) -> ReferentRow:
    return read_record(ctx, Referent, referent_id, _("referent"), _referent_row)


def referent_name(session: Session, referent_id: int | None) -> str:
    """A referent's name, or "" (none, or no longer in the directory)."""
    if referent_id is None:
        return ""
    referent = session.get(Referent, referent_id)
    return referent.name if referent else ""


def with_referents(
    session: Session,
    model: type[Referred],
    participant_id: int,
    record_id: int | None,
    order_by: Sequence[ColumnElement[Any] | QueryableAttribute[Any]],
) -> list[tuple[Referred, Referent | None]]:
    """A participant's records of ``model`` (only ``record_id`` when given) in ``order_by``
    order, each with the referent it names (None: none, or no longer in the directory)."""
    query = (
        select(model, Referent)
        .outerjoin(Referent, Referent.id == model.referent_id)
        .where(model.participant_id == participant_id)
        .order_by(*order_by)
    )
    if record_id is not None:
        query = query.where(model.id == record_id)
    return [(row, referent) for row, referent in session.execute(query).all()]


def check_referent(session: Session, referent_id: int | None) -> None:
    """Raise ``UnknownId`` unless ``referent_id`` is ``None`` or in the directory."""
    if referent_id is not None:
        get_or_raise(session, Referent, referent_id, _("referent"))


def list_referents(
    ctx: ServiceContext,
    search: str = "",
    kind: ReferentKind | None = None,
    *,
    include_inactive: bool = False,
) -> list[ReferentRow]:
    """The directory, accent-insensitive search over name, organisation and e-mail."""
    with ctx.transaction() as session:
        query = select(Referent)
        for term in fold(search).split():
            query = query.where(Referent.search_text.like(like_pattern(term), escape="\\"))
        if kind is not None:
            query = query.where(Referent.kind == ReferentKind(kind).value)
        if not include_inactive:
            query = query.where(Referent.active.is_(True))
        rows = [_referent_row(r) for r in session.scalars(query).all()]
    return sorted(rows, key=lambda r: (fold(r.name), fold(r.organisation), r.id))

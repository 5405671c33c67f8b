"""Supervision and practice analysis for the peer helpers: a dated log of who attended,
the themes and the follow-ups. It names no participant: write situations anonymously."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from pairdesk.domain import validation as v
from pairdesk.domain.permissions import Permission, require
from pairdesk.errors import InvalidInput
from pairdesk.i18n import _
from pairdesk.services.context import ServiceContext
from pairdesk.services.records import (
    delete_record,
    read_object,
    read_record,
    saved,
    stored_or_new,
)
from pairdesk.store.models import SupervisionSession


@dataclass(frozen=True, slots=True)
class SupervisionRow:
    id: int
    held_on: dt.date
    attendees: str
    themes: str
    follow_ups: str
    edit_version: int


def record_session(
    ctx: ServiceContext, held_on: dt.date, attendees: str, themes: str, follow_ups: str
) -> SupervisionRow:
    return _save(ctx, None, held_on, attendees, themes, follow_ups)


def update_session(
    ctx: ServiceContext,
    session_id: int,
    held_on: dt.date,
    attendees: str,
    themes: str,
    follow_ups: str,
    *,
    edit_version: int | None = None,
) -> SupervisionRow:
    """``edit_version``: the session's, as the form read it (``EditConflict`` if changed)."""
    return _save(ctx, session_id, held_on, attendees, themes, follow_ups, edit_version)


def _save(
    ctx: ServiceContext,
    session_id: int | None,
    held_on: dt.date,
    attendees: str,
    themes: str,
    follow_ups: str,
    edit_version: int | None = None,
) -> SupervisionRow:
    """Record (``session_id`` None) or update a session: the one path of both."""
    require(ctx, Permission.SUPERVISION)
    mine = {"held_on": held_on, "attendees": attendees, "themes": themes}
    mine |= {"follow_ups": follow_ups, "edit_version": edit_version}
    with ctx.transaction() as session:
        row, action = stored_or_new(
            session,
            SupervisionSession,
            session_id,
            _("supervision session"),
            mine=mine,
            this=_("this supervision session"),
        )
        _fill(row, held_on, attendees, themes, follow_ups)
        saved(ctx, session, "supervision_session", row, action)
        return read_object(SupervisionRow, row)


def get_session(ctx: ServiceContext, session_id: int) -> SupervisionRow:
    """One session as stored now (``UnknownId`` when there is none)."""
    require(ctx, Permission.SUPERVISION)
    return read_record(ctx, SupervisionSession, session_id, _("supervision session"), _row)


def _row(row: SupervisionSession) -> SupervisionRow:
    return read_object(SupervisionRow, row)


def list_sessions(ctx: ServiceContext, year: int | None = None) -> list[SupervisionRow]:
    """Sessions, most recent first; only those held in ``year`` if given."""
    require(ctx, Permission.SUPERVISION)
    with ctx.transaction() as session:
        query = select(SupervisionSession)
        if year is not None:
            v.int_in_range(year, v.EARLIEST_DATE.year, v.LATEST_DATE.year, "year", _("Year"))
            query = query.where(
                SupervisionSession.held_on >= dt.date(year, 1, 1),
                SupervisionSession.held_on <= dt.date(year, 12, 31),
            )
        query = query.order_by(SupervisionSession.held_on.desc(), SupervisionSession.id.desc())
        return [read_object(SupervisionRow, r) for r in session.scalars(query)]


def delete_session(ctx: ServiceContext, session_id: int) -> None:
    require(ctx, Permission.SUPERVISION)
    delete_record(
        ctx, SupervisionSession, session_id, _("supervision session"), "supervision_session"
    )


def _fill(
    row: SupervisionSession, held_on: dt.date, attendees: str, themes: str, follow_ups: str
) -> None:
    row.held_on = v.required_date(held_on, "held_on", _("Date"))
    row.attendees = v.free_text(attendees, "attendees", _("Attendees"), max_length=5_000)
    row.themes = v.free_text(themes, "themes", _("Themes"))
    row.follow_ups = v.free_text(follow_ups, "follow_ups", _("Follow-ups"))
    if not (row.attendees or row.themes or row.follow_ups):
        raise InvalidInput(
            _("Write at least the attendees, a theme or a follow-up."), field="themes"
        )

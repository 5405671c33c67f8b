"""A participant's support schemes (France Travail, Cap Emploi, DEA, ESAT…) and their
referents. The referents' names feed the participant's search text, kept in step here."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from pairdesk.domain.enums import AuditAction, Scheme
from pairdesk.domain.validation import date_in_range, date_order, enum_value, free_text
from pairdesk.i18n import _
from pairdesk.services.access import (
    load_participant,
    require_participant_access,
    require_record_access,
    writable_participant,
)
from pairdesk.services.context import ServiceContext, get_or_raise
from pairdesk.services.records import read_object, saved, stored_to_edit
from pairdesk.services.referents import check_referent, with_referents
from pairdesk.services.search import refresh_participant_search
from pairdesk.store.models import ParticipantScheme


@dataclass(frozen=True, slots=True)
class SchemeRow:
    id: int
    participant_id: int
    scheme: Scheme
    referent_id: int | None
    referent_name: str
    referent_organisation: str
    started_on: dt.date | None
    ended_on: dt.date | None
    notes: str
    edit_version: int = 1  # what ``update_scheme`` gets back (read objects: the stored one)

    def is_current(self, on: dt.date) -> bool:
        return (self.started_on is None or self.started_on <= on) and (
            self.ended_on is None or self.ended_on >= on
        )


def scheme_rows(
    session: Session, participant_id: int, scheme_id: int | None = None
) -> list[SchemeRow]:
    start = ParticipantScheme.started_on
    order = (start.is_(None), start, ParticipantScheme.id)
    return [
        read_object(
            SchemeRow,
            s,
            scheme=Scheme(s.scheme),
            referent_name=referent.name if referent else "",
            referent_organisation=referent.organisation if referent else "",
        )
        for s, referent in with_referents(
            session, ParticipantScheme, participant_id, scheme_id, order
        )
    ]


def _scheme_row(session: Session, scheme: ParticipantScheme) -> SchemeRow:
    session.flush()
    return scheme_rows(session, scheme.participant_id, scheme.id)[0]


def add_scheme(
    ctx: ServiceContext,
    participant_id: int,
    scheme: Scheme,
    referent_id: int | None = None,
    started_on: dt.date | None = None,
    ended_on: dt.date | None = None,
    notes: str = "",
) -> SchemeRow:
    with ctx.transaction() as session:
        require_participant_access(ctx, session, participant_id)
        participant = writable_participant(session, participant_id)
        value = enum_value(Scheme, scheme, "scheme", _("Support scheme"))
        check_referent(session, referent_id)
        start = date_in_range(started_on, "started_on", _("Start date"))
        end = date_in_range(ended_on, "ended_on", _("End date"))
        date_order(start, end, "ended_on", _("End date"))
        row = ParticipantScheme(
            participant_id=participant.id,
            scheme=value.value,
            referent_id=referent_id,
            started_on=start,
            ended_on=end,
            notes=free_text(notes, "notes", _("Notes")),
        )
        saved(ctx, session, "participant_scheme", row, detail=f"scheme={value.value}")
        refresh_participant_search(session, participant)
        return _scheme_row(session, row)


def update_scheme(
    ctx: ServiceContext,
    scheme_id: int,
    *,
    referent_id: int | None,
    started_on: dt.date | None,
    ended_on: dt.date | None,
    notes: str = "",
    edit_version: int | None = None,
) -> SchemeRow:
    """Change a scheme's referent, dates or notes (the participant's search text follows);
    ``edit_version``: the scheme's, as the form read it (``EditConflict`` if changed)."""
    with ctx.transaction() as session:
        require_record_access(ctx, session, ParticipantScheme, scheme_id)
        mine = {
            "referent_id": referent_id,
            "started_on": started_on,
            "ended_on": ended_on,
            "notes": notes,
            "edit_version": edit_version,
        }
        row = stored_to_edit(
            session, ParticipantScheme, scheme_id, _("support scheme"), mine, _("this scheme")
        )
        participant = writable_participant(session, row.participant_id)
        check_referent(session, referent_id)
        start = date_in_range(started_on, "started_on", _("Start date"))
        end = date_in_range(ended_on, "ended_on", _("End date"))
        date_order(start, end, "ended_on", _("End date"))
        row.referent_id = referent_id
        row.started_on = start
        row.ended_on = end
        row.notes = free_text(notes, "notes", _("Notes"))
        refresh_participant_search(session, participant)
        saved(ctx, session, "participant_scheme", row, AuditAction.UPDATE)
        return _scheme_row(session, row)


def end_scheme(ctx: ServiceContext, scheme_id: int, on: dt.date | None = None) -> SchemeRow:
    with ctx.transaction() as session:
        require_record_access(ctx, session, ParticipantScheme, scheme_id)
        row = get_or_raise(session, ParticipantScheme, scheme_id, _("support scheme"))
        day = date_in_range(on, "ended_on", _("End date")) or ctx.today()
        date_order(row.started_on, day, "ended_on", _("End date"))
        row.ended_on = day
        ctx.audit(session, "participant_scheme", row.id, AuditAction.UPDATE, "ended")
        return _scheme_row(session, row)


def remove_scheme(ctx: ServiceContext, scheme_id: int) -> None:
    """Delete a scheme entered by mistake (ending it keeps the history)."""
    with ctx.transaction() as session:
        require_record_access(ctx, session, ParticipantScheme, scheme_id)
        row = get_or_raise(session, ParticipantScheme, scheme_id, _("support scheme"))
        participant = load_participant(session, row.participant_id)
        participant.schemes.remove(row)
        session.delete(row)
        refresh_participant_search(session, participant)
        ctx.audit(session, "participant_scheme", scheme_id, AuditAction.DELETE)

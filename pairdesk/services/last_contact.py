"""A participant's last contact (``participant.last_contact_on``), written by one rule.

Recording a dated activity moves the date forward, never backwards; a planned step (dated
after today) is not a contact yet. Moving or removing a step recomputes the date from what
is left: pathway steps, workshops attended, mock interviews and self-assessments.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pairdesk.domain.contacts import is_contact, later_contact
from pairdesk.domain.enums import (
    Attendance,
)
from pairdesk.services.access import (
    load_participant,
)
from pairdesk.services.context import ServiceContext
from pairdesk.store.models import (
    MockInterview,
    Participant,
    PathwayEvent,
    Registration,
    SelfAssessment,
    Workshop,
)


def advance_last_contact(participant: Participant, on: dt.date) -> None:
    """The rule (:func:`pairdesk.domain.contacts.later_contact`): ``last_contact_on``
    moves forward to ``on``, never backwards."""
    new = later_contact(participant.last_contact_on, on)
    if new != participant.last_contact_on:
        participant.last_contact_on = new


def touch_last_contact(session: Session, participant_id: int, on: dt.date) -> None:
    """Move the last contact of this participant forward to ``on`` (never backwards)."""
    advance_last_contact(load_participant(session, participant_id), on)


def record_contact(ctx: ServiceContext, session: Session, participant_id: int, on: dt.date) -> None:
    """A dated activity was recorded: a contact if it is not planned (dated after today)."""
    if is_contact(on, ctx.today()):
        touch_last_contact(session, participant_id, on)


def latest_contact(session: Session, participant_id: int, until: dt.date) -> dt.date | None:
    """The latest activity on or before ``until``: pathway events, workshops attended,
    mock interviews and self-assessments."""
    session.flush()
    queries = [
        select(func.max(PathwayEvent.occurred_on)).where(
            PathwayEvent.participant_id == participant_id, PathwayEvent.occurred_on <= until
        ),
        select(func.max(Workshop.held_on))
        .join(Registration, Registration.workshop_id == Workshop.id)
        .where(
            Registration.participant_id == participant_id,
            Registration.attendance == Attendance.PRESENT.value,
            Workshop.held_on <= until,
        ),
        select(func.max(MockInterview.held_on)).where(
            MockInterview.participant_id == participant_id, MockInterview.held_on <= until
        ),
        select(func.max(SelfAssessment.assessed_on)).where(
            SelfAssessment.participant_id == participant_id, SelfAssessment.assessed_on <= until
        ),
    ]
    found = [d for d in (session.scalar(q) for q in queries) if d is not None]
    return max(found) if found else None


def refresh_last_contact(session: Session, participant_id: int, today: dt.date) -> None:
    """Recompute after a date was moved or removed (only if it may have been the latest)."""
    participant = load_participant(session, participant_id)
    participant.last_contact_on = latest_contact(session, participant_id, today)


def after_contact_date_change(
    ctx: ServiceContext,
    session: Session,
    participant_id: int,
    old_date: dt.date,
    new_date: dt.date | None,
) -> None:
    """An activity moved from ``old_date`` to ``new_date`` (``None``: it was removed)."""
    participant = load_participant(session, participant_id)
    if participant.last_contact_on is not None and old_date == participant.last_contact_on:
        refresh_last_contact(session, participant_id, ctx.today())
    if new_date is not None:
        record_contact(ctx, session, participant_id, new_date)

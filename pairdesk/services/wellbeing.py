"""The private wellbeing and relapse-prevention plan: every look is audited."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from pairdesk.domain import validation as v
from pairdesk.domain.enums import (
    AuditAction,
)
from pairdesk.i18n import _
from pairdesk.services.access import (
    load_participant,
    require_participant_access,
)
from pairdesk.services.context import ServiceContext
from pairdesk.services.records import participant_record, read_object, require_version
from pairdesk.store.models import (
    WellbeingPlan,
)


@dataclass(frozen=True, slots=True)
class WellbeingPlanView:
    id: int
    participant_id: int
    triggers: str
    warning_signs: str
    what_helps: str
    who_to_call: str
    updated_on: dt.date
    #: what ``save_wellbeing_plan`` gets back (read objects: the stored one)
    edit_version: int = 1


def get_wellbeing_plan(ctx: ServiceContext, participant_id: int) -> WellbeingPlanView | None:
    """The private wellbeing plan; every look is written to the audit log."""
    with ctx.transaction() as session:
        require_participant_access(ctx, session, participant_id)
        load_participant(session, participant_id)
        plan = session.scalars(
            select(WellbeingPlan).where(WellbeingPlan.participant_id == participant_id)
        ).one_or_none()
        ctx.audit(
            session,
            "wellbeing_plan",
            plan.id if plan else None,
            AuditAction.VIEW,
            detail=f"participant={participant_id}",
        )
        return _plan_view(plan) if plan else None


def save_wellbeing_plan(
    ctx: ServiceContext,
    participant_id: int,
    triggers: str,
    warning_signs: str,
    what_helps: str,
    who_to_call: str,
    *,
    edit_version: int | None = None,
) -> WellbeingPlanView:
    """Write the plan (created on first save). ``edit_version``: the plan's as the form
    read it, 0 when there was none yet (``EditConflict`` if someone saved it since)."""
    with ctx.transaction() as session:
        require_participant_access(ctx, session, participant_id)
        load_participant(session, participant_id)
        values = {
            "triggers": v.free_text(triggers, "triggers", _("What can trigger a crisis")),
            "warning_signs": v.free_text(warning_signs, "warning_signs", _("Warning signs")),
            "what_helps": v.free_text(what_helps, "what_helps", _("What helps")),
            "who_to_call": v.free_text(who_to_call, "who_to_call", _("Who to call")),
        }
        plan, action = participant_record(session, WellbeingPlan, participant_id)
        if action is AuditAction.UPDATE:
            mine = {"triggers": triggers, "warning_signs": warning_signs}
            mine |= {"what_helps": what_helps, "who_to_call": who_to_call}
            require_version(plan, {**mine, "edit_version": edit_version}, _("this plan"))
        for name, value in values.items():
            setattr(plan, name, value)
        plan.updated_on = ctx.today()
        session.flush()
        ctx.audit(
            session, "wellbeing_plan", plan.id, action, detail=f"participant={participant_id}"
        )
        return _plan_view(plan)


def _plan_view(plan: WellbeingPlan) -> WellbeingPlanView:
    return read_object(WellbeingPlanView, plan)

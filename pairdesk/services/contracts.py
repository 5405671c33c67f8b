"""Contracts: a participant's jobs, each with its "contract signed" and "contract ended"
steps on the pathway and its job retention checks."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from pairdesk.domain import validation as v
from pairdesk.domain.enums import (
    AuditAction,
    ContractType,
    EventKind,
)
from pairdesk.errors import InvalidInput
from pairdesk.i18n import _
from pairdesk.services.access import (
    load_participant,
    require_participant_access,
    require_record_access,
)
from pairdesk.services.context import ServiceContext, get_or_raise
from pairdesk.services.employers import attach_employer
from pairdesk.services.last_contact import (
    after_contact_date_change,
    record_contact,
    refresh_last_contact,
)
from pairdesk.services.records import read_object, require_version, saved, stored_to_edit
from pairdesk.services.retention import RetentionCheckRow, check_row, checks_of
from pairdesk.store.models import (
    Contract,
    PathwayEvent,
    RetentionCheck,
)


@dataclass(frozen=True, slots=True, kw_only=True)
class ContractInput:
    contract_type: ContractType
    employer: str = ""
    job_title: str = ""
    hours_per_week: float | None = None
    started_on: dt.date
    planned_end_on: dt.date | None = None
    #: Picked from the employer directory; ``None``: ``employer`` is matched there (or
    #: entered there when new) by :func:`pairdesk.services.employers.attach_employer`.
    employer_id: int | None = None
    #: the ``edit_version`` the form read; None: a save that is not checked
    edit_version: int | None = None


@dataclass(frozen=True, slots=True)
class ContractRow:
    id: int
    participant_id: int
    contract_type: ContractType
    employer: str
    job_title: str
    hours_per_week: float | None
    started_on: dt.date
    planned_end_on: dt.date | None
    ended_on: dt.date | None
    end_reason: str
    retention_checks: tuple[RetentionCheckRow, ...] = ()
    employer_id: int | None = None  # the directory entry
    #: what a change sends back (``ContractInput.edit_version``, ``end_contract``'s)
    edit_version: int = 1


def _contract_row(contract: Contract, checks: tuple[RetentionCheckRow, ...] = ()) -> ContractRow:
    return read_object(
        ContractRow,
        contract,
        contract_type=ContractType(contract.contract_type),
        retention_checks=checks,
    )


def contract_description(contract: Contract) -> str:
    if contract.job_title and contract.employer:
        return _("{job_title} at {employer}").format(
            job_title=contract.job_title, employer=contract.employer
        )
    return contract.job_title or contract.employer or ContractType(contract.contract_type).label


def add_contract(
    ctx: ServiceContext, participant_id: int, data: ContractInput, *, hours_required: bool = True
) -> ContractRow:
    """Record a contract and its "contract signed" step on the start date.

    The weekly hours of a new contract must be given, from the window as from a script,
    as the supported-employment indicators count a job start from 4 hours a week.
    Contracts recorded before (or brought in by an import of older data, which writes
    them as they were) may have none: they stay "unknown" (:mod:`pairdesk.domain.ips`),
    never guessed, and :func:`update_contract` corrects them without asking for hours.
    ``hours_required=False`` is for a caller that copies an older contract as it was."""
    if hours_required and data.hours_per_week is None:
        raise InvalidInput(
            _("Give the weekly hours of a new contract (a job counts from 4 hours a week)."),
            field="hours_per_week",
        )
    with ctx.transaction() as session:
        require_participant_access(ctx, session, participant_id)
        load_participant(session, participant_id)
        contract = Contract(participant_id=participant_id, end_reason="")
        attach_employer(ctx, session, contract, data.employer_id, data.employer)
        _fill_contract(contract, replace(data, employer=contract.employer))
        session.add(contract)
        session.flush()
        session.add(
            PathwayEvent(
                participant_id=participant_id,
                kind=EventKind.CONTRACT_SIGNED.value,
                occurred_on=contract.started_on,
                title="",
                notes="",
                contract_id=contract.id,
            )
        )
        session.flush()
        record_contact(ctx, session, participant_id, contract.started_on)
        ctx.audit(session, "contract", contract.id, AuditAction.CREATE)
        return _contract_row(contract)


def update_contract(ctx: ServiceContext, contract_id: int, data: ContractInput) -> ContractRow:
    """Correct a contract; its "contract signed" step follows the start date."""
    with ctx.transaction() as session:
        require_record_access(ctx, session, Contract, contract_id)
        contract = stored_to_edit(
            session, Contract, contract_id, _("contract"), data, _("this contract")
        )
        old_start = contract.started_on
        attach_employer(ctx, session, contract, data.employer_id, data.employer)
        _fill_contract(contract, replace(data, employer=contract.employer))
        v.date_order(contract.started_on, contract.ended_on, "ended_on", _("End date"))
        for event in contract_events(session, contract.id, EventKind.CONTRACT_SIGNED):
            event.occurred_on = contract.started_on
        session.flush()
        after_contact_date_change(
            ctx, session, contract.participant_id, old_start, contract.started_on
        )
        saved(ctx, session, "contract", contract, AuditAction.UPDATE)
        return _contract_row(contract, checks_of(session, contract.id))


def delete_contract(ctx: ServiceContext, contract_id: int) -> None:
    """Delete a contract entered by mistake, with its steps and retention checks."""
    with ctx.transaction() as session:
        require_record_access(ctx, session, Contract, contract_id)
        contract = get_or_raise(session, Contract, contract_id, _("contract"))
        participant_id = contract.participant_id
        dates = [contract.started_on] + ([contract.ended_on] if contract.ended_on else [])
        session.execute(delete(RetentionCheck).where(RetentionCheck.contract_id == contract_id))
        session.execute(delete(PathwayEvent).where(PathwayEvent.contract_id == contract_id))
        session.delete(contract)
        session.flush()
        participant = load_participant(session, participant_id)
        if participant.last_contact_on in dates:
            refresh_last_contact(session, participant_id, ctx.today())
        ctx.audit(session, "contract", contract_id, AuditAction.DELETE)


def end_contract(
    ctx: ServiceContext,
    contract_id: int,
    ended_on: dt.date,
    reason: str = "",
    *,
    edit_version: int | None = None,
) -> ContractRow:
    """Record the end of a contract and its "contract ended" step (moved if ended again);
    ``edit_version``: the contract's, as the form read it (``EditConflict`` if changed)."""
    with ctx.transaction() as session:
        require_record_access(ctx, session, Contract, contract_id)
        contract = get_or_raise(session, Contract, contract_id, _("contract"))
        mine = {"ended_on": ended_on, "reason": reason, "edit_version": edit_version}
        stored = {"ended_on": contract.ended_on, "reason": contract.end_reason}
        require_version(contract, mine, _("this contract"), stored=stored)
        end = v.required_date(ended_on, "ended_on", _("End date"))
        v.date_order(contract.started_on, end, "ended_on", _("End date"))
        old_end = contract.ended_on
        contract.ended_on = end
        contract.end_reason = v.free_text(reason, "reason", _("Reason for the end"))
        events = contract_events(session, contract.id, EventKind.CONTRACT_ENDED)
        if events:
            for event in events:
                event.occurred_on = end
        else:
            session.add(
                PathwayEvent(
                    participant_id=contract.participant_id,
                    kind=EventKind.CONTRACT_ENDED.value,
                    occurred_on=end,
                    title="",
                    notes="",
                    contract_id=contract.id,
                )
            )
        session.flush()
        if old_end is not None:
            after_contact_date_change(ctx, session, contract.participant_id, old_end, end)
        else:
            record_contact(ctx, session, contract.participant_id, end)
        saved(ctx, session, "contract", contract, AuditAction.UPDATE, "ended")
        return _contract_row(contract, checks_of(session, contract.id))


def _fill_contract(contract: Contract, data: ContractInput) -> None:
    contract.contract_type = v.enum_value(
        ContractType, data.contract_type, "contract_type", _("Type of contract")
    ).value
    contract.employer = v.optional_line(data.employer, "employer", _("Employer"), max_length=200)
    contract.job_title = v.optional_line(data.job_title, "job_title", _("Job"), max_length=200)
    contract.hours_per_week = v.hours(data.hours_per_week, "hours_per_week", _("Hours per week"))
    contract.started_on = v.required_date(data.started_on, "started_on", _("Start date"))
    contract.planned_end_on = v.date_in_range(
        data.planned_end_on, "planned_end_on", _("Planned end date")
    )
    v.date_order(
        contract.started_on, contract.planned_end_on, "planned_end_on", _("Planned end date")
    )


def contract_events(
    session: Session, contract_id: int, kind: EventKind | None = None
) -> list[PathwayEvent]:
    query = select(PathwayEvent).where(PathwayEvent.contract_id == contract_id)
    if kind is not None:
        query = query.where(PathwayEvent.kind == kind.value)
    return list(session.scalars(query))


def contract_rows(session: Session, participant_id: int) -> list[ContractRow]:
    contracts = session.scalars(
        select(Contract)
        .where(Contract.participant_id == participant_id)
        .order_by(Contract.started_on, Contract.id)
    ).all()
    checks: dict[int, list[RetentionCheckRow]] = {}
    if contracts:
        for check in session.scalars(
            select(RetentionCheck)
            .where(RetentionCheck.contract_id.in_([c.id for c in contracts]))
            .order_by(RetentionCheck.months)
        ):
            checks.setdefault(check.contract_id, []).append(check_row(check))
    return [_contract_row(c, tuple(checks.get(c.id, ()))) for c in contracts]

"""Job retention: whether a person is still in work 1, 3, 6, 12 and 18 months after a
contract started, and the checks due."""

from __future__ import annotations

import datetime as dt
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from pairdesk.domain import validation as v
from pairdesk.domain.enums import (
    EMPLOYMENT_CONTRACTS,
    RETENTION_MONTHS,
    AuditAction,
    ContractType,
)
from pairdesk.domain.retention import milestones_due
from pairdesk.errors import InvalidInput
from pairdesk.i18n import _
from pairdesk.services.access import (
    require_record_access,
)
from pairdesk.services.context import ServiceContext, get_or_raise
from pairdesk.services.records import read_object, require_version
from pairdesk.store.models import (
    Contract,
    Participant,
    RetentionCheck,
)

RETENTION_CONTRACTS = EMPLOYMENT_CONTRACTS | {ContractType.ESAT}


@dataclass(frozen=True, slots=True)
class RetentionCheckRow:
    id: int
    contract_id: int
    months: int
    checked_on: dt.date
    employed: bool
    notes: str
    edit_version: int = 1  # what a correction sends back (read objects: the stored one)


@dataclass(frozen=True, slots=True)
class RetentionDue:
    participant_id: int
    participant_name: str
    contract_id: int
    contract_type: ContractType
    employer: str
    job_title: str
    months: int
    due_on: dt.date
    overdue: bool


def check_row(check: RetentionCheck) -> RetentionCheckRow:
    return read_object(RetentionCheckRow, check)


def checks_of(session: Session, contract_id: int) -> tuple[RetentionCheckRow, ...]:
    checks = session.scalars(
        select(RetentionCheck)
        .where(RetentionCheck.contract_id == contract_id)
        .order_by(RetentionCheck.months)
    )
    return tuple(check_row(c) for c in checks)


def record_retention_check(
    ctx: ServiceContext,
    contract_id: int,
    months: int,
    checked_on: dt.date,
    employed: bool,
    notes: str = "",
    *,
    edit_version: int | None = None,
) -> RetentionCheckRow:
    """Record (or correct) whether the person was still in work ``months`` after the start.
    ``edit_version``: the milestone's check as the form knew it, 0 when it was not recorded
    yet (``EditConflict`` when someone else recorded or corrected it since)."""
    with ctx.transaction() as session:
        require_record_access(ctx, session, Contract, contract_id)
        contract = get_or_raise(session, Contract, contract_id, _("contract"))
        if months not in RETENTION_MONTHS or isinstance(months, bool):
            raise InvalidInput(
                _("Retention is checked after {choices} months.").format(
                    choices=", ".join(str(m) for m in RETENTION_MONTHS)
                ),
                field="months",
            )
        checked = v.required_date(checked_on, "checked_on", _("Date of the check"))
        v.date_order(contract.started_on, checked, "checked_on", _("Date of the check"))
        cleaned_notes = v.free_text(notes, "notes", _("Notes"))
        check = session.scalars(
            select(RetentionCheck).where(
                RetentionCheck.contract_id == contract_id, RetentionCheck.months == months
            )
        ).one_or_none()
        action = AuditAction.UPDATE
        if check is not None:
            mine = {"checked_on": checked_on, "employed": employed, "notes": notes}
            mine["edit_version"] = edit_version
            require_version(check, mine, _("this retention check"))
        if check is None:
            check = RetentionCheck(contract_id=contract_id, months=months)
            session.add(check)
            action = AuditAction.CREATE
        check.checked_on = checked
        check.employed = bool(employed)
        check.notes = cleaned_notes
        session.flush()
        ctx.audit(session, "retention_check", check.id, action, detail=f"months={months}")
        return check_row(check)


def retention_checks_due(
    ctx: ServiceContext,
    *,
    on: dt.date,
    horizon_days: int = 7,
    checked: AbstractSet[tuple[int, int]] | None = None,
) -> list[RetentionDue]:
    """Retention milestones due by ``on + horizon_days`` and not yet checked, for contracts
    that had not ended before the milestone; overdue when the milestone is before ``on``.
    ``checked`` is :func:`checked_milestones`, when the caller has read it in its own
    transaction already (the home page, for its employer follow-ups too).

    Reads only the columns it needs (no ORM entities): the home page calls it on every
    visit, and a large vault holds tens of thousands of contracts."""
    limit = on + dt.timedelta(days=horizon_days)
    with ctx.transaction() as session:
        session.flush()  # the Core reads below bypass the ORM's autoflush
        done = checked_milestones(session) if checked is None else checked
        # Core execution on the session's connection: plain tuples, no ORM row processing.
        # No ``started_on <= limit`` in SQL: nearly every contract started before the limit,
        # and SQLite would then walk the started_on index and fetch each row at random,
        # about twice as slow as scanning the table; the loop below skips later starts.
        rows = (
            session.connection()
            .execute(
                select(
                    Contract.id,
                    Contract.participant_id,
                    Contract.contract_type,
                    Contract.employer,
                    Contract.job_title,
                    Contract.started_on,
                    Contract.ended_on,
                    Participant.first_name,
                    Participant.last_name,
                )
                .join(Participant, Participant.id == Contract.participant_id)
                .where(
                    Contract.contract_type.in_([t.value for t in RETENTION_CONTRACTS]),
                    Participant.anonymised.is_(False),
                )
            )
            .all()
        )
    contract_types = {t.value: t for t in ContractType}
    due: list[RetentionDue] = []
    for (
        contract_id,
        participant_id,
        contract_type,
        employer,
        job_title,
        started_on,
        ended_on,
        first_name,
        last_name,
    ) in rows:
        name: str | None = None
        for months, due_on in milestones_due(contract_id, started_on, ended_on, limit, done):
            if name is None:
                name = " ".join(p for p in (first_name, last_name) if p)
            due.append(
                RetentionDue(
                    participant_id=participant_id,
                    participant_name=name,
                    contract_id=contract_id,
                    contract_type=contract_types.get(contract_type) or ContractType(contract_type),
                    employer=employer,
                    job_title=job_title,
                    months=months,
                    due_on=due_on,
                    overdue=due_on < on,
                )
            )
    due.sort(key=lambda d: (d.due_on, d.participant_name.casefold(), d.contract_id, d.months))
    return due


def checked_milestones(session: Session) -> set[tuple[int, int]]:
    """``(contract_id, months)`` of every retention check already recorded (read from the
    unique index alone), what the session holds included."""
    session.flush()  # the Core read below bypasses the ORM's autoflush
    rows = session.connection().execute(select(RetentionCheck.contract_id, RetentionCheck.months))
    return {(contract_id, months) for contract_id, months in rows.all()}

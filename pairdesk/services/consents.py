"""Consents (RGPD): recorded, withdrawn, where each purpose stands on a day, and the
warning shown when an action needs a consent that is missing or withdrawn."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.orm import Session

from pairdesk.domain.enums import AuditAction, ConsentMethod, ConsentPurpose
from pairdesk.domain.validation import (
    date_order,
    enum_value,
    free_text,
    not_in_future,
    required_date,
)
from pairdesk.errors import InvalidInput
from pairdesk.i18n import N_, _
from pairdesk.services.access import (
    load_participant,
    require_participant_access,
    require_record_access,
    writable_participant,
)
from pairdesk.services.context import ServiceContext, get_or_raise
from pairdesk.services.records import read_object, saved
from pairdesk.services.referents import check_referent, with_referents
from pairdesk.store.models import Consent


@dataclass(frozen=True, slots=True)
class ConsentRow:
    id: int
    participant_id: int
    purpose: ConsentPurpose
    referent_id: int | None
    referent_name: str
    given_on: dt.date
    method: ConsentMethod
    withdrawn_on: dt.date | None
    notes: str


class ConsentStatus(StrEnum):
    """Where a consent stands on a given day."""

    GIVEN = "given"
    WITHDRAWN = "withdrawn"
    MISSING = "missing"

    @property
    def label(self) -> str:
        return _(_CONSENT_STATUS_LABELS[self.value])


_CONSENT_STATUS_LABELS = {
    "given": N_("Given"),
    "withdrawn": N_("Withdrawn"),
    "missing": N_("Not asked yet"),
}


@dataclass(frozen=True, slots=True)
class ConsentState:
    """One purpose's consent on a day: the record that decides it, if any."""

    purpose: ConsentPurpose
    status: ConsentStatus
    consent_id: int | None = None
    given_on: dt.date | None = None
    withdrawn_on: dt.date | None = None
    method: ConsentMethod | None = None

    @property
    def given(self) -> bool:
        return self.status is ConsentStatus.GIVEN


def consent_rows(
    session: Session, participant_id: int, consent_id: int | None = None
) -> list[ConsentRow]:
    order = (Consent.given_on, Consent.id)
    return [
        read_object(
            ConsentRow,
            c,
            purpose=ConsentPurpose(c.purpose),
            referent_name=referent.name if referent else "",
            method=ConsentMethod(c.method),
        )
        for c, referent in with_referents(session, Consent, participant_id, consent_id, order)
    ]


def record_consent(
    ctx: ServiceContext,
    participant_id: int,
    purpose: ConsentPurpose,
    given_on: dt.date,
    method: ConsentMethod,
    referent_id: int | None = None,
    notes: str = "",
) -> ConsentRow:
    with ctx.transaction() as session:
        require_participant_access(ctx, session, participant_id)
        participant = writable_participant(session, participant_id)
        purpose_value = enum_value(ConsentPurpose, purpose, "purpose", _("Purpose"))
        method_value = enum_value(ConsentMethod, method, "method", _("How consent was given"))
        day = required_date(given_on, "given_on", _("Date of consent"))
        not_in_future(day, ctx.today(), "given_on", _("Date of consent"))
        check_referent(session, referent_id)
        consent = Consent(
            participant_id=participant.id,
            purpose=purpose_value.value,
            referent_id=referent_id,
            given_on=day,
            method=method_value.value,
            withdrawn_on=None,
            notes=free_text(notes, "notes", _("Notes")),
        )
        saved(ctx, session, "consent", consent, detail=f"purpose={purpose_value.value}")
        return consent_rows(session, participant.id, consent.id)[0]


def withdraw_consent(ctx: ServiceContext, consent_id: int, on: dt.date) -> ConsentRow:
    with ctx.transaction() as session:
        require_record_access(ctx, session, Consent, consent_id)
        consent = get_or_raise(session, Consent, consent_id, _("consent"))
        if consent.withdrawn_on is not None:
            raise InvalidInput(_("This consent was already withdrawn."), field="withdrawn_on")
        day = required_date(on, "withdrawn_on", _("Date of withdrawal"))
        not_in_future(day, ctx.today(), "withdrawn_on", _("Date of withdrawal"))
        date_order(consent.given_on, day, "withdrawn_on", _("Date of withdrawal"))
        consent.withdrawn_on = day
        ctx.audit(session, "consent", consent.id, AuditAction.UPDATE, "withdrawn")
        session.flush()
        return consent_rows(session, consent.participant_id, consent.id)[0]


# -- where a consent stands on a day: the one rule, in Python and in SQL -----------------------


def withdrawn_by(withdrawn_on: dt.date | None, on: dt.date) -> bool:
    """A consent given on or before ``on`` stands on ``on`` unless this is true."""
    return withdrawn_on is not None and withdrawn_on <= on


def stands_on(on: dt.date) -> ColumnElement[bool]:
    """SQL: the consent record stands on ``on``: given by then and not withdrawn by then
    (the same rule as :func:`withdrawn_by`, for queries over many participants)."""
    return and_(
        Consent.given_on <= on, or_(Consent.withdrawn_on.is_(None), Consent.withdrawn_on > on)
    )


def consenting(
    session: Session, participant_ids: Iterable[int], purpose: ConsentPurpose, on: dt.date
) -> set[int]:
    """Those of ``participant_ids`` whose consent for ``purpose`` stands on ``on`` (one query
    for a whole batch; the same answer as :func:`has_consent` for each)."""
    ids = set(participant_ids)
    if not ids:
        return set()
    return set(
        session.scalars(
            select(Consent.participant_id)
            .where(
                Consent.participant_id.in_(ids),
                Consent.purpose == ConsentPurpose(purpose).value,
                stands_on(on),
            )
            .distinct()
        )
    )


def _consent_states(
    session: Session, participant_id: int, on: dt.date
) -> dict[ConsentPurpose, ConsentState]:
    states = {p: ConsentState(purpose=p, status=ConsentStatus.MISSING) for p in ConsentPurpose}
    records = session.scalars(
        select(Consent)
        .where(Consent.participant_id == participant_id, Consent.given_on <= on)
        .order_by(Consent.given_on, Consent.id)
    ).all()
    for consent in records:  # later records win; a standing consent beats a withdrawn one
        purpose = ConsentPurpose(consent.purpose)
        withdrawn = withdrawn_by(consent.withdrawn_on, on)
        if not withdrawn or states[purpose].status is not ConsentStatus.GIVEN:
            states[purpose] = ConsentState(
                purpose=purpose,
                status=ConsentStatus.WITHDRAWN if withdrawn else ConsentStatus.GIVEN,
                consent_id=consent.id,
                given_on=consent.given_on,
                withdrawn_on=consent.withdrawn_on if withdrawn else None,
                method=ConsentMethod(consent.method),
            )
    return states


def consent_status(
    ctx: ServiceContext, participant_id: int, on: dt.date | None = None
) -> dict[ConsentPurpose, ConsentState]:
    """For every purpose: given, withdrawn or missing on ``on`` (today by default)."""
    with ctx.transaction() as session:
        require_participant_access(ctx, session, participant_id)
        load_participant(session, participant_id)
        return _consent_states(session, participant_id, on or ctx.today())


def has_consent(
    session_or_ctx: Session | ServiceContext,
    participant_id: int,
    purpose: ConsentPurpose,
    on: dt.date | None = None,
) -> bool:
    """Whether consent for ``purpose`` stands on ``on`` (for other services and reports)."""
    if isinstance(session_or_ctx, ServiceContext):
        with session_or_ctx.transaction() as session:
            return has_consent(session, participant_id, purpose, on or session_or_ctx.today())
    day = on or dt.date.today()
    return _consent_states(session_or_ctx, participant_id, day)[ConsentPurpose(purpose)].given


# -- warnings ----------------------------------------------------------------------------------

PURPOSE_NEEDED: dict[str, ConsentPurpose] = {
    "print_for_referent": ConsentPurpose.SHARE_WITH_REFERENT,
    "share_offer": ConsentPurpose.KEEP_FILE,
}

_WARNINGS: dict[ConsentPurpose, str] = {
    ConsentPurpose.KEEP_FILE: N_(
        "This participant has not agreed (or no longer agrees) to the association keeping "
        "their file; check with them before going further."
    ),
    ConsentPurpose.SHARE_WITH_REFERENT: N_(
        "This participant has not agreed (or no longer agrees) to sharing information with "
        "a referent; ask for their consent before giving this document to anyone."
    ),
    ConsentPurpose.PHOTOS: N_(
        "This participant has not agreed (or no longer agrees) to photos being taken."
    ),
    ConsentPurpose.COLLECTIVE_DOCUMENTS: N_(
        "This participant has not agreed (or no longer agrees) to appearing in collective "
        "documents."
    ),
}


def consent_warning(
    ctx: ServiceContext, participant_id: int, purpose: ConsentPurpose | str
) -> str | None:
    """A translated warning when consent for ``purpose`` is missing or withdrawn today.

    ``purpose`` is a ``ConsentPurpose`` or an action name: ``"print_for_referent"`` (needs
    SHARE_WITH_REFERENT) or ``"share_offer"`` (needs KEEP_FILE). ``None`` when covered.
    """
    needed = PURPOSE_NEEDED.get(str(purpose))
    if needed is None:
        try:
            needed = ConsentPurpose(purpose)
        except ValueError:
            raise InvalidInput(
                _("{field} has an unknown value.").format(field=_("Purpose")), field="purpose"
            ) from None
    with ctx.transaction() as session:
        load_participant(session, participant_id)
        if has_consent(session, participant_id, needed, ctx.today()):
            return None
    return _(_WARNINGS[needed])

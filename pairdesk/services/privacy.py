"""Privacy rights (RGPD): access to one's data, erasure and the retention review.

* ``export_participant``: everything held about one person, as JSON-serialisable data
  (the PDF is built from it by ``pairdesk.reports.privacy_export``).
* ``anonymise_participant``: identity, contact, free text, CVs and the wellbeing plan go;
  dated events, attendance, contracts, retention checks, ratings and outcomes stay without
  identity, so the shared indicators stay true.
* ``delete_participant``: true deletion, everything cascades.
* ``retention_review``: people without activity for a configurable period.

Who may open a file is checked by ``services.access``; consent warnings are in
``services.consents``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, delete, or_, select, update
from sqlalchemy.orm import Session

from pairdesk.domain.enums import AuditAction, ParticipantStatus
from pairdesk.domain.permissions import Permission, require
from pairdesk.domain.text import search_text, sort_name
from pairdesk.errors import InvalidInput, UserError
from pairdesk.i18n import _
from pairdesk.services import audit_words, drafts
from pairdesk.services.access import (
    FILE_RECORDS,
    load_participant,
    require_participant_access,
)
from pairdesk.services.context import ServiceContext
from pairdesk.services.referents import referent_name
from pairdesk.services.team import member_name
from pairdesk.store.models import (
    AuditEntry,
    Base,
    Consent,
    Contract,
    CvComment,
    CvVersion,
    DayPresence,
    Employer,
    EmployerInteraction,
    Goal,
    JobOffer,
    MockInterview,
    MockInterviewQuestion,
    MockInterviewScore,
    OfferShare,
    Participant,
    ParticipantScheme,
    Pathway,
    PathwayEvent,
    RetentionCheck,
    SelfAssessment,
    SelfAssessmentRating,
    Setting,
    Tutoring,
    WellbeingPlan,
    Workshop,
)

RETENTION_SETTING = "privacy.retention_years"
DEFAULT_RETENTION_YEARS = 3
EXPORT_FORMAT = 1


def participant_reference(participant_id: int) -> str:
    """``P0042``: how documents, file names and confirmations refer to a participant."""
    return f"P{participant_id:04d}"


def anonymised_label(participant_id: int) -> str:
    """The neutral name an anonymised participant keeps ("Anonymised person P0042")."""
    return _("Anonymised person {ref}").format(ref=participant_reference(participant_id))


def participant_exists(ctx: ServiceContext, participant_id: int) -> None:
    """Raise ``UnknownId`` when no participant has this number (before asking to confirm)."""
    with ctx.transaction() as session:
        load_participant(session, participant_id)


def _check_confirmation(participant_id: int, confirm: str | None) -> None:
    expected = participant_reference(participant_id)
    if (confirm or "").strip().upper() != expected:
        raise InvalidInput(
            _("To confirm, type the participant's reference {ref} exactly.").format(ref=expected),
            field="confirm",
        )


# -- right of access ------------------------------------------------------------------------


def _value(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, bytes):
        return None
    return value


def _columns(row: Base, *, skip: Iterable[str] = ()) -> dict[str, Any]:
    skipped = set(skip)
    return {
        column.key: _value(getattr(row, column.key))
        for column in row.__table__.columns
        if column.key not in skipped
    }


def _rows(session: Session, model: type[Any], *where: Any, order: Any = None) -> list[Any]:
    query = select(model).where(*where)
    query = query.order_by(order if order is not None else model.id)
    return list(session.scalars(query).all())


def _collect(ctx: ServiceContext, session: Session, p: Participant) -> dict[str, Any]:
    pid = p.id
    ids: dict[str, list[int]] = {"participant": [pid]}

    def keep(entity: str, rows: list[Any]) -> list[Any]:
        ids.setdefault(entity, []).extend(r.id for r in rows)
        return rows

    # each kind of record of the file, in the order recorded (the steps by their date)
    order: dict[str, Any] = {"pathway_event": PathwayEvent.occurred_on}
    records = {
        entity: keep(
            entity,
            _rows(session, model, model.participant_id == pid, order=order.get(entity)),
        )
        for entity, model in FILE_RECORDS.items()
    }
    schemes, consents = records["participant_scheme"], records["consent"]
    tutorings, pathways = records["tutoring"], records["pathway"]
    goals, events = records["goal"], records["pathway_event"]
    contracts, plans = records["contract"], records["wellbeing_plan"]
    registrations, cvs = records["registration"], records["cv_version"]
    interviews, shares = records["mock_interview"], records["offer_share"]
    assessments = records["self_assessment"]

    contract_rows = []
    for contract in contracts:
        checks = keep(
            "retention_check",
            _rows(session, RetentionCheck, RetentionCheck.contract_id == contract.id),
        )
        contract_rows.append(
            {**_columns(contract), "retention_checks": [_columns(c) for c in checks]}
        )

    registration_rows = []
    for registration in registrations:
        workshop = session.get(Workshop, registration.workshop_id)
        registration_rows.append(
            {
                **_columns(registration),
                "workshop": _columns(workshop, skip=("notes",)) if workshop else None,
            }
        )

    cv_rows = []
    for cv in cvs:
        comments = keep("cv_comment", _rows(session, CvComment, CvComment.cv_version_id == cv.id))
        cv_rows.append({**_columns(cv), "comments": [_columns(c) for c in comments]})

    interview_rows = []
    for interview in interviews:
        questions = _rows(
            session,
            MockInterviewQuestion,
            MockInterviewQuestion.mock_interview_id == interview.id,
            order=MockInterviewQuestion.position,
        )
        scores = _rows(
            session, MockInterviewScore, MockInterviewScore.mock_interview_id == interview.id
        )
        interview_rows.append(
            {
                **_columns(interview),
                "questions": [_columns(q) for q in questions],
                "scores": [_columns(s) for s in scores],
            }
        )

    share_rows = []
    for share in shares:
        offer = session.get(JobOffer, share.offer_id)
        share_rows.append(
            {
                **_columns(share),
                "offer": _columns(offer, skip=("search_text",)) if offer else None,
            }
        )

    assessment_rows = []
    for assessment in assessments:
        ratings = _rows(
            session,
            SelfAssessmentRating,
            SelfAssessmentRating.self_assessment_id == assessment.id,
        )
        assessment_rows.append({**_columns(assessment), "ratings": [_columns(r) for r in ratings]})

    # Not records of the file, but about the person all the same (right of access): the
    # days they were at the GEM, and what was said about them to an employer.
    days = _rows(session, DayPresence, DayPresence.participant_id == pid, order=DayPresence.day)
    interactions = keep(
        "employer_interaction",
        _rows(
            session,
            EmployerInteraction,
            EmployerInteraction.participant_id == pid,
            order=EmployerInteraction.occurred_on,
        ),
    )
    contact_rows = []
    for interaction in interactions:
        employer = session.get(Employer, interaction.employer_id)
        contact_rows.append(
            {
                **_columns(interaction),
                "employer": employer.name if employer else None,
                "member_name": member_name(session, interaction.member_id),
            }
        )

    about: list[ColumnElement[bool]] = [
        (AuditEntry.entity == entity) & AuditEntry.entity_id.in_(entity_ids)
        for entity, entity_ids in ids.items()
        if entity_ids
    ]
    # printed documents and wellbeing-plan views name the participant in their own way
    about.append(
        AuditEntry.entity.in_(("pathway_summary", "attendance_attestation", "cv"))
        & (AuditEntry.entity_id == pid)
    )
    about.append(AuditEntry.detail == f"participant={pid}")
    audit = session.scalars(
        select(AuditEntry).where(or_(*about)).order_by(AuditEntry.at, AuditEntry.id)
    ).all()
    # each line of the trail also in the words the audit window uses: the person reads
    # « Camille M. a imprimé la synthèse de parcours », not « participant update »
    said = audit_words.sentences(session, audit, ctx.operator, ctx.today())

    return {
        "identity": _columns(p),
        "schemes": [
            {**_columns(s), "referent_name": referent_name(session, s.referent_id)} for s in schemes
        ],
        "consents": [
            {**_columns(c), "referent_name": referent_name(session, c.referent_id)}
            for c in consents
        ],
        "tutoring": [
            {
                **_columns(t),
                "peer_helper_name": member_name(session, t.peer_helper_id),
                "professional_name": member_name(session, t.professional_id),
                "professional_referent_name": referent_name(session, t.professional_referent_id),
            }
            for t in tutorings
        ],
        "pathway": _columns(pathways[0]) if pathways else None,
        "goals": [_columns(g) for g in goals],
        "events": [_columns(e) for e in events],
        "contracts": contract_rows,
        "wellbeing_plan": _columns(plans[0]) if plans else None,
        "workshops": registration_rows,
        "cv_versions": cv_rows,
        "mock_interviews": interview_rows,
        "offer_shares": share_rows,
        "self_assessments": assessment_rows,
        "days_present": [day.day.isoformat() for day in days],
        "employer_contacts": contact_rows,
        "audit": [{**_columns(a), "what": what} for a, what in zip(audit, said, strict=True)],
    }


def export_participant(ctx: ServiceContext, participant_id: int) -> dict[str, Any]:
    """Everything pairdesk holds about one participant (right of access), JSON-serialisable.

    The export itself is written to the audit trail (after the lines it contains).
    """
    with ctx.transaction() as session:
        require_participant_access(ctx, session, participant_id, Permission.EXPORT_FILES)
        participant = load_participant(session, participant_id)
        data = _collect(ctx, session, participant)
        ctx.audit(session, "participant", participant_id, AuditAction.EXPORT, "privacy export")
        return {
            "format": EXPORT_FORMAT,
            "reference": participant_reference(participant_id),
            "exported_on": ctx.today().isoformat(),
            "exported_by": ctx.operator.name,
            **data,
        }


# -- erasure --------------------------------------------------------------------------------


def anonymise_participant(ctx: ServiceContext, participant_id: int, *, confirm: str) -> None:
    """Remove identity, contact, free text, CVs and the wellbeing plan; keep dated facts.

    ``confirm`` must be the participant's reference (``P0042``): a second confirmation.
    """
    with ctx.transaction() as session:
        require(ctx, Permission.ERASE)
        p = load_participant(session, participant_id)
        _check_confirmation(participant_id, confirm)
        if p.anonymised:
            raise UserError(_("This file was already anonymised."))
        pid = p.id
        label = anonymised_label(pid)
        p.first_name = label
        p.last_name = ""
        p.pseudonym = ""
        p.birth_date = None
        p.birth_year = None
        p.phone = ""
        p.email = ""
        p.address = ""
        p.city = ""
        p.rqth_status = "none"
        p.rqth_until = None
        p.followup_frequency = None
        p.followup_mode = None
        p.followup_times = ""
        p.notes = ""
        p.anonymised = True
        p.search_text = search_text(label)
        p.sort_name = sort_name(label)

        session.execute(
            update(ParticipantScheme)
            .where(ParticipantScheme.participant_id == pid)
            .values(notes="", referent_id=None)
        )
        session.execute(
            update(Consent).where(Consent.participant_id == pid).values(notes="", referent_id=None)
        )
        session.execute(
            update(Tutoring)
            .where(Tutoring.participant_id == pid)
            .values(professional_referent_id=None)
        )
        session.execute(delete(Pathway).where(Pathway.participant_id == pid))
        session.execute(delete(WellbeingPlan).where(WellbeingPlan.participant_id == pid))
        session.execute(
            update(Goal).where(Goal.participant_id == pid).values(title=_("Goal"), details="")
        )
        session.execute(
            update(PathwayEvent)
            .where(PathwayEvent.participant_id == pid)
            .values(title="", notes="")
        )
        contract_ids = select(Contract.id).where(Contract.participant_id == pid)
        session.execute(
            update(Contract)
            .where(Contract.participant_id == pid)
            .values(employer="", job_title="", end_reason="")
        )
        session.execute(
            update(RetentionCheck)
            .where(RetentionCheck.contract_id.in_(contract_ids))
            .values(notes="")
        )
        cv_ids = select(CvVersion.id).where(CvVersion.participant_id == pid)
        session.execute(delete(CvComment).where(CvComment.cv_version_id.in_(cv_ids)))
        session.execute(delete(CvVersion).where(CvVersion.participant_id == pid))
        interview_ids = select(MockInterview.id).where(MockInterview.participant_id == pid)
        session.execute(
            update(MockInterviewQuestion)
            .where(MockInterviewQuestion.mock_interview_id.in_(interview_ids))
            .values(notes="")
        )
        session.execute(
            update(MockInterview)
            .where(MockInterview.participant_id == pid)
            .values(interviewers="", target_job="", comments="")
        )
        session.execute(update(OfferShare).where(OfferShare.participant_id == pid).values(notes=""))
        session.execute(
            update(SelfAssessment).where(SelfAssessment.participant_id == pid).values(notes="")
        )
        drafts.drop_drafts_for_participant(ctx, pid)
        ctx.audit(session, "participant", pid, AuditAction.ANONYMISE)


def delete_participant(ctx: ServiceContext, participant_id: int, *, confirm: str) -> None:
    """True deletion of a participant and everything attached (coordinator only)."""
    with ctx.transaction() as session:
        require(ctx, Permission.ERASE)
        p = load_participant(session, participant_id)
        _check_confirmation(participant_id, confirm)
        pid = p.id
        cv_ids = select(CvVersion.id).where(CvVersion.participant_id == pid)
        interview_ids = select(MockInterview.id).where(MockInterview.participant_id == pid)
        assessment_ids = select(SelfAssessment.id).where(SelfAssessment.participant_id == pid)
        contract_ids = select(Contract.id).where(Contract.participant_id == pid)
        for statement in (  # what hangs from a record of the file first
            delete(CvComment).where(CvComment.cv_version_id.in_(cv_ids)),
            delete(MockInterviewQuestion).where(
                MockInterviewQuestion.mock_interview_id.in_(interview_ids)
            ),
            delete(MockInterviewScore).where(
                MockInterviewScore.mock_interview_id.in_(interview_ids)
            ),
            delete(SelfAssessmentRating).where(
                SelfAssessmentRating.self_assessment_id.in_(assessment_ids)
            ),
            delete(RetentionCheck).where(RetentionCheck.contract_id.in_(contract_ids)),
        ):
            session.execute(statement)
        for model in FILE_RECORDS.values():
            session.execute(delete(model).where(model.participant_id == pid))
        session.expire_all()
        session.execute(delete(Participant).where(Participant.id == pid))
        drafts.drop_drafts_for_participant(ctx, pid)
        ctx.audit(session, "participant", pid, AuditAction.DELETE)


# -- retention ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ReviewItem:
    """A participant without activity for longer than the retention period."""

    participant_id: int
    reference: str
    display_name: str
    status: ParticipantStatus
    last_activity_on: dt.date
    membership_end: dt.date | None


def retention_years(ctx: ServiceContext) -> int:
    """The retention period in years (vault setting ``privacy.retention_years``, default 3)."""
    with ctx.transaction() as session:
        stored = session.get(Setting, RETENTION_SETTING)
    try:
        years = int(stored.value) if stored else DEFAULT_RETENTION_YEARS
    except ValueError:
        years = DEFAULT_RETENTION_YEARS
    return years if 1 <= years <= 100 else DEFAULT_RETENTION_YEARS


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def retention_review(ctx: ServiceContext, *, years: int | None = None) -> list[ReviewItem]:
    """Participants (not anonymised) with no contact nor membership date for ``years`` years,
    oldest first: candidates for anonymisation."""
    require(ctx, Permission.ERASE)
    if years is None:
        years = retention_years(ctx)
    if isinstance(years, bool) or not isinstance(years, int) or not 1 <= years <= 100:
        raise InvalidInput(
            _("{field} must be a whole number from {low} to {high}.").format(
                field=_("Retention period"), low=1, high=100
            ),
            field="years",
        )
    cutoff = _years_before(ctx.today(), years)
    items: list[ReviewItem] = []
    with ctx.transaction() as session:
        rows = session.execute(
            select(
                Participant.id,
                Participant.first_name,
                Participant.last_name,
                Participant.status,
                Participant.membership_start,
                Participant.membership_end,
                Participant.last_contact_on,
            ).where(Participant.anonymised.is_(False))
        ).all()
    for pid, first, last, status, start, end, contact in rows:
        last_activity = max(d for d in (start, end, contact) if d is not None)
        if last_activity < cutoff:
            items.append(
                ReviewItem(
                    participant_id=pid,
                    reference=participant_reference(pid),
                    display_name=f"{first} {last}".strip(),
                    status=ParticipantStatus(status),
                    last_activity_on=last_activity,
                    membership_end=end,
                )
            )
    items.sort(key=lambda i: (i.last_activity_on, i.participant_id))
    return items

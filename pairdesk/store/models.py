"""SQLAlchemy 2 typed ORM models: one table per domain concept (see DESIGN.md glossary).

Enum columns store the ``value`` of the domain enums as short strings (``String(32)``),
validated by the services; the schema itself is created by Alembic migrations, never by
``create_all`` outside tests of the migrations themselves.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    Time,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column, relationship

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


class Versioned:
    """An editable record's edit version (migration 0008): SQLAlchemy's ``version_id_col``
    adds one at every update and refuses a flush whose row changed meanwhile; the services
    compare it with the version a form read (``services.records.require_version``), so two
    people editing one record lose nothing."""

    edit_version: Mapped[int] = mapped_column(Integer, nullable=False, server_default="1")

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return {"version_id_col": cls.edit_version}


class Association(Versioned, Base):
    """The association's profile (a single row, id 1)."""

    __tablename__ = "association"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    address: Mapped[str] = mapped_column(Text, default="")
    phone: Mapped[str] = mapped_column(String(50), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    logo_png: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    opening_days: Mapped[str] = mapped_column(String(50), default="")  # "1,2,4" ISO weekdays
    opening_hours: Mapped[str] = mapped_column(Text, default="")
    opening_days_per_year: Mapped[int | None] = mapped_column(Integer, nullable=True)
    staff_fte: Mapped[float | None] = mapped_column(Float, nullable=True)
    created_on: Mapped[dt.date] = mapped_column(Date)


class Setting(Base):
    """Vault-wide settings (thresholds, retention period…), never secrets."""

    __tablename__ = "setting"
    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class TeamMember(Versioned, Base):
    __tablename__ = "team_member"
    id: Mapped[int] = mapped_column(primary_key=True)
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(32))
    email: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(50), default="")
    pin_hash: Mapped[str | None] = mapped_column(String(200), nullable=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)


class Referent(Versioned, Base):
    """An external referent, kept in a directory and reused across participants."""

    __tablename__ = "referent"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    organisation: Mapped[str] = mapped_column(String(200), default="")
    kind: Mapped[str] = mapped_column(String(32))
    phone: Mapped[str] = mapped_column(String(50), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    search_text: Mapped[str] = mapped_column(Text, default="")


class Participant(Versioned, Base):
    __tablename__ = "participant"
    id: Mapped[int] = mapped_column(primary_key=True)
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100))
    pseudonym: Mapped[str] = mapped_column(String(100), default="")
    birth_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    birth_year: Mapped[int | None] = mapped_column(Integer, nullable=True)
    phone: Mapped[str] = mapped_column(String(50), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    address: Mapped[str] = mapped_column(Text, default="")
    city: Mapped[str] = mapped_column(String(100), default="")
    membership_start: Mapped[dt.date] = mapped_column(Date)
    membership_end: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    status: Mapped[str] = mapped_column(String(32), default="active")
    anonymised: Mapped[bool] = mapped_column(Boolean, default=False)
    is_peer_helper: Mapped[bool] = mapped_column(Boolean, default=False)
    rqth_status: Mapped[str] = mapped_column(String(32), default="none")
    rqth_until: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    #: ``EntrySituation`` when they joined (migration 0007); None: not recorded.
    entry_situation: Mapped[str | None] = mapped_column(String(32), nullable=True)
    followup_frequency: Mapped[str | None] = mapped_column(String(32), nullable=True)
    followup_mode: Mapped[str | None] = mapped_column(String(32), nullable=True)
    followup_times: Mapped[str] = mapped_column(String(200), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    last_contact_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    search_text: Mapped[str] = mapped_column(Text, default="")
    sort_name: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now, onupdate=_now)

    schemes: Mapped[list[ParticipantScheme]] = relationship(
        back_populates="participant", cascade="all, delete-orphan"
    )
    consents: Mapped[list[Consent]] = relationship(
        back_populates="participant", cascade="all, delete-orphan"
    )

    __table_args__ = (
        Index("ix_participant_sort_name", "sort_name", "id"),
        Index("ix_participant_status", "status"),
        # Both dates: the indicators count new members and members at the end from the index.
        Index("ix_participant_membership", "membership_start", "membership_end"),
        # The IPS figures count members by situation at entry from this index alone.
        Index(
            "ix_participant_entry_membership",
            "entry_situation",
            "membership_start",
            "membership_end",
        ),
    )


class ParticipantScheme(Versioned, Base):
    """A support scheme a participant is followed by, with its referent and dates."""

    __tablename__ = "participant_scheme"
    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participant.id", ondelete="CASCADE"), index=True
    )
    scheme: Mapped[str] = mapped_column(String(32))
    referent_id: Mapped[int | None] = mapped_column(
        ForeignKey("referent.id", ondelete="SET NULL"), nullable=True
    )
    started_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    ended_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    notes: Mapped[str] = mapped_column(Text, default="")
    participant: Mapped[Participant] = relationship(back_populates="schemes")


class Consent(Versioned, Base):
    __tablename__ = "consent"
    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participant.id", ondelete="CASCADE"), index=True
    )
    purpose: Mapped[str] = mapped_column(String(32))
    referent_id: Mapped[int | None] = mapped_column(
        ForeignKey("referent.id", ondelete="SET NULL"), nullable=True
    )
    given_on: Mapped[dt.date] = mapped_column(Date)
    method: Mapped[str] = mapped_column(String(32))
    withdrawn_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    notes: Mapped[str] = mapped_column(Text, default="")
    participant: Mapped[Participant] = relationship(back_populates="consents")


class Tutoring(Versioned, Base):
    """Cross tutoring: one pair-aidant and one professional follow a participant."""

    __tablename__ = "tutoring"
    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participant.id", ondelete="CASCADE"), index=True
    )
    peer_helper_id: Mapped[int | None] = mapped_column(
        ForeignKey("team_member.id", ondelete="SET NULL"), nullable=True, index=True
    )
    professional_id: Mapped[int | None] = mapped_column(
        ForeignKey("team_member.id", ondelete="SET NULL"), nullable=True
    )
    professional_referent_id: Mapped[int | None] = mapped_column(
        ForeignKey("referent.id", ondelete="SET NULL"), nullable=True
    )
    started_on: Mapped[dt.date] = mapped_column(Date)
    ended_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)


class Pathway(Versioned, Base):
    """The co-built pathway towards work (one per participant)."""

    __tablename__ = "pathway"
    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participant.id", ondelete="CASCADE"), unique=True
    )
    aspirations: Mapped[str] = mapped_column(Text, default="")
    skills: Mapped[str] = mapped_column(Text, default="")
    lived_experience_skills: Mapped[str] = mapped_column(Text, default="")
    volunteering: Mapped[str] = mapped_column(Text, default="")
    accommodations_needed: Mapped[str] = mapped_column(Text, default="")
    preferred_hours_per_week: Mapped[float | None] = mapped_column(Float, nullable=True)
    preferred_places: Mapped[str] = mapped_column(String(200), default="")


class Goal(Versioned, Base):
    __tablename__ = "goal"
    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(300))
    details: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(32), default="open")
    opened_on: Mapped[dt.date] = mapped_column(Date)
    target_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    closed_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    #: By participant, then dates: the indicators ask "a goal open during the period?" of
    #: each active participant from the index alone (services.indicators).
    __table_args__ = (
        Index("ix_goal_participant_dates", "participant_id", "opened_on", "closed_on"),
    )


class Contract(Versioned, Base):
    __tablename__ = "contract"
    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participant.id", ondelete="CASCADE"), index=True
    )
    contract_type: Mapped[str] = mapped_column(String(32))
    employer: Mapped[str] = mapped_column(String(200), default="")
    #: The directory entry (migration 0005); ``employer`` keeps the name as typed.
    employer_id: Mapped[int | None] = mapped_column(
        ForeignKey("employer.id", ondelete="SET NULL"), nullable=True, index=True
    )
    job_title: Mapped[str] = mapped_column(String(200), default="")
    hours_per_week: Mapped[float | None] = mapped_column(Float, nullable=True)
    started_on: Mapped[dt.date] = mapped_column(Date)
    planned_end_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    ended_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    end_reason: Mapped[str] = mapped_column(Text, default="")
    #: Derived, never edited: what ``domain.indicators.is_employment_access`` and
    #: ``is_durable_employment`` say of the contract, set at every write
    #: (``store.contract_rules``, migration 0016), so that the year's indicators do not apply
    #: the rules to every contract at each computation.
    employment_access: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    durable_employment: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    #: By start date, with what the indicators ask of a contract (migrations 0014 and 0016):
    #: they read the contracts of the period from the index alone, not row by row.
    __table_args__ = (
        Index(
            "ix_contract_started_on_terms",
            "started_on",
            "participant_id",
            "contract_type",
            "planned_end_on",
            "ended_on",
            "employer_id",
            "employment_access",
            "durable_employment",
        ),
        # The IPS figures read every employment contract, weekly hours included, from this
        # index alone (migration 0019).
        Index(
            "ix_contract_ips",
            "contract_type",
            "started_on",
            "participant_id",
            "hours_per_week",
            "ended_on",
            "planned_end_on",
        ),
    )


class PathwayEvent(Versioned, Base):
    """A dated step of the pathway (meeting, application, immersion, contract…)."""

    __tablename__ = "pathway_event"
    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(32))
    occurred_on: Mapped[dt.date] = mapped_column(Date, index=True)
    title: Mapped[str] = mapped_column(String(300), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    goal_id: Mapped[int | None] = mapped_column(
        ForeignKey("goal.id", ondelete="SET NULL"), nullable=True
    )
    contract_id: Mapped[int | None] = mapped_column(
        ForeignKey("contract.id", ondelete="CASCADE"), nullable=True
    )
    #: "Any activity in the period?" asked per participant from the index alone (indicators).
    __table_args__ = (Index("ix_pathway_event_participant_date", "participant_id", "occurred_on"),)


class RetentionCheck(Versioned, Base):
    """Job retention checked 1, 3, 6, 12 or 18 months after a contract start."""

    __tablename__ = "retention_check"
    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(
        ForeignKey("contract.id", ondelete="CASCADE"), index=True
    )
    months: Mapped[int] = mapped_column(Integer)
    checked_on: Mapped[dt.date] = mapped_column(Date)
    employed: Mapped[bool] = mapped_column(Boolean)
    notes: Mapped[str] = mapped_column(Text, default="")
    #: The indicators read the checks at some milestones only, from this index alone
    #: (migration 0018), not every check's row with its notes.
    __table_args__ = (
        UniqueConstraint("contract_id", "months"),
        Index("ix_retention_check_milestones", "months", "contract_id", "employed"),
    )


class WellbeingPlan(Versioned, Base):
    """Wellbeing and relapse-prevention plan: private, shown only on request."""

    __tablename__ = "wellbeing_plan"
    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participant.id", ondelete="CASCADE"), unique=True
    )
    triggers: Mapped[str] = mapped_column(Text, default="")
    warning_signs: Mapped[str] = mapped_column(Text, default="")
    what_helps: Mapped[str] = mapped_column(Text, default="")
    who_to_call: Mapped[str] = mapped_column(Text, default="")
    updated_on: Mapped[dt.date] = mapped_column(Date)


class Workshop(Versioned, Base):
    __tablename__ = "workshop"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(String(300), default="")
    held_on: Mapped[dt.date] = mapped_column(Date, index=True)
    starts_at: Mapped[dt.time] = mapped_column(Time)
    ends_at: Mapped[dt.time] = mapped_column(Time)
    place: Mapped[str] = mapped_column(String(200), default="")
    capacity: Mapped[int | None] = mapped_column(Integer, nullable=True)
    cancelled: Mapped[bool] = mapped_column(Boolean, default=False)
    notes: Mapped[str] = mapped_column(Text, default="")
    #: People counted at the door without a file (no name kept): migration 0004.
    visitors: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    #: An awareness session held in a company: where, and how many employees it reached
    #: (migration 0005).
    employer_id: Mapped[int | None] = mapped_column(
        ForeignKey("employer.id", ondelete="SET NULL"), nullable=True, index=True
    )
    employees_reached: Mapped[int | None] = mapped_column(Integer, nullable=True)
    facilitators: Mapped[list[TeamMember]] = relationship(secondary="workshop_facilitator")


class WorkshopFacilitator(Base):
    __tablename__ = "workshop_facilitator"
    workshop_id: Mapped[int] = mapped_column(
        ForeignKey("workshop.id", ondelete="CASCADE"), primary_key=True
    )
    team_member_id: Mapped[int] = mapped_column(
        ForeignKey("team_member.id", ondelete="CASCADE"), primary_key=True
    )


class Registration(Base):
    """A participant registered at a workshop, then their attendance and satisfaction."""

    __tablename__ = "registration"
    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(
        ForeignKey("workshop.id", ondelete="CASCADE"), index=True
    )
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participant.id", ondelete="CASCADE"), index=True
    )
    attendance: Mapped[str | None] = mapped_column(String(32), nullable=True)
    satisfaction: Mapped[int | None] = mapped_column(Integer, nullable=True)
    walk_in: Mapped[bool] = mapped_column(Boolean, default=False)
    registered_on: Mapped[dt.date] = mapped_column(Date)
    __table_args__ = (UniqueConstraint("workshop_id", "participant_id"),)


class CvVersion(Versioned, Base):
    """A dated version of a participant's CV; sections are plain text."""

    __tablename__ = "cv_version"
    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participant.id", ondelete="CASCADE"), index=True
    )
    created_on: Mapped[dt.date] = mapped_column(Date)
    label: Mapped[str] = mapped_column(String(200), default="")
    headline: Mapped[str] = mapped_column(Text, default="")
    experience: Mapped[str] = mapped_column(Text, default="")
    skills: Mapped[str] = mapped_column(Text, default="")
    training: Mapped[str] = mapped_column(Text, default="")
    languages: Mapped[str] = mapped_column(Text, default="")
    interests: Mapped[str] = mapped_column(Text, default="")
    workshop_id: Mapped[int | None] = mapped_column(
        ForeignKey("workshop.id", ondelete="SET NULL"), nullable=True
    )


class CvComment(Base):
    """A peer comment on a CV version, optionally on one section."""

    __tablename__ = "cv_comment"
    id: Mapped[int] = mapped_column(primary_key=True)
    cv_version_id: Mapped[int] = mapped_column(
        ForeignKey("cv_version.id", ondelete="CASCADE"), index=True
    )
    section: Mapped[str | None] = mapped_column(String(32), nullable=True)
    author_name: Mapped[str] = mapped_column(String(200))
    comment: Mapped[str] = mapped_column(Text)
    created_on: Mapped[dt.date] = mapped_column(Date)


class InterviewQuestion(Versioned, Base):
    __tablename__ = "interview_question"
    id: Mapped[int] = mapped_column(primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    category: Mapped[str] = mapped_column(String(32))
    advice: Mapped[str] = mapped_column(Text, default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    builtin_key: Mapped[str | None] = mapped_column(String(64), nullable=True, unique=True)


class MockInterview(Versioned, Base):
    __tablename__ = "mock_interview"
    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id", ondelete="CASCADE"))
    workshop_id: Mapped[int | None] = mapped_column(
        ForeignKey("workshop.id", ondelete="SET NULL"), nullable=True
    )
    held_on: Mapped[dt.date] = mapped_column(Date, index=True)
    interviewers: Mapped[str] = mapped_column(String(300), default="")
    target_job: Mapped[str] = mapped_column(String(200), default="")
    comments: Mapped[str] = mapped_column(Text, default="")
    questions: Mapped[list[MockInterviewQuestion]] = relationship(
        cascade="all, delete-orphan", order_by="MockInterviewQuestion.position"
    )
    scores: Mapped[list[MockInterviewScore]] = relationship(cascade="all, delete-orphan")
    __table_args__ = (Index("ix_mock_interview_participant_date", "participant_id", "held_on"),)


class MockInterviewQuestion(Base):
    __tablename__ = "mock_interview_question"
    id: Mapped[int] = mapped_column(primary_key=True)
    mock_interview_id: Mapped[int] = mapped_column(
        ForeignKey("mock_interview.id", ondelete="CASCADE"), index=True
    )
    question_id: Mapped[int | None] = mapped_column(
        ForeignKey("interview_question.id", ondelete="SET NULL"), nullable=True
    )
    question_text: Mapped[str] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer)
    notes: Mapped[str] = mapped_column(Text, default="")


class MockInterviewScore(Base):
    __tablename__ = "mock_interview_score"
    id: Mapped[int] = mapped_column(primary_key=True)
    mock_interview_id: Mapped[int] = mapped_column(
        ForeignKey("mock_interview.id", ondelete="CASCADE"), index=True
    )
    criterion: Mapped[str] = mapped_column(String(32))
    score: Mapped[int] = mapped_column(Integer)
    __table_args__ = (UniqueConstraint("mock_interview_id", "criterion"),)


class JobOffer(Versioned, Base):
    __tablename__ = "job_offer"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    employer: Mapped[str] = mapped_column(String(200), default="")
    #: The directory entry (migration 0005); ``employer`` keeps the name as typed.
    employer_id: Mapped[int | None] = mapped_column(
        ForeignKey("employer.id", ondelete="SET NULL"), nullable=True, index=True
    )
    place: Mapped[str] = mapped_column(String(200), default="")
    contract_type: Mapped[str] = mapped_column(String(32))
    hours_per_week: Mapped[float | None] = mapped_column(Float, nullable=True)
    remote: Mapped[str] = mapped_column(String(32), default="none")
    accommodations: Mapped[str] = mapped_column(Text, default="")
    employer_open_to_disability: Mapped[bool] = mapped_column(Boolean, default=False)
    source: Mapped[str] = mapped_column(String(200), default="")
    closing_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True, index=True)
    contact: Mapped[str] = mapped_column(String(300), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    created_on: Mapped[dt.date] = mapped_column(Date)
    archived: Mapped[bool] = mapped_column(Boolean, default=False)
    search_text: Mapped[str] = mapped_column(Text, default="")


class OfferShare(Base):
    """An offer shared with a participant, and what came of it."""

    __tablename__ = "offer_share"
    id: Mapped[int] = mapped_column(primary_key=True)
    offer_id: Mapped[int] = mapped_column(
        ForeignKey("job_offer.id", ondelete="CASCADE"), index=True
    )
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id", ondelete="CASCADE"))
    workshop_id: Mapped[int | None] = mapped_column(
        ForeignKey("workshop.id", ondelete="SET NULL"), nullable=True
    )
    shared_on: Mapped[dt.date] = mapped_column(Date, index=True)
    outcome: Mapped[str] = mapped_column(String(32), default="shared")
    outcome_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    notes: Mapped[str] = mapped_column(Text, default="")
    __table_args__ = (
        UniqueConstraint("offer_id", "participant_id"),
        Index("ix_offer_share_participant_date", "participant_id", "shared_on"),
    )


class SelfAssessment(Versioned, Base):
    __tablename__ = "self_assessment"
    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id", ondelete="CASCADE"))
    assessed_on: Mapped[dt.date] = mapped_column(Date, index=True)
    notes: Mapped[str] = mapped_column(Text, default="")
    ratings: Mapped[list[SelfAssessmentRating]] = relationship(cascade="all, delete-orphan")
    #: Each participant's assessments in date order straight from the index: the indicators
    #: pair the first with the latest without sorting (services.indicators).
    __table_args__ = (
        Index("ix_self_assessment_participant_date", "participant_id", "assessed_on"),
    )


class SelfAssessmentRating(Base):
    __tablename__ = "self_assessment_rating"
    id: Mapped[int] = mapped_column(primary_key=True)
    self_assessment_id: Mapped[int] = mapped_column(
        ForeignKey("self_assessment.id", ondelete="CASCADE"), index=True
    )
    domain: Mapped[str] = mapped_column(String(32))
    rating: Mapped[int] = mapped_column(Integer)
    __table_args__ = (UniqueConstraint("self_assessment_id", "domain"),)


class AssessmentProgressRow(Base):
    """Derived, never edited: each self-assessment's change since its person's earliest one,
    and the date of their next one (``domain.indicators.AssessmentProgress``), rewritten
    for the person at every write of their assessments or ratings
    (``services.assessment_progress``, migration 0014). The year's indicators read one row
    per assessment here instead of pairing each person's assessments and their ratings."""

    __tablename__ = "assessment_progress"
    self_assessment_id: Mapped[int] = mapped_column(
        ForeignKey("self_assessment.id", ondelete="CASCADE"), primary_key=True
    )
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participant.id", ondelete="CASCADE"), index=True
    )
    assessed_on: Mapped[dt.date] = mapped_column(Date)
    next_on: Mapped[dt.date | None] = mapped_column(Date)
    rated: Mapped[int] = mapped_column(Integer)
    total: Mapped[int] = mapped_column(Integer)
    confidence: Mapped[int | None] = mapped_column(Integer)
    job_search: Mapped[int | None] = mapped_column(Integer)
    work_readiness: Mapped[int | None] = mapped_column(Integer)
    stress: Mapped[int | None] = mapped_column(Integer)
    social_support: Mapped[int | None] = mapped_column(Integer)
    autonomy: Mapped[int | None] = mapped_column(Integer)
    #: What the indicators sum, for the rows that count (``rated > 0``), by number of domains
    #: rated (migration 0017): the period's changes are read from the index alone, grouped
    #: as they come, instead of the table sorted (about 3x less time at 50,000 people).
    __table_args__ = (
        Index(
            "ix_assessment_progress_totals",
            "rated",
            "next_on",
            "assessed_on",
            "total",
            "confidence",
            "job_search",
            "work_readiness",
            "stress",
            "social_support",
            "autonomy",
            sqlite_where=text("rated > 0"),
            postgresql_where=text("rated > 0"),
        ),
    )


class ActivityYearRow(Base):
    """Derived, never edited: the days of one calendar year a participant was active, as
    bits (``domain.activity_days``; migration 0015), rewritten for the person at every
    write of a record that makes them active (``store.activity_years``). The year's
    indicators read one row per person and year here instead of every pathway event,
    self-assessment, mock interview, offer share and attendance of the period."""

    __tablename__ = "activity_year"
    #: The year first: the period's participants of one year are one range, in id order.
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participant.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    w0: Mapped[int] = mapped_column(BigInteger)
    w1: Mapped[int] = mapped_column(BigInteger)
    w2: Mapped[int] = mapped_column(BigInteger)
    w3: Mapped[int] = mapped_column(BigInteger)
    w4: Mapped[int] = mapped_column(BigInteger)
    w5: Mapped[int] = mapped_column(BigInteger)
    __table_args__ = {"sqlite_with_rowid": False}


class SupervisionSession(Versioned, Base):
    """Supervision / practice analysis for pair-aidants: no participant field required."""

    __tablename__ = "supervision_session"
    id: Mapped[int] = mapped_column(primary_key=True)
    held_on: Mapped[dt.date] = mapped_column(Date)
    attendees: Mapped[str] = mapped_column(Text, default="")
    themes: Mapped[str] = mapped_column(Text, default="")
    follow_ups: Mapped[str] = mapped_column(Text, default="")


class AuditEntry(Base):
    """Who did what to which record, written in the same transaction as the change."""

    __tablename__ = "audit_entry"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now, index=True)
    operator_id: Mapped[int | None] = mapped_column(
        ForeignKey("team_member.id", ondelete="SET NULL"), nullable=True
    )
    operator_name: Mapped[str] = mapped_column(String(200), default="")
    entity: Mapped[str] = mapped_column(String(50))
    entity_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    action: Mapped[str] = mapped_column(String(32))
    detail: Mapped[str] = mapped_column(Text, default="")


class Draft(Base):
    """A form being edited when the vault locked, kept encrypted until offered back."""

    __tablename__ = "draft"
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)
    view: Mapped[str] = mapped_column(String(100))
    payload_json: Mapped[str] = mapped_column(Text)
    saved_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    operator_id: Mapped[int | None] = mapped_column(
        ForeignKey("team_member.id", ondelete="SET NULL"), nullable=True
    )


# --------------------------------------------------------------------------- employers
# The employer directory (issue 15, migration 0005).


class Employer(Versioned, Base):
    """A company or organisation that hires, or may hire, the people the GEM supports."""

    __tablename__ = "employer"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    sort_name: Mapped[str] = mapped_column(String(200), default="")
    sector: Mapped[str] = mapped_column(String(200), default="")
    town: Mapped[str] = mapped_column(String(100), default="")
    size: Mapped[str] = mapped_column(String(32), default="unknown")
    kind: Mapped[str] = mapped_column(String(32), default="ordinary")
    open_to_mental_health: Mapped[bool] = mapped_column(Boolean, default=False)
    notes: Mapped[str] = mapped_column(Text, default="")
    next_step: Mapped[str] = mapped_column(Text, default="")
    next_step_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_on: Mapped[dt.date] = mapped_column(Date)
    search_text: Mapped[str] = mapped_column(Text, default="")
    __table_args__ = (Index("ix_employer_sort_name", "sort_name", "id"),)


class EmployerContact(Versioned, Base):
    __tablename__ = "employer_contact"
    id: Mapped[int] = mapped_column(primary_key=True)
    employer_id: Mapped[int] = mapped_column(
        ForeignKey("employer.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(50), default="")
    email: Mapped[str] = mapped_column(String(200), default="")


class EmployerInteraction(Versioned, Base):
    """A contact with an employer: a visit, a call, an awareness session, a follow-up."""

    __tablename__ = "employer_interaction"
    id: Mapped[int] = mapped_column(primary_key=True)
    employer_id: Mapped[int] = mapped_column(
        ForeignKey("employer.id", ondelete="CASCADE"), index=True
    )
    occurred_on: Mapped[dt.date] = mapped_column(Date, index=True)
    member_id: Mapped[int | None] = mapped_column(
        ForeignKey("team_member.id", ondelete="SET NULL"), nullable=True
    )
    kind: Mapped[str] = mapped_column(String(32))
    text: Mapped[str] = mapped_column(Text, default="")
    #: The person it was about, if any; erased with their file.
    participant_id: Mapped[int | None] = mapped_column(
        ForeignKey("participant.id", ondelete="CASCADE"), nullable=True, index=True
    )


class Accommodation(Versioned, Base):
    """An accommodation agreed on a contract, in work terms, and whether it worked."""

    __tablename__ = "accommodation"
    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(
        ForeignKey("contract.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(32))
    details: Mapped[str] = mapped_column(Text, default="")
    agreed_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    outcome: Mapped[str] = mapped_column(String(32), default="unknown")


class DisclosureChoice(Versioned, Base):
    """What the person chose to tell the employer, on a contract or an offer share. Each
    change is a new row: the latest (by date, then id) is the choice in force."""

    __tablename__ = "disclosure_choice"
    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int | None] = mapped_column(
        ForeignKey("contract.id", ondelete="CASCADE"), nullable=True, index=True
    )
    offer_share_id: Mapped[int | None] = mapped_column(
        ForeignKey("offer_share.id", ondelete="CASCADE"), nullable=True, index=True
    )
    choice: Mapped[str] = mapped_column(String(32))
    chosen_on: Mapped[dt.date] = mapped_column(Date)
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)


class EmployerToConfirm(Base):
    """A typed employer name the migration could not link by itself, for a person to
    resolve (``entity`` "job_offer" or "contract", ``record_id`` its row)."""

    __tablename__ = "employer_to_confirm"
    id: Mapped[int] = mapped_column(primary_key=True)
    entity: Mapped[str] = mapped_column(String(32))
    record_id: Mapped[int] = mapped_column(Integer)
    typed_name: Mapped[str] = mapped_column(String(200), default="")
    reason: Mapped[str] = mapped_column(String(32))
    details: Mapped[str] = mapped_column(Text, default="")
    resolved_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)


# -- the GEM's year: attendance register, closures, the year's form (migration 0006) -------


class RegisterPerson(Versioned, Base):
    """Someone counted at the GEM's door without a participant file: a name or pseudonym,
    member or visitor, since when. No health data, no file: most members of a GEM are not
    in an employment pathway, and counting them must not put them into one."""

    __tablename__ = "register_person"
    id: Mapped[int] = mapped_column(primary_key=True)
    display_name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(32))  # "member" | "visitor"
    member_since: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    member_until: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    search_text: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)


class DayPresence(Base):
    """One person present at the GEM on one day: a register person or a participant."""

    __tablename__ = "day_presence"
    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[dt.date] = mapped_column(Date)
    register_person_id: Mapped[int | None] = mapped_column(
        ForeignKey("register_person.id", ondelete="CASCADE"), nullable=True
    )
    participant_id: Mapped[int | None] = mapped_column(
        ForeignKey("participant.id", ondelete="CASCADE"), nullable=True
    )

    __table_args__ = (
        Index("ix_day_presence_day", "day"),
        UniqueConstraint("day", "register_person_id", name="uq_day_presence_day_person"),
        UniqueConstraint("day", "participant_id", name="uq_day_presence_day_participant"),
    )


class RegisterDay(Base):
    """What a day holds beyond named presences: visitors counted without a name."""

    __tablename__ = "register_day"
    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    anonymous_visitors: Mapped[int] = mapped_column(Integer, default=0)


class ClosureDay(Base):
    """A day the GEM is closed although it is one of its opening weekdays."""

    __tablename__ = "closure_day"
    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    reason: Mapped[str] = mapped_column(String(200), default="")


class AssociationYear(Versioned, Base):
    """What the annual activity report needs and pairdesk cannot compute, typed once a
    year. ``staff_json`` is a JSON list of ``{"function", "qualification", "fte"}``."""

    __tablename__ = "association_year"
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    members_at_year_end: Mapped[int | None] = mapped_column(Integer, nullable=True)
    new_members: Mapped[int | None] = mapped_column(Integer, nullable=True)
    staff_json: Mapped[str] = mapped_column(Text, default="[]")
    volunteers: Mapped[int | None] = mapped_column(Integer, nullable=True)
    volunteer_functions: Mapped[str] = mapped_column(Text, default="")
    bureau_members: Mapped[int | None] = mapped_column(Integer, nullable=True)
    bureau_members_from_gem: Mapped[int | None] = mapped_column(Integer, nullable=True)
    sponsor: Mapped[str] = mapped_column(String(200), default="")
    sponsor_agreement_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    managing_body: Mapped[str] = mapped_column(String(200), default="")
    management_agreement_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    premises: Mapped[str] = mapped_column(Text, default="")
    partnerships: Mapped[str] = mapped_column(Text, default="")
    activities_held: Mapped[str] = mapped_column(Text, default="")
    activities_planned: Mapped[str] = mapped_column(Text, default="")
    highlights: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now, onupdate=_now)

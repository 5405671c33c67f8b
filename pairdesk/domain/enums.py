"""The closed vocabularies of pairdesk, each with a translatable label.

Values are stored in the vault as their ``value`` strings: never rename a value without
a migration. ``label`` is translated when called.
"""

from __future__ import annotations

from enum import StrEnum

from pairdesk.i18n import N_, _


class LabelledEnum(StrEnum):
    """A string enum whose members know their translated label."""

    @property
    def label(self) -> str:
        return _(self.source_label)

    @property
    def source_label(self) -> str:
        """The label in English, untranslated (the catalogue's source string): the
        importer recognises it whatever the interface language."""
        return _LABELS[type(self).__name__][self.value]

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        return [(m.value, m.label) for m in cls]


class Role(LabelledEnum):
    COORDINATOR = "coordinator"
    FACILITATOR = "facilitator"
    PEER_HELPER = "peer_helper"
    VOLUNTEER = "volunteer"


class ParticipantStatus(LabelledEnum):
    ACTIVE = "active"
    PAUSED = "paused"
    LEFT = "left"


class RqthStatus(LabelledEnum):
    NONE = "none"
    PENDING = "pending"
    GRANTED = "granted"
    EXPIRED = "expired"


class EntrySituation(LabelledEnum):
    """Where a participant stood towards work when they joined (the supported-employment
    indicators count the employment rate among those out of work)."""

    OUT_OF_WORK = "out_of_work"
    IN_WORK = "in_work"
    SHELTERED_WORK = "sheltered_work"
    IN_TRAINING = "in_training"
    OTHER = "other"


class Scheme(LabelledEnum):
    FRANCE_TRAVAIL = "france_travail"
    CAP_EMPLOI = "cap_emploi"
    DEA = "dea"
    ESAT = "esat"
    ENTREPRISE_ADAPTEE = "entreprise_adaptee"
    MISSION_LOCALE = "mission_locale"
    OTHER = "other"


class ReferentKind(LabelledEnum):
    FRANCE_TRAVAIL = "france_travail"
    CAP_EMPLOI = "cap_emploi"
    DEA = "dea"
    MISSION_LOCALE = "mission_locale"
    ESAT_EA = "esat_ea"
    HEALTH = "health"
    SOCIAL = "social"
    OTHER = "other"


class ConsentPurpose(LabelledEnum):
    KEEP_FILE = "keep_file"
    SHARE_WITH_REFERENT = "share_with_referent"
    PHOTOS = "photos"
    COLLECTIVE_DOCUMENTS = "collective_documents"


class ConsentMethod(LabelledEnum):
    ORAL = "oral"
    WRITTEN = "written"
    SIGNED_FORM = "signed_form"
    EMAIL = "email"


class FollowUpMode(LabelledEnum):
    IN_PERSON = "in_person"
    PHONE = "phone"
    VIDEO = "video"


class FollowUpFrequency(LabelledEnum):
    WEEKLY = "weekly"
    FORTNIGHTLY = "fortnightly"
    MONTHLY = "monthly"
    ON_REQUEST = "on_request"


class GoalStatus(LabelledEnum):
    OPEN = "open"
    REACHED = "reached"
    ABANDONED = "abandoned"


class EventKind(LabelledEnum):
    MEETING = "meeting"
    WORKSHOP = "workshop"
    APPLICATION = "application"
    INTERVIEW = "interview"
    IMMERSION = "immersion"
    TRAINING = "training"
    CONTRACT_SIGNED = "contract_signed"
    CONTRACT_ENDED = "contract_ended"
    OTHER = "other"


class ContractType(LabelledEnum):
    CDI = "cdi"
    CDD = "cdd"
    INTERIM = "interim"
    CONTRAT_AIDE = "contrat_aide"
    ESAT = "esat"
    ENTREPRISE_ADAPTEE = "entreprise_adaptee"


class WorkshopKind(LabelledEnum):
    CV = "cv"
    INTERVIEW = "interview"
    OFFER_SHARING = "offer_sharing"
    INFORMATION = "information"
    #: In a company: anti-stigma awareness, with the number of employees reached.
    AWARENESS = "awareness"
    #: With employment counsellors (France Travail, Cap Emploi, Mission Locale).
    CROSS_TRAINING = "cross_training"
    OTHER = "other"


class Attendance(LabelledEnum):
    PRESENT = "present"
    ABSENT = "absent"
    EXCUSED = "excused"


class CvSection(LabelledEnum):
    HEADLINE = "headline"
    EXPERIENCE = "experience"
    SKILLS = "skills"
    TRAINING = "training"
    LANGUAGES = "languages"
    INTERESTS = "interests"


class InterviewCriterion(LabelledEnum):
    PRESENTATION = "presentation"
    CLARITY = "clarity"
    EXAMPLES = "examples"
    MOTIVATION = "motivation"
    BODY_LANGUAGE = "body_language"
    STRESS = "stress"
    PATHWAY_TALK = "pathway_talk"


class QuestionCategory(LabelledEnum):
    CLASSIC = "classic"
    MOTIVATION = "motivation"
    PATHWAY_GAP = "pathway_gap"
    DISCLOSURE = "disclosure"
    SITUATION = "situation"
    OTHER = "other"


class RemoteWork(LabelledEnum):
    NONE = "none"
    PARTIAL = "partial"
    FULL = "full"


class ShareOutcome(LabelledEnum):
    SHARED = "shared"
    INTERESTED = "interested"
    APPLIED = "applied"
    INTERVIEW = "interview"
    HIRED = "hired"
    DECLINED = "declined"


class AssessmentDomain(LabelledEnum):
    CONFIDENCE = "confidence"
    JOB_SEARCH = "job_search"
    WORK_READINESS = "work_readiness"
    STRESS = "stress"
    SOCIAL_SUPPORT = "social_support"
    AUTONOMY = "autonomy"


class AuditAction(LabelledEnum):
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"
    ANONYMISE = "anonymise"
    VIEW = "view"
    PRINT = "print"
    EXPORT = "export"
    LOGIN = "login"
    BACKUP = "backup"


class RowStatus(LabelledEnum):
    """What an import does with one row of a spreadsheet."""

    VALID = "valid"
    INVALID = "invalid"
    DUPLICATE = "duplicate"


class DuplicateDecision(LabelledEnum):
    """What the person chose for a row that looks like a record already there."""

    SKIP = "skip"
    IMPORT = "import"
    MERGE = "merge"


#: The referent directory's kind for a referent named on a scheme (None: no usual kind).
REFERENT_KIND_OF_SCHEME: dict[Scheme, ReferentKind] = {
    Scheme.FRANCE_TRAVAIL: ReferentKind.FRANCE_TRAVAIL,
    Scheme.CAP_EMPLOI: ReferentKind.CAP_EMPLOI,
    Scheme.DEA: ReferentKind.DEA,
    Scheme.MISSION_LOCALE: ReferentKind.MISSION_LOCALE,
    Scheme.ESAT: ReferentKind.ESAT_EA,
    Scheme.ENTREPRISE_ADAPTEE: ReferentKind.ESAT_EA,
}


_LABELS: dict[str, dict[str, str]] = {
    "RowStatus": {
        "valid": N_("Ready"),
        "invalid": N_("Cannot be imported"),
        "duplicate": N_("Likely duplicate"),
    },
    "DuplicateDecision": {
        "skip": N_("Skipped"),
        "import": N_("Imported as a new record"),
        "merge": N_("Merged into the existing record"),
    },
    "Role": {
        "coordinator": N_("Coordinator"),
        "facilitator": N_("Facilitator"),
        "peer_helper": N_("Peer helper"),
        "volunteer": N_("Volunteer"),
    },
    "ParticipantStatus": {
        "active": N_("Active"),
        "paused": N_("Paused"),
        "left": N_("Left"),
    },
    "EntrySituation": {
        "out_of_work": N_("Out of work"),
        "in_work": N_("In work"),
        "sheltered_work": N_("In sheltered work (ESAT)"),
        "in_training": N_("In training or studying"),
        "other": N_("Other"),
    },
    "RqthStatus": {
        "none": N_("No RQTH"),
        "pending": N_("RQTH applied for"),
        "granted": N_("RQTH granted"),
        "expired": N_("RQTH expired"),
    },
    "Scheme": {
        "france_travail": N_("France Travail"),
        "cap_emploi": N_("Cap Emploi"),
        "dea": N_("Supported employment (DEA)"),
        "esat": N_("ESAT"),
        "entreprise_adaptee": N_("Adapted company (EA)"),
        "mission_locale": N_("Mission Locale"),
        "other": N_("Other scheme"),
    },
    "ReferentKind": {
        "france_travail": N_("France Travail"),
        "cap_emploi": N_("Cap Emploi"),
        "dea": N_("Supported employment (DEA)"),
        "mission_locale": N_("Mission Locale"),
        "esat_ea": N_("ESAT or adapted company"),
        "health": N_("Health"),
        "social": N_("Social services"),
        "other": N_("Other"),
    },
    "ConsentPurpose": {
        "keep_file": N_("Keeping a file"),
        "share_with_referent": N_("Sharing with a referent"),
        "photos": N_("Photos"),
        "collective_documents": N_("Name on collective documents"),
    },
    "ConsentMethod": {
        "oral": N_("Oral"),
        "written": N_("Written"),
        "signed_form": N_("Signed form"),
        "email": N_("Email"),
    },
    "FollowUpMode": {
        "in_person": N_("In person"),
        "phone": N_("Phone"),
        "video": N_("Video call"),
    },
    "FollowUpFrequency": {
        "weekly": N_("Every week"),
        "fortnightly": N_("Every two weeks"),
        "monthly": N_("Every month"),
        "on_request": N_("When the person asks"),
    },
    "GoalStatus": {
        "open": N_("In progress"),
        "reached": N_("Reached"),
        "abandoned": N_("Set aside"),
    },
    "EventKind": {
        "meeting": N_("Meeting"),
        "workshop": N_("Workshop"),
        "application": N_("Application"),
        "interview": N_("Job interview"),
        "immersion": N_("Work immersion (PMSMP)"),
        "training": N_("Training"),
        "contract_signed": N_("Contract signed"),
        "contract_ended": N_("Contract ended"),
        "other": N_("Other"),
    },
    "ContractType": {
        "cdi": N_("Permanent contract (CDI)"),
        "cdd": N_("Fixed-term contract (CDD)"),
        "interim": N_("Temporary work (interim)"),
        "contrat_aide": N_("Subsidised contract (contrat aidé)"),
        "esat": N_("ESAT"),
        "entreprise_adaptee": N_("Adapted company (EA)"),
    },
    "WorkshopKind": {
        "cv": N_("Peer CV workshop"),
        "interview": N_("Interview coaching"),
        "offer_sharing": N_("Job-offer sharing"),
        "information": N_("Information session"),
        "awareness": N_("Awareness session in a company"),
        "cross_training": N_("Cross-training with employment counsellors"),
        "other": N_("Other workshop"),
    },
    "Attendance": {
        "present": N_("Present"),
        "absent": N_("Absent"),
        "excused": N_("Excused"),
    },
    "CvSection": {
        "headline": N_("Headline"),
        "experience": N_("Experience"),
        "skills": N_("Skills"),
        "training": N_("Training"),
        "languages": N_("Languages"),
        "interests": N_("Interests"),
    },
    "InterviewCriterion": {
        "presentation": N_("Introducing oneself"),
        "clarity": N_("Clear answers"),
        "examples": N_("Concrete examples"),
        "motivation": N_("Motivation"),
        "body_language": N_("Posture and eye contact"),
        "stress": N_("Handling stress"),
        "pathway_talk": N_("Talking about one's pathway"),
    },
    "QuestionCategory": {
        "classic": N_("Classic"),
        "motivation": N_("Motivation"),
        "pathway_gap": N_("Gaps in the CV"),
        "disclosure": N_("Disability and disclosure"),
        "situation": N_("Situations"),
        "other": N_("Other"),
    },
    "RemoteWork": {
        "none": N_("On site"),
        "partial": N_("Partly remote"),
        "full": N_("Fully remote"),
    },
    "ShareOutcome": {
        "shared": N_("Shared"),
        "interested": N_("Interested"),
        "applied": N_("Applied"),
        "interview": N_("Interview"),
        "hired": N_("Hired"),
        "declined": N_("Declined"),
    },
    "AssessmentDomain": {
        "confidence": N_("Confidence"),
        "job_search": N_("Job-search skills"),
        "work_readiness": N_("Readiness for work"),
        "stress": N_("Managing stress"),
        "social_support": N_("Social support"),
        "autonomy": N_("Autonomy in daily steps"),
    },
    "AuditAction": {
        "create": N_("Created"),
        "update": N_("Changed"),
        "delete": N_("Deleted"),
        "anonymise": N_("Anonymised"),
        "view": N_("Viewed"),
        "print": N_("Printed"),
        "export": N_("Exported"),
        "login": N_("Signed in"),
        "backup": N_("Backed up"),
    },
}

EMPLOYMENT_CONTRACTS = frozenset(
    {
        ContractType.CDI,
        ContractType.CDD,
        ContractType.INTERIM,
        ContractType.CONTRAT_AIDE,
        ContractType.ENTREPRISE_ADAPTEE,
    }
)
RETENTION_MONTHS = (1, 3, 6, 12, 18)

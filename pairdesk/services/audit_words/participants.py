"""The audit trail in words, for a participant's file: identity and status, consents, support
schemes, contracts and job retention, the pathway (goals, steps), the wellbeing plan,
tutoring, self-assessments."""

from __future__ import annotations

from pairdesk.domain.enums import AuditAction, ConsentPurpose, GoalStatus, ParticipantStatus, Scheme
from pairdesk.i18n import N_
from pairdesk.services.audit_words.employers import disclosure, linked
from pairdesk.services.audit_words.wording import (
    CHANGED,
    CREATED,
    DELETED,
    ENDED,
    RECORDED,
    VIEWED,
    Wording,
    by_detail,
    enum_sentence,
    say,
)

A = AuditAction


WORDINGS: dict[tuple[str, AuditAction], Wording] = {
    ("participant", A.CREATE): CREATED,
    ("participant", A.UPDATE): by_detail(
        CHANGED,
        status=enum_sentence(
            N_("{who} set the status of {person} to “{value}”"), "status", ParticipantStatus
        ),
    ),
    ("participant", A.ANONYMISE): say(N_("{who} anonymised the file no. {id}")),
    ("participant", A.DELETE): say(N_("{who} erased the file no. {id} and everything in it")),
    ("participant", A.EXPORT): say(
        N_("{who} exported the whole file {of_person} (right of access)")
    ),
    ("consent", A.CREATE): enum_sentence(
        N_("{who} recorded a consent {of_person} ({value})"), "purpose", ConsentPurpose
    ),
    ("consent", A.UPDATE): by_detail(
        CHANGED, withdrawn=say(N_("{who} recorded the withdrawal of a consent {of_person}"))
    ),
    ("participant_scheme", A.CREATE): enum_sentence(
        N_("{who} added the support scheme {value} to the file {of_person}"), "scheme", Scheme
    ),
    ("participant_scheme", A.UPDATE): by_detail(CHANGED, ended=ENDED),
    ("participant_scheme", A.DELETE): DELETED,
    ("contract", A.CREATE): RECORDED,
    ("contract", A.UPDATE): by_detail(
        CHANGED,
        ended=ENDED,
        employer=linked,
        employer_None=linked,
        disclosure=disclosure(
            N_("{who} recorded the disclosure choice {of_person} towards {employer}: {value}")
        ),
    ),
    ("contract", A.DELETE): DELETED,
    ("retention_check", A.CREATE): RECORDED,
    ("retention_check", A.UPDATE): CHANGED,
    ("pathway", A.CREATE): CREATED,
    ("pathway", A.UPDATE): CHANGED,
    ("goal", A.CREATE): say(N_("{who} set {thing}")),
    ("goal", A.UPDATE): by_detail(
        CHANGED,
        status=enum_sentence(N_("{who} marked {thing} as “{value}”"), "status", GoalStatus),
    ),
    ("pathway_event", A.CREATE): say(N_("{who} added {thing}")),
    ("pathway_event", A.UPDATE): CHANGED,
    ("pathway_event", A.DELETE): DELETED,
    ("wellbeing_plan", A.VIEW): VIEWED,
    ("wellbeing_plan", A.CREATE): say(N_("{who} wrote {thing}")),
    ("wellbeing_plan", A.UPDATE): CHANGED,
    ("tutoring", A.CREATE): say(N_("{who} started {thing}")),
    ("tutoring", A.UPDATE): by_detail(CHANGED, ended=ENDED),
    ("self_assessment", A.CREATE): RECORDED,
    ("self_assessment", A.DELETE): DELETED,
}

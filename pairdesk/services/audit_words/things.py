"""What each kind of record reads as in a sentence: found, deleted since, and on the very
line that deleted it (by its number, without "(deleted)" a second time).

The three forms are whole translatable phrases (in French the article and the agreement of
« supprimé·e » follow the noun), never assembled from pieces.
"""

from __future__ import annotations

from typing import NamedTuple

from pairdesk.i18n import N_


class Thing(NamedTuple):
    #: as it reads while the record exists (placeholders of ``line.fields``)
    found: str
    #: once the record is deleted ("" when it reads the same, or is never deleted)
    deleted: str = ""
    #: on the line that deleted it ("" for the generic "{entity} no. {id}")
    deleted_now: str = ""


#: Every entity a line may be about.
THINGS: dict[str, Thing] = {
    "participant": Thing(N_("the file {of_person}")),
    "registration": Thing(
        N_("the registration {of_person} for {workshop}"),
        N_("registration no. {id} (deleted)"),
        N_("registration no. {id}"),
    ),
    "consent": Thing(N_("a consent {of_person}"), N_("consent no. {id} (deleted)")),
    "participant_scheme": Thing(
        N_("a support scheme {of_person}"),
        N_("support scheme no. {id} (deleted)"),
        N_("support scheme no. {id}"),
    ),
    "contract": Thing(
        N_("the employment contract {of_person}"),
        N_("employment contract no. {id} (deleted)"),
        N_("employment contract no. {id}"),
    ),
    "pathway": Thing(N_("the pathway {of_person}"), N_("pathway no. {id} (deleted)")),
    "goal": Thing(N_("a goal {of_person}"), N_("goal no. {id} (deleted)")),
    "pathway_event": Thing(
        N_("a pathway step {of_person}"),
        N_("pathway step no. {id} (deleted)"),
        N_("pathway step no. {id}"),
    ),
    "wellbeing_plan": Thing(N_("the wellbeing plan {of_person}")),
    "tutoring": Thing(N_("the tutoring {of_person}"), N_("tutoring no. {id} (deleted)")),
    "self_assessment": Thing(
        N_("a self-assessment {of_person}"),
        N_("self-assessment no. {id} (deleted)"),
        N_("self-assessment no. {id}"),
    ),
    "cv_version": Thing(N_("a CV version {of_person}"), N_("CV version no. {id} (deleted)")),
    "cv_comment": Thing(
        N_("a comment on the CV {of_person}"),
        N_("CV comment no. {id} (deleted)"),
        N_("CV comment no. {id}"),
    ),
    "mock_interview": Thing(
        N_("a mock interview {of_person}"),
        N_("mock interview no. {id} (deleted)"),
        N_("mock interview no. {id}"),
    ),
    "offer_share": Thing(
        N_("the offer “{offer}” shared with {person}"),
        N_("offer share no. {id} (deleted)"),
        N_("offer share no. {id}"),
    ),
    "retention_check": Thing(
        N_("the {months}-month job retention check {of_person}"),
        N_("job retention check no. {id} (deleted)"),
    ),
    "workshop": Thing(N_("{workshop}"), "", N_("workshop no. {id}")),
    "attendance_sheet": Thing(N_("the attendance sheet {of_workshop}")),
    "attendance_sheets": Thing(N_("the attendance sheets from {start} to {end}")),
    "attendance_attestation": Thing(N_("the attendance attestation {of_person}")),
    "pathway_summary": Thing(N_("the pathway summary {of_person}")),
    "activity_report": Thing(N_("the activity report from {start} to {end}")),
    "cv": Thing(N_("the CV {of_person}")),
    "job_offer": Thing(N_("the job offer “{offer}”"), N_("job offer no. {id} (deleted)")),
    "interview_question": Thing(N_("interview question no. {id}")),
    "supervision_session": Thing(
        N_("the supervision session of {date}"),
        N_("supervision session no. {id} (deleted)"),
        N_("supervision session no. {id}"),
    ),
    "team_member": Thing(N_("the account {of_member}"), N_("team member no. {id}")),
    "referent": Thing(N_("the referent {referent}"), N_("referent no. {id}")),
    "employer": Thing(N_("the employer {employer}"), N_("employer no. {id}")),
    "employer_contact": Thing(
        N_("a contact at {employer}"),
        N_("employer contact no. {id} (deleted)"),
        N_("employer contact no. {id}"),
    ),
    "employer_interaction": Thing(
        N_("a contact with {employer}"),
        N_("contact no. {id} with an employer (deleted)"),
        N_("contact no. {id} with an employer"),
    ),
    "accommodation": Thing(
        N_("an accommodation on the contract {of_person}"),
        N_("accommodation no. {id} (deleted)"),
        N_("accommodation no. {id}"),
    ),
    "register_person": Thing(N_("{register_person}")),
    "register_sheet": Thing(N_("the daily attendance sheet of {day}")),
    "gem_annual": Thing(N_("{annual_report}")),
    "association": Thing(N_("the association profile")),
    "setting": Thing(N_("the setting “{key}”")),
    "draft": Thing(N_("a draft")),
}

"""The audit trail in words, for workshops and what happens in them: registrations and
attendance, CVs and their comments, mock interviews and their questions, supervision
sessions."""

from __future__ import annotations

from pairdesk.domain.enums import AuditAction
from pairdesk.i18n import N_, ngettext
from pairdesk.services.audit_words.employers import awareness_place
from pairdesk.services.audit_words.line import Line
from pairdesk.services.audit_words.wording import (
    CHANGED,
    CREATED,
    DELETED,
    EXPORTED,
    PREVIEWED,
    PRINTED,
    RECORDED,
    Wording,
    by_detail,
    if_found,
    say,
)

A = AuditAction


def _builtin_questions(line: Line, fields: dict[str, str]) -> str:
    value = line.values.get("builtin", "0")
    count = int(value) if value.isdigit() else 0
    return ngettext(
        "{who} added {count} built-in interview question",
        "{who} added {count} built-in interview questions",
        count,
    ).format(who=fields["who"], count=count)


_REGISTERED = if_found(say(N_("{who} registered {person} for {workshop}")), CREATED)
_WALK_IN = if_found(say(N_("{who} added {person} to {workshop} as a walk-in")), CREATED)


WORDINGS: dict[tuple[str, AuditAction], Wording] = {
    ("registration", A.CREATE): by_detail(_REGISTERED, walk_in=_WALK_IN),
    ("registration", A.UPDATE): by_detail(
        CHANGED,
        attendance=if_found(
            say(N_("{who} marked the attendance {of_person} at {workshop}")), CHANGED
        ),
        satisfaction=if_found(
            say(N_("{who} recorded the satisfaction {of_person} at {workshop}")), CHANGED
        ),
        check_in=if_found(say(N_("{who} recorded the arrival {of_person} at {workshop}")), CHANGED),
    ),
    ("registration", A.DELETE): DELETED,
    ("workshop", A.CREATE): say(N_("{who} planned {workshop}")),
    ("workshop", A.UPDATE): by_detail(
        CHANGED,
        cancelled=say(N_("{who} cancelled {thing}")),
        restored=say(N_("{who} restored {thing}")),
        newcomer_checked_in=say(N_("{who} welcomed a newcomer at {thing}")),
        visitor_counted=say(N_("{who} counted a visitor at {thing}")),
        visitor_uncounted=say(N_("{who} took a visitor off the count {of_workshop}")),
        attendance_sheet=say(N_("{who} entered the signed attendance sheet {of_workshop}")),
        employer=awareness_place,
        employer_None=awareness_place,
    ),
    ("workshop", A.DELETE): DELETED,
    ("attendance_sheet", A.VIEW): PREVIEWED,
    ("attendance_sheet", A.PRINT): by_detail(
        PRINTED, blank=say(N_("{who} printed a blank attendance sheet {of_workshop}"))
    ),
    ("attendance_sheet", A.EXPORT): EXPORTED,
    ("cv_version", A.CREATE): say(N_("{who} saved {thing}")),
    ("cv_comment", A.CREATE): say(N_("{who} wrote {thing}")),
    ("cv_comment", A.DELETE): DELETED,
    ("mock_interview", A.CREATE): RECORDED,
    ("mock_interview", A.UPDATE): CHANGED,
    ("mock_interview", A.DELETE): DELETED,
    ("interview_question", A.CREATE): by_detail(
        say(N_("{who} added {thing}")), builtin=_builtin_questions
    ),
    ("interview_question", A.UPDATE): by_detail(
        CHANGED,
        active_False=say(N_("{who} set aside {thing}")),
        active_True=say(N_("{who} brought back {thing}")),
    ),
    ("supervision_session", A.CREATE): RECORDED,
    ("supervision_session", A.UPDATE): CHANGED,
    ("supervision_session", A.DELETE): DELETED,
}

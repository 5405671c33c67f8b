"""The audit trail in words, for the team, the referents' directory, the association profile,
settings and the vault."""

from __future__ import annotations

from pairdesk.domain.enums import AuditAction, Role
from pairdesk.i18n import N_, _
from pairdesk.services.audit_words.line import Line, label
from pairdesk.services.audit_words.wording import CHANGED, Wording, by_detail, say

A = AuditAction


def _team_created(line: Line, fields: dict[str, str]) -> str:
    role = label(Role, line.values.get("role", ""))
    return _("{who} added {member} to the team as {role}").format(role=role, **fields)


def _team_changed(line: Line, fields: dict[str, str]) -> str:
    role = label(Role, line.values.get("role", ""))
    return _("{who} changed the account {of_member} (role: {role})").format(role=role, **fields)


WORDINGS: dict[tuple[str, AuditAction], Wording] = {
    ("team_member", A.LOGIN): say(N_("{who} signed in")),
    ("team_member", A.VIEW): say(N_("{who} listed the team")),
    ("team_member", A.CREATE): _team_created,
    ("team_member", A.UPDATE): by_detail(
        _team_changed,
        deactivated=say(N_("{who} deactivated the account {of_member}")),
        reactivated=say(N_("{who} reactivated the account {of_member}")),
        pin_set=say(N_("{who} set a PIN for {member}")),
        pin_removed=say(N_("{who} removed the PIN {of_member}")),
    ),
    ("referent", A.CREATE): say(N_("{who} added {thing} to the directory")),
    ("referent", A.UPDATE): by_detail(CHANGED, deactivated=say(N_("{who} deactivated {thing}"))),
    ("association", A.UPDATE): CHANGED,
    ("setting", A.CREATE): CHANGED,
    ("setting", A.UPDATE): CHANGED,
    ("setting", A.DELETE): say(N_("{who} reset {thing}")),
    ("draft", A.CREATE): say(N_("{who} kept a draft when the vault locked")),
    ("draft", A.DELETE): say(N_("{who} took back or dropped a draft")),
    ("demo", A.CREATE): say(N_("{who} filled the vault with demonstration data")),
    ("vault", A.BACKUP): say(N_("{who} backed up the vault")),
}

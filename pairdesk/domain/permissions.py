"""Who may do what: the role matrix, checked by the services (not only by hidden buttons).

Pure rules: no SQL. The services call ``require(ctx, Permission.X)`` at the top of every
public write (and of reads of a participant's file); a peer helper's access to participant
files is further limited to the people they tutor (see
``pairdesk.services.privacy.require_participant_access``). An operator without an id (the
system, or the command line before any team member exists) keeps every right.

Roles are application-level checks: the encryption protects the whole vault, and anyone
who knows the passphrase can read it with other tools.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Protocol

from pairdesk.domain.enums import Role
from pairdesk.errors import PermissionDenied
from pairdesk.i18n import N_, _


class Permission(StrEnum):
    WORKSHOPS = "workshops"  # plan, change, cancel workshops; registrations
    ATTENDANCE = "attendance"  # mark attendance, check-in, satisfaction, attendance sheets
    CVS = "cvs"  # CV versions, peer comments, printed CVs
    COACHING = "coaching"  # question bank, mock interviews
    OFFERS = "offers"  # job offers and shares
    PARTICIPANT_FILES = "participant_files"  # read and change one participant's file
    CREATE_PARTICIPANTS = "create_participants"
    TUTORING = "tutoring"  # choose who tutors whom
    REFERENTS = "referents"  # the directory of external referents
    EMPLOYERS = "employers"  # change the employer directory, contacts with employers
    PRINT_DOCUMENTS = "print_documents"  # summaries, attestations, activity reports
    EXPORT_FILES = "export_files"  # whole-file exports (right of access)
    SUPERVISION = "supervision"
    ERASE = "erase"  # anonymise or delete a participant
    TEAM = "team"  # team members and their roles
    VAULT_SETTINGS = "vault_settings"  # association profile, vault-wide settings
    AUDIT = "audit"  # read the audit trail

    @property
    def label(self) -> str:
        return _(_LABELS[self])


_LABELS: dict[Permission, str] = {
    Permission.WORKSHOPS: N_("workshops"),
    Permission.ATTENDANCE: N_("attendance"),
    Permission.CVS: N_("CVs"),
    Permission.COACHING: N_("interview coaching"),
    Permission.OFFERS: N_("job offers"),
    Permission.PARTICIPANT_FILES: N_("participant files"),
    Permission.CREATE_PARTICIPANTS: N_("new participants"),
    Permission.TUTORING: N_("the choice of tutors"),
    Permission.REFERENTS: N_("referents"),
    Permission.EMPLOYERS: N_("the employer directory"),
    Permission.PRINT_DOCUMENTS: N_("printed documents"),
    Permission.EXPORT_FILES: N_("exports of whole files"),
    Permission.SUPERVISION: N_("supervision"),
    Permission.ERASE: N_("erasure of a participant"),
    Permission.TEAM: N_("the team"),
    Permission.VAULT_SETTINGS: N_("vault settings"),
    Permission.AUDIT: N_("the audit trail"),
}

_EVERYTHING = frozenset(Permission)
_COORDINATOR_ONLY = frozenset(
    {Permission.ERASE, Permission.TEAM, Permission.VAULT_SETTINGS, Permission.AUDIT}
)

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.COORDINATOR: _EVERYTHING,
    Role.FACILITATOR: _EVERYTHING - _COORDINATOR_ONLY,
    Role.PEER_HELPER: frozenset(
        {
            Permission.WORKSHOPS,
            Permission.ATTENDANCE,
            Permission.CVS,
            Permission.COACHING,
            Permission.OFFERS,
            Permission.EMPLOYERS,
            Permission.PARTICIPANT_FILES,
            Permission.SUPERVISION,
        }
    ),
    Role.VOLUNTEER: frozenset({Permission.WORKSHOPS, Permission.ATTENDANCE}),
}

# Permissions a role holds only for the participants it tutors (an open Tutoring row).
TUTORED_ONLY: dict[Role, frozenset[Permission]] = {
    Role.PEER_HELPER: frozenset({Permission.PARTICIPANT_FILES}),
}


class _Acting(Protocol):
    @property
    def id(self) -> int | None: ...
    @property
    def role(self) -> Role: ...


class _HasOperator(Protocol):
    @property
    def operator(self) -> _Acting: ...


def is_system(operator: _Acting) -> bool:
    """The system operator (no team member behind it) keeps every right."""
    return operator.id is None


def allows(operator: _Acting, permission: Permission) -> bool:
    """Whether the operator's role grants ``permission`` (for at least some participants)."""
    if is_system(operator):
        return True
    return Permission(permission) in ROLE_PERMISSIONS.get(operator.role, frozenset())


def limited_to_tutored(operator: _Acting, permission: Permission) -> bool:
    """Whether ``permission`` only covers the participants this operator tutors."""
    if is_system(operator):
        return False
    return Permission(permission) in TUTORED_ONLY.get(operator.role, frozenset())


def refusal(operator: _Acting, permission: Permission) -> PermissionDenied:
    return PermissionDenied(
        _("Your role ({role}) does not give access to {what}.").format(
            role=operator.role.label, what=Permission(permission).label
        )
    )


def not_tutored_refusal(operator: _Acting) -> PermissionDenied:
    return PermissionDenied(
        _("Your role ({role}) gives access only to the files of the people you tutor.").format(
            role=operator.role.label
        )
    )


def require(ctx: _HasOperator, permission: Permission) -> None:
    """Raise ``PermissionDenied`` (translated, naming the role) unless the role allows it."""
    if not allows(ctx.operator, permission):
        raise refusal(ctx.operator, permission)

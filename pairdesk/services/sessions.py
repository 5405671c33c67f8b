"""Who is at the keyboard: signing in after the vault is unlocked.

The passphrase opens the vault; then the person at the keyboard picks their name among
the active team members and, if they set one, types their PIN. ``sign_in`` checks the
PIN and records a LOGIN audit line in one transaction, and returns the ``Operator``
every later action is recorded under.

A vault with no team member yet (just created) starts with ``create_first_coordinator``,
which acts as the system coordinator only while the team is empty.
"""

from __future__ import annotations

from sqlalchemy import func, select

from pairdesk.domain.enums import AuditAction, Role
from pairdesk.errors import InvalidInput, UserError
from pairdesk.i18n import _
from pairdesk.services import team
from pairdesk.services.context import (
    SYSTEM,
    Operator,
    ServiceContext,
    get_or_raise,
    operator_from_member,
)
from pairdesk.store.models import TeamMember


def team_is_empty(ctx: ServiceContext) -> bool:
    """Whether the vault has no team member at all, active or not."""
    with ctx.transaction() as session:
        return int(session.scalar(select(func.count(TeamMember.id))) or 0) == 0


def sign_in(ctx: ServiceContext, member_id: int, pin: str | None) -> Operator:
    """Check the member's PIN (when they have one) and record the LOGIN.

    Raises ``InvalidInput`` (field ``pin``) on a missing or wrong PIN, ``UserError`` for a
    member who is no longer active, ``UnknownId`` for an unknown id.
    """
    with ctx.transaction() as session:
        member = get_or_raise(session, TeamMember, member_id, _("team member"))
        if not member.active:
            raise UserError(
                _("This team member is no longer active: ask a coordinator to reactivate them.")
            )
        if member.pin_hash is not None:
            if not pin:
                raise InvalidInput(_("Type your PIN."), field="pin")
            if not team.pin_matches(member.pin_hash, pin):
                raise InvalidInput(_("This PIN is not the right one. Try again."), field="pin")
        operator = operator_from_member(member)
        if ctx.vault.read_only:  # opened read-only (in use elsewhere): nothing is written
            return operator
        ctx.with_operator(operator).audit(session, "team_member", member.id, AuditAction.LOGIN)
        return operator


def create_first_coordinator(ctx: ServiceContext, first_name: str, last_name: str) -> Operator:
    """Create the first team member (a coordinator) of an empty vault and sign them in."""
    system = ctx.with_operator(SYSTEM)
    with ctx.transaction():
        if not team_is_empty(ctx):
            raise UserError(
                _("The team already has members: choose your name in the list instead.")
            )
        row = team.create_member(
            system,
            team.TeamMemberInput(first_name=first_name, last_name=last_name, role=Role.COORDINATOR),
        )
        return sign_in(ctx, row.id, None)

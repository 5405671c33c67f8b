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

from pairdesk.domain import pins
from pairdesk.domain.enums import AuditAction, Role
from pairdesk.domain.text import fold
from pairdesk.errors import InvalidInput, PermissionDenied, UnknownId, UsageError, UserError
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


def authenticate(ctx: ServiceContext, member_id: int, pin: str | None) -> Operator:
    """Check that this active member may act (their PIN when they have one); no audit line.

    The same check as ``sign_in``; the command line calls it for each command, whose own
    audit lines then carry the returned operator. Raises ``InvalidInput`` (field ``pin``)
    on a missing or wrong PIN, ``PermissionDenied`` for a member who is no longer active,
    ``UnknownId`` for an unknown id.
    """
    with ctx.transaction() as session:
        member = get_or_raise(session, TeamMember, member_id, _("team member"))
        if not member.active:
            raise PermissionDenied(
                _("This team member is no longer active: ask a coordinator to reactivate them.")
            )
        if member.pin_hash is not None:
            if not pin:
                raise InvalidInput(_("Type your PIN."), field="pin")
            if not pins.pin_matches(member.pin_hash, pin):
                raise InvalidInput(_("This PIN is not the right one. Try again."), field="pin")
        return operator_from_member(member)


def sign_in(ctx: ServiceContext, member_id: int, pin: str | None) -> Operator:
    """Check the member's PIN (when they have one) and record the LOGIN.

    Raises as ``authenticate`` does; nothing is recorded when the check fails (nor on a
    vault opened read-only because it is in use elsewhere).
    """
    with ctx.transaction() as session:
        operator = authenticate(ctx, member_id, pin)
        if ctx.vault.read_only:
            return operator
        ctx.with_operator(operator).audit(session, "team_member", member_id, AuditAction.LOGIN)
        return operator


def find_member(ctx: ServiceContext, text: str) -> team.TeamMemberRow:
    """The team member named by ``text``: their number, or "First Last" / "Last First"
    (case and accents ignored). Inactive members are found too (``authenticate`` refuses
    them). Raises ``UnknownId`` when nobody matches, ``UsageError`` when several do.
    """
    wanted = fold(text.strip())
    members = team.list_members(ctx, include_inactive=True)
    if wanted.isdigit():
        found = [m for m in members if str(m.id) == wanted]
    else:
        found = [
            m
            for m in members
            if wanted
            in {fold(f"{m.first_name} {m.last_name}"), fold(f"{m.last_name} {m.first_name}")}
        ]
        if len(found) > 1:
            active = [m for m in found if m.active]
            found = active or found
    if not found:
        raise UnknownId(_("No team member is called {name}.").format(name=text.strip()))
    if len(found) > 1:
        raise UsageError(
            _("Several team members are called {name}: give their number instead ({ids}).").format(
                name=text.strip(), ids=", ".join(str(m.id) for m in found)
            )
        )
    return found[0]


def create_first_coordinator(ctx: ServiceContext, first_name: str, last_name: str) -> Operator:
    """Create the first team member (a coordinator) of an empty vault and sign them in.

    A read-only copy of a server (whose team are the server's logins) is only read: the
    person acts as a coordinator under the name typed, and nothing is written."""
    copy = ctx.vault.server_copy
    if copy is not None and copy.read_only:
        name = " ".join(part.strip() for part in (first_name, last_name) if part.strip())
        return Operator(id=None, name=name or SYSTEM.name, role=Role.COORDINATOR)
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

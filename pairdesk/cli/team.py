"""``pairdesk team list``: who may act on this vault (number, name, role, active);
``pairdesk team add NAME --role ROLE``: a new member (coordinators only);
``pairdesk team role NUMBER --role ROLE``, ``team deactivate NUMBER``, ``team reactivate
NUMBER``: change a member's role, or take their access away and give it back
(coordinators only; on a server their login follows: another group, NOLOGIN, LOGIN).

On a server vault ``team add`` also creates NAME as the member's own PostgreSQL login, in
their role's group, with the password read from ``--password-file`` (the database then
enforces the role: ``pairdesk/store/server_roles.py``). On a file vault NAME is the
member's first name, and they act with ``--operator`` and a PIN.

``add_team_commands(sub, add)`` is called by ``pairdesk.cli.run.build_parser``. Anyone with
the passphrase may list the team: it is what tells them which ``--operator`` to give. The
listing is recorded in the audit trail as a VIEW, under the operator when one is named
(``--operator`` or ``PAIRDESK_OPERATOR``, PIN checked), else under the system.
"""

from __future__ import annotations

import argparse
import json
from typing import TextIO

import pairdesk.cli.common as common
from pairdesk.cli.common import AddCommand, SubParsers
from pairdesk.domain.enums import Role
from pairdesk.errors import ExitCode, UsageError
from pairdesk.i18n import _


def add_team_commands(sub: SubParsers, add: AddCommand) -> None:
    """Add ``team list`` and ``team add`` to the command line."""
    p = add("team", cmd_team, _("the team: who may act on this vault"))

    actions = p.add_subparsers(
        dest="team_action", metavar=_("ACTION"), required=True, parser_class=type(p)
    )
    q: argparse.ArgumentParser = actions.add_parser(
        "list",
        help=_("list the team members: number, name, role, active"),
        description=_("list the team members: number, name, role, active"),
    )
    common.add_common_options(q, suppress=True)
    q.add_argument("--format", choices=("table", "json"), default="table")

    a: argparse.ArgumentParser = actions.add_parser(
        "add",
        help=_("add a team member (on a server: their own login)"),
        description=_(
            "add a team member; on a server vault NAME is their PostgreSQL login, created "
            "in their role's group with the password of --password-file"
        ),
    )
    common.add_common_options(a, suppress=True)
    a.add_argument("name", metavar=_("NAME"), help=_("login on a server, else first name"))
    a.add_argument("--role", required=True, choices=[r.value for r in Role])
    a.add_argument("--first-name", default=None, help=_("first name (default: NAME)"))
    a.add_argument("--last-name", default="", help=_("last name"))
    a.add_argument(
        "--password-file",
        metavar=_("FILE"),
        default=None,
        help=_("read the new login's password from FILE (server vaults)"),
    )

    r: argparse.ArgumentParser = actions.add_parser(
        "role",
        help=_("change a team member's role (on a server: their login's group)"),
        description=_(
            "change a team member's role; on a server their login moves to the new role's "
            "group and reads what it allows from then on"
        ),
    )
    common.add_common_options(r, suppress=True)
    r.add_argument("member", type=int, metavar=_("NUMBER"), help=_("the member's number"))
    r.add_argument("--role", required=True, choices=[role.value for role in Role])
    for action, text in (
        ("deactivate", _("a member who left: kept in the history; on a server, login disabled")),
        ("reactivate", _("a member who came back; on a server, login enabled again")),
    ):
        d: argparse.ArgumentParser = actions.add_parser(action, help=text, description=text)
        common.add_common_options(d, suppress=True)
        d.add_argument("member", type=int, metavar=_("NUMBER"), help=_("the member's number"))


def cmd_team(args: argparse.Namespace, out: TextIO) -> int:
    if args.team_action == "add":
        return _add(args, out)
    if args.team_action in {"role", "deactivate", "reactivate"}:
        return _change(args, out)
    return _list(args, out)


def _change(args: argparse.Namespace, out: TextIO) -> int:
    """``team role``, ``team deactivate``, ``team reactivate`` (the services check the
    operator is a coordinator; on a server the database checks it too)."""
    from pairdesk.services import team

    with common.open_vault(args) as vault:
        ctx = common.context(vault, args)
        if args.team_action == "role":
            current = team.get_member(ctx, args.member)
            data = team.TeamMemberInput(
                first_name=current.first_name,
                last_name=current.last_name,
                role=Role(args.role),
                email=current.email,
                phone=current.phone,
            )
            member = team.update_member(ctx, args.member, data)
            message = _("Team member {id} ({name}) is now {role}.")
        elif args.team_action == "deactivate":
            member = team.deactivate_member(ctx, args.member)
            message = _("Team member {id} ({name}) deactivated.")
        else:
            member = team.reactivate_member(ctx, args.member)
            message = _("Team member {id} ({name}) reactivated.")
    out.write(message.format(id=member.id, name=member.name, role=member.role.label) + "\n")
    return ExitCode.OK


def _password(args: argparse.Namespace) -> str:
    if not args.password_file:
        raise UsageError(_("On a server, give the new login's password with --password-file."))
    raw = common._read_secret_file(
        args.password_file,
        _("The password file {path} cannot be read: {reason}"),
        _("The password file must be UTF-8 text."),
    )
    return raw.rstrip("\r\n")


def _add(args: argparse.Namespace, out: TextIO) -> int:
    from pairdesk.services import team

    data = team.TeamMemberInput(
        first_name=args.first_name or args.name, last_name=args.last_name, role=Role(args.role)
    )
    with common.open_vault(args) as vault:
        ctx = common.context(vault, args)
        if vault.is_server:
            member = team.add_server_member(ctx, data, args.name, _password(args))
            message = _("Team member {id} added: {name} ({role}), login {login}.")
        else:
            member = team.create_member(ctx, data)
            message = _("Team member {id} added: {name} ({role}).")
    out.write(
        message.format(id=member.id, name=member.name, role=member.role.label, login=args.name)
        + "\n"
    )
    return ExitCode.OK


def _list(args: argparse.Namespace, out: TextIO) -> int:
    from pairdesk.domain.enums import AuditAction
    from pairdesk.services import team
    from pairdesk.services.context import ServiceContext

    with common.open_vault(args) as vault:
        ctx = ServiceContext(vault)
        ctx = ctx.with_operator(common.resolve_operator(ctx, args, required=False))
        with ctx.transaction() as session:
            members = sorted(team.list_members(ctx, include_inactive=True), key=lambda m: m.id)
            ctx.audit(session, "team_member", None, AuditAction.VIEW, "team list")
            session.flush()
            if args.format == "json":
                records = [
                    {"id": m.id, "name": m.name, "role": m.role.value, "active": m.active}
                    for m in members
                ]
                out.write(json.dumps(records, ensure_ascii=False, indent=2) + "\n")
            elif not members:
                out.write(
                    _(
                        "This vault has no team yet: commands act without a named operator "
                        "until the first coordinator is created (in the window, or by "
                        "demo-data)."
                    )
                    + "\n"
                )
            else:
                common.write_table(
                    out,
                    [_("No."), _("Name"), _("Role"), _("Active")],
                    [
                        [str(m.id), m.name, m.role.label, _("yes") if m.active else _("no")]
                        for m in members
                    ],
                )
            out.flush()
    return ExitCode.OK


__all__ = ["add_team_commands"]

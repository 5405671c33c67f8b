"""``pairdesk team list``: who may act on this vault (number, name, role, active).

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
from pairdesk.errors import ExitCode
from pairdesk.i18n import _


def add_team_commands(sub: SubParsers, add: AddCommand) -> None:
    """Add ``team list`` to the command line."""
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


def cmd_team(args: argparse.Namespace, out: TextIO) -> int:
    return _list(args, out)


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

"""The command line: the same services as the window, headless.

Exit codes are those of ``pairdesk.errors.ExitCode``; messages are translated (French by
default, ``--lang en``) and never show a traceback. The passphrase comes from
``--passphrase-file`` (one trailing newline stripped), else ``PAIRDESK_PASSPHRASE``, else
the terminal without echo.

This module builds the parser from the command modules (one per group) and runs one
command; what they share is in ``pairdesk.cli.common``.

Fast paths (issue 12): ``pairdesk`` without a command starts the window without building
the commands' parser at all, and neither the window's start nor ``pairdesk --help``
imports SQLAlchemy, the core or the window's modules: each command imports what it needs
when it runs (``tests/cli/test_fast_path.py``).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from typing import NoReturn, TextIO

import pairdesk.cli.common as common
from pairdesk import __version__, i18n
from pairdesk.cli.common import Handler
from pairdesk.errors import ExitCode
from pairdesk.i18n import N_, _

#: argparse's own messages (English whatever the language): the usual ones said in the
#: interface's language (« the following arguments are required: --confirm » was printed
#: in a French session: a tester).
_ARGPARSE_MESSAGES: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(r"the following arguments are required: (?P<names>.+)"),
        N_("these arguments are missing: {names}"),
    ),
    (re.compile(r"unrecognized arguments: (?P<names>.+)"), N_("unknown arguments: {names}")),
    (
        re.compile(
            r"argument (?P<name>\S+): invalid choice: (?P<value>.+?) \(choose from (?P<choices>.+)\)"
        ),
        N_("argument {name}: {value} is not one of {choices}"),
    ),
    (
        re.compile(r"argument (?P<name>\S+): expected one argument"),
        N_("argument {name}: a value must follow it"),
    ),
)


def said_in_language(message: str) -> str:
    """An argparse message in the interface's language when it is one of the usual ones."""
    for pattern, template in _ARGPARSE_MESSAGES:
        if found := pattern.fullmatch(message):
            return _(template).format(**found.groupdict())
    return message


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage errors in the interface language, exit code 2."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        detail = said_in_language(message)
        sys.stderr.write(_("pairdesk: invalid command: {detail}").format(detail=detail) + "\n")
        raise SystemExit(ExitCode.USAGE)


class _NotTheWindow(Exception):
    """The command line is not a plain start of the window."""


class _WindowParser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise _NotTheWindow(message)


def _window_arguments(argv: Sequence[str]) -> argparse.Namespace | None:
    """The options of ``pairdesk [--demo] [--vault PATH] [--lang fr|en]…`` when ``argv``
    names no command (the window), else None: the full parser then reads ``argv``. The
    command modules are not imported for the window."""
    if any(arg in ("-h", "--help", "--version") for arg in argv):
        return None
    parser = _WindowParser(prog="pairdesk", add_help=False)
    parser.add_argument("--demo", action="store_true")
    common.add_common_options(parser, suppress=False)
    try:
        args, rest = parser.parse_known_args(list(argv))
    except _NotTheWindow:
        return None
    return None if rest else args


def build_parser() -> argparse.ArgumentParser:
    from pairdesk.cli.data import add_data_commands
    from pairdesk.cli.employers import add_employer_commands
    from pairdesk.cli.lists import add_list_commands
    from pairdesk.cli.network import add_network_commands
    from pairdesk.cli.privacy import add_privacy_commands
    from pairdesk.cli.reports import add_report_commands
    from pairdesk.cli.team import add_team_commands
    from pairdesk.cli.transfer import add_transfer_commands
    from pairdesk.cli.trust import add_trust_commands
    from pairdesk.cli.vault import add_vault_commands

    parser = _Parser(
        prog="pairdesk",
        description=_("pairdesk: the encrypted record of a peer-support association."),
    )
    parser.add_argument("--version", action="version", version=f"pairdesk {__version__}")
    parser.add_argument(
        "--demo", action="store_true", help=_("open a throw-away vault full of fictional data")
    )
    common.add_common_options(parser, suppress=False)
    sub = parser.add_subparsers(dest="command", metavar=_("COMMAND"), parser_class=_Parser)

    def add(name: str, handler: Handler, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        common.add_common_options(p, suppress=True)
        p.set_defaults(handler=handler)
        return p

    add_vault_commands(add)
    add_list_commands(add)
    add_employer_commands(add)
    add_report_commands(sub, add)
    add_privacy_commands(sub, add)
    add_trust_commands(sub, add)
    add_data_commands(sub, add)
    add_team_commands(sub, add)
    add_network_commands(add)
    add_transfer_commands(add)
    return parser


def _language_from_argv(argv: Sequence[str]) -> str | None:
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


def main(argv: Sequence[str] | None = None, *, out: TextIO | None = None) -> int:
    """Run one command and return its exit code (never raises, never prints a traceback)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    i18n.install(_language_from_argv(argv))
    out = out or sys.stdout
    window = _window_arguments(argv)
    if window is not None:
        from pairdesk.app import run_gui

        return run_gui(vault=window.vault, demo=window.demo, lang=window.lang)
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0) if isinstance(exc.code, int) else ExitCode.USAGE
    if args.command is None:
        from pairdesk.app import run_gui

        return run_gui(vault=args.vault, demo=args.demo, lang=args.lang)
    try:
        code = int(args.handler(args, out))
        out.flush()  # a reader gone early shows here, not as a warning at exit
        return code
    except (Exception, KeyboardInterrupt) as exc:
        return common.exit_code_for(exc, out)


__all__ = ["build_parser", "main"]

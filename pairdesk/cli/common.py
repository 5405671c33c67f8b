"""What every command shares: the options, reading the passphrase and the PIN, opening
the vault, resolving the operator, the audited transaction, writing a table, and turning
a failure into its exit code and one translated line (never a traceback).

Only the command modules import this one; it imports none of them.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import getpass
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO, TypeAlias

from pairdesk import i18n, paths
from pairdesk.diagnostics import log_bug
from pairdesk.errors import CannotUnlock, ExitCode, InvalidInput, UsageError, UserError
from pairdesk.i18n import _

if TYPE_CHECKING:  # imported by the commands that open a vault: ``pairdesk --help`` and
    # the window's start import neither SQLAlchemy nor the core (tests/cli/test_fast_path.py)
    from pairdesk.services.context import Operator, ServiceContext
    from pairdesk.services.vaults import Vault

Handler = Callable[[argparse.Namespace, TextIO], int]
#: ``add(name, handler, help)``: how a command module adds its commands to the parser.
AddCommand = Callable[[str, Handler, str], argparse.ArgumentParser]
#: The parser's ``add_subparsers()`` action. Generic over the sub-parser class, which is
#: ``run._Parser`` in the program and ``argparse.ArgumentParser`` in tests, hence ``Any``;
#: a string because ``argparse._SubParsersAction`` is generic only in the stubs.
SubParsers: TypeAlias = "argparse._SubParsersAction[Any]"


def iso_date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("{value!r} is not a date in the form YYYY-MM-DD").format(value=value)
        ) from None


def positive_int(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = -1
    if number < 0:
        raise argparse.ArgumentTypeError(_("{value!r} is not a whole number").format(value=value))
    return number


def add_common_options(parser: argparse.ArgumentParser, *, suppress: bool) -> None:
    default: Any = argparse.SUPPRESS if suppress else None
    group = parser.add_argument_group(_("common options"))
    group.add_argument("--vault", metavar=_("PATH"), default=default, help=_("vault file to use"))
    group.add_argument(
        "--passphrase-file",
        metavar=_("FILE"),
        default=default,
        help=_("read the passphrase from FILE"),
    )
    group.add_argument(
        "--operator",
        metavar=_("NAME"),
        default=default,
        help=_(
            "team member acting: number or name (required once the vault has a team; "
            "default: the PAIRDESK_OPERATOR variable)"
        ),
    )
    group.add_argument(
        "--pin-file",
        metavar=_("FILE"),
        default=default,
        help=_("read the operator's PIN from FILE (else asked on the terminal)"),
    )
    group.add_argument(
        "--lang", choices=i18n.LANGUAGES, default=default, help=_("language (fr or en)")
    )


# -- passphrase and opening ---------------------------------------------------------------


def read_passphrase(args: argparse.Namespace, *, confirm: bool = False) -> str:
    file = getattr(args, "passphrase_file", None)
    if file:
        os.environ.pop("PAIRDESK_PASSPHRASE", None)
        raw = _read_secret_file(
            file,
            _("The passphrase file {path} cannot be read: {reason}"),
            _("The passphrase file must be UTF-8 text."),
        )
        if raw.endswith("\r\n"):
            raw = raw[:-2]
        elif raw.endswith("\n"):
            raw = raw[:-1]
        return raw
    env = os.environ.pop("PAIRDESK_PASSPHRASE", None)  # not inherited by anything we start
    if env is not None:
        return env
    if not sys.stdin or not sys.stdin.isatty():
        raise CannotUnlock(
            _(
                "No passphrase given: use --passphrase-file FILE or the PAIRDESK_PASSPHRASE "
                "variable, or run the command in a terminal."
            )
        )
    first = getpass.getpass(_("Vault passphrase: "))
    if confirm:
        second = getpass.getpass(_("Type the passphrase again: "))
        if first != second:
            raise InvalidInput(_("The two passphrases differ; nothing was created."))
    return first


#: A passphrase or PIN file larger than this is not one.
_SECRET_FILE_MAX = 64 * 1024


def _read_secret_file(file: str, unreadable: str, not_text: str) -> str:
    """A passphrase or PIN file as text; ``unreadable`` takes ``{path}`` and ``{reason}``."""
    try:
        with Path(file).open("rb") as handle:
            raw = handle.read(_SECRET_FILE_MAX + 1)
        if len(raw) > _SECRET_FILE_MAX:  # /dev/zero was read until the memory ran out
            raise UsageError(unreadable.format(path=file, reason=_("it is larger than 64 KB")))
        return raw.decode("utf-8")
    except OSError as exc:
        raise UsageError(unreadable.format(path=file, reason=exc.strerror)) from None
    except UnicodeDecodeError:
        raise UsageError(not_text) from None


def vault_path(args: argparse.Namespace) -> Path:
    return paths.vault_path(getattr(args, "vault", None))


def vault_location(args: argparse.Namespace) -> Path | str:
    """The vault to use: a server's address (``postgresql://USER@HOST[:PORT]/DATABASE``,
    from ``--vault`` or ``PAIRDESK_VAULT``) as it was written, else the file's path."""
    from pairdesk.store.addresses import is_server_address

    raw = getattr(args, "vault", None) or os.environ.get("PAIRDESK_VAULT")
    if is_server_address(raw):
        return str(raw).strip()
    return vault_path(args)


def open_vault(
    args: argparse.Namespace,
    *,
    verify: bool = False,
    migrate: bool = True,
    schema_required: bool = True,
) -> Vault:
    from pairdesk.services import server_upgrade, vaults

    path = vault_location(args)
    if isinstance(path, Path) and not path.exists():
        raise CannotUnlock(
            _("There is no vault at {path}. Create one with: pairdesk init").format(path=path)
        )
    return vaults.open_vault(
        path,
        read_passphrase(args),
        verify=verify,
        migrate=migrate,
        schema_required=schema_required,
        fallback_read_only=may_open_read_only(args),
        server_backup=server_upgrade.backup_before_upgrade,
    )


#: Commands that only read: when another pairdesk holds the vault, they open it read-only
#: (no lock, no migration, no checkpoint) instead of exiting with 9. Should one of them
#: try to write anyway, it stops with exit 9 and changes nothing.
READ_ONLY_COMMANDS = frozenset({"check", "participants", "indicators", "backups"})


def may_open_read_only(args: argparse.Namespace) -> bool:
    """``participants --format csv|json`` is an audited export: it needs the vault itself."""
    command = getattr(args, "command", None)
    if command == "participants" and getattr(args, "format", "table") != "table":
        return False
    return command in READ_ONLY_COMMANDS


def context(vault: Vault, args: argparse.Namespace) -> ServiceContext:
    """The context of a command that reads or changes personal data: acting as the
    operator named by ``--operator`` / ``PAIRDESK_OPERATOR`` (PIN checked) when the vault
    has a team; as the system only while the team is still empty. On a server, the
    database login acts: ``--operator`` and ``--pin-file`` are refused (exit 2) and
    ``PAIRDESK_OPERATOR`` is ignored."""
    from pairdesk.services import vaults
    from pairdesk.services.context import ServiceContext

    ctx = ServiceContext(vault)
    on_server = vaults.server_operator(vault)
    if on_server is not None:
        refuse_operator_options(args)
        return ctx.with_operator(on_server)
    return ctx.with_operator(resolve_operator(ctx, args))


def refuse_operator_options(args: argparse.Namespace) -> None:
    """On a server the login is the operator: naming another one, or a PIN, is an error."""
    if getattr(args, "operator", None) or getattr(args, "pin_file", None):
        raise UsageError(
            _(
                "On a server the database login is the operator: leave out --operator and "
                "--pin-file (each person logs in with their own user name and password)."
            )
        )


@contextlib.contextmanager
def audited(args: argparse.Namespace) -> Iterator[ServiceContext]:
    """The vault opened, the operator resolved and one transaction around the command:
    its audit line (EXPORT of a document, a list…) is kept only if its output was written."""
    with open_vault(args) as vault:
        ctx = context(vault, args)
        with ctx.transaction():
            yield ctx


def operator_name(args: argparse.Namespace) -> tuple[str | None, bool]:
    """The operator asked for, and whether it came from ``--operator`` (not the variable)."""
    explicit = getattr(args, "operator", None)
    if explicit:
        return str(explicit), True
    env = os.environ.get("PAIRDESK_OPERATOR", "").strip()
    return (env or None), False


def resolve_operator(
    ctx: ServiceContext, args: argparse.Namespace, *, required: bool = True
) -> Operator:
    """Who is acting. With a team, the named member (their PIN asked or read from
    ``--pin-file``, checked like the window does); without a name, exit 2 listing the
    active members when ``required``, else the system (``team list``). A vault without
    a team yet acts as the system (the first-coordinator default)."""
    from pairdesk.services import sessions, team
    from pairdesk.services.context import SYSTEM, first_coordinator

    name, explicit = operator_name(args)
    if sessions.team_is_empty(ctx):
        if explicit:
            raise UsageError(
                _(
                    "This vault has no team yet, so --operator cannot name anyone: leave it "
                    "out (the first coordinator is created in the window, or by demo-data)."
                )
            )
        return first_coordinator(ctx)
    if name is None:
        if not required:
            return SYSTEM
        members = sorted(team.list_members(ctx), key=lambda m: m.id)
        listed = "; ".join(
            _("{id} {name} ({role})").format(id=m.id, name=m.name, role=m.role.label)
            for m in members
        )
        raise UsageError(
            _(
                "--operator NAME (or PAIRDESK_OPERATOR) is required: this vault has a team. "
                "Give a team member's number or name. Active members: {members}."
            ).format(members=listed or _("none"))
        )
    member = sessions.find_member(ctx, name)
    pin = read_pin(args, member.name) if member.has_pin and member.active else None
    return sessions.authenticate(ctx, member.id, pin)


def read_pin(args: argparse.Namespace, name: str) -> str:
    file = getattr(args, "pin_file", None)
    if file:
        return _read_secret_file(
            file,
            _("The PIN file {path} cannot be read: {reason}"),
            _("The PIN file must be UTF-8 text."),
        ).strip()
    if not sys.stdin or not sys.stdin.isatty():
        raise UsageError(
            _(
                "--pin-file FILE is required: {name} has a PIN and there is no terminal to "
                "ask for it."
            ).format(name=name)
        )
    return getpass.getpass(_("PIN of {name}: ").format(name=name))


def write_table(out: TextIO, headers: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    widths = [len(h) for h in headers]
    for row in rows:
        widths = [max(w, len(c)) for w, c in zip(widths, row, strict=True)]
    out.write("  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip() + "\n")
    out.write("  ".join("-" * w for w in widths) + "\n")
    for row in rows:
        out.write("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() + "\n")


def format_number(value: object) -> str:
    """A figure as the command line prints it, in the language's way (1 234,5 in French),
    its thousands apart by a no-break space that every console's encoding has (not the
    narrow one CLDR gives French, which Windows' code page 1252 lacks)."""
    if value is None:
        return "—"
    if isinstance(value, int | float) and not isinstance(value, bool):
        from pairdesk.formatting import number

        return number(value, digits=3).replace("\u202f", "\u00a0")
    return str(value)


# -- failures -----------------------------------------------------------------------------


def exit_code_for(exc: BaseException, out: TextIO) -> int:
    """The exit code of a command that raised ``exc``, its one line written to stderr."""
    if isinstance(exc, BrokenPipeError):
        return output_closed(out)
    if isinstance(exc, UserError):
        return _say(exc)
    import sqlcipher3
    from sqlalchemy.exc import DBAPIError

    from pairdesk.store.vault import _is_disk_problem as is_disk_problem
    from pairdesk.store.vault import translate_db_error

    if isinstance(exc, DBAPIError | sqlcipher3.dbapi2.Error):
        # sqlcipher3 errors arrive raw from connections SQLAlchemy does not wrap
        raw = exc.orig if isinstance(exc, DBAPIError) and exc.orig is not None else exc
        translated = translate_db_error(raw)
        return _bug(exc) if translated is None else _say(translated)
    if isinstance(exc, KeyboardInterrupt):
        sys.stderr.write(
            _("pairdesk: interrupted; nothing was changed by the interrupted step.") + "\n"
        )
        return 130
    if isinstance(exc, OSError) and is_disk_problem(exc):
        translated = translate_db_error(exc)
        assert translated is not None
        return _say(translated)
    return _bug(exc)


def _say(error: UserError) -> int:
    sys.stderr.write(_("pairdesk: {message}").format(message=error.message) + "\n")
    return int(error.exit_code)


#: The shell's status for a process ended by SIGPIPE (128 + 13): what ``yes | head`` gives.
OUTPUT_CLOSED = 141


def output_closed(out: TextIO) -> int:
    """The reader of our output went away (``pairdesk indicators … | head``): stop quietly.

    Standard output is pointed at the null device so that the interpreter's final flush
    does not report the broken pipe again."""
    if out is sys.stdout or out is sys.__stdout__:
        with contextlib.suppress(OSError, ValueError, AttributeError):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, out.fileno())
            os.close(devnull)
    return OUTPUT_CLOSED


def _bug(exc: BaseException) -> int:
    log_bug(exc)
    sys.stderr.write(
        _(
            "pairdesk: an unexpected error occurred ({kind}). Nothing more was changed. "
            "Details for the developers, without personal data, are in {folder}."
        ).format(kind=type(exc).__name__, folder=paths.log_dir())
        + "\n"
    )
    return ExitCode.UNEXPECTED

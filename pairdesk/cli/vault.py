"""The command line: the same services as the window, headless.

Exit codes are those of ``pairdesk.errors.ExitCode``; messages are translated (French by
default, ``--lang en``) and never show a traceback. The passphrase comes from
``--passphrase-file`` (one trailing newline stripped), else ``PAIRDESK_PASSPHRASE``, else
the terminal without echo.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import datetime as dt
import getpass
import io
import json
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, NoReturn, TextIO

import sqlcipher3
from sqlalchemy.exc import DBAPIError

from pairdesk import __version__, i18n, paths
from pairdesk.diagnostics import log_bug
from pairdesk.domain.enums import Role
from pairdesk.errors import (
    CannotUnlock,
    ExitCode,
    InvalidInput,
    PermissionDenied,
    UsageError,
    UserError,
)
from pairdesk.i18n import _
from pairdesk.services.context import SYSTEM, Operator, ServiceContext, first_coordinator
from pairdesk.store.vault import Vault, create_vault, open_vault, translate_db_error

Handler = Callable[[argparse.Namespace, TextIO], int]


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage errors in the interface language, exit code 2."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        sys.stderr.write(_("pairdesk: invalid command: {detail}").format(detail=message) + "\n")
        raise SystemExit(ExitCode.USAGE)


def _iso_date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("{value!r} is not a date in the form YYYY-MM-DD").format(value=value)
        ) from None


def _positive_int(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = -1
    if number < 0:
        raise argparse.ArgumentTypeError(_("{value!r} is not a whole number").format(value=value))
    return number


# -- passphrase and opening ---------------------------------------------------------------


def read_passphrase(args: argparse.Namespace, *, confirm: bool = False) -> str:
    file = getattr(args, "passphrase_file", None)
    if file:
        os.environ.pop("PAIRDESK_PASSPHRASE", None)
        try:
            raw = Path(file).read_bytes().decode("utf-8")
        except OSError as exc:
            raise UsageError(
                _("The passphrase file {path} cannot be read: {reason}").format(
                    path=file, reason=exc.strerror
                )
            ) from None
        except UnicodeDecodeError:
            raise UsageError(_("The passphrase file must be UTF-8 text.")) from None
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


def _vault_path(args: argparse.Namespace) -> Path:
    return paths.vault_path(getattr(args, "vault", None))


def _open(
    args: argparse.Namespace,
    *,
    verify: bool = False,
    migrate: bool = True,
    schema_required: bool = True,
) -> Vault:
    path = _vault_path(args)
    if not path.exists():
        raise CannotUnlock(
            _("There is no vault at {path}. Create one with: pairdesk init").format(path=path)
        )
    return open_vault(
        path,
        read_passphrase(args),
        verify=verify,
        migrate=migrate,
        schema_required=schema_required,
        fallback_read_only=_may_open_read_only(args),
    )


#: Commands that only read: when another pairdesk holds the vault, they open it read-only
#: (no lock, no migration, no checkpoint) instead of exiting with 9. Should one of them
#: try to write anyway, it stops with exit 9 and changes nothing.
READ_ONLY_COMMANDS = frozenset({"check", "participants", "indicators", "backups"})


def _may_open_read_only(args: argparse.Namespace) -> bool:
    """``participants --format csv|json`` is an audited export: it needs the vault itself."""
    command = getattr(args, "command", None)
    if command == "participants" and getattr(args, "format", "table") != "table":
        return False
    return command in READ_ONLY_COMMANDS


def _context(vault: Vault, args: argparse.Namespace) -> ServiceContext:
    """The context of a command that reads or changes personal data: acting as the
    operator named by ``--operator`` / ``PAIRDESK_OPERATOR`` (PIN checked) when the vault
    has a team; as the system only while the team is still empty."""
    ctx = ServiceContext(vault)
    return ctx.with_operator(resolve_operator(ctx, args))


@contextlib.contextmanager
def _audited(args: argparse.Namespace) -> Iterator[ServiceContext]:
    """The vault opened, the operator resolved and one transaction around the command:
    its audit line (EXPORT of a document, a list…) is kept only if its output was written."""
    with _open(args) as vault:
        ctx = _context(vault, args)
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
    pin = _read_pin(args, member.name) if member.has_pin and member.active else None
    return sessions.authenticate(ctx, member.id, pin)


def _read_pin(args: argparse.Namespace, name: str) -> str:
    file = getattr(args, "pin_file", None)
    if file:
        try:
            raw = Path(file).read_bytes().decode("utf-8")
        except OSError as exc:
            raise UsageError(
                _("The PIN file {path} cannot be read: {reason}").format(
                    path=file, reason=exc.strerror
                )
            ) from None
        except UnicodeDecodeError:
            raise UsageError(_("The PIN file must be UTF-8 text.")) from None
        return raw.strip()
    if not sys.stdin or not sys.stdin.isatty():
        raise UsageError(
            _(
                "--pin-file FILE is required: {name} has a PIN and there is no terminal to "
                "ask for it."
            ).format(name=name)
        )
    return getpass.getpass(_("PIN of {name}: ").format(name=name))


def require_coordinator(operator: Operator, message: str) -> None:
    """Refuse (exit 7) unless the operator is a coordinator (or the system, no team yet)."""
    if operator.id is not None and operator.role is not Role.COORDINATOR:
        raise PermissionDenied(message)


# -- subcommands --------------------------------------------------------------------------


def cmd_init(args: argparse.Namespace, out: TextIO) -> int:
    path = _vault_path(args)
    if path.exists():
        raise InvalidInput(
            _("A file already exists at {path}; it was not overwritten.").format(path=path)
        )
    name = args.association
    if not name:
        if sys.stdin and sys.stdin.isatty():
            name = input(_("Name of the association: ")).strip()
        if not name:
            raise InvalidInput(_("The association's name is required (--association NAME)."))
    passphrase = read_passphrase(args, confirm=True)
    vault = create_vault(path, passphrase, association_name=name)
    try:
        _seed_reference_data(ServiceContext(vault))
    finally:
        vault.close()
    out.write(_("Vault created: {path}").format(path=path) + "\n")
    out.write(
        _(
            "Keep the passphrase somewhere safe: without it, nobody can open the vault, "
            "not even the pairdesk developers."
        )
        + "\n"
    )
    return ExitCode.OK


def _seed_reference_data(ctx: ServiceContext) -> None:
    from pairdesk.services import coaching

    coaching.ensure_question_bank(ctx)


def cmd_demo_data(args: argparse.Namespace, out: TextIO) -> int:
    from pairdesk.services import demo

    with _open(args) as vault:
        ctx = _context(vault, args)
        if not args.force:
            demo.refuse_real_records(ctx, args.participants)  # before anything is written
        _seed_reference_data(ctx)
        summary = demo.generate_demo_data(
            ctx,
            participants=args.participants,
            seed=args.seed,
            today=args.today,
            force=args.force,
        )
    out.write(
        i18n.ngettext(
            "Demo data written: {count} fictional participant.",
            "Demo data written: {count} fictional participants.",
            summary.participants,
        ).format(count=summary.participants)
        + "\n"
    )
    out.write(
        _(
            "{workshops} workshops, {offers} job offers, {contracts} contracts, "
            "{team} team members."
        ).format(
            workshops=summary.workshops,
            offers=summary.offers,
            contracts=summary.contracts,
            team=summary.team_members,
        )
        + "\n"
    )
    return ExitCode.OK


def cmd_check(args: argparse.Namespace, out: TextIO) -> int:
    from pairdesk.store import migrations

    vault = _open(args, migrate=False, schema_required=False)
    with vault:
        report = vault.integrity()
        state = migrations.schema_state(vault)
    ok, bad = _("OK"), _("FAILED")
    out.write(_("Vault: {path}").format(path=vault.path) + "\n")
    out.write(_("Passphrase: {status}").format(status=ok) + "\n")
    out.write(
        _("Encryption integrity (every page): {status}").format(
            status=ok if report.cipher_ok else bad
        )
        + "\n"
    )
    out.write(
        _("Database structure: {status}").format(status=ok if report.sqlite_ok else bad) + "\n"
    )
    if state.current is None:
        schema = _("{status} (no schema version recorded: the vault is damaged)").format(status=bad)
    elif state.current == state.head:
        schema = _("{version} (current)").format(version=state.current)
    else:
        schema = _("{version} (will be upgraded to {head} at the next opening)").format(
            version=state.current, head=state.head
        )
    out.write(_("Schema version: {schema}").format(schema=schema) + "\n")
    out.write(_("Size: {size} KiB").format(size=f"{report.size_bytes // 1024:n}") + "\n")
    if not (report.cipher_ok and report.sqlite_ok and state.current is not None):
        out.write(
            _(
                "The vault is damaged. Restore the latest backup (pairdesk restore) and keep "
                "the damaged file aside."
            )
            + "\n"
        )
        return ExitCode.DAMAGED
    return ExitCode.OK


_PARTICIPANT_FIELDS = ("id", "first_name", "last_name", "pseudonym", "city", "status", "anonymised")


def cmd_participants(args: argparse.Namespace, out: TextIO) -> int:
    """The list on screen (table), or exported (csv, json): an export needs the whole-file
    export right, is recorded as EXPORT, and its CSV text cells are neutralised. The
    output is written inside the audit line's transaction: if it cannot be written, no
    line is left saying it was."""
    from pairdesk.domain.enums import AuditAction
    from pairdesk.domain.permissions import Permission, require
    from pairdesk.services.participants import ParticipantFilter, list_participants

    exporting = args.format in {"csv", "json"}
    with _open(args) as vault:
        ctx = _context(vault, args)
        if exporting:
            require(ctx, Permission.EXPORT_FILES)
        with ctx.transaction() as session:
            rows = list_participants(
                ctx, ParticipantFilter(search=args.search or ""), limit=10_000_000
            )
            text = _participants_text(args.format, rows)
            if exporting:
                ctx.audit(
                    session,
                    "export",
                    None,
                    AuditAction.EXPORT,
                    f"list=participants format={args.format} rows={len(rows)}"
                    + (" filtered=yes" if args.search else ""),
                )
                session.flush()
            out.write(text)
            out.flush()
    return ExitCode.OK


def _participants_text(fmt: str, rows: Sequence[Any]) -> str:
    from pairdesk.domain.tabular import neutralise

    records: list[dict[str, Any]] = [
        {
            "id": r.id,
            "first_name": r.first_name,
            "last_name": r.last_name,
            "pseudonym": r.pseudonym,
            "city": r.city,
            "status": str(r.status),
            "anonymised": bool(r.anonymised),
        }
        for r in rows
    ]
    buffer = io.StringIO()
    if fmt == "json":
        json.dump(records, buffer, ensure_ascii=False, indent=2)
        buffer.write("\n")
    elif fmt == "csv":
        writer = csv.DictWriter(buffer, fieldnames=_PARTICIPANT_FIELDS, lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(
            {k: neutralise(v) if isinstance(v, str) else v for k, v in rec.items()}
            for rec in records
        )
    else:
        headers = {
            "id": _("No."),
            "first_name": _("First name"),
            "last_name": _("Last name"),
            "pseudonym": _("Pseudonym"),
            "city": _("City"),
            "status": _("Status"),
            "anonymised": _("Anonymised"),
        }
        table = [
            {
                **rec,
                "status": r.status.label,
                "anonymised": _("yes") if rec["anonymised"] else _("no"),
            }
            for rec, r in zip(records, rows, strict=True)
        ]
        _write_table(
            buffer,
            [headers[f] for f in _PARTICIPANT_FIELDS],
            [[str(t[f]) for f in _PARTICIPANT_FIELDS] for t in table],
        )
        buffer.write(
            i18n.ngettext("{count} participant", "{count} participants", len(rows)).format(
                count=len(rows)
            )
            + "\n"
        )
    return buffer.getvalue()


def _write_table(out: TextIO, headers: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    widths = [len(h) for h in headers]
    for row in rows:
        widths = [max(w, len(c)) for w, c in zip(widths, row, strict=True)]
    out.write("  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip() + "\n")
    out.write("  ".join("-" * w for w in widths) + "\n")
    for row in rows:
        out.write("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() + "\n")


def _format_number(value: object) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        from babel.numbers import format_decimal

        return format_decimal(round(value, 3), locale=i18n.current_language())
    return str(value)


def cmd_indicators(args: argparse.Namespace, out: TextIO) -> int:
    from pairdesk.services.indicators import compute_indicators

    if args.end < args.start:
        raise InvalidInput(_("--to cannot be before --from."))
    with _open(args) as vault:
        report = compute_indicators(_context(vault, args), args.start, args.end)
    if args.format == "json":
        json.dump(report.as_json(), out, ensure_ascii=False, indent=2)
        out.write("\n")
        return ExitCode.OK
    rows = [
        [
            item.label,
            _format_number(item.value),
            _format_number(item.numerator),
            _format_number(item.denominator),
        ]
        for item in report.items.values()
    ]
    _write_table(out, [_("Indicator"), _("Value"), _("Numerator"), _("Denominator")], rows)
    return ExitCode.OK


def cmd_backup(args: argparse.Namespace, out: TextIO) -> int:
    folder = Path(args.to).expanduser() if args.to else paths.backups_dir()
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    with _open(args) as vault:
        ctx = _context(vault, args)
        destination = folder / f"{vault.path.stem}-{stamp}.pairdesk"
        vault.export_copy(destination)
        _audit_backup(ctx)
    out.write(str(destination) + "\n")
    return ExitCode.OK


def _audit_backup(ctx: ServiceContext) -> None:
    """Record who made a backup, once it is written (the line is not in the copy)."""
    from pairdesk.domain.enums import AuditAction

    with ctx.transaction() as session:
        ctx.audit(session, "vault", None, AuditAction.BACKUP, "command line")


# -- parser -------------------------------------------------------------------------------


def _common(parser: argparse.ArgumentParser, *, suppress: bool) -> None:
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


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="pairdesk",
        description=_("pairdesk: the encrypted record of a peer-support association."),
    )
    parser.add_argument("--version", action="version", version=f"pairdesk {__version__}")
    parser.add_argument(
        "--demo", action="store_true", help=_("open a throw-away vault full of fictional data")
    )
    _common(parser, suppress=False)
    sub = parser.add_subparsers(dest="command", metavar=_("COMMAND"), parser_class=_Parser)

    def add(name: str, handler: Handler, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        _common(p, suppress=True)
        p.set_defaults(handler=handler)
        return p

    p = add("init", cmd_init, _("create a new vault"))
    p.add_argument("--association", metavar=_("NAME"), help=_("name of the association"))

    p = add("demo-data", cmd_demo_data, _("fill a vault with fictional demo data"))
    p.add_argument("--participants", type=_positive_int, default=60, metavar="N")
    p.add_argument("--seed", type=int, default=1, metavar="S")
    p.add_argument("--today", type=_iso_date, default=None, metavar="YYYY-MM-DD")
    p.add_argument(
        "--force",
        action="store_true",
        help=_("add demo data even to a vault that holds real records"),
    )

    add("check", cmd_check, _("check the passphrase, the encryption and the schema"))

    p = add("participants", cmd_participants, _("list participants"))
    p.add_argument("--search", metavar=_("TEXT"))
    p.add_argument("--format", choices=("table", "csv", "json"), default="table")

    p = add("indicators", cmd_indicators, _("compute the shared indicators for a period"))
    p.add_argument("--from", dest="start", type=_iso_date, required=True, metavar="YYYY-MM-DD")
    p.add_argument("--to", dest="end", type=_iso_date, required=True, metavar="YYYY-MM-DD")
    p.add_argument("--format", choices=("table", "json"), default="table")

    p = add("backup", cmd_backup, _("write a verified encrypted copy of the vault"))
    p.add_argument("--to", metavar=_("FOLDER"))

    from pairdesk.cli_reports import add_report_commands

    add_report_commands(sub, add)
    from pairdesk.cli_privacy import add_privacy_commands

    add_privacy_commands(sub, add)
    from pairdesk.cli_trust import add_trust_commands

    add_trust_commands(sub, add)
    from pairdesk.cli_data import add_data_commands

    add_data_commands(sub, add)
    from pairdesk.cli_team import add_team_commands

    add_team_commands(sub, add)
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
    except BrokenPipeError:
        return _output_closed(out)
    except UserError as exc:
        sys.stderr.write(_("pairdesk: {message}").format(message=exc.message) + "\n")
        return int(exc.exit_code)
    except DBAPIError as exc:
        translated = translate_db_error(exc.orig if exc.orig is not None else exc)
        if translated is not None:
            sys.stderr.write(_("pairdesk: {message}").format(message=translated.message) + "\n")
            return int(translated.exit_code)
        return _bug(exc)
    except sqlcipher3.dbapi2.Error as exc:  # raised outside SQLAlchemy (raw connections)
        translated = translate_db_error(exc)
        if translated is not None:
            sys.stderr.write(_("pairdesk: {message}").format(message=translated.message) + "\n")
            return int(translated.exit_code)
        return _bug(exc)
    except KeyboardInterrupt:
        sys.stderr.write(
            _("pairdesk: interrupted; nothing was changed by the interrupted step.") + "\n"
        )
        return 130
    except OSError as exc:
        from pairdesk.store.vault import _is_disk_problem

        if _is_disk_problem(exc):
            translated = translate_db_error(exc)
            assert translated is not None
            sys.stderr.write(_("pairdesk: {message}").format(message=translated.message) + "\n")
            return int(translated.exit_code)
        return _bug(exc)
    except Exception as exc:
        return _bug(exc)


#: The shell's status for a process ended by SIGPIPE (128 + 13): what ``yes | head`` gives.
OUTPUT_CLOSED = 141


def _output_closed(out: TextIO) -> int:
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


__all__ = ["build_parser", "main", "read_passphrase"]

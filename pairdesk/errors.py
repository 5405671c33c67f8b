"""Two kinds of failure: ``UserError`` (expected, with a translated message) and bugs.

Every ``UserError`` carries the command-line exit code that reports it, so the CLI and the
window tell the same story.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    UNEXPECTED = 1
    USAGE = 2
    CANNOT_UNLOCK = 3
    DAMAGED = 4
    NEWER_VERSION = 5
    UNKNOWN_ID = 6
    INVALID_INPUT = 7
    DISK = 8
    VAULT_IN_USE = 9
    SERVER_UNREACHABLE = 10
    TLS_REFUSED = 11
    EDIT_CONFLICT = 12


class PairdeskError(Exception):
    """Base of pairdesk's own exceptions."""


class UserError(PairdeskError):
    """Something the user can fix or must know. ``message`` is already translated."""

    exit_code: ExitCode = ExitCode.UNEXPECTED

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return self.message


class CannotUnlock(UserError):
    exit_code = ExitCode.CANNOT_UNLOCK


class VaultDamaged(UserError):
    exit_code = ExitCode.DAMAGED


class NewerVault(UserError):
    exit_code = ExitCode.NEWER_VERSION


class UnknownId(UserError):
    exit_code = ExitCode.UNKNOWN_ID


class InvalidInput(UserError):
    exit_code = ExitCode.INVALID_INPUT


class DiskError(UserError):
    exit_code = ExitCode.DISK


class PermissionDenied(UserError):
    exit_code = ExitCode.INVALID_INPUT


class VaultInUse(UserError):
    """Another pairdesk process (or another open in this one) holds the vault, or the
    vault was opened read-only because of that and a change was attempted."""

    exit_code = ExitCode.VAULT_IN_USE
    #: the ``LockHolder`` read from the lock file, when known
    holder: object | None = None
    #: the holder's name, when the process could unlock the vault to look it up
    member: str | None = None


class UsageError(UserError):
    exit_code = ExitCode.USAGE


class ServerUnreachable(UserError):
    """A vault on a PostgreSQL server that cannot be reached (down, wrong address, no
    network): nothing was read or changed."""

    exit_code = ExitCode.SERVER_UNREACHABLE


class TlsRefused(UserError):
    """The server's TLS certificate was refused (unknown authority, wrong name, expired)."""

    exit_code = ExitCode.TLS_REFUSED


class EditConflict(UserError):
    """A save refused because someone else saved the same record since it was read
    (optimistic concurrency, ``edit_version``): nothing was written. ``changes`` maps each
    field the save would have overwritten to the value stored now (theirs); ``version`` is
    the version stored now, to save against once the person has chosen (None when the
    clash was found by the engine at the very moment of writing: reload, then redo)."""

    exit_code = ExitCode.EDIT_CONFLICT

    def __init__(self, message: str, *, changes: Mapping[str, object], version: int | None) -> None:
        super().__init__(message)
        self.changes = dict(changes)
        self.version = version

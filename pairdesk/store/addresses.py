"""Vault addresses: ``postgresql://USER@HOST[:PORT]/DATABASE`` names a vault on a server,
anything else a file (issue 14). Standard library only, so that the command line and the
unlock dialog can tell one from the other before the database layer is imported.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import parse_qsl, unquote, urlsplit

from pairdesk.errors import UsageError
from pairdesk.i18n import _
from pairdesk.paths import SERVER_SCHEMES as SCHEMES
from pairdesk.paths import is_server_address

#: The options an address may carry after ``?`` (libpq's names).
ALLOWED_OPTIONS = frozenset(
    {"sslmode", "sslrootcert", "sslcert", "sslkey", "sslcrl", "host", "connect_timeout"}
)
LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})

__all__ = ["SCHEMES", "ServerAddress", "is_server_address", "parse_address"]


@dataclass(frozen=True)
class ServerAddress:
    """A parsed ``postgresql://USER@HOST[:PORT]/DATABASE[?options]`` address."""

    user: str
    host: str  # empty for the default local socket
    port: int | None
    database: str
    options: dict[str, str] = field(default_factory=dict)

    @property
    def is_local(self) -> bool:
        """This machine: a socket (no host, or ``host=/folder``) or a loopback address."""
        socket_dir = self.options.get("host", "")
        return (not self.host and (not socket_dir or socket_dir.startswith("/"))) or (
            self.host.lower() in LOCAL_HOSTS
        )

    @property
    def sslmode(self) -> str | None:
        """``verify-full`` unless the address is local or names its own mode."""
        if "sslmode" in self.options:
            return self.options["sslmode"]
        return None if self.is_local else "verify-full"

    def display(self) -> str:
        """The address as people write it (no password is ever part of it)."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        port = f":{self.port}" if self.port else ""
        return f"postgresql://{self.user}@{host}{port}/{self.database}"


def parse_address(location: str) -> ServerAddress:
    """Parse a server address or raise ``UsageError`` (exit 2) saying what is wrong."""
    raw = location.strip()
    if not is_server_address(raw):
        raise UsageError(_("{address} is not a server address.").format(address=raw))
    example = "postgresql://USER@HOST[:PORT]/DATABASE"
    try:
        parts = urlsplit(raw)
        port = parts.port
    except ValueError:
        raise UsageError(
            _("The server address {address} is not valid: write it as {example}.").format(
                address=raw, example=example
            )
        ) from None
    if parts.password is not None:
        raise UsageError(
            _(
                "The server address must not contain the password: give it with "
                "--passphrase-file (or type it when asked)."
            )
        )
    user = unquote(parts.username or "")
    database = unquote(parts.path.lstrip("/"))
    if not user or not database or "/" in database or parts.fragment:
        raise UsageError(
            _("The server address {address} is not valid: write it as {example}.").format(
                address=raw, example=example
            )
        )
    options: dict[str, str] = {}
    for key, value in parse_qsl(parts.query, keep_blank_values=True):
        if key not in ALLOWED_OPTIONS:
            raise UsageError(
                _("The server address cannot set {option}; allowed: {allowed}.").format(
                    option=key, allowed=", ".join(sorted(ALLOWED_OPTIONS))
                )
            )
        options[key] = value
    return ServerAddress(
        user=user, host=parts.hostname or "", port=port, database=database, options=options
    )

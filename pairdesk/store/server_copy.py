"""A vault file copied from a server remembers it (issue 14, "Offline stays first").

``pairdesk backup`` on a server and ``pairdesk transfer`` from a server to a file write, in
the copy's ``setting`` table, the server's address (never a password) and when the copy was
taken. Such a copy opens **read-only**: reading and printing work (a print's audit line is
still written, locally), every other change is refused with ``ReadOnlyCopy``. The refusal
is made once, here, on every statement the vault's engine sends (``refusal``, called by
``Vault._before_execute``), so no service has to think of it.

Turning the copy into an independent vault (``services.vaults.make_independent``) records
when; the origin stays, and ``transfer`` refuses to send that vault back to the same
server: merging diverging copies is not supported.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace

from sqlalchemy import Connection, delete, insert, select
from sqlalchemy.orm import Session

from pairdesk.errors import PermissionDenied
from pairdesk.i18n import _
from pairdesk.store.addresses import ServerAddress, parse_address
from pairdesk.store.models import Setting

ADDRESS_KEY = "server_copy.address"
TAKEN_KEY = "server_copy.taken_at"
INDEPENDENT_KEY = "server_copy.independent_at"
KEYS = (ADDRESS_KEY, TAKEN_KEY, INDEPENDENT_KEY)

#: What a read-only copy still lets through: reads, transaction control, and the audit
#: line of a print or a view (``INSERT INTO audit_entry``).
_ALLOWED = re.compile(
    r"\s*(SELECT|PRAGMA|BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE|EXPLAIN|ATTACH|DETACH"
    r"|INSERT\s+INTO\s+\"?audit_entry\"?[\s(])",
    re.IGNORECASE,
)
_WITH_WRITE = re.compile(r"\b(INSERT|UPDATE|DELETE|REPLACE)\b", re.IGNORECASE)


class ReadOnlyCopy(PermissionDenied):
    """A change attempted on a read-only copy of a server (exit 7)."""


@dataclass(frozen=True, slots=True)
class ServerCopy:
    """Where a vault file was copied from, and whether it has been made independent."""

    address: str  # as people write it, without a password
    taken_at: dt.datetime  # aware
    independent_at: dt.datetime | None = None

    @property
    def read_only(self) -> bool:
        return self.independent_at is None

    def refuses(self, statement: str) -> bool:
        """True when ``statement`` is a change this copy does not allow."""
        return self.read_only and is_write(statement)

    def same_server(self, other: str) -> bool:
        """True when the address ``other`` names the database this copy was taken from
        (whoever logs in: the user is left out)."""
        try:
            return _identity(parse_address(self.address)) == _identity(parse_address(other))
        except Exception:  # an unreadable stored address is compared as text
            return self.address.strip() == other.strip()

    def refusal(self) -> ReadOnlyCopy:
        local = self.taken_at.astimezone()
        return ReadOnlyCopy(
            _(
                "This copy of the server {address} (taken on {date} at {time}) is read-only: "
                "it can be consulted and printed, not changed. Make your changes on the "
                "server, or turn this copy into an independent vault (“Make independent…” "
                "in the window, pairdesk independent on the command line), which will then "
                "never go back to the server."
            ).format(
                address=self.address,
                date=local.strftime("%d/%m/%Y"),
                time=local.strftime("%H:%M"),
            )
        )


def _identity(address: ServerAddress) -> tuple[str, int, str]:
    host = address.host.lower() or address.options.get("host", "")
    if host in ("localhost", "::1"):
        host = "127.0.0.1"
    return host, address.port or 5432, address.database


def is_write(statement: str) -> bool:
    """True for a statement a read-only copy refuses: anything but a read, transaction
    control and an audit line."""
    text = statement.lstrip()
    if _ALLOWED.match(text):
        return False
    if text[:4].upper() == "WITH":  # a query with common table expressions
        return bool(_WITH_WRITE.search(text))
    return True


# -- reading and writing the settings ----------------------------------------------------------


def _parse_time(text: str | None) -> dt.datetime | None:
    if not text:
        return None
    try:
        value = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    return value if value.tzinfo is not None else value.astimezone()


def read(conn: Connection | Session) -> ServerCopy | None:
    """The copy's origin from its settings, or ``None`` for a vault that is not one."""
    query = select(Setting.key, Setting.value).where(Setting.key.in_(KEYS))
    rows = {str(key): str(value) for key, value in conn.execute(query)}
    address = rows.get(ADDRESS_KEY)
    taken = _parse_time(rows.get(TAKEN_KEY))
    if not address or taken is None:
        return None
    return ServerCopy(address, taken, _parse_time(rows.get(INDEPENDENT_KEY)))


def forget(conn: Connection) -> None:
    """Remove the origin (a vault copied onto a server is the server's, not a copy)."""
    conn.execute(delete(Setting).where(Setting.key.in_(KEYS)))


def record(conn: Connection, address: str, taken_at: dt.datetime) -> ServerCopy:
    """Mark the vault written through ``conn`` as a read-only copy of ``address``."""
    forget(conn)
    copy = ServerCopy(address, taken_at.astimezone())
    conn.execute(
        insert(Setting),
        [
            {"key": ADDRESS_KEY, "value": copy.address},
            {"key": TAKEN_KEY, "value": copy.taken_at.isoformat(timespec="seconds")},
        ],
    )
    return copy


def independent(copy: ServerCopy, when: dt.datetime) -> ServerCopy:
    return replace(copy, independent_at=when.astimezone())


def record_independent(session: Session, copy: ServerCopy) -> None:
    assert copy.independent_at is not None
    session.merge(
        Setting(key=INDEPENDENT_KEY, value=copy.independent_at.isoformat(timespec="seconds"))
    )

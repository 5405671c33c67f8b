"""The team, its members' PINs, the association profile and vault settings.

Only a coordinator may change the team, the association profile and the settings (the
referents directory, which every operator may keep up to date, is
:mod:`pairdesk.services.referents`). PINs are stored as salted scrypt
hashes (``scrypt$n$r$p$salt_hex$hash_hex``) and compared in constant time.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from pairdesk.domain import pins
from pairdesk.domain.enums import AuditAction, Role
from pairdesk.domain.text import fold
from pairdesk.domain.validation import (
    enum_value,
    free_text,
    int_in_range,
    optional_email,
    optional_line,
    required_line,
)
from pairdesk.errors import InvalidInput, PermissionDenied, UserError
from pairdesk.i18n import _
from pairdesk.services.context import ServiceContext, get_or_raise
from pairdesk.services.records import (
    read_object,
    read_record,
    require_version,
    saved,
    set_flag,
    stored_to_edit,
)
from pairdesk.store.models import Association, Setting, TeamMember

NAME_MAX = 100
PHONE_MAX = 50
LOGO_MAX_BYTES = 2 * 1024 * 1024
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
JPEG_MAGIC = b"\xff\xd8\xff"
SETTING_KEY_MAX = 100
ASSOCIATION_ID = 1
#: A server login's password (the server's own rule says the same).
LOGIN_PASSWORD_MIN = 12


def _require_coordinator(ctx: ServiceContext, message: str) -> None:
    if ctx.operator.role is not Role.COORDINATOR:
        raise PermissionDenied(message)


# -- team members --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TeamMemberInput:
    first_name: str
    last_name: str
    role: Role
    email: str = ""
    phone: str = ""
    #: the ``edit_version`` the form read; None: a save that is not checked
    edit_version: int | None = None


@dataclass(frozen=True, slots=True)
class TeamMemberRow:
    id: int
    first_name: str
    last_name: str
    role: Role
    email: str
    phone: str
    active: bool
    has_pin: bool
    edit_version: int

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


def _member_row(member: TeamMember) -> TeamMemberRow:
    return read_object(
        TeamMemberRow,
        member,
        role=Role(member.role),
        active=bool(member.active),
        has_pin=member.pin_hash is not None,
    )


def _team_refusal() -> str:
    return _("Only a coordinator can change the team.")


def _apply_member(member: TeamMember, data: TeamMemberInput) -> None:
    first_name = required_line(data.first_name, "first_name", _("First name"), max_length=NAME_MAX)
    last_name = required_line(data.last_name, "last_name", _("Last name"), max_length=NAME_MAX)
    role = enum_value(Role, data.role, "role", _("Role"))
    email = optional_email(data.email, "email", _("E-mail"))
    phone = optional_line(data.phone, "phone", _("Phone"), max_length=PHONE_MAX)
    member.first_name = first_name
    member.last_name = last_name
    member.role = role.value
    member.email = email
    member.phone = phone


def _other_active_coordinators(session: Session, member_id: int) -> int:
    return int(
        session.scalar(
            select(func.count(TeamMember.id)).where(
                TeamMember.role == Role.COORDINATOR.value,
                TeamMember.active.is_(True),
                TeamMember.id != member_id,
            )
        )
        or 0
    )


def _keep_a_coordinator(session: Session, member: TeamMember) -> None:
    """Refuse to leave the vault without an active coordinator."""
    was_coordinator = member.role == Role.COORDINATOR.value and member.active
    if was_coordinator and _other_active_coordinators(session, member.id) == 0:
        raise UserError(
            _("The team needs at least one active coordinator: appoint another one first.")
        )


def create_member(ctx: ServiceContext, data: TeamMemberInput) -> TeamMemberRow:
    _require_coordinator(ctx, _team_refusal())
    with ctx.transaction() as session:
        member = TeamMember(active=True, pin_hash=None)
        _apply_member(member, data)
        session.add(member)
        session.flush()
        ctx.audit(session, "team_member", member.id, AuditAction.CREATE, f"role={member.role}")
        return _member_row(member)


def _check_login(login: str) -> str:
    from pairdesk.store.server_roles import LOGIN_PATTERN

    cleaned = (login or "").strip()
    if not re.fullmatch(LOGIN_PATTERN, cleaned) or cleaned.startswith("pg_"):
        raise InvalidInput(
            _(
                "A login is 2 to 41 characters: lower-case letters without accents, digits "
                "and _, starting with a letter (not pg_)."
            ),
            field="login",
        )
    return cleaned


def _login_refusal(exc: DBAPIError, login: str) -> UserError:
    """The server's refusal of a new login, in plain words."""
    code = getattr(exc.orig, "sqlstate", None)
    if code == "42710":
        return InvalidInput(
            _("The server already has a user named {login}.").format(login=login), field="login"
        )
    if code == "42501":
        return PermissionDenied(_team_refusal())
    if code == "22023":
        return InvalidInput(
            _("The server refused the login or its password (12 characters at least)."),
            field="login",
        )
    raise exc


def has_logins(ctx: ServiceContext) -> bool:
    """Whether each team member logs in as themselves (a vault on a server) rather than
    choosing themselves among the team with a PIN (a file)."""
    return bool(getattr(ctx.vault, "is_server", False))


def add_server_member(
    ctx: ServiceContext, data: TeamMemberInput, login: str, password: str
) -> TeamMemberRow:
    """On a server vault, a team member who logs in as themselves: the member, and their
    PostgreSQL login role in their role's group (created by the database's
    ``pairdesk_server.add_member``, so nobody needs ``CREATEROLE``), in one transaction."""
    from pairdesk.store import server_roles

    _require_coordinator(ctx, _team_refusal())
    if not has_logins(ctx):
        raise UserError(_("Logins are for a vault on a server; a file's team uses PINs."))
    login = _check_login(login)
    if len(password) < LOGIN_PASSWORD_MIN:
        raise InvalidInput(
            _("The password must be {count} characters at least.").format(count=LOGIN_PASSWORD_MIN),
            field="password",
        )
    try:
        with ctx.transaction() as session:
            member = TeamMember(active=True, pin_hash=None)
            _apply_member(member, data)
            session.add(member)
            session.flush()
            server_roles.add_member(session.connection(), login, password, member.role, member.id)
            ctx.audit(session, "team_member", member.id, AuditAction.CREATE, f"role={member.role}")
            return _member_row(member)
    except DBAPIError as exc:
        raise _login_refusal(exc, login) from None


def update_member(ctx: ServiceContext, member_id: int, data: TeamMemberInput) -> TeamMemberRow:
    _require_coordinator(ctx, _team_refusal())
    with ctx.transaction() as session:
        member = stored_to_edit(
            session, TeamMember, member_id, _("team member"), data, _("this team member")
        )
        new_role = enum_value(Role, data.role, "role", _("Role"))
        if new_role is not Role.COORDINATOR:
            _keep_a_coordinator(session, member)
        old_role = member.role
        _apply_member(member, data)
        if member.role != old_role:
            _server_login_follows(ctx, session, member, role=member.role)
        saved(ctx, session, "team_member", member, AuditAction.UPDATE, f"role={member.role}")
        return _member_row(member)


def _server_login_follows(
    ctx: ServiceContext,
    session: Session,
    member: TeamMember,
    *,
    role: str | None = None,
    active: bool | None = None,
) -> None:
    """On a server, the member's login follows in the same transaction: into the group of
    their new ``role``, or disabled (NOLOGIN, out of every group, sessions ended) and
    enabled again (``active``). The database checks the caller is a coordinator too."""
    if not has_logins(ctx):
        return
    from pairdesk.store import server_roles

    session.flush()
    connection = session.connection()
    try:
        if role is not None:
            server_roles.set_member_role(connection, member.id, role)
        if active is not None:
            server_roles.set_member_login(connection, member.id, active)
    except DBAPIError as exc:
        if getattr(exc.orig, "sqlstate", None) == "42501":
            raise PermissionDenied(_team_refusal()) from None
        raise


def deactivate_member(ctx: ServiceContext, member_id: int) -> TeamMemberRow:
    """A member who left: kept for the history (audit, workshops), hidden from choices."""
    return _set_member_active(ctx, member_id, False)


def reactivate_member(ctx: ServiceContext, member_id: int) -> TeamMemberRow:
    return _set_member_active(ctx, member_id, True)


def _set_member_active(ctx: ServiceContext, member_id: int, active: bool) -> TeamMemberRow:
    """The team keeps an active coordinator: the last one cannot be deactivated."""
    _require_coordinator(ctx, _team_refusal())
    with ctx.transaction() as session:
        member = get_or_raise(session, TeamMember, member_id, _("team member"))
        if not active:
            _keep_a_coordinator(session, member)
        detail = "reactivated" if active else "deactivated"
        set_flag(ctx, session, "team_member", member, detail, active=active)
        _server_login_follows(ctx, session, member, active=active)
        return _member_row(member)


def get_member(ctx: ServiceContext, member_id: int) -> TeamMemberRow:
    return read_record(ctx, TeamMember, member_id, _("team member"), _member_row)


def list_members(ctx: ServiceContext, include_inactive: bool = False) -> list[TeamMemberRow]:
    """Team members sorted by last then first name, accents ignored."""
    with ctx.transaction() as session:
        query = select(TeamMember)
        if not include_inactive:
            query = query.where(TeamMember.active.is_(True))
        rows = [_member_row(m) for m in session.scalars(query).all()]
    return sorted(rows, key=lambda r: (fold(r.last_name), fold(r.first_name), r.id))


# -- PIN (its rules and hashing: domain/pins.py) -----------------------------------------------------------------------------------


def set_pin(ctx: ServiceContext, member_id: int, pin: str | None) -> TeamMemberRow:
    """Set (or with ``None`` remove) a member's PIN: a coordinator, or the member themself."""
    if ctx.operator.id != member_id:
        _require_coordinator(ctx, _team_refusal())
    new_hash = pins.hash_pin(pins.check_pin(pin)) if pin is not None else None
    with ctx.transaction() as session:
        member = get_or_raise(session, TeamMember, member_id, _("team member"))
        member.pin_hash = new_hash
        ctx.audit(
            session,
            "team_member",
            member.id,
            AuditAction.UPDATE,
            "pin set" if new_hash else "pin removed",
        )
        return _member_row(member)


def verify_pin(ctx: ServiceContext, member_id: int, pin: str) -> bool:
    """Whether ``pin`` is this active member's PIN (False when none is set)."""
    with ctx.transaction() as session:
        member = get_or_raise(session, TeamMember, member_id, _("team member"))
        stored = member.pin_hash if member.active else None
    return pins.pin_matches(stored, pin)


def member_name(session: Session, member_id: int | None) -> str:
    """ "First Last" of a team member, or "" (none, or no longer on file)."""
    if member_id is None:
        return ""
    member = session.get(TeamMember, member_id)
    return f"{member.first_name} {member.last_name}" if member else ""


# -- association profile -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AssociationInput:
    """The profile form. ``logo`` is PNG or JPEG bytes; ``None`` removes the logo."""

    name: str
    address: str = ""
    phone: str = ""
    email: str = ""
    logo: bytes | None = None
    opening_days: tuple[int, ...] = ()
    opening_hours: str = ""
    opening_days_per_year: int | None = None
    staff_fte: float | None = None
    #: the ``edit_version`` the form read; None: a save that is not checked
    edit_version: int | None = None


@dataclass(frozen=True, slots=True)
class AssociationProfile:
    name: str
    address: str
    phone: str
    email: str
    logo: bytes | None
    logo_kind: str | None  # "png", "jpeg" or None
    opening_days: tuple[int, ...]
    opening_hours: str
    opening_days_per_year: int | None
    staff_fte: float | None
    created_on: dt.date
    edit_version: int


def logo_kind(data: bytes | None) -> str | None:
    if not data:
        return None
    if data.startswith(PNG_MAGIC):
        return "png"
    if data.startswith(JPEG_MAGIC):
        return "jpeg"
    return None


def _parse_days(stored: str) -> tuple[int, ...]:
    days: list[int] = []
    for part in stored.split(","):
        part = part.strip()
        if part.isdigit() and 1 <= int(part) <= 7:
            days.append(int(part))
    return tuple(sorted(set(days)))


def _profile(association: Association) -> AssociationProfile:
    return AssociationProfile(
        name=association.name,
        address=association.address,
        phone=association.phone,
        email=association.email,
        logo=association.logo_png,
        logo_kind=logo_kind(association.logo_png),
        opening_days=_parse_days(association.opening_days),
        opening_hours=association.opening_hours,
        opening_days_per_year=association.opening_days_per_year,
        staff_fte=association.staff_fte,
        created_on=association.created_on,
        edit_version=association.edit_version,
    )


def _association(session: Session) -> Association:
    return get_or_raise(session, Association, ASSOCIATION_ID, _("association profile"))


def get_association(ctx: ServiceContext) -> AssociationProfile:
    with ctx.transaction() as session:
        return _profile(_association(session))


def _check_days(days: tuple[int, ...]) -> str:
    try:
        values = [int(d) for d in days]
    except (TypeError, ValueError):
        values = [0]
    if any(isinstance(d, bool) for d in days) or any(not 1 <= d <= 7 for d in values):
        raise InvalidInput(
            _("Opening days must be weekdays numbered 1 (Monday) to 7 (Sunday)."),
            field="opening_days",
        )
    return ",".join(str(d) for d in sorted(set(values)))


def _check_logo(logo: bytes | None) -> bytes | None:
    if logo is None or logo == b"":
        return None
    if not isinstance(logo, bytes | bytearray):
        raise InvalidInput(_("The logo must be a PNG or JPEG image."), field="logo")
    if len(logo) > LOGO_MAX_BYTES:
        raise InvalidInput(
            _("The logo is too large ({size} KB, at most {limit} KB).").format(
                size=math.ceil(len(logo) / 1024), limit=LOGO_MAX_BYTES // 1024
            ),
            field="logo",
        )
    if logo_kind(bytes(logo)) is None:
        raise InvalidInput(_("The logo must be a PNG or JPEG image."), field="logo")
    return bytes(logo)


def _check_fte(value: float | None) -> float | None:
    if value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        number = math.nan
    if isinstance(value, bool) or not 0 <= number <= 100:  # NaN fails the comparison
        raise InvalidInput(
            _("{field} must be a number from {low} to {high}.").format(
                field=_("Staff (full-time equivalent)"), low=0, high=100
            ),
            field="staff_fte",
        )
    return round(number, 2)


def update_association(ctx: ServiceContext, data: AssociationInput) -> AssociationProfile:
    _require_coordinator(ctx, _("Only a coordinator can change the association profile."))
    name = required_line(data.name, "name", _("Name of the association"), max_length=200)
    address = free_text(data.address, "address", _("Address"), max_length=1000)
    phone = optional_line(data.phone, "phone", _("Phone"), max_length=PHONE_MAX)
    email = optional_email(data.email, "email", _("E-mail"))
    logo = _check_logo(data.logo)
    days = _check_days(data.opening_days)
    hours_text = free_text(data.opening_hours, "opening_hours", _("Opening hours"), max_length=2000)
    days_per_year = int_in_range(
        data.opening_days_per_year, 0, 366, "opening_days_per_year", _("Opening days per year")
    )
    fte = _check_fte(data.staff_fte)
    with ctx.transaction() as session:
        association = _association(session)
        require_version(
            association, data, _("the association profile"), stored=_profile(association)
        )
        association.name = name
        association.address = address
        association.phone = phone
        association.email = email
        association.logo_png = logo
        association.opening_days = days
        association.opening_hours = hours_text
        association.opening_days_per_year = days_per_year
        association.staff_fte = fte
        saved(ctx, session, "association", association, AuditAction.UPDATE)
        return _profile(association)


# -- settings ------------------------------------------------------------------------------


def _check_key(key: str) -> str:
    if not isinstance(key, str) or not key or len(key) > SETTING_KEY_MAX or not key.isprintable():
        raise InvalidInput(_("This setting name is not valid."), field="key")
    return key


def get_setting(ctx: ServiceContext, key: str, default: str = "") -> str:
    with ctx.transaction() as session:
        row = session.get(Setting, _check_key(key))
        return row.value if row is not None else default


def set_setting(ctx: ServiceContext, key: str, value: str | None) -> None:
    """Store a vault-wide setting (never a secret); ``None`` removes it."""
    _require_coordinator(ctx, _("Only a coordinator can change the settings."))
    _check_key(key)
    with ctx.transaction() as session:
        row = session.get(Setting, key)
        if value is None:
            if row is not None:
                session.delete(row)
                ctx.audit(session, "setting", None, AuditAction.DELETE, key)
            return
        if not isinstance(value, str):
            raise InvalidInput(_("This setting value is not valid."), field="value")
        if row is None:
            session.add(Setting(key=key, value=value))
            ctx.audit(session, "setting", None, AuditAction.CREATE, key)
        elif row.value != value:
            row.value = value
            ctx.audit(session, "setting", None, AuditAction.UPDATE, key)


def get_int_setting(ctx: ServiceContext, key: str, default: int, low: int, high: int) -> int:
    """A whole-number setting between ``low`` and ``high``; ``default`` when it was never
    set or what is stored cannot be read (a value typed by hand in the vault)."""
    try:
        value = int(get_setting(ctx, key, str(default)).strip())
    except ValueError:
        return default
    return value if low <= value <= high else default


def set_int_setting(
    ctx: ServiceContext, key: str, value: int, low: int, high: int, field: str, label: str
) -> int:
    """Check then store a whole-number setting (coordinators only, as every setting);
    a value out of range is refused under ``field``, named ``label``."""
    checked = int_in_range(value, low, high, field, label, required=True)
    assert checked is not None
    set_setting(ctx, key, str(checked))
    return checked

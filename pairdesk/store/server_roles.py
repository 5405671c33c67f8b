"""The team's roles on a PostgreSQL server: grants and row-level security (issue 14).

Each person logs in as themselves. Migration 0009 installs, in the vault's database:

* one **group role per pairdesk role**, named ``<database>_<role>`` (``gem_tilleuls_
  peer_helper``): a federation hosting several GEMs gives each its own database, and its
  own groups. Login roles are members of exactly one group; the session's pairdesk role is
  read from that membership (:func:`session_member`).
* the schema ``pairdesk_server``, readable by nobody but its owner: ``member_login`` (which
  login is which team member) and ``group_role`` (the groups' names), and functions, all
  ``SECURITY DEFINER`` with a fixed ``search_path``:

  - ``add_member(login, password, role, member_id)`` creates a login role in its group;
    only a coordinator (or the owner) may call it. The vault owner holds ``CREATEROLE``;
    no team member ever does (before PostgreSQL 16 it is close to superuser).
  - ``tutees()``: the participants the session's login tutors (an open tutoring).
  - ``whoami()``: the session's team member and pairdesk role.

* **grants** per group (``TABLE_ACCESS``) and **row-level security**, ``ENABLE`` and
  ``FORCE``d on every table, with the services' rules (``pairdesk.domain.permissions``):
  a coordinator and a facilitator see every row (the team, the profile and the settings
  are read-only to a facilitator); a peer helper sees the participants they tutor and
  what hangs from their files — wellbeing plans included — only for them, plus workshops,
  attendance, offers and the employer directory; a volunteer sees workshops and attendance
  only (not the participants); the audit trail is insert-only for everyone but the owner
  (no UPDATE or DELETE granted), and read in full by a coordinator, by the others only for
  their own lines (what ``INSERT … RETURNING`` needs).

The vault owner (who ran ``pairdesk init`` and the migrations) keeps every right through
its own policy. Superusers bypass row-level security: the tests log in as a team member.

The classification below is the schema of revision 0009: a later revision that adds a
table grants and protects it in that revision.

Revision 0010 adds, for a coordinator (or the owner) only, ``set_member_role(member,
role)`` (the member's logins leave every group of the vault and join the role's, unless
disabled), ``disable_member(member)`` (``NOLOGIN``, out of every group — an open session
loses its rights at its next statement — and its sessions ended where the owner may) and
``enable_member(member)`` (``LOGIN``, back in the group of the member's role); for every
group ``attended(person, day)`` (the last contact of someone marked present that day,
whose file the login may not read); and ``SELECT`` on attendance's views
(``store/attendees.py``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.engine import Connection

SCHEMA = "pairdesk_server"
ROLES = ("coordinator", "facilitator", "peer_helper", "volunteer")
#: A login role's name: what ``add_member`` accepts (checked in SQL too).
LOGIN_PATTERN = r"^[a-z][a-z0-9_]{1,40}$"
#: Longest part of the database's name in a group's name (63 bytes at most in all).
GROUP_PREFIX_MAX = 40

READ, WRITE = "read", "write"
#: Tables only a coordinator changes (a facilitator and the others read them).
_SETTINGS = ("team_member", "association", "setting", "closure_day", "association_year")
#: Tables about no participant that a peer helper uses (workshops, CVs, coaching, offers,
#: employers, supervision, referents).
_PEER_OPEN = (
    "workshop",
    "workshop_facilitator",
    "registration",
    "interview_question",
    "job_offer",
    "employer",
    "employer_contact",
    "employer_to_confirm",
    "supervision_session",
    "referent",
    "register_person",
    "day_presence",
    "register_day",
    "draft",
)
#: Rows that hang from a participant's file through another table (table: (column, parent)).
_THROUGH_PARENT = {
    "retention_check": ("contract_id", "contract"),
    "accommodation": ("contract_id", "contract"),
    "disclosure_choice": ("contract_id", "contract"),
    "cv_comment": ("cv_version_id", "cv_version"),
    "mock_interview_question": ("mock_interview_id", "mock_interview"),
    "mock_interview_score": ("mock_interview_id", "mock_interview"),
    "self_assessment_rating": ("self_assessment_id", "self_assessment"),
}
#: Tables with a participant_id that attendance needs whole (a registration, a day's presence).
_ATTENDANCE = ("registration", "day_presence")
_VOLUNTEER = ("workshop", "workshop_facilitator", "registration", "register_person",
              "day_presence", "register_day", "draft")  # fmt: skip
_AUDIT = "audit_entry"


@dataclass(frozen=True, slots=True)
class Access:
    """What one group may do on one table: ``read`` or ``write``, and which rows."""

    level: str
    rows: str = "true"


def _tutee_rows(table: str, columns: set[str]) -> str | None:
    """The row filter of a peer helper's table, or None when it is not a participant's."""
    if table == "participant":
        return f"id IN (SELECT {SCHEMA}.tutees())"
    if table in _ATTENDANCE:
        return "true"
    if "participant_id" in columns:
        return f"participant_id IN (SELECT {SCHEMA}.tutees())"
    if table in _THROUGH_PARENT:
        column, parent = _THROUGH_PARENT[table]
        # The parent's own policy filters the sub-query: the rows follow their parent.
        return f"{column} IN (SELECT id FROM public.{parent})"
    return None


def table_access(table: str, columns: set[str]) -> dict[str, Access]:
    """Each group's access to ``table`` (a group absent has none)."""
    if table == _AUDIT:
        own = "operator_name = session_user::text"
        return {
            "coordinator": Access(WRITE),
            "facilitator": Access(WRITE, own),
            "peer_helper": Access(WRITE, own),
            "volunteer": Access(WRITE, own),
        }
    settings = table in _SETTINGS
    access = {
        "coordinator": Access(WRITE),
        "facilitator": Access(READ if settings else WRITE),
    }
    if settings:
        access["peer_helper"] = Access(READ)
        access["volunteer"] = Access(READ)
        return access
    if table in _PEER_OPEN:
        access["peer_helper"] = Access(WRITE)
    else:
        rows = _tutee_rows(table, columns)
        if rows is not None:
            access["peer_helper"] = Access(WRITE, rows)
    if table in _VOLUNTEER:
        access["volunteer"] = Access(WRITE)
    return access


def group_prefix(database: str) -> str:
    return database[:GROUP_PREFIX_MAX]


def _tables(bind: Connection) -> dict[str, set[str]]:
    rows = bind.execute(
        text(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = 'public' AND table_name <> 'alembic_version' "
            "AND table_name IN (SELECT tablename FROM pg_tables WHERE schemaname = 'public')"
        )
    ).all()
    tables: dict[str, set[str]] = {}
    for table, column in rows:
        tables.setdefault(str(table), set()).add(str(column))
    return tables


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def install_statements(bind: Connection) -> list[str]:
    """The SQL of migration 0009 for this database (run by its owner)."""
    database = str(bind.execute(text("SELECT current_database()")).scalar())
    owner = str(bind.execute(text("SELECT current_user")).scalar())
    prefix = group_prefix(database)
    groups = {role: f"{prefix}_{role}" for role in ROLES}
    out: list[str] = []
    for group in groups.values():
        out.append(
            "DO $$ BEGIN "
            f"IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = {_literal(group)}) THEN "
            f"CREATE ROLE {_quote(group)} NOLOGIN; END IF; END $$"
        )
    out += [
        f"CREATE SCHEMA {SCHEMA}",
        f"REVOKE ALL ON SCHEMA {SCHEMA} FROM PUBLIC",
        f"CREATE TABLE {SCHEMA}.group_role (role text PRIMARY KEY, group_name name NOT NULL, "
        "rank int NOT NULL)",
        f"CREATE TABLE {SCHEMA}.member_login (login name PRIMARY KEY, member_id int NOT NULL)",
    ]
    for rank, (role, group) in enumerate(groups.items()):
        out.append(
            f"INSERT INTO {SCHEMA}.group_role VALUES ({_literal(role)}, {_literal(group)}, {rank})"
        )
    out += _functions(groups)
    every = ", ".join(_quote(g) for g in groups.values())
    out += [
        f"GRANT USAGE ON SCHEMA {SCHEMA} TO {every}",
        f"GRANT EXECUTE ON FUNCTION {SCHEMA}.tutees(), {SCHEMA}.whoami() TO {every}",
        f"GRANT EXECUTE ON FUNCTION {SCHEMA}.add_member(text, text, text, int) "
        f"TO {_quote(groups['coordinator'])}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {every}",
        f"GRANT SELECT ON public.alembic_version TO {every}",
    ]
    for table, columns in sorted(_tables(bind).items()):
        out += _protect(table, columns, groups, owner)
    return out


def _protect(table: str, columns: set[str], groups: dict[str, str], owner: str) -> list[str]:
    name = f"public.{_quote(table)}"
    out = [
        f"ALTER TABLE {name} ENABLE ROW LEVEL SECURITY",
        f"ALTER TABLE {name} FORCE ROW LEVEL SECURITY",
        f"CREATE POLICY owner_all ON {name} TO {_quote(owner)} USING (true) WITH CHECK (true)",
    ]
    for role, access in table_access(table, columns).items():
        group = _quote(groups[role])
        if table == _AUDIT:
            out.append(f"GRANT SELECT, INSERT ON {name} TO {group}")
            out.append(
                f"CREATE POLICY {role}_insert ON {name} FOR INSERT TO {group} WITH CHECK (true)"
            )
            out.append(
                f"CREATE POLICY {role}_read ON {name} FOR SELECT TO {group} USING ({access.rows})"
            )
            continue
        privileges = "SELECT, INSERT, UPDATE, DELETE" if access.level == WRITE else "SELECT"
        out.append(f"GRANT {privileges} ON {name} TO {group}")
        out.append(
            f"CREATE POLICY {role}_rows ON {name} TO {group} "
            f"USING ({access.rows}) WITH CHECK ({access.rows})"
        )
    return out


def _functions(groups: dict[str, str]) -> list[str]:
    fixed = "SET search_path = pg_catalog, pg_temp"
    return [
        # The participants the session's login tutors as a peer helper (open tutorings).
        f"CREATE FUNCTION {SCHEMA}.tutees() RETURNS SETOF int LANGUAGE sql STABLE "
        f"SECURITY DEFINER {fixed} AS $$ "
        f"SELECT t.participant_id FROM public.tutoring t JOIN {SCHEMA}.member_login m "
        "ON m.member_id = t.peer_helper_id WHERE m.login = session_user "
        "AND t.ended_on IS NULL $$",
        # The session's team member and pairdesk role (its group's), if any.
        f"CREATE FUNCTION {SCHEMA}.whoami(OUT member_id int, OUT role text) "
        f"LANGUAGE sql STABLE SECURITY DEFINER {fixed} AS $$ "
        f"SELECT (SELECT m.member_id FROM {SCHEMA}.member_login m WHERE m.login = session_user), "
        f"(SELECT g.role FROM {SCHEMA}.group_role g "
        "WHERE pg_has_role(session_user, g.group_name, 'MEMBER') ORDER BY g.rank LIMIT 1) $$",
        f"REVOKE ALL ON FUNCTION {SCHEMA}.tutees(), {SCHEMA}.whoami() FROM PUBLIC",
        # A team member's login role, in its group; for a coordinator (or the owner) only.
        f"CREATE FUNCTION {SCHEMA}.add_member(login text, password text, member_role text, "
        f"member int) RETURNS void LANGUAGE plpgsql SECURITY DEFINER {fixed} AS $$\n"
        "DECLARE target name; coordinators name;\n"
        "BEGIN\n"
        f"  SELECT group_name INTO coordinators FROM {SCHEMA}.group_role "
        "WHERE role = 'coordinator';\n"
        "  IF NOT (pg_has_role(session_user, coordinators, 'MEMBER') "
        "OR session_user = current_user) THEN\n"
        "    RAISE EXCEPTION 'pairdesk: only a coordinator can add a team member' "
        "USING ERRCODE = '42501';\n"
        "  END IF;\n"
        f"  IF login IS NULL OR login !~ {_literal(LOGIN_PATTERN)} OR login LIKE 'pg\\_%' THEN\n"
        "    RAISE EXCEPTION 'pairdesk: invalid login name' USING ERRCODE = '22023';\n"
        "  END IF;\n"
        f"  SELECT group_name INTO target FROM {SCHEMA}.group_role WHERE role = member_role;\n"
        "  IF target IS NULL THEN\n"
        "    RAISE EXCEPTION 'pairdesk: unknown role' USING ERRCODE = '22023';\n"
        "  END IF;\n"
        "  IF password IS NULL OR length(password) < 12 THEN\n"
        "    RAISE EXCEPTION 'pairdesk: password too short' USING ERRCODE = '22023';\n"
        "  END IF;\n"
        "  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = login) THEN\n"
        "    RAISE EXCEPTION 'pairdesk: login taken' USING ERRCODE = '42710';\n"
        "  END IF;\n"
        "  EXECUTE format('CREATE ROLE %I LOGIN PASSWORD %L IN ROLE %I', "
        "login, password, target);\n"
        f"  INSERT INTO {SCHEMA}.member_login VALUES (login, member);\n"
        "END $$",
        f"REVOKE ALL ON FUNCTION {SCHEMA}.add_member(text, text, text, int) FROM PUBLIC",
    ]


def remove_statements(bind: Connection) -> list[str]:
    """Undo 0009 on this database: policies, row-level security, grants, the schema (the
    login and group roles stay: they belong to the cluster and may own nothing here)."""
    out: list[str] = []
    groups = [
        str(g) for (g,) in bind.execute(text(f"SELECT group_name FROM {SCHEMA}.group_role")).all()
    ]
    for table in sorted(_tables(bind)):
        name = f"public.{_quote(table)}"
        for (policy,) in bind.execute(
            text(
                "SELECT policyname FROM pg_policies WHERE schemaname = 'public' AND tablename = :t"
            ),
            {"t": table},
        ).all():
            out.append(f"DROP POLICY {_quote(str(policy))} ON {name}")
        out.append(f"ALTER TABLE {name} NO FORCE ROW LEVEL SECURITY")
        out.append(f"ALTER TABLE {name} DISABLE ROW LEVEL SECURITY")
    for group in groups:
        out.append(f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {_quote(group)}")
        out.append(f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM {_quote(group)}")
    out.append(f"DROP SCHEMA {SCHEMA} CASCADE")
    return out


# -- revision 0010: attendance's names, changing and disabling logins -----------------------

#: The functions of revision 0010 with their argument types (for GRANT, REVOKE and DROP).
LOGIN_FUNCTIONS = ("set_member_role(int, text)", "disable_member(int)", "enable_member(int)")
#: Called by whoever takes attendance (every group).
ATTENDED = "attended(int, date)"

_COORDINATOR_CHECK = (
    f"  IF NOT (pg_has_role(session_user, (SELECT group_name FROM {SCHEMA}.group_role "
    "WHERE role = 'coordinator'), 'MEMBER') OR session_user = current_user) THEN\n"
    "    RAISE EXCEPTION 'pairdesk: only a coordinator can change a team member''s login' "
    "USING ERRCODE = '42501';\n"
    "  END IF;\n"
)
#: The member's logins leave every group of the vault (direct memberships only).
_LEAVE_GROUPS = (
    f"    FOR g IN SELECT gr.group_name FROM {SCHEMA}.group_role gr "
    "JOIN pg_auth_members am ON am.roleid = (SELECT oid FROM pg_roles WHERE rolname = gr.group_name) "
    "JOIN pg_roles m ON m.oid = am.member AND m.rolname = l LOOP\n"
    "      EXECUTE format('REVOKE %I FROM %I', g, l);\n"
    "    END LOOP;\n"
)


def _login_function(signature: str, body: str, declare: str = "") -> str:
    return (
        f"CREATE FUNCTION {SCHEMA}.{signature} RETURNS void LANGUAGE plpgsql SECURITY DEFINER "
        f"SET search_path = pg_catalog, pg_temp AS $$\nDECLARE l name; g name;{declare}\n"
        f"BEGIN\n{_COORDINATOR_CHECK}{body}END $$"
    )


def login_functions() -> list[str]:
    """``set_member_role``, ``disable_member``, ``enable_member``: a team member's logins
    follow their role and their being active. ``SECURITY DEFINER`` (owned by the vault
    owner, who holds ``CREATEROLE``), for a coordinator or the owner only."""
    logins = f"  FOR l IN SELECT login FROM {SCHEMA}.member_login WHERE member_id = member LOOP\n"
    return [
        # Into the new role's group (out of every other); a disabled login joins none
        # until it is enabled again (enable_member then reads the member's role).
        _login_function(
            "set_member_role(member int, member_role text)",
            f"  SELECT group_name INTO target FROM {SCHEMA}.group_role WHERE role = member_role;\n"
            "  IF target IS NULL THEN\n"
            "    RAISE EXCEPTION 'pairdesk: unknown role' USING ERRCODE = '22023';\n"
            "  END IF;\n"
            + logins
            + _LEAVE_GROUPS
            + "    IF (SELECT rolcanlogin FROM pg_roles WHERE rolname = l) THEN\n"
            "      EXECUTE format('GRANT %I TO %I', target, l);\n"
            "    END IF;\n"
            "  END LOOP;\n",
            " target name;",
        ),
        # NOLOGIN, out of every group (an open session loses its rights at its next
        # statement), and its sessions ended where the owner may end them.
        _login_function(
            "disable_member(member int)",
            logins
            + "    EXECUTE format('ALTER ROLE %I NOLOGIN', l);\n"
            + _LEAVE_GROUPS
            + "    BEGIN\n"
            "      PERFORM pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE usename = l AND pid <> pg_backend_pid();\n"
            "    EXCEPTION WHEN insufficient_privilege THEN NULL;\n"
            "    END;\n"
            "  END LOOP;\n",
        ),
        # LOGIN again, in the group of the member's role as the team table says.
        _login_function(
            "enable_member(member int)",
            "  SELECT g2.group_name INTO target FROM public.team_member t "
            f"JOIN {SCHEMA}.group_role g2 ON g2.role = t.role WHERE t.id = member;\n"
            + logins
            + "    EXECUTE format('ALTER ROLE %I LOGIN', l);\n"
            + _LEAVE_GROUPS
            + "    IF target IS NOT NULL THEN\n"
            "      EXECUTE format('GRANT %I TO %I', target, l);\n"
            "    END IF;\n"
            "  END LOOP;\n",
            " target name;",
        ),
    ]


def attended_function() -> str:
    """``attended(person, day)``: someone marked present at a workshop held on ``day`` has
    their last contact moved forward to that day (never back), although the login taking
    attendance (a volunteer, a peer helper) may not read their file; refused unless they
    are marked present at a workshop of that day."""
    return (
        f"CREATE FUNCTION {SCHEMA}.attended(person int, day date) RETURNS void "
        "LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$\n"
        "BEGIN\n"
        "  IF NOT EXISTS (SELECT 1 FROM public.registration r JOIN public.workshop w "
        "ON w.id = r.workshop_id WHERE r.participant_id = person AND w.held_on = day "
        "AND r.attendance = 'present') THEN\n"
        "    RAISE EXCEPTION 'pairdesk: not marked present at a workshop of that day' "
        "USING ERRCODE = '42501';\n"
        "  END IF;\n"
        "  UPDATE public.participant p SET last_contact_on = day, "
        "edit_version = p.edit_version + 1 WHERE p.id = person "
        "AND (p.last_contact_on IS NULL OR p.last_contact_on < day);\n"
        "END $$"
    )


def _groups(bind: Connection) -> dict[str, str]:
    rows = bind.execute(text(f"SELECT role, group_name FROM {SCHEMA}.group_role")).all()
    return {str(role): str(group) for role, group in rows}


def revision_0010_statements(bind: Connection, views: tuple[str, ...]) -> list[str]:
    """Grants on attendance's views (every group reads them) and the login functions."""
    groups = _groups(bind)
    every = ", ".join(_quote(g) for g in groups.values())
    out = [f"GRANT SELECT ON {', '.join(f'public.{v}' for v in views)} TO {every}"]
    out += login_functions()
    functions = ", ".join(f"{SCHEMA}.{f}" for f in LOGIN_FUNCTIONS)
    out.append(f"REVOKE ALL ON FUNCTION {functions} FROM PUBLIC")
    out.append(f"GRANT EXECUTE ON FUNCTION {functions} TO {_quote(groups['coordinator'])}")
    out.append(attended_function())
    out.append(f"REVOKE ALL ON FUNCTION {SCHEMA}.{ATTENDED} FROM PUBLIC")
    out.append(f"GRANT EXECUTE ON FUNCTION {SCHEMA}.{ATTENDED} TO {every}")
    return out


def protect_statements(bind: Connection, table: str) -> list[str]:
    """Row-level security and grants for a table a later revision adds, as revision 0009
    gave every table then (run by the owner, in that revision)."""
    owner = str(bind.execute(text("SELECT current_user")).scalar())
    return _protect(table, _tables(bind)[table], _groups(bind), owner)


def revision_0010_removal() -> list[str]:
    return [f"DROP FUNCTION IF EXISTS {SCHEMA}.{f}" for f in (*LOGIN_FUNCTIONS, ATTENDED)]


# -- revision 0015: each person's active days ---------------------------------------------

#: Called after a write that may change someone's active days (every group).
REFRESH_ACTIVITY = "refresh_activity(int)"


def refresh_activity_function() -> str:
    """``refresh_activity(person)``: the person's rows of ``activity_year`` computed again
    from their records (``pairdesk/store/activity_years.py`` does the same in Python on a
    file), although the login that wrote (a volunteer taking attendance, a peer helper) may
    not read the person's other records. It reads and writes derived data only and returns
    nothing."""
    day = "extract(doy FROM d)::int - 1"
    words = ", ".join(f"coalesce(bit_or(b) FILTER (WHERE w = {n}), 0)" for n in range(6))
    return (
        f"CREATE FUNCTION {SCHEMA}.refresh_activity(person int) RETURNS void "
        "LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$\n"
        "DELETE FROM public.activity_year WHERE participant_id = person;\n"
        "INSERT INTO public.activity_year (year, participant_id, w0, w1, w2, w3, w4, w5)\n"
        f"SELECT y, person, {words} FROM (\n"
        f"  SELECT DISTINCT extract(year FROM d)::int AS y, ({day}) / 61 AS w,\n"
        f"    (1::bigint << (({day}) % 61)) AS b FROM (\n"
        "    SELECT occurred_on AS d FROM public.pathway_event WHERE participant_id = person\n"
        "    UNION ALL SELECT assessed_on FROM public.self_assessment "
        "WHERE participant_id = person\n"
        "    UNION ALL SELECT held_on FROM public.mock_interview WHERE participant_id = person\n"
        "    UNION ALL SELECT shared_on FROM public.offer_share WHERE participant_id = person\n"
        "    UNION ALL SELECT w.held_on FROM public.registration r JOIN public.workshop w "
        "ON w.id = r.workshop_id WHERE r.participant_id = person "
        "AND r.attendance = 'present' AND NOT w.cancelled\n"
        "  ) days\n"
        ") bits GROUP BY y\n"
        "$$"
    )


def revision_0015_statements(bind: Connection) -> list[str]:
    """``activity_year``'s policies (as every table of a participant's file) and
    :func:`refresh_activity_function`, which every group may call."""
    every = ", ".join(_quote(g) for g in _groups(bind).values())
    return [
        *protect_statements(bind, "activity_year"),
        refresh_activity_function(),
        f"REVOKE ALL ON FUNCTION {SCHEMA}.{REFRESH_ACTIVITY} FROM PUBLIC",
        f"GRANT EXECUTE ON FUNCTION {SCHEMA}.{REFRESH_ACTIVITY} TO {every}",
    ]


def refresh_activity(bind: Connection, participant_id: int) -> None:
    """Compute again the person's ``activity_year`` rows on the server (in the caller's
    transaction, after the write was flushed)."""
    bind.execute(text(f"SELECT {SCHEMA}.refresh_activity(:person)"), {"person": participant_id})


# -- used by the services ------------------------------------------------------------------


def installed(bind: Connection) -> bool:
    """Whether this database has the roles of revision 0009."""
    return bool(
        bind.execute(text("SELECT to_regnamespace(:s) IS NOT NULL"), {"s": SCHEMA}).scalar()
    )


def session_member(bind: Connection) -> tuple[int | None, str | None]:
    """The session login's team member id and pairdesk role (None, None for the owner, a
    superuser, or a database without roles)."""
    if not installed(bind):
        return None, None
    usable = bind.execute(text("SELECT has_schema_privilege(:s, 'USAGE')"), {"s": SCHEMA})
    if not usable.scalar():
        return None, None  # a login outside every group
    row = bind.execute(text(f"SELECT member_id, role FROM {SCHEMA}.whoami()")).one()
    return (int(row[0]) if row[0] is not None else None), (str(row[1]) if row[1] else None)


def add_member(bind: Connection, login: str, password: str, role: str, member_id: int) -> None:
    """Create ``login`` in ``role``'s group, for the team member ``member_id`` (in the
    caller's transaction: a refused insert of the member takes the role back)."""
    bind.execute(
        text(f"SELECT {SCHEMA}.add_member(:login, :password, :role, :member)"),
        {"login": login, "password": password, "role": role, "member": member_id},
    )


def set_member_role(bind: Connection, member_id: int, role: str) -> None:
    """Move the member's logins into ``role``'s group (in the caller's transaction)."""
    bind.execute(
        text(f"SELECT {SCHEMA}.set_member_role(:member, :role)"),
        {"member": member_id, "role": role},
    )


def set_member_login(bind: Connection, member_id: int, active: bool) -> None:
    """Enable (LOGIN, back in their role's group) or disable (NOLOGIN, out of every group,
    sessions ended) the member's logins, in the caller's transaction."""
    function = "enable_member" if active else "disable_member"
    bind.execute(text(f"SELECT {SCHEMA}.{function}(:member)"), {"member": member_id})


def attended(bind: Connection, participant_id: int, held_on: dt.date) -> None:
    """Move the last contact of someone marked present on ``held_on`` forward (in the
    caller's transaction, after the attendance was flushed)."""
    bind.execute(
        text(f"SELECT {SCHEMA}.attended(:participant, :held)"),
        {"participant": participant_id, "held": held_on},
    )

"""Attendance's names under row-level security; a login follows its member's role and state

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02

Issue 14. On a server a peer helper reads only their tutees in ``participant`` and a
volunteer none, so a workshop's list and its attendance sheet lost the other attendees'
names. Two views give attendance exactly what it prints of the people registered in
workshops (id and names; the dates of their consent to be named on collective documents),
on both engines so that the services keep one code path (``pairdesk/store/attendees.py``).
On PostgreSQL they belong to the vault owner (``security_barrier``) and every team group
reads them; and ``pairdesk_server.set_member_role`` / ``disable_member`` /
``enable_member`` (``SECURITY DEFINER``, coordinator-only) move a team member's login to
another group, or take its login and rights away and give them back
(``pairdesk/store/server_roles.py``).

A later SQLite migration that rebuilds ``participant``, ``registration`` or ``consent``
(batch mode) drops these views first and creates them again after.
"""

from __future__ import annotations

from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from pairdesk.store import attendees, server_roles

    bind = op.get_bind()
    for statement in attendees.create_statements(bind.dialect.name):
        op.execute(statement)
    if bind.dialect.name == "postgresql" and server_roles.installed(bind):
        views = tuple(attendees.DEFINITIONS)
        for statement in server_roles.revision_0010_statements(bind, views):
            op.execute(statement)


def downgrade() -> None:
    from pairdesk.store import attendees, server_roles

    bind = op.get_bind()
    if bind.dialect.name == "postgresql" and server_roles.installed(bind):
        for statement in server_roles.revision_0010_removal():
            op.execute(statement)
    for statement in attendees.drop_statements():
        op.execute(statement)

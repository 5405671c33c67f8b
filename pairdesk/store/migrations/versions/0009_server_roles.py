"""Server roles: the database itself enforces who may read and change what (PostgreSQL only)

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02

Issue 14. On a server every person logs in as themselves. One group role per pairdesk
role (named after the database, so that a federation's GEMs do not share them) holds the
grants; row-level security (enabled and forced) expresses the services' rules; team
members' login roles are created by ``pairdesk_server.add_member``, a ``SECURITY DEFINER``
function owned by the vault owner, so no team member ever holds ``CREATEROLE``. What the
SQL says is in ``pairdesk/store/server_roles.py``. A file vault (SQLite) is unchanged.
"""

from __future__ import annotations

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    from pairdesk.store import server_roles

    for statement in server_roles.install_statements(bind):
        op.execute(statement)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    from pairdesk.store import server_roles

    for statement in server_roles.remove_statements(bind):
        op.execute(statement)

"""sort keys compared byte by byte on a server, whatever the database's locale

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02

Issue 14 ("Same results on both engines"). The employer directory, the register's people,
the offers' sources and the audit trail's subjects are listed sorted on a text column; on
the file SQLite compares it byte by byte (BINARY), on a server PostgreSQL used the
database's locale: a French one orders punctuation otherwise (« C-Discount » before
« C&A ») and glibc's ignores spaces and hyphens at first (« Laboratoire » before
« La Poste »), so the same vault listed differently on each engine. As 0001 did for
``participant.sort_name``, the columns take the "C" collation on PostgreSQL (the values
are folded already: lower case, no accents); nothing changes on SQLite.
"""

from __future__ import annotations

from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

#: (table, column, type) of every text column a service sorts its list on
SORT_COLUMNS = (
    ("employer", "sort_name", "VARCHAR(200)"),
    ("register_person", "search_text", "VARCHAR(200)"),
    ("job_offer", "source", "VARCHAR(200)"),
    ("audit_entry", "entity", "VARCHAR(50)"),
)


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table, column, kind in SORT_COLUMNS:
        op.execute(f'ALTER TABLE {table} ALTER COLUMN {column} TYPE {kind} COLLATE "C"')


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table, column, kind in SORT_COLUMNS:
        op.execute(f'ALTER TABLE {table} ALTER COLUMN {column} TYPE {kind} COLLATE "default"')

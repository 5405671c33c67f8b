"""participant.entry_situation: where a participant stood towards work when they joined

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01

Issue 13. The supported-employment (IPS) employment rate is counted among people who were
out of work when they joined; nothing recorded it. Nullable: files made before say
nothing, and are counted as "not recorded", never guessed. (Weekly hours, required on new
contracts, need no schema change: the column exists and older contracts keep it empty.)
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


# Plain ALTER TABLE, not batch mode: a batch copy of ``participant`` drops the old table,
# and with foreign keys on that would delete every row that cascades from a participant.


def upgrade() -> None:
    op.add_column("participant", sa.Column("entry_situation", sa.String(length=32), nullable=True))


def downgrade() -> None:
    op.execute("ALTER TABLE participant DROP COLUMN entry_situation")

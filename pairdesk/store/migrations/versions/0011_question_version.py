"""edit_version on the interview question bank: its form shows an edit conflict too

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02

Issue 14. Migration 0008 versioned every record a form edited, but the coaching question
bank's form edits ``interview_question`` rows in place as well: two people correcting the
same question must see each other's change instead of overwriting it. Existing rows start
at version 1. A column, not a table: the grants and row-level policies of 0009 (granted per
table) cover it on a server.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ALTER TABLE, not batch mode, as in 0008.
    op.add_column(
        "interview_question",
        sa.Column("edit_version", sa.Integer(), nullable=False, server_default="1"),
    )


def downgrade() -> None:
    op.execute("ALTER TABLE interview_question DROP COLUMN edit_version")

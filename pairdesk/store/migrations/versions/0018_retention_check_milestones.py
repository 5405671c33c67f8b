"""the retention checks indexed by milestone with their answer

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-03

Issue 12 ("the year's indicators at 50,000 participants", ≤ 200 ms). The indicators read
the checks at 6, 12 and 18 months only; they were read from the table, every check's row
with its notes (25,217 rows for 7,817 kept at that size). The index by milestone holds what
they read, so those alone are read, from it.
"""

from __future__ import annotations

from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_retention_check_milestones", "retention_check", ["months", "contract_id", "employed"]
    )


def downgrade() -> None:
    op.drop_index("ix_retention_check_milestones", table_name="retention_check")

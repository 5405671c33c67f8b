"""the self-assessment changes that count, indexed with what the indicators sum

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-03

Issue 12 ("the year's indicators at 50,000 participants", ≤ 200 ms). The period's
self-assessment changes were summed from every row of ``assessment_progress``, sorted into a
temporary B-tree by the number of domains rated: 100–160 ms at that size on the encrypted
file. A partial index over the rows that can count (``rated > 0``: not a person's first
assessment), led by that number and holding every column summed, lets SQLite read them in
groups as they come, from the index alone (45–70 ms in the same run).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

_COLUMNS = [
    "rated",
    "next_on",
    "assessed_on",
    "total",
    "confidence",
    "job_search",
    "work_readiness",
    "stress",
    "social_support",
    "autonomy",
]


def upgrade() -> None:
    op.create_index(
        "ix_assessment_progress_totals",
        "assessment_progress",
        _COLUMNS,
        sqlite_where=sa.text("rated > 0"),
        postgresql_where=sa.text("rated > 0"),
    )


def downgrade() -> None:
    op.drop_index("ix_assessment_progress_totals", table_name="assessment_progress")

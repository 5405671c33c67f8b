"""edit_version on every editable record: two people on one file lose nothing

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02

Issue 14. Optimistic concurrency: each editable record carries the version it is at
(SQLAlchemy's ``version_id_col``); a save that read an older version is refused with what
changed (``EditConflict``), never a silent overwrite. Existing rows start at version 1.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

#: every table whose rows a form edits (``Versioned`` in ``store/models.py``)
TABLES = (
    "association",
    "team_member",
    "referent",
    "participant",
    "participant_scheme",
    "consent",
    "tutoring",
    "pathway",
    "goal",
    "contract",
    "pathway_event",
    "retention_check",
    "wellbeing_plan",
    "workshop",
    "cv_version",
    "mock_interview",
    "job_offer",
    "self_assessment",
    "supervision_session",
    "employer",
    "employer_contact",
    "employer_interaction",
    "accommodation",
    "disclosure_choice",
    "register_person",
    "association_year",
)

# Plain ALTER TABLE, not batch mode: a batch copy of ``participant`` drops the old table,
# and with foreign keys on that would delete every row that cascades from a participant.


def upgrade() -> None:
    for table in TABLES:
        op.add_column(
            table, sa.Column("edit_version", sa.Integer(), nullable=False, server_default="1")
        )


def downgrade() -> None:
    for table in reversed(TABLES):
        op.execute(f"ALTER TABLE {table} DROP COLUMN edit_version")

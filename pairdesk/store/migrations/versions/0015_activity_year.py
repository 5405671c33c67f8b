"""the days each participant was active, a row per person and year, kept at every write

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-03

Issue 12 ("the year's indicators at 50,000 participants", ≤ 200 ms). Finding the period's
active participants read every pathway event, self-assessment, mock interview, offer share
and attendance of the period: about 400,000 entries and 120 ms at that size.
``activity_year`` keeps each person's active days of a calendar year as bits
(``pairdesk/domain/activity_days.py``, kept by ``pairdesk/store/activity_years.py``),
rewritten for the person at every write of those records; the indicators read one row per
person and year. Derived data: computed here from every record, and removed with the
participant. On a server with pairdesk's roles, the table gets the row policies every table
of a participant's file has (revision 0009), and ``pairdesk_server.refresh_activity(person)``
computes a person's rows for a login that may not read their other records (a volunteer
taking attendance).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from pairdesk.store import activity_years, server_roles

    op.create_table(
        "activity_year",
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        *(sa.Column(f"w{index}", sa.BigInteger(), nullable=False) for index in range(6)),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participant.id"],
            name="fk_activity_year_participant_id_participant",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("year", "participant_id", name="pk_activity_year"),
        sqlite_with_rowid=False,
    )
    op.create_index("ix_activity_year_participant_id", "activity_year", ["participant_id"])
    bind = op.get_bind()
    activity_years.refresh_activity(bind)
    if bind.dialect.name == "postgresql" and server_roles.installed(bind):
        for statement in server_roles.revision_0015_statements(bind):
            op.execute(statement)


def downgrade() -> None:
    from pairdesk.store import server_roles

    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP FUNCTION IF EXISTS {server_roles.SCHEMA}.{server_roles.REFRESH_ACTIVITY}")
    op.drop_index("ix_activity_year_participant_id", table_name="activity_year")
    op.drop_table("activity_year")

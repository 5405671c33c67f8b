"""indexes by participant and date, for the year's indicators

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02

Issue 12 ("the year's indicators at 50,000 participants"). The indicators now ask the
database, participant by participant, whether they had an activity or a goal in the period,
and pair each participant's first and latest self-assessments in date order. With an index
by participant alone every such question fetched the rows themselves from the table; with
the date in the index it is answered from the index, and the self-assessments come out
already in order (no sort). Each new index starts with ``participant_id``, so it also serves
every lookup the index it replaces served. The membership dates are indexed together for the
counts of new members and of members at the end of the period.

Measured at 50,000 participants (bench/README.md), on a freshly opened vault: the
activity-and-goal pass 470-580 ms -> 205-260 ms, the self-assessment pairing 440-490 ms ->
115-215 ms, the membership counts 75-100 ms -> 15 ms.
"""

from __future__ import annotations

from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

#: (table, index replaced, new index, its columns)
INDEXES = (
    (
        "participant",
        "ix_participant_membership_start",
        "ix_participant_membership",
        ["membership_start", "membership_end"],
    ),
    (
        "goal",
        "ix_goal_participant_id",
        "ix_goal_participant_dates",
        ["participant_id", "opened_on", "closed_on"],
    ),
    (
        "pathway_event",
        "ix_pathway_event_participant_id",
        "ix_pathway_event_participant_date",
        ["participant_id", "occurred_on"],
    ),
    (
        "mock_interview",
        "ix_mock_interview_participant_id",
        "ix_mock_interview_participant_date",
        ["participant_id", "held_on"],
    ),
    (
        "offer_share",
        "ix_offer_share_participant_id",
        "ix_offer_share_participant_date",
        ["participant_id", "shared_on"],
    ),
    (
        "self_assessment",
        "ix_self_assessment_participant_id",
        "ix_self_assessment_participant_date",
        ["participant_id", "assessed_on"],
    ),
)

#: The replaced indexes' single column, for the downgrade.
_OLD_COLUMNS = {"participant": ["membership_start"]}


def upgrade() -> None:
    for table, old, new, columns in INDEXES:
        op.create_index(new, table, columns, unique=False)
        op.drop_index(old, table_name=table)


def downgrade() -> None:
    for table, old, new, _columns in reversed(INDEXES):
        op.create_index(old, table, _OLD_COLUMNS.get(table, ["participant_id"]), unique=False)
        op.drop_index(new, table_name=table)

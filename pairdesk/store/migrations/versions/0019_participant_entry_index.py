"""what the IPS figures read, indexed: members by situation at entry, employment contracts

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-03

Issue 12 ("the year's indicators at 50,000 participants"). The indicators page also shows
the IPS figures, which count the members of the period out of work when they joined and
those whose situation at entry was not recorded. No index held the situation at entry:
both counts read every participant's row, 17 MB of pages to decrypt at that size, about
200 ms. They also read every employment contract started by the period's end, its weekly
hours included, which no index held: each row was looked up in the table from the index
of start dates (75 ms for 15,306 contracts). Each index holds what its query reads, so
one range of each is read instead.
"""

from __future__ import annotations

from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_participant_entry_membership",
        "participant",
        ["entry_situation", "membership_start", "membership_end"],
    )
    op.create_index(
        "ix_contract_ips",
        "contract",
        [
            "contract_type",
            "started_on",
            "participant_id",
            "hours_per_week",
            "ended_on",
            "planned_end_on",
        ],
    )


def downgrade() -> None:
    op.drop_index("ix_contract_ips", table_name="contract")
    op.drop_index("ix_participant_entry_membership", table_name="participant")

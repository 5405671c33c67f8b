"""each self-assessment's progress since the person's first, kept at every write; contracts
indexed with their terms

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-03

Issue 12 ("the year's indicators at 50,000 participants", ≤ 200 ms). Pairing each person's
earliest and latest self-assessments and their ratings at each computation took more than
half a second at that size, most of the computation. ``assessment_progress`` keeps, for
each assessment, its change since the person's earliest one and the date of their next one
(``pairdesk/store/assessment_progress.py``, the rule in ``domain.indicators``), rewritten
for the person at every write of their assessments; the indicators choose one row per
person by a condition on the row. Derived data: computed here from every assessment, and
removed with the assessment or the participant. The contracts of a period are read from
their index by start date, which now also holds what the indicators ask of them (the table
was read row by row: 130 ms for 16,826 contracts on a freshly opened vault). On a server with pairdesk's roles, the
table gets the row policies every table of a participant's file has (revision 0009).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

#: The contract's index by start date, with what the indicators read of a contract.
_CONTRACT_TERMS = [
    "started_on",
    "participant_id",
    "contract_type",
    "planned_end_on",
    "ended_on",
    "employer_id",
]
_DOMAINS = ("confidence", "job_search", "work_readiness", "stress", "social_support", "autonomy")


def upgrade() -> None:
    from pairdesk.store import assessment_progress, server_roles

    op.create_table(
        "assessment_progress",
        sa.Column("self_assessment_id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("assessed_on", sa.Date(), nullable=False),
        sa.Column("next_on", sa.Date(), nullable=True),
        sa.Column("rated", sa.Integer(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        *(sa.Column(domain, sa.Integer(), nullable=True) for domain in _DOMAINS),
        sa.ForeignKeyConstraint(
            ["self_assessment_id"],
            ["self_assessment.id"],
            name="fk_assessment_progress_self_assessment_id_self_assessment",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participant.id"],
            name="fk_assessment_progress_participant_id_participant",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("self_assessment_id", name="pk_assessment_progress"),
    )
    op.create_index(
        "ix_assessment_progress_participant_id", "assessment_progress", ["participant_id"]
    )
    op.create_index("ix_contract_started_on_terms", "contract", _CONTRACT_TERMS)
    op.drop_index("ix_contract_started_on", table_name="contract")
    bind = op.get_bind()
    assessment_progress.refresh_progress(bind)
    if bind.dialect.name == "postgresql" and server_roles.installed(bind):
        for statement in server_roles.protect_statements(bind, "assessment_progress"):
            op.execute(statement)


def downgrade() -> None:
    op.create_index("ix_contract_started_on", "contract", ["started_on"])
    op.drop_index("ix_contract_started_on_terms", table_name="contract")
    op.drop_index("ix_assessment_progress_participant_id", table_name="assessment_progress")
    op.drop_table("assessment_progress")

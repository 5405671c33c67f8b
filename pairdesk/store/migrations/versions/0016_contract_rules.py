"""what the indicators' rules say of each contract, kept on it at every write

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-03

Issue 12 ("the year's indicators at 50,000 participants", ≤ 200 ms). The year's
indicators applied ``is_employment_access`` and ``is_durable_employment`` to every contract
at each computation, about 60 ms at that size. ``contract.employment_access`` and
``contract.durable_employment`` keep their answers, set from the contract's own columns at
every write (``pairdesk/store/contract_rules.py``); computed here for the contracts already
recorded. The contract's index by start date, which holds what the indicators read of a
contract, now holds them too.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

_TERMS = ["started_on", "participant_id", "contract_type", "planned_end_on", "ended_on", "employer_id"]
_RULES = ["employment_access", "durable_employment"]


def upgrade() -> None:
    from pairdesk.store import contract_rules

    with op.batch_alter_table("contract") as batch:
        for column in _RULES:
            batch.add_column(
                sa.Column(column, sa.Boolean(), nullable=False, server_default=sa.false())
            )
    op.drop_index("ix_contract_started_on_terms", table_name="contract")
    op.create_index("ix_contract_started_on_terms", "contract", _TERMS + _RULES)
    contract_rules.refresh_contract_rules(op.get_bind())


def downgrade() -> None:
    op.drop_index("ix_contract_started_on_terms", table_name="contract")
    op.create_index("ix_contract_started_on_terms", "contract", _TERMS)
    with op.batch_alter_table("contract") as batch:
        for column in _RULES:
            batch.drop_column(column)

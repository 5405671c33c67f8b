"""visitors counted at the door, without a file

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-10

Someone who comes to a workshop but does not want the association to keep a file about
them is counted, not named: ``workshop.visitors`` holds how many came that way (shown on
the attendance sheet in the window and in the printed sheet's totals).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("workshop") as batch:
        batch.add_column(sa.Column("visitors", sa.Integer(), nullable=False, server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("workshop") as batch:
        batch.drop_column("visitors")

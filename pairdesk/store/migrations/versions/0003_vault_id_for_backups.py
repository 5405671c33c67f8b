"""a random id for each vault, so that its backups are named and rotated as its own

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26

Two vaults in one backups folder had their automatic backups mixed (all named
``vault-…``): the second vault's backup was skipped and both were rotated together. Each
vault now holds a random id in the ``setting`` table (key ``vault.id``, 32 hex digits);
backup names carry its first 8 digits (``pairdesk.services.backups``). Data only: the
schema does not change. A backup keeps the id of the vault it was made from.
"""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

KEY = "vault.id"


def upgrade() -> None:
    op.get_bind().execute(
        sa.text(
            # CAST: PostgreSQL deduces one type per parameter (text in SELECT, varchar in WHERE)
            "INSERT INTO setting (key, value) SELECT CAST(:key AS VARCHAR(100)), :value "
            "WHERE NOT EXISTS (SELECT 1 FROM setting WHERE key = CAST(:key AS VARCHAR(100)))"
        ),
        {"key": KEY, "value": uuid.uuid4().hex},
    )


def downgrade() -> None:
    op.get_bind().execute(sa.text("DELETE FROM setting WHERE key = :key"), {"key": KEY})

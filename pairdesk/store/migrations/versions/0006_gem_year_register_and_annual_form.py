"""the GEM's year: attendance register, closure days, the year's form

Revision ID: 0006
Revises: 0004
Create Date: 2026-12-01

Issue 13. ``register_person`` (people counted at the door without a participant file: a
name or pseudonym, member or visitor), ``day_presence`` (who was there on a day: a
register person or a participant), ``register_day`` (visitors counted without a name),
``closure_day`` (days closed although an opening weekday) and ``association_year`` (what
the annual activity report needs and nothing can compute, typed once a year).

Written on a branch while 0005 (the employer directory) was on another: it revises 0004
here, and is re-chained onto 0005 when both are merged (nothing in it depends on 0005).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "register_person",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("display_name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("member_since", sa.Date(), nullable=True),
        sa.Column("member_until", sa.Date(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("search_text", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_register_person")),
    )
    op.create_table(
        "day_presence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("register_person_id", sa.Integer(), nullable=True),
        sa.Column("participant_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participant.id"],
            name=op.f("fk_day_presence_participant_id_participant"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["register_person_id"],
            ["register_person.id"],
            name=op.f("fk_day_presence_register_person_id_register_person"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_day_presence")),
        sa.UniqueConstraint("day", "participant_id", name="uq_day_presence_day_participant"),
        sa.UniqueConstraint("day", "register_person_id", name="uq_day_presence_day_person"),
    )
    op.create_index("ix_day_presence_day", "day_presence", ["day"], unique=False)
    op.create_table(
        "register_day",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("anonymous_visitors", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("day", name=op.f("pk_register_day")),
    )
    op.create_table(
        "closure_day",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("day", name=op.f("pk_closure_day")),
    )
    op.create_table(
        "association_year",
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("members_at_year_end", sa.Integer(), nullable=True),
        sa.Column("new_members", sa.Integer(), nullable=True),
        sa.Column("staff_json", sa.Text(), nullable=False),
        sa.Column("volunteers", sa.Integer(), nullable=True),
        sa.Column("volunteer_functions", sa.Text(), nullable=False),
        sa.Column("bureau_members", sa.Integer(), nullable=True),
        sa.Column("bureau_members_from_gem", sa.Integer(), nullable=True),
        sa.Column("sponsor", sa.String(length=200), nullable=False),
        sa.Column("sponsor_agreement_on", sa.Date(), nullable=True),
        sa.Column("managing_body", sa.String(length=200), nullable=False),
        sa.Column("management_agreement_on", sa.Date(), nullable=True),
        sa.Column("premises", sa.Text(), nullable=False),
        sa.Column("partnerships", sa.Text(), nullable=False),
        sa.Column("activities_held", sa.Text(), nullable=False),
        sa.Column("activities_planned", sa.Text(), nullable=False),
        sa.Column("highlights", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("year", name=op.f("pk_association_year")),
    )


def downgrade() -> None:
    op.drop_table("association_year")
    op.drop_table("closure_day")
    op.drop_table("register_day")
    op.drop_index("ix_day_presence_day", table_name="day_presence")
    op.drop_table("day_presence")
    op.drop_table("register_person")

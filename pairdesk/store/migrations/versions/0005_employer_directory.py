"""the employer directory, linked to the employer names typed on offers and contracts

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-17

Issue 15. New tables: ``employer`` (the directory), ``employer_contact``,
``employer_interaction`` (visits, calls, awareness sessions, retention follow-ups),
``accommodation`` (agreed on a contract, in work terms), ``disclosure_choice`` (what the
person chose to tell the employer, on a contract or an offer share, with its history) and
``employer_to_confirm`` (what this migration could not decide). ``job_offer``,
``contract`` and ``workshop`` gain a nullable ``employer_id``; ``workshop`` gains
``employees_reached`` (awareness sessions).

Data: the employer names already typed are grouped by a key that ignores case, accents,
spaces, punctuation and legal forms (SARL, SAS, SA, EURL, SASU…); each group becomes one
directory entry (the most used spelling, its town from the offers) and its offers and
contracts are linked to it. Two things are left for a person, in ``employer_to_confirm``:
a blank name, and a name whose offers give several towns (one company with several sites,
or several companies?). Nothing is lost: the typed text stays in ``employer``.

The grouping rule is frozen here (a copy of ``pairdesk.domain.employers.employer_key`` as
of this revision), so that this migration does the same on every vault whatever the
domain module becomes.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import Counter, defaultdict
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

_LEGAL_FORMS = frozenset(
    {"sarl", "sas", "sasu", "sa", "eurl", "sci", "snc", "scop", "sca", "eirl", "ei", "gie"}
)
_EXTRA = str.maketrans({"ł": "l", "ø": "o", "œ": "oe", "æ": "ae", "ß": "ss", "đ": "d"})


def _fold(text: str | None) -> str:
    if not text:
        return ""
    lowered = text.casefold().translate(_EXTRA)
    decomposed = unicodedata.normalize("NFKD", lowered)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.translate(_EXTRA).split())


def _clean(text: str | None) -> str:
    return " ".join(unicodedata.normalize("NFC", text or "").split())


def employer_key(name: str | None) -> str:
    folded = _fold(unicodedata.normalize("NFKC", name or ""))
    folded = re.sub(r"\b(?:[a-z]\.){2,}[a-z]?\.?", lambda m: m.group(0).replace(".", ""), folded)
    words = [w for w in re.split(r"[^0-9a-z]+", folded) if w]
    return " ".join(w for w in words if w not in _LEGAL_FORMS)


def _guess_kind(key: str) -> str:
    words = f" {key} "
    if " esat " in words:
        return "esat"
    if " entreprise adaptee " in words or words.startswith(" ea "):
        return "entreprise_adaptee"
    public = (" mairie ", " commune ", " conseil departemental ", " conseil regional ")
    if any(p in words for p in public) or words.startswith((" ville de ", " chu ", " ch ")):
        return "public"
    if words.startswith(" association "):
        return "association"
    return "ordinary"


def _most_used(spellings: list[str]) -> str:
    """The spelling used most often; a tie goes to the first in folded order."""
    counts = Counter(spellings)
    return min(counts, key=lambda s: (-counts[s], _fold(s), s))


def _create_tables() -> None:
    op.create_table(
        "employer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("sort_name", sa.String(length=200), nullable=False),
        sa.Column("sector", sa.String(length=200), nullable=False),
        sa.Column("town", sa.String(length=100), nullable=False),
        sa.Column("size", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("open_to_mental_health", sa.Boolean(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("next_step", sa.Text(), nullable=False),
        sa.Column("next_step_on", sa.Date(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_on", sa.Date(), nullable=False),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_employer")),
    )
    op.create_index("ix_employer_sort_name", "employer", ["sort_name", "id"])
    op.create_table(
        "employer_contact",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("employer_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=200), nullable=False),
        sa.Column("phone", sa.String(length=50), nullable=False),
        sa.Column("email", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["employer_id"],
            ["employer.id"],
            name=op.f("fk_employer_contact_employer_id_employer"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_employer_contact")),
    )
    op.create_index(
        op.f("ix_employer_contact_employer_id"), "employer_contact", ["employer_id"]
    )
    op.create_table(
        "employer_interaction",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("employer_id", sa.Integer(), nullable=False),
        sa.Column("occurred_on", sa.Date(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["employer_id"],
            ["employer.id"],
            name=op.f("fk_employer_interaction_employer_id_employer"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["team_member.id"],
            name=op.f("fk_employer_interaction_member_id_team_member"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participant.id"],
            name=op.f("fk_employer_interaction_participant_id_participant"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_employer_interaction")),
    )
    for column in ("employer_id", "occurred_on", "participant_id"):
        op.create_index(
            op.f(f"ix_employer_interaction_{column}"), "employer_interaction", [column]
        )
    op.create_table(
        "accommodation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contract_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("details", sa.Text(), nullable=False),
        sa.Column("agreed_on", sa.Date(), nullable=True),
        sa.Column("outcome", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["contract_id"],
            ["contract.id"],
            name=op.f("fk_accommodation_contract_id_contract"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_accommodation")),
    )
    op.create_index(op.f("ix_accommodation_contract_id"), "accommodation", ["contract_id"])
    op.create_table(
        "disclosure_choice",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contract_id", sa.Integer(), nullable=True),
        sa.Column("offer_share_id", sa.Integer(), nullable=True),
        sa.Column("choice", sa.String(length=32), nullable=False),
        sa.Column("chosen_on", sa.Date(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contract_id"],
            ["contract.id"],
            name=op.f("fk_disclosure_choice_contract_id_contract"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["offer_share_id"],
            ["offer_share.id"],
            name=op.f("fk_disclosure_choice_offer_share_id_offer_share"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_disclosure_choice")),
    )
    for column in ("contract_id", "offer_share_id"):
        op.create_index(op.f(f"ix_disclosure_choice_{column}"), "disclosure_choice", [column])
    op.create_table(
        "employer_to_confirm",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entity", sa.String(length=32), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("typed_name", sa.String(length=200), nullable=False),
        sa.Column("reason", sa.String(length=32), nullable=False),
        sa.Column("details", sa.Text(), nullable=False),
        sa.Column("resolved_on", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_employer_to_confirm")),
    )


def _add_columns() -> None:
    for table in ("job_offer", "contract", "workshop"):
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("employer_id", sa.Integer(), nullable=True))
            if table == "workshop":
                batch.add_column(sa.Column("employees_reached", sa.Integer(), nullable=True))
            batch.create_index(op.f(f"ix_{table}_employer_id"), ["employer_id"])
            batch.create_foreign_key(
                op.f(f"fk_{table}_employer_id_employer"),
                "employer",
                ["employer_id"],
                ["id"],
                ondelete="SET NULL",
            )


def link_typed_names(conn: sa.Connection) -> None:
    """Group the typed names, create the directory, link, and list what is left."""
    records: list[dict[str, Any]] = []
    for row in conn.execute(
        sa.text("SELECT id, employer, place, employer_open_to_disability, created_on FROM job_offer")
    ).mappings():
        records.append(
            {
                "entity": "job_offer",
                "id": row["id"],
                "typed": row["employer"] or "",
                "town": _clean(row["place"]),
                "open": bool(row["employer_open_to_disability"]),
                "on": row["created_on"],
            }
        )
    for row in conn.execute(sa.text("SELECT id, employer, started_on FROM contract")).mappings():
        records.append(
            {
                "entity": "contract",
                "id": row["id"],
                "typed": row["employer"] or "",
                "town": "",
                "open": False,
                "on": row["started_on"],
            }
        )
    to_confirm = sa.text(
        "INSERT INTO employer_to_confirm (entity, record_id, typed_name, reason, details) "
        "VALUES (:entity, :id, :typed, :reason, :details)"
    )
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for record in records:
        key = employer_key(record["typed"])
        if key:
            groups[key].append(record)
        else:
            conn.execute(to_confirm, {**record, "reason": "blank", "details": ""})
    for key in sorted(groups):
        members = groups[key]
        towns: dict[str, list[str]] = defaultdict(list)
        for record in members:
            if record["town"]:
                towns[_fold(record["town"])].append(record["town"])
        if len(towns) > 1:
            details = ", ".join(sorted((_most_used(t) for t in towns.values()), key=_fold))
            for record in members:
                conn.execute(
                    to_confirm, {**record, "reason": "several_towns", "details": details}
                )
            continue
        name = _most_used([_clean(r["typed"]) for r in members])
        town = _most_used(next(iter(towns.values()))) if towns else ""
        dates = [_as_date(r["on"]) for r in members if r["on"] is not None]
        employer_id = conn.execute(
            sa.text(
                "INSERT INTO employer (name, sort_name, sector, town, size, kind, "
                "open_to_mental_health, notes, next_step, next_step_on, active, created_on, "
                "search_text) VALUES (:name, :sort_name, '', :town, 'unknown', :kind, :open, "
                "'', '', NULL, 1, :created_on, :search)"
            ),
            {
                "name": name[:200],
                "sort_name": _fold(name)[:200],
                "town": town[:100],
                "kind": _guess_kind(key),
                "open": any(r["open"] for r in members),
                "created_on": (min(dates) if dates else dt.date.today()).isoformat(),
                "search": " ".join(p for p in (_fold(name), _fold(town)) if p),
            },
        ).lastrowid
        for entity in ("job_offer", "contract"):
            ids = [r["id"] for r in members if r["entity"] == entity]
            if ids:
                conn.execute(
                    sa.text(f"UPDATE {entity} SET employer_id = :e WHERE id IN :ids").bindparams(
                        sa.bindparam("ids", expanding=True)
                    ),
                    {"e": employer_id, "ids": ids},
                )


def _as_date(value: Any) -> dt.date:
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def upgrade() -> None:
    _create_tables()
    _add_columns()
    link_typed_names(op.get_bind())


def downgrade() -> None:
    for table in ("workshop", "contract", "job_offer"):
        with op.batch_alter_table(table) as batch:
            batch.drop_constraint(op.f(f"fk_{table}_employer_id_employer"), type_="foreignkey")
            batch.drop_index(op.f(f"ix_{table}_employer_id"))
            if table == "workshop":
                batch.drop_column("employees_reached")
            batch.drop_column("employer_id")
    for table in (
        "employer_to_confirm",
        "disclosure_choice",
        "accommodation",
        "employer_interaction",
        "employer_contact",
        "employer",
    ):
        op.drop_table(table)

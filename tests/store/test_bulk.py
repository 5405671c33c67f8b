"""store.bulk: rows sent as one JSON text per batch are stored exactly as the ORM's own bulk
insert stores them (values, SQLite types, defaults), with their ids in order."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Column, insert, select, text
from sqlalchemy.orm import Session

from pairdesk.store import bulk
from pairdesk.store.models import AuditEntry, Participant, TeamMember
from pairdesk.store.vault import Vault

# Text as people and spreadsheets give it, and worse: quotes, backslashes, JSON's own
# escapes, control characters, NUL, accents, emoji, right-to-left marks.
TEXT = st.text(
    alphabet=st.characters(exclude_categories=("Cs",)) | st.sampled_from('"\\/\x00\n\t\u2028'),
    max_size=40,
)
DATES = st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31))
TIMES = st.datetimes(min_value=dt.datetime(1, 1, 1), max_value=dt.datetime(9999, 12, 31))


@st.composite
def participant_rows(draw: st.DrawFn) -> list[dict[str, Any]]:
    """Rows of every column :func:`insert_participants` writes, of one shape, with the
    optional ones sometimes left to their defaults (as the ORM fills them)."""
    left_out = draw(st.sets(st.sampled_from(["pseudonym", "notes", "status", "created_at"])))
    rows = []
    for _ in range(draw(st.integers(1, 8))):
        row = {
            "first_name": draw(TEXT),
            "last_name": draw(TEXT),
            "pseudonym": draw(TEXT),
            "birth_date": draw(st.none() | DATES),
            "birth_year": draw(st.none() | st.integers(-(2**63), 2**63 - 1)),
            "phone": draw(st.sampled_from(["0612345678", "+33 6 12", "1e5", "007", ""])),
            "email": draw(TEXT),
            "membership_start": draw(DATES),
            "membership_end": draw(st.none() | DATES),
            "status": draw(st.sampled_from(["active", "paused", "left"])),
            "anonymised": draw(st.booleans()),
            "is_peer_helper": draw(st.booleans()),
            "notes": draw(TEXT),
            "created_at": draw(TIMES),
            "search_text": draw(TEXT),
        }
        rows.append({key: value for key, value in row.items() if key not in left_out})
    return rows


def both_ways(
    session: Session, model: Any, rows: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> tuple[list[int], list[int]]:
    """The rows inserted through the JSON text, then through the ORM (as an older SQLite)."""
    by_json = bulk.insert_rows(session, model, rows)
    with monkeypatch.context() as patch:
        patch.setattr(bulk, "JSONB_SINCE", (999,))
        by_orm = bulk.insert_rows(session, model, rows)
    return by_json, by_orm


def compared_columns(model: Any, *, skip: set[str]) -> list[Column[Any]]:
    return [c for c in model.__table__.columns if c.name != "id" and c.name not in skip]


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=participant_rows())
def test_json_rows_stored_as_the_orm_stores_them(
    vault: Vault, rows: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    with vault.connection() as conn:
        assert conn.exec_driver_sql("SELECT sqlite_version()").scalar() >= "3.45"
    with vault.transaction() as session:
        by_json, by_orm = both_ways(session, Participant, rows, monkeypatch)
        assert len(by_json) == len(by_orm) == len(rows)
        assert by_json == sorted(by_json) and by_orm == sorted(by_orm)
        # created_at/updated_at left out take the time of the insert (to the second).
        skip = {"created_at", "updated_at"} if "created_at" not in rows[0] else {"updated_at"}
        columns = compared_columns(Participant, skip=skip)
        by_id = {c.name: i for i, c in enumerate(columns)}
        first = list(session.execute(_select(columns, by_json)))
        second = list(session.execute(_select(columns, by_orm)))
        assert first == second
        # Each id is its row's (the ids in order are the rows' order).
        names = [row[2 * by_id["first_name"]] for row in first]
        assert names == [row["first_name"] for row in rows]
        if "created_at" not in rows[0]:
            made = session.scalars(
                select(Participant.created_at).where(Participant.id.in_(by_json))
            ).all()
            assert all(isinstance(when, dt.datetime) and when.microsecond == 0 for when in made)
        session.rollback()


def _select(columns: Sequence[Column[Any]], ids: list[int]) -> Any:
    shown = ", ".join(f'"{c.name}", typeof("{c.name}")' for c in columns)
    table = columns[0].table.name
    return text(
        f'SELECT {shown} FROM "{table}" WHERE id IN ({",".join(map(str, ids))}) ORDER BY id'
    )


def test_audit_lines_take_their_defaults(vault: Vault, monkeypatch: pytest.MonkeyPatch) -> None:
    """An audit line given no time takes the insert's, as the ORM gives it; the other
    columns are the ones given, on both paths alike."""
    with vault.transaction() as session:
        operator = session.scalars(select(TeamMember.id)).first()
        lines = [
            {
                "operator_id": operator,
                "operator_name": "Camille « Cam » Martin",
                "entity": "participant",
                "entity_id": n,
                "action": "create",
                "detail": "",
            }
            for n in (3, 1, 2)
        ]
        before = dt.datetime.now().replace(microsecond=0)
        by_json, by_orm = both_ways(session, AuditEntry, lines, monkeypatch)
        columns = compared_columns(AuditEntry, skip={"at"})
        assert list(session.execute(_select(columns, by_json))) == list(
            session.execute(_select(columns, by_orm))
        )
        times = session.scalars(select(AuditEntry.at).where(AuditEntry.id.in_(by_json))).all()
        assert all(before <= when <= dt.datetime.now() for when in times)
        session.rollback()


def test_rows_of_different_shapes_or_unknown_columns_are_refused(vault: Vault) -> None:
    with vault.transaction() as session:
        with pytest.raises(ValueError, match="same columns"):
            bulk.insert_rows(session, AuditEntry, [{"entity": "a"}, {"action": "b"}])
        with pytest.raises(ValueError, match="no column"):
            bulk.insert_rows(session, AuditEntry, [{"entity": "a", "colour": "blue"}])
        assert bulk.insert_rows(session, AuditEntry, []) == []


def test_what_the_session_holds_is_written_first(vault: Vault) -> None:
    """A record added to the session but not yet written goes in before the batch (the
    session flushes before any statement, a text one too), as with the ORM's own insert:
    ids and audit lines stay in the order things were done."""
    with vault.transaction() as session:
        pending = AuditEntry(entity="participant", entity_id=1, action="update")
        session.add(pending)
        ids = bulk.insert_rows(
            session, AuditEntry, [{"entity": "participant", "entity_id": 2, "action": "create"}]
        )
        assert pending.id is not None and pending.id < ids[0]
        session.rollback()


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=participant_rows(), copies=st.sampled_from([1, 2, 3, 70, 130]))
def test_written_rows_are_stored_as_core_stores_them(
    vault: Vault, rows: list[dict[str, Any]], copies: int
) -> None:
    """``write_rows`` (the demo builder's) against Core's ``insert`` with many rows, ids
    given, across the 500 rows of a JSON text (``copies`` × up to 8 rows)."""
    many = [row for _ in range(copies) for row in rows]
    given_ids = [{"id": 100_000 + n, **row} for n, row in enumerate(many)]
    core_ids = [{"id": 200_000 + n, **row} for n, row in enumerate(many)]
    table = Participant.__table__
    with vault.transaction() as session:
        bulk.write_rows(session, table, given_ids)  # type: ignore[arg-type]
        session.execute(insert(table), core_ids)
        skip = {"created_at", "updated_at"} if "created_at" not in rows[0] else {"updated_at"}
        columns = compared_columns(Participant, skip=skip)
        written = list(session.execute(_select(columns, [r["id"] for r in given_ids])))
        by_core = list(session.execute(_select(columns, [r["id"] for r in core_ids])))
        assert len(written) == len(many) and written == by_core
        session.rollback()


def test_writing_no_rows_writes_nothing(vault: Vault) -> None:
    with vault.transaction() as session:
        bulk.write_rows(session, AuditEntry.__table__, [])  # type: ignore[arg-type]
        assert session.scalars(select(AuditEntry.id)).all() == []
        session.rollback()

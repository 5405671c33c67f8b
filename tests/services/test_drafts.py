"""Drafts kept inside the vault when the window locks, offered back after unlocking."""

from __future__ import annotations

import datetime as dt
import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from pairdesk.domain.enums import AuditAction, Role
from pairdesk.errors import InvalidInput, PermissionDenied
from pairdesk.services import drafts, privacy
from pairdesk.services.context import ServiceContext
from pairdesk.store.models import AuditEntry, Draft
from tests.factories import acting_as, make_participant

pytestmark = pytest.mark.both_engines  # also on PostgreSQL (tests/pg.py)

PAYLOAD = {"participant_id": None, "tab": 0, "identity": {"first_name": "Zoé", "city": "Brest"}}


def test_save_list_take_roundtrip(ctx: ServiceContext) -> None:
    info = drafts.save_draft(ctx, "participant:new", "participants", PAYLOAD)
    assert info.payload == PAYLOAD and info.view == "participants"
    listed = drafts.list_drafts(ctx)
    assert [(d.key, d.payload) for d in listed] == [("participant:new", PAYLOAD)]

    changed = {**PAYLOAD, "tab": 2}
    drafts.save_draft(ctx, "participant:new", "participants", changed)  # replaces
    assert [d.payload["tab"] for d in drafts.list_drafts(ctx)] == [2]

    assert drafts.take_draft(ctx, "participant:new") == changed
    assert drafts.list_drafts(ctx) == []
    assert drafts.take_draft(ctx, "participant:new") is None


def test_payload_is_stored_as_json_inside_the_vault(ctx: ServiceContext) -> None:
    drafts.save_draft(ctx, "participant:7", "participants", PAYLOAD)
    with ctx.transaction() as session:
        row = session.scalars(select(Draft)).one()
        assert '"city": "Brest"' in row.payload_json
        audit = session.scalars(select(AuditEntry).where(AuditEntry.entity == "draft")).all()
    assert [a.action for a in audit] == [AuditAction.CREATE.value]
    assert all("Brest" not in a.detail and "Zoé" not in a.detail for a in audit)


def test_discard(ctx: ServiceContext) -> None:
    drafts.save_draft(ctx, "participant:new", "participants", PAYLOAD)
    assert drafts.discard_draft(ctx, "participant:new") is True
    assert drafts.discard_draft(ctx, "participant:new") is False
    assert drafts.list_drafts(ctx) == []


@pytest.mark.parametrize(
    ("key", "view", "payload", "field"),
    [
        ("", "participants", {}, "key"),
        ("x" * 201, "participants", {}, "key"),
        ("participant:\x00", "participants", {}, "key"),
        ("participant:1", "", {}, "view"),
        ("participant:1", "participants", ["not", "a", "dict"], "payload"),
        ("participant:1", "participants", {"when": dt.date(2026, 1, 1)}, "payload"),
        ("participant:1", "participants", {"x": math.nan}, "payload"),
    ],
)
def test_invalid_drafts_are_refused(ctx, key, view, payload, field) -> None:
    with pytest.raises(InvalidInput) as refused:
        drafts.save_draft(ctx, key, view, payload)
    assert refused.value.field == field
    assert drafts.list_drafts(ctx) == []


def test_drafts_belong_to_their_operator(ctx: ServiceContext) -> None:
    nadia = acting_as(ctx, "Nadia", Role.FACILITATOR, "Fictive")
    louis = acting_as(ctx, "Louis", Role.FACILITATOR, "Fictive")
    drafts.save_draft(nadia, "participant:new", "participants", PAYLOAD)
    assert drafts.list_drafts(louis, mine_only=True) == []
    assert len(drafts.list_drafts(nadia, mine_only=True)) == 1
    with pytest.raises(PermissionDenied):
        drafts.take_draft(louis, "participant:new")
    with pytest.raises(PermissionDenied):
        drafts.discard_draft(louis, "participant:new")
    assert drafts.take_draft(nadia, "participant:new") == PAYLOAD


@pytest.mark.parametrize("erase", ["anonymise", "delete"])
def test_erasing_a_participant_drops_their_drafts(ctx: ServiceContext, erase: str) -> None:
    pid = make_participant(ctx, "Maëlys", "Quintard", membership_start=dt.date(2025, 1, 6)).id
    other = make_participant(ctx, "Yanis", "Quintard", membership_start=dt.date(2025, 1, 6)).id
    drafts.save_draft(
        ctx, drafts.participant_draft_key(pid), "participants", {"participant_id": pid}
    )
    drafts.save_draft(ctx, "cv:3", "cv_workshops", {"participant_id": pid, "text": "…"})
    drafts.save_draft(ctx, drafts.participant_draft_key(other), "participants", {"x": 1})
    ref = privacy.participant_reference(pid)
    if erase == "anonymise":
        privacy.anonymise_participant(ctx, pid, confirm=ref)
    else:
        privacy.delete_participant(ctx, pid, confirm=ref)
    assert [d.key for d in drafts.list_drafts(ctx)] == [drafts.participant_draft_key(other)]


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=40),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=12,
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(payload=st.dictionaries(st.text(max_size=12), json_values, max_size=6))
def test_any_json_payload_comes_back_unchanged(ctx: ServiceContext, payload: dict) -> None:
    drafts.save_draft(ctx, "participant:new", "participants", payload)
    assert drafts.take_draft(ctx, "participant:new") == payload

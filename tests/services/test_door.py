"""At the door: a newcomer added and checked in in one transaction, or counted as a
visitor without a file; the name typed split into first and last name."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import func, select

from pairdesk.domain.enums import (
    Attendance,
    AuditAction,
    ConsentMethod,
    ConsentPurpose,
    Role,
)
from pairdesk.domain.names import split_name
from pairdesk.domain.text import fold
from pairdesk.errors import InvalidInput, PermissionDenied, UserError
from pairdesk.services import attendance, documents
from pairdesk.services.attendance import check_in_newcomer, count_visitor, may_add_newcomers
from pairdesk.services.context import ServiceContext
from pairdesk.services.workshops import cancel_workshop, get_workshop
from pairdesk.store.models import AuditEntry, Consent, Participant, Registration
from tests.factories import acting_as, insert_workshop

pytestmark = pytest.mark.both_engines  # also on PostgreSQL (tests/pg.py)

# ctx acts on 2026-11-25.
PAST = dt.date(2026, 11, 20)
FUTURE = dt.date(2026, 12, 3)


def counts(ctx: ServiceContext) -> tuple[int, int, int, int]:
    with ctx.transaction() as session:
        return (
            session.scalar(select(func.count()).select_from(Participant)) or 0,
            session.scalar(select(func.count()).select_from(Consent)) or 0,
            session.scalar(select(func.count()).select_from(Registration)) or 0,
            session.scalar(select(func.count()).select_from(AuditEntry)) or 0,
        )


def audit_lines(ctx: ServiceContext, since: int) -> list[tuple[str, str, str]]:
    with ctx.transaction() as session:
        return [
            (entity, action, detail)
            for entity, action, detail in session.execute(
                select(AuditEntry.entity, AuditEntry.action, AuditEntry.detail)
                .where(AuditEntry.id > since)
                .order_by(AuditEntry.id)
            ).all()
        ]


def last_audit_id(ctx: ServiceContext) -> int:
    with ctx.transaction() as session:
        return session.scalar(select(func.max(AuditEntry.id))) or 0


# -- a newcomer -----------------------------------------------------------------------------


def test_newcomer_is_created_consenting_registered_and_present(ctx: ServiceContext) -> None:
    w = insert_workshop(ctx, PAST)
    before = last_audit_id(ctx)
    done = check_in_newcomer(ctx, w, " Zoé ", "Nguyễn", consent=True)

    assert (done.first_name, done.last_name) == ("Zoé", "Nguyễn")
    assert done.registration.attendance is Attendance.PRESENT
    assert done.registration.walk_in
    with ctx.transaction() as session:
        person = session.get(Participant, done.participant_id)
        assert person is not None
        assert person.last_contact_on == PAST
        assert fold("nguyen") in person.search_text  # found by the next search
        consent = session.get(Consent, done.consent_id)
        assert consent is not None
        assert consent.participant_id == done.participant_id
        assert consent.purpose == ConsentPurpose.KEEP_FILE.value
        assert consent.method == ConsentMethod.ORAL.value
        assert consent.given_on == dt.date(2026, 11, 25)
        assert consent.withdrawn_on is None
    detail = get_workshop(ctx, w)
    assert [r.participant_id for r in detail.registrations] == [done.participant_id]
    assert detail.present == 1
    # One line per record written, none of them naming the person.
    lines = audit_lines(ctx, before)
    assert lines == [
        ("participant", AuditAction.CREATE.value, ""),
        ("consent", AuditAction.CREATE.value, "purpose=keep_file"),
        ("registration", AuditAction.CREATE.value, "walk-in"),
        ("workshop", AuditAction.UPDATE.value, "newcomer checked in"),
    ]
    assert not any("Zo" in detail for _e, _a, detail in lines)
    # Found at once by the check-in search, already present.
    found = attendance.find_for_check_in(ctx, w, "zoe")
    assert [(c.participant_id, c.attendance) for c in found] == [
        (done.participant_id, Attendance.PRESENT)
    ]


def test_newcomer_is_all_or_nothing(ctx: ServiceContext, monkeypatch: pytest.MonkeyPatch) -> None:
    w = insert_workshop(ctx, PAST)
    before = counts(ctx)

    def broken(*_args: object) -> None:
        raise RuntimeError("disk gone")

    # The file and the consent are written, then the registration fails: nothing stays.
    monkeypatch.setattr(attendance, "add_walk_in", broken)
    with pytest.raises(RuntimeError):
        check_in_newcomer(ctx, w, "Zoé", "Martin", consent=True)
    assert counts(ctx) == before


@pytest.mark.parametrize(
    ("first", "last", "field"),
    [("", "Martin", "first_name"), ("Zoé", "   ", "last_name"), ("Zoé", "x" * 500, "last_name")],
)
def test_newcomer_with_a_bad_name_leaves_nothing(
    ctx: ServiceContext, first: str, last: str, field: str
) -> None:
    w = insert_workshop(ctx, PAST)
    before = counts(ctx)
    with pytest.raises(InvalidInput) as caught:
        check_in_newcomer(ctx, w, first, last, consent=True)
    assert caught.value.field == field
    assert counts(ctx) == before


def test_newcomer_without_consent_gets_no_file(ctx: ServiceContext) -> None:
    w = insert_workshop(ctx, PAST)
    before = counts(ctx)
    with pytest.raises(InvalidInput) as caught:
        check_in_newcomer(ctx, w, "Zoé", "Martin", consent=False)
    assert caught.value.field == "consent"
    assert "visit" in str(caught.value)  # visitor, visiteur·se: the other way is named
    assert counts(ctx) == before


@pytest.mark.parametrize("when", ["future", "cancelled"])
def test_newcomer_refused_where_attendance_cannot_be_marked(ctx: ServiceContext, when: str) -> None:
    w = insert_workshop(ctx, FUTURE if when == "future" else PAST)
    if when == "cancelled":
        cancel_workshop(ctx, w)
    before = counts(ctx)
    with pytest.raises(UserError):
        check_in_newcomer(ctx, w, "Zoé", "Martin", consent=True)
    with pytest.raises(UserError):
        count_visitor(ctx, w)
    assert counts(ctx) == before


# -- roles ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "may_add"),
    [
        (Role.COORDINATOR, True),
        (Role.FACILITATOR, True),
        (Role.PEER_HELPER, False),
        (Role.VOLUNTEER, False),
    ],
)
def test_who_may_add_a_newcomer_and_who_may_count_visitors(
    ctx: ServiceContext, role: Role, may_add: bool
) -> None:
    w = insert_workshop(ctx, PAST)
    acting = acting_as(ctx, "Sam", role)
    assert may_add_newcomers(acting) is may_add
    before = counts(ctx)
    if may_add:
        check_in_newcomer(acting, w, "Zoé", "Martin", consent=True)
        assert counts(ctx)[0] == before[0] + 1
    else:
        with pytest.raises(PermissionDenied):
            check_in_newcomer(acting, w, "Zoé", "Martin", consent=True)
        assert counts(ctx) == before
    # Everyone who checks people in may count a visitor.
    assert count_visitor(acting, w).visitors == 1


# -- visitors ---------------------------------------------------------------------------------


def test_visitors_are_counted_without_a_name(ctx: ServiceContext) -> None:
    w = insert_workshop(ctx, PAST)
    before = last_audit_id(ctx)
    participants_before = counts(ctx)[0]
    assert count_visitor(ctx, w).visitors == 1
    assert count_visitor(ctx, w).visitors == 2
    assert count_visitor(ctx, w, -1).visitors == 1
    assert get_workshop(ctx, w).visitors == 1
    assert counts(ctx)[0] == participants_before
    assert audit_lines(ctx, before) == [
        ("workshop", AuditAction.UPDATE.value, "visitor counted"),
        ("workshop", AuditAction.UPDATE.value, "visitor counted"),
        ("workshop", AuditAction.UPDATE.value, "visitor uncounted"),
    ]
    # They reach the printed sheet's totals, not its list of names.
    sheet = documents.attendance_sheet_data(ctx, w, filled=True)
    assert sheet.visitors == 1
    assert sheet.people == ()


def test_visitors_never_go_below_zero_nor_jump(ctx: ServiceContext) -> None:
    w = insert_workshop(ctx, PAST)
    with pytest.raises(InvalidInput):
        count_visitor(ctx, w, -1)
    with pytest.raises(InvalidInput):
        count_visitor(ctx, w, 5)
    assert get_workshop(ctx, w).visitors == 0


# -- the name typed ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("zoé martin", ("Zoé", "Martin")),
        ("  Zoé   Martin ", ("Zoé", "Martin")),
        ("MARTIN Zoé", ("Zoé", "MARTIN")),
        ("Zoé MARTIN", ("Zoé", "MARTIN")),
        ("jean-pierre de la fontaine", ("Jean-Pierre", "de La Fontaine")),
        ("hélène van der berg", ("Hélène", "van der Berg")),
        ("McDonald", ("McDonald", "")),
        ("zoé", ("Zoé", "")),
        ("", ("", "")),
    ],
)
def test_split_name(typed: str, expected: tuple[str, str]) -> None:
    assert split_name(typed) == expected


@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40))
def test_split_name_keeps_every_word(typed: str) -> None:
    first, last = split_name(typed)
    assert sorted(fold(f"{first} {last}").split()) == sorted(fold(typed).split())

"""The role matrix itself (pure): who holds which permission."""

from __future__ import annotations

import pytest

from pairdesk.domain.enums import Role
from pairdesk.domain.permissions import (
    ROLE_PERMISSIONS,
    Permission,
    allows,
    limited_to_tutored,
    require,
)
from pairdesk.errors import PermissionDenied
from pairdesk.services.context import SYSTEM, Operator


class _Ctx:
    def __init__(self, operator: Operator) -> None:
        self.operator = operator


def op(role: Role, member_id: int | None = 7) -> Operator:
    return Operator(id=member_id, name="Camille Testeur", role=role)


def test_coordinator_holds_everything() -> None:
    assert ROLE_PERMISSIONS[Role.COORDINATOR] == frozenset(Permission)


def test_facilitator_has_all_participant_work_but_no_erasure_team_or_settings() -> None:
    held = ROLE_PERMISSIONS[Role.FACILITATOR]
    for p in (Permission.ERASE, Permission.TEAM, Permission.VAULT_SETTINGS, Permission.AUDIT):
        assert p not in held
    for p in (
        Permission.PARTICIPANT_FILES,
        Permission.CREATE_PARTICIPANTS,
        Permission.PRINT_DOCUMENTS,
        Permission.EXPORT_FILES,
        Permission.WORKSHOPS,
        Permission.OFFERS,
    ):
        assert p in held


def test_peer_helper_matrix() -> None:
    held = ROLE_PERMISSIONS[Role.PEER_HELPER]
    assert {Permission.WORKSHOPS, Permission.CVS, Permission.COACHING, Permission.OFFERS} <= held
    assert Permission.EXPORT_FILES not in held
    assert Permission.CREATE_PARTICIPANTS not in held
    assert limited_to_tutored(op(Role.PEER_HELPER), Permission.PARTICIPANT_FILES)
    assert not limited_to_tutored(op(Role.FACILITATOR), Permission.PARTICIPANT_FILES)


def test_volunteer_has_workshops_and_attendance_only() -> None:
    assert ROLE_PERMISSIONS[Role.VOLUNTEER] == {Permission.WORKSHOPS, Permission.ATTENDANCE}


@pytest.mark.parametrize("role", list(Role))
def test_system_operator_keeps_every_right(role: Role) -> None:
    system = Operator(id=None, name="pairdesk", role=role)
    assert all(allows(system, p) for p in Permission)
    assert not limited_to_tutored(system, Permission.PARTICIPANT_FILES)
    require(_Ctx(SYSTEM), Permission.ERASE)


def test_refusal_names_the_role_in_french() -> None:
    with pytest.raises(PermissionDenied) as caught:
        require(_Ctx(op(Role.VOLUNTEER)), Permission.EXPORT_FILES)
    assert "Bénévole" in caught.value.message or "bénévole" in caught.value.message
    assert caught.value.exit_code == 7


def test_every_permission_has_a_label() -> None:
    assert all(p.label for p in Permission)

"""The Team view on a server (issue 14): a new member gets their own login and password,
which is never kept in a draft; on a file the dialog has no login."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt

from pairdesk.domain.enums import Role
from pairdesk.services import team, vaults
from pairdesk.services.context import Operator, ServiceContext
from pairdesk.store.server import open_server
from pairdesk.ui.views.team.members_tab import MemberDialog
from tests import pg

TODAY = dt.date(2026, 11, 25)
PASSWORD = "a long test password 3"


@pytest.fixture
def server_ctx(pg_address: str) -> Iterator[ServiceContext]:
    vault = open_server(pg_address, pg.PG_PASSWORD)
    yield ServiceContext(vault, Operator(None, "owner", Role.COORDINATOR), lambda: TODAY)
    vault.close()


def test_a_new_member_on_a_server_gets_a_login(
    qtbot, server_ctx: ServiceContext, pg_address: str
) -> None:
    login = f"vol_{uuid.uuid4().hex[:8]}"
    dialog = MemberDialog(server_ctx, None)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.first_name_field.setText("Nadia")
    dialog.last_name_field.setText("Fictive")
    dialog.role_combo.setCurrentIndex(dialog.role_combo.findData(Role.VOLUNTEER.value))
    dialog.login_field.setText(login)
    dialog.password_field.setText(PASSWORD)
    dialog.password_again_field.setText("not the same one")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    # The passwords are plain rows (never drafted): their refusal is the form's own line.
    qtbot.waitUntil(lambda: "deux mots de passe" in dialog.form.general_error.text(), timeout=5000)
    assert dialog.isVisible()

    state = dialog.form.draft_state()
    assert state is not None and PASSWORD not in repr(state)  # the password is never drafted
    assert login in repr(state)

    dialog.password_again_field.setText(PASSWORD)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10000)
    added = next(m for m in team.list_members(server_ctx) if m.first_name == "Nadia")
    assert added.role is Role.VOLUNTEER

    as_member = open_server(pg_address.replace(f"{pg.PG_USER}@", f"{login}@"), PASSWORD)
    try:
        operator = vaults.server_operator(as_member)
        assert operator is not None and (operator.id, operator.role) == (added.id, Role.VOLUNTEER)
    finally:
        as_member.close()


def test_on_a_file_the_member_dialog_has_no_login(qtbot, ctx: ServiceContext) -> None:
    dialog = MemberDialog(ctx, None)
    qtbot.addWidget(dialog)
    assert not dialog.with_login
    assert "login" not in dialog.form.fields


def test_changing_the_role_in_the_dialog_moves_the_login(
    qtbot, server_ctx: ServiceContext, pg_address: str
) -> None:
    from PySide6.QtWidgets import QLabel

    login = f"vol_{uuid.uuid4().hex[:8]}"
    data = team.TeamMemberInput(first_name="Nadia", last_name="Fictive", role=Role.VOLUNTEER)
    member = team.add_server_member(server_ctx, data, login, PASSWORD)
    dialog = MemberDialog(server_ctx, member)
    qtbot.addWidget(dialog)
    dialog.show()
    note = dialog.findChild(QLabel, "loginFollowsNote")
    assert note is not None and "serveur" in note.text()
    dialog.role_combo.setCurrentIndex(dialog.role_combo.findData(Role.FACILITATOR.value))
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10000)

    as_member = open_server(pg_address.replace(f"{pg.PG_USER}@", f"{login}@"), PASSWORD)
    try:
        operator = vaults.server_operator(as_member)
        assert operator is not None and operator.role is Role.FACILITATOR
    finally:
        as_member.close()

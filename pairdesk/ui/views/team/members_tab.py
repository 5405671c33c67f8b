"""The team: who works at the association, their role, whether they are active and have a
PIN. Only a coordinator changes the team; everyone else sees it read-only with a sentence
saying why. Anyone may set or clear their own PIN."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from pairdesk.domain import pins
from pairdesk.domain.enums import Role
from pairdesk.domain.permissions import Permission, allows
from pairdesk.errors import InvalidInput
from pairdesk.i18n import _, ngettext
from pairdesk.services import team
from pairdesk.services.context import ServiceContext
from pairdesk.services.team import TeamMemberInput, TeamMemberRow
from pairdesk.ui.forms import FormDialog
from pairdesk.ui.models.team_model import TeamModel
from pairdesk.ui.widgets import questions
from pairdesk.ui.widgets.flow_layout import FlowRow
from pairdesk.ui.widgets.record_list import RecordList, note_label


class MemberDialog(FormDialog):
    """Add or change a team member."""

    draft_kind = "team.member"

    def __init__(
        self, ctx: ServiceContext, member: TeamMemberRow | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(
            parent,
            _("New team member") if member is None else _("Change a team member"),
            what=_("This team member"),
        )
        self.ctx = ctx
        self.member = member
        form = self.form
        self.first_name_field = form.add("first_name", _("&First name:"), QLineEdit(self))
        self.last_name_field = form.add("last_name", _("&Last name:"), QLineEdit(self))
        self.role_combo = QComboBox(self)
        for role in Role:
            self.role_combo.addItem(role.label, role.value)
        self.role_combo.setCurrentIndex(self.role_combo.findData(Role.PEER_HELPER.value))
        form.add("role", _("&Role:"), self.role_combo)
        self.email_field = form.add("email", _("E-&mail:"), QLineEdit(self))
        self.phone_field = form.add("phone", _("&Phone:"), QLineEdit(self))
        #: On a server a new member gets their own login (never kept in a draft).
        self.with_login = member is None and team.has_logins(ctx)
        if self.with_login:
            self.login_field = form.add("login", _("L&ogin:"), QLineEdit(self), required=True)
            self.login_field.setPlaceholderText("lea_martin")
            self.login_field.setToolTip(
                _(
                    "Their user name on the server: lower-case letters, digits and _, "
                    "e.g. lea_martin."
                )
            )
            # The password is a plain row, not a form field: a form's fields go into its
            # draft at the lock, and a password is never kept.
            self.password_field = self._secret_row(_("Pass&word:"))
            self.password_again_field = self._secret_row(_("Password a&gain:"))
        if member is not None and team.has_logins(ctx):
            note = QLabel(
                _(
                    "On the server their login follows: a new role takes effect at once, "
                    "in each of their sessions."
                ),
                self,
            )
            note.setWordWrap(True)
            note.setObjectName("loginFollowsNote")
            self.fields.addRow(note)
        if member is not None:
            self.show_member(member)
        self.reads_record(lambda member_id: team.get_member(ctx, member_id), self.show_member)
        self.set_record(member.id if member is not None else None, _("Change a team member"))

    def show_member(self, member: TeamMemberRow) -> None:
        self.form.set_values(
            {
                "first_name": member.first_name,
                "last_name": member.last_name,
                "role": member.role.value,
                "email": member.email,
                "phone": member.phone,
            },
            edit_version=member.edit_version,
        )

    @classmethod
    def blank(cls, parent: QWidget, ctx: ServiceContext) -> FormDialog:
        return cls(ctx, None, parent)

    def _secret_row(self, label: str) -> QLineEdit:
        line = QLineEdit(self)
        line.setEchoMode(QLineEdit.EchoMode.Password)
        caption = QLabel(label, self)
        caption.setBuddy(line)
        line.setAccessibleName(label.replace("&", ""))
        self.fields.addRow(caption, line)
        return line

    def member_input(self) -> TeamMemberInput:
        return TeamMemberInput(
            first_name=self.first_name_field.text(),
            last_name=self.last_name_field.text(),
            role=Role(self.role_combo.currentData()),
            email=self.email_field.text(),
            phone=self.phone_field.text(),
            edit_version=self.form.edit_version,
        )

    def action(self) -> Callable[[], TeamMemberRow]:
        ctx, data = self.ctx, self.member_input()
        member_id = self.record_id
        if member_id is None and self.with_login:
            login, password = self.login_field.text(), self.password_field.text()
            if not password or password != self.password_again_field.text():
                raise InvalidInput(
                    _("The two passwords are different. Type the same password twice."),
                    field="password_again",
                )
            return lambda: team.add_server_member(ctx, data, login, password)
        if member_id is None:
            return lambda: team.create_member(ctx, data)
        return lambda: team.update_member(ctx, member_id, data)


class PinDialog(FormDialog):
    """Set a member's PIN, typed twice (digits only)."""

    def __init__(
        self, ctx: ServiceContext, member: TeamMemberRow, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent, _("PIN of {name}").format(name=member.name), what=_("This PIN"))
        self.ctx = ctx
        self.member = member
        intro = QLabel(
            _("{low} to {high} digits, asked when {name} signs in.").format(
                low=pins.PIN_MIN, high=pins.PIN_MAX, name=member.name
            ),
            self,
        )
        intro.setWordWrap(True)
        self.fields.addRow(intro)
        self.pin_field = self.form.add("pin", _("&New PIN:"), self._pin_line())
        self.again_field = self.form.add("pin_again", _("PIN &again:"), self._pin_line())

    def _pin_line(self) -> QLineEdit:
        line = QLineEdit(self)
        line.setEchoMode(QLineEdit.EchoMode.Password)
        line.setMaxLength(pins.PIN_MAX)
        return line

    def action(self) -> Callable[[], TeamMemberRow]:
        pin = self.pin_field.text()
        if pin != self.again_field.text():
            raise InvalidInput(
                _("The two PINs are different. Type the same PIN twice."), field="pin_again"
            )
        ctx, member_id = self.ctx, self.member.id
        return lambda: team.set_pin(ctx, member_id, pin)

    def accepted_value(self, result: object) -> object:
        self.pin_field.clear()
        self.again_field.clear()
        return result


class MembersTab(RecordList[TeamMemberRow]):
    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent, "teamMembersTab")
        self.is_coordinator = allows(ctx.operator, Permission.TEAM)

        self.read_only_note = note_label(
            _(
                "You can read the team but not change it: only a coordinator can add, "
                "change or deactivate team members. You are signed in as {name} ({role}). "
                "You can still set or clear your own PIN."
            ).format(name=ctx.operator.name, role=ctx.operator.role.label),
            self,
        )
        self.read_only_note.setObjectName("teamReadOnlyNote")
        self.read_only_note.setAccessibleName(_("Why the team is read-only"))
        self.read_only_note.setVisible(not self.is_coordinator)

        self.show_inactive = QCheckBox(_("Show &former members"), self)
        self.show_inactive.setAccessibleName(_("Show former team members"))
        self.count_label.setAccessibleName(_("Number of team members"))
        top = QHBoxLayout()
        top.addWidget(self.show_inactive)
        top.addStretch(1)
        top.addWidget(self.count_label)

        self.set_table(TeamModel(self), _("Team members"), "teamTable")
        self.add_button = self.button(
            _("&Add a member…"), _("Add a team member"), self.add_member, new=True
        )
        self.edit_button = self.button(
            _("&Change…"), _("Change the chosen team member"), self.edit_member
        )
        self.deactivate_button = self.button(
            _("&Deactivate"), _("Deactivate or reactivate the chosen member"), self.toggle_active
        )
        self.pin_button = self.button(
            _("Set the &PIN…"), _("Set the PIN of the chosen member"), self.set_pin
        )
        self.clear_pin_button = self.button(
            _("C&lear the PIN"), _("Clear the PIN of the chosen member"), self.clear_pin
        )
        self.bind_delete(self.toggle_active)
        buttons = FlowRow(self)  # wraps at 200 % rather than cutting the words
        for button in (
            self.add_button,
            self.edit_button,
            self.deactivate_button,
            self.pin_button,
            self.clear_pin_button,
        ):
            buttons.addWidget(button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.read_only_note)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)

        self.show_inactive.toggled.connect(lambda _checked: self.refresh())
        self.update_buttons()

    # -- data --------------------------------------------------------------------------
    def fetch(self) -> Callable[[], list[TeamMemberRow]]:
        ctx, include = self.ctx, self.show_inactive.isChecked()
        return lambda: team.list_members(ctx, include_inactive=include)

    def count_text(self, count: int) -> str:
        return ngettext("{count} team member", "{count} team members", count).format(count=count)

    def activate(self) -> None:
        self.edit_member()

    def update_buttons(self, *_args: object) -> None:
        member = self.selected()
        chosen = member is not None
        own = chosen and member is not None and member.id == self.ctx.operator.id
        self.add_button.setEnabled(self.is_coordinator)
        self.edit_button.setEnabled(self.is_coordinator and chosen)
        self.deactivate_button.setEnabled(self.is_coordinator and chosen)
        if member is not None and not member.active:
            self.deactivate_button.setText(_("Re&activate"))
        else:
            self.deactivate_button.setText(_("&Deactivate"))
        self.pin_button.setEnabled(bool((self.is_coordinator and chosen) or own))
        self.clear_pin_button.setEnabled(
            bool(((self.is_coordinator and chosen) or own) and member and member.has_pin)
        )

    # -- actions -----------------------------------------------------------------------
    def add_member(self) -> None:
        if self.is_coordinator:
            self.open_dialog(MemberDialog(self.ctx, None, self), _("{name} joined the team."))

    def edit_member(self) -> None:
        member = self.selected()
        if member is not None and self.is_coordinator:
            self.open_dialog(MemberDialog(self.ctx, member, self), _("{name}: changes saved."))

    def set_pin(self) -> None:
        member = self.selected()
        if member is not None and self.pin_button.isEnabled():
            self.open_dialog(PinDialog(self.ctx, member, self), _("{name}: PIN set."))

    def clear_pin(self) -> None:
        member = self.selected()
        if member is None or not self.clear_pin_button.isEnabled():
            return
        if not questions.confirm(
            self,
            _("Clear the PIN"),
            _("{name} will sign in without a PIN. Clear it?").format(name=member.name),
            _("C&lear the PIN"),
        ):
            return
        ctx, member_id = self.ctx, member.id
        self.change(lambda: team.set_pin(ctx, member_id, None), _("{name}: PIN cleared."))

    def toggle_active(self) -> None:
        member = self.selected()
        if member is None or not self.is_coordinator:
            return
        ctx, member_id = self.ctx, member.id
        if not member.active:
            self.change(
                lambda: team.reactivate_member(ctx, member_id), _("{name} was reactivated.")
            )
            return
        if questions.confirm(
            self,
            _("Deactivate a team member"),
            (
                _(
                    "{name} will no longer be offered in choices and their login on the "
                    "server is disabled: they cannot connect, and their open sessions lose "
                    "access at once. Their history is kept. Deactivate?"
                )
                if team.has_logins(ctx)
                else _(
                    "{name} will no longer be offered in choices and cannot sign in. "
                    "Their history is kept. Deactivate?"
                )
            ).format(name=member.name),
            _("&Deactivate"),
        ):
            self.change(
                lambda: team.deactivate_member(ctx, member_id), _("{name} was deactivated.")
            )

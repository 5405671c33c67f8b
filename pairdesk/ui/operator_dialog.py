"""Who is at the keyboard: after unlocking, the person picks their name among the team.

A member who set a PIN types it (``sessions.sign_in`` checks it and records the LOGIN in
the audit log). A vault whose team is still empty asks for the first coordinator's name
instead. "Back" closes the vault again and returns to the unlock dialog. After a lock,
the member who was at the keyboard is chosen already; otherwise, in demo mode, the first
coordinator; otherwise the operator of the last session on this computer with this vault
(``operators.ini`` keeps the member's id under a hash of the vault's path: never a name).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pairdesk.domain import pins
from pairdesk.domain.enums import Role
from pairdesk.domain.text import fold
from pairdesk.errors import UserError
from pairdesk.i18n import _
from pairdesk.services import sessions, team
from pairdesk.services.context import Operator, ServiceContext
from pairdesk.services.team import TeamMemberRow
from pairdesk.ui.fit_labels import fitting_width
from pairdesk.ui.local_settings import ini_file
from pairdesk.ui.ops import Op
from pairdesk.ui.widgets import FieldErrors
from pairdesk.ui.widgets.dialog_parts import dialog_buttons
from pairdesk.ui.widgets.field_error import make_error_label

MEMBER_ROLE = Qt.ItemDataRole.UserRole + 1
LAST_OPERATOR_FILENAME = "operators.ini"
_LAST_OPERATOR_GROUP = "last_operator"


# -- the last operator, per vault (an id, never a name) ------------------------------------


def _last_operator_settings() -> QSettings:
    return ini_file(LAST_OPERATOR_FILENAME)


def vault_key(vault_path: Path) -> str:
    """The settings key of a vault: a hash of its absolute path (not its name)."""
    try:
        absolute = Path(vault_path).expanduser().resolve()
    except OSError:
        absolute = Path(vault_path).expanduser().absolute()
    return hashlib.sha256(str(absolute).encode("utf-8")).hexdigest()[:32]


def last_operator_id(vault_path: Path) -> int | None:
    """The team member id of the last session with this vault on this computer."""
    settings = _last_operator_settings()
    value = settings.value(f"{_LAST_OPERATOR_GROUP}/{vault_key(vault_path)}")
    try:
        return int(str(value)) if value is not None else None
    except ValueError:
        return None


def remember_operator(vault_path: Path, member_id: int | None) -> None:
    """Keep ``member_id`` as this vault's last operator (``None`` forgets it)."""
    settings = _last_operator_settings()
    key = f"{_LAST_OPERATOR_GROUP}/{vault_key(vault_path)}"
    if member_id is None:
        settings.remove(key)
    else:
        settings.setValue(key, int(member_id))
    settings.sync()


def member_text(member: TeamMemberRow) -> str:
    if member.has_pin:
        return _("{name} — {role} (PIN)").format(name=member.name, role=member.role.label)
    return _("{name} — {role}").format(name=member.name, role=member.role.label)


class OperatorDialog(QDialog):
    """Pick the operator. ``signed_in(ctx)`` carries the context acting as them."""

    signed_in = Signal(object)

    def __init__(
        self,
        ctx: ServiceContext,
        *,
        demo: bool = False,
        came_back: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.demo = demo
        #: after a lock, the member who was at the keyboard (chosen again, demo or not)
        self.came_back = came_back
        self._busy = False
        self._members: list[TeamMemberRow] = []
        self._empty_team = False
        self.loaded = False
        self.setObjectName("operatorDialog")
        self.setWindowTitle(_("Who is at the keyboard? — pairdesk"))
        self.setMinimumWidth(fitting_width(self, 56))
        self.errors = FieldErrors()

        self.intro = QLabel(
            _(
                "Choose your name: what you do next is recorded under it. "
                "If you set a PIN, type it too."
            ),
            self,
        )
        self.intro.setWordWrap(True)

        # Choosing a member.
        self.member_list = QListWidget(self)
        self.member_list.setObjectName("operatorList")
        self.member_list.setAccessibleName(_("Team members"))
        self.member_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        member_label = QLabel(_("&Your name:"), self)
        member_label.setBuddy(self.member_list)
        self.pin_field = QLineEdit(self)
        self.pin_field.setObjectName("operatorPin")
        self.pin_field.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin_field.setAccessibleName(_("PIN"))
        self.pin_field.setMaxLength(pins.PIN_MAX)
        self.pin_field.setInputMethodHints(
            Qt.InputMethodHint.ImhDigitsOnly | Qt.InputMethodHint.ImhSensitiveData
        )
        self.pin_label = QLabel(_("P&IN:"), self)
        self.pin_label.setBuddy(self.pin_field)
        self.pin_note = QLabel(self)
        self.pin_note.setWordWrap(True)
        self.choose_box = QWidget(self)
        choose_form = QFormLayout(self.choose_box)
        choose_form.setContentsMargins(0, 0, 0, 0)
        choose_form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        choose_form.addRow(member_label, self.errors.wrap("member", self.member_list))
        choose_form.addRow(self.pin_label, self.errors.wrap("pin", self.pin_field))
        choose_form.addRow("", self.pin_note)

        # First coordinator of an empty team.
        self.first_group = QGroupBox(_("Create the first coordinator"), self)
        self.first_group.setObjectName("firstCoordinator")
        first_intro = QLabel(
            _(
                "This vault has no team member yet. Type your name: you become its first "
                "coordinator and can then add the rest of the team."
            ),
            self.first_group,
        )
        first_intro.setWordWrap(True)
        self.first_name_field = QLineEdit(self.first_group)
        self.first_name_field.setAccessibleName(_("First name"))
        first_name_label = QLabel(_("&First name:"), self.first_group)
        first_name_label.setBuddy(self.first_name_field)
        self.last_name_field = QLineEdit(self.first_group)
        self.last_name_field.setAccessibleName(_("Last name"))
        last_name_label = QLabel(_("&Last name:"), self.first_group)
        last_name_label.setBuddy(self.last_name_field)
        first_layout = QVBoxLayout(self.first_group)
        first_layout.addWidget(first_intro)
        first_form = QFormLayout()
        first_form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        first_form.addRow(first_name_label, self.errors.wrap("first_name", self.first_name_field))
        first_form.addRow(last_name_label, self.errors.wrap("last_name", self.last_name_field))
        first_layout.addLayout(first_form)
        self.first_group.hide()

        self.error_label = QLabel(self)
        self.error_label.setObjectName("operatorError")
        self.error_label.setWordWrap(True)
        make_error_label(self.error_label)
        self.error_label.hide()
        self.status_label = QLabel(_("Reading the team…"), self)
        self.status_label.setAccessibleName(_("Progress"))

        self.buttons, self.continue_button, self.back_button = dialog_buttons(
            self,
            _("&Continue"),
            _("Continue"),
            on_accept=self.try_continue,
            cancel_text=_("&Back (lock the vault)"),
            cancel_name=_("Back: lock the vault"),
        )
        self.continue_button.setEnabled(False)

        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.choose_box)
        layout.addWidget(self.first_group)
        layout.addWidget(self.error_label)
        layout.addWidget(self.status_label)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

        self.member_list.itemSelectionChanged.connect(self._member_changed)
        self.member_list.itemActivated.connect(lambda _item: self._after_activation())
        QWidget.setTabOrder(self.member_list, self.pin_field)
        QWidget.setTabOrder(self.pin_field, self.first_name_field)
        QWidget.setTabOrder(self.first_name_field, self.last_name_field)
        QWidget.setTabOrder(self.last_name_field, self.continue_button)
        QWidget.setTabOrder(self.continue_button, self.back_button)
        self._member_changed(None)

    # -- loading -----------------------------------------------------------------------
    def load(self) -> None:
        """Read the active team on the worker."""
        ctx = self.ctx

        def work() -> tuple[list[TeamMemberRow], bool]:
            return team.list_members(ctx), sessions.team_is_empty(ctx)

        Op(self, work).success(self._loaded).always(lambda: self._set_busy(False)).run()

    def _loaded(self, result: tuple[list[TeamMemberRow], bool]) -> None:
        members, empty = result
        self._members = members
        self._empty_team = empty or not members
        self.status_label.clear()
        self.status_label.hide()
        self.continue_button.setEnabled(True)
        self.loaded = True
        if self._empty_team:
            self.choose_box.hide()
            self.first_group.show()
            self.intro.setText(_("Welcome to pairdesk."))
            if empty:
                self.first_name_field.setFocus()
            else:  # members exist but none is active: nobody can sign in
                self.first_group.hide()
                self.continue_button.setEnabled(False)
                self.error_label.setText(
                    _(
                        "Every team member of this vault is inactive, so nobody can sign in. "
                        "Use the command line (pairdesk team) to reactivate a coordinator."
                    )
                )
                self.error_label.show()
            return
        self.first_group.hide()
        self.choose_box.show()
        self.member_list.clear()
        # in the order of what is read, « Prénom Nom »: sorted by last name the list
        # looked unsorted (a tester's finding)
        for member in sorted(members, key=lambda m: (fold(m.first_name), fold(m.last_name), m.id)):
            item = QListWidgetItem(member_text(member), self.member_list)
            item.setData(MEMBER_ROLE, member.id)
        # after a lock: whoever locked it is likeliest back (a tester's quick Return after
        # the demo's lock put their work under the coordinator's name)
        preselect = next((m for m in members if m.id == self.came_back), None)
        if preselect is None:
            if self.demo:
                preselect = next((m for m in members if m.role is Role.COORDINATOR), members[0])
            elif len(members) == 1:
                preselect = members[0]
            else:
                last = last_operator_id(self.ctx.vault.path)
                preselect = next((m for m in members if m.id == last), None)
        if preselect is not None:
            self.select_member(preselect.id)
        self.member_list.setFocus()
        if preselect is not None and preselect.has_pin:
            self.pin_field.setFocus()

    # -- choosing ----------------------------------------------------------------------
    def member(self, member_id: int) -> TeamMemberRow | None:
        return next((m for m in self._members if m.id == member_id), None)

    def select_member(self, member_id: int) -> bool:
        for row in range(self.member_list.count()):
            item = self.member_list.item(row)
            if item.data(MEMBER_ROLE) == member_id:
                self.member_list.setCurrentItem(item)
                return True
        return False

    def selected_member(self) -> TeamMemberRow | None:
        items = self.member_list.selectedItems()  # the current item alone is not a choice
        if not items:
            return None
        return self.member(int(items[0].data(MEMBER_ROLE)))

    def _member_changed(self, *_args: object) -> None:
        member = self.selected_member()
        needs_pin = member is not None and member.has_pin
        self.pin_field.clear()
        self.pin_field.setEnabled(needs_pin)
        self.errors.clear()
        self.error_label.hide()
        if member is None:
            self.pin_note.setText("")
        elif needs_pin:
            self.pin_note.setText(_("{name} has a PIN: type it.").format(name=member.name))
        else:
            self.pin_note.setText(_("{name} has no PIN.").format(name=member.name))

    def _after_activation(self) -> None:
        member = self.selected_member()
        if member is not None and member.has_pin:
            self.pin_field.setFocus()
        else:
            self.try_continue()

    # -- signing in --------------------------------------------------------------------
    def try_continue(self) -> None:
        if self._busy or not self.loaded:
            return
        self.errors.clear()
        self.error_label.hide()
        ctx = self.ctx
        if self._empty_team:
            first = self.first_name_field.text()
            last = self.last_name_field.text()
            self._run(lambda: sessions.create_first_coordinator(ctx, first, last))
            return
        member = self.selected_member()
        if member is None:
            self.errors.show(UserError(_("Choose your name in the list."), field="member"))
            return
        pin = self.pin_field.text() if member.has_pin else None
        member_id = member.id
        self._run(lambda: sessions.sign_in(ctx, member_id, pin))

    def _run(self, work: Callable[[], Operator]) -> None:
        self._set_busy(True)
        Op(self, work, key="sign-in").success(self._signed_in).always(
            lambda: self._set_busy(False)
        ).busy(_("Signing in…")).run()

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        for widget in (
            self.member_list,
            self.first_name_field,
            self.last_name_field,
            self.continue_button,
            self.back_button,
        ):
            widget.setEnabled(not busy)
        member = self.selected_member()
        self.pin_field.setEnabled(not busy and member is not None and member.has_pin)

    def _signed_in(self, operator: Operator) -> None:
        self._set_busy(False)
        self.pin_field.clear()
        signed = self.ctx.with_operator(operator)
        if not self.demo:  # a throw-away demo vault is not remembered
            remember_operator(self.ctx.vault.path, operator.id)
        self.accept()
        self.signed_in.emit(signed)

    def show_op_error(self, error: BaseException) -> bool:
        """ErrorSink: a refusal beside its field, else in the dialog's error line; a bug
        goes on to the polite dialog (logged)."""
        if not isinstance(error, UserError):
            return False
        if self.errors.show(error):
            if error.field == "pin":
                self.pin_field.selectAll()
                self.pin_field.setFocus()
            return True
        self.error_label.setText(_("Error: {message}").format(message=error.message))
        self.error_label.show()
        return True

    def reject(self) -> None:
        if self._busy:
            return
        self.pin_field.clear()
        super().reject()

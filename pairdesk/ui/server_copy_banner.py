"""The banner over every page of a read-only copy of a server (issue 14, "Offline stays
first"): where and when the copy was taken, that it is for consultation and printing, and
"Make independent…" (a coordinator's, behind a confirmation) to change it from then on,
which means it never goes back over the server.

The refusal of changes itself is the store's (``store/server_copy.py``); this only says so.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QWidget

from pairdesk.domain.permissions import Permission, allows
from pairdesk.formatting import short_date, short_time
from pairdesk.i18n import _
from pairdesk.services import vaults
from pairdesk.services.context import ServiceContext
from pairdesk.ui.ops import Op
from pairdesk.ui.widgets import questions
from pairdesk.ui.widgets.dialog_parts import worded_button, wrapped_label
from pairdesk.ui.widgets.field_error import keep_whole_height


def banner_text(copy: vaults.ServerCopy) -> str:
    taken = copy.taken_at.astimezone()
    return _(
        "Read-only copy of the server {address}, taken on {date} at {time} — consultation "
        "and printing."
    ).format(address=copy.address, date=short_date(taken.date()), time=short_time(taken.time()))


class ServerCopyBanner(QFrame):
    """Shown while the vault is a read-only copy of a server; hidden once made independent."""

    #: The copy was made independent (the text to tell the person).
    made_independent = Signal(str)

    def __init__(self, ctx: ServiceContext, copy: vaults.ServerCopy, parent: QWidget) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.copy = copy
        self.setObjectName("serverCopyBanner")
        self.setStyleSheet(
            "QFrame#serverCopyBanner { background: #fff4ce; border-bottom: 1px solid #c8a600; }"
            "QFrame#serverCopyBanner QLabel { color: #3b2f00; }"
        )
        # Wrapped at large text sizes, with the height its lines need (not cut).
        self.label: QLabel = keep_whole_height(wrapped_label(banner_text(copy), self))
        self.label.setObjectName("serverCopyText")
        self.label.setAccessibleName(self.label.text())
        self.label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.button = worded_button(
            self, _("Make &independent…"), _("Make this copy an independent vault")
        )
        self.button.setObjectName("makeIndependent")
        if allows(ctx.operator, Permission.VAULT_SETTINGS):
            self.button.setToolTip(
                _("Change this copy from now on; it will never go back over the server.")
            )
        else:
            self.button.setEnabled(False)
            self.button.setToolTip(_("Only a coordinator can use this."))
        self.button.clicked.connect(self.ask)
        row = QHBoxLayout(self)
        row.setContentsMargins(12, 6, 12, 6)
        row.addWidget(self.label, 1)
        row.addWidget(self.button)

    def ask(self) -> None:
        if not questions.confirm(
            self,
            _("Make this copy independent"),
            _(
                "This copy of the server {address} will become an independent vault: it can "
                "be changed from now on, and it will never go back over the server (merging "
                "copies that have diverged is not supported). The server is not changed.\n\n"
                "Make it independent?"
            ).format(address=self.copy.address),
            _("Make &independent"),
            warning=True,
        ):
            return
        Op(self, lambda: vaults.make_independent(self.ctx), key="independent").success(
            self._made
        ).busy(_("Making the copy independent…")).run()

    def _made(self, copy: vaults.ServerCopy) -> None:
        self.copy = copy
        self.hide()
        self.made_independent.emit(
            _("This vault is now independent of the server {address}: it can be changed.").format(
                address=copy.address
            )
        )


def banner_for(ctx: ServiceContext, parent: QWidget) -> ServerCopyBanner | None:
    """The banner when ``ctx``'s vault is a read-only copy of a server, else ``None``."""
    copy = vaults.read_only_copy(ctx)
    return None if copy is None else ServerCopyBanner(ctx, copy, parent)

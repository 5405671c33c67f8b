"""The register's two small forms: someone new at the door, and a closure day."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from pairdesk import formatting
from pairdesk.i18n import _
from pairdesk.services import register
from pairdesk.services.context import ServiceContext
from pairdesk.services.register import (
    ClosureRow,
    DaySheet,
    RegisterKind,
    RegisterPersonInput,
    RegisterPersonRow,
)
from pairdesk.ui.forms.dialog import FormDialog
from pairdesk.ui.widgets.date_field import DateField


class NewRegisterPersonDialog(FormDialog):
    """A name or pseudonym, member or visitor, member since: added to the register and
    ticked in on the day shown. No health data, no file."""

    def __init__(
        self,
        ctx: ServiceContext,
        day: dt.date,
        typed: str = "",
        parent: QWidget | None = None,
        on_done: Callable[[Any], None] | None = None,
    ) -> None:
        super().__init__(
            parent,
            _("Someone new in the register"),
            what=_("This person"),
            ok_text=_("&Add and tick in"),
            on_done=on_done,
        )
        self._ctx, self._day = ctx, day
        self.name_field = self.form.add(
            "display_name",
            _("&Name or pseudonym:"),
            QLineEdit(self),
            required=True,
            help_text=_("Only what the person wishes to give: no file, no health data."),
        )
        self.name_field.setText(" ".join(typed.split()))
        self.kind_field = self.form.add("kind", _("&Counted as:"), QComboBox(self))
        for kind in RegisterKind:
            self.kind_field.addItem(kind.label, kind.value)
        self.since_field = self.form.add(
            "member_since",
            _("Member &since:"),
            DateField(self, optional=True, today=ctx.today),
        )
        self.kind_field.currentIndexChanged.connect(self._kind_changed)
        self._kind_changed()

    def _kind_changed(self) -> None:
        member = self.kind_field.currentData() == RegisterKind.MEMBER.value
        self.since_field.setEnabled(member)

    def action(self) -> Callable[[], tuple[RegisterPersonRow, DaySheet]]:
        kind = RegisterKind(self.kind_field.currentData())
        data = RegisterPersonInput(
            display_name=self.name_field.text(),
            kind=kind,
            member_since=self.since_field.date() if kind is RegisterKind.MEMBER else None,
        )
        ctx, day = self._ctx, self._day
        return lambda: register.add_person_present(ctx, day, data)


class ClosureDialog(FormDialog):
    """Mark the day shown as closed (a coordinator's), with an optional reason."""

    def __init__(
        self,
        ctx: ServiceContext,
        day: dt.date,
        parent: QWidget | None = None,
        on_done: Callable[[Any], None] | None = None,
    ) -> None:
        title = _("Closure day {day}").format(day=formatting.short_date(day))
        super().__init__(
            parent, title, what=_("This closure day"), ok_text=_("&Close the day"), on_done=on_done
        )
        self._ctx, self._day = ctx, day
        self.reason_field = self.form.add(
            "reason",
            _("&Reason:"),
            QLineEdit(self),
            help_text=_("Optional, for instance: bank holiday, staff training."),
        )

    def action(self) -> Callable[[], ClosureRow]:
        ctx, day, reason = self._ctx, self._day, self.reason_field.text()
        return lambda: register.set_closure(ctx, day, reason)

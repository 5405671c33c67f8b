"""A dialog built on the form kit: fields, Save / Cancel, errors, drafts.

    class MemberDialog(FormDialog):
        draft_kind = "team.member"              # optional: re-opened after the lock

        def __init__(self, ctx, member, parent=None):
            super().__init__(parent, _("New team member"), what=_("This team member"))
            self.name_field = self.form.add("name", _("&Name:"), QLineEdit(self), required=True)
            self.set_draft_context(member_id=member.id if member else None)

        def action(self) -> Callable[[], TeamMemberRow]:
            data = ...                           # read the fields (InvalidInput shows beside them)
            return lambda: team.create_member(ctx, data)

        @classmethod
        def from_draft(cls, parent, ctx, context): ...   # with draft_kind

``submit()`` (the OK button, Enter, Ctrl+S) runs ``action()``'s function through the form's
``save`` (the database worker, one at a time); on success ``result_value`` holds
``accepted_value(result)``, ``saved`` is emitted, ``on_done`` is called and the dialog
closes. Escape / Cancel ask the one unsaved-changes question when something was typed.
Open it with ``open()`` (window-modal, does not block).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, ClassVar, Protocol, TypeVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from pairdesk.errors import UnknownId
from pairdesk.i18n import _
from pairdesk.ui.forms import registry
from pairdesk.ui.forms.drafts import FormDraft
from pairdesk.ui.forms.kit import Form
from pairdesk.ui.screens import available_area

if TYPE_CHECKING:  # the unlock dialog shows before the core is imported (issue 12)
    from pairdesk.services.context import ServiceContext


T = TypeVar("T")


class HasId(Protocol):
    @property
    def id(self) -> int: ...


Listed = TypeVar("Listed", bound=HasId)


def row_with_id(rows: Iterable[Listed], record_id: int) -> Listed | None:
    """The row of ``rows`` with the id ``record_id`` (None: not among them)."""
    return next((row for row in rows if row.id == record_id), None)


def listed(rows: Iterable[Listed], record_id: int, what: str) -> Listed:
    """The row of ``rows`` with the id ``record_id``, ``UnknownId`` naming ``what`` when
    there is none: for ``reads_record`` where a service lists records but reads none alone."""
    row = row_with_id(rows, record_id)
    if row is None:
        raise UnknownId(_("No {what} has the number {id}.").format(what=what, id=record_id))
    return row


class FormDialog(QDialog):
    """See the module's docstring."""

    saved = Signal(object)
    #: Set by a dialog that can be re-opened with its draft after the lock.
    draft_kind: ClassVar[str | None] = None
    #: The page the dialog was opened from takes its draft back (it must first show the
    #: record the dialog belongs to, as the participant file does); otherwise the
    #: registry re-opens the dialog by its ``draft_kind``.
    restored_by_page: ClassVar[bool] = False

    def __init__(
        self,
        parent: QWidget | None,
        title: str,
        *,
        what: str | None = None,
        ok_text: str | None = None,
        on_done: Callable[[Any], None] | None = None,
        scrolled: bool = False,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.result_value: Any = None
        #: The record changed (``set_record``); None for a new one.
        self.record_id: int | None = None
        #: ``reads_record``'s reader and shower of the record, for "Reload their version".
        self._read_record: tuple[Callable[[int], Any], Callable[[Any], None]] | None = None
        self.edit_title = title
        self._on_done = on_done
        self._shown_once = False
        layout = QVBoxLayout(self)
        self.main_layout = layout
        #: The widget holding the fields: the dialog, or (``scrolled``) the scroll area's.
        self.content: QWidget = self
        self.scroll_area: QScrollArea | None = None
        self.fields = QFormLayout()
        if scrolled:
            self.content = QWidget(self)
            self.content.setLayout(self.fields)
            self.scroll_area = QScrollArea(self)
            self.scroll_area.setWidgetResizable(True)
            self.scroll_area.setFrameShape(QScrollArea.Shape.NoFrame)
            self.scroll_area.setWidget(self.content)
            layout.addWidget(self.scroll_area, 1)
        else:
            layout.addLayout(self.fields)
        self.general_error = QLabel(self)
        layout.addWidget(self.general_error)
        # "{what} has changes…": a title alone ("Nouveau dispositif d'accompagnement") read
        # without its article in French
        what = what or _("The form “{title}”").format(title=title)
        self.form = Form(self, self.fields, what=what, general_error=self.general_error)
        if self.draft_kind is not None and not self.restored_by_page:
            self.form.draft_view = registry.DIALOG_VIEW  # re-opened by the registry
        self.form.draft_kind = self.draft_kind
        self.form.save_path = self.submit
        if not scrolled:
            layout.addStretch(1)
        self.buttons = QDialogButtonBox(self)
        ok_text = ok_text or _("&Save")
        self.ok_button = self.buttons.addButton(ok_text, QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setAccessibleName(ok_text.replace("&", ""))
        self.ok_button.setDefault(True)
        self.cancel_button = self.buttons.addButton(
            _("Cancel"), QDialogButtonBox.ButtonRole.RejectRole
        )
        self.cancel_button.setAccessibleName(_("Cancel"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        save = QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self)
        save.setContext(Qt.ShortcutContext.WindowShortcut)
        save.activated.connect(self.submit)
        self.form.busy_changed.connect(lambda busy: self.ok_button.setEnabled(not busy))
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 60)

    # -- what subclasses give ----------------------------------------------------------------

    def action(self) -> Callable[[], Any]:  # pragma: no cover - abstract
        """The service call to run; read the fields here (raise ``InvalidInput`` to refuse)."""
        raise NotImplementedError

    def before_submit(self) -> bool:
        """A last question before running (e.g. a confirmation); False stays open."""
        return True

    def accepted_value(self, result: Any) -> Any:
        """What ``result_value``, ``saved`` and ``on_done`` get (the service's answer)."""
        return result

    def set_draft_context(self, **context: object) -> None:
        """What ``from_draft`` needs to build this dialog again (ids), kept in the draft."""
        self.form.draft_context = dict(context)
        if self.draft_kind is not None:
            ids = json.dumps(context, sort_keys=True, default=str)
            self.form.draft_key = f"dialog:{self.draft_kind}:{ids}"

    def set_record(self, record_id: int | None, edit_title: str | None = None) -> None:
        """The record this dialog changes (None: a new one), kept in its draft; with
        ``edit_title`` the title a dialog re-opened from a draft of a change shows."""
        self.record_id = record_id
        if edit_title is not None:
            self.edit_title = edit_title
        self.set_draft_context(record_id=record_id)
        if record_id is not None and self._read_record is not None:
            self.form.reload = self._reload_record  # "Reload their version"

    def reads_record(self, fetch: Callable[[int], T], show: Callable[[T], None]) -> None:
        """How "Reload their version" (after someone else saved the record) reads the
        record again, ``fetch(record id)`` on the database worker, and shows it. Call it
        before ``set_record``; a dialog re-opened from a draft gets it too."""
        self._read_record = (fetch, show)

    def _reload_record(self) -> None:
        from pairdesk.ui.ops import Op  # the unlock dialog's imports stay light (issue 12)

        record_id, reader = self.record_id, self._read_record
        if record_id is None or reader is None:
            return
        fetch, show = reader
        Op(self, lambda: fetch(record_id)).success(show).run()

    @classmethod
    def blank(
        cls, parent: QWidget, ctx: ServiceContext
    ) -> FormDialog | None:  # pragma: no cover - overridden with draft_kind
        """A new, empty dialog of this kind, to be filled from a draft."""
        return None

    @classmethod
    def from_draft(
        cls, parent: QWidget, ctx: ServiceContext, context: Mapping[str, object]
    ) -> FormDialog | None:
        """Build (not open) the dialog a draft came from; None when it no longer applies.
        By default ``blank()`` and, for a change, the record's id from ``set_record``."""
        dialog = cls.blank(parent, ctx)
        record_id = context.get("record_id")
        if dialog is not None and isinstance(record_id, int):
            dialog.set_record(record_id)
            dialog.setWindowTitle(dialog.edit_title)
        return dialog

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        kind = cls.__dict__.get("draft_kind")
        if isinstance(kind, str):

            def reopen(
                parent: QWidget, ctx: ServiceContext, context: Mapping[str, object]
            ) -> Form | None:
                dialog = cls.from_draft(parent, ctx, context)
                if dialog is None:
                    return None
                dialog.open()
                return dialog.form

            registry.register_reopener(kind, reopen)

    # -- behaviour ---------------------------------------------------------------------------

    def submit(self) -> None:
        if self.form.busy:
            return
        self.form.clear_errors()
        try:
            if not self.before_submit():
                return
            call = self.action()
        except Exception as exc:
            if not self.form.show_op_error(exc):
                self.form.route_error(exc)
            return
        self.form.save(call, self._saved)

    def _saved(self, result: Any) -> None:
        self.result_value = self.accepted_value(result)
        self.accept()
        self.saved.emit(self.result_value)
        if self._on_done is not None:
            self._on_done(self.result_value)

    def reject(self) -> None:
        if self.form.busy and not self.form.leaving:
            return
        if not self.form.confirm_leave():
            return
        super().reject()

    def form_draft(self) -> FormDraft | None:
        """The form's draft (the main window collects it through the registry); with
        ``draft_kind`` the payload's ``"dialog"`` names the class ``registry.reopen_dialog``
        builds again after the unlock, otherwise the page the dialog belongs to takes it
        back."""
        return self.form.form_draft()

    def done(self, result: int) -> None:
        if not self.form.leaving:  # saved, or the person chose Discard: nothing to keep
            self.form.mark_clean()
        super().done(result)

    def show_op_error(self, error: BaseException) -> bool:
        """``ui.ops.ErrorSink``: an operation run under this dialog shows its errors here."""
        return self.form.show_op_error(error)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._shown_once:
            self._shown_once = True
            self.form.mark_clean()  # what the subclass filled in is the record, not an edit
            self.form.focus_first()
            self._widen_to_the_fields()

    def _widen_to_the_fields(self) -> None:
        """A scrolled form as wide as its fields need (never wider than the screen): at
        200 % a long check box made the fields wider than the dialog, their right edges
        cut behind a sideways scroll bar (the employer form, seen under Xvfb)."""
        if self.scroll_area is None:
            return
        bar = self.scroll_area.verticalScrollBar().sizeHint().width()
        needed = self.width() - self.scroll_area.viewport().width()
        needed += self.content.minimumSizeHint().width() + bar
        room = available_area(self)
        if room is not None:
            needed = min(needed, int(room.width() * 0.95))
        if self.width() < needed:
            self.resize(needed, self.height())

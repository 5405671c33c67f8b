"""A tab of the participant file with a form of its own (aspirations and needs, wellbeing
plan, cross tutoring, self-assessment): its draft at the lock, its save in the file's
chain (``ParticipantFileView.save``), its errors beside its fields."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar, TypeVar

from PySide6.QtWidgets import QWidget

from pairdesk.errors import InvalidInput
from pairdesk.i18n import _
from pairdesk.services.context import ServiceContext
from pairdesk.ui.drafts import FIELDS, FORM, FormDraft
from pairdesk.ui.forms import Form
from pairdesk.ui.views.participants.common import save_form
from pairdesk.ui.views.participants.file_data import FileHost
from pairdesk.ui.views.participants.file_draft import describe_form

T = TypeVar("T")


class FileTab(QWidget):
    """A tab of the file whose ``form`` is kept as ``{"form": draft_form, "participant_id",
    "fields"}`` under the key ``<draft_form>:<participant id>`` (``file_draft.py``)."""

    #: Which form of the file this is (``file_draft.PATHWAY``, ``WELLBEING``…).
    draft_form: ClassVar[str]
    host: FileHost
    form: Form

    def form_draft(self) -> FormDraft | None:
        """The form's fields as the kit keeps them (``Form.draft_state``)."""
        pid = self.host.participant_id
        state = self.form.draft_state()
        if state is None or pid is None:
            return None
        payload = {FORM: self.draft_form, "participant_id": pid, FIELDS: state[FIELDS]}
        question = describe_form(self.draft_form, self.host.display_name())
        return FormDraft(f"{self.draft_form}:{pid}", payload, question)

    def restore_fields(self, values: object) -> None:
        """A draft's fields, back as changes not saved."""
        if isinstance(values, dict):
            self.form.restore_draft({FIELDS: values})

    def show_op_error(self, error: BaseException) -> bool:
        """ErrorSink: an error naming a field of this form is shown beside it."""
        return self.form.show_op_error(error)

    def save_tab(
        self,
        action: Callable[[ServiceContext, int], Callable[[], T]],
        done: Callable[[T], None],
        on_saved: Callable[[], None] | None,
        on_failed: Callable[[], None] | None,
    ) -> None:
        """Save the form for the file's participant: ``action(ctx, id)`` reads the fields
        (an ``InvalidInput``, a date not typed right, shows beside its field) and gives the
        service call, run through ``Op``; then ``done(result)`` and ``on_saved()``, or, on
        any failure, ``on_failed()`` (the file's Save stops its chain)."""
        pid = self.host.participant_id
        if pid is None:
            return
        self.form.clear_errors()
        try:
            call = action(self.host.ctx, pid)
        except InvalidInput as exc:
            self.form.show_op_error(exc)
            if on_failed is not None:
                on_failed()
            return

        def saved(result: T) -> None:
            done(result)
            if on_saved is not None:
                on_saved()

        save_form(self.form, call, saved, on_failed, busy_text=_("Saving…"))

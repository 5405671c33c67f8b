"""Privacy rights (RGPD): the retention review, and for one participant the right of
access (everything as JSON + PDF), anonymisation and, for the coordinator, deletion.

Opened from the File menu ("Privacy review…": the list of people without activity for
the retention period, anonymisation one click away) or from a participant's file
("Privacy…": that person only). Anonymising and deleting ask twice: a question that says
what goes and what stays, then the participant's reference (P0042) typed by hand —
``privacy.anonymise_participant`` / ``delete_participant`` check it again.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QLabel,
    QWidget,
)

from pairdesk.domain.permissions import Permission, allows
from pairdesk.errors import UserError
from pairdesk.i18n import _, ngettext
from pairdesk.reports.privacy_export import privacy_export_pdf
from pairdesk.services import participants, privacy
from pairdesk.services.context import ServiceContext
from pairdesk.services.documents import document_header
from pairdesk.services.exports import write_files
from pairdesk.services.privacy import ReviewItem, participant_reference
from pairdesk.ui.errors import show_error
from pairdesk.ui.models.retention_model import RetentionModel
from pairdesk.ui.ops import Op
from pairdesk.ui.widgets import questions
from pairdesk.ui.widgets.dialog_parts import (
    button_row,
    fit_dialog,
    growing_column,
    refusal_line,
    status_line,
    worded_button,
)
from pairdesk.ui.widgets.tables import make_table
from pairdesk.ui.widgets.typed_confirm import TypedConfirmDialog


@dataclass(frozen=True, slots=True)
class Chosen:
    participant_id: int
    reference: str
    name: str
    anonymised: bool = False


def export_files(ctx: ServiceContext, participant_id: int, json_path: Path) -> tuple[Path, Path]:
    """Write everything held about the participant as JSON and PDF (runs on the worker)."""
    data = privacy.export_participant(ctx, participant_id)
    header = document_header(ctx)
    pdf = privacy_export_pdf(data, header)
    pdf_path = json_path.with_suffix(".pdf")
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    # both or neither: a disk full at the PDF once left the JSON behind, in clear
    write_files([(json_path, text.encode("utf-8")), (pdf_path, pdf)], overwrite=True)
    return json_path, pdf_path


def read_participant(ctx: ServiceContext, participant_id: int) -> Chosen:
    detail = participants.get_participant(ctx, participant_id)
    return Chosen(
        participant_id, participant_reference(participant_id), detail.full_name, detail.anonymised
    )


class ReferenceConfirmDialog(TypedConfirmDialog):
    """The second confirmation: type the participant's reference to go ahead."""

    def __init__(
        self,
        ctx: ServiceContext,
        chosen: Chosen,
        *,
        delete: bool,
        parent: QWidget | None = None,
    ) -> None:
        if delete:
            title = _("Delete permanently — pairdesk")
            text = _(
                "To delete the file of {name} and everything attached to it for good, type "
                "its reference {ref} below. This cannot be undone."
            )
            action = _("&Delete permanently")
        else:
            title = _("Anonymise — pairdesk")
            text = _(
                "To anonymise the file of {name}, type its reference {ref} below. This "
                "cannot be undone."
            )
            action = _("&Anonymise")
        super().__init__(
            parent,
            object_name="referenceConfirmDialog",
            title=title,
            text=text.format(name=chosen.name, ref=chosen.reference),
            action=action,
            action_name=action.replace("&", ""),
            field_label=_("&Reference:"),
            field_name="confirm",
            busy_text=_("Erasing…"),
            characters=52,
            compact=True,
        )
        self.ctx = ctx
        self.chosen = chosen
        self.delete = delete
        self.done_ok = False
        self.text = self.explanation
        self.reference_field = self.field
        self.reference_field.setObjectName("confirmReference")
        self.reference_field.setAccessibleName(_("Reference typed to confirm"))
        self.reference_field.setPlaceholderText(chosen.reference)

    def action(self) -> Callable[[], object] | None:
        ctx, pid, typed = self.ctx, self.chosen.participant_id, self.reference_field.text()
        work = privacy.delete_participant if self.delete else privacy.anonymise_participant
        return lambda: work(ctx, pid, confirm=typed)

    def succeeded(self, _result: object) -> None:
        self.done_ok = True
        self.accept()


class PrivacyDialog(QDialog):
    """The retention review (no ``participant_id``) or one participant's privacy actions."""

    #: A file was anonymised or deleted (its id).
    changed = Signal(int)
    deleted = Signal(int)
    #: Open this participant's file (from the review list).
    open_file = Signal(int)

    def __init__(
        self,
        ctx: ServiceContext,
        parent: QWidget | None = None,
        *,
        participant_id: int | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.participant_id = participant_id
        self.review = participant_id is None
        self.single: Chosen | None = None
        self.confirm_dialog: ReferenceConfirmDialog | None = None
        self.can_erase = allows(ctx.operator, Permission.ERASE)
        self.can_export = allows(ctx.operator, Permission.EXPORT_FILES)
        self.setObjectName("privacyDialog")
        self.setWindowTitle(
            _("Privacy review — pairdesk") if self.review else _("Privacy — pairdesk")
        )

        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.intro.setObjectName("privacyIntro")
        self.problem_label = refusal_line(self, "privacyProblem")

        self.model = RetentionModel(self)
        self.table = make_table(self, self.model, _("Participants to review"))
        self.table.setObjectName("retentionTable")
        self.table.setVisible(self.review)

        self.export_button = worded_button(
            self,
            _("&Export everything (JSON + PDF)…"),
            _("Export everything held, as JSON and PDF"),
        )
        self.anonymise_button = worded_button(self, _("&Anonymise…"), _("Anonymise"))
        self.delete_button = worded_button(self, _("&Delete permanently…"), _("Delete permanently"))
        self.open_button = worded_button(self, _("&Open the file"), _("Open the file"))
        self.open_button.setVisible(self.review)
        self.close_button = worded_button(self, _("Close"), _("Close"))
        if not self.can_erase:
            for widget in (self.anonymise_button, self.delete_button):
                widget.setToolTip(_("Only a coordinator can use this."))
        if not self.can_export:
            self.export_button.setToolTip(_("Your role does not allow exporting whole files."))
        self.status_label = status_line(self, "privacyStatus")

        layout = growing_column(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.problem_label)
        layout.addWidget(self.table, 1)
        layout.addLayout(button_row(self.anonymise_button, self.delete_button))
        layout.addWidget(self.status_label)
        layout.addLayout(
            button_row(self.export_button, self.open_button, right=[self.close_button])
        )
        if not self.review:
            layout.addStretch(1)

        self.export_button.clicked.connect(self.export_chosen)
        self.anonymise_button.clicked.connect(lambda: self.erase_chosen(delete=False))
        self.delete_button.clicked.connect(lambda: self.erase_chosen(delete=True))
        self.open_button.clicked.connect(self._open_chosen)
        self.close_button.clicked.connect(self.reject)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())
        self.table.doubleClicked.connect(lambda _i: self.erase_chosen(delete=False))
        fit_dialog(self, 90, tall=0.7 if self.review else None, compact=not self.review)
        self._update_buttons()
        self.refresh()

    # -- reading -----------------------------------------------------------------------
    def refresh(self) -> None:
        ctx = self.ctx
        if self.review:
            (
                Op(self, lambda: (privacy.retention_years(ctx), privacy.retention_review(ctx)))
                # Not the default routing: the review's problem line, not a dialog
                .success(self._review_read)
                .failure(self._refused)  # the problem line
                .run()
            )
        elif self.participant_id is not None:
            pid = self.participant_id
            (
                # Not the default routing: the review's problem line, not a dialog
                Op(self, lambda: read_participant(ctx, pid))
                .success(self._single_read)
                .failure(self._refused)  # the problem line
                .run()
            )

    def _review_read(self, result: tuple[int, list[ReviewItem]]) -> None:
        years, items = result
        period = ngettext(
            "Participants with no activity for more than {years} year: anonymise the files "
            "that are no longer needed (their dated activity stays in the indicators, "
            "without identity).",
            "Participants with no activity for more than {years} years: anonymise the files "
            "that are no longer needed (their dated activity stays in the indicators, "
            "without identity).",
            years,
        ).format(years=years)
        count = ngettext("{count} file to review.", "{count} files to review.", len(items))
        self.intro.setText(
            _("{period} {count}").format(period=period, count=count.format(count=len(items)))
        )
        self.model.set_rows(items)
        if items:
            self.table.selectRow(0)
        self._update_buttons()

    def _single_read(self, chosen: Chosen) -> None:
        self.single = chosen
        text = _("File {ref}: {name}.").format(ref=chosen.reference, name=chosen.name)
        if chosen.anonymised:
            text = _("File {ref}: {name}. This file is already anonymised.").format(
                ref=chosen.reference, name=chosen.name
            )
        self.intro.setText(
            text
            + "\n"
            + _(
                "Export: everything pairdesk holds about this person, to give them "
                "(right of access). Anonymise: identity, contact, notes, CVs and the "
                "wellbeing plan are removed; dated activity stays, without identity."
            )
        )
        self._update_buttons()

    def _refused(self, exc: BaseException) -> None:
        if not isinstance(exc, UserError):
            show_error(self, exc)
            return
        self.problem_label.setText(_("Error: {message}").format(message=exc.message))
        self.problem_label.show()
        self._update_buttons()

    def chosen(self) -> Chosen | None:
        if not self.review:
            return self.single
        rows = self.table.selectionModel().selectedRows()
        item = self.model.row_object(rows[0].row()) if rows else None
        if item is None:
            return None
        return Chosen(item.participant_id, item.reference, item.display_name)

    def select_participant(self, participant_id: int) -> bool:
        for row, item in enumerate(self.model.rows):
            if item.participant_id == participant_id:
                self.table.selectRow(row)
                return True
        return False

    def _update_buttons(self) -> None:
        chosen = self.chosen()
        live = chosen is not None and not chosen.anonymised
        self.export_button.setEnabled(chosen is not None and self.can_export)
        self.anonymise_button.setEnabled(live and self.can_erase)
        self.delete_button.setEnabled(chosen is not None and self.can_erase)
        self.open_button.setEnabled(chosen is not None)

    # -- actions -----------------------------------------------------------------------
    def _open_chosen(self) -> None:
        chosen = self.chosen()
        if chosen is not None:
            self.open_file.emit(chosen.participant_id)
            self.accept()

    def export_chosen(self) -> None:
        chosen = self.chosen()
        if chosen is None:
            return
        name = f"acces-{chosen.reference}-{self.ctx.today().isoformat()}.json"
        target, _filter = QFileDialog.getSaveFileName(
            self,
            _("Export everything held about {ref}").format(ref=chosen.reference),
            str(Path.home() / name),
            _("JSON files (*.json)"),
        )
        if target:
            path = Path(target)
            self.export_to(chosen.participant_id, path.with_suffix(".json"))

    def export_to(self, participant_id: int, json_path: Path) -> None:
        ctx = self.ctx
        self.export_button.setEnabled(False)

        def done(paths: tuple[Path, Path]) -> None:
            self._update_buttons()
            self.status_label.setText(
                _("Exported to {json} and {pdf}.").format(json=paths[0], pdf=paths[1])
            )

        def failed(exc: BaseException) -> None:
            self._update_buttons()
            if isinstance(exc, UserError):
                self.status_label.setText(_("Error: {message}").format(message=exc.message))
            else:
                show_error(self, exc)

        # Not the default routing: the export's status line, not a dialog
        (  # not the default routing: the export's status line, not a dialog
            Op(self, lambda: export_files(ctx, participant_id, json_path))
            .success(done)
            .failure(failed)  # the status line
            .busy(_("Exporting…"))
            .run()
        )

    def erase_chosen(self, *, delete: bool) -> None:
        chosen = self.chosen()
        if chosen is None or not self.can_erase or (not delete and chosen.anonymised):
            return
        if delete:
            question = _(
                "Delete the file of {name} ({ref}) permanently? Everything about this person "
                "goes, including their attendance and outcomes: the indicators of past "
                "periods will change. Anonymising keeps them true."
            )
            yes = _("Continue to deletion…")
        else:
            question = _(
                "Anonymise the file of {name} ({ref})? Identity, contact details, notes, "
                "CVs and the wellbeing plan will be removed for good. Dated activity "
                "(workshops, steps, contracts) stays without identity, so the indicators "
                "stay true."
            )
            yes = _("Continue to anonymisation…")
        if not questions.confirm(
            self,
            _("Delete permanently?") if delete else _("Anonymise?"),
            question.format(name=chosen.name, ref=chosen.reference),
            yes,
        ):
            return
        dialog = ReferenceConfirmDialog(self.ctx, chosen, delete=delete, parent=self)
        dialog.finished.connect(lambda _r, d=dialog: self._erase_finished(d))
        self.confirm_dialog = dialog
        dialog.open()

    def _erase_finished(self, dialog: ReferenceConfirmDialog) -> None:
        if not dialog.done_ok:
            return
        chosen = dialog.chosen
        if dialog.delete:
            text = _("The file {ref} was deleted.")
        else:
            text = _("The file {ref} was anonymised.")
        self.status_label.setText(text.format(ref=chosen.reference))
        if not dialog.delete:
            self.changed.emit(chosen.participant_id)
        else:
            self.deleted.emit(chosen.participant_id)
            if not self.review:
                self.single = None
                self._update_buttons()
                return
        self.refresh()

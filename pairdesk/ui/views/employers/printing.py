"""Printing the pathway summary for an employer (issue 15): the preview of the document
``employer_file.pathway_summary_for_employer`` cuts to what the person chose to tell,
opened from an employer's file or, through :class:`EmployerSummaryDialog`, from the
participant's file (the employer chosen among the person's contracts and offer shares)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QComboBox, QDialog, QLabel, QWidget

from pairdesk.domain.employers import Disclosure, summary_names_support, summary_shows_rqth
from pairdesk.domain.enums import AuditAction
from pairdesk.errors import InvalidInput
from pairdesk.i18n import _
from pairdesk.reports.base import default_filename, reference
from pairdesk.reports.employer_summary import employer_summary_pdf
from pairdesk.services import employer_file
from pairdesk.services.context import ServiceContext
from pairdesk.services.document_data import DocumentKind
from pairdesk.services.employer_file import PersonEmployer
from pairdesk.ui.ops import Op
from pairdesk.ui.print_dialog import PrintJob
from pairdesk.ui.printing import OptionsDialog


def employer_summary_job(ctx: ServiceContext, participant_id: int, employer_id: int) -> PrintJob:
    def fetch(action: AuditAction) -> Any:
        return employer_file.pathway_summary_for_employer(
            ctx, participant_id, employer_id, action=action
        )

    return PrintJob(
        title=_("Summary for the employer {ref}").format(
            ref=reference(DocumentKind.PATHWAY_SUMMARY, participant_id)
        ),
        filename=default_filename(DocumentKind.PATHWAY_SUMMARY, participant_id, ctx.today()),
        fetch=fetch,
        render=lambda data, _progress: employer_summary_pdf(data),
    )


def what_the_summary_shows(choice: Disclosure | None) -> str:
    """One sentence on what a summary for an employer holds, after the person's choice."""
    if summary_names_support(choice):
        return _(
            "The person told this employer about the association's support: the summary "
            "holds the sections this choice allows, never the contact details nor the "
            "wellbeing plan."
        )
    if summary_shows_rqth(choice):
        return _(
            "The person told this employer about their RQTH only: a professional profile "
            "(name, wishes, skills) with the RQTH, without the association's name nor "
            "anything about health."
        )
    return _(
        "The person did not tell this employer about their situation (or their choice is "
        "not recorded): a neutral professional profile (name, wishes, skills), without the "
        "association's name, the RQTH nor anything about health."
    )


class EmployerSummaryDialog(OptionsDialog):
    """From the participant's file: choose one of the person's employers, read what the
    summary will show after their disclosure choice, then preview it."""

    def __init__(self, ctx: ServiceContext, participant_id: int, parent: QWidget | None) -> None:
        super().__init__(ctx, _("Print a summary for an employer"), parent)
        self.participant_id = participant_id
        self._rows: dict[int, PersonEmployer] = {}
        intro = QLabel(
            _("The summary never shows more than the person chose to tell the employer."), self
        )
        intro.setWordWrap(True)
        self.fields.addRow(intro)
        self.employer_combo = QComboBox(self)
        self.employer_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.row(_("&Employer:"), self.employer_combo, _("Employer the summary is for"), "employer")
        self.shows_label = QLabel(_("Reading the person's employers…"), self)
        self.shows_label.setObjectName("employerSummaryShows")
        self.shows_label.setWordWrap(True)
        self.shows_label.setAccessibleName(_("What the summary shows"))
        self.fields.addRow(self.shows_label)
        self.preview_button.setEnabled(False)
        self.employer_combo.currentIndexChanged.connect(lambda _i: self._chosen())
        Op(self, lambda: employer_file.employers_of_participant(ctx, participant_id)).success(
            self._loaded
        ).run()

    def _loaded(self, rows: list[PersonEmployer]) -> None:
        self._rows = {row.employer_id: row for row in rows}
        self.employer_combo.blockSignals(True)
        for row in rows:
            choice = row.disclosure.label if row.disclosure else _("choice not recorded")
            self.employer_combo.addItem(
                _("{employer} ({choice})").format(employer=row.name, choice=choice),
                row.employer_id,
            )
        self.employer_combo.blockSignals(False)
        self._chosen()
        # the names and the explanation came after the first show: fit once the layout
        # has taken them in (its size hint is updated by a posted event)
        QTimer.singleShot(0, self, self.fit_to_content)

    def chosen(self) -> PersonEmployer | None:
        data = self.employer_combo.currentData()
        return self._rows.get(data) if isinstance(data, int) else None

    def _chosen(self) -> None:
        row = self.chosen()
        if row is None:
            self.shows_label.setText(
                _(
                    "No employer yet: a summary for an employer is printed for the employer "
                    "of one of the person's contracts or of an offer shared with them."
                )
            )
        else:
            self.shows_label.setText(what_the_summary_shows(row.disclosure))
        self.employer_combo.setEnabled(row is not None)
        self.preview_button.setEnabled(row is not None)

    def job(self) -> PrintJob:
        row = self.chosen()
        if row is None:
            raise InvalidInput(_("Choose the employer the summary is for."), field="employer")
        return employer_summary_job(self.ctx, self.participant_id, row.employer_id)


def print_employer_summary(parent: QWidget, ctx: ServiceContext, participant_id: int) -> QDialog:
    """The participant file's "Summary for an employer…"."""
    dialog = EmployerSummaryDialog(ctx, participant_id, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog

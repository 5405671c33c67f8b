"""Print / Export PDF from the views: what each document needs, its options, its preview.

Each entry point opens a small options dialog (or the preview directly when a document has
no option) and then ``print_dialog.PrintPreviewDialog``::

    printing.print_pathway_summary(self, ctx, participant_id)
    printing.print_attestation(self, ctx, participant_id)
    printing.print_cv(self, ctx, participant_id)
    printing.print_mock_interview(self, ctx, interview_id)
    printing.print_attendance_sheet(self, ctx, workshop_id)
    printing.print_attendance_batch(self, ctx)
    printing.print_activity_report(self, ctx, start, end)
    printing.print_blank_form(self, ctx)

The ``*_job`` functions say how to read each document (a ``services.documents`` call with
``action=``, which writes the audit line) and lay it out (``pairdesk.reports``); titles and
default file names never hold a person's name.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QGroupBox,
    QLabel,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from pairdesk.domain.dates import period_of_month
from pairdesk.domain.enums import AuditAction
from pairdesk.domain.validation import date_order
from pairdesk.errors import InvalidInput
from pairdesk.formatting import short_date
from pairdesk.i18n import N_, _
from pairdesk.reports import (
    activity_report,
    attendance,
    cv,
    forms,
    mock_interview,
    pathway_summary,
)
from pairdesk.reports.base import default_filename, reference
from pairdesk.services import consents, documents
from pairdesk.services.context import ServiceContext
from pairdesk.services.document_data import (
    ALL_SECTIONS,
    DocumentKind,
    PathwaySummaryOptions,
    SummarySection,
)
from pairdesk.ui.forms import FormDialog
from pairdesk.ui.ops import Op, ProgressCallback
from pairdesk.ui.print_dialog import PrintJob, PrintPreviewDialog, open_preview
from pairdesk.ui.widgets import DateField, questions
from pairdesk.ui.widgets.date_field import MonthField

#: In the name of a filled sheet's file, after the kind (file names are French, see
#: ``reports.base.default_filename``).
FILLED_FILE_MARK = "remplie"

SECTION_LABELS: dict[SummarySection, str] = {
    SummarySection.IDENTITY: N_("About the person"),
    SummarySection.SCHEMES: N_("Schemes and referents"),
    SummarySection.ASPIRATIONS: N_("Aspirations"),
    SummarySection.SKILLS: N_("Skills, including from lived experience"),
    SummarySection.ACCOMMODATIONS: N_("Accommodations needed"),
    SummarySection.GOALS: N_("Goals"),
    SummarySection.TIMELINE: N_("Steps and contracts"),
    SummarySection.WORKSHOPS: N_("Workshops attended"),
    SummarySection.MOCK_INTERVIEWS: N_("Mock interviews"),
    SummarySection.SELF_ASSESSMENT: N_("Self-assessment"),
    SummarySection.RETENTION: N_("Keeping the job (retention checks)"),
}


# --------------------------------------------------------------------------- jobs


def summary_job(
    ctx: ServiceContext, participant_id: int, options: PathwaySummaryOptions
) -> PrintJob:
    def fetch(action: AuditAction) -> Any:
        return documents.pathway_summary_data(ctx, participant_id, options, action=action)

    return PrintJob(
        title=_("Pathway summary {ref}").format(
            ref=reference(DocumentKind.PATHWAY_SUMMARY, participant_id)
        ),
        filename=default_filename(DocumentKind.PATHWAY_SUMMARY, participant_id, ctx.today()),
        fetch=fetch,
        render=lambda data, _progress: pathway_summary.pathway_summary_pdf(data),
    )


def attestation_job(
    ctx: ServiceContext, participant_id: int, start: dt.date, end: dt.date
) -> PrintJob:
    def fetch(action: AuditAction) -> Any:
        return documents.attestation_data(ctx, participant_id, start, end, action=action)

    return PrintJob(
        title=_("Attendance attestation {ref}").format(
            ref=reference(DocumentKind.ATTENDANCE_ATTESTATION, participant_id)
        ),
        filename=default_filename(DocumentKind.ATTENDANCE_ATTESTATION, participant_id, ctx.today()),
        fetch=fetch,
        render=lambda data, _progress: attendance.attestation_pdf(data),
    )


def cv_job(ctx: ServiceContext, participant_id: int) -> PrintJob:
    def fetch(action: AuditAction) -> Any:
        return documents.cv_data(ctx, participant_id, action=action)

    return PrintJob(
        title=_("CV {ref}").format(ref=reference(DocumentKind.CV, participant_id)),
        filename=default_filename(DocumentKind.CV, participant_id, ctx.today()),
        fetch=fetch,
        render=lambda data, _progress: cv.cv_pdf(data),
    )


def mock_interview_job(ctx: ServiceContext, interview_id: int) -> PrintJob:
    def fetch(action: AuditAction) -> Any:
        return documents.mock_interview_data(ctx, interview_id, action=action)

    kind = DocumentKind.MOCK_INTERVIEW
    return PrintJob(
        title=_("Mock interview feedback {ref}").format(ref=reference(kind, interview_id)),
        filename=default_filename(kind, interview_id, ctx.today()),
        # the interview's day, as a sheet's
        named=lambda data: default_filename(kind, interview_id, data.interview.held_on),
        fetch=fetch,
        render=lambda data, _progress: mock_interview.mock_interview_pdf(data),
    )


def sheet_job(ctx: ServiceContext, workshop_id: int, filled: bool, blank_rows: int) -> PrintJob:
    def fetch(action: AuditAction) -> Any:
        return documents.attendance_sheet_data(ctx, workshop_id, filled, blank_rows, action=action)

    def named(on: dt.date) -> str:
        variant = FILLED_FILE_MARK if filled else ""
        return default_filename(DocumentKind.ATTENDANCE_SHEET, workshop_id, on, variant=variant)

    ref = reference(DocumentKind.ATTENDANCE_SHEET, workshop_id)
    return PrintJob(
        title=(
            _("Filled attendance sheet {ref}") if filled else _("Attendance sheet {ref}")
        ).format(ref=ref),
        filename=named(ctx.today()),
        # the session's day: the sheets of a month sort by it, and a sheet printed ahead
        # is not filed under the day it was printed
        named=lambda data: named(data.held_on),
        fetch=fetch,
        render=lambda data, _progress: attendance.attendance_sheet_pdf(data),
        landscape=True,
    )


def sheets_job(
    ctx: ServiceContext,
    start: dt.date,
    end: dt.date,
    period: str,
    *,
    filled: bool = False,
    blank_rows: int = 5,
) -> PrintJob:
    """All the sheets of ``[start, end]`` in one PDF (``period``: "2026-11" or "2026", for
    its file name)."""
    title = attendance.sheets_title(start, end)

    def fetch(action: AuditAction) -> Any:
        sheets = documents.attendance_sheets_for_period(
            ctx, start, end, filled=filled, blank_rows=blank_rows, action=action
        )
        return tuple(sheets), documents.document_header(ctx)

    def render(data: Any, progress: ProgressCallback | None) -> bytes:
        sheets, header = data
        return attendance.attendance_sheets_pdf(
            list(sheets), header=header, title=title, progress=progress
        )

    return PrintJob(
        title=title,
        filename=default_filename(
            DocumentKind.ATTENDANCE_SHEETS,
            period,
            ctx.today(),
            variant=FILLED_FILE_MARK if filled else "",
        ),
        fetch=fetch,
        render=render,
        landscape=True,
        progress=True,
    )


def activity_job(ctx: ServiceContext, start: dt.date, end: dt.date) -> PrintJob:
    def fetch(action: AuditAction) -> Any:
        return documents.activity_report_data(ctx, start, end, action=action)

    ref = f"{start.isoformat()}_{end.isoformat()}"
    return PrintJob(
        title=_("Activity report from {start} to {end}").format(
            start=short_date(start), end=short_date(end)
        ),
        filename=default_filename(DocumentKind.ACTIVITY_REPORT, ref, ctx.today()),
        fetch=fetch,
        render=lambda data, _progress: activity_report.activity_report_pdf(data),
        personal=False,  # totals only
    )


def form_job(ctx: ServiceContext, kind: DocumentKind) -> PrintJob:
    """A blank paper form (nothing personal in it, so nothing to record)."""

    def fetch(_action: AuditAction) -> Any:
        return documents.blank_form_header(ctx.today(), ctx)

    if kind is DocumentKind.SATISFACTION_FORM:
        title, make = _("Workshop satisfaction questionnaire"), forms.satisfaction_form_pdf
    else:
        title, make = _("Self-assessment form"), forms.self_assessment_form_pdf
    return PrintJob(
        title=title,
        filename=default_filename(kind, None, ctx.today()),
        fetch=fetch,
        render=lambda header, _progress: make(header),
        personal=False,
    )


W = TypeVar("W", bound=QWidget)

# --------------------------------------------------------------------------- dialogs


class OptionsDialog(FormDialog):
    """A short form of options, then "Preview…" opens the preview of the document.

    Nothing is saved: leaving asks no question and no draft is kept."""

    def __init__(self, ctx: ServiceContext, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent, title, ok_text=_("Pre&view…"), scrolled=True)
        self.ctx = ctx
        self.preview: PrintPreviewDialog | None = None
        self._fitted = False
        self.form.ask_before_leaving = False
        self.preview_button = self.ok_button
        self.preview_button.setAccessibleName(_("Preview the document"))

    def showEvent(self, event: QShowEvent) -> None:
        """The first time: as big as the options need, within 90 % of the window."""
        if not self._fitted:
            self._fitted = True
            self.fit_to_content()
        super().showEvent(event)

    def fit_to_content(self) -> None:
        """As big as the options need, within 90 % of the window (again after options
        read on the worker arrived)."""
        if self.scroll_area is not None:
            hint = self.content.sizeHint()
            bar = self.scroll_area.verticalScrollBar().sizeHint().width()
            margins = self.main_layout.contentsMargins()
            width = hint.width() + bar + margins.left() + margins.right() + 8
            height = (
                hint.height()
                + self.buttons.sizeHint().height()
                + margins.top()
                + margins.bottom()
                + 24
            )
            parent = self.parentWidget()
            window = parent.window() if parent is not None else None
            if window is not None:
                width = min(width, int(window.width() * 0.9))
                height = min(height, int(window.height() * 0.9))
            self.resize(max(width, 360), max(height, 160))

    def row(self, text: str, widget: W, name: str, field: str | None = None) -> W:
        """A field of the options: ``name`` is its accessible name, ``field`` the name
        errors use (defaults to ``name``)."""
        widget.setAccessibleName(name)
        set_name = getattr(widget, "set_accessible_name", None)
        if callable(set_name):
            set_name(name)
        return self.form.add(field or name, text, widget)

    def job(self) -> PrintJob:
        """The document with the options chosen (raises ``InvalidInput`` for a field)."""
        raise NotImplementedError

    def submit(self) -> None:
        self.form.clear_errors()
        try:
            job = self.job()
        except InvalidInput as exc:
            if not self.form.show_op_error(exc):
                raise
            return
        self.before_preview(lambda: self._open(job))

    def before_preview(self, go: Callable[[], None]) -> None:
        go()

    def _open(self, job: PrintJob) -> None:
        parent = self.parentWidget()
        self.accept()
        self.preview = open_preview(self.ctx, job, parent)


def _date_period(
    start_field: DateField, end_field: DateField
) -> tuple[dt.date | None, dt.date | None]:
    start, end = start_field.date(), end_field.date()
    date_order(start, end, "end", _("End date"))
    return start, end


class SummaryOptionsDialog(OptionsDialog):
    """Period, sections, contact details, the wellbeing plan (only when ticked)."""

    def __init__(self, ctx: ServiceContext, participant_id: int, parent: QWidget | None) -> None:
        super().__init__(ctx, _("Print the pathway summary"), parent)
        self.participant_id = participant_id
        intro = QLabel(
            _("Choose what the summary holds. It is written to be read by the person."), self
        )
        intro.setWordWrap(True)
        self.fields.addRow(intro)
        self.start_field = DateField(self, optional=True, default=ctx.today())
        self.end_field = DateField(self, optional=True, default=ctx.today())
        self.row(_("&From:"), self.start_field, _("Start of the period (no date: from the start)"))
        self.row(_("&To:"), self.end_field, _("End of the period (no date: up to today)"), "end")

        self.sections_box = QGroupBox(_("Sections"), self)
        sections_layout = QVBoxLayout(self.sections_box)
        self.section_boxes: dict[SummarySection, QCheckBox] = {}
        for section in SummarySection:
            box = QCheckBox(_(SECTION_LABELS[section]), self.sections_box)
            box.setChecked(True)
            box.setAccessibleName(_(SECTION_LABELS[section]))
            sections_layout.addWidget(box)
            self.section_boxes[section] = box
        self.fields.addRow(self.sections_box)

        self.contact_box = QCheckBox(_("Include the &contact details"), self)
        self.contact_box.setAccessibleName(_("Include the contact details"))
        self.pseudonym_box = QCheckBox(_("Use the &pseudonym instead of the name"), self)
        self.pseudonym_box.setAccessibleName(_("Use the pseudonym instead of the name"))
        self.wellbeing_box = QCheckBox(_("Include the &wellbeing plan"), self)
        self.wellbeing_box.setAccessibleName(_("Include the wellbeing plan"))
        wellbeing_note = QLabel(_("Only when the person asked for it: the plan is private."), self)
        wellbeing_note.setWordWrap(True)
        self.referent_box = QCheckBox(_("For a &referent (shared outside the association)"), self)
        self.referent_box.setAccessibleName(_("The summary is for a referent"))
        for widget in (
            self.contact_box,
            self.pseudonym_box,
            self.wellbeing_box,
            wellbeing_note,
            self.referent_box,
        ):
            self.fields.addRow(widget)

    def options(self) -> PathwaySummaryOptions:
        start, end = _date_period(self.start_field, self.end_field)
        sections = frozenset(s for s, box in self.section_boxes.items() if box.isChecked())
        return PathwaySummaryOptions(
            start=start,
            end=end,
            sections=sections if sections else ALL_SECTIONS,
            include_contact=self.contact_box.isChecked(),
            include_wellbeing=self.wellbeing_box.isChecked(),
            use_pseudonym=self.pseudonym_box.isChecked(),
        )

    def job(self) -> PrintJob:
        return summary_job(self.ctx, self.participant_id, self.options())

    def before_preview(self, go: Callable[[], None]) -> None:
        if not self.referent_box.isChecked():
            go()
            return
        ctx, pid = self.ctx, self.participant_id

        def checked(warning: str | None) -> None:
            if warning and not questions.confirm(
                self,
                _("Print for a referent"),
                _("{warning} Print the summary for the referent anyway?").format(warning=warning),
                _("&Print anyway"),
                _("&Do not print"),
            ):
                return
            go()

        Op(self, lambda: consents.consent_warning(ctx, pid, "print_for_referent")).success(
            checked
        ).run()


class AttestationOptionsDialog(OptionsDialog):
    def __init__(self, ctx: ServiceContext, participant_id: int, parent: QWidget | None) -> None:
        super().__init__(ctx, _("Print an attendance attestation"), parent)
        self.participant_id = participant_id
        today = ctx.today()
        self.start_field = DateField(self, default=dt.date(today.year, 1, 1))
        self.end_field = DateField(self, default=today)
        self.row(_("&From:"), self.start_field, _("Start of the period"), "start")
        self.row(_("&To:"), self.end_field, _("End of the period"), "end")

    def job(self) -> PrintJob:
        start, end = _date_period(self.start_field, self.end_field)
        assert start is not None and end is not None
        return attestation_job(self.ctx, self.participant_id, start, end)


#: Blank rows for walk-ins on a sheet to sign (none by default on a filled sheet).
BLANK_ROWS = 5


def _blank_or_filled(dialog: OptionsDialog) -> tuple[QRadioButton, QRadioButton, QSpinBox]:
    box = QGroupBox(_("Sheet"), dialog)
    blank = QRadioButton(_("&Blank, to sign at the session"), box)
    blank.setAccessibleName(_("Blank sheet, to sign at the session"))
    filled = QRadioButton(_("F&illed in after the session (present, absent, excused)"), box)
    filled.setAccessibleName(_("Filled sheet, with the attendance recorded"))
    blank.setChecked(True)
    group = QButtonGroup(box)
    group.addButton(blank)
    group.addButton(filled)
    layout = QVBoxLayout(box)
    layout.addWidget(blank)
    layout.addWidget(filled)
    dialog.fields.addRow(box)
    rows = QSpinBox(dialog)
    rows.setRange(0, documents.MAX_BLANK_ROWS)
    rows.setValue(BLANK_ROWS)
    dialog.row(_("Blank &rows for walk-ins:"), rows, _("Number of blank rows for walk-ins"))
    # A filled sheet says what happened (walk-ins were checked in): no blank rows unless
    # asked for. Five of them pushed a sheet of six people onto a second page.
    filled.toggled.connect(lambda on: rows.setValue(0 if on else BLANK_ROWS))
    return blank, filled, rows


class SheetOptionsDialog(OptionsDialog):
    def __init__(self, ctx: ServiceContext, workshop_id: int, parent: QWidget | None) -> None:
        super().__init__(ctx, _("Print the attendance sheet"), parent)
        self.workshop_id = workshop_id
        self.blank_button, self.filled_button, self.rows_field = _blank_or_filled(self)

    def job(self) -> PrintJob:
        return sheet_job(
            self.ctx, self.workshop_id, self.filled_button.isChecked(), self.rows_field.value()
        )


class BatchOptionsDialog(OptionsDialog):
    """Every sheet of a month or a year, in one PDF."""

    def __init__(self, ctx: ServiceContext, day: dt.date, parent: QWidget | None) -> None:
        super().__init__(ctx, _("Print the attendance sheets of a period"), parent)
        box = QGroupBox(_("Period"), self)
        self.month_button = QRadioButton(_("A &month"), box)
        self.month_button.setAccessibleName(_("The sheets of a month"))
        self.year_button = QRadioButton(_("A &year"), box)
        self.year_button.setAccessibleName(_("The sheets of a year"))
        self.month_button.setChecked(True)
        group = QButtonGroup(box)
        group.addButton(self.month_button)
        group.addButton(self.year_button)
        layout = QVBoxLayout(box)
        layout.addWidget(self.month_button)
        layout.addWidget(self.year_button)
        self.fields.addRow(box)
        self.month_field = MonthField(self, year=day.year, month=day.month)
        self.row(_("Mo&nth:"), self.month_field, _("Month of the sheets"), "month")
        self.year_field = QSpinBox(self)
        self.year_field.setRange(2000, 2100)
        self.year_field.setValue(day.year)
        self.row(_("Y&ear:"), self.year_field, _("Year of the sheets"))
        self.blank_button, self.filled_button, self.rows_field = _blank_or_filled(self)
        note = QLabel(_("Cancelled workshops are left out. A long batch can be stopped."), self)
        note.setWordWrap(True)
        self.fields.addRow(note)
        self.month_button.toggled.connect(self._period_changed)
        self._period_changed()

    def _period_changed(self, *_args: object) -> None:
        monthly = self.month_button.isChecked()
        self.month_field.setEnabled(monthly)
        self.year_field.setEnabled(not monthly)

    def period(self) -> tuple[dt.date, dt.date, str]:
        if self.month_button.isChecked():
            year, month = self.month_field.month()
            start, end = period_of_month(year, month)
            return start, end, f"{year:04d}-{month:02d}"
        year = self.year_field.value()
        return dt.date(year, 1, 1), dt.date(year, 12, 31), f"{year:04d}"

    def job(self) -> PrintJob:
        start, end, ref = self.period()
        return sheets_job(
            self.ctx,
            start,
            end,
            ref,
            filled=self.filled_button.isChecked(),
            blank_rows=self.rows_field.value(),
        )


class BlankFormDialog(OptionsDialog):
    """Paper forms for people who prefer a pen; what they write is typed in later."""

    def __init__(self, ctx: ServiceContext, parent: QWidget | None) -> None:
        super().__init__(ctx, _("Blank paper forms"), parent)
        box = QGroupBox(_("Form"), self)
        self.satisfaction_button = QRadioButton(_("Workshop &satisfaction questionnaire"), box)
        self.satisfaction_button.setAccessibleName(_("Workshop satisfaction questionnaire"))
        self.assessment_button = QRadioButton(_("Self-&assessment form"), box)
        self.assessment_button.setAccessibleName(_("Self-assessment form"))
        self.satisfaction_button.setChecked(True)
        group = QButtonGroup(box)
        group.addButton(self.satisfaction_button)
        group.addButton(self.assessment_button)
        layout = QVBoxLayout(box)
        layout.addWidget(self.satisfaction_button)
        layout.addWidget(self.assessment_button)
        self.fields.addRow(box)
        note = QLabel(_("What people write on these forms is then typed into the views."), self)
        note.setWordWrap(True)
        self.fields.addRow(note)

    def job(self) -> PrintJob:
        kind = (
            DocumentKind.SATISFACTION_FORM
            if self.satisfaction_button.isChecked()
            else DocumentKind.SELF_ASSESSMENT_FORM
        )
        return form_job(self.ctx, kind)


# --------------------------------------------------------------------------- entry points


def _show(dialog: QDialog) -> QDialog:
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


def print_pathway_summary(parent: QWidget, ctx: ServiceContext, participant_id: int) -> QDialog:
    return _show(SummaryOptionsDialog(ctx, participant_id, parent))


def print_attestation(parent: QWidget, ctx: ServiceContext, participant_id: int) -> QDialog:
    return _show(AttestationOptionsDialog(ctx, participant_id, parent))


def print_cv(parent: QWidget, ctx: ServiceContext, participant_id: int) -> QDialog:
    return open_preview(ctx, cv_job(ctx, participant_id), parent)


def print_mock_interview(parent: QWidget, ctx: ServiceContext, interview_id: int) -> QDialog:
    return open_preview(ctx, mock_interview_job(ctx, interview_id), parent)


def print_attendance_sheet(parent: QWidget, ctx: ServiceContext, workshop_id: int) -> QDialog:
    return _show(SheetOptionsDialog(ctx, workshop_id, parent))


def print_attendance_batch(
    parent: QWidget, ctx: ServiceContext, day: dt.date | None = None
) -> QDialog:
    return _show(BatchOptionsDialog(ctx, day or ctx.today(), parent))


def print_activity_report(
    parent: QWidget, ctx: ServiceContext, start: dt.date, end: dt.date
) -> QDialog:
    return open_preview(ctx, activity_job(ctx, start, end), parent)


def print_blank_form(parent: QWidget, ctx: ServiceContext) -> QDialog:
    return _show(BlankFormDialog(ctx, parent))


def tell(widget: QWidget, text: str) -> None:
    """Say something in the main window's status bar (when there is one)."""
    show = getattr(widget.window(), "show_message", None)
    if callable(show):
        show(text)

"""Indicators ▸ "Annual activity report…": the GEM's yearly report to its ARS
(:func:`pairdesk.services.gem_year.annual_report_data`, laid out by
:mod:`pairdesk.reports.gem_annual`), the same as ``pairdesk report gem-annual``.

A year and a "for publication" tick (counts of people from 1 to 10 hidden, with the
secondary suppression the service applies), then either the print preview (print, or
save the PDF from there) or "Save as PDF or Excel…", written on the database worker with
the busy indicator. Each is audited by the service (entity ``gem_annual``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from pairdesk.domain.enums import AuditAction
from pairdesk.i18n import _
from pairdesk.reports.gem_annual import gem_annual_pdf, gem_annual_xlsx
from pairdesk.services import exports, gem_year
from pairdesk.services.context import ServiceContext
from pairdesk.ui import export_actions
from pairdesk.ui.ops import Op
from pairdesk.ui.print_dialog import PrintJob, open_preview
from pairdesk.ui.widgets.dialog_parts import wrapped_label

PDF, XLSX = ".pdf", ".xlsx"


def default_name(ctx: ServiceContext, year: int, suffix: str = PDF) -> str:
    """As the command line names it: no person's name, the year and the day."""
    return f"rapport-annuel-gem-{year}-{ctx.today().isoformat()}{suffix}"


def annual_job(ctx: ServiceContext, year: int, for_publication: bool) -> PrintJob:
    """The print preview's job: read on the worker (audited), laid out as PDF."""

    def fetch(action: AuditAction) -> Any:
        return gem_year.annual_report_data(
            ctx, year, for_publication=for_publication, action=action
        )

    title = (
        _("Annual activity report {year}, for publication")
        if for_publication
        else _("Annual activity report {year}")
    )
    return PrintJob(
        title=title.format(year=year),
        filename=default_name(ctx, year),
        fetch=fetch,
        render=lambda data, _progress: gem_annual_pdf(data),
        personal=False,  # counts and the year's form: no name in it
    )


def write_annual_report(ctx: ServiceContext, year: int, for_publication: bool, path: Path) -> Path:
    """On the worker: read the report (audited as an export) and write it as PDF or, for
    a ``.xlsx`` path, Excel (owner-only, replaced atomically)."""
    data = gem_year.annual_report_data(
        ctx, year, for_publication=for_publication, action=AuditAction.EXPORT
    )
    payload = gem_annual_xlsx(data) if path.suffix.lower() == XLSX else gem_annual_pdf(data)
    return exports.write_file(path, payload, overwrite=True)


def with_suffix(path: Path, suffix: str) -> Path:
    """The chosen path, with the chosen format's suffix when it has neither."""
    if path.suffix.lower() in (PDF, XLSX):
        return path
    return path.with_name(path.name + suffix)


class AnnualReportDialog(QDialog):
    """The year, "for publication", the format; Preview and print… or Save…"""

    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("annualReportDialog")
        self.setWindowTitle(_("Annual activity report — pairdesk"))
        self.ctx = ctx
        self.preview_dialog: QDialog | None = None
        self.written: Path | None = None

        from pairdesk.ui.year_form_dialog import report_year

        self.year_field = QSpinBox(self)
        self.year_field.setRange(gem_year.YEAR_MIN, gem_year.YEAR_MAX)
        self.year_field.setValue(report_year(ctx.today()))
        self.year_field.setAccessibleName(_("Year of the report"))
        year_label = QLabel(_("&Year:"), self)
        year_label.setBuddy(self.year_field)
        self.publication_box = QCheckBox(_("For &publication: hide counts from 1 to 10"), self)
        self.publication_box.setToolTip(
            _(
                "For a report to be shown: counts of people from 1 to 10 are written "
                "“hidden”, and so are other, larger figures that would let one work them out "
                "from the totals; no rate is given on fewer than 11 people."
            )
        )
        self.pdf_button = QRadioButton(_("P&DF"), self)
        self.xlsx_button = QRadioButton(_("E&xcel (.xlsx)"), self)
        self.pdf_button.setChecked(True)
        self.format_group = QButtonGroup(self)
        self.format_group.addButton(self.pdf_button)
        self.format_group.addButton(self.xlsx_button)
        formats = QHBoxLayout()
        formats.addWidget(self.pdf_button)
        formats.addWidget(self.xlsx_button)
        formats.addStretch(1)
        format_label = QLabel(_("File format:"), self)

        form = QFormLayout()
        form.addRow(year_label, self.year_field)
        form.addRow(self.publication_box)
        form.addRow(format_label, formats)

        self.preview_button = QPushButton(_("Pre&view and print…"), self)
        self.preview_button.setObjectName("previewAnnualReport")
        self.preview_button.setAccessibleName(_("Preview and print the annual report"))
        self.save_button = QPushButton(_("&Save…"), self)
        self.save_button.setObjectName("saveAnnualReport")
        self.save_button.setAccessibleName(_("Save the annual report as a file"))
        self.save_button.setDefault(True)
        close = QPushButton(_("Close"), self)
        box = QDialogButtonBox(self)
        box.addButton(self.preview_button, QDialogButtonBox.ButtonRole.ActionRole)
        box.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        box.addButton(close, QDialogButtonBox.ButtonRole.RejectRole)
        box.rejected.connect(self.reject)
        self.preview_button.clicked.connect(self.preview)
        self.save_button.clicked.connect(self.save)

        layout = QVBoxLayout(self)
        layout.addWidget(
            wrapped_label(
                _(
                    "The yearly report to the ARS, due before 28 February of the next year: "
                    "the year's counts with the previous year beside them, the year's form "
                    "and the employment indicators. No name in it."
                ),
                self,
            )
        )
        layout.addLayout(form)
        layout.addWidget(box)

    def year(self) -> int:
        return self.year_field.value()

    def for_publication(self) -> bool:
        return self.publication_box.isChecked()

    def suffix(self) -> str:
        return XLSX if self.xlsx_button.isChecked() else PDF

    def preview(self) -> None:
        """The print preview of the PDF (print it, or save it from there)."""
        job = annual_job(self.ctx, self.year(), self.for_publication())
        self.preview_dialog = open_preview(self.ctx, job, self)

    def save(self) -> None:
        suffix = self.suffix()
        filters = _("PDF (*.pdf)") if suffix == PDF else _("Excel workbook (*.xlsx)")
        chosen = export_actions.ask_save_path(
            self,
            _("Save the annual report"),
            default_name(self.ctx, self.year(), suffix),
            filters,
        )
        if chosen is None:
            return
        path = with_suffix(chosen, suffix)
        ctx, year, published = self.ctx, self.year(), self.for_publication()
        self.save_button.setEnabled(False)
        (
            Op(self, lambda: write_annual_report(ctx, year, published, path), key="save")
            .success(self._saved)
            .always(lambda: self.save_button.setEnabled(True))
            .busy(_("Writing the annual report…"))
            .run()
        )

    def _saved(self, path: Path) -> None:
        self.written = path
        text = _("The annual report is saved: {path}").format(path=path)
        show = getattr(self.parent(), "show_message", None)
        if callable(show):
            show(text)


def open_annual_report(window: Any) -> AnnualReportDialog:
    """Indicators ▸ Annual activity report…"""
    dialog = AnnualReportDialog(window.ctx, window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    window.dialog = dialog
    dialog.open()
    return dialog

"""The print preview: page images, Save as PDF…, Open with the system viewer, Print….

Why ``pypdfium2`` for the preview: QtPdf ships only in PySide6-Addons (a large extra
dependency); pdfium renders the exact PDF bytes ReportLab produced to images in memory,
so what the user sees is what is saved and printed, and no temporary file is ever written.

* A ``PrintJob`` says how to read the document's data (a ``services.documents`` function
  called with ``action=`` PRINT or EXPORT, which writes the audit line) and how to lay it
  out. Reading, laying out and rendering all run on the database worker
  (``ui/ops.py``); a batch reports progress and can be cancelled.
* The preview reads the data once (recorded as an export: the services know no
  "preview" action); Save as PDF reads it again with ``EXPORT`` and Print with ``PRINT``,
  so every file and every printout has its own audit line. When the data has not changed
  since the preview, the PDF already made is reused.
* Printing draws the pages, rendered at the printer's resolution (at most
  ``MAX_PRINT_DPI``), on a ``QPrinter`` with ``QPainter``: one PDF page per sheet, landscape
  sheets for landscape documents.
* The folder chosen last time is remembered in ``printing.ini`` under
  ``paths.config_dir()`` — the folder only, never a file name.
* The first time a document holding personal data is saved or printed in a vault, a
  notice says once that it holds personal data in clear (remembered in the vault's
  settings when the operator may change them, else in ``printing.ini`` by a hash of the
  vault's path).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pypdfium2
from PySide6.QtCore import QRect, QSettings, QSize, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QImage, QKeySequence, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from pairdesk.domain.enums import AuditAction, Role
from pairdesk.errors import UserError
from pairdesk.i18n import _, ngettext
from pairdesk.services import team
from pairdesk.services.context import ServiceContext
from pairdesk.services.exports import write_file
from pairdesk.ui.errors import show_error
from pairdesk.ui.local_settings import ini_file
from pairdesk.ui.mnemonics import second_key
from pairdesk.ui.ops import Op, ProgressCallback, Running, TaskCancelled
from pairdesk.ui.text_size import relative_font
from pairdesk.ui.widgets.dialog_parts import wrapped_label
from pairdesk.ui.widgets.questions import message_box

SETTINGS_FILENAME = "printing.ini"
FOLDER_KEY = "export/folder"
NOTICE_SETTING = "privacy.pdf_notice_seen"
NOTICE_INI_GROUP = "pdf_notice_seen"
PREVIEW_SCALE = 1.0  # 72 dpi: an A4 page is 596 × 842 pixels
MAX_PREVIEW_PAGES = 40
MAX_PRINT_DPI = 300

Fetch = Callable[[AuditAction], Any]
Render = Callable[[Any, ProgressCallback | None], bytes]


@dataclass(frozen=True)
class PrintJob:
    """One document to preview, save and print.

    ``fetch(action)`` runs on the worker and returns the document's read objects (it calls
    the documents service with ``action=``, which writes the audit line); ``render(data,
    progress)`` lays them out as PDF bytes. ``title`` and ``filename`` never hold a
    person's name."""

    title: str
    filename: str
    fetch: Fetch
    render: Render
    personal: bool = True
    landscape: bool = False
    progress: bool = False
    #: the file name once the data is read, when it depends on it (an attendance sheet
    #: takes its session's day, not the day it is printed); ``filename`` before that
    named: Callable[[Any], str] | None = None

    def file_name(self, data: Any) -> str:
        return self.named(data) if self.named is not None and data is not None else self.filename


# --------------------------------------------------------------------------- settings


def printing_settings() -> QSettings:
    return ini_file(SETTINGS_FILENAME)


def last_folder() -> Path:
    """The folder chosen the last time a PDF was saved (the home folder at first)."""
    value = printing_settings().value(FOLDER_KEY)
    if isinstance(value, str) and value and Path(value).is_dir():
        return Path(value)
    return Path.home()


def remember_folder(folder: Path) -> None:
    settings = printing_settings()
    settings.setValue(FOLDER_KEY, str(folder))
    settings.sync()


def vault_key(ctx: ServiceContext) -> str:
    """A short hash of the vault's path: names the vault in the INI file without its path."""
    return hashlib.sha256(str(Path(ctx.vault.path).resolve()).encode("utf-8")).hexdigest()[:24]


def notice_seen_here(ctx: ServiceContext) -> bool:
    """The INI part of the notice memory (operators who may not change vault settings)."""
    value = printing_settings().value(f"{NOTICE_INI_GROUP}/{vault_key(ctx)}")
    return value in (True, "true", "1", 1)


def notice_seen_in_vault(ctx: ServiceContext) -> bool:
    """Worker side: has the notice been shown in this vault (vault settings)?"""
    return team.get_setting(ctx, NOTICE_SETTING) == "1"


# --------------------------------------------------------------------------- rendering


@dataclass(frozen=True)
class Preview:
    page_count: int
    images: tuple[QImage, ...]  # the first MAX_PREVIEW_PAGES pages


def _image(page: Any, scale: float) -> QImage:
    bitmap = page.render(scale=scale, rev_byteorder=True)  # RGB, three bytes a pixel
    try:
        data = bytes(bitmap.buffer)
        image = QImage(
            data, bitmap.width, bitmap.height, bitmap.stride, QImage.Format.Format_RGB888
        )
        return image.copy()  # owns its pixels once ``data`` is gone
    finally:
        bitmap.close()


def render_preview(
    pdf: bytes, scale: float = PREVIEW_SCALE, limit: int = MAX_PREVIEW_PAGES
) -> Preview:
    """Page images of ``pdf`` (from memory, never a file). Worker side."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        count = len(document)
        images = []
        for index in range(min(count, limit)):
            page = document[index]
            try:
                images.append(_image(page, scale))
            finally:
                page.close()
        return Preview(count, tuple(images))
    finally:
        document.close()


def page_count(pdf: bytes) -> int:
    document = pypdfium2.PdfDocument(pdf)
    try:
        return len(document)
    finally:
        document.close()


def print_pdf(pdf: bytes, printer: QPrinter, progress: ProgressCallback | None = None) -> int:
    """Draw each page of ``pdf`` on ``printer``, one page per sheet; the number printed.

    Runs on the worker (QPainter may paint on a QPrinter outside the GUI thread). The
    printer's page range (``fromPage``/``toPage``, 1-based, 0 for all) is honoured."""
    document = pypdfium2.PdfDocument(pdf)
    painter = QPainter()
    try:
        count = len(document)
        first = max(1, printer.fromPage() or 1)
        last = min(count, printer.toPage() or count)
        pages = list(range(first - 1, last))
        dpi = min(max(printer.resolution(), 72), MAX_PRINT_DPI)
        if not painter.begin(printer):
            raise UserError(_("The printer could not be started. Check that it is available."))
        for done, index in enumerate(pages):
            if progress is not None and not progress(done, len(pages)):
                printer.abort()
                raise TaskCancelled
            if done:
                printer.newPage()
            page = document[index]
            try:
                image = _image(page, dpi / 72)
            finally:
                page.close()
            area = painter.viewport()
            size = image.size().scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
            target = QRect(
                area.x() + (area.width() - size.width()) // 2,
                area.y() + (area.height() - size.height()) // 2,
                size.width(),
                size.height(),
            )
            painter.drawImage(target, image)
        if progress is not None:
            progress(len(pages), len(pages))
        return len(pages)
    finally:
        if painter.isActive():
            painter.end()
        document.close()


def new_printer(job: PrintJob, pages: int, data: Any = None) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setPageOrientation(
        QPageLayout.Orientation.Landscape if job.landscape else QPageLayout.Orientation.Portrait
    )
    printer.setFullPage(True)  # the PDF pages carry their own margins
    # print queues show it: no person's name
    printer.setDocName(Path(job.file_name(data)).stem)
    printer.setFromTo(0, 0)
    return printer


def _layout(job: PrintJob, data: Any, progress: ProgressCallback | None) -> bytes:
    """Lay ``data`` out; a batch stopped through ``progress`` raises ``TaskCancelled``."""
    if progress is None:
        return job.render(data, None)
    stopped = False

    def tracked(done: int, total: int) -> bool:
        nonlocal stopped
        going = progress(done, total)
        stopped = stopped or not going
        return going

    try:
        return job.render(data, tracked)
    except UserError:
        if stopped:
            raise TaskCancelled from None
        raise


def _build(
    job: PrintJob, action: AuditAction, progress: ProgressCallback | None
) -> tuple[Any, bytes]:
    """Read the data (with its audit line) and lay it out. Worker side."""
    if progress is not None and not progress(0, 0):
        raise TaskCancelled
    data = job.fetch(action)
    return data, _layout(job, data, progress)


# --------------------------------------------------------------------------- the dialog


class PageImage(QLabel):
    """One page of the preview, with its "Page x / n" caption read by screen readers."""

    def __init__(self, image: QImage, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from PySide6.QtGui import QPixmap

        self.setPixmap(QPixmap.fromImage(image))
        self.setAccessibleName(caption)
        self.setToolTip(caption)
        self.setStyleSheet("QLabel { border: 1px solid #9aa5b1; background: white; }")
        self.setFixedSize(image.size() + QSize(2, 2))


class PrintPreviewDialog(QDialog):
    """Preview a document, then save it, open it, or print it."""

    #: Emitted once the preview is shown (with the number of pages).
    ready = Signal(int)
    #: Emitted after a file was written (its path) or pages were printed (their number).
    saved = Signal(str)
    printed = Signal(int)

    def __init__(self, ctx: ServiceContext, job: PrintJob, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("printPreview")
        self.ctx = ctx
        self.job = job
        self.data: Any = None
        self.pdf: bytes | None = None
        self.pages = 0
        self.saved_path: Path | None = None
        self.task: Running | None = None  # what Cancel (reject) stops
        self._notice_seen = False
        self._busy = False
        self.setWindowTitle(_("Print or export: {title}").format(title=job.title))
        self.setAccessibleName(_("Print preview"))

        self.title_label = QLabel(job.title, self)
        relative_font(self.title_label, 1.25, bold=True)
        self.title_label.setWordWrap(True)
        self.state_label = QLabel(_("Preparing the preview…"), self)
        self.state_label.setObjectName("previewState")
        self.state_label.setWordWrap(True)
        self.state_label.setAccessibleName(_("Preview state"))
        self.state_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.memory_note = wrapped_label(
            _(
                "The preview is made in memory: nothing is written to the disk until you "
                "choose where to save the PDF."
            ),
            self,
        )

        self.pages_widget = QWidget(self)
        self.pages_layout = QVBoxLayout(self.pages_widget)
        self.pages_layout.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.pages_layout.setSpacing(6)
        self.pages_area = QScrollArea(self)
        self.pages_area.setObjectName("previewPages")
        self.pages_area.setWidgetResizable(True)
        self.pages_area.setWidget(self.pages_widget)
        self.pages_area.setAccessibleName(_("Pages of the document"))
        self.pages_area.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.pages_area.setStyleSheet("QScrollArea#previewPages { background: #d9dde2; }")
        self.pages_widget.setStyleSheet("background: #d9dde2;")

        self.save_button = QPushButton(_("&Save as PDF…"), self)
        self.save_button.setAccessibleName(_("Save as a PDF file"))
        self.save_button.setToolTip(_("Save as PDF (Ctrl+S)"))
        second_key(self.save_button, QKeySequence.StandardKey.Save)
        self.open_button = QPushButton(_("&Open with the system viewer"), self)
        self.open_button.setAccessibleName(_("Open the saved PDF with the system viewer"))
        self.open_button.setToolTip(_("Available once the PDF is saved"))
        self.print_button = QPushButton(_("&Print…"), self)
        self.print_button.setAccessibleName(_("Print the document"))
        self.print_button.setToolTip(_("Print (Ctrl+P)"))
        second_key(self.print_button, QKeySequence.StandardKey.Print)
        self.close_button = QPushButton(_("&Close"), self)
        self.close_button.setAccessibleName(_("Close the preview"))
        self.close_button.setAutoDefault(False)

        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.print_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title_label)
        layout.addWidget(self.state_label)
        layout.addWidget(self.pages_area, 1)
        layout.addWidget(self.memory_note)
        layout.addLayout(buttons)

        for first, second in (
            (self.pages_area, self.save_button),
            (self.save_button, self.open_button),
            (self.open_button, self.print_button),
            (self.print_button, self.close_button),
        ):
            QWidget.setTabOrder(first, second)
        self.save_button.clicked.connect(self.save_as)
        self.open_button.clicked.connect(self.open_saved)
        self.print_button.clicked.connect(self.print_document)
        self.close_button.clicked.connect(self.reject)
        self._update_buttons()
        self._fit_to_screen(parent)

    def _fit_to_screen(self, parent: QWidget | None) -> None:
        page_width = int((842 if self.job.landscape else 596) * PREVIEW_SCALE)
        width = page_width + 80
        height = 900
        window = parent.window() if parent is not None else None
        if window is not None:
            width = min(max(width, 640), int(window.width() * 0.95))
            height = min(height, int(window.height() * 0.95))
        self.resize(width, height)

    # -- preview -----------------------------------------------------------------------
    def start(self) -> None:
        """Read the data and make the preview on the worker; then show the pages."""
        ctx, job = self.ctx, self.job
        self._busy = True
        self._update_buttons()

        def work(progress: ProgressCallback | None = None) -> tuple[Any, bytes, Preview, bool]:
            data, pdf = _build(job, AuditAction.VIEW, progress)
            seen = notice_seen_in_vault(ctx) if job.personal else True
            return data, pdf, render_preview(pdf), seen

        op = Op.with_progress(self, work) if job.progress else Op(self, lambda: work(None))
        self.task = op
        # Not the default routing: a preview that cannot be made closes the dialog after
        # the message (there is nothing to show in it).
        op.success(self._show_preview).failure(self._preview_failed).cancelled(
            self._preview_cancelled
        ).busy(_("Preparing the document…")).run()

    def _show_preview(self, result: tuple[Any, bytes, Preview, bool]) -> None:
        self._busy = False
        self.data, self.pdf, preview, seen = result
        self._notice_seen = seen or notice_seen_here(self.ctx)
        self.pages = preview.page_count
        total = preview.page_count
        for number, image in enumerate(preview.images, start=1):
            caption = _("Page {page} / {pages}").format(page=number, pages=total)
            label = QLabel(caption, self.pages_widget)
            label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
            self.pages_layout.addWidget(label)
            self.pages_layout.addWidget(PageImage(image, caption, self.pages_widget))
        self.pages_layout.activate()
        self.pages_widget.adjustSize()
        text = ngettext("{n} page.", "{n} pages.", total).format(n=total)
        if total > len(preview.images):
            text = _(
                "{pages} The preview shows the first {shown}; all are saved and printed."
            ).format(pages=text, shown=len(preview.images))
        self.state_label.setText(text)
        self._update_buttons()
        self.pages_area.setFocus()
        self.ready.emit(total)

    def _preview_failed(self, exc: BaseException) -> None:
        self._busy = False
        show_error(self, exc)
        self.reject()

    def _preview_cancelled(self) -> None:
        self._busy = False
        parent = self.parentWidget()
        message = getattr(parent.window(), "show_message", None) if parent is not None else None
        if callable(message):
            message(_("The document was not made: cancelled."))
        self.reject()

    def _update_buttons(self) -> None:
        ready = self.pdf is not None and not self._busy
        self.save_button.setEnabled(ready)
        self.print_button.setEnabled(ready)
        self.open_button.setEnabled(ready and self.saved_path is not None)

    # -- the notice --------------------------------------------------------------------
    def _tell_once(self) -> None:
        """The first save or print of personal data in this vault: say it once."""
        if not self.job.personal or self._notice_seen:
            return
        box = message_box(
            self,
            _("Personal data on paper and in files"),
            _(
                "This document holds personal data in clear: a PDF file is not encrypted "
                "like the vault, and a printed page can be read by anyone."
            ),
            informative=_(
                "Keep files and printouts in a safe place, give them only to the people "
                "they are meant for, and delete the files and shred the paper when they "
                "are no longer needed. This message is shown once."
            ),
        )
        box.addButton(_("I &understand"), QMessageBox.ButtonRole.AcceptRole)
        box.exec()
        self._notice_seen = True
        self._remember_notice()

    def _remember_notice(self) -> None:
        ctx = self.ctx
        if ctx.operator.role is Role.COORDINATOR:
            Op(self, lambda: team.set_setting(ctx, NOTICE_SETTING, "1")).run()
            return
        settings = printing_settings()
        settings.setValue(f"{NOTICE_INI_GROUP}/{vault_key(ctx)}", True)
        settings.sync()

    # -- actions -----------------------------------------------------------------------
    def _document(
        self, action: AuditAction, progress: ProgressCallback | None
    ) -> tuple[Any, bytes]:
        """Worker side: read again with ``action`` (the audit line); reuse the preview's
        PDF when nothing changed."""
        job = self.job
        if progress is not None and not progress(0, 0):
            raise TaskCancelled
        data = job.fetch(action)
        if data == self.data and self.pdf is not None:
            return data, self.pdf
        return data, _layout(job, data, progress)

    def save_as(self) -> None:
        if self.pdf is None or self._busy:
            return
        self._tell_once()
        start = str(last_folder() / self.job.file_name(self.data))
        chosen, _filter = QFileDialog.getSaveFileName(
            self, _("Save the PDF"), start, _("PDF documents (*.pdf)")
        )
        if not chosen:
            return
        path = Path(chosen)
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        remember_folder(path.parent)
        self._busy = True
        self._update_buttons()

        def work(progress: ProgressCallback | None = None) -> Path:
            _data, pdf = self._document(AuditAction.EXPORT, progress)
            return write_file(path, pdf, overwrite=True)

        op = Op.with_progress(self, work) if self.job.progress else Op(self, lambda: work(None))
        self.task = op
        op.success(self._saved).always(self._not_busy).cancelled(self._action_cancelled).busy(
            _("Saving the PDF…")
        ).run()

    def _saved(self, path: Path) -> None:
        self.saved_path = path
        self.state_label.setText(_("Saved: {path}").format(path=path))
        # it went on saying "nothing is written to the disk until…" (a tester's finding)
        self.memory_note.setText(
            _(
                "This PDF is now on the disk, in clear: keep it where only the people who "
                "need it can read it, and delete it once it has served."
            )
        )
        self._update_buttons()
        self.open_button.setFocus()
        self.saved.emit(str(path))

    def _not_busy(self) -> None:
        self._busy = False
        self._update_buttons()

    def _action_cancelled(self) -> None:
        self.state_label.setText(_("Cancelled: nothing was saved or printed."))

    def open_saved(self) -> None:
        if self.saved_path is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.saved_path)))

    def print_document(self) -> None:
        if self.pdf is None or self._busy:
            return
        self._tell_once()
        printer = new_printer(self.job, self.pages, self.data)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(_("Print"))
        dialog.setMinMax(1, max(1, self.pages))
        dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintPageRange, True)
        dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintToFile, True)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.printer = printer
        self._busy = True
        self._update_buttons()

        def work(progress: ProgressCallback) -> int:
            _data, pdf = self._document(AuditAction.PRINT, progress if self.job.progress else None)
            return print_pdf(pdf, printer, progress)

        op = Op.with_progress(self, work)
        self.task = op
        op.success(self._printed).always(self._not_busy).cancelled(self._action_cancelled).busy(
            _("Printing…")
        ).run()

    def _printed(self, count: int) -> None:
        self.state_label.setText(
            ngettext(
                "{n} page sent to the printer.", "{n} pages sent to the printer.", count
            ).format(n=count)
        )
        self.printed.emit(count)

    def reject(self) -> None:
        if self.task is not None and not self.task.done:
            self.task.cancel()
        super().reject()


def open_preview(ctx: ServiceContext, job: PrintJob, parent: QWidget | None) -> PrintPreviewDialog:
    """Show the preview dialog (window-modal, not blocking) and start making the document."""
    dialog = PrintPreviewDialog(ctx, job, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    dialog.start()
    return dialog

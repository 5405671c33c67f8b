"""Print / Export PDF on the real main window: options, preview, save, print, audit.

Data is created through the services; what was saved or printed is read back with pypdf
and the audit trail is counted through the database.
"""

from __future__ import annotations

import datetime as dt
import io
import os
from pathlib import Path

import pypdf
import pytest
import shiboken6
from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QMessageBox, QWidget
from sqlalchemy import func, select

from pairdesk.domain.enums import AuditAction, Role, WorkshopKind
from pairdesk.errors import PermissionDenied, UserError
from pairdesk.i18n import _
from pairdesk.services import team, wellbeing, workshops
from pairdesk.services.context import ServiceContext
from pairdesk.services.participants import ParticipantInput, create_participant
from pairdesk.services.workshops import WorkshopInput
from pairdesk.store.models import AuditEntry
from pairdesk.ui import print_dialog, printing, tasks
from pairdesk.ui.main_window import MainWindow
from pairdesk.ui.print_dialog import PageImage, PrintPreviewDialog
from pairdesk.ui.tasks import TaskCancelled
from pairdesk.ui.widgets import questions
from tests.factories import acting_as

TODAY = dt.date(2026, 11, 25)
PLAN_TEXT = "Marcher le long de l'Isère au lever du jour"


# --------------------------------------------------------------------------- data


@pytest.fixture
def people(ctx: ServiceContext) -> dict[str, int]:
    def add(first: str, last: str) -> int:
        data = ParticipantInput(
            first_name=first, last_name=last, membership_start=dt.date(2025, 9, 1)
        )
        return create_participant(ctx, data).id

    ids = {"zofia": add("Zofia", "Łukasiewicz"), "anh": add("Ánh", "Nguyễn Thị")}
    wellbeing.save_wellbeing_plan(ctx, ids["zofia"], PLAN_TEXT, "Fatigue", "Le jardin", "Sa sœur")
    return ids


@pytest.fixture
def november(ctx: ServiceContext, people: dict[str, int]) -> list[int]:
    """Three workshops in November 2026, everybody registered."""
    ids = []
    for day, kind in ((3, WorkshopKind.CV), (12, WorkshopKind.INTERVIEW), (20, WorkshopKind.CV)):
        detail = workshops.create_workshop(
            ctx,
            WorkshopInput(
                kind=kind,
                title=f"Atelier du {day}",
                held_on=dt.date(2026, 11, day),
                starts_at=dt.time(14),
                ends_at=dt.time(16),
                place="Salle Belledonne",
            ),
        )
        for pid in people.values():
            workshops.register(ctx, detail.id, pid)
        ids.append(detail.id)
    return ids


@pytest.fixture
def window(qtbot, ctx: ServiceContext, people: dict[str, int]):
    main = MainWindow(ctx)
    qtbot.addWidget(main)
    main.resize(1366, 768)
    main.show()
    tasks.wait_for_idle()
    yield main
    tasks.wait_for_idle()
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QDialog) and widget.isVisible():
            widget.reject()
    tasks.wait_for_idle()


@pytest.fixture
def boxes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Message boxes (the privacy notice) record their text instead of blocking."""
    shown: list[str] = []

    def fake_exec(self: QMessageBox) -> int:
        shown.append(self.text())
        return 0

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    return shown


def audit_count(ctx: ServiceContext, entity: str, action: AuditAction) -> int:
    with ctx.transaction() as session:
        return int(
            session.scalar(
                select(func.count(AuditEntry.id)).where(
                    AuditEntry.entity == entity, AuditEntry.action == action.value
                )
            )
            or 0
        )


def pdf_text(pdf: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def pdf_pages(pdf: bytes) -> int:
    return len(pypdf.PdfReader(io.BytesIO(pdf)).pages)


def the(kind: type) -> object:
    found = [w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()]
    assert len(found) == 1, found
    return found[0]


def ready(qtbot, preview: PrintPreviewDialog) -> PrintPreviewDialog:
    qtbot.waitUntil(lambda: preview.pdf is not None and not preview._busy, timeout=15_000)
    return preview


def open_summary_options(qtbot, window: MainWindow, pid: int) -> printing.SummaryOptionsDialog:
    page = window.participants_view
    window.open_record("participants", pid)
    qtbot.waitUntil(
        lambda: page.file_view.data is not None and page.file_view.data.detail.id == pid,
        timeout=5000,
    )
    window.print_action.trigger()  # Ctrl+P: the file's document menu
    assert page.file_view.print_menu.isVisible()
    page.file_view.print_menu.close()
    page.file_view.print_summary_action.trigger()
    options = the(printing.SummaryOptionsDialog)
    assert isinstance(options, printing.SummaryOptionsDialog)
    return options


def open_sheet_options(qtbot, window: MainWindow, workshop_id: int) -> printing.SheetOptionsDialog:
    """The workshop's sheet options, as Ctrl+P opens them on the CV workshops page."""
    window.open_record("cv_workshops", workshop_id)
    view = window.page("cv_workshops")
    qtbot.waitUntil(lambda: view.sheet.workshop_id == workshop_id, timeout=5000)
    window.print_action.trigger()
    options = the(printing.SheetOptionsDialog)
    assert isinstance(options, printing.SheetOptionsDialog)
    return options


def preview_of(qtbot, options: printing.OptionsDialog) -> PrintPreviewDialog:
    options.preview_button.click()
    qtbot.waitUntil(lambda: options.preview is not None, timeout=5000)
    assert options.preview is not None
    return ready(qtbot, options.preview)


def save_to(monkeypatch: pytest.MonkeyPatch, path: Path) -> list[str]:
    """Answer the save dialog with ``path``; record the proposed start path."""
    asked: list[str] = []

    def fake(parent: QWidget, caption: str, start: str, filters: str) -> tuple[str, str]:
        asked.append(start)
        return str(path), filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(fake))
    return asked


# --------------------------------------------------------------------------- tests


def test_summary_preview_save_notice_and_remembered_folder(
    qtbot, window, ctx, people, boxes, monkeypatch, tmp_path
) -> None:
    options = open_summary_options(qtbot, window, people["zofia"])
    assert not options.wellbeing_box.isChecked() and not options.contact_box.isChecked()
    exports_before = audit_count(ctx, "pathway_summary", AuditAction.EXPORT)
    preview = preview_of(qtbot, options)

    assert preview.pages == pdf_pages(preview.pdf) >= 1
    images = preview.pages_widget.findChildren(PageImage)
    assert len(images) == preview.pages
    last = _("Page {page} / {pages}").format(page=preview.pages, pages=preview.pages)
    assert images[-1].accessibleName() == last
    assert "Łukasiewicz" not in preview.windowTitle()  # titles name the reference only
    assert not preview.open_button.isEnabled()

    folder = tmp_path / "exports"
    folder.mkdir()
    target = folder / "mon-document.pdf"
    asked = save_to(monkeypatch, target)
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(opened.append))
    counted = audit_count(ctx, "pathway_summary", AuditAction.EXPORT)
    note_before = preview.memory_note.text()
    preview.save_button.click()
    qtbot.waitUntil(lambda: preview.saved_path == target, timeout=10_000)
    # "nothing is written to the disk until…" no longer stands once it is
    assert preview.memory_note.text() != note_before

    assert len(boxes) == 1 and "PDF" in boxes[0]  # the notice, once
    assert asked == [
        str(Path.home() / printing.default_filename("pathway_summary", people["zofia"], TODAY))
    ]
    assert "Zofia" not in asked[0] and "ukasiewicz" not in asked[0]
    text = pdf_text(target.read_bytes())
    assert "Łukasiewicz" in text
    assert PLAN_TEXT not in text
    assert audit_count(ctx, "pathway_summary", AuditAction.EXPORT) == counted + 1
    assert counted == exports_before  # the preview is recorded as a view, not an export
    assert audit_count(ctx, "pathway_summary", AuditAction.VIEW) >= 1
    assert team.get_setting(ctx, print_dialog.NOTICE_SETTING) == "1"

    preview.open_button.click()
    assert opened == [QUrl.fromLocalFile(str(target))]

    ini = (Path(os.environ["PAIRDESK_HOME"]) / "config" / print_dialog.SETTINGS_FILENAME).read_text(
        encoding="utf-8"
    )
    assert str(folder) in ini
    for secret in ("mon-document", ".pdf", "synthese", "Zofia", "ukasiewicz", "Nguy"):
        assert secret not in ini

    # A second save: no notice again, the dialog starts in the folder chosen last time.
    second = folder / "encore"
    asked2 = save_to(monkeypatch, second)
    preview.save_button.click()
    qtbot.waitUntil(lambda: preview.saved_path == second.with_suffix(".pdf"), timeout=10_000)
    assert len(boxes) == 1
    assert Path(asked2[0]).parent == folder
    assert audit_count(ctx, "pathway_summary", AuditAction.EXPORT) == counted + 2


def test_wellbeing_plan_only_when_ticked(qtbot, window, ctx, people, boxes) -> None:
    options = open_summary_options(qtbot, window, people["zofia"])
    options.wellbeing_box.setChecked(True)
    options.contact_box.setChecked(True)
    preview = preview_of(qtbot, options)
    assert PLAN_TEXT in pdf_text(preview.pdf)


def test_period_in_the_wrong_order_is_shown_next_to_the_field(
    qtbot, window, ctx, people, boxes
) -> None:
    options = open_summary_options(qtbot, window, people["anh"])
    options.start_field.set_date(dt.date(2026, 6, 1))
    options.end_field.set_date(dt.date(2026, 1, 1))
    options.preview_button.click()
    assert options.isVisible() and options.preview is None
    assert options.form.shown_errors().get("end")
    options.end_field.set_date(dt.date(2026, 12, 31))
    preview = preview_of(qtbot, options)
    assert "Nguyễn" in pdf_text(preview.pdf)


def test_for_a_referent_asks_when_consent_is_missing(
    qtbot, window, ctx, people, boxes, monkeypatch
) -> None:
    asked: list[str] = []
    answer = [False]

    def fake_confirm(parent, title, text, yes, no=None) -> bool:
        asked.append(text)
        return answer[0]

    monkeypatch.setattr(questions, "confirm", fake_confirm)
    options = open_summary_options(qtbot, window, people["zofia"])
    options.referent_box.setChecked(True)
    options.preview_button.click()
    qtbot.waitUntil(lambda: len(asked) == 1, timeout=5000)
    tasks.wait_for_idle()
    assert options.preview is None and options.isVisible()
    answer[0] = True
    preview = preview_of(qtbot, options)
    assert len(asked) == 2 and preview.pages >= 1


def test_batch_of_a_month_can_be_cancelled_and_made(
    qtbot, window, ctx, people, november, boxes, monkeypatch, tmp_path
) -> None:
    window.show_page("attendance")
    page = window.page("attendance")
    page.print_batch()
    options = the(printing.BatchOptionsDialog)
    assert isinstance(options, printing.BatchOptionsDialog)
    assert options.month_button.isChecked()
    assert options.period() == (dt.date(2026, 11, 1), dt.date(2026, 11, 30), "2026-11")
    asked = save_to(monkeypatch, tmp_path / "never.pdf")

    options.preview_button.click()
    qtbot.waitUntil(lambda: options.preview is not None, timeout=5000)
    preview = options.preview
    assert preview is not None and preview.task is not None
    preview.task.cancel()  # the progress callback now returns False
    tasks.wait_for_idle()
    assert preview.pdf is None
    assert not asked and not list(tmp_path.glob("*.pdf"))
    assert window.statusBar().currentMessage() == _("The document was not made: cancelled.")

    page.print_batch()
    options = the(printing.BatchOptionsDialog)
    options.rows_field.setValue(2)
    preview = preview_of(qtbot, options)
    text = pdf_text(preview.pdf)
    for day in (3, 12, 20):
        assert f"Atelier du {day}" in text
    assert preview.pages == pdf_pages(preview.pdf) >= 3
    assert "Zofia Łukasiewicz" in text  # no pseudonym: the name, with its letters


def test_progress_returning_false_raises_task_cancelled(ctx, people, november) -> None:
    job = printing.sheets_job(ctx, dt.date(2026, 11, 1), dt.date(2026, 11, 30), "2026-11")
    with pytest.raises(TaskCancelled):
        print_dialog._build(job, AuditAction.EXPORT, lambda done, total: False)
    calls: list[tuple[int, int]] = []

    def stop_at_first_sheet(done: int, total: int) -> bool:
        calls.append((done, total))
        return total == 0  # go on before the data is read, stop once the layout starts

    with pytest.raises(TaskCancelled):
        print_dialog._build(job, AuditAction.EXPORT, stop_at_first_sheet)
    assert calls[-1][1] == 3


def test_print_a_filled_sheet_to_a_pdf_printer(
    qtbot, window, ctx, people, november, boxes, monkeypatch, tmp_path
) -> None:
    options = open_sheet_options(qtbot, window, november[0])
    assert options.rows_field.value() == 5  # room for walk-ins on a sheet to sign
    options.filled_button.setChecked(True)
    assert options.rows_field.value() == 0  # a filled sheet says what happened
    options.rows_field.setValue(3)
    preview = preview_of(qtbot, options)
    assert preview.job.landscape

    out = tmp_path / "printed.pdf"

    def fake_exec(self: QPrintDialog) -> int:
        printer = self.printer()
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        return QDialog.DialogCode.Accepted.value

    monkeypatch.setattr(QPrintDialog, "exec", fake_exec)
    prints = audit_count(ctx, "attendance_sheet", AuditAction.PRINT)
    with qtbot.waitSignal(preview.printed, timeout=20_000) as printed:
        preview.print_button.click()
    assert printed.args == [preview.pages]
    assert out.exists()
    reader = pypdf.PdfReader(str(out))
    assert len(reader.pages) == preview.pages
    box = reader.pages[0].mediabox
    assert box.width > box.height  # a landscape sheet
    assert audit_count(ctx, "attendance_sheet", AuditAction.PRINT) == prints + 1
    assert len(boxes) == 1  # the notice, once, before the first print


def test_a_sheet_is_saved_under_its_session_day(
    qtbot, window, ctx, people, november, boxes, monkeypatch, tmp_path
) -> None:
    """The file was named after the day it was printed (a tester's finding): the sheets of
    a month printed ahead all bore the same day, none the session's."""
    options = open_sheet_options(qtbot, window, november[0])
    preview = preview_of(qtbot, options)
    asked = save_to(monkeypatch, tmp_path / "feuille.pdf")
    preview.save_button.click()
    qtbot.waitUntil(lambda: preview.saved_path is not None, timeout=10_000)
    session_day = dt.date(2026, 11, 3)
    assert session_day != TODAY
    expected = printing.default_filename("attendance_sheet", november[0], session_day)
    assert asked == [str(Path.home() / expected)]
    assert print_dialog.new_printer(preview.job, 1, preview.data).docName() == expected[:-4]


def test_roles(qtbot, ctx, vault, people, boxes, monkeypatch, tmp_path) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    errors: list[BaseException] = []
    monkeypatch.setattr(print_dialog, "show_error", lambda _w, exc: errors.append(exc))
    volunteer = acting_as(ctx, "Camille", Role.VOLUNTEER)
    preview = printing.print_cv(parent, volunteer, people["zofia"])
    tasks.wait_for_idle()
    assert len(errors) == 1 and isinstance(errors[0], PermissionDenied)
    assert not shiboken6.isValid(preview) or not preview.isVisible()
    errors.clear()

    # A facilitator may print but not change the vault's settings: the notice is
    # remembered in the INI file, by a hash of the vault's path.
    facilitator = acting_as(ctx, "Camille", Role.FACILITATOR)
    options = printing.print_attestation(parent, facilitator, people["anh"])
    assert isinstance(options, printing.AttestationOptionsDialog)
    preview = preview_of(qtbot, options)
    save_to(monkeypatch, tmp_path / "attestation.pdf")
    preview.save_button.click()
    qtbot.waitUntil(lambda: preview.saved_path is not None, timeout=10_000)
    assert len(boxes) == 1 and not errors
    assert team.get_setting(facilitator, print_dialog.NOTICE_SETTING) == ""
    assert print_dialog.notice_seen_here(facilitator)
    ini = (Path(os.environ["PAIRDESK_HOME"]) / "config" / print_dialog.SETTINGS_FILENAME).read_text(
        encoding="utf-8"
    )
    assert print_dialog.vault_key(facilitator) in ini and str(vault.path) not in ini
    preview.reject()


def test_blank_forms_and_activity_report_hold_no_names(
    qtbot, window, ctx, people, november, boxes, monkeypatch, tmp_path
) -> None:
    window.blank_forms_action.trigger()
    options = the(printing.BlankFormDialog)
    assert isinstance(options, printing.BlankFormDialog)
    options.assessment_button.setChecked(True)
    preview = preview_of(qtbot, options)
    assert preview.job.filename.startswith("auto-evaluation")
    save_to(monkeypatch, tmp_path / "form.pdf")
    preview.save_button.click()
    qtbot.waitUntil(lambda: preview.saved_path is not None, timeout=10_000)
    assert not boxes  # nothing personal: no notice
    preview.reject()

    window.show_page("indicators")
    view = window.page("indicators")
    view.set_period(dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    window.print_action.trigger()
    preview = the(PrintPreviewDialog)
    assert isinstance(preview, PrintPreviewDialog)
    ready(qtbot, preview)
    text = pdf_text(preview.pdf)
    assert "Łukasiewicz" not in text and "Zofia" not in text and "Nguy" not in text
    assert preview.pages == pdf_pages(preview.pdf)


def test_print_with_nothing_to_print_says_so(qtbot, window) -> None:
    window.show_page("today")
    window.print_action.trigger()
    assert window.statusBar().currentMessage()
    assert not any(isinstance(w, QDialog) and w.isVisible() for w in QApplication.topLevelWidgets())


def test_user_error_in_layout_is_not_taken_for_a_cancel(ctx, people) -> None:
    def render(_data: object, progress: object) -> bytes:
        raise UserError("broken")

    job = print_dialog.PrintJob("t", "t.pdf", lambda action: None, render, progress=True)
    with pytest.raises(UserError):
        print_dialog._build(job, AuditAction.EXPORT, lambda d, t: True)


@pytest.mark.skipif(not os.environ.get("PAIRDESK_SCREENSHOTS"), reason="screenshots on demand")
@pytest.mark.parametrize("scale", [1, 2])
def test_screenshots(qtbot, ctx, people, november, boxes, scale) -> None:
    """PAIRDESK_SCREENSHOTS=1: the dialogs at 1366x768, and with the font doubled."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    font = app.font()
    bigger = app.font()
    bigger.setPointSizeF(font.pointSizeF() * scale)
    app.setFont(bigger)
    suffix = "1366" if scale == 1 else "200"
    try:
        window = MainWindow(ctx)
        qtbot.addWidget(window)
        window.resize(1366, 768)
        window.show()
        tasks.wait_for_idle()
        options = open_summary_options(qtbot, window, people["zofia"])
        qtbot.wait(50)
        window.grab().save(f"/tmp/print-file-{suffix}.png")
        options.grab().save(f"/tmp/print-options-{suffix}.png")
        preview = preview_of(qtbot, options)
        qtbot.wait(50)
        preview.grab().save(f"/tmp/print-preview-{suffix}.png")
        preview.reject()
        window.page("attendance").print_batch()
        batch = the(printing.BatchOptionsDialog)
        qtbot.wait(50)
        batch.grab().save(f"/tmp/print-batch-{suffix}.png")
        batch.reject()
        for key in ("indicators", "attendance", "cv_workshops"):
            window.show_page(key)
            tasks.wait_for_idle()
            qtbot.wait(50)
            window.grab().save(f"/tmp/print-{key}-{suffix}.png")
        window.close()
        tasks.wait_for_idle()
    finally:
        app.setFont(font)


def test_a_filled_sheet_is_not_named_as_the_blank_one(ctx) -> None:
    """Both were "emargement-A0012-<today>.pdf": saving the filled sheet asked to replace
    the blank one just saved (a tester's finding)."""
    blank = printing.sheet_job(ctx, 12, False, 5).filename
    filled = printing.sheet_job(ctx, 12, True, 0).filename
    assert blank != filled and filled.startswith("emargement-remplie-A0012-")

"""Privacy dialogs: retention review, export, anonymise (the reference typed), delete;
and the audit trail viewer (coordinator only)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from pairdesk.domain.enums import AuditAction, Role
from pairdesk.errors import UnknownId
from pairdesk.services import participants, privacy, sessions
from pairdesk.services.context import ServiceContext
from pairdesk.ui import tasks
from pairdesk.ui.audit_dialog import AuditDialog
from pairdesk.ui.main_window import MainWindow
from pairdesk.ui.privacy_dialog import PrivacyDialog, ReferenceConfirmDialog
from pairdesk.ui.widgets import questions
from tests.factories import acting_as


@pytest.fixture
def chef(ctx: ServiceContext) -> ServiceContext:
    return acting_as(ctx, "Louis", Role.COORDINATOR, "Exemple")


@pytest.fixture
def old_file(chef: ServiceContext) -> int:
    """A participant whose last activity is five years before the test's today."""
    return participants.create_participant(
        chef,
        participants.ParticipantInput(
            "Ancien",
            "Membre",
            city="Brest",
            membership_start=dt.date(2020, 3, 2),
            membership_end=dt.date(2021, 6, 30),
            notes="Note à effacer",
        ),
    ).id


@pytest.fixture
def window(qtbot, chef: ServiceContext) -> MainWindow:
    window = MainWindow(chef)
    qtbot.addWidget(window)
    window.show()
    tasks.wait_for_idle()
    return window


@pytest.fixture
def confirmed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    texts: list[str] = []

    def confirm(parent, title, text, yes_text, no_text=None) -> bool:
        texts.append(text)
        return True

    monkeypatch.setattr(questions, "confirm", confirm)
    return texts


def test_review_then_anonymise_requires_typing_the_reference(
    qtbot, window, chef, old_file, confirmed
) -> None:
    recent = participants.create_participant(
        chef, participants.ParticipantInput("Récente", "Membre", membership_start=chef.today())
    ).id
    dialog = window.show_privacy_review()
    assert isinstance(dialog, PrivacyDialog)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1)
    assert dialog.model.row_object(0).participant_id == old_file
    assert recent not in [r.participant_id for r in dialog.model.rows]
    ref = privacy.participant_reference(old_file)
    assert dialog.chosen().reference == ref

    qtbot.mouseClick(dialog.anonymise_button, Qt.MouseButton.LeftButton)  # one click away
    assert len(confirmed) == 1 and ref in confirmed[0]
    second = dialog.confirm_dialog
    assert isinstance(second, ReferenceConfirmDialog) and second.isVisible()

    qtbot.mouseClick(second.ok_button, Qt.MouseButton.LeftButton)  # nothing typed
    qtbot.waitUntil(lambda: "confirm" in second.errors.shown())
    second.reference_field.setText("P9999")
    qtbot.mouseClick(second.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "confirm" in second.errors.shown() and second.ok_button.isEnabled())
    assert second.isVisible()
    assert not participants.get_participant(chef, old_file).anonymised

    second.reference_field.setText(ref.lower())
    qtbot.mouseClick(second.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not second.isVisible(), timeout=5000)
    detail = participants.get_participant(chef, old_file)
    assert detail.anonymised and detail.city == "" and detail.notes == ""
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 0)
    assert ref in dialog.status_label.text()


def test_export_everything_from_the_file(qtbot, window, chef, old_file, tmp_path, monkeypatch):
    target = tmp_path / "export" / "acces.json"
    target.parent.mkdir()
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), ""))
    )
    window.open_record("participants", old_file)
    file_view = window.participants_view.file_view
    qtbot.waitUntil(lambda: file_view.data is not None)
    assert file_view.privacy_button.isEnabled()
    qtbot.mouseClick(file_view.privacy_button, Qt.MouseButton.LeftButton)
    dialog = file_view.dialog
    assert isinstance(dialog, PrivacyDialog) and not dialog.table.isVisible()
    qtbot.waitUntil(lambda: dialog.single is not None)
    assert "Ancien Membre" in dialog.intro.text()
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    pdf = target.with_suffix(".pdf")
    qtbot.waitUntil(lambda: pdf.exists(), timeout=10_000)
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["identity"]["notes"] == "Note à effacer"
    assert data["reference"] == privacy.participant_reference(old_file)
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "Note à effacer" in text


def test_delete_permanently_goes_back_to_the_list(qtbot, window, chef, old_file, confirmed):
    window.open_record("participants", old_file)
    page = window.participants_view
    file_view = page.file_view
    qtbot.waitUntil(lambda: file_view.data is not None)
    dialog = file_view.open_privacy() or file_view.dialog
    qtbot.waitUntil(lambda: dialog.single is not None)
    qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)
    second = dialog.confirm_dialog
    assert second.delete
    second.reference_field.setText(privacy.participant_reference(old_file))
    qtbot.mouseClick(second.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.currentWidget() is page.list_view, timeout=5000)
    with pytest.raises(UnknownId):
        participants.get_participant(chef, old_file)


def test_a_facilitator_may_export_but_not_erase(qtbot, ctx, old_file) -> None:
    helper = acting_as(ctx, "Nadia", Role.FACILITATOR, "Exemple")
    dialog = PrivacyDialog(helper, participant_id=old_file)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.single is not None)
    assert dialog.export_button.isEnabled()
    assert not dialog.anonymise_button.isEnabled() and not dialog.delete_button.isEnabled()
    review = PrivacyDialog(helper)
    qtbot.addWidget(review)
    qtbot.waitUntil(lambda: review.problem_label.isVisibleTo(review))
    assert review.model.rowCount() == 0


def test_audit_trail_lists_logins_and_views_with_filters(
    qtbot, ctx, chef, old_file, qtmodeltester
) -> None:
    sessions.sign_in(ctx, chef.operator.id, None)
    dialog = AuditDialog(chef)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.page is not None and dialog.model.rowCount() > 0)
    qtmodeltester.check(dialog.model)
    actions = {row.action for row in dialog.model.rows}
    assert AuditAction.LOGIN in actions and AuditAction.CREATE in actions
    assert str(dialog.page.total) in dialog.count_label.text()

    index = dialog.action_combo.findData(AuditAction.LOGIN.value)
    dialog.action_combo.setCurrentIndex(index)
    qtbot.waitUntil(lambda: {r.action for r in dialog.model.rows} == {AuditAction.LOGIN})
    assert all(r.operator_id == chef.operator.id for r in dialog.model.rows)
    assert AuditAction.LOGIN.label in dialog.model.index(0, 2).data()  # the "Details" column

    dialog.start_field.set_date(chef.today() + dt.timedelta(days=3))
    dialog.end_field.set_date(chef.today())  # "to" before "from": shown next to the field
    qtbot.waitUntil(lambda: bool(dialog.errors.shown()))


def test_audit_trail_is_refused_to_a_facilitator(qtbot, ctx, chef) -> None:
    helper = acting_as(ctx, "Nadia", Role.FACILITATOR, "Exemple")
    dialog = AuditDialog(helper)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.refusal_label.isVisible())
    assert dialog.refused and dialog.model.rowCount() == 0
    assert not dialog.table.isEnabled()


def test_screenshots_of_the_security_dialogs(qtbot, chef, old_file) -> None:
    """Not an assertion of looks: saves what a person would see, to be looked at."""
    from PySide6.QtGui import QFont
    from PySide6.QtWidgets import QApplication

    from pairdesk.ui.backup_dialog import BackupDialog, RestoreDialog
    from pairdesk.ui.emergency_sheet import EmergencySheetDialog
    from pairdesk.ui.passphrase_dialog import PassphraseDialog

    app = QApplication.instance()
    font = app.font()
    try:
        for suffix, size in (("1366", font.pointSizeF()), ("200", font.pointSizeF() * 2)):
            app.setFont(QFont(font.family(), int(size)))
            window = MainWindow(chef)
            qtbot.addWidget(window)
            window.resize(1366, 768)
            window.show()
            tasks.wait_for_idle()
            shots = {
                "backups": BackupDialog(chef, window),
                "passphrase": PassphraseDialog(chef, window),
                "emergency": EmergencySheetDialog(None, window),
                "audit": AuditDialog(chef, window),
                "privacy-review": PrivacyDialog(chef, window),
                "privacy-file": PrivacyDialog(chef, window, participant_id=old_file),
            }
            shots["emergency"].load(chef)
            for name, dialog in shots.items():
                dialog.show()
                tasks.wait_for_idle()
                qtbot.wait(30)
                dialog.grab().save(f"/tmp/security-{name}-{suffix}.png")
                if name == "backups":
                    from pairdesk.services.backups import BackupInfo

                    info = BackupInfo(paths_dummy(), dt.datetime(2026, 11, 24, 18, 5), 1, False)
                    restore = RestoreDialog(info, window)
                    restore.show()
                    qtbot.wait(30)
                    restore.grab().save(f"/tmp/security-restore-{suffix}.png")
                    restore.close()
                if name == "privacy-review":
                    confirm = ReferenceConfirmDialog(
                        chef, dialog.chosen(), delete=False, parent=window
                    )
                    confirm.show()
                    qtbot.wait(30)
                    confirm.grab().save(f"/tmp/security-confirm-{suffix}.png")
                    confirm.close()
                dialog.close()
            window.close()
    finally:
        app.setFont(font)


def paths_dummy():
    from pathlib import Path

    return Path("/tmp/vault-20261124-180500.pairdesk")

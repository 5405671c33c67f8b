"""Indicators ▸ Export for the network… and File ▸ Merge network exports… in the window."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from pairdesk.domain.enums import Role
from pairdesk.domain.pooling import read_export
from pairdesk.i18n import _
from pairdesk.services import pooling
from pairdesk.services.context import ServiceContext
from pairdesk.ui import network_dialogs, tasks
from pairdesk.ui.main_window import MainWindow
from pairdesk.ui.network_dialogs import MergeExportsDialog, NetworkExportDialog
from tests.factories import acting_as, make_participant


@pytest.fixture(autouse=True)
def _idle() -> Iterator[None]:
    yield
    tasks.wait_for_idle()


def save_to(monkeypatch: pytest.MonkeyPatch, path: Path | None) -> list[str]:
    """Replace the Save dialog: it answers ``path``; returns the titles it was asked."""
    asked: list[str] = []

    def fake(_parent: object, title: str, _name: str, _filters: str) -> Path | None:
        asked.append(title)
        return path

    monkeypatch.setattr(network_dialogs, "ask_save_path", fake)
    return asked


def shown(dialog: MergeExportsDialog | NetworkExportDialog) -> str:
    """Every error the dialog shows now (beside a field or in its error line)."""
    return " ".join([dialog.general_error.text(), *dialog.form.shown_errors().values()])


def ready(qtbot, dialog: NetworkExportDialog) -> None:
    qtbot.waitUntil(lambda: dialog.export is not None, timeout=10_000)


def test_the_preview_says_what_leaves_and_save_writes_exactly_that(
    qtbot, ctx: ServiceContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_participant(ctx, "Zoe", "Abadie")
    dialog = NetworkExportDialog(ctx)
    qtbot.addWidget(dialog)
    assert dialog.year_field.value() == 2026  # the ctx's day is 25/11/2026
    ready(qtbot, dialog)
    export = dialog.export
    assert export is not None and export.structure is None
    text = dialog.preview.toPlainText()
    assert text.splitlines() == pooling.preview_lines(export)
    assert "Abadie" not in text and "Zoe" not in text
    assert dialog.preview.isReadOnly()

    dialog.identity_box.setChecked(True)
    ready(qtbot, dialog)
    assert dialog.export is not None and dialog.export.structure is not None
    named = dialog.preview.toPlainText()
    assert dialog.export.structure.name in named

    target = tmp_path / "export"  # the suffix is added
    asked = save_to(monkeypatch, target)
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        dialog.ok_button.click()
    assert asked
    written = tmp_path / "export.json"
    assert dialog.result_value == written
    back = read_export(written.read_bytes(), written.name)
    assert back.export_id == dialog.export.export_id  # the one previewed, not a new one
    assert back.structure is not None


def test_closing_the_save_dialog_keeps_the_export_dialog_open(
    qtbot, ctx: ServiceContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = NetworkExportDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    ready(qtbot, dialog)
    asked = save_to(monkeypatch, None)
    dialog.ok_button.click()
    assert asked and dialog.isVisible()
    assert not list(tmp_path.glob("*.json"))


def test_a_facilitator_is_refused_in_the_dialog_and_the_menu_is_greyed(
    qtbot, ctx: ServiceContext
) -> None:
    facilitator = acting_as(ctx, "Hugo", Role.FACILITATOR)
    dialog = NetworkExportDialog(facilitator)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: shown(dialog).strip() != "", timeout=10_000)
    assert _("Only a coordinator may export the association's figures for the network.") in shown(
        dialog
    )
    assert dialog.export is None and not dialog.ok_button.isEnabled()

    window = MainWindow(facilitator)
    qtbot.addWidget(window)
    assert not window.network_export_action.isEnabled()
    assert window.merge_exports_action.isEnabled()  # merging needs no right on the vault
    window.close()


def test_the_menus_hold_the_two_entries(qtbot, ctx: ServiceContext) -> None:
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    assert window.network_export_action in window.indicators_menu.actions()
    assert window.network_export_action.isEnabled()
    file_actions = window.menuBar().actions()[0].menu().actions()
    assert window.merge_exports_action in file_actions
    assert file_actions.index(window.merge_exports_action) < file_actions.index(window.lock_action)
    window.close()


def write_exports(ctx: ServiceContext, folder: Path, count: int) -> list[Path]:
    paths = []
    for number in range(count):
        export = pooling.build_export(ctx, pooling.ExportOptions(year=2026))
        path = folder / f"gem-{number}.json"
        path.write_bytes(export.to_bytes())
        paths.append(path)
    return paths


def test_merge_adds_exports_up_into_a_regional_json(
    qtbot, ctx: ServiceContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_participant(ctx, "Zoe", "Abadie")
    paths = write_exports(ctx, tmp_path, 2)
    dialog = MergeExportsDialog()
    qtbot.addWidget(dialog)
    dialog.add_files(paths)
    dialog.add_files(paths[:1])  # the same file chosen again is listed once
    assert dialog.file_list.count() == 2
    dialog.format_combo.setCurrentIndex(dialog.format_combo.findData(".json"))
    save_to(monkeypatch, tmp_path / "region")
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        dialog.ok_button.click()
    count, written = dialog.result_value
    assert count == 2 and written == tmp_path / "region.json"
    region = json.loads(written.read_text(encoding="utf-8"))
    assert region["format"] == "pairdesk-region/1"


def test_merge_to_pdf(
    qtbot, ctx: ServiceContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = write_exports(ctx, tmp_path, 2)
    dialog = MergeExportsDialog()
    qtbot.addWidget(dialog)
    dialog.add_files(paths)
    dialog.format_combo.setCurrentIndex(dialog.format_combo.findData(".pdf"))
    save_to(monkeypatch, tmp_path / "region.pdf")
    with qtbot.waitSignal(dialog.saved, timeout=20_000):
        dialog.ok_button.click()
    assert (tmp_path / "region.pdf").read_bytes().startswith(b"%PDF")


def test_merge_refuses_an_altered_file_and_a_copy_and_says_why(
    qtbot, ctx: ServiceContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = write_exports(ctx, tmp_path, 2)
    altered = json.loads(second.read_text(encoding="utf-8"))
    altered["counts"] = {key: value + 1 for key, value in altered["counts"].items()} or {"x": 1}
    second.write_text(json.dumps(altered), encoding="utf-8")
    dialog = MergeExportsDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.add_files([first, second])
    dialog.format_combo.setCurrentIndex(dialog.format_combo.findData(".json"))
    save_to(monkeypatch, tmp_path / "region.json")
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: second.name in shown(dialog), timeout=10_000)
    assert dialog.isVisible() and not (tmp_path / "region.json").exists()

    copy = tmp_path / "copy.json"
    copy.write_bytes(first.read_bytes())
    dialog.file_list.setCurrentRow(1)
    dialog.remove_selected()
    dialog.add_files([copy])
    assert dialog.paths == [first, copy]
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: copy.name in shown(dialog), timeout=10_000)
    assert dialog.form.shown_errors()["files"].startswith(copy.name)
    assert not (tmp_path / "region.json").exists()


def test_merge_without_files_says_so_beside_the_list(qtbot, monkeypatch) -> None:
    asked = save_to(monkeypatch, None)
    dialog = MergeExportsDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.ok_button.click()
    assert not asked
    assert dialog.form.shown_errors()["files"] == _("Add at least one network export to merge.")

"""The import wizard driven page by page on a Windows-1252 ``;`` file from French Excel."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

from pairdesk import i18n
from pairdesk.services import participants
from pairdesk.services.context import ServiceContext
from pairdesk.services.imports import DuplicateDecision, ImportKind, RowStatus
from pairdesk.ui import tasks
from pairdesk.ui.import_wizard import ImportWizard
from tests.ui.test_accessibility import unnamed

# Row 1 is the header. Row 3 has an impossible birth date; row 5 is row 2 again
# (capitals and accents aside); row 4 is left empty by Excel (kept in the numbering).
CSV = (
    "Nom;Prénom;Date de naissance;Téléphone;Remarques\r\n"
    "Durand;Hélène;12/03/1985;06 12 34 56 78;Aime le jardinage\r\n"
    "Benali;Karim;31/02/1990;;\r\n"
    ";;;;\r\n"
    "DURAND;helene;12/03/85;;\r\n"
    'Lefèvre;Zoé;33008;;"Deux\r\nlignes"\r\n'
)


@pytest.fixture
def french_csv(tmp_path: Path) -> Path:
    path = tmp_path / "adhérents.csv"
    path.write_bytes(CSV.encode("cp1252"))
    return path


def names(ctx: ServiceContext) -> list[tuple[str, str]]:
    page = participants.list_participants(ctx, participants.ParticipantFilter())
    rows = getattr(page, "rows", page)
    return sorted((r.last_name, r.first_name) for r in rows)


def open_mapping(qtbot, wizard: ImportWizard, path: Path) -> None:
    """The file chosen, then the columns' page (its check of the rows may still run)."""
    wizard.file_page.path_field.setText(str(path))
    qtbot.waitUntil(wizard.file_page.isComplete, timeout=5000)
    wizard.next()
    assert wizard.currentPage() is wizard.mapping_page


def drive_to_mapping(qtbot, wizard: ImportWizard, path: Path) -> None:
    open_mapping(qtbot, wizard, path)
    assert "cp1252" in wizard.file_page.info_label.text().lower() or "1252" in (
        wizard.file_page.info_label.text()
    )
    qtbot.waitUntil(wizard.mapping_page.isComplete, timeout=5000)


def test_import_lists_exactly_the_imported_and_rejected_rows(qtbot, ctx, french_csv) -> None:
    before = names(ctx)
    wizard = ImportWizard(ctx, kind=ImportKind.PARTICIPANTS)
    qtbot.addWidget(wizard)
    wizard.show()
    drive_to_mapping(qtbot, wizard, french_csv)

    page = wizard.mapping_page
    assert page.mapping() == {
        0: "last_name",
        1: "first_name",
        2: "birth_date",
        3: "phone",
        4: "notes",
    }
    preview = page.preview
    assert preview is not None
    assert (preview.valid_count, preview.invalid_count, preview.duplicate_count) == (2, 1, 1)
    statuses = {row.row_number: row.status for row in preview.rows}
    assert statuses == {
        2: RowStatus.VALID,
        3: RowStatus.INVALID,
        5: RowStatus.DUPLICATE,
        6: RowStatus.VALID,
    }
    shown_rows = [
        page.preview_table.item(i, 0).text() for i in range(page.preview_table.rowCount())
    ]
    assert shown_rows == ["2", "3", "5", "6"]
    reason = page.preview_table.item(1, 2).text()
    assert reason  # the reason of row 3 is in the preview

    # Dropping the last name makes the import impossible, and says why.
    page.set_field(0, "")
    qtbot.waitUntil(lambda: page.preview is not None, timeout=5000)
    assert not page.isComplete()
    assert page.problem_label.text()
    page.set_field(0, "last_name")
    qtbot.waitUntil(page.isComplete, timeout=5000)

    wizard.next()
    dup = wizard.duplicates_page
    qtbot.waitUntil(dup.isComplete, timeout=5000)
    assert list(dup.combos) == [5]
    dup.set_decision(5, DuplicateDecision.SKIP)
    assert unnamed(wizard) == []
    wizard.next()

    result = wizard.result_page
    qtbot.waitUntil(lambda: result.report is not None, timeout=10_000)
    tasks.wait_for_idle()
    imported = result.listed(result.imported_table)
    assert [n for n, _text in imported] == [2, 5, 6]
    assert imported[1][1] == DuplicateDecision.SKIP.label
    rejected = result.listed(result.invalid_table)
    assert [n for n, _text in rejected] == [3]
    assert rejected[0][1] == dict((r.row_number, r.reasons) for r in preview.rows)[3][0]

    after = names(ctx)
    assert sorted(set(after) - set(before)) == [("Durand", "Hélène"), ("Lefèvre", "Zoé")]
    assert len(after) == len(before) + 2
    assert unnamed(wizard) == []


@pytest.mark.parametrize("language", ["fr", "en"])
def test_screenshots_of_the_wizard(qtbot, ctx, french_csv, language) -> None:
    i18n.install(language)
    app = QApplication.instance()
    base = QFont(app.font())
    try:
        for scale, suffix in ((1, "1366"), (2, "200")):
            font = QFont(base)
            font.setPointSizeF(base.pointSizeF() * scale)
            app.setFont(font)
            wizard = ImportWizard(ctx)
            qtbot.addWidget(wizard)
            wizard.resize(1366, 768) if scale == 2 else wizard.resize(1000, 640)
            wizard.show()
            drive_to_mapping(qtbot, wizard, french_csv)
            folder = os.environ.get("PAIRDESK_SHOTS", "")
            if folder:
                wizard.grab().save(f"{folder}/import-mapping-{language}-{suffix}.png")
            wizard.next()
            qtbot.waitUntil(wizard.duplicates_page.isComplete, timeout=5000)
            wizard.next()
            qtbot.waitUntil(lambda w=wizard: w.result_page.report is not None, timeout=10_000)
            tasks.wait_for_idle()
            if folder:
                wizard.grab().save(f"{folder}/import-result-{language}-{suffix}.png")
            wizard.close()
    finally:
        app.setFont(base)
        i18n.install("fr")


def test_a_hostile_file_is_refused_beside_the_path_in_french(
    qtbot, ctx, tmp_path, monkeypatch
) -> None:
    """A 1.6 KB .xlsx declaring 17 billion cells: a clear French message beside the path,
    no error dialog, no next page (it took 163 s and 3.7 GB before a MemoryError)."""
    from pairdesk.services.imports import MAX_ROWS, format_count
    from pairdesk.ui import import_wizard
    from tests import hostile_files

    dialogs: list[BaseException] = []
    monkeypatch.setattr(import_wizard, "show_error", lambda parent, exc: dialogs.append(exc))
    bomb = hostile_files.dimension_bomb(tmp_path / "bombe.xlsx")
    wizard = ImportWizard(ctx, kind=ImportKind.PARTICIPANTS)
    qtbot.addWidget(wizard)
    wizard.show()
    page = wizard.file_page
    page.path_field.setText(str(bomb))
    qtbot.waitUntil(lambda: bool(page.errors.shown()), timeout=15000)
    message = page.errors.shown()["path"]
    assert f"{format_count(MAX_ROWS)} lignes" in message and "bombe.xlsx" in message
    label = page.errors.label("path")
    assert label is not None and label.isVisible()
    assert label.text().startswith("Erreur")
    assert not page.isComplete()
    assert dialogs == []
    if os.environ.get("PAIRDESK_SCREENSHOTS"):
        wizard.grab().save(str(Path(os.environ["PAIRDESK_SCREENSHOTS"]) / "import-bomb.png"))


def test_cancel_during_the_import_keeps_nothing(qtbot, ctx, french_csv, monkeypatch) -> None:
    """Cancel in the progress dialog: the service sees ``progress`` return False, stops,
    rolls back, and the last page says nothing was imported (issue 12)."""
    from pairdesk.services import imports

    real = imports.run_import
    seen = []

    def pressed_cancel(*args, progress, **kwargs):  # type: ignore[no-untyped-def]
        seen.append(progress)
        return real(*args, progress=lambda done, total: False, **kwargs)

    monkeypatch.setattr(imports, "run_import", pressed_cancel)
    before = names(ctx)
    wizard = ImportWizard(ctx, kind=ImportKind.PARTICIPANTS)
    qtbot.addWidget(wizard)
    wizard.show()
    drive_to_mapping(qtbot, wizard, french_csv)
    wizard.next()
    qtbot.waitUntil(wizard.duplicates_page.isComplete, timeout=5000)
    wizard.next()
    result = wizard.result_page
    qtbot.waitUntil(lambda: wizard.failed, timeout=10_000)
    tasks.wait_for_idle()
    assert seen and callable(seen[0])
    assert result.report is None and result.isComplete()
    assert result.summary.text() == i18n._("The import was cancelled; nothing was imported.")
    assert names(ctx) == before


def test_a_cancelled_check_of_the_rows_can_be_run_again(
    qtbot, ctx, french_csv, monkeypatch
) -> None:
    """The trial run behind the preview has the import's progress and Cancel (issue 12:
    seconds on 10,000 rows); after Cancel the page says so and offers to check again."""
    from pairdesk.services import imports

    real = imports.preview
    cancel = [True]

    calls: list[int] = []

    def preview(*args, progress, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(1)
        if cancel[0]:
            return real(*args, progress=lambda done, total: False, **kwargs)
        return real(*args, progress=progress, **kwargs)

    monkeypatch.setattr(imports, "preview", preview)
    wizard = ImportWizard(ctx, kind=ImportKind.PARTICIPANTS)
    qtbot.addWidget(wizard)
    wizard.show()
    open_mapping(qtbot, wizard, french_csv)
    page = wizard.mapping_page
    qtbot.waitUntil(lambda: page.check_again.isVisibleTo(page), timeout=5000)
    tasks.wait_for_idle()
    assert not page.isComplete()
    assert page.counts_label.text() == i18n._("The rows were not checked: the check was cancelled.")
    if os.environ.get("PAIRDESK_SHOTS"):
        wizard.grab().save(f"{os.environ['PAIRDESK_SHOTS']}/import-check-cancelled.png")
    cancel[0] = False
    page.check_again.click()
    qtbot.waitUntil(page.isComplete, timeout=5000)
    assert not page.check_again.isVisibleTo(page)
    assert page.preview is not None and page.preview.valid_count == 2
    assert page.preview_table.rowCount() == 4
    # the duplicates step shows what this check found: no second trial run of the file
    assert len(calls) == 2
    wizard.next()
    qtbot.waitUntil(wizard.duplicates_page.isComplete, timeout=5000)
    assert list(wizard.duplicates_page.combos) == [5]
    assert len(calls) == 2


def test_a_new_mapping_stops_the_check_of_the_old_one(qtbot, ctx, french_csv, monkeypatch) -> None:
    """Changing a column while the rows are being checked stops that check at its next
    batch (it is told so through ``progress``) instead of queueing a whole dry run."""
    from pairdesk.services import imports

    real = imports.preview
    outcomes: list[str] = []
    page_holder: list[ImportWizard] = []

    def preview(*args, progress, **kwargs):  # type: ignore[no-untyped-def]
        first = not outcomes

        def told(done: int, total: int) -> bool:
            if first:
                page_holder[0].mapping_page._generation += 1  # a newer mapping was chosen
            return progress(done, total)

        try:
            result = real(*args, progress=told, **kwargs)
        except imports.ImportCancelled:
            outcomes.append("stopped")
            raise
        outcomes.append("done")
        return result

    monkeypatch.setattr(imports, "preview", preview)
    wizard = ImportWizard(ctx, kind=ImportKind.PARTICIPANTS)
    page_holder.append(wizard)
    qtbot.addWidget(wizard)
    wizard.show()
    open_mapping(qtbot, wizard, french_csv)
    page = wizard.mapping_page
    qtbot.waitUntil(lambda: outcomes == ["stopped"], timeout=5000)
    tasks.wait_for_idle()
    assert page.preview is None and not page.check_again.isVisibleTo(page)
    assert page.counts_label.text() == i18n._("Checking the rows…")
    page.set_field(4, "")  # the newer mapping's own check runs to the end
    qtbot.waitUntil(page.isComplete, timeout=5000)
    assert outcomes == ["stopped", "done"]


def test_a_merged_row_lists_what_the_record_kept(qtbot, ctx, french_csv) -> None:
    """Hélène Durand is already recorded with another phone: merged, her row's line on the
    result page names the phone as not taken (the record keeps its own)."""
    import datetime as dt

    from pairdesk.domain.import_vocabulary import PARTICIPANT_FIELDS
    from tests.factories import make_participant

    make_participant(ctx, "Hélène", "Durand", birth_date=dt.date(1985, 3, 12), phone="0700000000")
    wizard = ImportWizard(ctx, kind=ImportKind.PARTICIPANTS)
    qtbot.addWidget(wizard)
    wizard.show()
    drive_to_mapping(qtbot, wizard, french_csv)
    wizard.next()
    dup = wizard.duplicates_page
    qtbot.waitUntil(dup.isComplete, timeout=5000)
    assert 2 in dup.combos
    for row in dup.combos:
        dup.set_decision(row, DuplicateDecision.MERGE if row == 2 else DuplicateDecision.SKIP)
    wizard.next()
    result = wizard.result_page
    qtbot.waitUntil(lambda: result.report is not None, timeout=10_000)
    tasks.wait_for_idle()
    listed = dict(result.listed(result.imported_table))
    phone = next(spec.display for spec in PARTICIPANT_FIELDS if spec.key == "phone")
    assert listed[2].startswith(DuplicateDecision.MERGE.label)
    assert phone in listed[2]


def test_the_wizard_speaks_of_the_kind_of_file_chosen(qtbot, ctx) -> None:
    """A tester importing offers read « Nom, Prénom, Date de naissance » and « same birth
    date », and « Correct those rows » when none was refused."""
    wizard = ImportWizard(ctx, kind=ImportKind.OFFERS)
    qtbot.addWidget(wizard)
    page = wizard.file_page
    assert "Intitulé du poste" in page.subTitle() and "Prénom" not in page.subTitle()
    page.set_kind(ImportKind.PARTICIPANTS)
    assert "Prénom" in page.subTitle()
    from pairdesk.ui import import_wizard

    people = import_wizard._duplicates_intro(ImportKind.PARTICIPANTS)
    for kind in (ImportKind.OFFERS, ImportKind.WORKSHOPS):
        said = import_wizard._duplicates_intro(kind)
        assert "naissance" not in said and "birth" not in said
    assert "naissance" in people or "birth" in people


def test_the_report_asks_to_correct_rows_only_when_some_were_refused(qtbot, ctx, tmp_path) -> None:
    path = tmp_path / "deux.csv"
    path.write_bytes("Nom;Prénom\r\nDurand;Hélène\r\nLefèvre;Zoé\r\n".encode("cp1252"))
    wizard = ImportWizard(ctx, kind=ImportKind.PARTICIPANTS)
    qtbot.addWidget(wizard)
    wizard.show()
    open_mapping(qtbot, wizard, path)
    qtbot.waitUntil(wizard.mapping_page.isComplete, timeout=5000)
    wizard.next()
    qtbot.waitUntil(wizard.duplicates_page.isComplete, timeout=5000)
    wizard.next()
    result = wizard.result_page
    qtbot.waitUntil(lambda: result.report is not None, timeout=10_000)
    tasks.wait_for_idle()
    text = result.summary.text()
    assert str(2) in text
    refused = i18n._(
        "Not imported: {invalid} (listed below with the reason). Correct those rows "
        "in the file and import them again if needed."
    )
    assert refused.split(":")[0] not in text


def test_the_choice_for_a_duplicate_stays_in_sight(qtbot, ctx, tmp_path) -> None:
    """A long offer's description pushed « What to do » out of the page (a tester)."""
    from pairdesk.services import offers

    title = "Agent·e de conditionnement et de préparation de commandes en atelier protégé"
    employer = "Café associatif et solidaire des pentes de la Croix-Rousse"
    offers.create_offer(ctx, offers.OfferInput(title=title, employer=employer, place="Givors"))
    path = tmp_path / "offres.csv"
    path.write_bytes(f"Intitulé du poste;Employeur\r\n{title};{employer}\r\n".encode("cp1252"))
    wizard = ImportWizard(ctx, kind=ImportKind.OFFERS)
    qtbot.addWidget(wizard)
    wizard.resize(800, 560)
    wizard.show()
    open_mapping(qtbot, wizard, path)
    qtbot.waitUntil(wizard.mapping_page.isComplete, timeout=5000)
    wizard.next()
    dup = wizard.duplicates_page
    qtbot.waitUntil(dup.isComplete, timeout=5000)
    table = dup.table
    cell = table.visualRect(table.model().index(0, 2))
    assert cell.right() <= table.viewport().width()
    assert cell.width() >= dup.combos[2].sizeHint().width() - 2


def test_reasons_read_as_sentences() -> None:
    """« …ne fait pas partie des valeurs connues.; Début de l'… »: the reasons, each a
    sentence with its full stop, were joined by « ; » (a tester's finding)."""
    from pairdesk.services.imports import PreviewRow, RowStatus
    from pairdesk.ui.import_wizard import _why

    row = PreviewRow(4, (), RowStatus.INVALID, ("Premier refus.", "Second refus."))
    assert _why(row) == "Premier refus. Second refus."


def test_the_columns_choose_what_the_file_holds(qtbot, ctx, french_csv) -> None:
    """Started from the coaching page, the wizard read a list of people as workshops,
    every column unknown (a tester's finding): the columns decide, and it is said."""
    wizard = ImportWizard(ctx, kind=ImportKind.WORKSHOPS)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.file_page.path_field.setText(str(french_csv))
    qtbot.waitUntil(wizard.file_page.isComplete, timeout=5000)
    assert wizard.file_page.kind() is ImportKind.PARTICIPANTS
    assert ImportKind.PARTICIPANTS.label in wizard.file_page.info_label.text()
    wizard.next()
    qtbot.waitUntil(wizard.mapping_page.isComplete, timeout=5000)
    assert wizard.mapping_page.mapping()[0] == "last_name"


def test_a_role_sees_what_it_may_import_before_choosing_a_file(qtbot, ctx, french_csv) -> None:
    """A pair-aidant chose a file of people, then was refused on the columns' page (a
    tester's finding): the lists the role may not import are greyed out from the start,
    and a file of them is said to be one."""
    from pairdesk.domain.enums import Role
    from tests.factories import acting_as

    helper = acting_as(ctx, "Maëlle", Role.PEER_HELPER)
    wizard = ImportWizard(helper, kind=ImportKind.PARTICIPANTS)
    qtbot.addWidget(wizard)
    wizard.show()
    page = wizard.file_page
    combo = page.kind_combo
    people = combo.model().item(combo.findData(ImportKind.PARTICIPANTS.value))
    assert not people.isEnabled()
    assert page.kind() is not ImportKind.PARTICIPANTS
    page.path_field.setText(str(french_csv))
    qtbot.waitUntil(page.isComplete, timeout=5000)
    assert page.kind() is not ImportKind.PARTICIPANTS
    assert ImportKind.PARTICIPANTS.label in page.info_label.text()

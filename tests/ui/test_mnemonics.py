"""Alt+letter: the page's field or button before the menu bar (``ui/mnemonics.py``), and no
two widgets of a page claiming the same letter where the page has letters enough."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMenu, QTabWidget

from pairdesk import i18n
from pairdesk.services import demo
from pairdesk.services.context import ServiceContext
from pairdesk.ui import tasks
from pairdesk.ui.main_window import PAGES, MainWindow
from pairdesk.ui.mnemonics import mnemonic, shown_mnemonics, without_mnemonic
from tests.factories import make_participant, open_participant_file


def test_the_letter_of_a_text() -> None:
    assert mnemonic("&Fichier") == "f"
    assert mnemonic("Ai&de") == "d"
    assert mnemonic("R&&D") is None
    assert mnemonic("R&&D &budget") == "b"
    assert mnemonic("Rest&Aurer") == "a"
    assert mnemonic("fin &") is None
    assert without_mnemonic("Ai&de") == "Aide"
    assert without_mnemonic("R&&D &budget") == "R&&D budget"
    assert without_mnemonic("R&&D") == "R&&D"


@given(st.text(alphabet="ab& é", max_size=12))
def test_removing_the_letter_removes_one_ampersand_or_nothing(text: str) -> None:
    shown = without_mnemonic(text)
    if mnemonic(text) is None:
        assert shown == text
    else:
        assert len(shown) == len(text) - 1 and shown.count("&") == text.count("&") - 1


def _press_alt_then(window: MainWindow, key: Qt.Key) -> None:
    """What a person's keyboard sends: Alt goes down first, then the letter."""
    target = QApplication.focusWidget() or window
    QTest.keyPress(target, Qt.Key.Key_Alt)
    QTest.keyClick(QApplication.focusWidget() or window, key, Qt.KeyboardModifier.AltModifier)
    QTest.keyRelease(QApplication.focusWidget() or window, Qt.Key.Key_Alt)


def _menu_titles(window: MainWindow) -> list[str]:
    return [action.text() for action in window.menuBar().actions()]


def test_alt_letter_goes_to_the_field_before_the_menu(qtbot, ctx: ServiceContext) -> None:
    """On a participant's file, Alt+A opened the "Aller à" menu on its first press instead of
    going to "Adresse"."""
    person = make_participant(ctx, "Hélène", "Durand").id
    window, file = open_participant_file(qtbot, ctx, person)
    go_title = "&" + i18n._("&Go").replace("&", "")  # the French title keeps its A
    assert mnemonic(i18n._("&Go")) == "a" and go_title in _menu_titles(window)
    assert "a" in shown_mnemonics(window.centralWidget())  # "Adresse"

    _press_alt_then(window, Qt.Key.Key_A)
    assert QApplication.activePopupWidget() is None
    assert QApplication.focusWidget() is file.identity_tab.address
    assert go_title not in _menu_titles(window)
    assert "Aller à" in _menu_titles(window)

    # On a page that claims no A, the menu has its letter again.
    window.show_page("indicators")
    tasks.wait_for_idle()
    assert "a" not in shown_mnemonics(window.centralWidget())
    assert go_title in _menu_titles(window)  # underlined again as soon as the page shows
    _press_alt_then(window, Qt.Key.Key_A)
    popup = QApplication.activePopupWidget()
    assert isinstance(popup, QMenu) and popup.title() == go_title
    popup.close()


@pytest.mark.parametrize("language", ["fr", "en"])
def test_no_two_widgets_of_a_page_share_a_letter(qtbot, ctx: ServiceContext, language: str) -> None:
    """Every page and each of its tabs, with records to show. The participant's file is left
    out: its header, its eight tabs and the twenty fields of its identity leave too few
    letters, and its labels go by Qt's cycle."""
    i18n.install(language)
    demo.generate_demo_data(ctx, participants=20)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    tasks.wait_for_idle()
    shared: dict[str, dict[str, list[str]]] = {}

    def look(where: str) -> None:
        QApplication.processEvents()
        tasks.wait_for_idle()
        QApplication.processEvents()
        clashes = {k: v for k, v in shown_mnemonics(window.centralWidget()).items() if len(v) > 1}
        if clashes:
            shared[where] = clashes

    for page in PAGES:
        window.show_page(page.key)
        look(page.key)
        for tabs in window.page(page.key).findChildren(QTabWidget):
            if tabs.isVisible():
                for index in range(tabs.count()):
                    tabs.setCurrentIndex(index)
                    look(f"{page.key} / {tabs.tabText(index)}")
    assert shared == {}


def test_a_second_key_leaves_the_button_its_letter(qtbot) -> None:
    """``setShortcut(Ctrl+S)`` replaced the button's Alt+G: the letter typed a "g" into the
    CV instead (a tester's finding). With ``second_key`` both press it."""
    from PySide6.QtGui import QKeySequence
    from PySide6.QtWidgets import QLineEdit, QPushButton, QVBoxLayout, QWidget

    from pairdesk.ui.mnemonics import second_key

    window = QWidget()
    qtbot.addWidget(window)
    field = QLineEdit(window)
    button = QPushButton("Enre&gistrer", window)
    layout = QVBoxLayout(window)
    layout.addWidget(field)
    layout.addWidget(button)
    second_key(button, QKeySequence.StandardKey.Save)
    presses: list[bool] = []
    button.clicked.connect(lambda: presses.append(True))
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)
    field.setFocus()
    with qtbot.waitSignal(button.clicked, timeout=2000):
        QTest.keyClick(field, Qt.Key.Key_G, Qt.KeyboardModifier.AltModifier)
    with qtbot.waitSignal(button.clicked, timeout=2000):
        QTest.keyClick(field, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert field.text() == "" and len(presses) == 2
    button.setEnabled(False)
    QTest.keyClick(field, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.wait(300)
    assert len(presses) == 2


def test_no_button_is_given_a_shortcut_that_replaces_its_letter() -> None:
    import re
    from pathlib import Path

    import pairdesk.ui

    root = Path(pairdesk.ui.__file__).parent
    found = [
        f"{path.relative_to(root)}:{number}"
        for path in root.rglob("*.py")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if re.search(r"button\w*\.setShortcut\(", line)
    ]
    assert found == []


@pytest.mark.parametrize("language", ["fr", "en"])
def test_no_two_items_of_a_menu_share_a_letter(qtbot, ctx: ServiceContext, language: str) -> None:
    """File had "&Blank paper forms…" and "&Backups…" (English), Indicators "Exporter pour le
    &réseau…" and "&Rapport d'activité annuel…" (French): the letter only moved between
    them."""
    i18n.install(language)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    shared = {}
    for top in window.menuBar().actions():
        menu = top.menu()
        assert isinstance(menu, QMenu)
        letters: dict[str, list[str]] = {}
        for action in menu.actions():
            letter = mnemonic(action.text())
            if letter is not None:
                letters.setdefault(letter, []).append(action.text())
        shared.update({f"{top.text()} {k}": v for k, v in letters.items() if len(v) > 1})
    assert shared == {}


@pytest.mark.parametrize("language", ["fr", "en"])
def test_no_two_controls_of_a_print_dialog_share_a_letter(
    qtbot, ctx: ServiceContext, language: str
) -> None:
    """In "Toutes les feuilles d'un mois", Alt+M went to "Un mois" and to "Remplie…" in turn,
    where the single sheet's dialog ticks "Remplie" at once: blank sheets were printed."""
    import datetime as dt

    from PySide6.QtWidgets import QWidget

    from pairdesk.ui import printing
    from tests.factories import make_workshop

    i18n.install(language)
    person = make_participant(ctx, "Hélène", "Durand").id
    workshop = make_workshop(ctx, dt.date(2026, 11, 20)).id
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    dialogs = {
        "summary": lambda: printing.print_pathway_summary(parent, ctx, person),
        "attestation": lambda: printing.print_attestation(parent, ctx, person),
        "sheet": lambda: printing.print_attendance_sheet(parent, ctx, workshop),
        "month of sheets": lambda: printing.print_attendance_batch(parent, ctx),
        "blank forms": lambda: printing.print_blank_form(parent, ctx),
    }
    shared = {}
    for name, make in dialogs.items():
        dialog = make()
        tasks.wait_for_idle()
        shared.update({f"{name} {k}": v for k, v in shown_mnemonics(dialog).items() if len(v) > 1})
        dialog.close()
    assert shared == {}


@pytest.mark.parametrize("language", ["fr", "en"])
def test_no_two_controls_of_the_unlock_dialog_share_a_letter(qtbot, tmp_path, language) -> None:
    """With the vault in use, « Retirer de la liste » and « Ouvrir en lecture seule »
    both answered Alt+L (in English « Recent vaults » and « Open read-only » Alt+R)."""
    from pairdesk.ui.unlock_dialog import UnlockDialog

    i18n.install(language)
    vault_file = tmp_path / "coffre.pairdesk"
    vault_file.write_bytes(b"")  # a vault exists: no first-run assistant over the dialog
    dialog = UnlockDialog(vault_file)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.read_only_button.show()  # as when another pairdesk holds the vault
    QApplication.processEvents()
    clashes = {k: v for k, v in shown_mnemonics(dialog).items() if len(v) > 1}
    assert clashes == {}


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_self_assessment_tab_shares_no_letter_with_the_file(
    qtbot, ctx: ServiceContext, language: str
) -> None:
    """The file as a whole goes by Qt's cycle (above), but on the self-assessment tab Alt+D
    went first to the schemes' tab, and the date typed next was lost (a tester): its fields
    and buttons have letters of their own, apart from the tabs and the file's header."""
    from pairdesk.services import participants as ps
    from tests.factories import open_participant_file

    i18n.install(language)
    pid = ps.create_participant_id(ctx, ps.ParticipantInput("Inès", "Fictive"))
    window, file = open_participant_file(qtbot, ctx, pid)
    file.tabs.setCurrentWidget(file.assessment_tab)
    QApplication.processEvents()
    tasks.wait_for_idle()
    QApplication.processEvents()
    clashes = {k: v for k, v in shown_mnemonics(window.centralWidget()).items() if len(v) > 1}
    assert clashes == {}


@pytest.mark.parametrize("language", ["fr", "en"])
def test_no_two_controls_of_the_share_dialog_share_a_letter(
    qtbot, ctx: ServiceContext, language: str
) -> None:
    """« Personne » and « Partager » both answered Alt+P: the cursor moved instead of the
    offer being shared (a tester)."""
    from pairdesk.ui.views.offers.offer_form import ShareDialog

    i18n.install(language)
    dialog = ShareDialog(ctx, "Agent·e d'accueil")
    qtbot.addWidget(dialog)
    dialog.show()
    QApplication.processEvents()
    clashes = {k: v for k, v in shown_mnemonics(dialog).items() if len(v) > 1}
    assert clashes == {}

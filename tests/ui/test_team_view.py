"""The "Team and settings" page: team, referents, association profile, supervision log."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QImage
from PySide6.QtWidgets import QApplication, QFileDialog, QWidget

from pairdesk import i18n
from pairdesk.domain.enums import ReferentKind, Role
from pairdesk.i18n import _
from pairdesk.services import sessions, supervision, team
from pairdesk.services.context import ServiceContext
from pairdesk.services.referents import ReferentInput, create_referent, list_referents
from pairdesk.ui import settings_dialog, tasks
from pairdesk.ui.main_window import MainWindow
from pairdesk.ui.models.referents_model import ReferentsModel
from pairdesk.ui.models.supervision_model import SupervisionModel, first_line
from pairdesk.ui.models.team_model import ID_ROLE, TeamColumn, TeamModel
from pairdesk.ui.views.team.view import TeamSettingsPage
from pairdesk.ui.widgets import questions
from tests.factories import make_member
from tests.ui.test_text_fits import cut_texts

TODAY = dt.date(2026, 11, 25)


@pytest.fixture
def people(ctx: ServiceContext) -> dict[str, int]:
    chef = make_member(ctx, "Claire", "Martin", Role.COORDINATOR)
    helper = make_member(ctx, "Nadia", "Fictive", Role.VOLUNTEER)
    peer = make_member(ctx, "Karim", "Essai", Role.PEER_HELPER)
    return {"chef": chef.id, "helper": helper.id, "peer": peer.id}


@pytest.fixture
def confirmations(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every confirmation is answered yes and its text recorded."""
    asked: list[str] = []

    def yes(_parent, _title, text, _yes, _no=None) -> bool:
        asked.append(text)
        return True

    monkeypatch.setattr(questions, "confirm", yes)
    return asked


def open_page(qtbot, ctx: ServiceContext, member_id: int) -> tuple[MainWindow, TeamSettingsPage]:
    operator = sessions.sign_in(ctx, member_id, None)
    window = MainWindow(ctx.with_operator(operator))
    qtbot.addWidget(window)
    window.show()
    window.show_page("team_settings")
    page = window.page("team_settings")
    assert isinstance(page, TeamSettingsPage)
    assert tasks.wait_for_idle(10)
    return window, page


def test_coordinator_adds_changes_and_deactivates_members(
    qtbot, ctx, people, confirmations
) -> None:
    window, page = open_page(qtbot, ctx, people["chef"])
    tab = page.members_tab
    page.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 3)
    assert not tab.read_only_note.isVisible() and tab.add_button.isEnabled()

    qtbot.mouseClick(tab.add_button, Qt.MouseButton.LeftButton)
    dialog = tab.dialog
    assert dialog is not None and dialog.isVisible()
    dialog.last_name_field.setText("Durand")
    dialog.email_field.setText("pas un courriel")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(dialog.form.shown_errors()), timeout=5000)
    assert "first_name" in dialog.form.shown_errors()
    assert dialog.isVisible() and dialog.last_name_field.text() == "Durand"

    dialog.first_name_field.setText("Élise")
    dialog.email_field.setText("elise@example.org")
    dialog.role_combo.setCurrentIndex(dialog.role_combo.findData(Role.COORDINATOR.value))
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 4)
    added = next(m for m in team.list_members(ctx) if m.last_name == "Durand")
    assert (added.first_name, added.role, added.email) == (
        "Élise",
        Role.COORDINATOR,
        "elise@example.org",
    )
    assert tab.selected() is not None and tab.selected().id == added.id

    # Set a PIN (typed twice), then clear it after a confirmation.
    qtbot.mouseClick(tab.pin_button, Qt.MouseButton.LeftButton)
    pin_dialog = tab.dialog
    pin_dialog.pin_field.setText("2468")
    pin_dialog.again_field.setText("2469")
    qtbot.mouseClick(pin_dialog.ok_button, Qt.MouseButton.LeftButton)
    assert "pin_again" in pin_dialog.form.shown_errors()
    pin_dialog.again_field.setText("2468")
    qtbot.mouseClick(pin_dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: team.get_member(ctx, added.id).has_pin, timeout=5000)
    assert team.verify_pin(ctx, added.id, "2468")
    qtbot.waitUntil(
        lambda: tab.model.index(tab.model.row_of(added.id), TeamColumn.PIN).data() == _("Set")
    )
    qtbot.mouseClick(tab.clear_pin_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not team.get_member(ctx, added.id).has_pin, timeout=5000)

    # Deactivate after a confirmation: gone from the active team, kept with former members.
    tasks.wait_for_idle()
    window.activateWindow()
    tab.table.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is tab.table)
    qtbot.keyClick(tab.table, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 3, timeout=5000)
    assert len(confirmations) == 2
    assert added.id not in [m.id for m in team.list_members(ctx)]
    tab.show_inactive.setChecked(True)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 4)
    row = tab.model.row_of(added.id)
    assert tab.model.index(row, TeamColumn.ACTIVE).data() == _("No")


def test_volunteer_sees_the_team_read_only(qtbot, ctx, people) -> None:
    _window, page = open_page(qtbot, ctx, people["helper"])
    tab = page.members_tab
    qtbot.waitUntil(lambda: tab.model.rowCount() == 3)
    assert tab.read_only_note.isVisible()
    assert "Nadia Fictive" in tab.read_only_note.text()
    assert not tab.add_button.isEnabled()
    tab.table.selectRow(tab.model.row_of(people["chef"]))
    assert not tab.edit_button.isEnabled() and not tab.deactivate_button.isEnabled()
    assert not tab.pin_button.isEnabled()
    tab.add_member()  # even if reached some other way: nothing opens
    assert tab.dialog is None
    tab.table.selectRow(tab.model.row_of(people["helper"]))
    assert tab.pin_button.isEnabled()  # their own PIN

    page.tabs.setCurrentWidget(page.association_tab)
    qtbot.waitUntil(lambda: page.association_tab.profile is not None)
    assert page.association_tab.name_field.isReadOnly()
    assert not page.association_tab.save_button.isVisible()

    page.tabs.setCurrentWidget(page.referents_tab)
    assert page.referents_tab.read_only_note.isVisible()
    assert not page.referents_tab.add_button.isEnabled()
    page.tabs.setCurrentWidget(page.supervision_tab)  # not for volunteers: says so
    assert tasks.wait_for_idle(5)
    assert page.supervision_tab.note.isVisible() and not page.supervision_tab.table.isVisible()


def make_png(path: Path) -> Path:
    image = QImage(40, 20, QImage.Format.Format_RGB32)
    image.fill(QColor("#336699"))
    assert image.save(str(path), "PNG")
    return path


def test_association_profile_saved(qtbot, ctx, people, monkeypatch, tmp_path) -> None:
    _window, page = open_page(qtbot, ctx, people["chef"])
    page.tabs.setCurrentWidget(page.association_tab)
    tab = page.association_tab
    qtbot.waitUntil(lambda: tab.profile is not None)
    assert tab.name_field.text() == "GEM Les Tilleuls"
    assert not tab.save_button.isEnabled()

    logo = make_png(tmp_path / "logo.png")
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(logo), ""))
    )
    qtbot.mouseClick(tab.choose_logo_button, Qt.MouseButton.LeftButton)
    assert tab.logo_preview.pixmap() is not None and not tab.logo_preview.pixmap().isNull()
    tab.address_field.setPlainText("3 rue Imaginaire\n38000 Grenoble")
    tab.phone_field.setText("04 00 00 00 00")
    tab.email_field.setText("contact@example.org")
    for day in (1, 3, 5):
        tab.day_boxes[day - 1].setChecked(True)
    tab.hours_field.setPlainText("10:00–17:00")
    tab.days_per_year_field.setText("deux cents")
    tab.fte_field.setText("2,5")
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    assert set(tab.form.shown_errors()) == {"opening_days_per_year"}
    tab.days_per_year_field.setText("400")
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "opening_days_per_year" in tab.form.shown_errors(), timeout=5000)
    assert tab.hours_field.toPlainText() == "10:00–17:00"  # nothing lost

    tab.days_per_year_field.setText("220")
    tab.save_button.click()
    qtbot.waitUntil(lambda: not tab.dirty, timeout=5000)
    profile = team.get_association(ctx)
    assert profile.address == "3 rue Imaginaire\n38000 Grenoble"
    assert profile.opening_days == (1, 3, 5)
    assert profile.opening_hours == "10:00–17:00"
    assert (profile.opening_days_per_year, profile.staff_fte) == (220, 2.5)
    assert profile.logo == logo.read_bytes() and profile.logo_kind == "png"

    # Remove the logo; leaving the tab with the change asks Save / Discard / Stay.
    qtbot.mouseClick(tab.remove_logo_button, Qt.MouseButton.LeftButton)
    assert tab.dirty and tab.logo_preview.text() == _("No logo")
    answers = [questions.UnsavedChoice.CANCEL, questions.UnsavedChoice.SAVE]
    monkeypatch.setattr(questions, "ask_unsaved_changes", lambda *_a: answers.pop(0))
    page.tabs.setCurrentWidget(page.members_tab)
    assert page.tabs.currentWidget() is tab  # "stay here"
    page.tabs.setCurrentWidget(page.members_tab)  # "Save": saved, and the tab stays
    qtbot.waitUntil(lambda: team.get_association(ctx).logo is None, timeout=5000)
    qtbot.waitUntil(lambda: not tab.dirty, timeout=5000)
    page.tabs.setCurrentWidget(page.members_tab)  # saved: no question any more
    assert page.tabs.currentWidget() is page.members_tab and answers == []


@pytest.mark.parametrize("percent", [100, 200])
def test_association_tab_shows_whole_captions_in_french(qtbot, qapp, ctx, people, percent) -> None:
    """'Téléphone :' was cut at 100 % (issue 11); every caption of the profile whole."""
    i18n.install("fr")  # as every test (tests/conftest.py)
    settings_dialog.apply_font_percent(qapp, percent)
    try:
        window, page = open_page(qtbot, ctx, people["chef"])
        window.resize(1366, 768)
        page.tabs.setCurrentWidget(page.association_tab)
        tasks.wait_for_idle()
        qtbot.waitUntil(lambda: page.association_tab.name_field.text() != "")
        tab = page.association_tab
        assert tab.form.fields["phone"].label.text() == "&Téléphone :"
        assert cut_texts(tab) == []
    finally:
        settings_dialog.apply_font_percent(qapp, 100)


def test_referents_directory(qtbot, ctx, people, confirmations) -> None:
    create_referent(ctx, ReferentInput("Hélène Roux", "Cap Emploi Isère", ReferentKind.CAP_EMPLOI))
    _window, page = open_page(qtbot, ctx, people["chef"])
    tab = page.referents_tab
    page.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1)

    qtbot.mouseClick(tab.add_button, Qt.MouseButton.LeftButton)
    dialog = tab.dialog
    dialog.name_field.setText("Marc Hôpital")
    dialog.organisation_field.setText("France Travail Échirolles")
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData(ReferentKind.FRANCE_TRAVAIL.value))
    dialog.notes_field.setPlainText("Le mardi matin")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    tasks.wait_for_idle()
    assert dialog.general_error.text() == "" and dialog.form.shown_errors() == {}
    qtbot.waitUntil(lambda: tab.model.rowCount() == 2, timeout=5000)
    added = next(r for r in list_referents(ctx) if r.name == "Marc Hôpital")
    assert (added.kind, added.notes) == (ReferentKind.FRANCE_TRAVAIL, "Le mardi matin")

    qtbot.keyClicks(tab.search_field, "echirolles")
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1, timeout=3000)
    assert tab.model.index(0, 0).data() == "Marc Hôpital"
    tab.search_field.clear()
    tab.kind_combo.setCurrentIndex(tab.kind_combo.findData(ReferentKind.CAP_EMPLOI.value))
    qtbot.waitUntil(
        lambda: tab.model.rowCount() == 1 and tab.model.index(0, 0).data() == "Hélène Roux"
    )

    tab.table.selectRow(0)
    qtbot.mouseClick(tab.deactivate_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 0, timeout=5000)
    assert [r.name for r in list_referents(ctx)] == ["Marc Hôpital"]
    assert confirmations and "Hélène Roux" in confirmations[0]


def test_supervision_log(qtbot, ctx, people, confirmations) -> None:
    _window, page = open_page(qtbot, ctx, people["peer"])
    tab = page.supervision_tab
    page.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tasks.wait_for_idle() and tab.count_label.text() != "")
    assert tab.model.rowCount() == 0

    qtbot.mouseClick(tab.add_button, Qt.MouseButton.LeftButton)
    dialog = tab.dialog
    assert not hasattr(dialog, "participant_field")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)  # nothing written
    qtbot.waitUntil(lambda: "themes" in dialog.form.shown_errors(), timeout=5000)
    dialog.date_field.set_date(dt.date(2026, 11, 20))
    dialog.attendees_field.setPlainText("Nadia, Karim, Sofia (pairs)")
    dialog.themes_field.setPlainText("Parler de son parcours en entretien\nLimites du rôle")
    dialog.follow_ups_field.setPlainText("Relire la charte")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1, timeout=5000)
    [entry] = supervision.list_sessions(ctx)
    assert entry.held_on == dt.date(2026, 11, 20)
    assert entry.attendees == "Nadia, Karim, Sofia (pairs)"
    assert entry.follow_ups == "Relire la charte"
    assert tab.model.index(0, 0).data() == "20/11/2026"
    assert tab.model.index(0, 2).data() == "Parler de son parcours en entretien"

    tab.table.selectRow(0)
    qtbot.mouseClick(tab.delete_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 0, timeout=5000)
    assert supervision.list_sessions(ctx) == []


def test_models_pass_the_model_tester(qtmodeltester, ctx, people) -> None:
    create_referent(ctx, ReferentInput("Hélène Roux", notes="Le lundi"))
    supervision.record_session(ctx, TODAY, "Nadia", "Thème", "")
    members = TeamModel()
    members.set_rows(team.list_members(ctx))
    referents = ReferentsModel()
    referents.set_rows(list_referents(ctx))
    log = SupervisionModel()
    log.set_rows(supervision.list_sessions(ctx))
    for model in (members, referents, log, TeamModel()):
        qtmodeltester.check(model)
    assert members.index(0, 0).data(ID_ROLE) in people.values()
    assert referents.index(0, 0).data(Qt.ItemDataRole.ToolTipRole) == "Le lundi"
    assert first_line("x" * 200).endswith("…") and len(first_line("x" * 200)) == 80


def test_every_widget_has_an_accessible_name(qtbot, ctx, people) -> None:
    _window, page = open_page(qtbot, ctx, people["chef"])
    interactive = (
        "QAbstractButton",
        "QLineEdit",
        "QPlainTextEdit",
        "QComboBox",
        "QAbstractItemView",
        "QDateEdit",
        "QTabWidget",
    )
    for index in range(page.tabs.count()):
        page.tabs.setCurrentIndex(index)
    tasks.wait_for_idle()
    missing = [
        f"{type(w).__name__} {w.objectName()}"
        for w in page.findChildren(QWidget)
        if any(w.inherits(name) for name in interactive)
        and not w.accessibleName()
        and not w.inherits("QTabBar")
        and w.parent() is not None
        and not w.parent().inherits("QAbstractScrollArea")  # Qt's internal viewports
        and not w.parent().inherits("QComboBoxPrivateContainer")  # a combo's popup list
        and not type(w).__name__.startswith("QToolButton")  # tab scroll arrows
        and not w.objectName().startswith("qt_")
    ]
    assert missing == []


def test_screenshots(qtbot, ctx, people, tmp_path) -> None:
    """Not an assertion of looks: saves what a person would see, to be looked at."""
    create_referent(ctx, ReferentInput("Hélène Roux", "Cap Emploi Isère", ReferentKind.CAP_EMPLOI))
    supervision.record_session(
        ctx, TODAY, "Nadia, Karim", "Limites du rôle de pair-aidant", "Relire la charte"
    )
    app = QApplication.instance()
    font = app.font()
    try:
        for suffix, size in (("1366", font.pointSizeF()), ("200", font.pointSizeF() * 2)):
            app.setFont(QFont(font.family(), int(size)))
            window, page = open_page(qtbot, ctx, people["chef"])
            window.resize(1366, 768)
            for index, name in enumerate(("team", "referents", "association", "supervision")):
                page.tabs.setCurrentIndex(index)
                assert tasks.wait_for_idle(10)
                qtbot.wait(30)
                window.grab().save(str(Path("/tmp") / f"team-{name}-{suffix}.png"))
            window.close()
    finally:
        app.setFont(font)

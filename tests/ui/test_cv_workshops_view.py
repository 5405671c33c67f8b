"""The CV workshops view, driven on the real main window; outcomes read through services."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QCalendarWidget,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QScrollBar,
    QTabBar,
    QTabWidget,
    QWidget,
)

from pairdesk.domain.enums import Attendance, CvSection, Role, WorkshopKind
from pairdesk.i18n import _, pgettext
from pairdesk.services import cvs, workshops
from pairdesk.ui import tasks
from pairdesk.ui.main_window import MainWindow
from pairdesk.ui.models.cv_model import ComparisonMode, side_by_side_lines, unified_lines
from pairdesk.ui.models.registrations_model import RegistrationColumn
from pairdesk.ui.models.workshops_model import workshop_status
from pairdesk.ui.views import cv_workshops
from pairdesk.ui.views.workshop_form import WorkshopDialog
from tests.factories import make_member, make_participant, make_workshop

TODAY = dt.date(2026, 11, 25)  # the conftest ctx's date
PEOPLE = [("Hélène", "Durand"), ("Karim", "Benali"), ("Paul", "Zimmer")]


@pytest.fixture
def people(ctx) -> dict[str, int]:
    ids = {}
    for first, last in PEOPLE:
        ids[first] = make_participant(ctx, first, last, membership_start=dt.date(2025, 9, 1)).id
    return ids


@pytest.fixture
def facilitator(ctx) -> int:
    return make_member(ctx, "Claire", "Martin", Role.FACILITATOR).id


@pytest.fixture
def window(qtbot, ctx, people, facilitator, monkeypatch):
    main = MainWindow(ctx)
    qtbot.addWidget(main)
    main.resize(1366, 768)
    main.show()
    yield main
    tasks.wait_for_idle()


def idle() -> None:
    assert tasks.wait_for_idle(10)


def open_page(qtbot, window: MainWindow):
    window.show_page("cv_workshops")
    page = window.page("cv_workshops")
    assert isinstance(page, cv_workshops.view.CvWorkshopsPage)
    idle()
    return page


def plan_through_dialog(qtbot, page) -> WorkshopDialog:
    page.workshops_table.setFocus()
    qtbot.keyClick(page.workshops_table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    if page.workshop_dialog is None:  # no shortcut delivery on this platform
        page.plan_button.click()
    qtbot.waitUntil(lambda: page.workshop_dialog is not None and page.workshop_dialog.is_loaded)
    return page.workshop_dialog


def test_plan_register_and_mark_attendance(qtbot, window, ctx, people, facilitator) -> None:
    page = open_page(qtbot, window)
    assert page.workshops_model.rowCount() == 0

    dialog = plan_through_dialog(qtbot, page)
    assert dialog.kind_combo.currentData() == WorkshopKind.CV.value
    assert dialog.facilitators_list.count() == 1
    qtbot.keyClicks(dialog.title_field, "Atelier CV de novembre")
    dialog.date_field.set_text("20/11/2026")
    dialog.start_field.set_text("14h")
    dialog.end_field.set_text("1300")  # before the start: refused next to the field
    qtbot.keyClicks(dialog.place_field, "Salle du GEM")
    dialog.facilitators_list.item(0).setCheckState(Qt.CheckState.Checked)
    dialog.capacity_field.setValue(8)
    dialog.save_button.click()
    error = dialog.form.error_label("ends_at")
    qtbot.waitUntil(lambda: not error.isHidden())
    assert error.text().startswith(_("Error: {message}").format(message=""))
    assert dialog.title_field.text() == "Atelier CV de novembre"  # nothing typed is lost
    assert workshops.list_workshops(ctx) == []

    dialog.end_field.set_text("16:30")
    dialog.save_button.click()
    qtbot.waitUntil(lambda: page.workshop_dialog is None or not page.workshop_dialog.isVisible())
    idle()

    [row] = workshops.list_workshops(ctx, kind=WorkshopKind.CV)
    assert (row.title, row.held_on, row.place, row.capacity) == (
        "Atelier CV de novembre",
        dt.date(2026, 11, 20),
        "Salle du GEM",
        8,
    )
    assert (row.starts_at, row.ends_at) == (dt.time(14, 0), dt.time(16, 30))
    assert [f.id for f in workshops.get_workshop(ctx, row.id).facilitators] == [facilitator]
    # Planned in the past: the list switched to "all" so the new workshop is shown.
    qtbot.waitUntil(lambda: page.sheet.workshop_id == row.id and page.sheet.detail is not None)
    assert page.selected_workshop().id == row.id

    sheet = page.sheet
    for typed in ("helene", "karim"):
        sheet.register_field.setFocus()
        qtbot.keyClicks(sheet.register_field, typed)
        qtbot.waitUntil(lambda: sheet.people_model.rowCount() == 1)
        count = sheet.registrations_model.rowCount()
        if typed == "karim":  # Enter registers the one person found (it went to the list)
            qtbot.waitUntil(lambda: not sheet._register_timer.isActive())
            qtbot.keyClick(sheet.register_field, Qt.Key.Key_Return)
        else:
            sheet.register_button.click()
        qtbot.waitUntil(lambda n=count: sheet.registrations_model.rowCount() == n + 1)
    idle()
    detail = workshops.get_workshop(ctx, row.id)
    assert {r.participant_id for r in detail.registrations} == {people["Hélène"], people["Karim"]}

    assert sheet.select_participant(people["Hélène"])
    sheet.present_button.click()
    qtbot.waitUntil(
        lambda: (
            sheet.registrations_model.index(
                sheet.registrations_model.row_of(people["Hélène"]), RegistrationColumn.ATTENDANCE
            ).data()
            == Attendance.PRESENT.label
        )
    )
    idle()
    assert sheet.select_participant(people["Hélène"])
    sheet.satisfaction_field.setValue(4)
    sheet.satisfaction_button.click()
    idle()
    assert sheet.select_participant(people["Karim"])
    sheet.excused_button.click()
    idle()

    by_person = {r.participant_id: r for r in workshops.get_workshop(ctx, row.id).registrations}
    assert by_person[people["Hélène"]].attendance is Attendance.PRESENT
    assert by_person[people["Hélène"]].satisfaction == 4
    assert by_person[people["Karim"]].attendance is Attendance.EXCUSED
    assert by_person[people["Karim"]].satisfaction is None
    qtbot.waitUntil(lambda: page.workshops_model.row_at(0).present == 1)


def test_cancel_asks_first_then_restore(qtbot, window, ctx, monkeypatch) -> None:
    created = workshops.create_workshop(
        ctx,
        workshops.WorkshopInput(
            kind=WorkshopKind.CV,
            title="Atelier CV",
            held_on=TODAY + dt.timedelta(days=3),
            starts_at=dt.time(10, 0),
            ends_at=dt.time(12, 0),
        ),
    )
    page = open_page(qtbot, window)
    qtbot.waitUntil(lambda: page.workshops_model.rowCount() == 1)
    page.workshops_table.selectRow(0)
    answers = [False, True]
    asked: list[str] = []

    def fake_confirm(parent, title, text, yes, no):
        asked.append(text)
        return answers.pop(0)

    monkeypatch.setattr(cv_workshops.view, "confirm", fake_confirm)
    page.cancel_button.click()
    idle()
    assert not workshops.get_workshop(ctx, created.id).cancelled
    page.cancel_button.click()
    idle()
    assert workshops.get_workshop(ctx, created.id).cancelled
    assert len(asked) == 2 and "Atelier CV" in asked[0]
    qtbot.waitUntil(lambda: page.workshops_model.row_at(0).cancelled)
    status = page.workshops_model.index(0, 7).data()
    assert status and status == _("Cancelled")
    assert "Atelier CV" in page.sheet.title_label.text()
    assert not page.sheet.register_button.isEnabled()

    page.workshops_table.selectRow(0)
    assert page.restore_button.isEnabled()
    page.restore_button.click()
    idle()
    assert not workshops.get_workshop(ctx, created.id).cancelled


def test_cv_versions_comments_and_comparison(qtbot, window, ctx, people, qtmodeltester) -> None:
    page = open_page(qtbot, window)
    page.tabs.setCurrentIndex(1)
    panel = page.cv_panel
    panel.search_field.setFocus()
    qtbot.keyClicks(panel.search_field, "helene")
    qtbot.waitUntil(lambda: panel.people_model.rowCount() == 1)
    with qtbot.waitSignal(panel.participant_loaded):
        panel.people_table.selectRow(0)
    assert panel.participant.id == people["Hélène"]
    assert panel.versions_model.rowCount() == 0

    panel.editors[CvSection.HEADLINE].setPlainText("Agente d'accueil")
    panel.editors[CvSection.EXPERIENCE].setPlainText(
        "Accueil au GEM (2024)\nBénévole, Restos du cœur"
    )
    panel.editors[CvSection.SKILLS].setPlainText("Écoute\nTableur")
    assert panel.is_dirty()
    panel.save_button.click()
    qtbot.waitUntil(lambda: panel.versions_model.rowCount() == 1)
    idle()
    assert not panel.is_dirty()

    panel.editors[CvSection.EXPERIENCE].setPlainText(
        "Accueil au GEM (2024)\nTrésorière du GEM (2025)\nBénévole, Restos du cœur"
    )
    panel.editors[CvSection.SKILLS].setPlainText("Écoute")
    panel.label_field.setText("Après l'atelier")
    panel.save_button.click()
    qtbot.waitUntil(lambda: panel.versions_model.rowCount() == 2 and panel.comparison is not None)
    idle()

    versions = cvs.list_cv_versions(ctx, people["Hélène"])
    assert [v.label for v in versions] == ["Après l'atelier", ""]
    newest = cvs.get_cv_version(ctx, versions[0].id)
    assert "Trésorière du GEM (2025)" in newest.section(CvSection.EXPERIENCE)

    model = panel.comparison_model
    texts = [
        [model.index(r, c).data() for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]
    added = [t for t in texts if t[2] == "+ Trésorière du GEM (2025)"]
    assert len(added) == 1 and added[0][0] == CvSection.EXPERIENCE.label
    assert added[0][1].startswith("+ ")  # the marker and the word, not colour alone
    assert any(t[2] == "− Tableur" and t[1].startswith("− ") for t in texts)
    assert not any(t[0] == CvSection.HEADLINE.label for t in texts)  # unchanged: summarised
    assert CvSection.HEADLINE.label in panel.compare_summary.text()
    qtmodeltester.check(model)

    panel.mode_combo.setCurrentIndex(panel.mode_combo.findData(ComparisonMode.SIDE_BY_SIDE.value))
    assert model.columnCount() == 4
    side = [[model.index(r, c).data() for c in range(4)] for r in range(model.rowCount())]
    assert ["", "+ Trésorière du GEM (2025)"] in [s[2:] for s in side]
    qtmodeltester.check(model)

    # A peer comment on the newest version.
    panel.tabs.setCurrentIndex(1)
    panel.versions_table.selectRow(0)
    qtbot.waitUntil(lambda: panel.current_version is not None)
    panel.author_field.setText("")
    panel.comment_field.setPlainText("Très clair")
    panel.add_comment_button.click()
    author_error = panel.comment_form.error_label("author_name")
    qtbot.waitUntil(lambda: not author_error.isHidden())
    assert panel.comment_field.toPlainText() == "Très clair"
    panel.author_field.setText("Karim")
    panel.section_combo.setCurrentIndex(panel.section_combo.findData(CvSection.SKILLS.value))
    panel.add_comment_button.click()
    qtbot.waitUntil(lambda: panel.comments_model.rowCount() == 1)
    idle()
    [comment] = cvs.get_cv_version(ctx, versions[0].id).comments
    assert (comment.author_name, comment.comment, comment.section) == (
        "Karim",
        "Très clair",
        CvSection.SKILLS,
    )
    qtmodeltester.check(panel.comments_model)
    qtmodeltester.check(panel.versions_model)
    qtmodeltester.check(panel.people_model)

    # Deleting a comment asks first; "keep it" keeps it (none could be deleted before).
    from pairdesk.ui.widgets import questions

    asked: list[str] = []
    answer = [False]

    def confirm(_parent, _title, text, *_a, **_k) -> bool:  # type: ignore[no-untyped-def]
        asked.append(text)
        return answer[0]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(questions, "confirm", confirm)
        assert not panel.delete_comment_button.isEnabled()
        panel.comments_table.selectRow(0)
        assert panel.delete_comment_button.isEnabled()
        panel.delete_comment_button.click()
        idle()
        assert "Karim" in asked[0] and len(cvs.get_cv_version(ctx, versions[0].id).comments) == 1
        answer[0] = True
        panel.delete_comment_button.click()
        qtbot.waitUntil(lambda: panel.comments_model.rowCount() == 0)
        assert cvs.get_cv_version(ctx, versions[0].id).comments == ()


def test_models_pass_the_model_tester(qtbot, window, ctx, people, qtmodeltester) -> None:
    created = workshops.create_workshop(
        ctx,
        workshops.WorkshopInput(
            kind=WorkshopKind.CV,
            title="Atelier CV",
            held_on=TODAY,
            starts_at=dt.time(10, 0),
            ends_at=dt.time(12, 0),
            capacity=1,
        ),
    )
    workshops.register_many(ctx, created.id, [people["Hélène"], people["Karim"]])
    page = open_page(qtbot, window)
    qtbot.waitUntil(lambda: page.sheet.registrations_model.rowCount() == 2)
    # Today's workshop is held by the rule (its attendance sheet is open), over capacity or
    # not, and said « Aujourd'hui » (it may not have taken place yet).
    assert page.workshops_model.index(0, 7).data() == pgettext("a workshop's status", "Today")
    qtmodeltester.check(page.workshops_model)
    qtmodeltester.check(page.sheet.registrations_model)
    page.sheet.check_in_field.setText("a")
    qtbot.waitUntil(lambda: page.sheet.candidates_model.rowCount() >= 2)
    qtmodeltester.check(page.sheet.candidates_model)


def test_diff_lines_pair_up_side_by_side() -> None:
    sections = cvs.diff_cvs(
        cvs.CvInput(skills="a\nb\nc"), cvs.CvInput(skills="a\nB\nc\nd", headline="x")
    )
    unified = [(line.section, line.op, line.older, line.newer) for line in unified_lines(sections)]
    skills = CvSection.SKILLS.label
    assert (skills, "removed", "b", "") in unified and (skills, "added", "", "B") in unified
    side = [(line.op, line.older, line.newer) for line in side_by_side_lines(sections)]
    assert ("changed", "b", "B") in side and ("added", "", "d") in side
    assert ("equal", "a", "a") in side


INTERACTIVE = (
    QAbstractButton,
    QLineEdit,
    QPlainTextEdit,
    QComboBox,
    QAbstractSpinBox,
    QAbstractItemView,
    QTabWidget,
)
#: Parts Qt builds inside composite widgets (combo pop-ups, spin box editors, calendars).
COMPOSITE = (
    QComboBox,
    QAbstractSpinBox,
    QCalendarWidget,
    QScrollBar,
    QTabBar,
    QHeaderView,
    QLineEdit,
    QAbstractItemView,
)


def unnamed_widgets(root: QWidget) -> list[str]:
    """Interactive widgets without an accessible name (parts of composite ones skipped)."""
    missing = []
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, INTERACTIVE) or isinstance(widget, QHeaderView):
            continue
        if widget.accessibleName():
            continue
        ancestor, inside = widget.parentWidget(), False
        while ancestor is not None and ancestor is not root:
            inside = inside or isinstance(ancestor, COMPOSITE)
            ancestor = ancestor.parentWidget()
        if not inside and not widget.objectName().startswith("qt_"):
            missing.append(f"{type(widget).__name__} {widget.objectName()}")
    return missing


def test_every_interactive_widget_has_an_accessible_name(qtbot, window) -> None:
    page = open_page(qtbot, window)
    assert unnamed_widgets(page) == []
    dialog = plan_through_dialog(qtbot, page)
    assert unnamed_widgets(dialog) == []
    dialog.done(0)


def _row(
    held_on: dt.date, *, cancelled: bool = False, held: bool, registered: int = 0
) -> workshops.WorkshopRow:
    return workshops.WorkshopRow(
        id=1,
        kind=WorkshopKind.CV,
        title="Atelier CV",
        held_on=held_on,
        starts_at=dt.time(10, 0),
        ends_at=dt.time(12, 0),
        place="",
        capacity=2,
        cancelled=cancelled,
        registered=registered,
        present=0,
        held=held,
    )


def test_the_status_column_follows_the_held_rule(ctx) -> None:
    """The window says "Held" exactly of the workshops the indicator counts as held, and
    speaks of capacity only while a workshop is planned."""
    tomorrow, yesterday = TODAY + dt.timedelta(days=1), TODAY - dt.timedelta(days=1)
    assert workshop_status(_row(tomorrow, held=False)) == _("Planned")
    assert workshop_status(_row(tomorrow, held=False, registered=2)) == _("Full")
    assert workshop_status(_row(tomorrow, held=False, registered=3)) == _("Over capacity")
    assert workshop_status(_row(yesterday, held=True, registered=3)) == _("Held")
    assert workshop_status(_row(yesterday, held=False, cancelled=True)) == _("Cancelled")
    # and the service sets ``held`` by the domain rule, from ctx.today()
    for day, expected in ((yesterday, True), (TODAY, True), (tomorrow, False)):
        workshops.create_workshop(
            ctx,
            workshops.WorkshopInput(
                kind=WorkshopKind.CV,
                title="Atelier CV",
                held_on=day,
                starts_at=dt.time(10, 0),
                ends_at=dt.time(12, 0),
            ),
        )
        [row] = workshops.list_workshops(ctx, start=day, end=day)
        assert row.held is expected, day
        # today's is held by the rule, but said « Aujourd'hui », not « Tenu » before it
        # has taken place (two testers)
        assert row.is_today is (day == TODAY)
        if day == TODAY:
            assert workshop_status(row) == pgettext("a workshop's status", "Today")
            assert workshop_status(row) != _("Held")


def test_print_on_the_cv_tab_prints_the_cv_shown(qtbot, window, ctx, people, monkeypatch) -> None:
    """Ctrl+P on the CVs tab printed the attendance sheet of the workshop selected on the
    hidden tab (a tester's finding); the CV had no print button."""
    from pairdesk.ui import printing

    asked: list[tuple[str, int]] = []
    monkeypatch.setattr(printing, "print_cv", lambda _p, _c, pid: asked.append(("cv", pid)))
    monkeypatch.setattr(
        printing, "print_attendance_sheet", lambda _p, _c, wid: asked.append(("sheet", wid))
    )
    cvs.save_cv_version(ctx, people["Hélène"], cvs.CvInput(headline="Agente d'accueil"), "")
    page = open_page(qtbot, window)
    page.tabs.setCurrentWidget(page.cv_panel)
    panel = page.cv_panel
    assert not panel.print_button.isEnabled()
    window.print_current()
    assert asked == []  # nobody chosen: the status bar says so
    qtbot.keyClicks(panel.search_field, "helene")
    qtbot.waitUntil(lambda: panel.people_model.rowCount() == 1)
    with qtbot.waitSignal(panel.participant_loaded):
        panel.people_table.selectRow(0)
    qtbot.waitUntil(panel.print_button.isEnabled)
    window.print_current()
    panel.print_button.click()
    assert asked == [("cv", people["Hélène"])] * 2

    panel.editors[CvSection.HEADLINE].setPlainText("Agente d'accueil bilingue")
    window.print_current()  # not saved yet: the status bar asks to save first
    assert len(asked) == 2


@pytest.mark.leave_prompts
def test_staying_on_a_cv_keeps_its_person_selected(qtbot, window, ctx, people, monkeypatch) -> None:
    """A click on another person while a CV is being written, then "Rester ici": the list
    showed the person clicked beside the CV of the one still being written."""
    from pairdesk.ui.widgets import UnsavedChoice, questions

    asked: list[str] = []

    def stay(_parent, what: str) -> UnsavedChoice:
        asked.append(what)
        return UnsavedChoice.CANCEL

    monkeypatch.setattr(questions, "ask_unsaved_changes", stay)
    page = open_page(qtbot, window)
    page.tabs.setCurrentWidget(page.cv_panel)
    panel = page.cv_panel
    qtbot.waitUntil(lambda: panel.people_model.rowCount() == 3)
    helene = panel.people_model.row_of(people["Hélène"])
    with qtbot.waitSignal(panel.participant_loaded):
        panel.people_table.selectRow(helene)
    panel.editors[CvSection.HEADLINE].setPlainText("Agente d'accueil")
    assert panel.is_dirty()

    karim = panel.people_model.row_of(people["Karim"])
    rect = panel.people_table.visualRect(panel.people_model.index(karim, 0))
    qtbot.mouseClick(panel.people_table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.wait(50)
    assert asked and panel.participant.id == people["Hélène"]
    selected = [i.row() for i in panel.people_table.selectionModel().selectedRows()]
    assert selected == [helene] and panel.people_table.currentIndex().row() == helene


@pytest.mark.leave_prompts
def test_saving_a_cv_then_goes_on_to_the_person_clicked(
    qtbot, window, ctx, people, monkeypatch
) -> None:
    """« Enregistrer » in the question saved Hélène's CV and stayed on it: the click on
    Karim was lost."""
    from pairdesk.ui.widgets import UnsavedChoice, questions

    monkeypatch.setattr(questions, "ask_unsaved_changes", lambda *_a: UnsavedChoice.SAVE)
    page = open_page(qtbot, window)
    page.tabs.setCurrentWidget(page.cv_panel)
    panel = page.cv_panel
    qtbot.waitUntil(lambda: panel.people_model.rowCount() == 3)
    with qtbot.waitSignal(panel.participant_loaded):
        panel.people_table.selectRow(panel.people_model.row_of(people["Hélène"]))
    panel.editors[CvSection.HEADLINE].setPlainText("Agente d'accueil bilingue")
    karim = panel.people_model.row_of(people["Karim"])
    rect = panel.people_table.visualRect(panel.people_model.index(karim, 0))
    qtbot.mouseClick(panel.people_table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: panel.participant.id == people["Karim"], timeout=10_000)
    assert not panel.is_dirty()
    latest = cvs.latest_cv(ctx, people["Hélène"])
    assert latest is not None and latest.content.headline == "Agente d'accueil bilingue"


def test_a_name_several_people_share_registers_nobody_until_one_is_chosen(
    qtbot, window, ctx, people
) -> None:
    """« Titi » found two people, none selected, and Register took the first (a tester)."""
    make_participant(ctx, "Hélène", "Dubois", membership_start=dt.date(2025, 9, 1))
    page = open_page(qtbot, window)
    workshop = make_workshop(ctx, dt.date(2026, 12, 8), title="Atelier", ends_at=dt.time(16, 0))
    page.open_record(workshop.id)
    sheet = page.sheet
    qtbot.waitUntil(lambda: sheet.workshop_id == workshop.id and sheet.detail is not None)
    idle()
    told: list[str] = []
    sheet.status_message.connect(told.append)
    sheet.register_field.setFocus()
    qtbot.keyClicks(sheet.register_field, "helene")
    qtbot.waitUntil(lambda: sheet.people_model.rowCount() == 2)
    sheet.register_button.click()
    idle()
    assert workshops.get_workshop(ctx, workshop.id).registrations == ()
    assert told and told[-1] == _(
        "Several people match: choose one in the list, then register them."
    )
    sheet.people_table.selectRow(1)
    chosen = sheet.people_model.row_at(1).id
    sheet.register_button.click()
    qtbot.waitUntil(lambda: len(workshops.get_workshop(ctx, workshop.id).registrations) == 1)
    [registered] = workshops.get_workshop(ctx, workshop.id).registrations
    assert registered.participant_id == chosen


def test_the_sheet_shows_the_title_just_edited(qtbot, window, ctx, people, facilitator) -> None:
    """After « Modifier… », the list showed the new title and the sheet the old one until
    another workshop was chosen (a tester's finding)."""
    workshop_id = make_workshop(ctx, dt.date(2026, 11, 20), title="Atelier CV du jour").id
    page = open_page(qtbot, window)
    page.open_record(workshop_id)
    qtbot.waitUntil(lambda: page.sheet.detail is not None and page.sheet.workshop_id == workshop_id)
    assert page.sheet.title_label.text() == "Atelier CV du jour"
    page.edit_button.click()
    qtbot.waitUntil(lambda: page.workshop_dialog is not None and page.workshop_dialog.is_loaded)
    dialog = page.workshop_dialog
    dialog.title_field.setText("Atelier CV : la lettre de motivation")
    dialog.save_button.click()
    qtbot.waitUntil(lambda: page.workshop_dialog is None or not page.workshop_dialog.isVisible())
    idle()
    qtbot.waitUntil(
        lambda: page.sheet.title_label.text() == "Atelier CV : la lettre de motivation",
        timeout=5000,
    )


def test_a_long_title_leaves_the_other_columns_in_sight(qtbot, window, ctx) -> None:
    """A long workshop title pushed the date, time, place and status out of sight on a
    1024×600 screen (a tester's finding): the title takes the room left, cut past it."""
    title = "Atelier CV entre pairs : " + "préparer sa lettre de motivation, " * 5
    make_workshop(ctx, dt.date(2026, 11, 20), title=title.strip(), place="Salle Belledonne")
    window.resize(1024, 600)
    page = open_page(qtbot, window)
    page.open_record(workshops.list_workshops(ctx)[0].id)
    qtbot.waitUntil(lambda: page.workshops_model.rowCount() >= 1)
    idle()
    table = page.workshops_table
    header = table.horizontalHeader()
    assert table.horizontalScrollBar().maximum() == 0
    last = max(c for c in range(page.workshops_model.columnCount()) if not table.isColumnHidden(c))
    assert header.sectionViewportPosition(last) + header.sectionSize(last) <= (
        table.viewport().width()
    )

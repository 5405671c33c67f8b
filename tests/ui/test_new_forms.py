"""Every "New …" starts fresh: at the top, the focus in the first field, every field empty
or at its default, no error left over from the record shown before (issue 11: "Nouvelle
personne accompagnée" opened scrolled down to "Contact", its greyed date fields showing
the previous person's birth and RQTH dates)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QWidget,
)

from pairdesk.domain.enums import (
    FollowUpFrequency,
    FollowUpMode,
    RqthStatus,
)
from pairdesk.errors import InvalidInput
from pairdesk.i18n import _
from pairdesk.services import participants
from pairdesk.services.context import ServiceContext
from pairdesk.ui import tasks
from pairdesk.ui.main_window import MainWindow
from pairdesk.ui.mnemonics import shown_mnemonics
from pairdesk.ui.views.participants.page import ParticipantsPage
from pairdesk.ui.widgets import DateField, UnsavedChoice, questions
from tests.factories import make_participant

TODAY = dt.date(2026, 11, 25)  # the ctx fixture's today
BIRTH = dt.date(1987, 4, 12)
RQTH_UNTIL = dt.date(2028, 6, 30)
MEMBER_UNTIL = dt.date(2027, 3, 31)


@pytest.fixture
def helene(ctx: ServiceContext) -> int:
    return make_participant(
        ctx,
        "Hélène",
        "Durand",
        pseudonym="Lena",
        birth_date=BIRTH,
        phone="06 12 34 56 78",
        email="helene@example.org",
        address="3 rue des Tilleuls",
        city="Grenoble",
        membership_start=dt.date(2025, 9, 1),
        membership_end=MEMBER_UNTIL,
        is_peer_helper=True,
        rqth_status=RqthStatus.GRANTED,
        rqth_until=RQTH_UNTIL,
        followup_frequency=FollowUpFrequency.WEEKLY,
        followup_mode=FollowUpMode.PHONE,
        followup_times="mardi matin",
        notes="Aime le jardinage.",
    ).id


@pytest.fixture
def window(qtbot, ctx: ServiceContext, helene: int):
    main = MainWindow(ctx)
    qtbot.addWidget(main)
    main.resize(1366, 768)
    main.show()
    tasks.wait_for_idle()
    yield main
    tasks.wait_for_idle()


def shows_text(field: QWidget, text: str) -> bool:
    """Whether any line edit inside ``field`` (a date edit has one) shows ``text``."""
    return any(text in line.text() for line in field.findChildren(QLineEdit))


def open_file(qtbot, window: MainWindow, pid: int) -> tuple[ParticipantsPage, Any]:
    """The participants page showing ``pid``'s file, once loaded."""
    page = window.participants_view
    assert isinstance(page, ParticipantsPage)
    window.open_record("participants", pid)
    file = page.file_view
    qtbot.waitUntil(lambda: file.data is not None and file.data.detail.id == pid, timeout=5000)
    return page, file


def test_new_participant_after_a_scrolled_file_with_an_error_starts_fresh(
    qtbot, window: MainWindow, helene: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    page, file = open_file(qtbot, window, helene)
    identity = file.identity_tab
    assert identity.birth_date.date() == BIRTH
    assert identity.rqth_until.date() == RQTH_UNTIL

    # The user scrolls down, types a wrong e-mail and saves: an error beside the field.
    bar = identity.scroll_area.verticalScrollBar()
    window.resize(1366, 500)
    qtbot.waitUntil(lambda: bar.maximum() > 0, timeout=3000)
    bar.setValue(bar.maximum())
    identity.address.setFocus()
    identity.email.setText("pas-un-mail")
    file.save_button.click()
    label = identity.form.error_label("email")
    assert label is not None
    qtbot.waitUntil(label.isVisible, timeout=5000)
    assert bar.value() > 0

    monkeypatch.setattr(
        questions, "ask_unsaved_changes", lambda *args, **kwargs: UnsavedChoice.DISCARD
    )
    window.new_participant_action.trigger()
    assert page.currentWidget() is file
    assert file.participant_id is None
    assert file.title_label.text() == _("New participant")
    assert file.tabs.currentWidget() is identity

    # At the top, the focus in the first name.
    assert bar.value() == 0
    for area in file.tabs.findChildren(QScrollArea):
        assert area.verticalScrollBar().value() == 0
    assert window.focusWidget() is identity.first_name

    # Every field empty or at its default, field by field.
    for line in (
        identity.first_name,
        identity.last_name,
        identity.pseudonym,
        identity.phone,
        identity.email,
        identity.city,
        identity.followup_times,
    ):
        assert line.text() == "", line.accessibleName()
    assert identity.address.toPlainText() == ""
    assert identity.notes.toPlainText() == ""
    assert identity.birth_date.date() is None
    assert identity.birth_year.value() == identity.birth_year.minimum()
    assert identity.birth_year.text() == _("Unknown")
    assert identity.membership_start.date() == TODAY
    assert identity.membership_end.date() is None
    assert not identity.is_peer_helper.isChecked()
    assert identity.rqth_status.currentData() == RqthStatus.NONE.value
    assert identity.rqth_until.date() is None
    assert identity.followup_frequency.currentData() is None
    assert identity.followup_mode.currentData() is None
    # The greyed date fields show none of the previous person's dates.
    for field, previous in (
        (identity.birth_date, BIRTH),
        (identity.rqth_until, RQTH_UNTIL),
        (identity.membership_end, MEMBER_UNTIL),
    ):
        assert not shows_text(field, previous.strftime("%d/%m/%Y")), field.accessibleName()
        assert not shows_text(field, str(previous.year)), field.accessibleName()

    # No error left over, the form clean.
    assert not label.isVisible()
    assert not identity.other_error.isVisible()
    assert not identity.dirty
    assert not file.is_dirty()
    assert not file.tabs.isTabEnabled(file.tabs.indexOf(file.pathway_tab))


def test_a_date_field_set_to_no_date_forgets_the_date_shown_before(qtbot) -> None:
    field = DateField(None, optional=True, default=TODAY)
    qtbot.addWidget(field)
    field.set_date(BIRTH)
    assert shows_text(field, "12/04/1987")
    field.set_date(None)
    assert field.date() is None
    assert not shows_text(field, "1987")


# -- the mock interview: a form that stays on its page -------------------------------------


def test_start_a_new_mock_interview_after_a_scrolled_one(
    qtbot, window: MainWindow, ctx: ServiceContext, helene: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pairdesk.services import coaching
    from pairdesk.ui.views.coaching.view import CoachingView

    coaching.ensure_question_bank(ctx)
    window.show_page("interview_coaching")
    page = window.page("interview_coaching")
    assert isinstance(page, CoachingView)
    tab = page.interview
    page.tabs.setCurrentWidget(tab)
    page.refresh()
    tasks.wait_for_idle()
    qtbot.waitUntil(lambda: tab.questions.count() > 2, timeout=5000)

    tab.picker.search_field.setText("helene")
    qtbot.waitUntil(lambda: tab.picker.participant_id() == helene, timeout=5000)
    tab.interviewers_field.setText("Camille")
    tab.target_field.setText("Vendeuse")
    tab.extra_field.setPlainText("Pourquoi nous ?")
    tab.comments_field.setPlainText("Bonne énergie")
    tab.questions.item(1).setCheckState(Qt.CheckState.Checked)
    tab.questions.setCurrentRow(1)
    first_combo = next(iter(tab.score_fields.values()))
    first_combo.setCurrentIndex(2)
    tab.form.show_op_error(InvalidInput("Une erreur de test", field="target_job"))
    window.resize(1366, 500)
    bar = tab.scroll_area.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0, timeout=3000)
    bar.setValue(bar.maximum())
    tab.comments_field.setFocus()
    assert tab.is_dirty()

    monkeypatch.setattr(questions, "ask_unsaved_changes", lambda *args: UnsavedChoice.DISCARD)
    tab.clear_button.click()

    assert bar.value() == 0
    assert window.focusWidget() is tab.picker.search_field
    assert tab.picker.search_field.text() == ""
    assert tab.picker.participant_id() is None
    assert tab.date_field.date() == TODAY
    assert tab.session_field.currentData() is None
    for line in (tab.interviewers_field, tab.target_field):
        assert line.text() == ""
    for box in (tab.extra_field, tab.comments_field):
        assert box.toPlainText() == ""
    assert tab.checked_question_ids() == []
    assert tab.questions.currentRow() == -1
    assert tab.advice_label.text() == _("Select a question to read its advice.")
    assert all(combo.currentData() is None for combo in tab.score_fields.values())
    assert tab.form.shown_errors() == {}
    assert not tab.is_dirty()


# -- the "New …" dialogs: a new window each time, checked field by field ----------------------


def _visible_errors(dialog: QWidget) -> list[str]:
    return [
        label.text()
        for label in dialog.findChildren(QLabel)
        if label.isVisible() and label.text().startswith(_("Error: {message}").format(message=""))
    ]


def _typed_fields(dialog: QWidget) -> list[QWidget]:
    """The free-text fields of a dialog (not the line edit inside a spin or date box)."""
    fields: list[QWidget] = []
    for widget in dialog.findChildren(QLineEdit):
        parent = widget.parentWidget()
        if isinstance(parent, QAbstractSpinBox | QComboBox):
            continue
        fields.append(widget)
    fields.extend(dialog.findChildren(QPlainTextEdit))
    return fields


def _first_field(dialog: QWidget) -> QWidget:
    """The first input in the dialog's Tab order."""
    widget = dialog.nextInFocusChain()
    seen = 0
    while seen < 500:
        if (
            isinstance(widget, QLineEdit | QPlainTextEdit | QComboBox | QAbstractSpinBox)
            and widget.isVisible()
            and widget.isEnabled()
            and dialog.isAncestorOf(widget)
        ):
            parent = widget.parentWidget()
            if isinstance(widget, QLineEdit) and isinstance(parent, QAbstractSpinBox | QComboBox):
                return parent
            return widget
        widget = widget.nextInFocusChain()
        seen += 1
    raise AssertionError("no field")


def _open_new(window: MainWindow, which: str) -> QWidget:
    if which == "team member":
        window.show_page("team_settings")
        team_page = window.page("team_settings")
        team_page.members_tab.add_member()
        return team_page.members_tab.dialog
    if which == "referent":
        window.show_page("team_settings")
        team_page = window.page("team_settings")
        team_page.referents_tab.add_referent()
        return team_page.referents_tab.dialog
    if which == "supervision session":
        window.show_page("team_settings")
        team_page = window.page("team_settings")
        team_page.supervision_tab.add_entry()
        return team_page.supervision_tab.dialog
    if which == "offer":
        window.show_page("job_offers")
        offers_page = window.page("job_offers")
        offers_page.catalogue.new_offer()
        return offers_page.catalogue.dialog
    if which == "CV workshop":
        window.show_page("cv_workshops")
        cv_page = window.page("cv_workshops")
        cv_page.plan_workshop()
        return cv_page.workshop_dialog
    assert which == "coaching session"
    window.show_page("interview_coaching")
    coaching_page = window.page("interview_coaching")
    coaching_page.sessions.plan()
    return coaching_page.sessions.dialog


@pytest.mark.parametrize(
    "which",
    [
        "team member",
        "referent",
        "supervision session",
        "offer",
        "CV workshop",
        "coaching session",
    ],
)
def test_each_new_dialog_opens_empty_with_the_focus_in_its_first_field(
    qtbot, window: MainWindow, which: str
) -> None:
    tasks.wait_for_idle()
    for attempt in range(2):  # the second one does not inherit from the first
        dialog = _open_new(window, which)
        assert dialog is not None and dialog.isVisible()
        qtbot.waitUntil(lambda dialog=dialog: dialog.focusWidget() is not None, timeout=3000)
        first = _first_field(dialog)
        focused = dialog.focusWidget()
        assert focused is first or first.isAncestorOf(focused), (which, focused, first)
        fields = _typed_fields(dialog)
        assert fields
        # Alt+letter: one widget per letter (tests/ui/test_mnemonics.py for the pages)
        assert {k: v for k, v in shown_mnemonics(dialog).items() if len(v) > 1} == {}
        if attempt == 0:
            for field in fields:
                if isinstance(field, QLineEdit) and field.isEnabled() and not field.isReadOnly():
                    field.setText("reste d'avant")
            dialog.done(0)  # closed without its "discard the changes?" question
            tasks.wait_for_idle()
            continue
        for field in fields:
            text = field.text() if isinstance(field, QLineEdit) else field.toPlainText()
            assert "reste d'avant" not in text, (which, field.accessibleName())
        assert not _visible_errors(dialog)
        dialog.done(0)


def test_the_year_of_birth_follows_the_birth_date(
    qtbot, window: MainWindow, ctx: ServiceContext, helene: int
) -> None:
    """With a birth date, the year box showed "Unknown" beside it; it now shows the date's
    year and waits until the date is emptied."""
    _page, file = open_file(qtbot, window, helene)
    identity = file.identity_tab
    year = identity.birth_year
    assert (year.value(), year.text(), year.isEnabled()) == (1987, "1987", False)
    assert not identity.dirty

    editor = identity.birth_date.findChild(QLineEdit)
    editor.selectAll()
    qtbot.keyClicks(editor, "03/02/1990")
    assert (year.value(), year.isEnabled()) == (1990, False)
    editor.clear()
    assert (year.value(), year.isEnabled()) == (1990, True)
    file.save_button.click()
    qtbot.waitUntil(lambda: not identity.dirty, timeout=5000)
    saved = participants.get_participant(ctx, helene)
    assert (saved.birth_date, saved.birth_year) == (None, 1990)

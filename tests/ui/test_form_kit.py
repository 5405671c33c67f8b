"""The form kit (``pairdesk.ui.forms``): declared fields, dirty tracking, a fresh state for
"new", errors beside the field and in the general label (never cut, at 100 % and 200 %),
Enter / Escape, focus on the first field, the one unsaved-changes question, drafts, and
saving on the database worker."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QSpinBox,
    QWidget,
)

from pairdesk.errors import InvalidInput, UserError
from pairdesk.services.context import ServiceContext
from pairdesk.ui import settings_dialog, tasks
from pairdesk.ui.forms import Form, FormDialog, live_forms, registry
from pairdesk.ui.widgets import questions
from pairdesk.ui.widgets.date_field import DateField
from pairdesk.ui.widgets.questions import UnsavedChoice

LONG = (
    "The vault could not be unlocked: the passphrase is wrong, or the very beginning of the "
    "file is damaged (the two cannot be told apart). Check the passphrase, including capitals "
    "and accents."
)


class PersonDialog(FormDialog):
    draft_kind = "test.person"
    calls: list[dict[str, object]] = []

    def __init__(self, parent: QWidget | None = None, *, person_id: int | None = None) -> None:
        super().__init__(parent, "New person", what="This person")
        self.name = self.form.add("name", "&Name:", QLineEdit(self), required=True)
        self.mode = QComboBox(self)
        for text, data in (("Not given", None), ("Phone", "phone"), ("Visit", "visit")):
            self.mode.addItem(text, data)
        self.form.add("mode", "&Mode:", self.mode)
        self.born = self.form.add("born", "&Born on:", DateField(self, optional=True))
        self.hours = self.form.add("hours", "&Hours:", QSpinBox(self))
        self.notes = self.form.add("notes", "N&otes:", QPlainTextEdit(self), help_text="Short")
        self.agreed = self.form.add("agreed", "&Agreed", QCheckBox(self))
        self.set_draft_context(person_id=person_id)
        self.fail_with: BaseException | None = None

    def action(self) -> Callable[[], object]:
        values = self.form.values()
        failure = self.fail_with

        def run() -> object:
            if failure is not None:
                raise failure
            PersonDialog.calls.append(values)
            return values["name"]

        return run

    @classmethod
    def from_draft(
        cls, parent: QWidget, ctx: ServiceContext, context: Mapping[str, object]
    ) -> FormDialog | None:
        person_id = context.get("person_id")
        return cls(parent, person_id=person_id if isinstance(person_id, int) else None)


@pytest.fixture
def dialog(qtbot: Any) -> Iterator[PersonDialog]:
    PersonDialog.calls = []
    widget = PersonDialog()
    yield widget
    tasks.wait_for_idle()
    widget.form.leaving = True  # pytest-qt would close it before this teardown: not added
    widget.close()
    shiboken6.delete(widget)


def settle(qtbot: Any) -> None:
    for _round in range(3):
        tasks.wait_for_idle()
        QApplication.processEvents()
        qtbot.wait(10)


def test_fields_are_declared_once_with_label_and_error(dialog: PersonDialog) -> None:
    form = dialog.form
    assert list(form.fields) == ["name", "mode", "born", "hours", "notes", "agreed"]
    assert form.fields["name"].label.buddy() is dialog.name
    assert dialog.name.accessibleName() == "Name"
    assert dialog.born.accessibleName() == "Born on"
    assert dialog.notes.accessibleDescription() == "Short"
    assert all(not entry.error.isVisibleTo(dialog) for entry in form.fields.values())


def test_values_read_from_the_widgets(dialog: PersonDialog) -> None:
    dialog.name.setText("Lea")
    dialog.mode.setCurrentIndex(1)
    dialog.born.set_text("03/12/2001")
    dialog.hours.setValue(4)
    dialog.agreed.setChecked(True)
    assert dialog.form.values() == {
        "name": "Lea",
        "mode": "phone",
        "born": dt.date(2001, 12, 3),
        "hours": 4,
        "notes": "",
        "agreed": True,
    }


def test_dirty_tracking_follows_what_is_shown(dialog: PersonDialog, qtbot: Any) -> None:
    seen: list[bool] = []
    dialog.form.dirty_changed.connect(seen.append)
    assert not dialog.form.is_dirty()
    qtbot.keyClicks(dialog.name, "Ab")
    assert dialog.form.is_dirty()
    dialog.name.clear()
    assert not dialog.form.is_dirty()  # typed then erased: nothing to save
    dialog.form.set_values({"name": "Lea", "mode": "visit", "born": dt.date(2000, 1, 2)})
    assert not dialog.form.is_dirty()
    assert dialog.mode.currentIndex() == 2
    assert dialog.born.text() == "02/01/2000"
    dialog.agreed.setChecked(True)
    assert dialog.form.is_dirty()
    dialog.form.mark_clean()
    assert not dialog.form.is_dirty()
    assert seen == [True, False, True, False]


def test_reset_gives_a_fresh_form_scrolled_to_the_top(qtbot: Any) -> None:
    area = QScrollArea()
    qtbot.addWidget(area)
    page = QWidget()
    layout = QFormLayout(page)
    form = Form(page, layout, what="This file")
    name = form.add("name", "&Name:", QLineEdit(page))
    born = form.add("born", "&Born:", DateField(page, optional=True))
    for index in range(40):
        form.add(f"extra{index}", f"Extra {index}:", QLineEdit(page))
    area.setWidget(page)
    area.setWidgetResizable(True)
    area.resize(300, 200)
    area.show()
    form.set_values({"name": "Previous person", "born": dt.date(1990, 5, 6)})
    form.show_op_error(InvalidInput("Too long", field="name"))
    area.verticalScrollBar().setValue(area.verticalScrollBar().maximum())
    assert area.verticalScrollBar().value() > 0
    form.reset()
    assert name.text() == ""
    assert born.text() == ""  # the previous person's date does not stay
    assert form.shown_errors() == {}
    assert not form.is_dirty()
    assert area.verticalScrollBar().value() == 0


def test_field_error_beside_the_field_other_errors_in_the_general_label(
    dialog: PersonDialog,
) -> None:
    form = dialog.form
    assert form.show_op_error(InvalidInput("Wrong hours", field="hours"))
    assert form.shown_errors() == {"hours": "Wrong hours"}
    assert form.general_error.isHidden()
    assert form.show_op_error(UserError("The record changed meanwhile"))
    assert form.shown_errors() == {}
    assert "The record changed meanwhile" in form.general_error.text()
    assert not form.general_error.isHidden()
    assert not form.show_op_error(RuntimeError("a bug"))  # the error dialog shows it
    form.clear_errors()
    assert form.general_error.isHidden()


def test_an_edit_clears_the_general_error_not_a_fields(dialog: PersonDialog) -> None:
    """« L'atelier doit se terminer après son début » stayed after the times were put
    right, until the next save (a tester)."""
    form = dialog.form
    form.show_op_error(UserError("The workshop must end after it starts."))
    assert not form.general_error.isHidden()
    dialog.notes.setPlainText("corrigé")
    assert form.general_error.isHidden() and form.general_error.text() == ""
    form.show_op_error(InvalidInput("Wrong hours", field="hours"))
    dialog.notes.setPlainText("encore")
    assert form.shown_errors() == {"hours": "Wrong hours"}


@pytest.mark.parametrize("percent", [100, 200])
def test_error_labels_show_their_whole_text(qtbot: Any, qapp: QApplication, percent: int) -> None:
    settings_dialog.apply_font_percent(qapp, percent)
    try:
        widget = PersonDialog()
        qtbot.addWidget(widget)
        widget.show()
        widget.form.show_op_error(InvalidInput(LONG, field="name"))
        widget.form.show_general_error(LONG)
        settle(qtbot)
        for label in (widget.form.error_label("name"), widget.form.general_error):
            assert label.isVisible()
            assert label.height() >= label.heightForWidth(label.width()), label.text()
        widget.form.leaving = True
    finally:
        settings_dialog.apply_font_percent(qapp, 100)


def test_focus_goes_to_the_first_field(dialog: PersonDialog, qtbot: Any) -> None:
    dialog.show()
    qtbot.waitUntil(lambda: dialog.name.hasFocus())


def test_enter_saves_through_the_worker_and_closes(dialog: PersonDialog, qtbot: Any) -> None:
    done: list[object] = []
    dialog.saved.connect(done.append)
    dialog.show()
    dialog.name.setText("Lea")
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: done == ["Lea"])
    assert dialog.result_value == "Lea"
    assert not dialog.isVisible()
    assert not dialog.form.is_dirty()
    assert PersonDialog.calls[0]["name"] == "Lea"


def test_a_required_field_left_empty_is_said_beside_it(dialog: PersonDialog, qtbot: Any) -> None:
    dialog.show()
    dialog.submit()
    settle(qtbot)
    assert "name" in dialog.form.shown_errors()
    assert PersonDialog.calls == []
    assert dialog.isVisible()


def test_a_service_refusal_keeps_the_dialog_open(dialog: PersonDialog, qtbot: Any) -> None:
    dialog.show()
    dialog.name.setText("Lea")
    dialog.fail_with = InvalidInput("Not that many hours", field="hours")
    dialog.submit()
    qtbot.waitUntil(lambda: "hours" in dialog.form.shown_errors())
    assert dialog.isVisible()
    assert dialog.ok_button.isEnabled()
    assert dialog.form.is_dirty()


def test_an_impossible_date_is_refused_beside_it(dialog: PersonDialog, qtbot: Any) -> None:
    dialog.show()
    dialog.name.setText("Lea")
    dialog.born.set_text("31/02/2001")
    dialog.submit()
    settle(qtbot)
    assert dialog.born.message.message
    assert PersonDialog.calls == []
    assert dialog.born.text() == "31/02/2001"  # never clamped


def test_escape_asks_the_one_question_when_dirty(
    dialog: PersonDialog, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []
    answer = [UnsavedChoice.CANCEL]

    def ask(parent: QWidget | None, what: str) -> UnsavedChoice:
        asked.append(what)
        return answer[0]

    monkeypatch.setattr(questions, "ask_unsaved_changes", ask)
    dialog.show()
    dialog.name.setText("Lea")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert asked == ["This person"]
    assert dialog.isVisible()  # "Stay here"
    answer[0] = UnsavedChoice.SAVE
    dialog.reject()
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert PersonDialog.calls and PersonDialog.calls[0]["name"] == "Lea"


def test_escape_closes_a_clean_dialog_without_asking(
    dialog: PersonDialog, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(questions, "ask_unsaved_changes", pytest.fail)
    dialog.show()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_discard_leaves(dialog: PersonDialog, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(questions, "ask_unsaved_changes", lambda p, w: UnsavedChoice.DISCARD)
    dialog.show()
    dialog.name.setText("Lea")
    dialog.reject()
    assert not dialog.isVisible()


def test_draft_round_trip_and_reopening(dialog: PersonDialog, qtbot: Any) -> None:
    assert dialog.form.draft_state() is None  # clean: nothing to keep
    dialog.name.setText("Lea")
    dialog.mode.setCurrentIndex(2)
    dialog.born.set_text("31/02")  # unfinished or wrong: kept as typed
    dialog.notes.setPlainText("line one\nline two")
    drafts = [d for d in registry.collect_drafts() if d[2].get("dialog") == "test.person"]
    assert len(drafts) == 1
    key, view, payload = drafts[0]
    assert view == "dialog"
    assert key.startswith("dialog:test.person:")
    assert "This person" in dialog.form.draft_description()

    parent = QWidget()
    qtbot.addWidget(parent)
    assert registry.reopen_dialog(parent, None, payload)  # type: ignore[arg-type]
    reopened = [f for f in live_forms() if f.owner.parent() is parent]
    assert len(reopened) == 1
    form = reopened[0]
    assert form.is_dirty()
    assert form.raw_values()["name"] == "Lea"
    assert form.raw_values()["mode"] == 2
    assert form.raw_values()["born"] == "31/02"
    assert form.raw_values()["notes"] == "line one\nline two"
    form.leaving = True
    assert not registry.reopen_dialog(parent, None, {"dialog": "unknown"})  # type: ignore[arg-type]


def test_parked_forms_leave_without_asking(
    dialog: PersonDialog, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(questions, "ask_unsaved_changes", pytest.fail)
    dialog.show()
    dialog.name.setText("Lea")
    registry.park_all()
    dialog.reject()
    assert not dialog.isVisible()


def test_live_forms_forget_deleted_owners(qtbot: Any) -> None:
    page = QWidget()
    form = Form(page, QFormLayout(page), what="A page")
    assert form in live_forms()
    page.deleteLater()
    qtbot.waitUntil(lambda: form not in live_forms())


def test_a_second_save_while_one_runs_is_refused(qtbot: Any) -> None:
    page = QWidget()
    qtbot.addWidget(page)
    form = Form(page, QFormLayout(page), what="A page")
    results: list[int] = []
    assert form.save(lambda: 1, results.append)
    assert form.busy
    assert not form.save(lambda: 2, results.append)
    qtbot.waitUntil(lambda: results == [1])
    assert not form.busy


def test_a_dialog_is_a_draft_holder_for_the_main_window(dialog: PersonDialog) -> None:
    assert dialog.form_draft() is None
    dialog.name.setText("Lea")
    draft = dialog.form_draft()
    assert draft is not None
    assert draft.key == dialog.form.draft_key
    stored = draft.stored_payload()
    assert stored["dialog"] == "test.person" and stored["description"]


def test_a_team_member_dialog_comes_back_from_its_draft(qtbot: Any, ctx: ServiceContext) -> None:
    from pairdesk.ui.views.team.members_tab import MemberDialog
    from tests.factories import make_member

    member = make_member(ctx, "Louis", "Exemple")
    parent = QWidget()
    qtbot.addWidget(parent)
    dialog = MemberDialog(ctx, member, parent)
    dialog.show()
    assert not dialog.form.is_dirty()
    dialog.phone_field.setText("0600000000")
    draft = dialog.form_draft()
    assert draft is not None and draft.key.startswith("dialog:team.member:")
    dialog.form.leaving = True
    dialog.reject()
    assert registry.reopen_dialog(parent, ctx, draft.stored_payload())
    (again,) = [d for d in parent.findChildren(MemberDialog) if d is not dialog]
    assert again.record_id == member.id
    assert again.windowTitle() == dialog.windowTitle()  # "Change a team member"
    assert again.phone_field.text() == "0600000000" and again.form.is_dirty()
    again.form.leaving = True


def test_a_dialog_named_only_by_its_title_is_asked_about_with_an_article(qtbot) -> None:
    """The unsaved-changes question read "Nouveau dispositif d'accompagnement comporte des
    modifications…": a dialog given no ``what`` is now "Le formulaire « … »"."""
    from pairdesk import i18n

    i18n.install("fr")
    try:
        dialog = FormDialog(None, "Nouveau dispositif d'accompagnement")
        qtbot.addWidget(dialog)
        assert dialog.form.what == "Le formulaire « Nouveau dispositif d'accompagnement »"
        named = FormDialog(None, "Nouveau membre", what="Ce membre de l'équipe")
        qtbot.addWidget(named)
        assert named.form.what == "Ce membre de l'équipe"
    finally:
        i18n.install("fr")

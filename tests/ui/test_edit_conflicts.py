"""Two people on one file lose nothing (issue 14), in the window: the form kit shows an
edit conflict in one question for every form — the participant file's identity form on
the real main window, and a dialog."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget

from pairdesk.domain.enums import Role
from pairdesk.errors import EditConflict
from pairdesk.i18n import _
from pairdesk.services import participants
from pairdesk.services.context import ServiceContext
from pairdesk.services.participants import ParticipantDetail, ParticipantInput
from pairdesk.ui import tasks
from pairdesk.ui.forms import FormDialog, conflict
from pairdesk.ui.forms.conflict import ConflictChoice
from pairdesk.ui.main_window import MainWindow
from pairdesk.ui.views.participants.page import ParticipantsPage
from tests.factories import acting_as, make_participant

Asked = list[tuple[str, list[str], bool]]


def _input(detail: ParticipantDetail, **changes: object) -> ParticipantInput:
    names = {"first_name", "last_name", "pseudonym", "birth_date", "birth_year", "phone"}
    names |= {"email", "address", "city", "membership_start", "membership_end", "notes"}
    names |= {"is_peer_helper", "rqth_status", "rqth_until", "followup_frequency"}
    names |= {"followup_mode", "followup_times", "entry_situation", "edit_version"}
    values = {name: getattr(detail, name) for name in names}
    return ParticipantInput(**{**values, **changes})  # type: ignore[arg-type]


def answering(monkeypatch: pytest.MonkeyPatch, choice: ConflictChoice) -> Asked:
    asked: Asked = []

    def ask(
        parent: QWidget | None, what: str, lines: Iterable[str], *, can_overwrite: bool
    ) -> ConflictChoice:
        asked.append((what, list(lines), can_overwrite))
        return choice

    monkeypatch.setattr(conflict, "ask_edit_conflict", ask)
    return asked


@pytest.fixture
def file_open(qtbot: Any, ctx: ServiceContext) -> Any:
    """The main window showing Camille's file, whom Nadia (another person) then edits."""
    detail = make_participant(ctx, city="Lyon", phone="01 02 03 04 05")
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    tasks.wait_for_idle()
    page = window.participants_view
    assert isinstance(page, ParticipantsPage)
    window.open_record("participants", detail.id)
    qtbot.waitUntil(
        lambda: page.file_view.data is not None and page.file_view.data.detail.id == detail.id,
        timeout=5000,
    )
    nadia = acting_as(ctx, "Nadia", Role.FACILITATOR)
    theirs = participants.get_participant(nadia, detail.id)
    participants.update_participant(nadia, detail.id, _input(theirs, city="Grenoble"))
    yield page, detail
    tasks.wait_for_idle()


def test_the_file_saved_meanwhile_asks_and_reloading_shows_their_version(
    qtbot: Any, ctx: ServiceContext, file_open: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    page, detail = file_open
    asked = answering(monkeypatch, ConflictChoice.RELOAD)
    tab = page.file_view.identity_tab
    tab.phone.setText("06 07 08 09 10")
    page.file_view.save_button.click()
    qtbot.waitUntil(lambda: bool(asked), timeout=5000)

    what, lines, can_overwrite = asked[0]
    assert what == _("The file of this participant")
    city = _("&City:").replace("&", "").rstrip(" :")
    assert lines == [_("{label}: {value}").format(label=city, value="Grenoble")]  # not my phone
    assert can_overwrite
    qtbot.waitUntil(lambda: tab.city.text() == "Grenoble", timeout=5000)
    assert tab.phone.text() == "01 02 03 04 05"  # my change is gone, as the button said
    assert not tab.dirty
    stored = participants.get_participant(ctx, detail.id)
    assert (stored.city, stored.phone) == ("Grenoble", "01 02 03 04 05")

    tab.phone.setText("06 07 08 09 10")  # saving again after reloading works
    page.file_view.save_button.click()
    tasks.wait_for_idle()
    qtbot.waitUntil(
        lambda: participants.get_participant(ctx, detail.id).phone == "06 07 08 09 10",
        timeout=5000,
    )
    assert participants.get_participant(ctx, detail.id).city == "Grenoble"
    assert len(asked) == 1


def test_keep_editing_keeps_my_changes_unsaved_and_says_so(
    qtbot: Any, ctx: ServiceContext, file_open: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    page, detail = file_open
    asked = answering(monkeypatch, ConflictChoice.KEEP)
    tab = page.file_view.identity_tab
    tab.phone.setText("06 07 08 09 10")
    page.file_view.save_button.click()
    qtbot.waitUntil(lambda: bool(asked), timeout=5000)
    qtbot.waitUntil(lambda: tab.other_error.isVisibleTo(tab), timeout=5000)
    assert (
        _(
            "Not saved: someone else saved it since you opened it. "
            "Saving again asks again what to do."
        )
        in tab.other_error.text()
    )
    assert tab.phone.text() == "06 07 08 09 10" and tab.dirty
    assert participants.get_participant(ctx, detail.id).phone == "01 02 03 04 05"


def test_overwrite_with_mine_saves_my_version(
    qtbot: Any, ctx: ServiceContext, file_open: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    page, detail = file_open
    asked = answering(monkeypatch, ConflictChoice.OVERWRITE)
    page.file_view.identity_tab.phone.setText("06 07 08 09 10")
    page.file_view.save_button.click()
    qtbot.waitUntil(lambda: bool(asked), timeout=5000)
    qtbot.waitUntil(
        lambda: participants.get_participant(ctx, detail.id).phone == "06 07 08 09 10",
        timeout=5000,
    )
    assert participants.get_participant(ctx, detail.id).city == "Lyon"  # mine, as chosen


class NoteDialog(FormDialog):
    """A dialog on the kit whose save always meets someone else's version."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, "A note", what="This note")
        self.text = self.form.add("text", "&Text:", QLineEdit(self))
        self.form.set_values({"text": "theirs before"}, edit_version=3)
        self.sent: list[int | None] = []

    def action(self) -> Callable[[], object]:
        version = self.form.edit_version
        self.sent.append(version)
        changes = {"text": "their new text"}

        def run() -> object:
            if version == 3:
                raise EditConflict("conflict", changes=changes, version=4)
            return version

        return run


def test_a_dialog_shows_the_same_question_and_can_overwrite(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked = answering(monkeypatch, ConflictChoice.OVERWRITE)
    dialog = NoteDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.text.setText("mine")
    dialog.submit()
    qtbot.waitUntil(lambda: dialog.sent == [3, 4], timeout=5000)
    line = _("{label}: {value}").format(label="Text", value="their new text")
    assert asked == [("This note", [line], True)]
    tasks.wait_for_idle()


def test_the_question_names_its_choices_and_keeps_editing_by_default(qtbot: Any) -> None:
    """The real question: its texts say what happens; Enter keeps editing."""
    seen: list[list[str]] = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, conflict.ConflictQuestion)
        seen.append([b.text() for b in box.buttons.values()] + [box.stored.text()])
        qtbot.keyClick(box, Qt.Key.Key_Return)

    QTimer.singleShot(0, answer)
    choice = conflict.ask_edit_conflict(None, "This note", ["Text: theirs"], can_overwrite=True)
    assert choice is ConflictChoice.KEEP
    texts = seen[0]
    assert texts[:3] == [
        _("&Reload their version (my changes are lost)"),
        _("&Keep editing"),
        _("&Overwrite with mine"),
    ]
    assert "• Text: theirs" in texts[-1]


def test_the_question_reloads_when_asked(qtbot: Any) -> None:
    def answer() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, conflict.ConflictQuestion)
        assert ConflictChoice.OVERWRITE not in box.buttons
        box.buttons[ConflictChoice.RELOAD].click()

    QTimer.singleShot(0, answer)
    choice = conflict.ask_edit_conflict(None, "This note", ["Text: theirs"], can_overwrite=False)
    assert choice is ConflictChoice.RELOAD

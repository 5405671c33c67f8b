"""The participant file's forms on the form kit (issue 11): each tab's form and each dialog
of the file keeps a draft through a lock (collected as the lock does it, stored through
``services.drafts``, put back by a NEW window as after the unlock), shows a service's error
beside the field it names, and starts fresh for a new file."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from PySide6.QtWidgets import QWidget

from pairdesk.domain.enums import ContractType, Role, Scheme
from pairdesk.i18n import _
from pairdesk.services import contracts, drafts, pathways, schemes
from pairdesk.services.context import ServiceContext
from pairdesk.services.contracts import ContractInput
from pairdesk.ui import tasks
from pairdesk.ui.forms import FormDialog
from pairdesk.ui.main_window import MainWindow
from pairdesk.ui.views.participants import dialogs
from pairdesk.ui.views.participants.file_view import ParticipantFileView
from pairdesk.ui.widgets import questions
from pairdesk.ui.widgets.questions import UnsavedChoice
from tests.factories import acting_as, make_member, make_participant


@pytest.fixture
def coordinator(ctx: ServiceContext) -> ServiceContext:
    return acting_as(ctx, "Louis", Role.COORDINATOR, "Exemple")


@pytest.fixture
def asked(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The "restore your changes?" questions, each answered Restore."""
    texts: list[str] = []

    def ask(parent, text) -> questions.DraftChoice:  # type: ignore[no-untyped-def]
        texts.append(text)
        return questions.DraftChoice.RESTORE

    monkeypatch.setattr(questions, "ask_restore_draft", ask)
    return texts


@pytest.fixture
def windows(qtbot, coordinator: ServiceContext) -> Iterator[Callable[[], MainWindow]]:
    def make() -> MainWindow:
        window = MainWindow(coordinator)
        qtbot.addWidget(window)
        window.show()
        tasks.wait_for_idle()
        return window

    yield make
    tasks.wait_for_idle()


def open_file(qtbot, window: MainWindow, pid: int) -> ParticipantFileView:  # type: ignore[no-untyped-def]
    window.open_record("participants", pid)
    file_view = window.participants_view.file_view
    qtbot.waitUntil(lambda: file_view.data is not None and file_view.participant_id == pid)
    return file_view


def lock_and_unlock(ctx: ServiceContext, window: MainWindow, make) -> MainWindow:  # type: ignore[no-untyped-def]
    found = window.collect_drafts()
    assert found, "the form being edited left no draft"
    for key, view, payload in found:
        drafts.save_draft(ctx, key, view, payload)
    for widget in window.findChildren(QWidget):
        if widget.isWindow() and widget is not window:
            widget.hide()
    window.hide()
    fresh = make()
    fresh.offer_drafts()
    return fresh


def no_drafts_left(qtbot, ctx: ServiceContext) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: tasks.wait_for_idle() or drafts.list_drafts(ctx) == [], timeout=10_000)


# -- the tabs ----------------------------------------------------------------------------


def test_a_self_assessment_being_typed_survives_a_lock(qtbot, coordinator, windows, asked) -> None:
    pid = make_participant(coordinator, "Inès", "Fictive").id
    window = windows()
    tab = open_file(qtbot, window, pid).assessment_tab
    spin = next(iter(tab.rating_boxes.values()))
    spin.setValue(7)
    tab.notes_field.setText("Plus sereine")
    assert tab.form.is_dirty()
    assert {k for k, _v, _p in window.collect_drafts()} == {f"assessment:{pid}"}

    window = lock_and_unlock(coordinator, window, windows)
    file_view = window.participants_view.file_view
    tab = file_view.assessment_tab
    qtbot.waitUntil(lambda: tab.notes_field.text() == "Plus sereine", timeout=10_000)
    assert next(iter(tab.rating_boxes.values())).value() == 7
    assert tab.form.is_dirty() and file_view.is_dirty()
    assert file_view.tabs.currentWidget() is tab
    assert len(asked) == 1 and "Inès Fictive" in asked[0]
    no_drafts_left(qtbot, coordinator)


def test_a_tutoring_being_chosen_survives_a_lock(qtbot, coordinator, windows, asked) -> None:
    make_member(coordinator, "Paul", "Pair", role=Role.PEER_HELPER)
    make_member(coordinator, "Rose", "Pair", role=Role.PEER_HELPER)
    pid = make_participant(coordinator, "Jules", "Fictif").id
    window = windows()
    tab = open_file(qtbot, window, pid).tutoring_tab
    tab.peer_combo.setCurrentIndex(1)
    chosen = tab.peer_combo.currentText()
    tab.start_field.set_text("03/02/2026")
    assert tab.form.is_dirty()

    window = lock_and_unlock(coordinator, window, windows)
    tab = window.participants_view.file_view.tutoring_tab
    qtbot.waitUntil(lambda: tab.start_field.text() == "03/02/2026", timeout=10_000)
    assert tab.peer_combo.currentText() == chosen
    assert tab.form.is_dirty()
    no_drafts_left(qtbot, coordinator)
    # Saving the file starts it (the file's Save takes every form with changes).
    window.participants_view.file_view.save()
    qtbot.waitUntil(lambda: not tab.form.is_dirty(), timeout=10_000)
    file_view = window.participants_view.file_view
    qtbot.waitUntil(
        lambda: file_view.data is not None and file_view.data.detail.tutoring is not None
    )
    assert file_view.data is not None and file_view.data.detail.tutoring is not None
    assert file_view.data.detail.tutoring.started_on == dt.date(2026, 2, 3)


def test_an_older_pathway_draft_still_loads(qtbot, coordinator, windows, asked) -> None:
    """A draft written before the kit (``read_fields`` values) is read by the kit form."""
    pid = make_participant(coordinator, "Léna", "Fictive").id
    payload = {
        "form": "pathway",
        "participant_id": pid,
        "fields": {"aspirations": "Jardinier", "preferred_hours": 24.0},
        "description": "?",
    }
    drafts.save_draft(coordinator, f"pathway:{pid}", "participants", payload)
    window = windows()
    window.offer_drafts()
    pathway = window.participants_view.file_view.pathway_tab
    qtbot.waitUntil(lambda: pathway.aspirations.toPlainText() == "Jardinier", timeout=10_000)
    assert pathway.preferred_hours.value() == 24
    assert pathway.dirty
    no_drafts_left(qtbot, coordinator)


def test_errors_show_beside_the_tab_fields(qtbot, coordinator, windows) -> None:
    pid = make_participant(coordinator, "Noé", "Fictif").id
    window = windows()
    file_view = open_file(qtbot, window, pid)
    tutoring = file_view.tutoring_tab  # no peer helper in the team
    file_view.tabs.setCurrentWidget(tutoring)
    tutoring.start_button.click()
    qtbot.waitUntil(lambda: "peer_helper_id" in tutoring.form.shown_errors(), timeout=10_000)
    assert tutoring.form.error_label("peer_helper_id").isVisible()

    assessment = file_view.assessment_tab
    file_view.tabs.setCurrentWidget(assessment)
    assessment.date_field.set_text("31/02/2026")
    assessment.record_button.click()
    tasks.wait_for_idle()
    assert assessment.date_field.message.isVisible()  # refused, not clamped
    assert assessment.date_field.text() == "31/02/2026"


def test_a_new_file_starts_fresh_in_every_tab(qtbot, coordinator, windows, monkeypatch) -> None:
    make_member(coordinator, "Paul", "Pair", role=Role.PEER_HELPER)
    pid = make_participant(coordinator, "Eva", "Fictive").id
    window = windows()
    file_view = open_file(qtbot, window, pid)
    file_view.assessment_tab.notes_field.setText("note de Eva")
    file_view.tutoring_tab.start_field.set_text("01/01/2026")
    file_view.pathway_tab.skills.setPlainText("Accueil")
    monkeypatch.setattr(
        questions, "ask_unsaved_changes", lambda *args, **kwargs: UnsavedChoice.DISCARD
    )
    window.new_participant_action.trigger()
    qtbot.waitUntil(lambda: file_view.participant_id is None, timeout=5000)
    assert file_view.assessment_tab.notes_field.text() == ""
    assert file_view.pathway_tab.skills.toPlainText() == ""
    assert not file_view.is_dirty()
    for form in file_view.forms():
        assert not form.is_dirty() and form.shown_errors() == {}


# -- the dialogs of the file -------------------------------------------------------------


def _setup(ctx: ServiceContext, pid: int) -> dict[str, int]:
    goal = pathways.add_goal(ctx, pid, "Trouver un stage", "", None, dt.date(2026, 1, 5))
    contract = contracts.add_contract(
        ctx,
        pid,
        ContractInput(
            contract_type=ContractType.CDD,
            employer="Biocoop",
            job_title="Vendeur",
            hours_per_week=20.0,
            started_on=dt.date(2026, 1, 12),
        ),
    )
    scheme = schemes.add_scheme(ctx, pid, Scheme.CAP_EMPLOI, None, dt.date(2026, 1, 2))
    return {"goal": goal.id, "contract": contract.id, "scheme": scheme.id}


def _open_dialog(which: str, file_view: ParticipantFileView, ids: dict[str, int]) -> FormDialog:
    data = file_view.data
    assert data is not None
    ctx, pid, tab = file_view.ctx, data.detail.id, file_view.pathway_tab
    goal = next(g for g in data.pathway.goals if g.id == ids["goal"])
    contract = next(c for c in data.pathway.contracts if c.id == ids["contract"])
    scheme = next(s for s in data.detail.schemes if s.id == ids["scheme"])
    made: dict[str, Callable[[], FormDialog]] = {
        "goal": lambda: dialogs.GoalDialog(ctx, pid, tab, goal),
        "new goal": lambda: dialogs.GoalDialog(ctx, pid, tab),
        "step": lambda: dialogs.EventDialog(ctx, pid, [goal], tab),
        "contract": lambda: dialogs.ContractDialog(ctx, pid, tab),
        "contract end": lambda: dialogs.EndContractDialog(ctx, contract, tab),
        "retention": lambda: dialogs.RetentionDialog(ctx, contract, tab),
        "scheme": lambda: dialogs.SchemeDialog(
            ctx, pid, data.referents, file_view.schemes_tab, scheme
        ),
        "consent": lambda: dialogs.ConsentDialog(ctx, pid, data.referents, file_view.consent_tab),
        "status": lambda: dialogs.StatusDialog(
            ctx, pid, data.detail.status, data.detail.full_name, file_view
        ),
    }
    dialog = made[which]()
    dialog.open()
    return dialog


def _notes_widget(dialog: FormDialog) -> Any:
    """A text field of the dialog to type into (notes, reason, title…)."""
    for name in ("notes", "reason", "title", "job_title"):
        if name in dialog.form.fields:
            return dialog.form.widget(name)
    return None


@pytest.mark.parametrize(
    "which",
    [
        "goal",
        "new goal",
        "step",
        "contract",
        "contract end",
        "retention",
        "scheme",
        "consent",
        "status",
    ],
)
def test_a_dialog_of_the_file_survives_a_lock(qtbot, coordinator, windows, asked, which) -> None:
    pid = make_participant(coordinator, "Maël", "Fictif").id
    ids = _setup(coordinator, pid)
    window = windows()
    file_view = open_file(qtbot, window, pid)
    dialog = _open_dialog(which, file_view, ids)
    text = _notes_widget(dialog)
    if text is not None and hasattr(text, "setPlainText"):
        text.setPlainText("Texte fictif")
    elif text is not None:
        text.setText("Texte fictif")
    else:  # the status dialog: a choice
        combo = dialog.form.widget("status")
        combo.setCurrentIndex((combo.currentIndex() + 1) % combo.count())
    assert dialog.form.is_dirty()
    typed = dialog.form.raw_values()
    keys = [k for k, view, _p in window.collect_drafts() if view == "participants"]
    assert len(keys) == 1 and keys[0].startswith(f"dialog:{type(dialog).draft_kind}:")

    window = lock_and_unlock(coordinator, window, windows)
    file_view = window.participants_view.file_view
    qtbot.waitUntil(lambda: isinstance(file_view.dialog, type(dialog)), timeout=10_000)
    again = file_view.dialog
    assert again.isVisible()
    assert again.form.raw_values() == typed
    assert again.form.is_dirty()
    assert again.windowTitle() == dialog.windowTitle()
    assert file_view.participant_id == pid
    assert len(asked) == 1
    no_drafts_left(qtbot, coordinator)


def test_a_dialog_draft_of_a_removed_scheme_is_reported_and_kept(
    qtbot, coordinator, windows, asked, monkeypatch
) -> None:
    from pairdesk.ui import drafts as ui_drafts

    shown: list[str] = []

    def gone(parent, payload) -> bool:  # type: ignore[no-untyped-def]
        shown.append(ui_drafts.readable_text(payload))
        return True  # keep it

    monkeypatch.setattr(ui_drafts, "ask_about_gone_draft", gone)
    pid = make_participant(coordinator, "Mia", "Fictive").id
    ids = _setup(coordinator, pid)
    window = windows()
    file_view = open_file(qtbot, window, pid)
    dialog = _open_dialog("scheme", file_view, ids)
    dialog.form.widget("notes").setPlainText("Note à garder")  # type: ignore[attr-defined]
    for key, view, payload in window.collect_drafts():
        drafts.save_draft(coordinator, key, view, payload)
    dialog.hide()
    window.hide()
    schemes.remove_scheme(coordinator, ids["scheme"])

    fresh = windows()
    fresh.offer_drafts()
    qtbot.waitUntil(lambda: bool(shown), timeout=10_000)
    assert "Note à garder" in shown[0]
    tasks.wait_for_idle()
    assert len(drafts.list_drafts(coordinator)) == 1  # kept, not dropped silently
    assert fresh.participants_view.file_view.dialog is None


def test_an_error_shows_beside_the_dialog_field(qtbot, coordinator, windows) -> None:
    pid = make_participant(coordinator, "Lou", "Fictive").id
    ids = _setup(coordinator, pid)
    window = windows()
    file_view = open_file(qtbot, window, pid)
    dialog = _open_dialog("new goal", file_view, ids)
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: bool(dialog.form.shown_errors()), timeout=10_000)
    assert "title" in dialog.form.shown_errors()
    assert dialog.isVisible()
    assert _("Error: {message}").format(message="")[:5] in dialog.form.error_label("title").text()

"""Two people on one record lose nothing (issue 14), on real dialogs: a workshop, an
employer and the end of a contract, each opened, saved meanwhile by someone else, then
saved: the one conflict question lists what the other person changed."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from PySide6.QtWidgets import QWidget

from pairdesk.domain.enums import EventKind, Role
from pairdesk.i18n import _
from pairdesk.services import contracts, employers, participants, pathways, workshops
from pairdesk.services.context import ServiceContext
from pairdesk.services.workshops import WorkshopInput
from pairdesk.ui import tasks
from pairdesk.ui.forms.conflict import ConflictChoice
from pairdesk.ui.main_window import MainWindow
from pairdesk.ui.views.employers.dialogs import EmployerDialog
from pairdesk.ui.views.participants import dialogs as file_dialogs
from pairdesk.ui.views.participants.page import ParticipantsPage
from pairdesk.ui.views.workshop_form import WorkshopDialog
from tests.factories import acting_as, make_contract, make_participant, make_workshop
from tests.ui.test_edit_conflicts import _input as _participant_input
from tests.ui.test_edit_conflicts import answering

DAY = dt.date(2026, 11, 20)


def _line(label: str, value: str) -> str:
    return _("{label}: {value}").format(label=label.replace("&", "").rstrip(" :"), value=value)


def _workshop_moved_to_room_b(qtbot: Any, ctx: ServiceContext) -> tuple[WorkshopDialog, int]:
    """A workshop in "Salle A" open in its dialog, then moved to "Salle B" by Nadia; I
    type notes and save."""
    workshop = make_workshop(ctx, DAY, place="Salle A")
    dialog = WorkshopDialog(ctx, None, workshop_id=workshop.id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.is_loaded, timeout=10000)
    nadia = acting_as(ctx, "Nadia", Role.FACILITATOR)
    theirs = workshops.get_workshop(nadia, workshop.id)
    data = WorkshopInput(
        kind=theirs.kind,
        title=theirs.title,
        held_on=theirs.held_on,
        starts_at=theirs.starts_at,
        ends_at=theirs.ends_at,
        place="Salle B",
        edit_version=theirs.edit_version,
    )
    workshops.update_workshop(nadia, workshop.id, data)
    dialog.notes_field.setPlainText("Apporter un CV")
    dialog.submit()
    return dialog, workshop.id


def test_a_workshop_saved_meanwhile_asks_and_overwriting_keeps_mine(
    qtbot: Any, ctx: ServiceContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked = answering(monkeypatch, ConflictChoice.OVERWRITE)
    _dialog, workshop_id = _workshop_moved_to_room_b(qtbot, ctx)
    qtbot.waitUntil(lambda: bool(asked), timeout=10000)

    what, lines, can_overwrite = asked[0]
    assert what == _("This workshop")
    assert lines == [_line(_("&Place:"), "Salle B")]  # theirs, not my notes
    assert can_overwrite
    qtbot.waitUntil(
        lambda: workshops.get_workshop(ctx, workshop_id).notes == "Apporter un CV", timeout=10000
    )
    assert workshops.get_workshop(ctx, workshop_id).place == "Salle A"  # mine, as chosen
    tasks.wait_for_idle()


def test_reloading_a_workshop_shows_their_version(
    qtbot: Any, ctx: ServiceContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked = answering(monkeypatch, ConflictChoice.RELOAD)
    dialog, workshop_id = _workshop_moved_to_room_b(qtbot, ctx)
    qtbot.waitUntil(lambda: dialog.place_field.text() == "Salle B", timeout=10000)
    assert dialog.notes_field.toPlainText() == "" and not dialog.form.is_dirty()
    dialog.notes_field.setPlainText("Apporter un CV")  # saving again after reloading works
    dialog.submit()
    qtbot.waitUntil(
        lambda: workshops.get_workshop(ctx, workshop_id).notes == "Apporter un CV", timeout=10000
    )
    assert workshops.get_workshop(ctx, workshop_id).place == "Salle B"
    assert len(asked) == 1
    tasks.wait_for_idle()


def test_an_employer_saved_meanwhile_asks_and_reloading_shows_their_version(
    qtbot: Any, ctx: ServiceContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked = answering(monkeypatch, ConflictChoice.RELOAD)
    employer = employers.create_employer(ctx, employers.EmployerInput(name="Médiathèque"))
    dialog = EmployerDialog(ctx, employer)
    qtbot.addWidget(dialog)
    dialog.show()

    nadia = acting_as(ctx, "Nadia", Role.FACILITATOR)
    theirs = employers.get_employer(nadia, employer.id)
    employers.update_employer(
        nadia,
        employer.id,
        employers.EmployerInput(name=theirs.name, town="Lyon", edit_version=theirs.edit_version),
    )
    dialog.sector_field.setText("Culture")
    dialog.submit()
    qtbot.waitUntil(lambda: bool(asked), timeout=10000)

    what, lines, _can_overwrite = asked[0]
    assert what == _("This employer")
    assert lines == [_line(_("&Town:"), "Lyon")]
    qtbot.waitUntil(lambda: dialog.town_field.text() == "Lyon", timeout=10000)
    assert dialog.sector_field.text() == ""  # my change is gone, as the button said
    assert dialog.isVisible() and not dialog.form.is_dirty()
    assert employers.get_employer(ctx, employer.id).sector == ""

    dialog.sector_field.setText("Culture")  # saving again after reloading works
    dialog.submit()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10000)
    stored = employers.get_employer(ctx, employer.id)
    assert (stored.town, stored.sector) == ("Lyon", "Culture")
    assert len(asked) == 1


def test_the_end_of_a_contract_recorded_meanwhile_asks_and_keeps_my_text_unsaved(
    qtbot: Any, ctx: ServiceContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked = answering(monkeypatch, ConflictChoice.KEEP)
    shown = make_contract(ctx, DAY)
    pid, contract_id = shown.participant_id, shown.id
    parent = QWidget()
    qtbot.addWidget(parent)
    dialog = file_dialogs.EndContractDialog(ctx, shown, parent)
    dialog.show()

    nadia = acting_as(ctx, "Nadia", Role.FACILITATOR)
    end = DAY + dt.timedelta(days=3)
    contracts.end_contract(
        nadia, contract_id, end, "Fin de période d'essai", edit_version=shown.edit_version
    )
    dialog.reason_field.setPlainText("Fin de mission")
    dialog.submit()
    qtbot.waitUntil(lambda: bool(asked), timeout=10000)

    _what, lines, _can_overwrite = asked[0]
    assert _line(_("&Reason:"), "Fin de période d'essai") in lines
    qtbot.waitUntil(lambda: dialog.general_error.isVisibleTo(dialog), timeout=10000)
    kept = _(
        "Not saved: someone else saved it since you opened it. Saving again asks again what to do."
    )
    assert kept in dialog.general_error.text()
    assert dialog.isVisible() and dialog.reason_field.toPlainText() == "Fin de mission"
    stored = next(c for c in pathways.get_pathway(ctx, pid).contracts if c.id == contract_id)
    assert (stored.ended_on, stored.end_reason) == (end, "Fin de période d'essai")
    dialog.form.mark_clean()  # nothing to ask when it closes
    dialog.reject()
    tasks.wait_for_idle()


def test_my_own_step_added_meanwhile_is_no_conflict_for_the_identity_form(
    qtbot: Any, ctx: ServiceContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Adding a step moves the file's last contact (its version) on; the identity form,
    holding changes, follows the new version since nothing it shows changed: saving asks
    nothing. A change of a field it shows is still asked about."""
    asked = answering(monkeypatch, ConflictChoice.KEEP)
    detail = make_participant(ctx, city="Lyon")
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    tasks.wait_for_idle()
    page = window.participants_view
    assert isinstance(page, ParticipantsPage)
    window.open_record("participants", detail.id)
    view = page.file_view
    qtbot.waitUntil(lambda: view.data is not None and view.data.detail.id == detail.id)
    tab = view.identity_tab
    tab.phone.setText("06 07 08 09 10")

    pathways.add_event(ctx, detail.id, EventKind.MEETING, DAY, "Point")
    before = participants.get_participant(ctx, detail.id).edit_version
    assert before > tab.form.edit_version  # the file moved on under the form
    view.reload(force=False)
    qtbot.waitUntil(lambda: tab.form.edit_version == before, timeout=10000)
    assert tab.phone.text() == "06 07 08 09 10"  # my change is kept
    view.save_button.click()
    qtbot.waitUntil(
        lambda: participants.get_participant(ctx, detail.id).phone == "06 07 08 09 10",
        timeout=10000,
    )
    # the save's answer reaches the form after the row is written: wait for it too
    qtbot.waitUntil(
        lambda: tab.form.edit_version == participants.get_participant(ctx, detail.id).edit_version,
        timeout=10000,
    )
    assert asked == []

    nadia = acting_as(ctx, "Nadia", Role.FACILITATOR)  # a field the form shows: asked
    theirs = participants.get_participant(nadia, detail.id)
    mine_before = tab.form.edit_version
    participants.update_participant(nadia, detail.id, _participant_input(theirs, city="Grenoble"))
    tab.notes.setPlainText("Rappeler lundi")
    view.reload(force=False)
    tasks.wait_for_idle()
    assert tab.form.edit_version == mine_before  # kept: the save will ask
    view.save_button.click()
    qtbot.waitUntil(lambda: bool(asked), timeout=10000)
    window.close()
    tasks.wait_for_idle()

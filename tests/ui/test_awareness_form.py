"""The workshop form for an awareness session in a company or a cross-training with
employment counsellors (issue 15): the company and the people reached."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from pairdesk.domain.employers import InteractionKind
from pairdesk.domain.enums import WorkshopKind
from pairdesk.services import employer_file, employer_relations, employers
from pairdesk.services.employers import EmployerInput
from pairdesk.ui import tasks
from pairdesk.ui.views.workshop_form import WorkshopDialog

_PARENTS: list[QWidget] = []  # a dialog lives as long as its parent


def _open(qtbot, ctx, **kwargs: object) -> WorkshopDialog:
    parent = QWidget()
    qtbot.addWidget(parent)
    _PARENTS.append(parent)
    dialog = WorkshopDialog(ctx, parent, **kwargs)  # type: ignore[arg-type]
    dialog.show()
    qtbot.waitUntil(lambda: dialog.is_loaded, timeout=5000)
    return dialog


def test_an_awareness_session_records_the_company_and_people_reached(qtbot, ctx) -> None:
    bakery = employers.create_employer(ctx, EmployerInput(name="Boulangerie Fictive")).id
    dialog = _open(qtbot, ctx, kind=WorkshopKind.AWARENESS)
    assert dialog.awareness_employer.isVisibleTo(dialog)
    dialog.title_field.setText("Sensibilisation equipe de vente")
    dialog.date_field.setDate(dialog.date_field.date().addDays(-3))
    dialog.awareness_employer.search_field.setText("boulangerie")
    qtbot.waitUntil(lambda: dialog.awareness_employer.employer_id() == bakery, timeout=5000)
    dialog.reached_field.setValue(18)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)
    workshop_id = dialog.workshop_id
    assert workshop_id is not None
    details = employer_relations.awareness_details(ctx, workshop_id)
    assert (details.employer_id, details.employees_reached) == (bakery, 18)
    # held in a directory company: a contact with it
    kinds = [i.kind for i in employer_file.employer_file(ctx, bakery).interactions]
    assert kinds == [InteractionKind.AWARENESS_SESSION]

    again = _open(qtbot, ctx, workshop_id=workshop_id)
    qtbot.waitUntil(lambda: again.awareness_employer.employer_id() == bakery, timeout=5000)
    assert again.reached_field.value() == 18
    assert tasks.wait_for_idle()
    assert not again.is_dirty()  # loading the company is not an edit


def test_other_workshops_do_not_ask_for_a_company(qtbot, ctx) -> None:
    dialog = _open(qtbot, ctx, kind=WorkshopKind.CV)
    assert not dialog.awareness_employer.isVisibleTo(dialog)
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData(WorkshopKind.CROSS_TRAINING.value))
    assert dialog.reached_field.isVisibleTo(dialog)


def test_a_new_company_typed_on_an_awareness_session_enters_the_directory(qtbot, ctx) -> None:
    dialog = _open(qtbot, ctx, kind=WorkshopKind.AWARENESS)
    dialog.awareness_employer.search_field.setText("Garage Essai")
    qtbot.waitUntil(dialog.awareness_employer.is_new, timeout=5000)
    dialog.date_field.setDate(dialog.date_field.date().addDays(-1))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)
    (garage,) = employers.list_employers(ctx, "garage")
    assert dialog.workshop_id is not None
    details = employer_relations.awareness_details(ctx, dialog.workshop_id)
    assert (details.employer_id, details.employees_reached) == (garage.id, None)
    assert garage.created_on == dt.date(2026, 11, 25)

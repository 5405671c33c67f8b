"""Indicators ▸ The association's year…: the form typed once a year, kept per year."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from pairdesk.domain.enums import Role
from pairdesk.errors import InvalidInput
from pairdesk.i18n import _
from pairdesk.services import gem_year
from pairdesk.services.context import ServiceContext
from pairdesk.services.gem_year import AssociationYearInput, StaffLine
from pairdesk.ui import tasks
from pairdesk.ui.main_window import MainWindow
from pairdesk.ui.year_form_dialog import (
    NOT_GIVEN,
    AssociationYearDialog,
    read_staff,
    report_year,
    staff_text,
)
from tests.factories import acting_as


@pytest.fixture(autouse=True)
def _idle() -> Iterator[None]:
    yield
    tasks.wait_for_idle()


def idle() -> None:
    assert tasks.wait_for_idle(10)


def test_staff_lines_read_and_written_back() -> None:
    lines = read_staff("Animatrice ; Moniteur-éducateur ; 0,8\n\n  Coordinateur\nAide;;1")
    assert lines == (
        StaffLine("Animatrice", "Moniteur-éducateur", 0.8),
        StaffLine("Coordinateur", "", None),
        StaffLine("Aide", "", 1.0),
    )
    assert read_staff(staff_text(lines)) == lines
    with pytest.raises(InvalidInput) as refused:
        read_staff("Animatrice ; ES ; beaucoup")
    assert refused.value.field == "staff"
    assert str(refused.value) == _(
        "Line {line}: the full-time equivalent is a number such as 0.5."
    ).format(line=1)


def test_the_year_shown_first_is_the_one_due() -> None:
    assert report_year(dt.date(2027, 2, 10)) == 2026  # due before 28 February
    assert report_year(dt.date(2026, 11, 25)) == 2026


def test_typed_once_kept_per_year(qtbot, ctx: ServiceContext) -> None:
    gem_year.save_year(ctx, 2025, AssociationYearInput(volunteers=4, sponsor="UNAFAM 00"))
    main = MainWindow(ctx)
    qtbot.addWidget(main)
    main.year_form_action.trigger()
    idle()
    qtbot.waitUntil(lambda: isinstance(getattr(main, "dialog", None), AssociationYearDialog))
    dialog = main.dialog
    assert dialog.year_field.value() == 2026
    assert dialog.volunteers_field.value() == NOT_GIVEN  # nothing typed for 2026 yet
    assert dialog.members_field.text() == _("computed by pairdesk")
    dialog.volunteers_field.setValue(6)
    dialog.staff_field.setPlainText("Animatrice ; ES ; 0,8\nCoordinateur ; ; 1")
    dialog.sponsor_field.setText("Association Parrain")
    dialog.sponsor_on_field.set_date(dt.date(2024, 5, 2))
    dialog.held_field.setPlainText("Sorties, ateliers cuisine")
    dialog.submit()
    idle()
    qtbot.waitUntil(lambda: not dialog.isVisible() or dialog.result_value is not None)
    saved = gem_year.get_year(ctx, 2026)
    assert saved.saved and saved.volunteers == 6 and saved.members_at_year_end is None
    assert saved.staff == (StaffLine("Animatrice", "ES", 0.8), StaffLine("Coordinateur", "", 1.0))
    assert saved.sponsor_agreement_on == dt.date(2024, 5, 2)
    assert saved.activities_held == "Sorties, ateliers cuisine"
    assert gem_year.get_year(ctx, 2025).volunteers == 4  # the other year untouched


def test_changing_the_year_shows_that_years_form(qtbot, ctx: ServiceContext) -> None:
    gem_year.save_year(ctx, 2025, AssociationYearInput(volunteers=4, highlights="Fête"))
    dialog = AssociationYearDialog(ctx, gem_year.get_year(ctx, 2026))
    qtbot.addWidget(dialog)
    dialog.year_field.setValue(2025)
    idle()
    qtbot.waitUntil(lambda: dialog.volunteers_field.value() == 4, timeout=5000)
    assert dialog.highlights_field.toPlainText() == "Fête"
    assert not dialog.form.is_dirty()


def test_a_bad_fte_is_shown_beside_the_staff(qtbot, ctx: ServiceContext) -> None:
    dialog = AssociationYearDialog(ctx, gem_year.get_year(ctx, 2026))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.staff_field.setPlainText("Animatrice ; ES ; 3")
    dialog.submit()
    idle()
    qtbot.waitUntil(lambda: "staff" in dialog.form.shown_errors(), timeout=5000)
    assert dialog.form.shown_errors()["staff"] == _(
        "A full-time equivalent is a number above 0 and at most 1."
    )
    assert not gem_year.get_year(ctx, 2026).saved


def test_only_a_coordinator_opens_it(qtbot, ctx: ServiceContext) -> None:
    facilitator = acting_as(ctx, "Fanny", Role.FACILITATOR)
    main = MainWindow(facilitator)
    qtbot.addWidget(main)
    assert not main.year_form_action.isEnabled()

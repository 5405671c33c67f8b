"""The home view ("Today") on the real main window, over a vault copy."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt

from pairdesk.domain.dates import add_months
from pairdesk.domain.enums import ContractType, Role, RqthStatus
from pairdesk.services import contracts, home, pathways, retention
from pairdesk.services.context import Operator, ServiceContext
from pairdesk.services.contracts import ContractInput
from pairdesk.services.home import TodoKind
from pairdesk.services.participants import ParticipantInput, create_participant
from pairdesk.ui import tasks
from pairdesk.ui.main_window import MainWindow
from pairdesk.ui.models.home_model import ITEM_ROLE, Column, HomeModel, heading_text
from pairdesk.ui.views.participants.common import selected_object

TODAY = dt.date(2026, 11, 25)  # the ctx fixture's day


@pytest.fixture
def worker(ctx: ServiceContext) -> int:
    """A participant whose CDI started exactly 6 months ago (1- and 3-month checks done)."""
    person = create_participant(
        ctx, ParticipantInput(first_name="Inès", last_name="Carpentier", city="Voiron")
    )
    contract = contracts.add_contract(
        ctx,
        person.id,
        ContractInput(
            hours_per_week=24.0,
            contract_type=ContractType.CDI,
            employer="Mairie de Voiron",
            job_title="Agent d'accueil",
            started_on=add_months(TODAY, -6),
        ),
    )
    for months in (1, 3):
        retention.record_retention_check(
            ctx, contract.id, months, add_months(TODAY, months - 6), employed=True
        )
    return person.id


def build_window(qtbot, ctx: ServiceContext) -> Iterator[MainWindow]:
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    yield window
    window.close()
    tasks.wait_for_idle()


@pytest.fixture
def window(qtbot, ctx: ServiceContext, worker: int) -> Iterator[MainWindow]:
    yield from build_window(qtbot, ctx)


def show_home(qtbot, window: MainWindow):
    view = window.page("today")
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        window.show_page("today")
    return view


def row_of(model: HomeModel, kind: TodoKind, record_id: int) -> int:
    for row in range(model.rowCount()):
        item = model.index(row, 0).data(ITEM_ROLE)
        if item is not None and item.kind is kind and item.record_id == record_id:
            return row
    raise AssertionError(f"no {kind} line for {record_id}")


def test_enter_on_a_due_retention_check_opens_the_participant(
    qtbot, window: MainWindow, worker: int
) -> None:
    view = show_home(qtbot, window)
    assert window.current_page_key() == "today"
    model = view.model
    row = row_of(model, TodoKind.RETENTION_CHECK, worker)
    assert model.index(row, Column.WHAT).data() == "Inès Carpentier"
    assert "Mairie de Voiron" in model.index(row, Column.DETAILS).data()
    assert model.index(row, Column.DATE).data() == TODAY.strftime("%d/%m/%Y")
    # Its heading counts it, in words.
    section = home.todo(window.ctx).section(TodoKind.RETENTION_CHECK)
    assert section.total == 1
    headings = [model.index(r, Column.WHAT).data() for r in model.heading_rows()]
    assert heading_text(section) in headings
    assert view.table.columnSpan(model.heading_rows()[0], 0) == len(Column)

    view.table.setFocus()
    view.table.setCurrentIndex(model.index(row, Column.WHAT))
    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    assert window.current_page_key() == "participants"
    # on the file's pathway tab, where the check is recorded, once the file has loaded
    file_view = window.page("participants").file_view
    qtbot.waitUntil(lambda: file_view.tabs.currentWidget() is file_view.pathway_tab)
    assert file_view.participant_id == worker
    # the contract the check is about selected, the focus on its table
    (contract,) = pathways.get_pathway(window.ctx, worker).contracts
    pathway = file_view.pathway_tab
    assert selected_object(pathway.contracts_table).id == contract.id
    assert pathway.contracts_table.hasFocus()
    assert section.items[0].contract_id == contract.id
    # from the home page again, the file still shown: read again, the contract selected
    pathway.contracts_table.clearSelection()
    with qtbot.waitSignal(file_view.loaded, timeout=10_000):
        window.open_record("participants", worker, "pathway", contract.id)
    assert selected_object(pathway.contracts_table).id == contract.id


def test_a_consent_line_opens_the_file_on_its_consent_tab(
    qtbot, window: MainWindow, worker: int
) -> None:
    """``worker`` has no consent to keep a file: the line opens the consent tab; opened
    again while the file is shown, the tab is shown again."""
    view = show_home(qtbot, window)
    row = row_of(view.model, TodoKind.CONSENT_MISSING, worker)
    view.open_row(row)
    file_view = window.page("participants").file_view
    qtbot.waitUntil(lambda: file_view.tabs.currentWidget() is file_view.consent_tab)
    file_view.tabs.setCurrentWidget(file_view.identity_tab)
    window.show_page("today")
    view.open_row(row)
    qtbot.waitUntil(lambda: file_view.tabs.currentWidget() is file_view.consent_tab)


def test_an_rqth_line_opens_the_file_at_the_rqth(
    qtbot, ctx: ServiceContext, window: MainWindow
) -> None:
    ending = create_participant(
        ctx,
        ParticipantInput(
            first_name="Yanis",
            last_name="Fictif",
            rqth_status=RqthStatus.GRANTED,
            rqth_until=TODAY + dt.timedelta(days=30),
        ),
    )
    view = show_home(qtbot, window)
    view.open_row(row_of(view.model, TodoKind.RQTH_ENDING, ending.id))
    file_view = window.page("participants").file_view
    identity = file_view.identity_tab
    qtbot.waitUntil(lambda: identity.rqth_status.hasFocus())
    assert file_view.tabs.currentWidget() is identity
    assert identity.scroll_area.verticalScrollBar().value() > 0  # scrolled down to it


def test_every_section_a_line_opens_is_a_tab_of_the_file() -> None:
    from pairdesk.ui.views.home.home_view import _SECTIONS
    from pairdesk.ui.views.participants.file_view import FileSection

    assert {FileSection(value) for value in _SECTIONS.values()} <= set(FileSection)


def test_a_heading_row_opens_nothing(qtbot, window: MainWindow) -> None:
    view = show_home(qtbot, window)
    heading = view.model.heading_rows()[0]
    assert not view.model.flags(view.model.index(heading, 0)) & Qt.ItemFlag.ItemIsSelectable
    view.open_row(heading)
    assert window.current_page_key() == "today"


def test_coordinator_saves_the_days_without_contact(
    qtbot, window: MainWindow, ctx: ServiceContext, worker: int
) -> None:
    view = show_home(qtbot, window)
    assert view.days_spin.isEnabled() and view.days_spin.value() == 60
    # Inès's last contact is the contract start, 6 months ago: listed at 60 days.
    assert row_of(view.model, TodoKind.NO_CONTACT, worker) >= 0
    view.days_spin.setValue(200)
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        qtbot.mouseClick(view.apply_button, Qt.MouseButton.LeftButton)
    assert home.get_no_contact_days(ctx) == 200
    assert home.todo(ctx).section(TodoKind.NO_CONTACT).total == 0
    with pytest.raises(AssertionError):
        row_of(view.model, TodoKind.NO_CONTACT, worker)
    assert "200" in window.statusBar().currentMessage()


def test_other_roles_see_the_setting_disabled_with_a_reason(
    qtbot, ctx: ServiceContext, worker: int
) -> None:
    peer = ctx.with_operator(Operator(id=None, name="Pair", role=Role.PEER_HELPER))
    for window in build_window(qtbot, peer):
        view = show_home(qtbot, window)
        assert not view.days_spin.isEnabled() and not view.apply_button.isEnabled()
        assert "coordinator" in view.days_spin.toolTip() or "coordina" in view.days_spin.toolTip()
        view.apply_no_contact_days()
        tasks.wait_for_idle()
        assert home.get_no_contact_days(ctx) == home.DEFAULT_NO_CONTACT_DAYS
        # The list still shows for everyone.
        assert row_of(view.model, TodoKind.RETENTION_CHECK, worker) >= 0


def test_home_model_passes_the_model_tester(qtmodeltester, ctx: ServiceContext, worker) -> None:
    model = HomeModel()
    qtmodeltester.check(model)
    model.set_todo(home.todo(ctx))
    assert model.rowCount() == len(TodoKind) + home.todo(ctx).total
    qtmodeltester.check(model)


def test_every_interactive_widget_has_an_accessible_name(qtbot, window: MainWindow) -> None:
    from PySide6.QtWidgets import QAbstractButton, QAbstractItemView, QAbstractSpinBox

    view = show_home(qtbot, window)
    widgets = view.findChildren(QAbstractButton) + view.findChildren(QAbstractSpinBox)
    widgets += view.findChildren(QAbstractItemView)
    assert widgets
    for widget in widgets:
        if widget.objectName().startswith("qt_") or not widget.isVisibleTo(view):
            continue  # Qt's own parts (the table's corner), hidden headers
        assert widget.accessibleName(), widget.objectName()

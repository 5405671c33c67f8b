"""The participants table model: SQL paging and sorting, checked by qtmodeltester."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QModelIndex, Qt

from pairdesk.domain.text import fold
from pairdesk.i18n import _
from pairdesk.services.context import ServiceContext
from pairdesk.services.participants import ParticipantFilter
from pairdesk.ui.models import participants_model
from pairdesk.ui.models.participants_model import ID_ROLE, Column, ParticipantsModel
from tests.factories import insert_participant

# Fictional names; the accented ones check folding and sorting.
LAST_NAMES = [
    "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand",
    "Leroy", "Moreau", "Simon", "Laurent", "Lefèvre", "Michel", "Garcia", "David",
    "Bertrand", "Roux", "Vincent", "Fournier", "Morel", "Girard", "André", "Lefebvre",
    "Mercier", "Dupont", "Lambert", "Bonnet", "François", "Zéphir",
]  # fmt: skip
FIRST_NAMES = ["Hélène", "Karim", "Léa", "Yanis", "Chloé", "Mamadou", "Inès", "Paul"]


@pytest.fixture
def thirty(ctx: ServiceContext) -> ServiceContext:
    for i, last in enumerate(LAST_NAMES):
        insert_participant(
            ctx,
            FIRST_NAMES[i % len(FIRST_NAMES)],
            last,
            city="Villeurbanne" if i % 3 else "Lyon",
            status="paused" if i % 7 == 0 else "active",
            is_peer_helper=i % 5 == 0,
            membership_start=dt.date(2024, 1, 1) + dt.timedelta(days=17 * i),
        )
    return ctx


def column_texts(model: ParticipantsModel, column: Column) -> list[str]:
    return [model.index(r, column).data() for r in range(model.rowCount())]


def test_model_passes_qtmodeltester(qtmodeltester, thirty: ServiceContext) -> None:
    model = ParticipantsModel(thirty)
    assert model.rowCount() == 30
    qtmodeltester.check(model, force_py=True)


def test_pages_are_read_on_demand(
    qtmodeltester, thirty: ServiceContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(participants_model, "PAGE_SIZE", 7)
    calls: list[int] = []
    real = participants_model.list_participants

    def counting(*args, **kwargs):
        calls.append(kwargs["offset"])
        return real(*args, **kwargs)

    monkeypatch.setattr(participants_model, "list_participants", counting)
    model = ParticipantsModel(thirty)
    assert calls == [0]  # count + first page only
    assert model.index(29, Column.LAST_NAME).data() == "Zéphir"
    assert calls == [0, 28]
    assert len(set(column_texts(model, Column.LAST_NAME))) == 30
    assert sorted(calls) == [0, 7, 14, 21, 28]
    qtmodeltester.check(model, force_py=True)


def test_sorted_by_last_name_folding_accents(thirty: ServiceContext) -> None:
    model = ParticipantsModel(thirty)
    names = column_texts(model, Column.LAST_NAME)
    assert names == sorted(names, key=fold)
    assert names[0] == "André"
    assert names[-1] == "Zéphir"


def test_sort_descending_changes_first_row(thirty: ServiceContext) -> None:
    model = ParticipantsModel(thirty)
    assert model.index(0, Column.LAST_NAME).data() == "André"
    model.sort(Column.LAST_NAME, Qt.SortOrder.DescendingOrder)
    assert model.index(0, Column.LAST_NAME).data() == "Zéphir"
    assert model.index(29, Column.LAST_NAME).data() == "André"


def test_sort_by_membership_start_uses_sql_order(thirty: ServiceContext) -> None:
    model = ParticipantsModel(thirty)
    model.sort(Column.MEMBER_SINCE, Qt.SortOrder.AscendingOrder)
    assert model.index(0, Column.LAST_NAME).data() == "Martin"  # joined first
    assert model.index(0, Column.MEMBER_SINCE).data() == "01/01/2024"
    model.sort(Column.MEMBER_SINCE, Qt.SortOrder.DescendingOrder)
    assert model.index(0, Column.LAST_NAME).data() == "Zéphir"


def test_unsortable_column_keeps_order(thirty: ServiceContext) -> None:
    model = ParticipantsModel(thirty)
    before = column_texts(model, Column.LAST_NAME)
    model.sort(Column.PEER_HELPER, Qt.SortOrder.DescendingOrder)
    assert column_texts(model, Column.LAST_NAME) == before
    assert model.sort_column == Column.LAST_NAME


def test_search_without_accents_finds_helene(thirty: ServiceContext) -> None:
    model = ParticipantsModel(thirty)
    model.set_filter(ParticipantFilter(search="helene"))
    firsts = column_texts(model, Column.FIRST_NAME)
    assert firsts and set(firsts) == {"Hélène"}
    assert model.rowCount() == sum(1 for i in range(30) if i % len(FIRST_NAMES) == 0)


def test_status_filter_and_empty_result(qtmodeltester, thirty: ServiceContext) -> None:
    from pairdesk.domain.enums import ParticipantStatus

    model = ParticipantsModel(thirty)
    model.set_filter(ParticipantFilter(statuses=(ParticipantStatus.PAUSED,)))
    assert model.rowCount() == 5  # i = 0, 7, 14, 21, 28
    assert set(column_texts(model, Column.STATUS)) == {ParticipantStatus.PAUSED.label}
    model.set_filter(ParticipantFilter(search="nobody-has-this-name"))
    assert model.rowCount() == 0
    qtmodeltester.check(model, force_py=True)


def test_cells_are_text_not_colour(ctx: ServiceContext) -> None:
    pid = insert_participant(
        ctx,
        "Inès",
        "Łukasiewicz",
        city="Lyon",
        is_peer_helper=True,
        membership_start=dt.date(2026, 2, 3),
    )
    model = ParticipantsModel(ctx)
    index = model.index(0, Column.PEER_HELPER)
    assert index.data() == _("Yes")
    assert model.index(0, Column.MEMBER_SINCE).data() == "03/02/2026"
    assert model.index(0, Column.FIRST_NAME).data(ID_ROLE) == pid
    assert model.headerData(Column.LAST_NAME, Qt.Orientation.Horizontal) == _("Last name")
    assert model.rowCount(model.index(0, 0)) == 0
    assert not model.index(1, 0, QModelIndex()).isValid()
    model.set_filter(ParticipantFilter(search="lukasiewicz"))
    assert model.rowCount() == 1

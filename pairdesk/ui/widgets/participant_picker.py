"""A participant search picker: type part of a name, pick the person in the list."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QWidget

from pairdesk.i18n import N_, _, ngettext
from pairdesk.services import participants
from pairdesk.services.context import ServiceContext
from pairdesk.services.participants import ParticipantFilter, ParticipantRow
from pairdesk.ui.ops import Op
from pairdesk.ui.widgets.search_picker import SearchPicker

PICKER_LIMIT = 50


def person_text(row: ParticipantRow) -> str:
    name = f"{row.first_name} {row.last_name}".strip()
    if row.city:
        return _("{name} ({city})").format(name=name, city=row.city)
    return name


class ParticipantPicker(SearchPicker):
    """Type part of a name, then choose the person in the list below the field.

    ``participant_changed(id or None)`` is emitted when the choice changes.
    """

    participant_changed = Signal(object)

    PLACEHOLDER = N_("Type a name…")  # short: the field may be narrow at 200 %
    SEARCH_NAME = N_("{what}: search by name")
    RESULTS_NAME = N_("{what}: choose the person")

    def __init__(self, ctx: ServiceContext, what: str, parent: QWidget | None = None) -> None:
        super().__init__(ctx, what, parent)
        self._pending_select: int | None = None
        self.search_field.setToolTip(_("Type part of a name, then choose the person in the list."))
        self.count_label = QLabel(self)
        self.count_label.setAccessibleName(_("{what}: people found").format(what=what))
        self.row.addWidget(self.count_label)
        self.results.currentIndexChanged.connect(self._changed)

    def participant_id(self) -> int | None:
        value = self.results.currentData()
        return value if isinstance(value, int) else None

    def participant_name(self) -> str:
        return self.results.currentText() if self.participant_id() is not None else ""

    def select(self, participant_id: int | None) -> None:
        """Choose this person once they are in the list (search again if needed)."""
        if participant_id is None:
            self._pending_select = None
            self.results.setCurrentIndex(0)
            return
        index = self.results.findData(participant_id)
        if index >= 0:
            self.results.setCurrentIndex(index)
        else:
            self._pending_select = participant_id

    # the form kit's protocol (ui/forms/kit.py): the person chosen, by id. The picker has
    # no ``changed`` signal on purpose: choosing whom a form is for (it also selects on its
    # own when its list loads) is not work a person could lose.
    def raw_value(self) -> int | None:
        return self._pending_select or self.participant_id()

    def set_raw_value(self, raw: object) -> None:
        self.select(raw if type(raw) is int else None)

    def value(self) -> int | None:
        return self.participant_id()

    def set_value(self, value: object) -> None:
        self.set_raw_value(value)

    def search(self) -> None:
        self._debounce.stop()
        text = self.search_field.text()
        flt = ParticipantFilter(search=text, include_anonymised=False)
        Op(
            self, lambda: participants.list_participants(self._ctx, flt, limit=PICKER_LIMIT)
        ).success(self._show).run()

    def _show(self, rows: list[ParticipantRow]) -> None:
        keep = self._pending_select or self.participant_id()
        self.results.blockSignals(True)
        self.results.clear()
        if rows:
            self.results.addItem(_("Choose a person…"), None)
        else:
            self.results.addItem(_("Nobody found"), None)
        for row in rows:
            self.results.addItem(person_text(row), row.id)
        index = self.results.findData(keep) if keep is not None else -1
        if index < 0 and len(rows) == 1 and self.search_field.text().strip():
            index = 1
        self.results.setCurrentIndex(max(index, 0))
        self.results.blockSignals(False)
        self._pending_select = None
        more = len(rows) >= PICKER_LIMIT
        if more and not self.search_field.text().strip():
            # nothing searched: « 50 résultats ou plus » beside an empty field said nothing
            text = _("the first {count}: type a name").format(count=len(rows))
        elif more:
            text = _("{count}+ found").format(count=len(rows))
        else:
            text = ngettext("{count} found", "{count} found", len(rows)).format(count=len(rows))
        self.count_label.setText(text)
        self._changed()

    def _changed(self, _index: int = 0) -> None:
        self.participant_changed.emit(self.participant_id())

"""A list to choose from: each choice's text, shown, and its data, given to the service.

self.kind_combo = choice_combo(parent, [(k.label, k.value) for k in WorkshopKind])
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtWidgets import QComboBox, QWidget


def choice_combo(
    parent: QWidget | None,
    choices: Iterable[tuple[str, object]],
    selected: object = None,
    *,
    accessible_name: str = "",
) -> QComboBox:
    """The choices in order; ``selected`` (a data) chosen first, else the first choice."""
    combo = QComboBox(parent)
    for text, data in choices:
        combo.addItem(text, data)
    if selected is not None:
        combo.setCurrentIndex(max(0, combo.findData(selected)))
    if accessible_name:
        combo.setAccessibleName(accessible_name)
    return combo

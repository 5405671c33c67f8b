"""A page title, titled tabs, a tab order and a caption kept with its field."""

from __future__ import annotations

import itertools

from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from pairdesk.ui.text_size import relative_font
from pairdesk.ui.widgets.flow_layout import field_pair


def page_title(parent: QWidget, text: str) -> QLabel:
    title = QLabel(text, parent)
    title.setObjectName("pageTitle")
    relative_font(title, 1.4, bold=True)
    title.setAccessibleName(text)
    return title


def titled_tabs(page: QWidget, title: str, accessible_name: str) -> QTabWidget:
    """A page made of its title over its tabs (the page's layout); add the tabs to it."""
    tabs = QTabWidget(page)
    tabs.setAccessibleName(accessible_name)
    layout = QVBoxLayout(page)
    layout.setContentsMargins(12, 12, 12, 12)
    layout.addWidget(page_title(page, title))
    layout.addWidget(tabs, 1)
    return tabs


def tab_order(widgets: list[QWidget]) -> None:
    """Tab moves through ``widgets`` in this order."""
    for first, second in itertools.pairwise(widgets):
        QWidget.setTabOrder(first, second)


def labelled_pair(parent: QWidget, text: str, field: QWidget) -> QWidget:
    """A label (with its & mnemonic and buddy) and its field, kept together in a flow."""
    label = QLabel(text, parent)
    label.setBuddy(field)
    return field_pair(parent, label, field)

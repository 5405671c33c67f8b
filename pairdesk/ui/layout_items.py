"""Stale ``QWidgetItem`` wrappers: PySide6's layout glue, and the one place that undoes it.

When Python calls ``QBoxLayout.addLayout`` / ``insertLayout`` or ``QGridLayout.addLayout``,
PySide6 (6.11 here) walks the items of the layout added and keeps a Python wrapper for each
(``QWidgetItem``, ``QSpacerItem``), owned by the outer layout's wrapper. A layout item is
not a ``QObject``: when Qt deletes one — a widget of that layout deleted or taken out —
PySide6 is not told, and the wrapper stays in its map of C++ addresses to Python objects.
The next Qt object built at that address then reaches Python as that old ``QWidgetItem``:
seen in the test suite as ``'QWidgetItem' object has no attribute 'returnPressed'`` for a
spin box's line edit (the home page could not be built), and as the ``TypeError`` of the
text-size style (``text_size.TextSizeStyle``) on which PySide6 crashed while reporting it.

:func:`install` wraps those three methods once, where the application is created: after
the original, the wrappers of the added layout's items (and of its own layouts' items) are
invalidated, that is taken out of the map; the C++ items are untouched. Layouts are
``QObject``\\s, which PySide6 follows itself. ``tests/ui/test_layout_items.py`` shows the
stale wrapper without this and none with it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtWidgets import QBoxLayout, QGridLayout, QLayout

_PATCHED = "_pairdesk_forgets_items"


def forget_item_wrappers(layout: QLayout) -> None:
    """Take the Python wrappers of ``layout``'s items out of PySide6's map (recursively
    through the layouts it holds); Qt's items stay as they are."""
    for index in range(layout.count()):
        item = layout.itemAt(index)
        if item is None:
            continue
        inner = item.layout()
        if inner is not None:
            forget_item_wrappers(inner)
        elif shiboken6.isValid(item):
            shiboken6.invalidate(item)


def install() -> None:
    """Make ``addLayout`` and ``insertLayout`` forget the wrappers their glue keeps (once a
    process; harmless when called again)."""
    for cls, name in (
        (QBoxLayout, "addLayout"),
        (QBoxLayout, "insertLayout"),
        (QGridLayout, "addLayout"),
    ):
        original = getattr(cls, name)
        if getattr(original, _PATCHED, False):
            continue
        setattr(cls, name, _forgetting(original))


def _forgetting(original: Callable[..., Any]) -> Callable[..., Any]:
    def add(self: QLayout, *args: Any, **kwargs: Any) -> Any:
        result = original(self, *args, **kwargs)
        for value in (*args, *kwargs.values()):
            if isinstance(value, QLayout):
                forget_item_wrappers(value)
        return result

    setattr(add, _PATCHED, True)
    add.__name__ = getattr(original, "__name__", "add")
    return add

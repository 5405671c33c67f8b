"""The application's icon, set on the ``QApplication`` at start-up (``pairdesk.app``).

Apart from ``about_dialog`` (which re-exports it) so that start-up does not import the
About dialog and its widgets before the unlock dialog is painted (issue 12)."""

from __future__ import annotations

from PySide6.QtGui import QIcon

from pairdesk import paths


def application_icon() -> QIcon:
    """The pairdesk icon at every size shipped (empty when the files are missing)."""
    icon = QIcon()
    folder = paths.resources_dir() / "icons"
    for size in (16, 32, 48, 64, 128, 256):
        file = folder / f"pairdesk-{size}.png"
        if file.is_file():
            icon.addFile(str(file))
    return icon

"""One dialog for every failure, and a log of bugs that holds no personal data.

A ``UserError`` is something the user can fix or must know: its (translated) message is
shown as it is. Anything else is a bug in pairdesk: its traceback goes to the log with
the exception *type* and its frames only (``pairdesk.diagnostics.log_bug``) — never the
exception message, arguments or local variables, which could carry a participant's name —
and the user sees a polite message saying where that log is.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from pairdesk import paths
from pairdesk.diagnostics import log_bug
from pairdesk.errors import UserError
from pairdesk.i18n import _

LOG_FILENAME = "pairdesk.log"  # written by pairdesk.diagnostics.setup_logging

_showing = False


def log_file() -> Path:
    return paths.log_dir() / LOG_FILENAME


def error_message(exc: BaseException) -> str:
    """What the user reads for this failure."""
    if isinstance(exc, UserError):
        return exc.message
    return _(
        "Something went wrong in pairdesk. This is a fault in the program, not something you "
        "did. The technical details (without any personal data) were written to {log}; you can send that file "
        "to whoever looks after pairdesk."
    ).format(log=log_file())


def show_error(parent: QWidget | None, exc: BaseException) -> None:
    """Show one dialog for ``exc``; bugs are logged first. Call on the GUI thread."""
    global _showing
    if not isinstance(exc, UserError):
        log_bug(exc)
    if _showing:  # an error while an error dialog is open: logged, not stacked
        return
    _showing = True
    try:
        box = QMessageBox(parent)
        if isinstance(exc, UserError):
            box.setIcon(QMessageBox.Icon.Warning)
            box.setWindowTitle(_("pairdesk"))
        else:
            box.setIcon(QMessageBox.Icon.Critical)
            box.setWindowTitle(_("Unexpected error"))
        box.setText(error_message(exc))
        box.setAccessibleName(_("Error message"))
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
        box.exec()
    finally:
        _showing = False

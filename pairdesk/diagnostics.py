"""Logging without personal data, and the record of bugs.

Log records hold technical facts only (exception types, module and line, durations): the
handlers below keep at most 3 × 512 KiB in ``paths.log_dir()``. Exception *messages* can
quote user data (SQL parameters are hidden, but a value error may echo a name), so bug
reports keep the traceback's frames and the exception type, not its message.
"""

from __future__ import annotations

import logging
from types import TracebackType

from pairdesk import paths

_configured = False


def setup_logging(level: int = logging.INFO) -> None:
    """The rotating log file (once). The window sets it up just after the unlock dialog's
    first paint (``logging.handlers`` is not worth its milliseconds before it); a bug
    before that (``log_bug``) sets it up itself."""
    import logging.handlers

    global _configured
    if _configured:
        return
    root = logging.getLogger("pairdesk")
    root.setLevel(level)
    try:
        folder = paths.log_dir()
        folder.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            folder / "pairdesk.log", maxBytes=512 * 1024, backupCount=3, encoding="utf-8"
        )
    except OSError:
        handler = logging.NullHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    _configured = True


def scrubbed_traceback(
    exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
) -> str:
    """The traceback's frames and the exception type, without the exception's message."""
    import traceback

    frames = traceback.format_tb(tb)
    return "".join(frames) + f"{exc_type.__module__}.{exc_type.__qualname__}\n"


def log_bug(exc: BaseException) -> None:
    setup_logging()
    logging.getLogger("pairdesk.bug").error(
        "unexpected error\n%s", scrubbed_traceback(type(exc), exc, exc.__traceback__)
    )

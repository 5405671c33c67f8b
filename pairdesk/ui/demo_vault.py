"""The throw-away demo vault (``pairdesk --demo``, "explore the demo" at the first start).

Kept apart from ``app.py`` so that the first-run assistant can build one without
importing the bootstrap back (no import cycle).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pairdesk.errors import UserError
from pairdesk.i18n import _
from pairdesk.services import vaults
from pairdesk.services.demo.folder import (
    DEMO_VAULT_NAME,
    DemoFolder,
    is_demo_vault,
    new_demo_folder,
)
from pairdesk.ui import ops

__all__ = [
    "DEMO_PARTICIPANTS",
    "DEMO_PASSPHRASE",
    "DEMO_VAULT_NAME",
    "DemoFolder",
    "build_demo_vault",
    "is_demo_vault",
    "new_demo_folder",
]

DEMO_PASSPHRASE = "demo"  # shown on screen: the demo holds only fictional people
DEMO_PARTICIPANTS = 80


def build_demo_vault(path: Path, progress: Callable[[int, int], bool] | None = None) -> Path:
    """Create a vault at ``path`` full of fictional data (runs on the worker).

    Raises ``TaskCancelled`` when ``progress`` returned False (nothing is kept).
    """
    from pairdesk.services import demo

    stopped = False

    def report(done: int, total: int) -> bool:
        nonlocal stopped
        if progress is not None and not progress(done, total):
            stopped = True
        return not stopped

    ctx = vaults.create(
        path, DEMO_PASSPHRASE, association_name=_("GEM demo (fictional data)"), demo=True
    )
    vault = ctx.vault
    try:
        demo.generate_demo_data(ctx, participants=DEMO_PARTICIPANTS, progress=report)
    except UserError:
        if stopped:
            raise ops.TaskCancelled from None
        raise
    finally:
        vault.close()
    return path

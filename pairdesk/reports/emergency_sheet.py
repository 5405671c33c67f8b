"""The emergency sheet: printed once, kept in the association's safe.

Where the vault is, when it was created, where its backups go, an empty box to write the
passphrase BY HAND (it is never printed, and pairdesk never knows it at this point), and
what to do when the laptop is lost or the passphrase forgotten. Built from a plain read
object; no queries here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from pairdesk.i18n import _
from pairdesk.reports.base import (
    FONT_BOLD,
    MARGIN,
    PORTRAIT,
    RULE,
    build_pdf,
    format_day,
    grid_table,
    markup,
    para,
    rich,
)
from pairdesk.services.document_data import DocumentHeader

WIDTH = PORTRAIT[0] - 2 * MARGIN
LABEL_WIDTH = 52 * mm


@dataclass(frozen=True, slots=True)
class EmergencySheetData:
    header: DocumentHeader
    vault_path: str
    created_on: dt.date | None
    backups_folder: str
    backups_folder_chosen: bool = False


def _facts(data: EmergencySheetData) -> Flowable:
    if data.backups_folder_chosen:
        backups = _("{folder} (a folder chosen by the association, for example a USB stick)")
    else:
        backups = _("{folder} (pairdesk's default folder on this computer)")
    rows = [
        [_("Association"), para(data.header.association_name or "—", "cell")],
        [_("Vault file"), para(data.vault_path, "cell")],
        [_("Vault created on"), format_day(data.created_on) or "—"],
        [_("Backups"), para(backups.format(folder=data.backups_folder), "cell")],
        [_("Sheet printed on"), format_day(data.header.printed_on)],
    ]
    return grid_table(
        rows,
        [LABEL_WIDTH, WIDTH - LABEL_WIDTH],
        header_rows=0,
        extra=[("FONT", (0, 0), (0, -1), FONT_BOLD, 9), ("VALIGN", (0, 0), (-1, -1), "TOP")],
    )


def _handwriting_box() -> Flowable:
    """Three ruled lines for the passphrase and a line for who wrote it, and when."""
    lines = [[""] for _line in range(3)]
    box = grid_table(
        lines,
        [WIDTH],
        header_rows=0,
        row_heights=[13 * mm] * 3,
        extra=[
            ("GRID", (0, 0), (-1, -1), 0, RULE),
            ("LINEBELOW", (0, 0), (-1, -1), 0.6, RULE),
            ("BOX", (0, 0), (-1, -1), 1.2, RULE),
        ],
    )
    return KeepTogether(
        [
            para(_("Passphrase of the vault — write it by hand, legibly:"), "h3"),
            box,
            Spacer(1, 3 * mm),
            para(_("Written by: ______________________   on: ____ / ____ / ________")),
        ]
    )


def _section(title: str, points: list[str]) -> list[Flowable]:
    story: list[Flowable] = [para(title, "h2")]
    story += [rich("• " + markup(point)) for point in points]
    return story


def emergency_sheet_pdf(data: EmergencySheetData) -> bytes:
    """The sheet as PDF bytes (one A4 page)."""
    story: list[Flowable] = [
        para(_("pairdesk emergency sheet"), "title"),
        para(
            _("Keep this sheet in the association's safe. Do not leave it near the computer."),
            "subtitle",
        ),
        _facts(data),
        Spacer(1, 5 * mm),
        _handwriting_box(),
        Spacer(1, 2 * mm),
        para(
            _(
                "pairdesk never prints the passphrase and cannot recover it: without it, "
                "the vault and its backups cannot be opened by anyone."
            ),
            "note",
        ),
    ]
    story += _section(
        _("If the laptop is lost or stolen"),
        [
            _(
                "The vault is encrypted: without the passphrase nobody can read it. Tell the "
                "coordinator and the association's board the same day."
            ),
            _(
                "If the passphrase may have been seen or written near the laptop, it must be "
                "treated as known: report the loss as a personal data breach (to the CNIL "
                "within 72 hours, see cnil.fr)."
            ),
            _(
                "On another computer, install pairdesk and restore the latest backup "
                "(File menu, Backups…, Restore from a file…; or the command: pairdesk "
                "restore FILE). Then change the passphrase."
            ),
        ],
    )
    story += _section(
        _("If the passphrase is forgotten"),
        [
            _("Look for it on this sheet. There is no other way to recover it."),
            _(
                "Backups open with the passphrase the vault had when they were made: an "
                "older passphrase may open an older backup."
            ),
        ],
    )
    story += _section(
        _("Backups"),
        [
            _(
                "pairdesk backs the vault up when it closes, into the backups folder written "
                "above: once a day, and again when something was recorded since. Copy that "
                "folder regularly to a USB stick kept away from the laptop."
            ),
            _("Backups are encrypted with the vault's passphrase: they are safe to copy."),
        ],
    )
    return build_pdf(
        story,
        header=data.header,
        title=_("pairdesk emergency sheet"),
        subject=_("Emergency sheet"),
        hide_single_page_number=True,
    )

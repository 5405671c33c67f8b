"""The backups list of the backup dialog (newest first, a few dozen files)."""

from __future__ import annotations

from pairdesk import formatting
from pairdesk.i18n import N_, _
from pairdesk.services.backups import BackupInfo
from pairdesk.ui.models.rows import RowColumn, RowsModel


def size_text(size: int) -> str:
    if size < 1024 * 1024:
        return _("{size} KB").format(size=formatting.number(max(1, round(size / 1024))))
    return _("{size} MB").format(size=formatting.number(size / (1024 * 1024), digits=1))


def taken_text(info: BackupInfo) -> str:
    return _("{date} at {time}").format(
        date=formatting.short_date(info.taken_at.date()),
        time=formatting.short_time(info.taken_at.time()),
    )


def kind_text(info: BackupInfo) -> str:
    if info.before_restore:
        return _("Vault kept before a restore")
    if info.before_upgrade:
        return _("Vault kept before an upgrade")
    if info.manual:
        return _("Manual backup")
    return _("Backup")


COLUMNS: tuple[RowColumn[BackupInfo], ...] = (
    RowColumn(N_("Taken on"), taken_text),
    RowColumn(N_("Kind"), kind_text),
    RowColumn(N_("Size"), lambda b: size_text(b.size_bytes)),
    RowColumn(N_("File"), lambda b: b.path.name, lambda b: str(b.path)),
)


class BackupsModel(RowsModel[BackupInfo]):
    columns = COLUMNS

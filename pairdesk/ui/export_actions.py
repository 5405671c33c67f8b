"""File > Export this list… (CSV for French Excel, or .xlsx) and Export to calendar (.ics).

A page may say what it shows with ``export_kind() -> ExportKind`` and, for participants,
``current_filter()`` (the search and filters in force); otherwise a small dialog asks
which list to export and, for workshops, attendance and indicators, the period.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QLabel,
    QMenu,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from pairdesk.errors import PermissionDenied
from pairdesk.i18n import _, ngettext
from pairdesk.services import calendar, exports, imports, workshops
from pairdesk.services.context import ServiceContext
from pairdesk.services.exports import ExportKind
from pairdesk.ui.errors import show_error
from pairdesk.ui.ops import Op
from pairdesk.ui.widgets.date_field import DateField
from pairdesk.ui.widgets.dialog_parts import dialog_buttons

T = TypeVar("T")

PAGE_KINDS = {
    "participants": ExportKind.PARTICIPANTS,
    "job_offers": ExportKind.OFFERS,
    "cv_workshops": ExportKind.WORKSHOPS,
    "interview_coaching": ExportKind.WORKSHOPS,
    "attendance": ExportKind.ATTENDANCE,
    "indicators": ExportKind.INDICATORS,
}
WITH_PERIOD = exports.PERIOD_KINDS


def ask_save_path(parent: QWidget | None, title: str, name: str, filters: str) -> Path | None:
    """The Save dialog (tests replace this function), in the folder chosen the last time a
    document or a list was saved, remembered again (never a file name): an export opened
    in the home folder although a PDF had just been saved elsewhere (a tester)."""
    from pairdesk.ui.print_dialog import last_folder, remember_folder

    chosen, _filter = QFileDialog.getSaveFileName(parent, title, str(last_folder() / name), filters)
    if not chosen:
        return None
    remember_folder(Path(chosen).parent)
    return Path(chosen)


def _tell(window: Any, text: str) -> None:
    show = getattr(window, "show_message", None)
    if callable(show):
        show(text)


def _export(window: Any, write: Callable[[], T], done: Callable[[T], str]) -> None:
    """Write the file on the database worker, then say ``done(result)`` in the status bar."""
    Op(window, write).success(lambda result: _tell(window, done(result))).busy(
        _("Exporting…")
    ).run()


class ExportListDialog(QDialog):
    """Which list, which period."""

    def __init__(
        self,
        kind: ExportKind | None,
        today: dt.date,
        parent: QWidget | None = None,
        *,
        period: tuple[dt.date, dt.date] | None = None,
    ):
        super().__init__(parent)
        self.setWindowTitle(_("Export a list — pairdesk"))
        self.kind_combo = QComboBox(self)
        self.kind_combo.setAccessibleName(_("List to export"))
        for item in ExportKind:
            self.kind_combo.addItem(item.label, item.value)
        if kind is not None:
            self.kind_combo.setCurrentIndex(self.kind_combo.findData(kind.value))
        kind_label = QLabel(_("&List:"), self)
        kind_label.setBuddy(self.kind_combo)
        self.start_field = DateField(self)
        self.start_field.set_accessible_name(_("Start of the period"))
        start, end = period or (dt.date(today.year, 1, 1), today)
        self.start_field.set_date(start)
        self.end_field = DateField(self)
        self.end_field.set_accessible_name(_("End of the period"))
        self.end_field.set_date(end)
        self.start_label = QLabel(_("&From:"), self)
        self.start_label.setBuddy(self.start_field)
        self.end_label = QLabel(_("&To:"), self)
        self.end_label.setBuddy(self.end_field)
        buttons = dialog_buttons(self, _("&Choose the file…"), _("Choose the file")).box
        form = QFormLayout()
        form.addRow(kind_label, self.kind_combo)
        form.addRow(self.start_label, self.start_field)
        form.addRow(self.end_label, self.end_field)
        # Said before the file is chosen: the vault is encrypted, the export is not.
        self.note = QLabel(
            _(
                "Choose the list, then where to write it (.csv for Excel or .xlsx). The file "
                "is not encrypted: whoever has it can read it. Keep it on this computer or on "
                "a drive you control, and delete it once it has served."
            ),
            self,
        )
        self.note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.kind_combo.currentIndexChanged.connect(self._kind_changed)
        self._kind_changed()

    def accept(self) -> None:
        """Stay open while a date of the period is not a date (the field says why)."""
        if self.kind() in WITH_PERIOD and not (
            self.start_field.is_valid() and self.end_field.is_valid()
        ):
            return
        super().accept()

    def kind(self) -> ExportKind:
        return ExportKind(str(self.kind_combo.currentData()))

    def _kind_changed(self) -> None:
        needs = self.kind() in WITH_PERIOD
        for widget in (self.start_field, self.end_field, self.start_label, self.end_label):
            widget.setEnabled(needs)


def export_current_list(window: Any, ctx: ServiceContext) -> None:
    """File > Export this list…"""
    page_key = window.current_page_key() if hasattr(window, "current_page_key") else ""
    page = window.page(page_key) if page_key else None
    asked = getattr(page, "export_kind", None)
    kind = ExportKind(asked()) if callable(asked) else PAGE_KINDS.get(page_key)
    shown = getattr(page, "export_period", None)  # the indicators page: its period
    dialog = ExportListDialog(
        kind, ctx.today(), window, period=shown() if callable(shown) else None
    )
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return
    kind = dialog.kind()
    try:
        exports.check_may_export(ctx, kind)
    except PermissionDenied as refused:
        show_error(window, refused)  # before a file is named for nothing
        return
    start = dialog.start_field.date() if kind in WITH_PERIOD else None
    end = dialog.end_field.date() if kind in WITH_PERIOD else None
    participant_filter = None
    if kind is ExportKind.PARTICIPANTS and page is not None:
        source = page if hasattr(page, "current_filter") else getattr(page, "list_view", None)
        getter = getattr(source, "current_filter", None)
        if callable(getter):
            participant_filter = getter()
    name = kind.file_name(ctx.today(), start, end)
    path = ask_save_path(
        window,
        _("Export the list as"),
        name,
        _("CSV for Excel (*.csv);;Excel workbook (*.xlsx)"),
    )
    if path is None:
        return
    if path.suffix.lower() not in {".csv", ".xlsx"}:
        path = path.with_suffix(".csv")
    _export(
        window,
        lambda: exports.export_list(
            ctx,
            kind,
            path,
            start=start,
            end=end,
            participant_filter=participant_filter,
            overwrite=True,  # the Save dialog already asked
        ),
        lambda result: ngettext(
            "{count} row exported to {path}.", "{count} rows exported to {path}.", result.rows
        ).format(count=result.rows, path=result.path),
    )


class CalendarDialog(QDialog):
    """One workshop, a month, or every upcoming workshop."""

    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(_("Export to a calendar — pairdesk"))
        note = QLabel(
            _(
                "The .ics file opens in phone and computer calendars. It holds the dates, "
                "places and facilitators' first names — never the participants' names."
            ),
            self,
        )
        note.setWordWrap(True)
        self.upcoming_radio = QRadioButton(_("&All upcoming workshops"), self)
        self.month_radio = QRadioButton(_("The workshops of a &month:"), self)
        self.one_radio = QRadioButton(_("&One workshop:"), self)
        self.group = QButtonGroup(self)
        for radio in (self.upcoming_radio, self.month_radio, self.one_radio):
            self.group.addButton(radio)
        self.upcoming_radio.setChecked(True)
        self.month_combo = QComboBox(self)
        self.month_combo.setAccessibleName(_("Month"))
        today = ctx.today()
        for offset in range(-2, 13):
            month = (today.month - 1 + offset) % 12 + 1
            year = today.year + (today.month - 1 + offset) // 12
            self.month_combo.addItem(f"{month:02d}/{year}", f"{year}-{month:02d}")
        self.month_combo.setCurrentIndex(2)
        self.workshop_combo = QComboBox(self)
        self.workshop_combo.setAccessibleName(_("Workshop"))
        buttons = dialog_buttons(self, _("&Choose the file…"), _("Choose the file")).box
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.upcoming_radio)
        layout.addWidget(self.month_radio)
        layout.addWidget(self.month_combo)
        layout.addWidget(self.one_radio)
        layout.addWidget(self.workshop_combo)
        layout.addWidget(buttons)
        start = today - dt.timedelta(days=60)
        (
            Op(self, lambda: workshops.list_workshops(ctx, start=start))
            .success(self._fill_workshops)
            .run()
        )

    def _fill_workshops(self, rows: list[workshops.WorkshopRow]) -> None:
        from pairdesk.formatting import short_date, short_time

        for row in rows:
            self.workshop_combo.addItem(
                _("{date} {time} — {title}").format(
                    date=short_date(row.held_on), time=short_time(row.starts_at), title=row.title
                ),
                row.id,
            )

    def choice(self) -> dict[str, Any]:
        if self.one_radio.isChecked() and self.workshop_combo.currentData() is not None:
            return {"workshop_id": int(self.workshop_combo.currentData())}
        if self.month_radio.isChecked():
            return {"month": str(self.month_combo.currentData())}
        return {"upcoming": True}


def export_workshop_calendar(window: Any, ctx: ServiceContext) -> None:
    """File > Export to calendar (.ics)…"""
    dialog = CalendarDialog(ctx, window)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return
    choice = dialog.choice()
    path = ask_save_path(
        window, _("Export to a calendar as"), "ateliers.ics", _("Calendar (*.ics)")
    )
    if path is None:
        return
    if path.suffix.lower() != ".ics":
        path = path.with_suffix(".ics")
    _export(
        window,
        lambda: calendar.export_calendar(ctx, path, overwrite=True, **choice),
        lambda result: ngettext(
            "{count} workshop written to {path}.",
            "{count} workshops written to {path}.",
            result.events,
        ).format(count=result.events, path=result.path),
    )


# -- the menu entries (called by MainWindow._build_menus) --------------------------------


def add_menu_actions(window: Any, file_menu: QMenu, help_menu: QMenu) -> None:
    """File: Import…, Export this list…, Export to calendar (.ics)…; Tools: Preferences…;
    Help: What is this screen for? (F1)."""
    ctx: ServiceContext = window.ctx
    before = getattr(window, "lock_action", None)

    def add(menu: QMenu, text: str, tip: str, slot: Any, shortcut: str = "") -> QAction:
        action = QAction(text, window)
        action.setStatusTip(tip)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False: slot())
        if menu is file_menu and before is not None:
            menu.insertAction(before, action)
        else:
            menu.addAction(action)
        return action

    window.import_action = add(
        file_menu,
        _("&Import…"),
        _("Bring participants, job offers or workshops in from a spreadsheet"),
        lambda: open_import(window, ctx),
        "Ctrl+I",
    )
    window.export_list_action = add(
        file_menu,
        _("E&xport this list…"),
        _("Save a list as a spreadsheet (CSV for Excel, or .xlsx)"),
        lambda: export_current_list(window, ctx),
        "Ctrl+E",
    )
    window.export_calendar_action = add(
        file_menu,
        _("Export to &calendar (.ics)…"),
        _("Put the workshops in a phone or computer calendar"),
        lambda: export_workshop_calendar(window, ctx),
    )
    if before is not None:
        file_menu.insertSeparator(before)
    tools = QMenu(_("&Tools"), window)
    window.menuBar().insertMenu(help_menu.menuAction(), tools)
    window.tools_menu = tools
    window.preferences_action = QAction(_("&Preferences…"), window)
    window.preferences_action.setMenuRole(QAction.MenuRole.PreferencesRole)
    window.preferences_action.setShortcut(QKeySequence("Ctrl+,"))
    window.preferences_action.triggered.connect(lambda _checked=False: open_preferences(window))
    tools.addAction(window.preferences_action)
    window.help_action = QAction(_("&What is this screen for?"), window)
    window.help_action.setShortcut(QKeySequence(QKeySequence.StandardKey.HelpContents))
    window.help_action.triggered.connect(lambda _checked=False: show_page_help(window))
    first = help_menu.actions()[0] if help_menu.actions() else None
    if first is not None:
        help_menu.insertAction(first, window.help_action)
    else:
        help_menu.addAction(window.help_action)


def open_import(window: Any, ctx: ServiceContext) -> Any:
    from pairdesk.ui.import_wizard import ImportKind, ImportWizard

    key = window.current_page_key()
    kind = {
        "job_offers": ImportKind.OFFERS,
        "cv_workshops": ImportKind.WORKSHOPS,
        "interview_coaching": ImportKind.WORKSHOPS,
    }.get(key, ImportKind.PARTICIPANTS)
    if not imports.importable_kinds(ctx):
        show_error(window, PermissionDenied(_("Your role does not allow importing lists.")))
        return None
    wizard = ImportWizard(ctx, window, kind=kind)

    def done(_report: object) -> None:
        refresh = getattr(window.page(window.current_page_key()), "refresh", None)
        if callable(refresh):
            refresh()

    wizard.imported.connect(done)
    window.dialog = wizard
    wizard.open()
    return wizard


def open_preferences(window: Any) -> Any:
    from pairdesk.ui.settings_dialog import PreferencesDialog

    dialog = PreferencesDialog(window.ctx, window)
    window.dialog = dialog
    dialog.open()
    return dialog


def show_page_help(window: Any) -> Any:
    from pairdesk.ui.help import show_help

    box = show_help(window, window.current_page_key(), window.current_page_label())
    window.dialog = box
    return box

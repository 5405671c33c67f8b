"""The network in the window: Indicators ▸ "Export for the network…" and File ▸ "Merge
network exports…".

The export dialog builds the ``pairdesk-pool/1`` export on the database worker and shows
:func:`pairdesk.services.pooling.preview_lines` for it; "Save as…" writes *that* export
(the same export number), so what the person read is exactly what leaves. Only a
coordinator exports (the service refuses anyone else; the menu entry is greyed out).

The merge dialog needs no vault: it reads the chosen files, adds them up with
:func:`pairdesk.domain.pooling.merge` and writes the regional report as PDF, Excel or
JSON. A refused file (altered, another version, another period, counted twice) is shown
in the dialog's error line, in the person's language.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtGui import QAction, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from pairdesk.domain.enums import Role
from pairdesk.domain.pooling import PoolExport
from pairdesk.errors import InvalidInput
from pairdesk.i18n import _, ngettext
from pairdesk.services import exports, pooling
from pairdesk.services.context import ServiceContext
from pairdesk.ui.export_actions import ask_save_path
from pairdesk.ui.forms import FormDialog
from pairdesk.ui.ops import Op
from pairdesk.ui.screens import available_area

#: The regional report's formats: (file suffix, label in the combo, Save dialog filter).
MERGE_FORMATS: tuple[tuple[str, str, str], ...] = (
    (".pdf", "PDF", "PDF (*.pdf)"),
    (".xlsx", "Excel (.xlsx)", "Excel (*.xlsx)"),
    (".json", "JSON (pairdesk-region/1)", "JSON (*.json)"),
)


def ask_open_paths(parent: QWidget | None) -> list[Path]:
    """The Open dialog for network exports (tests replace this function)."""
    chosen, _filter = QFileDialog.getOpenFileNames(
        parent, _("Network exports to merge"), str(Path.home()), _("Network exports (*.json)")
    )
    return [Path(name) for name in chosen]


def is_coordinator(ctx: ServiceContext) -> bool:
    return ctx.operator.id is None or ctx.operator.role is Role.COORDINATOR


def _tell(window: Any, text: str) -> None:
    show = getattr(window, "show_message", None)
    if callable(show):
        show(text)


class NetworkExportDialog(FormDialog):
    """The year, the "name us" tick, the plain-words preview, then Save as…"""

    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__(
            parent,
            _("Export for the network — pairdesk"),
            what=_("This export"),
            ok_text=_("&Save as…"),
            scrolled=True,
        )
        self.ctx = ctx
        self.form.ask_before_leaving = False  # nothing typed is lost: it is a preview
        #: The export the preview shows (None while it is being built or refused).
        self.export: PoolExport | None = None
        self._path: Path | None = None
        self._generation = 0
        self._sized = False
        self.year_field = QSpinBox(self)
        self.year_field.setRange(pooling.YEAR_MIN, pooling.YEAR_MAX)
        today = ctx.today()
        # the year just ended until the report is due (28 February), then this year
        self.year_field.setValue(today.year - 1 if today.month <= 2 else today.year)
        self.form.add("year", _("&Year:"), self.year_field)
        self.identity_box = QCheckBox(_("&Include our name and département"), self)
        self.form.add(
            "include_identity",
            _("Name:"),
            self.identity_box,
            help_text=_(
                "Without the tick, the file says nothing about which association it comes from."
            ),
        )
        self.preview = QPlainTextEdit(self)
        self.preview.setReadOnly(True)
        self.preview.setAccessibleName(_("What will leave the association"))
        self.preview.setMinimumHeight(self.fontMetrics().lineSpacing() * 14)
        # shown, not a field: nothing is typed there
        preview_label = QLabel(_("&What will leave:"), self)
        preview_label.setBuddy(self.preview)
        self.fields.addRow(preview_label, self.preview)
        self.year_field.valueChanged.connect(self.refresh_preview)
        self.identity_box.toggled.connect(self.refresh_preview)
        self.refresh_preview()

    def showEvent(self, event: QShowEvent) -> None:
        """Wide and tall enough to read the preview (within the screen), at any text size."""
        if not self._sized:
            self._sized = True
            metrics = self.fontMetrics()
            width, height = metrics.averageCharWidth() * 90, metrics.lineSpacing() * 32
            screen = available_area(self)
            if screen is not None:
                width = min(width, int(screen.width() * 0.9))
                height = min(height, int(screen.height() * 0.9))
            self.resize(max(width, self.width()), max(height, self.height()))
        super().showEvent(event)

    def options(self) -> pooling.ExportOptions:
        return pooling.ExportOptions(
            year=self.year_field.value(), include_identity=self.identity_box.isChecked()
        )

    def refresh_preview(self) -> None:
        """Build the export for the fields as they are, on the database worker."""
        self._generation += 1
        generation = self._generation
        self.export = None
        self.ok_button.setEnabled(False)
        self.preview.setPlainText(_("Computing…"))
        options = self.options()
        (
            Op(self, lambda: pooling.build_export(self.ctx, options))
            .success(lambda export: self._show(export, generation))
            .failure(lambda exc: self._refused(exc, generation))
            .run()
        )

    def _show(self, export: PoolExport, generation: int) -> None:
        if generation != self._generation:  # the fields changed meanwhile
            return
        self.export = export
        self.preview.setPlainText("\n".join(pooling.preview_lines(export)))
        self.ok_button.setEnabled(True)

    # The preview is rebuilt on every change: a refusal (a year out of range, not a
    # coordinator) replaces it and is shown in the form rather than in a message box.
    def _refused(self, exc: BaseException, generation: int) -> None:
        if generation != self._generation:
            return
        self.preview.setPlainText("")
        if not self.form.show_op_error(exc):
            self.form.route_error(exc)

    def before_submit(self) -> bool:
        """Ask where to save; closing the Save dialog keeps this one open."""
        if self.export is None:
            return False  # the preview is not ready: nothing to save yet
        path = ask_save_path(
            self,
            _("Save the network export as"),
            f"pairdesk-reseau-{self.export.start.year}.json",
            _("Network export (*.json)"),
        )
        if path is None:
            return False
        self._path = path if path.suffix.lower() == ".json" else path.with_suffix(".json")
        return True

    def action(self) -> Callable[[], Path]:
        export, path = self.export, self._path
        if export is None or path is None:
            raise InvalidInput(_("The preview is not ready yet."))
        return lambda: pooling.write_export(self.ctx, export, path, overwrite=True)


def merge_files(paths: Sequence[Path], destination: Path) -> tuple[int, Path]:
    """Read, check and add up the exports, then write the regional report (on the worker).

    Returns the number of associations and the written path; raises ``InvalidInput`` for
    a refused file."""
    from pairdesk.domain.pooling import merge

    read = pooling.read_export_files(paths, field="files", short_names=True)
    report = merge(read)
    from pairdesk.reports.network_report import regional_report_bytes

    payload = regional_report_bytes(report, destination.suffix, printed_on=dt.date.today())
    written = exports.write_file(destination, payload, overwrite=True)
    return report.associations, written


class ExportFileList(QListWidget):
    """The chosen files, one per line (the full path on hover); the form kit reads it."""

    def paths(self) -> list[Path]:
        return [Path(str(self.item(row).toolTip())) for row in range(self.count())]

    def raw_value(self) -> list[str]:
        return [str(path) for path in self.paths()]

    def set_raw_value(self, value: object) -> None:
        self.clear()
        for name in value if isinstance(value, list) else []:
            self.add_path(Path(str(name)))

    def value(self) -> list[Path]:
        return self.paths()

    def set_value(self, value: object) -> None:
        self.set_raw_value(value)

    def add_path(self, path: Path) -> None:
        self.addItem(path.name)
        self.item(self.count() - 1).setToolTip(str(path))


class MergeExportsDialog(FormDialog):
    """Files chosen, the report's format, then Save as… (no vault needed)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            parent,
            _("Merge network exports — pairdesk"),
            what=_("This regional report"),
            ok_text=_("&Merge and save as…"),
        )
        self.form.ask_before_leaving = False
        self.paths: list[Path] = []
        self._path: Path | None = None
        self.file_list = ExportFileList(self)
        self.file_list.setAccessibleName(_("Network exports to merge"))
        self.add_button = QPushButton(_("&Add files…"), self)
        self.add_button.setAccessibleName(_("Add network exports"))
        self.remove_button = QPushButton(_("Remo&ve"), self)
        self.remove_button.setAccessibleName(_("Remove the selected export"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        self.form.add("files", _("&Exports:"), self.file_list)
        self.fields.addRow("", buttons)
        self.format_combo = QComboBox(self)
        for suffix, label, _filter in MERGE_FORMATS:
            self.format_combo.addItem(label, suffix)
        self.form.add("format", _("&Report as:"), self.format_combo)
        self.add_button.clicked.connect(self.add_files)
        self.remove_button.clicked.connect(self.remove_selected)

    def add_files(self, paths: Sequence[Path] | None = None) -> None:
        chosen = ask_open_paths(self) if not paths else list(paths)
        for path in chosen:
            if path not in self.paths:
                self.paths.append(path)
                self.file_list.add_path(path)

    def remove_selected(self) -> None:
        row = self.file_list.currentRow()
        if 0 <= row < len(self.paths):
            del self.paths[row]
            self.file_list.takeItem(row)

    def before_submit(self) -> bool:
        """Ask where to save (once there are files); closing the Save dialog stays here."""
        self._path = None
        if not self.paths:
            return True  # action() says what is missing, beside the list
        suffix = str(self.format_combo.currentData())
        filters = {item[0]: item[2] for item in MERGE_FORMATS}
        path = ask_save_path(
            self, _("Save the regional report as"), f"rapport-regional{suffix}", filters[suffix]
        )
        if path is None:
            return False
        self._path = path if path.suffix.lower() == suffix else path.with_suffix(suffix)
        return True

    def action(self) -> Callable[[], tuple[int, Path]]:
        if not self.paths or self._path is None:
            raise InvalidInput(_("Add at least one network export to merge."), field="files")
        paths, path = list(self.paths), self._path
        return lambda: merge_files(paths, path)


# -- the menu entries (called by MainWindow._build_menus) --------------------------------


def open_network_export(window: Any) -> NetworkExportDialog:
    dialog = NetworkExportDialog(window.ctx, window)
    dialog.saved.connect(
        lambda path: _tell(window, _("Network export written to {path}.").format(path=path))
    )
    window.dialog = dialog
    dialog.open()
    return dialog


def open_merge(window: Any) -> MergeExportsDialog:
    dialog = MergeExportsDialog(window)

    def done(result: tuple[int, Path]) -> None:
        count, path = result
        _tell(
            window,
            ngettext(
                "{count} export added up: {path}", "{count} exports added up: {path}", count
            ).format(count=count, path=path),
        )

    dialog.saved.connect(done)
    window.dialog = dialog
    dialog.open()
    return dialog


def _open_year_form(window: Any) -> None:
    from pairdesk.ui.year_form_dialog import open_year_form

    open_year_form(window)


def _open_annual_report(window: Any) -> None:
    from pairdesk.ui.views.indicators.annual_report import open_annual_report

    open_annual_report(window)


def _coordinator_action(
    window: Any, menu: QMenu, text: str, tip: str, slot: Callable[[], object]
) -> QAction:
    """A menu entry only a coordinator may use: greyed for the others, saying why."""
    action = QAction(text, window)
    action.setEnabled(is_coordinator(window.ctx))
    action.setStatusTip(tip if action.isEnabled() else _("Only a coordinator can use this."))
    action.triggered.connect(lambda _checked=False: slot())
    menu.addAction(action)
    return action


def add_network_actions(window: Any, file_menu: QMenu) -> None:
    """Indicators ▸ Export for the network… and The association's year… (coordinator
    only), Annual activity report…; File ▸ Merge network
    exports… (after the other exports, before the separator above Lock)."""
    menu = QMenu(_("I&ndicators"), window)
    tools = getattr(window, "tools_menu", None)
    if isinstance(tools, QMenu):
        window.menuBar().insertMenu(tools.menuAction(), menu)
    else:
        window.menuBar().addMenu(menu)
    window.indicators_menu = menu
    window.network_export_action = _coordinator_action(
        window,
        menu,
        _("Export for the &network…"),
        _("Save the year's figures for the regional network: counts only, nothing personal"),
        lambda: open_network_export(window),
    )
    window.year_form_action = _coordinator_action(
        window,
        menu,
        _("The association's &year…"),
        _("What the annual activity report needs and pairdesk cannot count, kept per year"),
        lambda: _open_year_form(window),
    )
    annual = QAction(_("&Annual activity report…"), window)
    annual.setStatusTip(
        _("Print, or save as PDF or Excel, the yearly report to the ARS (no name in it)")
    )
    annual.triggered.connect(lambda _checked=False: _open_annual_report(window))
    menu.addAction(annual)
    window.annual_report_action = annual
    merge = QAction(_("&Merge network exports…"), window)
    merge.setStatusTip(_("Add up the exports of several associations into a regional report"))
    merge.triggered.connect(lambda _checked=False: open_merge(window))
    actions = file_menu.actions()
    lock = getattr(window, "lock_action", None)
    at = actions.index(lock) if lock in actions else -1
    before = actions[at - 1] if at > 0 and actions[at - 1].isSeparator() else lock
    if before is not None and before in actions:
        file_menu.insertAction(before, merge)
    else:
        file_menu.addAction(merge)
    window.merge_exports_action = merge

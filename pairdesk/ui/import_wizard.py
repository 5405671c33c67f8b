"""File > Import…: bring participants, job offers or workshops in from CSV or ``.xlsx``.

Four steps, each calling ``pairdesk.services.imports`` through the database worker:

1. the file and what it holds (participants, offers, workshops) — ``read_table``;
2. which column goes to which field (a combo per column, pre-filled by
   ``guess_mapping``) with a live preview of the first rows, each one ready, impossible
   (with the reasons) or a likely duplicate — ``preview``;
3. what to do with each likely duplicate: skip it, import it as a new record or merge it
   into the existing file;
4. the import itself (one transaction: nothing is half-imported) and its report: the
   rows imported and the rows that could not be, with their row numbers and reasons.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from pairdesk.domain.tabular import cell_text
from pairdesk.errors import InvalidInput, UserError
from pairdesk.i18n import _, ngettext
from pairdesk.services import imports
from pairdesk.services.context import ServiceContext
from pairdesk.services.imports import (
    DuplicateDecision,
    ImportKind,
    ImportPreview,
    ImportReport,
    PreviewRow,
    RowStatus,
    Table,
)
from pairdesk.ui.errors import show_error
from pairdesk.ui.fit_labels import fitting_width
from pairdesk.ui.ops import Op, ProgressCallback, TaskCancelled
from pairdesk.ui.widgets import FieldErrors
from pairdesk.ui.widgets.dialog_parts import name_wizard_buttons, path_row, wrapped_label
from pairdesk.ui.widgets.field_error import make_error_label

PREVIEW_ROWS = 20
PREVIEW_DELAY_MS = 250
NOT_IMPORTED = ""  # the combo entry "do not import this column"


def _separator_name(separator: str | None) -> str:
    return {";": _("semicolon (;)"), ",": _("comma (,)"), "\t": _("tab")}.get(
        separator or "", _("none")
    )


def _table_widget(parent: QWidget, name: str, headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers), parent)
    table.setHorizontalHeaderLabels(headers)
    table.setAccessibleName(name)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setWordWrap(True)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def _item(text: str) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setToolTip(text)
    return item


# -- step 1: the file --------------------------------------------------------------------


def _file_hint(kind: ImportKind) -> str:
    """The file page's subtitle, with column names of that kind of file (a tester read
    « Nom, Prénom, Date de naissance » while importing offers)."""
    columns = {  # headers as French spreadsheets write them, in every language
        ImportKind.PARTICIPANTS: "Nom, Prénom, Date de naissance…",
        ImportKind.OFFERS: "Intitulé du poste, Employeur, Lieu…",
        ImportKind.WORKSHOPS: "Date, Début, Fin, Type d'atelier…",
    }[kind]
    return _(
        "A CSV file or an Excel workbook (.xlsx). The first line must hold the column names "
        "({columns})."
    ).format(columns=columns)


def likely_kind(
    recognised: Mapping[ImportKind, int], chosen: ImportKind, among: Sequence[ImportKind]
) -> ImportKind:
    """The kind ``among`` those given whose fields the most columns name (``recognised``:
    how many columns ``guess_mapping`` maps for each kind); ``chosen`` unless another names
    more of them."""
    best = max(among, key=lambda kind: recognised[kind], default=chosen)
    return best if recognised[best] > recognised[chosen] else chosen


class FilePage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.wiz = wizard
        self.setTitle(_("Choose the file"))
        self.errors = FieldErrors()
        self.kind_combo = QComboBox(self)
        self.kind_combo.setAccessibleName(_("What the file holds"))
        #: what this operator may import: the others are greyed out, so that a refusal
        #: does not come after the file is chosen and its columns read (a tester)
        self.allowed = imports.importable_kinds(wizard.ctx)
        for kind in ImportKind:
            self.kind_combo.addItem(kind.label, kind.value)
            if kind not in self.allowed:
                item = self.kind_combo.model().item(self.kind_combo.count() - 1)  # type: ignore[attr-defined]
                item.setEnabled(False)
                item.setToolTip(_("Your role does not allow importing this list."))
        kind_label = QLabel(_("The file &holds:"), self)
        kind_label.setBuddy(self.kind_combo)

        self.path_field = QLineEdit(self)
        self.path_field.setAccessibleName(_("File to import"))
        self.browse_button = QPushButton(_("&Browse…"), self)
        self.browse_button.setAccessibleName(_("Choose the file to import"))
        row = path_row(self, self.path_field, self.browse_button)
        path_label = QLabel(_("&File:"), self)
        path_label.setBuddy(self.path_field)

        self.info_label = wrapped_label("", self)
        self.info_label.setObjectName("importFileInfo")

        form = QFormLayout(self)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.addRow(kind_label, self.kind_combo)
        form.addRow(path_label, self.errors.wrap("path", row))
        form.addRow("", self.info_label)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(PREVIEW_DELAY_MS)
        self._timer.timeout.connect(self.load)
        self.path_field.textChanged.connect(self._path_changed)
        self.kind_combo.currentIndexChanged.connect(self._kind_changed)
        self.setSubTitle(_file_hint(self.kind()))
        self.browse_button.clicked.connect(self.browse)
        self._loaded_path: str | None = None
        self._generation = 0

    def kind(self) -> ImportKind:
        return ImportKind(str(self.kind_combo.currentData()))

    def set_kind(self, kind: ImportKind) -> None:
        kind = ImportKind(kind)
        if kind not in self.allowed and self.allowed:
            kind = self.allowed[0]
        self.kind_combo.setCurrentIndex(max(0, self.kind_combo.findData(kind.value)))

    def _kind_changed(self) -> None:
        self.wiz.kind = self.kind()
        self.setSubTitle(_file_hint(self.wiz.kind))
        self.completeChanged.emit()

    def _path_changed(self) -> None:
        self.wiz.table = None
        self._loaded_path = None
        self.info_label.clear()
        self.errors.clear()
        self.completeChanged.emit()
        self._timer.start()

    def browse(self) -> None:
        chosen, _filter = QFileDialog.getOpenFileName(
            self,
            _("Choose the file to import"),
            self.path_field.text() or str(Path.home()),
            _("Spreadsheets (*.csv *.txt *.xlsx);;All files (*)"),
        )
        if chosen:
            self.path_field.setText(chosen)

    def load(self) -> None:
        text = self.path_field.text().strip()
        if not text:
            return
        self._generation += 1
        generation = self._generation
        path = Path(text).expanduser()
        if not path.is_file():
            self.errors.show(InvalidInput(_("There is no file at this place."), field="path"))
            return
        (
            Op(self, lambda: imports.read_table(path))
            .success(lambda table: self._loaded(generation, text, table))
            # Not the default routing: a stale read shows nothing; a refusal is about the file
            .failure(lambda exc: self._failed(generation, exc))
            .busy(_("Reading the file…"))
            .run()
        )

    def _loaded(self, generation: int, text: str, table: Table) -> None:
        if generation != self._generation:
            return
        self.wiz.table = table
        self._loaded_path = text
        rows = len(table.rows)
        found = ngettext("{count} row found", "{count} rows found", rows).format(count=rows)
        if table.detected_encoding:
            detail = _("{rows}; text encoding {encoding}, cells separated by {separator}.").format(
                rows=found,
                encoding=table.detected_encoding,
                separator=_separator_name(table.detected_separator),
            )
        else:
            detail = _("{rows} in the sheet {sheet}.").format(
                rows=found, sheet=table.sheet_name or ""
            )
        # each kind's columns guessed once, for any kind and for those this role may import
        recognised = {kind: len(imports.guess_mapping(kind, table.headers)) for kind in ImportKind}
        anyone = likely_kind(recognised, self.kind(), tuple(ImportKind))
        likely = likely_kind(recognised, self.kind(), self.allowed)
        if anyone not in self.allowed:
            detail = _(
                "{detail} Its columns are those of: {kind}, which your role does not allow "
                "importing."
            ).format(detail=detail, kind=anyone.label)
        elif likely is not self.kind():
            # The kind preselected follows the page the import was started from: a list of
            # people opened from the coaching page went on as workshops, every column
            # unknown (a tester's finding). The columns say what the file holds.
            self.set_kind(likely)
            detail = _("{detail} Its columns are those of: {kind} (chosen above).").format(
                detail=detail, kind=likely.label
            )
        self.info_label.setText(detail)
        self.completeChanged.emit()

    def _failed(self, generation: int, exc: BaseException) -> None:
        if generation != self._generation:
            return
        if isinstance(exc, UserError):
            self.errors.show(InvalidInput(exc.message, field="path"))
        else:
            show_error(self, exc)

    def isComplete(self) -> bool:
        return self.wiz.table is not None and self._loaded_path == self.path_field.text().strip()

    def validatePage(self) -> bool:
        self.wiz.kind = self.kind()
        return self.isComplete()


# -- step 2: the columns and the preview -------------------------------------------------


class MappingPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.wiz = wizard
        self.setTitle(_("Which column goes where?"))
        self.setSubTitle(
            _(
                "pairdesk recognised the columns it could. Check each one, and choose "
                "“Do not import” for a column you do not want. The preview below shows "
                "how the first rows will be read."
            )
        )
        self.columns = _table_widget(
            self, _("Columns of the file"), [_("Column"), _("First value"), _("Goes to")]
        )
        self.columns.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.combos: list[QComboBox] = []
        self.problem_label = wrapped_label("", self)
        self.problem_label.setObjectName("mappingProblem")
        make_error_label(self.problem_label)
        self.counts_label = wrapped_label("", self)
        self.counts_label.setObjectName("previewCounts")
        self.check_again = QPushButton(_("&Check the rows again"), self)
        self.check_again.setObjectName("checkAgain")
        self.check_again.clicked.connect(self.update_preview)
        self.check_again.hide()  # after a check the person cancelled
        self.preview_table = _table_widget(self, _("Preview of the first rows"), [])
        preview_caption = QLabel(_("&Preview:"), self)
        preview_caption.setBuddy(self.preview_table)

        layout = QVBoxLayout(self)
        layout.addWidget(self.columns, 2)
        layout.addWidget(self.problem_label)
        layout.addWidget(self.counts_label)
        layout.addWidget(self.check_again, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(preview_caption)
        layout.addWidget(self.preview_table, 3)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(PREVIEW_DELAY_MS)
        self._timer.timeout.connect(self.update_preview)
        self._generation = 0
        self.preview: ImportPreview | None = None  # every row: the next step reuses it
        self.checked_mapping: dict[int, str] = {}  # the mapping ``preview`` was checked with

    def initializePage(self) -> None:
        table = self.wiz.table
        assert table is not None
        kind = self.wiz.kind
        choices = imports.field_choices(kind)
        self.labels = {c.key: c.label for c in choices}
        guessed = imports.guess_mapping(kind, table.headers)
        width = max([len(table.headers), *(len(r) for r in table.rows)], default=0)
        self.combos = []
        self.columns.setRowCount(width)
        for column in range(width):
            label = table.column_label(column)
            first = next(
                (
                    cell_text(r[column])
                    for r in table.rows
                    if column < len(r) and r[column] not in (None, "")
                ),
                "",
            )
            self.columns.setItem(column, 0, _item(label))
            self.columns.setItem(column, 1, _item(first))
            combo = QComboBox(self.columns)
            combo.setAccessibleName(_("Field for the column {column}").format(column=label))
            combo.addItem(_("Do not import"), NOT_IMPORTED)
            for choice in choices:
                text = (
                    _("{field} (required)").format(field=choice.label)
                    if choice.required
                    else choice.label
                )
                combo.addItem(text, choice.key)
            combo.setCurrentIndex(max(0, combo.findData(guessed.get(column, NOT_IMPORTED))))
            combo.currentIndexChanged.connect(self._mapping_changed)
            self.columns.setCellWidget(column, 2, combo)
            self.combos.append(combo)
        self.columns.resizeRowsToContents()
        self.preview = None
        self.update_preview()

    def mapping(self) -> dict[int, str]:
        return {
            column: str(combo.currentData())
            for column, combo in enumerate(self.combos)
            if combo.currentData()
        }

    def set_field(self, column: int, key: str) -> None:
        combo = self.combos[column]
        combo.setCurrentIndex(max(0, combo.findData(key)))

    def _mapping_changed(self) -> None:
        self.preview = None
        self.completeChanged.emit()
        self._timer.start()

    def update_preview(self) -> None:
        table = self.wiz.table
        if table is None:
            return
        self._generation += 1
        generation = self._generation
        ctx, kind, mapping = self.wiz.ctx, self.wiz.kind, self.mapping()
        self.counts_label.setText(_("Checking the rows…"))
        self.check_again.hide()

        def work(progress: ProgressCallback) -> ImportPreview:
            def told(done: int, total: int) -> bool:
                # A newer mapping was chosen: this trial stops at its next batch, so the
                # worker turns to the new one at once (issue 12: a dry run of 10,000 rows
                # takes seconds, and each change of a column used to queue another).
                return generation == self._generation and progress(done, total)

            try:
                # every row's status: the duplicates step shows them without a second
                # trial run of the whole file (only the first PREVIEW_ROWS are shown here)
                return imports.preview(ctx, kind, table, mapping, len(table.rows), progress=told)
            except imports.ImportCancelled:
                raise TaskCancelled from None

        (
            # A bar and Cancel after a second, as for the import itself
            Op.with_progress(self, work)
            # Not the default routing: a stale preview shows nothing; the old preview is cleared
            .success(lambda result: self._show_preview(generation, result, mapping))
            .failure(lambda exc: self._preview_failed(generation, exc))  # stale: nothing
            .cancelled(lambda: self._preview_cancelled(generation))
            .run()
        )

    def _preview_cancelled(self, generation: int) -> None:
        if generation != self._generation:
            return  # replaced by the check of a newer mapping
        self.preview = None
        self.preview_table.setRowCount(0)
        self.counts_label.setText(_("The rows were not checked: the check was cancelled."))
        self.check_again.show()
        self.completeChanged.emit()

    def _preview_failed(self, generation: int, exc: BaseException) -> None:
        if generation != self._generation:
            return
        self.preview = None
        self.counts_label.clear()
        self.preview_table.setRowCount(0)
        if isinstance(exc, UserError):
            self.problem_label.setText(_("Error: {message}").format(message=exc.message))
        else:
            show_error(self, exc)
        self.completeChanged.emit()

    def _show_preview(
        self, generation: int, result: ImportPreview, mapping: dict[int, str]
    ) -> None:
        if generation != self._generation:
            return
        self.preview = result
        self.checked_mapping = dict(mapping)
        if result.missing_fields:
            self.problem_label.setText(
                _("Error: choose a column for: {fields}.").format(
                    fields=", ".join(result.missing_fields)
                )
            )
        else:
            self.problem_label.clear()
        self.counts_label.setText(
            _(
                "Rows in the file: {total}. Ready: {valid}. Cannot be imported: {invalid}. "
                "Likely duplicates: {duplicates}."
            ).format(
                total=result.total_rows,
                valid=result.valid_count,
                invalid=result.invalid_count,
                duplicates=result.duplicate_count,
            )
        )
        keys = [key for _column, key in result.mapping]
        headers = [_("Row"), _("Status"), _("Why")] + [self.labels.get(k, k) for k in keys]
        self.preview_table.clear()
        self.preview_table.setColumnCount(len(headers))
        self.preview_table.setHorizontalHeaderLabels(headers)
        shown = result.rows[:PREVIEW_ROWS]
        self.preview_table.setRowCount(len(shown))
        for index, row in enumerate(shown):
            values = dict(row.values)
            cells = [str(row.row_number), row.status.label, _why(row)] + [
                values.get(k, "") for k in keys
            ]
            for column, text in enumerate(cells):
                self.preview_table.setItem(index, column, _item(text))
        self.preview_table.resizeColumnsToContents()
        self.preview_table.resizeRowsToContents()
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self.preview is not None and self.preview.can_import

    def validatePage(self) -> bool:
        self.wiz.mapping = self.mapping()
        return self.isComplete()


def _why(row: PreviewRow) -> str:
    if row.status is RowStatus.DUPLICATE and row.duplicate_of is not None:
        match = row.duplicate_of
        if match.earlier_row is not None:
            return _("Same as row {row}: {description}").format(
                row=match.earlier_row, description=match.description
            )
        return _("Already in pairdesk: {description}").format(description=match.description)
    return " ".join(row.reasons)  # sentences, each with its full stop (« connues.; Début »)


# -- step 3: likely duplicates -----------------------------------------------------------


def _duplicates_intro(kind: ImportKind) -> str:
    """What the duplicates page compares, for that kind of file (a tester read « same birth
    date » for offers, and for a person matched without one)."""
    if kind is ImportKind.PARTICIPANTS:
        return _(
            "These rows look like people already known: the same name (capitals, accents, "
            "spaces and hyphens aside) and the same birth date, or none on one side. Choose "
            "for each one: skip it, import it as a new person, or merge it (the empty fields "
            "of the existing file are filled from the row)."
        )
    if kind is ImportKind.OFFERS:
        return _(
            "These rows look like offers already known: the same job title and employer "
            "(capitals and accents aside). Choose for each one: skip it or import it as a "
            "new offer."
        )
    return _(
        "These rows look like workshops already known: the same kind, day and start time. "
        "Choose for each one: skip it or import it as a new workshop."
    )


class DuplicatesPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.wiz = wizard
        self.setTitle(_("Likely duplicates"))
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, _("&Import"))
        self.intro = wrapped_label("", self)
        self.intro.setObjectName("duplicatesIntro")
        self.table = _table_widget(
            self, _("Likely duplicates"), [_("Row"), _("Looks like"), _("What to do")]
        )
        self.combos: dict[int, QComboBox] = {}
        # The choice always in sight: the description wraps in the room left (a long offer
        # pushed « What to do » out of the page, a tester), rows as high as their text once
        # the columns have their width.
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.sectionResized.connect(lambda *_args: self.table.resizeRowsToContents())
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.table, 1)
        self.rows: list[PreviewRow] | None = None

    def initializePage(self) -> None:
        self.rows = None
        self.combos = {}
        self.table.setRowCount(0)
        self.intro.setText(_("Looking for likely duplicates…"))
        table, ctx, kind, mapping = self.wiz.table, self.wiz.ctx, self.wiz.kind, self.wiz.mapping
        assert table is not None
        checked = self.wiz.mapping_page
        if checked.preview is not None and checked.checked_mapping == mapping:
            self._show(checked.preview)  # the columns' step checked every row already
            return

        def work(progress: ProgressCallback) -> ImportPreview:
            try:
                return imports.preview(
                    ctx, kind, table, mapping, len(table.rows), progress=progress
                )
            except imports.ImportCancelled:
                raise TaskCancelled from None

        (
            Op.with_progress(self, work)  # a bar and Cancel: a big file takes seconds
            .success(self._show)
            .cancelled(self.wiz.back)  # back to the columns, nothing was written
            .run()
        )

    def _show(self, result: ImportPreview) -> None:
        self.rows = [r for r in result.rows if r.status is RowStatus.DUPLICATE]
        valid = result.valid_count
        if not self.rows:
            self.intro.setText(
                ngettext(
                    "No likely duplicate. {count} row will be imported; press Import.",
                    "No likely duplicate. {count} rows will be imported; press Import.",
                    valid,
                ).format(count=valid)
            )
        else:
            self.intro.setText(_duplicates_intro(self.wiz.kind))
        decisions = [DuplicateDecision.SKIP, DuplicateDecision.IMPORT]
        if self.wiz.kind is ImportKind.PARTICIPANTS:
            decisions.append(DuplicateDecision.MERGE)
        names = {
            DuplicateDecision.SKIP: _("Skip this row"),
            DuplicateDecision.IMPORT: _("Import as a new record"),
            DuplicateDecision.MERGE: _("Merge into the existing record"),
        }
        self.table.setRowCount(len(self.rows))
        for index, row in enumerate(self.rows):
            self.table.setItem(index, 0, _item(str(row.row_number)))
            self.table.setItem(index, 1, _item(_why(row)))
            combo = QComboBox(self.table)
            combo.setAccessibleName(_("What to do with row {row}").format(row=row.row_number))
            for decision in decisions:
                combo.addItem(names[decision], decision.value)
            self.table.setCellWidget(index, 2, combo)
            self.combos[row.row_number] = combo
        self.table.resizeRowsToContents()
        self.completeChanged.emit()

    def set_decision(self, row_number: int, decision: DuplicateDecision) -> None:
        combo = self.combos[row_number]
        combo.setCurrentIndex(max(0, combo.findData(DuplicateDecision(decision).value)))

    def decisions(self) -> dict[int, str]:
        return {row: str(combo.currentData()) for row, combo in self.combos.items()}

    def isComplete(self) -> bool:
        return self.rows is not None

    def validatePage(self) -> bool:
        self.wiz.decisions = self.decisions()
        return self.isComplete()


# -- step 4: the import and its report ---------------------------------------------------


class ResultPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.wiz = wizard
        self.setTitle(_("Import report"))
        self.summary = wrapped_label("", self)
        self.summary.setObjectName("importSummary")
        self.imported_table = _table_widget(
            self, _("Rows read and what was done"), [_("Row"), _("What was done")]
        )
        self.invalid_table = _table_widget(self, _("Rows not imported"), [_("Row"), _("Why")])
        imported_caption = QLabel(_("Rows read and &what was done:"), self)
        imported_caption.setBuddy(self.imported_table)
        invalid_caption = QLabel(_("Rows &not imported:"), self)
        invalid_caption.setBuddy(self.invalid_table)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(imported_caption)
        layout.addWidget(self.imported_table, 1)
        layout.addWidget(invalid_caption)
        layout.addWidget(self.invalid_table, 1)
        self.report: ImportReport | None = None

    def initializePage(self) -> None:
        self.report = None
        self.summary.setText(_("Importing… Please wait."))
        table, ctx, kind = self.wiz.table, self.wiz.ctx, self.wiz.kind
        mapping, decisions = self.wiz.mapping, self.wiz.decisions
        assert table is not None

        def work(progress: ProgressCallback) -> ImportReport:
            try:
                return imports.run_import(
                    ctx, kind, table, mapping, duplicates=decisions, progress=progress
                )
            except imports.ImportCancelled:
                raise TaskCancelled from None

        (
            # Not the default routing: the summary page says nothing was imported
            Op.with_progress(self, work)  # a bar, and Cancel (nothing is kept)
            .success(self._show)
            .failure(self._failed)  # the summary page
            .cancelled(self._cancelled)
            .busy(_("Importing…"))
            .run()
        )

    def _cancelled(self) -> None:
        self.summary.setText(_("The import was cancelled; nothing was imported."))
        self.report = None
        self.wiz.failed = True
        self.completeChanged.emit()

    def _failed(self, exc: BaseException) -> None:
        message = exc.message if isinstance(exc, UserError) else ""
        self.summary.setText(
            _("Nothing was imported: {message}").format(message=message)
            if message
            else _("Nothing was imported.")
        )
        if not isinstance(exc, UserError):
            show_error(self, exc)
        self.report = None
        self.wiz.failed = True
        self.completeChanged.emit()

    def _show(self, report: ImportReport) -> None:
        self.report = report
        self.wiz.report = report
        done: list[tuple[int, str]] = [(r.row_number, _("Imported")) for r in report.imported]
        done += [(d.row_number, imports.duplicate_outcome(d)) for d in report.duplicates]
        done.sort()
        problems = sorted(imports.iter_problems(report))
        counts = _("Imported: {imported}. Merged: {merged}. Skipped: {skipped}.").format(
            imported=report.imported_count,
            merged=report.merged_count,
            skipped=report.skipped_count,
        )
        if report.invalid:
            counts += " " + _(
                "Not imported: {invalid} (listed below with the reason). Correct those rows "
                "in the file and import them again if needed."
            ).format(invalid=len(report.invalid))
        self.summary.setText(counts)
        self.imported_table.setRowCount(len(done))
        for index, (number, text) in enumerate(done):
            self.imported_table.setItem(index, 0, _item(str(number)))
            self.imported_table.setItem(index, 1, _item(text))
        self.invalid_table.setRowCount(len(problems))
        for index, (number, reason) in enumerate(problems):
            self.invalid_table.setItem(index, 0, _item(str(number)))
            self.invalid_table.setItem(index, 1, _item(reason))
        self.imported_table.resizeColumnToContents(0)
        self.invalid_table.resizeColumnToContents(0)
        self.completeChanged.emit()
        self.wiz.imported.emit(report)

    def listed(self, table: QTableWidget) -> list[tuple[int, str]]:
        """(row number, text) as shown in one of the two lists."""
        out: list[tuple[int, str]] = []
        for index in range(table.rowCount()):
            number, text = table.item(index, 0), table.item(index, 1)
            if number is not None and text is not None:
                out.append((int(number.text()), text.text()))
        return out

    def isComplete(self) -> bool:
        return self.report is not None or self.wiz.failed


class ImportWizard(QWizard):
    """The import assistant. ``imported(report)`` when rows went in."""

    imported = Signal(object)

    def __init__(
        self,
        ctx: ServiceContext,
        parent: QWidget | None = None,
        *,
        kind: ImportKind | None = None,
        path: Path | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.kind = ImportKind(kind or ImportKind.PARTICIPANTS)
        self.table: Table | None = None
        self.mapping: dict[int, str] = {}
        self.decisions: dict[int, str] = {}
        self.report: ImportReport | None = None
        self.failed = False
        self.setObjectName("importWizard")
        self.setWindowTitle(_("Import a spreadsheet — pairdesk"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.file_page = FilePage(self)
        self.mapping_page = MappingPage(self)
        self.duplicates_page = DuplicatesPage(self)
        self.result_page = ResultPage(self)
        for page in (self.file_page, self.mapping_page, self.duplicates_page, self.result_page):
            self.addPage(page)
        self.file_page.set_kind(self.kind)
        name_wizard_buttons(self, _("Import"))
        self.resize(fitting_width(self, 100, at_least=760, share=0.95), 600)
        if path is not None:
            self.file_page.path_field.setText(str(path))


def open_import_wizard(
    ctx: ServiceContext, parent: QWidget | None = None, **kwargs: Any
) -> ImportWizard:
    wizard = ImportWizard(ctx, parent, **kwargs)
    wizard.open()
    return wizard

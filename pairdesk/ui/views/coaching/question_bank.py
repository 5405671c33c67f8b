"""The editable question bank: questions by category, each with its advice."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QItemSelection, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from pairdesk.domain.enums import QuestionCategory
from pairdesk.i18n import _, ngettext
from pairdesk.services import coaching
from pairdesk.services.coaching import QuestionView
from pairdesk.services.context import ServiceContext
from pairdesk.ui.drafts import Restored, RestoreDone, fields_of, record_id
from pairdesk.ui.forms import Form
from pairdesk.ui.forms.waiting import draft_record_failed
from pairdesk.ui.models.coaching_model import QuestionBankModel
from pairdesk.ui.ops import Op
from pairdesk.ui.widgets.flow_layout import FlowRow
from pairdesk.ui.widgets.form_errors import ErrorLabel
from pairdesk.ui.widgets.layouts import labelled_pair
from pairdesk.ui.widgets.questions import ask


class QuestionBankTab(QWidget):
    """List on the left, the selected question's form on the right."""

    status_message = Signal(str)
    bank_changed = Signal()

    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._current: QuestionView | None = None
        self._after_save_select: int | None = None
        self._changing_selection = False

        # -- list ------------------------------------------------------------------
        left = QWidget(self)
        self.category_filter = QComboBox(left)
        self.category_filter.setAccessibleName(_("Show the questions of a category"))
        self.category_filter.addItem(_("All categories"), None)
        for category in QuestionCategory:
            self.category_filter.addItem(category.label, category.value)
        self.show_hidden = QCheckBox(_("Show hi&dden questions"), left)
        self.show_hidden.setAccessibleName(_("Show hidden questions"))
        self.count_label = QLabel(left)
        self.count_label.setAccessibleName(_("Number of questions"))
        self.model = QuestionBankModel(self)
        self.table = QTableView(left)
        self.table.setModel(self.model)
        self.table.setAccessibleName(_("Question bank"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.setWordWrap(True)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QuestionBankModel.CATEGORY, QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QuestionBankModel.QUESTION, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(
            QuestionBankModel.SHOWN, QHeaderView.ResizeMode.ResizeToContents
        )
        self.table.setColumnWidth(
            QuestionBankModel.CATEGORY, self.fontMetrics().averageCharWidth() * 20
        )
        filters = FlowRow(left, spacing=12)
        filters.addWidget(labelled_pair(filters, _("C&ategory:"), self.category_filter))
        filters.addWidget(self.show_hidden)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(filters)
        left_layout.addWidget(self.table, 1)
        left_layout.addWidget(self.count_label)

        # -- editor ----------------------------------------------------------------
        right = QWidget(self)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.editor_title = QLabel(_("New question"), right)
        font = self.editor_title.font()
        font.setBold(True)
        self.editor_title.setFont(font)
        general = ErrorLabel(right)
        right_body = QWidget(right)
        right_body.setLayout(form)
        self.form = Form(self, form, what=_("This question"), general_error=general)
        self.form.draft_form = "question"
        self.form.save_path = self.save
        self.form.reload = self._reload_current  # "Reload their version"
        self.form.describe_draft = self._describe_draft
        self.category_field = self.form.add("category", _("Cate&gory:"), QComboBox(right))
        self.category_field.setAccessibleName(_("Category of the question"))
        for category in QuestionCategory:
            self.category_field.addItem(category.label, category.value)
        self.form.fields["category"].fresh = 0  # "new" starts on the first category
        self.text_field = self.form.add("text", _("&Question:"), QPlainTextEdit(right))
        self.text_field.setAccessibleName(_("Question"))
        self.text_field.setTabChangesFocus(True)
        self.text_field.setMaximumHeight(self.fontMetrics().height() * 3)
        self.advice_field = self.form.add("advice", _("Ad&vice:"), QPlainTextEdit(right))
        self.advice_field.setAccessibleName(_("Advice for answering"))
        self.advice_field.setTabChangesFocus(True)
        self.advice_field.setMinimumHeight(self.fontMetrics().height() * 4)
        self.form.mark_clean()
        self.new_button = QPushButton(_("&New question"), right)
        self.new_button.setAccessibleName(_("New question"))
        self.new_button.setToolTip(_("Ctrl+N"))
        self.save_button = QPushButton(_("&Save the question"), right)
        self.save_button.setAccessibleName(_("Save the question"))
        self.save_button.setToolTip(_("Ctrl+S"))
        self.hide_button = QPushButton(_("&Hide from the bank"), right)
        self.hide_button.setAccessibleName(_("Hide from the bank"))
        self.hide_button.setEnabled(False)
        buttons = FlowRow(self, spacing=12)
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.hide_button)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.editor_title)
        right_layout.addWidget(general)
        right_layout.addWidget(right_body, 1)
        editor = QScrollArea(self)
        editor.setWidgetResizable(True)
        editor.setFrameShape(QScrollArea.Shape.NoFrame)
        editor.setWidget(right)

        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(left)
        splitter.addWidget(editor)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(buttons)

        QWidget.setTabOrder(self.category_filter, self.show_hidden)
        QWidget.setTabOrder(self.show_hidden, self.table)
        QWidget.setTabOrder(self.table, self.category_field)
        QWidget.setTabOrder(self.category_field, self.text_field)
        QWidget.setTabOrder(self.text_field, self.advice_field)
        QWidget.setTabOrder(self.advice_field, self.new_button)
        QWidget.setTabOrder(self.new_button, self.save_button)
        QWidget.setTabOrder(self.save_button, self.hide_button)

        for key, slot in (
            (QKeySequence.StandardKey.New, self.new_question),
            (QKeySequence.StandardKey.Save, self.save),
        ):
            shortcut = QShortcut(key, self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

        self.category_filter.currentIndexChanged.connect(self.refresh)
        self.show_hidden.toggled.connect(self.refresh)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.new_button.clicked.connect(self.new_question)
        self.save_button.clicked.connect(self.save)
        self.hide_button.clicked.connect(self.toggle_hidden)
        self._set_draft_key()

    # -- list --------------------------------------------------------------------------
    def refresh(self) -> None:
        ctx = self._ctx
        value = self.category_filter.currentData()
        category = QuestionCategory(value) if value else None
        include_hidden = self.show_hidden.isChecked()
        (
            Op(
                self,
                lambda: coaching.list_questions(
                    ctx, include_inactive=include_hidden, category=category
                ),
            )
            .success(self._show)
            .run()
        )

    def _show(self, rows: list[QuestionView]) -> None:
        keep = self._after_save_select or (self._current.id if self._current else None)
        self._after_save_select = None
        self._changing_selection = True
        self.model.set_rows(rows)
        self._changing_selection = False
        self.count_label.setText(
            ngettext("{count} question", "{count} questions", len(rows)).format(count=len(rows))
        )
        row = self.model.row_of(keep) if keep is not None else None
        if row is not None:
            self._changing_selection = True
            self.table.selectRow(row)
            self._changing_selection = False
            if not self.form.is_dirty():
                self._edit(self.model.row_at(row))

    def _selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        if self._changing_selection:
            return
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return
        question = self.model.row_at(rows[0].row())
        if question is None or (self._current and question.id == self._current.id):
            return
        if not self._confirm_leave():
            self._reselect_current()
            return
        self._edit(question)

    def _reselect_current(self) -> None:
        self._changing_selection = True
        row = self.model.row_of(self._current.id) if self._current else None
        if row is None:
            self.table.clearSelection()
        else:
            self.table.selectRow(row)
        self._changing_selection = False

    # -- editor (on the form kit: ``self.form``) ------------------------------------------
    def is_dirty(self) -> bool:
        return self.form.is_dirty()

    def _confirm_leave(self, then: Callable[[], None] | None = None) -> bool:
        """True when the form may be replaced (saved, discarded or clean)."""
        return self.form.confirm_leave(then)

    def confirm_leave(self) -> bool:
        return self.form.confirm_leave()

    # -- draft kept at the lock (the kit's; the coaching page hands it back) -------------
    def _set_draft_key(self) -> None:
        question_id = self._current.id if self._current else None
        self.form.draft_key = "question:new" if question_id is None else f"question:{question_id}"
        self.form.draft_context = {"question_id": question_id}

    def _describe_draft(self) -> str:
        if self._current is None:
            return _(
                "You were writing a new question for the bank when pairdesk locked. Restore it?"
            )
        return _("You were editing a question of the bank when pairdesk locked. Restore it?")

    def restore_draft(self, payload: dict[str, object], done: RestoreDone) -> None:
        """The question the draft was about (read again: it may be gone), then the fields."""
        if self.form.is_dirty():
            done(Restored.LATER)
            return
        values = fields_of(payload)
        question_id = record_id(payload, "question_id")

        def put_back(question: QuestionView | None) -> None:
            self._edit(question)
            self.form.restore_draft({"fields": values})
            done(Restored.RESTORED)

        if question_id is None:
            put_back(None)
            return

        ctx = self._ctx
        (
            Op(self, lambda: coaching.get_question(ctx, question_id))
            .success(put_back)
            # a question gone: the draft is reported and kept, not lost
            .failure(draft_record_failed(self, done))
            .run()
        )

    def _reload_current(self) -> None:
        """Show the question being edited as stored now (someone else saved it)."""
        current, ctx = self._current, self._ctx
        if current is not None:
            Op(self, lambda: coaching.get_question(ctx, current.id)).success(self._edit).run()

    def _edit(self, question: QuestionView | None) -> None:
        self._current = question
        self._set_draft_key()
        if question is None:
            self.form.reset()
            self.editor_title.setText(_("New question"))
            self.hide_button.setEnabled(False)
            self.hide_button.setText(_("&Hide from the bank"))
        else:
            self.editor_title.setText(_("Edit the question"))
            self.form.set_values(
                {
                    "category": question.category.value,
                    "text": question.text,
                    "advice": question.advice,
                },
                edit_version=question.edit_version,
            )
            self.hide_button.setEnabled(True)
            self.hide_button.setText(
                _("&Hide from the bank") if question.active else _("S&how in the bank again")
            )
            self.hide_button.setAccessibleName(self.hide_button.text().replace("&", ""))

    def new_question(self) -> None:
        if not self._confirm_leave():
            return
        self._changing_selection = True
        self.table.clearSelection()
        self._changing_selection = False
        self._edit(None)
        self.text_field.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def save(self) -> None:
        ctx = self._ctx
        text = self.text_field.toPlainText()
        advice = self.advice_field.toPlainText()
        category = QuestionCategory(self.category_field.currentData())
        current, version = self._current, self.form.edit_version

        def work() -> QuestionView:
            if current is None:
                return coaching.add_question(ctx, text, category, advice)
            return coaching.update_question(
                ctx, current.id, text, category, advice, edit_version=version
            )

        self.form.save(work, self._saved)

    def _saved(self, question: QuestionView) -> None:
        self._current = question
        self._set_draft_key()
        self._after_save_select = question.id
        self.status_message.emit(_("Question saved."))
        self.bank_changed.emit()
        self.refresh()

    def show_op_error(self, error: BaseException) -> bool:
        """ErrorSink: an error naming a field of this form is shown beside it."""
        return self.form.show_op_error(error)

    def toggle_hidden(self) -> None:
        current = self._current
        if current is None:
            return
        if current.active and not ask(
            self,
            _("Hide this question?"),
            _(
                "The question will no longer be offered for mock interviews. Interviews "
                "that already asked it keep it. You can show it again later."
            ),
            _("&Hide the question"),
            _("&Keep it"),
        ):
            return
        ctx = self._ctx
        (
            Op(self, lambda: coaching.set_question_active(ctx, current.id, not current.active))
            .success(self._visibility_changed)
            .run()
        )

    def _visibility_changed(self, question: QuestionView) -> None:
        self._current = question
        self._edit(question)
        self.status_message.emit(
            _("Question shown in the bank.") if question.active else _("Question hidden.")
        )
        self.bank_changed.emit()
        self.refresh()

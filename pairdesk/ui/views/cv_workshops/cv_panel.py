"""The "CVs" part of the CV workshops view: one participant's CV, its versions, peer
comments and what changed between the last two versions."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from pairdesk import formatting
from pairdesk.domain.enums import CvSection, ParticipantStatus
from pairdesk.i18n import N_, _, ngettext
from pairdesk.services import cvs, participants
from pairdesk.services.context import ServiceContext
from pairdesk.services.cvs import (
    CvCommentView,
    CvComparison,
    CvInput,
    CvVersionSummary,
    CvVersionView,
)
from pairdesk.services.participants import ParticipantDetail, ParticipantFilter, ParticipantRow
from pairdesk.ui import lifetime
from pairdesk.ui.drafts import Restored, RestoreDone, fields_of, record_id
from pairdesk.ui.forms import Form
from pairdesk.ui.forms.waiting import draft_record_failed
from pairdesk.ui.mnemonics import second_key
from pairdesk.ui.models.cv_model import (
    ComparisonMode,
    CvCommentsModel,
    CvComparisonModel,
    CvVersionsModel,
)
from pairdesk.ui.models.registrations_model import PeopleModel, person_name
from pairdesk.ui.ops import Op
from pairdesk.ui.views.attendance.sheet import heading_font
from pairdesk.ui.widgets import questions
from pairdesk.ui.widgets.choices import choice_combo
from pairdesk.ui.widgets.dialog_parts import focus_list, scroll_area
from pairdesk.ui.widgets.flow_layout import FlowRow
from pairdesk.ui.widgets.layouts import labelled_pair
from pairdesk.ui.widgets.search_field import SearchField
from pairdesk.ui.widgets.tab_row import TabRow
from pairdesk.ui.widgets.tables import make_table, show_rows

SEARCH_DEBOUNCE_MS = 150
PICKER_LIMIT = 50
#: How many characters of a name the list of people shows at least.
PICKER_CHARS = 26

#: Each section's form label (with its mnemonic), the hint shown in its editor and the
#: editor's height in lines.
SECTIONS: dict[CvSection, tuple[str, str, int]] = {
    CvSection.HEADLINE: (N_("&Headline:"), N_("The job sought, in one or two lines"), 2),
    CvSection.EXPERIENCE: (
        N_("E&xperience:"),
        N_("One item per line: jobs, GEM roles (host, treasurer, workshop leader…), volunteering"),
        7,
    ),
    CvSection.SKILLS: (N_("S&kills:"), N_("One skill per line"), 4),
    CvSection.TRAINING: (N_("&Training:"), N_("Diplomas, courses, certificates"), 4),
    CvSection.LANGUAGES: (N_("&Languages:"), N_("Languages and level"), 4),
    CvSection.INTERESTS: (N_("&Interests:"), N_("Hobbies, commitments"), 4),
}


class _PeoplePicker(QWidget):
    """The list of people on the left: never narrower than a name at the text size of the
    moment (at 200 % the splitter squeezed it to "Hélène Đặ")."""

    def minimumSizeHint(self) -> QSize:
        width = self.fontMetrics().averageCharWidth() * PICKER_CHARS
        return super().minimumSizeHint().expandedTo(QSize(width, 0))


class CvPanel(QWidget):
    """The CV editor (``self.form``, on the form kit: its draft is kept at the lock and put
    back through ``CvWorkshopsPage.restore_draft``) and the peer-comment form
    (``self.comment_form``, on the kit too; a comment half typed is not kept in a draft)."""

    status_message = Signal(str)
    participant_loaded = Signal()
    version_loaded = Signal()

    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.participant: ParticipantRow | ParticipantDetail | None = None
        self._showing_back = False  # selecting the person shown again: not a new choice
        self.comparison: CvComparison | None = None
        self.current_version: CvVersionView | None = None

        # -- participant picker ------------------------------------------------------------
        picker = _PeoplePicker(self)
        self.search_field = SearchField(picker)
        self.search_field.setObjectName("cvParticipantSearch")
        self.search_field.setPlaceholderText(_("Name, pseudonym, city…"))
        self.search_field.setClearButtonEnabled(True)
        self.search_field.setAccessibleName(_("Find the participant whose CV to open"))
        search_label = QLabel(_("&Participant:"), picker)
        search_label.setBuddy(self.search_field)
        self.people_model = PeopleModel(self)
        self.people_table = make_table(picker, self.people_model, _("Participants found"))
        picker_layout = QVBoxLayout(picker)
        picker_layout.setContentsMargins(0, 0, 0, 0)
        picker_layout.addWidget(search_label)
        picker_layout.addWidget(self.search_field)
        picker_layout.addWidget(self.people_table, 1)

        # -- right side --------------------------------------------------------------------
        right = QWidget(self)
        self.name_label = QLabel(_("Choose a participant on the left."), right)
        heading_font(self.name_label)
        self.name_label.setWordWrap(True)
        self.tabs = QTabWidget(right)
        self.tabs.setAccessibleName(_("CV sections"))

        # editor
        editor_tab = QWidget(self.tabs)
        self.version_note = QLabel(editor_tab)
        self.version_note.setWordWrap(True)
        form_widget = QWidget(editor_tab)
        form = QFormLayout(form_widget)
        self.form = Form(self, form, what=_("This CV"))
        self.form.draft_form = "cv"
        self.form.save_path = self.save_version
        self.form.describe_draft = self._describe_draft
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        self.editors: dict[CvSection, QPlainTextEdit] = {}
        for section, (label, hint, lines) in SECTIONS.items():
            editor = QPlainTextEdit(form_widget)
            editor.setObjectName(f"cv_{section.value}")
            editor.setTabChangesFocus(True)
            editor.setAccessibleName(section.label)
            editor.setAccessibleDescription(_(hint))
            editor.setPlaceholderText(_(hint))
            editor.setMinimumHeight(editor.fontMetrics().lineSpacing() * lines + 16)
            self.editors[section] = self.form.add(section.value, _(label), editor)
        self.label_field = self.form.add("label", _("Version &name:"), QLineEdit(form_widget))
        self.label_field.setAccessibleName(_("Version name"))
        self.label_field.setPlaceholderText(_("Optional, e.g. “after the workshop of March”"))
        self.label_field.returnPressed.connect(self.save_version)  # Enter saves
        scroll = QScrollArea(editor_tab)
        scroll.setWidgetResizable(True)
        scroll.setWidget(form_widget)
        self.save_button = QPushButton(_("&Save as a new version"), editor_tab)
        self.save_button.setAccessibleName(_("Save the CV as a new dated version"))
        second_key(self.save_button, QKeySequence.StandardKey.Save)
        self.save_button.setToolTip(_("Ctrl+S. Earlier versions are kept as they were."))
        editor_layout = QVBoxLayout(editor_tab)
        editor_layout.addWidget(self.version_note)
        editor_layout.addWidget(scroll, 1)
        self.print_button = QPushButton(_("Print the C&V…"), editor_tab)
        self.print_button.setAccessibleName(_("Print or export the CV as last saved"))
        self.print_button.setToolTip(_("Ctrl+P. The CV as last saved."))
        self.print_button.clicked.connect(self.print_current)
        buttons = FlowRow(editor_tab)  # one above the other at 200 % text
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.print_button)
        editor_layout.addWidget(buttons)
        self.tabs.addTab(editor_tab, _("&Edit the CV"))

        # versions and comments
        versions_tab = QWidget(self.tabs)
        self.versions_model = CvVersionsModel(self)
        self.versions_table = make_table(
            versions_tab, self.versions_model, _("CV versions"), stretch=1
        )
        versions_label = QLabel(_("&Versions (newest first):"), versions_tab)
        versions_label.setBuddy(self.versions_table)
        self.open_version_button = QPushButton(_("&Open in the editor"), versions_tab)
        self.open_version_button.setAccessibleName(_("Open the selected version in the editor"))
        self.comments_model = CvCommentsModel(self)
        self.comments_table = make_table(
            versions_tab, self.comments_model, _("Peer comments on the selected version"), stretch=3
        )
        comments_label = QLabel(_("Peer co&mments on this version:"), versions_tab)
        comments_label.setBuddy(self.comments_table)
        comment_form_widget = QWidget(versions_tab)
        comment_form = QFormLayout(comment_form_widget)
        self.comment_form = Form(self, comment_form, what=_("This comment"))
        self.author_field = self.comment_form.add(
            "author_name", _("A&uthor:"), QLineEdit(comment_form_widget)
        )
        self.author_field.setAccessibleName(_("Author of the comment"))
        self.section_combo = self.comment_form.add(
            "section", _("Sec&tion:"), QComboBox(comment_form_widget)
        )
        self.section_combo.addItem(_("Whole CV"), None)
        for section in CvSection:
            self.section_combo.addItem(section.label, section.value)
        self.section_combo.setAccessibleName(_("Section the comment is about"))
        self.comment_field = self.comment_form.add(
            "comment", _("Comme&nt:"), QPlainTextEdit(comment_form_widget)
        )
        self.comment_field.setAccessibleName(_("Comment"))
        self.comment_field.setTabChangesFocus(True)
        self.comment_field.setMinimumHeight(self.fontMetrics().lineSpacing() * 3 + 16)
        self.comment_field.setMaximumHeight(self.fontMetrics().lineSpacing() * 6 + 16)
        self.author_field.setText(ctx.operator.name if ctx.operator.id is not None else "")
        self.comment_form.fields["section"].fresh = 0
        self.comment_form.ask_before_leaving = False  # a few words, asked nowhere else
        self.comment_form.mark_clean()
        self.add_comment_button = QPushButton(_("A&dd the comment"), versions_tab)
        self.add_comment_button.setAccessibleName(_("Add the comment to the selected version"))
        self.delete_comment_button = QPushButton(_("De&lete the comment…"), versions_tab)
        self.delete_comment_button.setAccessibleName(_("Delete the selected comment"))
        self.delete_comment_button.setToolTip(_("After a confirmation."))
        versions_layout = QVBoxLayout(versions_tab)
        versions_label.setWordWrap(True)  # beside its button in a narrow panel at 200 %
        top = QHBoxLayout()
        top.addWidget(versions_label, 1)
        top.addWidget(self.open_version_button)
        versions_layout.addLayout(top)
        versions_layout.addWidget(self.versions_table, 1)
        versions_layout.addWidget(comments_label)
        versions_layout.addWidget(self.comments_table, 1)
        versions_layout.addWidget(comment_form_widget)
        add_row = FlowRow(versions_tab, spacing=12)  # one above the other at 200 % text
        add_row.addWidget(self.add_comment_button)
        add_row.addWidget(self.delete_comment_button)
        versions_layout.addWidget(add_row)
        show_rows(self.versions_table, 3)
        show_rows(self.comments_table, 3)
        self.tabs.addTab(scroll_area(self.tabs, versions_tab), _("Ve&rsions and comments"))

        # comparison
        compare_tab = QWidget(self.tabs)
        modes = [
            (_("One column (+ added, − removed)"), ComparisonMode.UNIFIED.value),
            (_("Side by side"), ComparisonMode.SIDE_BY_SIDE.value),
        ]
        self.mode_combo = choice_combo(
            compare_tab, modes, accessible_name=_("How to show the changes")
        )
        self.compare_summary = QLabel(compare_tab)
        self.compare_summary.setWordWrap(True)
        self.comparison_model = CvComparisonModel(self)
        self.comparison_table = make_table(
            compare_tab,
            self.comparison_model,
            _("Changes between the last two versions"),
            stretch=2,
        )
        self.comparison_table.setWordWrap(True)
        self.comparison_model.modelReset.connect(self._fit_comparison)
        compare_layout = QVBoxLayout(compare_tab)
        mode_row = QHBoxLayout()
        mode_row.addWidget(labelled_pair(compare_tab, _("&Display:"), self.mode_combo))
        mode_row.addStretch(1)
        compare_layout.addLayout(mode_row)
        compare_layout.addWidget(self.compare_summary)
        compare_layout.addWidget(self.comparison_table, 1)
        self.tabs.addTab(compare_tab, _("Compare the last t&wo"))

        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.name_label)
        self.tab_row = TabRow(self.tabs, right)  # wraps at 200 % instead of cutting a tab
        right_layout.addWidget(self.tab_row)
        right_layout.addWidget(self.tabs, 1)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(picker)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)

        order: list[QWidget] = [self.search_field, self.people_table, self.tabs]
        order += [self.editors[s] for s in CvSection]
        order += [self.label_field, self.save_button]
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DEBOUNCE_MS)
        self._timer.timeout.connect(self.find_people)
        self.search_field.textChanged.connect(self._timer.start)
        self.search_field.returnPressed.connect(self._to_people)
        self.search_field.to_results.connect(self._to_people)
        self.people_table.activated.connect(self._person_activated)
        self.people_table.selectionModel().currentRowChanged.connect(
            lambda current, _prev: self._person_activated(current)
        )
        self.save_button.clicked.connect(self.save_version)
        self.versions_table.selectionModel().currentRowChanged.connect(self._version_changed)
        self.open_version_button.clicked.connect(self.open_selected_version)
        self.versions_table.activated.connect(lambda _i: self.open_selected_version())
        self.add_comment_button.clicked.connect(self.add_comment)
        self.delete_comment_button.clicked.connect(self.delete_comment)
        self.comments_table.selectionModel().selectionChanged.connect(
            lambda *_a: self.delete_comment_button.setEnabled(self.selected_comment() is not None)
        )
        self.mode_combo.currentIndexChanged.connect(
            lambda _i: self.comparison_model.set_mode(ComparisonMode(self.mode_combo.currentData()))
        )
        self._update_controls()

    # -- picker ------------------------------------------------------------------------
    def refresh(self) -> None:
        self.find_people()

    def find_people(self) -> None:
        self._timer.stop()
        text, ctx = self.search_field.text(), self._ctx
        flt = ParticipantFilter(search=text, statuses=(ParticipantStatus.ACTIVE,))

        def done(rows: list[ParticipantRow]) -> None:
            if self.search_field.text() == text:
                self.people_model.set_rows(rows)
                self._select_person_shown()

        (
            Op(self, lambda: participants.list_participants(ctx, flt, limit=PICKER_LIMIT))
            .success(done)
            .run()
        )

    def _to_people(self) -> None:
        if self._timer.isActive():
            self.find_people()
            return
        focus_list(self.people_table)

    def _person_activated(self, index: QModelIndex) -> None:
        if self._showing_back:
            return
        person = self.people_model.row_at(index.row()) if index.isValid() else None
        if person is None or (self.participant and person.id == self.participant.id):
            return
        shown = self.participant.id if self.participant else None

        def saved() -> None:  # "Save" chosen: once saved, on to the person clicked
            if self.participant is not None and self.participant.id == shown:
                self.open_participant(person)

        if not self.confirm_leave(lambda: lifetime.single_shot(self, 0, saved)):
            # After the question, the click that asked it goes on and selects its row:
            # the person shown is selected again once it is over (else the list showed
            # Kwame Roussel beside the CV of Kwame Chevalier still being written).
            lifetime.single_shot(self, 0, self._select_person_shown)
            return
        self.open_participant(person)

    def _select_person_shown(self) -> None:
        row = self.people_model.row_of(self.participant.id) if self.participant else None
        if row is None:
            return
        self._showing_back = True
        try:
            self.people_table.selectRow(row)
        finally:
            self._showing_back = False

    # -- loading a participant ---------------------------------------------------------
    def open_participant(self, person: ParticipantRow | ParticipantDetail) -> None:
        self.participant = person
        self.form.draft_key = f"cv:{person.id}"
        self.form.draft_context = {"participant_id": person.id}
        self.name_label.setText(
            _("CV of {name}").format(
                name=person_name(person.first_name, person.last_name, person.pseudonym)
            )
        )
        self.form.clear_errors()
        self.comment_form.clear_errors()
        self.reload(load_editor=True)

    def reload(self, *, load_editor: bool, then: Callable[[], None] | None = None) -> None:
        person, ctx = self.participant, self._ctx
        if person is None:
            return

        def fetch() -> tuple[list[CvVersionSummary], CvVersionView | None, CvComparison | None]:
            return (
                cvs.list_cv_versions(ctx, person.id),
                cvs.latest_cv(ctx, person.id),
                cvs.compare_latest_two(ctx, person.id),
            )

        def done(
            result: tuple[list[CvVersionSummary], CvVersionView | None, CvComparison | None],
        ) -> None:
            if self.participant is None or self.participant.id != person.id:
                return
            versions, latest, comparison = result
            self.versions_model.set_rows(versions)
            if load_editor:
                self._load_editor(latest)
            self._show_comparison(comparison)
            if versions:
                self.versions_table.selectRow(0)
            else:
                self.comments_model.set_rows([])
                self.current_version = None
            self._update_controls()
            if then is not None:
                then()
            self.participant_loaded.emit()

        Op(self, fetch).success(done).run()

    def _load_editor(self, version: CvVersionView | None) -> None:
        content = version.content if version else CvInput()
        values: dict[str, object] = {s.value: content.section(s) for s in CvSection}
        self.form.set_values({**values, "label": ""})
        if version is None:
            self.version_note.setText(
                _("No CV saved yet. Fill in the sections and save a first version.")
            )
        else:
            self.version_note.setText(
                _(
                    "Showing the version of {date}. Saving creates a new version dated today; "
                    "this one stays as it is."
                ).format(date=formatting.short_date(version.created_on))
            )

    def _show_comparison(self, comparison: CvComparison | None) -> None:
        self.comparison = comparison
        if comparison is None:
            self.comparison_model.set_comparison([])
            self.compare_summary.setText(_("Two versions are needed to see what changed."))
            return
        self.comparison_model.set_comparison(comparison.sections)
        added, removed = self.comparison_model.counts()
        text = _(
            "From the version of {older} to the version of {newer}: {added}, {removed}."
        ).format(
            older=formatting.short_date(comparison.older.created_on),
            newer=formatting.short_date(comparison.newer.created_on),
            added=ngettext("{n} line added", "{n} lines added", added).format(n=added),
            removed=ngettext("{n} line removed", "{n} lines removed", removed).format(n=removed),
        )
        unchanged = self.comparison_model.unchanged_sections()
        if unchanged:
            text = _("{summary} Unchanged: {sections}.").format(
                summary=text, sections=", ".join(unchanged)
            )
        self.compare_summary.setText(text)

    def _fit_comparison(self) -> None:
        """Text columns share the width and wrap; rows grow to show whole lines."""
        header = self.comparison_table.horizontalHeader()
        for column in range(2, self.comparison_model.columnCount()):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        self.comparison_table.resizeRowsToContents()

    def _update_controls(self) -> None:
        chosen = self.participant is not None
        for editor in self.editors.values():
            editor.setEnabled(chosen)
        self.label_field.setEnabled(chosen)
        self.save_button.setEnabled(chosen)
        has_version = self.current_version is not None
        self.print_button.setEnabled(has_version)
        self.open_version_button.setEnabled(has_version)
        self.add_comment_button.setEnabled(has_version)
        self.delete_comment_button.setEnabled(self.selected_comment() is not None)
        self.comment_field.setEnabled(has_version)
        self.author_field.setEnabled(has_version)
        self.section_combo.setEnabled(has_version)

    # -- editor ------------------------------------------------------------------------
    def editor_content(self) -> CvInput:
        return CvInput(
            **{section.value: self.editors[section].toPlainText() for section in CvSection}
        )

    def print_current(self) -> None:
        """File > Print (Ctrl+P) on the CV tab, and its button: the CV shown, as last saved
        (Ctrl+P printed the attendance sheet of the workshop selected on the other tab)."""
        person = self.participant
        if person is None or self.current_version is None:
            self.status_message.emit(_("Choose a participant with a CV on the left first."))
            return
        if self.is_dirty():
            self.status_message.emit(
                _("Save the CV first (Ctrl+S): what is printed is the version last saved.")
            )
            return
        from pairdesk.ui import printing

        self.print_dialog = printing.print_cv(self, self._ctx, person.id)

    def is_dirty(self) -> bool:
        return self.participant is not None and self.form.is_dirty()

    def confirm_leave(self, then: Callable[[], None] | None = None) -> bool:
        """Ask before losing an unsaved CV; True when it is fine to move on (``then``:
        ``Form.confirm_leave``)."""
        return self.participant is None or self.form.confirm_leave(then)

    def save_version(self) -> None:
        person, ctx = self.participant, self._ctx
        if person is None or self.form.busy:
            return
        data, label = self.editor_content(), self.label_field.text()

        def done(version: CvVersionView) -> None:
            self.form.set_values({"label": ""})
            self.version_note.setText(
                _("Saved as a new version dated {date}.").format(
                    date=formatting.short_date(version.created_on)
                )
            )
            self.status_message.emit(_("The CV was saved as a new version."))
            self.reload(load_editor=False)

        self.form.save(lambda: cvs.save_cv_version(ctx, person.id, data, label), done)

    # -- draft kept at the lock (the kit's; the CV workshops page hands it back) ---------
    def _describe_draft(self) -> str:
        person = self.participant
        if person is None:
            return _("You were writing a CV when pairdesk locked. Restore it?")
        name = person_name(person.first_name, person.last_name, person.pseudonym)
        return _("You were writing the CV of {name} when pairdesk locked. Restore it?").format(
            name=name
        )

    def restore_draft(self, payload: dict[str, object], done: RestoreDone) -> None:
        """Open the person's CV, then put the draft's sections over it."""
        if self.is_dirty():
            done(Restored.LATER)
            return
        pid = record_id(payload, "participant_id")
        if pid is None:
            done(Restored.GONE)
            return
        values = fields_of(payload)
        ctx = self._ctx

        def opened(person: ParticipantRow) -> None:
            self.participant = person
            self.name_label.setText(
                _("CV of {name}").format(
                    name=person_name(person.first_name, person.last_name, person.pseudonym)
                )
            )
            self.form.draft_key = f"cv:{person.id}"
            self.form.draft_context = {"participant_id": person.id}

            def put_back() -> None:
                self.form.restore_draft({"fields": values})
                self.tabs.setCurrentIndex(0)
                done(Restored.RESTORED)

            self.reload(load_editor=True, then=put_back)

        (
            # the person as the list shows them: a pair-aidant may work on anyone's CV,
            # not open their file (the draft was never restored for them)
            Op(self, lambda: participants.participant_row(ctx, pid))
            .success(opened)
            # a person gone: the draft is reported and kept, not lost
            .failure(draft_record_failed(self, done))
            .run()
        )

    # -- versions and comments ---------------------------------------------------------
    def _version_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        summary = self.versions_model.row_at(current.row()) if current.isValid() else None
        if summary is None:
            return
        ctx = self._ctx

        def done(version: CvVersionView) -> None:
            self.current_version = version
            self.comments_model.set_rows(version.comments)
            self._update_controls()
            self.version_loaded.emit()

        Op(self, lambda: cvs.get_cv_version(ctx, summary.id)).success(done).run()

    def open_selected_version(self) -> None:
        version = self.current_version
        if version is None or not self.confirm_leave():
            return
        self._load_editor(version)
        self.tabs.setCurrentIndex(0)

    def add_comment(self) -> None:
        version, ctx = self.current_version, self._ctx
        if version is None or self.comment_form.busy:
            return
        author, text = self.author_field.text(), self.comment_field.toPlainText()
        section_value: Any = self.section_combo.currentData()
        section = CvSection(section_value) if section_value else None

        def done(_comment: object) -> None:
            self.comment_form.set_values({"comment": ""})
            self.status_message.emit(_("The comment was added."))
            self._reload_version(version.id)

        self.comment_form.save(
            lambda: cvs.add_comment(ctx, version.id, author, text, section), done
        )

    def selected_comment(self) -> CvCommentView | None:
        rows = self.comments_table.selectionModel().selectedRows()
        return self.comments_model.row_at(rows[0].row()) if rows else None

    def delete_comment(self) -> None:
        """Delete the selected peer comment, once the person confirms (a comment written
        on the wrong CV, or one its author takes back, stayed for good)."""
        version, comment, ctx = self.current_version, self.selected_comment(), self._ctx
        if version is None or comment is None:
            return
        if not questions.confirm(
            self,
            _("Delete the comment"),
            _("Delete the comment of {author} of {date}? It cannot be undone.").format(
                author=comment.author_name or _("an unnamed author"),
                date=formatting.short_date(comment.created_on),
            ),
            _("&Delete"),
            _("&Keep it"),
            warning=True,
        ):
            return

        def done(_result: object) -> None:
            self.status_message.emit(_("The comment was deleted."))
            self._reload_version(version.id)

        Op(self, lambda: cvs.delete_comment(ctx, comment.id)).success(done).run()

    def show_op_error(self, error: BaseException) -> bool:
        """ErrorSink: an error of the CV editor's save is shown on its form (the comment
        form shows its own: ``Form.save``)."""
        return self.form.show_op_error(error)

    def _reload_version(self, version_id: int) -> None:
        person, ctx = self.participant, self._ctx
        if person is None:
            return

        def done(result: tuple[list[CvVersionSummary], CvVersionView]) -> None:
            versions, version = result
            self.versions_model.set_rows(versions)
            row = self.versions_model.row_of(version_id)
            if row is not None:
                self.versions_table.selectionModel().blockSignals(True)
                self.versions_table.selectRow(row)
                self.versions_table.selectionModel().blockSignals(False)
            self.current_version = version
            self.comments_model.set_rows(version.comments)
            self._update_controls()
            self.version_loaded.emit()

        (
            Op(
                self,
                lambda: (cvs.list_cv_versions(ctx, person.id), cvs.get_cv_version(ctx, version_id)),
            )
            .success(done)
            .run()
        )

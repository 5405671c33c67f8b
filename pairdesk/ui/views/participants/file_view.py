"""A participant's file: a header (name, status, Save, Back), a consent warning banner
and one tab per subject. Reads go through ``load_file`` on the database worker; each
change is one service call. Forms with changes are never overwritten by a reload."""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QHideEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMenu,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from pairdesk.domain.enums import ConsentPurpose
from pairdesk.errors import UnknownId
from pairdesk.i18n import _
from pairdesk.services.consents import ConsentStatus
from pairdesk.services.context import ServiceContext
from pairdesk.services.participants import ParticipantDetail
from pairdesk.ui.drafts import FORM, FormDraft, Restored, RestoreDone, fields_of, record_id
from pairdesk.ui.errors import show_error
from pairdesk.ui.forms import Form, FormDialog
from pairdesk.ui.mnemonics import second_key
from pairdesk.ui.models.participants_model import format_date
from pairdesk.ui.ops import Op
from pairdesk.ui.views.participants.assessment_tab import AssessmentTab
from pairdesk.ui.views.participants.common import button, heading
from pairdesk.ui.views.participants.consent_tab import ConsentTab
from pairdesk.ui.views.participants.dialogs import StatusDialog
from pairdesk.ui.views.participants.file_data import FileData, load_file
from pairdesk.ui.views.participants.identity_tab import IdentityTab
from pairdesk.ui.views.participants.pathway_tab import PathwayTab
from pairdesk.ui.views.participants.schemes_tab import SchemesTab
from pairdesk.ui.views.participants.tutoring_tab import TutoringTab
from pairdesk.ui.views.participants.wellbeing_tab import WellbeingTab
from pairdesk.ui.widgets.tab_row import TabRow

#: The payload key naming the kit dialog a draft comes from (``Form.draft_state``).
DIALOG = "dialog"


class FileSection(StrEnum):
    """A tab of the file another page may open it on (the home page's to-do lines)."""

    IDENTITY = "identity"
    RQTH = "rqth"  # the identity tab, at the RQTH
    CONSENT = "consent"
    PATHWAY = "pathway"


def draft_participant(payload: dict[str, Any]) -> int | None:
    """The participant a draft is about: in the payload, or a dialog draft's context."""
    pid = record_id(payload, "participant_id")
    context = payload.get("context")
    if pid is None and isinstance(context, dict):
        pid = record_id(context, "participant_id")
    return pid


def consent_warning(data: FileData | None) -> str:
    """The banner text when consent to keep the file is missing or withdrawn ("" if given)."""
    if data is None:
        return ""
    state = data.consents[ConsentPurpose.KEEP_FILE]
    if state.status is ConsentStatus.MISSING:
        return _(
            "Warning: no consent to keep this file has been recorded. "
            "Ask the person and record it in the Consent tab."
        )
    if state.status is ConsentStatus.WITHDRAWN:
        return _(
            "Warning: consent to keep this file was withdrawn on {date}. "
            "Keep only what is needed and plan to anonymise the file."
        ).format(date=format_date(state.withdrawn_on))
    return ""


class ParticipantFileView(QWidget):
    status_message = Signal(str)
    back_requested = Signal()
    #: The participant id after a create or an update (the list refreshes).
    saved = Signal(int)
    #: The participant id once a file is shown (after each read).
    loaded = Signal(int)

    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("participantFile")
        self.ctx = ctx
        self._participant_id: int | None = None
        #: The tab to show once the file being opened has loaded (its tabs are disabled
        #: until then).
        self._section_on_load: tuple[FileSection, int | None] | None = None
        self._data: FileData | None = None
        self._saving = False
        self._pending_drafts: list[tuple[dict[str, Any], RestoreDone]] = []
        self.dialog: Any = None

        self.back_button = button(_("← &Back to the list"), _("Back to the list"), self)
        self.back_button.setToolTip(_("Back to the list (Alt+Left)"))
        self.title_label = heading(_("New participant"), self, 1.4)
        self.title_label.setObjectName("pageTitle")
        self.title_label.setAccessibleName(_("Participant"))
        self.state_label = QLabel(self)
        self.state_label.setWordWrap(True)
        self.state_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.state_label.setAccessibleName(_("Status of the file"))
        self.status_button = button(_("Change the s&tatus…"), _("Change the status"), self)
        self.save_button = button(_("&Save"), _("Save the file"), self)
        self.privacy_button = button(_("Pri&vacy…"), _("Privacy: export, anonymise"), self)
        self.privacy_button.setToolTip(
            _("Right of access (export everything), anonymisation or deletion of this file")
        )
        self.save_button.setToolTip(_("Save the changes (Ctrl+S)"))
        self.print_button = button(_("Print / E&xport PDF…"), _("Print or export as PDF"), self)
        self.print_button.setToolTip(
            _(
                "Print or export as PDF: pathway summary, attendance attestation, CV, summary for an "
                "employer (Ctrl+P)"
            )
        )
        self.print_menu = QMenu(self.print_button)
        self.print_menu.setAccessibleName(_("Documents to print"))
        self.print_summary_action = self.print_menu.addAction(_("Pathway &summary…"))
        self.print_attestation_action = self.print_menu.addAction(_("Attendance &attestation…"))
        self.print_cv_action = self.print_menu.addAction(_("&CV"))
        self.print_employer_action = self.print_menu.addAction(_("Summary for an &employer…"))
        self.print_button.setMenu(self.print_menu)
        second_key(self.save_button, QKeySequence.StandardKey.Save)
        self.consent_banner = QLabel(self)
        self.consent_banner.setObjectName("consentWarning")
        self.consent_banner.setWordWrap(True)
        self.consent_banner.setAccessibleName(_("Consent warning"))
        self.consent_banner.setStyleSheet(
            "QLabel#consentWarning { background: #fff4ce; color: #3b2300;"
            " border: 2px solid #8a5a00; padding: 6px; font-weight: bold; }"
        )
        self.consent_banner.hide()

        self.tabs = QTabWidget(self)
        self.tabs.setAccessibleName(_("Parts of the file"))
        self.tabs.setUsesScrollButtons(True)
        self.tabs.setDocumentMode(True)
        self.identity_tab = IdentityTab(ctx, self)
        self.schemes_tab = SchemesTab(self, self)
        self.consent_tab = ConsentTab(self, self)
        self.tutoring_tab = TutoringTab(self, self)
        self.pathway_tab = PathwayTab(self, self)
        self.wellbeing_tab = WellbeingTab(self, self)
        self.assessment_tab = AssessmentTab(self, self)
        for tab, title in (
            (self.identity_tab, _("&Identity and contact")),
            (self.schemes_tab, _("Schemes and &referents")),
            (self.consent_tab, _("&Consent")),
            (self.tutoring_tab, _("T&utoring")),
            (self.pathway_tab, _("&Pathway")),
            (self.wellbeing_tab, _("&Wellbeing plan")),
            (self.assessment_tab, _("Self-&assessment")),
        ):
            tab.setAccessibleName(title.replace("&", ""))
            self.tabs.addTab(tab, title)
        # At 200 % the seven tabs wrap onto two lines instead of being cut at the edges.
        self.tab_row = TabRow(self.tabs, self)

        header = QHBoxLayout()
        header.addWidget(self.back_button)
        header.addSpacing(12)
        header.addWidget(self.title_label, 1)
        header.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.addLayout(header)
        layout.addWidget(self.state_label)
        # The file's other actions on a row of their own: the header is full at 200 %.
        actions = QHBoxLayout()
        actions.addStretch(1)
        for widget in (self.status_button, self.privacy_button, self.print_button):
            actions.addWidget(widget)
        layout.addLayout(actions)
        layout.addWidget(self.consent_banner)
        layout.addWidget(self.tab_row)
        layout.addWidget(self.tabs, 1)

        back = QShortcut(QKeySequence("Alt+Left"), self)
        back.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        back.activated.connect(self.back_requested)
        self.back_button.clicked.connect(self.back_requested)
        self.save_button.clicked.connect(lambda: self.save())
        self.status_button.clicked.connect(self.change_status)
        self.print_summary_action.triggered.connect(lambda: self.print_document("summary"))
        self.print_attestation_action.triggered.connect(lambda: self.print_document("attestation"))
        self.print_cv_action.triggered.connect(lambda: self.print_document("cv"))
        self.print_employer_action.triggered.connect(lambda: self.print_document("employer"))
        self.privacy_button.clicked.connect(self.open_privacy)
        self.tabs.currentChanged.connect(self._tab_changed)
        for form in self.forms():
            form.dirty_changed.connect(lambda _dirty: self._update_state())
        self._update_state()

    # -- what the tabs use (FileHost) ----------------------------------------------------
    @property
    def participant_id(self) -> int | None:
        return self._participant_id

    @property
    def data(self) -> FileData | None:
        return self._data

    def tell(self, text: str) -> None:
        self.status_message.emit(text)

    # -- opening -----------------------------------------------------------------------
    def new_participant(self) -> None:
        """An empty file; the other tabs open once the identity is saved."""
        self._participant_id = None
        self._data = None
        self.wellbeing_tab.reset()
        self.identity_tab.set_detail(None)
        for tab in self._record_tabs():
            tab.set_data(None)
        self.assessment_tab.clear_form()
        self.tabs.setCurrentWidget(self.identity_tab)
        self._scroll_tabs_to_top()
        self._update_state()
        self.identity_tab.start_fresh()

    def open_participant(
        self,
        participant_id: int,
        section: FileSection | None = None,
        row_id: int | None = None,
    ) -> None:
        """Show this participant's file (changes in progress must be dealt with first), on
        the ``section`` tab once it has loaded (``row_id`` selected there), else on the
        identity tab."""
        self._participant_id = participant_id
        self._section_on_load = None if section is None else (section, row_id)
        self._data = None
        self.wellbeing_tab.reset()
        self.assessment_tab.clear_form()
        self.tabs.setCurrentWidget(self.identity_tab)
        self._scroll_tabs_to_top()
        self.reload(force=True)

    def show_section(self, section: FileSection, row_id: int | None = None) -> None:
        """Show the ``section`` tab, if it is open (the file has loaded); on the pathway,
        ``row_id`` is a contract to show selected, its buttons next to it."""
        tab = {
            FileSection.IDENTITY: self.identity_tab,
            FileSection.RQTH: self.identity_tab,
            FileSection.CONSENT: self.consent_tab,
            FileSection.PATHWAY: self.pathway_tab,
        }[section]
        if not self.tabs.isTabEnabled(self.tabs.indexOf(tab)):
            return
        self.tabs.setCurrentWidget(tab)
        if section is FileSection.PATHWAY and row_id is not None:
            self.pathway_tab.show_contract(row_id)
        elif section is FileSection.RQTH:
            self.identity_tab.show_rqth()

    def _scroll_tabs_to_top(self) -> None:
        """Another file starts at the top of each tab, not where the last one was left."""
        for area in self.tabs.findChildren(QScrollArea):
            area.verticalScrollBar().setValue(0)
            area.horizontalScrollBar().setValue(0)

    def reload(self, *, force: bool = False) -> None:
        """Read the file again; forms with changes keep them unless ``force``."""
        pid = self._participant_id
        if pid is None:
            return
        ctx = self.ctx
        (
            Op(self, lambda: load_file(ctx, pid))
            .success(lambda data: self._apply(data, force))
            .failure(lambda exc: self._open_failed(pid, exc))
            .busy(_("Opening the file…"))
            .run()
        )

    def refresh(self) -> None:
        """Called when the page is shown again: new data, edits in progress kept."""
        self.reload(force=False)

    def _record_tabs(self) -> tuple[Any, ...]:
        return (
            self.schemes_tab,
            self.consent_tab,
            self.tutoring_tab,
            self.pathway_tab,
            self.assessment_tab,
        )

    def _apply(self, data: FileData, force: bool) -> None:
        if data.detail.id != self._participant_id:
            return  # another file was opened meanwhile
        self._data = data
        if force or not self.identity_tab.dirty:
            self.identity_tab.set_detail(data.detail)
        else:
            self.identity_tab.follow_detail(data.detail)
        for tab in self._record_tabs():
            if tab is self.pathway_tab:
                self.pathway_tab.set_data(data, keep_edits=not force)
            else:
                tab.set_data(data)
        self._update_state()
        if self._section_on_load is not None:
            self.show_section(*self._section_on_load)
            self._section_on_load = None
        waiting = [d for d in self._pending_drafts if draft_participant(d[0]) == data.detail.id]
        self._pending_drafts = [d for d in self._pending_drafts if d not in waiting]
        for payload, done in waiting:
            done(self.apply_draft(payload))
        self.loaded.emit(data.detail.id)

    # -- state shown -------------------------------------------------------------------
    def forms(self) -> tuple[Form, ...]:
        """The form of each tab that has one (the form kit's ``Form``), identity first."""
        return (
            self.identity_tab.form,
            self.tutoring_tab.form,
            self.pathway_tab.form,
            self.wellbeing_tab.form,
            self.assessment_tab.form,
        )

    def is_dirty(self) -> bool:
        return any(form.is_dirty() for form in self.forms())

    def display_name(self) -> str:
        detail: ParticipantDetail | None = self._data.detail if self._data else None
        if detail is None:
            return _("New participant")
        if detail.pseudonym:
            return _("{name} ({pseudonym})").format(
                name=detail.full_name, pseudonym=detail.pseudonym
            )
        return detail.full_name

    def _update_state(self) -> None:
        data = self._data
        new = self._participant_id is None
        self.title_label.setText(self.display_name())
        for index in range(1, self.tabs.count()):
            self.tabs.setTabEnabled(index, not new and data is not None)
        self.tab_row.sync()
        self.status_button.setEnabled(data is not None and not data.detail.anonymised)
        self.print_button.setEnabled(data is not None and not data.detail.anonymised)
        self.privacy_button.setEnabled(data is not None)
        parts: list[str] = []
        if new:
            parts.append(
                _("Fill in at least the first and last name, then save: the other tabs open then.")
            )
        elif data is not None:
            detail = data.detail
            parts.append(
                _("Status: {status}. Member since {date}.").format(
                    status=detail.status.label, date=format_date(detail.membership_start)
                )
            )
            if detail.anonymised:
                parts.append(_("This file was anonymised and can no longer be changed."))
        if self.is_dirty():
            parts.append(_("Changes not saved yet."))
        self.state_label.setText(" ".join(parts))
        warning = consent_warning(data)
        self.consent_banner.setText(warning)
        self.consent_banner.setVisible(bool(warning))

    def _tab_changed(self, index: int) -> None:
        if self.tabs.widget(index) is not self.wellbeing_tab:
            self.wellbeing_tab.conceal()

    def hideEvent(self, event: QHideEvent) -> None:
        # Leaving the file (another page, back to the list): the plan is hidden again.
        self.wellbeing_tab.conceal()
        super().hideEvent(event)

    # -- actions -----------------------------------------------------------------------
    def save(
        self,
        on_saved: Callable[[], None] | None = None,
        on_failed: Callable[[], None] | None = None,
    ) -> None:
        """Save every part with changes (identity first), then call ``on_saved``."""
        if self._saving:
            return
        steps: list[Callable[[Callable[[], None], Callable[[], None]], None]] = []
        if self.identity_tab.dirty or self._participant_id is None:
            steps.append(self._save_identity)
        if self.pathway_tab.dirty:
            steps.append(lambda ok, ko: self.pathway_tab.save_details(ok, ko))
        if self.wellbeing_tab.dirty:
            steps.append(lambda ok, ko: self.wellbeing_tab.save(ok, ko))
        if self.tutoring_tab.form.is_dirty():
            steps.append(lambda ok, ko: self.tutoring_tab.start_tutoring(ok, ko))
        if self.assessment_tab.form.is_dirty():
            steps.append(lambda ok, ko: self.assessment_tab.record(ok, ko))
        if not steps:
            self.tell(_("Nothing to save."))
            if on_saved is not None:
                on_saved()
            return
        self._saving = True

        def failed() -> None:
            self._saving = False
            self._update_state()
            if on_failed is not None:
                on_failed()

        def run(index: int) -> None:
            if index == len(steps):
                self._saving = False
                self._update_state()
                self.tell(_("File saved."))
                if on_saved is not None:
                    on_saved()
                return
            steps[index](lambda: run(index + 1), failed)

        run(0)

    def _save_identity(self, ok: Callable[[], None], ko: Callable[[], None]) -> None:
        created = self._participant_id is None

        def saved(detail: ParticipantDetail) -> None:
            self._participant_id = detail.id
            self.saved.emit(detail.id)
            if created:
                self.reload(force=True)
            else:
                self.reload(force=False)
            ok()

        self.identity_tab.save(self._participant_id, saved, ko)

    def discard(self) -> None:
        """Forget the changes in progress: the forms show the saved data again."""
        data = self._data
        self.identity_tab.set_detail(data.detail if data else None)
        self.pathway_tab.set_data(data)
        self.wellbeing_tab.reset()
        self.tutoring_tab.form.mark_clean()
        self.tutoring_tab.set_data(data)
        self.assessment_tab.clear_form()
        self._update_state()

    def change_status(self) -> None:
        data = self._data
        if data is None:
            return
        if self.identity_tab.dirty:
            self.tell(_("Save or undo the changes of the file before changing the status."))
            return
        self.dialog = StatusDialog(
            self.ctx,
            data.detail.id,
            data.detail.status,
            data.detail.full_name,
            self,
            on_done=lambda _detail: self.reload(force=False),
        )
        self.dialog.open()

    # -- privacy -----------------------------------------------------------------------
    def open_privacy(self) -> None:
        """The privacy dialog for this participant (export, anonymise, delete)."""
        from pairdesk.ui.privacy_dialog import PrivacyDialog

        if self._participant_id is None:
            return
        self.dialog = PrivacyDialog(self.ctx, self, participant_id=self._participant_id)
        self.dialog.changed.connect(self._erased)
        self.dialog.deleted.connect(lambda _pid: self.back_requested.emit())
        self.dialog.open()

    def _erased(self, participant_id: int) -> None:
        if participant_id == self._participant_id:
            self.reload(force=True)

    # -- drafts (kept when pairdesk locks) ---------------------------------------------
    def form_draft(self) -> FormDraft | None:
        """The identity form being edited (the pathway and wellbeing tabs give theirs)."""
        from pairdesk.services.drafts import participant_draft_key
        from pairdesk.ui.views.participants.file_draft import IDENTITY, describe, identity_payload

        if not self.identity_tab.dirty:
            return None
        payload = {
            FORM: IDENTITY,
            "participant_id": self._participant_id,
            "tab": self.tabs.currentIndex(),
            "identity": identity_payload(self.identity_tab),
        }
        return FormDraft(participant_draft_key(self._participant_id), payload, describe(payload))

    def restore_draft(self, payload: dict[str, Any], done: RestoreDone) -> None:
        """Re-open the file the draft was about and put the typed fields back (a dialog of
        the file: open it again, with what was typed); ``done`` says whether they are
        back, the file or record is gone, or another file has changes."""
        pid = draft_participant(payload)
        busy_elsewhere = self.is_dirty() and self._participant_id != pid
        if busy_elsewhere or (pid is None and self.is_dirty()):
            done(Restored.LATER)
            return
        if pid is None:
            if payload.get(DIALOG) is not None:
                done(Restored.GONE)
                return
            self.new_participant()
            done(self.apply_draft(payload))
            return
        if self._participant_id == pid and self._data is not None:
            done(self.apply_draft(payload))
            return
        self._pending_drafts.append((payload, done))
        if self._participant_id != pid:
            self.open_participant(pid)

    def _open_failed(self, pid: int, exc: BaseException) -> None:
        """The file could not be read: back to the list (a volunteer refused was left on an
        empty form that read as « Nouvelle personne accompagnée »: a tester's finding);
        drafts waiting for it are reported, not lost."""
        waiting, self._pending_drafts = self._pending_drafts, []
        if pid == self._participant_id:
            self._participant_id = None
            self.back_requested.emit()
        if not waiting:
            show_error(self, exc)
            return
        for _payload, done in waiting:
            done(Restored.GONE if isinstance(exc, UnknownId) else Restored.LATER)
        if not isinstance(exc, UnknownId):
            show_error(self, exc)

    def apply_draft(self, payload: dict[str, Any]) -> Restored:
        """Put a draft back in this file (its data read); GONE when the dialog's record is."""
        if payload.get(DIALOG) is not None:
            return self._reopen_dialog(payload)
        from pairdesk.ui.views.participants.file_draft import (
            ASSESSMENT,
            IDENTITY,
            PATHWAY,
            TUTORING,
            WELLBEING,
            apply_identity,
        )

        form = payload.get(FORM, IDENTITY)
        tab = payload.get("tab")
        tabs: dict[object, PathwayTab | WellbeingTab | AssessmentTab | TutoringTab] = {
            PATHWAY: self.pathway_tab,
            WELLBEING: self.wellbeing_tab,
            ASSESSMENT: self.assessment_tab,
            TUTORING: self.tutoring_tab,
        }
        holder = tabs.get(form)
        if holder is not None:
            if holder is self.wellbeing_tab:
                self.tabs.setCurrentWidget(holder)
            holder.restore_fields(fields_of(payload))
            tab = self.tabs.indexOf(holder)
        else:
            identity = payload.get("identity")
            if isinstance(identity, dict):
                apply_identity(self.identity_tab, identity)
        if type(tab) is int and 0 <= tab < self.tabs.count() and self.tabs.isTabEnabled(tab):
            self.tabs.setCurrentIndex(tab)
        self._update_state()
        return Restored.RESTORED

    def _reopen_dialog(self, payload: dict[str, Any]) -> Restored:
        """A dialog of this file (goal, step, contract…) open again with what was typed."""
        from pairdesk.ui.views.participants import dialogs

        kinds: dict[str, tuple[type[FormDialog], QWidget]] = {
            "participant.goal": (dialogs.GoalDialog, self.pathway_tab),
            "participant.step": (dialogs.EventDialog, self.pathway_tab),
            "participant.contract": (dialogs.ContractDialog, self.pathway_tab),
            "participant.contract_end": (dialogs.EndContractDialog, self.pathway_tab),
            "participant.retention": (dialogs.RetentionDialog, self.pathway_tab),
            "participant.scheme": (dialogs.SchemeDialog, self.schemes_tab),
            "participant.consent": (dialogs.ConsentDialog, self.consent_tab),
            "participant.status": (dialogs.StatusDialog, self.identity_tab),
        }
        kind = payload.get(DIALOG)
        found = kinds.get(kind) if isinstance(kind, str) else None
        context = payload.get("context")
        if found is None or not isinstance(context, dict):
            return Restored.GONE
        cls, tab = found
        dialog = cls.from_draft(self, self.ctx, context)
        if dialog is None:
            return Restored.GONE  # the goal, contract or scheme is no longer there
        self.tabs.setCurrentWidget(tab)
        self.dialog = dialog
        dialog.open()
        dialog.form.restore_draft(payload)
        return Restored.RESTORED

    # -- printing ----------------------------------------------------------------------
    def print_current(self) -> None:
        """File > Print (Ctrl+P): choose the document in the button's menu."""
        if self.print_button.isEnabled():
            self.print_menu.popup(
                self.print_button.mapToGlobal(self.print_button.rect().bottomLeft())
            )

    def print_document(self, which: str) -> None:
        """Options, then the preview of a pathway summary, an attestation or the CV."""
        from pairdesk.ui import printing
        from pairdesk.ui.views.employers.printing import print_employer_summary

        pid = self._participant_id
        if pid is None or self._data is None:
            return
        opener = {
            "summary": printing.print_pathway_summary,
            "attestation": printing.print_attestation,
            "cv": printing.print_cv,
            "employer": print_employer_summary,
        }[which]
        self.dialog = opener(self, self.ctx, pid)

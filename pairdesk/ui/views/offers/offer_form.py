"""The job-offer form (new or edit), and the small "Share with…" dialog."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from pairdesk.domain.employers import Disclosure
from pairdesk.domain.enums import ContractType, RemoteWork
from pairdesk.errors import InvalidInput, UnknownId
from pairdesk.formatting import parse_date, short_date
from pairdesk.i18n import _
from pairdesk.services import offers
from pairdesk.services.context import ServiceContext
from pairdesk.services.offers import OfferInput, OfferView
from pairdesk.ui.drafts import (
    FIELDS,
    FORM,
    FormDraft,
    Restored,
    RestoreDone,
    fields_of,
    read_fields,
    write_fields,
)
from pairdesk.ui.ops import Op, route_error
from pairdesk.ui.widgets import questions
from pairdesk.ui.widgets.employer_picker import chosen_disclosure, disclosure_combo
from pairdesk.ui.widgets.form_errors import ErrorLabel, FormErrors
from pairdesk.ui.widgets.participant_picker import ParticipantPicker
from pairdesk.ui.widgets.questions import UnsavedChoice


class OfferDialog(QDialog):
    """Create or edit an offer. ``saved(offer id)`` when the service accepted it."""

    saved = Signal(int)

    def __init__(
        self, ctx: ServiceContext, parent: QWidget | None = None, offer_id: int | None = None
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.offer_id = offer_id
        self._dirty = False
        self._loading = False
        self._saving = False
        self.setWindowTitle(_("New job offer") if offer_id is None else _("Edit the job offer"))
        self.setAccessibleName(self.windowTitle())

        body = QWidget(self)
        form = QFormLayout(body)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        general = ErrorLabel(body)
        form.addRow(general)
        self.errors = FormErrors(general)
        add = self.errors.add_row

        self.title_field = QLineEdit(body)
        self.title_field.setAccessibleName(_("Job title (required)"))
        add(form, _("&Job title:"), self.title_field, "title")
        self.employer_field = QLineEdit(body)
        self.employer_field.setAccessibleName(_("Employer"))
        add(form, _("&Employer:"), self.employer_field, "employer")
        self.place_field = QLineEdit(body)
        self.place_field.setAccessibleName(_("Place"))
        add(form, _("&Place:"), self.place_field, "place")
        self.contract_field = QComboBox(body)
        self.contract_field.setAccessibleName(_("Contract type"))
        for contract in ContractType:
            self.contract_field.addItem(contract.label, contract.value)
        add(form, _("&Contract:"), self.contract_field, "contract_type")
        self.hours_field = QDoubleSpinBox(body)
        self.hours_field.setRange(0, 60)
        self.hours_field.setDecimals(1)
        self.hours_field.setSingleStep(1)
        self.hours_field.setSpecialValueText(_("Not given"))
        self.hours_field.setSuffix(_(" h a week"))
        self.hours_field.setAccessibleName(_("Hours a week"))
        add(form, _("&Hours a week:"), self.hours_field, "hours_per_week")
        self.remote_field = QComboBox(body)
        self.remote_field.setAccessibleName(_("Remote work"))
        for remote in RemoteWork:
            self.remote_field.addItem(remote.label, remote.value)
        add(form, _("&Remote work:"), self.remote_field, "remote")
        self.accommodations_field = QPlainTextEdit(body)
        self.accommodations_field.setAccessibleName(_("Accommodations offered"))
        self.accommodations_field.setTabChangesFocus(True)
        self.accommodations_field.setMaximumHeight(self.fontMetrics().height() * 4)
        add(form, _("&Accommodations offered:"), self.accommodations_field, "accommodations")
        self.open_employer_field = QCheckBox(_("Employer &open to hiring disabled workers"), body)
        self.open_employer_field.setAccessibleName(_("Employer open to hiring disabled workers"))
        form.addRow(self.open_employer_field)
        self.source_field = QLineEdit(body)
        self.source_field.setAccessibleName(_("Source"))
        self.source_field.setPlaceholderText(_("France Travail, a newsletter, an employer…"))
        add(form, _("&Source:"), self.source_field, "source")
        self.closing_field = QLineEdit(body)
        self.closing_field.setAccessibleName(_("Closing date, dd/mm/yyyy, empty for none"))
        self.closing_field.setPlaceholderText(_("dd/mm/yyyy — leave empty if none"))
        add(form, _("C&losing date:"), self.closing_field, "closing_on")
        self.contact_field = QLineEdit(body)
        self.contact_field.setAccessibleName(_("Contact"))
        add(form, _("Co&ntact:"), self.contact_field, "contact")
        self.description_field = QPlainTextEdit(body)
        self.description_field.setAccessibleName(_("Description"))
        self.description_field.setTabChangesFocus(True)
        add(form, _("&Description:"), self.description_field, "description")

        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        buttons = QDialogButtonBox(self)
        self.save_button = buttons.addButton(_("&Save"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setAccessibleName(_("Save the offer"))
        self.save_button.setShortcut(QKeySequence.StandardKey.Save)
        self.cancel_button = buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        self.cancel_button.setAccessibleName(_("Cancel"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(buttons)
        metrics = self.fontMetrics()
        self.resize(metrics.averageCharWidth() * 80, min(metrics.height() * 36, 700))

        for signal in (
            self.title_field.textChanged,
            self.employer_field.textChanged,
            self.place_field.textChanged,
            self.contract_field.currentIndexChanged,
            self.hours_field.valueChanged,
            self.remote_field.currentIndexChanged,
            self.accommodations_field.textChanged,
            self.open_employer_field.toggled,
            self.source_field.textChanged,
            self.closing_field.textChanged,
            self.contact_field.textChanged,
            self.description_field.textChanged,
        ):
            signal.connect(self._mark_dirty)
        self._draft: tuple[object, RestoreDone] | None = None
        if offer_id is not None:
            (
                Op(self, lambda: offers.get_offer(ctx, offer_id))
                .success(self._fill)
                .failure(self._load_failed)  # a draft waiting for an offer gone is kept
                .run()
            )

    def _load_failed(self, error: BaseException) -> None:
        waiting, self._draft = self._draft, None
        if waiting is not None:
            waiting[1](Restored.GONE if isinstance(error, UnknownId) else Restored.LATER)
        if waiting is None or not isinstance(error, UnknownId):
            route_error(self, error)
        self._dirty = False
        super().reject()

    # -- draft kept at the lock --------------------------------------------------------
    def draft_fields(self) -> dict[str, QWidget]:
        return {
            "title": self.title_field,
            "employer": self.employer_field,
            "place": self.place_field,
            "contract_type": self.contract_field,
            "hours_per_week": self.hours_field,
            "remote": self.remote_field,
            "accommodations": self.accommodations_field,
            "employer_open_to_disability": self.open_employer_field,
            "source": self.source_field,
            "closing_on": self.closing_field,
            "contact": self.contact_field,
            "description": self.description_field,
        }

    def form_draft(self) -> FormDraft | None:
        if not self._dirty or not self.isVisible():
            return None
        payload = {
            FORM: "offer",
            "offer_id": self.offer_id,
            FIELDS: read_fields(self.draft_fields()),
        }
        title = self.title_field.text().strip()
        if self.offer_id is None:
            text = _("You were writing a new job offer when pairdesk locked. Restore it?")
        elif title:
            text = _(
                "You were editing the job offer “{title}” when pairdesk locked. Restore it?"
            ).format(title=title)
        else:
            text = _("You were editing a job offer when pairdesk locked. Restore it?")
        key = "offer:new" if self.offer_id is None else f"offer:{self.offer_id}"
        return FormDraft(key, payload, text)

    def restore_draft(self, payload: dict[str, object], done: RestoreDone) -> None:
        """Put a draft's fields back once the offer is read (at once for a new one)."""
        self._draft = (fields_of(payload), done)
        if self.offer_id is None:
            self._apply_draft()

    def _apply_draft(self) -> None:
        waiting, self._draft = self._draft, None
        if waiting is None:
            return
        values, done = waiting
        write_fields(self.draft_fields(), values)
        self._dirty = True
        done(Restored.RESTORED)

    def _fill(self, offer: OfferView) -> None:
        self._loading = True
        self.title_field.setText(offer.title)
        self.employer_field.setText(offer.employer)
        self.place_field.setText(offer.place)
        self.contract_field.setCurrentIndex(self.contract_field.findData(offer.contract_type.value))
        self.hours_field.setValue(offer.hours_per_week or 0)
        self.remote_field.setCurrentIndex(self.remote_field.findData(offer.remote.value))
        self.accommodations_field.setPlainText(offer.accommodations)
        self.open_employer_field.setChecked(offer.employer_open_to_disability)
        self.source_field.setText(offer.source)
        self.closing_field.setText(short_date(offer.closing_on))
        self.contact_field.setText(offer.contact)
        self.description_field.setPlainText(offer.description)
        self._loading = False
        self._dirty = False
        self._apply_draft()

    def _mark_dirty(self, *_args: object) -> None:
        if not self._loading:
            self._dirty = True

    def offer_input(self) -> OfferInput:
        """What is typed, as the service's input; a date that cannot be read raises
        ``InvalidInput`` for its field."""
        try:
            closing_on = parse_date(self.closing_field.text())
        except ValueError:
            raise InvalidInput(
                _("{field} is not a valid date: type it as dd/mm/yyyy.").format(
                    field=_("Closing date")
                ),
                field="closing_on",
            ) from None
        hours = self.hours_field.value()
        return OfferInput(
            title=self.title_field.text(),
            employer=self.employer_field.text(),
            place=self.place_field.text(),
            contract_type=ContractType(self.contract_field.currentData()),
            hours_per_week=hours if hours > 0 else None,
            remote=RemoteWork(self.remote_field.currentData()),
            accommodations=self.accommodations_field.toPlainText(),
            employer_open_to_disability=self.open_employer_field.isChecked(),
            source=self.source_field.text(),
            closing_on=closing_on,
            contact=self.contact_field.text(),
            description=self.description_field.toPlainText(),
        )

    def save(self) -> None:
        if self._saving:
            return
        self.errors.clear()
        try:
            data = self.offer_input()
        except InvalidInput as exc:
            self.errors.show(exc)
            return
        ctx, offer_id = self._ctx, self.offer_id
        self._saving = True

        def work() -> OfferView:
            if offer_id is None:
                return offers.create_offer(ctx, data)
            return offers.update_offer(ctx, offer_id, data)

        Op(self, work, key="save").success(self._saved).always(self._not_saving).run()

    def _not_saving(self) -> None:
        self._saving = False

    def show_op_error(self, error: BaseException) -> bool:
        """ErrorSink: an error naming a field of this form is shown beside it."""
        if not isinstance(error, InvalidInput):
            return False
        self.errors.show(error)
        return True

    def _saved(self, offer: OfferView) -> None:
        self._saving = False
        self._dirty = False
        self.offer_id = offer.id
        self.saved.emit(offer.id)
        self.accept()

    def reject(self) -> None:
        if self._dirty:
            choice = questions.ask_unsaved_changes(self, _("This offer"))
            if choice is UnsavedChoice.SAVE:
                self.save()
                return
            if choice is not UnsavedChoice.DISCARD:
                return
        self._dirty = False
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._dirty:
            event.ignore()
            self.reject()
            return
        super().closeEvent(event)


class ShareDialog(QDialog):
    """Choose who to share an offer with. ``chosen(participant id, name)`` on OK;
    ``disclosure()`` is the person's choice about telling the employer (None: not said)."""

    chosen = Signal(int, str)

    def __init__(self, ctx: ServiceContext, offer_title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("Share with…"))
        self.setAccessibleName(_("Share the offer with a participant"))
        intro = QLabel(_("Share “{offer}” with:").format(offer=offer_title), self)
        intro.setWordWrap(True)
        self.picker = ParticipantPicker(ctx, _("Share with"), self)
        intro.setBuddy(self.picker.search_field)
        # issue 15: what the person chose to tell this employer, if they said
        self.disclosure_combo = disclosure_combo(self)
        self.disclosure_combo.setAccessibleName(_("What the person chose to tell the employer"))
        disclosure_label = QLabel(_("The person chose to &tell the employer:"), self)
        disclosure_label.setWordWrap(True)
        disclosure_label.setBuddy(self.disclosure_combo)
        self.error = ErrorLabel(self)
        buttons = QDialogButtonBox(self)
        self.share_button = buttons.addButton(_("&Share"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.share_button.setAccessibleName(_("Share the offer"))
        cancel = buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        cancel.setAccessibleName(_("Cancel"))
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.picker)
        layout.addWidget(disclosure_label)
        layout.addWidget(self.disclosure_combo)
        layout.addWidget(self.error)
        layout.addStretch(1)
        layout.addWidget(buttons)
        metrics = self.fontMetrics()
        self.resize(metrics.averageCharWidth() * 80, metrics.height() * 14)
        self.picker.search()
        self.picker.search_field.setFocus(Qt.FocusReason.OtherFocusReason)

    def _accept(self) -> None:
        participant_id = self.picker.participant_id()
        if participant_id is None:
            self.error.show_message(_("Choose the person to share the offer with."))
            return
        self.chosen.emit(participant_id, self.picker.participant_name())
        self.accept()

    def disclosure(self) -> Disclosure | None:
        return chosen_disclosure(self.disclosure_combo)

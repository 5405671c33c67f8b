"""The job-offer form (new or edit), and the small "Share with…" dialog."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from pairdesk.domain.employers import Disclosure
from pairdesk.domain.enums import ContractType, RemoteWork
from pairdesk.errors import InvalidInput, UnknownId
from pairdesk.i18n import _
from pairdesk.services import offers
from pairdesk.services.context import ServiceContext
from pairdesk.services.offers import OfferInput, OfferView
from pairdesk.ui.drafts import RestoreDone
from pairdesk.ui.forms import FormDialog
from pairdesk.ui.forms.waiting import WaitingDraft
from pairdesk.ui.ops import Op, route_error
from pairdesk.ui.screens import available_area
from pairdesk.ui.widgets.date_field import DateField
from pairdesk.ui.widgets.employer_picker import (
    EmployerPicker,
    chosen_disclosure,
    disclosure_combo,
)
from pairdesk.ui.widgets.participant_picker import ParticipantPicker


class OfferDialog(FormDialog):
    """Create or edit an offer, on the form kit. ``saved(offer id)`` when the service
    accepted it. Its draft goes back to the offers page (``OffersPage.restore_draft``),
    which opens the dialog again and hands it the payload."""

    def __init__(
        self, ctx: ServiceContext, parent: QWidget | None = None, offer_id: int | None = None
    ) -> None:
        title = _("New job offer") if offer_id is None else _("Edit the job offer")
        super().__init__(parent, title, what=_("This offer"), scrolled=True)
        self._ctx = ctx
        self.offer_id = offer_id
        body = self.content
        add = self.form.add
        self.title_field = add("title", _("&Job title:"), QLineEdit(body), required=True)
        self.title_field.setAccessibleName(_("Job title (required)"))
        self.employer_field = add(  # issue 15: picked from the directory, or a new one
            "employer",
            _("&Employer:"),
            EmployerPicker(ctx, _("Employer"), body),
            aliases=("employer_id",),
        )
        self.place_field = add("place", _("&Place:"), QLineEdit(body))
        self.contract_field = add("contract_type", _("&Contract:"), QComboBox(body))
        for contract in ContractType:
            self.contract_field.addItem(contract.label, contract.value)
        self.hours_field = QDoubleSpinBox(body)
        self.hours_field.setRange(0, 60)
        self.hours_field.setDecimals(1)
        self.hours_field.setSingleStep(1)
        self.hours_field.setSpecialValueText(_("Not given"))
        self.hours_field.setSuffix(_(" h a week"))
        add("hours_per_week", _("&Hours a week:"), self.hours_field)
        self.remote_field = add("remote", _("&Remote work:"), QComboBox(body))
        for remote in RemoteWork:
            self.remote_field.addItem(remote.label, remote.value)
        self.accommodations_field = QPlainTextEdit(body)
        self.accommodations_field.setTabChangesFocus(True)
        self.accommodations_field.setMaximumHeight(self.fontMetrics().height() * 4)
        add("accommodations", _("&Accommodations offered:"), self.accommodations_field)
        self.open_employer_field = add(
            "employer_open_to_disability",
            "",
            QCheckBox(_("Employer &open to hiring disabled workers"), body),
        )
        # The examples under the field, wrapping: as a placeholder they were cut at 200 %.
        self.source_field = add(
            "source",
            _("&Source:"),
            QLineEdit(body),
            help_text=_("France Travail, a newsletter, an employer…"),
        )
        self.closing_field = add(
            "closing_on",
            _("C&losing date:"),
            DateField(body, optional=True),
            help_text=_("Leave empty if there is none."),
        )
        self.contact_field = add("contact", _("Co&ntact:"), QLineEdit(body))
        self.description_field = QPlainTextEdit(body)
        self.description_field.setTabChangesFocus(True)
        add("description", _("&Description:"), self.description_field)
        self.save_button = self.ok_button
        self.save_button.setAccessibleName(_("Save the offer"))
        metrics = self.fontMetrics()
        # Wide enough for the check box's sentence (it cannot wrap), within the screen.
        width = max(metrics.averageCharWidth() * 80, self.open_employer_field.sizeHint().width())
        screen = available_area(self)
        if screen is not None:
            width = min(width + metrics.averageCharWidth() * 6, screen.width() - 40)
        self.resize(width, min(metrics.height() * 36, 700))

        self.form.draft_form = "offer"
        self.form.draft_key = "offer:new" if offer_id is None else f"offer:{offer_id}"
        self.form.draft_context = {"offer_id": offer_id}
        self.form.describe_draft = self._describe_draft
        self.waiting_draft = WaitingDraft(self.form, loaded=offer_id is None)
        if offer_id is not None:
            self.form.reload = self._read  # "Reload their version"
            self._read()

    def _read(self) -> None:
        """Show the offer as stored now: when the dialog opens, and again when someone
        else saved it meanwhile."""
        ctx, offer_id = self._ctx, self.offer_id
        if offer_id is not None:
            (
                Op(self, lambda: offers.get_offer(ctx, offer_id))
                .success(self._fill)
                .failure(self._load_failed)  # a draft waiting for an offer gone is kept
                .run()
            )

    @property
    def is_loaded(self) -> bool:
        return self.waiting_draft.is_loaded

    def _load_failed(self, error: BaseException) -> None:
        waited = self.waiting_draft.load_failed(error)
        if not waited or not isinstance(error, UnknownId):
            route_error(self, error)
        self.form.mark_clean()
        self.done(QDialog.DialogCode.Rejected)

    # -- draft kept at the lock (the kit's; the offers page hands it back) ---------------
    def _describe_draft(self) -> str:
        title = self.title_field.text().strip()
        if self.offer_id is None:
            return _("You were writing a new job offer when pairdesk locked. Restore it?")
        if title:
            return _(
                "You were editing the job offer “{title}” when pairdesk locked. Restore it?"
            ).format(title=title)
        return _("You were editing a job offer when pairdesk locked. Restore it?")

    def restore_draft(self, payload: dict[str, object], done: RestoreDone) -> None:
        """Put a draft's fields back once the offer is read (at once for a new one)."""
        self.waiting_draft.hand(payload, done)

    def _fill(self, offer: OfferView) -> None:
        self.form.set_values(
            {
                "title": offer.title,
                "employer": (offer.employer_id, offer.employer),
                "place": offer.place,
                "contract_type": offer.contract_type.value,
                "hours_per_week": offer.hours_per_week or 0.0,
                "remote": offer.remote.value,
                "accommodations": offer.accommodations,
                "employer_open_to_disability": offer.employer_open_to_disability,
                "source": offer.source,
                "closing_on": offer.closing_on,
                "contact": offer.contact,
                "description": offer.description,
            },
            edit_version=offer.edit_version,
        )
        self.waiting_draft.loaded()

    def is_dirty(self) -> bool:
        return self.form.is_dirty()

    def offer_input(self) -> OfferInput:
        """What is typed, as the service's input; a date that cannot be read raises
        ``InvalidInput``, shown beside its field."""
        hours = self.hours_field.value()
        return OfferInput(
            title=self.title_field.text(),
            employer=self.employer_field.employer_name(),
            employer_id=self.employer_field.employer_id(),
            place=self.place_field.text(),
            contract_type=ContractType(self.contract_field.currentData()),
            hours_per_week=hours if hours > 0 else None,
            remote=RemoteWork(self.remote_field.currentData()),
            accommodations=self.accommodations_field.toPlainText(),
            employer_open_to_disability=self.open_employer_field.isChecked(),
            source=self.source_field.text(),
            closing_on=self.closing_field.date(),
            contact=self.contact_field.text(),
            description=self.description_field.toPlainText(),
            edit_version=self.form.edit_version,
        )

    def action(self) -> Callable[[], OfferView]:
        data = self.offer_input()
        ctx, offer_id = self._ctx, self.offer_id
        if offer_id is None:
            return lambda: offers.create_offer(ctx, data)
        return lambda: offers.update_offer(ctx, offer_id, data)

    def accepted_value(self, result: object) -> object:
        if isinstance(result, OfferView):
            self.offer_id = result.id
            return result.id
        return result


class ShareDialog(FormDialog):
    """Choose who to share an offer with, on the form kit. ``chosen(participant id,
    name)`` on OK; ``disclosure()`` is the person's choice about telling the employer
    (None: not said). The share itself is then written by the offers page (``share_with``:
    the consent question first), so nothing is saved here and no draft is kept (choices
    in lists, nothing typed)."""

    chosen = Signal(int, str)

    def __init__(
        self,
        ctx: ServiceContext,
        offer_title: str,
        parent: QWidget | None = None,
        *,
        person: tuple[int, str] | None = None,
    ):
        """``person``: (id, name) already chosen (a suggested match), so that what they
        told the employer is asked on both ways of sharing."""
        super().__init__(parent, _("Share with…"), ok_text=_("&Share"))
        self.setAccessibleName(_("Share the offer with a participant"))
        self.ok_button.setAccessibleName(_("Share the offer"))
        self.share_button = self.ok_button
        intro = QLabel(_("Share “{offer}” with:").format(offer=offer_title), self)
        intro.setWordWrap(True)
        self.main_layout.insertWidget(0, intro)
        # The hint under the field, wrapping: as the search box's placeholder it was cut
        # at 200 % ("Tapez une parti…").
        self.picker = self.form.add(
            "participant_id",
            _("&Person:"),
            ParticipantPicker(ctx, _("Share with"), self),
            help_text=_("Type part of a name, then choose the person in the list."),
        )
        self.picker.search_field.setPlaceholderText("")
        self.form.fields["participant_id"].label.setBuddy(self.picker.search_field)
        intro.setBuddy(self.picker.search_field)
        # issue 15: what the person chose to tell this employer, if they said
        self.disclosure_combo = self.form.add(
            "disclosure", _("The person chose to &tell the employer:"), disclosure_combo(self)
        )
        self.disclosure_combo.setAccessibleName(_("What the person chose to tell the employer"))
        metrics = self.fontMetrics()
        self.resize(metrics.averageCharWidth() * 80, metrics.height() * 14)
        self._person_given = person is not None
        if person is not None:
            participant_id, name = person
            self.picker.search_field.setText(name)
            self.picker.search_field.setCursorPosition(0)  # the name's start in sight
            self.picker.select(participant_id)
        self.picker.search()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)  # the first field takes the focus
        if self._person_given:  # already chosen: what is left to ask
            self._person_given = False
            self.disclosure_combo.setFocus(Qt.FocusReason.OtherFocusReason)

    def submit(self) -> None:
        """Nothing to write: say beside the picker when nobody is chosen, else hand the
        choice to the page."""
        self.form.clear_errors()
        participant_id = self.picker.participant_id()
        if participant_id is None:
            self.form.show_op_error(
                InvalidInput(
                    _("Choose the person to share the offer with."), field="participant_id"
                )
            )
            return
        self.result_value = participant_id
        self.chosen.emit(participant_id, self.picker.participant_name())
        self.accept()

    def disclosure(self) -> Disclosure | None:
        return chosen_disclosure(self.disclosure_combo)

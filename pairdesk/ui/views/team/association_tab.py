"""The association profile: name and contact details printed on documents, the logo,
opening days and hours, opening days per year and staff (full-time equivalent) for the
activity report. Only a coordinator changes it; others read it."""

from __future__ import annotations

import math
from pathlib import Path

from PySide6.QtCore import QByteArray, Qt, Signal
from PySide6.QtGui import QKeySequence, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from pairdesk.domain.permissions import Permission, allows
from pairdesk.errors import InvalidInput, UserError
from pairdesk.formatting import number
from pairdesk.i18n import N_, _
from pairdesk.services import team
from pairdesk.services.context import ServiceContext
from pairdesk.services.team import AssociationInput, AssociationProfile
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
from pairdesk.ui.fit_labels import wrapping_form_label
from pairdesk.ui.ops import Op
from pairdesk.ui.views.team.common import add_shortcut, note_label
from pairdesk.ui.widgets import FieldErrors, questions
from pairdesk.ui.widgets.field_error import make_error_label
from pairdesk.ui.widgets.questions import UnsavedChoice

WEEKDAYS = (
    N_("Monday"),
    N_("Tuesday"),
    N_("Wednesday"),
    N_("Thursday"),
    N_("Friday"),
    N_("Saturday"),
    N_("Sunday"),
)
THUMBNAIL_PX = 96


def parse_optional_int(text: str, field: str, label: str) -> int | None:
    text = text.strip()
    if not text:
        return None
    if not text.isdigit():
        raise InvalidInput(
            _("{field} must be a whole number, or left empty.").format(field=label), field=field
        )
    return int(text)


def parse_optional_number(text: str, field: str, label: str) -> float | None:
    text = text.strip().replace("\u00a0", "").replace(" ", "").replace(",", ".")
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise InvalidInput(
            _("{field} must be a number such as 2,5, or left empty.").format(field=label),
            field=field,
        )
    return value


class AssociationTab(QWidget):
    status_message = Signal(str)

    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("associationTab")
        self.ctx = ctx
        self.can_edit = allows(ctx.operator, Permission.VAULT_SETTINGS)
        self.profile: AssociationProfile | None = None
        self.logo: bytes | None = None
        self._dirty = False
        self._filling = False
        self._busy = False
        self.errors = FieldErrors()

        self.read_only_note = note_label(
            _(
                "Only a coordinator can change the association profile. You are signed in "
                "as {name} ({role})."
            ).format(name=ctx.operator.name, role=ctx.operator.role.label),
            self,
        )
        self.read_only_note.setAccessibleName(_("Why the profile is read-only"))
        self.read_only_note.setVisible(not self.can_edit)

        self.name_field = QLineEdit(self)
        self.name_field.setAccessibleName(_("Name of the association"))
        self.address_field = QPlainTextEdit(self)
        self.address_field.setAccessibleName(_("Address"))
        self.address_field.setTabChangesFocus(True)
        self.address_field.setMaximumHeight(self.address_field.fontMetrics().height() * 5)
        self.phone_field = QLineEdit(self)
        self.phone_field.setAccessibleName(_("Phone"))
        self.email_field = QLineEdit(self)
        self.email_field.setAccessibleName(_("E-mail"))

        # Logo: a thumbnail, choose / remove.
        self.logo_preview = QLabel(self)
        self.logo_preview.setObjectName("logoPreview")
        self.logo_preview.setMinimumSize(THUMBNAIL_PX, THUMBNAIL_PX)
        self.logo_preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.logo_preview.setStyleSheet("border: 1px solid #999;")
        self.logo_preview.setAccessibleName(_("Logo"))
        self.choose_logo_button = QPushButton(_("C&hoose an image…"), self)
        self.choose_logo_button.setAccessibleName(_("Choose the logo image (PNG or JPEG)"))
        self.remove_logo_button = QPushButton(_("Re&move the logo"), self)
        self.remove_logo_button.setAccessibleName(_("Remove the logo"))
        logo_box = QWidget(self)
        logo_layout = QHBoxLayout(logo_box)
        logo_layout.setContentsMargins(0, 0, 0, 0)
        logo_layout.addWidget(self.logo_preview)
        logo_buttons = QVBoxLayout()
        logo_buttons.addWidget(self.choose_logo_button)
        logo_buttons.addWidget(self.remove_logo_button)
        logo_buttons.addStretch(1)
        logo_layout.addLayout(logo_buttons)
        logo_layout.addStretch(1)
        logo_box.setFocusProxy(self.choose_logo_button)

        # Opening days: one box per weekday (1 = Monday … 7 = Sunday).
        self.day_boxes: list[QCheckBox] = []
        days_box = QWidget(self)
        days_layout = QGridLayout(days_box)
        days_layout.setContentsMargins(0, 0, 0, 0)
        for number_, day in enumerate(WEEKDAYS):
            box = QCheckBox(_(day), days_box)
            box.setAccessibleName(_("Open on {day}").format(day=_(day)))
            days_layout.addWidget(box, number_ // 4, number_ % 4)
            self.day_boxes.append(box)
        days_box.setFocusProxy(self.day_boxes[0])

        self.hours_field = QPlainTextEdit(self)
        self.hours_field.setAccessibleName(_("Opening hours"))
        self.hours_field.setTabChangesFocus(True)
        self.hours_field.setPlaceholderText(_("e.g. Monday to Friday, 10:00–17:00"))
        self.hours_field.setMaximumHeight(self.hours_field.fontMetrics().height() * 5)
        self.days_per_year_field = QLineEdit(self)
        self.days_per_year_field.setAccessibleName(_("Opening days per year"))
        self.days_per_year_field.setMaximumWidth(self.fontMetrics().horizontalAdvance("0") * 10)
        self.fte_field = QLineEdit(self)
        self.fte_field.setAccessibleName(_("Staff (full-time equivalent)"))
        self.fte_field.setMaximumWidth(self.fontMetrics().horizontalAdvance("0") * 10)
        self.fte_field.setPlaceholderText(_("e.g. 2,5"))

        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        for text, field, widget in (
            (_("&Name:"), "name", self.name_field),
            (_("A&ddress:"), "address", self.address_field),
            (_("&Phone:"), "phone", self.phone_field),
            (_("&E-mail:"), "email", self.email_field),
            (_("&Logo:"), "logo", logo_box),
            (_("Opening &days:"), "opening_days", days_box),
            (_("Opening &hours:"), "opening_hours", self.hours_field),
            (_("Opening days per &year:"), "opening_days_per_year", self.days_per_year_field),
            (_("S&taff (full-time equivalent):"), "staff_fte", self.fte_field),
        ):
            label = wrapping_form_label(text, widget, self)
            form.addRow(label, self.errors.wrap(field, widget))

        self.save_button = QPushButton(_("&Save the profile"), self)
        self.save_button.setAccessibleName(_("Save the association profile"))
        self.save_button.setToolTip(_("Ctrl+S"))
        self.revert_button = QPushButton(_("&Undo the changes"), self)
        self.revert_button.setAccessibleName(_("Undo the changes not saved"))
        self.general_error = QLabel(self)
        self.general_error.setWordWrap(True)
        make_error_label(self.general_error)
        self.general_error.hide()
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.revert_button)
        buttons.addStretch(1)

        content = QWidget(self)
        content_layout = QVBoxLayout(content)
        content_layout.addWidget(self.read_only_note)
        content_layout.addLayout(form)
        content_layout.addWidget(self.general_error)
        content_layout.addStretch(1)
        self.scroll_area = QScrollArea(self)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QScrollArea.Shape.NoFrame)
        self.scroll_area.setWidget(content)
        layout = QVBoxLayout(self)
        layout.addWidget(self.scroll_area, 1)
        layout.addLayout(buttons)

        for line in (self.name_field, self.phone_field, self.email_field):
            line.textChanged.connect(self._mark_dirty)
        for line in (self.days_per_year_field, self.fte_field):
            line.textChanged.connect(self._mark_dirty)
        for text_edit in (self.address_field, self.hours_field):
            text_edit.textChanged.connect(self._mark_dirty)
        for box in self.day_boxes:
            box.toggled.connect(self._mark_dirty)
        self.choose_logo_button.clicked.connect(self.choose_logo)
        self.remove_logo_button.clicked.connect(self.remove_logo)
        self.save_button.clicked.connect(self.save)
        self.revert_button.clicked.connect(self.revert)
        add_shortcut(QKeySequence.StandardKey.Save, self, self.save)
        self._set_editable()
        self._show_logo()

    # -- state -------------------------------------------------------------------------
    @property
    def dirty(self) -> bool:
        return self._dirty

    def _mark_dirty(self, *_args: object) -> None:
        if not self._filling:
            self._dirty = True
            self._update_buttons()

    def _update_buttons(self) -> None:
        self.save_button.setEnabled(self.can_edit and self._dirty and not self._busy)
        self.revert_button.setEnabled(self.can_edit and self._dirty and not self._busy)

    def _set_editable(self) -> None:
        for line in (
            self.name_field,
            self.phone_field,
            self.email_field,
            self.days_per_year_field,
            self.fte_field,
        ):
            line.setReadOnly(not self.can_edit)
        for text_edit in (self.address_field, self.hours_field):
            text_edit.setReadOnly(not self.can_edit)
        for box in self.day_boxes:
            box.setEnabled(self.can_edit)
        self.choose_logo_button.setVisible(self.can_edit)
        self.remove_logo_button.setVisible(self.can_edit)
        self.save_button.setVisible(self.can_edit)
        self.revert_button.setVisible(self.can_edit)
        self._update_buttons()

    # -- data --------------------------------------------------------------------------
    def refresh(self) -> None:
        """Read the profile, unless the form holds changes not saved yet."""
        if self._dirty:
            return
        ctx = self.ctx
        Op(self, lambda: team.get_association(ctx)).success(self._fill).run()

    def revert(self) -> None:
        self._dirty = False
        self.errors.clear()
        self.general_error.hide()
        self.refresh()

    def _fill(self, profile: AssociationProfile) -> None:
        self.profile = profile
        self._filling = True
        try:
            self.name_field.setText(profile.name)
            self.address_field.setPlainText(profile.address)
            self.phone_field.setText(profile.phone)
            self.email_field.setText(profile.email)
            self.logo = profile.logo
            for day, box in enumerate(self.day_boxes, start=1):
                box.setChecked(day in profile.opening_days)
            self.hours_field.setPlainText(profile.opening_hours)
            self.days_per_year_field.setText(
                "" if profile.opening_days_per_year is None else str(profile.opening_days_per_year)
            )
            self.fte_field.setText(
                "" if profile.staff_fte is None else number(profile.staff_fte, digits=2)
            )
        finally:
            self._filling = False
        self._dirty = False
        self._show_logo()
        self._update_buttons()

    # -- draft kept at the lock --------------------------------------------------------
    def draft_fields(self) -> dict[str, QWidget]:
        fields: dict[str, QWidget] = {
            "name": self.name_field,
            "address": self.address_field,
            "phone": self.phone_field,
            "email": self.email_field,
            "opening_hours": self.hours_field,
            "opening_days_per_year": self.days_per_year_field,
            "staff_fte": self.fte_field,
        }
        for day, box in enumerate(self.day_boxes, start=1):
            fields[f"day_{day}"] = box
        return fields

    def form_draft(self) -> FormDraft | None:
        """The profile being edited (a logo chosen but not saved is not kept: an image)."""
        if not self._dirty or not self.can_edit:
            return None
        payload = {FORM: "association", FIELDS: read_fields(self.draft_fields())}
        return FormDraft(
            "association",
            payload,
            _("You were editing the association profile when pairdesk locked. Restore it?"),
        )

    def restore_draft(self, payload: dict[str, object], done: RestoreDone) -> None:
        """Read the profile, then put the draft's fields over it."""
        if self._dirty:
            done(Restored.LATER)
            return
        values = fields_of(payload)

        def loaded(profile: AssociationProfile) -> None:
            self._fill(profile)  # after any read already asked for (one worker, in order)
            self.restore_fields(values)
            done(Restored.RESTORED)

        ctx = self.ctx
        Op(self, lambda: team.get_association(ctx)).success(loaded).run()

    def restore_fields(self, values: object) -> None:
        write_fields(self.draft_fields(), values)
        self._dirty = True
        self._update_buttons()

    def _show_logo(self) -> None:
        pixmap = QPixmap()
        if self.logo and pixmap.loadFromData(QByteArray(self.logo)):
            self.logo_preview.setPixmap(
                pixmap.scaled(
                    THUMBNAIL_PX,
                    THUMBNAIL_PX,
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )
            self.logo_preview.setAccessibleName(_("Logo"))
        else:
            self.logo_preview.clear()
            self.logo_preview.setText(_("No logo"))
            self.logo_preview.setAccessibleName(_("No logo"))
        self.remove_logo_button.setEnabled(self.can_edit and bool(self.logo))

    def choose_logo(self) -> None:
        chosen, _filter = QFileDialog.getOpenFileName(
            self,
            _("Choose the logo"),
            str(Path.home()),
            _("Images (*.png *.jpg *.jpeg)"),
        )
        if not chosen:
            return
        self.errors.clear()
        try:
            data = Path(chosen).read_bytes()[: team.LOGO_MAX_BYTES + 1]
        except OSError as exc:
            self.errors.show(
                InvalidInput(
                    _("The file {path} cannot be read: {reason}").format(
                        path=chosen, reason=exc.strerror or exc
                    ),
                    field="logo",
                )
            )
            return
        if team.logo_kind(data) is None:
            self.errors.show(InvalidInput(_("The logo must be a PNG or JPEG image."), field="logo"))
            return
        self.logo = data
        self._mark_dirty()
        self._show_logo()

    def remove_logo(self) -> None:
        if not self.logo:
            return
        self.logo = None
        self._mark_dirty()
        self._show_logo()

    def association_input(self) -> AssociationInput:
        return AssociationInput(
            name=self.name_field.text(),
            address=self.address_field.toPlainText(),
            phone=self.phone_field.text(),
            email=self.email_field.text(),
            logo=self.logo,
            opening_days=tuple(
                day for day, box in enumerate(self.day_boxes, start=1) if box.isChecked()
            ),
            opening_hours=self.hours_field.toPlainText(),
            opening_days_per_year=parse_optional_int(
                self.days_per_year_field.text(),
                "opening_days_per_year",
                _("Opening days per year"),
            ),
            staff_fte=parse_optional_number(
                self.fte_field.text(), "staff_fte", _("Staff (full-time equivalent)")
            ),
        )

    def save(self) -> None:
        if not self.can_edit or self._busy:
            return
        self.errors.clear()
        self.general_error.hide()
        try:
            data = self.association_input()
        except InvalidInput as exc:
            self.show_op_error(exc)
            return
        ctx = self.ctx
        self._busy = True
        self._update_buttons()
        (
            Op(self, lambda: team.update_association(ctx, data))
            .success(self._saved)
            .always(self._not_busy)
            .busy(_("Saving…"))
            .run()
        )

    def _saved(self, profile: AssociationProfile) -> None:
        self._fill(profile)
        self.status_message.emit(_("The association profile was saved."))

    def _not_busy(self) -> None:
        self._busy = False
        self._update_buttons()

    def show_op_error(self, error: BaseException) -> bool:
        """ErrorSink: beside the field it names, else in the form's error line; a bug is
        not a UserError and goes on to the polite dialog."""
        if self.errors.show(error):
            return True
        if isinstance(error, UserError):
            self.general_error.setText(_("Error: {message}").format(message=error.message))
            self.general_error.show()
            return True
        return False

    def can_leave(self) -> bool:
        """Ask Save / Discard / Stay when the form holds changes; True when leaving is fine."""
        if not self._dirty:
            return True
        choice = questions.ask_unsaved_changes(self, _("The association profile"))
        if choice is UnsavedChoice.CANCEL:
            return False
        if choice is UnsavedChoice.SAVE:
            self.save()
            return True
        self.revert()
        return True

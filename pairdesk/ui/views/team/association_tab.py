"""The association profile: name and contact details printed on documents, the logo,
opening days and hours, opening days per year and staff (full-time equivalent) for the
activity report. Only a coordinator changes it; others read it."""

from __future__ import annotations

import hashlib
import math
from pathlib import Path

from PySide6.QtCore import QByteArray, Qt, Signal
from PySide6.QtGui import QKeySequence, QPixmap
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pairdesk.domain.permissions import Permission, allows
from pairdesk.errors import InvalidInput
from pairdesk.formatting import number
from pairdesk.i18n import _
from pairdesk.services import team
from pairdesk.services.context import ServiceContext
from pairdesk.services.team import AssociationInput, AssociationProfile
from pairdesk.ui.drafts import Restored, RestoreDone, fields_of
from pairdesk.ui.forms import Form
from pairdesk.ui.ops import Op
from pairdesk.ui.widgets.dialog_parts import choose_image, scroll_area
from pairdesk.ui.widgets.record_list import add_shortcut, note_label
from pairdesk.ui.widgets.weekdays_field import WeekdaysField

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


class LogoField(QWidget):
    """The logo: a thumbnail, choose / remove. On the form kit its ``raw_value`` is a
    fingerprint of the image ("" for none), so a change makes the form dirty; a draft
    cannot hold an image, so putting one back only removes the logo when it had been
    removed."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.logo: bytes | None = None
        self.preview = QLabel(self)
        self.preview.setObjectName("logoPreview")
        self.preview.setMinimumSize(THUMBNAIL_PX, THUMBNAIL_PX)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setWordWrap(True)  # "No logo" wraps in the thumbnail at 200 %
        self.preview.setStyleSheet("border: 1px solid #999;")
        self.preview.setAccessibleName(_("Logo"))
        self.choose_button = QPushButton(_("C&hoose an image…"), self)
        self.choose_button.setAccessibleName(_("Choose the logo image (PNG or JPEG)"))
        self.remove_button = QPushButton(_("Re&move the logo"), self)
        self.remove_button.setAccessibleName(_("Remove the logo"))
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.preview)
        buttons = QVBoxLayout()
        buttons.addWidget(self.choose_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        row.addLayout(buttons)
        row.addStretch(1)
        self.setFocusProxy(self.choose_button)
        self.editable = True
        self._show()

    def value(self) -> bytes | None:
        return self.logo

    def set_value(self, value: object) -> None:
        self.logo = value if isinstance(value, bytes) and value else None
        self._show()
        self.changed.emit()

    def raw_value(self) -> str:
        return hashlib.sha256(self.logo).hexdigest()[:16] if self.logo else ""

    def set_raw_value(self, raw: object) -> None:
        if not raw and self.logo:
            self.set_value(None)

    def _show(self) -> None:
        pixmap = QPixmap()
        if self.logo and pixmap.loadFromData(QByteArray(self.logo)):
            self.preview.setPixmap(
                pixmap.scaled(
                    THUMBNAIL_PX,
                    THUMBNAIL_PX,
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )
            self.preview.setAccessibleName(_("Logo"))
        else:
            self.preview.clear()
            self.preview.setText(_("No logo"))
            self.preview.setAccessibleName(_("No logo"))
        self.remove_button.setEnabled(self.editable and bool(self.logo))


class AssociationTab(QWidget):
    """The association profile, on the form kit (``self.form``): fields declared once,
    errors beside them, dirty tracking, the unsaved-changes question, a draft at the lock
    (put back through ``TeamSettingsPage.restore_draft``)."""

    status_message = Signal(str)

    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("associationTab")
        self.ctx = ctx
        self.can_edit = allows(ctx.operator, Permission.VAULT_SETTINGS)
        self.profile: AssociationProfile | None = None

        self.read_only_note = note_label(
            _(
                "Only a coordinator can change the association profile. You are signed in "
                "as {name} ({role})."
            ).format(name=ctx.operator.name, role=ctx.operator.role.label),
            self,
        )
        self.read_only_note.setAccessibleName(_("Why the profile is read-only"))
        self.read_only_note.setVisible(not self.can_edit)

        content = QWidget(self)
        rows = QFormLayout()
        self.general_error = QLabel(content)
        self.form = Form(
            self,
            rows,
            what=_("The association profile"),
            draft_key="association" if self.can_edit else None,
            general_error=self.general_error,
        )
        self.form.draft_form = "association"
        self.form.describe_draft = lambda: _(
            "You were editing the association profile when pairdesk locked. Restore it?"
        )
        self.form.save_path = self.save
        self.form.reload = self.revert  # "Reload their version"
        add = self.form.add
        self.name_field = add("name", _("&Name:"), QLineEdit(content))
        self.name_field.setAccessibleName(_("Name of the association"))
        self.address_field = add("address", _("A&ddress:"), QPlainTextEdit(content))
        self.address_field.setTabChangesFocus(True)
        self.address_field.setMaximumHeight(self.address_field.fontMetrics().height() * 5)
        self.phone_field = add("phone", _("&Phone:"), QLineEdit(content))
        self.email_field = add("email", _("&E-mail:"), QLineEdit(content))
        self.logo_field = add("logo", _("&Logo:"), LogoField(content))
        self.logo_field.setAccessibleName(_("Logo"))
        self.logo_preview = self.logo_field.preview
        self.choose_logo_button = self.logo_field.choose_button
        self.remove_logo_button = self.logo_field.remove_button
        self.days_field = add("opening_days", _("Openin&g days:"), WeekdaysField(content))
        self.days_field.setAccessibleName(_("Opening days"))
        self.day_boxes = self.days_field.boxes
        self.hours_field = add("opening_hours", _("Open&ing hours:"), QPlainTextEdit(content))
        self.hours_field.setAccessibleName(_("Opening hours"))
        self.hours_field.setTabChangesFocus(True)
        self.hours_field.setPlaceholderText(_("e.g. Monday to Friday, 10:00–17:00"))
        self.hours_field.setMaximumHeight(self.hours_field.fontMetrics().height() * 5)
        self.days_per_year_field = add(
            "opening_days_per_year", _("Opening days per &year:"), QLineEdit(content)
        )
        self.days_per_year_field.setMaximumWidth(self.fontMetrics().horizontalAdvance("0") * 10)
        self.fte_field = add("staff_fte", _("Sta&ff (full-time equivalent):"), QLineEdit(content))
        self.fte_field.setAccessibleName(_("Staff (full-time equivalent)"))
        self.fte_field.setMaximumWidth(self.fontMetrics().horizontalAdvance("0") * 10)
        self.fte_field.setPlaceholderText(_("e.g. 2,5"))

        self.save_button = QPushButton(_("&Save the profile"), self)
        self.save_button.setAccessibleName(_("Save the association profile"))
        self.save_button.setToolTip(_("Ctrl+S"))
        self.revert_button = QPushButton(_("Undo the &changes"), self)
        self.revert_button.setAccessibleName(_("Undo the changes not saved"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.revert_button)
        buttons.addStretch(1)

        content_layout = QVBoxLayout(content)
        content_layout.addWidget(self.read_only_note)
        content_layout.addLayout(rows)
        content_layout.addWidget(self.general_error)
        content_layout.addStretch(1)
        self.scroll_area = scroll_area(self, content)
        layout = QVBoxLayout(self)
        layout.addWidget(self.scroll_area, 1)
        layout.addLayout(buttons)

        self.form.dirty_changed.connect(lambda _dirty: self._update_buttons())
        self.form.busy_changed.connect(lambda _busy: self._update_buttons())
        for line in (self.name_field, self.phone_field, self.email_field):
            line.returnPressed.connect(self.save)  # Enter saves, as in a dialog
        for line in (self.days_per_year_field, self.fte_field):
            line.returnPressed.connect(self.save)
        self.choose_logo_button.clicked.connect(self.choose_logo)
        self.remove_logo_button.clicked.connect(self.remove_logo)
        self.save_button.clicked.connect(self.save)
        self.revert_button.clicked.connect(self.revert)
        add_shortcut(QKeySequence.StandardKey.Save, self, self.save)
        self._set_editable()

    # -- state -------------------------------------------------------------------------
    @property
    def dirty(self) -> bool:
        return self.form.is_dirty()

    @property
    def logo(self) -> bytes | None:
        return self.logo_field.logo

    def _update_buttons(self) -> None:
        active = self.can_edit and self.form.is_dirty() and not self.form.busy
        self.save_button.setEnabled(active)
        self.revert_button.setEnabled(active)

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
        self.logo_field.editable = self.can_edit
        self.choose_logo_button.setVisible(self.can_edit)
        self.remove_logo_button.setVisible(self.can_edit)
        self.save_button.setVisible(self.can_edit)
        self.revert_button.setVisible(self.can_edit)
        self.logo_field.set_value(None)
        self._update_buttons()

    # -- data --------------------------------------------------------------------------
    def refresh(self) -> None:
        """Read the profile, unless the form holds changes not saved yet."""
        if self.form.is_dirty():
            return
        ctx = self.ctx
        Op(self, lambda: team.get_association(ctx)).success(self._fill).run()

    def revert(self) -> None:
        self.form.mark_clean()
        self.form.clear_errors()
        self.refresh()

    def _fill(self, profile: AssociationProfile) -> None:
        self.profile = profile
        self.form.set_values(
            {
                "name": profile.name,
                "address": profile.address,
                "phone": profile.phone,
                "email": profile.email,
                "logo": profile.logo,
                "opening_days": profile.opening_days,
                "opening_hours": profile.opening_hours,
                "opening_days_per_year": ""
                if profile.opening_days_per_year is None
                else str(profile.opening_days_per_year),
                "staff_fte": ""
                if profile.staff_fte is None
                else number(profile.staff_fte, digits=2),
            },
            edit_version=profile.edit_version,
        )

    # -- draft kept at the lock (the kit's; the page hands it back) --------------------
    def restore_draft(self, payload: dict[str, object], done: RestoreDone) -> None:
        """Read the profile, then put the draft's fields over it."""
        if self.form.is_dirty():
            done(Restored.LATER)
            return
        values = dict(fields_of(payload))
        if "opening_days" not in values and any(f"day_{d}" in values for d in range(1, 8)):
            # a draft written before the kit: one check box per day
            values["opening_days"] = ",".join(
                str(d) for d in range(1, 8) if values.get(f"day_{d}") is True
            )

        def loaded(profile: AssociationProfile) -> None:
            self._fill(profile)  # after any read already asked for (one worker, in order)
            self.form.restore_draft({"fields": values})
            done(Restored.RESTORED)

        ctx = self.ctx
        Op(self, lambda: team.get_association(ctx)).success(loaded).run()

    def choose_logo(self) -> None:
        chosen = choose_image(self)
        if chosen is not None:
            self.load_logo(chosen)

    def load_logo(self, path: Path) -> None:
        """Show the image at ``path`` as the logo (saved with the profile), or say beside
        the logo why it cannot be."""
        self.form.clear_errors()
        try:
            data = path.read_bytes()[: team.LOGO_MAX_BYTES + 1]
        except OSError as exc:
            self.form.show_op_error(
                InvalidInput(
                    _("The file {path} cannot be read: {reason}").format(
                        path=path, reason=exc.strerror or exc
                    ),
                    field="logo",
                )
            )
            return
        if team.logo_kind(data) is None:
            self.form.show_op_error(
                InvalidInput(_("The logo must be a PNG or JPEG image."), field="logo")
            )
            return
        self.logo_field.set_value(data)

    def remove_logo(self) -> None:
        self.logo_field.set_value(None)

    def association_input(self) -> AssociationInput:
        return AssociationInput(
            name=self.name_field.text(),
            address=self.address_field.toPlainText(),
            phone=self.phone_field.text(),
            email=self.email_field.text(),
            logo=self.logo_field.value(),
            opening_days=self.days_field.value(),
            opening_hours=self.hours_field.toPlainText(),
            opening_days_per_year=parse_optional_int(
                self.days_per_year_field.text(),
                "opening_days_per_year",
                _("Opening days per year"),
            ),
            staff_fte=parse_optional_number(
                self.fte_field.text(), "staff_fte", _("Staff (full-time equivalent)")
            ),
            edit_version=self.form.edit_version,
        )

    def save(self) -> None:
        if not self.can_edit or self.form.busy:
            return
        self.form.clear_errors()
        try:
            data = self.association_input()
        except InvalidInput as exc:
            self.form.show_op_error(exc)
            return
        ctx = self.ctx
        self.form.save(lambda: team.update_association(ctx, data), self._saved)

    def _saved(self, profile: AssociationProfile) -> None:
        self._fill(profile)
        self.status_message.emit(_("The association profile was saved."))

    def show_op_error(self, error: BaseException) -> bool:
        """ErrorSink: beside the field it names, else in the form's error line."""
        return self.form.show_op_error(error)

    def can_leave(self) -> bool:
        """Ask Save / Discard / Stay when the form holds changes; True when leaving is fine
        (changes discarded are undone)."""
        dirty = self.form.is_dirty() and not self.form.leaving
        if not self.form.confirm_leave():
            return False
        if dirty:
            self.revert()
        return True

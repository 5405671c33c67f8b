"""Every class of ``pairdesk.ui`` that builds an editable field is built on the form kit
(issue 11): a ``FormDialog``, or a widget that declares its fields on a ``Form``.

The classes that are not, and why, are listed in ``NOT_ON_THE_KIT``; an entry whose class
is on the kit now, or no longer exists, fails too, so the list only shrinks. Every form
and editable page is on the kit: what is left is before a vault, about the vault itself,
a search or a choice that acts at once, or a field widget itself.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
from pathlib import Path

import pairdesk.ui
from pairdesk.ui.forms import FormDialog

#: Widgets a person types into or chooses with (constructors looked for in class bodies).
EDITABLE = {
    "QLineEdit",
    "QTextEdit",
    "QPlainTextEdit",
    "QComboBox",
    "QSpinBox",
    "QDoubleSpinBox",
    "QDateEdit",
    "QTimeEdit",
    "QDateTimeEdit",
    "QCheckBox",
    "QRadioButton",
    "DateField",
    "MonthField",
    "TimeField",
    "SecretField",
    "text_box",
    "hours_box",
    "referent_combo",
    "choice_combo",
}

SEARCH = "a search or filter box: nothing to save, no draft"
TOOL = "a control of the view (a choice that acts at once), not a form"

NOT_ON_THE_KIT: dict[str, str] = {
    # before a vault is open, or about the vault itself: no record, no Op, no draft (a
    # passphrase or a PIN is never kept in a draft)
    "pairdesk.ui.unlock_dialog.UnlockDialog": "the passphrase, before any vault",
    "pairdesk.ui.create_vault_dialog.CreateVaultDialog": "a new vault's passphrase, no vault yet",
    "pairdesk.ui.open_vault_dialog.OpenVaultDialog": "where the vault is (a file or a server), no vault yet",
    "pairdesk.ui.widgets.typed_confirm.TypedConfirmDialog": (
        "a typed confirmation (a backup's passphrase, a participant's reference): no draft"
    ),
    "pairdesk.ui.operator_dialog.OperatorDialog": "who signs in, with a PIN: never a draft",
    "pairdesk.ui.first_run.WelcomePage": "the first-run wizard, before any vault",
    "pairdesk.ui.first_run.AssociationPage": "the first-run wizard, before any vault",
    "pairdesk.ui.first_run.PlacesPage": "the first-run wizard, before any vault",
    "pairdesk.ui.import_wizard.FilePage": "the import wizard (a QWizard, one run)",
    "pairdesk.ui.import_wizard.MappingPage": "the import wizard's column mapping",
    "pairdesk.ui.import_wizard.DuplicatesPage": "the import wizard's choices per row",
    # choices that act at once or only filter what is shown
    "pairdesk.ui.audit_dialog.AuditDialog": SEARCH + " (helper 'audit' rewrites it)",
    "pairdesk.ui.export_actions.ExportListDialog": TOOL + " (what to export)",
    "pairdesk.ui.export_actions.CalendarDialog": TOOL + " (what to export)",
    "pairdesk.ui.views.indicators.annual_report.AnnualReportDialog": TOOL
    + " (what to print or export, as ExportListDialog)",
    "pairdesk.ui.views.participants.list_view.ParticipantsListView": SEARCH,
    "pairdesk.ui.views.attendance.view.AttendancePage": SEARCH,
    "pairdesk.ui.views.attendance.sheet.AttendanceSheet": TOOL + " (presence ticked at once)",
    "pairdesk.ui.views.register.view.RegisterPage": SEARCH + " (presence ticked at once)",
    "pairdesk.ui.views.attendance.newcomer.NewcomerOffer": TOOL + " (the door: checks in at once)",
    "pairdesk.ui.views.cv_workshops.view.CvWorkshopsPage": SEARCH,
    "pairdesk.ui.views.home.home_view.HomeView": TOOL,
    "pairdesk.ui.views.indicators.indicators_view.IndicatorsView": SEARCH + " (the period)",
    "pairdesk.ui.views.offers.view.CatalogueTab": SEARCH,
    "pairdesk.ui.views.offers.workshop_tab.SharingWorkshopTab": SEARCH,
    "pairdesk.ui.views.team.members_tab.MembersTab": SEARCH + " (show inactive)",
    "pairdesk.ui.views.team.referents_tab.ReferentsTab": SEARCH,
    "pairdesk.ui.views.employers.view.DirectoryTab": SEARCH,
    # the fields themselves
    "pairdesk.ui.widgets.typed_field.TypedField": "the field itself (dates, months, times)",
    "pairdesk.ui.widgets.search_picker.SearchPicker": "the field itself (a search)",
    "pairdesk.ui.widgets.weekdays_field.WeekdaysField": "a field (the opening days)",
}


def _classes_with_fields() -> dict[str, bool]:
    """Qualified name of every ``pairdesk.ui`` class building an editable field → whether
    it is on the form kit."""
    found: dict[str, bool] = {}
    root = Path(pairdesk.ui.__file__).parent
    for info in pkgutil.walk_packages([str(root)], "pairdesk.ui."):
        module = importlib.import_module(info.name)
        path = getattr(module, "__file__", None)
        if not path:
            continue
        tree = ast.parse(Path(path).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.ClassDef):
                continue
            calls = {
                call.func.id if isinstance(call.func, ast.Name) else call.func.attr
                for call in ast.walk(node)
                if isinstance(call, ast.Call) and isinstance(call.func, ast.Name | ast.Attribute)
            }
            if not calls & EDITABLE:
                continue
            cls = getattr(module, node.name, None)
            if not inspect.isclass(cls):
                continue
            on_kit = issubclass(cls, FormDialog) or "Form" in calls
            found[f"{info.name}.{node.name}"] = on_kit
    return found


def test_every_class_with_an_editable_field_is_on_the_form_kit() -> None:
    found = _classes_with_fields()
    off_kit = sorted(name for name, on_kit in found.items() if not on_kit)
    unexplained = [name for name in off_kit if name not in NOT_ON_THE_KIT]
    assert unexplained == [], "not on the form kit (use ui/forms, or say why):\n" + "\n".join(
        unexplained
    )


def test_the_allow_list_only_shrinks() -> None:
    found = _classes_with_fields()
    stale = [name for name in NOT_ON_THE_KIT if found.get(name, True)]
    assert stale == [], "on the kit now, or gone: remove from NOT_ON_THE_KIT:\n" + "\n".join(stale)


def test_the_dialogs_moved_are_on_the_kit() -> None:
    found = _classes_with_fields()
    for name in (
        "pairdesk.ui.views.team.members_tab.MemberDialog",
        "pairdesk.ui.views.team.members_tab.PinDialog",
        "pairdesk.ui.views.team.referents_tab.ReferentDialog",
        "pairdesk.ui.views.team.supervision_tab.SupervisionDialog",
        "pairdesk.ui.views.participants.dialogs.ContractDialog",
        "pairdesk.ui.views.participants.dialogs.StatusDialog",
        "pairdesk.ui.printing.SummaryOptionsDialog",
        "pairdesk.ui.printing.BatchOptionsDialog",
        "pairdesk.ui.settings_dialog.PreferencesDialog",
        "pairdesk.ui.views.workshop_form.WorkshopDialog",
        "pairdesk.ui.views.team.association_tab.AssociationTab",
        "pairdesk.ui.views.coaching.mock_interview.MockInterviewTab",
        "pairdesk.ui.views.coaching.question_bank.QuestionBankTab",
        "pairdesk.ui.views.cv_workshops.cv_panel.CvPanel",
    ):
        assert found.get(name) is True, name

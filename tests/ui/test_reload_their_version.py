""" "Reload their version" on the forms that only said "close it and open it again": a job
offer, an employer's contact person and accommodation, a team member, a referent, a
supervision session, a file's aspirations, goal, support scheme, end of contract,
retention check and wellbeing plan, and the association's year, each saved by someone
else while it was open, then saved: the reload shows their version, my change is gone as
the button said, and saving again works. Also for a dialog re-opened from a draft."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit

from pairdesk.domain.employers import AccommodationKind
from pairdesk.domain.enums import Role, Scheme
from pairdesk.i18n import _
from pairdesk.services import (
    contracts,
    employer_relations,
    employers,
    gem_year,
    offers,
    participants,
    pathways,
    referents,
    retention,
    schemes,
    supervision,
    team,
    wellbeing,
)
from pairdesk.services.context import ServiceContext
from pairdesk.ui import tasks
from pairdesk.ui.forms import FormDialog
from pairdesk.ui.forms.conflict import ConflictChoice
from pairdesk.ui.models.participants_model import format_date
from pairdesk.ui.views.employers.dialogs import AccommodationDialog, ContactDialog
from pairdesk.ui.views.offers.offer_form import OfferDialog
from pairdesk.ui.views.participants import dialogs as file_dialogs
from pairdesk.ui.views.team.members_tab import MemberDialog
from pairdesk.ui.views.team.referents_tab import ReferentDialog
from pairdesk.ui.views.team.supervision_tab import SupervisionDialog
from pairdesk.ui.year_form_dialog import AssociationYearDialog
from tests.factories import acting_as, make_contract, make_participant
from tests.ui.test_edit_conflicts import answering, file_open  # noqa: F401 (a fixture)

DAY = dt.date(2026, 11, 20)


@dataclass
class Case:
    """A record made, its dialog, someone else's change to ``theirs`` and mine to ``mine``."""

    make: Callable[[ServiceContext], int]
    dialog: Callable[[ServiceContext, int], FormDialog]
    change: Callable[[ServiceContext, int], None]  # Nadia's save: ``theirs`` becomes "B"
    theirs: str  # the dialog's attribute of the field Nadia changed
    mine: str  # the dialog's attribute of the field I type in
    stored: Callable[[ServiceContext, int], tuple[str, str]]  # (theirs, mine) as stored
    typed: str = "Mon ajout"  # what I type in ``mine``


def _text(widget: Any) -> str:
    return widget.toPlainText() if isinstance(widget, QPlainTextEdit) else widget.text()


def _type(widget: QLineEdit | QPlainTextEdit, text: str) -> None:
    if isinstance(widget, QPlainTextEdit):
        widget.setPlainText(text)
    else:
        widget.setText(text)


def _offer_case() -> Case:
    def change(ctx: ServiceContext, offer_id: int) -> None:
        now = offers.get_offer(ctx, offer_id)
        data = offers.OfferInput(title=now.title, place="B", edit_version=now.edit_version)
        offers.update_offer(ctx, offer_id, data)

    def stored(ctx: ServiceContext, offer_id: int) -> tuple[str, str]:
        offer = offers.get_offer(ctx, offer_id)
        return offer.place, offer.contact

    return Case(
        make=lambda ctx: offers.create_offer(ctx, offers.OfferInput(title="Magasinier")).id,
        dialog=lambda ctx, offer_id: OfferDialog(ctx, None, offer_id),
        change=change,
        theirs="place_field",
        mine="contact_field",
        stored=stored,
    )


def _member_case() -> Case:
    def make(ctx: ServiceContext) -> int:
        data = team.TeamMemberInput(first_name="Léa", last_name="Roux", role=Role.PEER_HELPER)
        return team.create_member(ctx, data).id

    def change(ctx: ServiceContext, member_id: int) -> None:
        now = team.get_member(ctx, member_id)
        data = team.TeamMemberInput(
            first_name=now.first_name,
            last_name="B",
            role=now.role,
            edit_version=now.edit_version,
        )
        team.update_member(ctx, member_id, data)

    def stored(ctx: ServiceContext, member_id: int) -> tuple[str, str]:
        member = team.get_member(ctx, member_id)
        return member.last_name, member.phone

    return Case(
        make=make,
        dialog=lambda ctx, member_id: MemberDialog(ctx, team.get_member(ctx, member_id)),
        change=change,
        theirs="last_name_field",
        mine="phone_field",
        stored=stored,
        typed="06 12 34 56 78",
    )


def _referent_case() -> Case:
    def change(ctx: ServiceContext, referent_id: int) -> None:
        now = referents.get_referent(ctx, referent_id)
        data = referents.ReferentInput(name=now.name, phone="B", edit_version=now.edit_version)
        referents.update_referent(ctx, referent_id, data)

    def stored(ctx: ServiceContext, referent_id: int) -> tuple[str, str]:
        referent = referents.get_referent(ctx, referent_id)
        return referent.phone, referent.notes

    return Case(
        make=lambda ctx: referents.create_referent(ctx, referents.ReferentInput("Dr Morel")).id,
        dialog=lambda ctx, referent_id: ReferentDialog(
            ctx, referents.get_referent(ctx, referent_id)
        ),
        change=change,
        theirs="phone_field",
        mine="notes_field",
        stored=stored,
    )


def _supervision_case() -> Case:
    def change(ctx: ServiceContext, entry_id: int) -> None:
        now = supervision.get_session(ctx, entry_id)
        supervision.update_session(
            ctx,
            entry_id,
            now.held_on,
            "B",
            now.themes,
            now.follow_ups,
            edit_version=now.edit_version,
        )

    def stored(ctx: ServiceContext, entry_id: int) -> tuple[str, str]:
        entry = supervision.get_session(ctx, entry_id)
        return entry.attendees, entry.follow_ups

    return Case(
        make=lambda ctx: supervision.record_session(ctx, DAY, "A", "Écoute", "").id,
        dialog=lambda ctx, entry_id: SupervisionDialog(ctx, supervision.get_session(ctx, entry_id)),
        change=change,
        theirs="attendees_field",
        mine="follow_ups_field",
        stored=stored,
    )


def _contact_case() -> Case:
    employer: dict[str, int] = {}

    def make(ctx: ServiceContext) -> int:
        employer["id"] = employers.create_employer(ctx, employers.EmployerInput("Biocoop")).id
        return employers.add_contact(ctx, employer["id"], employers.ContactInput("Inès Roy")).id

    def contact(ctx: ServiceContext, contact_id: int) -> employers.ContactRow:
        found = employers.list_contacts(ctx, employer["id"])
        return next(c for c in found if c.id == contact_id)

    def change(ctx: ServiceContext, contact_id: int) -> None:
        now = contact(ctx, contact_id)
        data = employers.ContactInput(now.name, "B", edit_version=now.edit_version)
        employers.update_contact(ctx, contact_id, data)

    def stored(ctx: ServiceContext, contact_id: int) -> tuple[str, str]:
        now = contact(ctx, contact_id)
        return now.role, now.phone

    def dialog(ctx: ServiceContext, contact_id: int) -> FormDialog:
        return ContactDialog(ctx, employer["id"], contact(ctx, contact_id))

    return Case(make, dialog, change, "role_field", "phone_field", stored, "04 72 00 00 00")


def _accommodation_case() -> Case:
    where: dict[str, int] = {}

    def make(ctx: ServiceContext) -> int:
        where["contract"] = make_contract(ctx, DAY).id
        wanted = employer_relations.AccommodationInput(AccommodationKind.HOURS)
        return employer_relations.add_accommodation(ctx, where["contract"], wanted).id

    def row(ctx: ServiceContext, record_id: int) -> employer_relations.AccommodationRow:
        found = employer_relations.list_accommodations(ctx, where["contract"])
        return next(a for a in found if a.id == record_id)

    def change(ctx: ServiceContext, record_id: int) -> None:
        now = row(ctx, record_id)
        data = employer_relations.AccommodationInput(
            now.kind, "B", now.agreed_on, now.outcome, edit_version=now.edit_version
        )
        employer_relations.update_accommodation(ctx, record_id, data)

    def stored(ctx: ServiceContext, record_id: int) -> tuple[str, str]:
        now = row(ctx, record_id)
        return now.details, format_date(now.agreed_on)

    def dialog(ctx: ServiceContext, record_id: int) -> FormDialog:
        return AccommodationDialog(ctx, where["contract"], row(ctx, record_id))

    return Case(make, dialog, change, "details_field", "agreed_field.editor", stored, "30/11/2026")


CASES = {
    "contact": _contact_case,
    "accommodation": _accommodation_case,
    "offer": _offer_case,
    "member": _member_case,
    "referent": _referent_case,
    "supervision": _supervision_case,
}


@pytest.mark.parametrize("name", CASES)
def test_reloading_shows_their_version_and_saving_again_works(
    qtbot: Any, ctx: ServiceContext, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    case = CASES[name]()
    asked = answering(monkeypatch, ConflictChoice.RELOAD)
    record_id = case.make(ctx)
    dialog = case.dialog(ctx, record_id)
    qtbot.addWidget(dialog)
    dialog.show()
    theirs, mine = _attribute(dialog, case.theirs), _attribute(dialog, case.mine)
    qtbot.waitUntil(lambda: dialog.form.edit_version is not None, timeout=10000)

    case.change(acting_as(ctx, "Nadia", Role.COORDINATOR), record_id)
    _type(mine, case.typed)
    dialog.submit()
    qtbot.waitUntil(lambda: _text(theirs) == "B", timeout=10000)  # their version, shown
    assert len(asked) == 1
    assert _text(mine) == "" and not dialog.form.is_dirty()  # mine is gone, as said
    assert dialog.isVisible() and not dialog.form.general_error.isVisible()
    assert case.stored(ctx, record_id) == ("B", "")

    _type(mine, case.typed)  # saving again after reloading works, without a question
    dialog.submit()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10000)
    assert case.stored(ctx, record_id) == ("B", case.typed)
    assert len(asked) == 1
    tasks.wait_for_idle()


def test_a_dialog_reopened_from_a_draft_reloads_too(
    qtbot: Any, ctx: ServiceContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After the lock a dialog is built from its draft (no record read); its draft's
    version is older than the stored one: the reload reads the record by its id."""
    asked = answering(monkeypatch, ConflictChoice.RELOAD)
    entry = supervision.record_session(ctx, DAY, "A", "Écoute", "")
    dialog = SupervisionDialog.from_draft(None, ctx, {"record_id": entry.id})
    assert isinstance(dialog, SupervisionDialog)
    qtbot.addWidget(dialog)
    dialog.form.set_values(
        {"held_on": DAY, "attendees": "A", "themes": "Écoute", "follow_ups": ""},
        edit_version=entry.edit_version,
    )
    dialog.show()
    _supervision_case().change(acting_as(ctx, "Nadia", Role.COORDINATOR), entry.id)
    dialog.follow_ups_field.setPlainText("Relire la charte")
    dialog.submit()
    qtbot.waitUntil(lambda: dialog.attendees_field.toPlainText() == "B", timeout=10000)
    assert asked[0][0] == _("This supervision session")
    assert dialog.follow_ups_field.toPlainText() == ""
    tasks.wait_for_idle()


def test_the_pathway_tab_reloads_their_aspirations(
    qtbot: Any,
    ctx: ServiceContext,
    file_open: Any,  # noqa: F811 (the fixture imported above)
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The aspirations and needs of a file, saved by Nadia while I typed the skills."""
    page, detail = file_open
    asked = answering(monkeypatch, ConflictChoice.RELOAD)
    tab = page.file_view.pathway_tab
    nadia = acting_as(ctx, "Nadia", Role.FACILITATOR)
    theirs = pathways.get_pathway(nadia, detail.id)
    data = pathways.PathwayInput(aspirations="Espaces verts", edit_version=theirs.edit_version)
    pathways.update_pathway(nadia, detail.id, data)

    tab.skills.setPlainText("Accueil du public")
    tab.save_details_button.click()
    qtbot.waitUntil(lambda: tab.aspirations.toPlainText() == "Espaces verts", timeout=10000)
    assert len(asked) == 1 and asked[0][0] == _("The aspirations and needs")
    assert tab.skills.toPlainText() == "" and not tab.dirty
    assert not tab.form.general_error.isVisible()

    tab.skills.setPlainText("Accueil du public")  # saving again after reloading works
    tab.save_details_button.click()
    qtbot.waitUntil(
        lambda: pathways.get_pathway(ctx, detail.id).skills == "Accueil du public", timeout=10000
    )
    assert pathways.get_pathway(ctx, detail.id).aspirations == "Espaces verts"
    assert len(asked) == 1
    tasks.wait_for_idle()


def _goal_case() -> Case:
    person: dict[str, int] = {}  # the participant whose goal it is

    def make(ctx: ServiceContext) -> int:
        person["id"] = make_participant(ctx).id
        return pathways.add_goal(ctx, person["id"], "Trouver un stage", opened_on=DAY).id

    def goal(ctx: ServiceContext, goal_id: int) -> pathways.GoalRow:
        return next(g for g in pathways.get_pathway(ctx, person["id"]).goals if g.id == goal_id)

    def change(ctx: ServiceContext, goal_id: int) -> None:
        now = goal(ctx, goal_id)
        pathways.update_goal(ctx, goal_id, "B", now.details, edit_version=now.edit_version)

    def stored(ctx: ServiceContext, goal_id: int) -> tuple[str, str]:
        now = goal(ctx, goal_id)
        return now.title, now.details

    def dialog(ctx: ServiceContext, goal_id: int) -> FormDialog:
        return file_dialogs.GoalDialog(ctx, person["id"], None, goal(ctx, goal_id))

    return Case(make, dialog, change, "title_field", "details_field", stored)


def _scheme_case() -> Case:
    person: dict[str, int] = {}  # the participant whose scheme it is

    def make(ctx: ServiceContext) -> int:
        person["id"] = make_participant(ctx).id
        return schemes.add_scheme(ctx, person["id"], Scheme.CAP_EMPLOI, started_on=DAY).id

    def scheme(ctx: ServiceContext, scheme_id: int) -> schemes.SchemeRow:
        found = participants.get_participant(ctx, person["id"]).schemes
        return next(s for s in found if s.id == scheme_id)

    def change(ctx: ServiceContext, scheme_id: int) -> None:
        now = scheme(ctx, scheme_id)
        schemes.update_scheme(
            ctx,
            scheme_id,
            referent_id=now.referent_id,
            started_on=now.started_on,
            ended_on=now.ended_on,
            notes="B",
            edit_version=now.edit_version,
        )

    def stored(ctx: ServiceContext, scheme_id: int) -> tuple[str, str]:
        now = scheme(ctx, scheme_id)
        return now.notes, format_date(now.ended_on)

    def dialog(ctx: ServiceContext, scheme_id: int) -> FormDialog:
        found = scheme(ctx, scheme_id)
        return file_dialogs.SchemeDialog(ctx, person["id"], [], None, found)

    return Case(make, dialog, change, "notes_field", "end_field.editor", stored, "30/11/2026")


FILE_CASES = {"goal": _goal_case, "scheme": _scheme_case}


@pytest.mark.parametrize("name", FILE_CASES)
def test_a_file_dialog_reloads_their_version(
    qtbot: Any, ctx: ServiceContext, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    case = FILE_CASES[name]()
    asked = answering(monkeypatch, ConflictChoice.RELOAD)
    record_id = case.make(ctx)
    dialog = case.dialog(ctx, record_id)
    qtbot.addWidget(dialog)
    dialog.show()
    theirs = _attribute(dialog, case.theirs)
    mine = _attribute(dialog, case.mine)

    case.change(acting_as(ctx, "Nadia", Role.FACILITATOR), record_id)
    _type(mine, case.typed)
    dialog.submit()
    qtbot.waitUntil(lambda: _text(theirs) == "B", timeout=10000)
    assert len(asked) == 1 and _text(mine) != case.typed and not dialog.form.is_dirty()
    _type(mine, case.typed)  # saving again after reloading works, without a question
    dialog.submit()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10000)
    assert case.stored(ctx, record_id) == ("B", case.typed)
    assert len(asked) == 1
    tasks.wait_for_idle()


def _attribute(dialog: object, path: str) -> Any:
    for name in path.split("."):
        dialog = getattr(dialog, name)
    return dialog


def test_the_end_of_a_contract_reloads_their_end(
    qtbot: Any, ctx: ServiceContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked = answering(monkeypatch, ConflictChoice.RELOAD)
    shown = make_contract(ctx, DAY)
    pid, contract_id = shown.participant_id, shown.id
    dialog = file_dialogs.EndContractDialog(ctx, shown, None)
    qtbot.addWidget(dialog)
    dialog.show()
    nadia = acting_as(ctx, "Nadia", Role.FACILITATOR)
    end = DAY + dt.timedelta(days=3)
    contracts.end_contract(nadia, contract_id, end, "Essai", edit_version=shown.edit_version)

    dialog.reason_field.setPlainText("Fin de mission")
    dialog.submit()
    qtbot.waitUntil(lambda: dialog.reason_field.toPlainText() == "Essai", timeout=10000)
    assert dialog.end_field.date() == end and not dialog.form.is_dirty()
    assert len(asked) == 1 and dialog.isVisible()
    dialog.reason_field.setPlainText("Fin d'essai, à la demande de la personne")
    dialog.submit()  # saving again after reloading works
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10000)
    stored = next(c for c in pathways.get_pathway(ctx, pid).contracts if c.id == contract_id)
    assert (stored.ended_on, stored.end_reason) == (end, "Fin d'essai, à la demande de la personne")
    assert len(asked) == 1
    tasks.wait_for_idle()


def test_reloading_a_scheme_removed_meanwhile_says_so(qtbot: Any, ctx: ServiceContext) -> None:
    pid = make_participant(ctx).id
    scheme = schemes.add_scheme(ctx, pid, Scheme.CAP_EMPLOI, started_on=DAY)
    dialog = file_dialogs.SchemeDialog(ctx, pid, [], None, scheme)
    qtbot.addWidget(dialog)
    dialog.show()
    schemes.remove_scheme(acting_as(ctx, "Nadia", Role.FACILITATOR), scheme.id)
    assert dialog.form.reload is not None
    dialog.form.reload()
    said = _("Someone else deleted it meanwhile: close this form.")
    qtbot.waitUntil(lambda: said in dialog.form.general_error.text(), timeout=10000)
    assert dialog.isVisible()
    tasks.wait_for_idle()


def test_the_wellbeing_plan_reloads_theirs(
    qtbot: Any,
    ctx: ServiceContext,
    file_open: Any,  # noqa: F811 (the fixture imported above)
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    page, detail = file_open
    asked = answering(monkeypatch, ConflictChoice.RELOAD)
    tab = page.file_view.wellbeing_tab
    tab.reveal()
    qtbot.waitUntil(lambda: tab.revealed, timeout=10000)
    nadia = acting_as(ctx, "Nadia", Role.FACILITATOR)
    wellbeing.save_wellbeing_plan(nadia, detail.id, "Le bruit", "", "", "", edit_version=0)

    tab.what_helps.setPlainText("Marcher")
    tab.save()
    qtbot.waitUntil(lambda: tab.triggers.toPlainText() == "Le bruit", timeout=10000)
    assert len(asked) == 1 and tab.what_helps.toPlainText() == "" and not tab.dirty
    tab.what_helps.setPlainText("Marcher")  # saving again after reloading works
    tab.save()
    qtbot.waitUntil(lambda: not tab.dirty, timeout=10000)
    tasks.wait_for_idle()
    # Read once the save is over: reading the plan writes its audit line ("shown"), and
    # a read polled during the window's save met its write lock.
    plan = wellbeing.get_wellbeing_plan(ctx, detail.id)
    assert plan is not None and plan.what_helps == "Marcher"
    assert plan.triggers == "Le bruit"
    assert len(asked) == 1
    tasks.wait_for_idle()


def test_the_year_form_reloads_their_year(
    qtbot: Any, ctx: ServiceContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked = answering(monkeypatch, ConflictChoice.RELOAD)
    dialog = AssociationYearDialog(ctx, gem_year.get_year(ctx, 2026))
    qtbot.addWidget(dialog)
    dialog.show()
    nadia = acting_as(ctx, "Nadia", Role.COORDINATOR)
    gem_year.save_year(nadia, 2026, gem_year.AssociationYearInput(sponsor="B", edit_version=0))

    dialog.premises_field.setPlainText("Local rue des Lilas")
    dialog.submit()
    qtbot.waitUntil(lambda: dialog.sponsor_field.text() == "B", timeout=10000)
    assert len(asked) == 1 and dialog.premises_field.toPlainText() == ""
    assert not dialog.form.is_dirty()
    dialog.premises_field.setPlainText("Local rue des Lilas")  # saving again works
    dialog.submit()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10000)
    stored = gem_year.get_year(ctx, 2026)
    assert (stored.sponsor, stored.premises) == ("B", "Local rue des Lilas")
    assert len(asked) == 1
    tasks.wait_for_idle()


def test_a_retention_check_recorded_meanwhile_reloads_theirs(
    qtbot: Any, ctx: ServiceContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Nadia records the same milestone while my dialog is open: the reload shows her
    check, and my correction then saves over it without a second question."""
    asked = answering(monkeypatch, ConflictChoice.RELOAD)
    started = DAY - dt.timedelta(days=400)
    shown = make_contract(ctx, started)
    pid, contract_id = shown.participant_id, shown.id
    dialog = file_dialogs.RetentionDialog(ctx, shown, None)
    qtbot.addWidget(dialog)
    dialog.show()
    months = int(dialog.months_combo.currentData())
    checked = started + dt.timedelta(days=40)
    nadia = acting_as(ctx, "Nadia", Role.FACILITATOR)
    retention.record_retention_check(nadia, contract_id, months, checked, True, "B", edit_version=0)

    dialog.checked_field.set_date(checked)
    dialog.notes_field.setPlainText("Appel à l'employeur")
    dialog.submit()
    qtbot.waitUntil(lambda: dialog.notes_field.toPlainText() == "B", timeout=10000)
    assert len(asked) == 1 and not dialog.form.is_dirty()
    # the milestone's label says it is recorded now, as a dialog opened afresh would
    assert "déjà enregistré" in dialog.months_combo.currentText()
    others = [dialog.months_combo.itemText(i) for i in range(dialog.months_combo.count())]
    assert sum("déjà enregistré" in text for text in others) == 1
    dialog.notes_field.setPlainText("B, confirmé par l'employeur")  # saving again works
    dialog.submit()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10000)
    stored = next(c for c in pathways.get_pathway(ctx, pid).contracts if c.id == contract_id)
    assert [(c.months, c.notes) for c in stored.retention_checks] == [
        (months, "B, confirmé par l'employeur")
    ]
    assert len(asked) == 1
    tasks.wait_for_idle()

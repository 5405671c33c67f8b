"""The participants page on the real main window: list filters, the file and its tabs.

Data is written and checked through the services; dialogs are driven through the widgets
the user would use.
"""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTabWidget,
    QWidget,
)
from sqlalchemy import func, select

from pairdesk.domain.enums import (
    AssessmentDomain,
    AuditAction,
    ConsentMethod,
    ConsentPurpose,
    EventKind,
    GoalStatus,
    ParticipantStatus,
    ReferentKind,
    Role,
    Scheme,
)
from pairdesk.i18n import _
from pairdesk.services import (
    assessments,
    consents,
    contracts,
    participants,
    pathways,
    referents,
    retention,
    schemes,
    team,
    tutoring,
    wellbeing,
)
from pairdesk.services.context import ServiceContext
from pairdesk.services.participants import ParticipantInput
from pairdesk.services.referents import ReferentInput
from pairdesk.services.team import TeamMemberInput
from pairdesk.store.models import AuditEntry
from pairdesk.ui import tasks
from pairdesk.ui.main_window import MainWindow
from pairdesk.ui.models.participants_model import (
    ConsentsModel,
    ConsentStatesModel,
    SchemesModel,
    TutoringsModel,
)
from pairdesk.ui.models.pathway_model import (
    AssessmentsModel,
    ContractsModel,
    GoalsModel,
    TimelineModel,
)
from pairdesk.ui.views.participants.file_view import ParticipantFileView
from pairdesk.ui.views.participants.page import PREPARE_FILE_AFTER_MS, ParticipantsPage
from pairdesk.ui.widgets import UnsavedChoice, questions
from tests.factories import make_participant

TODAY = dt.date(2026, 11, 25)  # the ctx fixture's today


@pytest.fixture
def people(ctx: ServiceContext) -> dict[str, int]:
    return {
        "helene": make_participant(
            ctx, "Hélène", "Durand", membership_start=dt.date(2025, 9, 1), city="Grenoble"
        ).id,
        "karim": make_participant(
            ctx,
            "Karim",
            "Benali",
            membership_start=dt.date(2025, 9, 1),
            city="Échirolles",
            is_peer_helper=True,
        ).id,
        "sofia": make_participant(
            ctx, "Sofia", "Nguyễn", membership_start=dt.date(2025, 9, 1), city="Meylan"
        ).id,
    }


@pytest.fixture
def window(qtbot, ctx: ServiceContext, people: dict[str, int]):
    main = MainWindow(ctx)
    qtbot.addWidget(main)
    main.resize(1366, 768)
    main.show()
    tasks.wait_for_idle()
    yield main
    tasks.wait_for_idle()


def page_of(window: MainWindow) -> ParticipantsPage:
    page = window.participants_view
    assert isinstance(page, ParticipantsPage)
    return page


def open_file(qtbot, window: MainWindow, participant_id: int) -> ParticipantsPage:
    page = page_of(window)
    window.open_record("participants", participant_id)
    qtbot.waitUntil(
        lambda: page.file_view.data is not None and page.file_view.data.detail.id == participant_id,
        timeout=5000,
    )
    return page


def audit_count(ctx: ServiceContext, entity: str, action: AuditAction) -> int:
    with ctx.transaction() as session:
        return int(
            session.scalar(
                select(func.count(AuditEntry.id)).where(
                    AuditEntry.entity == entity, AuditEntry.action == action.value
                )
            )
            or 0
        )


# -- the file, built once the window is up (issue 12: unlock -> main window) -----------------


def test_the_file_is_built_after_the_first_paint_not_before(qtbot, ctx, people) -> None:
    main = MainWindow(ctx)
    qtbot.addWidget(main)
    page = page_of(main)
    assert page.findChild(ParticipantFileView) is None  # not among the window's first widgets
    main.show()
    qtbot.waitExposed(main)
    qtbot.waitUntil(lambda: page.findChild(ParticipantFileView) is not None, timeout=5000)
    assert page.currentWidget() is page.list_view  # built behind the list, not shown
    tasks.wait_for_idle()


def test_a_file_opened_before_it_was_prepared_opens(qtbot, ctx, people) -> None:
    main = MainWindow(ctx)
    qtbot.addWidget(main)
    page = page_of(main)
    main.open_record("participants", people["sofia"])  # before any paint
    qtbot.waitUntil(
        lambda: (
            page.file_view.data is not None and page.file_view.data.detail.id == people["sofia"]
        ),
        timeout=5000,
    )
    assert page.currentWidget() is page.file_view
    assert len(page.findChildren(ParticipantFileView)) == 1
    main.show()
    qtbot.wait(PREPARE_FILE_AFTER_MS + 100)  # the later preparation builds no second one
    assert len(page.findChildren(ParticipantFileView)) == 1
    tasks.wait_for_idle()


# -- the list ------------------------------------------------------------------------------


def test_search_without_accents_then_enter_opens_the_file(qtbot, window) -> None:
    page = page_of(window)
    window.search_action.trigger()
    assert window.focusWidget() is page.search_field
    qtbot.keyClicks(page.search_field, "helene")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=3000)
    assert page.model.index(0, 1).data() == "Hélène"
    qtbot.keyClick(page.search_field, Qt.Key.Key_Return)  # to the results
    assert page.list_view.table.hasFocus()
    qtbot.keyClick(page.list_view.table, Qt.Key.Key_Return)  # opens the file
    qtbot.waitUntil(lambda: page.file_view.data is not None, timeout=5000)
    assert page.currentWidget() is page.file_view
    assert page.file_view.title_label.text() == "Hélène Durand"
    assert page.file_view.identity_tab.city.text() == "Grenoble"


def test_filters_run_in_sql_and_counts_follow(qtbot, window, ctx, people) -> None:
    schemes.add_scheme(ctx, people["sofia"], Scheme.CAP_EMPLOI)
    schemes.add_scheme(
        ctx, people["helene"], Scheme.FRANCE_TRAVAIL, ended_on=TODAY.replace(year=2025)
    )
    participants.update_participant(
        ctx,
        people["helene"],
        ParticipantInput(
            first_name="Hélène",
            last_name="Durand",
            city="Grenoble",
            rqth_status=participants.RqthStatus.GRANTED,
            rqth_until=dt.date(2027, 3, 1),
        ),
    )
    view = page_of(window).list_view
    view.refresh()
    assert view.model.rowCount() == 3
    assert view.count_label.text() == "3 participants" or "3" in view.count_label.text()

    view.scheme_combo.setCurrentIndex(view.scheme_combo.findData(Scheme.CAP_EMPLOI.value))
    assert [view.model.index(r, 1).data() for r in range(view.model.rowCount())] == ["Sofia"]
    view.scheme_combo.setCurrentIndex(view.scheme_combo.findData(Scheme.FRANCE_TRAVAIL.value))
    assert view.model.rowCount() == 0  # that scheme ended
    assert view.count_label.text() == _("No participant matches this search.")
    view.scheme_combo.setCurrentIndex(0)

    view.rqth_combo.setCurrentIndex(view.rqth_combo.findData("granted"))
    assert [view.model.index(r, 1).data() for r in range(view.model.rowCount())] == ["Hélène"]
    view.rqth_combo.setCurrentIndex(0)

    view.peer_combo.setCurrentIndex(view.peer_combo.findData(True))
    assert [view.model.index(r, 1).data() for r in range(view.model.rowCount())] == ["Karim"]
    view.peer_combo.setCurrentIndex(view.peer_combo.findData(False))
    assert view.model.rowCount() == 2
    assert "2" in view.count_label.text()


def test_new_participant_with_ctrl_n(qtbot, window, ctx) -> None:
    page = page_of(window)
    page.list_view.table.setFocus()
    qtbot.keyClick(page.list_view.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert page.currentWidget() is page.file_view
    file = page.file_view
    assert file.participant_id is None
    assert not file.tabs.isTabEnabled(file.tabs.indexOf(file.pathway_tab))
    file.identity_tab.first_name.insert("Léa")  # QTest types ASCII only
    file.identity_tab.last_name.insert("Zéphir")
    file.save_button.click()
    qtbot.waitUntil(lambda: file.data is not None, timeout=5000)
    created = participants.get_participant(ctx, file.participant_id)
    assert (created.first_name, created.last_name) == ("Léa", "Zéphir")
    assert created.membership_start == TODAY
    assert file.tabs.isTabEnabled(file.tabs.indexOf(file.pathway_tab))
    assert page.model.rowCount() == 4


# -- identity ------------------------------------------------------------------------------


def test_the_identity_sections_share_one_label_column(qtbot, window, people) -> None:
    """Each group box is its own form: the fields of Contact, Membership, RQTH and Notes
    start where those of Identity start, at 100 % and after the text size grows."""
    page = open_file(qtbot, window, people["helene"])
    identity = page.file_view.identity_tab

    def left(field) -> int:
        return field.mapTo(identity, field.rect().topLeft()).x()

    fields = [identity.first_name, identity.phone, identity.membership_end, identity.notes]
    qtbot.waitUntil(lambda: len({left(f) for f in fields}) == 1, timeout=3000)
    font = identity.font()
    font.setPointSizeF(font.pointSizeF() * 2)
    identity.setFont(font)
    qtbot.waitUntil(lambda: len({left(f) for f in fields}) == 1, timeout=3000)


def test_edit_the_city_and_save(qtbot, window, ctx, people) -> None:
    page = open_file(qtbot, window, people["helene"])
    identity = page.file_view.identity_tab
    identity.city.selectAll()
    identity.city.insert("Saint-Égrève")
    assert page.file_view.is_dirty()
    assert _("Changes not saved yet.") in page.file_view.state_label.text()
    qtbot.keyClick(identity.city, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    tasks.wait_for_idle()
    qtbot.waitUntil(lambda: not page.file_view.is_dirty(), timeout=5000)
    assert participants.get_participant(ctx, people["helene"]).city == "Saint-Égrève"


def test_invalid_email_shows_next_to_the_field_and_keeps_the_text(
    qtbot, window, ctx, people
) -> None:
    page = open_file(qtbot, window, people["helene"])
    identity = page.file_view.identity_tab
    identity.city.setText("Voiron")
    identity.email.setText("pas-un-mail")
    page.file_view.save_button.click()
    label = identity.form.error_label("email")
    assert label is not None
    qtbot.waitUntil(label.isVisible, timeout=5000)
    assert label.text().startswith(_("Error: {message}").format(message="")[:5])
    assert _("E-mail") in label.text()
    assert identity.email.text() == "pas-un-mail"
    assert identity.city.text() == "Voiron"
    assert identity.form.shown_errors().keys() == {"email"}
    assert page.file_view.is_dirty()
    stored = participants.get_participant(ctx, people["helene"])
    assert stored.email == "" and stored.city == "Grenoble"

    identity.email.setText("helene@example.org")
    page.file_view.save_button.click()
    tasks.wait_for_idle()
    qtbot.waitUntil(lambda: not page.file_view.is_dirty(), timeout=5000)
    assert not label.isVisible()
    assert participants.get_participant(ctx, people["helene"]).email == "helene@example.org"


def test_leaving_a_changed_file_asks_first(qtbot, window, ctx, people, monkeypatch) -> None:
    answers: list[UnsavedChoice] = []
    monkeypatch.setattr(questions, "ask_unsaved_changes", lambda parent, what: answers.pop(0))
    page = open_file(qtbot, window, people["helene"])
    page.file_view.identity_tab.city.setText("Vizille")

    answers.append(UnsavedChoice.CANCEL)
    page.file_view.back_button.click()
    assert page.currentWidget() is page.file_view
    assert page.file_view.identity_tab.city.text() == "Vizille"

    answers.append(UnsavedChoice.SAVE)
    page.open_record(people["karim"])
    qtbot.waitUntil(
        lambda: (
            page.file_view.data is not None and page.file_view.data.detail.id == people["karim"]
        ),
        timeout=5000,
    )
    assert participants.get_participant(ctx, people["helene"]).city == "Vizille"

    page.file_view.identity_tab.city.setText("Crolles")
    answers.append(UnsavedChoice.DISCARD)
    page.file_view.back_button.click()
    assert page.currentWidget() is page.list_view
    assert participants.get_participant(ctx, people["karim"]).city == "Échirolles"
    assert answers == []


@pytest.mark.leave_prompts
def test_leaving_the_page_with_changes_asks_first(qtbot, window, people, monkeypatch) -> None:
    answers = [UnsavedChoice.CANCEL, UnsavedChoice.DISCARD]
    monkeypatch.setattr(questions, "ask_unsaved_changes", lambda *args, **kwargs: answers.pop(0))
    page = open_file(qtbot, window, people["helene"])
    page.file_view.identity_tab.city.setText("Vif")
    window.show_page("today")  # "stay": nothing moves, nothing is lost
    assert window.current_page_key() == "participants"
    assert page.file_view.identity_tab.city.text() == "Vif"
    assert page.file_view.is_dirty()
    window.show_page("today")  # "discard": the page may be left
    assert window.current_page_key() == "today"
    assert answers == []
    assert not page.file_view.is_dirty()


def test_status_left_is_confirmed(qtbot, window, ctx, people, monkeypatch) -> None:
    replies: list[bool] = [False, True]
    monkeypatch.setattr(questions, "confirm", lambda *args, **kwargs: replies.pop(0))
    page = open_file(qtbot, window, people["karim"])
    page.file_view.status_button.click()
    dialog = page.file_view.dialog
    dialog.status_combo.setCurrentIndex(dialog.status_combo.findData("left"))
    dialog.date_field.set_date(dt.date(2026, 11, 1))
    dialog.ok_button.click()
    tasks.wait_for_idle()
    assert dialog.isVisible()  # "keep the membership"
    assert participants.get_participant(ctx, people["karim"]).status is ParticipantStatus.ACTIVE
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)
    tasks.wait_for_idle()
    detail = participants.get_participant(ctx, people["karim"])
    assert detail.status is ParticipantStatus.LEFT
    assert detail.membership_end == dt.date(2026, 11, 1)
    qtbot.waitUntil(lambda: ParticipantStatus.LEFT.label in page.file_view.state_label.text())


# -- schemes, consent, tutoring ------------------------------------------------------------


def test_scheme_with_a_referent_from_the_directory(qtbot, window, ctx, people) -> None:
    referent = referents.create_referent(
        ctx,
        ReferentInput(
            name="Agnès Morel", organisation="Cap Emploi Isère", kind=ReferentKind.CAP_EMPLOI
        ),
    )
    page = open_file(qtbot, window, people["sofia"])
    tab = page.file_view.schemes_tab
    page.file_view.tabs.setCurrentWidget(tab)
    tab.add_button.click()
    dialog = tab.dialog
    dialog.scheme_combo.setCurrentIndex(dialog.scheme_combo.findData(Scheme.CAP_EMPLOI.value))
    dialog.referent_combo.setCurrentIndex(dialog.referent_combo.findData(referent.id))
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1, timeout=5000)
    (scheme,) = participants.get_participant(ctx, people["sofia"]).schemes
    assert (scheme.scheme, scheme.referent_id) == (Scheme.CAP_EMPLOI, referent.id)
    assert "Agnès Morel" in tab.model.index(0, 1).data()


def test_consent_warning_until_consent_is_recorded(qtbot, window, ctx, people) -> None:
    page = open_file(qtbot, window, people["helene"])
    banner = page.file_view.consent_banner
    assert banner.isVisible()
    assert banner.text().startswith(
        _(
            "Warning: no consent to keep this file has been recorded. Ask the person and record it in the Consent tab."
        )[:10]
    )
    tab = page.file_view.consent_tab
    page.file_view.tabs.setCurrentWidget(tab)
    tab.record_button.click()
    dialog = tab.dialog
    assert dialog.purpose_combo.currentData() == ConsentPurpose.KEEP_FILE.value
    dialog.method_combo.setCurrentIndex(
        dialog.method_combo.findData(ConsentMethod.SIGNED_FORM.value)
    )
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: not banner.isVisible(), timeout=5000)
    assert consents.consent_status(ctx, people["helene"])[ConsentPurpose.KEEP_FILE].given

    tab.records_table.selectRow(0)
    tab.withdraw_button.click()
    tab.dialog.ok_button.click()
    qtbot.waitUntil(banner.isVisible, timeout=5000)
    assert TODAY.strftime("%d/%m/%Y") in banner.text()
    state = consents.consent_status(ctx, people["helene"])[ConsentPurpose.KEEP_FILE]
    assert state.status is consents.ConsentStatus.WITHDRAWN


def test_cross_tutoring_with_a_peer_helper(qtbot, window, ctx, people) -> None:
    peer = team.create_member(ctx, TeamMemberInput("Nadia", "Roux", Role.PEER_HELPER))
    pro = team.create_member(ctx, TeamMemberInput("Marc", "Petit", Role.FACILITATOR))
    page = open_file(qtbot, window, people["sofia"])
    tab = page.file_view.tutoring_tab
    page.file_view.tabs.setCurrentWidget(tab)
    assert tab.peer_combo.findData(pro.id) == -1  # peer helpers only
    tab.peer_combo.setCurrentIndex(tab.peer_combo.findData(peer.id))
    tab.professional_combo.setCurrentIndex(tab.professional_combo.findData(pro.id))
    tab.start_button.click()
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1, timeout=5000)
    current = participants.get_participant(ctx, people["sofia"]).tutoring
    assert current is not None
    assert (current.peer_helper_id, current.professional_id) == (peer.id, pro.id)
    assert "Nadia Roux" in tab.current_label.text()


# -- pathway -------------------------------------------------------------------------------


def test_add_a_goal_and_a_step(qtbot, window, ctx, people) -> None:
    page = open_file(qtbot, window, people["helene"])
    tab = page.file_view.pathway_tab
    page.file_view.tabs.setCurrentWidget(tab)

    tab.add_goal_button.click()
    dialog = tab.dialog
    dialog.ok_button.click()  # no title: the error shows under the field, dialog stays
    qtbot.waitUntil(lambda: dialog.form.shown_errors().keys() == {"title"}, timeout=5000)
    assert dialog.isVisible()
    qtbot.keyClicks(dialog.title_field, "Trouver un stage en espaces verts")
    dialog.target_field.set_date(dt.date(2027, 3, 31))
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: tab.goals_model.rowCount() == 1, timeout=5000)

    tab.add_event_button.click()
    dialog = tab.dialog
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData(EventKind.IMMERSION.value))
    dialog.date_field.set_date(dt.date(2026, 11, 20))
    dialog.title_field.insert("PMSMP à la pépinière")
    dialog.goal_combo.setCurrentIndex(1)
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: tab.timeline_model.rowCount() == 1, timeout=5000)

    pathway = pathways.get_pathway(ctx, people["helene"])
    (goal,) = pathway.goals
    assert (goal.title, goal.target_on, goal.status) == (
        "Trouver un stage en espaces verts",
        dt.date(2027, 3, 31),
        GoalStatus.OPEN,
    )
    (item,) = pathway.timeline
    assert (item.kind, item.on, item.title, item.goal_id) == (
        EventKind.IMMERSION,
        dt.date(2026, 11, 20),
        "PMSMP à la pépinière",
        goal.id,
    )

    tab.goals_table.selectRow(0)
    tab.reached_button.click()
    qtbot.waitUntil(
        lambda: pathways.get_pathway(ctx, people["helene"]).goals[0].status is GoalStatus.REACHED,
        timeout=5000,
    )


def test_contract_end_and_retention_check(qtbot, window, ctx, people) -> None:
    page = open_file(qtbot, window, people["karim"])
    tab = page.file_view.pathway_tab
    page.file_view.tabs.setCurrentWidget(tab)
    tab.add_contract_button.click()
    dialog = tab.dialog
    qtbot.keyClicks(dialog.job_field, "Agent d'entretien")
    dialog.hours_field.setValue(24)
    dialog.start_field.set_date(dt.date(2026, 5, 4))
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: tab.contracts_model.rowCount() == 1, timeout=5000)

    tab.contracts_table.selectRow(0)
    tab.retention_button.click()
    dialog = tab.dialog
    assert dialog.months_combo.currentData() == 1
    dialog.months_combo.setCurrentIndex(dialog.months_combo.findData(6))
    dialog.checked_field.set_date(dt.date(2026, 11, 4))
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)
    tasks.wait_for_idle()

    tab.contracts_table.selectRow(0)
    tab.end_contract_button.click()
    dialog = tab.dialog
    dialog.end_field.set_date(dt.date(2026, 11, 20))
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: tab.timeline_model.rowCount() == 3, timeout=5000)

    (contract,) = pathways.get_pathway(ctx, people["karim"]).contracts
    assert contract.hours_per_week == 24 and contract.ended_on == dt.date(2026, 11, 20)
    assert [(c.months, c.employed) for c in contract.retention_checks] == [(6, True)]


def test_pathway_details_saved_with_the_file(qtbot, window, ctx, people) -> None:
    page = open_file(qtbot, window, people["sofia"])
    tab = page.file_view.pathway_tab
    tab.aspirations.setPlainText("Travailler en bibliothèque")
    tab.accommodations_needed.setPlainText("Horaires aménagés le matin")
    tab.preferred_hours.setValue(20)
    assert page.file_view.is_dirty()
    page.file_view.save()
    qtbot.waitUntil(lambda: not page.file_view.is_dirty(), timeout=5000)
    view = pathways.get_pathway(ctx, people["sofia"])
    assert view.aspirations == "Travailler en bibliothèque"
    assert view.accommodations_needed == "Horaires aménagés le matin"
    assert view.preferred_hours_per_week == 20


# -- wellbeing plan ------------------------------------------------------------------------


def test_wellbeing_plan_only_on_click_and_each_look_audited(qtbot, window, ctx, people) -> None:
    secret = "Le bruit des open spaces"
    wellbeing.save_wellbeing_plan(ctx, people["helene"], secret, "", "Marcher", "")
    page = open_file(qtbot, window, people["helene"])
    tab = page.file_view.wellbeing_tab
    page.file_view.tabs.setCurrentWidget(tab)
    tasks.wait_for_idle()
    assert not tab.content.isVisible() and tab.triggers.toPlainText() == ""
    assert audit_count(ctx, "wellbeing_plan", AuditAction.VIEW) == 0

    tab.show_button.click()
    qtbot.waitUntil(lambda: tab.content.isVisible(), timeout=5000)
    assert tab.triggers.toPlainText() == secret
    assert audit_count(ctx, "wellbeing_plan", AuditAction.VIEW) == 1

    page.file_view.tabs.setCurrentWidget(page.file_view.pathway_tab)
    page.file_view.tabs.setCurrentWidget(tab)
    assert not tab.content.isVisible() and tab.triggers.toPlainText() == ""
    tab.show_button.click()
    qtbot.waitUntil(lambda: tab.content.isVisible(), timeout=5000)
    assert audit_count(ctx, "wellbeing_plan", AuditAction.VIEW) == 2

    tab.what_helps.setPlainText("Marcher, appeler sa sœur")
    tab.save_button.click()
    qtbot.waitUntil(lambda: not tab.dirty, timeout=5000)
    assert audit_count(ctx, "wellbeing_plan", AuditAction.VIEW) == 2  # saving is no look
    page.file_view.back_button.click()
    assert not tab.revealed and tab.triggers.toPlainText() == ""
    list_texts = [
        str(page.model.index(r, c).data())
        for r in range(page.model.rowCount())
        for c in range(page.model.columnCount())
    ]
    assert not any(secret in text for text in list_texts)
    plan = wellbeing.get_wellbeing_plan(ctx, people["helene"])
    assert plan is not None and plan.what_helps == "Marcher, appeler sa sœur"


# -- self-assessment -----------------------------------------------------------------------


def test_self_assessment_recorded_and_drawn(qtbot, window, ctx, people) -> None:
    assessments.record_self_assessment(
        ctx, people["sofia"], dt.date(2026, 9, 1), {AssessmentDomain.CONFIDENCE: 3}
    )
    page = open_file(qtbot, window, people["sofia"])
    tab = page.file_view.assessment_tab
    page.file_view.tabs.setCurrentWidget(tab)
    assert tab.chart.point_count() == 1
    tab.date_field.set_date(dt.date(2026, 11, 18))
    tab.rating_boxes[AssessmentDomain.CONFIDENCE].setValue(6)
    tab.rating_boxes[AssessmentDomain.STRESS].setValue(4)
    tab.record_button.click()
    qtbot.waitUntil(lambda: tab.model.rowCount() == 2, timeout=5000)
    assert tab.chart.point_count() == 3
    labels = [label for label, _marker, _style in tab.chart.legend_entries()]
    assert labels == [AssessmentDomain.CONFIDENCE.label, AssessmentDomain.STRESS.label]
    assert tab.rating_boxes[AssessmentDomain.CONFIDENCE].value() == 0  # form cleared
    rows = assessments.list_self_assessments(ctx, people["sofia"])
    assert rows[-1].assessed_on == dt.date(2026, 11, 18)
    assert rows[-1].ratings == ((AssessmentDomain.CONFIDENCE, 6), (AssessmentDomain.STRESS, 4))
    image = tab.chart.grab().toImage()
    assert not image.isNull()


def test_self_assessment_needs_a_rating(qtbot, window, ctx, people) -> None:
    page = open_file(qtbot, window, people["sofia"])
    tab = page.file_view.assessment_tab
    page.file_view.tabs.setCurrentWidget(tab)
    tab.record_button.click()
    tasks.wait_for_idle()
    # No field of its own: said under the Record button, in the form's error label.
    qtbot.waitUntil(tab.ratings_error.isVisible, timeout=5000)
    assert _("Rate at least one domain.") in tab.ratings_error.text()
    assert tab.form.shown_errors() == {}
    assert assessments.list_self_assessments(ctx, people["sofia"]) == []


def _fake_confirm(monkeypatch) -> tuple[list[str], list[bool]]:
    """``questions.confirm`` answering ``answer[0]`` (False until a test says otherwise),
    each question's text kept in ``asked``."""
    from pairdesk.ui.widgets import questions

    asked: list[str] = []
    answer = [False]

    def confirm(_parent, _title, text, *_args, **_kwargs) -> bool:
        asked.append(text)
        return answer[0]

    monkeypatch.setattr(questions, "confirm", confirm)
    return asked, answer


def test_a_mistaken_self_assessment_is_deleted_once_confirmed(
    qtbot, window, ctx, people, monkeypatch
) -> None:
    """A tester could not delete a self-assessment entered by mistake: it stayed in the
    progression and the indicators. Selected in the history, Delete asks first; "Keep it"
    deletes nothing, "Delete it" deletes that one only."""
    for day, rating in ((dt.date(2026, 9, 1), 3), (dt.date(2026, 10, 1), 9)):
        assessments.record_self_assessment(
            ctx, people["sofia"], day, {AssessmentDomain.CONFIDENCE: rating}
        )
    page = open_file(qtbot, window, people["sofia"])
    tab = page.file_view.assessment_tab
    page.file_view.tabs.setCurrentWidget(tab)
    asked, answer = _fake_confirm(monkeypatch)
    tab.delete_button.click()  # nothing selected: told, nothing asked
    assert asked == []
    tab.table.selectRow(1)
    tab.delete_button.click()
    assert "01/10/2026" in asked[-1]
    assert len(assessments.list_self_assessments(ctx, people["sofia"])) == 2
    answer[0] = True
    tab.table.setFocus()
    qtbot.keyClick(tab.table, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1, timeout=5000)
    left = assessments.list_self_assessments(ctx, people["sofia"])
    assert [row.assessed_on for row in left] == [dt.date(2026, 9, 1)]
    assert tab.chart.point_count() == 1


def test_a_second_self_assessment_the_same_day_is_asked_about(
    qtbot, window, ctx, people, monkeypatch
) -> None:
    """Recorded twice the same day, the second entry (often the first one again, or half of
    it) replaced it in the indicators without a word (a tester): it is now asked about."""
    assessments.record_self_assessment(
        ctx, people["sofia"], dt.date(2026, 10, 1), {AssessmentDomain.CONFIDENCE: 4}
    )
    page = open_file(qtbot, window, people["sofia"])
    tab = page.file_view.assessment_tab
    page.file_view.tabs.setCurrentWidget(tab)
    asked, answer = _fake_confirm(monkeypatch)
    tab.date_field.set_date(dt.date(2026, 10, 1))
    tab.rating_boxes[AssessmentDomain.CONFIDENCE].setValue(7)
    tab.record_button.click()
    tasks.wait_for_idle()
    assert len(asked) == 1 and "01/10/2026" in asked[0]
    assert len(assessments.list_self_assessments(ctx, people["sofia"])) == 1
    answer[0] = True
    tab.record_button.click()
    qtbot.waitUntil(lambda: tab.model.rowCount() == 2, timeout=5000)
    # another day is not asked about
    tab.date_field.set_date(dt.date(2026, 10, 2))
    tab.rating_boxes[AssessmentDomain.CONFIDENCE].setValue(5)
    tab.record_button.click()
    qtbot.waitUntil(lambda: tab.model.rowCount() == 3, timeout=5000)
    assert len(asked) == 2


# -- models and accessibility --------------------------------------------------------------


def test_file_models_pass_qtmodeltester(qtmodeltester, ctx, people) -> None:
    pid = people["helene"]
    schemes.add_scheme(ctx, pid, Scheme.DEA, started_on=dt.date(2026, 1, 5))
    consents.record_consent(
        ctx, pid, ConsentPurpose.PHOTOS, dt.date(2026, 2, 1), ConsentMethod.ORAL
    )
    peer = team.create_member(ctx, TeamMemberInput("Nadia", "Roux", Role.PEER_HELPER))
    tutoring.set_tutoring(ctx, pid, peer.id)
    pathways.add_goal(ctx, pid, "Préparer un entretien")
    pathways.add_event(ctx, pid, EventKind.MEETING, dt.date(2026, 10, 2), "Point mensuel")
    contract = contracts.add_contract(
        ctx,
        pid,
        contracts.ContractInput(
            hours_per_week=24.0,
            contract_type=contracts.ContractType.CDD,
            started_on=dt.date(2026, 6, 1),
        ),
    )
    retention.record_retention_check(ctx, contract.id, 1, dt.date(2026, 7, 1), True)
    assessments.record_self_assessment(
        ctx, pid, dt.date(2026, 10, 2), {AssessmentDomain.AUTONOMY: 7}
    )
    detail = participants.get_participant(ctx, pid)
    view = pathways.get_pathway(ctx, pid)
    filled = [
        (SchemesModel(), detail.schemes),
        (ConsentsModel(), detail.consents),
        (ConsentStatesModel(), list(consents.consent_status(ctx, pid).values())),
        (TutoringsModel(), tutoring.list_tutorings(ctx, pid)),
        (GoalsModel(), view.goals),
        (TimelineModel(), view.timeline),
        (ContractsModel(), view.contracts),
        (AssessmentsModel(), assessments.list_self_assessments(ctx, pid)),
    ]
    for model, rows in filled:
        model.set_rows(rows)
        assert model.rowCount() == len(rows) > 0
        qtmodeltester.check(model, force_py=True)
        model.set_rows([])
        qtmodeltester.check(model, force_py=True)


INTERACTIVE = (
    QAbstractButton,
    QLineEdit,
    QPlainTextEdit,
    QComboBox,
    QAbstractSpinBox,
    QAbstractItemView,
    QTabWidget,
)


def unnamed_widgets(root: QWidget) -> list[str]:
    """Focusable interactive widgets of ``root``'s window with no accessible name.

    Qt's own parts (a spin box's line edit, a combo's popup, a line edit's clear button)
    are named through their owner and skipped."""
    owners = (QAbstractSpinBox, QComboBox, QLineEdit, QTabWidget)
    return [
        f"{type(w).__name__} {w.objectName()} in {type(w.parent()).__name__}"
        for w in root.findChildren(QWidget)
        if isinstance(w, INTERACTIVE)
        and w.window() is root.window()
        and w.focusPolicy() != Qt.FocusPolicy.NoFocus
        and not isinstance(w.parent(), owners)
        and not w.accessibleName()
    ]


def test_every_interactive_widget_has_an_accessible_name(qtbot, window, people) -> None:
    page = open_file(qtbot, window, people["helene"])
    page.file_view.wellbeing_tab.show_button.click()
    tasks.wait_for_idle()
    missing = unnamed_widgets(page.list_view) + unnamed_widgets(page.file_view)
    assert missing == [], "\n".join(missing)


def test_a_refused_future_birth_date_leaves_the_year_as_it_was(qtbot, window, ctx, people) -> None:
    """« 3112 » typed in December is a birth date after today: refused at saving, and it
    must not make the year of birth the current year, which stayed and was saved once
    the refused date was emptied (a tester). Its message goes once the date is changed."""
    participants.update_participant(
        ctx,
        people["helene"],
        participants.ParticipantInput(
            first_name="Hélène",
            last_name="Durand",
            birth_year=1975,
            city="Grenoble",
            membership_start=dt.date(2025, 9, 1),
        ),
    )
    page = open_file(qtbot, window, people["helene"])
    identity = page.file_view.identity_tab
    assert identity.birth_year.value() == 1975
    future = ctx.today() + dt.timedelta(days=1)
    identity.birth_date.editor.setText(future.strftime("%d/%m/%Y"))
    assert identity.birth_year.value() == 1975  # a date after today gives no year
    page.file_view.save_button.click()
    tasks.wait_for_idle()
    label = identity.form.error_label("birth_date")
    qtbot.waitUntil(label.isVisible, timeout=5000)

    identity.birth_date.editor.setText("")
    assert not label.isVisible()  # the refused date is gone, and its message with it
    qtbot.keyClick(identity.city, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    tasks.wait_for_idle()
    qtbot.waitUntil(lambda: not page.file_view.is_dirty(), timeout=5000)
    stored = participants.get_participant(ctx, people["helene"])
    assert (stored.birth_date, stored.birth_year) == (None, 1975)


def test_a_save_refused_by_a_read_only_vault_is_said_in_sight(
    qtbot, ctx, people, vault_path
) -> None:
    """Another pairdesk holds the vault; this one opened it read-only. Saving a changed
    file seemed to do nothing: the refusal sat at the foot of the long identity form, out
    of sight (a tester). It is scrolled into view."""
    from pairdesk.store.vault import open_vault

    read_only = open_vault(vault_path, "correct horse ’ battery é", read_only=True)  # conftest
    try:
        window = MainWindow(ServiceContext(read_only, ctx.operator, ctx.clock))
        qtbot.addWidget(window)
        window.resize(1000, 600)  # the form scrolls
        window.show()
        tasks.wait_for_idle()
        page = open_file(qtbot, window, people["helene"])
        identity = page.file_view.identity_tab
        identity.city.setText("Brest")
        page.file_view.save()
        tasks.wait_for_idle()
        error = identity.form.general_error
        qtbot.waitUntil(error.isVisible, timeout=5000)
        assert "lecture seule" in error.text()
        area = identity.scroll_area
        qtbot.waitUntil(
            lambda: (
                area.viewport().rect().contains(error.mapTo(area.viewport(), error.rect().center()))
            ),
            timeout=5000,
        )
        assert page.file_view.is_dirty()  # what was typed stays
    finally:
        read_only.close()


def test_a_file_refused_goes_back_to_the_list(qtbot, ctx, people, monkeypatch) -> None:
    """A volunteer who double-clicked a person was told their role may not open files,
    then left on an empty form that read as « Nouvelle personne accompagnée », which they
    could fill in until « Enregistrer » refused it (a tester's finding)."""
    from pairdesk.domain.enums import Role
    from pairdesk.ui.views.participants import file_view
    from tests.factories import acting_as

    told: list[str] = []
    monkeypatch.setattr(file_view, "show_error", lambda _w, exc: told.append(str(exc)))
    volunteer = acting_as(ctx, "Bernard", Role.VOLUNTEER)
    main = MainWindow(volunteer)
    qtbot.addWidget(main)
    main.show()
    tasks.wait_for_idle()
    page = page_of(main)
    main.open_record("participants", next(iter(people.values())))
    qtbot.waitUntil(lambda: bool(told), timeout=5000)
    tasks.wait_for_idle()
    assert page.currentWidget() is page.list_view
    assert page.file_view.participant_id is None

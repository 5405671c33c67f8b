"""Two people on one record lose nothing (issue 14), for every service a form saves an
existing record through: each opens the record, the first saves, the second's save is
refused with what changed (``EditConflict``) and goes through once the record is read
again. On the encrypted file and on PostgreSQL.

``test_every_update_service_takes_the_version`` walks the services, so that a new form's
update service cannot forget ``edit_version``."""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib
import inspect
import pkgutil
import typing
from collections.abc import Callable
from enum import Enum
from typing import Any

import pytest

import pairdesk.services
from pairdesk.domain.employers import AccommodationKind
from pairdesk.domain.enums import (
    ContractType,
    EventKind,
    GoalStatus,
    InterviewCriterion,
    QuestionCategory,
    Role,
    Scheme,
)
from pairdesk.errors import EditConflict
from pairdesk.services import (
    coaching,
    contracts,
    employer_relations,
    employers,
    gem_year,
    offers,
    participants,
    pathways,
    referents,
    register,
    retention,
    schemes,
    supervision,
    team,
    wellbeing,
    workshops,
)
from pairdesk.services.context import ServiceContext
from pairdesk.store.models import PathwayEvent
from tests.factories import acting_as, make_member, make_participant, make_workshop

pytestmark = pytest.mark.both_engines

DAY = dt.date(2026, 11, 20)
Changes = dict[str, object]


def shown_as(cls: type[Any], shown: object, changes: Changes, **more: object) -> Any:
    """The input object a form showing ``shown`` (a read object) sends after the person
    typed ``changes``: each field of ``cls`` from ``shown``'s attribute of the same name,
    its ``edit_version`` included."""
    values = {
        f.name: getattr(shown, f.name)
        for f in dataclasses.fields(cls)
        if hasattr(shown, f.name) and f.name not in more
    }
    return cls(**{**values, **more, **changes})


@dataclasses.dataclass(frozen=True)
class Case:
    """One form's record: ``make`` stores one (returns its key: an id, a participant's id,
    a year), ``read`` is what the form reads, ``save`` what the form sends with the
    person's ``changes``; ``theirs`` and ``mine`` the two people's changes."""

    name: str
    make: Callable[[ServiceContext], int]
    read: Callable[[ServiceContext, int], Any]
    save: Callable[[ServiceContext, int, Any, Changes], Any]
    theirs: tuple[str, object]
    mine: tuple[str, object]
    #: a field's name in the conflict when the service's differs from the read object's
    named: tuple[tuple[str, str], ...] = ()


# -- each record: how it is made, read and saved ----------------------------------------


def _participant(ctx: ServiceContext) -> int:
    return make_participant(ctx, city="Lyon").id


def _save_participant(ctx: ServiceContext, key: int, shown: Any, changes: Changes) -> object:
    data = shown_as(participants.ParticipantInput, shown, changes)
    return participants.update_participant(ctx, key, data)


def _workshop(ctx: ServiceContext) -> int:
    return make_workshop(ctx, DAY, place="Salle A").id


def _save_workshop(ctx: ServiceContext, key: int, shown: Any, changes: Changes) -> object:
    data = shown_as(workshops.WorkshopInput, shown, changes)
    return workshops.update_workshop(ctx, key, data)


def _employer(ctx: ServiceContext) -> int:
    return employers.create_employer(ctx, employers.EmployerInput(name="Médiathèque")).id


def _save_employer(ctx: ServiceContext, key: int, shown: Any, changes: Changes) -> object:
    return employers.update_employer(ctx, key, shown_as(employers.EmployerInput, shown, changes))


def _contact(ctx: ServiceContext) -> int:
    employer = _employer(ctx)
    return employers.add_contact(ctx, employer, employers.ContactInput(name="Jo Exemple")).id


def _read_contact(ctx: ServiceContext, key: int) -> Any:
    with ctx.transaction() as session:
        from pairdesk.store.models import EmployerContact

        row = session.get_one(EmployerContact, key)
        employer_id = row.employer_id
    return next(c for c in employers.list_contacts(ctx, employer_id) if c.id == key)


def _save_contact(ctx: ServiceContext, key: int, shown: Any, changes: Changes) -> object:
    return employers.update_contact(ctx, key, shown_as(employers.ContactInput, shown, changes))


def _offer(ctx: ServiceContext) -> int:
    return offers.create_offer(ctx, offers.OfferInput(title="Magasinier")).id


def _save_offer(ctx: ServiceContext, key: int, shown: Any, changes: Changes) -> object:
    return offers.update_offer(ctx, key, shown_as(offers.OfferInput, shown, changes))


def _referent(ctx: ServiceContext) -> int:
    return referents.create_referent(ctx, referents.ReferentInput(name="Dominique Exemple")).id


def _save_referent(ctx: ServiceContext, key: int, shown: Any, changes: Changes) -> object:
    data = shown_as(referents.ReferentInput, shown, changes)
    return referents.update_referent(ctx, key, data)


def _member(ctx: ServiceContext) -> int:
    return make_member(ctx, "Sam", "Exemple", Role.FACILITATOR).id


def _save_member(ctx: ServiceContext, key: int, shown: Any, changes: Changes) -> object:
    return team.update_member(ctx, key, shown_as(team.TeamMemberInput, shown, changes))


def _save_association(ctx: ServiceContext, key: int, shown: Any, changes: Changes) -> object:
    return team.update_association(ctx, shown_as(team.AssociationInput, shown, changes))


def _save_pathway(ctx: ServiceContext, key: int, shown: Any, changes: Changes) -> object:
    return pathways.update_pathway(ctx, key, shown_as(pathways.PathwayInput, shown, changes))


def _pathway(ctx: ServiceContext) -> int:
    key = _participant(ctx)
    pathways.update_pathway(ctx, key, pathways.PathwayInput(skills="Accueil"))
    return key


def _goal(ctx: ServiceContext) -> int:
    return pathways.add_goal(ctx, _participant(ctx), "Trouver un stage").id


def _read_goal(ctx: ServiceContext, key: int) -> Any:
    with ctx.transaction() as session:
        from pairdesk.store.models import Goal

        participant_id = session.get_one(Goal, key).participant_id
    return next(g for g in pathways.get_pathway(ctx, participant_id).goals if g.id == key)


def _save_goal(ctx: ServiceContext, key: int, shown: Any, changes: Changes) -> object:
    values = {"title": shown.title, "details": shown.details, "target_on": shown.target_on}
    values |= changes
    return pathways.update_goal(ctx, key, **values, edit_version=shown.edit_version)  # type: ignore[arg-type]


def _event(ctx: ServiceContext) -> int:
    return pathways.add_event(ctx, _participant(ctx), EventKind.MEETING, DAY, "Point").id


def _read_event(ctx: ServiceContext, key: int) -> Any:
    with ctx.transaction() as session:
        return pathways._event_row(session.get_one(PathwayEvent, key))


def _save_event(ctx: ServiceContext, key: int, shown: Any, changes: Changes) -> object:
    values: Changes = {"kind": shown.kind, "occurred_on": shown.occurred_on}
    values |= {"title": shown.title, "notes": shown.notes, "goal_id": shown.goal_id}
    values |= changes
    return pathways.update_event(ctx, key, **values, edit_version=shown.edit_version)  # type: ignore[arg-type]


def _contract(ctx: ServiceContext) -> int:
    data = contracts.ContractInput(
        contract_type=ContractType.CDD, job_title="Agent", hours_per_week=20, started_on=DAY
    )
    return contracts.add_contract(ctx, _participant(ctx), data).id


def _read_contract(ctx: ServiceContext, key: int) -> Any:
    with ctx.transaction() as session:
        from pairdesk.store.models import Contract

        participant_id = session.get_one(Contract, key).participant_id
    return next(c for c in pathways.get_pathway(ctx, participant_id).contracts if c.id == key)


def _save_contract(ctx: ServiceContext, key: int, shown: Any, changes: Changes) -> object:
    data = shown_as(contracts.ContractInput, shown, changes)
    return contracts.update_contract(ctx, key, data)


def _end_contract(ctx: ServiceContext, key: int, shown: Any, changes: Changes) -> object:
    values: Changes = {"ended_on": shown.ended_on or DAY, "reason": shown.end_reason}
    values |= {"reason" if k == "end_reason" else k: v for k, v in changes.items()}
    return contracts.end_contract(ctx, key, **values, edit_version=shown.edit_version)  # type: ignore[arg-type]


def _retention(ctx: ServiceContext) -> int:
    key = _contract(ctx)
    retention.record_retention_check(ctx, key, 1, DAY + dt.timedelta(days=31), True)
    return key


def _read_retention(ctx: ServiceContext, key: int) -> Any:
    return next(c for c in _read_contract(ctx, key).retention_checks if c.months == 1)


def _save_retention(ctx: ServiceContext, key: int, shown: Any, changes: Changes) -> object:
    values: Changes = {"checked_on": shown.checked_on, "employed": shown.employed}
    values |= {"notes": shown.notes, **changes}
    return retention.record_retention_check(
        ctx,
        key,
        1,
        **values,
        edit_version=shown.edit_version,  # type: ignore[arg-type]
    )


def _accommodation(ctx: ServiceContext) -> int:
    data = employer_relations.AccommodationInput(kind=AccommodationKind.BREAKS)
    return employer_relations.add_accommodation(ctx, _contract(ctx), data).id


def _read_accommodation(ctx: ServiceContext, key: int) -> Any:
    with ctx.transaction() as session:
        from pairdesk.store.models import Accommodation

        contract_id = session.get_one(Accommodation, key).contract_id
    rows = employer_relations.list_accommodations(ctx, contract_id)
    return next(a for a in rows if a.id == key)


def _save_accommodation(ctx: ServiceContext, key: int, shown: Any, changes: Changes) -> object:
    data = shown_as(employer_relations.AccommodationInput, shown, changes)
    return employer_relations.update_accommodation(ctx, key, data)


def _scheme(ctx: ServiceContext) -> int:
    return schemes.add_scheme(ctx, _participant(ctx), Scheme.FRANCE_TRAVAIL, started_on=DAY).id


def _read_scheme(ctx: ServiceContext, key: int) -> Any:
    with ctx.transaction() as session:
        from pairdesk.store.models import ParticipantScheme

        participant_id = session.get_one(ParticipantScheme, key).participant_id
    found = participants.get_participant(ctx, participant_id).schemes
    return next(s for s in found if s.id == key)


def _save_scheme(ctx: ServiceContext, key: int, shown: Any, changes: Changes) -> object:
    values: Changes = {"referent_id": shown.referent_id, "started_on": shown.started_on}
    values |= {"ended_on": shown.ended_on, "notes": shown.notes, **changes}
    return schemes.update_scheme(ctx, key, **values, edit_version=shown.edit_version)  # type: ignore[arg-type]


def _wellbeing(ctx: ServiceContext) -> int:
    key = _participant(ctx)
    wellbeing.save_wellbeing_plan(ctx, key, "Le bruit", "", "", "")
    return key


def _read_wellbeing(ctx: ServiceContext, key: int) -> Any:
    return wellbeing.get_wellbeing_plan(ctx, key)


def _save_wellbeing(ctx: ServiceContext, key: int, shown: Any, changes: Changes) -> object:
    names = ("triggers", "warning_signs", "what_helps", "who_to_call")
    texts = {name: getattr(shown, name) for name in names} | changes
    return wellbeing.save_wellbeing_plan(ctx, key, **texts, edit_version=shown.edit_version)  # type: ignore[arg-type]


def _interview(ctx: ServiceContext) -> int:
    data = coaching.MockInterviewInput(participant_id=_participant(ctx), held_on=DAY)
    return coaching.record_mock_interview(ctx, data).id


def _save_interview(ctx: ServiceContext, key: int, shown: Any, changes: Changes) -> object:
    scores = {s.criterion: s.score for s in shown.scores}
    data = shown_as(coaching.MockInterviewInput, shown, changes, scores=scores)
    return coaching.update_mock_interview(ctx, key, data)


def _question(ctx: ServiceContext) -> int:
    return coaching.add_question(ctx, "Parlez-moi de vous.", QuestionCategory.MOTIVATION).id


def _save_question(ctx: ServiceContext, key: int, shown: Any, changes: Changes) -> object:
    values: Changes = {"text": shown.text, "category": shown.category, "advice": shown.advice}
    values |= changes
    return coaching.update_question(ctx, key, **values, edit_version=shown.edit_version)  # type: ignore[arg-type]


def _person(ctx: ServiceContext) -> int:
    return register.add_person(ctx, register.RegisterPersonInput(display_name="Alex")).id


def _read_person(ctx: ServiceContext, key: int) -> Any:
    return next(p for p in register.list_people(ctx, include_inactive=True) if p.id == key)


def _save_person(ctx: ServiceContext, key: int, shown: Any, changes: Changes) -> object:
    data = shown_as(register.RegisterPersonInput, shown, changes)
    return register.update_person(ctx, key, data)


def _session(ctx: ServiceContext) -> int:
    return supervision.record_session(ctx, DAY, "L'équipe", "Les relances", "").id


def _read_session(ctx: ServiceContext, key: int) -> Any:
    return next(s for s in supervision.list_sessions(ctx) if s.id == key)


def _save_session(ctx: ServiceContext, key: int, shown: Any, changes: Changes) -> object:
    values: Changes = {"held_on": shown.held_on, "attendees": shown.attendees}
    values |= {"themes": shown.themes, "follow_ups": shown.follow_ups, **changes}
    return supervision.update_session(ctx, key, **values, edit_version=shown.edit_version)  # type: ignore[arg-type]


def _year(ctx: ServiceContext) -> int:
    gem_year.save_year(ctx, 2025, gem_year.AssociationYearInput(premises="Rue des Tests"))
    return 2025


def _save_year(ctx: ServiceContext, key: int, shown: Any, changes: Changes) -> object:
    return gem_year.save_year(ctx, key, shown_as(gem_year.AssociationYearInput, shown, changes))


CASES = [
    Case(
        "participant",
        _participant,
        participants.get_participant,
        _save_participant,
        ("city", "Grenoble"),
        ("phone", "06 07 08 09 10"),
    ),
    Case(
        "workshop",
        _workshop,
        workshops.get_workshop,
        _save_workshop,
        ("place", "Salle B"),
        ("notes", "Apporter un CV"),
    ),
    Case(
        "employer",
        _employer,
        employers.get_employer,
        _save_employer,
        ("town", "Lyon"),
        ("sector", "Culture"),
    ),
    Case(
        "employer contact",
        _contact,
        _read_contact,
        _save_contact,
        ("phone", "04 00 00 00 00"),
        ("role", "RH"),
    ),
    Case(
        "job offer",
        _offer,
        offers.get_offer,
        _save_offer,
        ("place", "Villeurbanne"),
        ("source", "France Travail"),
    ),
    Case(
        "referent",
        _referent,
        referents.get_referent,
        _save_referent,
        ("organisation", "Cap emploi"),
        ("phone", "04 11 11 11 11"),
    ),
    Case(
        "team member",
        _member,
        team.get_member,
        _save_member,
        ("email", "sam@example.org"),
        ("phone", "06 00 00 00 00"),
    ),
    Case(
        "association profile",
        lambda ctx: 1,
        lambda ctx, key: team.get_association(ctx),
        _save_association,
        ("phone", "04 22 22 22 22"),
        ("opening_days", (1, 2)),
    ),
    Case(
        "pathway",
        _pathway,
        pathways.get_pathway,
        _save_pathway,
        ("aspirations", "Bibliothèque"),
        ("volunteering", "Ressourcerie"),
    ),
    Case(
        "goal",
        _goal,
        _read_goal,
        _save_goal,
        ("details", "Deux semaines"),
        ("target_on", DAY + dt.timedelta(days=60)),
    ),
    Case("pathway step", _event, _read_event, _save_event, ("notes", "Bien"), ("title", "RDV")),
    Case(
        "contract",
        _contract,
        _read_contract,
        _save_contract,
        ("job_title", "Agente d'accueil"),
        ("hours_per_week", 24.0),
    ),
    Case(
        "end of a contract",
        _contract,
        _read_contract,
        _end_contract,
        ("ended_on", DAY + dt.timedelta(days=30)),
        ("end_reason", "Fin de mission"),
        named=(("end_reason", "reason"),),  # the service's argument, the form's field
    ),
    Case(
        "retention check",
        _retention,
        _read_retention,
        _save_retention,
        ("employed", False),
        ("notes", "Toujours en poste"),
    ),
    Case(
        "accommodation",
        _accommodation,
        _read_accommodation,
        _save_accommodation,
        ("details", "Une pause par heure"),
        ("agreed_on", DAY),
    ),
    Case(
        "support scheme",
        _scheme,
        _read_scheme,
        _save_scheme,
        ("notes", "Suivi mensuel"),
        ("ended_on", DAY + dt.timedelta(days=90)),
    ),
    Case(
        "wellbeing plan",
        _wellbeing,
        _read_wellbeing,
        _save_wellbeing,
        ("what_helps", "Marcher"),
        ("who_to_call", "Sa sœur"),
    ),
    Case(
        "mock interview",
        _interview,
        coaching.get_mock_interview,
        _save_interview,
        ("target_job", "Vendeur"),
        ("comments", "Bonne posture"),
    ),
    Case(
        "coaching question",
        _question,
        coaching.get_question,
        _save_question,
        ("advice", "Rester bref"),
        ("text", "Présentez-vous."),
    ),
    Case(
        "register person",
        _person,
        _read_person,
        _save_person,
        ("member_since", DAY),
        ("display_name", "Alex B."),
    ),
    Case(
        "supervision session",
        _session,
        _read_session,
        _save_session,
        ("follow_ups", "Relancer"),
        ("themes", "Les limites"),
    ),
    Case(
        "the year's form",
        _year,
        gem_year.get_year,
        _save_year,
        ("volunteers", 4),
        ("highlights", "Une fête"),
    ),
]


def _stored(value: object) -> object:
    return value.value if isinstance(value, Enum) else value


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_the_second_save_of_a_record_read_before_the_first_is_refused(
    ctx: ServiceContext, case: Case
) -> None:
    other = acting_as(ctx, "Nadia", Role.COORDINATOR)
    key = case.make(ctx)
    mine = case.read(ctx, key)  # both open the same record
    theirs = case.read(other, key)
    assert isinstance(mine.edit_version, int) and mine.edit_version == theirs.edit_version

    (their_field, their_value), (my_field, my_value) = case.theirs, case.mine
    case.save(other, key, theirs, {their_field: their_value})
    with pytest.raises(EditConflict) as caught:
        case.save(ctx, key, mine, {my_field: my_value})

    conflict = caught.value
    assert conflict.changes[their_field] == _stored(their_value)  # what they changed
    assert dict(case.named).get(my_field, my_field) in conflict.changes  # and mine
    assert conflict.version is not None and conflict.version > mine.edit_version
    stored = case.read(ctx, key)  # nothing of mine was written
    assert getattr(stored, their_field) == their_value
    assert getattr(stored, my_field) != my_value
    assert stored.edit_version == conflict.version

    case.save(ctx, key, stored, {my_field: my_value})  # read again ("Reload"): saved
    both = case.read(ctx, key)
    assert (getattr(both, their_field), getattr(both, my_field)) == (their_value, my_value)
    assert both.edit_version > stored.edit_version


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_what_a_save_returns_is_what_the_form_saves_next(ctx: ServiceContext, case: Case) -> None:
    """The form shows what its save returned: that read object carries the version now
    stored, so the person's next save from the same form is no conflict with themselves."""
    key = case.make(ctx)
    first = case.save(ctx, key, case.read(ctx, key), dict([case.theirs]))
    assert first.edit_version == case.read(ctx, key).edit_version
    case.save(ctx, key, first, dict([case.mine]))
    stored = case.read(ctx, key)
    assert getattr(stored, case.mine[0]) == case.mine[1]


def test_archiving_or_hiding_returns_the_version_a_next_save_sends(ctx: ServiceContext) -> None:
    """A form showing what "Hide from the bank" (or "Reached") returned saves next
    without a conflict with the person's own action."""
    key = _question(ctx)
    hidden = coaching.set_question_active(ctx, key, False)
    assert hidden.edit_version == coaching.get_question(ctx, key).edit_version
    coaching.update_question(
        ctx, key, hidden.text, hidden.category, "Bref", edit_version=hidden.edit_version
    )
    goal = _read_goal(ctx, _goal(ctx))
    reached = pathways.set_goal_status(ctx, goal.id, GoalStatus.REACHED)
    assert reached.edit_version == _read_goal(ctx, goal.id).edit_version


# -- no update service forgets the version ------------------------------------------------

#: Services that change a record but are no form's save of what it showed, and why.
NOT_A_FORM_SAVE = {
    "cvs.save_cv_version": "each save is a new version of the CV: nothing is overwritten",
    "drafts.save_draft": "a draft is the person's own, not a shared record",
}


def _update_services() -> list[tuple[str, Callable[..., object]]]:
    found: list[tuple[str, Callable[..., object]]] = []
    for info in pkgutil.iter_modules(pairdesk.services.__path__):
        module = importlib.import_module(f"pairdesk.services.{info.name}")
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if function.__module__ != module.__name__ or name.startswith("_"):
                continue
            if name.startswith(("update_", "save_")) or name in (
                "end_contract",
                "record_retention_check",
            ):
                found.append((f"{info.name}.{name}", function))
    return found


def _takes_a_version(function: Callable[..., object]) -> bool:
    """``edit_version`` as a parameter, or as a field of a dataclass parameter."""
    hints = typing.get_type_hints(function)
    for name in inspect.signature(function).parameters:
        if name == "edit_version":
            return True
        hint = hints.get(name)
        if dataclasses.is_dataclass(hint) and "edit_version" in {
            f.name for f in dataclasses.fields(hint)
        }:
            return True
    return False


def test_every_update_service_takes_the_version() -> None:
    services = _update_services()
    names = {name for name, _function in services}
    assert {"workshops.update_workshop", "team.update_association"} <= names
    assert set(NOT_A_FORM_SAVE) <= names  # the exceptions still exist
    forgetting = [
        name
        for name, function in services
        if name not in NOT_A_FORM_SAVE and not _takes_a_version(function)
    ]
    assert forgetting == []


def test_every_read_object_a_form_edits_carries_its_version(ctx: ServiceContext) -> None:
    for case in CASES:
        shown = case.read(ctx, case.make(ctx))
        assert isinstance(shown.edit_version, int) and shown.edit_version >= 1, case.name


def test_a_record_never_saved_is_version_0_and_a_second_first_save_is_refused(
    ctx: ServiceContext,
) -> None:
    """A pathway, a wellbeing plan, a year's form: the row is made by the first save; two
    people filling an empty one do not overwrite each other either."""
    key = _participant(ctx)
    other = acting_as(ctx, "Nadia", Role.COORDINATOR)
    empty = pathways.get_pathway(ctx, key)
    assert empty.edit_version == 0
    pathways.update_pathway(other, key, pathways.PathwayInput(skills="Accueil", edit_version=0))
    with pytest.raises(EditConflict) as caught:
        pathways.update_pathway(ctx, key, pathways.PathwayInput(skills="Caisse", edit_version=0))
    assert caught.value.changes == {"skills": "Accueil"}
    assert gem_year.get_year(ctx, 2024).edit_version == 0
    assert wellbeing.get_wellbeing_plan(ctx, key) is None
    wellbeing.save_wellbeing_plan(other, key, "Le bruit", "", "", "", edit_version=0)
    with pytest.raises(EditConflict):
        wellbeing.save_wellbeing_plan(ctx, key, "La foule", "", "", "", edit_version=0)


def test_a_conflict_tells_stored_values_never_orm_objects(ctx: ServiceContext) -> None:
    key = _interview(ctx)
    shown = coaching.get_mock_interview(ctx, key)
    scored = {InterviewCriterion.CLARITY: 3}
    coaching.update_mock_interview(ctx, key, _save_args(shown, scores=scored))
    with pytest.raises(EditConflict) as caught:
        coaching.update_mock_interview(ctx, key, _save_args(shown, comments="Bien"))
    assert caught.value.changes["scores"] == scored


def _save_args(shown: coaching.MockInterviewView, **changes: object) -> Any:
    return shown_as(coaching.MockInterviewInput, shown, dict(changes), scores={})

"""The audit trail in plain words: sentences rendered from numbers at display time, every
written (entity, action) pair worded, names masked by role, anonymised and erased people,
deleted records, and no participant name ever stored in the audit table."""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import event, select

from pairdesk.domain.enums import (
    Attendance,
    AuditAction,
    ContractType,
    Role,
)
from pairdesk.services import (
    attendance,
    audit,
    audit_words,
    contracts,
    documents,
    offer_shares,
    offers,
    privacy,
    team,
    tutoring,
    wellbeing,
    workshops,
)
from pairdesk.services.audit import AuditFilter
from pairdesk.services.context import ServiceContext
from pairdesk.services.document_data import DocumentKind
from pairdesk.services.documents import DOCUMENT_ACTIONS
from pairdesk.store.models import AuditEntry
from tests.factories import acting_as, make_participant, make_workshop

pytestmark = pytest.mark.both_engines  # also on PostgreSQL (tests/pg.py)

PACKAGE = Path(audit_words.__file__).resolve().parent.parent.parent


def _sentences(ctx: ServiceContext, **filters: object) -> list[str]:
    """The trail's sentences, oldest first."""
    rows = audit.list_audit(ctx, AuditFilter(**filters))  # type: ignore[arg-type]
    return [r.sentence for r in reversed(rows)]


def _contract(day: dt.date, employer: str = "") -> contracts.ContractInput:
    return contracts.ContractInput(
        hours_per_week=24.0, contract_type=ContractType.CDI, started_on=day, employer=employer
    )


# -- hand-written French expectations ---------------------------------------------------------


def test_a_day_of_work_reads_in_plain_french(ctx: ServiceContext) -> None:
    cam = acting_as(ctx, "Camille", Role.COORDINATOR, "Moreau")
    since = dt.datetime.now() - dt.timedelta(minutes=5)
    helene = make_participant(cam, "Hélène", "Lefèvre").id
    bruno = make_participant(cam, "Bruno", "Fictif").id
    past = make_workshop(cam, dt.date(2026, 11, 20), title="CV").id
    coming = make_workshop(cam, dt.date(2026, 12, 8), title="CV").id
    workshops.register(cam, coming, helene)
    workshops.register(cam, past, bruno)
    attendance.mark_attendance(cam, past, bruno, Attendance.PRESENT)
    contract = contracts.add_contract(cam, helene, _contract(dt.date(2026, 11, 2))).id
    contracts.update_contract(cam, contract, _contract(dt.date(2026, 11, 2), "Fictive SARL"))
    contracts.end_contract(cam, contract, dt.date(2026, 11, 24))
    documents.attendance_sheet_data(cam, coming, action=AuditAction.PRINT)
    wellbeing.get_wellbeing_plan(cam, helene)
    offer = offers.create_offer(cam, offers.OfferInput(title="Agent d'accueil")).id
    offer_shares.share_offer(cam, offer, helene)
    offers.archive_offer(cam, offer)
    workshops.cancel_workshop(cam, coming)
    workshops.unregister(cam, past, bruno)

    assert _sentences(cam, operator_id=cam.operator.id) == [
        "Camille M. a créé la fiche d'Hélène Lefèvre",
        "Camille M. a créé la fiche de Bruno Fictif",
        "Camille M. a programmé l'atelier « CV » du 20/11/2026",
        "Camille M. a programmé l'atelier « CV » du 08/12/2026",
        "Camille M. a inscrit Hélène Lefèvre à l'atelier « CV » du 08/12/2026",
        "Camille M. a créé l'inscription n° 2 (supprimée)",
        "Camille M. a modifié l'inscription n° 2 (supprimée)",
        "Camille M. a enregistré le contrat de travail d'Hélène Lefèvre",
        # the employer typed on the contract enters the directory (issue 15)
        "Camille M. a ajouté l'employeur Fictive SARL à l'annuaire des employeurs",
        "Camille M. a modifié le contrat de travail d'Hélène Lefèvre",
        "Camille M. a clos le contrat de travail d'Hélène Lefèvre",
        "Camille M. a imprimé une feuille d'émargement vierge de l'atelier « CV » du 08/12/2026",
        "Camille M. a consulté le plan de bien-être d'Hélène Lefèvre",
        "Camille M. a ajouté l'offre d'emploi « Agent d'accueil »",
        "Camille M. a partagé l'offre « Agent d'accueil » avec Hélène Lefèvre",
        "Camille M. a archivé l'offre d'emploi « Agent d'accueil »",
        "Camille M. a annulé l'atelier « CV » du 08/12/2026",
        "Camille M. a supprimé l'inscription n° 2",
    ]
    assert since  # (the lines are read back by operator, not by time)


def test_attendance_and_team_lines(ctx: ServiceContext) -> None:
    cam = acting_as(ctx, "Camille", Role.COORDINATOR, "Moreau")
    helene = make_participant(cam, "Hélène", "Lefèvre").id
    past = make_workshop(cam, dt.date(2026, 11, 20), title="CV").id
    workshops.register(cam, past, helene)
    attendance.mark_attendance(cam, past, helene, Attendance.PRESENT)
    lea = team.create_member(cam, team.TeamMemberInput("Léa", "Durand", Role.VOLUNTEER)).id
    team.deactivate_member(cam, lea)
    sentences = _sentences(cam, operator_id=cam.operator.id)
    assert sentences[-4:] == [
        "Camille M. a inscrit Hélène Lefèvre à l'atelier « CV » du 20/11/2026",
        "Camille M. a noté la présence d'Hélène Lefèvre à l'atelier « CV » du 20/11/2026",
        "Camille M. a ajouté Léa D. à l'équipe (Bénévole)",
        "Camille M. a désactivé le compte de Léa D.",
    ]


# -- anonymised, erased, deleted ----------------------------------------------------------------


def test_anonymised_and_erased_people_and_deleted_records(ctx: ServiceContext) -> None:
    cam = acting_as(ctx, "Camille", Role.COORDINATOR, "Moreau")
    gone = make_participant(cam, "Hélène", "Lefèvre").id
    erased = make_participant(cam, "Bruno", "Fictif").id
    contract = contracts.add_contract(cam, gone, _contract(dt.date(2026, 11, 2))).id
    wellbeing.get_wellbeing_plan(cam, gone)
    privacy.anonymise_participant(cam, gone, confirm=privacy.participant_reference(gone))
    privacy.delete_participant(cam, erased, confirm=privacy.participant_reference(erased))
    sentences = _sentences(cam, operator_id=cam.operator.id)
    assert sentences == [
        "Camille M. a créé la fiche d'une personne anonymisée",
        "Camille M. a créé la fiche d'une personne effacée",
        "Camille M. a enregistré le contrat de travail d'une personne anonymisée",
        "Camille M. a consulté le plan de bien-être d'une personne anonymisée",
        f"Camille M. a anonymisé la fiche n° {gone}",
        f"Camille M. a effacé la fiche n° {erased} et tout son contenu",
    ]
    assert contract
    joined = " ".join(sentences)
    assert "Hélène" not in joined and "Bruno" not in joined


# -- who may read names ---------------------------------------------------------------------------


def _as_viewer(ctx: ServiceContext, viewer: ServiceContext) -> list[str]:
    with ctx.transaction() as session:
        entries = session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
        return audit_words.sentences(session, entries, viewer.operator, ctx.today())


def test_names_are_masked_for_roles_that_may_not_open_files(ctx: ServiceContext) -> None:
    cam = acting_as(ctx, "Camille", Role.COORDINATOR, "Moreau")
    helene = make_participant(cam, "Hélène", "Lefèvre").id
    bruno = make_participant(cam, "Bruno", "Fictif").id
    volunteer = acting_as(ctx, "Vic", Role.VOLUNTEER, "Bénévole")
    facilitator = acting_as(ctx, "Fanny", Role.FACILITATOR, "Dupré")
    peer = acting_as(ctx, "Paul", Role.PEER_HELPER, "Pair")
    assert peer.operator.id is not None
    tutoring.set_tutoring(cam, bruno, peer.operator.id)

    assert "Camille M. a créé la fiche d'Hélène Lefèvre" in _as_viewer(ctx, facilitator)
    seen_by_volunteer = _as_viewer(ctx, volunteer)
    assert f"Camille M. a créé la fiche d'une personne accompagnée (n° {helene})" in (
        seen_by_volunteer
    )
    assert not any("Hélène" in s or "Bruno" in s for s in seen_by_volunteer)
    seen_by_peer = _as_viewer(ctx, peer)
    assert "Camille M. a créé la fiche de Bruno Fictif" in seen_by_peer  # tutored
    assert f"Camille M. a créé la fiche d'une personne accompagnée (n° {helene})" in seen_by_peer
    assert audit_words.sees_names(facilitator.operator)
    assert not audit_words.sees_names(volunteer.operator)
    assert not audit_words.sees_names(peer.operator)


# -- nothing stored, no query per line -------------------------------------------------------------


def test_the_audit_table_never_holds_a_participant_name(ctx: ServiceContext) -> None:
    cam = acting_as(ctx, "Camille", Role.COORDINATOR, "Moreau")
    pid = make_participant(cam, "Zéphyrine", "Quenouille").id
    wid = make_workshop(cam, dt.date(2026, 11, 20), title="CV").id
    workshops.register(cam, wid, pid)
    attendance.mark_attendance(cam, wid, pid, Attendance.PRESENT)
    contracts.add_contract(cam, pid, _contract(dt.date(2026, 11, 2), "Fictive SARL"))
    wellbeing.get_wellbeing_plan(cam, pid)
    documents.pathway_summary_data(cam, pid)
    privacy.export_participant(cam, pid)
    assert any("Zéphyrine" in s for s in _sentences(cam))  # rendered while the file exists
    privacy.anonymise_participant(cam, pid, confirm=privacy.participant_reference(pid))
    with ctx.transaction() as session:
        stored = [
            " ".join(str(v) for v in (e.operator_name, e.entity, e.entity_id, e.action, e.detail))
            for e in session.scalars(select(AuditEntry))
        ]
    assert len(stored) >= 9
    for text in stored:
        assert "Zéphyrine" not in text and "Quenouille" not in text
    assert not any("Zéphyrine" in s for s in _sentences(cam))


def test_a_page_costs_the_same_queries_for_5_or_60_lines(ctx: ServiceContext) -> None:
    cam = acting_as(ctx, "Camille", Role.COORDINATOR, "Moreau")
    wid = make_workshop(cam, dt.date(2026, 12, 8), title="CV").id

    def queries(count: int) -> int:
        statements: list[str] = []

        def seen(*args: object) -> None:
            statements.append(str(args[2]))

        engine = ctx.vault.engine
        event.listen(engine, "before_cursor_execute", seen)
        try:
            audit.list_audit(cam, AuditFilter(entity="registration"), limit=count)
        finally:
            event.remove(engine, "before_cursor_execute", seen)
        return len([s for s in statements if s.lstrip().upper().startswith("SELECT")])

    for i in range(30):
        workshops.register(cam, wid, make_participant(cam, f"P{i}", "Fictif").id)
    assert queries(5) == queries(60)


# -- every pair a service writes has its wording ---------------------------------------------------


def _name(node: ast.expr) -> str:
    return ast.unparse(node)


#: Documents outside ``DocumentKind`` audited with the caller's action (view, print, export).
_DOCUMENTS_BY_ACTION = {"register_sheet", "gem_annual"}


def _written_pairs() -> set[tuple[str, AuditAction]]:
    """(entity, action) of every ``….audit(session, entity, id, action)``, ``saved(…)``,
    ``set_flag(…)``, ``flag_record(…)`` and ``delete_record(…)`` call in the package; fails on an entity it cannot read."""
    pairs: set[tuple[str, AuditAction]] = set()
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name == "records.py":  # the helpers themselves (their callers are read)
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            if isinstance(func, ast.Attribute) and func.attr == "audit" and len(node.args) >= 4:
                entity_node, action_node = node.args[1], node.args[3]
            elif isinstance(func, ast.Name) and func.id == "saved" and len(node.args) >= 4:
                entity_node = node.args[2]
                action_node = node.args[4] if len(node.args) > 4 else None
            elif isinstance(func, ast.Name) and func.id == "set_flag" and len(node.args) >= 4:
                entity_node, action_node = node.args[2], ast.parse("AuditAction.UPDATE").body[0]
                action_node = action_node.value  # type: ignore[attr-defined]
            elif isinstance(func, ast.Name) and func.id == "flag_record":
                (entity_node,) = (k.value for k in node.keywords if k.arg == "entity")
                action_node = ast.parse("AuditAction.UPDATE").body[0].value  # type: ignore[attr-defined]
            elif isinstance(func, ast.Name) and func.id == "delete_record":
                entity_node, action_node = node.args[4], ast.parse("AuditAction.DELETE").body[0]
                action_node = action_node.value  # type: ignore[attr-defined]
            else:
                continue
            if isinstance(entity_node, ast.Constant) and isinstance(entity_node.value, str):
                entity = entity_node.value
            elif (text := _name(entity_node)).startswith("DocumentKind."):
                entity = DocumentKind[text.split(".")[1]].value
            else:
                raise AssertionError(f"{path.name}:{node.lineno}: entity {_name(entity_node)}")
            if action_node is None:
                actions = {AuditAction.CREATE}
            elif (text := _name(action_node)).startswith("AuditAction."):
                actions = {AuditAction[text.split(".")[1]]}
            elif entity in {k.value for k in DocumentKind} | _DOCUMENTS_BY_ACTION:
                actions = set(DOCUMENT_ACTIONS)
            else:  # stored_or_new / participant_record: a new record or a change
                actions = {AuditAction.CREATE, AuditAction.UPDATE}
            pairs.update((entity, a) for a in actions)
    return pairs


def test_every_written_pair_has_a_wording() -> None:
    pairs = _written_pairs()
    assert len(pairs) > 80  # the scan really read the services
    missing = sorted(p for p in pairs if p not in audit_words.WORDINGS)
    assert missing == []


def test_the_wordings_render_in_french_and_english(ctx: ServiceContext) -> None:
    """Every wording renders on a line pointing at nothing (no placeholder left over)."""
    from pairdesk import i18n

    for language in ("fr", "en"):
        i18n.install(language)
        with ctx.transaction() as session:
            entries = [
                AuditEntry(
                    id=i,
                    at=dt.datetime(2026, 11, 25, 10, 0),
                    operator_id=None,
                    operator_name="pairdesk",
                    entity=entity,
                    entity_id=999,
                    action=action.value,
                    detail="",
                )
                for i, (entity, action) in enumerate(audit_words.WORDINGS, start=1)
            ]
            texts = audit_words.sentences(session, entries, ctx.operator, ctx.today())
        for text in texts:
            assert text.startswith("pairdesk ") and "{" not in text, text
    i18n.install("fr")


# -- the employer directory, the register, the GEM year (hand-written French) --------------------


def _new_lines(ctx: ServiceContext, before: int) -> list[str]:
    """The sentences of the lines written after the first ``before`` ones, oldest first."""
    return _sentences(ctx)[before:]


def test_employer_lines_read_by_the_employer_s_name(ctx: ServiceContext) -> None:
    from pairdesk.domain.employers import AccommodationKind, Disclosure, InteractionKind
    from pairdesk.services import employer_relations, employers
    from pairdesk.services.employer_relations import AccommodationInput, InteractionInput
    from pairdesk.services.employers import ContactInput, EmployerInput

    cam = acting_as(ctx, "Camille", Role.COORDINATOR, "Moreau")
    helene = make_participant(cam, "Hélène", "Lefèvre").id
    day = dt.date(2026, 11, 20)
    contract = contracts.add_contract(cam, helene, _contract(dt.date(2026, 11, 2))).id
    offer = offers.create_offer(cam, offers.OfferInput(title="Agent d'accueil")).id
    share = offer_shares.share_offer(cam, offer, helene).id
    before = len(_sentences(cam))

    boulangerie = employers.create_employer(cam, EmployerInput(name="Boulangerie Fictive")).id
    employers.set_active(cam, boulangerie, False)
    employers.set_active(cam, boulangerie, True)
    contact = employers.add_contact(cam, boulangerie, ContactInput(name="M. Leroy")).id
    employers.update_contact(cam, contact, ContactInput(name="M. Leroy", role="Gérant"))
    employers.remove_contact(cam, contact)
    employers.link_contract(cam, contract, boulangerie)
    employers.link_offer(cam, offer, boulangerie)
    employers.link_offer(cam, offer, None)
    employer_relations.set_disclosure(cam, Disclosure.FULL, contract_id=contract)
    employer_relations.set_disclosure(cam, Disclosure.RQTH_ONLY, offer_share_id=share)
    visit = employer_relations.record_interaction(
        cam, boulangerie, InteractionInput(occurred_on=day, kind=InteractionKind.VISIT)
    ).id
    employer_relations.record_interaction(
        cam,
        boulangerie,
        InteractionInput(
            occurred_on=day, kind=InteractionKind.RETENTION_FOLLOW_UP, participant_id=helene
        ),
    )
    employer_relations.delete_interaction(cam, visit)
    hours = employer_relations.add_accommodation(
        cam, contract, AccommodationInput(kind=AccommodationKind.HOURS)
    ).id
    employer_relations.update_accommodation(
        cam, hours, AccommodationInput(kind=AccommodationKind.BREAKS)
    )
    quiet = employer_relations.add_accommodation(
        cam, contract, AccommodationInput(kind=AccommodationKind.QUIET_PLACE)
    ).id
    employer_relations.delete_accommodation(cam, quiet)

    assert _new_lines(cam, before) == [
        "Camille M. a ajouté l'employeur Boulangerie Fictive à l'annuaire des employeurs",
        "Camille M. a désactivé l'employeur Boulangerie Fictive",
        "Camille M. a réactivé l'employeur Boulangerie Fictive",
        f"Camille M. a ajouté le contact employeur n° {contact} (supprimé)",
        f"Camille M. a modifié le contact employeur n° {contact} (supprimé)",
        f"Camille M. a supprimé le contact employeur n° {contact}",
        "Camille M. a relié le contrat de travail d'Hélène Lefèvre à l'employeur "
        "Boulangerie Fictive",
        "Camille M. a relié l'offre d'emploi « Agent d'accueil » à l'employeur Boulangerie Fictive",
        "Camille M. a détaché l'offre d'emploi « Agent d'accueil » de l'annuaire des employeurs",
        "Camille M. a noté le choix de dévoilement d'Hélène Lefèvre auprès de "
        "Boulangerie Fictive : Dévoilé entièrement",
        "Camille M. a noté le choix de dévoilement d'Hélène Lefèvre pour l'offre "
        "« Agent d'accueil » : RQTH dévoilée, rien d’autre",
        f"Camille M. a créé l'échange n° {visit} avec un employeur (supprimé)",
        "Camille M. a noté un échange avec Boulangerie Fictive concernant Hélène Lefèvre "
        "(Suivi du maintien dans l’emploi, 20/11/2026)",
        f"Camille M. a supprimé l'échange n° {visit} avec un employeur",
        "Camille M. a ajouté un aménagement au contrat d'Hélène Lefèvre chez "
        "Boulangerie Fictive : Pauses",
        "Camille M. a modifié un aménagement du contrat d'Hélène Lefèvre chez "
        "Boulangerie Fictive : Pauses",
        f"Camille M. a créé l'aménagement n° {quiet} (supprimé)",
        f"Camille M. a supprimé l'aménagement n° {quiet}",
    ]


def test_an_existing_contact_and_a_visit_read_with_the_employer(ctx: ServiceContext) -> None:
    from pairdesk import i18n
    from pairdesk.domain.employers import InteractionKind
    from pairdesk.services import employer_relations, employers
    from pairdesk.services.employer_relations import InteractionInput
    from pairdesk.services.employers import ContactInput, EmployerInput

    cam = acting_as(ctx, "Camille", Role.COORDINATOR, "Moreau")
    garage = employers.create_employer(cam, EmployerInput(name="Garage Fictif")).id
    employers.add_contact(cam, garage, ContactInput(name="Mme Roux"))
    employer_relations.record_interaction(
        cam,
        garage,
        InteractionInput(occurred_on=dt.date(2026, 11, 24), kind=InteractionKind.VISIT),
    )
    assert _sentences(cam)[-2:] == [
        "Camille M. a ajouté un contact chez Garage Fictif",
        "Camille M. a noté un échange avec Garage Fictif (Visite, 24/11/2026)",
    ]
    i18n.install("en")
    try:
        assert _sentences(cam)[-2:] == [
            "Camille M. added a contact at Garage Fictif",
            "Camille M. recorded a contact with Garage Fictif (Visit, 24/11/2026)",
        ]
    finally:
        i18n.install("fr")
    with ctx.transaction() as session:  # the audit table holds numbers, never the names
        stored = " ".join(
            f"{e.entity} {e.entity_id} {e.detail}" for e in session.scalars(select(AuditEntry))
        )
    assert "Garage" not in stored and "Roux" not in stored


def test_a_contact_about_a_person_is_masked_for_a_volunteer(ctx: ServiceContext) -> None:
    from pairdesk.domain.employers import Disclosure, InteractionKind
    from pairdesk.services import employer_relations, employers
    from pairdesk.services.employer_relations import InteractionInput
    from pairdesk.services.employers import EmployerInput

    cam = acting_as(ctx, "Camille", Role.COORDINATOR, "Moreau")
    helene = make_participant(cam, "Hélène", "Lefèvre").id
    garage = employers.create_employer(cam, EmployerInput(name="Garage Fictif")).id
    contract = contracts.add_contract(cam, helene, _contract(dt.date(2026, 11, 2))).id
    employers.link_contract(cam, contract, garage)
    employer_relations.set_disclosure(cam, Disclosure.FULL, contract_id=contract)
    employer_relations.record_interaction(
        cam,
        garage,
        InteractionInput(
            occurred_on=dt.date(2026, 11, 24), kind=InteractionKind.VISIT, participant_id=helene
        ),
    )
    volunteer = acting_as(ctx, "Vic", Role.VOLUNTEER, "Bénévole")
    seen = _as_viewer(ctx, volunteer)
    assert (
        "Camille M. a noté un échange avec Garage Fictif concernant une personne "
        f"accompagnée (n° {helene}) (Visite, 24/11/2026)"
    ) in seen
    assert not any("Hélène" in s for s in seen)


def test_register_lines_read_by_name_or_pseudonym(ctx: ServiceContext) -> None:
    from pairdesk.services import register
    from pairdesk.services.register import RegisterKind, RegisterPersonInput

    cam = acting_as(ctx, "Camille", Role.COORDINATOR, "Moreau")
    day = dt.date(2026, 11, 23)
    helene = make_participant(cam, "Hélène", "Lefèvre").id
    before = len(_sentences(cam))
    zoe = register.add_person(cam, RegisterPersonInput("Zoé la Comète", RegisterKind.VISITOR)).id
    register.update_person(cam, zoe, RegisterPersonInput("Zoé la Comète", RegisterKind.MEMBER))
    register.set_person_active(cam, zoe, False)
    register.set_person_active(cam, zoe, True)
    register.set_present(cam, day, ("register", zoe), True)
    register.set_present(cam, day, ("participant", helene), True)
    register.set_present(cam, day, ("register", zoe), False)
    register.set_anonymous_visitors(cam, day, 3)
    register.set_closure(cam, dt.date(2026, 11, 24), "Grève")
    register.remove_closure(cam, dt.date(2026, 11, 24))
    register.register_sheet_data(cam, day, action=AuditAction.PRINT)

    assert _new_lines(cam, before) == [
        "Camille M. a ajouté Zoé la Comète au registre de fréquentation",
        "Camille M. a modifié la fiche de registre de Zoé la Comète",
        "Camille M. a retiré Zoé la Comète de la liste proposée à l'accueil",
        "Camille M. a remis Zoé la Comète sur la liste proposée à l'accueil",
        "Camille M. a noté présente une personne du registre le 23/11/2026",
        "Camille M. a noté présente une personne accompagnée le 23/11/2026",
        "Camille M. a retiré la présence d'une personne du registre le 23/11/2026",
        "Camille M. a saisi le nombre de personnes venues sans donner leur nom le 23/11/2026",
        "Camille M. a indiqué le 24/11/2026 comme jour de fermeture",
        "Camille M. a retiré le jour de fermeture du 24/11/2026",
        "Camille M. a imprimé la feuille de présence du 23/11/2026",
    ]
    with ctx.transaction() as session:
        stored = " ".join(e.detail for e in session.scalars(select(AuditEntry)))
    assert "Zoé" not in stored


def test_gem_year_and_network_export_lines(ctx: ServiceContext, tmp_path: Path) -> None:
    from pairdesk.services import gem_year, pooling
    from pairdesk.services.gem_year import AssociationYearInput
    from pairdesk.services.pooling import ExportOptions

    cam = acting_as(ctx, "Camille", Role.COORDINATOR, "Moreau")
    before = len(_sentences(cam))
    gem_year.save_year(cam, 2026, AssociationYearInput(volunteers=4))
    gem_year.annual_report_data(cam, 2026, action=AuditAction.VIEW)
    gem_year.annual_report_data(cam, 2026, for_publication=True, action=AuditAction.EXPORT)
    with_name = pooling.build_export(cam, ExportOptions(year=2026, include_identity=True))
    pooling.write_export(cam, with_name, tmp_path / "a.json", overwrite=False)
    anonymous = pooling.build_export(cam, ExportOptions(year=2026))
    pooling.write_export(cam, anonymous, tmp_path / "b.json", overwrite=False)

    assert _new_lines(cam, before) == [
        "Camille M. a mis à jour l'année 2026 de l'association (rapport annuel)",
        "Camille M. a prévisualisé le rapport d'activité du GEM 2026",
        "Camille M. a enregistré le rapport d'activité du GEM 2026, version pour publication "
        "dans un fichier",
        "Camille M. a exporté les chiffres 2026 pour la mutualisation du réseau, avec le nom "
        "de l'association",
        "Camille M. a exporté les chiffres 2026 pour la mutualisation du réseau, sans le nom "
        "de l'association",
    ]


def test_an_awareness_session_and_the_directory_file(ctx: ServiceContext, tmp_path: Path) -> None:
    from pairdesk.domain.enums import WorkshopKind
    from pairdesk.services import employer_relations, employers
    from pairdesk.services.employers import EmployerInput
    from pairdesk.services.imports.employers import export_employers
    from tests.factories import insert_workshop

    cam = acting_as(ctx, "Camille", Role.COORDINATOR, "Moreau")
    mairie = employers.create_employer(cam, EmployerInput(name="Mairie Fictive")).id
    held = insert_workshop(cam, dt.date(2026, 5, 12), WorkshopKind.AWARENESS, "Sensib.")
    employer_relations.set_awareness_details(cam, held, employer_id=mairie, employees_reached=14)
    employer_relations.set_awareness_details(cam, held, employer_id=None, employees_reached=9)
    export_employers(cam, tmp_path / "annuaire.csv")
    assert _sentences(cam)[-3:] == [
        "Camille M. a noté que l'atelier « Sensib. » du 12/05/2026 s'est tenu chez "
        "Mairie Fictive (personnes touchées : 14)",
        "Camille M. a noté le nombre de personnes touchées par l'atelier « Sensib. » "
        "du 12/05/2026 : 9",
        "Camille M. a exporté la liste « Employeurs » (1 ligne, CSV)",
    ]

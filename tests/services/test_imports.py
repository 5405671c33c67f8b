"""Importing real-world-shaped spreadsheets: encodings, separators, broken rows, duplicates.

Each test writes the file the way Excel or LibreOffice would, imports it, and checks
exactly which rows became records and which were reported (row numbers as the
spreadsheet shows them, header = row 1, and the translated reasons).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from pairdesk.domain.enums import (
    ContractType,
    ParticipantStatus,
    RemoteWork,
    Role,
    RqthStatus,
    Scheme,
    WorkshopKind,
)
from pairdesk.errors import InvalidInput, PermissionDenied
from pairdesk.i18n import _
from pairdesk.services import imports
from pairdesk.services import participants as ps
from pairdesk.services.context import Operator, ServiceContext
from pairdesk.services.imports import (
    DuplicateDecision,
    ImportReport,
    RowStatus,
    guess_mapping,
    preview,
    read_table,
    run_import,
)
from pairdesk.store.models import AuditEntry, Participant
from tests.factories import make_participant

pytestmark = pytest.mark.both_engines  # also on PostgreSQL (tests/pg.py)

CRLF = "\r\n"


def _required(label: str) -> str:
    return _("{field} is required.").format(field=label)


def _unreadable(label: str, value: str) -> str:
    return _("{field}: « {value} » cannot be read.").format(field=label, value=value)


def _count(ctx: ServiceContext, model: type = Participant) -> int:
    with ctx.transaction() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def _people(ctx: ServiceContext) -> dict[str, ps.ParticipantDetail]:
    rows = ps.list_participants(ctx, ps.ParticipantFilter(), limit=1000)
    return {f"{r.first_name} {r.last_name}": ps.get_participant(ctx, r.id) for r in rows}


# -- the Windows-1252 file, as French Excel saves "CSV (séparateur : point-virgule)" ------

WINDOWS_ROWS = [
    "Nom;Prénom;Date de naissance;Téléphone;Courriel;Ville;RQTH;Dispositif;Référent;Remarques",
    "Dupré;Hélène;12/03/1985;06 12 34 56 78;helene.dupre@example.org;Saint-Étienne;oui;"
    'France Travail;Mme Lefèvre;"Préfère le matin;' + CRLF + 'appeler avant"',
    "Nguyen;Minh;5/7/92;;;Lyon;non;;;",
    "Martin;Lucie;31/02/1990;;;;;;;",
    ";Paul;01/01/1980;;;;;;;",
    "Bernard;Zoé;02/02/1991;;;;;;;;en trop;encore",
    "DUPRE;helene;12/03/1985;;;;;;;",
    "Petit;Jean;03/04/1975;;;;;;;",
    "Roux;Ana;33000;;;;;;;",
    "Leroy;Chloé;;;pas-un-mail;;;;;",
    ";;;;;;;;;",
    "Faure;Inès;1/2/03;;;;en cours;Cap Emploi;;",
]


@pytest.fixture
def windows_csv(tmp_path: Path) -> Path:
    path = tmp_path / "adherents.csv"
    path.write_bytes((CRLF.join(WINDOWS_ROWS) + CRLF).encode("cp1252"))
    return path


def test_windows_1252_semicolon_file_imports_exactly_the_valid_rows(
    ctx: ServiceContext, windows_csv: Path
) -> None:
    petit = make_participant(ctx, "Jean", "Petit", birth_date=dt.date(1975, 4, 3)).id
    table = read_table(windows_csv)
    assert table.detected_encoding == "cp1252"
    assert table.detected_separator == ";"
    assert table.headers[1] == "Prénom"
    # the quoted line break keeps Hélène on row 2; the blank row 11 is not counted as data
    assert table.row_numbers == (2, 3, 4, 5, 6, 7, 8, 9, 10, 12)

    mapping = guess_mapping("participants", table.headers)  # type: ignore[arg-type]
    assert mapping == {
        0: "last_name",
        1: "first_name",
        2: "birth_date",
        3: "phone",
        4: "email",
        5: "city",
        6: "rqth_status",
        7: "schemes",
        8: "referents",
        9: "notes",
    }
    report = run_import(ctx, imports.ImportKind.PARTICIPANTS, table, mapping)

    assert [r.row_number for r in report.imported] == [2, 3, 9, 12]
    assert {r.row_number: r.reasons for r in report.invalid} == {
        4: (_unreadable(_("Birth date"), "31/02/1990"),),
        5: (_required(_("Last name")),),
        6: (
            _("This row has {count} cells but the header has {columns} columns.").format(
                count=12, columns=10
            ),
        ),
        10: (
            _("{field} does not look like an e-mail address (name@example.org).").format(
                field=_("E-mail")
            ),
        ),
    }
    duplicates = {d.row_number: d for d in report.duplicates}
    assert set(duplicates) == {7, 8}
    assert duplicates[7].match.earlier_row == 2 and duplicates[7].match.existing_id is None
    # named as row 2 writes it, not as row 7 does (« DUPRE helene »: a tester's finding)
    assert duplicates[7].match.description.startswith("Hélène Dupré")
    assert duplicates[8].match.existing_id == petit
    assert all(
        d.decision is DuplicateDecision.SKIP and d.record_id is None for d in duplicates.values()
    )
    assert (report.imported_count, report.skipped_count, report.total_rows) == (4, 2, 10)

    people = _people(ctx)
    assert set(people) == {"Jean Petit", "Hélène Dupré", "Minh Nguyen", "Ana Roux", "Inès Faure"}
    helene = people["Hélène Dupré"]
    assert helene.birth_date == dt.date(1985, 3, 12)
    assert helene.phone == "06 12 34 56 78"
    assert helene.email == "helene.dupre@example.org"
    assert helene.city == "Saint-Étienne"
    assert helene.rqth_status is RqthStatus.GRANTED
    assert helene.notes == "Préfère le matin;\nappeler avant"
    assert [(s.scheme, s.referent_name) for s in helene.schemes] == [
        (Scheme.FRANCE_TRAVAIL, "Mme Lefèvre")
    ]
    assert people["Minh Nguyen"].birth_date == dt.date(1992, 7, 5)  # 2-digit year
    assert people["Minh Nguyen"].rqth_status is RqthStatus.NONE
    assert people["Ana Roux"].birth_date == dt.date(1990, 5, 7)  # Excel serial 33000
    ines = people["Inès Faure"]
    assert ines.birth_date == dt.date(2003, 2, 1)
    assert ines.rqth_status is RqthStatus.PENDING
    assert [s.scheme for s in ines.schemes] == [Scheme.CAP_EMPLOI]
    with ctx.transaction() as session:
        line = session.scalars(select(AuditEntry).where(AuditEntry.entity == "import")).one()
    assert "imported=4" in line.detail and "invalid=4" in line.detail
    assert "Dupré" not in line.detail


def test_duplicates_can_be_imported_or_merged(ctx: ServiceContext, windows_csv: Path) -> None:
    petit = make_participant(ctx, "Jean", "Petit", birth_date=dt.date(1975, 4, 3), city="Nantes").id
    table = read_table(windows_csv)
    mapping = guess_mapping("participants", table.headers)  # type: ignore[arg-type]
    report = run_import(
        ctx,
        "participants",  # type: ignore[arg-type]
        table,
        mapping,
        duplicates={7: DuplicateDecision.IMPORT, 8: DuplicateDecision.MERGE},
    )
    decided = {d.row_number: (d.decision, d.record_id) for d in report.duplicates}
    assert decided[8] == (DuplicateDecision.MERGE, petit)
    assert decided[7][0] is DuplicateDecision.IMPORT and decided[7][1] is not None
    assert (report.imported_count, report.merged_count, report.skipped_count) == (5, 1, 0)
    names = [r.last_name for r in ps.list_participants(ctx, ps.ParticipantFilter(), limit=100)]
    assert sorted(names).count("Dupré") == 1 and "DUPRE" in names
    merged = ps.get_participant(ctx, petit)
    assert merged.city == "Nantes"  # kept
    assert merged.birth_date == dt.date(1975, 4, 3)


def test_a_merge_says_what_the_row_said_that_the_record_did_not_take(
    ctx: ServiceContext,
) -> None:
    """A merge fills the record's empty fields only: a different phone, city or notes in
    the row, and its schemes, were dropped without a word. The report now names them;
    the same phone written otherwise and the fields it filled are not named."""
    from pairdesk.domain.import_vocabulary import PARTICIPANT_FIELDS
    from pairdesk.services.imports import duplicate_outcome, read_csv_bytes

    label = {spec.key: spec.display for spec in PARTICIPANT_FIELDS}
    pid = make_participant(
        ctx,
        "Jean",
        "Petit",
        birth_date=dt.date(1975, 4, 3),
        city="Nantes",
        phone="06 12 34 56 78",
        notes="Préfère le matin",
    ).id
    text = (
        "Nom;Prénom;Date de naissance;Téléphone;Ville;Courriel;Remarques;Dispositifs\r\n"
        "Petit;Jean;03/04/1975;0612345678;Rezé;jean.petit@example.org;Le soir;France Travail\r\n"
    )
    table = read_csv_bytes(text.encode("utf-8-sig"))
    mapping = guess_mapping("participants", table.headers)  # type: ignore[arg-type]
    report = run_import(
        ctx,
        "participants",  # type: ignore[arg-type]
        table,
        mapping,
        duplicates=DuplicateDecision.MERGE,
    )
    assert not report.invalid, report.invalid
    (merged,) = report.duplicates
    assert merged.record_id == pid
    assert merged.not_taken == (label["city"], label["notes"], label["schemes"])
    assert label["city"] in duplicate_outcome(merged)
    after = ps.get_participant(ctx, pid)
    assert (after.city, after.email) == ("Nantes", "jean.petit@example.org")  # kept, filled

    def merge(row: str) -> ImportReport:
        """Import one row of name, first name and birth date, merging a duplicate."""
        return run_import(
            ctx,
            "participants",  # type: ignore[arg-type]
            read_csv_bytes(f"Nom;Prénom;Date de naissance\r\n{row}\r\n".encode()),
            {0: "last_name", 1: "first_name", 2: "birth_date"},
            duplicates=DuplicateDecision.MERGE,
        )

    # nothing left out: the decision alone
    again = merge("Petit;Jean;03/04/1975")
    assert again.duplicates[0].not_taken == ()
    assert duplicate_outcome(again.duplicates[0]) == DuplicateDecision.MERGE.label
    # another spelling of the name is said (« Nguyễn » merged into « Nguyen » went without
    # a word: a tester), capitals alone are not
    accented = merge("PETIT;Jéan;03/04/1975")
    assert accented.duplicates[0].record_id == pid
    assert accented.duplicates[0].not_taken == (label["first_name"],)
    assert ps.get_participant(ctx, pid).first_name == "Jean"  # the file keeps its own


def test_likely_duplicates_a_tester_found_missing(ctx: ServiceContext) -> None:
    """« Durand;Hương; » without a birth date, « Bensaid;Chloé » for Chloé Ben Saïd, and
    a row with a birth date for a person recorded without one were all imported as new
    people (a tester). Two Marie Martin born on different days stay two people."""
    from pairdesk.services.imports import read_csv_bytes

    huong = make_participant(ctx, "Hương", "Durand", birth_date=dt.date(1985, 6, 1)).id
    chloe = make_participant(ctx, "Chloé", "Ben Saïd", birth_date=dt.date(1974, 3, 5)).id
    paul = make_participant(ctx, "Paul", "Petit").id
    make_participant(ctx, "Marie", "Martin", birth_date=dt.date(1980, 1, 1))
    text = (
        "Nom;Prénom;Date de naissance\r\n"
        "Durand;Hương;\r\n"
        "Bensaid;Chloé;05/03/1974\r\n"
        "Petit;Paul;02/02/1970\r\n"
        "Martin;Marie;01/01/1990\r\n"
    )
    table = read_csv_bytes(text.encode("utf-8-sig"))
    mapping = guess_mapping("participants", table.headers)  # type: ignore[arg-type]
    report = run_import(ctx, "participants", table, mapping, dry_run=True)  # type: ignore[arg-type]
    found = {d.row_number: d.match.existing_id for d in report.duplicates}
    assert found == {2: huong, 3: chloe, 4: paul}
    assert report.imported_count == 1  # the other Marie Martin


def test_dry_run_and_preview_keep_nothing(ctx: ServiceContext, windows_csv: Path) -> None:
    table = read_table(windows_csv)
    mapping = guess_mapping("participants", table.headers)  # type: ignore[arg-type]
    before_people, before_audit = _count(ctx), _count(ctx, AuditEntry)
    seen = preview(ctx, "participants", table, mapping, limit=3)  # type: ignore[arg-type]
    assert [(r.row_number, r.status) for r in seen.rows] == [
        (2, RowStatus.VALID),
        (3, RowStatus.VALID),
        (4, RowStatus.INVALID),
    ]
    assert dict(seen.rows[0].values)["birth_date"] == "12/03/1985"
    assert dict(seen.rows[1].values)["birth_date"] == "05/07/1992"
    assert (seen.total_rows, seen.valid_count, seen.invalid_count, seen.duplicate_count) == (
        10,
        5,
        4,
        1,
    )
    assert seen.can_import
    report = run_import(ctx, "participants", table, mapping, dry_run=True)  # type: ignore[arg-type]
    assert report.dry_run and len(report.imported) == 5
    assert (_count(ctx), _count(ctx, AuditEntry)) == (before_people, before_audit)


def test_a_failure_midway_leaves_nothing_half_imported(
    ctx: ServiceContext, windows_csv: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    table = read_table(windows_csv)
    mapping = guess_mapping("participants", table.headers)  # type: ignore[arg-type]
    # Rows with a scheme go through create_participant_id one by one; Hélène (row 2) is
    # written, then Minh and Ana (plain new people) in one batch, then Inès fails.
    real = ps.create_participant_id
    calls = []

    def flaky(c: ServiceContext, data: ps.ParticipantInput) -> int:
        calls.append(data.last_name)
        if len(calls) == 2:
            raise OSError("disk unplugged")
        return real(c, data)

    monkeypatch.setattr(ps, "create_participant_id", flaky)
    with pytest.raises(OSError):
        run_import(ctx, "participants", table, mapping)  # type: ignore[arg-type]
    assert calls == ["Dupré", "Faure"]
    assert _count(ctx) == 0
    assert _count(ctx, AuditEntry) == 0


# -- other encodings and separators ----------------------------------------------------------


def test_utf8_bom_comma_file_with_iso_dates(ctx: ServiceContext, tmp_path: Path) -> None:
    path = tmp_path / "export-libreoffice.csv"
    text = (
        "Prénom,Nom,Date de naissance,Date d'adhésion,Pair-aidant,Pseudonyme,Code postal,Ville\n"
        'Éloïse,Łukasiewicz,1988-09-14,2025-01-10,x,"Lou, la fée",75011,Paris\n'
        "Théo,Nguyễn,14/09/1990,10/01/2025,non,,,\n"
    )
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    table = read_table(path)
    assert (table.detected_encoding, table.detected_separator) == ("utf-8-sig", ",")
    assert table.headers[0] == "Prénom"  # no BOM left in the first header
    report = run_import(ctx, "participants", table, guess_mapping("participants", table.headers))  # type: ignore[arg-type]
    assert [r.row_number for r in report.imported] == [2, 3]
    people = _people(ctx)
    eloise = people["Éloïse Łukasiewicz"]
    assert eloise.birth_date == dt.date(1988, 9, 14)
    assert eloise.membership_start == dt.date(2025, 1, 10)
    assert eloise.is_peer_helper is True
    assert eloise.pseudonym == "Lou, la fée"
    assert eloise.address == "75011 Paris"
    assert people["Théo Nguyễn"].is_peer_helper is False


def test_tab_separated_utf8_and_mapping_by_hand(ctx: ServiceContext, tmp_path: Path) -> None:
    path = tmp_path / "liste.txt"
    path.write_text("Col A\tCol B\tCol C\nAdam\tSimon\t1970\nBella\tMoreau\t\n", encoding="utf-8")
    table = read_table(path)
    assert table.detected_separator == "\t"
    assert guess_mapping("participants", table.headers) == {}  # type: ignore[arg-type]
    half = preview(ctx, "participants", table, {1: "last_name"})  # type: ignore[arg-type]
    assert half.missing_fields == (_("First name"),) and not half.can_import
    with pytest.raises(InvalidInput):
        run_import(ctx, "participants", table, {1: "last_name"})  # type: ignore[arg-type]
    with pytest.raises(InvalidInput):
        run_import(ctx, "participants", table, {0: "first_name", 1: "first_name"})  # type: ignore[arg-type]
    report = run_import(
        ctx,
        "participants",  # type: ignore[arg-type]
        table,
        {0: "first_name", 1: "last_name", 2: "birth_year"},
    )
    assert [r.row_number for r in report.imported] == [2, 3]
    assert _people(ctx)["Adam Simon"].birth_year == 1970


def test_unreadable_files_are_refused_clearly(tmp_path: Path) -> None:
    empty = tmp_path / "vide.csv"
    empty.write_bytes(b"\r\n;;\r\n")
    with pytest.raises(InvalidInput):
        read_table(empty)
    old = tmp_path / "ancien.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 100)
    with pytest.raises(InvalidInput):
        read_table(old)
    fake = tmp_path / "faux.xlsx"
    fake.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(InvalidInput):
        read_table(fake)


# -- .xlsx ----------------------------------------------------------------------------------


def test_xlsx_written_with_openpyxl_imports(ctx: ServiceContext, tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Adhérents"
    sheet.append(["Nom", "Prénom", "Date de naissance", "Téléphone", "Date d'adhésion", "RQTH"])
    sheet.append(["Lambert", "Odile", dt.datetime(1979, 6, 1), 612345678, "15/01/2024", "x"])
    sheet.append(["Garcia", "Rosa", 32000, "07 00 00 00 00", dt.date(2024, 2, 1), None])
    sheet.append([None, None, None, None, None, None])
    sheet.append(["Blanc", "Yves", "demain", None, None, "peut-être"])
    sheet.append(["Lambert", "ODILE", dt.datetime(1979, 6, 1), None, None, None])
    path = tmp_path / "adherents.xlsx"
    book.save(path)

    table = read_table(path)
    assert table.sheet_name == "Adhérents" and table.detected_encoding is None
    report = run_import(ctx, "participants", table, guess_mapping("participants", table.headers))  # type: ignore[arg-type]
    assert [r.row_number for r in report.imported] == [2, 3]
    assert {r.row_number: r.reasons for r in report.invalid} == {
        5: (
            _unreadable(_("Birth date"), "demain"),
            _("{field}: « {value} » is not one of the known values.").format(
                field=_("RQTH"), value="peut-être"
            ),
        )
    }
    assert [(d.row_number, d.match.earlier_row) for d in report.duplicates] == [(6, 2)]
    people = _people(ctx)
    odile = people["Odile Lambert"]
    assert odile.birth_date == dt.date(1979, 6, 1)
    assert odile.phone == "0612345678"  # the leading 0 Excel dropped is back
    assert odile.membership_start == dt.date(2024, 1, 15)
    assert odile.rqth_status is RqthStatus.GRANTED
    rosa = people["Rosa Garcia"]
    assert rosa.birth_date == dt.date(1987, 8, 11)  # serial 32000
    assert rosa.membership_start == dt.date(2024, 2, 1)


# -- offers and workshops -------------------------------------------------------------------


def test_offers_from_a_french_sheet(ctx: ServiceContext, tmp_path: Path) -> None:
    path = tmp_path / "offres.csv"
    lines = [
        "Intitulé du poste;Entreprise;Lieu;Type de contrat;Heures/semaine;Télétravail;"
        "Date limite;Handi-accueillant",
        "Agent d'accueil;Mairie de Lyon;Lyon;CDD;17,5;non;15/12/26;oui",
        "Magasinier;Entrepôt Sud;Vénissieux;Intérim;35;;;",
        "Jardinier;ESAT Les Pins;Bron;Stage;;;;",
        ";Sans titre;;CDI;;;;",
        "agent d'accueil;MAIRIE DE LYON;Lyon;CDI;;;;",
        "Secrétaire;Cabinet Roy;Lyon;CDI;99;partiel;;",
    ]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))
    table = read_table(path)
    report = run_import(ctx, "offers", table, guess_mapping("offers", table.headers))  # type: ignore[arg-type]
    assert [r.row_number for r in report.imported] == [2, 3]
    assert {r.row_number: r.reasons for r in report.invalid} == {
        4: (
            _("{field}: « {value} » is not one of the known values.").format(
                field=_("Contract type"), value="Stage"
            ),
        ),
        5: (_required(_("Job title")),),
        7: (_("{field} must be between 0 and 60 hours a week.").format(field=_("Hours a week")),),
    }
    assert [(d.row_number, d.match.earlier_row) for d in report.duplicates] == [(6, 2)]
    from pairdesk.services.offers import get_offer

    first = get_offer(ctx, report.imported[0].record_id)
    assert (first.contract_type, first.hours_per_week, first.closing_on) == (
        ContractType.CDD,
        17.5,
        dt.date(2026, 12, 15),
    )
    assert first.remote is RemoteWork.NONE and first.employer_open_to_disability
    assert get_offer(ctx, report.imported[1].record_id).contract_type is ContractType.INTERIM


def test_workshops_with_facilitators_and_excel_times(ctx: ServiceContext, tmp_path: Path) -> None:
    from pairdesk.services import team
    from pairdesk.services.workshops import get_workshop, list_workshops

    anna = team.create_member(ctx, team.TeamMemberInput("Anna", "Keller", Role.FACILITATOR))
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(
        ["Date", "Début", "Fin", "Type d'atelier", "Thème", "Lieu", "Places", "Animé par", "Annulé"]
    )
    sheet.append(
        [
            dt.date(2026, 12, 3),
            dt.time(14, 0),
            dt.time(16, 30),
            "Atelier CV",
            "CV et reconversion",
            "Salle 2",
            8,
            "Anna",
            None,
        ]
    )
    sheet.append(["10/12/2026", "14h", "15h30", "Entretien", "", "", None, "Anna Keller", "oui"])
    sheet.append(["17/12/2026", "14:00", "13:00", "CV", "", "", None, None, None])
    sheet.append(["18/12/2026", "10:00", "12:00", "Yoga", "", "", None, None, None])
    sheet.append(["19/12/2026", "10:00", "12:00", "CV", "", "", None, "Bertrand", None])
    sheet.append(
        [dt.date(2026, 12, 3), 0.5833333333, 0.6875, "cv", "Doublon", "", None, None, None]
    )
    path = tmp_path / "ateliers.xlsx"
    book.save(path)
    table = read_table(path)
    report = run_import(ctx, "workshops", table, guess_mapping("workshops", table.headers))  # type: ignore[arg-type]
    assert [r.row_number for r in report.imported] == [2, 3]
    assert set(r.row_number for r in report.invalid) == {4, 5, 6}
    assert report.invalid[0].reasons == (_("The workshop must end after it starts."),)
    assert [(d.row_number, d.match.earlier_row) for d in report.duplicates] == [(7, 2)]
    workshops = list_workshops(ctx)
    assert [(w.held_on, w.starts_at, w.ends_at, w.kind, w.cancelled) for w in workshops] == [
        (dt.date(2026, 12, 3), dt.time(14, 0), dt.time(16, 30), WorkshopKind.CV, False),
        (dt.date(2026, 12, 10), dt.time(14, 0), dt.time(15, 30), WorkshopKind.INTERVIEW, True),
    ]
    first = get_workshop(ctx, workshops[0].id)
    assert [f.id for f in first.facilitators] == [anna.id]
    assert (first.title, first.place, first.capacity) == ("CV et reconversion", "Salle 2", 8)


def test_import_needs_the_right_role(ctx: ServiceContext, windows_csv: Path) -> None:
    table = read_table(windows_csv)
    volunteer = ctx.with_operator(Operator(id=42, name="Bénévole", role=Role.VOLUNTEER))
    with pytest.raises(PermissionDenied):
        run_import(volunteer, "participants", table, guess_mapping("participants", table.headers))  # type: ignore[arg-type]
    assert _count(ctx) == 0


def test_status_column_is_applied(ctx: ServiceContext, tmp_path: Path) -> None:
    path = tmp_path / "statuts.csv"
    path.write_text(
        "Nom;Prénom;Statut;Date de sortie;Date d'adhésion\n"
        "Marchand;Léa;Sortie;30/06/2026;01/01/2025\n"
        "Colin;Max;en pause;;\n",
        encoding="utf-8",
    )
    table = read_table(path)
    run_import(ctx, "participants", table, guess_mapping("participants", table.headers))  # type: ignore[arg-type]
    people = _people(ctx)
    assert people["Léa Marchand"].status is ParticipantStatus.LEFT
    assert people["Léa Marchand"].membership_end == dt.date(2026, 6, 30)
    assert people["Max Colin"].status is ParticipantStatus.PAUSED


def test_every_error_of_a_row_is_told_at_once(ctx: ServiceContext) -> None:
    """A row with a date that does not exist and a malformed e-mail told the date, then,
    once corrected and imported again, the e-mail (a tester's finding)."""
    from pairdesk.services.imports import read_csv_bytes

    text = "Nom;Prénom;Date d'adhésion;Courriel\r\nBen Saïd;Nadia;31/02/2024;nadia @example.fr\r\n"
    table = read_csv_bytes(text.encode("utf-8-sig"))
    mapping = guess_mapping("participants", table.headers)  # type: ignore[arg-type]
    report = run_import(ctx, "participants", table, mapping)  # type: ignore[arg-type]
    (refused,) = report.invalid
    assert len(refused.reasons) == 2, refused.reasons
    assert any(_("E-mail") in reason for reason in refused.reasons)

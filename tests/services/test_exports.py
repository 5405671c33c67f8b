"""Exports for French Excel (CSV with BOM and ``;``) and ``.xlsx``; round trips; formulas."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from pairdesk.domain.enums import (
    AuditAction,
    ContractType,
    RemoteWork,
    Role,
    RqthStatus,
    Scheme,
    WorkshopKind,
)
from pairdesk.errors import InvalidInput, PermissionDenied
from pairdesk.i18n import _
from pairdesk.services import exports, offers, referents, schemes, team, workshops
from pairdesk.services import participants as ps
from pairdesk.services.context import Operator, ServiceContext
from pairdesk.services.exports import ExportKind, export_list
from pairdesk.services.imports import (
    DuplicateDecision,
    guess_mapping,
    read_csv_bytes,
    read_table,
    run_import,
)
from pairdesk.store.models import AuditEntry

pytestmark = pytest.mark.both_engines  # also on PostgreSQL (tests/pg.py)

EVIL = '=HYPERLINK("http://evil.example/?x=1","Cliquez")'


def _identity(d: ps.ParticipantDetail) -> tuple[object, ...]:
    return (
        d.first_name,
        d.last_name,
        d.pseudonym,
        d.birth_date,
        d.phone,
        d.email,
        d.address,
        d.city,
        d.membership_start,
        d.membership_end,
        d.status,
        d.rqth_status,
        d.rqth_until,
        d.is_peer_helper,
        d.notes,
        tuple((s.scheme, s.referent_name) for s in d.schemes),
    )


@pytest.fixture
def people(ctx: ServiceContext) -> list[int]:
    referent = referents.create_referent(ctx, referents.ReferentInput(name="Mme Lefèvre"))
    first = ps.create_participant(
        ctx,
        ps.ParticipantInput(
            first_name="Hélène",
            last_name="Dupré",
            pseudonym="Léna",
            birth_date=dt.date(1985, 3, 12),
            phone="+33 6 12 34 56 78",
            email="helene@example.org",
            address="3 rue des Lilas\n69003 Lyon",
            city="Lyon",
            membership_start=dt.date(2024, 9, 2),
            is_peer_helper=True,
            rqth_status=RqthStatus.GRANTED,
            rqth_until=dt.date(2028, 1, 31),
            notes="Préfère le matin ; appeler avant\n2e ligne",
        ),
    )
    schemes.add_scheme(ctx, first.id, Scheme.FRANCE_TRAVAIL, referent.id)
    schemes.add_scheme(ctx, first.id, Scheme.DEA)
    second = ps.create_participant(
        ctx,
        ps.ParticipantInput(
            first_name="Marc", last_name=EVIL, membership_start=dt.date(2025, 1, 6)
        ),
    )
    return [first.id, second.id]


def test_csv_for_french_excel(ctx: ServiceContext, people: list[int], tmp_path: Path) -> None:
    target = tmp_path / "adherents.csv"
    result = export_list(ctx, ExportKind.PARTICIPANTS, target)
    assert result.rows == 2
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw[3:].decode("utf-8")
    assert text.endswith("\r\n")
    lines = text.split("\r\n")
    assert lines[0].count(";") == 17
    assert "12/03/1985" in text and "1985-03-12" not in text
    assert "'+33 6 12 34 56 78" in text
    assert '"\'=HYPERLINK(""http://evil.example/?x=1"",""Cliquez"")"' in text
    assert '"Préfère le matin ; appeler avant\n2e ligne"' in text
    with ctx.transaction() as session:
        line = session.scalars(select(AuditEntry).where(AuditEntry.entity == "export")).one()
    assert line.action == AuditAction.EXPORT.value
    assert "list=participants" in line.detail and "rows=2" in line.detail
    assert "Dupré" not in line.detail


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_participants_round_trip(
    ctx: ServiceContext, people: list[int], tmp_path: Path, suffix: str
) -> None:
    target = tmp_path / f"adherents{suffix}"
    export_list(ctx, ExportKind.PARTICIPANTS, target)
    table = read_table(target)
    mapping = guess_mapping("participants", table.headers)  # type: ignore[arg-type]
    assert len(mapping) == 17  # every column but "No."
    trial = run_import(ctx, "participants", table, mapping, dry_run=True)  # type: ignore[arg-type]
    assert sorted(d.match.existing_id or 0 for d in trial.duplicates) == sorted(people)
    report = run_import(ctx, "participants", table, mapping, duplicates=DuplicateDecision.IMPORT)  # type: ignore[arg-type]
    assert report.invalid == ()
    copies = {d.match.existing_id: d.record_id for d in report.duplicates}
    assert set(copies) == set(people)
    for original, copy in copies.items():
        assert original is not None and copy is not None
        assert _identity(ps.get_participant(ctx, copy)) == _identity(
            ps.get_participant(ctx, original)
        )


def test_xlsx_cells(ctx: ServiceContext, people: list[int], tmp_path: Path) -> None:
    target = tmp_path / "adherents.xlsx"
    export_list(ctx, ExportKind.PARTICIPANTS, target)
    book = load_workbook(target)
    sheet = book.active
    assert sheet is not None
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    rows = list(sheet.iter_rows(min_row=2))
    by_name = {row[1].value: row for row in rows}
    helene = by_name["Dupré"]
    birth = helene[4]
    assert isinstance(birth.value, dt.datetime) and birth.value.date() == dt.date(1985, 3, 12)
    assert birth.number_format == "DD/MM/YYYY"
    evil = by_name[EVIL]  # as typed: no « ' » shown in the cell (a tester)
    assert evil[1].data_type == "s"  # text, never a formula
    assert sheet.column_dimensions["B"].width > 10


def test_offers_and_workshops_round_trip(ctx: ServiceContext, tmp_path: Path) -> None:
    made = offers.create_offer(
        ctx,
        offers.OfferInput(
            title="Agent d'accueil",
            employer="Mairie",
            place="Lyon",
            contract_type=ContractType.CDD,
            hours_per_week=17.5,
            remote=RemoteWork.PARTIAL,
            accommodations="Horaires aménagés",
            employer_open_to_disability=True,
            source="France Travail",
            closing_on=dt.date(2026, 12, 15),
            contact="-contact@mairie.example",
            description="Accueil du public",
        ),
    )
    anna = team.create_member(ctx, team.TeamMemberInput("Anna", "Keller", Role.FACILITATOR))
    held = workshops.create_workshop(
        ctx,
        workshops.WorkshopInput(
            kind=WorkshopKind.CV,
            title="CV et reconversion",
            held_on=dt.date(2026, 12, 3),
            starts_at=dt.time(14, 0),
            ends_at=dt.time(16, 30),
            place="Salle 2",
            capacity=8,
            facilitator_ids=(anna.id,),
            notes="Apporter une clé USB",
        ),
    )
    for kind, suffix in (("offers", ".csv"), ("workshops", ".xlsx")):
        target = tmp_path / f"{kind}{suffix}"
        export_list(ctx, ExportKind(kind), target)
        table = read_table(target)
        report = run_import(
            ctx,
            kind,  # type: ignore[arg-type]
            table,
            guess_mapping(kind, table.headers),  # type: ignore[arg-type]
            duplicates=DuplicateDecision.IMPORT,
        )
        assert report.invalid == () and len(report.duplicates) == 1
        copy_id = report.duplicates[0].record_id
        assert copy_id is not None
        if kind == "offers":
            copy = offers.get_offer(ctx, copy_id)
            fields: tuple[str, ...] = (
                "title",
                "employer",
                "place",
                "contract_type",
                "hours_per_week",
                "remote",
            )
            fields += ("accommodations", "employer_open_to_disability", "source", "closing_on")
            fields += ("contact", "description", "archived")  # not archived
            assert [getattr(copy, f) for f in fields] == [getattr(made, f) for f in fields]
        else:
            copy_w = workshops.get_workshop(ctx, copy_id)
            fields = ("kind", "title", "held_on", "starts_at", "ends_at", "place", "capacity")
            fields += ("notes", "facilitators", "cancelled")
            assert [getattr(copy_w, f) for f in fields] == [getattr(held, f) for f in fields]


def test_attendance_and_indicators(ctx: ServiceContext, people: list[int], tmp_path: Path) -> None:
    from pairdesk.services.attendance import mark_attendance

    held = workshops.create_workshop(
        ctx,
        workshops.WorkshopInput(
            kind=WorkshopKind.INTERVIEW,
            title="",
            held_on=dt.date(2026, 11, 20),
            starts_at=dt.time(9, 30),
            ends_at=dt.time(11, 0),
        ),
    )
    workshops.register(ctx, held.id, people[0])
    from pairdesk.domain.enums import Attendance

    mark_attendance(ctx, held.id, people[0], Attendance.PRESENT)
    sheet = exports.build_sheet(
        ctx, ExportKind.ATTENDANCE, start=dt.date(2026, 11, 1), end=dt.date(2026, 11, 30)
    )
    assert [(r[0], r[4], r[5]) for r in sheet.rows] == [(dt.date(2026, 11, 20), "Dupré", "Hélène")]
    # a registration not marked says so, as the window does (the cell was empty: a tester)
    workshops.register(ctx, held.id, people[1])
    sheet = exports.build_sheet(
        ctx, ExportKind.ATTENDANCE, start=dt.date(2026, 11, 1), end=dt.date(2026, 11, 30)
    )
    column = sheet.headers.index(_("Attendance"))
    assert sorted(r[column] for r in sheet.rows) == sorted(
        [Attendance.PRESENT.label, _("Not marked")]
    )
    assert (
        exports.build_sheet(
            ctx, ExportKind.ATTENDANCE, start=dt.date(2026, 12, 1), end=dt.date(2026, 12, 31)
        ).rows
        == ()
    )
    target = tmp_path / "indicateurs.csv"
    export_list(
        ctx,
        ExportKind.INDICATORS,
        target,
        start=dt.date(2026, 1, 1),
        end=dt.date(2026, 12, 31),
    )
    text = target.read_bytes().decode("utf-8-sig")
    assert ";1;1;1;" in text  # attendance rate 1 (present 1 of 1)
    # the file says what it covers, and holds the IPS figures the page shows
    lines = text.splitlines()
    assert lines[1].startswith(_("Start of the period") + ";01/01/2026;")
    assert lines[2].startswith(_("End of the period") + ";31/12/2026;")
    assert any(line.startswith(_("IPS: {indicator}").split("{")[0]) for line in lines)
    with pytest.raises(InvalidInput):
        exports.build_sheet(ctx, ExportKind.INDICATORS)

    # In a workbook a rate is a percentage (a tester read 0.8671454219030521 in French
    # Excel), the CSV keeps the fraction; the sheet's name is not cut mid-date.
    from openpyxl import load_workbook

    book_path = tmp_path / "indicateurs.xlsx"
    export_list(
        ctx, ExportKind.INDICATORS, book_path, start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31)
    )
    sheet = load_workbook(book_path).active
    assert sheet is not None and sheet.title == _("Indicators")
    rate = next(row for row in sheet.iter_rows(min_row=2) if row[0].value == _("Attendance rate"))
    assert rate[1].value == 1 and "%" in rate[1].number_format
    count = next(row for row in sheet.iter_rows(min_row=2) if row[0].value == _("Workshops held"))
    assert "%" not in count[1].number_format


def test_decimals_use_a_comma() -> None:
    sheet = exports.ExportSheet(ExportKind.INDICATORS, "x", ("a", "b"), ((0.6667, 17.5),))
    assert exports.csv_bytes(sheet).decode("utf-8-sig") == "a;b\r\n0,6667;17,5\r\n"


def test_rights_and_existing_files(ctx: ServiceContext, people: list[int], tmp_path: Path) -> None:
    volunteer = ctx.with_operator(Operator(id=42, name="Bénévole", role=Role.VOLUNTEER))
    with pytest.raises(PermissionDenied):
        export_list(volunteer, ExportKind.PARTICIPANTS, tmp_path / "x.csv")
    with pytest.raises(PermissionDenied):
        export_list(volunteer, ExportKind.ATTENDANCE, tmp_path / "x.csv")
    assert not (tmp_path / "x.csv").exists()
    target = tmp_path / "liste.csv"
    target.write_text("à garder", encoding="utf-8")
    with pytest.raises(InvalidInput):
        export_list(ctx, ExportKind.PARTICIPANTS, target)
    assert target.read_text(encoding="utf-8") == "à garder"
    with pytest.raises(InvalidInput):
        export_list(ctx, ExportKind.PARTICIPANTS, tmp_path / "liste.pdf")
    export_list(ctx, ExportKind.PARTICIPANTS, target, overwrite=True)
    assert target.read_bytes().startswith(b"\xef\xbb\xbf")
    with ctx.transaction() as session:
        lines = session.scalars(select(AuditEntry).where(AuditEntry.entity == "export")).all()
    assert len(lines) == 1  # refused exports leave no audit line


def test_the_file_name_proposed_names_the_list_and_its_period() -> None:
    day = dt.date(2026, 12, 2)
    assert ExportKind.INDICATORS.file_name(day, dt.date(2026, 12, 1), dt.date(2026, 12, 31)) == (
        "indicateurs-2026-12-01-2026-12-31.csv"
    )
    assert ExportKind.PARTICIPANTS.file_name(day, None, None) == (
        "personnes-accompagnees-2026-12-02.csv"
    )


def test_a_text_holding_a_noncharacter_still_makes_a_readable_workbook() -> None:
    """One name holding U+FFFF (stored before the import refused it) made every .xlsx
    export of the list unreadable, by Excel and by openpyxl."""
    import io as _io

    from openpyxl import load_workbook

    sheet = exports.ExportSheet(ExportKind.PARTICIPANTS, "x", ("Nom",), (("Zo\uffffé\ufffe",),))
    book = load_workbook(_io.BytesIO(exports.xlsx_bytes(sheet)))
    assert book.active is not None and book.active["A2"].value == "Zoé"


def test_a_text_longer_than_an_excel_cell_is_never_cut_without_a_word(tmp_path: Path) -> None:
    """Notes hold up to 50,000 characters; the workbook cut them at 32,767 without a word
    (a tester's finding). The .xlsx is refused, naming the cell; the CSV keeps it all."""
    notes = "é" * 36_449
    sheet = exports.ExportSheet(ExportKind.PARTICIPANTS, "x", ("Nom", "Notes"), (("Dupré", notes),))
    with pytest.raises(InvalidInput) as refused:
        exports.xlsx_bytes(sheet)
    assert "2" in refused.value.message and "Notes" in refused.value.message
    assert notes in exports.csv_bytes(sheet).decode("utf-8-sig")
    just = exports.ExportSheet(ExportKind.PARTICIPANTS, "x", ("Notes",), (("é" * 32_767,),))
    assert exports.xlsx_bytes(just)


def test_an_archived_offer_exported_comes_back_archived(
    ctx: ServiceContext, tmp_path: Path
) -> None:
    """The export's « Archivée » column was ignored by the offers' import: an archived
    offer read back became a current one, shown again to the pair-aidants."""
    for title in ("Agent d'accueil", "Employé de rayon"):
        made = offers.create_offer(ctx, offers.OfferInput(title=title, employer="Mairie"))
    offers.archive_offer(ctx, made.id)
    target = tmp_path / "offres.csv"
    export_list(ctx, ExportKind.OFFERS, target)
    assert _("Archived") in target.read_text(encoding="utf-8-sig").splitlines()[0]
    table = read_table(target)
    report = run_import(
        ctx,
        "offers",  # type: ignore[arg-type]
        table,
        guess_mapping("offers", table.headers),  # type: ignore[arg-type]
        duplicates=DuplicateDecision.IMPORT,
    )
    assert report.invalid == ()
    # Both are known: the archived row is compared with the archived offer too (a tester's
    # re-import doubled it), and each copy imported anyway keeps its state.
    assert len(report.duplicates) == 2 and report.imported == ()
    archived = {
        offers.get_offer(ctx, d.record_id).title: offers.get_offer(ctx, d.record_id).archived
        for d in report.duplicates
        if d.record_id is not None
    }
    assert archived == {"Agent d'accueil": False, "Employé de rayon": True}
    # A current row is not taken for the archived offer: the job posted again is new.
    again = read_csv_bytes("Intitulé du poste;Employeur\r\nEmployé de rayon;Mairie\r\n".encode())
    report = run_import(
        ctx,
        "offers",  # type: ignore[arg-type]
        again,
        guess_mapping("offers", again.headers),  # type: ignore[arg-type]
    )
    assert report.duplicates == () and len(report.imported) == 1

"""Pathway summary, activity report, CV and blank forms, read back with pypdf."""

from __future__ import annotations

import datetime as dt
import io
import types
from dataclasses import replace

from pypdf import PdfReader

from pairdesk.domain.enums import AssessmentDomain, InterviewCriterion
from pairdesk.domain.indicators import (
    ContractRecord,
    IndicatorData,
    MemberRecord,
    RegistrationRecord,
    WorkshopRecord,
    compute_report,
)
from pairdesk.formatting import mean
from pairdesk.i18n import _
from pairdesk.reports.activity_report import activity_report_pdf
from pairdesk.reports.base import format_day
from pairdesk.reports.cv import cv_pdf
from pairdesk.reports.forms import satisfaction_form_pdf, self_assessment_form_pdf
from pairdesk.reports.mock_interview import mock_interview_pdf
from pairdesk.reports.pathway_summary import pathway_summary_pdf
from pairdesk.services.coaching import AskedQuestion, CriterionScore
from pairdesk.services.document_data import (
    ActivityReportData,
    MockInterviewData,
    PathwaySummaryOptions,
    SummarySection,
)


def _flat(text: str) -> str:
    return " ".join(text.split())


# --------------------------------------------------------------------------- summary


def test_summary_shows_every_section_in_plain_words(make: types.ModuleType) -> None:
    pdf = pathway_summary_pdf(make.summary())
    text = _flat(make.pdf_text(pdf))
    assert "Zofia Łukasiewicz" in text
    assert "Ørjan Håland" in text and "Ayşe Öztürk" in text
    for title in (
        _("About you"),
        _("Who supports you"),
        _("What you would like to do"),
        _("Your skills"),
        _("Skills from your lived experience"),
        _("What helps you at work"),
        _("Your goals"),
        _("Your steps so far"),
        _("Your contracts"),
        _("Workshops you took part in"),
        _("Your mock interviews"),
        _("How you see your progress"),
        _("Keeping your job"),
    ):
        assert title in text, title
    assert "04/03/2025" in text  # member since, French format
    assert "Classement & archivage <rigoureux>" in text
    assert "4,5" in text  # 2 + 2,5 hours of workshops
    assert "1,5" in text and "3" in text  # mock-interview means
    assert AssessmentDomain.CONFIDENCE.label in text
    meta = PdfReader(io.BytesIO(pdf)).metadata
    assert meta is not None
    assert meta.title == _("Pathway summary {ref}").format(ref="P0042")
    assert "Zofia" not in (meta.title or "") and "Łukasiewicz" not in (meta.subject or "")


def test_the_wellbeing_plan_prints_only_when_ticked(make: types.ModuleType) -> None:
    without = _flat(make.pdf_text(pathway_summary_pdf(make.summary())))
    assert make.WELLBEING_MARK not in without
    assert _("Your wellbeing plan") not in without
    ticked = make.summary(PathwaySummaryOptions(include_wellbeing=True))
    with_plan = _flat(make.pdf_text(pathway_summary_pdf(ticked)))
    assert make.WELLBEING_MARK in with_plan
    assert _("Your wellbeing plan") in with_plan
    # data loaded for a print with the box ticked, options then changed: still not printed
    untouched = type(ticked)(
        **{
            **{f: getattr(ticked, f) for f in ticked.__dataclass_fields__},
            "options": PathwaySummaryOptions(),
        }
    )
    assert make.WELLBEING_MARK not in make.pdf_text(pathway_summary_pdf(untouched))


def test_contact_details_only_when_asked(make: types.ModuleType) -> None:
    assert "06 12 34 56 78" not in make.pdf_text(pathway_summary_pdf(make.summary()))
    with_contact = make.summary(PathwaySummaryOptions(include_contact=True))
    assert "06 12 34 56 78" in make.pdf_text(pathway_summary_pdf(with_contact))


def test_sections_can_be_left_out_and_the_period_is_printed(make: types.ModuleType) -> None:
    options = PathwaySummaryOptions(
        start=dt.date(2026, 1, 1),
        end=dt.date(2026, 6, 30),
        sections=frozenset({SummarySection.IDENTITY, SummarySection.GOALS}),
    )
    text = _flat(make.pdf_text(pathway_summary_pdf(make.summary(options))))
    assert _("Your goals") in text
    assert _("Your mock interviews") not in text
    assert _("Your skills") not in text
    assert "01/01/2026" in text and "30/06/2026" in text
    # open at one end: said as such, not « du 01/01/2026 au … » (a tester)
    open_end = PathwaySummaryOptions(start=dt.date(2026, 1, 1))
    text = _flat(make.pdf_text(pathway_summary_pdf(make.summary(open_end))))
    assert "Période : depuis le 01/01/2026" in text and "…" not in text.split("Période")[1][:40]


# --------------------------------------------------------------------------- activity report


def _indicator_data() -> IndicatorData:
    return IndicatorData(
        members=[MemberRecord(i, dt.date(2025, 1, 1), None) for i in range(1, 5)],
        workshops=[WorkshopRecord(1, "cv", dt.date(2026, 3, 3), False)],
        registrations=[
            RegistrationRecord(1, 1, "present", 5),
            RegistrationRecord(1, 2, "present", 4),
            RegistrationRecord(1, 3, "absent", None),
        ],
        contracts=[ContractRecord(1, 1, "cdi", dt.date(2026, 4, 1), None, None)],
    )


def test_activity_report_has_indicators_definitions_months_and_funder_figures(
    make: types.ModuleType,
) -> None:
    report = compute_report(
        _indicator_data(), dt.date(2026, 1, 1), dt.date(2026, 12, 31), today=dt.date(2026, 12, 31)
    )
    base = make.activity()
    data = ActivityReportData(base.header, base.start, base.end, report, base.months, base.funder)
    pdf = activity_report_pdf(data)
    text = _flat(make.pdf_text(pdf))
    for item in report.items.values():
        assert item.label in text
    assert _flat(report.items["attendance_rate"].definition)[:40] in text
    assert "67 %" in text  # 2 present of 3 marked
    assert _("{numerator} of {denominator}").format(numerator=2, denominator=3) in text
    assert "4,5" in text  # mean satisfaction
    assert "36" in text and "240" in text and "450" in text  # yearly totals of the months
    # every registration in a column: « Non renseigné » was left out, the row did not add up
    assert _flat(_("Not marked")) in text
    assert _("Members at 31 December {year}").format(year=2026) in text
    assert "57" in text and "198" in text and "2,5" in text
    assert _("Yearly figures for the funders ({year})").format(year=2026) in text
    for name in make.NAMES:
        assert name not in text
    meta = PdfReader(io.BytesIO(pdf)).metadata
    assert meta is not None and meta.author == "GEM Les Tilleuls"
    # Each kind of workshop whole, one table per year (the kinds as columns were cut
    # mid-word: « Sensibilis / ation en / entrepris / e »).
    from pairdesk.domain.enums import WorkshopKind

    for kind in WorkshopKind:
        assert _flat(kind.label) in text, kind
    years = {m.year for m in base.months}
    for year in years:
        assert _("Kind of workshop ({year})").format(year=year) in text


# --------------------------------------------------------------------------- CV and forms


def test_cv_is_clean_for_an_employer(make: types.ModuleType) -> None:
    pdf = cv_pdf(make.cv())
    text = _flat(make.pdf_text(pdf))
    assert text.startswith("Ayşe Öztürk")
    assert "06 98 76 54 32" in text and "ayse@example.org" in text
    assert "accueil & orientation" in text
    for title in (_("Experience"), _("Skills"), _("Training"), _("Languages"), _("Interests")):
        assert title in text
    # no branding: neither the association nor pairdesk's footer on the CV itself
    assert "GEM Les Tilleuls" not in text
    assert "Page" not in text  # a one-page CV carries no page number
    meta = PdfReader(io.BytesIO(pdf)).metadata
    assert meta is not None
    assert not meta.author
    assert "Ayşe" not in (meta.title or "")
    assert make.page_count(pdf) == 1


def test_long_cv_runs_to_two_numbered_pages(make: types.ModuleType) -> None:
    cv = make.cv()
    experience = "\n".join(f"- Poste n°{i} : accueil du public" for i in range(70))
    long = replace(cv, content=replace(cv.content, experience=experience))
    pdf = cv_pdf(long)
    assert make.page_count(pdf) == 2
    assert _("Page {page} / {total}").format(page=2, total=2) in make.pdf_text(pdf)


def test_blank_forms_fit_on_one_page(make: types.ModuleType) -> None:
    satisfaction = satisfaction_form_pdf(make.header())
    text = _flat(make.pdf_text(satisfaction))
    assert make.page_count(satisfaction) == 1
    assert _("Your opinion on the workshop") in text
    assert _("Very satisfied") in text and _("Not satisfied") in text
    for score in "12345":
        assert score in text

    assessment = self_assessment_form_pdf(make.header())
    text = _flat(make.pdf_text(assessment))
    assert make.page_count(assessment) == 1
    for domain in AssessmentDomain:
        assert domain.label in text
    assert "10" in text


def test_blank_form_without_a_vault_has_no_header(make: types.ModuleType) -> None:
    from pairdesk.services.documents import blank_form_header

    pdf = satisfaction_form_pdf(blank_form_header(dt.date(2026, 11, 25)))
    assert "GEM" not in make.pdf_text(pdf)
    assert make.page_count(pdf) == 1


def test_activity_report_has_the_employer_section(make: types.ModuleType) -> None:
    from pairdesk.domain.indicators import EMPLOYER_INDICATOR_IDS, EmployerRecord

    data = replace(
        _indicator_data(),
        workshops=[
            WorkshopRecord(1, "awareness", dt.date(2026, 3, 3), False, 23),
            WorkshopRecord(2, "awareness", dt.date(2026, 5, 5), False, 19),
        ],
        employers=[EmployerRecord(7, dt.date(2026, 2, 2))],
    )
    report = compute_report(
        data, dt.date(2026, 1, 1), dt.date(2026, 12, 31), today=dt.date(2026, 12, 31)
    )
    base = make.activity()
    pdf = activity_report_pdf(
        ActivityReportData(base.header, base.start, base.end, report, base.months, base.funder)
    )
    text = _flat(make.pdf_text(pdf))
    assert _("Employers and awareness") in text
    for key in EMPLOYER_INDICATOR_IDS:
        assert report.items[key].label in text
        assert _flat(report.items[key].definition)[:40] in text
    assert "42" in text  # 23 + 19 employees reached


# --------------------------------------------------------------------------- mock interview


def _mock_interview(make: types.ModuleType, **changes: object) -> MockInterviewData:
    interview = replace(
        make.mock_interview(dt.date(2026, 11, 12), ()),
        interviewers="Léa (pair-aidante), Marc",
        target_job="Agent·e d'accueil <mairie>",
        comments="Très bon exemple sur le bénévolat.\nRespirer avant de répondre.",
        questions=(
            AskedQuestion(1, "Parlez-moi de vous.", 0, "Présentation claire, 2 minutes"),
            AskedQuestion(None, "Pourquoi ce trou dans votre CV ?", 1, ""),
        ),
        scores=(
            CriterionScore(InterviewCriterion.CLARITY, 3),
            CriterionScore(InterviewCriterion.STRESS, 2),
        ),
    )
    data = MockInterviewData(
        header=make.header(),
        full_name="Zofia Łukasiewicz",
        interview=interview,
        session_title="Coaching d'entretien",
        session_on=dt.date(2026, 11, 12),
    )
    return replace(data, **changes)


def test_mock_interview_feedback_holds_what_was_recorded(make: types.ModuleType) -> None:
    data = _mock_interview(make)
    pdf = mock_interview_pdf(data)
    text = _flat(make.pdf_text(pdf))
    assert _("Mock interview: feedback") in text
    assert "Zofia Łukasiewicz" in text and "GEM Les Tilleuls" in text
    assert "Agent·e d'accueil <mairie>" in text  # escaped, not taken for markup
    assert "Léa (pair-aidante), Marc" in text and "Coaching d'entretien" in text
    assert "1. Parlez-moi de vous." in text and "Présentation claire, 2 minutes" in text
    assert "2. Pourquoi ce trou dans votre CV ?" in text
    assert "Respirer avant de répondre." in text
    for item in data.interview.scores:
        assert item.criterion.label in text and item.label in text
    assert _("{score} / {top}").format(score=3, top=4) in text
    # the mean with two decimals, in the catalogue's language (« 2,50 » in French)
    assert _("Mean: {mean} / {top}").format(mean=mean(2.5), top=4) in text
    meta = PdfReader(io.BytesIO(pdf)).metadata
    assert meta is not None and "Zofia" not in (meta.title or "")


def test_mock_interview_feedback_leaves_out_what_was_not_recorded(
    make: types.ModuleType,
) -> None:
    bare = replace(
        _mock_interview(make).interview,
        interviewers="",
        target_job="",
        comments="",
        questions=(),
        scores=(),
    )
    text = _flat(
        make.pdf_text(mock_interview_pdf(_mock_interview(make, interview=bare, session_title="")))
    )
    for heading in (
        _("Questions asked"),
        _("Comments"),
        _("Criterion"),
        _("Job aimed at"),
        _("Coaching session"),
    ):
        assert heading not in text
    assert "Zofia Łukasiewicz" in text
    # a session held on another day says its day
    other_day = _mock_interview(make, session_on=dt.date(2026, 11, 5))
    assert format_day(dt.date(2026, 11, 5)) in _flat(make.pdf_text(mock_interview_pdf(other_day)))

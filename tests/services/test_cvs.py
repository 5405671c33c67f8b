"""CV versions, peer comments and comparisons."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pairdesk.domain.enums import CvSection, WorkshopKind
from pairdesk.errors import InvalidInput, UnknownId, UserError
from pairdesk.services.context import ServiceContext
from pairdesk.services.cvs import (
    CvInput,
    add_comment,
    compare_latest_two,
    compare_versions,
    delete_comment,
    diff_lines,
    get_cv_version,
    latest_cv,
    list_cv_versions,
    save_cv_version,
)
from pairdesk.services.workshops import WorkshopInput, create_workshop
from tests.factories import insert_participant

pytestmark = pytest.mark.both_engines  # also on PostgreSQL (tests/pg.py)

FIRST = CvInput(
    headline="Agent d'accueil",
    experience="2019-2021 Caissière, Super U\nDepuis 2024 : animatrice bénévole au GEM",
    skills="Accueil du public\nCaisse",
    languages="Français\nAnglais (notions)",
)
SECOND = CvInput(
    headline="Agent d'accueil",
    experience=(
        "2019-2021 Caissière, Super U\n"
        "Depuis 2024 : animatrice bénévole au GEM (atelier cuisine)\n"
        "2025 : trésorière adjointe du GEM"
    ),
    skills="Accueil du public\nCaisse",
    training="2025 : PSC1",
    languages="Français\nAnglais (notions)",
)


def on_day(ctx: ServiceContext, day: dt.date) -> ServiceContext:
    return ServiceContext(ctx.vault, ctx.operator, lambda: day)


def test_each_save_is_a_new_dated_version(ctx: ServiceContext) -> None:
    lea = insert_participant(ctx)
    first = save_cv_version(on_day(ctx, dt.date(2026, 10, 6)), lea, FIRST, label=" Premier jet ")
    second = save_cv_version(ctx, lea, SECOND)
    assert first.id != second.id
    assert (first.created_on, first.label) == (dt.date(2026, 10, 6), "Premier jet")
    assert second.created_on == dt.date(2026, 11, 25)
    assert get_cv_version(ctx, first.id).content == FIRST  # never overwritten
    assert get_cv_version(ctx, second.id).section(CvSection.TRAINING) == "2025 : PSC1"
    assert [v.id for v in list_cv_versions(ctx, lea)] == [second.id, first.id]
    latest = latest_cv(ctx, lea)
    assert latest is not None and latest.id == second.id


def test_same_day_versions_latest_is_the_last_saved(ctx: ServiceContext) -> None:
    lea = insert_participant(ctx)
    save_cv_version(ctx, lea, FIRST)
    last = save_cv_version(ctx, lea, SECOND)
    latest = latest_cv(ctx, lea)
    assert latest is not None and latest.id == last.id


def test_text_is_cleaned_and_empty_cv_refused(ctx: ServiceContext) -> None:
    lea = insert_participant(ctx)
    saved = save_cv_version(ctx, lea, CvInput(headline="  Cafe\u0301 \x07", skills="a\r\nb"))
    assert saved.content.headline == "Café"
    assert saved.content.skills == "a\nb"
    with pytest.raises(InvalidInput):
        save_cv_version(ctx, lea, CvInput(headline="   ", skills="\n"))
    with pytest.raises(InvalidInput) as caught:
        save_cv_version(ctx, lea, CvInput(experience="x" * 20_001))
    assert caught.value.field == "experience"
    assert len(list_cv_versions(ctx, lea)) == 1


def test_version_linked_to_a_workshop(ctx: ServiceContext) -> None:
    lea = insert_participant(ctx)
    w = create_workshop(
        ctx,
        WorkshopInput(
            WorkshopKind.CV,
            "",
            dt.date(2026, 11, 20),
            dt.time(14),
            dt.time(16),
            "GEM",
            None,
            (),
            "",
        ),
    )
    saved = save_cv_version(ctx, lea, FIRST, workshop_id=w.id)
    assert (saved.workshop_id, saved.workshop_title) == (w.id, WorkshopKind.CV.label)
    with pytest.raises(UnknownId):
        save_cv_version(ctx, lea, FIRST, workshop_id=999)
    with pytest.raises(UnknownId):
        save_cv_version(ctx, 999, FIRST)


def test_no_version_yet(ctx: ServiceContext) -> None:
    lea = insert_participant(ctx)
    assert latest_cv(ctx, lea) is None
    assert list_cv_versions(ctx, lea) == []
    assert compare_latest_two(ctx, lea) is None
    save_cv_version(ctx, lea, FIRST)
    assert compare_latest_two(ctx, lea) is None


def test_comments(ctx: ServiceContext) -> None:
    lea = insert_participant(ctx)
    version = save_cv_version(ctx, lea, FIRST)
    general = add_comment(ctx, version.id, " Hugo ", "Très clair !")
    on_skills = add_comment(
        ctx, version.id, "Inès", "Ajouter l'animation d'atelier", CvSection.SKILLS
    )
    assert (general.author_name, general.section, general.created_on) == (
        "Hugo",
        None,
        dt.date(2026, 11, 25),
    )
    view = get_cv_version(ctx, version.id)
    assert [c.id for c in view.comments] == [general.id, on_skills.id]
    assert [c.comment for c in view.comments_on(CvSection.SKILLS)] == [
        "Ajouter l'animation d'atelier"
    ]
    assert [c.id for c in view.comments_on(None)] == [general.id]
    assert list_cv_versions(ctx, lea)[0].comment_count == 2

    delete_comment(ctx, general.id)
    assert [c.id for c in get_cv_version(ctx, version.id).comments] == [on_skills.id]
    with pytest.raises(UnknownId):
        delete_comment(ctx, general.id)


@pytest.mark.parametrize(
    ("author", "text", "section"),
    [("", "ok", None), ("Hugo", "  ", None), ("Hugo", "ok", "photo")],
)
def test_invalid_comments_are_refused(
    ctx: ServiceContext, author: str, text: str, section: str | None
) -> None:
    version = save_cv_version(ctx, insert_participant(ctx), FIRST)
    with pytest.raises(InvalidInput):
        add_comment(ctx, version.id, author, text, section)  # type: ignore[arg-type]
    assert get_cv_version(ctx, version.id).comments == ()


def test_comment_on_unknown_version(ctx: ServiceContext) -> None:
    with pytest.raises(UnknownId):
        add_comment(ctx, 999, "Hugo", "Bien")


def test_compare_two_versions(ctx: ServiceContext) -> None:
    lea = insert_participant(ctx)
    old = save_cv_version(ctx, lea, FIRST)
    new = save_cv_version(ctx, lea, SECOND)
    diffs = {d.section: d for d in compare_versions(ctx, old.id, new.id)}
    assert list(diffs) == list(CvSection)
    assert diffs[CvSection.HEADLINE].unchanged
    assert diffs[CvSection.HEADLINE].lines == (("equal", "Agent d'accueil"),)
    assert diffs[CvSection.INTERESTS].unchanged and diffs[CvSection.INTERESTS].lines == ()
    experience = diffs[CvSection.EXPERIENCE]
    assert not experience.unchanged
    assert experience.lines == (
        ("equal", "2019-2021 Caissière, Super U"),
        ("removed", "Depuis 2024 : animatrice bénévole au GEM"),
        ("added", "Depuis 2024 : animatrice bénévole au GEM (atelier cuisine)"),
        ("added", "2025 : trésorière adjointe du GEM"),
    )
    assert diffs[CvSection.TRAINING].lines == (("added", "2025 : PSC1"),)
    assert diffs[CvSection.TRAINING].label == CvSection.TRAINING.label

    backwards = {d.section: d for d in compare_versions(ctx, new.id, old.id)}
    assert backwards[CvSection.TRAINING].lines == (("removed", "2025 : PSC1"),)

    latest = compare_latest_two(ctx, lea)
    assert latest is not None
    assert (latest.older.id, latest.newer.id) == (old.id, new.id)
    assert list(latest.sections) == list(diffs.values())


def test_compare_refuses_versions_of_two_people(ctx: ServiceContext) -> None:
    lea_cv = save_cv_version(ctx, insert_participant(ctx), FIRST)
    hugo_cv = save_cv_version(ctx, insert_participant(ctx, "Hugo", "Étienne"), SECOND)
    with pytest.raises(UserError):
        compare_versions(ctx, lea_cv.id, hugo_cv.id)
    with pytest.raises(UnknownId):
        compare_versions(ctx, lea_cv.id, 999)


lines = st.lists(st.text(alphabet="abcé -", max_size=6), max_size=8)


@given(old=lines, new=lines)
def test_diff_rebuilds_both_texts(old: list[str], new: list[str]) -> None:
    older, newer = "\n".join(old), "\n".join(new)
    diff = diff_lines(older, newer)
    assert [t for op, t in diff if op != "added"] == older.splitlines()
    assert [t for op, t in diff if op != "removed"] == newer.splitlines()
    assert all(op in {"equal", "added", "removed"} for op, _t in diff)

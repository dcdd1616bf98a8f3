"""One rating scale: the framework's level descriptors are the words of the evaluation form, the
lessons and the evidence rule; the checker refuses a scale that leaves a rating out."""

import pytest
from content_tree import write_content
from practice.world import practice_world
from support import login

from lms.content_check import check_content
from lms.core.config import PROJECT_ROOT
from lms.courses.loader import load_catalogue
from lms.practice.labels import RATING_LABELS

LEVELS = """levels:
  - {rating: 5, label: {en: Exemplary}, descriptor: {en: A model for others.}}
  - {rating: 4, label: {en: Strong}, descriptor: {en: Independent.}}
  - {rating: 3, label: {en: Meets the standard}, descriptor: {en: Consistent and safe.}}
  - {rating: 2, label: {en: Developing}, descriptor: {en: With support.}}
  - {rating: 1, label: {en: Not shown}, descriptor: {en: Not shown.}}
"""


def _framework():
    return load_catalogue(PROJECT_ROOT / "content").catalogue.framework("TM-SW")


def test_the_framework_describes_every_rating_in_three_languages():
    levels = _framework().levels
    assert [level.rating for level in levels] == [5, 4, 3, 2, 1]
    for level in levels:
        for language in ("en", "ru", "tk"):
            assert getattr(level.labels, language) and getattr(level.descriptors, language)


def test_the_evaluation_form_uses_the_framework_words():
    for level in _framework().levels:
        assert str(RATING_LABELS[level.rating]) == f"{level.rating} — {level.labels.en.lower()}"


def test_the_lesson_on_rating_uses_the_framework_words():
    lesson = (
        PROJECT_ROOT / "content/tot/05-supervising-practitioners/03-hours-ratings-and-concerns.md"
    ).read_text(encoding="utf-8")
    for level in _framework().levels:
        assert f"| {level.rating} | {level.labels.en} |" in lesson


def _write_levels(root, levels: str) -> None:
    path = root / "frameworks" / "T-FW.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("competencies:\n", levels + "competencies:\n", 1), "utf-8")


def _errors(root):
    return [p.format(root) for p in check_content(root) if p.severity == "error"]


def test_a_complete_scale_passes(tmp_path):
    root = write_content(tmp_path / "content")
    _write_levels(root, LEVELS)
    assert _errors(root) == []
    framework = load_catalogue(root).catalogue.framework("T-FW")
    assert [level.labels.en for level in framework.levels][2] == "Meets the standard"


@pytest.mark.parametrize(
    "broken, message",
    [
        (
            LEVELS.replace(
                "  - {rating: 2, label: {en: Developing}, descriptor: {en: With support.}}\n", ""
            ),
            "exactly once",
        ),
        (LEVELS.replace("rating: 2,", "rating: 3,"), "exactly once"),
        (LEVELS.replace("rating: 1,", "rating: 7,"), "needs a “rating”"),
        (
            LEVELS.replace("descriptor: {en: Independent.}", "descriptor: {ru: Самостоятельно.}"),
            "needs a “rating”",
        ),
        ("levels: strong\n", "must be a list"),
    ],
)
def test_a_broken_scale_is_refused_with_its_line(tmp_path, broken, message):
    root = write_content(tmp_path / "content")
    _write_levels(root, broken)
    errors = _errors(root)
    assert len(errors) == 1 and message in errors[0], errors
    assert errors[0].startswith("content/frameworks/T-FW.yaml:6:"), errors


def test_the_supervisor_reads_the_descriptors_on_the_evaluation_form(app, client, factory):
    world = practice_world(factory)
    login(client, "merdan")
    page = client.get(f"/practice/placements/{world.placement.id}/evaluations/mid")
    text = page.get_data(as_text=True)
    assert "What each rating means" in text
    assert "shown consistently and safely" in text and "3 — meets the standard" in text


def test_the_framework_page_shows_the_scale_and_translated_descriptions(
    app, client, factory, runner
):
    assert runner.invoke(args=["frameworks", "sync"]).exit_code == 0
    factory.user("reader", "trainer", language="tk")
    login(client, "reader")
    page = client.get("/competencies/frameworks/TM-SW")
    text = page.get_data(as_text=True)
    assert "Ölçege laýyk" in text
    eth1 = _framework().competency("ETH-1").descriptions
    assert eth1.tk and eth1.tk.split()[0] in text

"""The glossary: its file, the check that flags rejected variants, and the trainees' page."""

from __future__ import annotations

from pathlib import Path

from support import login

from lms.content_check import check_content
from lms.core.config import PROJECT_ROOT
from lms.courses.glossary import GLOSSARY_FILE, check_terminology, read_glossary, rejected_terms

GLOSSARY = """review:
  tk: {status: draft, reviewer: null, date: null}
terms:
  - key: supervision
    en: supervision
    ru: супервизия
    tk: superwiziýa
    definition: {en: Support., ru: Поддержка., tk: Goldaw.}
    avoid:
      tk:
        - {text: "gözegçilik", why: "means control"}
      ru:
        - {text: "прямая практика", why: "calque"}
  - key: broken
    en: broken
    definition: {en: Only English.}
"""


def _glossary(tmp_path: Path):
    path = tmp_path / GLOSSARY_FILE
    path.write_text(GLOSSARY, encoding="utf-8")
    return read_glossary(path)


def test_a_term_without_every_language_is_reported_at_its_line(tmp_path):
    glossary, problems = _glossary(tmp_path)
    assert [t.key for t in glossary.terms] == ["supervision"]
    assert [(p.line, p.severity) for p in problems] == [(14, "error")]
    assert "tk, ru" in str(problems[0].message)


def test_rejected_variants_are_found_in_translations_whatever_their_case(tmp_path):
    glossary, _problems = _glossary(tmp_path)
    lesson = tmp_path / "01-lesson.tk.md"
    found = rejected_terms(glossary, lesson, "Birinji setir.\nGözegçilik we goldaw.\n")
    assert [(p.line, p.severity) for p in found] == [(2, "warning")]
    assert "means control" in str(found[0].message)
    russian = tmp_path / "01-lesson.ru.md"
    assert len(rejected_terms(glossary, russian, "Это Прямая практика.")) == 1
    assert rejected_terms(glossary, russian, "gözegçilik") == []  # a Turkmen word in Russian


def test_a_rejected_word_inside_a_longer_word_or_in_english_text_is_not_flagged(tmp_path):
    glossary, _problems = _glossary(tmp_path)
    assert rejected_terms(glossary, tmp_path / "a.tk.md", "gözegçilikçiler") == []
    english = "Never translate supervision as gözegçilik."
    assert rejected_terms(glossary, tmp_path / "01-lesson.md", english) == []


def test_titles_in_front_matter_and_yaml_are_checked_by_language(tmp_path):
    glossary, _problems = _glossary(tmp_path)
    module = tmp_path / "module.md"
    text = "---\ntitle:\n  en: Supervision\n  tk: Gözegçilik\n---\n"
    assert [p.line for p in rejected_terms(glossary, module, text)] == [4]
    categories = tmp_path / "categories.yaml"
    inline = "title: {en: Direct, ru: Прямая практика, tk: Gönüden-göni}\n"
    assert len(rejected_terms(glossary, categories, inline)) == 1


def test_flat_keys_and_block_scalars_in_yaml_are_checked_by_language(tmp_path):
    glossary, _problems = _glossary(tmp_path)
    framework = tmp_path / "frameworks" / "TM-SW.yaml"
    text = (
        "  - code: PRO-1\n"
        "    title: Uses supervision\n"
        "    title_tk: Gözegçilik we öwrenmek\n"
        "    description: >-\n"
        "      Comes to supervision prepared.\n"
        "    description_tk: >-\n"
        "      Taýýarlanyp gelýär we\n"
        "      gözegçilik wagtynda açyk gürleýär.\n"
        "    domain: skills\n"
        "    description_ru: >-\n"
        "      Never gözegçilik here: Russian is checked for Russian variants only.\n"
    )
    assert [p.line for p in rejected_terms(glossary, framework, text)] == [3, 8]


def test_a_reviewed_use_can_be_allowed_on_its_line(tmp_path):
    glossary, _problems = _glossary(tmp_path)
    line = "**Gözegçilik däl.** <!-- glossary: here it means control --> Sosial işgärler"
    assert rejected_terms(glossary, tmp_path / "a.tk.md", line) == []


def test_content_check_reports_rejected_variants_but_not_in_the_glossary_itself(tmp_path):
    _glossary(tmp_path)
    (tmp_path / "notes.tk.md").write_text("Gözegçilik\n", encoding="utf-8")
    found = check_terminology(tmp_path)
    assert {(p.path.name, p.line) for p in found} == {("glossary.yaml", 14), ("notes.tk.md", 1)}


def test_the_programmes_glossary_is_complete_and_its_content_uses_it():
    glossary, problems = read_glossary(PROJECT_ROOT / "content" / GLOSSARY_FILE)
    assert problems == []
    assert len(glossary.terms) >= 40
    assert all(set(t.names) == {"en", "ru", "tk"} for t in glossary.terms)
    turkmen = " ".join(t.names["tk"] + " " + t.definitions["tk"] for t in glossary.terms)
    assert not set("cqvxCQVX") & set(turkmen.replace("BSGG", "").replace("IFSW", ""))
    found = [p for p in check_content(PROJECT_ROOT / "content") if "glossary" in str(p.message)]
    assert found == [], [p.format() for p in found]


def test_trainees_read_the_glossary_in_their_language_with_the_others_beside(client, factory):
    factory.user("aygul", "trainee", language="tk")
    login(client, "aygul")
    html = client.get("/learn/glossary").get_data(as_text=True)
    assert "Sosial iş adalgalarynyň sözlügi" in html
    assert "superwiziýa" in html and "супервизия" in html and "supervision" in html
    assert "garalama" in html  # the draft notice, until a reviewer approves the glossary
    assert html.index("adamlar bilen gönüden-göni iş") < html.index("ýagdaýy dolandyrmak")


def test_the_glossary_needs_a_login(client):
    response = client.get("/learn/glossary")
    assert response.status_code == 302 and "/login" in response.headers["Location"]

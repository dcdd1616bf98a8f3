"""The national annex: its loader and checks, pages in three languages, the working forms on
screen and as PDF, and the staff's list of statements awaiting the Ministry's confirmation."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pypdf
import pytest
from content_tree import write_content
from support import login

from lms.content_check import check_content
from lms.core.config import PROJECT_ROOT
from lms.courses.loader import load_catalogue

CONTENT = PROJECT_ROOT / "content"
TURKMEN_LETTERS = set("äçňöşüý")  # ž is rare; none of the form's words has it


def _annex_tree(tmp_path: Path) -> Path:
    """A small content tree with a copy of the real annex beside it."""
    root = write_content(tmp_path / "content")
    shutil.copytree(CONTENT / "national", root / "national")
    return root


def _problems(root: Path, name: str):
    return [p for p in check_content(root) if p.path.name == name]


def test_the_annex_loads_with_every_page_and_form_in_three_languages():
    result = load_catalogue(CONTENT)
    annex = result.catalogue.annex
    assert annex is not None
    assert [p.slug for p in annex.pages][:3] == [
        "social-services-law",
        "social-protection-code",
        "guardianship-and-placement",
    ]
    assert {v for page in annex.pages for v in page.versions} == {"en", "ru", "tk"}
    assert all(not page.versions["en"].draft and page.versions["tk"].draft for page in annex.pages)
    assert [f.slug for f in annex.forms] == [
        "intake",
        "needs-assessment",
        "referral-with-consent",
        "case-plan",
        "child-protection-urgent",
        "case-closure",
    ]
    assert not [p for p in result.problems if "national" in p.path.parts]


def test_the_committed_content_passes_the_strict_check():
    errors = [p for p in check_content(CONTENT, strict=True) if p.severity == "error"]
    assert errors == []


def test_a_missing_translation_of_an_annex_page_is_an_error(tmp_path):
    root = _annex_tree(tmp_path)
    (root / "national" / "04-violence-procedures.ru.md").unlink()
    found = _problems(root, "04-violence-procedures.md")
    assert [(p.line, p.severity) for p in found if "needs this page" in str(p.message)] == [
        (1, "error")
    ]


def test_a_dead_link_in_the_annex_is_reported_at_its_line(tmp_path):
    root = _annex_tree(tmp_path)
    page = root / "national" / "05-emergency-numbers-and-hotlines.md"
    lines = page.read_text(encoding="utf-8").splitlines()
    lines[6] += " See [the old page](99-gone.md)."
    page.write_text("\n".join(lines) + "\n", encoding="utf-8")
    found = [p for p in _problems(root, page.name) if "99-gone.md" in str(p.message)]
    assert [(p.line, p.severity) for p in found] == [(7, "error")]


def test_a_translation_that_drops_a_confirm_marker_is_an_error(tmp_path):
    root = _annex_tree(tmp_path)
    page = root / "national" / "02-social-protection-code.tk.md"
    text = page.read_text(encoding="utf-8")
    start = text.index("[confirm:")
    page.write_text(text[:start] + text[text.index("]", start) + 1 :], encoding="utf-8")
    found = _problems(root, page.name)
    assert any("same [confirm" in str(p.message) and p.severity == "error" for p in found)


def test_an_unclosed_marker_is_an_error_and_markers_are_counted_as_a_warning(tmp_path):
    root = _annex_tree(tmp_path)
    page = root / "national" / "06-institutions.md"
    lines = page.read_text(encoding="utf-8").splitlines()
    lines[10] = "- [confirm: the opening hours"
    page.write_text("\n".join(lines) + "\n", encoding="utf-8")
    found = _problems(root, page.name)
    assert (11, "error") in [(p.line, p.severity) for p in found]
    counted = [p for p in found if "to be confirmed by the Ministry" in str(p.message)]
    assert [(p.line, p.severity) for p in counted] == [(1, "warning")]


def test_a_form_label_missing_a_language_is_reported_at_its_line(tmp_path):
    root = _annex_tree(tmp_path)
    form = root / "national" / "forms" / "04-case-plan.yaml"
    lines = form.read_text(encoding="utf-8").splitlines()
    number = next(i for i, line in enumerate(lines) if "Date of the next review" in line)
    lines[number] = "      - {kind: date, en: Date of the next review, ru: Дата}"
    form.write_text("\n".join(lines) + "\n", encoding="utf-8")
    found = _problems(root, form.name)
    assert [(p.line, p.severity) for p in found if "needs a text in tk" in str(p.message)] == [
        (number + 1, "error")
    ]
    assert load_catalogue(root).catalogue.annex.form("case-plan") is None


def test_an_unknown_field_kind_is_an_error(tmp_path):
    root = _annex_tree(tmp_path)
    form = root / "national" / "forms" / "01-intake.yaml"
    form.write_text(form.read_text(encoding="utf-8").replace("kind: check", "kind: tick", 1))
    assert any("“kind” must be one of" in str(p.message) for p in _problems(root, form.name))


@pytest.mark.parametrize(
    ("language", "title", "phrase"),
    [
        ("en", "Guardianship and placement of children", "Article 105"),
        ("ru", "Опека и устройство детей", "статья 105"),
        ("tk", "Çagalaryň hossarlygy we ýerleşdirilmegi", "105-nji madda"),
    ],
)
def test_an_annex_page_in_each_language(client, factory, language, title, phrase):
    factory.user("aygul", "trainee", language=language)
    login(client, "aygul")
    html = client.get("/learn/national/guardianship-and-placement").get_data(as_text=True)
    assert title in html and phrase in html
    assert '<mark class="confirm">[confirm: ' in html
    assert f'lang="{language}"' in html


def test_the_annex_index_lists_pages_and_forms_and_the_menu_links_it(client, factory):
    factory.user("aygul", "trainee", language="tk")
    login(client, "aygul")
    html = client.get("/learn/national/").get_data(as_text=True)
    assert "Ilkinji ýüzlenmäni hasaba almak" in html  # the intake form, in Turkmen
    assert 'href="/learn/national/emergency-numbers-and-hotlines"' in html
    assert "/learn/national/to-confirm" not in html  # the staff's page is not offered
    assert 'href="/learn/national/"' in client.get("/").get_data(as_text=True)


def test_unknown_annex_page_and_form_are_404(client, factory):
    factory.user("aygul", "trainee")
    login(client, "aygul")
    assert client.get("/learn/national/nothing-here").status_code == 404
    assert client.get("/learn/national/forms/nothing-here").status_code == 404
    assert client.get("/learn/national/forms/nothing-here.pdf").status_code == 404


def test_a_form_on_screen_offers_its_pdf_in_each_language(client, factory):
    factory.user("aygul", "trainee", language="ru")
    login(client, "aygul")
    html = client.get("/learn/national/forms/referral-with-consent").get_data(as_text=True)
    assert "Направление с согласием" in html and "Информированное согласие" in html
    for code in ("tk", "ru", "en"):
        assert f"/learn/national/forms/referral-with-consent.pdf?lang={code}" in html


def _pdf_text(body: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(body))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_a_form_pdf_in_turkmen_keeps_its_letters(client, factory):
    factory.user("aygul", "trainee")
    login(client, "aygul")
    response = client.get("/learn/national/forms/child-protection-urgent.pdf?lang=tk")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = _pdf_text(response.data)
    assert "howpsuzlyk meýilnamasy" in text
    assert set(text.lower()) >= TURKMEN_LETTERS
    assert "[confirm:" in text


def test_a_form_pdf_in_russian_and_english(client, factory):
    factory.user("aygul", "trainee")
    login(client, "aygul")
    russian = _pdf_text(client.get("/learn/national/forms/intake.pdf?lang=ru").data)
    assert "Первичная регистрация обращения" in russian and "Код клиента" in russian
    english = _pdf_text(client.get("/learn/national/forms/case-closure.pdf?lang=en").data)
    assert "Case closure" in english and "Never change or backdate a note" in english


def test_a_form_pdf_in_an_unknown_language_is_refused(client, factory):
    factory.user("aygul", "trainee")
    login(client, "aygul")
    assert client.get("/learn/national/forms/intake.pdf?lang=xx").status_code == 400


@pytest.mark.parametrize(("role", "status"), [("admin", 200), ("trainer", 200), ("trainee", 403)])
def test_the_list_of_statements_to_confirm_is_for_staff(client, factory, role, status):
    factory.user("someone", role)
    login(client, "someone")
    response = client.get("/learn/national/to-confirm")
    assert response.status_code == status
    if status == 200:
        html = response.get_data(as_text=True)
        assert "national/05-emergency-numbers-and-hotlines.md" in html
        assert "national/forms/06-case-closure.yaml" in html
        assert "fire service number" in html

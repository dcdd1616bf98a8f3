"""The state of every translated text (issue 18): quizzes and the framework in a small content
tree, the checker's findings at their lines, the staff page and its CSV on the real content."""

from __future__ import annotations

import csv
import hashlib
import io

import pytest
from click.testing import CliRunner
from content_tree import use_content, write_content
from support import login

from lms.cli import cli
from lms.content_check import check_content, mark_drafts
from lms.core.extensions import db
from lms.courses.coverage import APPROVED, DRAFT, MISSING, STALE
from lms.courses.frontmatter import Problem
from lms.courses.loader import load_catalogue
from lms.quizzes.header import read_header, source_hash
from lms.translation_status.state import categories_row, framework_rows, quiz_cell

TURKMEN_QUIZ = "// [id:T-INT-01]\n::Q1::Diňlemek möhümmi?{TRUE}\n"


def _quiz(root):
    return root / "basics" / "01-intro" / "quiz.gift"


def _translate_quiz(root, language: str, header: str) -> None:
    path = _quiz(root).with_name(f"quiz.{language}.gift")
    path.write_text(header + TURKMEN_QUIZ, encoding="utf-8")


def _current(root) -> str:
    return hashlib.sha256(_quiz(root).read_bytes()).hexdigest()[:12]


def _problems(root, name: str) -> list[Problem]:
    return [p for p in check_content(root) if p.path.name == name]


def test_a_quiz_translation_is_missing_draft_approved_or_out_of_date(tmp_path):
    root = write_content(tmp_path / "content")
    quiz = _quiz(root)
    assert quiz_cell(quiz, "tk") == quiz_cell(quiz, "tk").__class__(MISSING, 0, 1)
    _translate_quiz(root, "tk", f"// translation: draft\n// source_hash: {_current(root)}\n\n")
    cell = quiz_cell(quiz, "tk")
    assert (cell.state, cell.translated, cell.total) == (DRAFT, 1, 1)
    approved = "// translation: approved\n// approved_by: Jeren A.\n// approved_on: 2026-12-20\n"
    _translate_quiz(root, "ru", approved + f"// source_hash: {_current(root)}\n")
    cell = quiz_cell(quiz, "ru")
    assert (cell.state, cell.reviewer, cell.date) == (APPROVED, "Jeren A.", "2026-12-20")
    quiz.write_text(quiz.read_text() + "\n// [id:T-INT-09]\n::Q9::New?{FALSE}\n")
    assert quiz_cell(quiz, "ru").state == STALE
    assert (quiz_cell(quiz, "tk").state, quiz_cell(quiz, "tk").total) == (STALE, 2)
    assert {(p.severity, p.line) for p in _problems(root, "quiz.ru.gift")} == {("warning", 4)}


def test_a_quiz_translation_without_a_header_is_a_draft_with_a_warning(tmp_path):
    root = write_content(tmp_path / "content")
    _translate_quiz(root, "tk", "")
    assert quiz_cell(_quiz(root), "tk").state == DRAFT
    [found] = _problems(root, "quiz.tk.gift")
    assert found.severity == "warning" and "mark-drafts" in str(found.message)


@pytest.mark.parametrize(
    ("header", "line", "words"),
    [
        ("// translation: approved\n// source_hash: {h}\n", 1, "reviewer"),
        ("// translation: final\n", 1, "draft or approved"),
        (
            "// x\n// translation: approved\n// approved_by: A\n// approved_on: 2026-02-30\n",
            4,
            "2026-02-30",
        ),
        ("// translation: draft\n// source_hash: xyz\n", 2, "hexadecimal"),
    ],
)
def test_a_bad_quiz_header_is_an_error_at_its_line(tmp_path, header, line, words):
    root = write_content(tmp_path / "content")
    _translate_quiz(root, "tk", header.format(h=_current(root)))
    errors = [p for p in _problems(root, "quiz.tk.gift") if p.severity == "error"]
    assert [p.line for p in errors] == [line]
    assert words in str(errors[0].message)
    assert quiz_cell(_quiz(root), "tk").state == DRAFT


def test_mark_drafts_adds_a_header_once_and_keeps_the_questions(tmp_path):
    root = write_content(tmp_path / "content")
    _translate_quiz(root, "tk", "")
    path = _quiz(root).with_name("quiz.tk.gift")
    assert mark_drafts(root) == ([path], [])
    text = path.read_text(encoding="utf-8")
    assert text.endswith(TURKMEN_QUIZ)
    header = read_header(text)
    assert header.present and not header.review.approved
    assert header.source_hash == source_hash(_quiz(root).read_bytes())
    assert mark_drafts(root) == ([], [])
    assert path.read_text(encoding="utf-8") == text
    assert _problems(root, "quiz.tk.gift") == []


def test_mark_drafts_leaves_an_unreadable_file_alone_and_says_which(tmp_path):
    root = write_content(tmp_path / "content")
    path = _quiz(root).with_name("quiz.ru.gift")
    path.write_bytes(b"// [id:T-INT-01]\n::Q1::\xff{TRUE}\n")
    runner = CliRunner()
    result = runner.invoke(cli, ["content", "mark-drafts", str(root)])
    assert result.exit_code != 0
    assert "quiz.ru.gift:1: the quiz file is not UTF-8 text" in result.output
    assert "Traceback" not in result.output
    assert path.read_bytes() == b"// [id:T-INT-01]\n::Q1::\xff{TRUE}\n"


def test_the_framework_is_missing_draft_or_approved_per_language(tmp_path):
    root = write_content(tmp_path / "content")
    path = root / "frameworks" / "T-FW.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "  - {code: ETH, title: Ethics,",
        "  - {code: ETH, title: Ethics, title_ru: Этика, description_ru: Область.,",
    )
    review = (
        "translation:\n  ru: {status: approved, reviewer: Jeren A., date: 2026-12-20}\n"
        "  tk: draft\n"
    )
    path.write_text(review + text, encoding="utf-8")
    result = load_catalogue(root)
    assert not [p for p in result.problems if p.severity == "error"]
    [framework] = result.catalogue.frameworks
    titles, descriptions, levels = framework_rows(framework, "en", root)
    ru = titles.cells["ru"]
    assert (ru.state, ru.translated, ru.total, ru.reviewer) == (APPROVED, 1, 4, "Jeren A.")
    assert (titles.cells["tk"].state, descriptions.cells["ru"].translated) == (MISSING, 1)
    assert (levels.cells["ru"].state, levels.cells["ru"].total) == (APPROVED, 0)
    assert titles.needs_work  # ru incomplete, tk missing


@pytest.mark.parametrize(
    ("setting", "words"),
    [
        ("translation: {ru: approved}", "reviewer"),
        ("translation: {ru: {status: approved, reviewer: A, date: 2026-13-01}}", "2026-13-01"),
        ("translation: {de: draft}", "“de”"),
        ("translation: [ru]", "map each language"),
    ],
)
def test_a_bad_framework_translation_setting_is_an_error_at_its_line(tmp_path, setting, words):
    root = write_content(tmp_path / "content")
    path = root / "frameworks" / "T-FW.yaml"
    path.write_text(path.read_text(encoding="utf-8") + setting + "\n", encoding="utf-8")
    errors = [p for p in check_content(root) if p.severity == "error"]
    assert [(p.path.name, p.line) for p in errors] == [("T-FW.yaml", 10)]
    assert words in str(errors[0].message)


def test_the_staff_page_shows_every_kind_with_counts_for_the_real_content(client, factory):
    factory.user("staff", "trainer")
    login(client, "staff")
    page = client.get("/learn/translations").get_data(as_text=True)
    for heading in ("Quizzes", "Competency framework", "Practice log", "Glossary", "Interface"):
        assert f">{heading}</h2>" in page
    assert "National annex: pages and forms" in page
    assert "foundational/01-what-is-social-work/quiz.gift" in page
    assert "draft, awaiting review" in page and " translated</small>" in page
    only = client.get("/learn/translations?needs_work=1").get_data(as_text=True)
    assert 'name="needs_work" value="1" checked' in only


def test_the_csv_lists_every_text_in_both_languages(client, factory, app):
    factory.user("staff", "admin")
    login(client, "staff")
    response = client.get("/learn/translations.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig"))))
    assert rows[0][:5] == ["kind", "item", "file", "language", "state"]
    kinds = {row[0] for row in rows[1:]}
    assert {"Lesson", "Quizzes", "Competency framework", "Glossary", "Interface"} <= kinds
    quiz = [r for r in rows if r[2] == "foundational/01-what-is-social-work/quiz.gift"]
    assert sorted(r[3] for r in quiz) == ["ru", "tk"]
    assert all(r[4] in {"draft", "approved", "stale", "missing"} for r in rows[1:])


def test_a_quiz_served_in_a_draft_translation_says_so(app, client, factory, tmp_path):
    root = write_content(tmp_path / "content")
    # A programme code that cohorts accept (the test tree's own is "basics").
    (root / "basics").rename(root / "foundational")
    programme_file = root / "foundational" / "programme.md"
    programme_file.write_text(
        programme_file.read_text().replace("code: basics", "code: foundational"), encoding="utf-8"
    )
    quiz = root / "foundational" / "01-intro" / "quiz.gift"
    digest = source_hash(quiz.read_bytes())
    quiz.with_name("quiz.tk.gift").write_text(
        f"// translation: draft\n// source_hash: {digest}\n\n{TURKMEN_QUIZ}", encoding="utf-8"
    )
    restore = use_content(app, root)
    try:
        aygul = factory.user("aygul", "trainee", language="tk")
        olga = factory.user("olga", "trainee", language="ru")
        factory.cohort("C-1", programme="foundational", trainees=[aygul, olga])
        login(client, "aygul")
        page = client.get("/learn/foundational/intro/quiz").get_data(as_text=True)
        assert DRAFT_NOTICE["tk"] in page
        other = app.test_client()
        login(other, "olga")  # no Russian quiz: served in English, no draft notice
        page = other.get("/learn/foundational/intro/quiz").get_data(as_text=True)
        assert DRAFT_NOTICE["ru"] not in page
    finally:
        restore()


DRAFT_NOTICE = {
    "tk": "Terjimäniň garalamasy, ene dilinde",
    "ru": "Черновик перевода, ожидает",
}


def test_the_framework_page_marks_a_draft_translation(app, client, factory):
    from lms.competencies.programme_frameworks import sync_programme_frameworks

    with app.app_context():
        sync_programme_frameworks()
        db.session.commit()
    factory.user("nurana", "trainer", language="ru")
    factory.user("james", "trainer", language="en")
    login(client, "nurana")  # the real framework: Russian and Turkmen are drafts
    page = client.get("/competencies/frameworks/TM-SW").get_data(as_text=True)
    assert DRAFT_NOTICE["ru"] in page
    english = app.test_client()
    login(english, "james")
    page = english.get("/competencies/frameworks/TM-SW").get_data(as_text=True)
    assert "Draft translation" not in page and "Turkmenistan Social Work" in page


def test_practice_categories_have_a_checked_translation_state(tmp_path):
    from lms.practice.categories import category_reviews, read_categories

    path = tmp_path / "categories.yaml"
    path.write_text(
        "translation: {ru: {status: approved, reviewer: Jeren A., date: 2026-12-20}, tk: final}\n"
        "categories:\n"
        "  - {code: home-visit, kind: direct, title: {en: Home visit, ru: Визит}}\n",
        encoding="utf-8",
    )
    categories, problems = read_categories(path)
    errors = [p for p in problems if p.severity == "error"]
    assert [p.line for p in errors] == [1]
    assert "tk: the translation status must be draft or approved" in str(errors[0].message)
    reviews = category_reviews(path)
    assert (reviews["ru"].approved, reviews["ru"].reviewer, reviews["tk"].approved) == (
        True,
        "Jeren A.",
        False,
    )
    row = categories_row(categories, path, tmp_path)
    assert (row.cells["ru"].state, row.cells["ru"].translated) == (APPROVED, 1)
    assert row.cells["tk"].state == MISSING

"""lms content check: the real content passes; each planted fault is found with its line."""

import pytest
from click.testing import CliRunner
from content_tree import write_content

from lms.cli import cli
from lms.content_check import check_content
from lms.core.config import PROJECT_ROOT


def _errors(root):
    return [p.format(root) for p in check_content(root) if p.severity == "error"]


@pytest.fixture
def tree(tmp_path):
    return write_content(tmp_path / "content")


def test_the_real_content_has_no_errors():
    assert _errors(PROJECT_ROOT / "content") == []


def test_the_real_quizzes_pass_the_strict_item_writing_lint():
    found = check_content(PROJECT_ROOT / "content", strict=True)
    assert [p.format() for p in found if p.severity == "error"] == []


def test_the_real_content_meets_the_size_rules():
    from lms.courses.loader import load_catalogue
    from lms.quizzes.gift import parse_gift

    catalogue = load_catalogue(PROJECT_ROOT / "content").catalogue
    minimum = {"foundational": 8, "advanced": 6, "tot": 5}
    for programme in catalogue.programmes:
        assert len(programme.modules) >= minimum[programme.code]
        for module in programme.modules:
            words = sum(len(lesson.english.source.split()) for lesson in module.lessons)
            assert len(module.lessons) >= 2 and words >= 600, module.path
            questions = parse_gift(module.quiz_path.read_text(encoding="utf-8"))
            assert len(questions) >= 8, module.quiz_path


def test_first_foundational_module_is_translated_into_russian_and_turkmen():
    from lms.courses.loader import load_catalogue

    catalogue = load_catalogue(PROJECT_ROOT / "content").catalogue
    first = catalogue.programme("foundational").modules[0]
    for lesson in first.lessons:
        assert {"ru", "tk"} <= set(lesson.versions), lesson.slug
        assert lesson.versions["tk"].draft and lesson.versions["ru"].draft
    for programme in catalogue.programmes:
        assert programme.titles.ru and programme.titles.tk
        for module in programme.modules:
            assert module.titles.ru and module.titles.tk, module.path


def test_a_sound_tree_passes(tree):
    assert _errors(tree) == []


def test_broken_yaml_is_reported_with_its_line(tree):
    lesson = tree / "basics" / "01-intro" / "01-hello.md"
    lesson.write_text("---\ntitle: Hello\nminutes: [oops\n---\nBody\n", encoding="utf-8")
    (message,) = [e for e in _errors(tree) if e.startswith("content/basics/01-intro/01-hello.md")]
    assert message.startswith(
        "content/basics/01-intro/01-hello.md:3: front matter is not valid YAML"
    )


def test_a_module_without_lessons_is_an_error(tree):
    for path in (tree / "basics" / "02-listening").glob("0*.md"):
        path.unlink()
    assert any("02-listening/module.md:1: the module has no lessons" in e for e in _errors(tree))


def test_duplicate_slugs_are_errors(tree):
    (tree / "basics" / "03-intro").mkdir()
    (tree / "basics" / "01-intro" / "03-hello.md").write_text("---\ntitle: X\n---\nx\n")
    errors = _errors(tree)
    assert any("03-intro:1: duplicate module slug “intro”" in e for e in errors)
    assert any("03-hello.md:1: duplicate lesson slug “hello”" in e for e in errors)


def test_a_dead_link_is_reported_at_its_line(tree):
    lesson = tree / "basics" / "01-intro" / "02-more.md"
    lesson.write_text(
        "---\ntitle: More\n---\n# More\n\nFirst line.\nSee [gone](../09-nothing/01-x.md).\n"
    )
    assert (
        "content/basics/01-intro/02-more.md:7: dead or unsafe link “../09-nothing/01-x.md”"
        in " ".join(_errors(tree))
    )


def test_links_out_of_the_content_folder_are_dead(tree):
    lesson = tree / "basics" / "01-intro" / "02-more.md"
    lesson.write_text("---\ntitle: More\n---\n[x](../../../etc/passwd) [y](javascript:alert(1))\n")
    errors = [e for e in _errors(tree) if "02-more.md" in e]
    assert len(errors) == 2


def test_a_5_mb_lesson_is_rejected(tree):
    lesson = tree / "basics" / "01-intro" / "02-more.md"
    lesson.write_text("---\ntitle: Big\n---\n" + "word " * 1_000_000, encoding="utf-8")
    assert any("02-more.md:1: the file is" in e and "limit" in e for e in _errors(tree))


def test_unknown_competency_codes_are_errors_in_modules_and_quizzes(tree):
    module = tree / "basics" / "01-intro" / "module.md"
    module.write_text(module.read_text().replace("[ETH-1]", "[ETH-1, XYZ-9]"))
    quiz = tree / "basics" / "02-listening" / "quiz.gift"
    quiz.write_text(quiz.read_text().replace("competency:ETH-1", "competency:NOPE-1"))
    errors = _errors(tree)
    assert any("01-intro/module.md:1: unknown competency code “XYZ-9”" in e for e in errors)
    assert any("02-listening/quiz.gift:3: unknown competency code “NOPE-1”" in e for e in errors)


def test_gift_syntax_errors_carry_their_line(tree):
    quiz = tree / "basics" / "01-intro" / "quiz.gift"
    quiz.write_text(
        quiz.read_text() + "\n// [id:T-INT-02]\n// [tag:competency:ETH-1]\n::Q2::Broken {=a ~b\n"
    )
    assert any("01-intro/quiz.gift:7:" in e for e in _errors(tree))


def test_questions_need_an_id_and_a_competency_tag(tree):
    quiz = tree / "basics" / "01-intro" / "quiz.gift"
    quiz.write_text("::Q::No id or tag{TRUE}\n")
    errors = " ".join(_errors(tree))
    assert "has no // [id:...] line" in errors and "has no // [tag:competency:CODE] line" in errors


def test_missing_translations_are_warnings_not_errors(tree):
    warnings = [p for p in check_content(tree) if p.severity == "warning"]
    assert any("no ru translation yet" in p.message for p in warnings)
    assert _errors(tree) == []


def test_cli_exit_codes_and_summary(tree):
    runner = CliRunner()
    ok = runner.invoke(cli, ["content", "check", str(tree)])
    assert ok.exit_code == 0, ok.output
    assert "0 error(s)" in ok.output
    (tree / "basics" / "programme.md").write_text("---\ntitle: [\n---\n")
    bad = runner.invoke(cli, ["content", "check", str(tree)])
    assert bad.exit_code == 1
    assert "programme.md:2: front matter is not valid YAML" in bad.output
    assert "Traceback" not in bad.output

"""The activity categories file: the real one is sound; a bad one is reported as path:line."""

import pytest
from click.testing import CliRunner
from content_tree import write_content

from lms.cli import cli
from lms.content_check import check_content
from lms.core.config import PROJECT_ROOT
from lms.practice.categories import (
    CategoryFileError,
    check_categories,
    load_categories,
)

REAL = PROJECT_ROOT / "content" / "practice" / "categories.yaml"
GOOD = """categories:
  - code: home-visit
    kind: direct
    title: {en: Home visit, ru: Посещение на дому, tk: Öýe baryp görmek}
    competencies: [ETH-1]
  - code: travel
    kind: travel
    title: {en: Travel, ru: Дорога, tk: Ýol}
"""


def test_the_real_categories_cover_every_kind_and_name_known_competencies():
    categories = load_categories(REAL).categories
    assert {c.kind for c in categories} == {"direct", "indirect", "supervision", "travel"}
    assert {"needs-assessment", "home-visit", "documentation", "supervision-group"} <= {
        c.code for c in categories
    }
    assert all(c.titles.ru and c.titles.tk for c in categories)
    assert check_categories(PROJECT_ROOT / "content") == []


@pytest.fixture
def tree(tmp_path):
    root = write_content(tmp_path / "content")
    (root / "practice").mkdir()
    (root / "practice" / "categories.yaml").write_text(GOOD, encoding="utf-8")
    return root


def _errors(root):
    return [p.format(root) for p in check_content(root) if p.severity == "error"]


def test_a_sound_categories_file_passes_the_content_check(tree):
    assert _errors(tree) == []


@pytest.mark.parametrize(
    ("replace", "by", "expected"),
    [
        ("kind: travel", "kind: leisure", "categories.yaml:6: travel: “kind” must be one of"),
        ("code: travel", "code: Travel Time", "categories.yaml:6: “code” must be lower-case"),
        ("code: travel", "code: home-visit", "categories.yaml:6: duplicate category code"),
        ("[ETH-1]", "[ETH-9]", "categories.yaml:2: home-visit: unknown competency code “ETH-9”"),
        ("title: {en: Travel, ru: Дорога, tk: Ýol}", "title: Travel", "categories.yaml:6: a "),
        ("categories:", "categories: [", "categories.yaml:2: not valid YAML"),
    ],
)
def test_bad_categories_are_reported_with_their_line(tree, replace, by, expected):
    path = tree / "practice" / "categories.yaml"
    path.write_text(GOOD.replace(replace, by, 1), encoding="utf-8")
    errors = _errors(tree)
    assert any(expected in e for e in errors), errors
    if "unknown competency" not in expected:  # codes are checked against the frameworks here
        with pytest.raises(CategoryFileError):
            load_categories(path)


def test_a_missing_translation_is_a_warning(tree):
    path = tree / "practice" / "categories.yaml"
    path.write_text(GOOD.replace(", tk: Ýol", ""), encoding="utf-8")
    assert _errors(tree) == []
    warnings = [p for p in check_content(tree) if p.severity == "warning"]
    assert any("no tk title" in p.message for p in warnings)


def test_content_check_command_fails_on_a_bad_categories_file(tree):
    (tree / "practice" / "categories.yaml").write_text("categories: []\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["content", "check", str(tree)])
    assert result.exit_code == 1
    assert (
        "practice/categories.yaml:1: the file needs a non-empty “categories:” list" in result.output
    )
    assert "Traceback" not in result.output


def test_a_practice_folder_without_the_file_is_an_error(tree):
    (tree / "practice" / "categories.yaml").unlink()
    assert any("needs a categories.yaml" in e for e in _errors(tree))

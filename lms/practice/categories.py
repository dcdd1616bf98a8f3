"""The configurable activity categories of the practice log (``content/practice/categories.yaml``).

Each category has a stable code, a kind (direct, indirect, supervision, travel), titles in the
three languages and the competency codes it typically practises. The file is read here, not by
the curricula loader; a bad file is reported as ``path:line: message``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml
from flask import current_app
from flask_babel import gettext as _

from lms.courses.catalogue import LANGUAGES, Titles
from lms.courses.frameworks import load_frameworks
from lms.courses.frontmatter import Problem
from lms.courses.review import Review, TextDates, reviews_of
from lms.practice.models import KINDS

PRACTICE_FOLDER = "practice"
CATEGORIES_FILE = "categories.yaml"
CODE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_EXTENSION_KEY = "lms.practice.categories"


class CategoryFileError(ValueError):
    """The categories file cannot be used; ``problems`` say where and why."""

    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(p.format() for p in problems))
        self.problems = problems


@dataclass(frozen=True)
class Category:
    code: str
    kind: str
    titles: Titles
    competencies: tuple[str, ...]
    line: int


@dataclass(frozen=True)
class CategorySet:
    categories: tuple[Category, ...]

    def get(self, code: str) -> Category | None:
        return next((c for c in self.categories if c.code == code), None)

    def title(self, code: str, language: str) -> str:
        """The category's title, or its code when the file no longer lists it."""
        category = self.get(code)
        return category.titles.get(language) if category else code


class _LineLoader(TextDates):
    """A YAML loader that remembers the line of every mapping (as ``__line__``)."""

    def construct_mapping(self, node, deep=False):
        mapping = super().construct_mapping(node, deep=deep)
        mapping["__line__"] = node.start_mark.line + 1
        return mapping


def _titles(entry: dict, path: Path, line: int, problems: list[Problem]) -> Titles:
    title = entry.get("title")
    if not isinstance(title, dict) or not isinstance(title.get("en"), str) or not title["en"]:
        problems.append(Problem(path, line, _("a category needs “title” with at least “en”")))
        return Titles(en=str(entry.get("code", "")))
    for language in LANGUAGES:
        if not isinstance(title.get(language), str) or not title[language].strip():
            problems.append(
                Problem(
                    path,
                    line,
                    _("no %(language)s title for this category", language=language),
                    "warning",
                )
            )
    return Titles.of(title)


def _competencies(entry: dict, path: Path, line: int, problems: list[Problem]) -> tuple[str, ...]:
    codes = entry.get("competencies", [])
    if not isinstance(codes, list) or not all(isinstance(c, str) for c in codes):
        problems.append(Problem(path, line, _("“competencies” must be a list of competency codes")))
        return ()
    return tuple(codes)


def _category(entry: object, path: Path, seen: set[str], problems: list[Problem]):
    if not isinstance(entry, dict):
        problems.append(
            Problem(path, 1, _("each category must be a mapping with “code” and “kind”"))
        )
        return None
    line = entry.pop("__line__", 1)
    code = entry.get("code")
    if not isinstance(code, str) or not CODE.fullmatch(code):
        problems.append(
            Problem(path, line, _("“code” must be lower-case letters, digits and hyphens"))
        )
        return None
    if code in seen:
        problems.append(Problem(path, line, _("duplicate category code “%(code)s”", code=code)))
    seen.add(code)
    kind = entry.get("kind")
    if kind not in KINDS:
        kinds = ", ".join(KINDS)
        problems.append(
            Problem(
                path, line, _("%(code)s: “kind” must be one of %(kinds)s", code=code, kinds=kinds)
            )
        )
        return None
    titles = _titles(entry, path, line, problems)
    return Category(code, kind, titles, _competencies(entry, path, line, problems), line)


def read_categories(path: Path) -> tuple[tuple[Category, ...], list[Problem]]:
    """The categories in the file, and every problem found (errors and warnings)."""
    problems: list[Problem] = []
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
    except (OSError, UnicodeDecodeError) as exc:
        return (), [Problem(path, 1, _("cannot read the categories file: %(error)s", error=exc))]
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        return (), [Problem(path, mark.line + 1 if mark else 1, _("not valid YAML"))]
    entries = data.get("categories") if isinstance(data, dict) else None
    if not isinstance(entries, list) or not entries:
        return (), [Problem(path, 1, _("the file needs a non-empty “categories:” list"))]
    seen: set[str] = set()
    found = [c for e in entries if (c := _category(e, path, seen, problems)) is not None]
    problems.extend(_reviews(data, path)[1])
    return tuple(found), problems


def _reviews(data: dict, path: Path) -> tuple[dict[str, Review], list[Problem]]:
    """``translation: {ru: draft, tk: {status: approved, reviewer: NAME, date: YYYY-MM-DD}}``:
    whether a reviewer approved the Russian and Turkmen titles (drafts when absent)."""
    value = data.get("translation")
    line = value.pop("__line__", 1) if isinstance(value, dict) else 1
    if isinstance(value, dict):
        value = {k: _plain(v) for k, v in value.items()}
    reviews, found = reviews_of(value)
    return reviews, [Problem(path, line, message) for message in found]


def _plain(value):
    """A mapping read by _LineLoader without its ``__line__``."""
    return {k: v for k, v in value.items() if k != "__line__"} if isinstance(value, dict) else value


def category_reviews(path: Path) -> dict[str, Review]:
    """The review state of the categories file's translations (drafts when unreadable)."""
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        data = None
    return _reviews(data if isinstance(data, dict) else {}, path)[0]


def check_categories(content_root: Path) -> list[Problem]:
    """Problems of ``<content>/practice/categories.yaml`` for ``lms content check``."""
    folder = content_root / PRACTICE_FOLDER
    if not folder.is_dir():
        return []
    path = folder / CATEGORIES_FILE
    if not path.is_file():
        return [Problem(folder, 1, _("the practice folder needs a %(file)s", file=CATEGORIES_FILE))]
    categories, problems = read_categories(path)
    frameworks = load_frameworks(content_root / "frameworks", [])
    known = {c.code for f in frameworks for c in f.competencies}
    for category in categories:
        problems.extend(
            Problem(
                path,
                category.line,
                _(
                    "%(category)s: unknown competency code “%(code)s”",
                    category=category.code,
                    code=code,
                ),
            )
            for code in category.competencies
            if code not in known
        )
    return problems


def is_practice_folder(problem: Problem, content_root: Path) -> bool:
    """The curricula loader's complaint that ``practice/`` has no programme.md (it is not one)."""
    return problem.path == content_root / PRACTICE_FOLDER


def load_categories(path: Path) -> CategorySet:
    """The categories of a file, or CategoryFileError listing its errors."""
    categories, problems = read_categories(path)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise CategoryFileError(errors)
    return CategorySet(categories)


def categories() -> CategorySet:
    """The current app's categories, read once per process (like the catalogue)."""
    state = current_app.extensions.get(_EXTENSION_KEY)
    if state is None:
        path = Path(current_app.config["CONTENT_DIR"]) / PRACTICE_FOLDER / CATEGORIES_FILE
        state = load_categories(path)
        current_app.extensions[_EXTENSION_KEY] = state
    return state

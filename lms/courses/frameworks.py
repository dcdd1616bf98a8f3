"""Competency frameworks as content (``content/frameworks/<code>.yaml``).

The courses package reads them only as far as the checker and the pages need (codes, titles,
tree); the competencies package imports them into the database.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from flask_babel import lazy_gettext as _l

from lms.courses.catalogue import Competency, Framework, Level, Titles
from lms.courses.frontmatter import Problem
from lms.courses.review import TextDates, reviews_of
from lms.i18n.languages import SOURCE_LANGUAGE, TRANSLATED_LANGUAGES

DOMAINS = ("knowledge", "skills", "values")
# The rating scale supervisors use in field evaluations (lms.practice RATINGS): 5 down to 1.
RATING_SCALE = (5, 4, 3, 2, 1)


def _titles(entry: dict, key: str = "title") -> Titles:
    value = entry.get(key)
    if isinstance(value, dict):
        return Titles.of(value)
    # The flat form: "title" in English, "title_ru", "title_tk" beside it.
    translated = {code: entry.get(f"{key}_{code}") for code in TRANSLATED_LANGUAGES}
    return Titles.of({SOURCE_LANGUAGE: value or "", **translated})


def _line_of(lines: list[str], code: str) -> int:
    for number, line in enumerate(lines, start=1):
        if f"code: {code}" in line:
            return number
    return 1


def _competency(entry, path: Path, lines: list[str], problems: list[Problem]) -> Competency | None:
    if not isinstance(entry, dict) or not entry.get("code"):
        problems.append(Problem(path, 1, _l("each competency needs a “code”")))
        return None
    code = str(entry["code"])
    line = _line_of(lines, code)
    domain = entry.get("domain")
    if domain not in DOMAINS:
        problems.append(
            Problem(
                path,
                line,
                _l(
                    "%(code)s: “domain” must be one of %(domains)s",
                    code=code,
                    domains=", ".join(DOMAINS),
                ),
            )
        )
    if not entry.get("title"):
        problems.append(
            Problem(path, line, _l("%(code)s: a competency needs a “title”", code=code))
        )
    related = entry.get("related") or []
    return Competency(
        code=code,
        titles=_titles(entry),
        domain=str(domain),
        parent=entry.get("parent"),
        description=str(entry.get("description", "")),
        related=tuple(str(r) for r in related),
        descriptions=_titles(entry, "description"),
    )


def _line_of_key(lines: list[str], key: str) -> int:
    for number, line in enumerate(lines, start=1):
        if line.startswith(f"{key}:"):
            return number
    return 1


def _levels(data: dict, path: Path, lines: list[str], problems: list[Problem]) -> tuple[Level, ...]:
    """The rating scale's level descriptors: one entry per rating of ``RATING_SCALE``, each
    with a label and a descriptor (English required, Russian and Turkmen beside it)."""
    entries = data.get("levels")
    if entries is None:
        return ()
    line = _line_of_key(lines, "levels")
    if not isinstance(entries, list):
        problems.append(Problem(path, line, _l("“levels” must be a list of ratings")))
        return ()
    levels: list[Level] = []
    for entry in entries:
        entry = entry if isinstance(entry, dict) else {}
        rating, label, descriptor = entry.get("rating"), entry.get("label"), entry.get("descriptor")
        if (
            not isinstance(rating, int)
            or isinstance(rating, bool)
            or rating not in RATING_SCALE
            or not isinstance(label, dict)
            or not isinstance(descriptor, dict)
            or not label.get("en")
            or not descriptor.get("en")
        ):
            problems.append(
                Problem(
                    path,
                    line,
                    _l(
                        "each level needs a “rating” (one of %(ratings)s), a “label” and a "
                        "“descriptor”, each at least in English",
                        ratings=", ".join(str(r) for r in RATING_SCALE),
                    ),
                )
            )
            continue
        levels.append(Level(rating, Titles.of(label), Titles.of(descriptor)))
    ratings = sorted((level.rating for level in levels), reverse=True)
    if levels and len(levels) == len(entries) and ratings != list(RATING_SCALE):
        problems.append(
            Problem(
                path,
                line,
                _l(
                    "“levels” must describe each rating %(ratings)s exactly once",
                    ratings=", ".join(str(r) for r in RATING_SCALE),
                ),
            )
        )
    return tuple(sorted(levels, key=lambda level: -level.rating))


def _reviews(data: dict, path: Path, lines: list[str], problems: list[Problem]):
    """``translation: {ru: draft, tk: {status: approved, reviewer: NAME, date: YYYY-MM-DD}}``."""
    reviews, found = reviews_of(data.get("translation"))
    line = _line_of_key(lines, "translation")
    problems.extend(Problem(path, line, message) for message in found)
    return tuple(reviews.items())


def _check_tree(framework: Framework, lines: list[str], problems: list[Problem]) -> None:
    codes = [c.code for c in framework.competencies]
    for code in {c for c in codes if codes.count(c) > 1}:
        problems.append(
            Problem(
                framework.path, _line_of(lines, code), _l("duplicate code “%(code)s”", code=code)
            )
        )
    known = set(codes)
    for competency in framework.competencies:
        for ref in ([competency.parent] if competency.parent else []) + list(competency.related):
            if ref not in known:
                problems.append(
                    Problem(
                        framework.path,
                        _line_of(lines, competency.code),
                        _l(
                            "%(code)s: unknown competency “%(other)s”",
                            code=competency.code,
                            other=ref,
                        ),
                    )
                )


def load_framework(path: Path, problems: list[Problem]) -> Framework | None:
    text = path.read_text(encoding="utf-8")
    try:
        data = yaml.load(text, Loader=TextDates)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problems.append(Problem(path, mark.line + 1 if mark else 1, _l("not valid YAML")))
        return None
    if not isinstance(data, dict) or not data.get("code"):
        problems.append(Problem(path, 1, _l("a framework file needs a “code” and “competencies”")))
        return None
    lines = text.splitlines()
    entries = data.get("competencies") or []
    competencies = [c for e in entries if (c := _competency(e, path, lines, problems)) is not None]
    framework = Framework(
        code=str(data["code"]),
        titles=_titles(data),
        version=str(data.get("version", "")),
        source=str(data.get("source", "")),
        language=str(data.get("language", "en")),
        competencies=tuple(competencies),
        path=path,
        levels=_levels(data, path, lines, problems),
        reviews=_reviews(data, path, lines, problems),
    )
    _check_tree(framework, lines, problems)
    return framework


def load_frameworks(directory: Path, problems: list[Problem]) -> list[Framework]:
    if not directory.is_dir():
        return []
    return [
        f
        for path in sorted(directory.glob("*.yaml"))
        if (f := load_framework(path, problems)) is not None
    ]

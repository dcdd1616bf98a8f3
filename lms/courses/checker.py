"""Checks of the curricula that need the whole catalogue: links, codes, translations.

The quiz files are checked one level up (``lms.content_check``), where the GIFT reader is known.
"""

from __future__ import annotations

from pathlib import Path

from flask_babel import lazy_gettext as _l

from lms.core.markdown import find_links
from lms.courses.catalogue import Catalogue, LessonVersion, Module, Programme, is_stale
from lms.courses.frontmatter import Problem
from lms.courses.links import LinkMap
from lms.i18n.languages import TRANSLATED_LANGUAGES as TRANSLATED


def _check_links(path: Path, text: str, first_line: int, links: LinkMap) -> list[Problem]:
    problems = []
    for line, href in find_links(text):
        if links.resolve(path, href) is None:
            problems.append(
                Problem(
                    path,
                    first_line + line - 1,
                    _l(
                        "dead or unsafe link “%(href)s” (link to a lesson by its file path, "
                        "e.g. ../02-ethics/01-values.md)",
                        href=href,
                    ),
                )
            )
    return problems


def _check_module(programme: Programme, module: Module, known: set[str], links: LinkMap):
    module_file = module.path / "module.md"
    for code in module.competencies:
        if code not in known:
            yield Problem(
                module_file,
                1,
                _l(
                    "unknown competency code “%(code)s” (not in framework %(framework)s)",
                    code=code,
                    framework=programme.framework,
                ),
            )
    for lesson in module.lessons:
        for version in lesson.versions.values():
            yield from _check_links(version.path, version.source, version.body_line, links)
        for language in TRANSLATED:
            if language not in lesson.versions:
                yield Problem(
                    lesson.english.path,
                    1,
                    _l("no %(language)s translation yet", language=language),
                    "warning",
                )
            elif lesson.translation_is_stale(language):
                yield Problem(
                    lesson.versions[language].path,
                    1,
                    _l(
                        "the English lesson changed after this translation was made "
                        "(source_hash differs)"
                    ),
                    "warning",
                )
    yield from _check_texts(module.overviews, links)


def _check_texts(versions: dict[str, LessonVersion], links: LinkMap) -> list[Problem]:
    """Links in an overview or introduction and its translations; translations gone stale."""
    problems = []
    for version in versions.values():
        problems.extend(_check_links(version.path, version.source, version.body_line, links))
    problems.extend(
        Problem(versions[language].path, 1, _STALE, "warning")
        for language in TRANSLATED
        if is_stale(versions, language)
    )
    return problems


_STALE = _l("the English text changed after this translation was made (source_hash differs)")


def competency_codes(catalogue: Catalogue, programme: Programme) -> set[str]:
    framework = catalogue.framework(programme.framework)
    return {c.code for c in framework.competencies} if framework else set()


def check_catalogue(catalogue: Catalogue) -> list[Problem]:
    problems: list[Problem] = []
    links = LinkMap(catalogue)
    for programme in catalogue.programmes:
        programme_file = programme.path / "programme.md"
        if catalogue.framework(programme.framework) is None:
            problems.append(
                Problem(
                    programme_file,
                    1,
                    _l("unknown competency framework “%(code)s”", code=programme.framework),
                )
            )
        known = competency_codes(catalogue, programme)
        for code in programme.certificate.competencies_proficient:
            if code not in known:
                problems.append(
                    Problem(programme_file, 1, _l("unknown competency code “%(code)s”", code=code))
                )
        problems.extend(_check_texts(programme.introductions, links))
        for module in programme.modules:
            problems.extend(_check_module(programme, module, known, links))
    return problems

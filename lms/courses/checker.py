"""Checks of the curricula that need the whole catalogue: links, codes, translations.

The quiz files are checked one level up (``lms.content_check``), where the GIFT reader is known.
"""

from __future__ import annotations

from pathlib import Path

from flask_babel import lazy_gettext as _l

from lms.core.markdown import find_links
from lms.courses.annex import CONFIRM, CONFIRM_OPENED, markers_in
from lms.courses.catalogue import Annex, Catalogue, LessonVersion, Module, Programme, is_stale
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


def _check_annex(annex: Annex, links: LinkMap) -> list[Problem]:
    """The annex is for trainees who read Turkmen or Russian: a page or introduction missing a
    language is an error, and so is a translation that drops or adds a ``[confirm: …]`` marker
    (an unconfirmed statement must never read as settled in one language)."""
    problems = _check_texts(annex.introductions, links)
    for versions in [annex.introductions] + [page.versions for page in annex.pages]:
        english = versions["en"]
        for language in TRANSLATED:
            if language not in versions:
                message = _l("the annex needs this page in %(language)s", language=language)
                problems.append(Problem(english.path, 1, message))
            elif _marker_count(versions[language]) != _marker_count(english):
                problems.append(Problem(versions[language].path, 1, _MARKERS_DIFFER))
    for page in annex.pages:
        problems.extend(_check_texts(page.versions, links))
    for path in _annex_files(annex):
        problems.extend(_check_markers(path))
    return problems


_MARKERS_DIFFER = _l(
    "this translation does not have the same [confirm: …] markers as the English page"
)


def _marker_count(version: LessonVersion) -> int:
    return len(CONFIRM.findall(version.source))


def _annex_files(annex: Annex) -> list[Path]:
    versions = [annex.introductions] + [page.versions for page in annex.pages]
    return sorted(
        [v.path for texts in versions for v in texts.values()] + [f.path for f in annex.forms]
    )


def _check_markers(path: Path) -> list[Problem]:
    """An unclosed marker is an error at its line; the markers of an English page or a form are
    counted in one warning, so that a release sees what still awaits the Ministry."""
    text = path.read_text(encoding="utf-8-sig")
    problems = [
        Problem(path, number, _l("a [confirm: …] marker is not closed with “]” on its line"))
        for number, line in enumerate(text.splitlines(), start=1)
        if len(CONFIRM_OPENED.findall(line)) > len(CONFIRM.findall(line))
    ]
    count = sum(marker.language == "en" for marker in markers_in(path, text))
    if count:
        message = _l(
            "%(count)d statement(s) to be confirmed by the Ministry ([confirm: …])", count=count
        )
        problems.append(Problem(path, 1, message, "warning"))
    return problems


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
    if catalogue.annex is not None:
        problems.extend(_check_annex(catalogue.annex, links))
    return problems

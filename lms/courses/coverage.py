"""Translation coverage of the curricula: which lessons exist in Turkmen and Russian, and which
translations are out of date because the English changed after they were made."""

from __future__ import annotations

from dataclasses import dataclass

from lms.courses.catalogue import Catalogue, Lesson, Module, Programme
from lms.i18n.languages import TRANSLATED_LANGUAGES

TRANSLATED = TRANSLATED_LANGUAGES

# A lesson's state in one language.
MISSING = "missing"
STALE = "stale"  # made from an older English version
DRAFT = "draft"  # awaiting native-speaker review
CURRENT = "current"


def lesson_state(lesson: Lesson, language: str) -> str:
    version = lesson.versions.get(language)
    if version is None:
        return MISSING
    if lesson.translation_is_stale(language):
        return STALE
    return DRAFT if version.draft else CURRENT


@dataclass(frozen=True)
class Counts:
    lessons: int
    current: int = 0
    draft: int = 0
    stale: int = 0
    missing: int = 0

    @property
    def translated(self) -> int:
        """Lessons a reader gets in this language (current, drafts and out-of-date ones)."""
        return self.current + self.draft + self.stale

    @property
    def percent(self) -> int:
        return round(100 * self.translated / self.lessons) if self.lessons else 100

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            self.lessons + other.lessons,
            self.current + other.current,
            self.draft + other.draft,
            self.stale + other.stale,
            self.missing + other.missing,
        )


def _counts(lessons: tuple[Lesson, ...], language: str) -> Counts:
    states = [lesson_state(lesson, language) for lesson in lessons]
    return Counts(
        lessons=len(states),
        current=states.count(CURRENT),
        draft=states.count(DRAFT),
        stale=states.count(STALE),
        missing=states.count(MISSING),
    )


@dataclass(frozen=True)
class ModuleCoverage:
    module: Module
    title_languages: tuple[str, ...]  # the languages the module title exists in
    counts: dict[str, Counts]
    lessons: tuple[tuple[Lesson, dict[str, str]], ...]  # each lesson with its state per language


@dataclass(frozen=True)
class ProgrammeCoverage:
    programme: Programme
    modules: tuple[ModuleCoverage, ...]
    counts: dict[str, Counts]


def coverage(catalogue: Catalogue) -> list[ProgrammeCoverage]:
    result = []
    for programme in catalogue.programmes:
        modules = tuple(
            ModuleCoverage(
                module=module,
                title_languages=tuple(
                    language for language in TRANSLATED if getattr(module.titles, language)
                ),
                counts={language: _counts(module.lessons, language) for language in TRANSLATED},
                lessons=tuple(
                    (lesson, {language: lesson_state(lesson, language) for language in TRANSLATED})
                    for lesson in module.lessons
                ),
            )
            for module in programme.modules
        )
        totals = {
            language: sum((m.counts[language] for m in modules), Counts(0))
            for language in TRANSLATED
        }
        result.append(ProgrammeCoverage(programme, modules, totals))
    return result

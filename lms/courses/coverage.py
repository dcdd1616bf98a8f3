"""Translation coverage of the curricula: which lessons, module overviews and programme
introductions exist in Turkmen and Russian, which a reviewer has approved, and which are out of
date because the English changed after they were made."""

from __future__ import annotations

from dataclasses import dataclass

from lms.courses.catalogue import Catalogue, Lesson, LessonVersion, Module, Programme, is_stale
from lms.i18n.languages import TRANSLATED_LANGUAGES

TRANSLATED = TRANSLATED_LANGUAGES

# A lesson's state in one language.
MISSING = "missing"
STALE = "stale"  # made from an older English version
DRAFT = "draft"  # awaiting native-speaker review
APPROVED = "approved"  # a named reviewer approved it


def text_state(versions: dict[str, LessonVersion], language: str) -> str:
    """The state of one text (a lesson, an overview, an introduction) in ``language``."""
    version = versions.get(language)
    if version is None:
        return MISSING
    if is_stale(versions, language):
        return STALE
    return DRAFT if version.draft else APPROVED


def lesson_state(lesson: Lesson, language: str) -> str:
    return text_state(lesson.versions, language)


@dataclass(frozen=True)
class Counts:
    lessons: int
    approved: int = 0
    draft: int = 0
    stale: int = 0
    missing: int = 0

    @property
    def translated(self) -> int:
        """Lessons a reader gets in this language (approved, drafts and out-of-date ones)."""
        return self.approved + self.draft + self.stale

    @property
    def percent(self) -> int:
        return round(100 * self.translated / self.lessons) if self.lessons else 100

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            self.lessons + other.lessons,
            self.approved + other.approved,
            self.draft + other.draft,
            self.stale + other.stale,
            self.missing + other.missing,
        )


def _counts(lessons: tuple[Lesson, ...], language: str) -> Counts:
    states = [lesson_state(lesson, language) for lesson in lessons]
    return Counts(
        lessons=len(states),
        approved=states.count(APPROVED),
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
    overview: dict[str, str]  # the overview's state per language


@dataclass(frozen=True)
class ProgrammeCoverage:
    programme: Programme
    modules: tuple[ModuleCoverage, ...]
    counts: dict[str, Counts]
    introduction: dict[str, str]  # the introduction's state per language


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
                overview={
                    language: text_state(module.overviews, language) for language in TRANSLATED
                },
            )
            for module in programme.modules
        )
        totals = {
            language: sum((m.counts[language] for m in modules), Counts(0))
            for language in TRANSLATED
        }
        introduction = {
            language: text_state(programme.introductions, language) for language in TRANSLATED
        }
        result.append(ProgrammeCoverage(programme, modules, totals, introduction))
    return result

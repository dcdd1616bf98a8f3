"""The immutable, in-memory picture of the curricula in ``content/``.

Built once per process by ``loader.load_catalogue``; the database refers to content only by the
stable slugs and ids kept here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from lms.courses.review import Review
from lms.i18n.languages import LANGUAGES, SOURCE_LANGUAGE


@dataclass(frozen=True)
class Titles:
    """A text in several languages; English is the source and the fallback."""

    en: str
    ru: str | None = None
    tk: str | None = None

    @classmethod
    def of(cls, texts: dict) -> Titles:
        """From ``{"en": ..., "ru": ..., "tk": ...}``; other keys are ignored."""
        others = {code: texts.get(code) for code in LANGUAGES if code != SOURCE_LANGUAGE}
        return cls(str(texts.get(SOURCE_LANGUAGE, "")), **others)

    def get(self, language: str) -> str:
        if language not in LANGUAGES:
            return self.en
        return getattr(self, language) or self.en


@dataclass(frozen=True)
class LessonVersion:
    """One language version of a lesson file."""

    language: str
    path: Path
    title: str
    source: str  # Markdown body without front matter
    body_line: int  # line number in the file where the body starts
    content_hash: str  # sha256 of the whole file, hex
    draft: bool = False  # a translation awaiting native-speaker review
    source_hash: str | None = None  # for translations: the English hash they were made from
    approved_by: str | None = None  # the reviewer who approved the translation
    approved_on: str | None = None  # and when (YYYY-MM-DD)


def version_in(versions: dict[str, LessonVersion], language: str) -> LessonVersion:
    """The text in ``language``, else the English source."""
    return versions.get(language) or versions["en"]


def is_stale(versions: dict[str, LessonVersion], language: str) -> bool:
    """A translation made from an older English version (its ``source_hash`` no longer matches)."""
    version = versions.get(language)
    if version is None or language == "en" or version.source_hash is None:
        return False
    return not versions["en"].content_hash.startswith(version.source_hash)


@dataclass(frozen=True)
class Lesson:
    slug: str
    order: int
    minutes: int
    versions: dict[str, LessonVersion]  # by language; "en" always present

    @property
    def english(self) -> LessonVersion:
        return self.versions["en"]

    @property
    def version_hash(self) -> str:
        """Changes whenever the English source changes (what "read" progress is measured by)."""
        return self.english.content_hash[:16]

    def version_for(self, language: str) -> LessonVersion:
        return version_in(self.versions, language)

    def translation_is_stale(self, language: str) -> bool:
        return is_stale(self.versions, language)


@dataclass(frozen=True)
class ReviewOptions:
    after_submit: tuple[str, ...] = ("marks", "feedback")
    after_close: tuple[str, ...] = ("marks", "feedback", "right_answers")


@dataclass(frozen=True)
class QuizSettings:
    pass_mark: int = 70
    attempts: int = 0
    time_limit_minutes: int = 0
    questions: int | None = None
    shuffle_answers: bool = True
    review: ReviewOptions = field(default_factory=ReviewOptions)


@dataclass(frozen=True)
class Module:
    slug: str
    order: int
    path: Path
    titles: Titles
    minutes: int
    competencies: tuple[str, ...]
    prerequisites: tuple[str, ...]
    overview: str
    lessons: tuple[Lesson, ...]
    quiz: QuizSettings | None
    quiz_path: Path | None
    # The overview (module.md's body) by language: module.ru.md and module.tk.md translate it.
    overviews: dict[str, LessonVersion] = field(default_factory=dict)

    def lesson(self, slug: str) -> Lesson | None:
        return next((lesson for lesson in self.lessons if lesson.slug == slug), None)


@dataclass(frozen=True)
class PracticeRequirements:
    total_hours: float = 0
    direct_share: float = 0
    supervision_hours_per_week: float = 0


@dataclass(frozen=True)
class CertificateRules:
    modules: str = "all"
    quizzes_passed: str = "all"
    practice: PracticeRequirements = field(default_factory=PracticeRequirements)
    competencies_proficient: tuple[str, ...] = ()
    valid_years: int | None = None
    co_facilitated_sessions: int = 0


@dataclass(frozen=True)
class CompetencyRule:
    """How evidence becomes "proficient" (front matter ``competency_rule:``).

    Proficient when the questions tagged with the competency are at least ``quiz_percent`` correct
    (latest attempt of each quiz) and the latest supervisor rating is at least ``rating``.
    """

    quiz_percent: float = 70
    rating: int = 3


@dataclass(frozen=True)
class Programme:
    code: str
    order: int
    path: Path
    titles: Titles
    framework: str
    prerequisites: tuple[str, ...]
    serial_prefix: str
    certificate: CertificateRules
    introduction: str
    modules: tuple[Module, ...]
    competency_rule: CompetencyRule = field(default_factory=CompetencyRule)
    # The introduction (programme.md's body) by language: programme.ru.md and .tk.md translate it.
    introductions: dict[str, LessonVersion] = field(default_factory=dict)

    def module(self, slug: str) -> Module | None:
        return next((module for module in self.modules if module.slug == slug), None)

    @property
    def competency_codes(self) -> tuple[str, ...]:
        """The competencies the programme's modules develop, in module order, each once."""
        return tuple(dict.fromkeys(code for m in self.modules for code in m.competencies))

    @property
    def lesson_count(self) -> int:
        return sum(len(module.lessons) for module in self.modules)


@dataclass(frozen=True)
class Competency:
    code: str
    titles: Titles
    domain: str
    parent: str | None
    description: str
    related: tuple[str, ...] = ()
    descriptions: Titles | None = None  # the description in every language (English = description)


@dataclass(frozen=True)
class Level:
    """One point of the framework's rating scale: what a supervisor's rating means."""

    rating: int
    labels: Titles
    descriptors: Titles


@dataclass(frozen=True)
class Framework:
    code: str
    titles: Titles
    version: str
    source: str
    language: str
    competencies: tuple[Competency, ...]
    path: Path
    levels: tuple[Level, ...] = ()  # highest rating first
    reviews: tuple[tuple[str, Review], ...] = ()  # (language, review) of its translations

    def competency(self, code: str) -> Competency | None:
        return next((c for c in self.competencies if c.code == code), None)

    def review(self, language: str) -> Review:
        """Whether the framework's texts in ``language`` are a draft or approved."""
        return dict(self.reviews).get(language, Review())


# The national annex (content/national/, read by lms.courses.annex_loader).


@dataclass(frozen=True)
class AnnexPage:
    slug: str
    order: int
    versions: dict[str, LessonVersion]  # by language; "en" always present

    def version_for(self, language: str) -> LessonVersion:
        return version_in(self.versions, language)


@dataclass(frozen=True)
class FormField:
    labels: Titles
    kind: str = "text"
    lines: int = 1


@dataclass(frozen=True)
class FormSection:
    titles: Titles
    fields: tuple[FormField, ...]
    notes: Titles | None = None


@dataclass(frozen=True)
class WorkingForm:
    """A form a social work specialist fills in on paper, defined once for three languages."""

    slug: str
    order: int
    path: Path
    titles: Titles
    purpose: Titles
    basis: Titles  # the legal or procedural basis, with its source
    sections: tuple[FormSection, ...]


@dataclass(frozen=True)
class Annex:
    path: Path
    titles: Titles
    introductions: dict[str, LessonVersion]
    pages: tuple[AnnexPage, ...]
    forms: tuple[WorkingForm, ...]

    def page(self, slug: str) -> AnnexPage | None:
        return next((p for p in self.pages if p.slug == slug), None)

    def form(self, slug: str) -> WorkingForm | None:
        return next((f for f in self.forms if f.slug == slug), None)


@dataclass(frozen=True)
class Catalogue:
    root: Path
    programmes: tuple[Programme, ...]
    frameworks: tuple[Framework, ...]
    annex: Annex | None = None  # the national annex (content/national/), when there is one

    def programme(self, code: str) -> Programme | None:
        return next((p for p in self.programmes if p.code == code), None)

    def framework(self, code: str) -> Framework | None:
        return next((f for f in self.frameworks if f.code == code), None)

    def find(self, programme: str, module: str | None = None, lesson: str | None = None):
        """(programme, module, lesson) for slugs, each None when not found."""
        prog = self.programme(programme)
        mod = prog.module(module) if prog and module else None
        les = mod.lesson(lesson) if mod and lesson else None
        return prog, mod, les

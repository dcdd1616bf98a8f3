"""The state of every translated text a trainee reads, per language (Russian, Turkmen): lessons,
module overviews and programme introductions (lms.courses.coverage), and here the quizzes, the
competency framework, the practice categories, the glossary, the national annex and the
interface catalogues.

Each item gets a ``Cell`` per language: missing, draft, approved or out of date (``stale``), and
for texts made of many parts how many of them are translated.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from flask_babel import lazy_gettext as _l

from lms.courses.catalogue import Catalogue, Framework, Titles, WorkingForm
from lms.courses.coverage import APPROVED, DRAFT, MISSING, STALE, text_state
from lms.courses.glossary import Glossary
from lms.courses.review import Review
from lms.i18n.catalogues import CatalogueError, po_path, read_catalogue
from lms.i18n.languages import TRANSLATED_LANGUAGES
from lms.practice.categories import Category, category_reviews
from lms.quizzes.gift import GiftError, Question, parse_gift
from lms.quizzes.header import header_of, is_stale
from lms.quizzes.translation import translated_count, translation_path

TRANSLATED = TRANSLATED_LANGUAGES
STATES = (MISSING, STALE, DRAFT, APPROVED)


@dataclass(frozen=True)
class Cell:
    """One item in one language."""

    state: str
    translated: int | None = None  # parts translated (questions, titles, messages)
    total: int | None = None
    reviewer: str | None = None
    date: str | None = None
    fuzzy: int = 0  # interface: messages whose translation is marked fuzzy
    to_review: int = 0  # interface: messages a native speaker should still check

    @property
    def needs_work(self) -> bool:
        incomplete = self.total is not None and (self.translated or 0) < self.total
        return self.state != APPROVED or incomplete or bool(self.fuzzy or self.to_review)


@dataclass(frozen=True)
class Row:
    """One item (a quiz, the framework's titles, an annex page...) in every language."""

    name: str
    path: str  # the file, relative to the content folder (or the package for the interface)
    cells: dict[str, Cell]
    url: str | None = None
    group: str = ""  # e.g. the programme of a quiz

    @property
    def needs_work(self) -> bool:
        return any(cell.needs_work for cell in self.cells.values())


@dataclass(frozen=True)
class Section:
    key: str  # quizzes, framework, practice, glossary, annex, interface
    title: str
    rows: tuple[Row, ...] = field(default_factory=tuple)


def _review_cell(review: Review, translated: int, total: int) -> Cell:
    if total and not translated:
        return Cell(MISSING, translated, total)
    state = APPROVED if review.approved else DRAFT
    return Cell(state, translated, total, review.reviewer, review.date)


def _relative(path: Path, root: Path) -> str:
    return str(path.relative_to(root)) if path.is_relative_to(root) else path.name


# Quizzes


def _questions(path: Path) -> list[Question] | None:
    try:
        return parse_gift(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, GiftError):
        return None


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        found = path.stat()
    except OSError:
        return None
    return found.st_mtime_ns, found.st_size


def cached_quiz_cell(quiz_path: Path, language: str) -> Cell:
    """``quiz_cell``, computed again only when the English or the translated file changed."""
    stamps = (_stamp(quiz_path), _stamp(translation_path(quiz_path, language)))
    return _quiz_cell_at(quiz_path, language, stamps)


@lru_cache(maxsize=1024)
def _quiz_cell_at(quiz_path: Path, language: str, _stamps: tuple) -> Cell:
    return quiz_cell(quiz_path, language)


def quiz_cell(quiz_path: Path, language: str, english: list[Question] | None = None) -> Cell:
    """A module quiz in ``language``: missing without ``quiz.<language>.gift``; else its header's
    state (no header: a draft), out of date when the English quiz changed since; with the count of
    English questions the translation serves in its own words."""
    english = _questions(quiz_path) if english is None else english
    path = translation_path(quiz_path, language)
    total = len([q for q in english or () if q.id and q.type != "description"])
    if not path.is_file():
        return Cell(MISSING, 0, total)
    translated = _questions(path)
    served = translated_count(english, translated)[0] if english and translated else 0
    try:
        header = header_of(path)
    except (OSError, UnicodeDecodeError):
        return Cell(DRAFT, served, total)
    if is_stale(header, quiz_path.read_bytes()):
        return Cell(STALE, served, total)
    review = header.review
    state = APPROVED if review.approved else DRAFT
    return Cell(state, served, total, review.reviewer, review.date)


def quiz_rows(catalogue: Catalogue, language: str, root: Path) -> Iterator[Row]:
    for programme in catalogue.programmes:
        for module in programme.modules:
            if module.quiz_path is None:
                continue
            yield Row(
                name=module.titles.get(language),
                path=_relative(module.quiz_path, root),
                cells={lang: cached_quiz_cell(module.quiz_path, lang) for lang in TRANSLATED},
                group=programme.titles.get(language),
            )


# The competency framework


def _counted(pairs: list[tuple[object, object]]) -> tuple[int, int]:
    """(texts translated, texts with an English source) of (English, translation) pairs."""
    sources = [(en, other) for en, other in pairs if en]
    return sum(1 for _en, other in sources if other), len(sources)


def framework_rows(framework: Framework, language: str, root: Path) -> list[Row]:
    """The framework's competency titles, descriptions and level texts, each a row."""
    competencies = framework.competencies

    def titles(lang: str) -> tuple[int, int]:
        pairs = [(c.titles.en, getattr(c.titles, lang)) for c in competencies]
        return _counted([(framework.titles.en, getattr(framework.titles, lang)), *pairs])

    def descriptions(lang: str) -> tuple[int, int]:
        return _counted(
            [
                (c.descriptions.en if c.descriptions else c.description, _in(c.descriptions, lang))
                for c in competencies
            ]
        )

    def levels(lang: str) -> tuple[int, int]:
        pairs = [(lvl.labels.en, getattr(lvl.labels, lang)) for lvl in framework.levels]
        pairs += [(lvl.descriptors.en, getattr(lvl.descriptors, lang)) for lvl in framework.levels]
        return _counted(pairs)

    parts = (
        (_l("Titles (framework and competencies)"), titles),
        (_l("Competency descriptions"), descriptions),
        (_l("Rating levels: labels and descriptors"), levels),
    )
    return [
        Row(
            name=str(label),
            path=_relative(framework.path, root),
            cells={lang: _review_cell(framework.review(lang), *count(lang)) for lang in TRANSLATED},
            group=framework.titles.get(language),
        )
        for label, count in parts
    ]


def _in(titles: Titles | None, language: str) -> str | None:
    return getattr(titles, language) if titles is not None else None


# Practice categories, glossary


def categories_row(categories: tuple[Category, ...], path: Path, root: Path) -> Row:
    reviews = category_reviews(path)
    cells = {}
    for lang in TRANSLATED:
        translated, total = _counted([(c.titles.en, getattr(c.titles, lang)) for c in categories])
        cells[lang] = _review_cell(reviews[lang], translated, total)
    return Row(str(_l("Practice log categories")), _relative(path, root), cells)


def glossary_row(glossary: Glossary, path: Path, root: Path) -> Row:
    reviews = glossary.reviews()
    cells = {}
    for lang in TRANSLATED:
        pairs = [(t.names["en"], t.names.get(lang)) for t in glossary.terms]
        pairs += [(t.definitions.get("en"), t.definitions.get(lang)) for t in glossary.terms]
        cells[lang] = _review_cell(reviews[lang], *_counted(pairs))
    return Row(str(_l("Glossary: terms and definitions")), _relative(path, root), cells)


# The national annex


def _form_texts(form: WorkingForm) -> list[Titles]:
    texts = [form.titles, form.purpose, form.basis]
    for section in form.sections:
        texts.append(section.titles)
        texts.extend(f.labels for f in section.fields)
        if section.notes is not None:
            texts.append(section.notes)
    return texts


def annex_rows(catalogue: Catalogue, language: str, root: Path) -> list[Row]:
    annex = catalogue.annex
    if annex is None:
        return []
    rows = [
        Row(
            name=str(_l("Introduction to the annex")),
            path=_relative(annex.introductions["en"].path, root),
            cells={lang: _text_cell(annex.introductions, lang) for lang in TRANSLATED},
        )
    ]
    rows += [
        Row(
            name=page.version_for(language).title,
            path=_relative(page.versions["en"].path, root),
            cells={lang: _text_cell(page.versions, lang) for lang in TRANSLATED},
        )
        for page in annex.pages
    ]
    for form in annex.forms:
        texts = _form_texts(form)
        # Forms have no reviewer setting: their translations are drafts (the PDF says so).
        cells = {
            lang: _review_cell(Review(), *_counted([(t.en, getattr(t, lang)) for t in texts]))
            for lang in TRANSLATED
        }
        rows.append(Row(form.titles.get(language), _relative(form.path, root), cells))
    return rows


def _text_cell(versions, language: str) -> Cell:
    state = text_state(versions, language)
    version = versions.get(language)
    if state == APPROVED and version is not None:
        return Cell(state, reviewer=version.approved_by, date=version.approved_on)
    return Cell(state)


# The interface


def _done(string) -> bool:
    return all(string) if isinstance(string, tuple | list) else bool(string)


def interface_row() -> Row | None:
    """The interface catalogues (messages.po), which also hold the certificate's lines: how many
    messages are translated, how many are fuzzy and how many await a native speaker's check."""
    cells = {}
    for lang in TRANSLATED:
        cell = _interface_cell(lang, _stamp(po_path(lang)))
        if cell is None:
            return None
        cells[lang] = cell
    return Row(str(_l("Interface and certificate lines (messages.po)")), "lms/translations", cells)


@lru_cache(maxsize=8)
def _interface_cell(lang: str, _stamps: tuple | None) -> Cell | None:
    """One catalogue's state, read again only when its file changed."""
    try:
        catalogue = read_catalogue(lang)
    except CatalogueError:
        return None
    messages = [m for m in catalogue if m.id]
    translated = [m for m in messages if _done(m.string)]
    fuzzy = sum(1 for m in translated if m.fuzzy)
    to_review = sum(1 for m in translated if "review" in (c.strip() for c in m.user_comments))
    state = MISSING if not translated else DRAFT if len(translated) < len(messages) else None
    state = state or (DRAFT if fuzzy or to_review else APPROVED)
    return Cell(state, len(translated), len(messages), fuzzy=fuzzy, to_review=to_review)

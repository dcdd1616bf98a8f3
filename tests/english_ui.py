"""Finds English interface text on a page shown in Turkmen or Russian.

What is left out first, because it is not interface text:
- content: elements with class ``prose`` or a ``data-content`` attribute, and any element whose
  ``lang`` differs from the page's (a lesson shown in English as a fall-back says so);
- curricula strings (programme, module, lesson, competency and practice-category titles in every
  language) and every string stored in the database (names, cohort titles, notes, question
  snapshots): people's data stays as they typed it.

What remains is checked word by word against the interface's English vocabulary: the words of
the English messages that no Turkmen or Russian translation uses (so "test" or "PDF", which the
translations keep, never count).
"""

from __future__ import annotations

import re
from functools import cache
from html.parser import HTMLParser

import sqlalchemy as sa

from lms.i18n import catalogues
from lms.i18n.languages import LANGUAGE_NAMES

WORD = re.compile(r"[A-Za-z]{3,}")
# Names of standards and products, the same in every language.
PRODUCT_NAMES = frozenset(
    {"Open Badges", "DID", "JSON", "PDF", "CSV", "CASE", "Moodle", "GIFT", *LANGUAGE_NAMES.values()}
)  # with the languages' own names on the language switcher and choices
READ_ATTRIBUTES = ("title", "placeholder", "alt", "aria-label")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}  # fmt: skip


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.page_lang = None
        self.stack: list[bool] = []  # per open element: is it skipped?
        self.parts: list[str] = []

    @property
    def skipping(self) -> bool:
        return any(self.stack)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.page_lang = attrs.get("lang")
        classes = (attrs.get("class") or "").split()
        lang = attrs.get("lang")
        skip = (
            tag in {"script", "style", "template", "code", "pre"}
            or "prose" in classes
            or "data-content" in attrs
            or (lang is not None and self.page_lang is not None and lang != self.page_lang)
        )
        if not (skip or self.skipping):
            for name in READ_ATTRIBUTES:
                if attrs.get(name):
                    self.parts.append(attrs[name])
            if tag in {"input", "button"} and attrs.get("type") in {"submit", "button"}:
                self.parts.append(attrs.get("value") or "")
        if tag not in VOID:
            self.stack.append(skip)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        if tag not in VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if not self.skipping and data.strip():
            self.parts.append(data)


def visible_text(html: str) -> tuple[str | None, str]:
    """The page's ``<html lang>`` and its interface text (content and other languages left out)."""
    parser = _Text()
    parser.feed(html)
    return parser.page_lang, "\n".join(parser.parts)


@cache
def english_vocabulary() -> frozenset[str]:
    template = catalogues.extract()
    english: set[str] = set()
    for message in template:
        ids = message.id if isinstance(message.id, (list, tuple)) else [message.id]
        for text in ids:
            if text:
                english.update(w.lower() for w in WORD.findall(_without_placeholders(text)))
    kept: set[str] = set()
    for language in catalogues.TRANSLATED_LANGUAGES:
        for message in catalogues.read_catalogue(language):
            strings = (
                message.string if isinstance(message.string, (list, tuple)) else [message.string]
            )
            for text in strings:
                kept.update(w.lower() for w in WORD.findall(_without_placeholders(text or "")))
    return frozenset(english - kept)


def _without_placeholders(text: str) -> str:
    return re.sub(r"%\([a-z_0-9]+\)[sdifgr]|<[^>]+>", " ", text)


def curricula_strings(catalogue) -> set[str]:
    strings: set[str] = set()

    def titles(t):
        strings.update(v for v in (t.en, t.ru, t.tk) if v)

    for programme in catalogue.programmes:
        titles(programme.titles)
        for module in programme.modules:
            titles(module.titles)
            for lesson in module.lessons:
                strings.update(v.title for v in lesson.versions.values())
    for framework in catalogue.frameworks:
        titles(framework.titles)
        for competency in framework.competencies:
            titles(competency.titles)
    return strings


def database_strings(engine: sa.Engine) -> set[str]:
    """Every text value stored in the database (people's data, as typed)."""
    metadata = sa.MetaData()
    metadata.reflect(engine)
    values: set[str] = set()
    with engine.connect() as conn:
        for table in metadata.sorted_tables:
            columns = [c for c in table.columns if isinstance(c.type, (sa.String, sa.Text))]
            for column in columns:
                for (value,) in conn.execute(sa.select(column).distinct()):
                    if isinstance(value, str) and len(value) >= 3:
                        values.add(value)
                        values.update(line.strip() for line in value.splitlines() if line.strip())
    return values


def english_words(html: str, known: set[str], language: str) -> set[str]:
    """English interface words on a page that should read in ``language`` (``known``: data)."""
    page_lang, text = visible_text(html)
    assert page_lang == language, f"<html lang={page_lang!r}>, expected {language!r}"
    for value in sorted(known | PRODUCT_NAMES, key=len, reverse=True):
        if value in text:
            text = text.replace(value, " ")
    vocabulary = english_vocabulary() - calendar_words(language)
    return {word for word in WORD.findall(text) if word.lower() in vocabulary}


def calendar_words(language: str) -> set[str]:
    """The language's own month and day names (CLDR), which dates on a page rightly use, even
    where one is spelt like an English word (Turkmen "few", February)."""
    from babel import Locale

    locale = Locale.parse(language)
    return {
        name.lower()
        for table in (locale.months, locale.days)
        for context in table.values()
        for width in context.values()
        for name in width.values()
    }


def known_strings(app) -> set[str]:
    """What a page may show untranslated: stored data, curricula and configured names.

    Call inside an app context of ``app``.
    """
    from lms.core.extensions import db
    from lms.courses.content import catalogue
    from lms.practice.categories import categories

    known = database_strings(db.engine) | curricula_strings(catalogue())
    known.add(app.config["ISSUER_NAME"])
    known |= {c.titles.get(lang) for c in categories().categories for lang in LANGUAGE_NAMES}
    return known

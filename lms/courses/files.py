"""Reading one content file, or one lesson's language versions, with problems at their lines.

Shared by the curricula's loader and the national annex's.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from flask_babel import lazy_gettext as _l

from lms.courses.catalogue import LessonVersion
from lms.courses.frontmatter import Document, FrontMatterError, Problem, read_document
from lms.courses.review import valid_day
from lms.i18n.languages import TRANSLATED_LANGUAGES

ORDERED_NAME = re.compile(r"^([0-9]{2})-([a-z0-9]+(?:-[a-z0-9]+)*)$")
LESSON_FILE = re.compile(
    rf"^([0-9]{{2}})-([a-z0-9]+(?:-[a-z0-9]+)*)(?:\.({'|'.join(TRANSLATED_LANGUAGES)}))?\.md$"
)
MAX_LESSON_BYTES = 1_000_000


def read_file(path: Path, problems: list[Problem]) -> Document | None:
    """Read one Markdown file with front matter; None (and a problem) when unreadable."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        problems.append(
            Problem(path, 1, _l("cannot read the file (%(error)s)", error=exc.strerror))
        )
        return None
    if len(raw) > MAX_LESSON_BYTES:
        problems.append(
            Problem(
                path,
                1,
                _l(
                    "the file is %(size)d KB; the limit is %(limit)d KB (split the lesson)",
                    size=len(raw) // 1024,
                    limit=MAX_LESSON_BYTES // 1024,
                ),
            )
        )
        return None
    try:
        text = raw.decode("utf-8-sig")
        document = read_document(path, text)
    except UnicodeDecodeError:
        problems.append(Problem(path, 1, _l("the file is not UTF-8 text")))
        return None
    except FrontMatterError as exc:
        problems.append(Problem(path, exc.line, exc.message))
        return None
    document.meta["__hash__"] = hashlib.sha256(raw).hexdigest()
    return document


def _approval(document: Document, language: str) -> tuple[bool, str | None, str | None]:
    """(draft, approved_by, approved_on) of a translation: approved only with a named reviewer."""
    status = document.meta.get("translation")
    if language == "en":
        return False, None, None
    if status not in (None, "draft", "approved"):
        document.error("translation", _l("“translation” must be draft or approved"))
    if status != "approved":
        return True, None, None
    reviewer = document.text("approved_by", required=False) or None
    day = document.meta.get("approved_on")
    if reviewer is None or day is None:
        document.error(
            "translation",
            _l("an approved translation names its reviewer (approved_by) and date (approved_on)"),
        )
        return True, None, None
    if (shown := valid_day(day)) is None:
        document.error("approved_on", _l("“%(date)s” is not a date like 2026-12-20", date=day))
        return True, None, None
    return False, reviewer, shown


def _lesson_version(document: Document, language: str, title_required: bool = True):
    draft, approved_by, approved_on = _approval(document, language)
    source_hash = document.meta.get("source_hash")
    return LessonVersion(
        language=language,
        path=document.path,
        title=document.text("title") if title_required else "",  # overviews: none
        source=document.body,
        body_line=document.body_line,
        content_hash=document.meta["__hash__"],
        draft=draft,
        source_hash=str(source_hash) if source_hash else None,
        approved_by=approved_by,
        approved_on=approved_on,
    )


def texts_of(english: Document, problems: list[Problem]) -> dict[str, LessonVersion]:
    """The body of module.md or programme.md by language, with its translations beside it
    (module.ru.md, module.tk.md), which carry the same front matter as lesson translations."""
    texts = {"en": _lesson_version(english, "en", title_required=False)}
    for language in TRANSLATED_LANGUAGES:
        path = english.path.with_name(f"{english.path.stem}.{language}.md")
        if path.is_file() and (document := read_file(path, problems)) is not None:
            texts[language] = _lesson_version(document, language, title_required=False)
            problems.extend(document.problems)
    return texts


def lesson_versions(
    files: dict[str, Path], problems: list[Problem], minutes: list[int] | None = None
) -> dict[str, LessonVersion]:
    """The readable language versions of one lesson or annex page (``files`` by language); the
    English file's ``minutes`` appended to ``minutes`` when given."""
    versions = {}
    for language, path in files.items():
        document = read_file(path, problems)
        if document is None:
            continue
        versions[language] = _lesson_version(document, language)
        if language == "en" and minutes is not None:
            minutes.append(document.integer("minutes", 15, 1, 600))
        problems.extend(document.problems)
    return versions

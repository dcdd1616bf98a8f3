"""The programme's glossary (``content/glossary.yaml``): social-work terms in en/ru/tk.

Translators follow it, trainees read it at ``/learn/glossary``, and ``lms content check`` warns
where a Russian or Turkmen text uses a variant the glossary rejects (see ``rejected_terms``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from flask_babel import lazy_gettext as _l

from lms.courses.frontmatter import Problem
from lms.courses.review import Review, TextDates, reviews_of
from lms.i18n.languages import LANGUAGES, TRANSLATED_LANGUAGES

GLOSSARY_FILE = "glossary.yaml"
TRANSLATED = TRANSLATED_LANGUAGES


@dataclass(frozen=True)
class Rejected:
    """A variant that must not be used in ``language``, and why."""

    language: str
    text: str
    why: str


@dataclass(frozen=True)
class Term:
    key: str
    names: dict[str, str]
    definitions: dict[str, str]
    notes: str = ""
    rejected: tuple[Rejected, ...] = ()
    line: int = 1


@dataclass(frozen=True)
class Glossary:
    terms: tuple[Term, ...] = ()
    review: dict[str, dict] = field(default_factory=dict)

    def approved(self, language: str) -> bool:
        """Whether a named reviewer has approved the glossary in ``language``."""
        return self.reviews().get(language, Review()).approved

    def reviews(self) -> dict[str, Review]:
        """The review state per translated language (``review:`` in the file)."""
        return reviews_of(self.review)[0]


def _term(node, item, path: Path, problems: list[Problem]) -> Term | None:
    line = node.start_mark.line + 1
    if not isinstance(item, dict) or not isinstance(item.get("key"), str):
        problems.append(Problem(path, line, _l("a glossary term needs a key")))
        return None
    definitions = item.get("definition") or {}
    missing = [
        language
        for language in LANGUAGES
        if not isinstance(item.get(language), str) or not isinstance(definitions.get(language), str)
    ]
    if missing:
        message = _l(
            "%(key)s: needs the term and its definition in %(languages)s",
            key=item["key"],
            languages=", ".join(missing),
        )
        problems.append(Problem(path, line, message))
        return None
    rejected = tuple(
        Rejected(language, str(entry.get("text", "")), str(entry.get("why", "")))
        for language, entries in (item.get("avoid") or {}).items()
        for entry in entries or ()
        if isinstance(entry, dict) and entry.get("text")
    )
    names = {language: item[language] for language in LANGUAGES}
    return Term(item["key"], names, dict(definitions), str(item.get("notes") or ""), rejected, line)


def read_glossary(path: Path) -> tuple[Glossary, list[Problem]]:
    """The glossary file, and the problems that kept parts of it out."""
    if not path.is_file():
        return Glossary(), []
    problems: list[Problem] = []
    try:
        text = path.read_text(encoding="utf-8")
        root = yaml.compose(text)
        data = yaml.load(text, Loader=TextDates)  # noqa: S506 - a SafeLoader subclass
    except (UnicodeDecodeError, yaml.YAMLError) as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", 0) + 1
        return Glossary(), [
            Problem(path, line, _l("the glossary cannot be read: %(error)s", error=exc))
        ]
    if not isinstance(data, dict) or not isinstance(data.get("terms"), list):
        return Glossary(), [Problem(path, 1, _l("the glossary needs a list of terms"))]
    nodes = next(value for key, value in root.value if key.value == "terms").value
    terms = [
        _term(node, item, path, problems) for node, item in zip(nodes, data["terms"], strict=True)
    ]
    review = data.get("review") if isinstance(data.get("review"), dict) else {}
    line = next((key.start_mark.line + 1 for key, _v in root.value if key.value == "review"), 1)
    problems.extend(Problem(path, line, message) for message in reviews_of(review)[1])
    return Glossary(tuple(t for t in terms if t is not None), review), problems


def _pattern(text: str) -> re.Pattern:
    return re.compile(rf"(?<!\w){re.escape(text.casefold())}(?!\w)")


def _found(glossary: Glossary, language: str, text: str) -> list[Rejected]:
    folded = text.casefold()
    return [
        rejected
        for term in glossary.terms
        for rejected in term.rejected
        if rejected.language == language and _pattern(rejected.text).search(folded)
    ]


def _segments(path: Path, line: str) -> list[tuple[str, str]]:
    """(language, text) parts of a line: the whole line of a translation file, or the ``tk:`` /
    ``ru:`` values of front matter and YAML (English sources may quote a rejected word)."""
    suffix = path.suffixes[-2:-1]
    if suffix and suffix[0].lstrip(".") in TRANSLATED:
        return [(suffix[0].lstrip("."), line)]
    return [(m[1], m[2]) for m in _INLINE.finditer(line)]


_ALLOWED = "<!-- glossary:"
# ``tk: …`` / ``ru: …`` and the flat keys ``title_tk: …``, ``description_ru: …``.
_INLINE = re.compile(rf"(?:\b|_)({'|'.join(TRANSLATED)})\s*:\s*([^,}}\n]*)")
# A key whose value is a block scalar on the lines below (``description_tk: >-``).
_BLOCK = re.compile(rf"^(\s*)(?:[\w-]*_)?({'|'.join(TRANSLATED)})\s*:\s*[>|][-+]?\s*$")


def _block_language(path: Path, lines: list[str]) -> list[str | None]:
    """For each line of a YAML or front-matter text, the language of the block scalar it belongs
    to (the indented lines under ``description_tk: >-``), else None."""
    languages: list[str | None] = []
    current, indent = None, -1
    for line in lines:
        stripped = line.lstrip()
        depth = len(line) - len(stripped)
        if current is not None and (not stripped or depth > indent):
            languages.append(current)
            continue
        current, indent = None, -1
        if path.suffix != ".gift" and (match := _BLOCK.match(line)):
            current, indent = match[2], len(match[1])
        languages.append(None)
    return languages


def rejected_terms(glossary: Glossary, path: Path, text: str) -> list[Problem]:
    """A warning for each use in ``text`` (the file ``path``) of a variant the glossary rejects."""
    problems = []
    lines = text.splitlines()
    blocks = _block_language(path, lines)
    for number, (line, block) in enumerate(zip(lines, blocks, strict=True), start=1):
        if _ALLOWED in line:  # a reviewed use, e.g. gözegçilik meaning "control", not supervision
            continue
        segments = [(block, line)] if block else _segments(path, line)
        for language, segment in segments:
            for rejected in _found(glossary, language, segment):
                message = _l(
                    "“%(text)s” is not the glossary's term (%(why)s)",
                    text=rejected.text,
                    why=rejected.why,
                )
                problems.append(Problem(path, number, message, "warning"))
    return problems


def check_terminology(root: Path) -> list[Problem]:
    """``lms content check``: the glossary itself, and rejected variants anywhere in content."""
    path = root / GLOSSARY_FILE
    glossary, problems = read_glossary(path)
    if not glossary.terms:
        return problems
    for file in sorted(root.rglob("*")):
        if file == path or file.suffix not in {".md", ".yaml", ".gift"} or not file.is_file():
            continue
        problems.extend(rejected_terms(glossary, file, file.read_text(encoding="utf-8-sig")))
    return problems

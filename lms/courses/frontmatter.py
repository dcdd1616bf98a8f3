"""YAML front matter: splitting it from Markdown and reading typed fields with line numbers.

Problem messages are lazy strings: the catalogue (and its problems) outlive the request or
command that loaded it, and each reader gets them in their own language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from lms.courses.catalogue import LANGUAGES, Titles
from lms.courses.review import TextDates


@dataclass(frozen=True)
class Problem:
    """One finding of the loader or checker, printed as ``path:line: message``."""

    path: Path
    line: int
    message: str  # or a lazy string, translated when shown
    severity: str = "error"  # or "warning"

    def format(self, root: Path | None = None) -> str:
        shown = self.path
        if root is not None and self.path.is_relative_to(root.parent):
            shown = self.path.relative_to(root.parent)
        message = str(self.message)
        if self.severity == "warning":
            message = _("warning: %(message)s", message=message)
        return f"{shown}:{self.line}: {message}"


@dataclass
class Document:
    """A Markdown file's front matter and body, with a way to report problems at a key."""

    path: Path
    meta: dict
    body: str
    body_line: int
    front_lines: list[str]
    problems: list[Problem] = field(default_factory=list)

    def line_of(self, key: str) -> int:
        pattern = re.compile(rf"^\s*{re.escape(key)}\s*:")
        for number, line in enumerate(self.front_lines, start=2):
            if pattern.match(line):
                return number
        return 1

    def error(self, key: str | None, message: str) -> None:
        self.problems.append(Problem(self.path, self.line_of(key) if key else 1, message))

    def text(self, key: str, required: bool = True, default: str = "") -> str:
        value = self.meta.get(key)
        if value is None:
            if required:
                self.error(None, _l("front matter needs “%(key)s”", key=key))
            return default
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            self.error(key, _l("“%(key)s” must be text", key=key))
            return default
        return str(value)

    def integer(self, key: str, default: int, minimum: int = 0, maximum: int = 100_000) -> int:
        value = self.meta.get(key, default)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, int) or not minimum <= value <= maximum:
            self.error(
                key,
                _l(
                    "“%(key)s” must be a whole number from %(min)d to %(max)d",
                    key=key,
                    min=minimum,
                    max=maximum,
                ),
            )
            return default
        return value

    def string_list(self, key: str, source: dict | None = None) -> tuple[str, ...]:
        value = (self.meta if source is None else source).get(key, [])
        if value is None:
            return ()
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.error(key, _l("“%(key)s” must be a list of texts, like [a, b]", key=key))
            return ()
        return tuple(value)

    def titles(self, key: str = "title") -> Titles:
        value = self.meta.get(key)
        if isinstance(value, str):
            return Titles(en=value)
        if isinstance(value, dict) and isinstance(value.get("en"), str):
            unknown = set(value) - set(LANGUAGES)
            if unknown:
                self.error(
                    key,
                    _l(
                        "unknown language(s) in “%(key)s”: %(codes)s",
                        key=key,
                        codes=", ".join(sorted(unknown)),
                    ),
                )
            return Titles(**{k: str(v) for k, v in value.items() if k in LANGUAGES})
        self.error(
            key if key in self.meta else None,
            _l("“%(key)s” must be text or a mapping with at least “en”", key=key),
        )
        return Titles(en=self.path.stem)


class FrontMatterError(ValueError):
    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message  # kept lazy: ``str(exc)`` would translate it now


def _yaml_line(exc: yaml.YAMLError, offset: int) -> int:
    mark = getattr(exc, "problem_mark", None)
    return offset + mark.line if mark is not None else offset


def read_document(path: Path, text: str) -> Document:
    """Split a Markdown file into front matter and body; raise FrontMatterError when broken."""
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        raise FrontMatterError(1, _l("the file must start with front matter between “---” lines"))
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    except StopIteration:
        raise FrontMatterError(1, _l("front matter is not closed with a “---” line")) from None
    front = lines[1:end]
    try:
        meta = yaml.load("\n".join(front), Loader=TextDates) or {}  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        problem = getattr(exc, "problem", None)
        message = (
            _l("front matter is not valid YAML: %(problem)s", problem=problem)
            if problem
            else _l("front matter is not valid YAML")
        )
        raise FrontMatterError(_yaml_line(exc, 2), message) from None
    if not isinstance(meta, dict):
        raise FrontMatterError(2, _l("front matter must be a mapping of keys to values"))
    body = "\n".join(lines[end + 1 :]) + "\n"
    return Document(path=path, meta=meta, body=body, body_line=end + 2, front_lines=front)

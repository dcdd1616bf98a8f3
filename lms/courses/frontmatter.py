"""YAML front matter: splitting it from Markdown and reading typed fields with line numbers."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from lms.courses.catalogue import LANGUAGES, Titles


@dataclass(frozen=True)
class Problem:
    """One finding of the loader or checker, printed as ``path:line: message``."""

    path: Path
    line: int
    message: str
    severity: str = "error"  # or "warning"

    def format(self, root: Path | None = None) -> str:
        shown = self.path
        if root is not None and self.path.is_relative_to(root.parent):
            shown = self.path.relative_to(root.parent)
        prefix = "warning: " if self.severity == "warning" else ""
        return f"{shown}:{self.line}: {prefix}{self.message}"


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
                self.error(None, f"front matter needs “{key}”")
            return default
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            self.error(key, f"“{key}” must be text")
            return default
        return str(value)

    def integer(self, key: str, default: int, minimum: int = 0, maximum: int = 100_000) -> int:
        value = self.meta.get(key, default)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, int) or not minimum <= value <= maximum:
            self.error(key, f"“{key}” must be a whole number from {minimum} to {maximum}")
            return default
        return value

    def string_list(self, key: str, source: dict | None = None) -> tuple[str, ...]:
        value = (self.meta if source is None else source).get(key, [])
        if value is None:
            return ()
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.error(key, f"“{key}” must be a list of texts, like [a, b]")
            return ()
        return tuple(value)

    def titles(self, key: str = "title") -> Titles:
        value = self.meta.get(key)
        if isinstance(value, str):
            return Titles(en=value)
        if isinstance(value, dict) and isinstance(value.get("en"), str):
            unknown = set(value) - set(LANGUAGES)
            if unknown:
                self.error(key, f"unknown language(s) in “{key}”: {', '.join(sorted(unknown))}")
            return Titles(**{k: str(v) for k, v in value.items() if k in LANGUAGES})
        self.error(
            key if key in self.meta else None,
            f"“{key}” must be text or a mapping with at least “en”",
        )
        return Titles(en=self.path.stem)


class FrontMatterError(ValueError):
    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line


def _yaml_line(exc: yaml.YAMLError, offset: int) -> int:
    mark = getattr(exc, "problem_mark", None)
    return offset + mark.line if mark is not None else offset


def read_document(path: Path, text: str) -> Document:
    """Split a Markdown file into front matter and body; raise FrontMatterError when broken."""
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        raise FrontMatterError(1, "the file must start with front matter between “---” lines")
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    except StopIteration:
        raise FrontMatterError(1, "front matter is not closed with a “---” line") from None
    front = lines[1:end]
    try:
        meta = yaml.safe_load("\n".join(front)) or {}
    except yaml.YAMLError as exc:
        problem = getattr(exc, "problem", None) or "not valid YAML"
        raise FrontMatterError(
            _yaml_line(exc, 2), f"front matter is not valid YAML: {problem}"
        ) from None
    if not isinstance(meta, dict):
        raise FrontMatterError(2, "front matter must be a mapping of keys to values")
    body = "\n".join(lines[end + 1 :]) + "\n"
    return Document(path=path, meta=meta, body=body, body_line=end + 2, front_lines=front)

"""Finds user-facing strings that are not wrapped for translation.

Python: a literal string (or f-string with words in it) handed straight to a place users read
— ``flash``, ``abort``'s description, ``fail`` and ``click.echo``, a raised error, a form field's
label or description, a validator's message, a list of problems — instead of ``_()``/``_l()``.
Templates: words in the text between tags, or in the attributes people read (``title``,
``placeholder``, ``alt``, ``aria-label``, button ``value``), outside ``{{ }}`` and ``{% %}``.

A line that is deliberately not translated carries ``# i18n: <why>`` (Python) or sits inside
``{# i18n: <why> #}…{# /i18n #}`` (templates).
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "lms"

WRAPPERS = {
    "_",
    "_l",
    "gettext",
    "ngettext",
    "lazy_gettext",
    "lazy_ngettext",
    "pgettext",
    "lazy_pgettext",
}
MESSAGE_SINKS = {"flash", "fail", "echo", "secho", "confirm", "prompt"}
# Exceptions that signal programming errors, never shown to a user as they are.
INTERNAL_ERRORS = {
    "RuntimeError",
    "TypeError",
    "AssertionError",
    "NotImplementedError",
    "KeyError",
    "AttributeError",
    "ImportError",
    "LookupError",
    "SystemExit",
}
VALIDATORS = {
    "DataRequired",
    "InputRequired",
    "Length",
    "NumberRange",
    "Email",
    "EqualTo",
    "Regexp",
    "Optional",
    "AnyOf",
    "NoneOf",
    "FileAllowed",
    "FileRequired",
    "FileSize",
}
PROBLEM_LISTS = re.compile(r"(problem|error|issue|warning|message)s?$", re.IGNORECASE)
WORD = re.compile(r"[A-Za-z]{2,}")
# Codes and names that read the same in every language.
NEUTRAL = {
    "CSV",
    "PDF",
    "ECTS",
    "QR",
    "JSON",
    "CASE",
    "GIFT",
    "ToT",
    "SW",
    "TM",
    "UTC",
    "URL",
    "ID",
    "OK",
    "xAPI",
    "Moodle",
    "Open",
    "Badges",
    "OB",
    "Ed",
    "UN",
    "FND",
    "ADV",
    "TOT",
    "DID",  # W3C decentralised identifier, used untranslated
}


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    text: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.text!r}"


def has_words(text: str) -> bool:
    return any(word not in NEUTRAL for word in WORD.findall(text))


def _literal_text(node: ast.AST) -> str | None:
    """The words of a literal string or f-string; None for anything else."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(
            part.value
            for part in node.values
            if isinstance(part, ast.Constant) and isinstance(part.value, str)
        )
    if isinstance(node, ast.BinOp):  # "a" + "b", "%s" % x
        left, right = _literal_text(node.left), _literal_text(node.right)
        return (left or "") + (right or "") if left is not None or right is not None else None
    return None


def _name(func: ast.AST) -> str:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


class _Visitor(ast.NodeVisitor):
    def __init__(self, path: str, lines: list[str]):
        self.path = path
        self.lines = lines
        self.findings: list[Finding] = []

    def _check(self, node: ast.AST | None) -> None:
        if node is None:
            return
        text = _literal_text(node)
        if text is None or not has_words(text):
            return
        line = self.lines[node.lineno - 1] if node.lineno <= len(self.lines) else ""
        end = self.lines[node.end_lineno - 1] if node.end_lineno else line
        if "# i18n:" in line or "# i18n:" in end:
            return
        self.findings.append(Finding(self.path, node.lineno, text))

    def visit_Raise(self, node: ast.Raise) -> None:
        exc = node.exc
        if isinstance(exc, ast.Call) and _name(exc.func) not in INTERNAL_ERRORS and exc.args:
            self._check(exc.args[0])
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        name = _name(node.func)
        keywords = {k.arg: k.value for k in node.keywords if k.arg}
        if name in WRAPPERS:
            return  # a wrapped message: nothing inside needs checking
        if name in MESSAGE_SINKS and node.args:
            self._check(node.args[0])
        elif name == "abort":
            if len(node.args) > 1:
                self._check(node.args[1])
            self._check(keywords.get("description"))
        elif name.endswith("Field") and name[:1].isupper():
            if node.args:
                self._check(node.args[0])
            self._check(keywords.get("label"))
            self._check(keywords.get("description"))
        elif name in VALIDATORS:
            self._check(keywords.get("message"))
        elif name == "append" and isinstance(node.func, ast.Attribute):
            target = _name(node.func.value)
            if PROBLEM_LISTS.search(target) and node.args:
                self._check(node.args[-1])
        self.generic_visit(node)


def _relative(path: Path) -> str:
    inside = path.is_relative_to(PACKAGE.parent)
    return str(path.relative_to(PACKAGE.parent)) if inside else str(path)


def scan_python(path: Path) -> list[Finding]:
    source = path.read_text(encoding="utf-8")
    visitor = _Visitor(_relative(path), source.splitlines())
    visitor.visit(ast.parse(source, filename=str(path)))
    return visitor.findings


# --- templates -------------------------------------------------------------------------------

_EXEMPT = re.compile(r"\{#\s*i18n:.*?#\}.*?\{#\s*/i18n\s*#\}", re.DOTALL)
_COMMENT = re.compile(r"\{#.*?#\}|<!--.*?-->", re.DOTALL)
_RAW = re.compile(r"<(script|style)\b.*?</\1>", re.DOTALL | re.IGNORECASE)
_JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.DOTALL)
_TAG = re.compile(r"<[^>]*>", re.DOTALL)
_READ_ATTRS = re.compile(
    r"""\b(title|placeholder|alt|aria-label|aria-description|label)\s*=\s*("[^"]*"|'[^']*')""",
    re.IGNORECASE,
)
_BUTTON_VALUE = re.compile(
    r"""<input\b[^>]*type\s*=\s*["']?(submit|button|reset)[^>]*>""", re.IGNORECASE | re.DOTALL
)
_VALUE = re.compile(r"""\bvalue\s*=\s*("[^"]*"|'[^']*')""", re.IGNORECASE)
_ENTITY = re.compile(r"&[a-zA-Z]+;|&#\d+;")


def _blank(match: re.Match) -> str:
    """Keep newlines so line numbers survive the removal."""
    return "\n" * match.group(0).count("\n")


def _spaces(match: re.Match) -> str:
    """Blank out a match, keeping its newlines (for line numbers) and a separating space."""
    return " " * (len(match.group(0)) - match.group(0).count("\n")) + _blank(match)


def scan_template(path: Path) -> list[Finding]:
    source = path.read_text(encoding="utf-8")
    text = _EXEMPT.sub(_blank, source)
    text = _COMMENT.sub(_blank, text)
    text = _RAW.sub(_blank, text)
    text = _JINJA.sub(_spaces, text)
    rel = _relative(path)
    findings: list[Finding] = []

    def line_of(offset: int) -> int:
        return text.count("\n", 0, offset) + 1

    for tag in _TAG.finditer(text):
        for attr in _READ_ATTRS.finditer(tag.group(0)):
            value = attr.group(2)[1:-1]
            if has_words(_ENTITY.sub(" ", value)):
                findings.append(Finding(rel, line_of(tag.start()), value))
        if _BUTTON_VALUE.match(tag.group(0)):
            value = _VALUE.search(tag.group(0))
            if value and has_words(value.group(1)[1:-1]):
                findings.append(Finding(rel, line_of(tag.start()), value.group(1)[1:-1]))
    outside_tags = _TAG.sub(_spaces, text)
    for number, line in enumerate(outside_tags.splitlines(), start=1):
        words = _ENTITY.sub(" ", line).strip()
        if words and has_words(words):
            findings.append(Finding(rel, number, words))
    return findings


def scan_package() -> list[Finding]:
    findings: list[Finding] = []
    for path in sorted(PACKAGE.rglob("*.py")):
        findings.extend(scan_python(path))
    for path in sorted(PACKAGE.rglob("templates/**/*.html")):
        findings.extend(scan_template(path))
    return findings

"""The header of a translated quiz (``quiz.ru.gift``, ``quiz.tk.gift``): GIFT comments at the top
of the file, before the first question, saying where the translation stands::

    // translation: approved
    // approved_by: Aýna Berdiýewa
    // approved_on: 2026-12-20
    // source_hash: 3f2a9c0b71de

``translation`` is ``draft`` or ``approved`` (approved needs ``approved_by`` and
``approved_on``); ``source_hash`` is the first 12 hex digits of the SHA-256 of the English
``quiz.gift`` the translation was made from. A file without the header is a draft whose source
is unknown (``lms content mark-drafts`` adds the header).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from flask_babel import lazy_gettext as _l

from lms.courses.review import Review, review_of

KEYS = ("translation", "approved_by", "approved_on", "source_hash")
_SETTING = re.compile(r"^//\s*([a-z_]+)\s*:\s*(.*?)\s*$")
_HASH = re.compile(r"[0-9a-f]{12,64}")
HASH_LENGTH = 12


@dataclass(frozen=True)
class QuizHeader:
    present: bool  # the file has a ``// translation:`` line
    review: Review
    source_hash: str | None
    problems: tuple[tuple[int, str], ...] = ()  # (line, message)
    lines: dict | None = None  # key -> line number


def source_hash(english: bytes) -> str:
    """What a translation made from this English quiz file records as its ``source_hash``."""
    return hashlib.sha256(english).hexdigest()[:HASH_LENGTH]


def _settings(text: str) -> dict[str, tuple[int, str]]:
    """The header's ``// key: value`` lines by key, with their line numbers: the comment lines
    at the top of the file, up to the first question or question-id line."""
    found: dict[str, tuple[int, str]] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        if not line.startswith("//") or line.startswith("// ["):
            break
        match = _SETTING.match(line)
        if match and match.group(1) in KEYS and match.group(1) not in found:
            found[match.group(1)] = (number, match.group(2))
    return found


def read_header(text: str) -> QuizHeader:
    settings = _settings(text)
    lines = {key: line for key, (line, _value) in settings.items()}
    if "translation" not in settings:
        return QuizHeader(False, Review(), None, (), lines)
    line, status = settings["translation"]
    reviewer = settings.get("approved_by", (0, None))[1]
    day = settings.get("approved_on", (0, None))[1]
    review, found = review_of(status, reviewer or None, day or None)
    where = lines.get("approved_on", line) if day and reviewer and status == "approved" else line
    problems = [(where, message) for message in found]
    digest = settings.get("source_hash", (0, ""))[1].lower() or None
    if digest is not None and not _HASH.fullmatch(digest):
        message = _l("“source_hash” must be 12 hexadecimal digits (lms content mark-drafts)")
        problems.append((lines["source_hash"], message))
        digest = None
    return QuizHeader(True, review, digest, tuple(problems), lines)


def header_of(path: Path) -> QuizHeader:
    return read_header(path.read_text(encoding="utf-8-sig"))


def is_stale(header: QuizHeader, english: bytes) -> bool:
    """Made from an older English quiz (a header without ``source_hash`` is never stale)."""
    digest = hashlib.sha256(english).hexdigest()
    return header.source_hash is not None and not digest.startswith(header.source_hash)


def with_draft_header(text: str, english: bytes) -> str | None:
    """``text`` with a draft header added at the top, or None when it already has one."""
    if "translation" in _settings(text):
        return None
    header = f"// translation: draft\n// source_hash: {source_hash(english)}\n\n"
    return header + text.lstrip("\ufeff")

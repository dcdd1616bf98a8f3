"""Scanning texts, and the rule that a text with findings needs the writer's confirmation."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from lms.core.privacy.names import NAME_PATTERNS, NOT_SURNAMES, first_names, fold, looks_like_name
from lms.core.privacy.patterns import ADDRESS_PATTERNS, DOCUMENT_PATTERNS, PHONE_PATTERNS

MAX_FINDINGS = 12
_WORD = re.compile(r"[^\W\d_][\w'’-]*")


@dataclass(frozen=True)
class Finding:
    kind: str  # "name", "phone" (phone, passport or ID number) or "address"
    text: str


class IdentifyingText(ValueError):
    """A text looks identifying and its writer has not confirmed that it identifies nobody."""

    def __init__(self, findings: list[Finding]):
        super().__init__(
            _l(
                "This text looks as if it could identify someone. Edit it, or confirm that it "
                "contains no identifying details."
            )
        )
        self.findings = findings


Span = tuple[int, int, Finding]


def _name_spans(text: str) -> list[Span]:
    found = [
        (m.start(), m.end(), Finding("name", m.group()))
        for m in _WORD.finditer(text)
        if looks_like_name(m.group())
    ]
    for pattern in NAME_PATTERNS:
        for match in pattern.finditer(text):
            if match.group(1).casefold() not in NOT_SURNAMES:
                found.append((match.start(), match.end(), Finding("name", match.group(0))))
    return found


def _pattern_spans(text: str, kind: str, patterns) -> list[Span]:
    return [
        (m.start(), m.end(), Finding(kind, m.group(0).strip()))
        for p in patterns
        for m in p.finditer(text)
    ]


def _merged(text: str, spans: list[Span]) -> list[Finding]:
    """Findings in text order; overlapping ones become one (of the kind found first)."""
    merged: list[list] = []
    for start, end, finding in sorted(spans, key=lambda s: (s[0], -s[1])):
        if merged and start < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
            continue
        merged.append([start, end, finding.kind])
    found = [Finding(kind, text[start:end].strip()) for start, end, kind in merged]
    return list(dict.fromkeys(found))


def scan_text(text: str | None) -> list[Finding]:
    """What in a free text looks like a name, a phone or ID number, or an address."""
    if not text:
        return []
    spans = (
        _name_spans(text)
        + _pattern_spans(text, "phone", PHONE_PATTERNS + DOCUMENT_PATTERNS)
        + _pattern_spans(text, "address", ADDRESS_PATTERNS)
    )
    return _merged(text, spans)[:MAX_FINDINGS]


def scan_client_code(code: str | None) -> list[Finding]:
    """A client code is letters, digits and hyphens; a part of it may still be a name or phone."""
    if not code:
        return []
    found = [
        Finding("name", part)
        for part in re.split(r"[-0-9]+", code)
        if len(part) >= 3 and fold(part) in first_names()
    ]
    if re.search(r"[0-9]{6,}", code):
        found.append(Finding("phone", code))
    return found


def scan_entry(reflection: str, client_code: str | None) -> list[Finding]:
    return list(dict.fromkeys(scan_client_code(client_code) + scan_text(reflection)))[:MAX_FINDINGS]


def scan_texts(texts: Iterable[str | None], codes: Iterable[str | None] = ()) -> list[Finding]:
    """Every finding of several fields of one record (texts and client/case codes), once."""
    found = [f for code in codes for f in scan_client_code(code)]
    found += [f for text in texts for f in scan_text(text)]
    return list(dict.fromkeys(found))[:MAX_FINDINGS]


def require_clean(texts, codes=(), *, confirmed: bool) -> list[Finding]:
    """The findings; raises IdentifyingText when there are some and no confirmation."""
    findings = scan_texts(texts, codes)
    if findings and not confirmed:
        raise IdentifyingText(findings)
    return findings

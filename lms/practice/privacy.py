"""The privacy guard: does a reflection or client code look like it identifies someone?

The people in a practice log are vulnerable families; the log must never identify them. Before an
entry is submitted its text is checked for what looks like a personal name, a phone number or an
address. A finding is a warning, not a verdict: the trainee edits the text or confirms that it
identifies nobody, and the server refuses a submission that has findings and no confirmation.
See docs/practice.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from lms.i18n.collation import fold

NAMES_FILE = Path(__file__).parent / "data" / "first_names.txt"
MAX_FINDINGS = 12

_UPPER = "A-ZÄÇŇÖŞÜÝŽА-ЯЁ"
_LOWER = "a-zäçňöşüýža-яё"
_CAPITALISED = rf"[{_UPPER}][{_LOWER}'’]+"
_WORD = re.compile(r"[^\W\d_][\w'’-]*")

PHONE_PATTERNS = (
    re.compile(r"\+\s?993[\s\-()]*(?:[0-9][\s\-()]*){7}[0-9]"),  # +993 65 123456, +993 12 345678
    re.compile(
        r"(?<![0-9])8[\s\-]?\(?[0-9]{2,3}\)?[\s\-]?[0-9]{2}[\s\-]?[0-9]{2}[\s\-]?[0-9]{2}(?![0-9])"
    ),
    re.compile(
        r"(?<![0-9])6[0-9][\s\-]?[0-9]{2}[\s\-]?[0-9]{2}[\s\-]?[0-9]{2}(?![0-9])"
    ),  # 65 12 34 56
    re.compile(r"(?<![0-9])[0-9]{7,}(?![0-9])"),  # a long number: a phone, passport or ID number
)


def _anycase(*parts: str) -> re.Pattern:
    return re.compile("".join(parts), re.IGNORECASE)


ADDRESS_PATTERNS = (
    # Turkmen: "Azady köçesi", "Magtymguly şaýoly 45", "12-nji jaý", "jaý 12", "15-nji kwartira"
    _anycase(_CAPITALISED, r"\s+(?:köçesi|köçe|şaýoly|şaýol|ýoly|geçelgesi)\b"),
    _anycase(r"\b(?:köçe\w*|şaýol\w*|jaý\w*|kwartira\w*|öý|mkr|tam)\.?\s*(?:№\s*)?[0-9]+"),
    _anycase(r"[0-9]+\s*-?\s*(?:nji|njy|inji|ynjy|unjy|ünji)?\s+(?:jaý|köçe|kwartira|öý)\w*"),
    # Russian: "ул. Ленина 5", "улица Азади", "дом 12", "кв. 3", "мкр 2"
    _anycase(r"(?:улиц\w*|ул\.|проспект\w*|пр-т|переул\w*|пер\.|шоссе)\s*[А-ЯЁ0-9][\w\-]*"),
    _anycase(r"(?:\bдом|\bд\.|\bквартир\w*|\bкв\.|\bмкр\.?|\bмикрорайон\w*)\s*(?:№\s*)?[0-9]+"),
    # English: "12 Main Street", "house 4", "flat 3", "apartment 7"
    _anycase(
        r"\b(?:street|st\.|avenue|ave\.|road|house|flat|apartment|apt\.?)\s*(?:no\.?\s*)?[0-9]+"
    ),
    _anycase(r"[0-9]+\s+", _CAPITALISED, r"\s+(?:street|avenue|road)\b"),
)
NAME_PATTERNS = (
    # A title, or a relation, followed by a capitalised word: "Mrs Aýna", "mother Gülnar".
    re.compile(rf"\b(?i:mr|mrs|ms|miss|dr|г-н|г-жа)\.?\s+({_CAPITALISED})"),
    re.compile(
        r"\b(?i:mother|father|son|daughter|grandmother|grandfather|aunt|uncle|brother|sister|"
        r"wife|husband|named|called|client|boy|girl|"
        r"господин|госпожа|мать|мама|отец|папа|сын|дочь|бабушка|дедушка|брат|сестра|жена|муж|"
        r"зовут|имени|"
        r"ejesi|kakasy|oglu|gyzy|adamsy|aýaly|dogany|uýasy|jigisi|mamasy|babasy|diýen)"
        rf"\s+({_CAPITALISED})"
    ),
    # Turkmen: a capitalised word before an honorific or "atly" (named): "Aýna eje", "Myrat aga".
    re.compile(rf"({_CAPITALISED})\s+(?:eje|aga|daýza|baba|mama|gelneje|jan|atly)\b"),
    # Surnames: -ow/-owa/-ew/-ewa (Turkmen Latin), -ов/-ова/-ев/-ева (Cyrillic).
    re.compile(rf"\b([{_UPPER}][{_LOWER}]{{2,}}(?:owa|ow|ewa|ew|ýewa|ýew|ова|ов|ева|ев|ина))\b"),
)
# Case endings (folded) that may follow a name: Turkmen, Russian, English possessive.
NAME_ENDINGS = frozenset(
    ("nyn", "nin", "yn", "in", "ny", "ni", "y", "i", "a", "e", "na", "ne", "da", "de", "dan",
     "den", "nda", "nde", "ndan", "nden", "u", "а", "у", "е", "ы", "и", "ом", "ой", "ем", "ей",
     "ю", "'s", "’s")
)  # fmt: skip
# Capitalised English words that end like a surname.
NOT_SURNAMES = frozenset(
    ("below", "follow", "fellow", "yellow", "window", "widow", "tomorrow", "sorrow", "narrow",
     "borrow", "shadow", "meadow", "pillow", "hollow", "swallow", "review", "interview",
     "overview", "preview", "renew", "curfew", "anew", "elbow", "arrow", "marrow", "burrow",
     "furrow", "minnow")
)  # fmt: skip


@dataclass(frozen=True)
class Finding:
    kind: str  # "name", "phone" or "address"
    text: str


@cache
def first_names() -> frozenset[str]:
    lines = NAMES_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(fold(line.strip()) for line in lines if line.strip() and line[0] != "#")


def _is_first_name(word: str) -> bool:
    names = first_names()
    key = fold(word.rstrip("'’"))
    if key in names:
        return True
    # Turkmen and Russian add case endings to names: Aýnanyň, Jerene, Иваном, Aina's.
    return any(
        key[: -len(e)] in names for e in NAME_ENDINGS if key.endswith(e) and len(key) > len(e)
    )


Span = tuple[int, int, Finding]


def _name_spans(text: str) -> list[Span]:
    found = [
        (m.start(), m.end(), Finding("name", m.group()))
        for m in _WORD.finditer(text)
        if m.group()[0].isupper() and _is_first_name(m.group())
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


def scan_text(text: str) -> list[Finding]:
    """What in a free text looks like a name, a phone number or an address."""
    spans = (
        _name_spans(text)
        + _pattern_spans(text, "phone", PHONE_PATTERNS)
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

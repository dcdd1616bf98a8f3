"""Phone numbers, passport and ID numbers, and addresses (see docs/privacy-guard.md).

Turkmen numbers: the country code is +993; mobile numbers are 6X XXXXXX (operators' codes 61-65,
71), dialled at home as 8 6X XX XX XX; landlines are an area code (Ashgabat 12) and six digits.
Passports: the internal passport's series is "I-" and two letters of the velayat (I-AŞ, I-AH,
I-BN, I-DZ, I-LB, I-MR) then six digits; other documents carry two letters and six digits, and
the foreign passport one letter and seven digits. These formats are ASSUMPTIONS from examples
seen in practice, not an official specification: the patterns are deliberately wider.
"""

from __future__ import annotations

import re

from lms.core.privacy.names import CAPITALISED

_SEP = r"[\s\-()]*"
_LETTER = "A-ZÄÇŇÖŞÜÝŽА-ЯЁ"


def _anycase(*parts: str) -> re.Pattern:
    return re.compile("".join(parts), re.IGNORECASE)


PHONE_PATTERNS = (
    re.compile(rf"\+?\s?993{_SEP}(?:[0-9]{_SEP}){{7}}[0-9]"),  # +993 65 123456, 993 (12) 345678
    re.compile(
        r"(?<![0-9])8[\s\-]?\(?[0-9]{2,3}\)?[\s\-]?[0-9]{2}[\s\-]?[0-9]{2}[\s\-]?[0-9]{2}(?![0-9])"
    ),  # 8 65 12 34 56, 8 (12) 34-56-78
    re.compile(r"(?<![0-9])[67][0-9][\s\-]?[0-9]{2}[\s\-]?[0-9]{2}[\s\-]?[0-9]{2}(?![0-9])"),
    re.compile(r"\(\s?[0-9]{2,3}\s?\)\s?[0-9]{2}[\s\-]?[0-9]{2}[\s\-]?[0-9]{2}(?![0-9])"),
    re.compile(r"(?<![0-9])[0-9]{7,}(?![0-9])"),  # any long number: a phone, passport or ID
    _anycase(r"\b(?:tel|телефон|тел|phone|mob|mobile|jaň)\w*\.?:?\s*[0-9][0-9\s\-()]{4,}[0-9]"),
)
DOCUMENT_PATTERNS = (
    # I-AŞ 123456, I-AŞ № 123456, І-МР 123456 (internal passport; Cyrillic I and letters too)
    _anycase(rf"(?<![\w-])[IІ1]\s?[-–]\s?[{_LETTER}]{{2}}\s*№?\s*[0-9]{{6}}(?![0-9])"),
    # AŞ 123456, AH№123456: two capital letters and six digits (capitals only: "is 123456" is
    # an amount); A1234567: the foreign passport.
    re.compile(rf"(?<![\w-])[{_LETTER}]{{2}}\s?№?\s?[0-9]{{6}}(?![0-9])"),
    re.compile(rf"(?<![\w-])[{_LETTER}][0-9]{{7}}(?![0-9])"),
    # A document word then a number-like code, in any case: "pasport 123456", "ID: ab-123456".
    _anycase(
        r"\b(?:passport|pasport|паспорт|şahsyýetnama|şahadatnama|удостоверени|свидетельств|"
        r"id|birth certificate)\w*\.?:?\s*(?:№|no\.?|серии|seriýa\w*)?\s*[\w-]*[0-9]{4,}"
    ),
)
ADDRESS_PATTERNS = (
    # Turkmen: "Azady köçesi", "Magtymguly şaýoly 45", "12-nji jaý", "jaý 12", "15-nji kwartira"
    _anycase(CAPITALISED, r"\s+(?:köçesi|köçe|şaýoly|şaýol|ýoly|geçelgesi)\b"),
    _anycase(r"\b(?:köçe\w*|şaýol\w*|jaý\w*|kwartira\w*|öý|mkr|tam)\.?\s*(?:№\s*)?[0-9]+"),
    _anycase(r"[0-9]+\s*-?\s*(?:nji|njy|inji|ynjy|unjy|ünji)?\s+(?:jaý|köçe|kwartira|öý)\w*"),
    # Russian: "ул. Ленина 5", "улица Азади", "дом 12", "кв. 3", "мкр 2"
    _anycase(r"(?:улиц\w*|ул\.|проспект\w*|пр-т|переул\w*|пер\.|шоссе)\s*[А-ЯЁ0-9][\w\-]*"),
    _anycase(r"(?:\bдом|\bд\.|\bквартир\w*|\bкв\.|\bмкр\.?|\bмикрорайон\w*)\s*(?:№\s*)?[0-9]+"),
    # English: "12 Main Street", "house 4", "flat 3", "apartment 7"
    _anycase(
        r"\b(?:street|st\.|avenue|ave\.|road|house|flat|apartment|apt\.?)\s*(?:no\.?\s*)?[0-9]+"
    ),
    _anycase(r"[0-9]+\s+", CAPITALISED, r"\s+(?:street|avenue|road)\b"),
)

"""Alphabetical order for Turkmen and Russian, and accent-insensitive search.

Python's default order puts ``Ç`` and ``Ş`` after ``Z`` and Cyrillic after everything. People
expect their own alphabet:

- Turkmen: A B Ç D E Ä F G H I J Ž K L M N Ň O Ö P R S Ş T U Ü W Y Ý Z (Latin letters Turkmen
  does not use — C Q V X — keep their English places), then Cyrillic in Russian order;
- Russian: А Б В Г Д Е Ё Ж З И Й К Л М Н О П Р С Т У Ф Х Ц Ч Ш Щ Ъ Ы Ь Э Ю Я (Ё counts as Е
  first, as in dictionaries), then Latin letters without their accents;
- English: letters without their accents (Ç as C), then Cyrillic.

A key is a string whose plain code-point order is the alphabetical order; case and accents
decide only between names that are otherwise equal. Python sorts lists with it, and the
database orders people by the keys stored with their names (``users.name_key_<language>``,
indexed), compared code point by code point on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import unicodedata

TURKMEN = [
    "a",
    "b",
    "c",
    "ç",
    "d",
    "e",
    "ä",
    "f",
    "g",
    "h",
    "i",
    "j",
    "ž",
    "k",
    "l",
    "m",
    "n",
    "ň",
    "o",
    "ö",
    "p",
    "q",
    "r",
    "s",
    "ş",
    "t",
    "u",
    "ü",
    "v",
    "w",
    "x",
    "y",
    "ý",
    "z",
]
RUSSIAN = [
    "а",
    "б",
    "в",
    "г",
    "д",
    "е",
    "ё",
    "ж",
    "з",
    "и",
    "й",
    "к",
    "л",
    "м",
    "н",
    "о",
    "п",
    "р",
    "с",
    "т",
    "у",
    "ф",
    "х",
    "ц",
    "ч",
    "ш",
    "щ",
    "ъ",
    "ы",
    "ь",
    "э",
    "ю",
    "я",
]
LANGUAGES = ("tk", "ru", "en")

# Primary weights start above the characters that sort first (space, digits, punctuation).
_BASE = 0x400
_LETTER_GAP = 2  # room for a secondary weight per letter
_ABOVE_LETTERS = 0xE000  # past the surrogates, so every weight is a character UTF-8 can hold
_PRIMARY_FOLD = {"ё": "е"}  # Russian dictionaries file Ё under Е


def _weights(first: list[str], second: list[str]) -> dict[str, int]:
    table: dict[str, int] = {}
    for rank, letter in enumerate([*first, *second]):
        table[letter] = _BASE + rank * _LETTER_GAP
    return table


_LATIN_FOLDED = [letter for letter in TURKMEN if letter.isascii()]
_TABLES = {
    "tk": _weights(TURKMEN, RUSSIAN),
    "ru": _weights(RUSSIAN, _LATIN_FOLDED),
    "en": _weights(_LATIN_FOLDED, RUSSIAN),
}


def fold(text: str) -> str:
    """Lower case without accents: ``Aşgabat`` → ``asgabat``, ``Ёлка`` → ``елка``; ``й`` stays."""
    text = unicodedata.normalize("NFC", text or "").casefold()
    out = []
    for char in text:
        if char in "йЙ":
            out.append("й")
            continue
        decomposed = unicodedata.normalize("NFKD", char)
        out.append("".join(c for c in decomposed if not unicodedata.combining(c)))
    return "".join(out)


def sort_key(text: str, language: str) -> str:
    """A string whose code-point order is ``text``'s alphabetical order in ``language``."""
    table = _TABLES.get(language, _TABLES["tk"])
    text = unicodedata.normalize("NFC", text or "").strip()
    lowered = text.casefold()
    primary: list[str] = []
    for char in lowered:
        letter = _PRIMARY_FOLD.get(char, char) if language == "ru" else char
        weight = table.get(letter)
        if weight is None and language != "tk":
            weight = table.get(fold(char))
        if weight is None:
            base = fold(char)
            weight = table.get(base) if len(base) == 1 else None
        if weight is None:
            # Not a letter of either alphabet: spaces and punctuation first, the rest by code
            # point after every letter.
            code = ord(char)
            weight = code if code < _BASE else min(_ABOVE_LETTERS + code, 0x10FFFF)
        primary.append(chr(weight))
    # Ties: exact letters (Ё after Е, accents), then upper case after lower case.
    secondary = "".join(chr(0x20 + (0 if c == c.lower() else 1)) for c in text)
    return "".join(primary) + "\x01" + lowered + "\x01" + secondary


def sorted_by_name(items, language: str, name=lambda item: item.full_name) -> list:
    """Items in ``language``'s alphabetical order of their names."""
    return sorted(items, key=lambda item: sort_key(name(item), language))


# --- in SQL ----------------------------------------------------------------------------------


def register_sqlite_functions(dbapi_connection) -> None:
    """``lms_fold()`` for accent-insensitive search, on every SQLite connection."""
    dbapi_connection.create_function("lms_fold", 1, _fold_or_none, deterministic=True)


def _fold_or_none(text: str | None) -> str | None:
    return None if text is None else fold(text)


# PostgreSQL's lower() knows every alphabet; translate() then drops the accents of the letters
# people type in names and places here (the rest of fold()'s work).
_ACCENTED = "äçňöşüýžáàâãåéèêëíìîïñóòôõúùûÿčćğńřśšťźżё"
_PLAIN = "".join(fold(letter) for letter in _ACCENTED)


def folded(column, dialect: str):
    """SQL for ``fold(column)``: compare it with ``fold(search)`` to ignore case and accents."""
    from sqlalchemy import func

    if dialect == "sqlite":
        return func.lms_fold(column)
    return func.translate(func.lower(column), _ACCENTED, _PLAIN)

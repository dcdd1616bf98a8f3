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

from lms.i18n.languages import LANGUAGES

TURKMEN = list("abcçdeäfghijžklmnňoöpqrsştuüvwxyýz")
RUSSIAN = list("абвгдеёжзийклмнопрстуфхцчшщъыьэюя")

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
assert set(_TABLES) == set(LANGUAGES), "every language needs its alphabetical order"


# Letters that keep their identity in search although Unicode decomposes them: Russian
# dictionaries, keyboards and people treat "й" as a letter of its own ("мой" is not "мои").
_KEPT = frozenset("й")
# Letters without a decomposition that people still type for plain ones: the Turkish dotless
# ı (names of Turkish origin, Turkish keyboards), so "isik" finds "Işık" as it finds "IŞIK".
_PLAIN_LETTERS = str.maketrans({"ı": "i"})


def fold(text: str) -> str:
    """The search form of ``text``: lower case without accents, the one definition in the app.

    ``Aşgabat`` → ``asgabat``, ``Ёлка`` → ``елка``, ``Işık`` and ``IŞIK`` → ``isik``,
    ``Йомуд`` → ``йомуд`` (``й`` stays). Python searches, the SQLite ``lms_fold()`` function and
    the PostgreSQL expression of :func:`folded` all agree with it.
    """
    text = unicodedata.normalize("NFC", text or "").casefold()
    out = []
    for char in text:
        if char in _KEPT:
            out.append(char)
            continue
        decomposed = unicodedata.normalize("NFKD", char)
        out.append("".join(c for c in decomposed if not unicodedata.combining(c)))
    return "".join(out).translate(_PLAIN_LETTERS)


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


# PostgreSQL has no fold(): translate() maps every Latin and Cyrillic letter that fold()
# changes into one letter, upper case included (lower() knows only ASCII under a "C" ctype);
# replace() handles the few that fold into two (ß → ss); lower() does the rest.
_LETTERS = [chr(code) for code in (*range(0xC0, 0x250), *range(0x400, 0x460))]
_SINGLE = {c: fold(c) for c in _LETTERS if len(fold(c)) == 1 and fold(c) != c}
_MULTIPLE = {c: fold(c) for c in _LETTERS if len(fold(c)) > 1}
_FROM, _TO = "".join(_SINGLE), "".join(_SINGLE.values())


def folded(column, dialect: str):
    """SQL for ``fold(column)``: compare it with ``fold(search)`` to ignore case and accents."""
    from sqlalchemy import func

    if dialect == "sqlite":
        return func.lms_fold(column)
    expression = func.translate(column, _FROM, _TO)
    for char, replacement in _MULTIPLE.items():
        expression = func.replace(expression, char, replacement)
    return func.lower(expression)

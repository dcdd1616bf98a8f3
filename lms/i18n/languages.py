"""The languages of the platform: the one list that configuration, forms, sort keys, message
catalogues, the content loader and templates derive theirs from.

Adding a language starts here; the database still has a column per language for names and
sort keys (``name_<code>``, ``name_key_<code>``), which only a migration can add.
"""

from __future__ import annotations

# In the order they are offered: Turkmen, the country's language, first.
LANGUAGES = ("tk", "ru", "en")
# Each language named in itself, as a reader looks for it: never translated.
LANGUAGE_NAMES = {"tk": "Türkmençe", "ru": "Русский", "en": "English"}
# The interface when nothing else decides.
DEFAULT_LANGUAGE = "tk"
# Messages and curricula are written in English and fall back to it.
SOURCE_LANGUAGE = "en"
# The languages translators work in (message catalogues, lesson translations).
TRANSLATED_LANGUAGES = tuple(code for code in LANGUAGES if code != SOURCE_LANGUAGE)

assert set(LANGUAGE_NAMES) == set(LANGUAGES), "every language needs its own name"


def language_or(code: str | None, fallback: str) -> str:
    """``code`` if it is one of ours, else ``fallback``."""
    return code if code in LANGUAGES else fallback


def bilingual_pair(language: str) -> tuple[str, str]:
    """The two languages of a bilingual document (certificates): Turkmen, and the reader's own
    language, or English for a Turkmen reader (documents travel abroad)."""
    second = language_or(language, SOURCE_LANGUAGE)
    return DEFAULT_LANGUAGE, SOURCE_LANGUAGE if second == DEFAULT_LANGUAGE else second

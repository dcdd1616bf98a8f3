"""Rules for usernames and people's names in Latin (Turkmen, English) and Cyrillic scripts.

Names are stored exactly as typed, after Unicode NFC normalisation, so "Ýazgül" typed with a
combining accent and with a precomposed letter is one and the same name.
"""

from __future__ import annotations

import re
import unicodedata

from flask_babel import gettext as _

USERNAME_MAX = 64
USERNAME_PATTERN = re.compile(r"^[\w.\-]+$")

# Cyrillic letters that look like Latin ones: folded so that "аdmin" (Cyrillic а) and "admin"
# are the same account name.
_CONFUSABLES = str.maketrans(
    {
        "а": "a",
        "в": "b",
        "е": "e",
        "ё": "e",
        "з": "3",
        "і": "i",
        "ј": "j",
        "к": "k",
        "м": "m",
        "н": "h",
        "о": "o",
        "р": "p",
        "с": "c",
        "т": "t",
        "у": "y",
        "х": "x",
        "ѕ": "s",
        "ԁ": "d",
        "ԛ": "q",
        "ԝ": "w",
        "ь": "b",
        "ӏ": "l",
    }
)


class InvalidName(ValueError):
    """A username or name breaks a rule; the message is shown to the person who typed it."""


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text).strip()


def script_of(char: str) -> str | None:
    """'latin', 'cyrillic' or None for characters that belong to no script (digits, marks)."""
    if not char.isalpha():
        return None
    name = unicodedata.name(char, "")
    if name.startswith("LATIN"):
        return "latin"
    if name.startswith("CYRILLIC"):
        return "cyrillic"
    return "other"


def scripts_in(text: str) -> set[str]:
    return {s for s in map(script_of, text) if s is not None}


def username_key(username: str) -> str:
    """The form under which usernames must be unique: NFC, case-folded, confusables folded."""
    return nfc(username).casefold().translate(_CONFUSABLES)


def clean_username(raw: str) -> str:
    """Validate a new username and return it NFC-normalised, or raise InvalidName."""
    username = nfc(raw)
    if not username:
        raise InvalidName(_("A username is required."))
    # Case folding can lengthen a name (ß → ss): the key must fit its column as well.
    if max(len(username), len(username_key(username))) > USERNAME_MAX:
        raise InvalidName(_("A username has at most %(max)d characters.", max=USERNAME_MAX))
    if not USERNAME_PATTERN.match(username):
        raise InvalidName(
            _("A username may contain letters, digits, dots, hyphens and underscores.")
        )
    scripts = scripts_in(username)
    if len(scripts) > 1 or "other" in scripts:
        raise InvalidName(
            _("A username must be written in one script (Latin or Cyrillic), not a mix of both.")
        )
    return username


def clean_full_name(raw: str) -> str:
    """Validate a person's full name; return it NFC-normalised with single spaces."""
    name = " ".join(nfc(raw).split())
    if not name:
        raise InvalidName(_("A full name is required."))
    if len(name) > 200:
        raise InvalidName(_("A full name has at most %(max)d characters.", max=200))
    for word in name.split(" "):
        if len(scripts_in(word) - {"other"}) > 1:
            raise InvalidName(
                _(
                    "“%(word)s” mixes Latin and Cyrillic letters; type each word in one alphabet.",
                    word=word,
                )
            )
    if any(unicodedata.category(ch).startswith("C") for ch in name):
        raise InvalidName(_("A full name cannot contain control characters."))
    return name

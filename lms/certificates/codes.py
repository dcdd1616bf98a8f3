"""Verification codes people can read aloud and type: 16 random characters (80 bits) in
Crockford's base-32 alphabet plus a check character (Luhn mod 32), shown as XXXX-XXXX-XXXX-XXXX-C.

The check character catches every single mistyped character and most swapped neighbours, so a
typo is told apart from a code that was never issued.
"""

from __future__ import annotations

import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # no I, L, O, U: nothing to confuse
DATA_LENGTH = 16
_VALUE = {char: index for index, char in enumerate(ALPHABET)}
# Letters people type for the ones left out (Crockford's decoding rules).
_READ_AS = str.maketrans({"I": "1", "L": "1", "O": "0", "U": "V"})


class CodeTypo(ValueError):
    """The code is well formed but its check character does not match: a typing mistake."""


def _check_character(data: str) -> str:
    """Luhn mod N over the alphabet: doubles every second value from the right."""
    n = len(ALPHABET)
    total = 0
    for position, char in enumerate(reversed(data)):
        value = _VALUE[char]
        if position % 2 == 0:
            value *= 2
            value = value // n + value % n
        total += value
    return ALPHABET[(n - total % n) % n]


def new_code() -> str:
    """A fresh code in its stored form (no hyphens): 16 data characters + 1 check character."""
    data = "".join(secrets.choice(ALPHABET) for _ in range(DATA_LENGTH))
    return data + _check_character(data)


def display(code: str) -> str:
    data, check = code[:DATA_LENGTH], code[DATA_LENGTH:]
    groups = [data[i : i + 4] for i in range(0, DATA_LENGTH, 4)]
    return "-".join(groups + [check])


def normalise(text: str) -> str | None:
    """The stored form of what someone typed, or None if it cannot be a code at all.

    Case, spaces and hyphens do not matter; I/L read as 1, O as 0. Raises CodeTypo when the
    check character does not match.
    """
    cleaned = "".join(ch for ch in text.upper() if ch not in " -\t").translate(_READ_AS)
    if len(cleaned) != DATA_LENGTH + 1 or any(ch not in _VALUE for ch in cleaned):
        return None
    if _check_character(cleaned[:DATA_LENGTH]) != cleaned[DATA_LENGTH]:
        raise CodeTypo(cleaned)
    return cleaned

"""Personal names: a list of common first names, compared after folding, and name patterns.

Folding makes one key of every spelling of a name: case, Turkmen diacritics, Cyrillic letters
(transliterated the Turkmen way: в→w, ж→j, ч→ç→c, ш→ş→s) and the English digraphs (sh, ch, zh,
dj) all fold away, so the Latin "Ogulgerek", the Cyrillic "Огулгерек" and the English
"Ogulgerek" are one name, and a name listed in one script is found in the others.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

NAMES_FILE = Path(__file__).parent / "data" / "first_names.txt"

_CYRILLIC = dict(
    zip("абвгдезийклмнопрстуфхцчшщыэәөүңҗ", "abwgdeziyklmnoprstufhccssyeaounj", strict=True)
)
_LETTERS = str.maketrans(
    {**_CYRILLIC, "ё": "yo", "ж": "j", "ю": "yu", "я": "ya", "ъ": None, "ь": None, "'": None,
     "’": None,
     "ä": "a", "ç": "c", "ň": "n", "ö": "o", "ş": "s", "ü": "u", "ý": "y", "ž": "j", "v": "w"}
)  # fmt: skip
_DIGRAPHS = (("дж", "j"), ("dzh", "j"), ("dj", "j"), ("sh", "s"), ("ch", "c"), ("zh", "j"),
             ("kh", "h"))  # fmt: skip
UPPER = "A-ZÄÇŇÖŞÜÝŽА-ЯЁӘӨҮҢҖ"
LOWER = "a-zäçňöşüýžа-яёәөүңҗ"
CAPITALISED = rf"[{UPPER}][{LOWER}'’]+"

# Case endings, folded, that Turkmen (genitive, dative, locative, ablative, accusative),
# Russian (instrumental, genitive, dative...) and English ('s) add to a name.
ENDINGS = ("nyn", "nin", "yn", "in", "ny", "ni", "y", "i", "a", "e", "na", "ne", "da", "de",
           "dan", "den", "nda", "nde", "ndan", "nden", "u", "om", "oy", "em", "ey", "yu", "ya",
           "s")  # fmt: skip
# Turkmen voices a final consonant before a vowel ending (Mämmet → Mämmediň, Rejep → Rejebiň).
_VOICED = {"d": "t", "b": "p", "g": "k", "j": "c"}

# Names that are also everyday words (folded): "döwlet" state, "maksat" aim, "sapar" journey,
# "berdi" gave, "durdy" stood, "aýna" mirror, "anna" Friday, "надежда" hope... Written in lower
# case they are words, so only their capitalised form is taken for a name.
WORD_NAMES = frozenset(
    ("ayna", "jeren", "lale", "gunca", "tylla", "merjen", "gozel", "sirin", "bagtyyar",
     "bayram", "dowlet", "dowran", "eziz", "guwanc", "kemal", "maksat", "mekan", "merdan",
     "nazar", "parahat", "rahman", "resul", "satlyk", "sohrat", "sapar", "arzuw", "yhlas",
     "begenc", "dayanc", "oraz", "hemra", "mahri", "zohre", "nazik", "jemal", "anna", "berdi",
     "durdy", "toyly", "agajan", "kakajan", "enejan", "atajan", "nadejda", "selbi", "nury",
     "gulalek", "gulbahar", "maysa", "marina", "maksim", "arslan", "rustam")
)  # fmt: skip

NAME_PATTERNS = (
    # A title, or a relation, followed by a capitalised word: "Mrs Aýna", "mother Gülnar".
    re.compile(rf"\b(?i:mr|mrs|ms|miss|dr|г-н|г-жа)\.?\s+({CAPITALISED})"),
    re.compile(
        r"\b(?i:mother|father|son|daughter|grandmother|grandfather|aunt|uncle|brother|sister|"
        r"wife|husband|named|called|client|boy|girl|"
        r"господин|госпожа|мать|мама|отец|папа|сын|дочь|бабушка|дедушка|брат|сестра|жена|муж|"
        r"зовут|имени|"
        r"ejesi|kakasy|oglu|gyzy|adamsy|aýaly|dogany|uýasy|jigisi|mamasy|babasy|diýen)"
        rf"\s+({CAPITALISED})"
    ),
    # Turkmen: a capitalised word before an honorific or "atly" (named): "Aýna eje", "Myrat aga".
    re.compile(rf"({CAPITALISED})\s+(?:eje|aga|daýza|baba|mama|gelneje|jan|atly)\b"),
    # Surnames: -ow/-owa/-ew/-ewa (Turkmen Latin), -ов/-ова/-ев/-ева/-ина (Cyrillic).
    re.compile(rf"\b([{UPPER}][{LOWER}]{{2,}}(?:owa|ow|ewa|ew|ýewa|ýew|ова|ов|ева|ев|ина))\b"),
)
# Capitalised English words that end like a surname.
NOT_SURNAMES = frozenset(
    ("below", "follow", "fellow", "yellow", "window", "widow", "tomorrow", "sorrow", "narrow",
     "borrow", "shadow", "meadow", "pillow", "hollow", "swallow", "review", "interview",
     "overview", "preview", "renew", "curfew", "anew", "elbow", "arrow", "marrow", "burrow",
     "furrow", "minnow")
)  # fmt: skip


def fold(word: str) -> str:
    """One key for every spelling: Aýna, AYNA, Айна and Ayna all fold to "ayna"."""
    key = word.casefold()
    for digraph, letter in _DIGRAPHS:
        key = key.replace(digraph, letter)
    return key.translate(_LETTERS)


@cache
def first_names() -> frozenset[str]:
    lines = NAMES_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(fold(line.strip()) for line in lines if line.strip() and line[0] != "#")


def _stems(key: str):
    yield key
    for ending in ENDINGS:
        if key.endswith(ending) and len(key) - len(ending) >= 3:
            stem = key[: -len(ending)]
            yield stem
            yield stem + "a"  # Russian replaces the final -a: Ольги, Айной
            if stem[-1] in _VOICED:
                yield stem[:-1] + _VOICED[stem[-1]]


def name_in(word: str) -> str | None:
    """The listed first name this word is (with any case ending), or None."""
    names = first_names()
    return next((stem for stem in _stems(fold(word)) if stem in names), None)


def looks_like_name(word: str) -> bool:
    """A listed name; in lower case only if the name is not also an everyday word."""
    name = name_in(word)
    return name is not None and (word[0].isupper() or name not in WORD_NAMES)

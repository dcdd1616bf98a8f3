"""Turkmen given names and surnames for the generated people.

Real-looking names (with ä ç ň ö ş ü ý ž) exercise the same sorting, escaping and rendering paths
as the programme's real users; filler text would not. Names are combined at random, so the list
stays short while 10,000 people still get varied names.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

FEMALE_GIVEN = (
    "Aýgül",
    "Bägül",
    "Maýsa",
    "Gülşat",
    "Jeren",
    "Şirin",
    "Zöhre",
    "Ogulgerek",
    "Gözel",
    "Ýazgül",
    "Aýna",
    "Enejan",
    "Mähri",
    "Selbi",
    "Leýli",
    "Nurjemal",
    "Ogulnabat",
    "Sona",
    "Tylla",
    "Bahar",
    "Dursun",
    "Gülälek",
    "Läle",
    "Mahym",
    "Näzik",
    "Ogulbike",
    "Sülgün",
    "Merjen",
    "Altyn",
    "Ejegyz",
    "Aýsoltan",
    "Gunça",
    "Meňli",
    "Ogulşat",
    "Täzegül",
)

MALE_GIVEN = (
    "Merdan",
    "Serdar",
    "Döwlet",
    "Annageldi",
    "Nury",
    "Batyr",
    "Berdi",
    "Dowran",
    "Eziz",
    "Gurban",
    "Hojamyrat",
    "Kerim",
    "Maksat",
    "Nurmuhammet",
    "Orazgeldi",
    "Perhat",
    "Rejep",
    "Saparmyrat",
    "Täçmyrat",
    "Wepa",
    "Ýusup",
    "Arslan",
    "Begenç",
    "Atabaý",
    "Myrat",
    "Çary",
    "Ylýas",
    "Kakajan",
    "Agamyrat",
    "Resul",
    "Şatlyk",
    "Öwez",
    "Jumageldi",
)

# Masculine forms; the feminine adds "a" (Orazow -> Orazowa, Annaýew -> Annaýewa).
SURNAMES = (
    "Annaýew",
    "Orazow",
    "Hojamuradow",
    "Ataýew",
    "Gurbanow",
    "Rejepow",
    "Amanow",
    "Çaryýew",
    "Kakabaýew",
    "Öwezow",
    "Nurýagdyýew",
    "Muhammedow",
    "Saparow",
    "Berdiýew",
    "Nurmuhammedow",
    "Durdyýew",
    "Hallyýew",
    "Meredow",
    "Baýramow",
    "Ýazmyradow",
    "Allaberdiýew",
    "Täçmyradow",
    "Garaýew",
    "Gylyjow",
    "Seýidow",
    "Ussaýew",
    "Pirliýew",
    "Jumaýew",
    "Nazarow",
    "Babaýew",
    "Halmyradow",
    "Esenow",
    "Ilamanow",
    "Söýünow",
    "Akmyradow",
    "Şyhmyradow",
    "Çopanow",
)

# Turkmen Latin letters outside ASCII, spelled the way people type them in logins and e-mails.
_ASCII = str.maketrans({"ä": "a", "ç": "ch", "ň": "n", "ö": "o", "ş": "sh", "ü": "u", "ý": "y"})
_ASCII.update(str.maketrans({"ž": "zh"}))


@dataclass(frozen=True)
class Person:
    full_name: str
    username: str


def ascii_login(text: str) -> str:
    return text.lower().translate(_ASCII)


def person(rng: random.Random, serial: int, female_share: float = 0.7) -> Person:
    """A random person; ``serial`` makes the username unique (``aygul.orazowa417``)."""
    female = rng.random() < female_share
    given = rng.choice(FEMALE_GIVEN if female else MALE_GIVEN)
    surname = rng.choice(SURNAMES) + ("a" if female else "")
    return Person(f"{given} {surname}", f"{ascii_login(given)}.{ascii_login(surname)}{serial}")

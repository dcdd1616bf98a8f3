"""Username and name rules across Latin (Turkmen) and Cyrillic."""

import unicodedata

import pytest

from lms.accounts.names import InvalidName, clean_full_name, clean_username, username_key


@pytest.mark.parametrize(
    "name", ["Ýazgül Saparowa", "Şirin Öwezowa", "Мария Иванова", "Jeren Kakabaýewa"]
)
def test_full_names_in_one_script_per_word_are_kept_exactly(name):
    assert clean_full_name(name) == name


def test_nfd_names_are_stored_nfc():
    decomposed = unicodedata.normalize("NFD", "Ýazgül Öwezowa")
    assert decomposed != "Ýazgül Öwezowa"
    assert clean_full_name(decomposed) == "Ýazgül Öwezowa"


def test_a_word_mixing_latin_and_cyrillic_is_rejected():
    with pytest.raises(InvalidName, match="mixes Latin and Cyrillic"):
        clean_full_name("Aýgul Oрazowa")  # the р is Cyrillic


def test_username_mixing_scripts_is_rejected():
    with pytest.raises(InvalidName, match="one script"):
        clean_username("аdmin")  # Cyrillic а + Latin dmin


def test_lookalike_usernames_share_a_key():
    assert username_key("АDMIN") == username_key("admin")  # all-Cyrillic look-alike
    assert username_key("Merdan") == username_key("MERDAN")


def test_usernames_are_compared_after_nfc():
    assert username_key(unicodedata.normalize("NFD", "aýgül")) == username_key("aýgül")


@pytest.mark.parametrize("bad", ["", "has space", "semi;colon", "x" * 65, "<script>"])
def test_bad_usernames_are_rejected_with_a_message(bad):
    with pytest.raises(InvalidName):
        clean_username(bad)

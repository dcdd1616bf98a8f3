"""Verification codes: 80 random bits, readable alphabet, a check character that catches typos."""

import pytest

from lms.certificates.codes import ALPHABET, CodeTypo, display, new_code, normalise


def test_a_new_code_has_16_data_characters_and_a_check_character():
    code = new_code()
    assert len(code) == 17 and set(code) <= set(ALPHABET)
    assert len(ALPHABET) ** 16 >= 2**80
    assert normalise(code) == code


def test_codes_are_read_case_and_hyphen_insensitively_with_lookalikes_folded():
    code = new_code()
    typed = display(code).lower().replace("0", "o").replace("1", "l")
    assert normalise(typed) == code


def test_every_single_character_typo_is_caught():
    code = new_code()
    for position in range(len(code)):
        for wrong in ALPHABET:
            if wrong == code[position]:
                continue
            typo = code[:position] + wrong + code[position + 1 :]
            with pytest.raises(CodeTypo):
                normalise(typo)


def test_something_that_cannot_be_a_code_is_none():
    assert normalise("hello") is None
    assert normalise("ABCD-EFGH-JKMN-PQRS-TVWX-YZ") is None

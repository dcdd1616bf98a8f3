"""Properties of verification codes (Hypothesis): normalising never fails but with CodeTypo,
is idempotent, and the check character catches every single-character change."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lms.certificates.codes import ALPHABET, DATA_LENGTH, CodeTypo, display, normalise

SETTINGS = settings(max_examples=150, deadline=None)
DATA = st.text(ALPHABET, min_size=DATA_LENGTH, max_size=DATA_LENGTH)


def _code(data: str) -> str:
    """The stored code of ``data``: the one check character that normalises."""
    for check in ALPHABET:
        try:
            if normalise(data + check):
                return data + check
        except CodeTypo:
            continue
    raise AssertionError("no check character fits")


@SETTINGS
@given(st.one_of(st.text(max_size=30), st.text(ALPHABET + "-ilou ", max_size=25)))
def test_normalise_answers_a_code_none_or_code_typo_and_is_idempotent(text):
    try:
        code = normalise(text)
    except CodeTypo:
        return
    if code is not None:
        assert normalise(code) == code
        assert normalise(display(code)) == code
        assert len(code) == DATA_LENGTH + 1 and set(code) <= set(ALPHABET)


@SETTINGS
@given(DATA, st.integers(min_value=0, max_value=DATA_LENGTH), st.sampled_from(ALPHABET))
def test_every_single_character_change_is_caught(data, position, replacement):
    code = _code(data)
    if code[position] == replacement:
        return
    changed = code[:position] + replacement + code[position + 1 :]
    with pytest.raises(CodeTypo):
        normalise(changed)


@SETTINGS
@given(DATA)
def test_only_one_check_character_fits(data):
    fitting = []
    for check in ALPHABET:
        try:
            normalise(data + check)
            fitting.append(check)
        except CodeTypo:
            pass
    assert len(fitting) == 1

"""Properties of marking typed quiz answers (Hypothesis): numbers are read only when written
with ASCII digits (as everywhere else, ``lms.core.numbers``) and round-trip, the tolerance
agrees with plain arithmetic, and a short answer's ``*`` matches any text, never raising."""

import math
import re

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from lms.quizzes.grading import numerical_answer, parse_number, shortanswer_matches

SETTINGS = settings(max_examples=150, deadline=None)
ODD = st.sampled_from(["²", "١", "٣", "８", "_", "\x00", "\ud800", " ", ",", ".", "e", "-", "+"])
TEXT = st.one_of(
    st.text(max_size=20),
    st.lists(st.one_of(st.sampled_from("0123456789"), ODD), max_size=12).map("".join),
    st.sampled_from(["nan", "inf", "-Infinity", "1_000", "１２", "١٢", "1e999", "0x10"]),
)
# A decimal number in ASCII, with a decimal point or a decimal comma, as a trainee types it.
ASCII_NUMBER = re.compile(r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?")


def _oracle(text: str) -> float | None:
    cleaned = text.strip().replace(" ", "")
    if "," in cleaned and "." not in cleaned:
        cleaned = cleaned.replace(",", ".")
    if not ASCII_NUMBER.fullmatch(cleaned):
        return None
    value = float(cleaned)
    return value if math.isfinite(value) else None


@SETTINGS
@given(TEXT)
def test_a_number_is_read_only_from_ascii_digits(text):
    assert parse_number(text) == _oracle(text)


@SETTINGS
@given(st.floats(allow_nan=False, allow_infinity=False))
def test_a_number_round_trips(value):
    assert parse_number(repr(value)) == value
    assert parse_number(f" {value!r} ".replace(".", ",")) == value


QUESTION_VALUES = st.integers(min_value=-(10**6), max_value=10**6)


@SETTINGS
@given(QUESTION_VALUES, st.integers(min_value=0, max_value=1000), QUESTION_VALUES)
def test_the_tolerance_agrees_with_arithmetic(value, tolerance, response):
    question = {
        "numerical": [
            {"value": float(value), "tolerance": float(tolerance), "fraction": 1.0},
            {"value": None, "tolerance": 0.0, "fraction": 0.0},  # the catch-all
        ]
    }
    answer = numerical_answer(question, str(response))
    assert answer["fraction"] == (1.0 if abs(response - value) <= tolerance else 0.0)


@SETTINGS
@given(st.text(max_size=30), st.text(max_size=30))
def test_short_answers_never_raise(response, pattern):
    assert shortanswer_matches(response, pattern) in (True, False)


@SETTINGS
@given(st.text(max_size=30).filter(lambda t: "*" not in t))
def test_an_answer_without_stars_accepts_itself(text):
    assert shortanswer_matches(text, text)


PLAIN = st.text(st.sampled_from("abcxyzAZ019 -'"), min_size=1, max_size=10).map(str.strip)
# Any text that does not start with a combining mark (which would join the letter before it).
MIDDLE = st.text(st.characters(exclude_categories=("Mn", "Mc", "Me", "Cs")), max_size=20)


@SETTINGS
@given(PLAIN, MIDDLE, PLAIN)
def test_a_star_matches_any_text_and_case_does_not_matter(prefix, middle, suffix):
    assume(prefix and suffix)
    typed = (prefix + middle + suffix).swapcase()
    assert shortanswer_matches(typed, f"{prefix}*{suffix}")
    assert shortanswer_matches(typed, "*")
    assert shortanswer_matches(middle + suffix, f"*{suffix}")


@SETTINGS
@given(PLAIN, PLAIN)
def test_an_escaped_star_is_a_star(before, after):
    assume(before and after)
    assert shortanswer_matches(f"{before}*{after}", f"{before}\\*{after}")
    assert not shortanswer_matches(f"{before}x{after}", f"{before}\\*{after}")

"""Properties of the GIFT reader (Hypothesis): any text gives questions or GiftError and
nothing else, and a generated multiple-choice question (special characters escaped) parses
back to its text, answers and fractions."""

from hypothesis import given, settings
from hypothesis import strategies as st

from lms.quizzes.gift import GiftError, parse_gift

SETTINGS = settings(max_examples=120, deadline=None)
GIFT_PIECES = st.sampled_from(
    ["{", "}", "=", "~", "#", "::", "->", "%50%", "%-100%", "\\", "\n\n", "\n", "//", " ",
     "$CATEGORY: a", "[html]", "[markdown]", "TRUE", "F", "1..2", ":3", "\x00", "\ud800", "²"]
)  # fmt: skip


@SETTINGS
@given(st.one_of(st.text(max_size=60), st.lists(st.one_of(GIFT_PIECES, st.text(max_size=4)),
                                                max_size=25).map("".join)))  # fmt: skip
def test_any_text_gives_questions_or_gift_error(text):
    try:
        questions = parse_gift(text)
    except GiftError:
        return
    assert isinstance(questions, list)


WORD = st.text(
    st.sampled_from("abcdefghijklmnopqrstuvwxyzäçňöşüýžАБВабвж0123456789~=#{}:"),
    min_size=1,
    max_size=8,
)


def _escape(text: str) -> str:
    return "".join("\\" + c if c in "~=#{}:\\" else c for c in text)


def _words(words: list[str]) -> str:
    return " ".join(words)


OPTION = st.lists(WORD, min_size=1, max_size=3).map(_words)


@SETTINGS
@given(
    st.lists(WORD, min_size=1, max_size=5).map(_words),
    st.lists(OPTION, min_size=2, max_size=5, unique=True),
)
def test_a_generated_multiple_choice_question_parses_back(text, options):
    body = " ".join(("=" if i == 0 else "~") + _escape(o) for i, o in enumerate(options))
    (question,) = parse_gift(f"::Q1:: {_escape(text)} {{{body}}}\n")
    assert question.type == "multichoice"
    assert question.text == text
    assert [a.text for a in question.answers] == options
    assert [a.fraction for a in question.answers] == [1.0] + [0.0] * (len(options) - 1)

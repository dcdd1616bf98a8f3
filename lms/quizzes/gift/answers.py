"""The answer block ``{...}``: which question type it makes, and its answers.

The order of the type checks, and what each type accepts, follow Moodle's GIFT importer
(question/format/gift/format.php). Where Moodle would import something its own question editor
refuses (no option earning credit, weights that do not add up), we report it instead.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from decimal import Decimal

from flask_babel import gettext as _

from lms.quizzes.gift.lexer import WHITESPACE, Block, Span
from lms.quizzes.gift.model import Answer, NumericalAnswer
from lms.quizzes.gift.texts import (
    clean,
    has_weight,
    read_text,
    read_weight,
    split_feedback,
    split_marked,
    split_span,
)

TRUE_FALSE = ("T", "TRUE", "F", "FALSE")  # upper case only, as in Moodle
# Only plain ASCII numbers: float() would also take "1_0", "NaN", "inf" and non-ASCII digits.
_NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?")

Fields = dict[str, object]


def answer_type(answer_text: str) -> str:
    """The question type an answer block (trimmed, general feedback removed) stands for."""
    if not answer_text:
        return "essay"
    if answer_text.startswith("#"):
        return "numerical"
    if "~" in answer_text:
        return "multichoice"
    if "=" in answer_text and "->" in answer_text:
        return "matching"
    if answer_text.split("#", 1)[0].strip(WHITESPACE) in TRUE_FALSE:
        return "truefalse"
    return "shortanswer"


def parse_answers(block: Block, kind: str, body: Span) -> Fields:
    """Read the answers of a block of type ``kind``; return the Question fields they fill."""
    parser = _PARSERS.get(kind)
    return parser(block, body) if parser else {"type": kind}


def parse_choices(block: Block, body: Span) -> Fields:
    """``{=right ~wrong}`` is multiple choice; without ``=`` it is multiple answer."""
    single = "=" in body.text
    answers = tuple(_choice(block, marker, piece) for marker, piece in split_marked(body, "~="))
    if len(answers) < 2:
        block.report(body.offset, _("a multiple-choice question needs at least 2 options"))
    elif not single:
        total = round(sum(answer.fraction for answer in answers if answer.fraction > 0), 2)
        if total != 1:
            percentage = f"{total:.0%}"
            block.report(
                body.offset,
                _(
                    "the positive weights of this multiple-answer question add up to %(total)s,"
                    " not 100%% (mark the right option with = or give weights like %(example)s)",
                    total=percentage,
                    example="~%50%",
                ),
            )
    return {"type": "multichoice" if single else "multiresponse", "answers": answers}


def _choice(block: Block, marker: str, piece: Span) -> Answer:
    if marker == "=" and has_weight(piece):
        # Moodle would give the option 100% and show "%50%" as part of its text.
        block.report(
            piece.strip().offset,
            _(
                "'=' marks a 100%% option; write %(example)s for partial credit in multiple choice",
                example="~%50%...",
            ),
        )
    fraction, piece = read_weight(block, piece, 0.0)
    if marker == "=":
        fraction = 1.0
    return _answer(block, piece, fraction)


def _answer(block: Block, piece: Span, fraction: float) -> Answer:
    text, feedback = split_feedback(block, piece)
    if not text:
        block.report(piece.offset, _("an answer is empty"))
    return Answer(text, fraction, feedback)


def parse_shortanswer(block: Block, body: Span) -> Fields:
    """``{=cat =%50%kitten}``: every answer accepted, with its weight (100% by default)."""
    answers = []
    for _marker, piece in split_marked(body, "="):
        fraction, rest = read_weight(block, piece, 1.0)
        answers.append(_answer(block, rest, fraction))
    _require_full_marks(block, body, [answer.fraction for answer in answers])
    return {"type": "shortanswer", "answers": tuple(answers)}


def parse_truefalse(block: Block, body: Span) -> Fields:
    """``{FALSE#shown if wrong#shown if right}``: Moodle's first feedback is for a wrong answer."""
    pieces = split_span(body, "#", 3)
    correct = pieces[0].strip().text in ("T", "TRUE")
    wrong = read_text(block, pieces[1]) if len(pieces) > 1 else ""
    right = read_text(block, pieces[2]) if len(pieces) > 2 else ""
    return {
        "type": "truefalse",
        "correct": correct,
        "feedback_true": right if correct else wrong,
        "feedback_false": wrong if correct else right,
    }


def parse_matching(block: Block, body: Span) -> Fields:
    """``{=item -> match ...}``; ``= -> extra`` adds a distractor (a pair with no item)."""
    pieces = split_marked(body, "=")
    pairs = tuple(pair for _marker, piece in pieces if (pair := _pair(block, piece)))
    if sum(1 for left, _right in pairs if left) < 2:
        block.report(
            body.offset,
            _("a matching question needs at least 2 pairs (a '= -> x' distractor does not count)"),
        )
    return {"type": "matching", "pairs": pairs}


def _pair(block: Block, piece: Span) -> tuple[str, str] | None:
    piece = piece.strip()
    arrow = piece.text.find("->")
    if arrow < 0:
        block.report(piece.offset, _("a matching pair needs '->' between the item and its match"))
        return None
    right = clean(piece.text[arrow + 2 :])
    if not right:
        block.report(piece.offset, _("a matching pair has nothing after '->'"))
    return read_text(block, piece.cut(0, arrow)), right


def parse_numerical(block: Block, body: Span) -> Fields:
    """``{#5}``, ``{#5:0.5}``, ``{#4..6}`` or several ``=%w%n:t#feedback`` and ``~#other``."""
    numbers = body.cut(1)
    tilde = numbers.text.find("~")
    catch_all = numbers.cut(tilde) if tilde >= 0 else None
    if catch_all is not None:
        numbers = numbers.cut(0, tilde)
    answers = [_number_answer(block, piece) for _marker, piece in split_marked(numbers, "=")]
    if not answers:
        block.report(body.offset, _("a numerical question needs at least one number after '#'"))
    else:
        _require_full_marks(block, body, [answer.fraction for answer in answers])
    if catch_all is not None:
        # Moodle's "*" answer: any other number, 0%, with its own feedback.
        answers.append(NumericalAnswer(None, 0.0, 0.0, split_feedback(block, catch_all)[1]))
    return {"type": "numerical", "numerical": tuple(answers)}


def _number_answer(block: Block, piece: Span) -> NumericalAnswer:
    fraction, rest = read_weight(block, piece, 1.0)
    text, feedback = split_feedback(block, rest)
    value, tolerance = _number_and_tolerance(block, rest.offset, text)
    return NumericalAnswer(value, tolerance, fraction, feedback)


def _number_and_tolerance(block: Block, offset: int, text: str) -> tuple[float, float]:
    # As in Moodle, ".." or ":" at the very start is not a separator.
    range_at, colon_at = text.find(".."), text.find(":")
    if range_at > 0:
        low, high = _decimal(text[:range_at]), _decimal(text[range_at + 2 :])
    elif colon_at > 0:
        low, high = _decimal(text[:colon_at]), _decimal(text[colon_at + 1 :])
        if low is not None and high is not None:
            low, high = low - high, low + high
    else:
        low = high = _decimal(text)
    if low is None or high is None:
        block.report(offset, _("not a number: '%(text)s' (write 5, 5:0.5 or 4..6)", text=text))
        return 0.0, 0.0
    if low > high:
        block.report(
            offset,
            _("'%(text)s' is an empty range (negative tolerance or min above max)", text=text),
        )
    # Decimal arithmetic keeps 3.141..3.142 at 3.1415 ± 0.0005 instead of binary noise.
    return float((low + high) / 2), float((high - low) / 2)


def _decimal(text: str) -> Decimal | None:
    text = text.strip(WHITESPACE)
    if _NUMBER.fullmatch(text) is None or not math.isfinite(float(text)):
        return None
    return Decimal(text)


def _require_full_marks(block: Block, body: Span, fractions: list[float]) -> None:
    # Moodle's editor refuses a short-answer or numerical question where no answer is 100%.
    if fractions and max(fractions) != 1:
        block.report(body.offset, _("no answer earns full marks: one answer must be 100%"))


_PARSERS: dict[str, Callable[[Block, Span], Fields]] = {
    "multichoice": parse_choices,
    "shortanswer": parse_shortanswer,
    "truefalse": parse_truefalse,
    "matching": parse_matching,
    "numerical": parse_numerical,
}

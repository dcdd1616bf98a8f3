"""Marking a response against the snapshot of the question served, by Moodle's rules.

Plain functions over snapshot dicts (see ``bank.served``) and stored responses:

- multiple choice: the fraction of the option chosen;
- multiple response: the sum of the fractions of the options chosen, floored at 0, capped at 1;
- true/false: right or wrong;
- short answer: case-insensitive, ``*`` matches any text, the best matching answer counts;
- numerical: a number within an answer's tolerance (a range ``a..b`` is stored as its midpoint
  and half-width), the best matching answer counts; a decimal comma is accepted;
- matching: partial credit, the share of stems matched correctly;
- essay: waits for a trainer's mark (an empty essay scores 0 and waits for nothing);
- description: no mark.

No question scores below 0: a negative weight can cancel other choices, never other questions.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

NUMBER_TOLERANCE = 1e-9  # floating-point slack when comparing with a tolerance
# What float() should read: ASCII digits only. float() itself also reads Arabic-Indic ``١٢``,
# full-width ``１２`` and ``1_000``, which no trainee means as an answer (lms.core.numbers).
_DECIMAL = re.compile(r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?")


@dataclass(frozen=True)
class Outcome:
    fraction: float | None  # None: no mark (a description, or an essay waiting for a trainer)
    needs_grading: bool = False


def _clamp(value: float) -> float:
    return max(0.0, min(1.0, value))


def _multichoice(question: dict, response: Any) -> Outcome:
    if response is None:
        return Outcome(0.0)
    return Outcome(_clamp(question["answers"][response]["fraction"]))


def _multiresponse(question: dict, response: Any) -> Outcome:
    chosen = response or []
    return Outcome(_clamp(sum(question["answers"][i]["fraction"] for i in chosen)))


def _truefalse(question: dict, response: Any) -> Outcome:
    return Outcome(1.0 if response is not None and response == question["correct"] else 0.0)


def _fold(text: str) -> str:
    return unicodedata.normalize("NFC", text).strip()


def shortanswer_matches(response: str, pattern: str) -> bool:
    """Moodle's comparison: ``*`` (a run of them) matches any text, ``\\*`` a star; any case."""
    pieces = re.split(r"(?<!\\)\*+", _fold(pattern))
    regex = ".*".join(re.escape(piece.replace("\\*", "*")) for piece in pieces)
    return re.fullmatch(regex, _fold(response), re.IGNORECASE | re.DOTALL) is not None


def matching_answers(question: dict, response: str | None) -> list[dict]:
    """The short answers that accept the response."""
    if not response or not response.strip():
        return []
    return [a for a in question["answers"] if shortanswer_matches(response, a["text"])]


def _shortanswer(question: dict, response: Any) -> Outcome:
    fractions = [a["fraction"] for a in matching_answers(question, response)]
    return Outcome(_clamp(max(fractions, default=0.0)))


def parse_number(text: str | None) -> float | None:
    """A number typed by a trainee: ``12.5``, ``12,5``, `` 1e3 ``; None when it is not one."""
    if text is None:
        return None
    cleaned = text.strip().replace(" ", "")
    if "," in cleaned and "." not in cleaned:
        cleaned = cleaned.replace(",", ".")
    if not _DECIMAL.fullmatch(cleaned):
        return None
    try:
        value = float(cleaned)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def numerical_answer(question: dict, response: str | None) -> dict | None:
    """The best answer that accepts the number given, else the catch-all answer, if any."""
    value = parse_number(response)
    if value is not None:
        accepting = [
            a
            for a in question["numerical"]
            if a["value"] is not None
            and abs(value - a["value"]) <= a["tolerance"] + NUMBER_TOLERANCE * max(1, abs(value))
        ]
        if accepting:
            return max(accepting, key=lambda a: a["fraction"])
    return next((a for a in question["numerical"] if a["value"] is None), None)


def _numerical(question: dict, response: Any) -> Outcome:
    answer = numerical_answer(question, response)
    return Outcome(_clamp(answer["fraction"]) if answer else 0.0)


def stems(question: dict) -> list[tuple[str, str]]:
    """A matching question's real pairs (distractors have an empty left side)."""
    return [(left, right) for left, right in question["pairs"] if left]


def _matching(question: dict, response: Any) -> Outcome:
    pairs = stems(question)
    chosen = response or [None] * len(pairs)
    right = sum(
        1
        for (_left, answer), choice in zip(pairs, chosen, strict=True)
        if choice is not None and question["choices"][choice] == answer
    )
    return Outcome(right / len(pairs) if pairs else 0.0)


def _essay(question: dict, response: Any) -> Outcome:
    if not response or not str(response).strip():
        return Outcome(0.0)
    return Outcome(None, needs_grading=True)


def _description(question: dict, response: Any) -> Outcome:
    return Outcome(None)


GRADERS = {
    "multichoice": _multichoice,
    "multiresponse": _multiresponse,
    "truefalse": _truefalse,
    "shortanswer": _shortanswer,
    "numerical": _numerical,
    "matching": _matching,
    "essay": _essay,
    "description": _description,
}


def grade(question: dict, response: Any) -> Outcome:
    """The outcome of one response to one served question."""
    return GRADERS[question["type"]](question, response)

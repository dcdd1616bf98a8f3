"""What the GIFT reader produces: questions, their answers, and the error it raises."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from flask_babel import gettext as _

QUESTION_TYPES = (
    "multichoice",
    "multiresponse",
    "truefalse",
    "shortanswer",
    "numerical",
    "matching",
    "essay",
    "description",
)
TEXT_FORMATS = ("moodle", "html", "plain", "markdown")


@dataclass(frozen=True)
class Answer:
    """One option of a multiple-choice/multiple-answer question, or one accepted short answer.

    ``fraction`` is the share of the mark it earns, from -1 to 1. Short answers keep Moodle's
    ``*`` wildcard in ``text``; matching them (case-insensitively, Moodle's default for GIFT
    imports) is the grader's job.
    """

    text: str
    fraction: float
    feedback: str


@dataclass(frozen=True)
class NumericalAnswer:
    """An accepted number: right when the response is within ``value`` ± ``tolerance``.

    ``value`` is None for Moodle's catch-all answer ("any other number", written
    ``~#feedback`` in GIFT), which only carries feedback and earns ``fraction`` 0.
    """

    value: float | None
    tolerance: float
    fraction: float
    feedback: str


@dataclass(frozen=True, kw_only=True)
class Question:
    """One question read from a GIFT file.

    Which of ``answers``, ``correct``/``feedback_true``/``feedback_false``, ``numerical`` and
    ``pairs`` is filled depends on ``type``. For true/false questions ``feedback_true`` is shown
    to a student who answered "true" and ``feedback_false`` to one who answered "false".
    A matching distractor (``= -> x``) is a pair with an empty left side.
    """

    id: str | None
    title: str
    category: str | None
    type: str
    format: str
    text: str
    tags: tuple[str, ...]
    general_feedback: str
    answers: tuple[Answer, ...] = ()
    correct: bool | None = None
    feedback_true: str = ""
    feedback_false: str = ""
    numerical: tuple[NumericalAnswer, ...] = ()
    pairs: tuple[tuple[str, str], ...] = ()
    line: int

    def to_dict(self) -> dict[str, object]:
        """The JSON shape printed by ``lms gift parse`` (DESIGN.md, "Contracts").

        Common keys first, then only the keys that belong to the question's type; ``line``
        is not part of the contract and is left out.
        """
        data: dict[str, object] = {
            "id": self.id,
            "title": self.title,
            "category": self.category,
            "type": self.type,
            "format": self.format,
            "text": self.text,
            "tags": list(self.tags),
            "general_feedback": self.general_feedback,
        }
        data.update(self._type_specific_dict())
        return data

    def _type_specific_dict(self) -> dict[str, object]:
        if self.type in ("multichoice", "multiresponse", "shortanswer"):
            return {"answers": [_answer_dict(answer) for answer in self.answers]}
        if self.type == "truefalse":
            return {
                "correct": self.correct,
                "feedback_true": self.feedback_true,
                "feedback_false": self.feedback_false,
            }
        if self.type == "numerical":
            return {"numerical": [_numerical_dict(answer) for answer in self.numerical]}
        if self.type == "matching":
            return {"pairs": [[left, right] for left, right in self.pairs]}
        return {}


def _answer_dict(answer: Answer) -> dict[str, object]:
    return {"text": answer.text, "fraction": answer.fraction, "feedback": answer.feedback}


def _numerical_dict(answer: NumericalAnswer) -> dict[str, object]:
    return {
        "value": answer.value,
        "tolerance": answer.tolerance,
        "fraction": answer.fraction,
        "feedback": answer.feedback,
    }


class GiftError(ValueError):
    """A GIFT text could not be read. ``problems`` lists every (line, message) found."""

    def __init__(self, problems: Iterable[tuple[int, str]]) -> None:
        self.problems: list[tuple[int, str]] = sorted(problems)
        super().__init__(
            "\n".join(
                _("line %(line)d: %(message)s", line=line, message=message)
                for line, message in self.problems
            )
        )

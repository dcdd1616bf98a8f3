"""A reader for Moodle's GIFT quiz format.

``parse_gift(text)`` returns the questions of a GIFT text or raises ``GiftError`` with every
problem and its line. The rules follow Moodle's own importer (question/format/gift/format.php);
see the docstrings of ``parser`` and ``answers`` for where and why we are stricter.
"""

from lms.quizzes.gift.model import (
    QUESTION_TYPES,
    TEXT_FORMATS,
    Answer,
    GiftError,
    NumericalAnswer,
    Question,
)
from lms.quizzes.gift.parser import parse_gift

__all__ = [
    "QUESTION_TYPES",
    "TEXT_FORMATS",
    "Answer",
    "GiftError",
    "NumericalAnswer",
    "Question",
    "parse_gift",
]

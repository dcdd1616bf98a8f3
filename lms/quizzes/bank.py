"""Each module's questions: read from its ``quiz.gift`` once per process, drawn per attempt.

Like the catalogue (``lms.courses.content``), a question bank is read on first use and kept for
the life of the process; a changed ``quiz.gift`` is picked up when the app servers restart. Graded
history never depends on the file: an attempt keeps a snapshot of what it served.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from flask import current_app
from flask_babel import force_locale

from lms.courses.catalogue import Module, QuizSettings
from lms.quizzes.gift import GiftError, Question, parse_gift
from lms.quizzes.header import header_of
from lms.quizzes.translation import translated_bank, translation_path

_EXTENSION_KEY = "lms.quiz_banks"
_lock = threading.Lock()
CHOICE_TYPES = ("multichoice", "multiresponse")


class QuizUnavailable(Exception):
    """The module has no quiz, or its quiz file cannot be read."""


def read_bank(path: Path) -> list[Question]:
    """Parse a quiz file (raises GiftError, OSError or UnicodeDecodeError)."""
    return parse_gift(path.read_text(encoding="utf-8"))


def question_bank(module: Module) -> tuple[Question, ...]:
    """The module's questions, read once per process; QuizUnavailable when there are none."""
    if module.quiz is None or module.quiz_path is None:
        raise QuizUnavailable(module.slug)
    banks: dict[str, tuple[Question, ...] | None] = current_app.extensions.setdefault(
        _EXTENSION_KEY, {}
    )
    key = str(module.quiz_path)
    if key not in banks:
        with _lock:
            if key not in banks:
                banks[key] = _load(module.quiz_path)
    bank = banks[key]
    if not bank:
        raise QuizUnavailable(module.slug)
    return bank


def bank_in(module: Module, language: str) -> tuple[tuple[Question, ...], str]:
    """The module's questions as a reader of ``language`` gets them, and the language they are
    served in: the translation's words where ``quiz.<language>.gift`` has them, else English."""
    english = question_bank(module)
    path = translation_path(module.quiz_path, language) if language != "en" else None
    if path is None or not path.is_file():
        return english, "en"
    banks: dict = current_app.extensions[_EXTENSION_KEY]
    key = f"{module.quiz_path}#{language}"
    if key not in banks:
        with _lock:
            if key not in banks:
                translated = _load(path)
                banks[key] = translated_bank(english, list(translated)) if translated else None
    return (banks[key], language) if banks[key] else (english, "en")


def served_as_draft(module: Module | None, language: str) -> bool:
    """Whether the module's quiz reaches a reader of ``language`` in a draft translation (its
    header, lms.quizzes.header, does not name an approving reviewer); read once per process."""
    if module is None or module.quiz_path is None or language == "en":
        return False
    path = translation_path(module.quiz_path, language)
    drafts: dict = current_app.extensions.setdefault(_EXTENSION_KEY, {})  # beside the banks
    key = f"{path}#draft"
    if key not in drafts:
        try:
            drafts[key] = not header_of(path).review.approved
        except (OSError, UnicodeDecodeError):  # no translation: served in English
            drafts[key] = False
    return drafts[key]


def _load(path: Path) -> tuple[Question, ...] | None:
    try:
        with force_locale("en"):  # the problems go to the log, which is in English
            return tuple(read_bank(path))
    except GiftError as error:
        for line, message in error.problems:
            current_app.logger.warning("quiz: %s:%d: %s", path, line, message)
    except (OSError, UnicodeDecodeError) as error:
        current_app.logger.warning("quiz: %s: cannot read: %s", path, error)
    return None


def _quotas(count: int, sizes: Sequence[int], rng: random.Random) -> list[int]:
    """Split ``count`` across groups in proportion to their sizes (largest remainder)."""
    total = sum(sizes)
    exact = [count * size / total for size in sizes]
    quotas = [int(share) for share in exact]
    by_remainder = sorted(
        range(len(sizes)), key=lambda i: (exact[i] - quotas[i], rng.random()), reverse=True
    )
    for index in by_remainder[: count - sum(quotas)]:
        quotas[index] += 1
    return quotas


def draw(questions: Sequence[Question], count: int | None, rng: random.Random) -> list[Question]:
    """The questions of one attempt, in file order.

    With ``count`` below the number of gradable questions, each ``$CATEGORY`` group gives its
    proportional share, chosen at random. Description questions are always shown and are not
    part of the count.
    """
    gradable = [i for i, q in enumerate(questions) if q.type != "description"]
    chosen = set(range(len(questions)))
    if count is not None and count < len(gradable):
        groups: dict[str | None, list[int]] = {}
        for index in gradable:
            groups.setdefault(questions[index].category, []).append(index)
        quotas = _quotas(count, [len(group) for group in groups.values()], rng)
        drawn = {
            i
            for group, k in zip(groups.values(), quotas, strict=True)
            for i in rng.sample(group, k)
        }
        chosen -= set(gradable) - drawn
    return [questions[i] for i in sorted(chosen)]


def served(question: Question, shuffle: bool, rng: random.Random) -> dict[str, Any]:
    """The snapshot of one question as served: its parsed data, options in the order shown.

    Choice ids in responses are indexes into ``answers`` (multiple choice) or ``choices``
    (matching) of this snapshot. A question is worth 1 mark; a description none.
    """
    data = question.to_dict()
    data["mark"] = 0.0 if question.type == "description" else 1.0
    if question.type in CHOICE_TYPES and shuffle:
        answers = list(data["answers"])
        rng.shuffle(answers)
        data["answers"] = answers
    if question.type == "matching":
        choices = list(dict.fromkeys(right for _left, right in question.pairs))
        rng.shuffle(choices)  # always: in file order the choices would give the answers away
        data["choices"] = choices
    return data


def snapshot_for(
    questions: Sequence[Question], settings: QuizSettings, rng: random.Random
) -> list[dict[str, Any]]:
    return [
        served(q, settings.shuffle_answers, rng) for q in draw(questions, settings.questions, rng)
    ]

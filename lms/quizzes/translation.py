"""Quizzes in the trainees' languages: ``quiz.tk.gift`` and ``quiz.ru.gift`` beside ``quiz.gift``.

A translation repeats each question's ``// [id:...]`` line and translates its texts; it may leave
questions out (those are served in English). The English file stays the one source of what is
marked and how: a served question keeps the English id, type, category, tags (so competency
evidence, item statistics and regrades stay one question across languages), option weights,
true/false key and numbers, and takes only the words from the translation. Short answers are the
exception: the accepted words themselves are translated, with the same weights.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from flask_babel import lazy_gettext as _l

from lms.quizzes.gift import Question

SAME_WEIGHTS = ("multichoice", "multiresponse")


def translation_path(quiz_path: Path, language: str) -> Path:
    return quiz_path.with_name(f"quiz.{language}.gift")


def _fractions(question: Question) -> list[float]:
    return [answer.fraction for answer in question.answers]


def _numbers(question: Question) -> list[tuple]:
    return [(n.value, n.tolerance, n.fraction) for n in question.numerical]


def _difference(english: Question, translated: Question):
    """Why the translation does not mark the same way as the English question (or None)."""
    if translated.type != english.type:
        return _l("is a %(type)s question in English", type=english.type)
    kind = english.type
    if kind in SAME_WEIGHTS and _fractions(translated) != _fractions(english):
        return _l("its options must have the English options' weights, in the same order")
    if kind == "shortanswer" and sorted(_fractions(translated)) != sorted(_fractions(english)):
        return _l("its accepted answers must carry the English answers' weights")
    if kind == "truefalse" and translated.correct != english.correct:
        return _l("its true/false key differs from the English question")
    if kind == "numerical" and _numbers(translated) != _numbers(english):
        return _l("its numbers must equal the English question's")
    if kind == "matching" and len(translated.pairs) != len(english.pairs):
        return _l("it must have as many pairs as the English question")
    return None


def translation_problems(english: list[Question], translated: list[Question]):
    """(line, message) for each translated question that is unknown or marks differently."""
    by_id = {q.id: q for q in english if q.id}
    problems = []
    for question in translated:
        if question.type == "description" and not question.id:
            continue
        original = by_id.get(question.id)
        if original is None:
            message = _l("question id %(id)s is not in the English quiz", id=question.id)
            problems.append((question.line, message))
        elif (why := _difference(original, question)) is not None:
            problems.append((question.line, _l("%(id)s: %(why)s", id=question.id, why=why)))
    return problems


def _merged(english: Question, translated: Question) -> Question:
    texts = {
        "title": translated.title,
        "text": translated.text,
        "general_feedback": translated.general_feedback,
        "feedback_true": translated.feedback_true,
        "feedback_false": translated.feedback_false,
    }
    if english.type in SAME_WEIGHTS:
        texts["answers"] = tuple(
            replace(answer, text=new.text, feedback=new.feedback)
            for answer, new in zip(english.answers, translated.answers, strict=True)
        )
    elif english.type == "shortanswer":
        texts["answers"] = translated.answers
    elif english.type == "numerical":
        texts["numerical"] = tuple(
            replace(number, feedback=new.feedback)
            for number, new in zip(english.numerical, translated.numerical, strict=True)
        )
    elif english.type == "matching":
        texts["pairs"] = translated.pairs
    return replace(english, **texts)


def translated_bank(english: tuple[Question, ...], translated: list[Question]):
    """The English questions, each in the translation's words where it has a sound translation."""
    by_id = {q.id: q for q in translated if q.id}
    return tuple(
        _merged(question, by_id[question.id])
        if question.id in by_id and _difference(question, by_id[question.id]) is None
        else question
        for question in english
    )


def translated_count(english: list[Question], translated: list[Question]) -> tuple[int, int]:
    """(questions the translation serves in its words, questions in the English quiz)."""
    by_id = {q.id: q for q in translated if q.id}
    questions = [q for q in english if q.id and q.type != "description"]
    served = sum(1 for q in questions if q.id in by_id and _difference(q, by_id[q.id]) is None)
    return served, len(questions)

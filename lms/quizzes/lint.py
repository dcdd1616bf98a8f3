"""Item-writing checks of a quiz bank: the cues that let a trainee pass without understanding.

The curriculum review found the right answer was the longest option in 180 of 195 single-answer
questions and 38 of 41 true/false items keyed FALSE. ``lms content check`` reports these as
warnings (errors with ``--strict``); the thresholds are written here once.
"""

from __future__ import annotations

from collections import Counter

from flask_babel import lazy_gettext as _l

from lms.courses.catalogue import QuizSettings
from lms.quizzes.gift import Question

LONGEST_KEY_MAX = 0.35  # share of single-answer questions whose key is the strictly longest option
TRUE_SHARE = (0.35, 0.65)  # share of true/false questions keyed TRUE
TRUE_FALSE_MIN = 2  # a bank with fewer true/false questions cannot be balanced, so is not judged
LENGTH_RATIO = 1.5  # one option longer than this times every other option gives it away
MODEL_ANSWER, RUBRIC = "Model answer:", "Rubric:"  # an essay's general feedback holds both


def _single(questions: list[Question]) -> list[Question]:
    return [q for q in questions if q.type == "multichoice" and len(q.answers) > 1]


def _key_is_longest(question: Question) -> bool:
    key = max(question.answers, key=lambda a: a.fraction)
    others = [len(a.text) for a in question.answers if a is not key]
    return len(key.text) > max(others)


def _stands_out(question: Question) -> bool:
    lengths = sorted((len(a.text) for a in question.answers), reverse=True)
    return len(lengths) > 1 and lengths[0] > LENGTH_RATIO * max(lengths[1], 1)


def _bank_problems(questions: list[Question], source: bool) -> list[tuple[int, object]]:
    problems = []
    single = _single(questions)
    longest = [q for q in single if _key_is_longest(q)]
    if single and len(longest) / len(single) > LONGEST_KEY_MAX:
        message = _l(
            "the right answer is the longest option in %(num)d of %(total)d single-answer "
            "questions (at most %(limit)d%%)",
            num=len(longest),
            total=len(single),
            limit=round(LONGEST_KEY_MAX * 100),
        )
        problems.append((longest[0].line, message))
    if not source:  # a translation keeps the English keys
        return problems
    keyed = [q.correct for q in questions if q.type == "truefalse"]
    share = keyed.count(True) / len(keyed) if len(keyed) >= TRUE_FALSE_MIN else 0.5
    if not TRUE_SHARE[0] <= share <= TRUE_SHARE[1]:
        message = _l(
            "%(num)d of %(total)d true/false questions are keyed TRUE (keep it between "
            "35%% and 65%%)",
            num=keyed.count(True),
            total=len(keyed),
        )
        problems.append((next(q.line for q in questions if q.type == "truefalse"), message))
    return problems


def _has_feedback(question: Question) -> bool:
    per_option = [a.feedback for a in question.answers] + [n.feedback for n in question.numerical]
    per_option += [question.feedback_true, question.feedback_false]
    return bool(question.general_feedback.strip() or any(f.strip() for f in per_option))


def _question_problems(question: Question, source: bool) -> list[tuple[int, object]]:
    problems = []
    if question.type in ("multichoice", "multiresponse") and _stands_out(question):
        problems.append(
            (question.line, _l("one option is more than 1.5 times as long as the rest"))
        )
    if not source:  # feedback and essays are judged in the English file
        return problems
    if question.type == "essay":
        feedback = question.general_feedback
        if MODEL_ANSWER not in feedback or RUBRIC not in feedback:
            message = _l("an essay needs a “Model answer:” and a “Rubric:” in its general feedback")
            problems.append((question.line, message))
    elif question.type != "description" and not _has_feedback(question):
        problems.append((question.line, _l("the question has no feedback that teaches")))
    return problems


def _essay_draw_problems(questions: list[Question], settings: QuizSettings):
    """Essays must come out the same number in every attempt (they carry a trainer's marking)."""
    gradable = [q for q in questions if q.type != "description"]
    essays = [q for q in gradable if q.type == "essay"]
    if not essays or settings.questions is None or settings.questions >= len(gradable):
        return []
    groups = Counter(q.category for q in gradable)
    essay_groups = Counter(q.category for q in essays)
    for category, count in essay_groups.items():
        share = settings.questions * groups[category] / len(gradable)
        if count != groups[category] or share != int(share):
            message = _l(
                "attempts would get different numbers of essays: put the essays in a "
                "$CATEGORY of their own whose share of the %(num)d questions drawn is whole",
                num=settings.questions,
            )
            return [(essays[0].line, message)]
    return []


def item_writing_problems(
    questions: list[Question], settings: QuizSettings | None, *, source: bool = True
) -> list[tuple[int, object]]:
    """(line, message) for each cue in the bank. ``source``: the English file, which alone
    decides feedback, essays and drawing; translations are checked for length cues only."""
    problems = _bank_problems(questions, source)
    for question in questions:
        problems.extend(_question_problems(question, source))
    if source and settings is not None:
        problems.extend(_essay_draw_problems(questions, settings))
    return sorted(problems, key=lambda p: p[0])

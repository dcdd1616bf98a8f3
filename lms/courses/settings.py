"""Typed settings from front matter: a module's quiz and a programme's certificate rules."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from lms.courses.catalogue import (
    CertificateRules,
    CompetencyRule,
    PracticeRequirements,
    QuizSettings,
    ReviewOptions,
)
from lms.courses.frontmatter import Document

REVIEW_ITEMS = ("marks", "feedback", "right_answers", "responses")


def _mapping(document: Document, key: str) -> dict:
    value = document.meta.get(key) or {}
    if not isinstance(value, dict):
        document.error(key, _l("“%(key)s” must be a mapping of settings", key=key))
        return {}
    return value


def _number(document: Document, key: str, value, minimum: float, maximum: float, default):
    if value is None:
        return default
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not minimum <= value <= maximum
    ):
        lowest, highest = f"{minimum:g}", f"{maximum:g}"
        document.error(
            key,
            _l(
                "“%(key)s” must be a number from %(min)s to %(max)s",
                key=key,
                min=lowest,
                max=highest,
            ),
        )
        return default
    return value


def _review(document: Document, quiz: dict) -> ReviewOptions:
    review = quiz.get("review") or {}
    if not isinstance(review, dict):
        document.error("review", _l("“review” must have after_submit and after_close lists"))
        return ReviewOptions()
    result = {}
    for window in ("after_submit", "after_close"):
        items = review.get(window, getattr(ReviewOptions(), window))
        if not isinstance(items, list | tuple) or not set(items) <= set(REVIEW_ITEMS):
            document.error(
                window,
                _l(
                    "“%(key)s” lists some of: %(items)s",
                    key=window,
                    items=", ".join(REVIEW_ITEMS),
                ),
            )
            continue
        result[window] = tuple(items)
    return ReviewOptions(**result)


def read_quiz_settings(document: Document) -> QuizSettings:
    quiz = _mapping(document, "quiz")
    questions = quiz.get("questions")
    return QuizSettings(
        pass_mark=_number(document, "pass_mark", quiz.get("pass_mark"), 0, 100, 70),
        attempts=_number(document, "attempts", quiz.get("attempts"), 0, 100, 0),
        time_limit_minutes=_number(
            document, "time_limit_minutes", quiz.get("time_limit_minutes"), 0, 600, 0
        ),
        questions=_number(document, "questions", questions, 1, 500, None),
        shuffle_answers=bool(quiz.get("shuffle_answers", True)),
        review=_review(document, quiz),
    )


def read_certificate_rules(document: Document) -> CertificateRules:
    rules = _mapping(document, "certificate")
    practice = rules.get("practice") or {}
    if not isinstance(practice, dict):
        document.error("practice", _l("“practice” must be a mapping of requirements"))
        practice = {}
    return CertificateRules(
        modules=str(rules.get("modules", "all")),
        quizzes_passed=str(rules.get("quizzes_passed", "all")),
        practice=PracticeRequirements(
            total_hours=_number(document, "total_hours", practice.get("total_hours"), 0, 10_000, 0),
            direct_share=_number(document, "direct_share", practice.get("direct_share"), 0, 1, 0),
            supervision_hours_per_week=_number(
                document,
                "supervision_hours_per_week",
                practice.get("supervision_hours_per_week"),
                0,
                40,
                0,
            ),
        ),
        competencies_proficient=document.string_list("competencies_proficient", rules),
        valid_years=_number(document, "valid_years", rules.get("valid_years"), 1, 50, None),
        co_facilitated_sessions=_number(
            document, "co_facilitated_sessions", rules.get("co_facilitated_sessions"), 0, 100, 0
        ),
    )


def read_competency_rule(document: Document) -> CompetencyRule:
    rule = _mapping(document, "competency_rule")
    return CompetencyRule(
        quiz_percent=_number(document, "quiz_percent", rule.get("quiz_percent"), 0, 100, 70),
        rating=_number(document, "rating", rule.get("rating"), 1, 5, 3),
    )

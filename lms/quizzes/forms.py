"""Forms of the quizzes package.

The answer form is built from the attempt's snapshot, so it is read by hand (``read_answers``)
rather than declared: field ``q<position>`` holds the answer to the question served at that
position (``q<position>-<stem>`` for each stem of a matching question). A choice is the index of
the option in the snapshot. Anything else — a question not on the page, a choice that was never
offered — is refused as a whole (``BadAnswer``), and nothing is saved.
"""

from __future__ import annotations

import re
from typing import Any

from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import MultiDict
from wtforms import BooleanField, DateField, FloatField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from lms.core.forms import Form
from lms.core.numbers import NumberError, ascii_int
from lms.quizzes.grading import stems
from lms.quizzes.models import QuizAttempt

QUESTIONS_PER_PAGE = 2
SHORT_TEXT_MAX = 500
ESSAY_MAX = 20_000
_FIELD = re.compile(r"q([0-9]{1,4})(?:-([0-9]{1,4}))?")  # \d would take ١ as a digit


class BadAnswer(ValueError):
    """The form does not fit the attempt (a forged or stale form)."""


class CsrfOnlyForm(Form):
    """Checks the CSRF token of the hand-read answer form and of plain buttons."""


class MarkForm(Form):
    privacy_guarded = ("reason", "comment")  # set_mark passes both through the privacy guard
    mark = FloatField(_l("Mark"), validators=[InputRequired()])
    reason = TextAreaField(_l("Reason for the change"), validators=[Optional(), Length(max=1000)])
    comment = TextAreaField(
        _l("Feedback to the trainee (Markdown)"), validators=[Optional(), Length(max=5000)]
    )
    confirm_privacy = BooleanField(_l("I confirm this contains no identifying details"))
    submit = SubmitField(_l("Save mark"))


def pages(attempt: QuizAttempt) -> list[list[int]]:
    """Positions of the snapshot's questions, page by page."""
    positions = list(range(len(attempt.questions)))
    return [
        positions[i : i + QUESTIONS_PER_PAGE] for i in range(0, len(positions), QUESTIONS_PER_PAGE)
    ]


def page_number(value: str | None, attempt: QuizAttempt) -> int:
    """A 1-based page number of the attempt, or BadAnswer."""
    try:
        return ascii_int(value, minimum=1, maximum=len(pages(attempt)))
    except NumberError:
        raise BadAnswer("no such page") from None  # i18n: a forged or stale form, a 400


def _choice(value: str | None, count: int) -> int | None:
    if value is None or value == "":
        return None
    try:
        return ascii_int(value, minimum=0, maximum=count - 1)
    except NumberError:
        raise BadAnswer("a choice that was not offered") from None  # i18n: forged form, a 400


def _single(form: MultiDict, name: str) -> str | None:
    """The one value of a single-answer field; a repeated field is a forged form."""
    found = form.getlist(name)
    if len(found) > 1:
        raise BadAnswer(f"{name} sent twice")  # i18n: forged form, answered with 400
    return found[0] if found else None


def _text(value: str | None, limit: int) -> str | None:
    text = (value or "").strip()
    if len(text) > limit:
        raise BadAnswer("answer too long")  # i18n: over the field's maxlength, answered with 400
    return text or None


def _matching(form: MultiDict, position: int, question: dict) -> list[int | None] | None:
    count = len(question["choices"])
    chosen = [
        _choice(_single(form, f"q{position}-{k}"), count) for k in range(len(stems(question)))
    ]
    return chosen if any(c is not None for c in chosen) else None


def _answer(form: MultiDict, position: int, question: dict) -> Any:
    kind, name = question["type"], f"q{position}"
    if kind == "multichoice":
        return _choice(_single(form, name), len(question["answers"]))
    if kind == "multiresponse":
        count = len(question["answers"])
        chosen = sorted({_choice(v, count) for v in form.getlist(name) if v != ""})
        return chosen or None
    if kind == "truefalse":
        value = _single(form, name)
        if value not in (None, "", "true", "false"):
            raise BadAnswer("true or false only")  # i18n: forged form, answered with 400
        return None if not value else value == "true"
    if kind == "matching":
        return _matching(form, position, question)
    if kind == "essay":
        return _text(_single(form, name), ESSAY_MAX)
    return _text(_single(form, name), SHORT_TEXT_MAX)  # short answer, numerical


def read_answers(form: MultiDict, attempt: QuizAttempt, page: int) -> dict[int, Any]:
    """The answers to the questions of one page: position -> response (None: not answered)."""
    return _read(form, attempt, pages(attempt)[page - 1])


def is_answer_field(name: str) -> bool:
    """The name of an answer field of the take page or the paper (``q3``, ``q5-0``)."""
    return _FIELD.fullmatch(name) is not None


def read_all_answers(form: MultiDict, attempt: QuizAttempt) -> dict[int, Any]:
    """The answers to every question of the attempt (an offline paper is one page)."""
    return _read(form, attempt, range(len(attempt.questions)))


def _read(form: MultiDict, attempt: QuizAttempt, on_page) -> dict[int, Any]:
    for key in form:
        match = _FIELD.fullmatch(key)
        if key.startswith("q") and match is None:
            raise BadAnswer(f"unexpected field {key}")  # i18n: forged form, answered with 400
        if match is None:
            continue
        position, stem = int(match.group(1)), match.group(2)
        if position not in on_page:
            raise BadAnswer(
                "a question that is not on this page of the attempt"  # i18n: stale form, a 400
            )
        kind = attempt.questions[position]["type"]
        if kind == "description" or (stem is not None) != (kind == "matching"):
            raise BadAnswer(f"unexpected field {key}")  # i18n: forged form, answered with 400
        if stem is not None and int(stem) >= len(stems(attempt.questions[position])):
            raise BadAnswer(f"unexpected field {key}")  # i18n: forged form, answered with 400
    return {
        position: _answer(form, position, attempt.questions[position])
        for position in on_page
        if attempt.questions[position]["type"] != "description"
    }


def close_dates_form_class(modules, titles: dict[str, str]):
    """One optional date per module quiz (``close_<slug>``): the last day to start it."""

    class CloseDatesForm(Form):
        submit = SubmitField(_l("Save close dates"))

    for module in modules:
        setattr(
            CloseDatesForm,
            f"close_{module.slug}",
            DateField(titles[module.slug], validators=[Optional()]),
        )
    return CloseDatesForm

"""A quiz's questions for a phone that keeps the module for offline reading (no answer keys)."""

from __future__ import annotations

from flask import abort, jsonify
from flask_babel import gettext as _
from flask_login import current_user, login_required

from lms.courses.enrolment import is_staff
from lms.i18n.language import language
from lms.quizzes.bank import QuizUnavailable
from lms.quizzes.lookup import locked_by, quiz_or_404
from lms.quizzes.offline import questions_for_reading
from lms.quizzes.views.blueprint import bp


@bp.get("/learn/<programme_code>/<module_slug>/quiz/questions.json")
@login_required
def questions(programme_code: str, module_slug: str):
    place = quiz_or_404(programme_code, module_slug)
    if not is_staff(current_user) and locked_by(place):
        response = jsonify(
            type="about:blank",
            title=_("This module is not open yet, so it cannot be kept for offline reading."),
            status=409,
        )
        response.status_code = 409
        response.mimetype = "application/problem+json"
        return response
    try:
        return jsonify(questions_for_reading(place.module, language()))
    except QuizUnavailable:
        abort(404)

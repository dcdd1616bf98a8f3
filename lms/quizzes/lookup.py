"""The quiz or attempt a request names, found with its access checks.

A quiz is found only in a programme the viewer may read; an attempt only by its owner (or, for
reviewing, by trainers of the owner's cohorts and admins). Anything else is 404: it is not the
viewer's to know about.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort
from flask_login import current_user

from lms.accounts.cohorts import can_see_trainee
from lms.core.extensions import db
from lms.courses.catalogue import Module, Programme, QuizSettings
from lms.courses.content import catalogue
from lms.courses.enrolment import missing_prerequisites, readable_programmes
from lms.courses.progress import programme_progress, records_for
from lms.quizzes.attempts import QuizKey
from lms.quizzes.models import QuizAttempt


@dataclass
class QuizPlace:
    programme: Programme
    module: Module

    @property
    def key(self) -> QuizKey:
        return QuizKey(self.programme.code, self.module.slug)


def quiz_or_404(programme_code: str, module_slug: str) -> QuizPlace:
    """A quiz of a programme the current user may read (else 404)."""
    programme = catalogue().programme(programme_code)
    if programme is None or programme not in readable_programmes(current_user, catalogue()):
        abort(404)
    module = programme.module(module_slug)
    if module is None or module.quiz is None or module.quiz_path is None:
        abort(404)
    return QuizPlace(programme, module)


def locked_by(place: QuizPlace) -> list:
    """What the trainee must complete before this module (and so its quiz) opens."""
    records = records_for(current_user.id, [place.programme.code]).get(place.programme.code, {})
    progress = programme_progress(place.programme, records).module(place.module.slug)
    return missing_prerequisites(current_user, catalogue(), place.programme) + progress.locked_by


def settings_of(attempt: QuizAttempt) -> QuizSettings | None:
    """The quiz's current settings (None when the module or its quiz is gone)."""
    _p, module, _l = catalogue().find(attempt.programme, attempt.module)
    return module.quiz if module else None


def own_attempt_or_404(attempt_id: int) -> QuizAttempt:
    attempt = db.session.get(QuizAttempt, attempt_id)
    if attempt is None or attempt.user_id != current_user.id:
        abort(404)
    return attempt


def visible_attempt_or_404(attempt_id: int) -> QuizAttempt:
    """The attempt if it is the viewer's own or the viewer may see its trainee (else 404)."""
    attempt = db.session.get(QuizAttempt, attempt_id)
    if attempt is None or not can_see_trainee(current_user, attempt.user_id):
        abort(404)
    return attempt

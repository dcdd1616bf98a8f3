"""Offline papers (``lms.quizzes.papers``): reserved on the quiz page, answered on the phone,
sent by the outbox (``static/js/outbox.js``) as JSON when the connection returns.

``POST /quiz/papers/<id>/sync`` takes JSON (``user_id``, ``answers``: the paper form's fields,
``confirm_privacy``) with the CSRF token in the ``X-CSRFToken`` header, and answers JSON or a
problem+json refusal. Without JavaScript the paper's form posts the same fields as a form, and
the answer is the review page.
"""

from __future__ import annotations

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from lms.core.extensions import db
from lms.core.json_forms import BadBody, json_formdata, json_object, kept_for
from lms.core.privacy import IdentifyingText
from lms.core.problems import problem
from lms.core.unit_of_work import keep_despite_refusal
from lms.courses.content import catalogue
from lms.i18n.language import language
from lms.quizzes.attempts import QuizError, save_answers
from lms.quizzes.forms import BadAnswer, CsrfOnlyForm, is_answer_field, read_all_answers
from lms.quizzes.lookup import own_attempt_or_404
from lms.quizzes.models import QuizAttempt
from lms.quizzes.papers import PaperResult, reserve_paper, sync_paper
from lms.quizzes.review import reviewed
from lms.quizzes.transactions import Busy, run_with_retry
from lms.quizzes.views.blueprint import bp
from lms.quizzes.views.learner import begin_attempt


@bp.post("/learn/<programme_code>/<module_slug>/quiz/paper")
@login_required
def paper_reserve(programme_code: str, module_slug: str):
    return begin_attempt(programme_code, module_slug, reserve_paper, ".paper")


def _paper_page(attempt: QuizAttempt, findings=(), status: int = 200):
    return render_template(
        "quizzes/paper.html",
        attempt=attempt,
        items=reviewed(attempt),
        findings=findings,
        place=catalogue().find(attempt.programme, attempt.module),
        language=language(),
    ), status


@bp.get("/quiz/papers/<int:attempt_id>")
@login_required
def paper(attempt_id: int):
    attempt = own_attempt_or_404(attempt_id)
    if not attempt.in_progress:
        return redirect(url_for(".review", attempt_id=attempt.id))
    if attempt.deadline is not None:  # a timed attempt is taken online, page by page
        return redirect(url_for(".attempt", attempt_id=attempt.id))
    return _paper_page(attempt)


def _synced(result: PaperResult):
    attempt = result.attempt
    return jsonify(
        attempt_id=attempt.id,
        state=attempt.state,
        submitted_now=result.submitted_now,
        url=url_for(".review", attempt_id=attempt.id),
    )


def _keep_answers(attempt_id: int, formdata) -> None:
    """Save the answers (as the take page's Save does) while the submission waits."""

    def save():
        attempt = db.session.get(QuizAttempt, attempt_id)
        return save_answers(attempt, read_all_answers(formdata, attempt))

    run_with_retry(save)
    keep_despite_refusal()


def _read_body():
    """(answers as form data, privacy confirmed); BadBody when it is not the outbox's JSON."""
    body = json_object({"user_id": int, "answers": dict, "confirm_privacy": bool})
    answers = json_formdata(body.get("answers"), is_answer_field)
    if not kept_for(body, current_user.id):
        raise PermissionError
    return answers, body.get("confirm_privacy") is True


def _refusal(as_json: bool, status: int, title: str, detail: str | None = None, **more):
    if as_json:
        return problem(status, title, detail, **more)
    abort(status)


@bp.post("/quiz/papers/<int:attempt_id>/sync")
def paper_sync(attempt_id: int):
    as_json = request.is_json
    if not current_user.is_authenticated:
        return _refusal(True, 401, _("Please log in."), _("Log in again to send the work kept."))
    attempt = db.session.get(QuizAttempt, attempt_id)
    if attempt is None or attempt.user_id != current_user.id:
        return _refusal(as_json, 404, _("There is no such paper."))
    try:
        if as_json:
            formdata, confirmed = _read_body()
        elif CsrfOnlyForm().validate_on_submit():
            formdata, confirmed = request.form, request.form.get("confirm_privacy") == "y"
        else:
            abort(400)
    except BadBody:
        return _refusal(True, 400, _("The answers could not be read."))
    except PermissionError:
        return _refusal(True, 403, _("This work was kept for another person."))
    return _submit(attempt_id, formdata, confirmed, as_json)


def _submit(attempt_id: int, formdata, confirmed: bool, as_json: bool):
    def run() -> PaperResult:
        attempt = db.session.get(QuizAttempt, attempt_id)
        return sync_paper(attempt, read_all_answers(formdata, attempt), confirmed=confirmed)

    try:
        result = run_with_retry(run)
    except IdentifyingText as exc:
        _keep_answers(attempt_id, formdata)
        if not as_json:
            return _paper_page(db.session.get(QuizAttempt, attempt_id), exc.findings, 422)
        found = [{"kind": f.kind, "text": f.text} for f in exc.findings]
        return problem(422, _("Your attempt was not submitted."), str(exc), warnings=found)
    except QuizError as exc:
        return _refusal(as_json, 409, _("Your attempt was not submitted."), str(exc))
    except BadAnswer:
        return _refusal(as_json, 400, _("The answers could not be read."))
    except Busy:
        return _refusal(as_json, 503, _("Many people are sending answers right now."))
    if as_json:
        return _synced(result)
    if result.submitted_now:
        flash(_("Your attempt has been submitted."), "success")
    else:
        flash(_("This attempt has already been submitted."), "info")
    return redirect(url_for(".review", attempt_id=attempt_id))

"""Taking a quiz: the quiz page, an attempt page by page, submitting and the review.

Trainers' pages (grading queue, marks, item statistics) are in ``staff_views``. Every page that
touches an attempt first closes it if its time ran out while nobody was looking.
"""

from __future__ import annotations

from flask import (
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from lms.core.database import local_today, utcnow, writing
from lms.core.numbers import ascii_int, int_arg, is_ascii_number, one_value
from lms.core.privacy import IdentifyingText
from lms.core.unit_of_work import keep_despite_refusal
from lms.courses.content import catalogue
from lms.courses.enrolment import is_staff
from lms.i18n.language import language
from lms.notifications.threads import conversation_context, post_from_form
from lms.quizzes.attempts import (
    QuizError,
    QuizKey,
    SaveResult,
    attempts_of,
    close_if_overdue,
    is_overdue,
    save_answers,
    start_attempt,
    submit_attempt,
)
from lms.quizzes.bank import QuizUnavailable, bank_in, served_as_draft
from lms.quizzes.closing import check_open, closes_on
from lms.quizzes.conversations import has_essay, trainers_of
from lms.quizzes.forms import BadAnswer, CsrfOnlyForm, page_number, pages, read_answers
from lms.quizzes.lookup import (
    locked_by,
    own_attempt_or_404,
    quiz_or_404,
    settings_of,
    visible_attempt_or_404,
)
from lms.quizzes.models import QuizAttempt
from lms.quizzes.review import quiz_closed_for, review_items, reviewed
from lms.quizzes.transactions import Busy, run_with_retry
from lms.quizzes.views.blueprint import bp


def _close_overdue(attempts: list[QuizAttempt]) -> bool:
    """Close the attempts whose time ran out while nobody was looking; True if there were any.

    A concurrent request may be closing the same attempt: the retry then finds it closed. If
    the database stays busy, the attempt is closed on the next visit instead.
    """
    now = utcnow()
    if not any(is_overdue(a, now) for a in attempts):
        return False
    writing()  # even on GET
    try:
        run_with_retry(lambda: [close_if_overdue(a, now) for a in attempts])
    except Busy:
        current_app.logger.warning("quiz: could not close overdue attempts now")
    return True


@bp.get("/learn/<programme_code>/<module_slug>/quiz")
@login_required
def quiz(programme_code: str, module_slug: str):
    place = quiz_or_404(programme_code, module_slug)
    trainee = current_user.has_role("trainee") and not is_staff(current_user)
    attempts = attempts_of(current_user.id, place.key) if trainee else []
    _close_overdue(attempts)
    settings = place.module.quiz
    last_day = closes_on(current_user.id, place.key) if trainee else None
    return render_template(
        "quizzes/quiz.html",
        place=place,
        settings=settings,
        attempts=attempts,
        trainee=trainee,
        locked_by=locked_by(place) if trainee else [],
        closed=quiz_closed_for(settings, attempts),
        last_day=last_day,
        past_close=last_day is not None and local_today() > last_day,
        current=next((a for a in attempts if a.in_progress), None),
        items=review_items(settings, attempts, staff=False),
        form=CsrfOnlyForm(),
        language=language(),
        draft=served_as_draft(place.module, language()),
    )


@bp.post("/learn/<programme_code>/<module_slug>/quiz/start")
@login_required
def start(programme_code: str, module_slug: str):
    return begin_attempt(programme_code, module_slug, start_attempt, ".attempt")


def begin_attempt(programme_code: str, module_slug: str, begin, endpoint: str):
    """Start a quiz for the trainee with ``begin`` (an attempt on screen, or a paper to take
    offline) and go to ``endpoint``; every refusal goes back to the quiz page with its reason."""
    place = quiz_or_404(programme_code, module_slug)
    back = redirect(url_for(".quiz", programme_code=programme_code, module_slug=module_slug))
    if not current_user.has_role("trainee") or is_staff(current_user):
        abort(403)
    if not CsrfOnlyForm().validate_on_submit():
        abort(400)
    if locked_by(place):
        flash(_("This quiz opens when the module opens."), "warning")
        return back
    try:
        if not any(a.in_progress for a in attempts_of(current_user.id, place.key)):
            check_open(current_user.id, place.key, local_today())
        questions, served_in = bank_in(place.module, language())
        attempt = run_with_retry(
            lambda: begin(
                current_user.id, place.key, place.module.quiz, questions, language=served_in
            )
        )
    except QuizUnavailable:
        flash(_("This quiz cannot be taken at the moment. Please tell your trainer."), "error")
        return back
    except QuizError as error:
        flash(str(error), "warning")
        return back
    except Busy:
        flash(_("Many people are starting quizzes right now. Please try again."), "warning")
        return back
    return redirect(url_for(endpoint, attempt_id=attempt.id))


def _to_review(attempt_id: int):
    return redirect(url_for(".review", attempt_id=attempt_id))


def _take_page(attempt: QuizAttempt, findings=(), asked: str | None = None):
    if _close_overdue([attempt]):
        flash(_("Time ran out. Your attempt was submitted with the answers you had saved."), "info")
    if not attempt.in_progress:
        return _to_review(attempt.id)
    all_pages = pages(attempt)
    if asked is not None:  # the page the refused submission came from (a form field)
        page = ascii_int(asked, minimum=1, maximum=10_000) if is_ascii_number(asked) else 1
    else:
        page = int_arg(request.args, "page", default=1, maximum=10_000)
    page = page if page <= len(all_pages) else 1
    items = reviewed(attempt)
    place = catalogue().find(attempt.programme, attempt.module)
    return render_template(
        "quizzes/take.html",
        attempt=attempt,
        items=[items[i] for i in all_pages[page - 1]],
        page=page,
        pages=all_pages,
        unanswered=[i for i in items if i.number and i.answer is None],
        seconds_left=(attempt.deadline - utcnow()).total_seconds() if attempt.deadline else None,
        form=CsrfOnlyForm(),
        findings=findings,
        place=place,
        language=language(),
        draft=served_as_draft(place[1], attempt.language),
    )


def _answers_of(attempt: QuizAttempt):
    if not CsrfOnlyForm().validate_on_submit():
        abort(400)
    page = page_number(one_value(request.form, "page"), attempt)
    return page, read_answers(request.form, attempt, page)


def _closed_message(result: SaveResult) -> None:
    if result.late:
        flash(
            _(
                "Time ran out before your answers arrived. The attempt was submitted with the "
                "answers saved before the time limit; the late answers were not counted."
            ),
            "warning",
        )
    else:
        flash(_("This attempt has already been submitted."), "info")


@bp.route("/quiz/attempts/<int:attempt_id>", methods=["GET", "POST"])
@login_required
def attempt(attempt_id: int):
    """GET: one page of the attempt. POST: save that page's answers and go to another page."""
    if request.method == "GET":
        return _take_page(own_attempt_or_404(attempt_id))

    # Checked before saving: a malformed "go" must not answer 400 after the answers were kept.
    target = int_arg(request.form, "go", default=0, maximum=10_000)

    def save() -> tuple[int, SaveResult]:
        attempt = own_attempt_or_404(attempt_id)
        page, answers = _answers_of(attempt)
        return page, save_answers(attempt, answers)

    try:
        page, result = run_with_retry(save)
    except BadAnswer:
        abort(400)
    except Busy:
        abort(503)
    if request.form.get("autosave"):
        return jsonify(saved=result.saved, closed=not result.saved)
    if not result.saved:
        _closed_message(result)
        return _to_review(attempt_id)
    return redirect(url_for(".attempt", attempt_id=attempt_id, page=target or page))


def _ask_confirmation(attempt_id: int, findings):
    """Keep the answers (as Save does) and show the page again with the guard's findings."""

    def save() -> SaveResult:
        attempt = own_attempt_or_404(attempt_id)
        return save_answers(attempt, _answers_of(attempt)[1])

    run_with_retry(save)
    keep_despite_refusal()  # the answers are kept; only the submission waits (answered 422)
    shown = _take_page(own_attempt_or_404(attempt_id), findings, request.form.get("page"))
    return (shown, 422) if isinstance(shown, str) else shown


@bp.post("/quiz/attempts/<int:attempt_id>/submit")
@login_required
def submit(attempt_id: int):
    def finish() -> SaveResult:
        attempt = own_attempt_or_404(attempt_id)
        _page, answers = _answers_of(attempt)
        confirmed = request.form.get("confirm_privacy") == "y"
        return submit_attempt(attempt, answers, privacy_confirmed=confirmed)

    try:
        result = run_with_retry(finish)
    except IdentifyingText as exc:
        return _ask_confirmation(attempt_id, exc.findings)
    except BadAnswer:
        abort(400)
    except Busy:
        abort(503)
    if result.saved:
        flash(_("Your attempt has been submitted."), "success")
    else:
        _closed_message(result)
    return _to_review(attempt_id)


@bp.get("/quiz/attempts/<int:attempt_id>/review")
@login_required
def review(attempt_id: int):
    attempt = visible_attempt_or_404(attempt_id)
    _close_overdue([attempt])
    owner = attempt.user_id == current_user.id
    if owner and attempt.in_progress:
        return redirect(url_for(".attempt", attempt_id=attempt.id))
    return _review_page(attempt)


def _review_page(attempt: QuizAttempt, message_form=None, message_findings=(), status=200):
    owner = attempt.user_id == current_user.id
    settings = settings_of(attempt)
    attempts = attempts_of(attempt.user_id, QuizKey(attempt.programme, attempt.module))
    talk = {}
    if has_essay(attempt) and not attempt.in_progress:
        action = url_for(".attempt_message", attempt_id=attempt.id)
        talk = conversation_context(
            "quiz_attempt", attempt.id, action, message_form, message_findings
        )
    return render_template(
        "quizzes/review.html",
        attempt=attempt,
        items=reviewed(attempt),
        show=review_items(settings, attempts, staff=not owner),
        owner=owner,
        can_mark=not owner and current_user.has_role("trainer", "admin"),
        place=catalogue().find(attempt.programme, attempt.module),
        language=language(),
        **talk,
    ), status


@bp.post("/quiz/attempts/<int:attempt_id>/messages")
@login_required
def attempt_message(attempt_id: int):
    """The conversation on an essay: the trainee and their cohorts' trainers."""
    attempt = visible_attempt_or_404(attempt_id)
    if not has_essay(attempt) or attempt.in_progress:
        abort(404)
    return post_from_form(
        "quiz_attempt",
        attempt.id,
        (attempt.user_id, *trainers_of(attempt.user_id)),
        lambda form, findings: _review_page(attempt, form, findings, 422),
        url_for(".review", attempt_id=attempt.id),
    )

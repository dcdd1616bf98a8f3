"""Trainers' quiz pages: the essay grading queue, marks and overrides, item statistics."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from lms.accounts.access import role_required
from lms.core.downloads import csv_download
from lms.core.extensions import db
from lms.core.privacy import IdentifyingText
from lms.core.unit_of_work import all_or_nothing
from lms.courses.content import catalogue
from lms.i18n.language import language
from lms.jobs.control import start_job
from lms.jobs.queue import QueueUnavailable, check_available
from lms.quizzes import regrade_job
from lms.quizzes.bank import QuizUnavailable, question_bank, read_bank
from lms.quizzes.forms import CsrfOnlyForm, MarkForm
from lms.quizzes.gift import GiftError
from lms.quizzes.lookup import quiz_or_404, visible_attempt_or_404
from lms.quizzes.marking import MarkError, NewMark, set_mark
from lms.quizzes.models import NEEDS_GRADING, QuizAttempt
from lms.quizzes.review import reviewed
from lms.quizzes.statistics import BANDS, quiz_statistics, visible_trainees
from lms.quizzes.views.blueprint import bp


@bp.get("/quiz/grading")
@role_required("trainer", "admin")
def grading():
    """Essays waiting for a mark, oldest first, from the viewer's cohorts (admins: all)."""
    query = (
        select(QuizAttempt)
        .where(QuizAttempt.state == NEEDS_GRADING)
        .order_by(QuizAttempt.finished_at, QuizAttempt.id)
    )
    scope = visible_trainees(current_user)
    if scope is not None:
        query = query.where(QuizAttempt.user_id.in_(scope))
    pending = [
        (attempt, item)
        for attempt in db.session.scalars(query)
        for item in reviewed(attempt)
        if item.row.needs_grading
    ]
    return render_template(
        "quizzes/grading.html",
        pending=pending,
        catalogue=catalogue(),
        language=language(),
    )


@bp.route("/quiz/attempts/<int:attempt_id>/questions/<int:position>/mark", methods=["GET", "POST"])
@login_required
def mark(attempt_id: int, position: int):
    attempt = visible_attempt_or_404(attempt_id)
    if not current_user.has_role("trainer", "admin") or attempt.user_id == current_user.id:
        abort(403)
    items = reviewed(attempt)
    if position >= len(items) or items[position].row.max_mark <= 0:
        abort(404)
    item = items[position]
    form = MarkForm()
    if request.method == "GET":
        form.mark.data = item.row.mark
        form.comment.data = item.row.comment
    findings = []
    if form.validate_on_submit():
        new = NewMark(
            form.mark.data,
            form.reason.data or "",
            form.comment.data or "",
            privacy_confirmed=bool(form.confirm_privacy.data),
        )
        try:
            with all_or_nothing():
                set_mark(attempt, position, new, actor_id=current_user.id)
        except IdentifyingText as error:
            form.form_errors.append(str(error))
            findings = error.findings
        except MarkError as error:
            form.form_errors.append(str(error))
        else:
            flash(_("Mark saved."), "success")
            return redirect(url_for(".review", attempt_id=attempt.id, _anchor=f"q{position}"))
    return render_template(
        "quizzes/mark.html",
        attempt=attempt,
        item=item,
        form=form,
        first_mark=item.row.needs_grading,
        language=language(),
        findings=findings,
    ), (422 if findings else 200)


def _statistics(programme_code: str, module_slug: str):
    place = quiz_or_404(programme_code, module_slug)
    try:
        titles = {q.id: q.title for q in question_bank(place.module) if q.id}
    except QuizUnavailable:
        titles = {}
    return place, quiz_statistics(place.key, current_user, titles)


@bp.get("/learn/<programme_code>/<module_slug>/quiz/statistics")
@role_required("trainer", "admin")
def statistics(programme_code: str, module_slug: str):
    place, stats = _statistics(programme_code, module_slug)
    return render_template(
        "quizzes/statistics.html",
        place=place,
        stats=stats,
        band_width=100 // BANDS,
        most=max(stats.bands) or 1,
        language=language(),
        form=CsrfOnlyForm(),
    )


@bp.get("/learn/<programme_code>/<module_slug>/quiz/statistics.csv")
@role_required("trainer", "admin")
def statistics_csv(programme_code: str, module_slug: str):
    place, stats = _statistics(programme_code, module_slug)
    header = [
        # Translators: column headings of the item statistics CSV file (a spreadsheet's first row).
        _("question_id"),
        _("title"),
        _("attempts"),
        _("facility"),
        _("discrimination"),
        _("flags"),
    ]
    rows = (
        [
            q.question_id,
            q.title,
            q.attempts,
            f"{q.facility:.1f}",
            "" if q.discrimination is None else f"{q.discrimination:.1f}",
            "; ".join(str(flag) for flag in q.flags),
        ]
        for q in stats.questions
    )
    name = f"quiz-statistics-{place.programme.code}-{place.module.slug}.csv"
    return csv_download(name, header, rows)


@bp.post("/learn/<programme_code>/<module_slug>/quiz/regrade")
@role_required("trainer", "admin")
def regrade(programme_code: str, module_slug: str):
    """Regrade the quiz's submitted attempts (the trainer's cohorts'; an admin's: all) with the
    answer key now in its file, as a job; its page shows the progress and then the summary."""
    place = quiz_or_404(programme_code, module_slug)
    back = redirect(url_for(".statistics", programme_code=programme_code, module_slug=module_slug))
    if not CsrfOnlyForm().validate_on_submit():
        abort(400)
    try:
        read_bank(place.module.quiz_path)
    except (GiftError, OSError, UnicodeDecodeError):
        flash(_("The quiz file cannot be read now, so nothing was regraded."), "error")
        return back
    try:
        check_available()
    except QueueUnavailable:
        flash(_("The job queue is unavailable; try again in a few minutes."), "error")
        return back
    job = start_job(
        regrade_job.KIND,
        started_by_id=current_user.id,
        programme=place.programme.code,
        module=place.module.slug,
        actor_id=current_user.id,
    )
    return redirect(url_for("jobs.job", job_id=job.id))

"""Competency profiles: a trainee's own, a trainer's view of a trainee (with the status set by
hand), and a cohort heatmap (trainees x competencies)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from lms.accounts.access import role_required
from lms.accounts.cohorts import cohort_for, cohorts_of_trainee, trainee_for
from lms.competencies.evidence import EvidenceError, profile, profiles, set_status
from lms.competencies.forms import StatusForm
from lms.competencies.models import STATUSES
from lms.competencies.views.blueprint import bp
from lms.core.privacy import IdentifyingText
from lms.core.unit_of_work import all_or_nothing
from lms.courses.content import catalogue
from lms.courses.enrolment import enrolled_codes
from lms.i18n.language import language as current_language


def _programmes_of(trainee) -> list:
    codes = enrolled_codes(trainee)
    return [p for p in catalogue().programmes if p.code in codes]


@bp.get("/competencies/mine")
@login_required
def my_competencies():
    profiles = [(p, profile(current_user.id, p)) for p in _programmes_of(current_user)]
    return render_template(
        "competencies/profile.html",
        trainee=current_user,
        profiles=profiles,
        language=current_language(),
        editable=False,
    )


@bp.get("/trainees/<int:trainee_id>/competencies")
@role_required("admin", "trainer")
def trainee_competencies(trainee_id: int):
    trainee = trainee_for(current_user, trainee_id) or abort(404)
    return _trainee_page(trainee)


def _trainee_page(trainee, form: StatusForm | None = None, place=None, findings=(), status=200):
    """The trainer's view; ``form`` and ``findings`` re-show a status form the guard refused,
    at ``place`` (programme code, competency code); every other row gets an empty form."""
    profiles = [(p, profile(trainee.id, p)) for p in _programmes_of(trainee)]
    blank = StatusForm(formdata=None)
    return render_template(
        "competencies/profile.html",
        trainee=trainee,
        profiles=profiles,
        language=current_language(),
        editable=trainee.id != current_user.id,  # never one's own status (refuse_self)
        form=blank,
        refused_form=form or blank,
        refused_at=place,
        findings=findings,
        statuses=STATUSES,
    ), status


@bp.post("/trainees/<int:trainee_id>/competencies/<programme_code>/<code>")
@role_required("admin", "trainer")
def set_competency_status(trainee_id: int, programme_code: str, code: str):
    trainee = trainee_for(current_user, trainee_id) or abort(404)
    programme = catalogue().programme(programme_code) or abort(404)
    if programme not in _programmes_of(trainee):
        abort(404)
    form = StatusForm()
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for error in errors:
                flash(str(error), "error")
        return redirect(url_for("competencies.trainee_competencies", trainee_id=trainee.id))
    try:
        with all_or_nothing():
            set_status(
                trainee,
                programme,
                code,
                form.status.data,
                form.note.data,
                actor_id=current_user.id,
                confirmed=bool(form.confirm_privacy.data),
            )
    except IdentifyingText as exc:
        form.form_errors.append(str(exc))
        return _trainee_page(trainee, form, (programme.code, code), exc.findings, 422)
    except EvidenceError as exc:
        flash(str(exc), "error")
    else:
        flash(_("Status of %(code)s saved.", code=code), "success")
    return redirect(url_for("competencies.trainee_competencies", trainee_id=trainee.id))


@bp.get("/cohorts/<int:cohort_id>/competencies")
@role_required("admin", "trainer")
def cohort_heatmap(cohort_id: int):
    cohort = cohort_for(current_user, cohort_id) or abort(404)
    programme = catalogue().programme(cohort.programme) or abort(404)
    found = profiles(programme, [t.id for t in cohort.trainees])
    rows = [(t, {e.code: e for e in found[t.id]}) for t in cohort.trainees]
    return render_template(
        "competencies/heatmap.html",
        cohort=cohort,
        programme=programme,
        rows=rows,
        language=current_language(),
        cohorts_of_trainee=cohorts_of_trainee,
    )

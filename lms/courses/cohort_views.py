"""Creating and editing cohorts: the cohort pages that need the programmes of the content.

They live here, above accounts, because a cohort's programme is chosen from the course
catalogue, which accounts must not read. The other cohort pages stay in accounts.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from lms.accounts.access import role_required
from lms.accounts.cohorts import CohortError, CohortFields, cohort_for, create_cohort, update_cohort
from lms.accounts.forms import CohortForm
from lms.core.forms import choice_list
from lms.core.unit_of_work import all_or_nothing
from lms.courses.programmes import ProgrammeLabels, programme_choices, programme_codes

bp = Blueprint("cohort_admin", __name__)
# Every page that names a programme (cohorts, practice, certificates) reads its title here.
bp.app_context_processor(lambda: {"programme_labels": ProgrammeLabels()})


def _form(cohort=None) -> CohortForm:
    form = CohortForm(obj=cohort)
    form.programme.choices = choice_list(programme_choices())
    return form


def _fields(form: CohortForm) -> CohortFields:
    return CohortFields(
        code=form.code.data.strip(),
        name=form.name.data.strip(),
        programme=form.programme.data,
        starts_on=form.starts_on.data,
        ends_on=form.ends_on.data,
    )


@bp.route("/cohorts/new", methods=["GET", "POST"])
@role_required("admin")
def cohort_new():
    form = _form()
    if form.validate_on_submit():
        try:
            with all_or_nothing():
                cohort = create_cohort(
                    _fields(form), programmes=programme_codes(), actor_id=current_user.id
                )
        except CohortError as exc:
            form.form_errors.append(str(exc))
        else:
            flash(_("Cohort created. Now add its trainers and trainees."), "success")
            return redirect(url_for("accounts.cohort_people", cohort_id=cohort.id))
    return render_template("accounts/cohort_form.html", form=form, cohort=None)


@bp.route("/cohorts/<int:cohort_id>/edit", methods=["GET", "POST"])
@role_required("admin")
def cohort_edit(cohort_id: int):
    cohort = cohort_for(current_user, cohort_id) or abort(404)
    form = _form(cohort)
    if form.validate_on_submit():
        try:
            with all_or_nothing():
                update_cohort(
                    cohort, _fields(form), programmes=programme_codes(), actor_id=current_user.id
                )
        except CohortError as exc:
            form.form_errors.append(str(exc))
        else:
            flash(_("Changes saved."), "success")
            return redirect(url_for("accounts.cohort", cohort_id=cohort.id))
    return render_template("accounts/cohort_form.html", form=form, cohort=cohort)

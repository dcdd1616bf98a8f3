"""Cohorts: admins manage them; trainers see their own cohorts and those cohorts' trainees."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from lms.accounts.access import role_required
from lms.accounts.cohorts import (
    CohortError,
    CohortFields,
    cohort_for,
    cohorts_of_trainee,
    cohorts_visible_to,
    create_cohort,
    load_trainees_with_regions,
    set_cohort_people,
    trainee_for,
    update_cohort,
)
from lms.accounts.forms import PROGRAMME_LABELS, CohortForm, CohortPeopleForm
from lms.accounts.models import Cohort, User, UserRole, name_order
from lms.accounts.views.blueprint import bp
from lms.core.extensions import db
from lms.core.forms import choice_list
from lms.core.unit_of_work import all_or_nothing


def _fields(form: CohortForm) -> CohortFields:
    return CohortFields(
        code=form.code.data.strip(),
        name=form.name.data.strip(),
        programme=form.programme.data,
        starts_on=form.starts_on.data,
        ends_on=form.ends_on.data,
    )


def _visible_cohort_or_404(cohort_id: int) -> Cohort:
    cohort = cohort_for(current_user, cohort_id)
    if cohort is None:
        abort(404)
    return cohort


@bp.get("/cohorts/")
@role_required("admin", "trainer")
def cohorts():
    return render_template(
        "accounts/cohorts.html",
        cohorts=cohorts_visible_to(current_user),
        programme_labels=PROGRAMME_LABELS,
    )


@bp.route("/cohorts/new", methods=["GET", "POST"])
@role_required("admin")
def cohort_new():
    form = CohortForm()
    if form.validate_on_submit():
        try:
            with all_or_nothing():
                cohort = create_cohort(_fields(form), actor_id=current_user.id)
        except CohortError as exc:
            form.form_errors.append(str(exc))
        else:
            flash(_("Cohort created. Now add its trainers and trainees."), "success")
            return redirect(url_for("accounts.cohort_people", cohort_id=cohort.id))
    return render_template("accounts/cohort_form.html", form=form, cohort=None)


@bp.get("/cohorts/<int:cohort_id>")
@role_required("admin", "trainer")
def cohort(cohort_id: int):
    cohort = _visible_cohort_or_404(cohort_id)
    return render_template(
        "accounts/cohort.html",
        cohort=cohort,
        trainees=load_trainees_with_regions(cohort),
        programme_labels=PROGRAMME_LABELS,
    )


@bp.route("/cohorts/<int:cohort_id>/edit", methods=["GET", "POST"])
@role_required("admin")
def cohort_edit(cohort_id: int):
    cohort = _visible_cohort_or_404(cohort_id)
    form = CohortForm(obj=cohort)
    if form.validate_on_submit():
        try:
            with all_or_nothing():
                update_cohort(cohort, _fields(form), actor_id=current_user.id)
        except CohortError as exc:
            form.form_errors.append(str(exc))
        else:
            flash(_("Changes saved."), "success")
            return redirect(url_for("accounts.cohort", cohort_id=cohort.id))
    return render_template("accounts/cohort_form.html", form=form, cohort=cohort)


def _people_choices(role: str):
    users = db.session.scalars(
        select(User)
        .join(UserRole)
        .where(UserRole.role == role, User.active.is_(True))
        .order_by(name_order(), User.id)
    )
    return choice_list((u.id, f"{u.full_name} ({u.username})") for u in users)


@bp.route("/cohorts/<int:cohort_id>/people", methods=["GET", "POST"])
@role_required("admin")
def cohort_people(cohort_id: int):
    cohort = _visible_cohort_or_404(cohort_id)
    form = CohortPeopleForm()
    form.trainers.choices = _people_choices("trainer")
    form.trainees.choices = _people_choices("trainee")
    if request.method == "GET":
        form.trainers.data = [u.id for u in cohort.trainers]
        form.trainees.data = [u.id for u in cohort.trainees]
    if form.validate_on_submit():
        try:
            with all_or_nothing():
                set_cohort_people(
                    cohort,
                    trainer_ids=form.trainers.data,
                    trainee_ids=form.trainees.data,
                    actor_id=current_user.id,
                )
        except CohortError as exc:
            form.form_errors.append(str(exc))
        else:
            flash(_("Changes saved."), "success")
            return redirect(url_for("accounts.cohort", cohort_id=cohort.id))
    return render_template("accounts/cohort_people.html", form=form, cohort=cohort)


@bp.get("/trainees/<int:trainee_id>")
@role_required("admin", "trainer")
def trainee(trainee_id: int):
    person = trainee_for(current_user, trainee_id)
    if person is None or not person.has_role("trainee"):
        abort(404)
    return render_template(
        "accounts/trainee.html",
        trainee=person,
        cohorts=cohorts_of_trainee(person),
        programme_labels=PROGRAMME_LABELS,
    )

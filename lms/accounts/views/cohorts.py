"""Cohorts: admins manage them; trainers see their own cohorts and those cohorts' trainees.

Creating and editing a cohort (choosing its programme) is in lms.courses.cohort_views."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from lms.accounts.access import role_required
from lms.accounts.cohorts import (
    CohortError,
    cohort_for,
    cohorts_of_trainee,
    cohorts_visible_to,
    load_trainees_with_regions,
    set_cohort_people,
    trainee_for,
)
from lms.accounts.forms import CohortPeopleForm
from lms.accounts.models import Cohort, User, UserRole, name_order
from lms.accounts.views.blueprint import bp
from lms.core.extensions import db
from lms.core.forms import choice_list
from lms.core.unit_of_work import all_or_nothing


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
    )


@bp.get("/cohorts/<int:cohort_id>")
@role_required("admin", "trainer")
def cohort(cohort_id: int):
    cohort = _visible_cohort_or_404(cohort_id)
    return render_template(
        "accounts/cohort.html",
        cohort=cohort,
        trainees=load_trainees_with_regions(cohort),
    )


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
    )

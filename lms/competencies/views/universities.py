"""Universities: the list, creating one (admin), its page with degree programmes and, for
admins, its coordinators. A coordinator reaches only their own university (404 otherwise)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from lms.accounts.access import role_required
from lms.competencies.forms import CoordinatorsForm, ProgrammeForm, UniversityForm
from lms.competencies.models import Framework, University
from lms.competencies.universities import (
    UniversityError,
    coordinator_candidates,
    coordinators_of,
    create_programme,
    create_university,
    set_coordinators,
    universities_visible_to,
    university_for,
)
from lms.competencies.views.blueprint import bp
from lms.core.extensions import db
from lms.core.forms import choice_list
from lms.core.unit_of_work import all_or_nothing

UNIVERSITY_ROLES = ("admin", "coordinator")


def university_or_404(university_id: int) -> University:
    return university_for(current_user, university_id) or abort(404)


@bp.get("/universities/")
@role_required(*UNIVERSITY_ROLES)
def universities():
    visible = universities_visible_to(current_user)
    return render_template("competencies/universities.html", universities=visible)


@bp.route("/universities/new", methods=["GET", "POST"])
@role_required("admin")
def university_new():
    form = UniversityForm()
    if form.validate_on_submit():
        try:
            with all_or_nothing():
                university = create_university(
                    form.name.data, form.short_code.data, actor_id=current_user.id
                )
        except UniversityError as exc:
            form.form_errors.append(str(exc))
        else:
            flash(_("University created."), "success")
            return redirect(url_for("competencies.university", university_id=university.id))
    return render_template("competencies/university_new.html", form=form)


def _coordinators_form(university: University) -> CoordinatorsForm:
    form = CoordinatorsForm()
    form.coordinators.choices = choice_list(
        (u.id, f"{u.full_name} ({u.username})") for u in coordinator_candidates()
    )
    return form


@bp.get("/universities/<int:university_id>")
@role_required(*UNIVERSITY_ROLES)
def university(university_id: int):
    university = university_or_404(university_id)
    coordinators = coordinators_of(university)
    form = None
    if current_user.has_role("admin"):
        form = _coordinators_form(university)
        form.coordinators.data = [u.id for u in coordinators]
    return render_template(
        "competencies/university.html",
        university=university,
        coordinators=coordinators,
        coordinators_form=form,
    )


@bp.post("/universities/<int:university_id>/coordinators")
@role_required("admin")
def university_coordinators(university_id: int):
    university = university_or_404(university_id)
    form = _coordinators_form(university)
    if not form.validate_on_submit():
        abort(400)
    try:
        with all_or_nothing():
            set_coordinators(university, form.coordinators.data, actor_id=current_user.id)
    except UniversityError as exc:
        flash(str(exc), "error")
    else:
        flash(_("Coordinators saved."), "success")
    return redirect(url_for("competencies.university", university_id=university.id))


@bp.route("/universities/<int:university_id>/programmes/new", methods=["GET", "POST"])
@role_required(*UNIVERSITY_ROLES)
def programme_new(university_id: int):
    university = university_or_404(university_id)
    form = ProgrammeForm()
    frameworks = db.session.scalars(select(Framework).order_by(Framework.title)).all()
    form.framework.choices = choice_list((f.id, f"{f.title} ({f.code})") for f in frameworks)
    if form.validate_on_submit():
        framework = db.session.get(Framework, form.framework.data) or abort(400)
        try:
            with all_or_nothing():
                programme = create_programme(university, form.name.data, framework)
        except UniversityError as exc:
            form.form_errors.append(str(exc))
        else:
            flash(_("Degree programme added."), "success")
            return redirect(
                url_for(
                    "competencies.programme",
                    university_id=university.id,
                    programme_id=programme.id,
                )
            )
    return render_template("competencies/programme_new.html", university=university, form=form)

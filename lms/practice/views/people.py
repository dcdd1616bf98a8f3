"""Trainers and admins: cohorts' practice at a glance, a trainee's record, placements."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from lms.accounts.access import role_required
from lms.accounts.cohorts import cohort_for, cohorts_of_trainee, cohorts_visible_to, trainee_for
from lms.accounts.models import User, UserRole, name_order
from lms.accounts.regions import regions_for_choice
from lms.accounts.trainers import trains_cohort
from lms.core.database import local_today
from lms.core.extensions import db
from lms.core.forms import choice_list
from lms.core.unit_of_work import all_or_nothing
from lms.practice.counting import shared
from lms.practice.errors import PracticeError
from lms.practice.evaluations import evaluations_of
from lms.practice.forms import PlacementForm
from lms.practice.models import PracticeEntry
from lms.practice.overview import cohort_rows
from lms.practice.parsing import iso_date, whole_number
from lms.practice.placements import (
    PlacementFields,
    create_placement,
    may_edit_placement,
    placement_for,
    placements_of,
    update_placement,
)
from lms.practice.programme import requirements_of
from lms.practice.sessions import sessions_of
from lms.practice.views.blueprint import bp, language
from lms.practice.views.log import page_number, programme_progress


@bp.get("/cohorts/")
@role_required("admin", "trainer")
def cohorts():
    return render_template(
        "practice/cohorts.html",
        cohorts=cohorts_visible_to(current_user),
    )


@bp.get("/cohorts/<int:cohort_id>")
@role_required("admin", "trainer")
def cohort(cohort_id: int):
    cohort = cohort_for(current_user, cohort_id) or abort(404)
    return render_template(
        "practice/cohort.html",
        cohort=cohort,
        rows=cohort_rows(cohort),
        requirements=requirements_of(cohort.programme),
    )


def _visible_trainee_or_404(trainee_id: int) -> User:
    person = trainee_for(current_user, trainee_id)
    if person is None or not person.has_role("trainee"):
        abort(404)
    return person


@bp.get("/trainees/<int:trainee_id>")
@role_required("admin", "trainer")
def trainee(trainee_id: int):
    person = _visible_trainee_or_404(trainee_id)
    placements = placements_of(person.id)
    entries = db.paginate(
        select(PracticeEntry)
        .where(PracticeEntry.trainee_id == person.id, shared())
        .order_by(PracticeEntry.day.desc(), PracticeEntry.id.desc()),
        page=page_number(),
        per_page=50,
        error_out=False,
    )
    return render_template(
        "practice/trainee.html",
        trainee=person,
        placements=placements,
        progress=programme_progress(person.id, placements),
        entries=entries,
        sessions=sessions_of([person.id]),
        evaluations=evaluations_of([p.id for p in placements]),
    )


def _placement_form(person: User, placement=None) -> PlacementForm:
    """The placement form for ``person``: blank with sensible defaults for a new placement, or
    filled from ``placement`` for a correction."""
    lang = language()
    form = PlacementForm()
    own = [
        c
        for c in cohorts_of_trainee(person)
        if current_user.has_role("admin") or trains_cohort(current_user, c)
    ]
    if not own:
        abort(404)
    form.cohort.choices = choice_list((c.id, c.name) for c in own)
    form.region.choices = choice_list(
        (r.id, f"{r.velayat.name(lang)} — {r.name(lang)}" + _validity(r))
        for r in regions_for_choice()
    )
    trainers = db.session.scalars(
        select(User)
        .join(UserRole)
        .where(UserRole.role == "trainer", User.active.is_(True), User.id != person.id)
        .order_by(name_order(), User.id)
    )
    form.supervisor.choices = choice_list((u.id, f"{u.full_name} ({u.username})") for u in trainers)
    if request.method == "GET" and placement is not None:
        form.cohort.data = placement.cohort_id
        form.region.data = placement.region_id
        form.agency.data = placement.agency
        form.supervisor.data = placement.supervisor_id
        form.starts_on.data = placement.starts_on.isoformat()
        form.ends_on.data = placement.ends_on.isoformat()
        form.required_hours.data = str(placement.required_hours)
    elif request.method == "GET":
        form.starts_on.data = local_today().isoformat()
        form.supervisor.data = current_user.id
        form.region.data = person.region_id
        form.required_hours.data = str(int(requirements_of(own[0].programme).total_hours))
    return form


def _validity(region) -> str:
    if region.valid_to:
        return " " + _("(until %(day)s)", day=region.valid_to.isoformat())
    if region.valid_from:
        return " " + _("(from %(day)s)", day=region.valid_from.isoformat())
    return ""


def _fields(form: PlacementForm, person: User) -> PlacementFields:
    return PlacementFields(
        trainee_id=person.id,
        cohort_id=form.cohort.data,
        region_id=form.region.data,
        agency=form.agency.data,
        supervisor_id=form.supervisor.data,
        starts_on=iso_date(form.starts_on.data),
        ends_on=iso_date(form.ends_on.data),
        required_hours=whole_number(form.required_hours.data, maximum=5000),
    )


@bp.route("/trainees/<int:trainee_id>/placements/new", methods=["GET", "POST"])
@role_required("admin", "trainer")
def placement_new(trainee_id: int):
    person = _visible_trainee_or_404(trainee_id)
    form = _placement_form(person)
    if form.validate_on_submit():
        try:
            with all_or_nothing():
                placement = create_placement(_fields(form, person), actor=current_user)
        except PracticeError as exc:
            form.form_errors.append(str(exc))
        else:
            flash(_("Placement created."), "success")
            return redirect(url_for("practice.placement", placement_id=placement.id))
    return render_template("practice/placement_form.html", form=form, trainee=person)


@bp.route("/placements/<int:placement_id>/edit", methods=["GET", "POST"])
@login_required  # 404 for a placement one may not see, 403 for one seen but not theirs to edit
def placement_edit(placement_id: int):
    """Correct a placement's cohort, place, agency, supervisor, dates or required hours."""
    found = placement_for(current_user, placement_id) or abort(404)
    if not may_edit_placement(current_user, found):
        abort(403)
    form = _placement_form(found.trainee, found)
    form.submit.label.text = _("Save changes")
    if form.validate_on_submit():
        try:
            with all_or_nothing():
                changed = update_placement(found, _fields(form, found.trainee), actor=current_user)
        except PracticeError as exc:
            form.form_errors.append(str(exc))
        else:
            flash(_("Placement updated.") if changed else _("Nothing was changed."), "success")
            return redirect(url_for("practice.placement", placement_id=found.id))
    return render_template(
        "practice/placement_form.html", form=form, trainee=found.trainee, placement=found
    )


@bp.get("/placements/<int:placement_id>")
@login_required
def placement(placement_id: int):
    found = placement_for(current_user, placement_id) or abort(404)
    evaluations = {e.stage: e for e in evaluations_of([found.id])}
    return render_template(
        "practice/placement.html",
        placement=found,
        evaluations=evaluations,
        supervising=found.supervisor_id == current_user.id != found.trainee_id,
        may_edit=may_edit_placement(current_user, found),
    )

"""A degree programme's page, its courses (one by one or from CSV) and each course's mapping
to the competencies of the programme's standard."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from lms.accounts.access import role_required
from lms.competencies.course_import import COLUMNS, import_courses
from lms.competencies.forms import LEVEL_LABELS, CourseForm, CourseImportForm, mapping_form
from lms.competencies.frameworks import framework_tree
from lms.competencies.mapping import MappingError, course_levels, set_course_mapping
from lms.competencies.models import DegreeProgramme, UniversityCourse
from lms.competencies.universities import (
    CourseFields,
    UniversityError,
    course_for,
    parse_ects,
    programme_for,
    save_course,
)
from lms.competencies.views.blueprint import bp
from lms.competencies.views.universities import UNIVERSITY_ROLES, university_or_404
from lms.core.spreadsheets import CsvDecodeError, decode_upload
from lms.core.unit_of_work import all_or_nothing
from lms.i18n.language import language as current_language

PROGRAMME = "/universities/<int:university_id>/programmes/<int:programme_id>"


def programme_or_404(university_id: int, programme_id: int) -> DegreeProgramme:
    university = university_or_404(university_id)
    return programme_for(university, programme_id) or abort(404)


def _programme_url(programme: DegreeProgramme) -> str:
    return url_for(
        "competencies.programme",
        university_id=programme.university_id,
        programme_id=programme.id,
    )


@bp.get(PROGRAMME)
@role_required(*UNIVERSITY_ROLES)
def programme(university_id: int, programme_id: int):
    programme = programme_or_404(university_id, programme_id)
    return render_template("competencies/programme.html", programme=programme)


def _course_fields(form: CourseForm) -> CourseFields:
    return CourseFields(
        code=form.code.data.strip(),
        title=form.title.data.strip(),
        ects=parse_ects(form.ects.data),
        year=form.year.data,
        semester=form.semester.data,
    )


@bp.route(PROGRAMME + "/courses/new", methods=["GET", "POST"])
@role_required(*UNIVERSITY_ROLES)
def course_new(university_id: int, programme_id: int):
    programme = programme_or_404(university_id, programme_id)
    form = CourseForm()
    if form.validate_on_submit():
        try:
            with all_or_nothing():
                course = save_course(programme, _course_fields(form))
        except UniversityError as exc:
            form.form_errors.append(str(exc))
        else:
            flash(_("Course %(code)s added.", code=course.code), "success")
            return redirect(_programme_url(programme))
    return render_template("competencies/course_new.html", programme=programme, form=form)


@bp.route(PROGRAMME + "/courses/import", methods=["GET", "POST"])
@role_required(*UNIVERSITY_ROLES)
def course_import(university_id: int, programme_id: int):
    programme = programme_or_404(university_id, programme_id)
    form = CourseImportForm()
    report = None
    if form.validate_on_submit():
        try:
            text = decode_upload(form.file.data.read())
        except CsvDecodeError as exc:
            form.file.errors.append(str(exc))
        else:
            with all_or_nothing() as import_:
                report = import_courses(programme, text)
                if not report.ok:
                    import_.rollback()  # the report lists every problem; nothing is imported
            if report.ok:
                flash(
                    _(
                        "%(created)d courses added, %(updated)d updated.",
                        created=report.created,
                        updated=report.updated,
                    ),
                    "success",
                )
                return redirect(_programme_url(programme))
    return render_template(
        "competencies/course_import.html",
        programme=programme,
        form=form,
        report=report,
        columns=COLUMNS,
    )


def _course_or_404(programme: DegreeProgramme, course_id: int) -> UniversityCourse:
    return course_for(programme, course_id) or abort(404)


@bp.route(PROGRAMME + "/courses/<int:course_id>", methods=["GET", "POST"])
@role_required(*UNIVERSITY_ROLES)
def course_mapping(university_id: int, programme_id: int, course_id: int):
    programme = programme_or_404(university_id, programme_id)
    course = _course_or_404(programme, course_id)
    nodes = framework_tree(programme.framework)
    leaves = [n.competency.id for n in nodes if n.is_leaf]
    form = mapping_form(leaves, course_levels(course))
    if form.validate_on_submit():
        levels = {cid: form[f"c{cid}"].data or None for cid in leaves}
        try:
            with all_or_nothing():
                count = set_course_mapping(course, levels)
        except MappingError as exc:
            form.form_errors.append(str(exc))
        else:
            flash(_("Mapping saved: %(count)d competencies.", count=count), "success")
            return redirect(_programme_url(programme))
    return render_template(
        "competencies/course_mapping.html",
        programme=programme,
        course=course,
        nodes=nodes,
        form=form,
        levels=LEVEL_LABELS,
        language=current_language(),
    )

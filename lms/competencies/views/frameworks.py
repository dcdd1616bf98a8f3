"""Framework pages: the list, one framework's tree with its crosswalks, the CASE and Moodle CSV
downloads, and an admin's form to add a crosswalk."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from lms.accounts.access import role_required
from lms.competencies.case_export import export_case_json
from lms.competencies.forms import CROSSWALK_LABELS, CrosswalkForm
from lms.competencies.frameworks import (
    CrosswalkError,
    add_crosswalk,
    framework_by_code,
    framework_summaries,
    framework_tree,
    links_of,
)
from lms.competencies.models import Competency, Framework
from lms.competencies.moodle_export import export_moodle_csv, moodle_csv_filename
from lms.competencies.views.blueprint import bp
from lms.core.downloads import download
from lms.core.extensions import db
from lms.core.forms import choice_list
from lms.core.unit_of_work import all_or_nothing
from lms.courses.content import catalogue
from lms.i18n.language import language as current_language
from lms.i18n.languages import TRANSLATED_LANGUAGES

STAFF = ("admin", "coordinator", "trainer")


def _framework_or_404(code: str) -> Framework:
    return framework_by_code(code) or abort(404)


@bp.get("/competencies/frameworks")
@role_required(*STAFF)
def frameworks():
    return render_template("competencies/frameworks.html", summaries=framework_summaries())


@bp.get("/competencies/frameworks/<path:code>")
@role_required(*STAFF)
def framework(code: str):
    framework = _framework_or_404(code)
    return render_template(
        "competencies/framework.html",
        framework=framework,
        nodes=framework_tree(framework),
        links=links_of(framework),
        language=current_language(),
        draft=_draft_translation(framework, current_language()),
    )


def _draft_translation(framework: Framework, language: str) -> bool:
    """Whether the page shows a framework from the content folder in a translation (ru, tk)
    that no reviewer has approved yet (``translation:`` in its YAML file)."""
    if framework.origin != "yaml" or language not in TRANSLATED_LANGUAGES:
        return False
    source = catalogue().framework(framework.code)
    return source is not None and not source.review(language).approved


@bp.get("/competencies/frameworks/<path:code>/case.json")
@role_required(*STAFF)
def framework_case(code: str):
    framework = _framework_or_404(code)
    return download(export_case_json(framework), f"{framework.identifier}.json", "application/json")


@bp.get("/competencies/frameworks/<path:code>/moodle.csv")
@role_required(*STAFF)
def framework_moodle_csv(code: str):
    framework = _framework_or_404(code)
    return download(
        export_moodle_csv(framework), moodle_csv_filename(framework), "text/csv; charset=utf-8"
    )


def _destination_choices(framework: Framework):
    others = db.session.execute(
        select(Competency, Framework.code)
        .join(Framework)
        .where(Framework.id != framework.id)
        .order_by(Framework.code, Competency.position)
    ).all()
    return choice_list(
        (c.id, f"{code} · {c.code or ''} {c.label[:90]}".replace("  ", " ")) for c, code in others
    )


@bp.route("/competencies/frameworks/<path:code>/crosswalks/new", methods=["GET", "POST"])
@role_required("admin")
def crosswalk_new(code: str):
    framework = _framework_or_404(code)
    form = CrosswalkForm()
    form.origin.choices = choice_list(
        (n.competency.id, f"{n.competency.code or ''} {n.competency.label[:90]}")
        for n in framework_tree(framework)
    )
    form.destination.choices = _destination_choices(framework)
    if form.validate_on_submit():
        origin = db.session.get(Competency, form.origin.data)
        destination = db.session.get(Competency, form.destination.data)
        try:
            with all_or_nothing():
                add_crosswalk(
                    origin, destination, form.association_type.data, actor_id=current_user.id
                )
        except CrosswalkError as exc:
            form.form_errors.append(str(exc))
        else:
            flash(_("Crosswalk added."), "success")
            return redirect(url_for("competencies.framework", code=framework.code))
    return render_template(
        "competencies/crosswalk_new.html",
        framework=framework,
        form=form,
        labels=CROSSWALK_LABELS,
    )

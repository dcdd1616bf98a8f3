"""Field evaluations: the supervisor rates, the trainee self-evaluates and acknowledges."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from lms.core.extensions import db
from lms.core.privacy import IdentifyingText
from lms.core.unit_of_work import all_or_nothing
from lms.i18n.language import language
from lms.notifications.threads import conversation_context, post_from_form
from lms.practice.errors import PracticeError
from lms.practice.evaluations import (
    acknowledge_evaluation,
    evaluation_of,
    save_evaluation,
)
from lms.practice.forms import (
    SelfEvaluationForm,
    evaluation_form_class,
    rating_field_name,
)
from lms.practice.labels import NOT_OBSERVED
from lms.practice.models import STAGES, FieldEvaluation, Placement
from lms.practice.placements import can_see_placement
from lms.practice.programme import programme_competencies, rating_levels
from lms.practice.views.blueprint import bp


def _supervised_or_404(placement_id: int, stage: str) -> Placement:
    """Only the placement's supervisor evaluates; for anyone else the page does not exist."""
    placement = db.session.get(Placement, placement_id)
    if (
        placement is None
        or stage not in STAGES
        or placement.supervisor_id != current_user.id
        or placement.trainee_id == current_user.id
    ):
        abort(404)
    return placement


def _fill(form, evaluation: FieldEvaluation, competencies) -> None:
    form.strengths.data = evaluation.strengths
    form.areas_to_develop.data = evaluation.areas_to_develop
    for competency in competencies:
        rating = evaluation.rating_for(competency.code)
        value = NOT_OBSERVED if rating is None else str(rating)
        getattr(form, rating_field_name(competency.code)).data = value


@bp.route("/placements/<int:placement_id>/evaluations/<stage>", methods=["GET", "POST"])
@login_required
def evaluation_edit(placement_id: int, stage: str):
    placement = _supervised_or_404(placement_id, stage)
    existing = evaluation_of(placement.id, stage)
    if existing is not None and existing.acknowledged:
        flash(_("The trainee has acknowledged this evaluation; it is final."), "info")
        return redirect(url_for("practice.evaluation", evaluation_id=existing.id))
    competencies = programme_competencies(placement.programme)
    form = evaluation_form_class(competencies, language())()
    if request.method == "GET" and existing is not None:
        _fill(form, existing, competencies)
    findings = []
    if form.validate_on_submit():
        try:
            with all_or_nothing():
                saved = save_evaluation(
                    current_user,
                    placement,
                    stage,
                    form.ratings(),
                    strengths=form.strengths.data or "",
                    areas_to_develop=form.areas_to_develop.data or "",
                    confirmed=bool(form.confirm_privacy.data),
                )
        except IdentifyingText as exc:
            form.form_errors.append(str(exc))
            findings = exc.findings
        except PracticeError as exc:
            form.form_errors.append(str(exc))
        else:
            flash(_("Evaluation saved and shared with the trainee."), "success")
            return redirect(url_for("practice.evaluation", evaluation_id=saved.id))
    return render_template(
        "practice/evaluation_form.html",
        form=form,
        placement=placement,
        stage=stage,
        competencies=competencies,
        field_name=rating_field_name,
        findings=findings,
        levels=rating_levels(placement.programme),
    )


def _visible_evaluation_or_404(evaluation_id: int) -> FieldEvaluation:
    found = db.session.get(FieldEvaluation, evaluation_id)
    if found is None or not can_see_placement(current_user, found.placement):
        abort(404)
    return found


def _evaluation_page(
    evaluation: FieldEvaluation,
    form: SelfEvaluationForm,
    status: int = 200,
    findings=(),
    message_form=None,
    message_findings=(),
):
    return render_template(
        "practice/evaluation.html",
        evaluation=evaluation,
        competencies=programme_competencies(evaluation.placement.programme),
        mine=evaluation.placement.trainee_id == current_user.id,
        supervising=evaluation.placement.supervisor_id == current_user.id,
        form=form,
        findings=findings,
        **conversation_context(
            "practice_evaluation",
            evaluation.id,
            url_for("practice.evaluation_message", evaluation_id=evaluation.id),
            message_form,
            message_findings,
        ),
    ), status


@bp.get("/evaluations/<int:evaluation_id>")
@login_required
def evaluation(evaluation_id: int):
    return _evaluation_page(_visible_evaluation_or_404(evaluation_id), SelfEvaluationForm())


@bp.post("/evaluations/<int:evaluation_id>/acknowledge")
@login_required
def evaluation_acknowledge(evaluation_id: int):
    found = _visible_evaluation_or_404(evaluation_id)
    form = SelfEvaluationForm()
    if not form.validate_on_submit():
        return _evaluation_page(found, form, 422)
    try:
        acknowledge_evaluation(
            current_user,
            found,
            form.self_evaluation.data,
            confirmed=bool(form.confirm_privacy.data),
        )
    except IdentifyingText as exc:
        form.form_errors.append(str(exc))
        return _evaluation_page(found, form, 422, exc.findings)
    except PracticeError as exc:
        form.form_errors.append(str(exc))
        return _evaluation_page(found, form, 422)
    flash(_("Thank you: your self-evaluation is saved and the evaluation acknowledged."), "success")
    return redirect(url_for("practice.evaluation", evaluation_id=found.id))


@bp.post("/evaluations/<int:evaluation_id>/messages")
@login_required
def evaluation_message(evaluation_id: int):
    found = _visible_evaluation_or_404(evaluation_id)
    placement = found.placement
    return post_from_form(
        "practice_evaluation",
        found.id,
        (placement.trainee_id, placement.supervisor_id),
        lambda form, findings: _evaluation_page(
            found, SelfEvaluationForm(), 422, (), form, findings
        ),
        url_for("practice.evaluation", evaluation_id=found.id),
    )

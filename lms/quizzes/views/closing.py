"""A cohort's quiz close dates, set by its trainers (and admins): the last day its trainees may
start each module's quiz."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from lms.accounts.access import role_required
from lms.accounts.cohorts import cohort_for
from lms.i18n.language import language
from lms.quizzes.closing import close_dates_of, quiz_modules, set_close_dates
from lms.quizzes.forms import close_dates_form_class
from lms.quizzes.views.blueprint import bp


@bp.route("/quiz/cohorts/<int:cohort_id>/close-dates", methods=["GET", "POST"])
@role_required("trainer", "admin")
def close_dates(cohort_id: int):
    cohort = cohort_for(current_user, cohort_id) or abort(404)
    modules = quiz_modules(cohort)
    titles = {m.slug: m.titles.get(language()) for m in modules}
    form = close_dates_form_class(modules, titles)()
    if form.validate_on_submit():
        chosen = {m.slug: form[f"close_{m.slug}"].data for m in modules}
        changed = set_close_dates(cohort, chosen, actor_id=current_user.id)
        flash(
            ngettext("%(num)d close date changed.", "%(num)d close dates changed.", changed),
            "success",
        )
        return redirect(url_for(".close_dates", cohort_id=cohort.id), code=303)
    if not form.is_submitted():
        existing = close_dates_of(cohort.id)
        for module in modules:
            row = existing.get((cohort.programme, module.slug))
            form[f"close_{module.slug}"].data = row.closes_on if row else None
    status = 422 if form.is_submitted() else 200
    return render_template(
        "quizzes/close_dates.html",
        cohort=cohort,
        form=form,
        modules=modules,
        intro=_(
            "The last day on which the trainees of this cohort may start each quiz. Leave a "
            "date empty for no close date. Trainees who have not passed are told before it."
        ),
    ), status

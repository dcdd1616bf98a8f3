"""A person's own data export; the admin's export for a data-protection request and erasure."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from lms.accounts.access import role_required
from lms.accounts.models import User
from lms.core.downloads import download
from lms.core.extensions import db
from lms.core.privacy import IdentifyingText
from lms.core.unit_of_work import all_or_nothing
from lms.jobs.control import start_job
from lms.jobs.queue import QueueUnavailable, check_available
from lms.privacy.erasure import ErasureRefused, erase_person, refusal
from lms.privacy.export import file_name, personal_data_json, record_export
from lms.privacy.export_job import KIND as EXPORT_KIND
from lms.privacy.export_job import job_args
from lms.privacy.forms import ErasureForm, ExportForm

bp = Blueprint("privacy", __name__, template_folder="templates")

JSON = "application/json; charset=utf-8"


def _user_or_404(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    return user


@bp.get("/account/data.json")
@login_required
def own_data():
    """Everything the platform holds about the person asking (not audited: their own)."""
    user = db.session.get(User, current_user.id)
    return download(personal_data_json(user), file_name(user), JSON)


@bp.post("/admin/users/<int:user_id>/data.json")
@role_required("admin")
def user_data(user_id: int):
    """A data-protection request answered by an admin: audited, and made by a job whose page
    then offers the file to this admin only."""
    user = _user_or_404(user_id)
    if not ExportForm().validate_on_submit():
        abort(400)
    try:
        check_available()
    except QueueUnavailable:
        flash(_("The job queue is unavailable; try again in a few minutes."), "error")
        return redirect(url_for("accounts.user_edit", user_id=user.id))
    record_export(user, actor_id=current_user.id)
    job = start_job(EXPORT_KIND, started_by_id=current_user.id, **job_args(user))
    return redirect(url_for("jobs.job", job_id=job.id))


@bp.route("/admin/users/<int:user_id>/erase", methods=["GET", "POST"])
@role_required("admin")
def erase(user_id: int):
    user = _user_or_404(user_id)
    form = ErasureForm()
    findings = []
    if form.validate_on_submit():
        try:
            with all_or_nothing():
                erased = erase_person(
                    user,
                    confirmation=form.confirmation.data,
                    reason=form.reason.data,
                    confirmed=form.confirm_privacy.data,
                    actor_id=current_user.id,
                )
        except IdentifyingText as exc:
            form.form_errors.append(str(exc))
            findings = exc.findings
        except ErasureRefused as exc:
            form.form_errors.append(str(exc))
        else:
            flash(_("Personal data erased; the account is now %(name)s.", name=erased.pseudonym))
            return redirect(url_for("accounts.user_edit", user_id=user.id))
    status = 422 if findings else 200
    return render_template(
        "privacy/erase.html", user=user, form=form, findings=findings, refused=refusal(user)
    ), status

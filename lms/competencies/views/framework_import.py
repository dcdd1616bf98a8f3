"""The admin's framework import: upload, a preview of what would be saved, then "Save".

Between preview and save the file waits on the server (``framework_import_drafts``), found by a
random token *and* the uploader, so what is saved is exactly what was previewed and nothing
the browser sends in between can change it; the file is checked again when saved.
"""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from lms.accounts.access import role_required
from lms.competencies.forms import FrameworkImportForm, FrameworkSaveForm
from lms.competencies.frameworks import draft_for, store_draft
from lms.competencies.importing import MAX_FILE_BYTES, import_framework, plan_import
from lms.competencies.views.blueprint import bp
from lms.core.extensions import db
from lms.core.unit_of_work import all_or_nothing


def upload_limit_mb() -> int:
    """What this form accepts: 10 MB, or less when the app refuses smaller requests."""
    app_limit = current_app.config.get("MAX_CONTENT_LENGTH") or MAX_FILE_BYTES
    return min(MAX_FILE_BYTES, app_limit) // (1024 * 1024)


@bp.errorhandler(413)
def upload_too_large(error):
    """Refused by Content-Length before the body is read; nothing was stored."""
    return render_template(
        "competencies/upload_too_large.html",
        limit=upload_limit_mb(),
        back=request.path,
        framework_form=request.endpoint == "competencies.framework_import",
    ), 413


@bp.route("/competencies/frameworks/import", methods=["GET", "POST"])
@role_required("admin")
def framework_import():
    """Upload and preview; the preview's "Save" posts its token back here."""
    if request.method == "POST" and "token" in request.form:
        return _save()
    form = FrameworkImportForm()
    plan = None
    if form.validate_on_submit():
        upload = form.file.data
        content = upload.read()
        plan = plan_import(upload.filename or "upload", content)
        if plan.ok:
            draft = store_draft(current_user.id, plan.filename, content)
            return render_template(
                "competencies/import_preview.html",
                plan=plan,
                form=FrameworkSaveForm(token=draft.token),
            )
    return render_template(
        "competencies/import.html", form=form, plan=plan, limit=upload_limit_mb()
    )


def _save():
    form = FrameworkSaveForm()
    if not form.validate_on_submit():
        abort(400)
    draft = draft_for(form.token.data, current_user.id) or abort(404)
    plan = plan_import(draft.filename, draft.content)
    if not plan.ok:  # the database changed since the preview (e.g. a new mapping)
        return render_template(
            "competencies/import.html",
            form=FrameworkImportForm(formdata=None),
            plan=plan,
            limit=upload_limit_mb(),
        )
    try:
        with all_or_nothing():  # flushed at its end: a conflict shows here, not at the commit
            framework = import_framework(plan, actor_id=current_user.id, sha256=draft.sha256)
            db.session.delete(draft)
    except IntegrityError:  # a double click saved the same draft at the same moment
        flash(
            _("This file was being saved by another request; nothing more was changed."), "warning"
        )
        return redirect(url_for("competencies.frameworks"))
    flash(_("Framework “%(title)s” saved.", title=framework.title), "success")
    return redirect(url_for("competencies.framework", code=framework.code))

"""A trainee's transcript as a signed PDF: for the trainee, the trainers of their cohorts and
admins; anyone else gets 404, as if the person did not exist."""

from __future__ import annotations

from flask import abort, request
from flask_babel import gettext as _
from flask_login import current_user, login_required

from lms.accounts.cohorts import trainee_for
from lms.certificates.transcript import PAIRS, render_transcript_pdf
from lms.certificates.views.blueprint import bp
from lms.core.downloads import download
from lms.core.numbers import one_value


@bp.get("/transcripts/<int:user_id>.pdf")
@login_required
def transcript(user_id: int):
    trainee = trainee_for(current_user, user_id)
    if trainee is None or not trainee.has_role("trainee"):
        abort(404)
    pair = one_value(request.args, "lang", "tk-en")
    if pair not in PAIRS:
        abort(
            400,
            _(
                "A transcript is made in Turkmen and English (lang=tk-en) or in Turkmen and "
                "Russian (lang=tk-ru)."
            ),
        )
    body = render_transcript_pdf(trainee, pair)
    return download(body, f"transcript-{trainee.username}-{pair}.pdf", "application/pdf")

"""The admins' page of statement delivery to the Learning Record Store: counts, the last error,
and the statements the LRS refused with its answer."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_babel import lazy_gettext as _l

from lms.accounts.access import role_required
from lms.xapi import delivery  # noqa: F401  (declares the minute's delivery)
from lms.xapi import vocabulary as v
from lms.xapi.delivery import lrs_settings
from lms.xapi.outbox import counts_by_status, last_error, rejected

bp = Blueprint("xapi", __name__, template_folder="templates")

# The events, by their verb's English display (what the outbox keeps of a statement).
EVENTS = {
    v.COMPLETED.display: _l("lesson completed"),
    v.ATTEMPTED.display: _l("quiz attempted"),
    v.PASSED.display: _l("quiz passed"),
    v.FAILED.display: _l("quiz failed"),
    v.PRACTICE_APPROVED.display: _l("practice hours approved"),
    v.COMPETENCY_RATED.display: _l("competency status set"),
    v.EARNED.display: _l("certificate issued"),
    v.REVOKED.display: _l("certificate revoked"),
}


@bp.get("/admin/xapi")
@role_required("admin")
def admin():
    settings = lrs_settings()
    return render_template(
        "xapi/admin.html",
        lrs=settings.shown if settings else None,
        counts=counts_by_status(),
        last_error=last_error(),
        rejected=rejected(),
        events=EVENTS,
    )

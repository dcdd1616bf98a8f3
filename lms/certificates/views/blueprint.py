"""The certificates blueprint and what its pages share; each page module registers its routes
on it (the package imports them all)."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

verify_bp = Blueprint("verify", __name__, template_folder="../templates")
bp = Blueprint("certificates", __name__, url_prefix="/certificates", template_folder="../templates")
pool_bp = Blueprint("pool", __name__, url_prefix="/pool", template_folder="../templates")
# What the Open Badges credentials point at: the status list, achievements, frameworks (public).
credentials_bp = Blueprint("credentials", __name__, template_folder="../templates")

# A certificate's (or pool membership's) status as pages show it; the codes stay in the data.
STATUS_LABELS = {
    "valid": _l("valid"),
    "active": _l("active"),
    "expired": _l("expired"),
    "revoked": _l("revoked"),
    "superseded": _l("superseded"),
}


def _template_names() -> dict:
    return {"status_labels": STATUS_LABELS}


bp.context_processor(_template_names)
pool_bp.context_processor(_template_names)

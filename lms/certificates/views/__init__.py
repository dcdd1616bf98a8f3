"""Certificate pages: public verification, the pool register, trainees' and admins' pages."""

from flask import Blueprint

verify_bp = Blueprint("verify", __name__, template_folder="../templates")
bp = Blueprint("certificates", __name__, url_prefix="/certificates", template_folder="../templates")
pool_bp = Blueprint("pool", __name__, url_prefix="/pool", template_folder="../templates")

from lms.certificates.views import admin, mine, pool, public  # noqa: E402,F401

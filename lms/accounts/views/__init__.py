"""The accounts blueprint: login, profile, people administration, cohorts and the audit log."""

from flask import Blueprint

bp = Blueprint("accounts", __name__, template_folder="../templates")

from lms.accounts.views import admin_users, audit_log, auth, cohorts  # noqa: E402,F401

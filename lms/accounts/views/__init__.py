"""The accounts blueprint: login, profile, people administration, cohorts and the audit log."""

# Importing the page modules registers their routes on the blueprint.
from lms.accounts.views import (  # noqa: F401
    admin_users,
    audit_log,
    auth,
    cohorts,
)
from lms.accounts.views.blueprint import bp

__all__ = ["bp"]

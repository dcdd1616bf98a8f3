"""Account tables, split by concern; import from here."""

from lms.accounts.models.cohorts import Cohort, cohort_members, cohort_trainers
from lms.accounts.models.regions import Region
from lms.accounts.models.users import (
    ROLES,
    LoginAttempt,
    User,
    UserRole,
    UserSession,
    name_order,
)

__all__ = [
    "ROLES",
    "Cohort",
    "LoginAttempt",
    "Region",
    "User",
    "UserRole",
    "UserSession",
    "cohort_members",
    "cohort_trainers",
    "name_order",
]

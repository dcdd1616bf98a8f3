"""Certificate pages: public verification, the pool register, trainees' and admins' pages."""

# Importing the page modules registers their routes on the blueprint.
from lms.certificates import notices  # noqa: F401  (names its subjects for notifications)
from lms.certificates.views import (  # noqa: F401
    admin,
    credentials,
    gradebook,
    mine,
    pool,
    public,
    transcript,
)
from lms.certificates.views.blueprint import bp, credentials_bp, pool_bp, verify_bp

__all__ = ["verify_bp", "bp", "pool_bp", "credentials_bp"]

"""Quiz pages: taking and reviewing attempts (learner), grading and statistics (staff)."""

from lms.quizzes import (  # noqa: F401  (names its subjects, deadlines and notices)
    closing_notices,
    notices,
)
from lms.quizzes.views import (  # noqa: F401  (they register routes on bp)
    closing,
    learner,
    offline,
    paper,
    staff,
)
from lms.quizzes.views.blueprint import bp

__all__ = ["bp"]

"""Quiz pages: taking and reviewing attempts (learner), grading and statistics (staff)."""

from lms.quizzes import notices  # noqa: F401  (names its subjects for notifications)
from lms.quizzes.views import learner, offline, paper, staff  # noqa: F401  (they register routes on bp)
from lms.quizzes.views.blueprint import bp

__all__ = ["bp"]

"""Quiz pages: taking and reviewing attempts (learner), grading and statistics (staff)."""

from lms.quizzes.views import learner, offline, paper, staff  # noqa: F401  (they register routes on bp)
from lms.quizzes.views.blueprint import bp

__all__ = ["bp"]

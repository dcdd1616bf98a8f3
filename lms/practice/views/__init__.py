"""The practice blueprint: the trainee's log, the supervisor's queue, sessions, evaluations and
national reports. Views parse a form, call one service, commit once, render or redirect."""

# Importing the page modules registers their routes on the blueprint.
from lms.practice import ending, notices  # noqa: F401  (names its subjects and deadlines)
from lms.practice.views import (  # noqa: F401
    entries,
    evaluations,
    log,
    people,
    reports,
    review,
    sessions,
    sync,
)
from lms.practice.views.blueprint import bp

__all__ = ["bp"]

"""The quizzes blueprint, on which the learner's and the staff's pages register their routes."""

from flask import Blueprint

from lms.quizzes.text import register_filters

bp = Blueprint("quizzes", __name__, template_folder="../templates")
bp.record_once(lambda state: register_filters(state.app))

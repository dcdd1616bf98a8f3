"""The competencies blueprint and what its pages share; each page module registers its routes
on it (the package imports them all)."""

from flask import Blueprint

from lms.competencies.views.helpers import competency_markdown, template_names

bp = Blueprint("competencies", __name__, template_folder="../templates")
bp.context_processor(template_names)
bp.add_app_template_filter(competency_markdown, "competency_markdown")

"""The competencies blueprint: frameworks (list, tree, import, export, crosswalks) under
/competencies/ and universities' course mapping with coverage and gap reports under
/universities/."""

from flask import Blueprint

from lms.competencies.views.helpers import competency_markdown, template_names

bp = Blueprint("competencies", __name__, template_folder="../templates")
bp.context_processor(template_names)
bp.add_app_template_filter(competency_markdown, "competency_markdown")

from lms.competencies.views import (  # noqa: E402,F401
    framework_import,
    frameworks,
    national,
    profiles,
    programmes,
    reports,
    universities,
)

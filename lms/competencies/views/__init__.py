"""The competencies blueprint: frameworks (list, tree, import, export, crosswalks) under
/competencies/ and universities' course mapping with coverage and gap reports under
/universities/."""

# Importing the page modules registers their routes on the blueprint.
from lms.competencies.views import (  # noqa: F401
    framework_import,
    frameworks,
    national,
    profiles,
    programmes,
    reports,
    universities,
)
from lms.competencies.views.blueprint import bp

__all__ = ["bp"]

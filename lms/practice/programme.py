"""What the curricula say about practice: a programme's competencies and practice requirements."""

from __future__ import annotations

from lms.courses.catalogue import Competency, Level, PracticeRequirements
from lms.courses.content import catalogue


def programme_competencies(programme_code: str) -> list[Competency]:
    """The competencies the programme's modules list, in the framework's order.

    These are what a trainee tags entries with and what the supervisor rates in the field.
    """
    cat = catalogue()
    programme = cat.programme(programme_code)
    framework = cat.framework(programme.framework) if programme else None
    if programme is None or framework is None:
        return []
    listed = {code for module in programme.modules for code in module.competencies}
    return [c for c in framework.competencies if c.code in listed]


def rating_levels(programme_code: str) -> tuple[Level, ...]:
    """The framework's rating scale with its level descriptors (highest first), the one scale
    the lessons, the evaluation form and the evidence rule share; empty when not described."""
    cat = catalogue()
    programme = cat.programme(programme_code)
    framework = cat.framework(programme.framework) if programme else None
    return framework.levels if framework else ()


def requirements_of(programme_code: str) -> PracticeRequirements:
    programme = catalogue().programme(programme_code)
    return programme.certificate.practice if programme else PracticeRequirements()

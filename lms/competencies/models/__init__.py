"""Tables of the competencies package, split by concern; import from here."""

from lms.competencies.models.evidence import STATUSES, CompetencyStatusOverride
from lms.competencies.models.frameworks import (
    ASSOCIATION_TYPES,
    DOMAINS,
    ORIGINS,
    Competency,
    CompetencyAssociation,
    Framework,
    FrameworkImportDraft,
)
from lms.competencies.models.universities import (
    LEVELS,
    CourseCompetency,
    DegreeProgramme,
    University,
    UniversityCoordinator,
    UniversityCourse,
)

__all__ = [
    "STATUSES",
    "CompetencyStatusOverride",
    "ASSOCIATION_TYPES",
    "DOMAINS",
    "LEVELS",
    "ORIGINS",
    "Competency",
    "CompetencyAssociation",
    "CourseCompetency",
    "DegreeProgramme",
    "Framework",
    "FrameworkImportDraft",
    "University",
    "UniversityCoordinator",
    "UniversityCourse",
]

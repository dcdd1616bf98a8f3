"""Demo data of the competencies package: the programme framework, a university whose
Bachelor of Social Work is mapped to it with gaps left to find, and a second university the
demo coordinator cannot see. Idempotent: only what is missing is created."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select

from lms.accounts.models import User
from lms.competencies.frameworks import framework_by_code
from lms.competencies.mapping import set_course_mapping
from lms.competencies.models import DegreeProgramme, Framework, University, UniversityCourse
from lms.competencies.programme_frameworks import sync_programme_frameworks
from lms.competencies.universities import (
    CourseFields,
    coordinated_university_id,
    coordinators_of,
    create_programme,
    create_university,
    save_course,
    set_coordinators,
)
from lms.core.extensions import db

STANDARD = "TM-SW"
MAPPED_UNIVERSITY = ("Magtymguly Turkmen State University", "TDU")
OTHER_UNIVERSITY = ("Seyitnazar Seydi Turkmen State Pedagogical Institute", "TDPI")

# code, title, ECTS, year, semester, {competency code: level}
BSW_COURSES = [
    ("SW101", "Introduction to Social Work", "6", 1, 1, {"ETH-1": "I", "COM-1": "I", "PRO-1": "I"}),
    (
        "SW102",
        "Human Development and Behaviour",
        "5",
        1,
        2,
        {"ASM-1": "I", "POP-1": "I", "POP-4": "I"},
    ),
    (
        "SW103",
        "Social Work Ethics and Values",
        "5",
        1,
        2,
        {"ETH-1": "R", "ETH-2": "R", "ETH-3": "R", "ETH-4": "I"},
    ),
    (
        "SW201",
        "Communication and Interviewing",
        "6",
        2,
        1,
        {"COM-1": "R", "COM-2": "R", "COM-3": "I"},
    ),
    (
        "SW202",
        "Social Policy of Turkmenistan",
        "5",
        2,
        1,
        {"CMG-2": "I", "POP-2": "I", "ETH-4": "R"},
    ),
    (
        "SW203",
        "Assessment in Social Work Practice",
        "6",
        2,
        2,
        {"ASM-1": "R", "ASM-2": "R", "CMG-3": "I"},
    ),
    ("SW204", "Research Methods in Social Work", "5", 2, 2, {}),
    (
        "SW301",
        "Case Management",
        "6",
        3,
        1,
        {"CMG-1": "M", "CMG-2": "R", "CMG-3": "R", "ASM-1": "M"},
    ),
    (
        "SW302",
        "Child and Family Social Work",
        "6",
        3,
        1,
        {"POP-1": "M", "ASM-2": "M", "COM-3": "R"},
    ),
    ("SW303", "Disability and Inclusion", "5", 3, 2, {"POP-2": "R", "COM-3": "M", "ETH-4": "M"}),
    ("SW304", "Community Work and Development", "5", 3, 2, {"CMG-4": "R"}),
    (
        "SW305",
        "Field Practicum I",
        "10",
        3,
        2,
        {"COM-1": "M", "COM-2": "M", "ETH-2": "M", "CMG-3": "M", "PRO-1": "R"},
    ),
    (
        "SW401",
        "Field Practicum II",
        "15",
        4,
        1,
        {"CMG-1": "M", "ETH-1": "M", "ETH-3": "M", "PRO-1": "M", "CMG-2": "M"},
    ),
    (
        "SW402",
        "Psychosocial Support and Crisis Intervention",
        "5",
        4,
        1,
        {"POP-6": "R", "POP-3": "I"},
    ),
]
OTHER_COURSES = [
    ("SP101", "Foundations of Social Pedagogy", "6", 1, 1, {}),
    ("SP102", "Developmental Psychology", "5", 1, 2, {}),
    ("SP201", "Working with Families", "5", 2, 1, {}),
]


def _university(name: str, short_code: str) -> University:
    found = db.session.scalar(select(University).where(University.short_code == short_code))
    return found or create_university(name, short_code, actor_id=None)


def _programme(university: University, name: str, standard: Framework) -> DegreeProgramme:
    found = next((p for p in university.programmes if p.name == name), None)
    return found or create_programme(university, name, standard)


def _courses(programme: DegreeProgramme, plan: list, standard: Framework) -> None:
    codes = {c.code: c.id for c in standard.competencies}
    existing = set(
        db.session.scalars(
            select(UniversityCourse.code).where(UniversityCourse.programme_id == programme.id)
        )
    )
    for code, title, ects, year, semester, levels in plan:
        if code in existing:
            continue
        course = save_course(programme, CourseFields(code, title, Decimal(ects), year, semester))
        set_course_mapping(course, {codes[c]: level for c, level in levels.items()})


def build_competencies_demo(users: dict[str, User]) -> None:
    """Sync the programme framework, then the demo universities (see module docstring)."""
    sync_programme_frameworks()
    standard = framework_by_code(STANDARD)
    if standard is None:  # no framework in the content folder: nothing to map to
        return
    mapped = _university(*MAPPED_UNIVERSITY)
    coordinator = users["coordinator"]
    if coordinated_university_id(coordinator) is None:
        current = [u.id for u in coordinators_of(mapped)]
        set_coordinators(mapped, [*current, coordinator.id], actor_id=None)
    _courses(_programme(mapped, "Bachelor of Social Work", standard), BSW_COURSES, standard)
    other = _university(*OTHER_UNIVERSITY)
    _courses(_programme(other, "Bachelor of Social Pedagogy", standard), OTHER_COURSES, standard)

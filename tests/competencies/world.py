"""Records the competencies tests (and the access matrix) build on: a small framework, and a
university with a coordinator, a degree programme and a course."""

from __future__ import annotations

from decimal import Decimal

from lms.competencies.importing import import_framework, plan_package
from lms.competencies.package import FrameworkPackage, PackageItem, ReadResult, link, stable_uuid
from lms.core.extensions import db

# code, statement, parent code
SAMPLE = [
    ("ETH", "Values and ethics", None),
    ("ETH-1", "Applies ethical principles", "ETH"),
    ("ETH-2", "Protects confidentiality", "ETH"),
    ("COM", "Communication", None),
    ("COM-1", "Listens actively", "COM"),
    ("COM-2", "Interviews with purpose", "COM"),
]


def sample_package(code: str = "SAMPLE", entries=SAMPLE) -> FrameworkPackage:
    identifier = stable_uuid("framework", code)
    package = FrameworkPackage(
        origin="yaml",
        code=code,
        identifier=identifier,
        uri=f"urn:uuid:{identifier}",
        title=f"Sample framework {code}",
    )
    items = {}
    for number, (item_code, statement, _parent) in enumerate(entries, start=1):
        item_id = stable_uuid("framework", code, "competency", item_code)
        items[item_code] = PackageItem(
            identifier=item_id,
            uri=f"urn:uuid:{item_id}",
            full_statement=statement,
            code=item_code,
            line=number,
        )
    package.items = list(items.values())
    for item_code, _statement, parent in entries:
        target = items[parent] if parent else package
        package.associations.append(link("isChildOf", items[item_code], target, 1))
    return package


def save_sample(code: str = "SAMPLE", entries=SAMPLE):
    plan = plan_package(f"{code}.yaml", "yaml", ReadResult(sample_package(code, entries)))
    assert plan.ok, plan.formatted()
    return import_framework(plan, actor_id=None)


def university_world(app, coordinator) -> dict:
    """A framework, a university coordinated by ``coordinator``, a programme and a course."""
    from lms.competencies.universities import (
        CourseFields,
        create_programme,
        create_university,
        save_course,
        set_coordinators,
    )

    with app.app_context():
        framework = save_sample()
        university = create_university("Sample State University", "SSU", actor_id=None)
        set_coordinators(university, [coordinator.id], actor_id=None)
        programme = create_programme(university, "Bachelor of Social Work", framework)
        course = save_course(programme, CourseFields("SW101", "Introduction", Decimal("6"), 1, 1))
        db.session.commit()
        return {
            "framework_code": framework.code,
            "university_id": university.id,
            "programme_id": programme.id,
            "course_id": course.id,
        }

"""Universities, coordinators, degree programmes, courses and course-competency mappings.

Access is per object: an admin sees every university, a coordinator only the one they are
linked to (``university_for`` returns None otherwise and the view answers 404).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select

from lms.accounts.models import User, UserRole, name_order
from lms.competencies.models import (
    DegreeProgramme,
    Framework,
    University,
    UniversityCoordinator,
    UniversityCourse,
)
from lms.core import audit
from lms.core.extensions import db

ECTS_PATTERN = re.compile(r"[0-9]{1,3}(\.[0-9]{1,2})?")  # ASCII digits only: not "٥"


class UniversityError(ValueError):
    pass


def coordinated_university_id(user: User) -> int | None:
    return db.session.scalar(
        select(UniversityCoordinator.university_id).where(UniversityCoordinator.user_id == user.id)
    )


def universities_visible_to(user: User) -> list[University]:
    query = select(University).order_by(University.name)
    if not user.has_role("admin"):
        query = query.join(UniversityCoordinator).where(UniversityCoordinator.user_id == user.id)
    return list(db.session.scalars(query))


def university_for(user: User, university_id: int) -> University | None:
    """The university if the user may see it (admin, or its coordinator), else None."""
    university = db.session.get(University, university_id)
    if university is None or user.has_role("admin"):
        return university
    return university if coordinated_university_id(user) == university.id else None


def create_university(name: str, short_code: str, *, actor_id: int | None) -> University:
    name, short_code = name.strip(), short_code.strip().upper()
    clash = db.session.scalar(
        select(University).where((University.name == name) | (University.short_code == short_code))
    )
    if clash is not None:
        raise UniversityError(
            _("“%(name)s” (%(code)s) already exists.", name=clash.name, code=clash.short_code)
        )
    university = University(name=name, short_code=short_code)
    db.session.add(university)
    db.session.flush()
    audit.record(
        "university.created",
        actor_id=actor_id,
        target_type="university",
        target_id=university.id,
        name=name,
    )
    return university


def coordinators_of(university: University) -> list[User]:
    return list(
        db.session.scalars(
            select(User)
            .join(UniversityCoordinator, UniversityCoordinator.user_id == User.id)
            .where(UniversityCoordinator.university_id == university.id)
            .order_by(name_order(), User.id)
        )
    )


def coordinator_candidates() -> list[User]:
    return list(
        db.session.scalars(
            select(User)
            .join(UserRole)
            .where(UserRole.role == "coordinator", User.active.is_(True))
            .order_by(name_order(), User.id)
        )
    )


def set_coordinators(university: University, user_ids: list[int], *, actor_id: int | None) -> None:
    """Make exactly these coordinators the university's; each may coordinate one university."""
    wanted = set(user_ids)
    allowed = {u.id for u in coordinator_candidates()}
    if not wanted <= allowed:
        raise UniversityError(_("Only active users with the coordinator role can be linked."))
    links = db.session.scalars(
        select(UniversityCoordinator).where(UniversityCoordinator.user_id.in_(wanted))
    ).all()
    elsewhere = [link for link in links if link.university_id != university.id]
    if elsewhere:
        names = ", ".join(link.user.full_name for link in elsewhere)
        raise UniversityError(
            ngettext(
                "%(names)s already coordinates another university.",
                "%(names)s already coordinate another university.",
                len(elsewhere),
                names=names,
            )
        )
    current = db.session.scalars(
        select(UniversityCoordinator).where(UniversityCoordinator.university_id == university.id)
    ).all()
    before = {link.user_id for link in current}
    for link in current:
        if link.user_id not in wanted:
            db.session.delete(link)
    for user_id in wanted - before:
        db.session.add(UniversityCoordinator(user_id=user_id, university_id=university.id))
    if before != wanted:
        audit.record(
            "university.coordinators_changed",
            actor_id=actor_id,
            target_type="university",
            target_id=university.id,
            coordinators=sorted(wanted),
        )
    db.session.flush()


def create_programme(university: University, name: str, framework: Framework) -> DegreeProgramme:
    name = name.strip()
    if any(p.name == name for p in university.programmes):
        raise UniversityError(_("This university already has a programme “%(name)s”.", name=name))
    programme = DegreeProgramme(university=university, name=name, framework=framework)
    db.session.add(programme)
    db.session.flush()
    return programme


def programme_for(university: University, programme_id: int) -> DegreeProgramme | None:
    programme = db.session.get(DegreeProgramme, programme_id)
    return programme if programme and programme.university_id == university.id else None


def course_for(programme: DegreeProgramme, course_id: int) -> UniversityCourse | None:
    course = db.session.get(UniversityCourse, course_id)
    return course if course and course.programme_id == programme.id else None


def parse_ects(text: str) -> Decimal:
    """ECTS credits written like 5 or 7.5: digits and a point only, more than zero."""
    value = (text or "").strip()
    if "," in value:
        raise UniversityError(
            _("ECTS “%(value)s”: write decimals with a point, e.g. 7.5.", value=value)
        )
    if not ECTS_PATTERN.fullmatch(value) or Decimal(value) <= 0:
        raise UniversityError(
            _("ECTS “%(value)s” must be a number above 0, e.g. 5 or 7.5.", value=value)
        )
    return Decimal(value)


@dataclass(frozen=True)
class CourseFields:
    code: str
    title: str
    ects: Decimal
    year: int
    semester: int


def save_course(programme: DegreeProgramme, fields: CourseFields, course=None) -> UniversityCourse:
    """Create a course, or update ``course``; codes are unique within the programme."""
    clash = db.session.scalar(
        select(UniversityCourse).where(
            UniversityCourse.programme_id == programme.id, UniversityCourse.code == fields.code
        )
    )
    if clash is not None and clash is not course:
        raise UniversityError(
            _("The course code “%(code)s” is taken in this programme.", code=fields.code)
        )
    course = course or UniversityCourse(programme_id=programme.id)
    for name, value in fields.__dict__.items():
        setattr(course, name, value)
    db.session.add(course)
    db.session.flush()
    return course

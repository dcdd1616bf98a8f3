"""Universities, their coordinators, degree programmes and courses, and each course's mapping
to competencies of the programme's standard at a level: Introduced, Reinforced or Mastered."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, ForeignKey, Numeric, SmallInteger, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.competencies.models.frameworks import Competency, Framework
from lms.core.database import UTCDateTime, utcnow
from lms.core.extensions import db

LEVELS = ("I", "R", "M")


class University(db.Model):
    __tablename__ = "universities"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    short_code: Mapped[str] = mapped_column(String(32), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    programmes: Mapped[list[DegreeProgramme]] = relationship(
        back_populates="university", order_by="DegreeProgramme.name"
    )

    def __repr__(self) -> str:
        return f"<University {self.short_code}>"


class UniversityCoordinator(db.Model):
    """A user with the coordinator role, linked to exactly one university (the primary key)."""

    __tablename__ = "university_coordinators"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    university_id: Mapped[int] = mapped_column(
        ForeignKey("universities.id", ondelete="CASCADE"), index=True
    )

    user = relationship("User", lazy="joined")


class DegreeProgramme(db.Model):
    """A degree (e.g. Bachelor of Social Work) mapped to one framework: its standard."""

    __tablename__ = "degree_programmes"

    id: Mapped[int] = mapped_column(primary_key=True)
    university_id: Mapped[int] = mapped_column(
        ForeignKey("universities.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    framework_id: Mapped[int] = mapped_column(
        ForeignKey("competency_frameworks.id", ondelete="RESTRICT"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    university: Mapped[University] = relationship(back_populates="programmes")
    framework: Mapped[Framework] = relationship(lazy="joined")
    courses: Mapped[list[UniversityCourse]] = relationship(
        back_populates="programme",
        order_by="(UniversityCourse.year, UniversityCourse.semester, UniversityCourse.code)",
    )

    __table_args__ = (UniqueConstraint("university_id", "name"),)


class UniversityCourse(db.Model):
    __tablename__ = "university_courses"

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(
        ForeignKey("degree_programmes.id", ondelete="CASCADE"), index=True
    )
    code: Mapped[str] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(String(300))
    ects: Mapped[Decimal] = mapped_column(Numeric(5, 2))
    year: Mapped[int] = mapped_column(SmallInteger)
    semester: Mapped[int] = mapped_column(SmallInteger)

    programme: Mapped[DegreeProgramme] = relationship(back_populates="courses")

    __table_args__ = (
        UniqueConstraint("programme_id", "code"),
        CheckConstraint("ects > 0", name="ects_positive"),
        CheckConstraint("year BETWEEN 1 AND 6", name="year_range"),
        CheckConstraint("semester IN (1, 2)", name="semester_range"),
    )


class CourseCompetency(db.Model):
    """One course's level for one competency; a course has at most one level per competency."""

    __tablename__ = "course_competencies"

    course_id: Mapped[int] = mapped_column(
        ForeignKey("university_courses.id", ondelete="CASCADE"), primary_key=True
    )
    competency_id: Mapped[int] = mapped_column(
        ForeignKey("competencies.id", ondelete="RESTRICT"), primary_key=True, index=True
    )
    level: Mapped[str] = mapped_column(String(1))

    competency: Mapped[Competency] = relationship()

    __table_args__ = (CheckConstraint("level IN ('I', 'R', 'M')", name="level"),)

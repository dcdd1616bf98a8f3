"""Quiz attempts and the answer given to each question served.

An attempt keeps a snapshot of the questions it served (their parsed GIFT data, with the answer
order after shuffling), so editing ``quiz.gift`` never changes graded history. Content is referred
to by slugs and question ids only.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.core.database import UTCDateTime, utcnow
from lms.core.extensions import db

IN_PROGRESS = "in_progress"
FINISHED = "finished"  # submitted and graded automatically
NEEDS_GRADING = "needs_grading"  # submitted; an essay waits for a trainer's mark
GRADED = "graded"  # submitted; a trainer marked an essay or overrode a mark
STATES = (IN_PROGRESS, FINISHED, NEEDS_GRADING, GRADED)
SUBMITTED_STATES = (FINISHED, NEEDS_GRADING, GRADED)
FINAL_STATES = (FINISHED, GRADED)  # the grade is final: these count for results

BY_TRAINEE = "trainee"
BY_DEADLINE = "deadline"  # time ran out: closed with the answers saved before the deadline

_ONLY_IN_PROGRESS = text("state = 'in_progress'")


class QuizAttempt(db.Model):
    __tablename__ = "quiz_attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    programme: Mapped[str] = mapped_column(String(32))
    module: Mapped[str] = mapped_column(String(64))
    number: Mapped[int] = mapped_column(Integer)  # 1..n per trainee and quiz
    state: Mapped[str] = mapped_column(String(16), default=IN_PROGRESS)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    deadline: Mapped[datetime | None] = mapped_column(UTCDateTime)  # computed on the server
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_by: Mapped[str | None] = mapped_column(String(16))
    late_answers_ignored: Mapped[bool] = mapped_column(Boolean, default=False)
    pass_mark: Mapped[int] = mapped_column(Integer)  # as it was when the attempt started
    # The language the snapshot's texts are in (quiz.tk.gift / quiz.ru.gift, else English).
    language: Mapped[str] = mapped_column(String(8), default="en", server_default="en")
    questions_json: Mapped[str] = mapped_column(Text)
    marks: Mapped[float | None] = mapped_column(Float)
    max_marks: Mapped[float] = mapped_column(Float, default=0.0)
    grade_percent: Mapped[float | None] = mapped_column(Float)
    passed: Mapped[bool | None] = mapped_column(Boolean)

    user = relationship("User", lazy="joined")
    responses: Mapped[list[QuizResponse]] = relationship(
        back_populates="attempt",
        cascade="all, delete-orphan",
        lazy="selectin",
        order_by="QuizResponse.position",
    )

    __table_args__ = (
        UniqueConstraint("user_id", "programme", "module", "number"),
        CheckConstraint("number >= 1", name="number"),
        CheckConstraint(
            "state IN ('in_progress', 'finished', 'needs_grading', 'graded')", name="state"
        ),
        # At most one attempt in progress per trainee and quiz, enforced by the database.
        Index(
            "ix_quiz_attempts_one_in_progress",
            "user_id",
            "programme",
            "module",
            unique=True,
            sqlite_where=_ONLY_IN_PROGRESS,
            postgresql_where=_ONLY_IN_PROGRESS,
        ),
        Index("ix_quiz_attempts_quiz", "programme", "module", "state"),
    )

    _questions_cache = None  # the parsed snapshot, per loaded object (not a column)

    @property
    def questions(self) -> list[dict[str, Any]]:
        """The snapshot of the questions served, in the order served."""
        if self._questions_cache is None:
            self._questions_cache = json.loads(self.questions_json)
        return self._questions_cache

    def set_questions(self, questions: list[dict[str, Any]]) -> None:
        self.questions_json = json.dumps(questions, ensure_ascii=False)
        self._questions_cache = None

    @property
    def in_progress(self) -> bool:
        return self.state == IN_PROGRESS

    @property
    def grade_is_final(self) -> bool:
        return self.state in FINAL_STATES

    def response_at(self, position: int) -> QuizResponse | None:
        return next((r for r in self.responses if r.position == position), None)

    def __repr__(self) -> str:
        return f"<QuizAttempt {self.id} {self.programme}/{self.module} #{self.number}>"


class QuizResponse(db.Model):
    """The answer to one served question (by its position in the snapshot), and its mark."""

    __tablename__ = "quiz_responses"

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("quiz_attempts.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    question_id: Mapped[str | None] = mapped_column(String(64), index=True)  # for statistics
    # The question's competency codes, space-separated, copied from the snapshot when the
    # attempt starts: read by profiles without parsing the snapshot.
    competencies: Mapped[str] = mapped_column(Text, default="", server_default="")
    response_json: Mapped[str | None] = mapped_column(Text)  # None: not answered
    saved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    max_mark: Mapped[float] = mapped_column(Float, default=1.0)
    fraction: Mapped[float | None] = mapped_column(Float)  # None: not graded (yet)
    needs_grading: Mapped[bool] = mapped_column(Boolean, default=False)
    comment: Mapped[str | None] = mapped_column(Text)  # a trainer's feedback (Markdown)
    marked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    marked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    attempt: Mapped[QuizAttempt] = relationship(back_populates="responses")
    marked_by = relationship("User", lazy="joined")

    __table_args__ = (UniqueConstraint("attempt_id", "position"),)

    @property
    def response(self) -> Any:
        return None if self.response_json is None else json.loads(self.response_json)

    def set_response(self, value: Any) -> None:
        self.response_json = None if value is None else json.dumps(value, ensure_ascii=False)

    @property
    def mark(self) -> float | None:
        return None if self.fraction is None else self.fraction * self.max_mark

    @property
    def marked_by_trainer(self) -> bool:
        """A trainer's mark (an essay grade or an override): regrading leaves it alone."""
        return self.marked_by_id is not None


class QuizCloseDate(db.Model):
    """The last local day on which a cohort's trainees may start the quiz of a module, set by
    one of the cohort's trainers. Attempts already started run on to their own end."""

    __tablename__ = "quiz_close_dates"

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id", ondelete="CASCADE"))
    programme: Mapped[str] = mapped_column(String(32))
    module: Mapped[str] = mapped_column(String(64))
    closes_on: Mapped[date] = mapped_column(Date)
    set_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (
        UniqueConstraint("cohort_id", "programme", "module"),
        Index("ix_quiz_close_dates_closes_on", "closes_on"),
    )

"""What the quiz attempt operations answer: attempts, their results and reviewed questions.

A trainee sees their own attempts exactly as their review page shows them: marks, the grade and
the pass only when the quiz's review options show marks at this stage, feedback only when they
show feedback, and never an answer key or the right answers. Trainers of the trainee's cohorts
and admins see everything their review pages show, right answers included.
"""

from __future__ import annotations

import marshmallow as ma

from lms.api.lists import PageQuery, RegionQuery, date_range, page_schema
from lms.api.resources.cohorts_schemas import PersonSchema
from lms.quizzes.models import STATES


class AttemptSummarySchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    trainee = ma.fields.Nested(PersonSchema, required=True)
    programme = ma.fields.String(required=True)
    module = ma.fields.String(required=True)
    number = ma.fields.Integer(
        required=True, metadata={"description": "1 for the trainee's first attempt at this quiz."}
    )
    state = ma.fields.String(
        required=True,
        validate=ma.validate.OneOf(STATES),
        metadata={"description": "in_progress, finished, needs_grading (an essay) or graded."},
    )
    language = ma.fields.String(required=True)
    started_at = ma.fields.DateTime(required=True)
    deadline = ma.fields.DateTime(required=True, allow_none=True)
    submitted_at = ma.fields.DateTime(required=True, allow_none=True)
    late = ma.fields.Boolean(
        required=True, metadata={"description": "Time ran out: submitted by the deadline."}
    )
    late_answers_ignored = ma.fields.Boolean(
        required=True,
        metadata={"description": "Answers sent after the time limit were not counted."},
    )
    marks_shown = ma.fields.Boolean(
        required=True,
        metadata={
            "description": "False while the quiz's review options hide marks from the trainee."
        },
    )
    marks = ma.fields.Float(required=True, allow_none=True)
    max_marks = ma.fields.Float(required=True, allow_none=True)
    grade_percent = ma.fields.Float(
        required=True,
        allow_none=True,
        metadata={"description": "Null until every essay is marked."},
    )
    pass_mark = ma.fields.Integer(required=True)
    passed = ma.fields.Boolean(required=True, allow_none=True)


class ReviewedQuestionSchema(ma.Schema):
    position = ma.fields.Integer(required=True)
    number = ma.fields.Integer(
        required=True, allow_none=True, metadata={"description": "Null for a description."}
    )
    type = ma.fields.String(required=True)
    text = ma.fields.String(required=True, metadata={"description": "As written (GIFT markup)."})
    options = ma.fields.List(
        ma.fields.String(),
        required=True,
        allow_none=True,
        metadata={"description": "The choices offered, in the order served (choice questions)."},
    )
    prompts = ma.fields.List(
        ma.fields.String(),
        required=True,
        allow_none=True,
        metadata={"description": "A matching question's items, each matched with an option."},
    )
    answer = ma.fields.List(
        ma.fields.String(),
        required=True,
        metadata={"description": "The answer given, as text; empty when not answered."},
    )
    status = ma.fields.String(
        required=True,
        allow_none=True,
        metadata={"description": "correct, partial, wrong, unanswered, pending or unmarked."},
    )
    mark = ma.fields.Float(required=True, allow_none=True)
    max_mark = ma.fields.Float(required=True, allow_none=True)
    feedback = ma.fields.List(ma.fields.String(), required=True, allow_none=True)
    general_feedback = ma.fields.String(required=True, allow_none=True)
    trainer_comment = ma.fields.String(required=True, allow_none=True)
    right_answers = ma.fields.List(
        ma.fields.String(),
        required=True,
        allow_none=True,
        metadata={"description": "Trainers and admins only; always null for the trainee."},
    )


class AttemptSchema(AttemptSummarySchema):
    questions = ma.fields.List(ma.fields.Nested(ReviewedQuestionSchema), required=True)


class AttemptListQuery(PageQuery, RegionQuery, date_range("started")):
    programme = ma.fields.String(
        validate=ma.validate.Length(min=1, max=32), metadata={"description": "A programme code."}
    )
    module = ma.fields.String(
        validate=ma.validate.Length(min=1, max=64), metadata={"description": "A module slug."}
    )
    cohort = ma.fields.Integer(
        validate=ma.validate.Range(min=1, max=2**31 - 1),
        metadata={"description": "A cohort id: attempts of its trainees."},
    )
    trainee = ma.fields.Integer(
        validate=ma.validate.Range(min=1, max=2**31 - 1),
        metadata={"description": "A trainee's id."},
    )
    state = ma.fields.String(validate=ma.validate.OneOf(STATES))


AttemptPageSchema = page_schema(AttemptSummarySchema, "AttemptPage")

"""Lesson progress (resource group ``progress``): what a trainee has read, per programme.

The trainee themselves, the trainers of their cohorts and admins may read it
(``lms.accounts.cohorts.trainee_for``, as the trainee pages); anyone else gets 404.
"""

from __future__ import annotations

import marshmallow as ma
from flask import abort

from lms.accounts.cohorts import cohorts_of_trainee, trainee_for
from lms.api.auth import Caller, api_access
from lms.api.spec import API_PREFIX, ApiBlueprint
from lms.courses.content import catalogue
from lms.courses.progress import programme_progress, records_for

blp = ApiBlueprint(
    "api_progress",
    __name__,
    url_prefix=f"{API_PREFIX}/trainees",
    description="A trainee's progress through the lessons of their cohorts' programmes.",
)


class ModuleProgressSchema(ma.Schema):
    slug = ma.fields.String(required=True)
    done = ma.fields.Integer(required=True)
    total = ma.fields.Integer(required=True)
    lessons_done = ma.fields.List(ma.fields.String(), required=True)
    updated_since_read = ma.fields.List(
        ma.fields.String(),
        required=True,
        metadata={"description": "Lessons read whose English text has changed since."},
    )


class ProgrammeProgressSchema(ma.Schema):
    programme = ma.fields.String(required=True)
    done = ma.fields.Integer(required=True)
    total = ma.fields.Integer(required=True)
    complete = ma.fields.Boolean(required=True)
    modules = ma.fields.List(ma.fields.Nested(ModuleProgressSchema), required=True)


class TraineeProgressSchema(ma.Schema):
    trainee_id = ma.fields.Integer(required=True)
    programmes = ma.fields.List(ma.fields.Nested(ProgrammeProgressSchema), required=True)


def _module(progress) -> dict:
    return {
        "slug": progress.module.slug,
        "done": progress.done,
        "total": progress.total,
        "lessons_done": [s.lesson.slug for s in progress.lessons if s.done],
        "updated_since_read": [s.lesson.slug for s in progress.lessons if s.updated_since_read],
    }


@blp.get("/<int:trainee_id>/progress")
@api_access("progress")
@blp.etag
@blp.response(200, TraineeProgressSchema)
def get_progress(caller: Caller, trainee_id: int):
    """The trainee's lessons read in each programme of their cohorts."""
    trainee = trainee_for(caller.user, trainee_id) or abort(404)
    codes = list(dict.fromkeys(c.programme for c in cohorts_of_trainee(trainee)))
    records = records_for(trainee.id, codes)
    programmes = [p for code in codes if (p := catalogue().programme(code)) is not None]
    shown = []
    for programme in programmes:
        progress = programme_progress(programme, records.get(programme.code, {}))
        shown.append(
            {
                "programme": programme.code,
                "done": progress.done,
                "total": progress.total,
                "complete": progress.complete,
                "modules": [_module(m) for m in progress.modules],
            }
        )
    return {"trainee_id": trainee.id, "programmes": shown}

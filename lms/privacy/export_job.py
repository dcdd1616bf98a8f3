"""The admin's export of one person's data, made by a background job: the request that asks
for it is audited and answers at once with the job's page, which then offers the file to that
admin only, until it expires (``lms.jobs.control.drop_expired_downloads``). The explanations
inside are in the person's language: the file is for them."""

from __future__ import annotations

import json

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from lms.accounts.models import User
from lms.core.extensions import db
from lms.jobs.kinds import RunningJob, job_kind
from lms.privacy.export import file_name, personal_data_json

KIND = "privacy.export"


def job_args(user: User) -> dict:
    return {"user_id": user.id}


def args_json(user_id: int) -> str:
    """The job's arguments as its row keeps them (lms.jobs.control.start_job)."""
    return json.dumps({"user_id": user_id}, sort_keys=True)


def describe(result: dict) -> str:
    return _("The personal data file is ready.")


@job_kind(KIND, title=_l("Exporting one person's data"), describe=describe)
def export_personal_data(job: RunningJob, user_id: int) -> None:
    job.set_total(1)
    with job.step(1):
        user = db.session.get(User, user_id)
        if user is None:
            raise LookupError(f"no user {user_id}")  # i18n: shown to admins as logged
        language = user.language or current_app.config["CLI_LANGUAGE"]
        with force_locale(language):
            text = personal_data_json(user)
        name = file_name(user)
    job.set_result(download_name=name, download=text.encode("utf-8"))

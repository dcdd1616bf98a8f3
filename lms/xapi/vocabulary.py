"""The words of our statements: verbs, activity types, the IRIs of our activities, the actor,
and the statement ids.

Verbs and activity types come from the ADL vocabulary (``http://adlnet.gov/expapi/...``) and the
xAPI registry (``http://id.tincanapi.com/...``) where a fitting one exists; the rest are the
platform's own IRIs under its public address (``LMS_PUBLIC_URL``), so that they stay stable for
one deployment. Actors are accounts named by the user's id, never an e-mail or a name.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from flask import current_app

# Statement ids are uuid5 over this namespace and "<event kind>:<record id>": the same event
# always has the same id, so an export run twice, or a delivery repeated, is the same statement.
STATEMENT_NAMESPACE = uuid.UUID("6f1c2d0e-7a59-5b8e-9c3d-2b4a1e0f7c61")

ADL_VERB = "http://adlnet.gov/expapi/verbs/"
ADL_ACTIVITY = "http://adlnet.gov/expapi/activities/"


@dataclass(frozen=True)
class Verb:
    iri: str  # absolute, or a path under the platform's public address (starts with "/")
    display: str  # English: what the LRS shows

    def as_json(self) -> dict:
        return {"id": absolute(self.iri), "display": {"en": self.display}}


COMPLETED = Verb(ADL_VERB + "completed", "completed")
ATTEMPTED = Verb(ADL_VERB + "attempted", "attempted")
PASSED = Verb(ADL_VERB + "passed", "passed")
FAILED = Verb(ADL_VERB + "failed", "failed")
EARNED = Verb("http://id.tincanapi.com/verb/earned", "earned")
# No registry verb says "a supervisor approved the hours this learner logged", "a trainer set
# this learner's competency status" or "this learner's certificate was revoked": ours.
PRACTICE_APPROVED = Verb("/xapi/verbs/had-practice-approved", "had practice hours approved in")
COMPETENCY_RATED = Verb("/xapi/verbs/was-rated", "was rated in")
REVOKED = Verb("/xapi/verbs/had-revoked", "had revoked")

TYPE_COURSE = ADL_ACTIVITY + "course"
TYPE_MODULE = ADL_ACTIVITY + "module"
TYPE_LESSON = ADL_ACTIVITY + "lesson"
TYPE_ASSESSMENT = ADL_ACTIVITY + "assessment"
TYPE_OBJECTIVE = ADL_ACTIVITY + "objective"
TYPE_PLACEMENT = "/xapi/activity-types/practice-placement"
TYPE_CERTIFICATE = "/xapi/activity-types/certificate"

EXTENSION_PRACTICE_KIND = "/xapi/extensions/practice-kind"
EXTENSION_COMPETENCY_STATUS = "/xapi/extensions/competency-status"


def public_url() -> str:
    return current_app.config["PUBLIC_URL"]


def absolute(iri: str) -> str:
    """A platform path made absolute under the public address; other IRIs as they are."""
    return public_url() + iri if iri.startswith("/") else iri


def statement_id(kind: str, record_id: int) -> str:
    return str(uuid.uuid5(STATEMENT_NAMESPACE, f"{kind}:{record_id}"))


def actor(user_id: int) -> dict:
    """The learner as an account on this platform: its name is the user's id, which tells a
    partner's store nothing about the person (no e-mail, no name)."""
    return {
        "objectType": "Agent",
        "account": {"homePage": public_url(), "name": str(user_id)},
    }


def activity(iri: str, activity_type: str, names: dict[str, str]) -> dict:
    """An activity with its type and its name in each language the catalogue has."""
    return {
        "objectType": "Activity",
        "id": absolute(iri),
        "definition": {
            "type": absolute(activity_type),
            "name": {language: text for language, text in names.items() if text},
        },
    }


def reference(iri: str) -> dict:
    """An activity named by its IRI only (a parent or a grouping in the context)."""
    return {"objectType": "Activity", "id": absolute(iri)}

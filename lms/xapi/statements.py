"""One statement per kind of event, built from a record (a row of ``lms.xapi.sources``) and the
catalogue.

Every statement has a deterministic ``id`` (``vocabulary.statement_id``), the learner as
``actor`` (an account, never an e-mail or a name), a ``timestamp`` that is the record's own time
(UTC), and a context naming the platform and the programme (and module) the activity is part
of. ``stored``, ``authority`` and ``version`` are left to the Learning Record Store, as the
specification asks of a client; the version travels in the X-Experience-API-Version header.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from urllib.parse import quote

from flask import current_app
from flask_babel import force_locale, lazy_gettext

from lms.courses.catalogue import Titles
from lms.courses.content import catalogue
from lms.i18n.languages import LANGUAGES
from lms.xapi import vocabulary as v

PRACTICE_PLACEMENT = lazy_gettext("Supervised practice placement")
CERTIFICATE_OF = lazy_gettext("Certificate: %(programme)s")


def timestamp(moment: datetime) -> str:
    """ISO 8601 in UTC with milliseconds, as LRSs store it."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="milliseconds")


def duration(span: timedelta) -> str:
    """An ISO 8601 duration in whole seconds (``PT1234S``)."""
    return f"PT{max(int(span.total_seconds()), 0)}S"


def _names(titles: Titles | None, fallback: str) -> dict[str, str]:
    if titles is None:
        return {"en": fallback}
    return {code: getattr(titles, code) for code in LANGUAGES if getattr(titles, code)}


def _translated(message, programme: Titles | None = None, code: str = "") -> dict[str, str]:
    """One of our own messages in each language the platform speaks (with the programme's title
    in that language, for a certificate's name)."""
    names = {}
    for language in LANGUAGES:
        with force_locale(language):
            if programme is None and not code:
                names[language] = str(message)
            else:
                title = programme.get(language) if programme else code
                names[language] = str(message) % {"programme": title}
    return names


def _slug(text: str) -> str:
    return quote(text, safe="")


def programme_iri(programme: str) -> str:
    return f"/xapi/activities/programmes/{_slug(programme)}"


def module_iri(programme: str, module: str) -> str:
    return f"{programme_iri(programme)}/modules/{_slug(module)}"


def _programme_activity(code: str) -> dict:
    found = catalogue().programme(code)
    return v.activity(programme_iri(code), v.TYPE_COURSE, _names(found and found.titles, code))


def _context(programme: str, module: str | None = None, **more) -> dict:
    """The platform, and the activities this one is part of: its module (parent) within its
    programme (grouping), or its programme (parent)."""
    course = _programme_activity(programme)
    if module is None:
        activities = {"parent": [course]}
    else:
        _, found, _ = catalogue().find(programme, module)
        parent = v.activity(
            module_iri(programme, module), v.TYPE_MODULE, _names(found and found.titles, module)
        )
        activities = {"parent": [parent], "grouping": [course]}
    return {
        "platform": current_app.config["ISSUER_NAME"],
        "contextActivities": activities,
        **more,
    }


def _statement(kind: str, record_id: int, user_id: int, verb: v.Verb, at: datetime, **parts):
    return {
        "id": v.statement_id(kind, record_id),
        "actor": v.actor(user_id),
        "verb": verb.as_json(),
        "timestamp": timestamp(at),
        **parts,
    }


def lesson_completed(row) -> dict:
    _, _, lesson = catalogue().find(row.programme, row.module, row.lesson)
    names = (
        {code: lesson.version_for(code).title for code in lesson.versions}
        if lesson
        else {"en": row.lesson}
    )
    iri = f"/learn/{_slug(row.programme)}/{_slug(row.module)}/{_slug(row.lesson)}"
    return _statement(
        "lesson.completed",
        row.id,
        row.user_id,
        v.COMPLETED,
        row.completed_at,
        object=v.activity(iri, v.TYPE_LESSON, names),
        result={"completion": True},
        context=_context(row.programme, row.module),
    )


def _quiz(row) -> dict:
    _, module, _ = catalogue().find(row.programme, row.module)
    return v.activity(
        module_iri(row.programme, row.module) + "/quiz",
        v.TYPE_ASSESSMENT,
        _names(module and module.titles, row.module),
    )


def _score(row) -> dict:
    maximum = max(row.max_marks or 0.0, 0.0)
    raw = min(max(row.marks or 0.0, 0.0), maximum)
    scaled = round(raw / maximum, 4) if maximum else 0.0
    return {"scaled": scaled, "raw": round(raw, 4), "min": 0, "max": round(maximum, 4)}


def quiz_attempted(row) -> dict:
    """Submitted: completion, and how long it took; the score comes with passed or failed."""
    return _statement(
        "quiz.attempted",
        row.id,
        row.user_id,
        v.ATTEMPTED,
        row.finished_at,
        object=_quiz(row),
        result={"completion": True, "duration": duration(row.finished_at - row.started_at)},
        context=_context(row.programme, row.module, language=row.language),
    )


def quiz_graded(row, at: datetime) -> dict:
    """Passed or failed, with the score, once the grade is final."""
    kind, verb = ("quiz.passed", v.PASSED) if row.passed else ("quiz.failed", v.FAILED)
    return _statement(
        kind,
        row.id,
        row.user_id,
        verb,
        at,
        object=_quiz(row),
        result={
            "score": _score(row),
            "success": bool(row.passed),
            "completion": True,
            "duration": duration(row.finished_at - row.started_at),
        },
        context=_context(row.programme, row.module, language=row.language),
    )


def practice_approved(row) -> dict:
    """Approved practice time in a placement; an amendment refers to the entry it corrects."""
    more = {
        "instructor": v.actor(row.reviewed_by_id) if row.reviewed_by_id else None,
        "extensions": {v.absolute(v.EXTENSION_PRACTICE_KIND): row.kind},
    }
    if row.amends_id is not None:
        more["statement"] = {
            "objectType": "StatementRef",
            "id": v.statement_id("practice.approved", row.amends_id),
        }
    return _statement(
        "practice.approved",
        row.id,
        row.trainee_id,
        v.PRACTICE_APPROVED,
        row.reviewed_at,
        object=v.activity(
            f"/xapi/activities/placements/{row.placement_id}",
            v.TYPE_PLACEMENT,
            _translated(PRACTICE_PLACEMENT),
        ),
        result={"duration": f"PT{row.minutes}M"},
        context=_context(row.programme, **{k: x for k, x in more.items() if x is not None}),
    )


def competency_rated(row) -> dict:
    """A status a trainer set (not_yet, developing, proficient); the note stays with us."""
    programme = catalogue().programme(row.programme)
    framework = catalogue().framework(programme.framework) if programme else None
    competency = framework.competency(row.code) if framework else None
    return _statement(
        "competency.rated",
        row.id,
        row.user_id,
        v.COMPETENCY_RATED,
        row.set_at,
        object=v.activity(
            f"/xapi/activities/competencies/{_slug(row.code)}",
            v.TYPE_OBJECTIVE,
            _names(competency and competency.titles, row.code),
        ),
        result={
            "success": row.status == "proficient",
            "extensions": {v.absolute(v.EXTENSION_COMPETENCY_STATUS): row.status},
        },
        context=_context(row.programme, instructor=v.actor(row.set_by_id)),
    )


def _certificate(row) -> dict:
    found = catalogue().programme(row.programme)
    return v.activity(
        f"{programme_iri(row.programme)}/certificate",
        v.TYPE_CERTIFICATE,
        _translated(CERTIFICATE_OF, found and found.titles, row.programme),
    )


def certificate_issued(row) -> dict:
    return _statement(
        "certificate.issued",
        row.id,
        row.user_id,
        v.EARNED,
        row.issued_at,
        object=_certificate(row),
        result={"completion": True, "success": True},
        context=_context(row.programme),
    )


def certificate_revoked(row) -> dict:
    """Revoked (the reason stays with us); it refers to the statement of its issue."""
    issued = {"objectType": "StatementRef", "id": v.statement_id("certificate.issued", row.id)}
    return _statement(
        "certificate.revoked",
        row.id,
        row.user_id,
        v.REVOKED,
        row.revoked_at,
        object=_certificate(row),
        context=_context(row.programme, statement=issued),
    )

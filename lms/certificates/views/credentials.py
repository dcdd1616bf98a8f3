"""What the Open Badges credentials point at, public and resolvable: the signed revocation list
(``/credentials/status/<n>``), each programme's Achievement (``/achievements/<programme>``) and
the competency framework of the alignments (``/frameworks/<code>``, each competency anchored by
its code). HTML for people; JSON for machines by ``Accept`` or the ``.json`` form."""

from __future__ import annotations

from flask import abort, current_app, jsonify, render_template, request

from lms.certificates.openbadges import programme_achievement
from lms.certificates.pool import POOL_PROGRAMME
from lms.certificates.signing import SigningKeyMissing
from lms.certificates.status_publish import build_list, kept_list, list_count
from lms.certificates.views.blueprint import credentials_bp
from lms.core.caching import public_page
from lms.core.database import writing
from lms.courses.content import catalogue
from lms.i18n.language import language as current_language

JSON_TYPES = ("application/json", "application/ld+json")


def _wants_json() -> bool:
    best = request.accept_mimetypes.best_match(["text/html", *JSON_TYPES])
    return best in JSON_TYPES


def _json(data: dict, mimetype: str = "application/ld+json"):
    response = jsonify(data)
    response.mimetype = mimetype
    response.vary.add("Accept")
    return response


def _html(html: str):
    response = current_app.make_response(html)
    response.vary.add("Accept")
    return response


@credentials_bp.get("/credentials/status/<int:number>")
@public_page
def status_list(number: int):
    """The signed Bitstring Status List credential (kept; signed again when due)."""
    if not 1 <= number <= list_count():
        return jsonify({"status": "unknown", "list": number}), 404
    record = kept_list(number)
    if record is None:
        writing()
        try:
            record = build_list(number)
        except SigningKeyMissing:
            abort(503)
    response = current_app.response_class(record.credential_json, mimetype="application/vc")
    response.headers["Cache-Control"] = "no-cache"
    return response


def _programme_or_404(code: str):
    programme = catalogue().programme(code)
    return programme or abort(404)


def _achievement_json(code: str):
    return _json(programme_achievement(_programme_or_404(code)))


@credentials_bp.get("/achievements/<code>.json")
@public_page
def achievement_json(code: str):
    return _achievement_json(code)


@credentials_bp.get("/achievements/<code>")
@public_page
def achievement(code: str):
    if _wants_json():
        return _achievement_json(code)
    programme = _programme_or_404(code)
    data = programme_achievement(programme)
    return _html(
        render_template(
            "certificates/achievement.html",
            programme=programme,
            achievement=data,
            language=current_language(),
            framework=catalogue().framework(programme.framework),
            pool_programme=POOL_PROGRAMME,
        )
    )


def _framework_or_404(code: str):
    framework = catalogue().framework(code)
    return framework or abort(404)


def _titles(titles) -> dict:
    return {language: titles.get(language) for language in ("en", "ru", "tk")}


def _framework_data(framework) -> dict:
    url = f"{current_app.config['PUBLIC_URL']}/frameworks/{framework.code}"
    return {
        "id": url,
        "type": "CompetencyFramework",
        "code": framework.code,
        "name": framework.titles.en,
        "nameByLanguage": _titles(framework.titles),
        "version": framework.version,
        "source": framework.source,
        "competencies": [
            {
                "id": f"{url}#{c.code}",
                "type": "ceasn:Competency",
                "code": c.code,
                "name": c.titles.en,
                "nameByLanguage": _titles(c.titles),
                "parent": c.parent,
                "domain": c.domain,
                "description": c.description,
            }
            for c in framework.competencies
        ],
    }


@credentials_bp.get("/frameworks/<code>.json")
@public_page
def framework_json(code: str):
    return _json(_framework_data(_framework_or_404(code)), "application/json")


@credentials_bp.get("/frameworks/<code>")
@public_page
def framework(code: str):
    framework = _framework_or_404(code)
    if _wants_json():
        return _json(_framework_data(framework), "application/json")
    return _html(
        render_template(
            "certificates/framework_public.html",
            framework=framework,
            language=current_language(),
        )
    )

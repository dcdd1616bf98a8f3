"""Lesson pages, programme and module overviews, progress; trainers' cohort progress."""

from __future__ import annotations

from pathlib import Path

from flask import (
    Blueprint,
    abort,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from lms.accounts.access import role_required
from lms.accounts.cohorts import cohort_for
from lms.accounts.forms import SimpleActionForm
from lms.core.caching import static_asset
from lms.core.downloads import csv_download
from lms.courses import notices  # noqa: F401  (a cohort's dates as deadlines)
from lms.courses.catalogue import is_stale, version_in
from lms.courses.content import catalogue, content_state
from lms.courses.enrolment import is_staff, missing_prerequisites, readable_with_records
from lms.courses.keep import module_manifest, programme_manifest
from lms.courses.links import ASSET_TYPES
from lms.courses.progress import cohort_progress, mark_done, programme_progress
from lms.i18n.collation import LANGUAGES, sort_key
from lms.i18n.language import language as current_language

bp = Blueprint("courses", __name__, url_prefix="/learn", template_folder="templates")
cohort_bp = Blueprint("cohort_progress", __name__)


def _readable(code: str):
    """The programme if the current user may read it (else 404), with their progress."""
    programme = catalogue().programme(code)
    if programme is None:
        abort(404)
    readable, records = readable_with_records(current_user, catalogue(), [programme.code])
    if programme not in readable:
        abort(404)
    return programme, programme_progress(programme, records.get(programme.code, {}))


@bp.get("/")
@login_required
def index():
    every = [p.code for p in catalogue().programmes]
    programmes, records = readable_with_records(current_user, catalogue(), every)
    progress = [programme_progress(p, records.get(p.code, {})) for p in programmes]
    return render_template(
        "courses/index.html",
        progress=progress,
        language=current_language(),
        staff=is_staff(current_user),
    )


@bp.get("/glossary")
@login_required
def glossary():
    """The programme's social-work terms in the reader's language, with the other two beside."""
    reader = current_language()
    found = content_state().glossary
    terms = sorted(found.terms, key=lambda term: sort_key(term.names[reader], reader))
    return render_template(
        "courses/glossary.html",
        terms=terms,
        language=reader,
        others=[code for code in LANGUAGES if code != reader],
        draft=not found.approved(reader),
    )


@bp.get("/<programme_code>/")
@login_required
def programme(programme_code: str):
    programme, progress = _readable(programme_code)
    language = current_language()
    return render_template(
        "courses/programme.html",
        programme=programme,
        progress=progress,
        **_translated_text(programme.introductions, language, "introduction"),
        language=language,
        locked_by=missing_prerequisites(current_user, catalogue(), programme),
    )


@bp.get("/<programme_code>/<module_slug>/")
@login_required
def module(programme_code: str, module_slug: str):
    programme, progress = _readable(programme_code)
    module_progress = progress.module(module_slug) or abort(404)
    module = module_progress.module
    language = current_language()
    framework = catalogue().framework(programme.framework)
    competencies = [framework.competency(code) for code in module.competencies] if framework else []
    return render_template(
        "courses/module.html",
        programme=programme,
        module=module,
        progress=module_progress,
        **_translated_text(module.overviews, language, "overview"),
        language=language,
        competencies=[c for c in competencies if c is not None],
        programme_locked_by=missing_prerequisites(current_user, catalogue(), programme),
    )


def _manifest_language() -> str:
    """``?lang=``, the language the phone reads in; the current one when absent or unknown."""
    asked = request.args.get("lang", "")
    return asked if asked in current_app.config["LANGUAGES"] else current_language()


def _locked_problem():
    body = {
        "type": "about:blank",
        "title": _("This module is not open yet, so it cannot be kept for offline reading."),
        "status": 409,
    }
    response = jsonify(body)
    response.status_code = 409
    response.mimetype = "application/problem+json"
    return response


@bp.get("/<programme_code>/offline.json")
@login_required
def programme_offline(programme_code: str):
    """What to store to read every open module of the programme offline (``lms.courses.keep``)."""
    programme, progress = _readable(programme_code)
    staff = is_staff(current_user)
    if missing_prerequisites(current_user, catalogue(), programme) and not staff:
        return _locked_problem()
    modules = [m.module for m in progress.modules if staff or not m.locked_by]
    return jsonify(programme_manifest(programme, modules, _manifest_language()))


@bp.get("/<programme_code>/<module_slug>/offline.json")
@login_required
def module_offline(programme_code: str, module_slug: str):
    """What to store to read this module offline (``lms.courses.keep``)."""
    programme, progress = _readable(programme_code)
    module_progress = progress.module(module_slug) or abort(404)
    locked = missing_prerequisites(current_user, catalogue(), programme) or (
        module_progress.locked_by
    )
    if locked and not is_staff(current_user):
        return _locked_problem()
    return jsonify(module_manifest(programme, module_progress.module, _manifest_language()))


def _translated_text(versions: dict, language: str, name: str) -> dict:
    """A module overview or programme introduction in the reader's language (else English), as
    ``name`` for the template, with what the page says about its translation."""
    version = version_in(versions, language)
    html = content_state().html(version.path, version.source, name + version.content_hash)
    return {
        name: html,
        "text_language": version.language,
        "text_fallback": version.language != language,
        "text_draft": version.draft,
        "text_stale": is_stale(versions, language),
    }


def _neighbours(programme, module, lesson):
    sequence = [(m, le) for m in programme.modules for le in m.lessons]
    index = next(i for i, (m, le) in enumerate(sequence) if m is module and le is lesson)
    previous = sequence[index - 1] if index > 0 else None
    following = sequence[index + 1] if index + 1 < len(sequence) else None
    return previous, following


def _open_lesson(programme_code: str, module_slug: str, lesson_slug: str):
    programme, progress = _readable(programme_code)
    module_progress = progress.module(module_slug) or abort(404)
    lesson = module_progress.module.lesson(lesson_slug) or abort(404)
    locked = (
        missing_prerequisites(current_user, catalogue(), programme) or module_progress.locked_by
    )
    return programme, module_progress, lesson, locked


@bp.get("/<programme_code>/<module_slug>/<lesson_slug>")
@login_required
def lesson(programme_code: str, module_slug: str, lesson_slug: str):
    programme, module_progress, lesson, locked = _open_lesson(
        programme_code, module_slug, lesson_slug
    )
    module = module_progress.module
    if locked and not is_staff(current_user):
        return redirect(
            url_for("courses.module", programme_code=programme.code, module_slug=module.slug)
        )
    language = current_language()
    version = lesson.version_for(language)
    state = next(s for s in module_progress.lessons if s.lesson is lesson)
    previous, following = _neighbours(programme, module, lesson)
    content = content_state()
    return render_template(
        "courses/lesson.html",
        lesson_key=(content.serial, programme.code, module.slug, lesson.slug),
        programme=programme,
        module=module,
        lesson=lesson,
        version=version,
        html=content.html(version.path, version.source, version.content_hash),
        fallback=version.language != language,
        stale=lesson.translation_is_stale(language),
        state=state,
        previous=previous,
        following=following,
        language=language,
        can_track=not is_staff(current_user),
    )


@bp.post("/<programme_code>/<module_slug>/<lesson_slug>/done")
@login_required
def lesson_done(programme_code: str, module_slug: str, lesson_slug: str):
    programme, module_progress, lesson, locked = _open_lesson(
        programme_code, module_slug, lesson_slug
    )
    form = SimpleActionForm()
    if not form.validate_on_submit() or locked or is_staff(current_user):
        abort(400)
    mark_done(current_user.id, programme, module_progress.module, lesson)
    _previous, following = _neighbours(programme, module_progress.module, lesson)
    if following is None:
        return redirect(url_for("courses.programme", programme_code=programme.code))
    next_module, next_lesson = following
    return redirect(
        url_for(
            "courses.lesson",
            programme_code=programme.code,
            module_slug=next_module.slug,
            lesson_slug=next_lesson.slug,
        )
    )


@bp.get("/<programme_code>/<module_slug>/files/<path:name>")
@static_asset
@login_required
def asset(programme_code: str, module_slug: str, name: str):
    """An image or handout beside the lessons: only files inside the module folder."""
    programme, progress = _readable(programme_code)
    module_progress = progress.module(module_slug) or abort(404)
    folder = module_progress.module.path.resolve()
    target = (folder / name).resolve()
    if (
        not target.is_relative_to(folder)
        or not target.is_file()
        or any(part.startswith(".") for part in Path(name).parts)
        or target.suffix.lower() not in ASSET_TYPES
    ):
        abort(404)
    response = send_file(target, mimetype=ASSET_TYPES[target.suffix.lower()], max_age=86400)
    if target.suffix.lower() == ".svg":  # an SVG opened directly must not run scripts
        # No 'unsafe-inline' either: inline styles of an SVG opened on its own are not worth
        # an exception; shown through <img> in a lesson, this header does not apply anyway.
        response.headers["Content-Security-Policy"] = (
            "default-src 'none'; frame-ancestors 'none'; sandbox"
        )
    return response


def _cohort_progress(cohort_id: int):
    cohort = cohort_for(current_user, cohort_id) or abort(404)
    programme = catalogue().programme(cohort.programme) or abort(404)
    rows = cohort_progress(programme, [t.id for t in cohort.trainees])
    return cohort, programme, rows


@cohort_bp.get("/cohorts/<int:cohort_id>/progress")
@role_required("admin", "trainer")
def cohort_progress_page(cohort_id: int):
    cohort, programme, rows = _cohort_progress(cohort_id)
    return render_template(
        "courses/cohort_progress.html",
        cohort=cohort,
        programme=programme,
        rows=rows,
        language=current_language(),
    )


@cohort_bp.get("/cohorts/<int:cohort_id>/progress.csv")
@role_required("admin", "trainer")
def cohort_progress_csv(cohort_id: int):
    cohort, programme, rows = _cohort_progress(cohort_id)
    # Translators: column headers of the cohort progress spreadsheet (between them: module slugs)
    header = [_("username"), _("full_name")] + [m.slug for m in programme.modules]
    header.append(_("total_percent"))
    lines = (
        [t.username, t.full_name]
        + [rows[t.id].module(m.slug).percent for m in programme.modules]
        + [rows[t.id].percent]
        for t in cohort.trainees
    )
    return csv_download(f"progress-{cohort.code}.csv", header, lines)


@bp.app_template_filter("titles_in")
def titles_in(items, language: str) -> str:
    """Programmes or modules named in the reader's language, separated by commas."""
    return ", ".join(item.titles.get(language) for item in items)

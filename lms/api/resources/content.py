"""Programmes, modules and lessons (resource group ``content``), read from the Catalogue.

Who may read what is the lesson pages' rule (``lms.courses.enrolment``): staff read every
programme; a trainee reads the programmes of their cohorts, and a lesson's text only once the
programme's and module's prerequisites are met. Anything else is 404, as on the pages.
"""

from __future__ import annotations

from flask import abort

from lms.api.auth import Caller, api_access
from lms.api.lists import page_of_list, paged
from lms.api.resources.content_schemas import (
    LanguageQuery,
    LessonSchema,
    ModuleSchema,
    ProgrammeListQuery,
    ProgrammePageSchema,
    ProgrammeSchema,
)
from lms.api.spec import API_PREFIX, ApiBlueprint
from lms.courses.catalogue import Lesson, Module, Programme, Titles, is_stale
from lms.courses.content import catalogue, content_state
from lms.courses.enrolment import is_staff, missing_prerequisites, readable_programmes
from lms.courses.progress import programme_progress, records_for
from lms.i18n.language import language as current_language
from lms.i18n.languages import LANGUAGES

blp = ApiBlueprint(
    "api_content",
    __name__,
    url_prefix=f"{API_PREFIX}/programmes",
    description="Programmes, their modules and lessons, with each language version.",
)


def _titles(titles: Titles) -> dict:
    return {"en": titles.en, "ru": titles.ru, "tk": titles.tk}


def _lesson_titles(lesson: Lesson) -> dict:
    english = lesson.english.title
    return {
        code: (v.title if (v := lesson.versions.get(code)) else None) or english
        for code in LANGUAGES
    } | {"en": english}


def _lesson_summary(lesson: Lesson) -> dict:
    return {
        "slug": lesson.slug,
        "order": lesson.order,
        "minutes": lesson.minutes,
        "version_hash": lesson.version_hash,
        "title": _lesson_titles(lesson),
        "languages": [code for code in LANGUAGES if code in lesson.versions],
    }


def _module_summary(module: Module) -> dict:
    return {
        "slug": module.slug,
        "order": module.order,
        "title": _titles(module.titles),
        "minutes": module.minutes,
        "competencies": list(module.competencies),
        "lesson_count": len(module.lessons),
        "has_quiz": module.quiz is not None,
    }


def _programme_summary(programme: Programme) -> dict:
    lessons = [lesson for module in programme.modules for lesson in module.lessons]
    return {
        "code": programme.code,
        "order": programme.order,
        "title": _titles(programme.titles),
        "framework": programme.framework,
        "module_count": len(programme.modules),
        "lesson_count": len(lessons),
        "lessons_by_language": {
            code: sum(code in lesson.versions for lesson in lessons) for code in LANGUAGES
        },
    }


def readable_programme(caller: Caller, code: str) -> Programme:
    """The programme if the caller may read it, else 404 (the access check of this group)."""
    programme = catalogue().programme(code)
    if programme is None or programme not in readable_programmes(caller.user, catalogue()):
        abort(404)
    return programme


def _module_of(programme: Programme, slug: str) -> Module:
    return programme.module(slug) or abort(404)


@blp.get("")
@api_access("content")
@blp.etag
@blp.arguments(ProgrammeListQuery, location="query")
@blp.response(200, ProgrammePageSchema)
def list_programmes(caller: Caller, query: dict):
    """The programmes the caller may read."""
    programmes = readable_programmes(caller.user, catalogue())
    return paged(page_of_list([_programme_summary(p) for p in programmes], query))


@blp.get("/<programme_code>")
@api_access("content")
@blp.etag
@blp.response(200, ProgrammeSchema)
def get_programme(caller: Caller, programme_code: str):
    """One programme with its modules."""
    programme = readable_programme(caller, programme_code)
    return {
        **_programme_summary(programme),
        "prerequisites": list(programme.prerequisites),
        "modules": [_module_summary(m) for m in programme.modules],
    }


@blp.get("/<programme_code>/modules/<module_slug>")
@api_access("content")
@blp.etag
@blp.response(200, ModuleSchema)
def get_module(caller: Caller, programme_code: str, module_slug: str):
    """One module with its lessons and their languages."""
    programme = readable_programme(caller, programme_code)
    module = _module_of(programme, module_slug)
    return {
        **_module_summary(module),
        "programme": programme.code,
        "prerequisites": list(module.prerequisites),
        "lessons": [_lesson_summary(lesson) for lesson in module.lessons],
    }


def _locked(caller: Caller, programme: Programme, module: Module) -> bool:
    """The lesson pages' rule: a trainee reads a module once its prerequisites are met."""
    if is_staff(caller.user):
        return False
    if missing_prerequisites(caller.user, catalogue(), programme):
        return True
    progress = programme_progress(
        programme, records_for(caller.user.id, [programme.code]).get(programme.code, {})
    )
    module_progress = progress.module(module.slug)
    return bool(module_progress and module_progress.locked_by)


@blp.get("/<programme_code>/modules/<module_slug>/lessons/<lesson_slug>")
@api_access("content")
@blp.etag
@blp.arguments(LanguageQuery, location="query")
@blp.response(200, LessonSchema)
def get_lesson(
    caller: Caller, query: dict, programme_code: str, module_slug: str, lesson_slug: str
):
    """One lesson: its language versions and its text (HTML) in ``lang``."""
    programme = readable_programme(caller, programme_code)
    module = _module_of(programme, module_slug)
    lesson = module.lesson(lesson_slug) or abort(404)
    wanted = query.get("lang") or current_language()
    version = lesson.version_for(wanted)
    locked = _locked(caller, programme, module)
    html = (
        None
        if locked
        else str(content_state().html(version.path, version.source, version.content_hash))
    )
    return {
        **_lesson_summary(lesson),
        "programme": programme.code,
        "module": module.slug,
        "versions": [
            {
                "language": v.language,
                "title": v.title,
                "content_hash": v.content_hash,
                "draft": v.draft,
                "stale": is_stale(lesson.versions, v.language),
            }
            for v in (lesson.versions[code] for code in LANGUAGES if code in lesson.versions)
        ],
        "locked": locked,
        "language": version.language,
        "html": html,
    }

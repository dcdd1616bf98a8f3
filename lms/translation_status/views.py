"""``/learn/translations`` (staff): one table per kind of text, and the whole state as CSV."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from flask import Blueprint, current_app, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from lms.accounts.access import role_required
from lms.core.downloads import csv_download
from lms.courses.content import content_state
from lms.courses.coverage import APPROVED, ModuleCoverage, ProgrammeCoverage, coverage
from lms.i18n.language import language as current_language
from lms.practice.categories import CATEGORIES_FILE, PRACTICE_FOLDER, read_categories
from lms.translation_status.state import (
    TRANSLATED,
    Row,
    Section,
    annex_rows,
    categories_row,
    framework_rows,
    glossary_row,
    interface_row,
    quiz_rows,
)

bp = Blueprint("translation_status", __name__, url_prefix="/learn", template_folder="templates")

STATE_LABELS = {
    "approved": _l("approved"),
    "draft": _l("draft, awaiting review"),
    "stale": _l("out of date"),
    "missing": _l("missing"),
}


def _sections(language: str) -> list[Section]:
    state = content_state()
    root = Path(current_app.config["CONTENT_DIR"])
    catalogue = state.catalogue
    sections = [Section("quizzes", _("Quizzes"), tuple(quiz_rows(catalogue, language, root)))]
    framework = tuple(
        row for f in catalogue.frameworks for row in framework_rows(f, language, root)
    )
    sections.append(Section("framework", _("Competency framework"), framework))
    path = root / PRACTICE_FOLDER / CATEGORIES_FILE
    if path.is_file():
        categories = read_categories(path)[0]
        sections.append(
            Section("practice", _("Practice log"), (categories_row(categories, path, root),))
        )
    if state.glossary.terms:
        row = glossary_row(state.glossary, root / "glossary.yaml", root)
        sections.append(Section("glossary", _("Glossary"), (row,)))
    annex = tuple(annex_rows(catalogue, language, root))
    if annex:
        sections.append(Section("annex", _("National annex: pages and forms"), annex))
    if (interface := interface_row()) is not None:
        sections.append(Section("interface", _("Interface"), (interface,)))
    return sections


def _needing_work(programme: ProgrammeCoverage) -> ProgrammeCoverage | None:
    """The programme with only the texts that are not approved in every language."""

    def needs(states: dict[str, str]) -> bool:
        return any(state != APPROVED for state in states.values())

    modules: list[ModuleCoverage] = []
    for module in programme.modules:
        lessons = tuple((lesson, s) for lesson, s in module.lessons if needs(s))
        if lessons or needs(module.overview):
            modules.append(replace(module, lessons=lessons))
    if not modules and not needs(programme.introduction):
        return None
    return replace(programme, modules=tuple(modules))


@bp.get("/translations")
@role_required("admin", "trainer")
def page():
    """Staff: which texts exist in Turkmen and Russian, drafts, approved and out of date."""
    language = current_language()
    only_work = request.args.get("needs_work") == "1"
    programmes = coverage(content_state().catalogue)
    sections = _sections(language)
    shown = programmes
    if only_work:
        shown = [p for p in map(_needing_work, programmes) if p is not None]
        sections = [replace(s, rows=tuple(r for r in s.rows if r.needs_work)) for s in sections]
    return render_template(
        "translation_status/page.html",
        programmes=programmes,
        shown=shown,
        sections=sections,
        only_work=only_work,
        languages=TRANSLATED,
        state_labels=STATE_LABELS,
        language=language,
    )


@bp.get("/translations.csv")
@role_required("admin", "trainer")
def csv():
    """The whole state, one line per text and language, for the programme's translators."""
    language = current_language()
    lines = []
    for programme in coverage(content_state().catalogue):
        title = programme.programme.titles.get(language)
        intro = programme.programme.introductions["en"].path
        for lang in TRANSLATED:
            lines.append(
                _line(
                    _("Introduction to the programme"),
                    title,
                    intro,
                    lang,
                    programme.introduction[lang],
                )
            )
        for module in programme.modules:
            name = module.module.titles.get(language)
            overview = module.module.overviews["en"].path
            for lang in TRANSLATED:
                lines.append(
                    _line(_("Module overview"), name, overview, lang, module.overview[lang])
                )
            for lesson, states in module.lessons:
                for lang in TRANSLATED:
                    version = lesson.versions.get(lang)
                    lines.append(
                        _line(
                            _("Lesson"),
                            lesson.english.title,
                            lesson.english.path,
                            lang,
                            states[lang],
                            version.approved_by if version and states[lang] == APPROVED else "",
                            version.approved_on if version and states[lang] == APPROVED else "",
                        )
                    )
    for section in _sections(language):
        for row in section.rows:
            lines.extend(_row_lines(section, row))
    # Translators: column headers of the translation state spreadsheet
    header = [
        _("kind"),
        _("item"),
        _("file"),
        _("language"),
        _("state"),
        _("translated"),
        _("total"),
        _("fuzzy"),
        _("to_review"),
        _("reviewer"),
        _("approved_on"),
    ]
    return csv_download("translations.csv", header, lines)


def _relative(path: Path) -> str:
    root = Path(current_app.config["CONTENT_DIR"])
    return str(path.relative_to(root)) if path.is_relative_to(root) else path.name


def _line(kind, item, path, lang, state, reviewer="", day=""):
    return [kind, item, _relative(path), lang, state, "", "", "", "", reviewer or "", day or ""]


def _row_lines(section: Section, row: Row):
    for lang, cell in row.cells.items():
        name = f"{row.group}: {row.name}" if row.group else row.name
        yield [
            section.title,
            name,
            row.path,
            lang,
            cell.state,
            "" if cell.translated is None else cell.translated,
            "" if cell.total is None else cell.total,
            cell.fuzzy,
            cell.to_review,
            cell.reviewer or "",
            cell.date or "",
        ]

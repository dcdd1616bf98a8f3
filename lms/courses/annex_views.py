"""The national annex: its pages, the working forms (on screen and as PDF), and, for the
programme staff, every statement still to be confirmed by the Ministry."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request
from flask_login import current_user, login_required

from lms.accounts.access import role_required
from lms.core.downloads import download
from lms.courses.annex import highlight_markers
from lms.courses.annex_pdf import render_form_pdf
from lms.courses.catalogue import Annex, is_stale
from lms.courses.content import catalogue, content_state
from lms.i18n.language import language as current_language
from lms.i18n.languages import LANGUAGES

bp = Blueprint("annex", __name__, url_prefix="/learn/national", template_folder="templates")


def _annex() -> Annex:
    return catalogue().annex or abort(404)


def _text(versions: dict, language: str):
    """A page (or the introduction) in the reader's language, else English; highlighted HTML."""
    version = versions.get(language) or versions["en"]
    html = content_state().html(version.path, version.source, version.content_hash)
    return version, highlight_markers(html)


@bp.get("/")
@login_required
def index():
    annex, language = _annex(), current_language()
    version, html = _text(annex.introductions, language)
    return render_template(
        "courses/annex/index.html",
        annex=annex,
        version=version,
        html=html,
        language=language,
        # the same roles as the to-confirm page itself (coordinators are staff but not its readers)
        staff=current_user.has_role("admin", "trainer"),
    )


@bp.get("/<page_slug>")
@login_required
def page(page_slug: str):
    annex, language = _annex(), current_language()
    found = annex.page(page_slug) or abort(404)
    version, html = _text(found.versions, language)
    return render_template(
        "courses/annex/page.html",
        annex=annex,
        page=found,
        version=version,
        html=html,
        stale=is_stale(found.versions, language),
        language=language,
    )


@bp.get("/forms/<form_slug>")
@login_required
def form(form_slug: str):
    annex, language = _annex(), current_language()
    found = annex.form(form_slug) or abort(404)
    return render_template(
        "courses/annex/form.html",
        annex=annex,
        form=found,
        language=language,
        languages=LANGUAGES,
    )


@bp.get("/forms/<form_slug>.pdf")
@login_required
def form_pdf(form_slug: str):
    """The blank form to print, in ``?lang=`` (tk, ru or en; the reader's language if absent)."""
    found = _annex().form(form_slug) or abort(404)
    language = request.args.get("lang", current_language())
    if language not in LANGUAGES:
        abort(400)
    return download(
        render_form_pdf(found, language), f"{form_slug}-{language}.pdf", "application/pdf"
    )


@bp.get("/to-confirm")
@role_required("admin", "trainer")
def to_confirm():
    """Every ``[confirm: …]`` statement in the content, by file, for the programme staff."""
    root, markers = catalogue().root, content_state().markers
    files: dict[str, list] = {}
    for marker in markers:
        files.setdefault(marker.path.relative_to(root).as_posix(), []).append(marker)
    return render_template(
        "courses/annex/to_confirm.html",
        files=files,
        count=len(markers),
        language=current_language(),
    )


@bp.app_template_filter("confirm_marks")
def confirm_marks(text: str):
    """Plain content text (a form's label), escaped, with its ``[confirm: …]`` marks shown."""
    return highlight_markers(text)

"""The practice blueprint and what its pages share; each page module registers its routes
on it (the package imports them all)."""

from __future__ import annotations

from flask import Blueprint, abort
from flask_login import current_user

from lms.core.extensions import db
from lms.i18n.language import language
from lms.practice.categories import categories
from lms.practice.labels import all_labels
from lms.practice.models import PracticeEntry
from lms.practice.parsing import format_clock, format_duration
from lms.practice.placements import can_see_placement

bp = Blueprint("practice", __name__, url_prefix="/practice", template_folder="../templates")


@bp.context_processor
def practice_context() -> dict:
    lang = language()
    cats = categories()
    return {
        **all_labels(),
        "language": lang,
        "category_title": lambda code: cats.title(code, lang),
    }


@bp.app_template_filter("practice_clock")
def practice_clock(minutes: int | None) -> str:
    return format_clock(minutes)


@bp.app_template_filter("practice_duration")
def practice_duration(minutes: int | None) -> str:
    return format_duration(int(minutes or 0))


def visible_entry_or_404(entry_id: int) -> PracticeEntry:
    """The entry if the current user may see it (owner, supervisor, cohort trainer, admin).

    A draft exists for its trainee only: for anyone else it is a 404, as if never written."""
    entry = db.session.get(PracticeEntry, entry_id)
    if entry is None or not can_see_placement(current_user, entry.placement):
        abort(404)
    if not entry.shared and entry.trainee_id != current_user.id:
        abort(404)
    return entry


def own_entry_or_404(entry_id: int) -> PracticeEntry:
    entry = db.session.get(PracticeEntry, entry_id)
    if entry is None or entry.trainee_id != current_user.id:
        abort(404)
    return entry

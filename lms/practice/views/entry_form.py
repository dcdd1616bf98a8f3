"""Filling the entry form's choices and values, and reading EntryFields back from it."""

from __future__ import annotations

from wtforms.fields.choices import SelectChoice

from lms.core.database import local_today
from lms.core.forms import choice_list
from lms.i18n.language import language
from lms.practice.categories import categories
from lms.practice.entries import EntryFields
from lms.practice.forms import EntryForm
from lms.practice.labels import KIND_LABELS, TARGET_GROUP_LABELS
from lms.practice.parsing import format_clock, iso_date
from lms.practice.programme import programme_competencies


def placement_label(placement, lang: str) -> str:
    return (
        f"{placement.agency} — {placement.region.name(lang)} "
        f"({placement.starts_on.isoformat()} – {placement.ends_on.isoformat()})"
    )


def day_bounds(placements) -> dict[str, str]:
    """The dates the trainee's placements cover up to today, as the date input's min and max
    (the browser offers only these; the server refuses any other with a message beside it)."""
    if not placements:
        return {}
    first = min(p.starts_on for p in placements)
    last = min(max(p.ends_on for p in placements), local_today())
    return {"min": first.isoformat(), "max": max(first, last).isoformat()}


def setup_entry_form(form: EntryForm, placements) -> EntryForm:
    lang = language()
    form.placement.choices = [
        SelectChoice(p.id, placement_label(p, lang), render_kw=_covered(p)) for p in placements
    ]
    form.day.render_kw = {**(form.day.render_kw or {}), **day_bounds(placements)}
    form.category.choices = [
        SelectChoice(c.code, c.titles.get(lang), optgroup=str(KIND_LABELS[c.kind]))
        for c in categories().categories
    ]
    form.target_group.choices = choice_list([("", "—"), *TARGET_GROUP_LABELS.items()])
    competencies = {}
    for code in dict.fromkeys(p.programme for p in placements):
        for competency in programme_competencies(code):
            competencies.setdefault(competency.code, competency)
    form.competencies.choices = choice_list(
        (c.code, f"{c.code} · {c.titles.get(lang)}") for c in competencies.values()
    )
    return form


def _covered(placement) -> dict[str, str]:
    """Each placement's own dates, for the page's script to narrow the date input to the one
    chosen."""
    bounds = day_bounds([placement])
    return {"data-min": bounds["min"], "data-max": bounds["max"]}


def fill_entry_form(form: EntryForm, fields: EntryFields) -> None:
    """Show an existing entry's values (GET of the edit and amend pages)."""
    form.placement.data = fields.placement_id
    form.day.data = fields.day.isoformat()
    if fields.start_minute is not None:
        form.start.data = format_clock(fields.start_minute)
        form.end.data = format_clock(fields.end_minute)
    else:
        form.hours.data = str(fields.minutes // 60)
        form.quarter.data = str(fields.minutes % 60)
    form.category.data = fields.category
    form.client_code.data = fields.client_code or ""
    form.target_group.data = fields.target_group or ""
    form.competencies.data = list(fields.competencies)
    form.reflection.data = fields.reflection


def entry_fields(form: EntryForm) -> EntryFields:
    """The values of a validated form (strictly parsed)."""
    start, end, minutes = form.times()
    return EntryFields(
        placement_id=form.placement.data,
        day=iso_date(form.day.data),
        minutes=minutes,
        category=form.category.data,
        start_minute=start,
        end_minute=end,
        client_code=(form.client_code.data or "").strip() or None,
        target_group=form.target_group.data or None,
        competencies=tuple(form.competencies.data or ()),
        reflection=(form.reflection.data or "").replace("\r\n", "\n"),
    )

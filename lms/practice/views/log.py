"""The trainee's own practice: the log with progress and totals, and the week view."""

from __future__ import annotations

from datetime import timedelta

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import select

from lms.accounts.access import role_required
from lms.core.database import local_today
from lms.core.extensions import db
from lms.core.numbers import int_arg
from lms.core.unit_of_work import all_or_nothing
from lms.i18n.formatting import number, percent
from lms.practice.charts import bar_chart, progress_chart
from lms.practice.counting import superseded_ids
from lms.practice.errors import PracticeError, PrivacyConfirmationNeeded
from lms.practice.forms import SubmitForm
from lms.practice.models import PracticeEntry
from lms.practice.parsing import ParseError, iso_date
from lms.practice.placements import placements_of
from lms.practice.reports import trainee_category_totals
from lms.practice.requirements import PracticeSummary, practice_summary
from lms.practice.signoff import submit_week, week_entries, week_of
from lms.practice.views.blueprint import bp

PER_PAGE = 50


def page_number() -> int:
    return int_arg(request.args, "page", default=1, maximum=100_000)


def requirement_text(summary: PracticeSummary, key: str) -> str:
    requirement = summary.requirement(key)
    if key == "direct_share":
        return f"{percent(requirement.have * 100, 0)} / {percent(requirement.need * 100, 0)}"
    have, need = number(requirement.have, 2), number(requirement.need, 2)
    return _("%(have)s of %(need)s h", have=have, need=need)


def summary_chart(summary: PracticeSummary):
    """The requirements as bars: how far along each is, met ones drawn differently."""
    return progress_chart(
        _("Progress toward the practice requirements"),
        [
            (r.label, r.fraction, requirement_text(summary, r.key), r.met)
            for r in summary.requirements
        ],
    )


def kinds_chart(summary: PracticeSummary):
    rows = [
        (_("Direct practice"), summary.direct_minutes / 60),
        (_("Indirect practice"), summary.indirect_minutes / 60),
        (_("Supervision"), summary.supervision_minutes / 60),
    ]
    return bar_chart(
        _("Counted hours by kind"),
        # Translators: a number of hours; "h" is the abbreviation of hours.
        [(k, v, _("%(hours)s h", hours=number(v))) for k, v in rows],
    )


def programme_progress(trainee_id: int, placements) -> list[dict]:
    """One block per programme the trainee has placements in: summary and charts."""
    codes = list(dict.fromkeys(p.programme for p in placements))
    blocks = []
    for code in codes:
        summary = practice_summary(trainee_id, code)
        blocks.append(
            {"programme": code, "summary": summary, "chart": summary_chart(summary),
             "kinds": kinds_chart(summary)}
        )  # fmt: skip
    return blocks


@bp.get("/")
@role_required("trainee")
def log():
    placements = placements_of(current_user.id)
    entries = db.paginate(
        select(PracticeEntry)
        .where(PracticeEntry.trainee_id == current_user.id)
        .order_by(
            PracticeEntry.day.desc(), PracticeEntry.start_minute.desc(), PracticeEntry.id.desc()
        ),
        page=page_number(),
        per_page=PER_PAGE,
        error_out=False,
    )
    return render_template(
        "practice/log.html",
        placements=placements,
        progress=programme_progress(current_user.id, placements),
        entries=entries,
        superseded=superseded_ids(e.id for e in entries.items),
        totals=trainee_category_totals(current_user.id),
        today=local_today(),
    )


def _monday() -> tuple:
    text = request.args.get("start")
    if not text:
        return week_of(local_today()), None
    try:
        return week_of(iso_date(text)), None
    except ParseError as exc:
        return week_of(local_today()), str(exc)


def render_week(monday, form: SubmitForm, findings=None, status: int = 200):
    entries = week_entries(current_user.id, monday)
    days = [monday + timedelta(days=n) for n in range(7)]
    by_day = {day: [e for e in entries if e.day == day] for day in days}
    return render_template(
        "practice/week.html",
        monday=monday,
        days=days,
        by_day=by_day,
        ready=[e for e in entries if e.editable],
        total=sum(e.minutes for e in entries),
        form=form,
        findings=findings or {},
        entries_by_id={e.id: e for e in entries},
        previous=monday - timedelta(days=7),
        following=monday + timedelta(days=7),
        today=local_today(),
    ), status


@bp.get("/week")
@role_required("trainee")
def week():
    monday, problem = _monday()
    if problem:
        flash(_("That is not a date: %(problem)s Showing this week.", problem=problem), "warning")
    return render_week(monday, SubmitForm())


@bp.post("/week/submit")
@role_required("trainee")
def submit_week_view():
    form = SubmitForm()
    monday, problem = _monday()
    if problem or not form.validate_on_submit():
        flash(_("Nothing was submitted: the form was incomplete. Try again."), "error")
        return redirect(url_for("practice.week", start=monday.isoformat()))
    try:
        with all_or_nothing():
            submitted = submit_week(current_user, monday, confirmed=form.confirm_privacy.data)
    except PrivacyConfirmationNeeded as exc:
        return render_week(monday, form, exc.findings, 422)
    except PracticeError as exc:
        flash(str(exc), "error")
        return redirect(url_for("practice.week", start=monday.isoformat()))
    flash(
        ngettext(
            "%(num)d entry sent for sign-off.", "%(num)d entries sent for sign-off.", len(submitted)
        ),
        "success",
    )
    return redirect(url_for("practice.week", start=monday.isoformat()))

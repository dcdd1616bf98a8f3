"""The national report for admins: hours by velayat and etrap, category and month; CSV export."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from lms.accounts.access import role_required
from lms.accounts.forms import SimpleActionForm
from lms.accounts.models import Cohort
from lms.core.database import reading_in_transaction
from lms.core.downloads import csv_download
from lms.core.extensions import db
from lms.core.forms import choice_list
from lms.i18n.formatting import number
from lms.jobs.control import start_job
from lms.jobs.queue import QueueUnavailable, check_available
from lms.practice.categories import categories
from lms.practice.charts import bar_chart
from lms.practice.export_job import KIND as EXPORT_KIND
from lms.practice.export_job import job_args
from lms.practice.forms import ReportFilterForm
from lms.practice.parsing import iso_date
from lms.practice.reports import (
    EXPORT_COLUMNS,
    ReportFilter,
    export_rows,
    labelled_report,
    national_figures,
    report_key,
)
from lms.practice.views.blueprint import bp, language
from lms.reports.cache import cached_figures, max_age


def _cohorts() -> list[tuple[int, str]]:
    """Every cohort, newest first, as (id, name): hundreds of them in a national programme, so
    columns rather than objects, and ``practice/reports.html`` writes the options itself."""
    rows = db.session.execute(select(Cohort.id, Cohort.name).order_by(Cohort.starts_on.desc()))
    return [(cohort_id, name) for cohort_id, name in rows]


def _filter_args() -> dict[str, str]:
    return {k: v for k, v in request.args.items() if k in ("cohort", "start", "end")}


def _filter_form() -> tuple[ReportFilterForm, ReportFilter | None]:
    """The filter from the query string, or None (with errors on the form) when it is bad."""
    form = ReportFilterForm(request.args)
    form.cohort.choices = choice_list([("", _("All cohorts")), *_cohorts()])
    if not form.validate():
        return form, None
    report = ReportFilter(
        cohort_id=form.cohort.data or None,
        start=iso_date(form.start.data) if form.start.data else None,
        end=iso_date(form.end.data) if form.end.data else None,
    )
    if report.start and report.end and report.end < report.start:
        form.end.errors = [_("The end date is before the start date.")]
        return form, None
    return form, report


def _hours_chart(title: str, rows, label=lambda row: row.label):
    return bar_chart(
        title,
        [
            (
                label(r),
                r.counted_minutes / 60,
                _("%(hours)s h", hours=number(r.counted_minutes / 60)),
            )
            for r in rows
        ],
    )


@bp.route("/reports", methods=["GET", "POST"])
@role_required("admin")
def reports():
    """The national report, kept for ``REPORT_MAX_AGE`` seconds; POST computes it again now."""
    form, report = _filter_form()
    if report is None:
        return render_template("practice/reports.html", form=form, report=None), 400
    action = SimpleActionForm()
    refresh = request.method == "POST"
    if refresh and not action.validate_on_submit():
        abort(400)
    figures = cached_figures(report_key(report), lambda: national_figures(report), refresh=refresh)
    if refresh:  # a path from url_for, never built from the request's URL
        return redirect(url_for(".reports", **_filter_args()))
    found = labelled_report(figures.data, language())
    return render_template(
        "practice/reports.html",
        form=form,
        report=report,
        figures=figures,
        action=action,
        max_age=max_age(),
        regions=found.regions,
        velayats=found.velayats,
        categories_rows=found.categories,
        months=found.months,
        velayat_chart=_hours_chart(_("Counted hours by velayat"), found.velayats),
        month_chart=_hours_chart(_("Counted hours by month"), found.months),
        category_chart=_hours_chart(
            _("Counted hours by activity"),
            found.categories,
            label=lambda row: categories().title(row.label, language()),
        ),
        export_args=_filter_args(),
    )


@bp.get("/reports.csv")
@role_required("admin")
def report_csv():
    form, report = _filter_form()
    if report is None:
        problems = "; ".join(f"{f.label.text}: {e}" for f in form for e in f.errors)
        return Response(problems + "\n", status=400, mimetype="text/plain")
    reading_in_transaction()  # export_rows streams through a server-side cursor (yield_per)
    return csv_download("practice-entries.csv", EXPORT_COLUMNS, export_rows(report))


@bp.post("/reports/export")
@role_required("admin")
def report_export():
    """Start the export of the filtered entries as a job; its page shows the progress and then
    offers the file, to this admin only."""
    if not SimpleActionForm().validate_on_submit():
        abort(400)
    form, report = _filter_form()
    if report is None:
        return render_template("practice/reports.html", form=form, report=None), 400
    try:
        check_available()
    except QueueUnavailable:
        flash(_("The job queue is unavailable; try again in a few minutes."), "error")
        return redirect(url_for(".reports", **_filter_args()))
    job = start_job(
        EXPORT_KIND,
        started_by_id=current_user.id,
        requested_by=current_user.id,
        **job_args(report),
    )
    return redirect(url_for("jobs.job", job_id=job.id))

"""The national view for programme staff: a programme's competency statuses by velayat, and by
etrap within a velayat; as a page and as CSV."""

from __future__ import annotations

from flask import Response, abort, redirect, render_template, request, url_for

from lms.accounts.access import role_required
from lms.accounts.forms import SimpleActionForm
from lms.competencies.national import (
    STATUS_ORDER,
    all_regions,
    competency_table,
    report_key,
    status_counts,
    table_csv,
    velayat_by_code,
)
from lms.competencies.views.blueprint import bp
from lms.core.downloads import download
from lms.courses.content import catalogue
from lms.i18n.language import language as current_language
from lms.reports.cache import cached_figures, max_age


def _table(velayat_code: str | None, refresh: bool = False):
    """The table for the programme in ``?programme=`` (the first programme by default), from
    figures kept for ``REPORT_MAX_AGE`` seconds; 404 for an unknown programme or velayat."""
    programmes = catalogue().programmes
    code = request.args.get("programme") or (programmes[0].code if programmes else "")
    programme = catalogue().programme(code) or abort(404)
    regions = all_regions()
    velayat = None
    if velayat_code is not None:
        velayat = velayat_by_code(regions, velayat_code) or abort(404)
    figures = cached_figures(
        report_key(programme, velayat),
        lambda: status_counts(programme, regions, velayat),
        refresh=refresh,
    )
    table = competency_table(programme, regions, current_language(), velayat, figures.data)
    return table, figures


def _page_url(table) -> str:
    """The page of ``table`` as a path built by url_for (never from the request's URL)."""
    if table.velayat is None:
        return url_for(".national_competencies", programme=table.programme.code)
    return url_for(
        ".velayat_competencies", velayat_code=table.velayat.code, programme=table.programme.code
    )


def _page(velayat_code: str | None):
    action = SimpleActionForm()
    if request.method == "POST":
        if not action.validate_on_submit():
            abort(400)
        table, _figures = _table(velayat_code, refresh=True)
        return redirect(_page_url(table))
    table, figures = _table(velayat_code)
    if table.velayat is None:
        csv_url = url_for(".national_competencies_csv", programme=table.programme.code)
    else:
        csv_url = url_for(
            ".velayat_competencies_csv",
            velayat_code=table.velayat.code,
            programme=table.programme.code,
        )
    return render_template(
        "competencies/national.html",
        table=table,
        figures=figures,
        action=action,
        max_age=max_age(),
        csv_url=csv_url,
        programmes=catalogue().programmes,
        statuses=STATUS_ORDER,
        language=current_language(),
    )


def _csv(velayat_code: str | None) -> Response:
    table, _figures = _table(velayat_code)
    place = table.velayat.code if table.velayat else "national"
    name = f"competencies-{table.programme.code}-{place}.csv"
    return download(table_csv(table), name, "text/csv; charset=utf-8")


@bp.route("/competencies/national", methods=["GET", "POST"])
@role_required("admin")
def national_competencies():
    return _page(None)


@bp.get("/competencies/national.csv")
@role_required("admin")
def national_competencies_csv():
    return _csv(None)


@bp.route("/competencies/national/<velayat_code>", methods=["GET", "POST"])
@role_required("admin")
def velayat_competencies(velayat_code: str):
    return _page(velayat_code)


@bp.get("/competencies/national/<velayat_code>.csv")
@role_required("admin")
def velayat_competencies_csv(velayat_code: str):
    return _csv(velayat_code)

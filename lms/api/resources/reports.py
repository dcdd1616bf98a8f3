"""The kept national reports (resource group ``reports``): the national practice report and the
national competency view, for admins, as their pages give them.

Both read the kept copy through ``lms.reports.cache.cached_figures``, exactly as the pages do:
a copy younger than ``REPORT_MAX_AGE`` is served as kept, an older one is computed again as the
page would. The API never forces a new computation (the pages' POST does that). The ETag is
the kept copy's version: its key and ``computed_at`` (and the language of the names).
"""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from lms.accounts.models import Cohort, Region
from lms.api.auth import Caller, api_access
from lms.api.errors import ApiError
from lms.api.resources.reports_schemas import (
    CompetencyReportQuery,
    CompetencyReportSchema,
    PracticeReportQuery,
    PracticeReportSchema,
)
from lms.api.scopes import ONLY_FOR
from lms.api.spec import API_PREFIX, ApiBlueprint
from lms.competencies.national import (
    STATUS_ORDER,
    RegionRow,
    all_regions,
    competency_table,
    report_key,
    status_counts,
    velayat_by_code,
)
from lms.core.extensions import db
from lms.courses.content import catalogue
from lms.i18n.language import language as current_language
from lms.practice.reports import ReportFilter, national_figures
from lms.practice.reports import report_key as practice_key
from lms.reports.cache import Figures, cached_figures, max_age

blp = ApiBlueprint(
    "api_reports",
    __name__,
    url_prefix=f"{API_PREFIX}/reports",
    description="The kept national reports (admins): practice hours and competency statuses.",
)


def _admin_only(caller: Caller) -> None:
    """The report pages' role check."""
    if not caller.user.has_role(*ONLY_FOR["reports:read"]):
        raise ApiError(403, "forbidden")


def _refused(field: str, message: str) -> ApiError:
    return ApiError(422, "validation_failed", errors={f"query.{field}": [message]})


def _kept(key: str, figures: Figures) -> dict:
    """The kept copy's version as the ETag, and its time in the answer."""
    blp.set_etag({"key": key, "at": figures.computed_at.isoformat(), "lang": current_language()})
    return {"computed_at": figures.computed_at, "max_age": max_age()}


def _counted(minutes: dict[str, int]) -> int:
    return sum(m for kind, m in minutes.items() if kind != "travel")


def _line(label: str, minutes: dict[str, int]) -> dict:
    return {"label": label, "minutes": minutes, "counted_minutes": _counted(minutes)}


@blp.get("/practice")
@api_access("reports")
@blp.etag
@blp.arguments(PracticeReportQuery, location="query")
@blp.response(200, PracticeReportSchema)
def get_practice_report(caller: Caller, query: dict):
    """The national practice report: approved minutes by etrap, category and month."""
    _admin_only(caller)
    cohort_id = query.get("cohort")
    if cohort_id is not None and db.session.get(Cohort, cohort_id) is None:
        raise _refused("cohort", _("unknown cohort"))  # i18n: the parameter's name
    report = ReportFilter(cohort_id, query.get("day_from"), query.get("day_to"))
    key = practice_key(report)
    figures = cached_figures(key, lambda: national_figures(report))
    regions = {r.id: r for r in db.session.scalars(select(Region))}
    language = current_language()
    places = []
    for region_id, minutes, trainees in figures.data["regions"]:
        region = regions[region_id]
        places.append(
            {
                "velayat": region.velayat.code,
                "region": region.code,
                "name": region.name(language),
                "minutes": minutes,
                "counted_minutes": _counted(minutes),
                "trainees": trainees,
            }
        )
    return {
        **_kept(key, figures),
        "cohort": cohort_id,
        "day_from": report.start,
        "day_to": report.end,
        "regions": sorted(places, key=lambda p: (p["velayat"], p["region"])),
        "categories": [_line(c, m) for c, m in figures.data["categories"]],
        "months": [_line(month, m) for month, m in figures.data["months"]],
    }


def _row(row: RegionRow, codes: list[str]) -> dict:
    return {
        "region": row.region.code if row.region is not None else None,
        "name": row.name,
        "trainees": row.trainees,
        "counts": {
            code: {status: row.count(code, status) for status in STATUS_ORDER} for code in codes
        },
    }


@blp.get("/competencies")
@api_access("reports")
@blp.etag
@blp.arguments(CompetencyReportQuery, location="query")
@blp.response(200, CompetencyReportSchema)
def get_competency_report(caller: Caller, query: dict):
    """The national competency view: trainees in each status per competency.

    By velayat, or with ``region`` (a velayat) by etrap within that velayat."""
    _admin_only(caller)
    programmes = catalogue().programmes
    code = query.get("programme") or (programmes[0].code if programmes else "")
    programme = catalogue().programme(code)
    if programme is None:
        raise _refused("programme", _("unknown programme"))  # i18n: the parameter's name
    regions = all_regions()
    velayat = None
    if "region" in query:
        velayat = velayat_by_code(regions, query["region"])
        if velayat is None:
            raise _refused("region", _("not a velayat"))  # i18n: the parameter's name
    key = report_key(programme, velayat)
    figures = cached_figures(key, lambda: status_counts(programme, regions, velayat))
    table = competency_table(programme, regions, current_language(), velayat, figures.data)
    codes = [c.code for c in table.competencies]
    return {
        **_kept(key, figures),
        "programme": programme.code,
        "velayat": velayat.code if velayat is not None else None,
        "competencies": [
            {"code": c.code, "title": c.title, "language": c.language} for c in table.competencies
        ],
        "rows": [_row(r, codes) for r in table.rows],
        "unplaced": _row(table.unplaced, codes) if table.unplaced else None,
        "total": _row(table.total, codes),
    }

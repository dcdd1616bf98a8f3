"""Coverage matrix and gap report: content, CSV, PDF (fonts, Turkmen text), query counts."""

import csv
import io
from decimal import Decimal

import pypdf
import pytest
from competencies.world import save_sample
from sqlalchemy import select
from support import QueryCounter, login

from lms.competencies.coverage import coverage_for, gap_report
from lms.competencies.mapping import set_course_mapping
from lms.competencies.models import Competency, DegreeProgramme
from lms.competencies.pdf import render_report_pdf
from lms.competencies.universities import (
    CourseFields,
    create_programme,
    create_university,
    save_course,
    set_coordinators,
)
from lms.core.extensions import db
from lms.core.pdf import FONTS_CSS, PackagedFilesOnly

# Turkmen and Cyrillic names that must survive the PDF.
TURKMEN = "Magtymguly adyndaky Türkmen döwlet uniwersiteti: Aşgabat, Daşoguz, Ýazgül, ženýa, ňaň"
RUSSIAN = "Социальная работа"


def build(app, coordinator, courses: int = 3):
    """A programme whose courses cover ETH-1 (I, R, M), COM-1 (I only); ETH-2 and COM-2 are
    not covered; the last course is mapped to nothing."""
    with app.app_context():
        framework = save_sample()
        codes = dict(db.session.execute(select(Competency.code, Competency.id)).all())
        university = create_university(TURKMEN, "TDU", actor_id=None)
        set_coordinators(university, [coordinator.id], actor_id=None)
        programme = create_programme(university, f"BSW — {RUSSIAN}", framework)
        plan = [{"ETH-1": "I", "COM-1": "I"}, {"ETH-1": "R"}, {"ETH-1": "M"}]
        plan += [{"ETH-1": "R"}] * (courses - 3) + [{}]
        for number, levels in enumerate(plan, start=1):
            course = save_course(
                programme,
                CourseFields(f"SW{number:03d}", f"Course {number}", Decimal("5"), 1, 1),
            )
            set_course_mapping(course, {codes[c]: level for c, level in levels.items()})
        db.session.commit()
        return f"/universities/{university.id}/programmes/{programme.id}"


@pytest.fixture
def coordinator(factory):
    return factory.user("coord", "coordinator")


def test_gap_report_lists_uncovered_unmastered_and_unmapped(app, coordinator):
    build(app, coordinator)
    with app.app_context():
        programme = db.session.scalar(select(DegreeProgramme))
        report = gap_report(coverage_for(programme))
        assert [r.node.competency.code for r in report.not_covered] == ["ETH-2", "COM-2"]
        assert [(r.node.competency.code, r.highest) for r in report.never_mastered] == [
            ("COM-1", "I")
        ]
        assert [c.code for c in report.unmapped_courses] == ["SW004"]


def test_coverage_page_shows_the_matrix(app, client, coordinator):
    url = build(app, coordinator)
    login(client, "coord")
    html = client.get(url + "/coverage").get_data(as_text=True)
    assert TURKMEN in html and "Coverage matrix" in html
    for code in ("SW001", "SW004", "ETH-1", "COM-2"):
        assert code in html
    assert html.count('class="level level-M"') == 1 and html.count('class="level level-I"') == 2
    gaps = client.get(url + "/gaps").get_data(as_text=True)
    assert "Competencies no course covers (2)" in gaps
    assert "Competencies covered but never mastered (1)" in gaps
    assert "Courses mapped to no competency (1)" in gaps


def test_coverage_and_gaps_download_as_csv(app, client, coordinator):
    url = build(app, coordinator)
    login(client, "coord")
    response = client.get(url + "/coverage.csv")
    assert (
        response.mimetype == "text/csv" and "attachment" in response.headers["Content-Disposition"]
    )
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0] == ["competency", "statement", "SW001", "SW002", "SW003", "SW004"]
    assert ["ETH-1", "Applies ethical principles", "I", "R", "M", ""] in rows
    gaps = list(csv.reader(io.StringIO(client.get(url + "/gaps.csv").get_data(as_text=True))))
    assert ["not covered", "ETH-2", "Protects confidentiality"] in gaps
    assert ["never mastered (highest I)", "COM-1", "Listens actively"] in gaps
    assert ["course mapped to nothing", "SW004", "Course 4"] in gaps


def _fonts(reader: pypdf.PdfReader) -> set[tuple[str, bool]]:
    found = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            base = descendants[0].get_object() if descendants else font
            descriptor = base["/FontDescriptor"].get_object()
            found.add((str(font["/BaseFont"]), "/FontFile2" in descriptor))
    return found


@pytest.mark.parametrize("report", ["coverage", "gaps"])
def test_reports_download_as_a4_landscape_pdf_with_embedded_fonts(app, client, coordinator, report):
    url = build(app, coordinator)
    login(client, "coord")
    response = client.get(f"{url}/{report}.pdf")
    assert response.mimetype == "application/pdf" and response.data.startswith(b"%PDF")
    pdf = pypdf.PdfReader(io.BytesIO(response.data))
    box = pdf.pages[0].mediabox
    assert round(float(box.width)) == 842 and round(float(box.height)) == 595
    fonts = _fonts(pdf)
    assert fonts and all(embedded for _name, embedded in fonts)
    text = " ".join(page.extract_text() for page in pdf.pages)
    assert "Türkmen döwlet uniwersiteti" in text and "Aşgabat" in text and "Ýazgül" in text
    assert RUSSIAN in text


def test_the_pdf_fetcher_refuses_everything_but_package_files_and_fonts():
    fetcher = PackagedFilesOnly()
    from lms.competencies.pdf import STYLESHEET

    assert fetcher.allows(STYLESHEET.as_uri())
    assert fetcher.allows((FONTS_CSS.parent / "DejaVuSans.ttf").as_uri())
    for url in (
        "file:///usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",  # the system's: never
        (FONTS_CSS.parents[1] / "pdf.py").as_uri(),  # packaged, but not a document's file
        "data:image/png;base64,iVBORw0KGgo=",
        "file:///etc/passwd",
        "file:///usr/share/fonts/truetype/dejavu/../../../../etc/passwd",
        "http://127.0.0.1:5000/healthz",
        "https://example.org/x.css",
        "file://evil.example/etc/passwd",
    ):
        assert not fetcher.allows(url), url
        with pytest.raises(ValueError):
            fetcher.fetch(url)


def test_a_report_with_hostile_urls_still_renders_without_fetching_them():
    html = (
        '<html><body><p>Ýazgül</p><img src="file:///etc/passwd">'
        '<img src="data:image/png;base64,iVBORw0KGgo="><link rel="stylesheet" '
        'href="http://127.0.0.1:9/x.css"></body></html>'
    )
    assert render_report_pdf(html).startswith(b"%PDF")


def test_coverage_page_costs_the_same_queries_whatever_the_size(app, client, coordinator):
    small = build(app, coordinator, courses=3)
    with app.app_context():
        university = db.session.scalar(select(DegreeProgramme)).university
        framework = save_sample("BIG", [(f"B{i}", f"Big {i}", None) for i in range(40)])
        programme = create_programme(university, "Bigger programme", framework)
        codes = {c.code: c.id for c in framework.competencies}
        for number in range(30):
            course = save_course(
                programme, CourseFields(f"BG{number:03d}", "More", Decimal("3"), 2, 1)
            )
            set_course_mapping(course, {codes[f"B{number}"]: "R", codes["B39"]: "M"})
        db.session.commit()
        big = f"/universities/{university.id}/programmes/{programme.id}"
    login(client, "coord")
    client.get(small + "/coverage")  # warm up: the first request loads what is cached
    with QueryCounter(app) as few:
        assert client.get(small + "/coverage").status_code == 200
    with QueryCounter(app) as many:
        html = client.get(big + "/coverage").get_data(as_text=True)
    assert "BG029" in html and "Big 39" in html
    assert many.count == few.count

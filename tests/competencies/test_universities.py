"""Universities: coordinators see only their own, courses (also from CSV), course mapping."""

import io

import pytest
from competencies.world import save_sample, university_world
from sqlalchemy import func, select
from support import csrf_token, login, post_form

from lms.accounts.models import User
from lms.competencies.mapping import MappingError, set_course_mapping
from lms.competencies.models import (
    Competency,
    CourseCompetency,
    DegreeProgramme,
    University,
    UniversityCoordinator,
    UniversityCourse,
)
from lms.competencies.universities import (
    UniversityError,
    create_university,
    parse_ects,
    set_coordinators,
)
from lms.core.audit import AuditEvent
from lms.core.extensions import db


@pytest.fixture
def place(app, factory):
    coordinator = factory.user("coord", "coordinator")
    factory.user("boss", "admin")
    return university_world(app, coordinator)


def base(place) -> str:
    return f"/universities/{place['university_id']}/programmes/{place['programme_id']}"


def other_university(app, factory):
    other_coordinator = factory.user("coord2", "coordinator")
    with app.app_context():
        university = create_university("Other Institute", "OTH", actor_id=None)
        set_coordinators(university, [other_coordinator.id], actor_id=None)
        programme = DegreeProgramme(
            university=university, name="BSW", framework_id=save_sample("OTHER").id
        )
        db.session.add(programme)
        db.session.flush()
        course = UniversityCourse(
            programme_id=programme.id, code="X1", title="Other", ects=5, year=1, semester=1
        )
        db.session.add(course)
        db.session.commit()
        return university.id, programme.id, course.id


def test_coordinator_gets_404_for_everything_of_another_university(app, client, factory, place):
    university_id, programme_id, course_id = other_university(app, factory)
    login(client, "coord")
    prefix = f"/universities/{university_id}"
    programme = f"{prefix}/programmes/{programme_id}"
    for url in (
        prefix,
        f"{prefix}/programmes/new",
        programme,
        f"{programme}/courses/new",
        f"{programme}/courses/import",
        f"{programme}/courses/{course_id}",
        f"{programme}/coverage",
        f"{programme}/coverage.csv",
        f"{programme}/coverage.pdf",
        f"{programme}/gaps",
        f"{programme}/gaps.csv",
        f"{programme}/gaps.pdf",
    ):
        assert client.get(url).status_code == 404, url
    # nor through their own university's URL with the other's programme or course
    own = f"/universities/{place['university_id']}"
    assert client.get(f"{own}/programmes/{programme_id}").status_code == 404
    assert client.get(f"{base(place)}/courses/{course_id}").status_code == 404
    listing = client.get("/universities/").get_data(as_text=True)
    assert "Sample State University" in listing and "Other Institute" not in listing


def test_coordinator_cannot_change_another_universitys_mapping(app, client, factory, place):
    university_id, programme_id, course_id = other_university(app, factory)
    login(client, "coord")
    url = f"/universities/{university_id}/programmes/{programme_id}/courses/{course_id}"
    token = csrf_token(client, "/universities/")
    assert client.post(url, data={"csrf_token": token}).status_code == 404


def test_admin_sees_every_university(client, factory, place, app):
    other_university(app, factory)
    login(client, "boss")
    listing = client.get("/universities/").get_data(as_text=True)
    assert "Sample State University" in listing and "Other Institute" in listing


def test_a_coordinator_coordinates_one_university_only(app, client, factory, place):
    other_university(app, factory)
    login(client, "boss")
    with app.app_context():
        other_coordinator_ids = db.session.scalars(
            select(UniversityCoordinator.user_id)
            .join(University)
            .where(University.short_code == "OTH")
        ).all()
    response = post_form(
        client,
        f"/universities/{place['university_id']}/coordinators",
        {"coordinators": other_coordinator_ids},
        token_from=f"/universities/{place['university_id']}",
    )
    assert response.status_code == 302
    page = client.get(response.location).get_data(as_text=True)
    assert "already coordinates another university" in page


def test_admin_links_coordinators_and_it_is_audited(app, client, factory, place):
    newcomer = factory.user("newcoord", "coordinator")
    login(client, "boss")
    with app.app_context():
        current = db.session.scalars(select(User.id).where(User.username == "coord")).all()
    post_form(
        client,
        f"/universities/{place['university_id']}/coordinators",
        {"coordinators": current + [newcomer.id]},
        token_from=f"/universities/{place['university_id']}",
    )
    other = app.test_client()
    login(other, "newcoord")
    assert other.get(f"/universities/{place['university_id']}").status_code == 200
    with app.app_context():
        event = db.session.scalar(
            select(AuditEvent)
            .where(AuditEvent.action == "university.coordinators_changed")
            .order_by(AuditEvent.id.desc())
        )
        assert newcomer.id in event.details["coordinators"]


def test_coordinator_adds_a_course_with_strictly_parsed_ects(app, client, place):
    login(client, "coord")
    url = f"{base(place)}/courses/new"
    for bad, message in (
        ("7,5", "write decimals with a point"),
        ("0", "must be a number above 0"),
        ("1e3", "must be a number above 0"),
        ("NaN", "must be a number above 0"),
        ("-5", "must be a number above 0"),
    ):
        page = post_form(
            client, url, {"code": "SW9", "title": "T", "ects": bad, "year": 1, "semester": 1}
        )
        assert message in page.get_data(as_text=True), bad
    response = post_form(
        client,
        url,
        {"code": "SW102", "title": "Ethics", "ects": "7.5", "year": 2, "semester": 2},
    )
    assert response.status_code == 302
    taken = post_form(
        client, url, {"code": "SW102", "title": "Again", "ects": "5", "year": 1, "semester": 1}
    )
    assert "is taken in this programme" in taken.get_data(as_text=True)
    with app.app_context():
        course = db.session.scalar(select(UniversityCourse).where(UniversityCourse.code == "SW102"))
        assert str(course.ects) in ("7.50", "7.5") and (course.year, course.semester) == (2, 2)


def test_parse_ects_accepts_only_plain_decimals():
    assert str(parse_ects("7.5")) == "7.5" and str(parse_ects(" 30 ")) == "30"
    for bad in ("", "abc", "1.234", "+5", "٥", "5.", ".5", "1000"):
        with pytest.raises(UniversityError):
            parse_ects(bad)


def upload_courses(client, url, text):
    data = {"csrf_token": csrf_token(client, url), "file": (io.BytesIO(text.encode()), "c.csv")}
    return client.post(url, data=data, content_type="multipart/form-data")


def test_course_csv_import_is_all_or_nothing_with_row_numbers(app, client, place):
    login(client, "coord")
    url = f"{base(place)}/courses/import"
    bad = (
        "code,title,ects,year,semester\n"
        "SW201,Communication,6,2,1\n"
        "SW202,Policy,6;5,2,1\n"
        "SW203,,5,7,3\n"
        "SW201,Twice,5,1,1\n"
    )
    html = upload_courses(client, url, bad).get_data(as_text=True)
    assert "Nothing was imported" in html
    assert "Row 3: ECTS “6;5” must be a number above 0" in html
    assert "Row 4: A course needs a title" in html
    assert "Row 4: Year “7” must be a whole number from 1 to 6." in html
    assert "Row 4: Semester “3” must be a whole number from 1 to 2." in html
    assert "Row 5: The code “SW201” repeats row 2." in html
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(UniversityCourse)) == 1
    good = "code,title,ects,year,semester\nSW201,Communication,6,2,1\nSW101,Intro again,5,1,2\n"
    response = upload_courses(client, url, good)
    assert response.status_code == 302
    with app.app_context():
        titles = dict(
            db.session.execute(select(UniversityCourse.code, UniversityCourse.title)).all()
        )
    assert titles == {"SW101": "Intro again", "SW201": "Communication"}


def test_course_csv_with_wrong_header_is_refused(client, place):
    login(client, "coord")
    html = upload_courses(client, f"{base(place)}/courses/import", "a,b\n1,2\n").get_data(
        as_text=True
    )
    assert "Row 1: The first row must name the columns: code, title, ects, year, semester." in html


def test_coordinator_maps_a_course_at_one_level_per_competency(app, client, place):
    with app.app_context():
        ids = dict(db.session.execute(select(Competency.code, Competency.id)).all())
    login(client, "coord")
    url = f"{base(place)}/courses/{place['course_id']}"
    page = client.get(url).get_data(as_text=True)
    assert f'name="c{ids["ETH-1"]}"' in page and f'name="c{ids["ETH"]}"' not in page  # areas
    response = post_form(client, url, {f"c{ids['ETH-1']}": "I", f"c{ids['COM-2']}": "M"})
    assert response.status_code == 302
    post_form(client, url, {f"c{ids['ETH-1']}": "R", f"c{ids['COM-2']}": ""})
    with app.app_context():
        rows = db.session.execute(select(CourseCompetency.competency_id, CourseCompetency.level))
        assert dict(rows.all()) == {ids["ETH-1"]: "R"}
    refused = post_form(client, url, {f"c{ids['ETH-1']}": "X"})
    assert refused.status_code == 200 and "Not a valid choice" in refused.get_data(as_text=True)


def test_mapping_refuses_competencies_outside_the_programmes_standard(app, place):
    with app.app_context():
        elsewhere = save_sample("ELSEWHERE")
        foreign = next(c for c in elsewhere.competencies if c.code == "ETH-1")
        course = db.session.get(UniversityCourse, place["course_id"])
        with pytest.raises(MappingError):
            set_course_mapping(course, {foreign.id: "M"})
        area = db.session.scalar(
            select(Competency).where(
                Competency.framework_id == course.programme.framework_id, Competency.code == "ETH"
            )
        )
        with pytest.raises(MappingError):
            set_course_mapping(course, {area.id: "I"})


def test_coordinator_adds_a_degree_programme_against_a_standard(app, client, place):
    login(client, "coord")
    with app.app_context():
        framework_id = db.session.scalar(select(DegreeProgramme.framework_id))
    url = f"/universities/{place['university_id']}/programmes/new"
    fields = {"name": "Master of Social Work", "framework": framework_id}
    assert post_form(client, url, fields).status_code == 302
    again = post_form(client, url, fields)
    assert "already has a programme" in again.get_data(as_text=True)


def test_admin_creates_a_university_and_duplicates_are_refused(app, client, place):
    login(client, "boss")
    response = post_form(client, "/universities/new", {"name": "New Uni", "short_code": "nu"})
    assert response.status_code == 302
    again = post_form(client, "/universities/new", {"name": "Another", "short_code": "NU"})
    assert "already exists" in again.get_data(as_text=True)


def test_a_coordinator_without_a_university_is_told_so(client, factory):
    factory.user("lonely", "coordinator")
    login(client, "lonely")
    assert "not linked to a university yet" in client.get("/universities/").get_data(as_text=True)

"""Reading the curricula: enrolment, prerequisites, languages, progress, assets, cohort view."""

from support import QueryCounter, csrf_token, login, shown_in

from lms.core.extensions import db
from lms.courses.content import catalogue

LESSON = "/learn/foundational/what-is-social-work/defining-social-work"
SECOND = "/learn/foundational/what-is-social-work/roles-and-settings"


def _enrolled(factory, username="aygul", programme="foundational", trainer=None, **kwargs):
    trainee = factory.user(username, "trainee", **kwargs)
    cohort = factory.cohort(
        f"C-{username}",
        programme=programme,
        trainees=[trainee],
        trainers=[trainer] if trainer else [],
    )
    return trainee, cohort


def _mark_done(client, url):
    token = csrf_token(client, url)
    return client.post(url + "/done", data={"csrf_token": token})


def test_trainee_reads_a_lesson_of_their_programme(client, factory):
    _enrolled(factory)
    login(client, "aygul")
    html = client.get(LESSON).get_data(as_text=True)
    assert "Defining social work" in html and "global definition" in html.lower()
    assert "Mark as done" in html


def test_programme_not_enrolled_in_is_404(client, factory):
    _enrolled(factory)
    login(client, "aygul")
    assert client.get("/learn/tot/").status_code == 404
    assert client.get("/learn/tot/adult-learning/how-adults-learn").status_code == 404


def test_unknown_slugs_and_traversal_attempts_are_404(client, factory):
    _enrolled(factory)
    login(client, "aygul")
    for url in (
        "/learn/nope/",
        "/learn/foundational/nope/",
        "/learn/foundational/ethics/nope",
        "/learn/../../etc/passwd",
        "/learn/%2e%2e/%2e%2e/etc/passwd",
        "/learn/foundational/ethics/files/..%2f..%2fprogramme.md",
        "/learn/foundational/ethics/files/%2e%2e/module.md",
        "/learn/foundational/ethics/files/module.md",
    ):
        assert client.get(url).status_code == 404, url


def test_asset_beside_a_lesson_is_served_with_its_type(client, factory, app, tmp_path):
    from content_tree import use_content, write_content

    root = write_content(tmp_path / "content")
    (root / "basics/01-intro/notes.txt").write_text("not an allowed type")
    (root / "basics/01-intro/diagram.png").write_bytes(b"\x89PNG\r\n\x1a\nfake")
    _enrolled(factory)  # a trainee of "foundational", which the tree below does not have
    restore = use_content(app, root)
    try:
        login(client, "aygul")
        assert client.get("/learn/basics/intro/files/diagram.png").status_code == 404
        factory.user("staff", "trainer")
        staff = app.test_client()
        login(staff, "staff")
        response = staff.get("/learn/basics/intro/files/diagram.png")
        assert response.status_code == 200 and response.mimetype == "image/png"
        response.close()
        assert staff.get("/learn/basics/intro/files/notes.txt").status_code == 404
    finally:
        restore()


def test_marking_done_moves_on_and_shows_progress(client, factory):
    _enrolled(factory)
    login(client, "aygul")
    response = _mark_done(client, LESSON)
    assert response.status_code == 302 and response.location == SECOND
    index = client.get("/learn/").get_data(as_text=True)
    with client.application.app_context():
        lessons = sum(len(m.lessons) for m in catalogue().programme("foundational").modules)
    assert f"1 of {lessons} lessons done" in index
    assert "Continue: Roles and settings" in index or "Continue:" in index
    module = client.get("/learn/foundational/what-is-social-work/").get_data(as_text=True)
    assert "✓ done" in module


def test_marking_done_twice_keeps_one_record(client, factory, app):
    from sqlalchemy import func, select

    from lms.courses.models import LessonProgress

    trainee, _ = _enrolled(factory)
    login(client, "aygul")
    _mark_done(client, LESSON)
    _mark_done(client, LESSON)
    with app.app_context():
        count = db.session.scalar(
            select(func.count())
            .select_from(LessonProgress)
            .where(LessonProgress.user_id == trainee.id)
        )
    assert count == 1


def test_mark_done_needs_a_post_with_csrf(client, factory):
    _enrolled(factory)
    login(client, "aygul")
    assert client.get(LESSON + "/done").status_code == 405
    assert client.post(LESSON + "/done").status_code == 400


def test_a_locked_module_says_what_unlocks_it(client, factory):
    _enrolled(factory)
    login(client, "aygul")
    response = client.get("/learn/foundational/ethics/ethical-principles")
    assert response.status_code == 302 and response.location == "/learn/foundational/ethics/"
    html = client.get("/learn/foundational/ethics/").get_data(as_text=True)
    assert "This module opens when you have completed: What is social work?" in html


def test_completing_the_prerequisite_unlocks_the_module(client, factory):
    _enrolled(factory)
    login(client, "aygul")
    for slug in (
        "defining-social-work",
        "roles-and-settings",
        "person-in-environment-and-strengths",
    ):
        _mark_done(client, f"/learn/foundational/what-is-social-work/{slug}")
    assert client.get("/learn/foundational/ethics/ethical-principles").status_code == 200


def test_advanced_programme_is_locked_until_foundational_is_complete(client, factory):
    _enrolled(factory, programme="advanced")
    login(client, "aygul")
    html = client.get("/learn/advanced/").get_data(as_text=True)
    assert "This programme opens when you have completed: Foundational Course" in html
    lesson = "/learn/advanced/child-protection/recognising-abuse-and-neglect"
    assert client.get(lesson).status_code == 302


def test_lesson_in_turkmen_and_russian_where_translated(client, factory, app):
    _enrolled(factory, language="tk")
    login(client, "aygul")
    html = client.get(LESSON).get_data(as_text=True)
    assert '<html lang="tk">' in html and 'lang="tk"' in html
    assert shown_in(app, "tk", "Draft translation, awaiting review by a native speaker.") in html


def test_untranslated_lesson_falls_back_to_english_with_a_note(client, factory, app, tmp_path):
    from content_tree import use_content, write_content

    root = write_content(tmp_path / "content")  # its lessons have no translations
    (root / "basics").rename(root / "foundational")
    programme = root / "foundational" / "programme.md"
    programme.write_text(programme.read_text().replace("code: basics", "code: foundational"))
    restore = use_content(app, root)
    try:
        _enrolled(factory, language="ru")
        login(client, "aygul")
        html = client.get("/learn/foundational/intro/hello").get_data(as_text=True)
    finally:
        restore()
    note = "This lesson is not yet available in your language; it is shown in English."
    assert shown_in(app, "ru", note) in html
    assert 'lang="en"' in html


def test_lesson_changed_after_reading_is_flagged(client, factory, app):
    from sqlalchemy import update

    from lms.courses.models import LessonProgress

    trainee, _ = _enrolled(factory)
    login(client, "aygul")
    _mark_done(client, LESSON)
    with app.app_context():
        db.session.execute(
            update(LessonProgress)
            .where(LessonProgress.user_id == trainee.id)
            .values(content_version="0ld-version")
        )
        db.session.commit()
    assert "updated since you read it" in client.get(LESSON).get_data(as_text=True)


def test_staff_read_any_programme_without_tracking(client, factory):
    factory.user("coord", "coordinator")
    login(client, "coord")
    html = client.get("/learn/tot/adult-learning/how-adults-learn").get_data(as_text=True)
    assert "Mark as done" not in html
    assert client.get("/learn/").status_code == 200


def test_lesson_page_costs_a_fixed_small_number_of_queries(client, factory, app):
    trainer = factory.user("trainer1", "trainer")
    _enrolled(factory, trainer=trainer)
    for n in range(30):  # more trainees and progress must not change the count
        other, _ = _enrolled(factory, username=f"extra{n}")
    login(client, "aygul")
    client.get(LESSON)
    with QueryCounter(app) as small:
        client.get(LESSON)
    assert small.count <= 6, small.statements


def test_trainer_sees_cohort_progress_and_downloads_csv(client, factory):
    trainer = factory.user("trainer1", "trainer")
    trainee, cohort = _enrolled(factory, trainer=trainer, full_name="Aýgül Orazowa")
    student = client.application.test_client()
    login(student, "aygul")
    _mark_done(student, LESSON)
    login(client, "trainer1")
    html = client.get(f"/cohorts/{cohort.id}/progress").get_data(as_text=True)
    assert "Aýgül Orazowa" in html and "33%" in html
    csv_response = client.get(f"/cohorts/{cohort.id}/progress.csv")
    body = csv_response.get_data(as_text=True)
    assert body.startswith("\ufeffusername,full_name,what-is-social-work")
    assert "aygul,Aýgül Orazowa,33," in body


def test_trainer_cannot_see_another_cohorts_progress(client, factory):
    trainer = factory.user("trainer1", "trainer")
    factory.user("trainer2", "trainer")
    _, cohort = _enrolled(factory, trainer=trainer)
    login(client, "trainer2")
    assert client.get(f"/cohorts/{cohort.id}/progress").status_code == 404
    assert client.get(f"/cohorts/{cohort.id}/progress.csv").status_code == 404

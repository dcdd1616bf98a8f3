"""The national report, the CSV export (web and `lms practice export`), and query counts that do
not grow with the number of entries."""

import csv
import io
import re
from datetime import timedelta

import pytest
from practice.world import approved, make_placement, practice_world, submitted
from sqlalchemy import select
from support import QUERY_BUDGET, QueryCounter, login

from lms.core.extensions import db
from lms.practice.models import PracticeEntry

COLUMNS = [
    "username", "full_name", "velayat", "etrap", "date", "minutes", "category", "kind", "status",
    "supervisor", "approved_at",
]  # fmt: skip


@pytest.fixture
def world(factory):
    return practice_world(factory)


def _rows(text: str) -> list[dict]:
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:])))


def _story(world):
    """Approved direct and travel, a superseded original, a submitted entry and a draft."""
    from practice.world import entry_fields, log_entry

    from lms.practice.entries import amend_entry
    from lms.practice.signoff import approve_entries, submit_entries

    original = approved(world, offset=1, start="09:00", minutes=60)
    approved(world, offset=1, start="08:00", minutes=30, category="travel")
    approved(world, offset=2, start="09:00", minutes=90, category="documentation")
    submitted(world, offset=3, minutes=120)
    log_entry(world, offset=4, minutes=45)
    with world.app.app_context():
        original = db.session.get(PracticeEntry, original.id)
        fixed = amend_entry(world.trainee, original, entry_fields(world, 1, minutes=75))
        submit_entries(world.trainee, [fixed], confirmed=True)
        approve_entries(world.supervisor, [fixed.id])
        db.session.commit()


def test_the_report_adds_up_approved_current_hours(client, world):
    _story(world)
    login(client, "gozel")
    page = client.get("/practice/reports").get_data(as_text=True)
    assert "Ahal" in page and "Gökdepe" in page
    assert "<svg" in page and "style=" not in page.split("<main", 1)[1]
    # direct 75 (the correction, not the 60 it replaced) + indirect 90 = 2.75 h; travel 0.5 h
    assert "<strong>2.8</strong>" in page  # one decimal
    assert "Counted hours by velayat" in page and "Home visit" in page


def test_the_export_agrees_with_the_report(client, world):
    _story(world)
    login(client, "gozel")
    response = client.get("/practice/reports.csv")
    rows = _rows(response.get_data(as_text=True))
    assert list(rows[0])[: len(COLUMNS)] == COLUMNS
    assert {r["status"] for r in rows} == {"approved", "submitted"}  # never a draft
    counted = sum(int(r["minutes"]) for r in rows if r["counted"] == "yes")
    assert counted == 75 + 90
    superseded = [r for r in rows if r["kind"] == "direct" and r["status"] == "approved"]
    assert sorted((r["minutes"], r["counted"]) for r in superseded) == [("60", "no"), ("75", "yes")]
    first = rows[0]
    assert (first["username"], first["velayat"], first["etrap"]) == ("yazgul", "Ahal", "Gökdepe")
    assert first["supervisor"] == "Merdan Annaýew"
    approved_row = next(r for r in rows if r["status"] == "approved")
    assert approved_row["approved_at"].endswith("+00:00")


def test_the_report_filters_by_cohort_and_dates(client, world):
    _story(world)
    login(client, "gozel")
    day = world.day(2).isoformat()
    rows = _rows(client.get(f"/practice/reports.csv?start={day}&end={day}").get_data(as_text=True))
    assert {r["date"] for r in rows} == {day}
    rows = _rows(
        client.get(f"/practice/reports.csv?cohort={world.cohort.id}").get_data(as_text=True)
    )
    assert len(rows) == 5  # the draft is never exported


@pytest.mark.parametrize("query", ["start=2026-02-30", "start=２０２６-01-01", "cohort=1_0"])
def test_bad_report_filters_get_a_clear_answer(client, world, query):
    login(client, "gozel")
    assert client.get(f"/practice/reports?{query}").status_code == 400
    response = client.get(f"/practice/reports.csv?{query}")
    assert response.status_code == 400 and response.mimetype == "text/plain"


def test_cli_export_writes_csv_with_a_bom(runner, world):
    _story(world)
    result = runner.invoke(args=["practice", "export", "--cohort", world.cohort.code])
    assert result.exit_code == 0, result.output
    rows = _rows(result.output)
    assert len(rows) == 5 and list(rows[0])[: len(COLUMNS)] == COLUMNS  # the draft is left out
    day = world.day(1).isoformat()
    result = runner.invoke(args=["practice", "export", "--from", day, "--to", day])
    assert {r["date"] for r in _rows(result.output)} == {day}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", "2026-02-30"], "--from: There is no such date."),
        (["--to", "yesterday"], "--to: Write a date as YYYY-MM-DD"),
        (["--from", "2026-11-02", "--to", "2026-11-01"], "--to: the last date is before"),
        (["--cohort", "NOPE"], "--cohort: unknown cohort “NOPE”."),
    ],
)
def test_cli_export_refuses_bad_options(runner, world, args, message):
    result = runner.invoke(args=["practice", "export", *args])
    assert result.exit_code == 1
    assert message in result.output and "Traceback" not in result.output


def _many(world, trainees, per_trainee: int, status: str):
    """Rows straight into the table (the services' rules are tested elsewhere)."""
    with world.app.app_context():
        for placement in trainees:
            for n in range(per_trainee):
                db.session.add(
                    PracticeEntry(
                        placement_id=placement.id,
                        trainee_id=placement.trainee_id,
                        day=placement.starts_on + timedelta(days=n % 30),
                        start_minute=(n // 30) * 60,
                        end_minute=(n // 30) * 60 + 30,
                        minutes=30,
                        category=("home-visit", "documentation", "travel")[n % 3],
                        kind=("direct", "indirect", "travel")[n % 3],
                        status=status,
                        reviewed_by_id=placement.supervisor_id if status == "approved" else None,
                    )
                )
        db.session.commit()


def _placements(world, factory, count: int):
    placements = [world.placement]
    for n in range(count - 1):
        trainee = factory.user(f"extra{n}", "trainee")
        cohort = factory.cohort(f"X-{n}", trainers=[world.supervisor], trainees=[trainee])
        placements.append(make_placement(world.app, trainee, world.supervisor, cohort))
    return placements


def _queries(app, client, path: str) -> int:
    with QueryCounter(app) as counter:
        response = client.get(path)
    assert response.status_code == 200
    return counter.count


def test_the_report_is_kept_until_its_age_or_a_recompute(app, client, world, monkeypatch):
    """A kept report states its age and leaves out newer sign-offs until recomputed or older
    than REPORT_MAX_AGE; each filter is kept apart; the kept page costs fewer queries."""
    from support import age_kept_reports, post_form

    _story(world)
    login(client, "gozel")
    page = client.get("/practice/reports").get_data(as_text=True)
    assert "<strong>2.8</strong>" in page and "Figures as of" in page
    cohort_url = f"/practice/reports?cohort={world.cohort.id}"
    assert "<strong>2.8</strong>" in client.get(cohort_url).get_data(as_text=True)
    approved(world, offset=5, start="09:00", minutes=60)  # 3.75 h in all
    with QueryCounter(app) as kept:
        page = client.get("/practice/reports").get_data(as_text=True)
    assert "<strong>2.8</strong>" in page
    monkeypatch.setitem(app.config, "REPORT_MAX_AGE", 0)
    assert kept.count < _queries(app, client, "/practice/reports")
    monkeypatch.setitem(app.config, "REPORT_MAX_AGE", 300)
    response = post_form(client, "/practice/reports", {})
    assert response.status_code == 302
    assert "<strong>3.8</strong>" in client.get("/practice/reports").get_data(as_text=True)
    assert "<strong>2.8</strong>" in client.get(cohort_url).get_data(as_text=True)  # still kept
    age_kept_reports(app)
    assert "<strong>3.8</strong>" in client.get(cohort_url).get_data(as_text=True)


def test_a_bad_filter_recomputes_nothing(client, world):
    from support import csrf_token

    from lms.reports.cache import CachedReport

    login(client, "gozel")
    token = csrf_token(client, "/practice/reports")  # keeps the unfiltered report
    with world.app.app_context():
        kept = db.session.scalars(select(CachedReport.key)).all()
    response = client.post("/practice/reports?start=2026-02-30", data={"csrf_token": token})
    assert response.status_code == 400 and 'class="error"' in response.get_data(as_text=True)
    with world.app.app_context():
        assert db.session.scalars(select(CachedReport.key)).all() == kept


@pytest.mark.parametrize(
    ("username", "path", "status"),
    [("merdan", "/practice/queue", "submitted"), ("gozel", "/practice/reports", "approved")],
)
def test_queue_and_national_report_cost_the_same_queries_for_few_or_many_entries(
    client, app, world, factory, username, path, status, monkeypatch
):
    # computed on every view (the kept report: test_the_report_is_kept_until_its_age_...)
    monkeypatch.setitem(app.config, "REPORT_MAX_AGE", 0)
    placements = _placements(world, factory, 3)
    login(client, username)
    _many(world, placements[:1], 2, status)
    few = _queries(app, client, path)
    _many(world, placements, 60, status)
    assert _queries(app, client, path) == few <= QUERY_BUDGET


def test_the_queue_shows_waiting_entries_fifty_to_a_page(client, world, factory):
    """Every waiting entry is counted and reachable, a page of fifty at a time (a supervisor of
    a whole cohort in placement has hundreds), and a page's entries can be approved."""
    from support import csrf_token

    _many(world, _placements(world, factory, 3), 20, "submitted")
    login(client, "merdan")
    first = client.get("/practice/queue").get_data(as_text=True)
    assert "60 entries are waiting" in first and "Showing 1–50" in first
    box = 'type="checkbox" name="entry_ids"'
    assert first.count(box) == 50 and "Page 1 of 2" in first
    second = client.get("/practice/queue?page=2").get_data(as_text=True)
    assert second.count(box) == 10 and "Showing 51–60" in second
    ids = re.findall(box + r' value="(\d+)"', first + second)
    assert len(set(ids)) == 60  # no entry on both pages
    last_page = re.findall(box + r' value="(\d+)"', second)
    token = csrf_token(client, "/practice/queue?page=2")
    client.post(
        "/practice/queue/decide",
        data={"entry_ids": last_page, "approve": "Approve", "csrf_token": token},
    )
    after = client.get("/practice/queue").get_data(as_text=True)
    assert "50 entries are waiting" in after and "Page 1 of" not in after
    beyond = client.get("/practice/queue?page=9")
    assert beyond.status_code == 200 and 'name="entry_ids"' not in beyond.get_data(as_text=True)


def test_the_cohort_overview_costs_the_same_queries_for_few_or_many_entries(
    client, app, world, factory
):
    login(client, "merdan")
    path = f"/practice/cohorts/{world.cohort.id}"
    _many(world, [world.placement], 2, "approved")
    few = _queries(app, client, path)
    _many(world, [world.placement], 60, "approved")
    assert _queries(app, client, path) == few


def test_the_export_downloads_when_reads_run_in_autocommit(empty_database):
    """On PostgreSQL a reading request runs in autocommit (LMS_READS_IN_AUTOCOMMIT, on by
    default), where a server-side cursor (``yield_per``) cannot be declared: the export asks for
    a read transaction and streams all the same (with real commits, not the test's outer one)."""
    from flask_migrate import upgrade
    from sqlalchemy import orm
    from support import Factory, dispose, make_app_for

    from lms.accounts.regions import sync_regions

    def _with_story(world):
        _story(world)
        return world

    def _committed(build, engine):
        """Build records with real commits; objects stay readable after them."""
        original = db.session
        db.session = orm.scoped_session(
            orm.sessionmaker(bind=engine, expire_on_commit=False), scopefunc=lambda: 0
        )
        try:
            return build()
        finally:
            db.session.remove()
            db.session = original

    app = make_app_for(empty_database)
    assert app.config["READS_IN_AUTOCOMMIT"]
    try:
        with app.app_context():
            upgrade()
            sync_regions()
            db.session.commit()
            db.session.remove()
            engine = db.engine
        world = _committed(lambda: _with_story(practice_world(Factory(app))), engine)
        client = app.test_client()
        login(client, "gozel")
        response = client.get("/practice/reports.csv")
        assert response.status_code == 200
        rows = _rows(response.get_data(as_text=True))
        assert sum(int(r["minutes"]) for r in rows if r["counted"] == "yes") == 75 + 90
        assert {r["username"] for r in rows} == {world.trainee.username}
        assert client.get("/practice/reports").status_code == 200  # reads still work after
    finally:
        dispose(app)

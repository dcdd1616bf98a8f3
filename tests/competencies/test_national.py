"""The national view by velayat: counts of proficient / developing / not yet per competency that
add up to the statuses of each trainee's own profile, drill-down to etraps, CSV, access, and a
fixed number of queries whatever the number of trainees."""

import csv
import io
from collections import Counter
from datetime import timedelta

import pytest
from practice.world import make_placement
from sqlalchemy import select
from support import QueryCounter, login

from lms.accounts.models import Region, User
from lms.competencies.evidence import set_status, statuses
from lms.competencies.national import all_regions, competency_table, velayat_by_code
from lms.core.extensions import db
from lms.courses.content import catalogue
from lms.practice.entries import EntryFields, create_entry
from lms.practice.evaluations import save_evaluation
from lms.practice.signoff import approve_entries, submit_entries
from lms.quizzes.demo import Plan, _take

NOTE = "Observed during home visits and discussed in supervision."
# username -> etrap (None: no region recorded)
PEOPLE = {
    "aygul": "AH-GOK",  # Ahal: quizzes (one retaken), practice, ratings
    "jeren": "AH-BAB",  # Ahal: a quiz, and a trainer's statuses
    "maysa": "MR-BAY",  # Mary: practice and ratings only
    "nury": None,  # no region: a quiz
    "dowlet": "AS-BAG",  # Aşgabat: no evidence at all
}


def _foundational():
    return catalogue().programme("foundational")


def _practice(trainee, supervisor, placement, codes, ratings):
    """Two approved hours on ``codes`` and an end-of-placement evaluation with ``ratings``."""
    entry = create_entry(
        trainee,
        EntryFields(
            placement_id=placement.id,
            day=placement.starts_on + timedelta(days=2),
            minutes=120,
            category="home-visit",
            start_minute=9 * 60,
            end_minute=11 * 60,
            client_code="F-014",
            target_group="family",
            competencies=codes,
            reflection="Assessed the family's needs with the ecomap.",
        ),
    )
    submit_entries(trainee, [entry], confirmed=True)
    approve_entries(supervisor, [entry.id])
    every = {code: None for code in _foundational().competency_codes}
    save_evaluation(
        supervisor,
        placement,
        "end",
        {**every, **ratings},
        strengths="Warm and careful with families.",
        areas_to_develop="Write notes the same day.",
    )


@pytest.fixture
def national(factory, app):
    """A foundational cohort of trainees with mixed evidence across three velayats (and one
    trainee with no region), its trainer, an admin, and an advanced trainee who must not count."""
    trainer = factory.user("merdan", "trainer", full_name="Merdan Annaýew")
    factory.user("gozel", "admin", full_name="Gözel Muhammedowa")
    trainees = {name: factory.user(name, "trainee", region=code) for name, code in PEOPLE.items()}
    cohort = factory.cohort("FND-N", trainers=[trainer], trainees=list(trainees.values()))
    other = factory.user("shirin", "trainee", region="AH-GOK")
    factory.cohort("ADV-N", trainers=[trainer], trainees=[other], programme="advanced")
    placements = {
        name: make_placement(app, trainees[name], trainer, cohort) for name in ("aygul", "maysa")
    }
    with app.app_context():
        people = {name: db.session.get(User, user.id) for name, user in trainees.items()}
        supervisor = db.session.get(User, trainer.id)
        _take(people["aygul"], Plan("aygul", "foundational", "what-is-social-work", (0,), 9))
        _take(people["aygul"], Plan("aygul", "foundational", "ethics", (5, 0), 8))
        _take(people["jeren"], Plan("jeren", "foundational", "what-is-social-work", (3,), 7))
        _take(people["nury"], Plan("nury", "foundational", "communication", (1,), 6))
        _practice(
            people["aygul"],
            supervisor,
            db.session.get(type(placements["aygul"]), placements["aygul"].id),
            ("ETH-1", "ASM-1"),
            {"ETH-1": 4, "ASM-1": 2, "ETH-2": 5},
        )
        _practice(
            people["maysa"],
            supervisor,
            db.session.get(type(placements["maysa"]), placements["maysa"].id),
            ("COM-1",),
            {"COM-1": 5},
        )
        for code, status in (("ETH-1", "proficient"), ("COM-1", "developing")):
            set_status(people["jeren"], _foundational(), code, status, NOTE, actor_id=trainer.id)
        set_status(people["aygul"], _foundational(), "ASM-1", "not_yet", NOTE, actor_id=trainer.id)
        db.session.commit()
    return trainees


def _expected(app, trainees) -> dict:
    """(velayat code or None, competency, status) -> trainees, from each trainee's profile."""
    counts: Counter = Counter()
    with app.app_context():
        for user in trainees.values():
            user = db.session.get(User, user.id)
            place = user.region.velayat.code if user.region else None
            for code, status in statuses(user.id, _foundational()).items():
                counts[(place, code, status)] += 1
    return counts


def _table(app, velayat_code=None):
    with app.app_context():
        regions = all_regions()
        velayat = velayat_by_code(regions, velayat_code) if velayat_code else None
        return competency_table(_foundational(), regions, "en", velayat)


def test_national_counts_equal_the_statuses_of_each_trainee_profile(app, national):
    expected = _expected(app, national)
    assert {status for (_p, _c, status) in expected} == {"proficient", "developing", "not_yet"}
    table = _table(app)
    found: Counter = Counter()
    for row in [*table.rows, table.unplaced]:
        place = row.region.code if row.region else None
        for column in table.competencies:
            for status in ("proficient", "developing", "not_yet"):
                if row.count(column.code, status):
                    found[(place, column.code, status)] += row.count(column.code, status)
    assert found == expected
    by_code = {row.region.code: row for row in table.rows}
    assert (by_code["AH"].trainees, by_code["MR"].trainees, by_code["AS"].trainees) == (2, 1, 1)
    assert by_code["BN"].trainees == 0 and table.unplaced.trainees == 1
    assert table.total.trainees == 5  # the advanced trainee is not counted


def test_a_trainers_status_and_the_rule_both_show_in_the_counts(app, national):
    table = _table(app)
    ahal = next(row for row in table.rows if row.region.code == "AH")
    # Aýgül: ETH-1 answered right and rated 4 (proficient); Jeren: set proficient by hand.
    assert ahal.count("ETH-1", "proficient") == 2
    # Aýgül's ASM-1 (rated 2) is set to not yet by hand; Jeren has a quiz but no rating.
    assert ahal.count("ASM-1", "not_yet") == 1 and ahal.count("ASM-1", "developing") == 1
    assert ahal.share_proficient("ETH-1") == 100.0
    assert table.total.count("ETH-1", "proficient") == 2
    assert table.total.share_proficient("ETH-1") == 40.0


def test_drill_down_counts_a_velayat_by_etrap(app, national):
    table = _table(app, "AH")
    rows = {row.region.code: row for row in table.rows}
    assert rows["AH-GOK"].trainees == 1 and rows["AH-BAB"].trainees == 1
    assert rows["AH-SAR"].trainees == 0
    assert "AH-TEJEN-CITY" not in rows  # abolished in 2022, and nobody is recorded there
    assert table.unplaced is None and table.total.trainees == 2
    assert rows["AH-BAB"].count("ETH-1", "proficient") == 1  # Jeren, set by hand


def test_admin_sees_the_table_and_opens_a_velayat(client, national):
    login(client, "gozel")
    html = client.get("/competencies/national").get_data(as_text=True)
    assert "Ahal" in html and "Mary" in html and "No region recorded" in html
    assert "5 trainees in this programme" in html
    assert 'href="/competencies/national/AH?programme=foundational"' in html
    assert "ETH-1" in html and 'lang="en"' in html
    page = client.get("/competencies/national/AH?programme=foundational")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Gökdepe" in text and "Babadaýhan" in text and "No region recorded" not in text


def test_another_programme_can_be_chosen(client, national):
    login(client, "gozel")
    html = client.get("/competencies/national?programme=advanced").get_data(as_text=True)
    assert "1 trainee in this programme" in html
    assert '<option value="advanced" selected>' in html


@pytest.mark.parametrize(
    "url",
    [
        "/competencies/national?programme=nursing",
        "/competencies/national.csv?programme=nursing",
        "/competencies/national/ZZ",
        "/competencies/national/AH-GOK",  # an etrap, not a velayat
        "/competencies/national/ZZ.csv",
        "/competencies/national/AH?programme=nursing",
    ],
)
def test_unknown_programme_or_velayat_is_not_found(client, national, url):
    login(client, "gozel")
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("role", ["trainee", "trainer", "coordinator"])
def test_only_programme_staff_may_open_the_national_view(client, factory, role):
    factory.user("someone", role)
    login(client, "someone")
    for url in (
        "/competencies/national",
        "/competencies/national.csv",
        "/competencies/national/AH",
    ):
        assert client.get(url).status_code == 403


def _csv_rows(response) -> list[list[str]]:
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def test_csv_has_the_same_numbers_as_the_table(app, client, national):
    login(client, "gozel")
    response = client.get("/competencies/national.csv?programme=foundational")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "competencies-foundational-national.csv" in response.headers["Content-Disposition"]
    header, *rows = _csv_rows(response)
    assert header == [
        "Code",
        "Velayat",
        "Trainees",
        "Competency",
        "Title",
        "proficient",
        "developing",
        "not yet",
        "Share proficient (percent)",
    ]
    with app.app_context():
        codes = _foundational().competency_codes
    assert len(rows) == (6 + 1 + 1) * len(codes)  # six velayat rows, no region, total
    ahal = {row[3]: row for row in rows if row[0] == "AH"}
    assert ahal["ETH-1"][1:3] == ["Ahal", "2"]
    assert ahal["ETH-1"][5:] == ["2", "0", "0", "100.0"]
    total = [row for row in rows if row[1] == "Total" and row[3] == "ETH-1"]
    assert total[0][5] == "2" and total[0][8] == "40.0"
    balkan = {row[3]: row for row in rows if row[0] == "BN"}
    assert balkan["ETH-1"][2] == "0" and balkan["ETH-1"][8] == ""


def test_velayat_csv_lists_its_etraps(client, national):
    login(client, "gozel")
    response = client.get("/competencies/national/AH.csv?programme=foundational")
    assert "competencies-foundational-AH.csv" in response.headers["Content-Disposition"]
    header, *rows = _csv_rows(response)
    assert header[1] == "Etrap or city"
    gokdepe = {row[3]: row for row in rows if row[0] == "AH-GOK"}
    assert gokdepe["ETH-1"][1:3] == ["Gökdepe", "1"]


def test_csv_neutralises_formulas_in_names(app, client, national):
    with app.app_context():
        region = db.session.scalar(select(Region).where(Region.code == "AH"))
        region.name_en = "=HYPERLINK(1)"
        db.session.commit()
    login(client, "gozel")
    _header, *rows = _csv_rows(client.get("/competencies/national.csv"))
    assert {row[1] for row in rows if row[0] == "AH"} == {"'=HYPERLINK(1)"}


def _cohort_of(factory, code: str, size: int, regions: list[str], trainer):
    trainees = [
        factory.user(f"{code.lower()}{n}", "trainee", region=regions[n % len(regions)])
        for n in range(size)
    ]
    return factory.cohort(code, trainers=[trainer], trainees=trainees), trainees


PAGES = (
    "/competencies/national",
    "/competencies/national/AH",
    "/competencies/national.csv",
    "/competencies/national/AH.csv",
)


def _queries_per_page(app, client) -> dict[str, int]:
    counts = {}
    for url in PAGES:
        with QueryCounter(app) as counter:
            assert client.get(url).status_code == 200
        counts[url] = counter.count
    return counts


def test_the_national_view_costs_the_same_queries_for_more_trainees(
    app, client, factory, monkeypatch
):
    """Few trainees, then five times as many (with evidence of every kind): each page and its
    CSV issue the same number of queries, at most ten."""
    # computed on every view (the kept table: test_the_table_is_kept_until_its_age_...)
    monkeypatch.setitem(app.config, "REPORT_MAX_AGE", 0)
    factory.user("gozel", "admin")
    trainer = factory.user("merdan", "trainer")
    _cohort, few = _cohort_of(factory, "FND-A", 3, ["AH-GOK", "MR-BAY"], trainer)
    login(client, "gozel")
    client.get("/competencies/national")
    small = _queries_per_page(app, client)
    cohort, more = _cohort_of(factory, "FND-B", 12, ["AH-GOK", "LB-DAR", "AS-BAG"], trainer)
    placement = make_placement(app, more[0], trainer, cohort)
    with app.app_context():
        people = [db.session.get(User, u.id) for u in more[:4]]
        for person in people:
            _take(person, Plan(person.username, "foundational", "what-is-social-work", (1,), 5))
        _practice(
            people[0],
            db.session.get(User, trainer.id),
            db.session.get(type(placement), placement.id),
            ("ETH-1",),
            {"ETH-1": 3},
        )
        set_status(people[1], _foundational(), "ETH-1", "proficient", NOTE, actor_id=trainer.id)
        db.session.commit()
    large = _queries_per_page(app, client)
    assert "15 trainees" in client.get("/competencies/national").get_data(as_text=True)
    assert small == large
    assert max(large.values()) <= 10, large


def test_the_table_is_kept_until_its_age_or_a_recompute(app, client, factory, national):
    """A new trainee does not show in a kept table (whose age is stated) until staff recompute it
    or it grows older than REPORT_MAX_AGE; each velayat's table is kept apart."""
    from support import age_kept_reports, post_form

    login(client, "gozel")
    url = "/competencies/national?programme=foundational"
    first = client.get(url).get_data(as_text=True)
    assert "5 trainees in this programme" in first and "Figures as of" in first
    assert "kept for 5 minutes" in first
    client.get("/competencies/national/AH?programme=foundational")
    newcomer = factory.user("ogulbike", "trainee", region="AH-GOK")
    with app.app_context():
        from lms.accounts.models import Cohort

        cohort = db.session.scalar(select(Cohort).where(Cohort.code == "FND-N"))
        cohort.trainees.append(db.session.get(User, newcomer.id))
        db.session.commit()
    assert "5 trainees in this programme" in client.get(url).get_data(as_text=True)
    response = post_form(client, url, {})
    assert response.status_code == 302 and response.location.endswith(url)
    assert "6 trainees in this programme" in client.get(url).get_data(as_text=True)
    drill = "/competencies/national/AH?programme=foundational"
    assert "2 trainees in this programme" in client.get(drill).get_data(as_text=True)  # kept
    age_kept_reports(app)
    assert "3 trainees in this programme" in client.get(drill).get_data(as_text=True)


def test_a_recompute_needs_the_form_token(client, national):
    login(client, "gozel")
    assert client.post("/competencies/national?programme=foundational").status_code == 400


def test_with_no_keeping_the_table_is_always_current_and_says_nothing(
    app, client, national, monkeypatch
):
    monkeypatch.setitem(app.config, "REPORT_MAX_AGE", 0)
    login(client, "gozel")
    page = client.get("/competencies/national").get_data(as_text=True)
    assert "5 trainees in this programme" in page and "Figures as of" not in page

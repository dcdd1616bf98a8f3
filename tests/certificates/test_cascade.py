"""The educators' cascade: whom each pool member trained after certification, generations,
the renewal rule, and the national view (page, CSV)."""

import csv
import io
from datetime import UTC, datetime, timedelta
from itertools import count

import pytest
from support import login

from lms.accounts.cohorts import CohortFields, create_cohort, set_cohort_people
from lms.certificates.cascade import add_years, membership
from lms.certificates.models import Certificate
from lms.certificates.pool import register
from lms.core.database import local_today
from lms.core.extensions import db
from lms.courses.programmes import programme_codes

_serials = count(1)


def _certify(user, programme, day, status="valid"):
    n = next(_serials)
    db.session.add(
        Certificate(
            serial=f"T-{n}",
            verification_code=f"CASCADE-{n:08d}",
            user_id=user.id,
            programme=programme,
            holder_name=user.full_name,
            issued_at=datetime(day.year, day.month, day.day, 9, tzinfo=UTC),
            status=status,
            revoked_reason="test" if status == "revoked" else None,
            facts_json="{}",
            signature="-",
            key_id="-",
            status_index=10_000 + n,
        )
    )
    db.session.flush()


def _cohort(code, programme, starts, ends, trainers, trainees):
    cohort = create_cohort(
        CohortFields(code, f"Cohort {code}", programme, starts, ends),
        programmes=programme_codes(),
        actor_id=None,
    )
    set_cohort_people(
        cohort,
        trainer_ids=[u.id for u in trainers],
        trainee_ids=[u.id for u in trainees],
        actor_id=None,
    )
    return cohort


@pytest.fixture
def pool(app, factory):
    today = local_today()
    people = {
        "anna": factory.user("anna", "trainer", full_name="Anna Ataýewa", region="AH-GOK"),
        "bahar": factory.user("bahar", "trainee", "trainer", full_name="Bahar B", region="LB-CAR"),
        "gozel": factory.user("gozel", "trainer", full_name="Gözel G"),
        "dovlet": factory.user("dovlet", "trainee"),
        **{f"t{i}": factory.user(f"t{i}", "trainee", region="AH-GOK") for i in (1, 2, 3)},
    }
    p = people
    with app.app_context():
        anna_on = add_years(today, -4)
        bahar_on = add_years(today, -3) + timedelta(days=10)
        _certify(p["anna"], "tot", anna_on)
        _certify(p["bahar"], "tot", bahar_on)
        _certify(p["gozel"], "tot", add_years(today, -5))
        ends = add_years(today, -3) - timedelta(days=5)
        trainees = [p["bahar"], p["dovlet"]]
        _cohort("C1", "tot", ends - timedelta(days=100), ends, [p["anna"]], trainees)
        recent = today - timedelta(days=100)
        _cohort(
            "C2",
            "foundational",
            recent - timedelta(days=100),
            recent,
            [p["anna"], p["bahar"]],
            [p["t1"], p["t2"], p["t3"]],
        )
        early = bahar_on - timedelta(days=150)  # before Bahar's certification: not counted
        _cohort("C0", "foundational", early - timedelta(days=50), early, [p["bahar"]], [p["t1"]])
        for name in ("t1", "t2"):
            _certify(p[name], "foundational", today - timedelta(days=50))
        _certify(p["t3"], "foundational", today - timedelta(days=50), status="revoked")
        db.session.commit()
    return people


def _entries(app):
    with app.test_request_context():
        return {e.user.username: e for e in register(include_revoked=True)}


def test_the_cascade_counts_match_the_cohorts(app, pool):
    entries = _entries(app)
    assert set(entries) == {"anna", "bahar", "gozel"}
    anna, bahar, gozel = (entries[n].member for n in ("anna", "bahar", "gozel"))
    assert [(t.cohort.code, t.co_trained, t.certified) for t in anna.cohorts] == [
        ("C1", False, 1),  # Bahar, certified as a trainer
        ("C2", True, 2),  # t1 and t2; t3's certificate is revoked
    ]
    assert anna.certified_trainees == 3
    assert [(t.cohort.code, t.co_trained, t.certified) for t in bahar.cohorts] == [("C2", True, 2)]
    assert bahar.certified_trainees == 2
    assert gozel.cohorts == [] and gozel.certified_trainees == 0
    assert (anna.generation, bahar.generation, gozel.generation) == (0, 1, 0)


def test_membership_is_renewed_by_training_and_expires_without(app, pool):
    entries = _entries(app)
    assert entries["anna"].status == "active" and "Renewed" in entries["anna"].reason
    assert entries["bahar"].status == "active"
    assert entries["gozel"].status == "expired"
    assert entries["gozel"].reason.startswith("Expired: 0 of the 1 cohort needed")


def test_the_rule_follows_the_configuration(app, pool):
    app.config["POOL_RENEWAL_MIN_COHORTS"] = 2
    try:
        entries = _entries(app)
    finally:
        app.config["POOL_RENEWAL_MIN_COHORTS"] = 1
    # Anna trained two cohorts, but C1 ended three years ago: one left in the window
    assert entries["anna"].status == "expired"
    assert entries["anna"].reason.startswith("Expired: 1 of the 2 cohorts needed")
    # Bahar is still within three years of certification
    assert entries["bahar"].status == "active" and "of certification" in entries["bahar"].reason


class _Cohort:
    def __init__(self, starts, ends):
        self.starts_on, self.ends_on = starts, ends


@pytest.mark.parametrize(
    ("certified", "cohorts", "status", "until"),
    [
        # within the grace period
        ("2024-01-10", [], "active", "2027-01-10"),
        # grace over, nothing trained
        ("2020-01-10", [], "expired", "2023-01-10"),
        # grace over, renewed by a cohort that ended in 2025
        ("2020-01-10", [("2025-01-01", "2025-03-01")], "active", "2028-03-01"),
        # a cohort that ended four years ago no longer renews
        ("2020-01-10", [("2022-01-01", "2022-06-01")], "expired", "2025-06-01"),
        # a cohort that has not begun does not count
        ("2020-01-10", [("2027-01-01", "2027-03-01")], "expired", "2023-01-10"),
    ],
)
def test_the_renewal_rule(app, certified, cohorts, status, until):
    from datetime import date

    with app.test_request_context():
        verdict = membership(
            date.fromisoformat(certified),
            [_Cohort(date.fromisoformat(s), date.fromisoformat(e)) for s, e in cohorts],
            revoked=False,
            today=date(2026, 6, 1),
            years=3,
            needed=1,
        )
    assert (verdict.status, verdict.until.isoformat()) == (status, until)


def test_a_revoked_member_is_revoked_and_off_the_public_register(app, client, pool):
    with app.app_context():
        certificate = db.session.query(Certificate).filter_by(user_id=pool["gozel"].id).one()
        certificate.status, certificate.revoked_reason = "revoked", "test"
        db.session.commit()
    assert _entries(app)["gozel"].status == "revoked"
    assert "Gözel" not in client.get("/pool/public").get_data(as_text=True)


def test_the_public_register_shows_the_configured_fields(app, client, pool):
    html = client.get("/pool/public").get_data(as_text=True)
    assert "Anna Ataýewa" in html and "Ahal" in html and "active" in html
    assert "Renewed" in html
    app.config["POOL_PUBLIC_FIELDS"] = ("name",)
    try:
        html = client.get("/pool/public").get_data(as_text=True)
    finally:
        app.config["POOL_PUBLIC_FIELDS"] = ("name", "velayat", "status", "modules")
    assert "Anna Ataýewa" in html and "Ahal" not in html and "Renewed" not in html


def test_a_members_page_lists_whom_they_trained(app, client, factory, pool):
    factory.user("viewer", "trainee")
    login(client, "viewer")
    html = client.get(f"/pool/{pool['anna'].id}").get_data(as_text=True)
    assert "C1" in html and "C2" in html and "co-trained" in html and "Renewed" in html
    assert client.get(f"/pool/{pool['dovlet'].id}").status_code == 404


def test_the_national_view_and_its_csv(app, client, factory, pool):
    factory.user("boss", "admin")
    login(client, "boss")
    html = client.get("/pool/cascade").get_data(as_text=True)
    assert "Generation 1" in html and "Lebap" in html and "<svg" in html
    response = client.get("/pool/cascade.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    today = local_today()
    body = {(int(r[0]), r[1]): r[2:] for r in rows[1:]}
    assert body[(add_years(today, -4).year, "Ahal")][:2] == ["1", "0: 1"]
    bahar_year = (add_years(today, -3) + timedelta(days=10)).year
    assert body[(bahar_year, "Lebap")] == ["1", "1: 1", "1"]  # Bahar: new, and certified
    assert body[((today - timedelta(days=50)).year, "Ahal")][-1] == "2"  # t1 and t2


@pytest.mark.parametrize("role", ["trainee", "trainer", "coordinator"])
def test_only_admins_see_the_national_view(client, factory, role):
    factory.user("someone", role)
    login(client, "someone")
    assert client.get("/pool/cascade").status_code == 403
    assert client.get("/pool/cascade.csv").status_code == 403


def test_an_empty_pool_says_so_in_a_sentence_not_a_bar(client, factory):
    factory.user("boss", "admin")
    login(client, "boss")
    html = client.get("/pool/cascade").get_data(as_text=True)
    assert "<p>The pool has no members yet.</p>" in html
    assert "<li>The pool has no members yet." not in html  # a bar row's narrow label column

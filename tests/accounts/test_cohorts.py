"""Cohorts and object-level access: trainers see only their own cohorts' trainees."""

from support import login, post_form


def test_trainer_sees_own_cohort_trainees(client, factory):
    trainer = factory.user("trainer1", "trainer")
    trainee = factory.user("aygul", "trainee", full_name="Aýgül Orazowa", region="DZ-AKD")
    cohort = factory.cohort("FND-A", trainers=[trainer], trainees=[trainee])
    login(client, "trainer1")
    assert "Aýgül Orazowa" in client.get(f"/cohorts/{cohort.id}").get_data(as_text=True)
    page = client.get(f"/trainees/{trainee.id}").get_data(as_text=True)
    assert "Akdepe" in page and "Daşoguz" in page


def test_trainer_opening_another_cohorts_trainee_gets_404(client, factory):
    mine, other = factory.user("trainer1", "trainer"), factory.user("trainer2", "trainer")
    own_trainee, foreign = factory.user("aygul", "trainee"), factory.user("bagul", "trainee")
    factory.cohort("FND-A", trainers=[mine], trainees=[own_trainee])
    other_cohort = factory.cohort("FND-B", trainers=[other], trainees=[foreign])
    login(client, "trainer1")
    assert client.get(f"/trainees/{foreign.id}").status_code == 404
    assert client.get(f"/cohorts/{other_cohort.id}").status_code == 404
    assert "FND-B" not in client.get("/cohorts/").get_data(as_text=True)


def test_admin_creates_a_cohort_and_assigns_people(client, factory):
    factory.user("boss", "admin")
    trainer = factory.user("trainer1", "trainer")
    trainee = factory.user("aygul", "trainee", full_name="Aýgül Orazowa")
    login(client, "boss")
    response = post_form(
        client,
        "/cohorts/new",
        {
            "code": "ADV-9",
            "name": "Advanced nine",
            "programme": "advanced",
            "starts_on": "2026-09-01",
            "ends_on": "2026-12-01",
        },
    )
    assert response.status_code == 302
    people_url = response.location
    response = post_form(
        client, people_url, {"trainers": [str(trainer.id)], "trainees": [str(trainee.id)]}
    )
    assert response.status_code == 302
    assert "Aýgül Orazowa" in client.get(response.location).get_data(as_text=True)


def test_cohort_that_ends_before_it_starts_is_refused(client, factory):
    factory.user("boss", "admin")
    login(client, "boss")
    html = post_form(
        client,
        "/cohorts/new",
        {
            "code": "X",
            "name": "X",
            "programme": "tot",
            "starts_on": "2026-09-01",
            "ends_on": "2026-08-01",
        },
    ).get_data(as_text=True)
    assert "cannot end before it starts" in html


def test_only_trainers_can_be_added_as_cohort_trainers(client, factory):
    factory.user("boss", "admin")
    trainee = factory.user("aygul", "trainee")
    cohort = factory.cohort("FND-A")
    login(client, "boss")
    response = post_form(client, f"/cohorts/{cohort.id}/people", {"trainers": [str(trainee.id)]})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "is not a valid choice" in html


def test_trainee_cannot_see_cohort_pages(client, factory):
    trainee = factory.user("aygul", "trainee")
    cohort = factory.cohort("FND-A", trainees=[trainee])
    login(client, "aygul")
    assert client.get(f"/cohorts/{cohort.id}").status_code == 403
    assert client.get(f"/trainees/{trainee.id}").status_code == 403


def test_cohort_page_costs_the_same_queries_whatever_the_velayats(client, factory, app):
    from support import QueryCounter

    trainer = factory.user("trainer1", "trainer")
    one_place = [factory.user(f"a{n}", "trainee", region="AH-GOK") for n in range(3)]
    everywhere = [
        factory.user(f"b{n}", "trainee", region=code)
        for n, code in enumerate(("AH-GOK", "BN-BER", "DZ-AKD", "LB-CAR", "MR-BAY", "AS-BAG"))
    ]
    local = factory.cohort("C-LOCAL", trainers=[trainer], trainees=one_place)
    national = factory.cohort("C-NATIONAL", trainers=[trainer], trainees=everywhere)
    login(client, "trainer1")
    client.get(f"/cohorts/{local.id}")
    with QueryCounter(app) as small:
        client.get(f"/cohorts/{local.id}")
    with QueryCounter(app) as large:
        html = client.get(f"/cohorts/{national.id}").get_data(as_text=True)
    assert "Balkan" in html and "Mary" in html
    assert small.count == large.count <= 10

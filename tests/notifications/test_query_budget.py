"""The notification list and the deadlines page cost a fixed number of SQL statements however
many notifications and deadlines there are (subjects are looked up once per type)."""

from practice.world import make_placement, practice_world, submitted
from support import QUERY_BUDGET, login, page_queries

from lms.core.extensions import db
from lms.notifications.sending import notify


def _notify_about_new_entries(world, count, start):
    for offset in range(start, start + count):
        entry = submitted(world, offset=offset)
        with world.app.app_context():
            notify(world.trainee.id, "entry_returned", "practice_entry", entry.id)
            notify(world.trainee.id, "message", "practice_entry", entry.id)
            db.session.commit()


def test_the_list_costs_the_same_queries_for_one_or_many_notifications(app, client, factory):
    world = practice_world(factory)
    _notify_about_new_entries(world, 1, 1)
    login(client, "yazgul")
    few = page_queries(app, client, "/notifications")
    _notify_about_new_entries(world, 8, 2)
    many = page_queries(app, client, "/notifications")
    assert few.count == many.count <= QUERY_BUDGET, many.statements


def test_deadlines_cost_the_same_queries_for_one_or_many_placements(app, client, factory):
    world = practice_world(factory)
    login(client, "merdan")
    few = page_queries(app, client, "/deadlines")
    from datetime import timedelta

    from lms.core.database import local_today

    for n in range(5):
        trainee = factory.user(f"extra{n}", "trainee")
        cohort = factory.cohort(f"FND-X{n}", trainers=[world.supervisor], trainees=[trainee])
        make_placement(
            app,
            trainee,
            world.supervisor,
            cohort,
            start=local_today() - timedelta(days=5),
            end=local_today() + timedelta(days=30 + n),
        )
    many = page_queries(app, client, "/deadlines")
    assert few.count == many.count <= QUERY_BUDGET, many.statements

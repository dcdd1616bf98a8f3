"""Finding 2: a draft is the trainee's alone until submitted. Autosave stores whatever is typed,
before the privacy guard has looked at it, so no page, report, export or evidence shown to
anyone but the owner may include a draft; direct access is a 404."""

import pytest
from practice.world import approved, log_entry, practice_world, submitted
from support import login

from lms.core.extensions import db
from lms.practice.results import approved_minutes_by_competency

SECRET = "Ogulgerek 8 65 12 34 56"


@pytest.fixture
def world(factory):
    return practice_world(factory)


@pytest.fixture
def draft(world):
    return log_entry(world, offset=5, reflection=SECRET, competencies=("ASM-1",))


@pytest.mark.parametrize("username", ["merdan", "gozel"])  # supervisor and cohort trainer, admin
def test_nobody_but_the_trainee_opens_a_draft(client, world, draft, username):
    login(client, username)
    assert client.get(f"/practice/entries/{draft.id}").status_code == 404


def test_the_trainee_still_opens_their_own_draft(client, world, draft):
    login(client, "yazgul")
    page = client.get(f"/practice/entries/{draft.id}")
    assert page.status_code == 200 and "Ogulgerek" in page.get_data(as_text=True)


@pytest.mark.parametrize("username", ["merdan", "gozel"])
def test_the_trainee_page_lists_no_draft(client, world, draft, username):
    shown = submitted(world, offset=6)
    login(client, username)
    page = client.get(f"/practice/trainees/{world.trainee.id}").get_data(as_text=True)
    assert f"/practice/entries/{shown.id}" in page
    assert f"/practice/entries/{draft.id}" not in page


def test_the_queue_and_cohort_page_count_no_draft(client, world, draft):
    login(client, "merdan")
    queue = client.get("/practice/queue").get_data(as_text=True)
    assert f"/practice/entries/{draft.id}" not in queue and "Ogulgerek" not in queue
    cohort = client.get(f"/practice/cohorts/{world.cohort.id}").get_data(as_text=True)
    assert "Ogulgerek" not in cohort


def test_the_web_export_leaves_drafts_out(client, world, draft):
    approved(world, offset=6)
    login(client, "gozel")
    text = client.get("/practice/reports.csv").get_data(as_text=True)
    assert f",{draft.id}," not in text and ",draft," not in text
    assert ",approved," in text


def test_the_cli_export_leaves_drafts_out(runner, world, draft):
    approved(world, offset=6)
    result = runner.invoke(args=["practice", "export"])
    assert result.exit_code == 0, result.output
    assert ",draft," not in result.output and ",approved," in result.output


def test_competency_evidence_counts_no_draft(app, world, draft):
    approved(world, offset=6, competencies=("COM-2",))
    with app.app_context():
        minutes = approved_minutes_by_competency(world.trainee.id)
    assert minutes == {"COM-2": 60}


def test_a_draft_correction_is_not_listed_on_the_original_for_others(client, world):
    from practice.world import entry_fields

    from lms.practice.entries import amend_entry
    from lms.practice.models import PracticeEntry

    original = approved(world, offset=2)
    with world.app.app_context():
        found = db.session.get(PracticeEntry, original.id)
        fix = amend_entry(world.trainee, found, entry_fields(world, 2, reflection=SECRET))
        db.session.commit()
    login(client, "merdan")
    page = client.get(f"/practice/entries/{original.id}").get_data(as_text=True)
    assert f"/practice/entries/{fix.id}" not in page


def test_a_returned_entry_being_revised_shows_others_no_new_text(client, world):
    from practice.world import entry_fields

    from lms.practice.entries import update_entry
    from lms.practice.models import PracticeEntry
    from lms.practice.signoff import return_entries

    entry = submitted(world, offset=2)
    with world.app.app_context():
        return_entries(world.supervisor, [entry.id], "Say more about the plan.")
        found = db.session.get(PracticeEntry, entry.id)
        update_entry(world.trainee, found, entry_fields(world, 2, reflection=SECRET))
        db.session.commit()
    login(client, "merdan")
    page = client.get(f"/practice/entries/{entry.id}").get_data(as_text=True)
    assert "Say more about the plan." in page
    assert "Ogulgerek" not in page and "revising this entry" in page

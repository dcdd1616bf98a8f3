"""Sign-off: submission (singly, by week), the privacy guard, approval and return in bulk by the
placement's supervisor only, frozen approved entries, amendments, and the audit trail."""

import pytest
from practice.world import (
    approved,
    entry_fields,
    entry_form,
    log_entry,
    make_placement,
    practice_world,
    submitted,
)
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError
from support import csrf_token, login

from lms.accounts.self_decisions import SelfDecisionError
from lms.core.audit import AuditEvent
from lms.core.extensions import db
from lms.core.privacy import IdentifyingText
from lms.practice.counting import superseded_ids
from lms.practice.entries import amend_entry, update_entry
from lms.practice.errors import PracticeError, PrivacyConfirmationNeeded
from lms.practice.models import PracticeEntry
from lms.practice.requirements import practice_summary
from lms.practice.signoff import (
    approve_entries,
    return_entries,
    submit_entries,
    week_of,
)


@pytest.fixture
def world(factory):
    return practice_world(factory)


def _status(app, entry_id) -> str:
    with app.app_context():
        return db.session.scalar(select(PracticeEntry.status).where(PracticeEntry.id == entry_id))


def _actions(app, entry_id) -> list[str]:
    with app.app_context():
        return list(
            db.session.scalars(
                select(AuditEvent.action)
                .where(AuditEvent.target_type == "practice_entry")
                .where(AuditEvent.target_id == str(entry_id))
                .order_by(AuditEvent.id)
            )
        )


def test_trainee_submits_an_entry_and_the_supervisor_approves_it(client, world, app):
    entry = log_entry(world)
    login(client, "yazgul")
    token = csrf_token(client, f"/practice/entries/{entry.id}")
    client.post(f"/practice/entries/{entry.id}/submit", data={"csrf_token": token})
    assert _status(app, entry.id) == "submitted"
    supervisor = app.test_client()
    login(supervisor, "merdan")
    queue = supervisor.get("/practice/queue").get_data(as_text=True)
    assert "Ýazgül Saparowa" in queue and "Home visit" in queue
    token = csrf_token(supervisor, "/practice/queue")
    response = supervisor.post(
        "/practice/queue/decide",
        data={"csrf_token": token, "entry_ids": [str(entry.id)], "approve": "Approve selected"},
    )
    assert response.status_code == 302
    assert _status(app, entry.id) == "approved"
    assert _actions(app, entry.id) == ["practice_entry.approved"]


def test_the_privacy_guard_refuses_a_submission_until_confirmed(client, world, app):
    entry = log_entry(world, reflection="Visited Aýna eje; her phone is +993 65 123456.")
    login(client, "yazgul")
    token = csrf_token(client, f"/practice/entries/{entry.id}")
    refused = client.post(f"/practice/entries/{entry.id}/submit", data={"csrf_token": token})
    page = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert "Aýna eje" in page and "+993 65 123456" in page and "vulnerable families" in page
    assert _status(app, entry.id) == "draft"
    confirmed = client.post(
        f"/practice/entries/{entry.id}/submit", data={"csrf_token": token, "confirm_privacy": "y"}
    )
    assert confirmed.status_code == 302
    assert _status(app, entry.id) == "submitted"
    with app.app_context():
        assert db.session.get(PracticeEntry, entry.id).privacy_confirmed is True


def test_the_privacy_guard_also_checks_the_client_code(world, app):
    entry = log_entry(world, client_code="AYNA-07")
    with app.app_context():
        with pytest.raises(PrivacyConfirmationNeeded) as refused:
            submit_entries(world.trainee, [entry], confirmed=False)
        assert [f.text for f in refused.value.findings[entry.id]] == ["AYNA"]


def test_save_and_submit_keeps_the_draft_when_the_guard_asks(client, world, app):
    login(client, "yazgul")
    token = csrf_token(client, "/practice/entries/new")
    data = entry_form(world, reflection="Met Mr Orazow at home.", submit_entry="Save and submit")
    data.pop("save")
    response = client.post("/practice/entries/new", data={**data, "csrf_token": token})
    assert response.status_code == 422
    assert "I confirm this contains no identifying details" in response.get_data(as_text=True)
    with app.app_context():
        entry = db.session.scalar(select(PracticeEntry))
        assert entry.status == "draft"
    data["confirm_privacy"] = "y"
    client.post(f"/practice/entries/{entry.id}/edit", data={**data, "csrf_token": token})
    assert _status(app, entry.id) == "submitted"


def test_trainee_submits_a_whole_week(client, world, app):
    monday_offset = (week_of(world.day(10)) - world.placement.starts_on).days
    first = log_entry(world, offset=monday_offset, start="09:00")
    second = log_entry(world, offset=monday_offset + 2, start="10:00")
    other_week = log_entry(world, offset=monday_offset + 7)
    login(client, "yazgul")
    monday = world.day(monday_offset).isoformat()
    page = client.get(f"/practice/week?start={monday}").get_data(as_text=True)
    assert "2 entries of this week are ready to submit" in page
    token = csrf_token(client, f"/practice/week?start={monday}")
    response = client.post(f"/practice/week/submit?start={monday}", data={"csrf_token": token})
    assert response.status_code == 302
    assert [_status(app, e.id) for e in (first, second, other_week)] == [
        "submitted",
        "submitted",
        "draft",
    ]


def test_a_week_with_identifying_text_is_refused_whole(client, world, app):
    monday_offset = (week_of(world.day(10)) - world.placement.starts_on).days
    clean = log_entry(world, offset=monday_offset)
    risky = log_entry(world, offset=monday_offset + 1, reflection="Lives on Azady köçesi 12.")
    login(client, "yazgul")
    monday = world.day(monday_offset).isoformat()
    token = csrf_token(client, f"/practice/week?start={monday}")
    refused = client.post(f"/practice/week/submit?start={monday}", data={"csrf_token": token})
    assert refused.status_code == 422 and "Azady köçesi 12" in refused.get_data(as_text=True)
    assert [_status(app, e.id) for e in (clean, risky)] == ["draft", "draft"]


def test_returning_needs_a_comment_and_the_trainee_resubmits(client, world, app):
    entry = submitted(world)
    with app.app_context():
        with pytest.raises(PracticeError, match="comment is required"):
            return_entries(world.supervisor, [entry.id], "   ")
        return_entries(world.supervisor, [entry.id], "Which service did you refer to?")
        db.session.commit()
    assert _status(app, entry.id) == "returned"
    login(client, "yazgul")
    page = client.get(f"/practice/entries/{entry.id}/edit").get_data(as_text=True)
    assert "Which service did you refer to?" in page
    token = csrf_token(client, f"/practice/entries/{entry.id}/edit")
    data = entry_form(world, reflection="Referred to the home-care service.")
    data.pop("save")
    data["submit_entry"] = "Save and submit"
    client.post(f"/practice/entries/{entry.id}/edit", data={**data, "csrf_token": token})
    assert _status(app, entry.id) == "resubmitted"
    with app.app_context():
        approve_entries(world.supervisor, [entry.id])
        db.session.commit()
    assert _actions(app, entry.id) == ["practice_entry.returned", "practice_entry.approved"]


def test_bulk_return_from_the_queue(client, world, app):
    entries = [submitted(world, offset=n) for n in (1, 2, 3)]
    login(client, "merdan")
    token = csrf_token(client, "/practice/queue")
    client.post(
        "/practice/queue/decide",
        data={
            "csrf_token": token,
            "entry_ids": [str(e.id) for e in entries[:2]],
            "comment": "Add the competencies practised.",
            "send_back": "Return selected",
        },
    )
    assert [_status(app, e.id) for e in entries] == ["returned", "returned", "submitted"]


def test_a_batch_is_all_or_nothing(world, app, factory):
    mine = submitted(world, offset=1)
    other = factory.user("aygul", "trainee")
    cohort = factory.cohort("FND-Q", trainers=[world.other_trainer], trainees=[other])
    theirs_placement = make_placement(app, other, world.other_trainer, cohort)
    with app.app_context():
        from lms.practice.entries import create_entry

        theirs = create_entry(other, entry_fields(world, 1, placement_id=theirs_placement.id))
        submit_entries(other, [theirs], confirmed=True)
        db.session.commit()
        with pytest.raises(PracticeError, match="Only the placement's supervisor"):
            approve_entries(world.supervisor, [mine.id, theirs.id])
    assert [_status(app, mine.id), _status(app, theirs.id)] == ["submitted", "submitted"]


def test_a_trainer_who_does_not_supervise_cannot_approve(client, world, app):
    entry = submitted(world)
    login(client, "serdar")
    token = csrf_token(client, "/practice/queue")
    response = client.post(
        "/practice/queue/decide",
        data={"csrf_token": token, "entry_ids": [str(entry.id)], "approve": "Approve selected"},
    )
    assert response.status_code == 302
    assert "Nothing was changed" in client.get("/practice/queue").get_data(as_text=True)
    assert _status(app, entry.id) == "submitted"


def test_nobody_approves_their_own_entries(client, factory, world, app):
    """A trainer who is also a trainee elsewhere can never sign off their own practice."""
    both = factory.user("dual", "trainer", "trainee")
    cohort = factory.cohort("TOT-X", programme="tot", trainers=[world.supervisor], trainees=[both])
    with pytest.raises(PracticeError, match="own placement"):
        make_placement(app, both, both, cohort, actor=world.admin)
    placement = make_placement(app, both, world.supervisor, cohort)
    own = submitted(
        world, trainee=both, placement_id=placement.id, day=placement.starts_on, competencies=()
    )
    with app.app_context():
        with pytest.raises(SelfDecisionError):  # the one rule for every self-decision
            approve_entries(both, [own.id])
        # the table itself refuses a self-supervised placement
        with pytest.raises(DBAPIError), db.session.begin_nested():
            db.session.execute(
                text("UPDATE practice_placements SET supervisor_id = trainee_id WHERE id = :id"),
                {"id": placement.id},
            )
    login(client, "dual")
    assert "Nothing is waiting for you" in client.get("/practice/queue").get_data(as_text=True)
    assert _status(app, own.id) == "submitted"


def test_approving_by_get_is_not_possible(client, world, app):
    entry = submitted(world)
    login(client, "merdan")
    response = client.get(f"/practice/queue/decide?entry_ids={entry.id}&approve=1")
    assert response.status_code == 405
    assert _status(app, entry.id) == "submitted"


def test_approving_without_the_csrf_token_changes_nothing(client, world, app):
    entry = submitted(world)
    login(client, "merdan")
    client.post("/practice/queue/decide", data={"entry_ids": [str(entry.id)], "approve": "1"})
    assert _status(app, entry.id) == "submitted"


def test_an_approved_entry_cannot_be_edited_in_code(client, world, app):
    entry = approved(world)
    with app.app_context(), pytest.raises(PracticeError, match="no longer a draft"):
        update_entry(world.trainee, entry, entry_fields(world, 1, minutes=120))
    login(client, "yazgul")
    token = csrf_token(client, f"/practice/entries/{entry.id}")
    response = client.post(
        f"/practice/entries/{entry.id}/edit",
        data={**entry_form(world, start="09:00", end="12:00"), "csrf_token": token},
    )
    # Refused with the typed form shown again (a 302 to the entry would lose what was typed).
    html = response.get_data(as_text=True)
    assert response.status_code == 409 and "This entry is no longer a draft." in html
    assert 'value="12:00"' in html
    with app.app_context():
        assert db.session.get(PracticeEntry, entry.id).minutes == 60


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE practice_entries SET minutes = 600 WHERE status = 'approved'",
        "UPDATE practice_entries SET status = 'draft' WHERE status = 'approved'",
        "DELETE FROM practice_entries WHERE status = 'approved'",
        "DELETE FROM practice_entries",
    ],
)
def test_the_database_refuses_to_change_or_delete_approved_entries(world, app, statement):
    approved(world)
    log_entry(world, offset=2)
    with (
        app.app_context(),
        pytest.raises(DBAPIError, match="frozen|never deleted"),
        db.session.begin_nested(),
    ):
        db.session.execute(text(statement))


def test_a_draft_can_still_be_updated_in_the_database(world, app):
    entry = log_entry(world)
    with app.app_context():
        db.session.execute(
            text("UPDATE practice_entries SET reflection = 'x' WHERE id = :id"), {"id": entry.id}
        )
        db.session.commit()


def test_an_amendment_replaces_the_original_once_approved(client, world, app):
    original = approved(world, minutes=60)
    login(client, "yazgul")
    page = client.get(f"/practice/entries/{original.id}").get_data(as_text=True)
    assert "Correct this entry" in page
    token = csrf_token(client, f"/practice/entries/{original.id}/amend")
    data = entry_form(world, start="09:00", end="10:30", submit_entry="Save and submit")
    data.pop("save")
    client.post(f"/practice/entries/{original.id}/amend", data={**data, "csrf_token": token})
    with app.app_context():
        amendment = db.session.scalar(
            select(PracticeEntry).where(PracticeEntry.amends_id == original.id)
        )
        assert amendment.status == "submitted"
        assert practice_summary(world.trainee.id, "foundational").direct_minutes == 60
        with pytest.raises(PracticeError, match="only once at a time"):
            amend_entry(world.trainee, original, entry_fields(world, 1, minutes=90))
        approve_entries(world.supervisor, [amendment.id])
        db.session.commit()
        assert superseded_ids([original.id]) == {original.id}
        assert practice_summary(world.trainee.id, "foundational").direct_minutes == 90
        row = db.session.get(PracticeEntry, original.id)
        assert (row.status, row.minutes) == ("approved", 60)  # the original is untouched
    assert _actions(app, original.id) == ["practice_entry.approved", "practice_entry.amended"]
    assert _actions(app, amendment.id) == ["practice_entry.approved"]
    page = client.get(f"/practice/entries/{original.id}").get_data(as_text=True)
    assert "no longer counted" in page and "Correct this entry" not in page


def test_only_approved_entries_can_be_amended(world, app):
    entry = submitted(world)
    with app.app_context(), pytest.raises(PracticeError, match="Only an approved entry"):
        amend_entry(world.trainee, entry, entry_fields(world, 1))


def test_direct_practice_needs_a_target_group_and_a_reflection_to_be_submitted(world, app):
    entry = log_entry(world, target_group=None, reflection="")
    with app.app_context():
        entry = db.session.get(PracticeEntry, entry.id)
        with pytest.raises(PracticeError, match="needs a target group and a short reflection"):
            submit_entries(world.trainee, [entry], confirmed=False)
        travel = log_entry(world, offset=2, category="travel", target_group=None, reflection="")
        submit_entries(world.trainee, [db.session.get(PracticeEntry, travel.id)], confirmed=False)


def test_an_identifying_return_comment_needs_a_confirmation(client, world, app):
    """A supervisor's return comment passes the privacy guard (issue 16): refused, shown again
    with what was found and the entries still ticked, nothing changed; confirmed, it goes."""
    entries = [submitted(world, offset=n) for n in (1, 2)]
    login(client, "merdan")
    data = {
        "csrf_token": csrf_token(client, "/practice/queue"),
        "entry_ids": [str(e.id) for e in entries],
        "comment": "Call Ogulgerek's mother on 8 65 12 34 56 first.",
        "send_back": "Return selected",
    }
    refused = client.post("/practice/queue/decide", data=data)
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422 and "Could this identify someone?" in html
    assert "Call Ogulgerek&#39;s mother on 8 65 12 34 56 first." in html
    assert all(f'value="{e.id}" checked' in html for e in entries)
    assert [_status(app, e.id) for e in entries] == ["submitted", "submitted"]
    assert "practice_entry.returned" not in _actions(app, entries[0].id)
    confirmed = client.post("/practice/queue/decide", data={**data, "confirm_privacy": "y"})
    assert confirmed.status_code == 302
    assert [_status(app, e.id) for e in entries] == ["returned", "returned"]


def test_an_identifying_return_comment_from_the_entry_page_is_shown_there(client, world, app):
    entry = submitted(world, offset=1)
    login(client, "merdan")
    page = f"/practice/entries/{entry.id}"
    data = {
        "csrf_token": csrf_token(client, page),
        "entry_ids": str(entry.id),
        "from_entry": "1",
        "comment": "Ask Айна Мамедова which service she was referred to.",
        "send_back": "Return selected",
    }
    refused = client.post("/practice/queue/decide", data=data)
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422 and "Айна Мамедова" in html
    assert 'name="confirm_privacy"' in html and _status(app, entry.id) == "submitted"
    with app.app_context(), pytest.raises(IdentifyingText):
        return_entries(world.supervisor, [entry.id], data["comment"])
    assert (
        client.post("/practice/queue/decide", data={**data, "confirm_privacy": "y"}).status_code
        == 302
    )
    assert _status(app, entry.id) == "returned"


def test_an_autosave_after_the_submission_is_refused_with_409(client, world, app):
    entry = log_entry(world)
    login(client, "yazgul")
    token = csrf_token(client, f"/practice/entries/{entry.id}/edit")
    with app.app_context():  # another tab submits it
        submit_entries(world.trainee, [db.session.get(PracticeEntry, entry.id)], confirmed=True)
        db.session.commit()
    typed = {**entry_form(world, reflection="Typed in the other tab."), "csrf_token": token}
    response = client.post(
        f"/practice/entries/{entry.id}/edit", data=typed, headers={"X-Requested-With": "fetch"}
    )
    assert response.status_code == 409 and response.json["saved"] is False
    assert response.json["errors"][0].startswith("This entry is no longer a draft.")
    page = client.post(f"/practice/entries/{entry.id}/edit", data=typed)
    assert page.status_code == 409 and "Typed in the other tab." in page.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(PracticeEntry, entry.id).reflection != typed["reflection"]

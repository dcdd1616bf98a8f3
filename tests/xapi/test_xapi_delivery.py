"""Delivery to a Learning Record Store: each statement arrives once, with the version header and
Basic credentials; a 409 counts as delivered; an LRS away or failing is tried again later; a
statement the LRS refuses is kept, with its answer, for admins."""

from __future__ import annotations

import base64
from datetime import timedelta

import pytest
from sqlalchemy import func, select
from xapi.events import everything_happened_to
from xapi.fake_lrs import running_lrs
from xapi_rules import ours

from lms import create_app
from lms.core.config import ConfigError
from lms.core.database import utcnow
from lms.core.extensions import db
from lms.core.unit_of_work import unit_of_work
from lms.xapi.delivery import deliver_due, deliver_statements, lrs_settings
from lms.xapi.models import XapiStatement
from lms.xapi.outbox import collect


@pytest.fixture
def lrs(app):
    with running_lrs() as fake:
        saved = {key: app.config[key] for key in ("LRS_URL", "LRS_USERNAME", "LRS_PASSWORD")}
        app.config.update(LRS_URL=fake.url, LRS_USERNAME="lms", LRS_PASSWORD="s3cret:pw")
        try:
            yield fake
        finally:
            app.config.update(saved)


def _collected(app, factory) -> int:
    everything_happened_to(app, factory)
    with app.app_context(), unit_of_work():
        return collect()


def _statuses(app) -> dict[str, int]:
    with app.app_context():
        return dict(
            db.session.execute(
                select(XapiStatement.status, func.count()).group_by(XapiStatement.status)
            ).all()
        )


def _later(minutes: int):
    return utcnow() + timedelta(minutes=minutes)


def test_everything_is_delivered_once_with_the_version_and_credentials(app, factory, lrs):
    total = _collected(app, factory)
    assert total > 20
    with app.app_context():
        counts = deliver_due()
        assert counts.delivered == total and counts.retrying == counts.rejected == 0
        assert deliver_due(_later(60)).delivered == 0  # nothing is sent twice
    assert _statuses(app) == {"delivered": total}
    sent = [s for _, batch in lrs.posts for s in batch]
    assert len(sent) == len({s["id"] for s in sent}) == total
    headers, _ = lrs.posts[0]
    assert headers["x-experience-api-version"] == "1.0.3"
    expected = base64.b64encode(b"lms:s3cret:pw").decode()
    assert headers["authorization"] == f"Basic {expected}"
    assert all(ours(s, app.config["PUBLIC_URL"]) == [] for s in sent)


def test_collecting_again_adds_nothing_and_the_minute_task_sends_only_new_events(app, factory, lrs):
    total = _collected(app, factory)
    with app.app_context():
        with unit_of_work():
            assert collect() == 0
            assert collect(since=utcnow() - timedelta(days=400)) == 0
        deliver_statements()
        deliver_statements()
    assert sum(len(batch) for _, batch in lrs.posts) == total


def test_a_conflict_means_the_lrs_has_it_already(app, factory, lrs):
    total = _collected(app, factory)
    with app.app_context():
        first = db.session.scalars(select(XapiStatement).order_by(XapiStatement.id)).first()
        lrs.stored[first.statement_id] = {}  # delivered once before, by an earlier run
        counts = deliver_due()
    assert counts.delivered == total and counts.rejected == 0
    assert _statuses(app) == {"delivered": total}
    assert lrs.posts[0][1][0]["id"] == first.statement_id
    assert [len(batch) for _, batch in lrs.posts[1:4]] == [1, 1, 1]  # the batch, one by one


@pytest.mark.parametrize(
    "trouble", [(500, "internal error"), (503, "down for maintenance"), (429, "slow down")]
)
def test_a_failing_lrs_is_tried_again_after_a_back_off(app, factory, lrs, trouble):
    total = _collected(app, factory)
    lrs.script = [trouble]
    with app.app_context():
        counts = deliver_due()
        assert counts.delivered == 0 and counts.retrying > 0 and counts.rejected == 0
        waiting = db.session.scalars(
            select(XapiStatement).where(XapiStatement.last_error.is_not(None))
        ).all()
        assert waiting and all(row.status == "waiting" for row in waiting)
        assert str(trouble[0]) in waiting[0].last_error and waiting[0].next_attempt_at
        # The failed batch waits out its back-off; the statements not yet tried go now.
        assert deliver_due().delivered == total - counts.retrying
        assert deliver_due().delivered == 0
        assert deliver_due(_later(2)).delivered == counts.retrying
    assert _statuses(app) == {"delivered": total}
    ids = [s["id"] for _, batch in lrs.posts[1:] for s in batch]
    assert len(ids) == len(set(ids)) == total


def test_an_unreachable_lrs_is_tried_again(app, factory):
    total = _collected(app, factory)
    app.config["LRS_URL"] = "http://127.0.0.1:9/xapi/"  # the discard port: nobody answers
    try:
        with app.app_context():
            counts = deliver_due()
            row = db.session.scalars(
                select(XapiStatement).where(XapiStatement.last_error.is_not(None))
            ).first()
    finally:
        app.config["LRS_URL"] = ""
    assert counts.delivered == 0 and counts.retrying > 0
    assert row.status == "waiting" and row.attempts == 1
    assert _statuses(app)["waiting"] == total


def test_a_refused_statement_is_rejected_with_the_answer_and_the_rest_delivered(app, factory, lrs):
    total = _collected(app, factory)
    with app.app_context():
        bad = db.session.scalars(select(XapiStatement).order_by(XapiStatement.id.desc())).first()
        lrs.refuse.add(bad.statement_id)
        counts = deliver_due()
        assert (counts.delivered, counts.rejected) == (total - 1, 1)
        row = db.session.get(XapiStatement, bad.id, populate_existing=True)
        assert row.status == "rejected"
        assert "HTTP 400" in row.last_error and "is not acceptable" in row.last_error
        assert deliver_due(_later(600)) == type(counts)()  # never sent again
    assert _statuses(app) == {"delivered": total - 1, "rejected": 1}
    refused = [s for _, batch in lrs.posts for s in batch if s["id"] == bad.statement_id]
    assert len(refused) == 2  # in its batch, then alone


def test_credentials_in_the_address_are_used_and_never_shown(app):
    app.config["LRS_URL"] = "https://key:se%40cret@lrs.example.org/data/xapi/"
    try:
        with app.app_context():
            settings = lrs_settings()
    finally:
        app.config["LRS_URL"] = ""
    assert settings.statements_url == "https://lrs.example.org/data/xapi/statements"
    assert settings.authorization == "Basic " + base64.b64encode(b"key:se@cret").decode()
    assert "cret" not in settings.shown


@pytest.mark.parametrize(
    "url", ["lrs.example.org/xapi", "ftp://lrs.example.org/xapi/", "file:///etc/passwd", "https://"]
)
def test_a_malformed_lrs_url_stops_the_app_at_start(url):
    with pytest.raises(ConfigError, match="LMS_LRS_URL"):
        create_app({"TESTING": True, "LRS_URL": url})


def test_without_an_lrs_nothing_is_collected_or_sent(app, factory):
    everything_happened_to(app, factory)
    with app.app_context():
        deliver_statements()
        assert deliver_due() == type(deliver_due())()
    assert _statuses(app) == {}

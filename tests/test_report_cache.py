"""Kept national reports: served while young, computed again when old or asked, and a failure
to keep one never costs the reader the figures."""

import logging
from datetime import timedelta

from sqlalchemy import select, text

from lms import report_cache
from lms.extensions import db
from lms.report_cache import CachedReport, cached_figures


def _computing(values):
    calls = []

    def compute():
        calls.append(1)
        return {"value": values[len(calls) - 1], "places": [[1, {"direct": 60}]]}

    return compute, calls


def test_figures_are_kept_for_their_age_then_computed_again(app):
    compute, calls = _computing([1, 2, 3])
    with app.test_request_context():
        first = cached_figures("k", compute)
        again = cached_figures("k", compute)
        assert (first.data, first.fresh) == (again.data, True) and not again.fresh
        assert again.data["places"] == [[1, {"direct": 60}]]  # as JSON gives it back
        assert cached_figures("other", compute).data["value"] == 2  # its own key
        db.session.get(CachedReport, "k").computed_at -= timedelta(seconds=301)
        db.session.commit()
        assert cached_figures("k", compute).data["value"] == 3
    assert len(calls) == 3


def test_refresh_computes_now_and_a_zero_age_keeps_nothing(app, monkeypatch):
    compute, calls = _computing([1, 2, 3])
    with app.test_request_context():
        cached_figures("k", compute)
        assert cached_figures("k", compute, refresh=True).data["value"] == 2
        monkeypatch.setitem(app.config, "REPORT_MAX_AGE", 0)
        assert cached_figures("z", compute).data["value"] == 3
        assert db.session.get(CachedReport, "z") is None
    assert len(calls) == 3


def test_a_report_that_cannot_be_kept_is_still_shown(app, monkeypatch, caplog):
    monkeypatch.setattr(
        report_cache, "_upsert", lambda *args, **kw: text("INSERT INTO no_such_table VALUES (1)")
    )
    compute, _calls = _computing([7])
    with app.test_request_context(), caplog.at_level(logging.WARNING):
        figures = cached_figures("k", compute)
        assert figures.data["value"] == 7 and figures.fresh
        assert db.session.scalars(select(CachedReport)).all() == []
    assert "could not store k" in caplog.text


def test_expired_figures_are_computed_by_one_request_while_others_show_the_kept_ones(app):
    compute, calls = _computing([1, 2, 3])
    with app.test_request_context():
        cached_figures("k", compute)
        db.session.get(CachedReport, "k").computed_at -= timedelta(seconds=301)
        db.session.commit()
        assert report_cache._claim("k", report_cache.utcnow())  # another request computes
        kept = cached_figures("k", compute)
        assert (kept.data["value"], kept.fresh) == (1, False)  # shown meanwhile, not computed
        claim = db.session.get(CachedReport, "k" + report_cache._CLAIM)
        claim.computed_at -= timedelta(seconds=report_cache.CLAIM_SECONDS + 1)
        db.session.commit()  # that computation never finished: the next request takes over
        again = cached_figures("k", compute)
        assert (again.data["value"], again.fresh) == (2, True)
        assert db.session.get(CachedReport, "k" + report_cache._CLAIM) is None
        assert cached_figures("k", compute).data["value"] == 2
    assert len(calls) == 2

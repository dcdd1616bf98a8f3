"""Kept national reports: served while young, computed again when old or asked, and a failure
to keep one never costs the reader the figures."""

import logging
from datetime import timedelta

from sqlalchemy import select, text

from lms.core.extensions import db
from lms.practice.reports import ReportFilter, national_figures
from lms.reports import cache as report_cache
from lms.reports.cache import CachedReport, cached_figures


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


def _aged(key: str, payload: str, seconds: int) -> None:
    db.session.add(
        CachedReport(
            key=key, payload=payload, computed_at=report_cache.utcnow() - timedelta(seconds=seconds)
        )
    )
    db.session.commit()


STANDING_PRACTICE = "practice-national:::"
STANDING_VELAYAT = "competencies-national:foundational:AH"


def test_refresh_recomputes_standing_reports_before_they_expire_and_drops_stale_ones(app):
    with app.test_request_context():
        expected = national_figures(ReportFilter())
        _aged(STANDING_PRACTICE, '{"old": 1}', 200)  # expires in 100 s
        _aged(STANDING_VELAYAT, '{"old": 2}', 10)  # young
        _aged("competencies-national:no-such-programme:", "{}", 400)  # gone, expired
        _aged("practice-national:7::", "{}", 400)  # a filtered view, expired
        _aged("practice-national:8::", '{"young": 1}', 10)  # a filtered view, still served
        refreshed, dropped = report_cache.refresh_standing(within=120)
        assert [r.key for r in refreshed] == [STANDING_PRACTICE] and dropped == 2
        assert cached_figures(STANDING_PRACTICE, _unused).data == expected
        assert not cached_figures(STANDING_PRACTICE, _unused).fresh
        keys = set(db.session.scalars(select(CachedReport.key)))
        assert keys == {STANDING_PRACTICE, STANDING_VELAYAT, "practice-national:8::"}
        # Nearer its end, the velayat table is computed too, from its key.
        refreshed, _dropped = report_cache.refresh_standing(within=295)
        assert [r.key for r in refreshed] == [STANDING_VELAYAT]
        assert set(cached_figures(STANDING_VELAYAT, _unused).data) == {"places"}


def test_refresh_leaves_a_report_a_request_is_computing(app):
    with app.test_request_context():
        _aged(STANDING_PRACTICE, '{"old": 1}', 290)
        assert report_cache._claim(STANDING_PRACTICE, report_cache.utcnow())
        assert report_cache.refresh_standing(within=120) == ([], 0)
        assert cached_figures(STANDING_PRACTICE, _unused).data == {"old": 1}


def _unused():
    raise AssertionError("the kept figures should have been served")


def test_reports_refresh_command(app, runner, monkeypatch):
    with app.app_context():
        _aged(STANDING_PRACTICE, '{"old": 1}', 250)
        _aged("practice-national:7::", "{}", 400)
    result = runner.invoke(args=["reports", "refresh"])
    assert result.exit_code == 0, result.output
    assert f"Recomputed {STANDING_PRACTICE} in " in result.output
    assert "Dropped 1 expired report." in result.output
    again = runner.invoke(args=["reports", "refresh"])  # nothing is due now
    assert (again.exit_code, again.output) == (0, "")
    monkeypatch.setitem(app.config, "REPORT_MAX_AGE", 0)
    off = runner.invoke(args=["reports", "refresh"])
    assert off.exit_code == 1 and "nothing to refresh" in off.output


def test_the_worker_refreshes_the_kept_reports_every_minute(app):
    import lms.jobs.periodic  # noqa: F401 (declares the refresh)
    from lms.jobs.kinds import run_periodic

    with app.test_request_context():
        _aged(STANDING_PRACTICE, '{"old": 1}', 250)
        run_periodic()  # what the worker's every-minute task runs
        assert cached_figures(STANDING_PRACTICE, _unused).data != {"old": 1}

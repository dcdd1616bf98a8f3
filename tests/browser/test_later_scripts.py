"""A first visit without the feature scripts (issue #17), at 360 px and 1280 px: a browser whose
service worker does not keep the statics yet gets a page that names keep.js or the practice
log's outbox.js instead of loading it; static/js/offline.js loads it once the worker is ready and
controls the page, so it comes from the worker's cache. The "Keep for offline" button then
appears and keeps; work waiting in the phone's outbox is shown and sent. Without a service
worker the scripts load at once."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from browser.test_outbox import arrived, synced_entries, waiting, write_entry
from browser.waiting import wait_until

from lms.practice.demo import FND_PLACEMENT

pytestmark = pytest.mark.browser

SCREENS = {"phone": {"width": 360, "height": 740}, "desktop": {"width": 1280, "height": 800}}
PROGRAMME = "/learn/foundational/"
SYNC = "**/practice/entries/sync"
KEPT_NAMES = "caches.keys().then(names => names.filter(n => n.startsWith('lms-keep:')))"


@pytest.fixture(params=list(SCREENS))
def fresh(browser, request):
    """A new browser context (no worker, no cache, no cookie) at each screen size."""
    context = browser.new_context(viewport=SCREENS[request.param], locale="en-GB")
    yield context
    context.close()


def log_in_without_a_page(context, live_server, username="trainee"):
    """The session cookie alone: no page opened, so no worker installed and no lms_css."""
    login = context.request.get(f"{live_server}/login").text()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', login)
    token = token or re.search(r'name="csrf_token" value="([^"]+)"', login)
    answer = context.request.post(
        f"{live_server}/login",
        form={"username": username, "password": "social-work", "csrf_token": token[1]},
    )
    assert answer.ok and answer.url == f"{live_server}/"


def scripts_from_the_worker(page) -> dict[str, bool]:
    """Each feature script the page fetched: whether the service worker answered it."""
    seen: dict[str, bool] = {}

    def note(response):
        name = response.url.rsplit("/", 1)[1].split("?")[0]
        if name in ("keep.js", "outbox.js"):
            seen[name] = response.from_service_worker

    page.on("response", note)
    return seen


def assert_named_not_loaded(html: str, name: str) -> None:
    assert f'src="/static/js/{name}' not in html
    assert re.search(rf'data-later-script="/static/js/{re.escape(name)}\?v=', html)


def test_a_cold_programme_page_shows_keep_once_the_worker_is_ready(live_server, fresh):
    log_in_without_a_page(fresh, live_server)
    page = fresh.new_page()
    fetched = scripts_from_the_worker(page)
    answer = page.goto(f"{live_server}{PROGRAMME}")
    assert_named_not_loaded(answer.text(), "keep.js")
    assert page.locator("head style").count() == 1  # a first visit indeed
    keep = page.locator(".keep[data-kind=programme]")
    keep.wait_for(state="visible", timeout=30_000)  # keep.js ran
    assert page.evaluate("!!navigator.serviceWorker.controller")
    assert fetched == {"keep.js": True}  # from the worker's cache, not the link
    assert page.locator("script[src*='/static/js/keep.js']").count() == 1
    page.click("button.keep-button")
    page.wait_for_selector(".keep-status:has-text('Kept on this phone')", timeout=60_000)
    names = page.evaluate(KEPT_NAMES)
    assert names and all(n.startswith("lms-keep:foundational/") for n in names)
    page.locator(".kept-list .kept-module").first.wait_for()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def forget_the_worker(page, live_server) -> None:
    """The phone as a first visit sees it: no worker, no Cache, no lms_css (a new release, a
    cleared site cache); what the outbox keeps in IndexedDB stays."""
    page.evaluate(
        """Promise.all([
             navigator.serviceWorker.getRegistrations()
               .then(rs => Promise.all(rs.map(r => r.unregister()))),
             caches.keys().then(ns => Promise.all(ns.map(n => caches.delete(n)))),
           ])"""
    )
    page.goto("about:blank")  # no page of ours left: the worker goes with the registration
    page.context.clear_cookies(name="lms_css")


def test_work_waiting_on_the_phone_is_shown_and_sent_by_a_cold_practice_log(
    live_server, fresh, request
):
    screen = request.node.callspec.params["fresh"]
    mark = f"Waited for a cold page ({screen})"
    day = FND_PLACEMENT[1] - timedelta(days=6 if screen == "phone" else 7)
    log_in_without_a_page(fresh, live_server)
    page = fresh.new_page()
    page.goto(f"{live_server}/practice/entries/new")  # the form carries outbox.js, always
    assert page.locator("script[src*='/static/js/outbox.js']").count() == 1
    fresh.route(SYNC, lambda route: route.abort())  # the line drops whenever it is sent
    fresh.set_offline(True)
    try:
        write_entry(page, day, "1", f"{mark}: a visit to a grandmother.")
        waiting(page, 1)
    finally:
        fresh.set_offline(False)
    forget_the_worker(page, live_server)

    fetched = scripts_from_the_worker(page)
    answer = page.goto(f"{live_server}/practice/")
    assert_named_not_loaded(answer.text(), "outbox.js")
    waiting(page, 1)  # shown once the script came: still waiting, the line still drops
    assert mark in page.inner_text(".outbox-items")
    assert page.evaluate("!!navigator.serviceWorker.controller")
    assert fetched == {"outbox.js": True}
    assert synced_entries(live_server, mark) == []
    fresh.unroute(SYNC)
    page.click(".outbox-send")
    assert [e.reflection for e in arrived(page, live_server, mark, 1)] == [
        f"{mark}: a visit to a grandmother."
    ]


@pytest.mark.parametrize("screen", list(SCREENS))
@pytest.mark.parametrize("why", ["blocked", "refused"])
def test_without_a_service_worker_the_scripts_load_at_once(live_server, browser, screen, why):
    """A browser that has none (blocked) or whose registration fails (/sw.js not there)."""
    context = browser.new_context(
        viewport=SCREENS[screen],
        locale="en-GB",
        service_workers="block" if why == "blocked" else "allow",
    )
    try:
        if why == "refused":
            context.route("**/sw.js", lambda route: route.fulfill(status=404, body="gone"))
        log_in_without_a_page(context, live_server)
        page = context.new_page()
        fetched = scripts_from_the_worker(page)
        answer = page.goto(f"{live_server}/practice/")
        assert_named_not_loaded(answer.text(), "outbox.js")
        wait_until(page, "!!document.querySelector(\"script[src*='/static/js/outbox.js']\")")
        wait_until(page, "performance.getEntriesByType('resource')"
                         ".some(e => e.name.indexOf('/static/js/outbox.js') !== -1)")  # fmt: skip
        assert fetched == {"outbox.js": False}
        assert page.evaluate("navigator.serviceWorker.getRegistrations()") == []
    finally:
        context.close()

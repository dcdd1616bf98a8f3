"""A first visit paints from one answer, a later one from the phone (issue #17).

The stylesheet comes inside the first page (allowed by its hash: the browser reports no policy
violation and applies it); once the service worker keeps it, the page's script says so in a
cookie and later pages link it, answered by the worker. Pages reached through the worker come
with navigation preload on; where the browser has static routes, a page opened online races the
network against the worker (the network's answer, one request) and a form sent is not raced.
At 360 px and 1280 px.
"""

from __future__ import annotations

from contextlib import contextmanager

import pytest
from browser.session import log_in
from browser.waiting import wait_for_worker, wait_until

from lms.accounts.demo import DEMO_PASSWORD

pytestmark = pytest.mark.browser

SCREENS = ["phone", "desktop"]
ACCENT = "rgb(11, 110, 79)"  # app.css --accent, the header's background


def stylesheet_sources(page) -> list[list[str]]:
    """For each time the page fetched the stylesheet, as Resource Timing tells it: the source
    the worker's static route chose and the one that answered ("" with no route)."""
    return page.evaluate(
        """performance.getEntriesByType("resource")
             .filter(entry => entry.name.indexOf("/static/css/app.css") !== -1)
             .map(entry => [entry.workerMatchedSourceType, entry.workerFinalSourceType])"""
    )


def navigation_source(page) -> list[str]:
    """The source the worker's static route chose for this page, and the one that answered."""
    return page.evaluate(
        """performance.getEntriesByType("navigation")
             .map(entry => [entry.workerMatchedSourceType, entry.workerFinalSourceType])[0]"""
    )


@contextmanager
def requests_seen(app):
    """The (method, path) of every request the live server answers meanwhile."""
    seen = []
    inner = app.wsgi_app

    def counting(environ, start_response):
        seen.append((environ["REQUEST_METHOD"], environ["PATH_INFO"]))
        return inner(environ, start_response)

    app.wsgi_app = counting
    try:
        yield seen
    finally:
        app.wsgi_app = inner


def styled(page) -> bool:
    background = "getComputedStyle(document.querySelector('.site-header')).backgroundColor"
    return page.evaluate(background) == ACCENT


@pytest.mark.parametrize("screen", SCREENS)
def test_the_first_visit_is_styled_from_the_page_and_later_ones_link_it(
    live_server, request, screen
):
    page = request.getfixturevalue(screen)
    violations, stylesheets = [], []
    page.on("console", lambda m: "Content Security Policy" in m.text and violations.append(m))
    page.on(
        "request",
        lambda r: (
            "/static/css/app.css" in r.url
            and r.frame is page.main_frame
            and stylesheets.append(r.url)
        ),
    )
    page.goto(f"{live_server}/login")
    assert page.locator("head style").count() == 1
    assert page.locator("link[rel=stylesheet]").count() == 0
    assert styled(page)
    assert stylesheets == []  # nothing but the page itself
    assert violations == []
    icon = page.evaluate(
        """new Promise(done => {
             const image = new Image();
             image.onload = () => done([image.naturalWidth, image.src.slice(0, 18)]);
             image.onerror = () => done(null);
             image.src = document.querySelector("link[rel=icon]").href;
           })"""
    )
    assert icon == [192, "data:image/svg+xml"]  # the app's icon, drawn without a request

    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    wait_until(page, "document.cookie.indexOf('lms_css=') !== -1")
    assert page.evaluate(
        "caches.match(document.querySelector('script[data-stylesheet]').dataset.stylesheet)"
        ".then(r => !!r)"
    )
    page.reload()
    assert page.locator("head style").count() == 0
    assert page.locator("link[rel=stylesheet]").count() == 1
    assert styled(page)
    assert violations == []
    assert page.evaluate(
        "navigator.serviceWorker.ready.then(r => r.navigationPreload.getState())"
        ".then(s => s.enabled)"
    )
    # the stylesheet came from the worker's Cache through the browser's static routes: no
    # fetch event (Resource Timing names the source a route chose and the one that answered)
    assert stylesheet_sources(page) == [["cache", "cache"]]


@pytest.mark.parametrize("screen", SCREENS)
def test_a_file_missing_from_the_workers_cache_comes_from_the_network(live_server, request, screen):
    """The phone dropped the kept stylesheet (storage pressure): its route finds nothing in the
    Cache and the browser asks the server; the page is styled all the same."""
    page = request.getfixturevalue(screen)
    page.goto(f"{live_server}/login")
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    wait_until(page, "document.cookie.indexOf('lms_css=') !== -1")
    assert page.evaluate(
        """caches.keys().then(names => Promise.all(names
             .filter(name => name.indexOf("lms-static-") === 0)
             .map(name => caches.open(name).then(cache =>
               cache.delete(document.querySelector("script[data-stylesheet]").dataset.stylesheet)))))
           .then(deleted => deleted.indexOf(true) !== -1)"""
    )
    page.reload()
    assert page.locator("link[rel=stylesheet]").count() == 1
    assert styled(page)
    assert stylesheet_sources(page) == [["cache", "network"]]


@pytest.mark.parametrize("screen", SCREENS)
def test_a_page_opened_online_comes_from_the_network_and_the_worker_keeps_it(
    live_server, request, screen
):
    """A page (GET) races the network against the worker: the network's answer is the page's,
    the worker's fetch handler keeps its copy from that same answer (one request to the server),
    and offline the handler answers with it."""
    page = request.getfixturevalue(screen)
    log_in(page, live_server)
    wait_for_worker(page)
    lesson = f"{live_server}/learn/foundational/what-is-social-work/defining-social-work"
    page.goto(lesson)
    title = page.inner_text("article h1")
    forget = f"caches.open('lms-pages').then(cache => cache.delete({lesson!r}))"
    kept = f"caches.open('lms-pages').then(cache => cache.match({lesson!r})).then(r => !!r)"
    page.evaluate(forget)
    with requests_seen(live_server.app) as seen:
        page.reload()
        wait_until(page, kept)
    path = lesson.removeprefix(str(live_server))
    assert seen.count(("GET", path)) == 1
    assert navigation_source(page) == ["race-network-and-fetch-handler", "network"]
    page.context.set_offline(True)
    try:
        page.reload()
        assert page.inner_text("article h1") == title
        assert navigation_source(page) == ["race-network-and-fetch-handler", "fetch-event"]
    finally:
        page.context.set_offline(False)


@pytest.mark.parametrize("screen", SCREENS)
def test_a_form_sent_reaches_the_server_once(live_server, request, screen):
    """A POST is not raced: the login form, sent from a page the worker controls, is one
    request to the server, and the page after it (GET) is raced."""
    page = request.getfixturevalue(screen)
    page.goto(f"{live_server}/login")
    wait_for_worker(page)
    page.fill("input[name=username]", "trainee")
    page.fill("input[name=password]", DEMO_PASSWORD)
    with requests_seen(live_server.app) as seen:
        page.click("input[type=submit]")
        page.wait_for_url(f"{live_server}/")
        page.wait_for_load_state("networkidle")
    assert seen.count(("POST", "/login")) == 1
    assert seen.count(("GET", "/")) == 1
    assert navigation_source(page) == ["race-network-and-fetch-handler", "network"]

"""A first visit paints from one answer, a later one from the phone (issue #17).

The stylesheet comes inside the first page (allowed by its hash: the browser reports no policy
violation and applies it); once the service worker keeps it, the page's script says so in a
cookie and later pages link it, answered by the worker. Pages reached through the worker come
with navigation preload on. At 360 px and 1280 px.
"""

from __future__ import annotations

import pytest
from browser.waiting import wait_until

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

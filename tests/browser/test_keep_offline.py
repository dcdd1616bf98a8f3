"""Keep a module for offline reading, at 360 px and 1280 px: kept all or nothing, read without a
connection (lessons never opened before, the quiz page, its questions), listed with its size,
removed, refreshed when its content version changes, and forgotten on logging out."""

from __future__ import annotations

import pytest
from browser.session import log_in
from browser.waiting import wait_for_worker, wait_until

pytestmark = pytest.mark.browser

SCREENS = ["phone", "desktop"]
PROGRAMME = "/learn/foundational/"
MODULE = "/learn/foundational/what-is-social-work/"
LESSONS = ("defining-social-work", "roles-and-settings")
KEPT_NAMES = "caches.keys().then(names => names.filter(n => n.startsWith('lms-keep:')))"


def kept_names(page) -> list[str]:
    return page.evaluate(KEPT_NAMES)


def keep_the_module(page, live_server):
    page.goto(f"{live_server}{MODULE}")
    page.click("button.keep-button")
    page.wait_for_selector(".keep-status:has-text('Kept on this phone')", timeout=30000)
    names = kept_names(page)
    assert len(names) == 1 and names[0].startswith("lms-keep:foundational/what-is-social-work:en:")
    return names[0]


@pytest.mark.parametrize("screen", SCREENS)
def test_a_kept_module_is_read_offline_as_online(live_server, request, screen):
    page = request.getfixturevalue(screen)
    log_in(page, live_server)
    wait_for_worker(page)
    keep_the_module(page, live_server)
    # Lessons never opened before: they come from the kept module, not from pages visited.
    assert page.evaluate("caches.has('lms-pages').then(() => caches.open('lms-pages'))"
                         ".then(c => c.keys()).then(k => k.filter(r => /defining|roles/"
                         ".test(r.url)).length)") == 0  # fmt: skip
    page.context.set_offline(True)
    offline_articles = {}
    try:
        for slug in LESSONS:
            page.goto(f"{live_server}{MODULE}{slug}")
            assert page.locator(".connection").is_visible()
            offline_articles[slug] = page.inner_html("article.lesson")
            assert page.locator("link[rel=stylesheet]").count() == 1
            assert page.evaluate("getComputedStyle(document.body).fontFamily") != "Times New Roman"
        page.goto(f"{live_server}{MODULE}quiz")
        assert "Quiz" in page.inner_text("main h1")
        questions = page.evaluate(f"fetch('{MODULE}quiz/questions.json').then(r => r.json())")
        assert questions["questions"] and "fraction" not in str(questions)
        page.goto(f"{live_server}{MODULE}")
        assert page.inner_text("main h1")
        page.goto(f"{live_server}/offline")
        item = page.locator(".kept-module[data-module='foundational/what-is-social-work']")
        item.wait_for()
        assert "KB" in item.inner_text() or "MB" in item.inner_text()
        assert "Space left on this phone" in page.inner_text(".kept-space")
    finally:
        page.goto("about:blank")  # the offline page reloads itself once the server answers
        page.context.set_offline(False)
    for slug in LESSONS:  # online again: the same lesson as it was shown offline
        page.goto(f"{live_server}{MODULE}{slug}")
        assert page.inner_html("article.lesson") == offline_articles[slug]


@pytest.mark.parametrize("screen", SCREENS)
def test_a_kept_module_is_listed_and_removed(live_server, request, screen):
    page = request.getfixturevalue(screen)
    log_in(page, live_server)
    wait_for_worker(page)
    keep_the_module(page, live_server)
    page.goto(f"{live_server}{PROGRAMME}")
    item = page.locator(".kept-list .kept-module")
    item.first.wait_for()
    assert item.count() == 1
    assert page.locator(".kept-none").is_hidden()
    box = page.locator(".kept-remove").bounding_box()
    assert box and box["x"] + box["width"] <= page.viewport_size["width"]  # no sideways scroll
    page.click(".kept-remove")
    page.locator(".kept-none").wait_for()
    assert kept_names(page) == []
    page.context.set_offline(True)
    try:
        page.goto(f"{live_server}{MODULE}{LESSONS[1]}")
        assert "You are offline" in page.inner_text("main h1")
    finally:
        page.context.set_offline(False)


@pytest.mark.parametrize("screen", SCREENS)
def test_a_kept_module_is_refreshed_when_its_version_changes(live_server, request, screen):
    page = request.getfixturevalue(screen)
    log_in(page, live_server)
    wait_for_worker(page)
    name = keep_the_module(page, live_server)
    lesson = f"{MODULE}{LESSONS[0]}"
    # The phone holds an older version: another version number and an older lesson text.
    page.evaluate(
        """([name, lesson, module]) => caches.open(name).then(async cache => {
            const key = module + 'offline.json';
            const meta = await (await cache.match(key)).json();
            meta.version = 'older-version';
            await cache.put(key, new Response(JSON.stringify(meta)));
            await cache.put(lesson, new Response('<article class="lesson">Old text</article>',
                {headers: {'Content-Type': 'text/html'}}));
            const stale = 'lms-keep:foundational/what-is-social-work:en:older-version';
            const copy = await caches.open(stale);
            for (const request of await cache.keys()) {
                await copy.put(request, await cache.match(request));
            }
            await caches.delete(name);
        })""",
        [name, lesson, MODULE],
    )
    assert kept_names(page) == ["lms-keep:foundational/what-is-social-work:en:older-version"]
    page.goto(f"{live_server}{PROGRAMME}")
    page.evaluate("window.lmsKeep.refresh()")
    assert kept_names(page) == [name]
    page.context.set_offline(True)
    try:
        page.goto(f"{live_server}{lesson}")
        assert "Old text" not in page.inner_text("main")
        assert page.locator("article.lesson h1").is_visible()
    finally:
        page.context.set_offline(False)


@pytest.mark.parametrize("screen", SCREENS)
def test_logging_out_removes_the_kept_modules(live_server, request, screen):
    page = request.getfixturevalue(screen)
    log_in(page, live_server)
    wait_for_worker(page)
    keep_the_module(page, live_server)
    if page.locator("summary").is_visible():
        page.click("summary")
    page.click("button:has-text('Log out')")
    page.wait_for_url(f"{live_server}/login")
    wait_until(page, f"{KEPT_NAMES}.then(names => names.length === 0)")
    page.context.set_offline(True)
    try:
        page.goto(f"{live_server}{MODULE}{LESSONS[0]}")
        assert "You are offline" in page.inner_text("main h1")
    finally:
        page.context.set_offline(False)


def test_a_full_phone_keeps_nothing_and_says_so(live_server, phone):
    phone.add_init_script(
        "navigator.storage.estimate = () => Promise.resolve({quota: 200000, usage: 199000});"
    )
    log_in(phone, live_server)
    wait_for_worker(phone)
    phone.goto(f"{live_server}{MODULE}")
    phone.click("button.keep-button")
    status = phone.locator(".keep-status.error")
    status.wait_for()
    assert "not enough space" in status.inner_text()
    assert kept_names(phone) == []


def test_a_download_failing_midway_keeps_nothing(live_server, phone):
    # The second lesson cannot be fetched (the connection dropped at that moment).
    phone.add_init_script(
        """const realFetch = window.fetch;
        window.fetch = (url, options) => String(url).includes('roles-and-settings')
            ? Promise.reject(new TypeError('Failed to fetch')) : realFetch(url, options);"""
    )
    log_in(phone, live_server)
    wait_for_worker(phone)
    phone.goto(f"{live_server}{MODULE}")
    phone.click("button.keep-button")
    status = phone.locator(".keep-status.error")
    status.wait_for()
    assert "Nothing was kept" in status.inner_text()
    assert kept_names(phone) == []


def test_a_whole_programme_is_kept_and_each_module_listed(live_server, phone):
    log_in(phone, live_server)
    wait_for_worker(phone)
    phone.goto(f"{live_server}{PROGRAMME}")
    phone.click("button.keep-button")
    phone.wait_for_selector(".keep-status:has-text('Kept on this phone')", timeout=60000)
    names = kept_names(phone)
    assert len(names) >= 1 and all(n.startswith("lms-keep:foundational/") for n in names)
    assert phone.locator(".kept-list .kept-module").count() == len(names)

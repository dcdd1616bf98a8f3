"""The installable web app on a 360 px phone and a 1280 px desktop: the manifest, the service
worker, a lesson read again without a connection, the offline page, the connection state."""

from __future__ import annotations

import json

import pytest
from browser.session import log_in
from browser.waiting import wait_for_worker, wait_until

pytestmark = pytest.mark.browser

SCREENS = ["phone", "desktop"]


def open_a_lesson(page, live_server) -> str:
    page.goto(f"{live_server}/learn/")
    page.click("a.button:has-text('Continue')")
    page.wait_for_selector("article h1")
    return page.url


@pytest.mark.parametrize("screen", SCREENS)
def test_the_manifest_is_linked_and_valid(live_server, request, screen):
    page = request.getfixturevalue(screen)
    page.goto(f"{live_server}/login")
    href = page.get_attribute("link[rel=manifest]", "href")
    assert href.startswith("/manifest.webmanifest")
    manifest = json.loads(page.evaluate(f"fetch({href!r}).then(r => r.text())"))
    assert manifest["name"] and manifest["short_name"]
    assert manifest["start_url"] == "/" and manifest["display"] == "standalone"
    assert manifest["theme_color"] == "#0b6e4f"
    assert {icon["sizes"] for icon in manifest["icons"]} == {"192x192", "512x512"}
    for icon in manifest["icons"]:
        kind = page.evaluate(
            f"fetch({icon['src']!r}).then(r => r.ok && r.headers.get('content-type'))"
        )
        assert kind == "image/png", icon


@pytest.mark.parametrize("screen", SCREENS)
def test_a_lesson_opened_online_is_there_offline(live_server, request, screen):
    page = request.getfixturevalue(screen)
    log_in(page, live_server)
    wait_for_worker(page)
    lesson = open_a_lesson(page, live_server)
    title = page.inner_text("article h1")
    page.context.set_offline(True)
    try:
        page.reload()
        assert page.inner_text("article h1") == title
        assert page.url == lesson
        assert page.locator(".connection").is_visible()
        # A page never opened: the offline page.
        page.goto(f"{live_server}/practice/")
        assert "You are offline" in page.inner_text("main h1")
        assert "Lessons you have opened before are still here." in page.inner_text("main")
    finally:
        page.context.set_offline(False)


@pytest.mark.parametrize("screen", SCREENS)
def test_the_connection_state_follows_the_network(live_server, request, screen):
    page = request.getfixturevalue(screen)
    log_in(page, live_server)
    state = page.locator(".connection")
    assert not state.is_visible()
    page.context.set_offline(True)
    try:
        state.wait_for(state="visible")
        assert state.inner_text() == "Offline"
    finally:
        page.context.set_offline(False)
    state.wait_for(state="hidden")


def test_logging_out_forgets_the_kept_lessons(live_server, phone):
    log_in(phone, live_server)
    wait_for_worker(phone)
    lesson = open_a_lesson(phone, live_server)
    kept = "caches.open('lms-pages').then(c => c.keys()).then(k => k.map(r => r.url))"
    wait_until(phone, f"{kept}.then(urls => urls.includes({lesson!r}))")
    phone.click("summary")
    phone.click("button:has-text('Log out')")
    phone.wait_for_url(f"{live_server}/login")
    wait_until(phone, f"{kept}.then(urls => urls.length === 0).catch(() => true)")
    phone.context.set_offline(True)
    try:
        phone.goto(lesson)
        assert "You are offline" in phone.inner_text("main h1")
    finally:
        phone.context.set_offline(False)

"""A first visit leaves the feature scripts the service worker brings for later (issue #17):
``keep.js`` and the practice log's ``outbox.js`` are named for static/js/offline.js instead of
loaded (``lms.core.later_scripts``); a browser whose worker keeps the statics (the ``lms_css``
cookie) gets them as before. Scripts a page needs online, or to keep what is typed, stay."""

from __future__ import annotations

import re

import pytest
from practice.world import practice_world
from support import login

from lms.core import offline, static_files, stylesheet

LATER = {
    "/learn/": "js/keep.js",
    "/learn/foundational/": "js/keep.js",
    "/learn/foundational/what-is-social-work/": "js/keep.js",
    "/practice/": "js/outbox.js",
}
ALWAYS = {"/practice/entries/new": ("js/outbox.js", "js/practice.js")}


@pytest.fixture
def trainee_client(client, factory):
    """A trainee of the foundational programme with a placement (the entry form is open)."""
    practice_world(factory)
    login(client, "yazgul")
    return client


def keeps_stylesheet(client, app, version: str | None = None) -> None:
    """The cookie static/js/offline.js sets once the worker keeps the statics."""
    version = version or static_files.file_version(app, static_files.STYLESHEET)
    client.set_cookie(stylesheet.COOKIE, version)


def script_tags(page: str, name: str) -> list[str]:
    return re.findall(rf'<script src="/static/{re.escape(name)}\?v=[0-9a-f]{{12}}" defer>', page)


def later_names(page: str) -> list[str]:
    return re.findall(r'<div hidden data-later-script="/static/([^"?]+)\?v=[0-9a-f]{12}">', page)


@pytest.mark.parametrize("path", LATER)
def test_a_first_visit_names_the_feature_script_instead_of_loading_it(trainee_client, path):
    response = trainee_client.get(path)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert script_tags(page, LATER[path]) == []
    assert later_names(page) == [LATER[path]]
    assert 'src="/static/js/offline.js' in page  # what loads it


@pytest.mark.parametrize("path", LATER)
def test_a_browser_keeping_the_statics_gets_the_feature_script_as_before(trainee_client, app, path):
    keeps_stylesheet(trainee_client, app)
    page = trainee_client.get(path).get_data(as_text=True)
    assert len(script_tags(page, LATER[path])) == 1
    assert later_names(page) == []


def test_an_old_version_in_the_cookie_counts_as_a_first_visit(trainee_client, app):
    keeps_stylesheet(trainee_client, app, "000000000000")
    page = trainee_client.get("/learn/foundational/").get_data(as_text=True)
    assert script_tags(page, "js/keep.js") == []
    assert later_names(page) == ["js/keep.js"]


@pytest.mark.parametrize("path", ALWAYS)
def test_a_page_where_work_is_typed_always_carries_its_scripts(trainee_client, app, path):
    """The entry form's outbox keeps the text as it is typed and a submit made offline; its
    practice.js narrows the dates and autosaves: neither may wait for the worker."""
    for keeping in (False, True):
        if keeping:
            keeps_stylesheet(trainee_client, app)
        response = trainee_client.get(path)
        assert response.status_code == 200
        page = response.get_data(as_text=True)
        for name in ALWAYS[path]:
            assert len(script_tags(page, name)) == 1, (name, keeping)
        assert later_names(page) == []


def test_every_script_left_for_later_is_kept_by_the_worker():
    """offline.js waits for the worker so that the script comes from its cache."""
    assert set(LATER.values()) <= set(offline.PRECACHED_STATIC)

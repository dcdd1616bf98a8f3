"""The main pages of each role, at 360 px and at 1280 px: no element id used twice, every wide
table in its own named, keyboard-focusable scrolling region, and no serious or critical
accessibility violation found by axe-core (run from the copy its Python package ships: no
network at run time).

The pages: every page of the role's menu, then the pages those link to (one of each kind of
address: /trainees/1 and /trainees/2 are one kind), so a trainer's view of a trainee's
competencies, an entry, a lesson and a quiz are visited too.
"""

from __future__ import annotations

import re

import pytest
from browser.session import log_in

pytestmark = pytest.mark.browser

ROLES = ("trainee", "trainer", "coordinator", "admin")
NOT_PAGES = (".csv", ".pdf", ".xlsx", "/files/", ".png", ".svg", "/sw.js", ".webmanifest")
MAX_PAGES = 40  # per role: the walk stops there (about 25-40 kinds of page per role)

DUPLICATE_IDS = """() => {
  const seen = {};
  for (const element of document.querySelectorAll('[id]')) {
    seen[element.id] = (seen[element.id] || 0) + 1;
  }
  return Object.entries(seen).filter(([, count]) => count > 1);
}"""

TABLES_OUTSIDE_A_REGION = """() => [...document.querySelectorAll('main table')]
  .filter(t => !t.closest('.prose'))
  .filter(t => {
    const region = t.closest('[role=region]');
    return !region || region.getAttribute('tabindex') !== '0' || !region.getAttribute('aria-label');
  }).map(t => t.className || 'table')"""


def _kind(url: str) -> str:
    return re.sub(r"\d+", "N", url.split("#")[0].split("?")[0])


def _walk(page, live_server) -> list[str]:
    """The role's main pages: its menu, then one page of each kind those pages link to."""
    links = page.eval_on_selector_all("header nav a[href^='/']", "ls => ls.map(a => a.href)")
    queue, kinds, pages = [(url, 0) for url in links], set(), []
    while queue and len(pages) < MAX_PAGES:
        url, depth = queue.pop(0)
        url = url.split("#")[0]
        if not url.startswith(str(live_server)) or any(part in url for part in NOT_PAGES):
            continue
        if _kind(url) in kinds:
            continue
        kinds.add(_kind(url))
        response = page.goto(url)
        assert response is not None and response.status < 400, url
        pages.append(url)
        if depth == 0:
            # a link marked ``download`` gives a file, not a page (the person's own data)
            found = page.eval_on_selector_all(
                "main a[href^='/']:not([download])", "ls => ls.map(a => a.href)"
            )
            queue.extend((link, 1) for link in found)
    return pages


@pytest.fixture(scope="module")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


def _problems(page, axe) -> list[str]:
    found = [f"id {name!r} {count} times" for name, count in page.evaluate(DUPLICATE_IDS)]
    found += [f"table {name} outside a region" for name in page.evaluate(TABLES_OUTSIDE_A_REGION)]
    for violation in axe.run(page).response["violations"]:
        if violation["impact"] in ("serious", "critical"):
            targets = [node["target"] for node in violation["nodes"][:3]]
            found.append(f"axe {violation['id']} ({violation['impact']}): {targets}")
    return found


@pytest.mark.parametrize("username", ROLES)
@pytest.mark.parametrize("screen", ["phone", "desktop"])
def test_the_main_pages_of_each_role_pass_the_page_checks(
    live_server, request, axe, screen, username
):
    page = request.getfixturevalue(screen)
    log_in(page, live_server, username)
    pages, failures = _walk(page, live_server), []
    assert len(pages) >= 5, pages
    for url in pages:
        page.goto(url)
        failures += [f"{url}: {problem}" for problem in _problems(page, axe)]
    assert not failures, "\n".join(failures)


def test_the_login_page_passes_the_page_checks(live_server, phone, axe):
    phone.goto(f"{live_server}/login")
    assert _problems(phone, axe) == []


def test_the_checks_catch_a_repeated_id_an_unwrapped_table_and_low_contrast(
    live_server, desktop, axe
):
    desktop.goto(f"{live_server}/login")
    desktop.evaluate(
        """() => {
      const main = document.querySelector('main');
      main.insertAdjacentHTML('beforeend',
        '<p id="twice">a</p><p id="twice">b</p><table><tr><td>1</td></tr></table>' +
        '<p class="faint">faint text</p>');
      main.querySelector('.faint').style.color = '#bbbbbb';
    }"""
    )
    problems = "\n".join(_problems(desktop, axe))
    assert "id 'twice' 2 times" in problems
    assert "table table outside a region" in problems
    assert "axe color-contrast (serious)" in problems

"""A refused form lists its errors at the top, each linking to its field, and repeats each
error next to its field, tied to it for screen readers (aria-describedby, aria-invalid)."""

import re
from html.parser import HTMLParser

from support import login, post_form


class Elements(HTMLParser):
    """Every element's attributes, in document order."""

    def __init__(self):
        super().__init__()
        self.found: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))


def elements(html: str) -> list[tuple[str, dict]]:
    parser = Elements()
    parser.feed(html)
    return parser.found


def refused_new_user_page(client, factory) -> str:
    factory.user("ayna", "admin")
    login(client, "ayna")
    response = post_form(client, "/admin/users/new", {"username": "", "full_name": ""})
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_the_summary_at_the_top_links_to_each_refused_field(client, factory):
    html = refused_new_user_page(client, factory)
    summary = html[html.index('class="errors error-summary"') :]
    summary = summary[: summary.index("</div>")]
    links = re.findall(r'<a href="#([^"]+)">', summary)
    assert "username" in links and "full_name" in links
    ids = {attrs["id"] for _tag, attrs in elements(html) if "id" in attrs}
    assert set(links) <= ids  # every link reaches its field
    assert html.index("error-summary") < html.index('name="username"')  # above the fields


def test_each_refused_field_points_at_its_own_error(client, factory):
    html = refused_new_user_page(client, factory)
    by_id = {attrs["id"]: (tag, attrs) for tag, attrs in elements(html) if "id" in attrs}
    for name in ("username", "full_name"):
        _tag, attrs = by_id[name]
        assert attrs.get("aria-invalid") == "true"
        described = attrs["aria-describedby"].split()
        assert f"{name}-error" in described and f"{name}-error" in by_id


def test_a_form_not_yet_sent_shows_no_summary_and_no_invalid_field(client, factory):
    factory.user("ayna", "admin")
    login(client, "ayna")
    html = client.get("/admin/users/new").get_data(as_text=True)
    # a first visit carries the stylesheet inline, whose rules name both: look at the markup
    markup = re.sub(r"<style[^>]*>.*?</style>", "", html, flags=re.S)
    assert "error-summary" not in markup and "aria-invalid" not in markup
    assert 'name="username"' in html

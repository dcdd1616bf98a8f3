"""Behind a load balancer the client's address comes from the trusted proxies' headers only."""

from __future__ import annotations

import pytest
from flask import request

from lms import create_app


def _address_seen(hops: int, forwarded: str) -> str:
    app = create_app({"PROXY_HOPS": hops, "TESTING": True})
    app.add_url_rule("/_probe/address", "probe_address", lambda: request.remote_addr or "")
    client = app.test_client()
    headers = {"X-Forwarded-For": forwarded}
    return client.get(
        "/_probe/address", headers=headers, environ_base={"REMOTE_ADDR": "10.0.0.9"}
    ).get_data(as_text=True)


@pytest.mark.parametrize(
    ("hops", "forwarded", "seen"),
    [
        (0, "203.0.113.7", "10.0.0.9"),  # no proxy trusted: the header is the client's own claim
        (1, "203.0.113.7", "203.0.113.7"),  # the load balancer's word is taken
        (1, "198.51.100.1, 203.0.113.7", "203.0.113.7"),  # a forged first hop is ignored
    ],
)
def test_the_client_address_comes_from_as_many_proxies_as_configured(hops, forwarded, seen):
    assert _address_seen(hops, forwarded) == seen

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


def test_the_verification_limit_counts_each_client_behind_the_load_balancer(app, monkeypatch):
    """Issue 16, finding 12: keyed on the proxy's own address, everyone shared one bucket."""
    from lms import trust_proxies

    monkeypatch.setattr(app, "wsgi_app", app.wsgi_app)  # put back after the test
    monkeypatch.setitem(app.config, "PROXY_HOPS", 1)
    monkeypatch.setitem(app.config, "VERIFY_RATE_LIMIT", 3)
    trust_proxies(app)
    client = app.test_client()

    def verify(client_address: str) -> int:
        return client.get(
            "/verify/0000-0000-0000-0000-0",
            headers={"X-Forwarded-For": client_address},
            environ_base={"REMOTE_ADDR": "10.0.0.9"},  # the load balancer
        ).status_code

    assert [verify("203.0.113.7") for _ in range(4)] == [404, 404, 404, 429]
    assert verify("203.0.113.8") == 404  # another client behind the same balancer

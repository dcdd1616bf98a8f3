"""A live server with the demo data and Debian's Chromium driven by Playwright.

Never `playwright install`: the browser is the system's /usr/bin/chromium.
"""

from __future__ import annotations

import threading

import pytest
from flask_migrate import upgrade
from werkzeug.serving import make_server

from lms import create_app
from lms.core.extensions import db

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 360, "height": 740}


class LiveServer:
    """The running demo: formats as its base URL; ``app`` gives access to its data."""

    def __init__(self, url: str, app):
        self.url, self.app = url, app

    def __str__(self) -> str:
        return self.url


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    """The demo, served on a free local port for the whole browser session."""
    from lms.demo.assemble import build_demo

    database = tmp_path_factory.mktemp("live") / "live.sqlite3"
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}",
            "PASSWORD_HASH_METHOD": "scrypt:1024:8:1",
        }
    )
    server = make_server("127.0.0.1", 0, app, threaded=True)
    url = f"http://127.0.0.1:{server.server_port}"
    app.config["PUBLIC_URL"] = url  # certificates' QR codes point at this server
    with app.app_context():
        upgrade()
        build_demo()
        db.session.commit()
        db.session.remove()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield LiveServer(url, app)
    server.shutdown()
    thread.join(timeout=10)
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield instance
        instance.close()


@pytest.fixture
def phone(browser):
    """A fresh page on a small phone screen."""
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale="en-GB")
    page = context.new_page()
    yield page
    context.close()


DESKTOP = {"width": 1280, "height": 800}


@pytest.fixture
def desktop(browser):
    """A fresh page on a desktop screen."""
    context = browser.new_context(viewport=DESKTOP, locale="en-GB")
    page = context.new_page()
    yield page
    context.close()

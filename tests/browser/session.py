"""Logging in through the login form, as a person does, for the browser tests."""

from __future__ import annotations

from lms.accounts.demo import DEMO_PASSWORD


def log_in(page, server, username: str = "trainee", password: str = DEMO_PASSWORD) -> None:
    """Log ``username`` in on ``page`` and wait for the home page it lands on."""
    page.goto(f"{server}/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("input[type=submit]")
    page.wait_for_url(f"{server}/")

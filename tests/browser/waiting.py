"""Waiting for a condition in the page, polled from the test.

Playwright's ``wait_for_function`` evaluates its string again inside the page while it polls,
and the platform's Content-Security-Policy (``script-src 'self'``, no ``unsafe-eval``) refuses
that whenever the condition is not already true on the first look: a race that failed CI.
``page.evaluate`` runs each look through the browser's debugging protocol, which the policy
does not govern, so polling from here waits the same way without the race.
"""

from __future__ import annotations

import time

from playwright.sync_api import Error

TIMEOUT_S = 30.0
GONE = ("Execution context was destroyed", "navigation")  # a look that crossed a page load


def wait_until(page, expression: str, timeout_s: float = TIMEOUT_S) -> None:
    """Until ``expression`` (which may give a promise) is truthy in ``page``."""
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            if page.evaluate(expression):
                return
        except Error as error:
            if not any(words in str(error) for words in GONE):
                raise
        if time.monotonic() > deadline:
            raise AssertionError(f"not true within {timeout_s:.0f} s: {expression}")
        page.wait_for_timeout(50)


def wait_for_worker(page) -> None:
    """Until the service worker is installed, active and controls ``page``."""
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    if not page.evaluate("!!navigator.serviceWorker.controller"):
        page.reload()  # clients.claim() takes over at once; a reload makes sure
    wait_until(page, "!!navigator.serviceWorker.controller")

"""Browser tests wait with ``browser.waiting.wait_until``, never ``wait_for_function``: the
latter evaluates a string inside the page, which the platform's script policy refuses (a race
that failed CI once; see tests/browser/waiting.py)."""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).parent


def test_no_browser_test_waits_by_evaluating_in_the_page():
    users = [
        path.name
        for path in sorted(HERE.glob("*.py"))
        if path.name != Path(__file__).name and "wait_for_function(" in path.read_text()
    ]
    assert users == []

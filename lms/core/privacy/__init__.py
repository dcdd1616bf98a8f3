"""The privacy guard: does a free text look as if it identifies someone?

The people in practice logs, supervision notes, evaluations and essays are vulnerable families;
no record may identify them. Every free-text field that can hold a family's details is checked
for what looks like a personal name, a phone number, a passport or ID number, or an address. A
finding is a warning, not a verdict: the writer edits the text or confirms that it identifies
nobody, and the server refuses a text that has findings and no confirmation (``require_clean``).

It lives in core so that every domain (practice, quizzes) uses the same detector. What it looks
for, and the sources and assumptions behind each pattern: docs/privacy-guard.md.
"""

from lms.core.privacy.scan import (
    Finding,
    IdentifyingText,
    require_clean,
    scan_client_code,
    scan_entry,
    scan_text,
    scan_texts,
)

__all__ = [
    "Finding",
    "IdentifyingText",
    "require_clean",
    "scan_client_code",
    "scan_entry",
    "scan_text",
    "scan_texts",
]

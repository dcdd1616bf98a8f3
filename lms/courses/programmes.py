"""Programmes as the rest of the site names them: codes and titles from the content catalogue.

``content/<programme>/programme.md`` defines each programme's code and titles; nothing else
lists them. Accounts stores a cohort's programme code but sits below courses and never reads the
catalogue: the cohort pages here fill its form's choices and hand it the known codes to check
against, and every template gets the titles as ``programme_labels`` through the context.
"""

from __future__ import annotations

from lms.courses.content import catalogue
from lms.i18n.language import language


def programme_codes() -> tuple[str, ...]:
    """The codes of the programmes in the content, in the order of the programme."""
    return tuple(p.code for p in catalogue().programmes)


def programme_title(code: str, reader: str | None = None) -> str | None:
    """The programme's title in the reader's language (None for a code the content lacks)."""
    programme = catalogue().programme(code)
    return programme.titles.get(reader or language()) if programme else None


def programme_choices() -> list[tuple[str, str]]:
    """(code, title) for a form's select, in the reader's language."""
    reader = language()
    return [(p.code, p.titles.get(reader)) for p in catalogue().programmes]


class ProgrammeLabels:
    """``programme_labels.get(code, default)`` for templates; reads the catalogue only when a
    page names a programme, not on every page that is rendered."""

    def get(self, code: str, default: str | None = None) -> str | None:
        return programme_title(code) or default

    def __getitem__(self, code: str) -> str:
        return self.get(code, code)

"""Who approved a translation, for content kept in YAML (the framework, the practice categories,
the glossary) and in quiz file headers: per language either the short form ``draft`` /
``approved`` or the long form ``{status: approved, reviewer: NAME, date: YYYY-MM-DD}``.

A translation is a draft until a named reviewer approved it on a given day; anything else is an
error at the line of the setting, and the translation counts as a draft.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

import yaml
from flask_babel import lazy_gettext as _l

from lms.i18n.languages import TRANSLATED_LANGUAGES

DRAFT = "draft"
APPROVED = "approved"
STATUSES = (DRAFT, APPROVED)
DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class TextDates(yaml.SafeLoader):
    """A safe YAML loader that leaves dates as text: ``valid_day`` checks them, so an impossible
    date (2026-13-01) is a finding at its line instead of an exception while loading."""


TextDates.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass(frozen=True)
class Review:
    """The review state of one translation."""

    status: str = DRAFT
    reviewer: str | None = None
    date: str | None = None  # YYYY-MM-DD

    @property
    def approved(self) -> bool:
        return self.status == APPROVED


def valid_day(value: object) -> str | None:
    """``value`` as YYYY-MM-DD when it is a real calendar day, else None."""
    if isinstance(value, datetime.date):
        return value.isoformat()
    text = str(value).strip() if isinstance(value, str) else ""
    if not DAY.fullmatch(text):
        return None
    try:
        return datetime.date.fromisoformat(text).isoformat()
    except ValueError:
        return None


def review_of(status: object, reviewer: object, day: object) -> tuple[Review, list]:
    """A review from its three parts, and the messages of what is wrong with them."""
    problems = []
    if status not in STATUSES:
        problems.append(_l("the translation status must be draft or approved"))
        return Review(), problems
    if status == DRAFT:
        return Review(), problems
    name = str(reviewer).strip() if isinstance(reviewer, str | int) else ""
    if not name or day is None:
        problems.append(_l("an approved translation names its reviewer and the date"))
        return Review(), problems
    shown = valid_day(day)
    if shown is None:
        problems.append(_l("“%(date)s” is not a date like 2026-12-20", date=day))
        return Review(), problems
    return Review(APPROVED, name, shown), problems


def reviews_of(value: object) -> tuple[dict[str, Review], list]:
    """The ``translation:`` mapping of a YAML file: a review per translated language (draft
    where the mapping is silent), and the messages of what is wrong with it."""
    reviews = {language: Review() for language in TRANSLATED_LANGUAGES}
    if value is None:
        return reviews, []
    if not isinstance(value, dict):
        return reviews, [_l("“translation” must map each language to draft or approved")]
    problems = []
    for language, entry in value.items():
        if language not in TRANSLATED_LANGUAGES:
            problems.append(_l("unknown language “%(code)s” in “translation”", code=language))
            continue
        if isinstance(entry, dict):
            review, found = review_of(entry.get("status"), entry.get("reviewer"), entry.get("date"))
        else:
            review, found = review_of(entry, None, None)
        reviews[language] = review
        problems.extend(
            _l("%(language)s: %(problem)s", language=language, problem=p) for p in found
        )
    return reviews, problems

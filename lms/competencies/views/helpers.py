"""Names and filters the competencies templates share."""

from __future__ import annotations

from collections import Counter

from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from lms.competencies.package import FrameworkPackage
from lms.core.markdown import render_markdown
from lms.i18n.formatting import number

ORIGIN_LABELS = {
    "yaml": _l("Programme content"),
    "case": _l("CASE package"),
    "moodle": _l("Moodle CSV"),
}
FORMAT_LABELS = {"case": _l("CASE JSON package"), "moodle": _l("Moodle CSV"), "unknown": "?"}
DOMAIN_LABELS = {"knowledge": _l("knowledge"), "skills": _l("skills"), "values": _l("values")}
# The heatmap's one-letter marks; its legend ("P = proficient, D = developing, …") explains them.
STATUS_MARKS = {
    "not_yet": "·",
    # Translators: heatmap mark for "developing"; keep it in step with the heatmap's legend
    "developing": _l("D"),
    # Translators: heatmap mark for "proficient"; keep it in step with the heatmap's legend
    "proficient": _l("P"),
}
# association type -> (seen from its origin, seen from its destination)
RELATION_LABELS = {
    "exactMatchOf": (_l("Exact match of"), _l("Exactly matched by")),
    "isRelatedTo": (_l("Related to"), _l("Related from")),
    "isPeerOf": (_l("Peer of"), _l("Peer of")),
    "isPartOf": (_l("Part of"), _l("Has part")),
    "precedes": (_l("Precedes"), _l("Follows")),
    "replacedBy": (_l("Replaced by"), _l("Replaces")),
    "exemplar": (_l("Exemplar"), _l("Exemplar of")),
    "hasSkillLevel": (_l("Has skill level"), _l("Skill level of")),
    "isTranslationOf": (_l("Translation of"), _l("Translated as")),
}


def relation_label(kind: str, outgoing: bool) -> str:
    labels = RELATION_LABELS.get(kind)
    return str(labels[0 if outgoing else 1]) if labels else kind


def association_counts(package: FrameworkPackage) -> dict[str, int]:
    return dict(sorted(Counter(a.association_type for a in package.associations).items()))


def competency_markdown(text: str | None) -> Markup:
    """Imported descriptions (Markdown, or Moodle's HTML) through the one sanitiser."""
    return render_markdown(text or "")


def ects(value) -> str:
    """In the reader's locale: 7.50 -> "7,5" (tk, ru) or "7.5" (en), 10.00 -> "10"."""
    return number(value, 2)


def template_names() -> dict:
    return {
        "origin_labels": ORIGIN_LABELS,
        "format_labels": FORMAT_LABELS,
        "domain_labels": DOMAIN_LABELS,
        "status_marks": STATUS_MARKS,
        "relation_label": relation_label,
        "association_counts": association_counts,
        "ects": ects,
    }

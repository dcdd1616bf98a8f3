"""What people read for the codes stored in practice records (translated with Babel)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

STATUS_LABELS = {
    "draft": _l("Draft"),
    "submitted": _l("Submitted"),
    "approved": _l("Approved"),
    "returned": _l("Returned"),
    "resubmitted": _l("Resubmitted"),
}
KIND_LABELS = {
    "direct": _l("Direct practice"),
    "indirect": _l("Indirect practice"),
    "supervision": _l("Supervision"),
    "travel": _l("Travel (not counted)"),
}
TARGET_GROUP_LABELS = {
    "child": _l("Child"),
    "family": _l("Family"),
    "older_person": _l("Older person"),
    "person_with_disability": _l("Person with disability"),
    "other": _l("Other"),
}
FORMAT_LABELS = {
    "individual": _l("Individual"),
    "group": _l("Group"),
    "live_observation": _l("Live observation"),
}
MODE_LABELS = {"in_person": _l("In person"), "phone": _l("Phone"), "online": _l("Online")}
TOPIC_LABELS = {
    "cases": _l("Cases (by client code)"),
    "ethics": _l("Ethics"),
    "learning_goals": _l("Learning goals"),
    "safety": _l("Safety"),
    "self_care": _l("Self-care"),
}
STAGE_LABELS = {"mid": _l("Mid-placement evaluation"), "end": _l("End-of-placement evaluation")}
RATING_LABELS = {
    # The framework's scale (content/frameworks/TM-SW.yaml "levels"), word for word.
    5: _l("5 — exemplary"),
    4: _l("4 — strong"),
    3: _l("3 — meets the standard"),
    2: _l("2 — developing"),
    1: _l("1 — not shown"),
    None: _l("Not observed"),
}
QUARTER_CHOICES = [("0", ":00"), ("15", ":15"), ("30", ":30"), ("45", ":45")]
NOT_OBSERVED = "not_observed"


def all_labels() -> dict[str, dict]:
    """Every label table, for the blueprint's templates."""
    return {
        "status_labels": STATUS_LABELS,
        "kind_labels": KIND_LABELS,
        "target_group_labels": TARGET_GROUP_LABELS,
        "format_labels": FORMAT_LABELS,
        "mode_labels": MODE_LABELS,
        "topic_labels": TOPIC_LABELS,
        "stage_labels": STAGE_LABELS,
        "rating_labels": RATING_LABELS,
    }

"""The kinds of notification: how each is named on the settings page and worded in the list
and in e-mails. The wording is looked up in the reader's language when shown."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

# kind -> (its name on the settings page, the sentence; %(subject)s is the subject's title)
KINDS = {
    "entry_returned": (
        _l("A practice entry returned to you"),
        _l("Your supervisor returned %(subject)s: see what to change."),
    ),
    "entry_approved": (
        _l("A practice entry approved"),
        _l("Your supervisor approved %(subject)s."),
    ),
    "message": (
        _l("A message in a conversation"),
        _l("New message on %(subject)s."),
    ),
    "evaluation_to_acknowledge": (
        _l("A field evaluation to acknowledge"),
        _l("%(subject)s is ready: read it and write your self-evaluation."),
    ),
    "essay_graded": (
        _l("An essay graded"),
        _l("Your essay was graded: %(subject)s."),
    ),
    "certificate_issued": (
        _l("A certificate issued"),
        _l("Your certificate was issued: %(subject)s."),
    ),
    "placement_ending": (
        _l("A placement ending in a week"),
        _l("%(subject)s ends in a week: check that your hours and evaluations are complete."),
    ),
    "quiz_closing": (
        _l("A quiz closing soon"),
        _l("%(subject)s: finish it before it closes."),
    ),
    "certificate_revoked": (
        _l("A certificate revoked"),
        _l("Your certificate was revoked: %(subject)s."),
    ),
}

HIDDEN_SUBJECT = _l("something you can no longer see")


def sentence(kind: str, subject_title: str | None) -> str:
    """The notification in the current language; without a title when the subject is hidden."""
    subject = subject_title or str(HIDDEN_SUBJECT)
    return str(KINDS[kind][1]) % {"subject": subject} if kind in KINDS else subject

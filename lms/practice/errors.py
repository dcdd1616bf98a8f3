"""Domain errors of the practice package; views turn them into form errors or flashes."""

from __future__ import annotations

from flask_babel import gettext as _

from lms.core.privacy import Finding


class PracticeError(ValueError):
    """A practice rule was broken; the message is meant for the person acting.

    ``field`` names the form field the message belongs beside (the date outside the
    placement), or None when it is about the whole form."""

    def __init__(self, message: str = "", *, field: str | None = None):
        super().__init__(message)
        self.field = field


class NotADraft(PracticeError):
    """An edit (or an autosave) of an entry that was submitted or approved meanwhile: the typed
    text is shown again and nothing is changed (HTTP 409)."""


class PrivacyConfirmationNeeded(PracticeError):
    """Submission refused: the text looks identifying and the trainee has not confirmed it."""

    def __init__(self, findings: dict[int, list[Finding]]):
        super().__init__(
            _(
                "Some entries look as if they could identify someone. Edit them, or confirm "
                "that they contain no identifying details."
            )
        )
        self.findings = findings

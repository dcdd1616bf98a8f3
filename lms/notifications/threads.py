"""What the pages with a conversation share (a practice entry, a field evaluation, a quiz
attempt with an essay): the thread and its form for the template, and posting from the form.
Each domain's route decides who may see the subject (404 otherwise) and who takes part."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from flask import redirect
from flask_login import current_user

from lms.core.privacy import IdentifyingText
from lms.notifications.conversations import MessageRefused, conversation, post_message
from lms.notifications.forms import MessageForm


def conversation_context(
    subject_type: str, subject_id: int, action: str, form=None, findings=()
) -> dict:
    """What ``notifications/_conversation.html`` needs on a subject's page."""
    return {
        "said": conversation(subject_type, subject_id),
        "message_form": form or MessageForm(),
        "message_action": action,
        "message_findings": list(findings),
    }


def post_from_form(
    subject_type: str,
    subject_id: int,
    participants: Iterable[int],
    page: Callable,
    back: str,
):
    """Post the form's message and go back to the subject's page; or show that page again
    with the refusal (``page(form, findings)`` answers with 422)."""
    form = MessageForm()
    findings = []
    if form.validate_on_submit():
        try:
            post_message(
                current_user,
                subject_type,
                subject_id,
                form.body.data,
                participants=participants,
                confirmed=bool(form.confirm_privacy.data),
            )
        except IdentifyingText as exc:
            form.form_errors.append(str(exc))
            findings = exc.findings
        except MessageRefused as exc:
            form.form_errors.append(str(exc))
        else:
            return redirect(back + "#conversation", code=303)
    return page(form, findings)

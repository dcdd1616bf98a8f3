"""Nobody signs off, marks, rates, observes or certifies their own work.

People hold several roles (a trainer is often a trainee in the ToT programme), and what a trainer
decides about a trainee counts toward certificates. Every service that records such a decision
calls ``refuse_self`` first, before it changes anything: approving or returning practice entries,
field evaluations, supervision sessions, quiz marks and overrides, competency status overrides,
observed co-facilitation, and issuing or re-issuing certificates.

The error is a 403 whose text says why (see ``core.web.render_error``), so a view that does not
catch it still answers with a clear page rather than a server error.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import Forbidden


class SelfDecisionError(Forbidden):
    """Someone tried to decide about their own work."""

    explained = True  # render_error shows the description, not the generic 403 text

    def __init__(self) -> None:
        super().__init__(
            description=_l(
                "Nobody can sign off, mark, rate or certify their own work: another trainer "
                "or an administrator must do it."
            )
        )


def _id(person) -> int | None:
    return person if person is None or isinstance(person, int) else person.id


def refuse_self(actor, subject) -> None:
    """Raise SelfDecisionError when ``actor`` and ``subject`` (users or user ids) are one person.

    An actor of None (a command run by the system) is never refused."""
    actor_id, subject_id = _id(actor), _id(subject)
    if actor_id is not None and actor_id == subject_id:
        raise SelfDecisionError()

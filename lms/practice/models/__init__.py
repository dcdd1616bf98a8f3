"""Tables of the practice package, split by concern; import from here."""

from lms.practice.models.entries import (
    ENTRY_STATUSES,
    KINDS,
    TARGET_GROUPS,
    PracticeEntry,
)
from lms.practice.models.evaluations import STAGES, FieldEvaluation, FieldRating
from lms.practice.models.placements import Placement
from lms.practice.models.sessions import (
    SESSION_FORMATS,
    SESSION_MODES,
    SESSION_TOPICS,
    AgreedAction,
    SessionParticipant,
    SupervisionSession,
)

__all__ = [
    "ENTRY_STATUSES",
    "KINDS",
    "SESSION_FORMATS",
    "SESSION_MODES",
    "SESSION_TOPICS",
    "STAGES",
    "TARGET_GROUPS",
    "AgreedAction",
    "FieldEvaluation",
    "FieldRating",
    "Placement",
    "PracticeEntry",
    "SessionParticipant",
    "SupervisionSession",
]

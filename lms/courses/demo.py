"""The demo's reading: how far each demo trainee has read, so every stage of progress shows."""

from __future__ import annotations

from lms.accounts.models import User
from lms.courses.content import catalogue
from lms.courses.progress import mark_done, records_for

ALL = None  # every lesson of the programme, however many modules it has

# How far each demo trainee has read: programme -> number of lessons done, in course order.
DEMO_READING: dict[str, dict[str, int | None]] = {
    "trainee": {"foundational": 9},
    "aygul": {"foundational": ALL},
    "bagul": {},
    "dowlet": {"foundational": 3},
    "maysa": {"foundational": ALL},
    "annageldi": {"foundational": 20},
    "gulshat": {"foundational": 1},
    "nury": {"foundational": 6},
    "jeren": {"foundational": ALL, "advanced": 8},
    "shirin": {"foundational": ALL, "advanced": 2},
    "zohre": {"foundational": ALL},
}


def build_reading_demo(users: dict[str, User]) -> None:
    """Mark lessons done for the demo trainees, so every stage of progress is on show."""
    for username, plan in DEMO_READING.items():
        user = users[username]
        existing = records_for(user.id, list(plan))
        for code, count in plan.items():
            programme = catalogue().programme(code)
            if programme is None or existing.get(code):
                continue
            sequence = [(m, lesson) for m in programme.modules for lesson in m.lessons]
            for module, lesson in sequence[:count]:
                mark_done(user.id, programme, module, lesson)

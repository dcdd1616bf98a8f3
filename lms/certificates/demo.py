"""The demo's certificates."""

from __future__ import annotations

from pathlib import Path

from flask import current_app

from lms.accounts.models import User
from lms.certificates.issuing import NotEligible, issue_certificate
from lms.certificates.signing import generate_key
from lms.courses.content import catalogue

# Demo certificates: a valid one for Aýgül, and the foundational certificates the advanced
# cohort earned before starting (Maýsa is left eligible but not yet issued).
DEMO_CERTIFICATES = {"foundational": ("aygul", "jeren", "shirin", "zohre")}


def build_certificates_demo(users: dict[str, User]) -> None:
    key_file = Path(current_app.config["SIGNING_KEY_FILE"])
    if not key_file.exists():
        generate_key(key_file)
    for code, usernames in DEMO_CERTIFICATES.items():
        for username in usernames:
            try:
                issue_certificate(users[username], catalogue().programme(code), actor_id=None)
            except NotEligible:
                continue  # the demo data does not (yet) meet every requirement for them

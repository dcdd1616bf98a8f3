"""Two admins issuing certificates of the same programme at the same moment get consecutive
serials, on each database, rather than the same one (which the unique index would refuse)."""

import threading
import time

from certificate_helpers import qualify
from flask_migrate import upgrade
from sqlalchemy import select
from support import dispose, make_app_for

from lms.accounts.models import User
from lms.accounts.regions import sync_regions
from lms.accounts.users import NewUser, create_user
from lms.certificates.issuing import issue_certificate
from lms.core.extensions import db
from lms.courses.content import catalogue


def _qualified(app, usernames):
    with app.app_context():
        upgrade()
        sync_regions()
        for username in usernames:
            user = create_user(
                NewUser(username, username.title(), "long enough pw", ("trainee",)), actor_id=None
            )
            qualify(user, "foundational")
        db.session.commit()
        db.session.remove()


def test_two_batches_at_once_get_different_serials(empty_database):
    app = make_app_for(empty_database)
    _qualified(app, ["first", "second"])
    first_flushed, second_started = threading.Event(), threading.Event()
    serials, errors = {}, []

    def issue(username, before_commit=None, before_issue=None):
        try:
            with app.app_context():
                if before_issue:
                    before_issue()
                user = db.session.scalar(select(User).where(User.username == username))
                outcome = issue_certificate(
                    user, catalogue().programme("foundational"), actor_id=None
                )
                db.session.flush()
                if before_commit:
                    before_commit()
                db.session.commit()
                serials[username] = outcome.certificate.serial
                db.session.remove()
        except Exception as exc:  # reported below, with the other thread's outcome
            errors.append(f"{username}: {exc!r}")
            first_flushed.set()

    def hold_the_transaction():
        first_flushed.set()
        second_started.wait(10)
        time.sleep(0.5)  # the second is counting (or waiting to) meanwhile

    def start_after_the_first():
        first_flushed.wait(10)
        second_started.set()

    threads = [
        threading.Thread(target=issue, args=("first", hold_the_transaction)),
        threading.Thread(target=issue, args=("second", None, start_after_the_first)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    dispose(app)
    assert errors == []
    assert serials["first"].endswith("-000001")
    assert serials["second"].endswith("-000002")

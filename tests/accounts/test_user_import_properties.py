"""Properties of the user CSV import (Hypothesis): any text gives a report of numbered rows
and nothing else, a generated good file is read back user for user, and nothing a valid
username becomes is longer than the users columns hold (PostgreSQL refuses it with a 500:
64 × ``ß`` passed as a username while its case-folded key, ``ss`` × 64, did not fit)."""

import csv
import io

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from lms.accounts.names import InvalidName, clean_username, username_key
from lms.accounts.user_import import check_csv
from lms.accounts.users import column_length

# check_csv only reads: the test's rolled-back transaction may be shared by the examples.
SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
CSV_PIECES = st.sampled_from(
    ["username", "full_name", "email", "roles", "language", "cohort", "password", "region", ",",
     "\n", "\r\n", '"', '""', "\x00", "\ud800", "²", "admin", "trainee", "tk", ";"]
)  # fmt: skip


@SETTINGS
@given(
    text=st.one_of(
        st.text(max_size=80),
        st.lists(st.one_of(CSV_PIECES, st.text(max_size=5)), max_size=30).map("".join),
    )
)
def test_any_text_gives_a_report_and_nothing_else(app, text):
    with app.test_request_context():
        report = check_csv(text)
    assert report.ok == (not report.errors)
    for line, message in report.errors:
        assert isinstance(line, int) and line >= 1 and message
    assert report.ok or not report.generated_passwords or report.users is not None


LETTERS = "abcdefghijklmnopqrstuvwxyz"
USERNAME = st.text(st.sampled_from(LETTERS + "0123456789._-"), min_size=1, max_size=20)
NAME = st.lists(
    st.text(st.sampled_from("abcdeýüöäşňçžABCÝŞ"), min_size=1, max_size=10), min_size=1, max_size=3
).map(" ".join)


@SETTINGS
@given(
    people=st.lists(
        st.tuples(USERNAME, NAME, st.booleans()), min_size=1, max_size=6, unique_by=lambda p: p[0]
    )  # fmt: skip
)
def test_a_generated_good_file_is_read_back(app, people):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["username", "full_name", "email"])
    for username, name, with_email in people:
        writer.writerow(["p" + username, name, f"p{username}@example.tm" if with_email else ""])
    with app.test_request_context():
        report = check_csv(buffer.getvalue())
    assert report.ok, report.errors
    assert [(u.username, u.full_name, u.email) for u in report.users] == [
        ("p" + u, n, f"p{u}@example.tm" if e else None) for u, n, e in people
    ]


@SETTINGS
@given(
    st.one_of(
        st.text(st.characters(categories=("Ll", "Lu", "Nd")), min_size=1, max_size=70),
        st.text(st.sampled_from("aßŉﬁİ"), min_size=30, max_size=70),  # case folding lengthens
    )
)
@example("ß" * 64)  # found: 64 characters, a key of 128 (a 500 on PostgreSQL)
def test_a_valid_username_fits_its_columns(app, text):
    try:
        username = clean_username(text)
    except InvalidName:
        return
    with app.app_context():
        assert len(username) <= column_length("username")
        assert len(username_key(username)) <= column_length("username_key")

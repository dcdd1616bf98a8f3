"""Work done without a connection, on a 360 px phone and a 1280 px desktop, with the browser
context's offline switch: practice entries written offline survive a reload and are stored
exactly once when the connection returns; an offline quiz paper makes exactly one graded
attempt; a refused entry comes back with the server's reason and the trainee's text; kept work
waits for its own person and is never sent as someone else."""

from __future__ import annotations

import shutil
from datetime import timedelta
from pathlib import Path

import pytest
from browser.session import log_in
from browser.waiting import wait_for_worker
from content_tree import use_content
from sqlalchemy import select

from lms.accounts.models import User
from lms.core.extensions import db
from lms.practice.demo import FND_PLACEMENT
from lms.practice.models import PracticeEntry
from lms.quizzes.models import QuizAttempt

pytestmark = pytest.mark.browser

SCREENS = ["phone", "desktop"]
CONTENT = Path(__file__).resolve().parents[2] / "content"


def log_out(page, live_server):
    page.goto(f"{live_server}/")
    page.click("summary")
    page.click("button:has-text('Log out')")
    page.wait_for_url(f"{live_server}/login")


def synced_entries(live_server, reflection_prefix: str) -> list[PracticeEntry]:
    with live_server.app.app_context():
        rows = db.session.scalars(
            select(PracticeEntry).where(
                PracticeEntry.client_id.is_not(None),
                PracticeEntry.reflection.startswith(reflection_prefix),
            )
        ).all()
        db.session.remove()
        return list(rows)


def write_entry(page, day, hours: str, reflection: str, button: str = "save"):
    # the duration and the client details sit in folds on the short form: open them first
    page.eval_on_selector_all("form details", "folds => folds.forEach(d => { d.open = true; })")
    page.fill("input[name=day]", day.isoformat())
    page.fill("input[name=hours]", hours)
    page.select_option("select[name=category]", "counselling")
    page.fill("input[name=client_code]", "C-711")
    page.select_option("select[name=target_group]", "older_person")
    page.fill("textarea[name=reflection]", reflection)
    page.click(f"input[name={button}]")


def arrived(page, live_server, mark: str, count: int) -> list[PracticeEntry]:
    """The entries marked ``mark`` once ``count`` of them reached the server (the outbox sends
    a moment after the page opens, so its list may not be on screen yet)."""
    for _ in range(100):
        entries = synced_entries(live_server, mark)
        if len(entries) >= count:
            break
        page.wait_for_timeout(100)
    page.locator(".outbox").wait_for(state="hidden")
    return synced_entries(live_server, mark)


def open_practice_form(page, live_server):
    """Logged in, the service worker in control (so the form reopens offline), on the form."""
    log_in(page, live_server)
    wait_for_worker(page)
    page.goto(f"{live_server}/practice/entries/new")


def waiting(page, count: int):
    page.locator(".outbox-title", has_text=f"Waiting to send ({count})").wait_for()


@pytest.mark.parametrize("screen", SCREENS)
def test_two_entries_written_offline_arrive_once_after_a_reload(live_server, request, screen):
    page = request.getfixturevalue(screen)
    mark = f"Offline visit ({screen})"
    day = FND_PLACEMENT[1] - timedelta(days=2 if screen == "phone" else 3)
    open_practice_form(page, live_server)
    page.context.set_offline(True)
    try:
        write_entry(page, day, "1", f"{mark}: listened to a carer.")
        waiting(page, 1)
        assert page.input_value("textarea[name=reflection]") == ""  # ready for the next one
        write_entry(page, day, "2", f"{mark}: planned the next visit.", "submit_entry")
        waiting(page, 2)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        page.reload()  # the form kept on the phone opens again: the work is still listed
        assert "Log practice" in page.inner_text("main h1")
        waiting(page, 2)
        assert synced_entries(live_server, mark) == []
    finally:
        page.context.set_offline(False)
    page.wait_for_selector("form.entry-form")  # the kept form sends the work as its person
    entries = arrived(page, live_server, mark, 2)
    assert sorted((e.minutes, e.status) for e in entries) == [(60, "draft"), (120, "submitted")]
    page.reload()  # nothing is sent twice
    page.wait_for_load_state("networkidle")
    assert len(synced_entries(live_server, mark)) == 2


@pytest.mark.parametrize("screen", SCREENS)
def test_work_is_sent_again_when_the_connection_returns_before_the_network(
    live_server, request, screen
):
    """The phone says it is online a moment before the network carries anything: the first try
    finds no server, and the outbox tries again by itself (no reload, no "Send now")."""
    page = request.getfixturevalue(screen)
    mark = f"Late network ({screen})"
    day = FND_PLACEMENT[1] - timedelta(days=5 if screen == "phone" else 6)
    open_practice_form(page, live_server)
    dropped = []

    def first_try_finds_no_server(route):
        if dropped:
            route.continue_()
        else:
            dropped.append(route.request.method)
            route.abort("internetdisconnected")

    page.context.set_offline(True)
    try:
        write_entry(page, day, "1", f"{mark}: visited a family with a new baby.")
        waiting(page, 1)
        page.route("**/practice/entries/sync", first_try_finds_no_server)
    finally:
        page.context.set_offline(False)
    entries = arrived(page, live_server, mark, 1)
    assert dropped == ["POST"]
    assert [e.minutes for e in entries] == [60]


@pytest.mark.parametrize("screen", SCREENS)
def test_a_refused_entry_comes_back_with_its_text(live_server, request, screen):
    page = request.getfixturevalue(screen)
    mark = f"Refused visit ({screen})"
    outside = FND_PLACEMENT[1] + timedelta(days=1)  # the placement had ended
    log_in(page, live_server)
    page.goto(f"{live_server}/practice/entries/new")
    page.context.set_offline(True)
    try:
        write_entry(page, outside, "1", f"{mark}: a long talk with a family.")
        waiting(page, 1)
    finally:
        page.context.set_offline(False)
    refused = page.locator(".outbox-item.is-refused")
    refused.wait_for()
    assert "The date is outside the placement" in refused.inner_text()
    assert synced_entries(live_server, mark) == []
    refused.locator("button").click()  # edit and send again
    assert page.input_value("textarea[name=reflection]") == f"{mark}: a long talk with a family."
    page.fill("input[name=day]", (FND_PLACEMENT[1] - timedelta(days=4)).isoformat())
    page.click("input[name=save]")
    assert [e.reflection for e in arrived(page, live_server, mark, 1)] == [
        f"{mark}: a long talk with a family."
    ]


def test_kept_work_waits_for_its_own_person(live_server, phone):
    mark = "Kept for its person"
    log_in(phone, live_server)
    phone.goto(f"{live_server}/practice/entries/new")
    phone.route("**/practice/entries/sync", lambda route: route.abort())  # the line drops
    phone.context.set_offline(True)
    try:
        write_entry(phone, FND_PLACEMENT[1] - timedelta(days=5), "1", f"{mark}: a visit.")
        waiting(phone, 1)
    finally:
        phone.context.set_offline(False)
    log_out(phone, live_server)  # the line still drops until the trainee has logged out
    phone.unroute("**/practice/entries/sync")
    log_in(phone, live_server, "jeren")  # another trainee on the same phone
    phone.goto(f"{live_server}/practice/")
    phone.wait_for_load_state("networkidle")
    assert phone.locator(".outbox").is_hidden()
    assert synced_entries(live_server, mark) == []
    log_out(phone, live_server)
    log_in(phone, live_server)
    phone.goto(f"{live_server}/practice/")
    with live_server.app.app_context():
        trainee = db.session.scalar(select(User.id).where(User.username == "trainee"))
    assert [e.trainee_id for e in arrived(phone, live_server, mark, 1)] == [trainee]


@pytest.fixture
def untimed_quizzes(live_server, tmp_path):
    """The real curricula with the foundational quizzes untimed (timed ones are not papers)."""
    root = tmp_path / "content"
    shutil.copytree(CONTENT, root)
    for module in (root / "foundational").glob("*/module.md"):
        text = module.read_text(encoding="utf-8")
        module.write_text(text.replace("time_limit_minutes: 20", "time_limit_minutes: 0"))
    restore = use_content(live_server.app, root)
    yield
    restore()


def paper_module(page, live_server) -> str:
    """The first foundational quiz this trainee may still take as a paper."""
    page.goto(f"{live_server}/learn/foundational/")
    links = page.eval_on_selector_all(
        "a[href*='/learn/foundational/']", "links => links.map(a => a.pathname)"
    )
    modules = dict.fromkeys(p for p in links if p.count("/") == 4 and p.endswith("/"))
    # the live server is shared by the session: test_quiz_on_a_phone starts this one's quiz
    modules.pop("/learn/foundational/communication/", None)
    for path in modules:
        page.goto(f"{live_server}{path}quiz")
        if page.locator("form.paper-offer button").count():
            return path.split("/")[3]
    raise AssertionError("no quiz to take offline")


def attempts_of(live_server, module: str) -> list[QuizAttempt]:
    with live_server.app.app_context():
        trainee = db.session.scalar(select(User.id).where(User.username == "trainee"))
        rows = db.session.scalars(
            select(QuizAttempt).where(QuizAttempt.user_id == trainee, QuizAttempt.module == module)
        ).all()
        db.session.remove()
        return list(rows)


@pytest.mark.parametrize("screen", SCREENS)
def test_a_paper_answered_offline_makes_one_graded_attempt(
    live_server, request, screen, untimed_quizzes
):
    page = request.getfixturevalue(screen)
    log_in(page, live_server)
    wait_for_worker(page)
    module = paper_module(page, live_server)
    before = len(attempts_of(live_server, module))
    page.click("form.paper-offer button")
    page.wait_for_url("**/quiz/papers/*")
    paper = page.url
    page.context.set_offline(True)
    try:
        for group in page.locator("fieldset.options").all():
            group.locator("input").first.check()
        for box in page.locator("form#quiz-paper input[type=text], form#quiz-paper textarea").all():
            box.fill("7")
        page.click("button.finish-button")
        waiting(page, 1)
        page.reload()  # the offline page: the answers are kept
        waiting(page, 1)
    finally:
        page.context.set_offline(False)
    page.wait_for_url("**/review")
    attempts = attempts_of(live_server, module)
    assert len(attempts) == before + 1
    assert attempts[-1].state != "in_progress" and attempts[-1].finished_at is not None
    page.goto(paper)  # the paper again: its result, not a second attempt
    page.wait_for_url("**/review")
    assert len(attempts_of(live_server, module)) == before + 1

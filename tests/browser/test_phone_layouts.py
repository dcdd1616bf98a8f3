"""Forms and tables made for a 360 px screen: the practice log as cards, the practice form short
with the rest folded (nothing lost when folded), and the approval queue's controls in reach.

Measured on the demo at 360 × 740 before this layout: the form was 3,093 px tall, the log's
status column lay outside the screen, the queue's only Approve button was 5,552 px down."""

import pytest
from browser.session import log_in
from browser.waiting import wait_until

from lms.core.database import local_today
from lms.practice.demo import FND_PLACEMENT

pytestmark = pytest.mark.browser


def _within_screen(locator) -> bool:
    return locator.evaluate(
        "e => { const r = e.getBoundingClientRect();"
        " return r.left >= 0 && r.right <= innerWidth && r.width > 0; }"
    )


def test_on_a_phone_each_entry_of_the_log_is_a_card_with_its_status_on_screen(live_server, phone):
    log_in(phone, live_server, "trainee")
    phone.goto(f"{live_server}/practice/")
    badges = phone.locator("table.entries .entry-status .badge")
    assert badges.count() >= 5
    for index in range(badges.count()):
        assert _within_screen(badges.nth(index)), index
    assert phone.evaluate("document.documentElement.scrollWidth <= innerWidth")


def test_on_a_desktop_the_log_stays_a_table(live_server, desktop):
    log_in(desktop, live_server, "trainee")
    desktop.goto(f"{live_server}/practice/")
    assert desktop.locator("table.entries thead").is_visible()
    display = desktop.eval_on_selector("table.entries tbody tr", "e => getComputedStyle(e).display")
    assert display == "table-row"


def test_the_practice_form_is_short_and_folded_fields_keep_their_values(live_server, phone):
    log_in(phone, live_server, "trainee")
    phone.goto(f"{live_server}/practice/entries/new")
    height = phone.eval_on_selector("form.entry-form", "f => f.getBoundingClientRect().height")
    assert height < 1300, height  # 3,093 px before: everything unfolded
    more = phone.locator("summary:has-text('Client code, target group and competencies')")
    more.click()
    phone.fill("input[name=client_code]", "C-512")
    phone.check("input[name=competencies][value='COM-1']")
    more.click()  # folded again: the values stay in the form and are sent
    assert not phone.locator("input[name=client_code]").is_visible()
    day = min(local_today(), FND_PLACEMENT[1])
    phone.fill("input[name=day]", day.isoformat())
    phone.fill("input[name=start]", "09:00")
    phone.fill("input[name=end]", "10:00")
    phone.fill("textarea[name=reflection]", "Helped a family fill in a benefit form.")
    phone.click("input[name=save]")
    phone.wait_for_url(lambda url: url.rstrip("/").split("/")[-1].isdigit())  # the saved entry
    assert "C-512" in phone.inner_text("main")
    phone.goto(phone.url.rstrip("/") + "/edit")
    # a saved draft with these values opens the fold by itself and shows them
    assert phone.locator("input[name=client_code]").input_value() == "C-512"
    assert phone.locator("input[name=client_code]").is_visible()
    assert phone.locator("input[name=competencies][value='COM-1']").is_checked()


def test_a_refused_form_opens_the_fold_that_holds_the_error_and_lists_it_first(live_server, phone):
    log_in(phone, live_server, "trainee")
    phone.goto(f"{live_server}/practice/entries/new")
    phone.click("input[name=submit_entry]")
    summary = phone.locator(".error-summary")
    summary.wait_for()
    assert summary.evaluate("e => e.getBoundingClientRect().top") < 740  # on the first screen
    hours_link = summary.locator("a[href='#hours']")
    hours_link.click()  # the duration's error sits in a fold that opened itself
    assert phone.locator("#hours").is_visible()
    assert phone.locator("#hours").get_attribute("aria-invalid") == "true"
    assert phone.locator("#hours-error").is_visible()


@pytest.mark.parametrize("screen", ["phone", "desktop"])
def test_the_queue_can_be_decided_without_scrolling_down(live_server, request, screen):
    page = request.getfixturevalue(screen)
    log_in(page, live_server, "trainer")
    page.goto(f"{live_server}/practice/queue")
    bulk = page.locator("form.queue input[name=approve]")
    box = bulk.bounding_box()
    assert box and box["y"] + box["height"] <= page.viewport_size["height"]  # the sticky bar
    first = page.locator("li.queue-entry").first
    approve_one = first.locator("button[name=approve]")
    assert approve_one.bounding_box()["y"] < page.viewport_size["height"]
    waiting = page.locator("li.queue-entry").count()
    approve_one.click()
    page.wait_for_load_state()
    assert "1 entry approved." in page.inner_text("main")
    assert page.locator("li.queue-entry").count() == waiting - 1


def test_one_entry_is_returned_from_the_queue_with_its_own_comment(live_server, phone):
    log_in(phone, live_server, "trainer")
    phone.goto(f"{live_server}/practice/queue")
    first = phone.locator("li.queue-entry").first
    first.locator("input[type=checkbox]").check()  # ticked for the bulk bar: not decided here
    second = phone.locator("li.queue-entry").nth(1)
    second.locator("summary:has-text('Return')").click()
    second.locator("textarea").fill("Please add what you agreed with the family.")
    waiting = phone.locator("li.queue-entry").count()
    second.locator("button[name=send_back]").click()
    phone.wait_for_load_state()
    assert "1 entry returned to the trainee." in phone.inner_text("main")
    assert phone.locator("li.queue-entry").count() == waiting - 1


def test_queue_cards_below_the_screen_wait_to_be_drawn_until_scrolled_to(live_server, phone):
    """A long queue on a cheap phone: cards far below the screen are neither laid out nor
    painted for the first view (content-visibility: auto), and are drawn when scrolled to."""
    log_in(phone, live_server, "trainer")
    phone.goto(f"{live_server}/practice/queue")
    cards = phone.locator("li.queue-entry")
    assert cards.count() >= 10
    last = "[...document.querySelectorAll('li.queue-entry')].at(-1)"
    drawn = ".querySelector('.badge').checkVisibility({contentVisibilityAuto: true})"
    assert cards.first.evaluate(f"e => e{drawn}")
    assert not phone.evaluate(f"{last}{drawn}")
    cards.last.scroll_into_view_if_needed()
    wait_until(phone, f"{last}{drawn}")
    assert phone.evaluate("document.documentElement.scrollWidth <= innerWidth")


@pytest.mark.parametrize(("screen", "drawn"), [("phone", "auto"), ("desktop", "visible")])
def test_the_log_draws_its_cards_as_they_near_the_screen_on_a_phone_only(
    live_server, request, screen, drawn
):
    """On a phone each entry of the log is a card drawn when it nears the screen; on a desktop
    the rows stay plain table rows (a table row cannot skip its own drawing)."""
    page = request.getfixturevalue(screen)
    log_in(page, live_server, "trainee")
    page.goto(f"{live_server}/practice/")
    row = "table.entries tbody tr"
    assert page.eval_on_selector(row, "e => getComputedStyle(e).contentVisibility") == drawn

"""Each demo role logs in on a 360 px phone screen, sees its home page and logs out."""

import pytest

pytestmark = pytest.mark.browser

DEMO_ROLES = {
    "admin": ("Gözel Muhammedowa", "Users"),
    "trainer": ("Merdan Annaýew", "Cohorts"),
    "coordinator": ("Ogulgerek Nurmuhammedowa", "Change password"),
    "trainee": ("Ýazgül Saparowa", "Change password"),
}


def _fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("username", sorted(DEMO_ROLES))
def test_demo_user_logs_in_and_out_on_a_phone(live_server, phone, username):
    full_name, home_link = DEMO_ROLES[username]
    phone.goto(f"{live_server}/login")
    assert _fits_the_screen(phone)
    phone.fill("input[name=username]", username)
    phone.fill("input[name=password]", "social-work")
    phone.click("input[type=submit]")
    phone.wait_for_url(f"{live_server}/")
    assert full_name in phone.inner_text("h1")
    assert phone.locator(f".cards >> text={home_link}").first.is_visible()
    assert _fits_the_screen(phone)
    phone.click("summary")  # the menu is folded on a small screen
    phone.click("button:has-text('Log out')")
    phone.wait_for_url(f"{live_server}/login")
    assert "You have logged out." in phone.inner_text("main")


def test_wrong_password_shows_the_message_on_a_phone(live_server, phone):
    phone.goto(f"{live_server}/login")
    phone.fill("input[name=username]", "trainee")
    phone.fill("input[name=password]", "not the password")
    phone.click("input[type=submit]")
    assert "Wrong username or password." in phone.inner_text("main")


def test_trainee_reads_a_lesson_and_marks_it_done_on_a_phone(live_server, phone):
    phone.goto(f"{live_server}/login")
    phone.fill("input[name=username]", "trainee")
    phone.fill("input[name=password]", "social-work")
    phone.click("input[type=submit]")
    phone.goto(f"{live_server}/learn/")
    phone.click("a.button:has-text('Continue')")
    title = phone.inner_text("article h1")
    assert title and _fits_the_screen(phone)
    lesson_url = phone.url
    phone.click("button:has-text('Mark as done')")
    phone.wait_for_url(lambda url: url != lesson_url)
    phone.goto(lesson_url)
    assert "You have marked this lesson as done." in phone.inner_text("main")

"""A newcomer registers, logs in, finds their dashboard, logs out and back in, in a real browser."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.support import assert_accessible, fill_login

pytestmark = pytest.mark.browser

PASSWORD = "lanterns along the canal"


def register(page: Page, base: str, email: str, name: str) -> None:
    page.goto(base + "/register")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Your name").fill(name)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Repeat the password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()


def test_register_log_in_log_out_and_log_in_again(page: Page, live_server: str):
    page.goto(live_server + "/")
    assert_accessible(page)
    page.get_by_role("link", name="Create a free account").click()
    assert_accessible(page)
    register(page, live_server, "amara@example.org", "Amara Nwosu")

    expect(page.get_by_role("heading", level=1)).to_have_text("Check your inbox")
    expect(page.get_by_text("amara@example.org")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("main").get_by_role("link", name="Log in").click()
    fill_login(page, "amara@example.org", PASSWORD)

    expect(page).to_have_url(re.compile(r"/dashboard$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Amara Nwosu")
    expect(page.get_by_role("heading", name="Your next step")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("^Practise your first day"))).to_be_visible()
    expect(page.get_by_text("Please confirm your email address")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_text("You are logged out.")).to_be_visible()

    page.get_by_role("link", name="Log in", exact=True).click()
    assert_accessible(page)
    fill_login(page, "amara@example.org", PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Amara Nwosu")

    page.get_by_role("link", name="Account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account")
    expect(page.get_by_text("You are logged in on 1 browser or device")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Delete my account…").click()
    assert_accessible(page)
    page.get_by_role("link", name="Keep my account").click()
    page.get_by_role("button", name="Log out", exact=True).click()
    expect(page).to_have_url(live_server + "/")


def test_a_failed_login_says_so_and_keeps_the_email(page: Page, live_server: str):
    page.goto(live_server + "/login")
    page.get_by_label("Email").fill("someone@example.org")
    page.get_by_label("Password").fill("certainly not right")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("alert")).to_contain_text("That email and password do not match an account.")
    expect(page.get_by_label("Email")).to_have_value("someone@example.org")
    expect(page.get_by_label("Password")).to_have_value("")
    assert_accessible(page)


def test_registration_errors_are_announced_and_accessible(page: Page, live_server: str):
    page.goto(live_server + "/register")
    page.get_by_label("Email").fill("not-an-email")
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("alert")).to_be_visible()
    expect(page.get_by_label("Email")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page)


def test_the_whole_journey_works_with_the_keyboard_alone(page: Page, live_server: str):
    page.goto(live_server + "/register")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to content")).to_be_focused()
    page.get_by_label("Email").focus()
    page.keyboard.type("kofi@example.org")
    page.keyboard.press("Tab")
    page.keyboard.type("Kofi Mensah")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your inbox")


def test_the_error_page_is_accessible(page: Page, live_server: str):
    response = page.goto(live_server + "/no/such/page")
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    assert_accessible(page)


def test_the_layout_works_on_a_phone(browser, live_server: str):
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(live_server + "/")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, "the page scrolls sideways on a phone"
    expect(page.get_by_role("link", name="Create a free account")).to_be_visible()
    context.close()


def test_the_accessibility_check_catches_a_real_violation(page: Page):
    page.set_content('<html lang="en"><body><main><h1>Form</h1><input type="text"></main></body></html>')
    with pytest.raises(AssertionError, match="label"):
        assert_accessible(page)

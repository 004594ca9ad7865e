"""Getting back in by mail, and confirming an address, in a real browser; the mail is read from the outbox."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.support import assert_accessible
from tests.support import link_in, mails_in

pytestmark = pytest.mark.browser

NEW_PASSWORD = "otters rowing past the mill"


def newest_mail_link(app, path: str) -> str:
    """Return the link to `path` in the newest message of the app's outbox."""
    return link_in(mails_in(Path(app.instance_path) / "outbox")[-1], path)


def test_forgot_password_mail_new_password_logged_in(page: Page, live_server: str, app, make_user):
    make_user("ines@example.org", name="Ines Duarte")
    page.goto(live_server + "/login")
    page.get_by_role("link", name="Forgot your password?").click()
    assert_accessible(page)
    page.get_by_label("Email").fill("ines@example.org")
    page.get_by_role("button", name="Mail me a link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your inbox")
    assert_accessible(page)

    page.goto(live_server + newest_mail_link(app, "/reset-password/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Choose a new password")
    assert_accessible(page)
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Repeat the new password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Set the new password").click()

    expect(page).to_have_url(re.compile(r"/dashboard$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Ines Duarte")
    expect(page.get_by_text("Your new password is set and you are logged in.")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Log out").click()
    page.goto(live_server + "/login")
    page.get_by_label("Email").fill("ines@example.org")
    page.get_by_label("Password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Ines Duarte")


def test_register_then_confirm_the_address(page: Page, live_server: str, app):
    page.goto(live_server + "/register")
    page.get_by_label("Email").fill("tomas@example.org")
    page.get_by_label("Your name").fill("Tomas Berg")
    page.get_by_label("Password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Repeat the password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your inbox")

    page.get_by_role("main").get_by_role("link", name="Log in").click()
    page.get_by_label("Email").fill("tomas@example.org")
    page.get_by_label("Password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    banner = page.get_by_text("Please confirm your email address")
    expect(banner).to_be_visible()

    page.goto(live_server + newest_mail_link(app, "/confirm-email/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Your address is confirmed")
    assert_accessible(page)
    page.get_by_role("link", name="Go to your dashboard").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Tomas Berg")
    expect(banner).to_have_count(0)

"""On a phone: a scenario's first choice shows at once, a failed form lands on its error summary, a delete asks first
and can be undone."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from playwright.sync_api import Browser, Page, expect

from learnpm.db import get_session
from learnpm.experience.models import Course
from tests.browser.layout import layout_problems
from tests.browser.support import assert_accessible, log_in

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}


def bottom_of(page: Page, selector: str) -> float:
    page.wait_for_load_state("load")
    page.wait_for_function("Array.from(document.querySelectorAll('link[rel=stylesheet]')).every(link => link.sheet)")
    box = page.locator(selector).first.bounding_box()
    assert box is not None, f"{selector} is not shown"
    return box["y"] + box["height"]


def test_on_a_phone_the_situation_and_its_first_choice_show_without_scrolling(page: Page, live_server, make_user):
    page.set_viewport_size(PHONE)
    log_in(page, live_server, make_user("phone@example.org").email)
    page.goto(live_server + "/scenarios/vendor-blocker-standup")
    page.get_by_role("button", name="Start the day").click()
    expect(page.locator(".card-body")).to_be_visible()
    assert bottom_of(page, ".card-body") < PHONE["height"]
    assert page.evaluate("window.scrollY") == 0
    # Choices come in an order shuffled per attempt, and some run to three lines: what must be on the first screen is
    # the first choice's start, a whole touch target of it (44 px), not every line of the longest one.
    first = page.locator("button.choice").first.bounding_box()
    assert first is not None and first["y"] + 44 <= PHONE["height"], "the first choice is below the first screen"
    assert_accessible(page)


def test_a_failed_project_form_lands_focus_on_the_error_summary(page: Page, live_server, make_user):
    page.set_viewport_size(PHONE)
    log_in(page, live_server, make_user("form@example.org").email)
    page.goto(live_server + "/experience/projects/new")
    page.get_by_label("Project title").fill("Spring adoption day")
    save = page.get_by_role("button", name="Save the project")
    expect(save).to_be_in_viewport()  # the save button is in view at the start of the long form, and at its end
    page.get_by_label("Relationship").scroll_into_view_if_needed()
    expect(save).to_be_in_viewport()
    save.click()

    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_be_in_viewport()
    expect(page.get_by_label("Project title")).to_have_value("Spring adoption day")  # what was typed is kept
    first_link = summary.get_by_role("link").first
    target = first_link.get_attribute("href")
    first_link.click()
    focused = page.evaluate("document.activeElement.id || document.activeElement.closest('[id]').id")
    assert target.endswith(focused) or page.evaluate(
        f"document.getElementById('{target[1:]}').contains(document.activeElement)")
    assert_accessible(page)


def test_deleting_a_course_asks_first_and_can_be_undone(page: Page, live_server, make_user, app):
    user = make_user("course@example.org")
    with app.app_context():
        session = get_session()
        for title, hours in (("Project management fundamentals", "24"), ("Agile essentials", "8")):
            session.add(Course(user_id=user.id, title=title, provider="City College", hours=Decimal(hours),
                               start_month=date(2024, 1, 1), end_month=date(2024, 3, 1)))
        session.commit()
    page.set_viewport_size(PHONE)
    log_in(page, live_server, user.email)
    page.goto(live_server + "/experience/education/")
    expect(page.get_by_role("heading", name="Courses: 32 of 35 contact hours")).to_be_visible()

    delete = page.get_by_role("link", name="Delete Project management fundamentals")
    delete.click()  # with a script the question opens in a dialog, fetched from the confirmation page
    dialog = page.get_by_role("dialog", name="Delete the course “Project management fundamentals”?")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_text("Contact hours would be 8: 27 short of 35.")).to_be_visible()
    assert_accessible(page)
    dialog.get_by_role("link", name="Keep it").click()
    expect(dialog).to_have_count(0)
    expect(delete).to_be_focused()
    expect(page.get_by_role("heading", name="Courses: 32 of 35 contact hours")).to_be_visible()

    delete.click()
    page.get_by_role("dialog").get_by_role("button", name="Delete it").click()
    expect(page.get_by_text("Deleted the course “Project management fundamentals”. Contact hours are now 8: "
                            "27 short of 35.")).to_be_visible()
    expect(page.get_by_role("heading", name="Courses: 8 of 35 contact hours")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Undo").click()
    expect(page.get_by_text("Restored the course “Project management fundamentals”. Contact hours are now 32")
           ).to_be_visible()
    expect(page.get_by_role("heading", name="Courses: 32 of 35 contact hours")).to_be_visible()
    expect(page.get_by_role("button", name="Undo")).to_have_count(0)


def test_without_a_script_a_delete_asks_on_a_page_of_its_own(browser: Browser, live_server, make_user, app):
    user = make_user("noscript@example.org")
    with app.app_context():
        session = get_session()
        session.add(Course(user_id=user.id, title="Agile essentials", provider="City College", hours=Decimal("8"),
                           start_month=date(2024, 1, 1), end_month=date(2024, 3, 1)))
        session.commit()
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    log_in(page, live_server, user.email)
    page.goto(live_server + "/experience/education/")
    page.get_by_role("link", name="Delete Agile essentials").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Delete the course “Agile essentials”?")
    page.get_by_role("button", name="Delete it").click()
    expect(page.get_by_text("Deleted the course “Agile essentials”. Contact hours are now 0: 35 short of 35.")
           ).to_be_visible()
    page.get_by_role("button", name="Undo").click()
    expect(page.get_by_role("heading", name="Courses: 8 of 35 contact hours")).to_be_visible()
    context.close()


def test_on_a_phone_the_menu_opens_without_script_and_fits(browser: Browser, live_server, make_user):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    log_in(page, live_server, make_user("menu@example.org").email)
    header = page.locator(".site-header").bounding_box()
    assert header is not None and header["height"] < 80, "the header holds one row"
    expect(page.get_by_role("link", name="Experience", exact=True)).to_have_count(0)
    page.get_by_text("Menu", exact=True).click()
    page.get_by_role("link", name="Experience", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your PMP experience")
    page.get_by_text("Menu", exact=True).click()
    assert layout_problems(page) == []
    context.close()


def test_a_printout_leaves_out_the_navigation_and_keeps_each_buttons_text(page: Page, live_server, make_user):
    log_in(page, live_server, make_user("print@example.org").email)
    page.goto(live_server + "/experience/")
    button = page.get_by_role("link", name="Log a project").first
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.locator(".site-footer")).to_be_hidden()
    expect(button).to_be_visible()
    colours = button.evaluate("b => [getComputedStyle(b).color, getComputedStyle(b).backgroundColor]")
    assert colours == ["rgb(0, 0, 0)", "rgba(0, 0, 0, 0)"], colours  # black words, no background to lose
    page.emulate_media(media="screen", color_scheme="dark")
    expect(page.locator(".site-header")).to_be_visible()
    page.emulate_media(media="print", color_scheme="dark")
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(255, 255, 255)"

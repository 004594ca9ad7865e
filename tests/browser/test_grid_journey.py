"""A volunteer fills a week of hours in the grid, on a wide screen and on a phone, and logs more from the dashboard
without leaving it."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import Page, expect

from tests.browser.layout import layout_problems
from tests.browser.support import assert_accessible, give_projects, log_in

pytestmark = pytest.mark.browser
SCREENS = {"wide": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


def cell(page: Page, project: str, day: str):
    return page.get_by_label(f"{project}, {day}, hours")


@pytest.mark.parametrize("screen", SCREENS)
def test_a_volunteer_fills_a_week_in_the_grid_and_saves_it(page: Page, live_server, app, make_user, screen):
    user = make_user(f"grid-{screen}@example.org")
    give_projects(app, user, "Shelter rota", "Book fair", since=date(2025, 1, 1))
    page.set_viewport_size(SCREENS[screen])
    log_in(page, live_server, user.email)
    page.goto(live_server + "/experience/hours/week")
    page.get_by_label("Week of").fill("2025-06-11")
    page.get_by_role("button", name="Show the week").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Week of 09 June 2025")
    assert page.url.endswith("day=2025-06-11")
    assert_accessible(page)
    assert layout_problems(page) == []

    typed = {("Shelter rota", "Monday 09 June"): "2", ("Shelter rota", "Tuesday 10 June"): "3.5",
             ("Book fair", "Tuesday 10 June"): "4", ("Book fair", "Wednesday 11 June"): "1.3"}
    for (project, day), hours in typed.items():
        cell(page, project, day).fill(hours)
    expect(page.locator(".week-grid tfoot .week-total")).to_have_text("10.8")  # the totals follow the typing
    expect(page.locator(".week-grid tfoot .day-total").nth(1)).to_have_text("7.5")
    page.get_by_role("button", name="Save the week").click()

    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Nothing was saved")
    expect(page.locator(".week-grid tfoot .week-total")).to_have_text("10.8")  # the typed week, not the saved one
    wrong = cell(page, "Book fair", "Wednesday 11 June")
    expect(wrong).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#" + wrong.get_attribute("id") + "-error")).to_contain_text("Log hours in steps of 0.25")
    for (project, day), hours in typed.items():
        expect(cell(page, project, day)).to_have_value(hours)
    assert_accessible(page)
    assert layout_problems(page) == []

    summary.get_by_role("link").first.click()
    expect(wrong).to_be_focused()
    wrong.fill("1.5")
    page.get_by_role("button", name="Save the week").click()
    expect(page.get_by_text("Saved the week (entries: 4 new).")).to_be_visible()
    expect(cell(page, "Shelter rota", "Tuesday 10 June")).to_have_value("3.5")
    expect(page.locator(".week-grid tfoot .week-total")).to_have_text("11")

    page.goto(live_server + "/experience/")
    projects = page.locator("section[aria-labelledby=projects-title]")
    expect(projects.get_by_role("row", name="Shelter rota")).to_contain_text("5.5")
    expect(projects.get_by_role("row", name="Book fair")).to_contain_text("5.5")
    expect(page.get_by_role("heading", name="Your hours, Jun 2025 to")).to_be_visible()


def test_quick_add_keeps_the_volunteer_on_the_dashboard_ready_for_the_next_entry(page: Page, live_server, app,
                                                                                make_user):
    user = make_user("quick@example.org")
    give_projects(app, user, "Shelter rota", "Book fair", since=date(2025, 1, 1))
    page.set_viewport_size(SCREENS["phone"])
    log_in(page, live_server, user.email)
    page.goto(live_server + "/experience/")
    quick = page.locator("#quick-add")
    quick.get_by_label("Project").select_option(label="Book fair")
    quick.get_by_label("Date").fill("2025-06-12")
    quick.get_by_label("Hours").fill("2.2")
    quick.get_by_role("button", name="Quick add").click()
    expect(page.locator("#error-summary")).to_be_focused()
    expect(quick.get_by_label("Hours")).to_have_value("2.2")
    quick.get_by_label("Hours").fill("2.25")
    quick.get_by_role("button", name="Quick add").click()

    expect(page.get_by_text("Logged 2.25 h on “Book fair” for 12 Jun 2025. Ready for the next entry.")).to_be_visible()
    hours = page.locator("#quick-add").get_by_label("Hours")
    expect(hours).to_be_focused()
    expect(hours).to_have_value("")
    expect(page.locator("#quick-add").get_by_label("Project")).to_have_value(
        page.locator("#quick-add option", has_text="Book fair").get_attribute("value"))
    expect(page.locator("#quick-add").get_by_label("Date")).to_have_value("2025-06-12")
    assert_accessible(page)
    assert layout_problems(page) == []


def test_without_a_script_the_week_is_picked_and_saved_all_the_same(browser, live_server, app, make_user):
    user = make_user("grid-noscript@example.org")
    give_projects(app, user, "Shelter rota", since=date(2025, 1, 1))
    context = browser.new_context(viewport=SCREENS["phone"], java_script_enabled=False)
    page = context.new_page()
    log_in(page, live_server, user.email)
    page.goto(live_server + "/experience/hours/week")
    page.get_by_label("Week of").fill("2025-06-11")
    page.get_by_role("button", name="Show the week").click()
    cell(page, "Shelter rota", "Friday 13 June").fill("6.75")
    page.get_by_role("button", name="Save the week").click()
    expect(page.get_by_text("Saved the week (entries: 1 new).")).to_be_visible()
    expect(page.locator(".week-grid tfoot .week-total")).to_have_text("6.75")
    context.close()

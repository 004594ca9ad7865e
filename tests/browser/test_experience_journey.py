"""A volunteer logs a project and hours, watches the progress bar and calendar move, and fixes a short description."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from learnpm.experience.core.rules.library import default_rules
from tests.browser.support import assert_accessible, log_in

pytestmark = pytest.mark.browser
SECTION = " ".join(["Briefed, scheduled and supported thirty volunteers across the day's four shifts."] * 10)


def months_bar(page: Page):
    return page.locator("#months-progress")


def test_a_volunteer_logs_a_project_and_hours_and_fixes_the_description(page: Page, live_server, make_user):
    user = make_user("vol@example.org", name="Vera Volunteer")
    log_in(page, live_server, user.email)
    page.get_by_role("link", name="Experience", exact=True).click()
    expect(page.get_by_text("No projects yet")).to_be_visible()
    expect(months_bar(page)).to_have_attribute("value", "0")
    assert_accessible(page)

    page.get_by_role("link", name="Log your first project").click()
    assert_accessible(page)
    page.get_by_label("Project title").fill("Spring adoption day")
    page.get_by_label("Organization", exact=True).first.fill("Riverside Animal Shelter")
    page.get_by_label("Your job title").fill("Volunteer coordinator")
    options = default_rules().options
    for name in ("functional_reporting_area", "organization_primary_focus", "approach", "team_size", "budget"):
        page.locator(f"select[name={name}]").select_option(getattr(options, name).options[0].id)
    page.get_by_label("Start month").fill("2025-03")
    page.get_by_label("End month").fill("2025-06")
    page.get_by_label("Objective").fill("Find homes for twenty-five animals in one Saturday.")
    expect(page.locator("#description-count")).to_contain_text("more needed")
    page.get_by_role("button", name="Save the project").click()
    expect(page.get_by_text("Saved. Before you apply")).to_be_visible()
    expect(page.get_by_text("PMI needs at least 100").first).to_be_visible()
    assert_accessible(page)

    for day, hours in (("2025-04-05", "2"), ("2025-04-12", "3.5"), ("2025-05-03", "1.25")):
        page.get_by_role("link", name="Log hours on this project").click()
        page.get_by_label("Date").fill(day)
        page.get_by_label("Hours").fill(hours)
        page.get_by_label("What you did").fill("Volunteer scheduling")
        page.get_by_label("EX · Executing").check()
        page.get_by_role("button", name="Log these hours").click()
        expect(page.get_by_text(f"Logged {hours} h")).to_be_visible()
    expect(page.get_by_role("heading", name="Hours on this project")).to_contain_text("6.75 h")

    page.get_by_role("link", name="Edit the project").click()
    page.get_by_label("Planning").fill(SECTION)
    expect(page.locator("#description-count")).not_to_contain_text("more needed")
    page.get_by_role("button", name="Save the project").click()
    expect(page.get_by_text("Project saved.")).to_be_visible()
    expect(page.get_by_text("PMI needs at least 100")).to_have_count(0)

    page.get_by_role("link", name="Experience", exact=True).click()
    expect(months_bar(page)).to_have_attribute("value", "4")
    expect(page.get_by_text("Experience: 4 of 60 months")).to_be_visible()
    expect(page.locator("td.m-counted")).to_have_count(4)
    assert_accessible(page)


@pytest.mark.parametrize("path", ["/experience/education/", "/experience/pdus/", "/experience/import",
                                  "/experience/hours/week", "/documents/", "/documents/prepared/",
                                  "/verify/no-such-document", "/mentoring/"])
def test_the_other_experience_pages_are_accessible(page: Page, live_server, make_user, path):
    log_in(page, live_server, make_user("pages@example.org").email)
    page.goto(live_server + path)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page)

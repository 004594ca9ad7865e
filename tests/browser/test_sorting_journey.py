"""A volunteer sorts and searches a project's hours: by the column headers on a screen, by the form on a phone."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from flask import Flask
from playwright.sync_api import Page, expect

from learnpm.experience.models import HoursEntry
from tests.browser.support import assert_accessible, log_in
from tests.functional.support import add_project
from tests.support import AuthActions

pytestmark = pytest.mark.browser
SHIFTS = [("Venue walk-through", "2.5", ["PL"]), ("Volunteer rota in Łódź", "6", ["EX"]),
          ("Thank-you letters", "1", ["CL"])]  # on three days in a row, the first the oldest


def a_project_with_hours(app: Flask, session, make_user) -> int:
    volunteer = make_user("vera@example.org", name="Vera Volunteer")
    client = app.test_client()
    AuthActions(client).login(volunteer.email)
    project_id = add_project(client)
    session.add_all(HoursEntry(user_id=volunteer.id, project_id=project_id, day=date(2025, 4, 5) + timedelta(days=n),
                               hours=Decimal(hours), activity=activity, process_groups=groups)
                    for n, (activity, hours, groups) in enumerate(SHIFTS))
    session.commit()
    return project_id


def activities(page: Page) -> list[str]:
    return page.locator("table.sortable tbody td[data-label=Activity]").all_inner_texts()


def test_the_hours_sort_by_their_headers_on_a_screen_and_by_a_form_on_a_phone(
        page: Page, phone: Page, live_server: str, app: Flask, session, make_user):
    project_id = a_project_with_hours(app, session, make_user)
    address = f"{live_server}/experience/projects/{project_id}"

    # On a screen, the headers sort: the date's order turns over, then the hours put the longest shift first.
    log_in(page, live_server, "vera@example.org")
    page.goto(address)
    expect(page.get_by_role("status").filter(has_text="Sorted by")).to_have_text("Sorted by date, newest first.")
    assert activities(page) == ["Thank-you letters", "Volunteer rota in Łódź", "Venue walk-through"]
    date_header = page.get_by_role("columnheader", name="Date")
    expect(date_header).to_have_attribute("aria-sort", "descending")
    date_header.get_by_role("link").click()
    expect(page.get_by_role("columnheader", name="Date")).to_have_attribute("aria-sort", "ascending")
    assert activities(page) == ["Venue walk-through", "Volunteer rota in Łódź", "Thank-you letters"]
    page.get_by_role("columnheader", name="Hours").get_by_role("link").click()
    expect(page.get_by_role("columnheader", name="Hours")).to_have_attribute("aria-sort", "descending")
    expect(page.get_by_role("columnheader", name="Date")).not_to_have_attribute("aria-sort", "ascending")
    assert activities(page) == ["Volunteer rota in Łódź", "Venue walk-through", "Thank-you letters"]
    assert_accessible(page)

    # On a phone the table stacks and its headers are hidden: the form above it sorts and searches instead.
    log_in(phone, live_server, "vera@example.org")
    phone.goto(address)
    expect(phone.get_by_role("link", name="Date")).to_be_hidden()
    phone.get_by_label("Sort by").select_option(label="Process group, Initiating to Closing")
    phone.get_by_role("button", name="Show the hours").click()
    expect(phone.get_by_role("status").filter(has_text="Sorted by")).to_contain_text("process group")
    assert activities(phone) == ["Venue walk-through", "Volunteer rota in Łódź", "Thank-you letters"]
    phone.get_by_label("Search the activities and notes").fill("LODZ")
    phone.keyboard.press("Enter")
    status = phone.get_by_role("status").filter(has_text="Sorted by")
    expect(status).to_contain_text("only the entries holding “LODZ”")
    assert activities(phone) == ["Volunteer rota in Łódź"]
    expect(phone.get_by_label("Sort by")).to_have_value("group")  # the order stays while searching
    assert_accessible(phone)
    phone.get_by_role("link", name="Clear the search").click()
    assert len(activities(phone)) == 3

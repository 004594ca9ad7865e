"""A volunteer imports a Clockify export, maps its two projects in the preview, imports it, imports it again (nothing
is added), then imports a calendar with a weekly meeting."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.support import assert_accessible, give_projects, log_in

pytestmark = pytest.mark.browser
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "imports"


def choose_file(page: Page, base: str, name: str) -> None:
    page.goto(base + "/experience/import")
    page.get_by_label("Export file (.csv, .xlsx or .ics)").set_input_files(str(FIXTURES / name))
    page.get_by_role("button", name="Preview the import").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Preview the import of")


def test_a_volunteer_imports_a_clockify_export_then_a_calendar(page: Page, live_server, app, make_user):
    page.set_default_timeout(30_000)  # a preview reads and checks the whole file: allow a busy machine its time
    user = make_user("tracker@example.org", name="Tia Tracker")
    give_projects(app, user, "Animal shelter website", "Coat drive", "Shelter committee", since=date(2026, 9, 1))
    log_in(page, live_server, user.email)

    choose_file(page, live_server, "clockify/normal.csv")
    expect(page.get_by_text("Clockify detailed report: 5 rows")).to_be_visible()
    page.get_by_label("Shelter website").select_option(label="Animal shelter website")
    page.get_by_label("Winter coat drive").select_option(label="Coat drive")
    page.get_by_role("button", name="Update the preview").click()
    expect(page.get_by_text("5 entries (9 h) would be added")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Import 5 entries").click()
    expect(page.get_by_text("Imported 5 entries (9 h).")).to_be_visible()
    expect(page.get_by_role("row", name="Animal shelter website")).to_contain_text("4.75")

    choose_file(page, live_server, "clockify/normal.csv")
    expect(page.get_by_text("Nothing new to add")).to_be_visible()
    expect(page.get_by_label("Winter coat drive").locator("option:checked")).to_have_text("Coat drive")  # remembered
    expect(page.get_by_role("button", name="Import", exact=False)).to_have_count(0)
    expect(page.get_by_text("5 rows left out")).to_be_visible()
    expect(page.get_by_text("already in your log from an earlier import")).to_have_count(5)

    choose_file(page, live_server, "calendar/weekly.ics")
    expect(page.get_by_label("Your time zone")).to_have_value("Europe/London")
    page.get_by_label("Shelter committee call").select_option(label="Shelter committee")
    page.get_by_label("Dentist").select_option(label="Leave these rows out")
    page.get_by_role("button", name="Update the preview").click()
    expect(page.get_by_text("7 entries (11 h) would be added")).to_be_visible()
    expect(page.locator("table.preview-entries tbody tr")).to_have_count(7)
    assert_accessible(page)
    page.get_by_role("button", name="Import 7 entries").click()
    expect(page.get_by_text("Imported 7 entries (11 h).")).to_be_visible()
    expect(page.get_by_role("row", name="Shelter committee")).to_contain_text("11")

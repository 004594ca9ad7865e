"""Imports through the site: upload, preview with the learner's choices, all or nothing, and nothing twice."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from learnpm.experience.models import HoursEntry, ImportDraft, ImportMemory, Project
from tests.functional.support import add_project, post
from tests.support import csrf_token

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "imports"


def count(session, model) -> int:
    session.expire_all()
    return session.scalar(select(func.count()).select_from(model))


def upload(client, name: str):
    """Upload a sample export; return the preview's address (or the refusal)."""
    path = FIXTURES / name
    fields = {"csrf_token": csrf_token(client, "/experience/import"),
              "file": FileStorage(io.BytesIO(path.read_bytes()), path.name)}
    boundary, body = encode_multipart(fields)
    return client.post("/experience/import/file", data=body, content_type=f"multipart/form-data; boundary={boundary}")


def preview_url(client, name: str) -> str:
    response = upload(client, name)
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return response.headers["Location"]


def field_names(page: str) -> dict[str, str]:
    """Return the preview's project selects by the group each maps (its visible label)."""
    return {label: name for name, label in re.findall(r'<label[^>]*for="(group_[0-9a-f]+)"[^>]*>([^<]+)</label>', page)}


def submit(client, url: str, action: str, **fields):
    return post(client, url, {"action": action, **fields}, page=url)


def autumn_projects(client) -> tuple[int, int]:
    website = add_project(client, title="Shelter website", start_month="2026-09", end_month="", in_progress="y")
    coats = add_project(client, title="Coat drive", start_month="2026-10", end_month="2026-11")
    return website, coats


def test_a_clockify_export_is_previewed_mapped_imported_and_never_twice(client, logged_in, session):
    website, coats = autumn_projects(client)
    url = preview_url(client, "clockify/normal.csv")
    page = client.get(url).get_data(as_text=True)
    assert "Clockify detailed report: 5 rows" in page and count(session, HoursEntry) == 0
    groups = field_names(page)
    assert set(groups) == {"Shelter website", "Winter coat drive"}
    assert re.search(rf'name="{groups["Shelter website"]}"[^>]*>.*?<option selected value="{website}"', page, re.S)
    choices = {groups["Shelter website"]: str(website), groups["Winter coat drive"]: str(coats)}
    previewed = submit(client, url, "preview", **choices).get_data(as_text=True)
    assert "5 entries (9 h) would be added" in previewed and count(session, HoursEntry) == 0
    done = submit(client, url, "import", **choices)
    assert done.status_code == 302 and count(session, HoursEntry) == 5 and count(session, ImportDraft) == 0
    again = client.get(preview_url(client, "clockify/normal.csv")).get_data(as_text=True)
    assert "Nothing new to add" in again and "already in your log from an earlier import" in again
    assert f'<option selected value="{coats}">' in again  # the mapping is remembered
    later = preview_url(client, "clockify/overlap.csv")
    assert "2 entries (2.5 h) would be added" in submit(client, later, "preview").get_data(as_text=True)
    submit(client, later, "import")
    assert count(session, HoursEntry) == 7


def test_a_problem_in_one_row_imports_nothing_and_names_the_row(client, logged_in, session):
    autumn_projects(client)
    url = preview_url(client, "harvest/malformed.csv")
    page = client.get(url).get_data(as_text=True)
    assert "row" in page.lower() and "&#39;n/a&#39; is not a duration" in page and "is not a day" in page
    response = submit(client, url, "import")
    assert response.status_code == 422 and count(session, HoursEntry) == 0 and count(session, Project) == 2


def test_hours_breaking_an_entry_rule_are_listed_by_row_and_nothing_is_saved(client, logged_in, session):
    add_project(client, title="Pantry relaunch", start_month="2026-11", end_month="2026-11")
    url = preview_url(client, "harvest/normal.csv")
    page = submit(client, url, "import").get_data(as_text=True)
    assert "outside the project&#39;s months" in page and count(session, HoursEntry) == 0


def test_tracker_projects_can_become_new_projects_to_complete(client, logged_in, session):
    url = preview_url(client, "harvest/normal.csv")
    assert submit(client, url, "import").status_code == 302  # both groups default to new projects
    session.expire_all()
    titles = sorted(session.scalars(select(Project.title)))
    assert titles == ["Book sale", "Pantry relaunch"] and count(session, HoursEntry) == 4
    dashboard = client.get("/experience/").get_data(as_text=True)
    assert "“Book sale”: give its" in dashboard


def test_a_spreadsheet_is_mapped_once_and_the_mapping_is_remembered(client, logged_in, session):
    add_project(client, title="Book sale", start_month="2026-09", end_month="", in_progress="y")
    add_project(client, title="Pantry relaunch", start_month="2026-09", end_month="", in_progress="y")
    url = preview_url(client, "spreadsheet/my-hours.xlsx")
    page = client.get(url).get_data(as_text=True)
    assert "Which column holds what" in page
    mapping = {"column_day": "Day", "column_hours": "Time spent", "column_project": "Project",
               "column_activity": "What I did"}
    assert submit(client, url, "import", **mapping).status_code == 302
    assert count(session, HoursEntry) == 4 and count(session, ImportMemory) == 2
    later = preview_url(client, "spreadsheet/my-hours-later.xlsx")
    page = client.get(later).get_data(as_text=True)
    assert '<option selected value="Time spent">' in page and "1 entry (6 h) would be added" in page


def test_an_ambiguous_date_column_asks_which_order(client, logged_in, session):
    autumn_projects(client)
    url = preview_url(client, "clockify/ambiguous.csv")
    assert "every date could be read month first" in client.get(url).get_data(as_text=True)
    page = submit(client, url, "preview", date_order="day_first").get_data(as_text=True)
    assert "11 Oct 2026" in page and "2 entries" in page


def test_a_calendar_is_read_in_the_chosen_time_zone_and_its_weekly_event_expanded(client, logged_in, session):
    add_project(client, title="Shelter committee call", start_month="2026-09", end_month="", in_progress="y")
    url = preview_url(client, "calendar/zones.ics")
    page = submit(client, url, "preview", zone="Asia/Tokyo").get_data(as_text=True)
    assert "04 Nov 2026" in page and "1 all-day event(s)" in page
    weekly = preview_url(client, "calendar/weekly.ics")
    page = client.get(weekly).get_data(as_text=True)
    dentist = field_names(page)["Dentist"]
    assert "7 entries (11 h) would be added" in submit(client, weekly, "preview", **{dentist: "skip"}).get_data(
        as_text=True)


@pytest.mark.parametrize(
    ("name", "words"),
    [("spreadsheet/broken.xlsx", "not a workbook"), ("calendar/truncated.ics", "not a calendar")],
)
def test_a_file_that_cannot_be_read_is_refused_whole(client, logged_in, session, name, words):
    page = client.get(preview_url(client, name))
    assert page.status_code == 422 and words in page.get_data(as_text=True)
    assert count(session, HoursEntry) == 0


def test_an_upload_without_a_file_is_refused_at_the_file_field(client, logged_in):
    response = post(client, "/experience/import/file", {}, page="/experience/import")
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and 'id="tracker-file-error"' in page


"""What an attacker or a careless user sends gets a clear answer, never a 500: odd numbers, huge years and ids,
bodies that are not forms, NUL bytes. Each refusal says what is wrong at the field, keeps what was typed and saves
nothing."""

from __future__ import annotations

import io
import re

import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from learnpm.experience.models import AcademicRecord, Course, HoursEntry, PduRecord, Project
from tests.functional.support import PROJECT, add_project, post
from tests.support import csrf_token

ODD_NUMBERS = ["NaN", "Infinity", "-Infinity", "sNaN", "1e28", "9" * 30]


def count(session, model) -> int:
    session.expire_all()
    return session.scalar(select(func.count()).select_from(model))


def field_error(page: str, field_id: str) -> str:
    """Return the text of the error shown at a field ('' when there is none)."""
    match = re.search(rf'<p class="error" id="{re.escape(field_id)}-error">(.*?)</p>', page, re.S)
    return re.sub(r"<[^>]+>", "", match[1]).replace("Error:", "").strip() if match else ""


def kept(page: str, field_id: str, value: str) -> bool:
    """Tell whether the page shows `value` again in the field."""
    return re.search(rf'id="{re.escape(field_id)}"[^>]*value="{re.escape(value)}"|'
                     rf'value="{re.escape(value)}"[^>]*id="{re.escape(field_id)}"', page) is not None


def multipart(client, url: str, fields: dict, page: str):
    fields = {"csrf_token": csrf_token(client, page), **fields}
    boundary, body = encode_multipart(fields)
    return client.post(url, data=body, content_type=f"multipart/form-data; boundary={boundary}")


@pytest.mark.parametrize("hours", ODD_NUMBERS)
def test_odd_hours_are_refused_at_the_hours_field_and_kept(client, logged_in, session, hours):
    project_id = add_project(client)
    response = post(client, "/experience/hours/new", {"project": project_id, "day": "2025-04-12", "hours": hours})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    expected = "At most 24 hours." if hours == "9" * 30 else "Give a number like 1.5."
    assert field_error(page, "hours") == expected
    assert kept(page, "hours", hours)
    assert count(session, HoursEntry) == 0


def test_hours_with_three_decimals_ask_for_two(client, logged_in, session):
    project_id = add_project(client)
    response = post(client, "/experience/hours/new", {"project": project_id, "day": "2025-04-12", "hours": "1.255"})
    assert field_error(response.get_data(as_text=True), "hours") == "Use at most two decimals."
    assert count(session, HoursEntry) == 0


@pytest.mark.parametrize("amount", ODD_NUMBERS)
def test_odd_pdus_are_refused_at_the_amount_field_and_kept(client, logged_in, session, amount):
    post(client, "/experience/pdus/certifications", {"cert-kind": "pmp", "cert-cycle_start": "2025-01-15"},
         page="/experience/pdus/")
    response = post(client, "/experience/pdus/claims", {"pdu-title": "Webinar", "pdu-category": "power_skills",
                                                        "pdu-amount": amount, "pdu-earned_on": "2025-06-01"},
                    page="/experience/pdus/")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    expected = "At most 1000 PDUs." if amount == "9" * 30 else "Give a number like 1.5."
    assert field_error(page, "pdu-amount") == expected
    assert kept(page, "pdu-amount", amount)
    assert count(session, PduRecord) == 0


@pytest.mark.parametrize("hours", ODD_NUMBERS)
def test_odd_course_hours_are_refused_at_the_hours_field_and_kept(client, logged_in, session, hours):
    response = multipart(client, "/experience/education/courses", {
        "course-title": "PM Foundations", "course-provider": "City College", "course-start_month": "2024-01",
        "course-end_month": "2024-03", "course-hours": hours}, "/experience/education/")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert field_error(page, "course-hours") == (
        "At most 1000 hours." if hours == "9" * 30 else "Give a number like 1.5.")
    assert kept(page, "course-hours", hours)
    assert count(session, Course) == 0


@pytest.mark.parametrize(("hours", "message"), [
    ("NaN", "'NaN' is not a number"), ("Infinity", "'Infinity' is not a number"), ("sNaN", "'sNaN' is not a number"),
    ("1e28", "'1e28' is not a number"), ("9" * 30, f"'{'9' * 30}' is more than 24"),
])
def test_odd_hours_in_an_imported_csv_are_reported_at_their_cell(client, logged_in, session, hours, message):
    add_project(client)
    ref = client.get("/experience/export/projects.csv").get_data(as_text=True).splitlines()[1].split(",")[0]
    body = f"project_ref,date,hours,activity,process_groups,domains,notes\n{ref},2025-04-01,{hours},Planning,PL,,\n"
    response = multipart(client, "/experience/import", {
        "kind": "entries", "action": "import", "file": FileStorage(io.BytesIO(body.encode()), "entries.csv")},
        "/experience/import")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert '<td data-label="Row">2</td><td data-label="Column">hours</td>' in page
    assert message in page.replace("&#39;", "'")
    assert count(session, HoursEntry) == 0


@pytest.mark.parametrize("year", ["99999999999999999999", "1e4", "2015.5", "-99999999999"])
def test_an_impossible_year_is_refused_at_its_field_and_kept(client, logged_in, session, year):
    response = multipart(client, "/experience/education/academic", {
        "academic-level": "bachelor", "academic-institution": "North Uni", "academic-start_year": year},
        "/experience/education/")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert field_error(page, "academic-start_year") == "Give a year like 2015."
    assert kept(page, "academic-start_year", year)
    assert count(session, AcademicRecord) == 0


@pytest.mark.parametrize("project_id", [2**31, 2**31 + 1, 2**63, 2**64, 10**30])
def test_an_id_beyond_what_the_database_holds_is_a_page_not_found(client, logged_in, project_id):
    for url in (f"/experience/projects/{project_id}", f"/experience/projects/{project_id}/edit"):
        assert client.get(url).status_code == 404
    response = post(client, f"/experience/projects/{project_id}/delete", {}, page="/experience/")
    assert response.status_code == 404


def test_the_largest_id_a_column_holds_is_still_looked_up(client, logged_in):
    assert client.get(f"/experience/projects/{2**31 - 1}").status_code == 404


@pytest.mark.parametrize("url", ["/experience/projects/new", "/experience/hours/new", "/account/password",
                                 "/experience/pdus/claims", "/notifications/settings", "/experience/import"])
def test_a_json_body_with_a_valid_csrf_header_is_refused_as_a_bad_request(client, logged_in, session, url):
    token = csrf_token(client, "/account/")
    response = client.post(url, json={"title": ["a", "list"], "hours": 1e308, "current_password": 3.5},
                           headers={"X-CSRFToken": token})
    assert response.status_code == 400
    assert "This request could not be understood" in response.get_data(as_text=True)
    assert count(session, Project) == count(session, HoursEntry) == 0


@pytest.mark.parametrize("content_type", ["text/plain", "application/xml", "application/octet-stream"])
def test_a_body_of_another_type_is_refused_as_a_bad_request(client, logged_in, content_type):
    token = csrf_token(client, "/account/")
    response = client.post("/experience/projects/new", data=b"title=x", content_type=content_type,
                           headers={"X-CSRFToken": token})
    assert response.status_code == 400


@pytest.mark.parametrize("text", ["Food\x00bank", "\x00", "Escape\x1b[31m", "Bell\x07"])
def test_a_control_character_in_a_text_field_is_refused_there_and_kept(client, logged_in, session, text):
    response = post(client, "/experience/projects/new", {**PROJECT, "title": text})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert field_error(page, "title").startswith("This holds an invisible control character (U+00")
    assert count(session, Project) == 0
    assert "Riverside Animal Shelter" in page  # the rest of what was typed is kept


def test_line_breaks_and_tabs_stay_allowed_in_a_text_area(client, logged_in, session):
    add_project(client, objective="Find homes\r\nfor 25 animals\tin one Saturday.")
    session.expire_all()
    assert session.scalars(select(Project.objective)).one() == "Find homes\r\nfor 25 animals\tin one Saturday."


def test_a_control_character_in_a_csv_cell_is_reported_at_its_cell(client, logged_in, session):
    add_project(client)
    ref = client.get("/experience/export/projects.csv").get_data(as_text=True).splitlines()[1].split(",")[0]
    body = f"project_ref,date,hours,activity,process_groups,domains,notes\n{ref},2025-04-01,2,Plan\x1bning,PL,,\n"
    response = multipart(client, "/experience/import", {
        "kind": "entries", "action": "import", "file": FileStorage(io.BytesIO(body.encode()), "entries.csv")},
        "/experience/import")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert '<td data-label="Row">2</td><td data-label="Column">activity</td>' in page
    assert "invisible control character (U+001B)" in page
    assert count(session, HoursEntry) == 0


def test_text_sent_where_a_file_is_expected_asks_for_the_file(client, logged_in, session):
    response = multipart(client, "/experience/import", {"kind": "projects", "action": "import", "file": "not a file"},
                         "/experience/import")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert field_error(page, "file") == "Choose a CSV file."
    assert count(session, Project) == 0

"""Files in the experience log: CSV import and export, certificates, and the PDU tracker."""

from __future__ import annotations

import io
import re

import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from learnpm.experience.models import HoursEntry, PduRecord, Project, Upload
from tests.functional.support import add_entry, add_project, post
from tests.support import AuthActions, csrf_token

PROJECTS_HEADER = ("ref,title,organization,job_title,functional_reporting_area,organization_primary_focus,approach,"
                   "team_size,budget,start_month,end_month")
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def multipart(client, url: str, fields: dict, page: str):
    """Post a multipart form built in memory, as a browser sends it."""
    fields = {"csrf_token": csrf_token(client, page), **fields}
    boundary, body = encode_multipart(fields)
    return client.post(url, data=body, content_type=f"multipart/form-data; boundary={boundary}")


def upload(client, kind: str, body: bytes, action: str = "import", filename: str = "file.csv"):
    return multipart(client, "/experience/import",
                     {"kind": kind, "action": action, "file": FileStorage(io.BytesIO(body), filename)},
                     "/experience/import")


def count(session, model) -> int:
    session.expire_all()
    return session.scalar(select(func.count()).select_from(model))


def test_export_then_import_gives_back_the_same_log(app, client, logged_in, session, make_user):
    project_id = add_project(client)
    add_entry(client, project_id)
    add_entry(client, project_id, day="2025-04-13", hours="2.25", process_groups=["PL", "MC"], domains=["people"])
    projects = client.get("/experience/export/projects.csv").get_data()
    entries = client.get("/experience/export/entries.csv").get_data()

    twin = app.test_client()
    AuthActions(twin).login(make_user("twin@example.org").email)
    assert upload(twin, "projects", projects).status_code == 302
    assert upload(twin, "entries", entries).status_code == 302
    assert twin.get("/experience/export/projects.csv").get_data() == projects
    assert twin.get("/experience/export/entries.csv").get_data() == entries


def test_checking_a_file_saves_nothing(client, logged_in, session):
    add_project(client)
    body = client.get("/experience/export/projects.csv").get_data().replace(b",p1,", b",again,")
    body = re.sub(rb"\np\d+,", b"\nsecond,", body)
    response = upload(client, "projects", body, action="check")
    assert response.status_code == 200 and "rows are sound" in response.get_data(as_text=True)
    assert count(session, Project) == 1


def test_a_checked_file_imports_without_a_second_upload(client, logged_in, session):
    add_project(client)
    body = re.sub(rb"\np\d+,", b"\nsecond,", client.get("/experience/export/projects.csv").get_data())
    checked = upload(client, "projects", body, action="check", filename="mine.csv").get_data(as_text=True)
    assert "Checked: mine.csv." in checked
    token = re.search(r'name="checked" type="hidden" value="(\d+)"|id="checked" name="checked" type="hidden" '
                      r'value="(\d+)"', checked)
    assert token, "the page names the checked file"
    imported = multipart(client, "/experience/import", {"kind": "projects", "action": "import",
                                                        "checked": token.group(1) or token.group(2)},
                         "/experience/import")
    assert imported.status_code == 302
    assert count(session, Project) == 2


def test_a_checked_file_of_someone_else_is_not_imported(client, logged_in, session):
    response = multipart(client, "/experience/import", {"kind": "projects", "action": "import", "checked": "999"},
                         "/experience/import")
    assert response.status_code == 422
    assert "no longer kept: choose it again" in response.get_data(as_text=True)


def test_the_templates_download_with_the_columns_the_import_reads(client, logged_in, session):
    projects = client.get("/experience/import/template-projects.csv")
    assert projects.status_code == 200 and b"ref,title,organization" in projects.get_data()
    entries = client.get("/experience/import/template-entries.csv")
    assert b"project_ref,date,hours" in entries.get_data() and b"adoption-day,2025-04-12,3.5" in entries.get_data()
    assert client.get("/experience/import/template-other.csv").status_code == 404


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (b"name,date\nx,2025-01-01\n", "missing"),
        ("ref,title\nä,ö\n".encode("utf-16"), "UTF-8"),
        ("ref,title\nCaf\u00e9,x\n".encode("latin-1"), "UTF-8"),
        (b"", ""),
    ],
    ids=["wrong columns", "utf-16", "latin-1", "empty file"],
)
def test_a_malformed_file_gets_a_clear_report_and_imports_nothing(client, logged_in, session, body, expected):
    response = upload(client, "projects", body)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Nothing was imported" in page or "Choose a CSV file" in page
    assert expected in page
    assert count(session, Project) == 0


def test_a_bad_month_is_reported_by_row_and_column(client, logged_in, session):
    add_project(client)
    exported = client.get("/experience/export/projects.csv").get_data(as_text=True)
    header, row = exported.splitlines()[:2]
    broken = "\n".join([header, "copy" + row[row.index(","):].replace("2025-03", "2025-13")]) + "\n"
    page = upload(client, "projects", broken.encode()).get_data(as_text=True)
    assert '<td data-label="Row">2</td><td data-label="Column">start_month</td>' in page and "Nothing was imported" in page
    assert count(session, Project) == 1


def test_one_bad_row_among_good_ones_imports_none_of_them(client, logged_in, session):
    project_id = add_project(client)
    ref = client.get("/experience/export/projects.csv").get_data(as_text=True).splitlines()[1].split(",")[0]
    good = f"{ref},2025-04-01,2,Planning,PL,,"
    bad = f"{ref},2025-04-02,2.1,Planning,PL,,"
    body = f"project_ref,date,hours,activity,process_groups,domains,notes\n{good}\n{good}\n{bad}\n".encode()
    response = upload(client, "entries", body)
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and '<td data-label="Row">4</td><td data-label="Column">hours</td>' in page and "0.25" in page
    assert count(session, HoursEntry) == 0
    assert project_id


def test_a_10_mb_file_is_refused_with_a_message_at_the_file_field(client, logged_in, session):
    response = upload(client, "projects", PROJECTS_HEADER.encode() + b"\n" + b"x" * (10 * 1024 * 1024))
    page = response.get_data(as_text=True)
    assert response.status_code == 413
    assert 'id="file-error"' in page and "nothing was imported" in page
    assert count(session, Project) == 0


def test_a_file_over_the_import_cap_is_reported(client, logged_in, session):
    response = upload(client, "projects", PROJECTS_HEADER.encode() + b"\n" + b"x" * (5 * 1024 * 1024))
    assert response.status_code == 422 and "Nothing was imported" in response.get_data(as_text=True)


def add_course(client, certificate: tuple[bytes, str] | None = None, **changes):
    data = {"course-title": "PM Foundations", "course-provider": "City College", "course-start_month": "2024-01",
            "course-end_month": "2024-03", "course-hours": "24", **changes}
    if certificate:
        data["course-certificate"] = FileStorage(io.BytesIO(certificate[0]), certificate[1])
    return multipart(client, "/experience/education/courses", data, "/experience/education/")


def test_courses_add_up_to_contact_hours_and_keep_their_certificate(client, logged_in, session):
    assert add_course(client, (PNG, "certificate.png")).status_code == 302
    add_course(client, **{"course-title": "Agile basics", "course-hours": "12.5"})
    page = client.get("/experience/education/").get_data(as_text=True)
    assert "36.5 of 35 contact hours" in page
    upload_id = session.scalars(select(Upload.id)).one()
    download = client.get(f"/experience/education/certificates/{upload_id}")
    assert download.data == PNG and download.mimetype == "image/png"
    assert "36.5 of 35 contact hours" in client.get("/experience/").get_data(as_text=True)


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [(b"just text pretending", "certificate.pdf", "whatever its name says"),
     (b"%PDF-" + b"0" * (5 * 1024 * 1024 + 1), "big.pdf", "under 5 MB")],
)
def test_a_certificate_is_checked_by_content_and_size(client, logged_in, session, content, name, message):
    response = add_course(client, (content, name))
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and 'id="course-certificate-error"' in page and message in page
    assert 'value="PM Foundations"' in page
    assert count(session, Upload) == 0


def test_a_gac_degree_shortens_the_path(client, logged_in):
    assert "of 60 months" in client.get("/experience/").get_data(as_text=True)
    token = csrf_token(client, "/experience/education/")
    client.post("/experience/education/academic", data={
        "csrf_token": token, "academic-level": "bachelor", "academic-institution": "North University",
        "academic-gac_accredited": "y"})
    assert "of 24 months" in client.get("/experience/").get_data(as_text=True)


def test_pdus_are_checked_and_counted_against_the_cycle(client, logged_in, session):
    page = client.get("/experience/pdus/").get_data(as_text=True)
    assert "Record the day you passed" in page
    post(client, "/experience/pdus/certifications", {"cert-kind": "pmp", "cert-cycle_start": "2025-01-15"},
         page="/experience/pdus/")
    claim = {"pdu-title": "Negotiation webinar", "pdu-category": "power_skills", "pdu-amount": "1.5",
             "pdu-earned_on": "2025-06-01"}
    refused = post(client, "/experience/pdus/claims", {**claim, "pdu-amount": "1.3"}, page="/experience/pdus/")
    assert refused.status_code == 422 and "steps of 0.25" in refused.get_data(as_text=True)
    outside = post(client, "/experience/pdus/claims", {**claim, "pdu-earned_on": "2024-12-01"}, page="/experience/pdus/")
    assert outside.status_code == 422 and "outside this cycle" in outside.get_data(as_text=True)
    assert count(session, PduRecord) == 0
    post(client, "/experience/pdus/claims", claim, page="/experience/pdus/")
    page = client.get("/experience/pdus/").get_data(as_text=True)
    assert "1.5 of 60 PDUs count so far" in page and "Power Skills: 1.5" in page


def test_the_hours_download_as_a_workbook_with_a_sheet_per_project(client, logged_in):
    from openpyxl import load_workbook

    project_id = add_project(client)
    add_entry(client, project_id)
    add_entry(client, project_id, day="2025-05-02", hours="2.25", activity="=cmd|' /C calc'!A0")
    response = client.get("/experience/export/hours.xlsx")
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert 'filename="hours.xlsx"' in response.headers["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.data))
    assert book.sheetnames == ["Summary", "Spring adoption day"]
    rows = list(book["Spring adoption day"].iter_rows(values_only=True))
    assert ("April 2025", 3.5) in [row[:2] for row in rows] and ("May 2025", 2.25) in [row[:2] for row in rows]
    assert "hours.xlsx" in client.get("/experience/import").get_data(as_text=True)

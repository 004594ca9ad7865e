"""PMI's form and rules as the learner meets them on the site: lengths, "Other", the end month, a course still
running, a CAPM passed on 29 February, the PMI-ACP's agile topics, and the worksheet's in-progress project."""

from __future__ import annotations

import io
from datetime import date

import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from learnpm.experience.core.csv.records import project_columns
from learnpm.experience.core.months import Month
from learnpm.experience.models import Certification, Course, PduRecord, Project
from tests.functional.support import PROJECT, add_project, pdf_text, post
from tests.support import csrf_token

THIS_MONTH = Month.of(date.today())


def count(session, model) -> int:
    session.expire_all()
    return session.scalar(select(func.count()).select_from(model))


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"title": "t" * 81}, "title", "at most 80 characters"),
        ({"organization": "o" * 61}, "organization", "at most 60 characters"),
        ({"job_title": "j" * 101}, "job_title", "at most 100 characters"),
        ({"functional_reporting_area": "other"}, "functional_reporting_area_other", "You chose Other"),
        ({"organization_primary_focus": "other"}, "organization_primary_focus_other", "You chose Other"),
        ({"end_month": str(THIS_MONTH + 1)}, "end_month", "still in progress"),
    ],
    ids=["title of 81", "organization of 61", "job title of 101", "Other area without words",
         "Other focus without words", "an end month to come"],
)
def test_what_pmi_s_form_refuses_is_refused_at_its_field(client, logged_in, session, changes, field, message):
    response = post(client, "/experience/projects/new", {**PROJECT, **changes})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f'id="{field}-error"' in page and message in page
    assert count(session, Project) == 0


def test_what_pmi_s_form_takes_is_saved(client, logged_in, session):
    project_id = add_project(client, title="t" * 80, organization="o" * 60, job_title="j" * 100,
                             functional_reporting_area="other", functional_reporting_area_other="Animal welfare",
                             end_month=str(THIS_MONTH))
    project = session.get(Project, project_id)
    assert (len(project.title), len(project.organization), len(project.job_title)) == (80, 60, 100)
    assert project.functional_reporting_area_other == "Animal welfare"
    page = client.get(f"/experience/projects/{project_id}").get_data(as_text=True)
    assert "Other: Animal welfare" in page


def test_the_worksheet_prints_an_in_progress_project_as_pmi_s_form_takes_it(client, logged_in, session):
    running = add_project(client, title="Food drive", end_month="", in_progress="y")
    planned = add_project(client, title="Shelter move")
    # A project saved before PMI's end-month rule, with an end still to come.
    session.get(Project, planned).end_month = (THIS_MONTH + 3).first_day()
    session.commit()
    response = client.post("/documents/application", data={"csrf_token": csrf_token(client, "/documents/")})
    text = " ".join(pdf_text(response.data).split())
    assert text.count("End In progress") == 2
    assert (THIS_MONTH + 3).first_day().strftime("%B %Y") not in text
    assert "PMI's form takes no end month after this one" in text
    assert running


def test_a_capm_passed_on_29_february_neither_breaks_nor_outlives_its_cycle(client, logged_in, session):
    post(client, "/experience/pdus/certifications", {"cert-kind": "capm", "cert-cycle_start": "2024-02-29"},
         page="/experience/pdus/")
    assert count(session, Certification) == 1
    dashboard = client.get("/experience/")
    assert dashboard.status_code == 200
    page = client.get("/experience/pdus/").get_data(as_text=True)
    assert "29 Feb 2024 to 28 Feb 2027" in page


def add_course(client, **changes):
    data = {"csrf_token": csrf_token(client, "/experience/education/"), "course-title": "PM Foundations",
            "course-provider": "City College", "course-start_month": "2024-01", "course-hours": "35", **changes}
    boundary, body = encode_multipart(data)
    return client.post("/experience/education/courses", data=body,
                       content_type=f"multipart/form-data; boundary={boundary}")


def test_a_course_ending_this_month_counts_once_the_month_is_over(client, logged_in, session):
    assert add_course(client, **{"course-end_month": str(THIS_MONTH)}).status_code == 302
    assert count(session, Course) == 1
    assert "0 of 35 contact hours" in client.get("/experience/").get_data(as_text=True)
    education = client.get("/experience/education/").get_data(as_text=True)
    assert f"counts from {(THIS_MONTH + 1).first_day():%B %Y}" in education
    add_course(client, **{"course-title": "Agile basics", "course-end_month": str(THIS_MONTH - 1)})
    assert "35 of 35 contact hours" in client.get("/experience/").get_data(as_text=True)


def test_pmi_acp_pdus_must_be_on_agile_topics(client, logged_in, session):
    post(client, "/experience/pdus/certifications", {"cert-kind": "acp", "cert-cycle_start": "2025-01-15"},
         page="/experience/pdus/")
    claim = {"pdu-title": "Negotiation webinar", "pdu-category": "power_skills", "pdu-amount": "1.5",
             "pdu-earned_on": "2025-06-01"}
    refused = post(client, "/experience/pdus/claims", claim, page="/experience/pdus/")
    page = refused.get_data(as_text=True)
    assert refused.status_code == 422 and 'id="pdu-on_required_topic-error"' in page and "agile topics" in page
    assert count(session, PduRecord) == 0
    post(client, "/experience/pdus/claims", {**claim, "pdu-on_required_topic": "y"}, page="/experience/pdus/")
    assert count(session, PduRecord) == 1


def test_imported_projects_follow_the_form_s_limits(client, logged_in, session):
    columns = [c for c in project_columns() if not c.endswith("_other")]  # as written before they existed
    padding = "," * (len(columns) - 11)
    rows = [f"long,{'t' * 81},Org,Lead,operations,other,agile,1-4,other,2025-01,2025-03{padding}",
            f"soon,Soon,Org,Lead,operations,nonprofit,agile,1-4,other,2025-01,{THIS_MONTH + 2}{padding}"]
    body = ("\n".join([",".join(columns), *rows]) + "\n").encode()
    fields = {"csrf_token": csrf_token(client, "/experience/import"), "kind": "projects", "action": "import",
              "file": FileStorage(io.BytesIO(body), "projects.csv")}
    boundary, data = encode_multipart(fields)
    response = client.post("/experience/import", data=data, content_type=f"multipart/form-data; boundary={boundary}")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "at most 80 characters" in page and "You chose Other" in page and "still in progress" in page
    assert count(session, Project) == 0

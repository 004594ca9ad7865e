"""The learner's logged work by exam domain beside the outline of their planned exam day, on the dashboard and in
the readiness report."""

from __future__ import annotations

from datetime import date, timedelta

from tests.functional.support import add_entry, add_project, pdf_text, post
from tests.support import csrf_token


def log_domains(client) -> None:
    project_id = add_project(client)
    add_entry(client, project_id, day="2025-04-12", hours="8", domains=["people"])
    add_entry(client, project_id, day="2025-04-13", hours="9", domains=["process"])
    add_entry(client, project_id, day="2025-04-14", hours="1", domains=["business_environment"])
    add_entry(client, project_id, day="2025-04-15", hours="2")


def plan(client, day: str):
    return post(client, "/experience/exam-plan", {"planned_on": day}, page="/experience/")


def test_without_an_exam_day_the_outline_in_force_today_is_shown(client, logged_in):
    log_domains(client)
    page = client.get("/experience/").get_data(as_text=True)
    assert "You have not said when you plan to take the exam" in page
    assert "PMP Examination Content Outline, 2026" in page
    assert '<td data-label="Weight on the exam">26 %</td>' in page  # Business Environment's weight from July 2026
    assert "Worth filling" in page and "Business Environment</strong>: 5.6 % of your tagged work, 26 %" in page
    assert "2 hours carry no domain" in page


def test_a_planned_exam_day_picks_its_outline_and_the_readiness_report_agrees(client, logged_in):
    log_domains(client)
    day = date.today() + timedelta(days=60)
    assert plan(client, day.isoformat()).status_code == 302
    page = client.get("/experience/").get_data(as_text=True)
    assert f"Your exam on <strong>{day:%d %B %Y}</strong> follows" in page
    assert f'value="{day.isoformat()}"' in page
    response = client.post("/documents/readiness", data={"csrf_token": csrf_token(client, "/documents/")})
    text = " ".join(pdf_text(response.data).split())
    assert f"The exam planned for {day:%d %B %Y} follows the PMP Examination Content Outline, 2026" in text
    assert "Worth filling: Business Environment (5.6 % of the tagged work, 26 % of the exam" in text


def test_an_exam_day_gone_by_is_refused_at_its_field_and_an_empty_one_forgets_the_plan(client, logged_in):
    refused = plan(client, "2020-05-01")
    page = refused.get_data(as_text=True)
    assert refused.status_code == 422 and 'id="planned_on-error"' in page and "Give a day to come" in page
    assert plan(client, (date.today() + timedelta(days=9)).isoformat()).status_code == 302
    assert plan(client, "").status_code == 302
    assert "You have not said when you plan" in client.get("/experience/").get_data(as_text=True)


def test_a_malformed_exam_day_is_a_field_error_not_a_crash(client, logged_in):
    response = plan(client, "99999-99-99")
    assert response.status_code == 422 and 'id="planned_on-error"' in response.get_data(as_text=True)

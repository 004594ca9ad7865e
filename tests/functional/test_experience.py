"""The experience log through the site: projects, hours, the dashboard, and what each rule refuses."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from learnpm.experience.models import HoursEntry, Project
from tests.functional.support import PROJECT, add_entry, add_project, post
from tests.support import AuthActions, csrf_token


def count(session, model) -> int:
    session.expire_all()
    return session.scalar(select(func.count()).select_from(model))


def test_the_empty_dashboard_says_what_to_do_first(client, logged_in):
    page = client.get("/experience/").get_data(as_text=True)
    assert "No projects yet" in page and "Log your first project" in page
    assert "0 of 60 months" in page


def test_a_project_with_every_field_counts_its_months(client, logged_in, session):
    project_id = add_project(client)
    page = client.get(f"/experience/projects/{project_id}").get_data(as_text=True)
    assert "Spring adoption day" in page and "March 2025 – June 2025" in page and "Maria Okafor" in page
    dashboard = client.get("/experience/").get_data(as_text=True)
    assert "4 of 60 months" in dashboard
    assert "Mar 2025: counted" in dashboard


def test_overlapping_projects_count_each_month_once(client, logged_in):
    add_project(client)
    add_project(client, title="Food drive", start_month="2025-05", end_month="2025-08")
    page = client.get("/experience/").get_data(as_text=True)
    assert "6 of 60 months" in page  # March to August, not 4 + 4
    assert "May 2025: counted once, projects overlap" in page


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"title": ""}, "title", "This is needed for PMI"),
        ({"team_size": ""}, "team_size", "This is needed for PMI"),
        ({"start_month": ""}, "start_month", "Give the month the project started."),
        ({"end_month": ""}, "end_month", "Give the end month, or tick"),
        ({"end_month": "2024-01"}, "end_month", "The project cannot end before it starts."),
        ({"verifier_email": "not-an-email"}, "verifier_email", "Enter an email address like"),
    ],
)
def test_a_bad_project_is_explained_at_the_field_and_nothing_is_saved(client, logged_in, session, changes, field, message):
    response = post(client, "/experience/projects/new", {**PROJECT, **changes})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f'id="{field}-error"' in page and message in page
    if field != "title":
        assert 'value="Spring adoption day"' in page
    assert count(session, Project) == 0


def test_a_project_in_progress_needs_no_end_month(client, logged_in, session):
    project_id = add_project(client, end_month="", in_progress="y")
    assert session.get(Project, project_id).end_month is None
    assert "in progress" in client.get(f"/experience/projects/{project_id}").get_data(as_text=True)


def test_a_too_short_description_is_saved_but_flagged_until_fixed(client, logged_in, session):
    response = post(client, "/experience/projects/new", {**PROJECT, "section_pl": "", "section_ex": ""},
                    follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Before you apply" in page and "PMI needs at least 100" in page
    project_id = session.scalars(select(Project.id)).one()
    edit = client.get(f"/experience/projects/{project_id}/edit").get_data(as_text=True)
    assert "PMI needs at least 100" in edit
    post(client, f"/experience/projects/{project_id}/edit", PROJECT)
    assert "PMI needs at least 100" not in client.get(f"/experience/projects/{project_id}").get_data(as_text=True)


def test_hours_are_logged_and_shown_on_the_project_and_the_week(client, logged_in, session):
    project_id = add_project(client)
    assert add_entry(client, project_id).status_code == 302
    assert "3.5 h" in client.get(f"/experience/projects/{project_id}").get_data(as_text=True)
    week = client.get("/experience/hours/week?day=2025-04-10").get_data(as_text=True)
    assert "Spring adoption day" in week and "3.5" in week


def quick_add(client, **changes):
    data = {"quick-day": date.today().isoformat(), "quick-hours": "1.5", "quick-activity": "Stand-up", **changes}
    return post(client, "/experience/hours/quick", data, page="/experience/")


def test_quick_add_stays_on_the_dashboard_ready_for_the_next_entry(client, logged_in, session):
    first = add_project(client, end_month="", in_progress="y", start_month="2025-01")
    second = add_project(client, title="Food drive", end_month="", in_progress="y", start_month="2025-01")
    add_entry(client, second, day="2025-04-12", process_groups=["PL", "EX"])
    response = quick_add(client, **{"quick-project": second, "quick-day": "2025-04-14"})
    assert response.status_code == 302
    assert response.headers["Location"] == f"/experience/?project={second}&day=2025-04-14"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Logged 1.5 h on “Food drive” for 14 Apr 2025. Ready for the next entry." in page
    assert f'<option selected value="{second}">' in page and f'<option value="{first}">' in page
    assert 'value="2025-04-14"' in page
    assert re.search(r'<input[^>]*autofocus[^>]*id="quick-hours"|<input[^>]*id="quick-hours"[^>]*autofocus', page)
    entry = session.scalars(select(HoursEntry).where(HoursEntry.day == date(2025, 4, 14))).one()
    assert entry.process_groups == ["EX", "PL"] and entry.activity == "Stand-up"
    assert "autofocus" not in client.get("/experience/").get_data(as_text=True)  # only right after a quick add


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"quick-hours": "1.1"}, "hours", "Log hours in steps of 0.25"),
    ({"quick-hours": "abc"}, "hours", "Give a number like 1.5."),
    ({"quick-hours": ""}, "hours", "Give the hours, e.g. 1.5."),
    ({"quick-day": "2024-12-31"}, "day", "outside the project&#39;s months"),
])
def test_a_refused_quick_add_is_explained_on_the_dashboard(client, logged_in, session, changes, field, message):
    project_id = add_project(client, end_month="", in_progress="y", start_month="2025-01")
    response = quick_add(client, **{"quick-project": project_id, "quick-activity": "Rota call", **changes})
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "Your PMP experience</h1>" in page
    assert 'id="error-summary"' in page and f'href="#quick-{field}"' in page
    assert f'id="quick-{field}-error"' in page and message in page
    assert 'value="Rota call"' in page
    if "quick-hours" in changes and changes["quick-hours"]:
        assert f'value="{changes["quick-hours"]}"' in page
    assert count(session, HoursEntry) == 0


def test_quick_add_refuses_another_learner_s_project(client, logged_in, session, make_user, auth):
    theirs = add_project(client, end_month="", in_progress="y", start_month="2025-01")
    auth.logout()
    auth.login(make_user("other@example.org").email)
    add_project(client, title="Mine")
    response = quick_add(client, **{"quick-project": theirs})
    assert response.status_code == 422 and count(session, HoursEntry) == 0


def test_repeat_last_entry_prefills_the_form(client, logged_in):
    project_id = add_project(client)
    add_entry(client, project_id, activity="Rota planning", hours="1.25")
    page = client.get("/experience/hours/new?repeat=1").get_data(as_text=True)
    assert 'value="Rota planning"' in page and 'value="1.25"' in page
    assert f'value="{date.today().isoformat()}"' in page


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"day": (date.today() + timedelta(days=1)).isoformat()}, "day", "is in the future"),
        ({"day": "2025-09-01"}, "day", "outside the project"),
        ({"hours": "0"}, "hours", ""),
        ({"hours": "-2"}, "hours", ""),
        ({"hours": "1.1"}, "hours", "0.25"),
        ({"hours": "25"}, "hours", "24"),
        ({"hours": "abc"}, "hours", ""),
        ({"day": "not a date"}, "day", ""),
    ],
)
def test_entries_breaking_a_rule_are_refused_at_the_field(client, logged_in, session, changes, field, message):
    project_id = add_project(client)
    response = add_entry(client, project_id, **changes)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f'id="{field}-error"' in page and message in page
    assert count(session, HoursEntry) == 0


def test_more_than_24_hours_in_a_day_across_projects_is_refused(client, logged_in, session):
    first = add_project(client)
    second = add_project(client, title="Food drive")
    assert add_entry(client, first, hours="16").status_code == 302
    response = add_entry(client, second, hours="9")
    assert response.status_code == 422 and "24" in response.get_data(as_text=True)
    assert count(session, HoursEntry) == 1


def test_another_learners_experience_is_not_found(app, client, logged_in, make_user):
    project_id = add_project(client)
    add_entry(client, project_id)
    other = app.test_client()
    AuthActions(other).login(make_user("other@example.org").email)
    token = csrf_token(other, "/experience/")
    for url in (f"/experience/projects/{project_id}", f"/experience/projects/{project_id}/edit",
                f"/experience/projects/{project_id}/delete"):
        assert other.get(url).status_code == 404
    assert other.post(f"/experience/projects/{project_id}/delete", data={"csrf_token": token}).status_code == 404
    entry_id = 1
    assert other.get(f"/experience/hours/{entry_id}/edit").status_code == 404
    assert "Spring adoption day" not in other.get("/experience/").get_data(as_text=True)
    assert "Spring adoption day" not in other.get("/experience/export/projects.csv").get_data(as_text=True)


def test_deleting_a_project_asks_first_then_removes_its_hours(client, logged_in, session):
    project_id = add_project(client)
    add_entry(client, project_id)
    page = client.get(f"/experience/projects/{project_id}/delete").get_data(as_text=True)
    assert "There is no undo" in page and "1 hours entry" in page
    post(client, f"/experience/projects/{project_id}/delete", {}, page=f"/experience/projects/{project_id}/delete")
    assert count(session, Project) == 0 and count(session, HoursEntry) == 0


def test_the_data_download_holds_projects_and_hours(client, logged_in):
    project_id = add_project(client)
    add_entry(client, project_id)
    data = json.loads(client.get("/account/export.json").get_data(as_text=True))
    project = data["experience"]["projects"][0]
    assert project["title"] == "Spring adoption day" and project["verifier_name"] == "Maria Okafor"
    assert project["entries"][0]["hours"] == "3.50" and project["entries"][0]["activity"] == "Volunteer briefing"

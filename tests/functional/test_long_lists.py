"""Lists that grow come a page at a time: a project's entries, the dashboard's projects; totals still count all."""

from __future__ import annotations

import html
import re
from datetime import date, timedelta
from decimal import Decimal

from learnpm.experience.models import HoursEntry, Project
from tests.functional.support import PROJECT, add_project


def _older_link(page: str) -> str | None:
    found = re.search(r'<a rel="next" href="([^"]+)"', page)
    return html.unescape(found[1]) if found else None


def test_a_projects_entries_come_fifty_at_a_time_newest_first_with_the_total_of_all(client, logged_in, session):
    project_id = add_project(client)
    first = date(2025, 3, 1)
    session.add_all(HoursEntry(user_id=logged_in.id, project_id=project_id, day=first + timedelta(days=number),
                               hours=Decimal("1.5"), activity=f"Shift {number:02d}", process_groups=["EX"])
                    for number in range(60))
    session.commit()
    page = client.get(f"/experience/projects/{project_id}").get_data(as_text=True)
    assert "(90 h)" in page  # 60 entries of 1.5 h, though 50 are listed
    assert page.count("Shift ") == 50 and "Shift 59" in page and "Shift 10" in page and "Shift 09" not in page
    older = _older_link(page)
    assert older is not None
    second = client.get(older).get_data(as_text=True)
    assert second.count("Shift ") == 10 and "Shift 09" in second and "Shift 00" in second and "Shift 10" not in second
    assert _older_link(second) is None and "Newest first" in second and "(90 h)" in second


def test_a_malformed_page_address_shows_the_first_page(client, logged_in):
    project_id = add_project(client)
    response = client.get(f"/experience/projects/{project_id}?after=not-a-cursor")
    assert response.status_code == 200 and "No hours logged yet" in response.get_data(as_text=True)


def test_the_dashboard_lists_ten_projects_at_a_time_and_counts_them_all(client, logged_in, session):
    session.add_all(Project(user_id=logged_in.id, **{**_columns(), "title": f"Food drive {number:02d}",
                                                     "start_month": date(2020 + number // 12, number % 12 + 1, 1)})
                    for number in range(12))
    session.commit()
    page = client.get("/experience/").get_data(as_text=True)
    listed = re.findall(r'<a href="/experience/projects/\d+">(Food drive \d+)</a>', page)
    assert listed == [f"Food drive {number:02d}" for number in range(11, 1, -1)]
    rest = client.get(_older_link(page)).get_data(as_text=True)
    assert re.findall(r'<a href="/experience/projects/\d+">(Food drive \d+)</a>', rest) == ["Food drive 01",
                                                                                         "Food drive 00"]


def _columns() -> dict[str, object]:
    """Return the project form's values as the columns of a project."""
    names = ("organization", "job_title", "functional_reporting_area", "organization_primary_focus", "approach",
             "team_size", "budget", "objective", "role", "outcome", "verifier_name", "verifier_email")
    return {name: PROJECT[name] for name in names} | {"end_month": None}

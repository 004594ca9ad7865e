"""The dashboard's hours charts: every month with hours by default, any period on request, long ones grouped."""

from __future__ import annotations

import re
from datetime import date

from tests.functional.support import add_entry, add_project


def titles(page: str) -> list[str]:
    return re.findall(r'<title id="chart-[^"]*">([^<]*)</title>', page)


def logged_since_2019(client) -> None:
    project_id = add_project(client, start_month="2019-01", end_month="", in_progress="y")
    add_entry(client, project_id, day="2019-05-10", hours="3", process_groups=["PL"])
    add_entry(client, project_id, day="2024-02-12", hours="2.5", process_groups=["EX"])


def test_old_hours_appear_by_default_grouped_by_year(client, logged_in):
    logged_since_2019(client)
    page = client.get("/experience/").get_data(as_text=True)
    now = date.today()
    period = f"May 2019 to {now:%b} {now.year}"
    assert f"Your hours, {period}" in page
    assert titles(page)[0] == f"Hours by year, {period} (grouped: more than 24 quarters)"
    assert f'<p class="hint">Hours by year, {period} (grouped: more than 24 quarters)</p>' in page  # said, not only drawn
    assert ">2019</text>" in page and "3 h</text>" in page and "Every month</a>" not in page


def test_a_chosen_period_is_shown_month_by_month_with_its_tags(client, logged_in):
    logged_since_2019(client)
    page = client.get("/experience/?from=2024-01&to=2024-06").get_data(as_text=True)
    assert titles(page) == ["Hours by month, Jan 2024 to Jun 2024", "Hours by process group, Jan 2024 to Jun 2024",
                            "Hours by exam domain, Jan 2024 to Jun 2024"]
    assert ">Feb 2024</text>" in page and 'value="2024-01"' in page and 'value="2024-06"' in page
    group_chart = page[page.index("Hours by process group, Jan 2024"):page.index("Hours by exam domain, Jan")]
    assert "2.5 h" in group_chart and "3 h" not in group_chart  # the 2019 planning hours are outside
    assert "Every month</a>" in page


def test_a_few_years_are_shown_by_quarter(client, logged_in):
    logged_since_2019(client)
    page = client.get("/experience/?from=2023-01&to=2025-12").get_data(as_text=True)
    assert titles(page)[0] == "Hours by quarter, Jan 2023 to Dec 2025 (grouped: more than 24 months)"
    assert ">Q1 2024</text>" in page


def test_an_unreadable_period_says_so_and_shows_the_default(client, logged_in):
    logged_since_2019(client)
    response = client.get("/experience/?from=last+spring&to=2024-13")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "From: “last spring” is not a month like 2024-03" in page and "To: “2024-13” is not a month" in page
    assert titles(page)[0].startswith("Hours by year, May 2019 to")

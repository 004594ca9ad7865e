"""The experience log: PMI's month rules over a large log, and the dashboard against a one-query route.

Run: .venv/bin/python benchmarks/experience.py
Floors: summing the same entries' hours in a plain loop; a bare Flask route that does one query.
The dashboard's SQL query count must not grow with the data: it is printed at 1x and 10x.
"""

from __future__ import annotations

import random
import sys
import tracemalloc
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import FLOOR_PATH, count_queries, make_app, median_seconds, print_ratios  # noqa: E402

from learnpm.auth import queries as accounts  # noqa: E402
from learnpm.db import get_session  # noqa: E402
from learnpm.experience.core import eligibility  # noqa: E402
from learnpm.experience.core.entries import Entry, hours_by_month, hours_by_process_group  # noqa: E402
from learnpm.experience.models import HoursEntry, Project  # noqa: E402

PASSWORD = "benchmarks run on quiet nights"
TODAY = date(2026, 11, 25)


def synthetic_log(projects: int, entries: int, seed: int = 3) -> tuple[list[tuple[date, date | None]], list[Entry]]:
    """Return random project periods over ten years and entries spread over them."""
    rng = random.Random(seed)
    periods = []
    for _ in range(projects):
        start = date(2016, 1, 1) + timedelta(days=rng.randrange(3600))
        end = None if rng.random() < 0.1 else min(start + timedelta(days=rng.randrange(30, 700)), TODAY)
        periods.append((start, end))
    log = [Entry(str(rng.randrange(projects)), TODAY - timedelta(days=rng.randrange(3600)),
                 Decimal(rng.randrange(1, 33)) / 4, process_groups={rng.choice("IN PL EX MC CL".split())})
           for _ in range(entries)]
    return periods, log


def rules_figures() -> None:
    """Time the month rules and hour totals on 200 projects and 20,000 entries."""
    periods, log = synthetic_log(200, 20_000)
    floor = median_seconds(lambda: sum(entry.hours for entry in log), repeat=15, warmup=2)
    print_ratios("PMI rules on 200 projects and 20,000 entries", "summing the entries' hours", floor, [
        ("experience_months (the union of months in the window)",
         median_seconds(lambda: eligibility.experience_months(periods, TODAY), repeat=15, warmup=2)),
        ("experience_calendar + projection + falling-out months", median_seconds(lambda: (
            eligibility.experience_calendar(periods, TODAY), eligibility.experience_projection(periods, TODAY, "degree"),
            eligibility.months_falling_out(periods, TODAY, 12)), repeat=15, warmup=2)),
        ("hours by month + by process group", median_seconds(
            lambda: (hours_by_month(log), hours_by_process_group(log)), repeat=15, warmup=2)),
    ])


def seed_dashboard(app, scale: int) -> None:
    """Add `scale` x (4 projects and five years of weekly entries, 260) to the benchmark user's log."""
    with app.app_context():
        session = get_session()
        user = accounts.user_by_email(session, "bench@example.org") or accounts.create_user(
            session, "bench@example.org", "Bench", PASSWORD)
        first_week = TODAY - timedelta(weeks=260)
        for _ in range(scale):
            projects = [Project(user_id=user.id, title=f"Project {index}", organization="Org", job_title="PM",
                                functional_reporting_area="other", organization_primary_focus="other",
                                approach="agile", team_size="other", budget="other",
                                start_month=first_week.replace(day=1), end_month=None) for index in range(4)]
            session.add_all(projects)
            session.flush()
            session.add_all(HoursEntry(user_id=user.id, project_id=projects[week % 4].id,
                                       day=first_week + timedelta(weeks=week), hours=Decimal("2.5"),
                                       process_groups=["EX"], domains=["process"]) for week in range(260))
        session.commit()


def dashboard_figures() -> None:
    """Time the dashboard with five years of weekly entries, and count its queries at 1x and 10x."""
    app = make_app()
    seed_dashboard(app, 1)
    client = app.test_client()
    client.post("/login", data={"email": "bench@example.org", "password": PASSWORD})
    floor = median_seconds(lambda: client.get(FLOOR_PATH))
    small = median_seconds(lambda: client.get("/experience/"), repeat=50, warmup=5)
    queries_1x = count_queries(app, client, "/experience/")
    seed_dashboard(app, 9)  # now 10x the projects and entries
    large = median_seconds(lambda: client.get("/experience/"), repeat=20, warmup=3)
    queries_10x = count_queries(app, client, "/experience/")
    print_ratios("Experience dashboard, five years of weekly entries", "bare route, one query", floor,
                 [("GET /experience/ at 1x (4 projects, 260 entries)", small),
                  ("GET /experience/ at 10x (40 projects, 2,600 entries)", large)])
    print(f"  SQL queries per dashboard request: {queries_1x} at 1x, {queries_10x} at 10x"
          f" ({'the same' if queries_1x == queries_10x else 'DIFFERENT'})")


def memory_figure() -> None:
    """Print the peak memory of the month rules on the large log, for the record."""
    periods, log = synthetic_log(200, 20_000)
    tracemalloc.start()
    eligibility.experience_calendar(periods, TODAY)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(f"\n  peak Python memory of experience_calendar on 200 projects: {peak / 1024:.0f} KiB")


if __name__ == "__main__":
    rules_figures()
    dashboard_figures()
    memory_figure()

"""The experience log: PMI's month rules over a large log, and the dashboard against a one-query route.

Run: .venv/bin/python benchmarks/experience.py
Floors: summing the same entries' hours in a plain loop; a bare Flask route that does one query.
The dashboard's SQL query count must not grow with the data: it is printed at 1x, 10x and 100x. The three
learners' dashboards and the floor are timed in turn, so that load from elsewhere on the machine hits them alike.
"""

from __future__ import annotations

import html
import random
import re
import sys
import tracemalloc
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import (  # noqa: E402
    FLOOR_PATH,
    SIGNED_IN_PATH,
    count_queries,
    interleaved_medians,
    make_app,
    median_seconds,
    print_ratios,
)

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


def seed_dashboard(app, scale: int, email: str = "bench@example.org") -> None:
    """Add `scale` x (4 projects and five years of weekly entries, 260) to the log of the learner at `email`."""
    with app.app_context():
        session = get_session()
        user = accounts.user_by_email(session, email) or accounts.create_user(session, email, "Bench", PASSWORD)
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


SCALES = (1, 10, 100)


def dashboard_figures() -> None:
    """Time the dashboard of three learners, with 1x, 10x and 100x the log, in turn; count its queries for each."""
    app = make_app()
    clients = []
    for scale in SCALES:
        email = f"bench{scale}@example.org"
        seed_dashboard(app, scale, email)
        client = app.test_client()
        client.post("/login", data={"email": email, "password": PASSWORD})
        clients.append(client)
    for client in clients:
        median_seconds(lambda client=client: client.get("/experience/"), repeat=3, warmup=2)
    floor, frame, *pages = interleaved_medians([lambda: clients[0].get(FLOOR_PATH),
                                                lambda: clients[0].get(SIGNED_IN_PATH)] + [
        lambda client=client: client.get("/experience/") for client in clients], repeat=25)
    counts = [count_queries(app, client, "/experience/") for client in clients]
    sizes = [len(client.get("/experience/").data) for client in clients]
    print_ratios("Experience dashboard, five years of weekly entries (timed in turn)", "bare route, one query", floor,
                 [("a signed-in page with no data (the site's frame around nothing)", frame)] +
                 [(f"GET /experience/ at {scale}x ({4 * scale:,} projects, {260 * scale:,} entries, "
                   f"{size // 1024} KiB)", page) for scale, page, size in zip(SCALES, pages, sizes)])
    print(f"  10x against 1x: {pages[1] / pages[0]:.2f}x; 100x against 1x: {pages[2] / pages[0]:.2f}x")
    print(f"  SQL queries per dashboard request: {', '.join(f'{n} at {s}x' for n, s in zip(counts, SCALES))}"
          f" ({'the same' if len(set(counts)) == 1 else 'DIFFERENT'})")


def seed_log(app, email: str, entries: int) -> tuple[int, int]:
    """Give the learner at `email` four projects over five years and `entries` entries; return a project and user."""
    with app.app_context():
        session = get_session()
        user = accounts.create_user(session, email, "Bench", PASSWORD)
        start = TODAY.replace(year=TODAY.year - 5, day=1)
        projects = [Project(user_id=user.id, title=f"Project {index}", organization="Org", job_title="PM",
                            functional_reporting_area="other", organization_primary_focus="other", approach="agile",
                            team_size="other", budget="other", start_month=start, end_month=None)
                    for index in range(4)]
        session.add_all(projects)
        session.flush()
        days = (TODAY - start).days
        session.add_all(HoursEntry(user_id=user.id, project_id=projects[number % 4].id,
                                   day=start + timedelta(days=number * days // entries), hours=Decimal("0.25"),
                                   activity="Weekly coordination with the team", process_groups=["EX"],
                                   domains=["process"]) for number in range(entries))
        session.commit()
        return projects[0].id, user.id


def large_log_figures() -> None:
    """Time each page of a 50,000-entry log against the same page of a 500-entry log, in turn, with their sizes;
    and the application worksheet's content, which lists no entries."""
    app = make_app()
    logs = {count: seed_log(app, f"log{count}@example.org", count) for count in (500, 50_000)}
    clients = {}
    for count in logs:
        clients[count] = app.test_client()
        clients[count].post("/login", data={"email": f"log{count}@example.org", "password": PASSWORD})
    pages = {"the dashboard": "/experience/", "a project's page": "/experience/projects/{project}",
             "its second page": None, "the week": f"/experience/hours/week?day={TODAY.isoformat()}",
             "progress": "/scenarios/progress", "the main dashboard": "/dashboard"}
    rows = []
    for label, path in pages.items():
        timed, sizes = [], []
        for count, (project, _user) in logs.items():
            address = path.format(project=project) if path else _second_page(clients[count], project)
            sizes.append(len(clients[count].get(address).data))
            timed.append(lambda client=clients[count], address=address: client.get(address))
        small, large = interleaved_medians(timed, repeat=15)
        rows.append((f"{label}: 50,000 against 500 entries ({sizes[1] // 1024} KiB, {sizes[0] // 1024} KiB)",
                     large / small))
    with app.test_request_context():
        from learnpm.auth.models import User
        from learnpm.documents.contexts.application import application_context

        users = {count: get_session().get(User, user_id) for count, (_project, user_id) in logs.items()}
        small, large = interleaved_medians([lambda count=count: application_context(get_session(), users[count], TODAY)
                                            for count in logs], repeat=15)
    rows.append(("the application worksheet's content: 50,000 against 500 entries", large / small))
    print("\nA log of 50,000 entries against one of 500 (each page as a multiple of the same page; timed in turn)")
    for label, ratio in rows:
        print(f"  {label:<86} {ratio:6.2f}x")


def _second_page(client, project: int) -> str:
    """Return the address of a project's second page of entries, as its first page links it."""
    page = client.get(f"/experience/projects/{project}").get_data(as_text=True)
    found = re.search(r'href="([^"]+after=[^"]+)"', page)
    return html.unescape(found[1]) if found else f"/experience/projects/{project}"


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
    large_log_figures()
    memory_figure()

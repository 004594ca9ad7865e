"""The week grid and the hours charts: SQL statements per request at 1x and 10x data, and times against a floor.

Run: .venv/bin/python benchmarks/week_grid.py
Floor: a bare Flask route that does one query. The week page, a week saved with every cell changed (four
projects, 28 cells), and the dashboard with its default period and with a chosen one, at 1x (4 projects, 260
entries) and 10x (40 projects, 2,600 entries). The statement counts must not grow with the data.
"""

from __future__ import annotations

import sys
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import FLOOR_PATH, interleaved_medians, make_app, print_ratios  # noqa: E402
from sqlalchemy import event  # noqa: E402

from learnpm.auth import queries as accounts  # noqa: E402
from learnpm.db import get_engine, get_session  # noqa: E402
from learnpm.experience.core.entries import week_start  # noqa: E402
from learnpm.experience.models import HoursEntry, Project  # noqa: E402

PASSWORD = "benchmarks run on quiet nights"
WEEK = week_start(date.today() - timedelta(days=14))
SCALES = (1, 10)


def seed(app, email: str, scale: int) -> list[int]:
    """Give a learner 4 x `scale` projects over five years and 260 x `scale` weekly entries; return project ids."""
    with app.app_context():
        session = get_session()
        user = accounts.create_user(session, email, "Bench", PASSWORD)
        first = WEEK - timedelta(weeks=260)
        projects = [Project(user_id=user.id, title=f"Project {index}", organization="Org", job_title="PM",
                            functional_reporting_area="other", organization_primary_focus="other", approach="agile",
                            team_size="other", budget="other", start_month=first.replace(day=1), end_month=None)
                    for index in range(4 * scale)]
        session.add_all(projects)
        session.flush()
        session.add_all(HoursEntry(user_id=user.id, project_id=projects[number % len(projects)].id,
                                   day=first + timedelta(weeks=number // scale), hours=Decimal("2.5"),
                                   process_groups=["EX"], domains=["process"]) for number in range(260 * scale))
        session.commit()
        return [project.id for project in projects]


def statements(app, action) -> int:
    """Return how many SQL statements `action` runs."""
    seen = []
    listener = lambda *args: seen.append(args[2])  # noqa: E731
    event.listen(get_engine(app), "before_cursor_execute", listener)
    action()
    event.remove(get_engine(app), "before_cursor_execute", listener)
    return len(seen)


def week_form(projects: list[int], hours: str) -> dict[str, str]:
    """Return the grid of the first four projects with every day of the week set to `hours`."""
    days = [WEEK + timedelta(days=offset) for offset in range(7)]
    return {"day": WEEK.isoformat(), **{f"cell-{p}-{d.isoformat()}": hours for p in projects[:4] for d in days}}


def main() -> None:
    app = make_app()
    clients, projects = [], []
    for scale in SCALES:
        projects.append(seed(app, f"grid{scale}@example.org", scale))
        client = app.test_client()
        client.post("/login", data={"email": f"grid{scale}@example.org", "password": PASSWORD})
        clients.append(client)
    week = f"/experience/hours/week?day={WEEK.isoformat()}"
    chosen = "/experience/?from=2024-01&to=2024-12"
    print("SQL statements per request, 1x and 10x data")
    for label, make in [
        ("GET the week", lambda c, p: lambda: c.get(week)),
        ("POST the week, 28 cells changed", lambda c, p: lambda: c.post("/experience/hours/week", data=week_form(p, "1"))),
        ("GET the dashboard, every month", lambda c, p: lambda: c.get("/experience/")),
        ("GET the dashboard, a chosen year", lambda c, p: lambda: c.get(chosen)),
    ]:
        counts = [statements(app, make(c, p)) for c, p in zip(clients, projects)]
        print(f"  {label:<40} {counts[0]:>3} at 1x, {counts[1]:>3} at 10x"
              f" ({'the same' if len(set(counts)) == 1 else 'DIFFERENT'})")
    client, ids = clients[1], projects[1]
    flip = iter(range(10**6))
    floor, page, save, default, year = interleaved_medians([
        lambda: client.get(FLOOR_PATH), lambda: client.get(week),
        lambda: client.post("/experience/hours/week", data=week_form(ids, "2" if next(flip) % 2 else "1.5")),
        lambda: client.get("/experience/"), lambda: client.get(chosen)], repeat=15)
    print_ratios("At 10x data (timed in turn)", "bare route, one query", floor, [
        ("GET the week", page), ("POST the week, 28 cells changed each time", save),
        ("GET the dashboard, every month (five years, by year)", default),
        ("GET the dashboard, a chosen year (by month)", year)])


if __name__ == "__main__":
    main()

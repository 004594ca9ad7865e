"""A project's hours in each order and with a search: a page of a long log against the same page of a short one.

Run: .venv/bin/python benchmarks/sorted_lists.py
Floor: a bare Flask route that does one query. Each order's first page and the page its "Next page" link opens are
timed for a project of 12,500 entries and one of 125, in turn; the SQL query count of each must not grow with the
log, and neither must the page's size (a page holds its fifty rows, whatever the log).
"""

from __future__ import annotations

import html
import re
import sys
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import FLOOR_PATH, count_queries, interleaved_medians, make_app  # noqa: E402

from learnpm.auth import queries as accounts  # noqa: E402
from learnpm.db import get_session  # noqa: E402
from learnpm.experience.models import HoursEntry, Project  # noqa: E402

PASSWORD = "benchmarks run on quiet nights"
TODAY = date(2026, 11, 25)
GROUPS = ("IN", "PL", "EX", "MC", "CL")
ORDERS = ("newest", "oldest", "most", "fewest", "group")


def seed_project(app, email: str, entries: int) -> int:
    """Give a learner one project of `entries` entries of varied hours, groups and words; return the project."""
    with app.app_context():
        session = get_session()
        user = accounts.create_user(session, email, "Bench", PASSWORD)
        project = Project(user_id=user.id, title="Project", organization="Org", job_title="PM",
                          functional_reporting_area="other", organization_primary_focus="other", approach="agile",
                          team_size="other", budget="other", start_month=date(2021, 1, 1), end_month=None)
        session.add(project)
        session.flush()
        session.add_all(HoursEntry(user_id=user.id, project_id=project.id,
                                   day=TODAY - timedelta(days=number % 1800), hours=Decimal(number % 31 + 1) / 4,
                                   activity=f"Coordination {'Łódź depot' if number % 3 else 'weekly call'}",
                                   process_groups=[GROUPS[number % 5]], domains=["process"])
                        for number in range(entries))
        session.commit()
        return project.id


def next_page(client, address: str) -> str:
    """Return the address the page's "Next page" (or "Older") link opens."""
    found = re.search(r'<a rel="next" href="([^"]+)"', client.get(address).get_data(as_text=True))
    return html.unescape(found[1]) if found else address


def main() -> None:
    app = make_app()
    projects = {count: seed_project(app, f"log{count}@example.org", count) for count in (125, 12_500)}
    clients = {}
    for count in projects:
        clients[count] = app.test_client()
        clients[count].post("/login", data={"email": f"log{count}@example.org", "password": PASSWORD})
    print("\nA project of 12,500 entries against one of 125: each order's pages (timed in turn, with the floor)")
    print(f"  {'page':<44} {'long/short':>10} {'long/floor':>10} {'queries':>9} {'KiB':>9}")
    for order in ORDERS:
        for search in ("", "lodz"):
            for label, second in (("first page", False), ("next page", True)):
                addresses = {count: f"/experience/projects/{project}?sort={order}&q={search}"
                             for count, project in projects.items()}
                if second:
                    addresses = {count: next_page(clients[count], address) for count, address in addresses.items()}
                counts = [count_queries(app, clients[count], address) for count, address in addresses.items()]
                sizes = [len(clients[count].get(address).data) // 1024 for count, address in addresses.items()]
                floor, short, long = interleaved_medians(
                    [lambda: clients[125].get(FLOOR_PATH)]
                    + [lambda count=count, address=address: clients[count].get(address)
                       for count, address in addresses.items()], repeat=9)
                name = f"{order}{' + search' if search else ''}, {label}"
                print(f"  {name:<44} {long / short:9.2f}x {long / floor:9.2f}x {counts[0]:>4}/{counts[1]:<4}"
                      f" {sizes[0]:>4}/{sizes[1]:<4}")


if __name__ == "__main__":
    main()

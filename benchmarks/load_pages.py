"""What each page of the load test costs on its own: in this process, no HTTP, as multiples of `/healthz`.

Run: .venv/bin/python benchmarks/load_pages.py [--scale 1] [--repeat 60]
The data and accounts are the load test's (benchmarks/_load_data.py, at `--scale`); each page is asked for by the role
that opens it there, in turn with the others so that machine noise hits all alike. Printed: the median time as a
multiple of `/healthz`'s (a query and a JSON answer), compressed as a browser asks, and the SQL statements one
request runs. A "signed-in frame" row is the site's frame around an empty page: what every page of a signed-in
user pays before its own work; "POST hours" is the form the volunteers send, a quarter hour on a day of the last
400, saved with its totals; "a debrief" is that of a play taken to its first message, where the students open it.
Where the load test's throughput is a share of `/healthz`'s, this says which pages hold it down.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import SIGNED_IN_PATH, interleaved_medians  # noqa: E402
from _load_data import PASSWORD, SCENARIO, hours_form, seed  # noqa: E402
from flask import render_template  # noqa: E402
from flask_login import login_required  # noqa: E402
from sqlalchemy import event  # noqa: E402

from learnpm import create_app  # noqa: E402
from learnpm.db import get_engine  # noqa: E402


def build(scale: int):
    """Seed the load test's data at `scale` and return the app with a logged-in client of each role."""
    instance = Path(tempfile.mkdtemp(prefix="learnpm-pages-"))
    url = f"sqlite:///{instance / 'pages.sqlite3'}"
    emails = seed(url, instance, scale)
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "pages", "RATELIMIT_ENABLED": False,
                      "WTF_CSRF_ENABLED": False})

    @app.get(SIGNED_IN_PATH)
    @login_required
    def signed_in() -> str:
        return render_template("base.html")

    clients = {"anonymous": app.test_client()}  # the floor is asked for with no login, as in the load test
    for role, found in emails.items():
        clients[role] = app.test_client()
        clients[role].post("/login", data={"email": found[0], "password": PASSWORD})
    return app, clients


def pages(clients) -> list[tuple[str, object, str, Callable[[], dict] | None]]:
    """Return (label, client, path, form) for each page the load test's journeys open, and for the hours they log:
    a GET when `form` is None, else a POST of what `form()` returns."""
    student, volunteer, mentor = clients["student"], clients["volunteer"], clients["mentor"]
    play = student.post(f"/scenarios/{SCENARIO}/start").headers["Location"]
    play = re.sub(r"^https?://[^/]+", "", play)
    mentee = re.findall(r'href="(/mentoring/mentees/\d+)"', mentor.get("/mentoring/").get_data(as_text=True))[0]
    review = re.findall(r'href="(/reviews/\d+)"', mentor.get("/reviews/").get_data(as_text=True))[0]
    project = re.findall(r'href="(/experience/projects/\d+)"',
                         volunteer.get("/experience/").get_data(as_text=True))[0]
    choices = re.findall(r'<option value="(\d+)"', volunteer.get("/experience/hours/new").get_data(as_text=True))
    days = random.Random(1)
    debrief = played_through(student) + "/debrief"

    def hours() -> dict:  # as the load test's volunteers log them
        return hours_form(choices[0], days)

    rows = [("/healthz", clients["anonymous"], "/healthz"), ("signed-in frame", student, SIGNED_IN_PATH),
            ("a play's card", student, play), ("a debrief", student, debrief),
            ("student: /dashboard", student, "/dashboard"),
            ("/scenarios/progress", student, "/scenarios/progress"), ("/scenarios/", student, "/scenarios/"),
            ("mentor: /dashboard", mentor, "/dashboard"), ("/reviews/", mentor, "/reviews/"),
            ("a review", mentor, review), ("/mentoring/", mentor, "/mentoring/"), ("a mentee", mentor, mentee),
            ("/experience/", volunteer, "/experience/"), ("a project", volunteer, project),
            ("/experience/hours/new", volunteer, "/experience/hours/new"), ("/documents/", volunteer, "/documents/")]
    return [(*row, None) for row in rows] + [("POST hours", volunteer, "/experience/hours/new", hours)]


def played_through(student, most_moves: int = 200) -> str:
    """Start a play and take the first choice of every decision, as the load test's students do, until the day
    asks for a message or ends (where they open the debrief); return the play's address."""
    play = re.sub(r"^https?://[^/]+", "", student.post(f"/scenarios/{SCENARIO}/start").headers["Location"])
    for _ in range(most_moves):
        card = student.get(play).get_data(as_text=True)
        choice, move = re.search(r'name="choice" value="([^"]+)"', card), re.search(r'name="move" value="(\d+)"', card)
        if not (choice and move):
            break
        student.post(play + "/choose", data={"choice": choice[1], "move": move[1]})
    return play


def ask(client, path: str, form: Callable[[], dict] | None):
    """Send one row's request: its page, or its form (which answers with a redirect when it saved)."""
    answer = client.get(path) if form is None else client.post(path, data=form())
    assert answer.status_code == (200 if form is None else 302), (path, answer.status_code)
    return answer


def statements(app, client, path: str, form: Callable[[], dict] | None) -> int:
    """Return how many SQL statements one request of the row runs."""
    found: list[str] = []
    listener = lambda *args: found.append(args[2])  # noqa: E731
    event.listen(get_engine(app), "before_cursor_execute", listener)
    try:
        ask(client, path, form)
    finally:
        event.remove(get_engine(app), "before_cursor_execute", listener)
    return len(found)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", type=int, default=1, help="the load test's data scale")
    parser.add_argument("--repeat", type=int, default=60, help="requests of each page")
    args = parser.parse_args()
    app, clients = build(args.scale)
    rows = pages(clients)
    for client in clients.values():  # as a browser and the load test's clients ask: the answers come compressed
        client.environ_base["HTTP_ACCEPT_ENCODING"] = "gzip, deflate, br"
    for _label, client, path, form in rows:  # warm each page (first renders compile templates)
        ask(client, path, form)
    counts = [statements(app, client, path, form) for _label, client, path, form in rows]
    medians = interleaved_medians([lambda client=client, path=path, form=form: ask(client, path, form)
                                   for _label, client, path, form in rows], repeat=args.repeat)
    print(f"\nEach page of the load test in-process, {args.scale}x data: median as a multiple of /healthz's")
    for (label, *_request), median, count in zip(rows, medians, counts):
        print(f"  {label:<24} {median / medians[0]:6.2f}x  {count:3} statements")
    return 0


if __name__ == "__main__":
    sys.exit(main())

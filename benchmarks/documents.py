"""Documents: the hours transcript by the number of entries it prints, what one prepared in the background costs the
web process, and the documents page at 1x and 10x data.

Run: .venv/bin/python benchmarks/documents.py [--sizes 50,100,200,400,800] [--only render|web|page] [--activity TEXT]
Render: each transcript is issued as the site issues it (queried, digested, rendered in a worker process) for a learner
with that many weekly entries; the floor, WeasyPrint rendering a one-page document in this process, is timed in
turn with them. Printed: pages, seconds (on this machine, for choosing what "Download the PDF" sends to the
background) and the multiple of the floor; then entries and seconds per page, from which the threshold of
`learnpm.documents.core.length` is read.
Web: the processor time a transcript prepared in the background takes on the web worker's thread (the time its pages
share the interpreter with it), laid out on that thread as before and made whole by the renderer as the site does
now, for transcripts of 250, 1,000 and 3,000 entries (the most one prints), as multiples of a bare request's
processor time measured in the same run; the renderer's wall time is beside it.
Page: GET /documents/ for a learner with 1x and 10x data (per 1x: 4 projects, 260 weekly entries, 20 plays, a
certification and 60 issued documents), timed in turn against a bare route doing one query, with its SQL query
count at each scale.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

import pypdf
from sqlalchemy import insert
from weasyprint import HTML

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import FLOOR_PATH, count_queries, interleaved_medians, make_app, print_ratios  # noqa: E402

from learnpm.auth import queries as accounts  # noqa: E402
from learnpm.db import get_session  # noqa: E402
from learnpm.demo_experience import ADOPTION_DAY  # noqa: E402
from learnpm.documents.issue import issue_document  # noqa: E402
from learnpm.documents.models import IssuedDocument  # noqa: E402
from learnpm.documents.render.pool import RenderLimits, pool_for  # noqa: E402
from learnpm.experience.models import Certification, HoursEntry, Project  # noqa: E402
from learnpm.paths import static_dir  # noqa: E402
from learnpm.scenarios.models import Play  # noqa: E402

ONE_PAGE = ("<html lang='en'><head><title>One page</title></head><body><h1>One page</h1><p>" + "Text. " * 200
            + "</p></body></html>")
REPEAT = 3
PASSWORD = "benchmarks run on quiet nights"
SCALES = (1, 10)


LONG_ACTIVITY = "Weekly coordination of the volunteers and the shelter's intake"


def add_learner(session, number: int, entries: int, activity: str = LONG_ACTIVITY):
    """Add a learner with `entries` weekly entries on one project, ending last week."""
    user = accounts.create_user(session, f"bench{number}@example.org", "Bench Learner", PASSWORD)
    project = Project(user_id=user.id, **ADOPTION_DAY)
    session.add(project)
    session.flush()
    last = date.today() - timedelta(days=7)
    session.execute(insert(HoursEntry), [
        {"user_id": user.id, "project_id": project.id, "day": last - timedelta(weeks=week), "hours": Decimal("2.5"),
         "activity": activity, "process_groups": ["EX"],
         "domains": ["process"], "notes": ""} for week in range(entries)])
    session.commit()
    return user


def timed(action) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def render_figures(sizes: list[int], activity: str = LONG_ACTIVITY) -> None:
    app = make_app()
    with app.test_request_context():
        session = get_session()
        learners = {size: add_learner(session, number, size, activity) for number, size in enumerate(sizes)}
        pool = pool_for(RenderLimits.from_config(app.config), static_dir())
        pool.warm()

        def transcript(size: int) -> bytes:
            _document, pdf = issue_document(session, learners[size], "transcript", "http://localhost/", date.today())
            session.rollback()
            return pdf.data

        def one_page() -> None:
            HTML(string=ONE_PAGE).write_pdf()

        one_page(), transcript(sizes[0])  # warm both
        pages = {size: len(pypdf.PdfReader(io.BytesIO(transcript(size))).pages) for size in sizes}
        floor: list[float] = []
        seconds: dict[int, list[float]] = {size: [] for size in sizes}
        for _ in range(REPEAT):
            for size in sizes:
                floor.append(timed(one_page))
                seconds[size].append(timed(lambda: transcript(size)))
        base = sorted(floor)[len(floor) // 2]
        print(f"\nHours transcript by entries, each activity {activity!r} (median of {REPEAT}); floor: WeasyPrint, "
              f"one page, {base:.3f} s = 1.00x")
        print("  entries  pages  entries/page   seconds  s/page   x floor")
        for size in sizes:
            median = sorted(seconds[size])[REPEAT // 2]
            print(f"  {size:7}  {pages[size]:5}  {size / pages[size]:12.1f}  {median:8.2f}  {median / pages[size]:6.3f}"
                  f"  {median / base:8.1f}x")
        pool.close()


def web_figures(sizes: tuple[int, ...] = (250, 1000, 3000)) -> None:
    """Time, on this thread's processor clock, a transcript issued as a background preparation does it: laid out
    here then rendered, or made whole by the renderer."""
    app = make_app()
    client = app.test_client()
    with app.app_context():
        session = get_session()
        learners = {size: add_learner(session, number, size) for number, size in enumerate(sizes)}
        pool = pool_for(RenderLimits.from_config(app.config), static_dir())
        pool.warm()

        def prepared(size: int, by_renderer: bool) -> tuple[float, float]:
            """Return this thread's processor seconds and the wall seconds of one transcript."""
            wall, cpu = time.perf_counter(), time.thread_time()
            issue_document(session, learners[size], "transcript", "http://localhost/", date.today(),
                           limits=replace(RenderLimits.from_config(app.config), seconds=300),
                           made_by_renderer=by_renderer)
            cpu, wall = time.thread_time() - cpu, time.perf_counter() - wall
            session.rollback()
            return cpu, wall

        def bare() -> float:
            cpu = time.thread_time()
            for _ in range(20):
                client.get(FLOOR_PATH)
            return (time.thread_time() - cpu) / 20

        prepared(sizes[0], True), prepared(sizes[0], False)  # each renderer builds the site's app once
        floor: list[float] = []
        figures: dict[tuple[int, bool], list[tuple[float, float]]] = {}
        for _ in range(REPEAT):
            for size in sizes:
                for by_renderer in (False, True):
                    floor.append(bare())
                    figures.setdefault((size, by_renderer), []).append(prepared(size, by_renderer))
        base = statistics.median(floor)
        print(f"\nA transcript prepared in the background: the web worker thread's processor time (median of {REPEAT}),"
              f" as a multiple of a bare request's ({base * 1000:.2f} ms)")
        print("  entries   laid out on the web thread   made by the renderer   renderer's wall seconds")
        for size in sizes:
            here, there = (statistics.median(cpu for cpu, _ in figures[size, by]) for by in (False, True))
            wall = statistics.median(seconds for _, seconds in figures[size, True])
            print(f"  {size:7,}   {here / base:25.1f}x   {there / base:19.1f}x   {wall:23.2f}")
        pool.close()


def seed_page(session, email: str, scale: int) -> None:
    """Give the learner at `email` `scale` x (4 projects, 260 weekly entries, 20 plays, 60 issued documents)."""
    user = accounts.create_user(session, email, "Bench Learner", PASSWORD)
    session.add(Certification(user_id=user.id, kind="pmp", cycle_start=date(2025, 1, 1)))
    first_week = date.today() - timedelta(weeks=260)
    moment = datetime(2026, 1, 1, tzinfo=timezone.utc)
    for _ in range(scale):
        projects = [Project(user_id=user.id, **{**ADOPTION_DAY, "title": f"Project {index}"}) for index in range(4)]
        session.add_all(projects)
        session.flush()
        session.execute(insert(HoursEntry), [
            {"user_id": user.id, "project_id": projects[week % 4].id, "day": first_week + timedelta(weeks=week),
             "hours": Decimal("2.5"), "activity": "Weekly coordination", "process_groups": ["EX"],
             "domains": ["process"], "notes": ""} for week in range(260)])
        session.add_all(Play(user_id=user.id, scenario_id="vendor-blocker-standup", state={}, node_id="start",
                             moves=number, updated_at=moment) for number in range(20))
        session.add_all(IssuedDocument(user_id=user.id, kind="transcript", title="Hours transcript",
                                       issued_to="Bench Learner", digest="0" * 64,
                                       issued_at=moment + timedelta(hours=number)) for number in range(60))
    session.commit()


def page_figures() -> None:
    """Time /documents/ at 1x and 10x, in turn with the floor, and count its queries at each."""
    app = make_app()
    clients = []
    with app.app_context():
        for scale in SCALES:
            seed_page(get_session(), f"page{scale}@example.org", scale)
    for scale in SCALES:
        client = app.test_client()
        client.post("/login", data={"email": f"page{scale}@example.org", "password": PASSWORD})
        assert client.get("/documents/").status_code == 200
        clients.append(client)
    floor, *pages = interleaved_medians([lambda: clients[0].get(FLOOR_PATH)] + [
        lambda client=client: client.get("/documents/") for client in clients], repeat=25)
    counts = [count_queries(app, client, "/documents/") for client in clients]
    sizes = [len(client.get("/documents/").data) for client in clients]
    print_ratios("The documents page (timed in turn)", "bare route, one query", floor,
                 [(f"GET /documents/ at {scale}x ({260 * scale:,} entries, {20 * scale} plays, {60 * scale} issued, "
                   f"{size // 1024} KiB)", page) for scale, page, size in zip(SCALES, pages, sizes)])
    print(f"  10x against 1x: {pages[1] / pages[0]:.2f}x")
    print(f"  SQL queries per request: {', '.join(f'{n} at {s}x' for n, s in zip(counts, SCALES))}"
          f" ({'the same' if len(set(counts)) == 1 else 'DIFFERENT'})")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="50,100,200,400,800", help="entries of each transcript rendered")
    parser.add_argument("--only", choices=("render", "web", "page"), help="run one part only")
    parser.add_argument("--activity", default=LONG_ACTIVITY, help="what each entry says (its length sets the pages)")
    args = parser.parse_args()
    if args.only in (None, "render"):
        render_figures([int(size) for size in args.sizes.split(",")], args.activity)
    if args.only in (None, "web"):
        web_figures()
    if args.only in (None, "page"):
        page_figures()

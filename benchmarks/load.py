"""A real load test: mixed journeys of the three roles against `learnpm serve` (gunicorn, 2 workers) on loopback.

Run: .venv/bin/python benchmarks/load.py [--seconds 20] [--clients 8] [--scales 1,10] [--database-url URL]
     [--roles student,volunteer,mentor] (fewer roles: the same clients all play those roles' journeys)
Floor: `/healthz` (one query) under the same number of clients, measured in the same run, before the journeys.
Load: Locust in library mode, each client a closed loop (no think time): students play days (start, choose,
debrief), volunteers open their dashboard and project, log hours and press "Download the PDF" of their transcript
as often as the site lets one address (at once, then every 3 minutes: 20 an hour), mentors open their dashboard,
the review queue, a review and a mentee. A transcript long to wait for (the 10x one) is answered with its progress
page, which the volunteer leaves open as the page invites ("You may leave it"): its script asks for the status every
2 seconds, then fetches the file, while the volunteer goes on with their work. Printed, for each data scale:
throughput as a ratio of `/healthz`'s, latency percentiles as ratios of `/healthz`'s, and the error count (any 5xx,
any refused request other than a form error, any broken connection, a PDF that is not one, a prepared document
that failed or was not ready within 120 s). Then, from each response's Server-Timing header, what the pages cost the
server itself (processor time in the application, as multiples of `/healthz`'s): the share of the throughput that the
application's own work, rather than HTTP and the load tool, holds down. The data: per learner and per 1x, three plays
with decisions, two projects with three years of weekly hours, a course and a review.
Rate limits are off for the run (every client comes from 127.0.0.1); the PostgreSQL database given is emptied first.
Traffic goes to 127.0.0.1 only; each phase stops after --seconds, the whole run after a few minutes at most.
"""

from __future__ import annotations

import argparse
import itertools
import os
import random
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import gevent
from limits import parse as parse_limit
from locust import HttpUser, constant, task
from locust.env import Environment
from sqlalchemy import create_engine, text

sys.path.insert(0, str(Path(__file__).resolve().parent))

from mentoring import NOW, _add_experience, _add_play  # noqa: E402

from learnpm import create_app  # noqa: E402
from learnpm.auth import queries as accounts  # noqa: E402
from learnpm.db import get_engine, get_session  # noqa: E402
from learnpm.mentoring.models import MentorLink  # noqa: E402
from learnpm.mentoring.queries import set_capacity  # noqa: E402
from learnpm.migrate import upgrade  # noqa: E402
from learnpm.reviews.models import Review, ReviewRevision  # noqa: E402
from learnpm.scenarios.core.content.scenario import WriteTask  # noqa: E402
from learnpm.scenarios.library import loaded  # noqa: E402
from learnpm.scenarios.models import WriteAnswer  # noqa: E402
from learnpm.security import DOCUMENT_LIMIT  # noqa: E402
from learnpm.server_timing import parse as parse_timing  # noqa: E402

PASSWORD = "benchmarks run on quiet nights"
STUDENTS, VOLUNTEERS, MENTORS = 3, 3, 2  # clients of each role at the default 8; the mix scales with --clients
LEARNERS_PER_MENTOR = 12
SCENARIO = "vendor-blocker-standup"
CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"')
STATUS_EVERY = 2  # seconds between two status requests, as the progress page's script waits
PREPARED_WITHIN = 120  # seconds a prepared transcript may take before the wait counts as an error
# A volunteer asks for PDFs no faster than the site lets one address do (each one is seconds of a renderer's time):
# without it, three clients on loopback would ask for dozens a minute, far past what the site would answer.
DOCUMENT_INTERVAL = parse_limit(DOCUMENT_LIMIT).get_expiry() / parse_limit(DOCUMENT_LIMIT).amount
READY = "is ready"  # what each worker of `learnpm serve` logs once it takes requests
PATHS = {"/plays/": "/plays/[id]", "/experience/projects/": "/experience/projects/[id]", "/reviews/": "/reviews/[id]",
         "/mentoring/mentees/": "/mentoring/mentees/[id]"}


# --- the data --------------------------------------------------------------------------------------------------

def seed(database_url: str, instance: Path, scale: int) -> dict[str, list[str]]:
    """Create the accounts and `scale` x their data; return the emails of each role."""
    os.environ["LEARNPM_INSTANCE_PATH"] = str(instance)
    app = create_app({"DATABASE_URL": database_url, "SECRET_KEY": "load", "RATELIMIT_ENABLED": False})
    upgrade(get_engine(app))
    rng = random.Random(scale)
    emails: dict[str, list[str]] = {"student": [], "volunteer": [], "mentor": []}
    with app.app_context():
        session = get_session()
        scenarios = list(loaded().library.scenarios.values())
        for number in range(MENTORS * 2):
            mentor = accounts.create_user(session, f"mentor{number}@load.example", f"Mentor {number}", PASSWORD,
                                          ("mentor",))
            set_capacity(session, mentor, LEARNERS_PER_MENTOR)
            emails["mentor"].append(mentor.email)
            for index in range(LEARNERS_PER_MENTOR):
                role = "student" if index % 2 == 0 else "volunteer"
                learner = accounts.create_user(session, f"{role}{number}-{index}@load.example", f"Learner {index}",
                                               PASSWORD)
                emails[role].append(learner.email)
                session.add(MentorLink(learner_id=learner.id, mentor_id=mentor.id, created_at=NOW - timedelta(days=90),
                                       can_see_progress=True, can_see_experience=True, can_see_answers=True))
                last = NOW - timedelta(days=index % 20)
                for copy in range(scale):
                    plays = [_add_play(session, learner.id, rng.choice(scenarios), rng, last) for _ in range(3)]
                    # Each copy's weekly hours on its own day of the week: no day holds more than the 24 h a
                    # volunteer may log, so that logging hours keeps succeeding at any scale.
                    _add_experience(session, learner.id, rng, last, weekday=copy % 7)
                    add_review(session, learner.id, mentor.id, plays[0], last)
            session.commit()
    get_engine(app).dispose()
    return emails


def add_review(session, learner_id: int, mentor_id: int, play, last) -> None:
    """Add a written answer to the play's message task and a review of it waiting for the mentor."""
    scenario = loaded().library.scenarios[play.scenario_id]
    task = next(node for node in scenario.nodes.values() if isinstance(node, WriteTask))
    answer = WriteAnswer(play_id=play.id, scenario_id=play.scenario_id, node_id=task.id, move=0,
                         text="Dana, the vendor fix slipped to Friday. I need a decision by noon.", self_scores={},
                         strong=False, created_at=last)
    session.add(answer)
    session.flush()
    review = Review(learner_id=learner_id, mentor_id=mentor_id, answer_id=answer.id, state="submitted",
                    created_at=last, updated_at=last)
    review.revisions.append(ReviewRevision(number=1, text=answer.text, self_scores={}, created_at=last))
    session.add(review)


def empty_database(database_url: str) -> None:
    """Drop everything in a PostgreSQL database, so that each scale starts from nothing."""
    engine = create_engine(database_url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


# --- the server ------------------------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve(database_url: str, instance: Path, port: int) -> subprocess.Popen:
    """Start `learnpm serve` with two workers and wait until both are ready."""
    learnpm = Path(sys.executable).with_name("learnpm")
    env = {**os.environ, "LEARNPM_INSTANCE_PATH": str(instance), "LEARNPM_DATABASE_URL": database_url,
           "LEARNPM_RATELIMIT_ENABLED": "false", "LEARNPM_MAIL_RETRY_SECONDS": "0",
           "LEARNPM_SERVER_TIMING": "true"}
    server = subprocess.Popen([str(learnpm), "serve", "--port", str(port), "--workers", "2"], env=env,
                              stdout=subprocess.DEVNULL, stderr=open(instance / "serve.log", "w"),
                              start_new_session=True)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and server.poll() is None:
        if (instance / "serve.log").read_text().count(READY) >= 2:  # both workers warmed and taking requests
            return server
        time.sleep(0.2)
    stop(server)
    raise SystemExit(f"learnpm serve did not start: see {instance / 'serve.log'}")


def stop(server: subprocess.Popen) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


# --- the clients -----------------------------------------------------------------------------------------------

class Client(HttpUser):
    """A logged-in user of one role; `emails` hands out each account once."""

    abstract = True
    wait_time = constant(0)
    role = ""
    emails: dict[str, itertools.cycle] = {}
    logged_in = 0  # clients past their login, which is not measured (a password hash is slow on purpose)

    def on_start(self) -> None:
        self.email = next(self.emails[self.role])
        page = self.client.get("/login", name="/login")
        self.client.post("/login", data={"email": self.email, "password": PASSWORD, "csrf_token": token(page.text)},
                         name="/login")
        Client.logged_in += 1

    def page(self, path: str, name: str | None = None):
        """GET a page, checking it answered 200."""
        with self.client.get(path, name=name or _name(path), catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{path} answered {response.status_code}")
            return response

    def submit(self, path: str, data: dict, allowed: tuple[int, ...] = (200, 302, 303, 422)):
        """POST a form; a form error (422) is the site working, anything else outside `allowed` is an error."""
        with self.client.post(path, data=data, name=_name(path), allow_redirects=False,
                              catch_response=True) as response:
            if response.status_code not in allowed:
                response.failure(f"POST {path} answered {response.status_code}")
            else:
                response.success()  # Locust counts any 4xx as failed unless told: a 422 here is a form error
            return response


class Student(Client):
    role = "student"
    fixed_count = STUDENTS
    play_path: str | None = None

    @task(6)
    def play(self) -> None:
        if self.play_path is None:
            dashboard = self.page("/scenarios/")
            started = self.submit(f"/scenarios/{SCENARIO}/start", {"csrf_token": token(dashboard.text)},
                                  allowed=(302, 303))
            self.play_path = started.headers.get("Location", "").replace("http://127.0.0.1", "") or None
            if not self.play_path:
                return
            self.play_path = re.sub(r"^https?://[^/]+", "", self.play_path)
        card = self.page(self.play_path)
        choice = re.search(r'name="choice" value="([^"]+)"', card.text)
        move = re.search(r'name="move" value="(\d+)"', card.text)
        if choice and move:
            self.submit(self.play_path + "/choose", {"csrf_token": token(card.text), "choice": choice[1],
                                                     "move": move[1]})
        else:  # a message to write or the end of the day: read the debrief, then start another day
            self.page(self.play_path + "/debrief")
            self.play_path = None

    @task(1)
    def progress(self) -> None:
        self.page("/scenarios/progress")

    @task(1)
    def home(self) -> None:
        self.page("/dashboard")


class Volunteer(Client):
    role = "volunteer"
    fixed_count = VOLUNTEERS
    open_tabs: list[gevent.Greenlet] = []  # progress pages left open, asking for their status; closed with the phase

    @task(3)
    def dashboard(self) -> None:
        self.page("/experience/")

    @task(2)
    def log_hours(self) -> None:
        form = self.page("/experience/hours/new")
        projects = re.findall(r'<option value="(\d+)"', form.text)
        if not projects:
            return
        day = date.today() - timedelta(days=random.randrange(1, 400))  # the project in progress runs 18 months
        self.submit("/experience/hours/new", {"csrf_token": token(form.text), "project": projects[0],
                                              "day": day.isoformat(), "hours": "0.25", "activity": "Stand-up",
                                              "process_groups": "EX", "domains": "process"})

    @task(2)
    def project(self) -> None:
        dashboard = self.page("/experience/")
        found = re.findall(r'href="(/experience/projects/\d+)"', dashboard.text)
        if found:
            self.page(found[0])

    def on_start(self) -> None:
        super().on_start()
        self.next_document = time.monotonic()  # the first transcript at once, the next when the site's limit allows

    @task(1)
    def transcript(self) -> None:
        if time.monotonic() < self.next_document:
            return  # Locust picks another task at once: this volunteer has had their share of PDFs for now
        self.next_document = time.monotonic() + DOCUMENT_INTERVAL
        page = self.page("/documents/")
        progress = None
        with self.client.post("/documents/transcript", data={"csrf_token": token(page.text)}, allow_redirects=False,
                              name="/documents/[kind] (PDF)", catch_response=True) as response:
            location = re.sub(r"^https?://[^/]+", "", response.headers.get("Location", ""))
            if response.status_code == 200 and response.content.startswith(b"%PDF"):
                response.success()
            elif response.status_code == 303 and location.startswith("/documents/prepared/"):
                response.success()
                progress = location
            else:
                response.failure(f"transcript answered {response.status_code} {location}".strip())
        if progress:  # the volunteer leaves the progress page open and goes on
            Volunteer.open_tabs.append(gevent.spawn(self.follow_preparation, progress))

    def follow_preparation(self, progress: str) -> None:
        """Do what the progress page's script does: ask for the status every 2 s until finished, then get the file."""
        self.page(progress, "/documents/prepared/[id]")
        deadline = time.monotonic() + PREPARED_WITHIN
        while True:
            gevent.sleep(STATUS_EVERY)
            with self.client.get(progress + "/status", name="/documents/prepared/[id]/status",
                                 catch_response=True) as response:
                status = response.json() if response.status_code == 200 else {}
                if response.status_code != 200:
                    response.failure(f"the status answered {response.status_code}")
                    return
                if status.get("finished"):
                    if status.get("state") != "ready":
                        response.failure(f"the prepared transcript ended {status.get('state')}")
                        return
                    break
                if time.monotonic() > deadline:
                    response.failure(f"the transcript was not ready within {PREPARED_WITHIN} s")
                    return
        with self.client.get(status.get("file") or progress + "/file", name="/documents/prepared/[id]/file",
                             catch_response=True) as response:
            if response.status_code != 200 or not response.content.startswith(b"%PDF"):
                response.failure(f"the prepared transcript answered {response.status_code}")


class Mentor(Client):
    role = "mentor"
    fixed_count = MENTORS

    @task(3)
    def dashboard(self) -> None:
        self.page("/dashboard")

    @task(2)
    def reviews(self) -> None:
        queue = self.page("/reviews/")
        found = re.findall(r'href="(/reviews/\d+)"', queue.text)
        if found:
            self.page(random.choice(found[:5]))

    @task(1)
    def mentee(self) -> None:
        page = self.page("/mentoring/")
        found = re.findall(r'href="(/mentoring/mentees/\d+)"', page.text)
        if found:
            self.page(random.choice(found))


class Healthz(HttpUser):
    """The floor: the same clients asking only for the health check (one query)."""

    wait_time = constant(0)

    @task
    def healthz(self) -> None:
        self.client.get("/healthz", name="/healthz")


def token(page: str) -> str:
    found = CSRF.search(page)
    return (found[1] or found[2]) if found else ""


def _name(path: str) -> str:
    for prefix, name in PATHS.items():
        if path.startswith(prefix) and re.match(r"\d", path[len(prefix):] or "x"):
            rest = re.sub(r"^\d+", "", path[len(prefix):])
            return name + rest
    return path


# --- a run -----------------------------------------------------------------------------------------------------

def run_phase(user_classes: list[type], host: str, clients: int, seconds: float, on_measure=None):
    """Run the clients for `seconds` and return Locust's statistics.

    `on_measure(env)`, when given, is called as the measured part starts (to listen to requests, or plan events).
    """
    for user_class in user_classes:
        user_class.host = host
    env = Environment(user_classes=user_classes, host=host, catch_exceptions=True)
    runner = env.create_local_runner()
    Client.logged_in = 0
    runner.start(clients, spawn_rate=clients)
    deadline = time.monotonic() + 120
    while any(issubclass(user, Client) for user in user_classes) and Client.logged_in < clients:
        if time.monotonic() > deadline:
            raise SystemExit("the clients could not log in within two minutes")
        gevent.sleep(0.1)
    env.stats.reset_all()  # measure the journeys only, from the moment every client is in
    if on_measure is not None:
        on_measure(env)
    gevent.spawn_later(seconds, runner.quit)
    runner.greenlet.join()
    gevent.killall(Volunteer.open_tabs)
    Volunteer.open_tabs.clear()
    for problem in runner.exceptions.values():
        print(f"  a client stopped on: {problem['msg']}\n{problem['traceback']}", file=sys.stderr)
    return env.stats


def percentiles(entry) -> tuple[float, float, float]:
    return tuple(entry.get_response_time_percentile(share) or 0.0 for share in (0.5, 0.95, 0.99))


class ServerTimes:
    """Processor time the application spent per request, by request, read from the Server-Timing headers."""

    def __init__(self) -> None:
        self.by_request: dict[tuple[str, str], list[float]] = {}

    def listen(self, env: Environment) -> None:
        env.events.request.add_listener(self.record)

    def record(self, request_type: str, name: str, response=None, **_kwargs) -> None:
        header = response.headers.get("Server-Timing", "") if response is not None else ""
        cpu = parse_timing(header).get("cpu")
        if cpu is not None:
            self.by_request.setdefault((request_type, name), []).append(cpu)

    def mean(self, key: tuple[str, str] | None = None) -> float:
        found = self.by_request.get(key, []) if key else [cpu for cpus in self.by_request.values() for cpu in cpus]
        return sum(found) / len(found) if found else 0.0


ROLES = {"student": Student, "volunteer": Volunteer, "mentor": Mentor}


def measure(database_url: str | None, scale: int, clients: int, seconds: float,
            roles: list[type] | None = None) -> int:
    """Seed, serve, run /healthz then the journeys; print the ratios and return the error count."""
    instance = Path(tempfile.mkdtemp(prefix="learnpm-load-"))
    url = database_url or f"sqlite:///{instance / 'load.sqlite3'}"
    if database_url:
        empty_database(database_url)
    emails = seed(url, instance, scale)
    Client.emails = {role: itertools.cycle(found) for role, found in emails.items()}
    port = free_port()
    server = serve(url, instance, port)
    try:
        host = f"http://127.0.0.1:{port}"
        floor_times, mixed_times = ServerTimes(), ServerTimes()
        floor = run_phase([Healthz], host, clients, seconds, floor_times.listen)
        mixed = run_phase(roles or list(ROLES.values()), host, clients, seconds, mixed_times.listen)
    finally:
        stop(server)
    base, total = floor.total, mixed.total
    base_p, mixed_p = percentiles(base), percentiles(total)
    kind = "PostgreSQL" if database_url else "SQLite"
    journeys = ", ".join(role.role for role in roles or ROLES.values())
    print(f"\nLoad: learnpm serve (2 workers), {kind}, {scale}x data, {clients} clients, {seconds:g} s per phase, "
          f"journeys of: {journeys}")
    print(f"  floor: /healthz alone, {base.num_requests} requests, {base.num_failures} errors        1.00x")
    print(f"  mixed journeys: {total.num_requests} requests, {total.num_failures} errors")
    print(f"    throughput as a share of /healthz's               {total.total_rps / base.total_rps:6.2f}x")
    for label, mine, theirs in zip(("p50", "p95", "p99"), mixed_p, base_p):
        print(f"    {label} latency as a multiple of /healthz's {label}          {mine / max(theirs, 1):6.2f}x")
    print("    by request (count, p50 and p99 as multiples of /healthz's):")
    for entry in sorted(mixed.entries.values(), key=lambda item: -item.num_requests):
        p50, _p95, p99 = percentiles(entry)
        print(f"      {entry.method:4} {entry.name:<38} {entry.num_requests:6}  {p50 / max(base_p[0], 1):6.2f}x"
              f"  {p99 / max(base_p[2], 1):6.2f}x  errors {entry.num_failures}")
    for error in mixed.errors.values():
        print(f"      error: {error.method} {error.name}: {error.error} ({error.occurrences}x)")
    floor_cpu = floor_times.mean() or 1.0
    print("    the application's own processor time per request, as a multiple of /healthz's (Server-Timing):")
    print(f"      all mixed requests {mixed_times.mean() / floor_cpu:6.2f}x")
    by_cost = sorted(mixed_times.by_request, key=lambda key: -sum(mixed_times.by_request[key]))
    spent = sum(sum(cpus) for cpus in mixed_times.by_request.values()) or 1.0
    for key in by_cost[:8]:
        print(f"      {key[0]:4} {key[1]:<38} {mixed_times.mean(key) / floor_cpu:6.2f}x"
              f"  {sum(mixed_times.by_request[key]) / spent:5.0%} of the application's time")
    return total.num_failures + base.num_failures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=20.0, help="length of each phase")
    parser.add_argument("--clients", type=int, default=8, help="simultaneous clients")
    parser.add_argument("--scales", default="1,10", help="data scales to run, e.g. 1,10")
    parser.add_argument("--database-url", help="a PostgreSQL database to use (emptied first); default SQLite")
    parser.add_argument("--roles", default=",".join(ROLES), help="the roles whose journeys make the mix")
    args = parser.parse_args()
    roles = [ROLES[name.strip()] for name in args.roles.split(",") if name.strip() in ROLES]
    if not roles:
        parser.error(f"--roles takes some of {', '.join(ROLES)}")
    if len(roles) < len(ROLES):  # the clients are shared out among the roles asked for
        for index, role in enumerate(roles):
            role.fixed_count = args.clients // len(roles) + (1 if index < args.clients % len(roles) else 0)
    elif args.clients != STUDENTS + VOLUNTEERS + MENTORS:
        share = args.clients / (STUDENTS + VOLUNTEERS + MENTORS)
        Student.fixed_count, Volunteer.fixed_count = max(1, round(STUDENTS * share)), max(1, round(VOLUNTEERS * share))
        Mentor.fixed_count = max(1, args.clients - Student.fixed_count - Volunteer.fixed_count)
    errors = sum(measure(args.database_url, int(scale), args.clients, args.seconds, roles)
                 for scale in args.scales.split(","))
    print(f"\n{errors} errors in all")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())

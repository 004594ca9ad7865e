"""The load test's clients: what each role does on the site (Locust users), and a run of them.

Shared by benchmarks/load.py (the journeys against one `learnpm serve`), benchmarks/scale_out.py (the same journeys
through nginx to two servers) and benchmarks/load_pages.py (each page they open, alone and in-process); their
accounts and data are in benchmarks/_load_data.py. Students play days (start, choose, debrief), volunteers open their
dashboard and project, log hours and ask for their transcript's PDF, mentors open their dashboard, the review queue,
a review and a mentee; each is a closed loop with no think time.
"""

from __future__ import annotations

import itertools
import random
import re
import sys
import time
from pathlib import Path

import gevent
from limits import parse as parse_limit
from locust import HttpUser, constant, task
from locust.env import Environment

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _load_data import MENTORS, PASSWORD, SCENARIO, STUDENTS, VOLUNTEERS, hours_form  # noqa: E402

from learnpm.security import DOCUMENT_LIMIT  # noqa: E402

CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"')
STATUS_EVERY = 2  # seconds between two status requests, as the progress page's script waits
PREPARED_WITHIN = 120  # seconds a prepared transcript may take before the wait counts as an error
# A volunteer asks for PDFs no faster than the site lets one address do (each one is seconds of a renderer's time):
# without it, three clients on loopback would ask for dozens a minute, far past what the site would answer.
DOCUMENT_INTERVAL = parse_limit(DOCUMENT_LIMIT).get_expiry() / parse_limit(DOCUMENT_LIMIT).amount
PATHS = {"/plays/": "/plays/[id]", "/experience/projects/": "/experience/projects/[id]", "/reviews/": "/reviews/[id]",
         "/mentoring/mentees/": "/mentoring/mentees/[id]"}


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
        self.submit("/experience/hours/new", {"csrf_token": token(form.text), **hours_form(projects[0], random)})

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


class Frame(Client):
    """The lightest page a signed-in user opens (their account: a heading, a few links and forms in the site's
    frame), and nothing else: no mixed journey can be cheaper than this, so its throughput bounds the mix's."""

    role = "student"

    @task
    def account(self) -> None:
        self.page("/account/")


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

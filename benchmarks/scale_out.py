"""The whole site at scale: nginx in front of two `learnpm serve`, PostgreSQL, Redis and one `learnpm worker`.

Run: .venv/bin/python benchmarks/scale_out.py [--seconds 60] [--clients 8]
Everything starts on 127.0.0.1, on free ports, in a temporary folder holding each process's log (printed, and the
folder kept, on failure; deleted after a run that passed); everything is stopped at the end, whatever happened.
The app servers run with LEARNPM_PROXY_COUNT=1, rate limits in Redis, background work on the queue and mail to an
SMTP sink.

1. Throughput: the mixed journeys of benchmarks/_journeys.py straight to one app server, then through nginx to both,
   each for a quarter of --seconds (at least 8 s) in two turns taken alternately; printed as a ratio.
2. Faults, --seconds through nginx: the same journeys while learners ask for documents prepared in the background
   and for password resets (mail); one app server is SIGKILLed at 30 % (started again on its port at 70 %), the
   worker is SIGSTOPped for a few seconds at 55 %. The only errors allowed are requests in flight on the killed
   server at the moment it died.
3. After the load (waiting at most two minutes for the worker to drain): every document asked for is issued once
   and downloadable through nginx; every mail queued reached the SMTP sink exactly once (counted per Message-ID).
4. Throttle: wrong passwords for one account sent alternately straight to each app server, the 7th refused
   whichever answers; then through nginx from one client address, the 7th refused, while the right password from
   another address behind the same nginx gets in (the app keys on the client's address, not nginx's).
Exit status 1 when any of these fails.
"""

from __future__ import annotations

from gevent import monkey

monkey.patch_all()  # before anything imports ssl: Locust's clients and the background users are greenlets

import argparse  # noqa: E402
import itertools  # noqa: E402
import os  # noqa: E402
import secrets  # noqa: E402
import shutil  # noqa: E402
import signal  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402
from pathlib import Path  # noqa: E402

import gevent  # noqa: E402
import gevent.event  # noqa: E402
import requests  # noqa: E402
from requests.adapters import HTTPAdapter  # noqa: E402
from sqlalchemy import create_engine, func, select  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _fleet  # noqa: E402
import _journeys as journeys  # noqa: E402
import _load_data as load_data  # noqa: E402

from learnpm import create_app  # noqa: E402
from learnpm.auth.queries import create_user  # noqa: E402
from learnpm.db import get_session  # noqa: E402
from learnpm.documents.issued_files import PreparedDocument  # noqa: E402
from learnpm.documents.models import IssuedDocument  # noqa: E402
from learnpm.mail.models import OutgoingMail  # noqa: E402

CHECKOUT = Path(__file__).resolve().parents[1]
THROTTLED = "throttled@scale.example"
ASKERS = 2  # learners asking for documents in the background, each from an address of its own
ASK_EVERY = 6.0  # seconds between one learner's requests for a document
RESETS_PER_EMAIL = 2  # below the site's 3 per hour, so that every reset asked for is mailed
WRONG = "not the password at all"
# Each client comes from an address of its own (all of 127.0.0.0/8 is loopback): per-address limits hold as for
# real visitors, and the app must see these addresses, not nginx's.
CLIENT_ADDRESSES = itertools.cycle(f"127.0.{third}.{fourth}" for third in range(10, 60) for fourth in range(1, 255))


class FromAddress(HTTPAdapter):
    """A transport whose connections leave from one loopback address."""

    def __init__(self, address: str) -> None:
        self.address = address
        super().__init__()

    def init_poolmanager(self, *args, **kwargs):
        kwargs["source_address"] = (self.address, 0)
        return super().init_poolmanager(*args, **kwargs)


def from_address(session: requests.Session, address: str) -> requests.Session:
    session.mount("http://", FromAddress(address))
    return session


class Spread:
    """A load client that connects from an address of its own."""

    def on_start(self) -> None:
        from_address(self.client, next(CLIENT_ADDRESSES))
        super().on_start()


class Student(Spread, journeys.Student):
    pass


class Volunteer(Spread, journeys.Volunteer):
    pass


class Mentor(Spread, journeys.Mentor):
    pass


JOURNEYS = [Student, Volunteer, Mentor]


@dataclass
class Call:
    """One request of the run, for telling when errors happened."""

    start: float
    end: float
    what: str
    error: str = ""


@dataclass
class Run:
    """What the faulty phase saw and did."""

    calls: list[Call] = field(default_factory=list)
    events: list[tuple[float, str]] = field(default_factory=list)
    documents: list[tuple[requests.Session, str]] = field(default_factory=list)
    resets: int = 0
    started: float = 0.0

    def record(self, start: float, what: str, error: str = "") -> None:
        self.calls.append(Call(start, time.time(), what, error))


# --- the site -------------------------------------------------------------------------------------------------

def seed(database_url: str, folder: Path) -> dict[str, list[str]]:
    """Seed the load's data (1x) and the account whose password is guessed; return the emails of each role."""
    (folder / "seed").mkdir()
    emails = load_data.seed(database_url, folder / "seed", 1)
    app = create_app({"DATABASE_URL": database_url, "SECRET_KEY": "seed", "RATELIMIT_ENABLED": False})
    with app.app_context():
        create_user(get_session(), THROTTLED, "Throttled", load_data.PASSWORD)
        get_session().commit()
    app.extensions["learnpm.engine"].dispose()
    return emails


def site_env(folder: Path, name: str, database_url: str, redis_port: int, smtp_port: int, nginx_port: int,
             secret: str) -> dict[str, str]:
    """Return the environment of one process of the site (each has an instance folder of its own)."""
    return {**os.environ, "PYTHONPATH": str(CHECKOUT), "LEARNPM_INSTANCE_PATH": str(folder / f"instance-{name}"),
            "LEARNPM_DATABASE_URL": database_url, "LEARNPM_SECRET_KEY": secret,
            "LEARNPM_QUEUE_URL": f"redis://127.0.0.1:{redis_port}/1",
            "LEARNPM_RATELIMIT_STORAGE_URI": f"redis://127.0.0.1:{redis_port}/2",
            "LEARNPM_PROXY_COUNT": "1", "LEARNPM_BASE_URL": f"http://127.0.0.1:{nginx_port}/",
            "LEARNPM_MAIL_SERVER": "127.0.0.1", "LEARNPM_MAIL_PORT": str(smtp_port), "LEARNPM_MAIL_USE_TLS": "false",
            "LEARNPM_MAIL_RETRY_SECONDS": "2", "LEARNPM_SCHEDULE_SECONDS": "2", "LEARNPM_LOG_LEVEL": "WARNING"}


# --- the background users -------------------------------------------------------------------------------------

def logged_in(host: str, email: str, address: str) -> requests.Session:
    """Return a session logged in as `email` from `address`."""
    session = from_address(requests.Session(), address)
    page = session.get(f"{host}/login", timeout=30)
    answer = session.post(f"{host}/login", data={"email": email, "password": load_data.PASSWORD,
                                                  "csrf_token": journeys.token(page.text)}, timeout=30)
    if "/login" in answer.url:
        raise RuntimeError(f"{email} could not log in: {answer.status_code}")
    return session


def ask_for_documents(run: Run, host: str, email: str, address: str, stop: gevent.event.Event) -> None:
    """Ask for a readiness report every few seconds until stopped; keep the address of each progress page."""
    session = logged_in(host, email, address)
    while not stop.wait(ASK_EVERY):
        start = time.time()
        try:
            page = session.get(f"{host}/documents/", timeout=60)
            answer = session.post(f"{host}/documents/readiness/prepare", data={"csrf_token": journeys.token(page.text)},
                                  allow_redirects=False, timeout=60)
        except requests.RequestException as error:
            run.record(start, "POST /documents/readiness/prepare", type(error).__name__)
            continue
        if answer.status_code == 303:
            run.documents.append((session, answer.headers["Location"]))
            run.record(start, "POST /documents/readiness/prepare")
        else:
            run.record(start, "POST /documents/readiness/prepare", f"answered {answer.status_code}")


def ask_for_resets(run: Run, host: str, emails: list[str], stop: gevent.event.Event) -> None:
    """Ask for a password reset every second, for each email at most twice, each from a new client address."""
    for email in itertools.chain.from_iterable(itertools.repeat(emails, RESETS_PER_EMAIL)):
        if stop.wait(1.0):
            return
        start, session = time.time(), from_address(requests.Session(), next(CLIENT_ADDRESSES))
        try:
            page = session.get(f"{host}/forgot-password", timeout=60)
            answer = session.post(f"{host}/forgot-password", data={"csrf_token": journeys.token(page.text),
                                                                    "email": email}, timeout=60)
        except requests.RequestException as error:
            run.record(start, "POST /forgot-password", type(error).__name__)
            continue
        if answer.status_code == 200 and "Check your inbox" in answer.text:
            run.resets += 1
            run.record(start, "POST /forgot-password")
        else:
            run.record(start, "POST /forgot-password", f"answered {answer.status_code}")


# --- the phases -----------------------------------------------------------------------------------------------

def throughput(hosts: list[str], clients: int, seconds: float, rounds: int = 2) -> list[tuple[float, int, int]]:
    """Run the mixed journeys against each of `hosts` in turn, `rounds` times (so that the noise of a shared
    machine falls on all alike); return for each host its mean requests per second, requests and errors."""
    found = {host: [] for host in hosts}
    for _ in range(rounds):
        for host in hosts:
            found[host].append(journeys.run_phase(JOURNEYS, host, clients, seconds / rounds).total)
    return [(sum(stats.total_rps for stats in runs) / rounds, sum(stats.num_requests for stats in runs),
             sum(stats.num_failures for stats in runs)) for runs in found.values()]


def faulty_phase(fleet: _fleet.Fleet, host: str, clients: int, seconds: float, learners: list[str],
                 restart_b) -> tuple[Run, object]:
    """Run the journeys, the documents and the mail through nginx while a server dies and the worker stalls."""
    run, stop = Run(), gevent.event.Event()
    pause = min(5.0, max(2.0, seconds / 10))
    restarted: list[gevent.Greenlet] = []

    def event(what: str) -> None:
        run.events.append((time.time(), what))

    def kill_b() -> None:
        event("app server B killed (SIGKILL to its process group)")
        fleet.kill_now("serve-b")  # a killed process still has to be scheduled to die: on a busy machine, a while
        event("app server B: its last process is gone")

    def stall_worker() -> None:
        event(f"worker stopped (SIGSTOP) for {pause:g} s")
        fleet.send("worker", signal.SIGSTOP)
        gevent.sleep(pause)
        fleet.send("worker", signal.SIGCONT)
        event("worker continued (SIGCONT)")

    def start_b_again() -> None:
        restart_b()
        event("app server B answering again, on its port")

    def on_measure(env) -> None:
        run.started = time.time()
        env.events.request.add_listener(lambda **kw: run.calls.append(Call(
            time.time() - kw["response_time"] / 1000, time.time(), f"{kw['request_type']} {kw['name']}",
            str(kw["exception"] or ""))))
        gevent.spawn_later(seconds * 0.30, kill_b)
        gevent.spawn_later(seconds * 0.55, stall_worker)
        restarted.append(gevent.spawn_later(seconds * 0.70, start_b_again))
        for number, email in enumerate(learners[-ASKERS:]):
            gevent.spawn(ask_for_documents, run, host, email, next(CLIENT_ADDRESSES), stop)
        gevent.spawn(ask_for_resets, run, host, learners[:-ASKERS], stop)

    stats = journeys.run_phase(JOURNEYS, host, clients, seconds, on_measure=on_measure)
    stop.set()
    gevent.sleep(1)
    # On a busy machine B may still be starting when the phase ends; what follows talks to B directly.
    for greenlet in restarted:
        greenlet.join()
        if greenlet.exception is not None:
            raise RuntimeError(f"app server B did not start again: {greenlet.exception}")
    return run, stats


def in_flight(call: Call, killed: float, gone: float, slack: float = 0.05) -> bool:
    """Tell whether `call` was under way while the server was being killed (from the signal to its last process)."""
    return call.start - slack <= gone and killed <= call.end + slack


# --- the accounts ---------------------------------------------------------------------------------------------

def drain(database_url: str, seconds: float = 120) -> dict[str, int]:
    """Wait until no document is unfinished and no mail unsent (at most `seconds`); return the counts."""
    engine = create_engine(database_url.replace("postgresql://", "postgresql+psycopg://", 1))
    started = time.monotonic()
    try:
        while True:
            with engine.connect() as connection:
                counts = accounts(connection)
            counts["drain_seconds"] = round(time.monotonic() - started)
            if (counts["unfinished"] == 0 and counts["unsent"] == 0) or time.monotonic() > started + seconds:
                return counts
            gevent.sleep(0.5)
    finally:
        engine.dispose()


def accounts(connection) -> dict[str, int]:
    """Count the documents and mails of the run in the database."""
    def count(query) -> int:
        return int(connection.scalar(query) or 0)

    prepared = select(func.count()).select_from(PreparedDocument)
    return {
        "recorded": count(prepared),
        "ready": count(prepared.where(PreparedDocument.state == "ready")),
        "failed": count(prepared.where(PreparedDocument.state == "failed")),
        "unfinished": count(prepared.where(PreparedDocument.state.in_(("waiting", "rendering")))),
        "restarted": count(prepared.where(PreparedDocument.attempts > 1)),
        "render_seconds": round(float(connection.scalar(select(func.avg(func.extract(
            "epoch", PreparedDocument.finished_at - PreparedDocument.created_at)))) or 0), 1),
        "issued": count(select(func.count()).select_from(IssuedDocument).where(IssuedDocument.kind == "readiness")),
        "queued": count(select(func.count()).select_from(OutgoingMail)),
        "unsent": count(select(func.count()).select_from(OutgoingMail).where(OutgoingMail.sent_at.is_(None))),
        "mail_failed": count(select(func.count()).select_from(OutgoingMail).where(OutgoingMail.failed_at.is_not(None))),
    }


def outbox_ids(database_url: str) -> set[str]:
    engine = create_engine(database_url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.connect() as connection:
        found = set(connection.scalars(select(OutgoingMail.message_id)))
    engine.dispose()
    return found


def downloadable(run: Run, host: str) -> int:
    """Download every document asked for through nginx; return how many came back as a PDF."""
    count = 0
    for session, progress in run.documents:
        url = progress if progress.startswith("http") else host + progress
        answer = session.get(url + "/file", timeout=60)
        count += answer.status_code == 200 and answer.content.startswith(b"%PDF")
    return count


def login_attempts(targets: list[str], address: str, email: str, password: str, count: int) -> list[int]:
    """Try `password` on `email` `count` times from `address`, going round `targets`; return the statuses."""
    statuses = []
    for number in range(count):
        host = targets[number % len(targets)]
        session = from_address(requests.Session(), address)
        page = session.get(f"{host}/login", timeout=30)
        answer = session.post(f"{host}/login", data={"email": email, "password": password,
                                                      "csrf_token": journeys.token(page.text)}, allow_redirects=False,
                              timeout=30)
        statuses.append(answer.status_code)
    return statuses


# --- the run --------------------------------------------------------------------------------------------------

def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=60.0, help="length of the faulty phase (at most 600)")
    parser.add_argument("--clients", type=int, default=8, help="simultaneous clients of the mixed journeys")
    args = parser.parse_args()
    seconds = min(600.0, max(10.0, args.seconds))
    folder = Path(tempfile.mkdtemp(prefix="learnpm-scale-"))
    fleet = _fleet.Fleet(folder)
    problems: list[str] = []
    try:
        problems = scale_out(fleet, folder, seconds, args.clients)
    except Exception as error:  # noqa: BLE001  (whatever broke, the logs say why)
        problems = [f"the run stopped: {type(error).__name__}: {error}"]
    finally:
        fleet.stop_all()
    if problems:
        fleet.print_logs()
        print("\nFAILED:\n  " + "\n  ".join(problems))
        return 1
    print("\nEvery invariant holds.")
    shutil.rmtree(folder, ignore_errors=True)  # the database's files and the logs: kept only when something failed
    return 0


def scale_out(fleet: _fleet.Fleet, folder: Path, seconds: float, clients: int) -> list[str]:
    """Start the site, run the phases, print the figures; return the invariants that failed."""
    started = time.monotonic()
    database_url = _fleet.start_postgres(fleet)
    redis_port = _fleet.start_redis(fleet)
    smtp_port, maildir = _fleet.start_smtp_sink(fleet)
    emails = seed(database_url, folder)
    journeys.Client.emails = {role: itertools.cycle(found) for role, found in emails.items()}
    nginx_port, port_a, port_b = _fleet.free_port(), _fleet.free_port(), _fleet.free_port()
    secret = secrets.token_hex(32)
    env = lambda name: site_env(folder, name, database_url, redis_port, smtp_port, nginx_port, secret)  # noqa: E731
    servers = [(port, _fleet.start_app_server(fleet, f"serve-{name}", env(name), port, wait=False))
               for name, port in (("a", port_a), ("b", port_b))]  # started together, as a fleet is
    for port, process in servers:
        _fleet.wait_until(lambda: _fleet.healthy(port), f"the app server on {port} answering", 90, process)
    _fleet.start_worker(fleet, env("worker"))
    _fleet.start_nginx(fleet, nginx_port, [port_a, port_b])
    site, server_a, server_b = (f"http://127.0.0.1:{port}" for port in (nginx_port, port_a, port_b))
    print(f"Started in {time.monotonic() - started:.0f} s: PostgreSQL, Redis, an SMTP sink, app servers A and B "
          f"(2 workers each), one worker, nginx on {site} (logs in {folder})")

    short = max(8.0, seconds / 4)
    alone, behind = throughput([server_a, site], clients, short)
    learners = emails["volunteer"]
    run, stats = faulty_phase(fleet, site, clients, seconds, learners,
                              lambda: _fleet.start_app_server(fleet, "serve-b-again", env("b"), port_b))
    counts = drain(database_url)
    got = downloadable(run, site)
    received = _fleet.received_message_ids(maildir)
    throttle_direct = login_attempts([server_a, server_b], "127.0.9.1", THROTTLED, WRONG, 7)
    throttle_nginx = login_attempts([site], "127.0.9.2", THROTTLED, WRONG, 7)
    owner_elsewhere = login_attempts([site], "127.0.9.3", THROTTLED, load_data.PASSWORD, 1)
    return report(seconds, clients, short, alone, behind, run, stats, counts, got, received,
                  outbox_ids(database_url), throttle_direct, throttle_nginx, owner_elsewhere)


def report(seconds, clients, short, alone, behind, run, stats, counts, got, received, outbox, throttle_direct,
           throttle_nginx, owner_elsewhere) -> list[str]:
    """Print the figures; return the invariants that failed."""
    problems = []
    print(f"\nThroughput, mixed journeys of {clients} clients, {short:g} s each in two turns (errors must be 0):")
    print(f"  floor: straight to app server A     {alone[0]:7.1f} req/s  {alone[1]:6} requests  "
          f"{alone[2]} errors   1.00x")
    print(f"  through nginx to A and B            {behind[0]:7.1f} req/s  {behind[1]:6} requests  "
          f"{behind[2]} errors  {behind[0] / max(alone[0], 0.001):5.2f}x")
    if alone[2] or behind[2]:
        problems.append(f"errors without any fault: {alone[2]} straight, {behind[2]} through nginx")

    killed = next(moment for moment, what in run.events if "killed" in what)
    gone = next(moment for moment, what in run.events if "is gone" in what)
    failed = [call for call in run.calls if call.error]
    allowed = [call for call in failed if in_flight(call, killed, gone)]
    other = [call for call in failed if not in_flight(call, killed, gone)]
    print(f"\nFaults, {seconds:g} s through nginx: {len(run.calls)} requests, {len(failed)} errors")
    for moment, what in run.events:
        print(f"  at {moment - run.started:5.1f} s  {what}")
    print(f"  errors of requests in flight while the server died ({killed - run.started:.2f} s to "
          f"{gone - run.started:.2f} s): {len(allowed)}")
    for call in allowed:
        print(f"    {call.what} from {call.start - run.started:.2f} s to {call.end - run.started:.2f} s: {call.error}")
    print(f"  errors at any other time: {len(other)}")
    for call in other[:20]:
        print(f"    {call.what} at {call.start - run.started:.2f} s: {call.error}")
    if other:
        problems.append(f"{len(other)} errors outside the moment a server was killed")

    asked = len(run.documents)
    print(f"\nDocuments prepared in the background: asked {asked} (answered 303), recorded {counts['recorded']} "
          f"(a request whose answer was lost at the kill is recorded but not counted as asked)")
    print(f"  issued {counts['issued']}, ready {counts['ready']}, downloadable through nginx {got}, failed "
          f"{counts['failed']}, unfinished {counts['unfinished']}, started again after a lost job "
          f"{counts['restarted']}")
    print(f"  the last was done {counts['drain_seconds']} s after the load ended; asked to done took "
          f"{counts['render_seconds']:g} s on average (one worker renders one at a time)")
    if got != asked or counts["ready"] != counts["recorded"] or counts["issued"] != counts["ready"]:
        problems.append(f"documents: asked {asked}, downloadable {got}, recorded {counts['recorded']}, "
                        f"ready {counts['ready']}, issued {counts['issued']}")
    if asked == 0:
        problems.append("no document was asked for")

    twice = sorted(message_id for message_id, times in received.items() if times > 1)
    missing, unknown = outbox - set(received), set(received) - outbox
    print(f"\nMail: resets asked {run.resets} (answered), queued {counts['queued']}, delivered "
          f"{len(set(received) & outbox)} distinct, each exactly once: {'yes' if not twice else 'no'}")
    print(f"  duplicated {len(twice)}, missing {len(missing)}, unknown {len(unknown)}, failed {counts['mail_failed']}")
    if twice or missing or unknown or counts["queued"] < run.resets or run.resets == 0:
        problems.append(f"mail: {len(twice)} duplicated, {len(missing)} missing, {len(unknown)} unknown, "
                        f"{counts['queued']} queued for {run.resets} resets")

    print("\nThrottle (6 wrong passwords per account and address per 15 minutes, counted in Redis):")
    print(f"  7 wrong passwords alternately straight to A and B, one address: {throttle_direct}")
    print(f"  7 wrong passwords through nginx from 127.0.9.2:                 {throttle_nginx}")
    print(f"  then the right password through nginx from 127.0.9.3:           {owner_elsewhere}")
    if throttle_direct[:6] != [401] * 6 or throttle_direct[6] != 429:
        problems.append(f"the throttle across servers: {throttle_direct}")
    if throttle_nginx[:6] != [401] * 6 or throttle_nginx[6] != 429:
        problems.append(f"the throttle through nginx: {throttle_nginx}")
    if owner_elsewhere != [302]:
        problems.append("behind nginx the app did not tell client addresses apart (the owner was refused)")
    else:
        print("  the app saw the client's own address behind nginx (LEARNPM_PROXY_COUNT=1)")
    return problems


if __name__ == "__main__":
    sys.exit(main())

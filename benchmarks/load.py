"""A real load test: mixed journeys of the three roles against `learnpm serve` (gunicorn, 2 workers) on loopback.

Run: .venv/bin/python benchmarks/load.py [--seconds 20] [--clients 8] [--scales 1,10] [--database-url URL]
     [--roles student,volunteer,mentor] (fewer roles: the same clients all play those roles' journeys) [--rounds 3]
Floor: `/healthz` (one query) under the same number of clients, measured in the same run, before the journeys.
Rounds: the floor, the ceiling and the journeys run --rounds times in turn, each round's mix set against its own
floor, and each figure printed is the median of the rounds', with the lowest and the highest beside it. One round
alone says little on a shared machine: the same code gave a mixed throughput of 0.19x in one run and 0.36x in
another (while the server kept connections alive, much of that was how the eight clients happened to split
between the two workers when they connected). Before each round after the first, the run waits for the PDF
renderers to finish the documents the last mix asked for, so that the floor does not share the machine with them.
Load: Locust in library mode, each client a closed loop (no think time): students play days (start, choose,
debrief), volunteers open their dashboard and project, log hours and press "Download the PDF" of their transcript
as often as the site lets one address (at once, then every 3 minutes: 20 an hour), mentors open their dashboard,
the review queue, a review and a mentee. A transcript long to wait for (the 10x one) is answered with its progress
page, which the volunteer leaves open as the page invites ("You may leave it"): its script asks for the status every
2 seconds, then fetches the file, while the volunteer goes on with their work. Printed, for each data scale:
throughput as a ratio of `/healthz`'s, latency percentiles as ratios of `/healthz`'s, and the error count (any 5xx,
any refused request other than a form error, any broken connection, a PDF that is not one, a prepared document
that failed or was not ready within 120 s; and, since a progress page left open closes with its phase, each document
prepared in the background that the site did not make, read from the database once the last renders have ended).
Then, from each response's Server-Timing header, what the pages cost the server itself (processor time in the
application, as multiples of `/healthz`'s): the share of the throughput that the application's own work, rather than
HTTP and the load tool, holds down. A phase between them, the ceiling, has the same clients signed in and asking
only for their account page, the lightest page in the site's frame: what any mix of real pages could reach at best.
For each phase, where the machine's processor time went (the load tool, the web workers, the PDF renderers,
PostgreSQL when it runs here), since they all share its cores. The data and the clients are in
benchmarks/_load_data.py and benchmarks/_journeys.py.
Rate limits are off for the run (every client comes from 127.0.0.1); the PostgreSQL database given is emptied first.
Traffic goes to 127.0.0.1 only; each phase stops after --seconds: three rounds of 20 s take about four minutes a
scale, seeding included.
"""

from __future__ import annotations

import argparse
import itertools
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from locust.env import Environment
from sqlalchemy import create_engine, text

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _journeys import Client, Frame, Healthz, Mentor, Student, Volunteer, run_phase  # noqa: E402
from _load_data import MENTORS, STUDENTS, VOLUNTEERS, seed  # noqa: E402
from _load_figures import ProcessorShares, Round, ServerTimes, report, settle_renders  # noqa: E402

from learnpm.config import DEFAULTS  # noqa: E402
from learnpm.documents.contexts.transcript import LONGEST_PAGES  # noqa: E402
from learnpm.documents.issued_files import REPORT_SLACK  # noqa: E402
from learnpm.documents.render.pool import RenderLimits  # noqa: E402

READY = "is ready"  # what each worker of `learnpm serve` logs once it takes requests
# Seconds the site gives the longest document prepared in the background (a wait for a renderer, the render of its
# pages, the slack to report), and ten more: past it, one not yet made is one the volunteer was told had failed.
LONGEST_PREPARATION = (RenderLimits.from_config(DEFAULTS).for_pages(LONGEST_PAGES).seconds
                       + DEFAULTS["PDF_WAIT_SECONDS"] + REPORT_SLACK.total_seconds() + 10)


def engine_of(database_url: str):
    return create_engine(database_url.replace("postgresql://", "postgresql+psycopg://", 1))


def empty_database(database_url: str) -> None:
    """Drop everything in a PostgreSQL database, so that each scale starts from nothing."""
    engine = engine_of(database_url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def prepared_outcomes(database_url: str) -> dict[str, int]:
    """Return how the documents the journeys had prepared in the background ended, by outcome: "ready", or the
    problem the volunteer was shown, or "unfinished" for one still waiting or rendering."""
    engine = engine_of(database_url)
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT state, problem, count(*) FROM prepared_documents"
                                       " GROUP BY state, problem"))
        found: dict[str, int] = {}
        for state, problem, count in rows:
            outcome = {"ready": "ready", "failed": problem or "failed"}.get(state, "unfinished")
            found[outcome] = found.get(outcome, 0) + count
    engine.dispose()
    return found


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


ROLES = {"student": Student, "volunteer": Volunteer, "mentor": Mentor}


def measure(database_url: str | None, scale: int, clients: int, seconds: float,
            roles: list[type] | None = None, rounds: int = 1) -> int:
    """Seed, serve, run `rounds` times /healthz, the ceiling and the journeys; print the ratios and return the
    error count."""
    instance = Path(tempfile.mkdtemp(prefix="learnpm-load-"))
    url = database_url or f"sqlite:///{instance / 'load.sqlite3'}"
    if database_url:
        empty_database(database_url)
    emails = seed(url, instance, scale)
    Client.emails = {role: itertools.cycle(found) for role, found in emails.items()}
    port = free_port()
    server = serve(url, instance, port)
    done: list[Round] = []
    floor_times, mixed_times = ServerTimes(), ServerTimes()
    machine = {phase: ProcessorShares(server.pid) for phase in ("floor", "mixed", "ceiling")}
    try:
        host = f"http://127.0.0.1:{port}"

        def measured(phase: str, listen=None):
            def on_measure(env: Environment) -> None:
                machine[phase].start()
                if listen:
                    listen(env)
            return on_measure

        for number in range(rounds):
            if number:  # the floor must not share the machine with the documents the last mix asked for
                settle_renders(server.pid)
            floor = run_phase([Healthz], host, clients, seconds, measured("floor", floor_times.listen))
            machine["floor"].stop()
            # The ceiling before the mix: the documents the mix asks for would still be rendering after it.
            ceiling = run_phase([Frame], host, clients, seconds, measured("ceiling"))
            machine["ceiling"].stop()
            mixed = run_phase(roles or list(ROLES.values()), host, clients, seconds,
                              measured("mixed", mixed_times.listen))
            machine["mixed"].stop()
            done.append(Round(floor, ceiling, mixed))
        # The volunteers' open progress pages close with each phase: whether the documents they asked for were made
        # is read from the database, once the renders still going have ended (or passed the site's deadline).
        settle_renders(server.pid, LONGEST_PREPARATION)
        documents = prepared_outcomes(url)
    finally:
        stop(server)
    kind = "PostgreSQL" if database_url else "SQLite"
    journeys = ", ".join(role.role for role in roles or ROLES.values())
    errors = report(done, f"Load: learnpm serve (2 workers), {kind}, {scale}x data, {clients} clients, {seconds:g} s "
                    f"per phase, journeys of: {journeys}", machine, floor_times, mixed_times)
    return errors + report_documents(documents)


def report_documents(outcomes: dict[str, int]) -> int:
    """Print how the documents prepared in the background ended; return how many were not made (errors)."""
    made = outcomes.get("ready", 0)
    print(f"  documents prepared in the background: {sum(outcomes.values())}, {made} made")
    for outcome, count in sorted(outcomes.items()):
        if outcome != "ready":
            print(f"    error: not made ({count}x): {outcome}")
    return sum(outcomes.values()) - made


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=20.0, help="length of each phase")
    parser.add_argument("--clients", type=int, default=8, help="simultaneous clients")
    parser.add_argument("--scales", default="1,10", help="data scales to run, e.g. 1,10")
    parser.add_argument("--database-url", help="a PostgreSQL database to use (emptied first); default SQLite")
    parser.add_argument("--roles", default=",".join(ROLES), help="the roles whose journeys make the mix")
    parser.add_argument("--rounds", type=int, default=3,
                        help="rounds of the three phases, each figure the median of the rounds'")
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
    errors = sum(measure(args.database_url, int(scale), args.clients, args.seconds, roles, max(1, args.rounds))
                 for scale in args.scales.split(","))
    print(f"\n{errors} errors in all")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())

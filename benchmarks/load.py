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
application's own work, rather than HTTP and the load tool, holds down. A phase between them, the ceiling, has the same
clients signed in and asking only for their account page, the lightest page in the site's frame: what any mix of
real pages could reach at best. For each phase, where the machine's processor time went (the load tool, the web
workers, the PDF renderers, PostgreSQL when it runs here), since they all share its cores. The data and the clients
are in benchmarks/_journeys.py.
Rate limits are off for the run (every client comes from 127.0.0.1); the PostgreSQL database given is emptied first.
Traffic goes to 127.0.0.1 only; each phase stops after --seconds, the whole run after a few minutes at most.
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

import psutil
from locust.env import Environment
from sqlalchemy import create_engine, text

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _journeys import (  # noqa: E402
    MENTORS,
    STUDENTS,
    VOLUNTEERS,
    Client,
    Frame,
    Healthz,
    Mentor,
    Student,
    Volunteer,
    run_phase,
    seed,
)

from learnpm.server_timing import parse as parse_timing  # noqa: E402

READY = "is ready"  # what each worker of `learnpm serve` logs once it takes requests


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


# --- a run -----------------------------------------------------------------------------------------------------

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


class ProcessorShares:
    """Processor time each part of the machine spent during one phase, read from the processes themselves.

    The parts: this process (the load tool), the server's process group (its web workers, and the PDF renderers
    they start) and PostgreSQL's processes when the database runs on this machine. A process that ends within the
    phase (a renderer retired after a failure) takes its time with it: the figures are a floor."""

    PARTS = ("web workers", "load tool", "PDF renderers", "PostgreSQL")

    def __init__(self, server_pid: int) -> None:
        self.server_pid = server_pid
        self.before: dict[str, float] = {}
        self.spent: dict[str, float] = {}
        self.started = self.seconds = 0.0

    def start(self, _env: Environment | None = None) -> None:
        self.before, self.started = self.sample(), time.monotonic()

    def stop(self) -> None:
        after = self.sample()
        self.seconds = time.monotonic() - self.started
        self.spent = {part: after[part] - self.before.get(part, 0.0) for part in self.PARTS}

    def sample(self) -> dict[str, float]:
        found = dict.fromkeys(self.PARTS, 0.0)
        for process in psutil.process_iter(["name", "cmdline"]):
            try:
                part = self.part_of(process)
                if part:
                    times = process.cpu_times()
                    found[part] += times.user + times.system
            except (psutil.Error, ProcessLookupError):
                continue  # gone meanwhile, or not ours to read
        return found

    def part_of(self, process: psutil.Process) -> str | None:
        if process.pid == os.getpid():
            return "load tool"
        if (process.info["name"] or "").startswith("postgres"):
            return "PostgreSQL"
        if os.getpgid(process.pid) == self.server_pid:
            worker = "learnpm.documents.render.worker" in " ".join(process.info["cmdline"] or ())
            return "PDF renderers" if worker else "web workers"
        return None

    def line(self, requests: int) -> str:
        cores = self.seconds * (os.cpu_count() or 1)
        shares = ", ".join(f"{part} {spent / max(cores, 1e-9):4.0%}" for part, spent in self.spent.items()
                           if spent > 0.005 * cores)
        return f"{shares}; web workers {self.spent['web workers'] / max(requests, 1) * 1000:.2f} ms a request"


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
        machine = {phase: ProcessorShares(server.pid) for phase in ("floor", "mixed", "ceiling")}

        def measured(phase: str, listen=None):
            def on_measure(env: Environment) -> None:
                machine[phase].start()
                if listen:
                    listen(env)
            return on_measure

        floor = run_phase([Healthz], host, clients, seconds, measured("floor", floor_times.listen))
        machine["floor"].stop()
        # The ceiling before the mix: the documents the mix sends to be prepared would still be rendering after it.
        ceiling = run_phase([Frame], host, clients, seconds, measured("ceiling"))
        machine["ceiling"].stop()
        mixed = run_phase(roles or list(ROLES.values()), host, clients, seconds, measured("mixed", mixed_times.listen))
        machine["mixed"].stop()
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
    print(f"  ceiling: every client signed in and asking only for /account/, {ceiling.total.num_requests} requests, "
          f"{ceiling.total.num_failures} errors")
    print(f"    throughput as a share of /healthz's               {ceiling.total.total_rps / base.total_rps:6.2f}x")
    print(f"    p99 latency as a multiple of /healthz's p99          "
          f"{percentiles(ceiling.total)[2] / max(base_p[2], 1):6.2f}x")
    print(f"  where the processor time of the machine's {os.cpu_count()} cores went, by phase:")
    for phase, stats in (("floor", base), ("mixed", total), ("ceiling", ceiling.total)):
        print(f"    {phase:<8} {machine[phase].line(stats.num_requests)}")
    floor_cpu = floor_times.mean() or 1.0
    print("    the application's own processor time per request, as a multiple of /healthz's (Server-Timing):")
    print(f"      all mixed requests {mixed_times.mean() / floor_cpu:6.2f}x")
    by_cost = sorted(mixed_times.by_request, key=lambda key: -sum(mixed_times.by_request[key]))
    spent = sum(sum(cpus) for cpus in mixed_times.by_request.values()) or 1.0
    for key in by_cost[:8]:
        print(f"      {key[0]:4} {key[1]:<38} {mixed_times.mean(key) / floor_cpu:6.2f}x"
              f"  {sum(mixed_times.by_request[key]) / spent:5.0%} of the application's time")
    return total.num_failures + base.num_failures + ceiling.total.num_failures


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

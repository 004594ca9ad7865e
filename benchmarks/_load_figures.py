"""What benchmarks/load.py measures and prints: latency percentiles, the application's own processor time from the
Server-Timing headers, where the machine's processor time went, and the report of a run of several rounds."""

from __future__ import annotations

import os
import statistics
import time
from dataclasses import dataclass

import psutil
from locust.env import Environment
from locust.stats import RequestStats, StatsEntry, calculate_response_time_percentile

from learnpm.server_timing import parse as parse_timing

SHARES = (0.5, 0.95, 0.99)


def percentiles(entry) -> tuple[float, float, float]:
    return tuple(entry.get_response_time_percentile(share) or 0.0 for share in SHARES)


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
    """Processor time each part of the machine spent during one phase (added up over the rounds), read from the
    processes themselves.

    The parts: this process (the load tool), the server's process group (its web workers, and the PDF renderers
    they start) and PostgreSQL's processes when the database runs on this machine. A process that ends within the
    phase (a renderer retired after a failure) takes its time with it: the figures are a floor."""

    PARTS = ("web workers", "load tool", "PDF renderers", "PostgreSQL")

    def __init__(self, server_pid: int) -> None:
        self.server_pid = server_pid
        self.before: dict[str, float] = {}
        self.spent: dict[str, float] = dict.fromkeys(self.PARTS, 0.0)
        self.started = self.seconds = 0.0

    def start(self, _env: Environment | None = None) -> None:
        self.before, self.started = self.sample(), time.monotonic()

    def stop(self) -> None:
        """End one measured stretch; the figures add up over the rounds."""
        after = self.sample()
        self.seconds += time.monotonic() - self.started
        for part in self.PARTS:
            self.spent[part] += after[part] - self.before.get(part, 0.0)

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


@dataclass
class Round:
    """One round of the three phases, each with its own Locust statistics."""

    floor: RequestStats
    ceiling: RequestStats
    mixed: RequestStats

    def throughput(self, phase: str) -> float:
        return getattr(self, phase).total.total_rps / max(self.floor.total.total_rps, 1e-9)

    def latency(self, phase: str, index: int) -> float:
        return percentiles(getattr(self, phase).total)[index] / max(percentiles(self.floor.total)[index], 1)


def settle_renders(server_pid: int, most_seconds: float = 90.0) -> None:
    """Wait until the PDF renderers the last mix set going have finished (their processor time stops growing), so
    that the next round's floor does not share the machine with them; at most `most_seconds`."""
    probe = ProcessorShares(server_pid)
    deadline, last, quiet = time.monotonic() + most_seconds, probe.sample()["PDF renderers"], 0
    while quiet < 2 and time.monotonic() < deadline:
        time.sleep(0.5)
        now = probe.sample()["PDF renderers"]
        quiet = quiet + 1 if now - last < 0.01 else 0
        last = now


def median_and_range(values: list[float]) -> str:
    """`1.23x`, or with several rounds `1.23x (1.10-1.40)`: the median, then the lowest and the highest."""
    if len(values) == 1:
        return f"{values[0]:6.2f}x"
    return f"{statistics.median(values):6.2f}x ({min(values):.2f}-{max(values):.2f})"


def merged(entries: list[StatsEntry]) -> tuple[int, int, dict[int, int]]:
    """The request count, the failures and the response times of one request's entries over the rounds."""
    times: dict[int, int] = {}
    for entry in entries:
        for key, count in entry.response_times.items():
            times[key] = times.get(key, 0) + count
    return sum(entry.num_requests for entry in entries), sum(entry.num_failures for entry in entries), times


def merged_percentile(found: tuple[int, int, dict[int, int]], share: float) -> float:
    return float(calculate_response_time_percentile(found[2], found[0], share)) if found[0] else 0.0


def report(rounds: list[Round], heading: str, machine: dict[str, ProcessorShares], floor_times: ServerTimes,
           mixed_times: ServerTimes) -> int:
    """Print a run's figures and return its error count. With several rounds, each figure of the phases is the median
    of the rounds' (each round's mix against its own floor), with the lowest and the highest in brackets."""
    count = lambda phase: sum(getattr(one, phase).total.num_requests for one in rounds)  # noqa: E731
    failed = lambda phase: sum(getattr(one, phase).total.num_failures for one in rounds)  # noqa: E731
    print(f"\n{heading}")
    if len(rounds) > 1:
        print(f"  {len(rounds)} rounds of the three phases; each figure: the median of the rounds' (lowest-highest)")
    print(f"  floor: /healthz alone, {count('floor')} requests, {failed('floor')} errors        1.00x")
    print(f"  mixed journeys: {count('mixed')} requests, {failed('mixed')} errors")
    print(f"    throughput as a share of /healthz's               "
          f"{median_and_range([r.throughput('mixed') for r in rounds])}")
    for index, label in enumerate(("p50", "p95", "p99")):
        print(f"    {label} latency as a multiple of /healthz's {label}          "
              f"{median_and_range([r.latency('mixed', index) for r in rounds])}")
    floor = merged([one.floor.total for one in rounds])
    floor_p50, floor_p99 = (max(merged_percentile(floor, share), 1) for share in (0.5, 0.99))
    print("    by request, over all rounds (count, p50 and p99 as multiples of /healthz's):")
    keys = {key for one in rounds for key in one.mixed.entries}
    found = {key: merged([one.mixed.entries[key] for one in rounds if key in one.mixed.entries]) for key in keys}
    for (name, method), entry in sorted(found.items(), key=lambda item: -item[1][0]):
        print(f"      {method:4} {name:<38} {entry[0]:6}  {merged_percentile(entry, 0.5) / floor_p50:6.2f}x"
              f"  {merged_percentile(entry, 0.99) / floor_p99:6.2f}x  errors {entry[1]}")
    for one in rounds:
        for error in one.mixed.errors.values():
            print(f"      error: {error.method} {error.name}: {error.error} ({error.occurrences}x)")
    print(f"  ceiling: every client signed in and asking only for /account/, {count('ceiling')} requests, "
          f"{failed('ceiling')} errors")
    print(f"    throughput as a share of /healthz's               "
          f"{median_and_range([r.throughput('ceiling') for r in rounds])}")
    print(f"    p99 latency as a multiple of /healthz's p99          "
          f"{median_and_range([r.latency('ceiling', 2) for r in rounds])}")
    print(f"  where the processor time of the machine's {os.cpu_count()} cores went, by phase:")
    for phase in ("floor", "mixed", "ceiling"):
        print(f"    {phase:<8} {machine[phase].line(count(phase))}")
    floor_cpu = floor_times.mean() or 1.0
    print("    the application's own processor time per request, as a multiple of /healthz's (Server-Timing):")
    print(f"      all mixed requests {mixed_times.mean() / floor_cpu:6.2f}x")
    by_cost = sorted(mixed_times.by_request, key=lambda key: -sum(mixed_times.by_request[key]))
    spent = sum(sum(cpus) for cpus in mixed_times.by_request.values()) or 1.0
    for key in by_cost[:8]:
        print(f"      {key[0]:4} {key[1]:<38} {mixed_times.mean(key) / floor_cpu:6.2f}x"
              f"  {sum(mixed_times.by_request[key]) / spent:5.0%} of the application's time")
    return failed("floor") + failed("mixed") + failed("ceiling")

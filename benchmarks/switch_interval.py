"""Pages of a served worker beside a busy thread, at Python's default switch interval and at `learnpm serve`'s.

Run: .venv/bin/python benchmarks/switch_interval.py [--scale 1] [--repeat 40]
A worker of `learnpm serve` runs four threads, which share one interpreter lock. A page lets the lock go during each
database query and must take it back afterwards. If another thread is busy rendering a template, the page waits
for it to give the lock up, and by default that happens only after 5 ms (`sys.getswitchinterval()`). A page of a
dozen queries can therefore wait several times its own cost. Here, in this process and without HTTP, on the load
test's data: each page is timed alone, then while another thread computes in Python without a pause (as a thread
rendering a template does).
Printed for each interval: each page's median beside the busy thread as a multiple of its median alone; and the
work the busy thread got through, as a multiple of its work at the default interval (the cost of switching more
often).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import interleaved_medians  # noqa: E402
from load_pages import ask, build, pages  # noqa: E402

from learnpm.server import SWITCH_INTERVAL  # noqa: E402

DEFAULT_INTERVAL = 0.005  # Python's own
MEASURED = ("/healthz", "a play's card", "/experience/", "a review")


def medians(rows, repeat: int) -> list[float]:
    """Return each row's median time over `repeat` requests, taken in turn."""
    return interleaved_medians([lambda row=row: ask(*row[1:]) for row in rows], repeat=repeat)


def beside_busy(rows, repeat: int) -> tuple[list[float], float]:
    """Return each row's median while another thread computes without a pause, and how much that thread did."""
    stop, done = threading.Event(), [0]

    def keep_busy() -> None:  # pure Python work, as a template being rendered is
        while not stop.is_set():
            sum(range(2000))
            done[0] += 1

    thread = threading.Thread(target=keep_busy, daemon=True)
    started = time.perf_counter()
    thread.start()
    try:
        found = medians(rows, repeat)
    finally:
        stop.set()
        thread.join()
    return found, done[0] / (time.perf_counter() - started)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", type=int, default=1, help="the load test's data scale")
    parser.add_argument("--repeat", type=int, default=40, help="requests of each page, alone and beside")
    args = parser.parse_args()
    app, clients = build(args.scale)
    every = {row[0]: row for row in pages(clients)}
    rows = [every[label] for label in MEASURED]
    for row in rows:
        ask(*row[1:])
    interval_before = sys.getswitchinterval()
    rates: dict[float, list[float]] = {DEFAULT_INTERVAL: [], SWITCH_INTERVAL: []}
    ratios: dict[float, list[list[float]]] = {DEFAULT_INTERVAL: [], SWITCH_INTERVAL: []}
    try:
        for _round in range(2):  # each interval twice, in turn, so that machine noise hits both alike
            for interval in (DEFAULT_INTERVAL, SWITCH_INTERVAL):
                sys.setswitchinterval(interval)
                alone = medians(rows, args.repeat)
                beside, rate = beside_busy(rows, args.repeat)
                ratios[interval].append([b / a for a, b in zip(alone, beside)])
                rates[interval].append(rate)
    finally:
        sys.setswitchinterval(interval_before)
    floor_rate = statistics.median(rates[DEFAULT_INTERVAL])
    print(f"\nPages beside a thread computing without a pause, {args.scale}x data: median beside it as a multiple "
          "of the median alone")
    for interval in (DEFAULT_INTERVAL, SWITCH_INTERVAL):
        label = "Python's default" if interval == DEFAULT_INTERVAL else "learnpm serve's"
        print(f"  switch interval {interval * 1000:g} ms ({label})")
        for index, name in enumerate(MEASURED):
            print(f"    {name:<22} {statistics.median(r[index] for r in ratios[interval]):6.2f}x")
        print(f"    the busy thread's work, as a multiple of its work at the default: "
              f"{statistics.median(rates[interval]) / floor_rate:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Shared pieces of the benchmarks: a throwaway app, a floor route, and median timings."""

from __future__ import annotations

import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from flask import Flask, render_template
from flask_login import login_required
from sqlalchemy import event, text

from learnpm import create_app
from learnpm.db import get_engine, get_session
from learnpm.migrate import upgrade

FLOOR_PATH = "/__floor"
# What every page a learner sees pays before its own work: their login and account loaded, the site's frame (the
# navigation and the notification badge) rendered around an empty page. Not a floor: a row to compare pages with.
SIGNED_IN_PATH = "/__signed-in"


def make_app(database_url: str | None = None) -> Flask:
    """Return a learnpm app on a fresh database, with a bare route doing one query as the floor."""
    instance = Path(tempfile.mkdtemp(prefix="learnpm-bench-"))
    url = database_url or f"sqlite:///{instance / 'bench.sqlite3'}"
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "benchmark", "RATELIMIT_ENABLED": False,
                      "WTF_CSRF_ENABLED": False})
    upgrade(get_engine(app))

    @app.get(FLOOR_PATH)
    def floor() -> str:
        return str(get_session().execute(text("SELECT 1")).scalar())

    @app.get(SIGNED_IN_PATH)
    @login_required
    def signed_in() -> str:
        return render_template("base.html")

    return app


def count_queries(app: Flask, client, path: str) -> int:
    """Return how many SQL statements one request runs."""
    statements = []
    engine = get_engine(app)
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    client.get(path)
    event.remove(engine, "before_cursor_execute", listener)
    return len(statements)


def median_seconds(action: Callable[[], object], repeat: int = 200, warmup: int = 20) -> float:
    """Return the median wall time of `action` over `repeat` runs, after a warm-up."""
    for _ in range(warmup):
        action()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def interleaved_medians(actions: list[Callable[[], object]], repeat: int = 30) -> list[float]:
    """Return each action's median time, running them in turn so that machine noise hits all alike."""
    samples: list[list[float]] = [[] for _ in actions]
    for _ in range(repeat):
        for index, action in enumerate(actions):
            start = time.perf_counter()
            action()
            samples[index].append(time.perf_counter() - start)
    return [statistics.median(runs) for runs in samples]


def print_ratios(title: str, floor_label: str, floor: float, rows: list[tuple[str, float]]) -> None:
    """Print each row as a multiple of the floor measured in the same run."""
    width = max(58, len("floor: " + floor_label), *(len(label) for label, _ in rows))
    print(f"\n{title}")
    print(f"  {'floor: ' + floor_label:<{width}}   1.00x")
    for label, seconds in rows:
        print(f"  {label:<{width}} {seconds / floor:6.2f}x")

"""Scenario content and play: loading and validating all content, and a choice's request, each against a floor.

Run: .venv/bin/python benchmarks/scenarios.py
Floors: parsing the same YAML files with PyYAML alone; a bare Flask route that does one query.
"""

from __future__ import annotations

import re
import statistics
import sys
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import FLOOR_PATH, make_app, median_seconds, print_ratios  # noqa: E402

from learnpm.auth import queries  # noqa: E402
from learnpm.db import get_session  # noqa: E402
from learnpm.paths import content_dir  # noqa: E402
from learnpm.scenarios.core.checks.validator import check_library  # noqa: E402
from learnpm.scenarios.core.content.loader import load_library  # noqa: E402

PASSWORD = "benchmarks run on quiet nights"


def content_figures() -> None:
    """Time loading the library and the whole validator against plain YAML parsing."""
    folder = content_dir()
    files = sorted((folder / "scenarios").glob("*.yaml")) + [folder / "competencies.yaml"]
    parse = median_seconds(lambda: [yaml.safe_load(path.read_text()) for path in files], repeat=9, warmup=1)
    load = median_seconds(lambda: load_library(folder), repeat=9, warmup=1)
    start = time.perf_counter()
    report = check_library(folder, runs=2000)
    validate = time.perf_counter() - start
    print_ratios(
        f"Content: {len(files) - 1} scenarios", "PyYAML safe_load of the same files", parse,
        [("load + static checks (what the site does once per process)", load),
         (f"learnpm content check (+ simulation; {len(report.errors)} errors)", validate)],
    )


def play_figures() -> None:
    """Time a choice's request and a card's page against a bare route with one query."""
    app = make_app()
    with app.app_context():
        queries.create_user(get_session(), "bench@example.org", "Bench", PASSWORD)
        get_session().commit()
    client = app.test_client()
    client.post("/login", data={"email": "bench@example.org", "password": PASSWORD})
    scenario_id = "vendor-blocker-standup"
    play_id = _start(client, scenario_id)
    floor = median_seconds(lambda: client.get(FLOOR_PATH))
    card = median_seconds(lambda: client.get(f"/plays/{play_id}"))
    samples = []
    for _ in range(120):
        play_id, form = _next_decision(client, scenario_id, play_id)  # untimed: find a card with choices
        begin = time.perf_counter()
        client.post(f"/plays/{play_id}/choose", data=form)
        samples.append(time.perf_counter() - begin)
    choose = statistics.median(samples[20:])
    print_ratios("Playing, median of requests", "bare route, one query", floor,
                 [("GET a play's card (replays the saved moves)", card),
                  ("POST a choice (replay, move, save, redirect)", choose)])


def _next_decision(client, scenario_id: str, play_id: int) -> tuple[int, dict[str, str]]:
    """Return a play waiting at a decision and the form of its first choice, starting a new day when needed."""
    for _ in range(3):
        page = client.get(f"/plays/{play_id}").get_data(as_text=True)
        choice = re.search(r'name="choice" value="([^"]+)"', page)
        if choice:
            return play_id, {"choice": choice[1], "move": re.search(r'name="move" value="(\d+)"', page)[1]}
        play_id = _start(client, scenario_id)  # a write task or the end of the day
    raise RuntimeError("no decision found")


def _start(client, scenario_id: str) -> int:
    response = client.post(f"/scenarios/{scenario_id}/start")
    return int(response.headers["Location"].rsplit("/", 1)[1])


if __name__ == "__main__":
    content_figures()
    play_figures()

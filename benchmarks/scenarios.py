"""Scenario content and play: loading and validating all content, and a choice's request, each against a floor.

Run: .venv/bin/python benchmarks/scenarios.py
Floors: parsing the same YAML files with PyYAML alone; a bare Flask route that does one query.
A card and a choice are also timed at move 3 and at the last decision of the longest day the content holds, in
turn: with sealed saves they cost the same whatever the number of moves before them.
"""

from __future__ import annotations

import random
import re
import statistics
import sys
import time
from pathlib import Path

import yaml
from sqlalchemy import update

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import (  # noqa: E402
    FLOOR_PATH,
    SIGNED_IN_PATH,
    interleaved_medians,
    make_app,
    median_seconds,
    print_ratios,
)

from learnpm.auth import queries  # noqa: E402
from learnpm.db import get_session  # noqa: E402
from learnpm.paths import content_dir  # noqa: E402
from learnpm.scenarios import queries as plays_queries  # noqa: E402
from learnpm.scenarios.core.checks.validator import check_library  # noqa: E402
from learnpm.scenarios.core.content.loader import load_library  # noqa: E402
from learnpm.scenarios.core.content.scenario import Node, WriteTask  # noqa: E402
from learnpm.scenarios.core.play import engine  # noqa: E402
from learnpm.scenarios.library import loaded  # noqa: E402
from learnpm.scenarios.models import Play  # noqa: E402

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


def long_day(scenario) -> list:
    """Return the states of the longest day random choices find in `scenario`, one after each move."""
    longest: list = []
    for seed in range(300):
        rng, state, states = random.Random(seed), engine.start(scenario), []
        while not state.finished:
            node = engine.current_node(scenario, state)
            state = (engine.hand_in(scenario, state, node.model_answer) if isinstance(node, WriteTask)
                     else engine.choose(scenario, state, rng.choice(node.choices).id))
            states.append(state)
        longest = max(longest, states, key=len)
    return longest


def move_figures(early: int = 3) -> None:
    """Time a play's card and a choice at an early move and at the last decision of the longest day, in turn."""
    app = make_app()
    scenario_id = "steering-committee-thursday"
    with app.test_request_context():
        session = get_session()
        user = queries.create_user(session, "moves@example.org", "Bench", PASSWORD)
        scenario = loaded().library.scenarios[scenario_id]
        states = long_day(scenario)
        late = max(index for index, state in enumerate(states[:-1])
                   if isinstance(engine.current_node(scenario, state), Node))
        plays = {}
        for move in (early, late):
            play = plays_queries.start_play(session, user, scenario, states[move - 1])
            plays[move] = (play.id, states[move].history[-1].choice_id, dict(play.state), play.moves, play.node_id)
        session.commit()
    client = app.test_client()
    client.post("/login", data={"email": "moves@example.org", "password": PASSWORD})

    def reset(move: int) -> None:
        play_id, _, state, moves, node_id = plays[move]
        with app.app_context():
            get_session().execute(update(Play).where(Play.id == play_id).values(
                state=state, moves=moves, node_id=node_id, ending_id=None))
            get_session().commit()

    def choose(move: int) -> float:
        reset(move)  # untimed: back to the same decision
        play_id, choice = plays[move][:2]
        form = {"choice": choice, "move": str(plays[move][3])}
        begin = time.perf_counter()
        client.post(f"/plays/{play_id}/choose", data=form)
        return time.perf_counter() - begin

    def card(move: int):
        return lambda: client.get(f"/plays/{plays[move][0]}")

    for move in plays:
        reset(move)
    floor, frame, early_card, late_card = interleaved_medians(
        [lambda: client.get(FLOOR_PATH), lambda: client.get(SIGNED_IN_PATH), card(early), card(late)], repeat=40)
    samples: dict[int, list[float]] = {early: [], late: []}
    for _ in range(40):
        for move in plays:
            samples[move].append(choose(move))
    early_choice, late_choice = (statistics.median(samples[move]) for move in (early, late))
    print_ratios(f"Playing at move {early} and at move {late} of a {len(states)}-move day (timed in turn)",
                 "bare route, one query", floor,
                 [("a signed-in page with no data (the site's frame around nothing)", frame),
                  (f"GET a play's card at move {early}", early_card), (f"GET a play's card at move {late}", late_card),
                  (f"POST a choice at move {early}", early_choice), (f"POST a choice at move {late}", late_choice)])
    print(f"  move {late} against move {early}: card {late_card / early_card:.2f}x, "
          f"choice {late_choice / early_choice:.2f}x")


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
    move_figures()

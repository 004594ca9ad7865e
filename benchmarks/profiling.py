"""Where one page's time goes: cProfile over repeated requests of a logged-in learner, printed by pstats.

Run: .venv/bin/python benchmarks/profiling.py [experience|experience10|experience100|card|choice|blank|floor|
     mentor|mentor10] [--sort tottime] (a choice's profile includes putting the play back at its move, a small
     UPDATE; mentor and mentor10 are the dashboard of the mentoring benchmark's 50 mentees at 1x and 10x their data)
Not a figure to compare across machines: it shows which functions a request spends its time in, to choose what to
cut; the ratios come from the other scripts.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import experience  # noqa: E402
import scenarios  # noqa: E402
from _harness import FLOOR_PATH, make_app  # noqa: E402
from sqlalchemy import update  # noqa: E402

from learnpm.auth import queries as accounts  # noqa: E402
from learnpm.db import get_session  # noqa: E402
from learnpm.scenarios import queries as plays_queries  # noqa: E402
from learnpm.scenarios.library import loaded  # noqa: E402
from learnpm.scenarios.models import Play  # noqa: E402

PASSWORD = experience.PASSWORD


def experience_client(scale: int):
    """Return a client logged in as a learner with `scale` x the experience benchmark's log, and its page."""
    app = make_app()
    experience.seed_dashboard(app, scale, "profile@example.org")
    client = app.test_client()
    client.post("/login", data={"email": "profile@example.org", "password": PASSWORD})
    return client, "/experience/"


def blank_client():
    """Return a client logged in as a learner with no data, and a page with none to show."""
    app = make_app()
    with app.app_context():
        accounts.create_user(get_session(), "profile@example.org", "Profile", PASSWORD)
        get_session().commit()
    client = app.test_client()
    client.post("/login", data={"email": "profile@example.org", "password": PASSWORD})
    return client, "/account/"


def play_actions(move: int = 3):
    """Return (card, choose) actions on a play of the scenario benchmark's longest day at `move`; choose first puts
    the play back at that move, untimed by the caller's profiler only if it pauses (it does not: resets are cheap)."""
    app = make_app()
    scenario_id = "steering-committee-thursday"
    with app.test_request_context():
        session = get_session()
        user = accounts.create_user(session, "profile@example.org", "Profile", PASSWORD)
        scenario = loaded().library.scenarios[scenario_id]
        states = scenarios.long_day(scenario)
        play = plays_queries.start_play(session, user, scenario, states[move - 1])
        saved = (play.id, states[move].history[-1].choice_id, dict(play.state), play.moves, play.node_id)
        session.commit()
    client = app.test_client()
    client.post("/login", data={"email": "profile@example.org", "password": PASSWORD})
    play_id, choice, state, moves, node_id = saved

    def reset() -> None:
        with app.app_context():
            get_session().execute(update(Play).where(Play.id == play_id).values(
                state=state, moves=moves, node_id=node_id, ending_id=None))
            get_session().commit()

    def choose() -> None:
        client.post(f"/plays/{play_id}/choose", data={"choice": choice, "move": str(moves)})
        reset()

    card = lambda: client.get(f"/plays/{play_id}")  # noqa: E731
    card.app = choose.app = app  # type: ignore[attr-defined]
    return card, choose


def mentor_client(scale: int):
    """Return a client logged in as the mentor of the mentoring benchmark's 50 mentees at `scale` x their data."""
    import mentoring

    app = make_app()
    learner_ids = mentoring.seed_mentors(app)
    mentoring.seed_data(app, learner_ids, 1, seed=1)
    if scale > 1:
        mentoring.seed_data(app, learner_ids, scale - 1, seed=2)
    return mentoring.logged_in(app, "mentor@example.org"), "/dashboard"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("page", choices=["experience", "experience10", "experience100", "blank", "floor", "card",
                                         "choice", "mentor", "mentor10"])
    parser.add_argument("--sort", default="cumulative")
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--lines", type=int, default=40)
    args = parser.parse_args()
    if args.page in ("card", "choice"):
        card, choose = play_actions()
        action = card if args.page == "card" else choose
    elif args.page.startswith("mentor"):
        client, path = mentor_client(int(args.page.removeprefix("mentor") or 1))
        action = lambda: client.get(path)  # noqa: E731
    elif args.page.startswith("experience"):
        client, path = experience_client(int(args.page.removeprefix("experience") or 1))
        action = lambda: client.get(path)  # noqa: E731
    else:
        client, path = blank_client()
        path = FLOOR_PATH if args.page == "floor" else path
        action = lambda: client.get(path)  # noqa: E731
    for _ in range(10):
        action()
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(args.requests):
        action()
    profiler.disable()
    pstats.Stats(profiler).sort_stats(args.sort).print_stats(args.lines)


if __name__ == "__main__":
    main()

"""Where one page's time goes: cProfile over repeated requests of a logged-in learner, printed by pstats.

Run: .venv/bin/python benchmarks/profiling.py [experience|experience10|mentor|card|choice|blank] [--sort tottime]
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
from _harness import FLOOR_PATH, make_app  # noqa: E402

from learnpm.auth import queries as accounts  # noqa: E402
from learnpm.db import get_session  # noqa: E402

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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("page", choices=["experience", "experience10", "experience100", "blank", "floor"])
    parser.add_argument("--sort", default="cumulative")
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--lines", type=int, default=40)
    args = parser.parse_args()
    if args.page.startswith("experience"):
        client, path = experience_client(int(args.page.removeprefix("experience") or 1))
    else:
        client, path = blank_client()
        path = FLOOR_PATH if args.page == "floor" else path
    for _ in range(10):
        client.get(path)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(args.requests):
        client.get(path)
    profiler.disable()
    pstats.Stats(profiler).sort_stats(args.sort).print_stats(args.lines)


if __name__ == "__main__":
    main()

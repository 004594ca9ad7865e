"""Account pages against a bare Flask route with one query, and the login's timing for known and unknown emails.

Run: .venv/bin/python benchmarks/accounts.py
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import FLOOR_PATH, interleaved_medians, make_app, median_seconds, print_ratios  # noqa: E402

from learnpm.auth import queries  # noqa: E402
from learnpm.db import get_session  # noqa: E402

PASSWORD = "benchmarks run on quiet nights"


def main() -> None:
    app = make_app()
    with app.app_context():
        queries.create_user(get_session(), "bench@example.org", "Bench", PASSWORD)
        get_session().commit()
    client = app.test_client()
    floor = median_seconds(lambda: client.get(FLOOR_PATH))
    anonymous = [("GET / (landing page)", median_seconds(lambda: client.get("/"))),
                 ("GET /login", median_seconds(lambda: client.get("/login")))]
    client.post("/login", data={"email": "bench@example.org", "password": PASSWORD})
    signed_in = [("GET /dashboard (logged in)", median_seconds(lambda: client.get("/dashboard"))),
                 ("GET /account/ (logged in)", median_seconds(lambda: client.get("/account/")))]
    print_ratios("Pages, median of 200 requests each", "bare route, one query", floor, anonymous + signed_in)

    with app.app_context():
        session = get_session()
        known, unknown = interleaved_medians(
            [lambda: queries.authenticate(session, "bench@example.org", "wrong guess"),
             lambda: queries.authenticate(session, "nobody@example.org", "wrong guess")], repeat=40)
    print_ratios("Failed login, median of 40, interleaved (equal timing hides which emails have accounts)",
                 "known email, wrong password", known, [("unknown email", unknown)])


if __name__ == "__main__":
    main()

"""What one SQL statement costs a page, layer by layer: the bare database driver, SQLAlchemy Core, the ORM.

Run: .venv/bin/python benchmarks/statements.py [--repeat 2000]
The statement is the one every signed-in page runs first: the user of a login, with their unread notifications
counted, on the load test's data at 1x (benchmarks/_journeys.py). Timed in turn, so that machine noise hits all
alike, and printed as multiples of the bare driver (a cursor of the same connection running the same SQL): the same
statement through SQLAlchemy Core (`learnpm.db.read`, what views use for columns), through the ORM as the login
loads it (a whole `User`), and, for scale, a whole `/healthz` request in-process. Where a page costs several times
`/healthz`, this tells how much of it its statement count alone explains: each statement pays the layers above the
driver again.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from load_pages import build  # noqa: E402
from sqlalchemy import select  # noqa: E402

from learnpm.auth.login_sessions import _USER_OF_DIGEST  # noqa: E402
from learnpm.auth.models import LoginSession  # noqa: E402
from learnpm.db import get_engine, get_session, read  # noqa: E402


def timed_in_turn(actions: dict[str, object], repeat: int, batch: int = 20) -> dict[str, float]:
    """Return each action's median time per call, over `repeat` calls made in batches taken in turn (not one call a
    turn as `_harness.interleaved_medians` does: the driver's call lasts some microseconds, which the timer's own
    cost would swell)."""
    samples: dict[str, list[float]] = {label: [] for label in actions}
    for _ in range(max(1, repeat // batch)):
        for label, action in actions.items():
            start = time.perf_counter()
            for _ in range(batch):
                action()
            samples[label].append((time.perf_counter() - start) / batch)
    return {label: statistics.median(found) for label, found in samples.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=2000, help="calls of each layer")
    args = parser.parse_args()
    app, clients = build(1)
    with app.app_context():
        session = get_session()
        digest = session.scalars(select(LoginSession.token_digest)).first()
        compiled = _USER_OF_DIGEST.compile(get_engine())
        sql = str(compiled)
        driver = session.connection().connection.driver_connection  # the DBAPI connection under the session's
        positional = get_engine().dialect.paramstyle in ("qmark", "numeric", "format")
        parameters = (digest,) if positional else {"digest": digest}

        def bare_driver() -> None:
            cursor = driver.cursor()
            cursor.execute(sql, parameters)
            cursor.fetchone()
            cursor.close()

        def core() -> None:
            read(session, _USER_OF_DIGEST, {"digest": digest}).first()

        def orm() -> None:
            session.execute(_USER_OF_DIGEST, {"digest": digest}).first()
            session.expunge_all()  # as each request starts with an empty session

        anonymous = clients["anonymous"]
        times = timed_in_turn({"driver": bare_driver, "core": core, "orm": orm,
                               "healthz": lambda: anonymous.get("/healthz")}, args.repeat)
    floor = times["driver"]
    kind = get_engine(app).dialect.name
    print(f"\nOne statement, the login's user and unread count ({kind}): the median call as a multiple of the "
          "driver's")
    print(f"  floor: the bare driver (a cursor runs the SQL){'':20}   1.00x")
    print(f"  SQLAlchemy Core (learnpm.db.read, columns){'':24} {times['core'] / floor:6.2f}x")
    print(f"  the ORM (a whole User, as the login loads it){'':21} {times['orm'] / floor:6.2f}x")
    print(f"  a whole /healthz request in-process, for scale{'':20} {times['healthz'] / floor:6.2f}x")
    print(f"  each statement run through Core costs {(times['core'] - floor) / times['healthz']:.2f}x of a /healthz "
          f"request over the driver's own work")
    return 0


if __name__ == "__main__":
    sys.exit(main())

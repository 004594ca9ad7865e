"""Serve learnpm with gunicorn, configured from Python rather than a config file."""

from __future__ import annotations

import gc
import logging
import os
import sys
from typing import Any

from gunicorn.app.base import BaseApplication


# Seconds a thread of a worker may hold the interpreter's lock while another waits for it (Python's default: 0.005).
# Each database query lets the lock go while the database works, and takes it back after: beside a thread busy with
# a template, every query of a page waited up to the whole interval. Twenty small SQLite queries took 270 ms beside
# one busy thread at 5 ms and 58 ms at 1 ms; below 1 ms, busy threads lose about a sixth of their work to the
# switches. The load test's p99 at 10x data went from 5.4x to 4.1x /healthz's on SQLite.
SWITCH_INTERVAL = 0.001

# Threads of each worker, and the most connections a worker takes at once, none kept alive after its answer: a
# worker whose threads are all busy takes no more, and the next connection goes to a worker with a thread free.
# With keep-alive, a worker kept every connection it took for as long as its client lived: eight load-test clients
# split between two workers as chance had it when they connected (6 and 2, 7 and 1, 4 and 4, 5 and 3 in four
# tries), and the worker with six served them on one core while the other idled. On PostgreSQL at 10x data the
# mixed journeys went from 4,871 to 6,445 requests in three rounds of 20 s, and /healthz from 24,022 to 21,767: a
# new connection for each request costs little beside a page. nginx in front keeps its own connections to browsers.
THREADS = 4


class LearnpmServer(BaseApplication):  # type: ignore[misc]
    """A gunicorn application whose workers each build their own learnpm app."""

    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        """Hand our options to gunicorn."""
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        """Build the WSGI app inside the worker, after the fork, and warm it before it takes a request."""
        from learnpm import create_app
        from learnpm.app import warm_up
        from learnpm.jobs.runner import uses_queue
        from learnpm.jobs.schedule import start_schedule_thread
        from learnpm.mail.delivery import start_delivery_thread

        app = create_app()
        warm_up(app)  # the content comes from the process that forked this worker, which loaded it once for all
        keep_out_of_collections()  # and what this worker built for itself
        sys.setswitchinterval(SWITCH_INTERVAL)
        if not uses_queue(app):  # with a queue, `learnpm worker` does both and the web servers only enqueue
            start_delivery_thread(app)  # mail that could not leave at once is retried from here
            start_schedule_thread(app)  # the weekly digest, once per period across every worker
        logging.getLogger("gunicorn.error").info("Worker %s is ready", os.getpid())
        return app


def keep_out_of_collections() -> None:
    """Put every object alive now out of the garbage collector's sight, for as long as the process lives.

    Python's collector looks for reference cycles, and its full pass walks every object it tracks. The libraries,
    the scenario content and the compiled templates alone are some 170,000 objects that live as long as the
    worker: a full pass over them took 110 to 200 ms of one core, during which every request on that worker
    stands still (measured with `gc.callbacks` over the load test's pages). Frozen, they are never walked again,
    and a full pass sees only what requests created since (at most 10 ms in the same measure). Frozen in the
    server's first process too, before it forks, the objects the workers inherit are not written to by the
    collector either, so their memory pages stay shared between the workers.
    """
    gc.collect()  # nothing already garbage is kept for ever
    gc.freeze()


def run_gunicorn(host: str, port: int, workers: int) -> None:
    """Serve until stopped."""
    options = {
        "bind": f"[{host}]:{port}" if ":" in host else f"{host}:{port}",
        "workers": workers,
        "worker_class": "gthread",
        "threads": THREADS,
        "worker_connections": THREADS,
        "timeout": 60,
        # Each answer closes its connection (see THREADS); one that sends nothing for 5 s is dropped.
        "keepalive": 0,
        "graceful_timeout": 20,
        "accesslog": "-",
        "errorlog": "-",
    }
    keep_out_of_collections()
    LearnpmServer(options).run()

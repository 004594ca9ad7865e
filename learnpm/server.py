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
        "threads": 4,
        "timeout": 60,
        # A progress page asks for its status every 2 s: with gunicorn's default of 2 s the server closes the idle
        # connection just as the next question goes out on it. nginx in front keeps its own connections anyway.
        "keepalive": 5,
        "graceful_timeout": 20,
        "accesslog": "-",
        "errorlog": "-",
    }
    keep_out_of_collections()
    LearnpmServer(options).run()

"""Where a job runs: here and now (the embedded default), or on an RQ worker when LEARNPM_QUEUE_URL is set.

The job functions are the same in both modes (`learnpm.jobs.tasks`); only who calls them differs. RQ imports a
job by its dotted name in the worker, so the web servers never send code, only the name and plain arguments.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from flask import Flask

QUEUE_NAME = "learnpm"
log = logging.getLogger(__name__)
_background: dict[str, ThreadPoolExecutor] = {}
_background_lock = threading.Lock()


def uses_queue(app: Flask) -> bool:
    """Tell whether this site hands its background work to `learnpm worker` through Redis."""
    return bool(app.config["QUEUE_URL"])


def rq_queue(app: Flask) -> Any:
    """Return the app's RQ queue, connected on first use."""
    queue = app.extensions.get("learnpm.queue")
    if queue is None:
        from redis import Redis
        from rq import Queue

        connection = Redis.from_url(app.config["QUEUE_URL"], socket_timeout=10, socket_connect_timeout=5)
        queue = app.extensions["learnpm.queue"] = Queue(QUEUE_NAME, connection=connection)
    return queue


def enqueue(app: Flask, job: Callable[..., Any], *args: Any, timeout: int | None = None, **options: Any) -> Any:
    """Put `job(*args)` on the queue, to be run by a worker within `timeout` seconds; return the RQ job."""
    name = f"{job.__module__}.{job.__qualname__}"
    return rq_queue(app).enqueue(name, *args, job_timeout=timeout or int(app.config["JOB_SECONDS"]),
                                 result_ttl=options.pop("result_ttl", 600), failure_ttl=24 * 3600, **options)


def run_or_enqueue(app: Flask, job: Callable[..., Any], *args: Any) -> Any:
    """Run `job(*args)` here (embedded mode), or enqueue it for a worker; return its result or the RQ job."""
    if uses_queue(app):
        return enqueue(app, job, *args)
    return job(*args)


def run_in_background(app: Flask, job: Callable[..., Any], *args: Any, timeout: int | None = None) -> Any:
    """Start `job(*args)` without waiting for it: on a thread of this process, or on the queue; return its handle."""
    if uses_queue(app):
        return enqueue(app, job, *args, timeout=timeout)
    return _executor().submit(_run_in_app, app, job, args)


def _executor() -> ThreadPoolExecutor:
    """Return this process's threads for background jobs (the renders they start still queue for the PDF pool)."""
    with _background_lock:
        if "pool" not in _background:
            _background["pool"] = ThreadPoolExecutor(max_workers=4, thread_name_prefix="learnpm-job")
        return _background["pool"]


def _run_in_app(app: Flask, job: Callable[..., Any], args: tuple[Any, ...]) -> Any:
    """Run a job in an app context of its own; log what escapes it (nobody waits for a background job's outcome)."""
    with app.app_context():
        try:
            return job(*args)
        except Exception:
            log.exception("The background job %s failed", job.__qualname__)
            raise


def wait_for_background() -> None:
    """Wait until the background jobs started so far in this process are done (for an orderly stop, and tests)."""
    with _background_lock:
        pool = _background.pop("pool", None)
    if pool is not None:
        pool.shutdown(wait=True)

"""What to do with a document asked for whose background job may have been lost. Pure.

A job is lost when Redis forgot it (restarted without its data) or the worker died while holding it. The request
is started again once, while its deadline lasts; a second loss, or a loss past the deadline, is reported as a
failure rather than left to look overdue for ever.
"""

from __future__ import annotations

from datetime import datetime

MAX_ATTEMPTS = 2  # the first start and one more
UNFINISHED = ("waiting", "rendering")


def next_step(state: str, job_alive: bool, attempts: int, now: datetime, overdue_at: datetime) -> str:
    """Return "wait" (nothing to do), "again" (start the job again) or "fail" (record that it was not made)."""
    if state not in UNFINISHED or job_alive:
        return "wait"
    if attempts >= MAX_ATTEMPTS or now >= overdue_at:
        return "fail"
    return "again"

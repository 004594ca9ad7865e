"""Scheduled jobs and their periods: a job runs at most once in each period, whoever runs the schedule. Pure."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

EPOCH = datetime(2000, 1, 3, tzinfo=UTC)  # a Monday at midnight: weekly periods start on Mondays


@dataclass(frozen=True)
class ScheduledJob:
    """A job the schedule starts once in every period of length `every`, and how long one run may hold its claim."""

    name: str
    every: timedelta
    lease: timedelta = timedelta(minutes=30)


def period_start(now: datetime, every: timedelta) -> datetime:
    """Return the start of the period of length `every` that holds `now` (periods are counted from a Monday)."""
    if every <= timedelta(0):
        raise ValueError("a period must be longer than nothing")
    periods = (now - EPOCH) // every
    return EPOCH + periods * every
